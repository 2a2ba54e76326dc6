-- A source_health event (an id seen before is kept once). Parameters: event_id, source_id, url, kind, reason, observed_at.
INSERT INTO source_health (event_id, source_id, url, kind, reason, observed_at)
VALUES (?, ?, ?, ?, ?, ?)
ON CONFLICT DO NOTHING;
