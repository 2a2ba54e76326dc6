-- A new alert (its first edge), with the DuckLake snapshot detection read (NULL on a DuckDB file).
INSERT INTO alerts (fingerprint, rule, topic, indicator, region, period, state, title, payload, doc_id, source_id,
                    first_seen, last_seen, resolved_at, suppressed_reason, snapshot_id)
VALUES ($fingerprint, $rule, $topic, $indicator, $region, $period, $state, $title, $payload, $doc_id, $source_id,
        $ts, $ts, NULL, $suppressed_reason, $snapshot_id);
