-- One change of an alert's state (append-only); seq numbers the changes of one alert.
INSERT INTO alert_history (history_id, fingerprint, seq, event, state, happened_at, actor, detail)
VALUES ($history_id, $fingerprint, $seq, $event, $state, $happened_at, $actor, $detail);
