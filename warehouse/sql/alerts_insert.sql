-- A new alert (its first edge).
INSERT INTO alerts (fingerprint, rule, topic, indicator, region, period, state, title, payload, doc_id, source_id,
                    first_seen, last_seen, resolved_at, suppressed_reason)
VALUES ($fingerprint, $rule, $topic, $indicator, $region, $period, $state, $title, $payload, $doc_id, $source_id,
        $ts, $ts, NULL, $suppressed_reason);
