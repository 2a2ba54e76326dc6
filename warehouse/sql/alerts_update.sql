-- A later edge of a known alert: its new state, title and evidence, and the snapshot detection read.
UPDATE alerts
SET state = $state, title = $title, payload = $payload, doc_id = $doc_id, last_seen = $ts,
    resolved_at = CASE WHEN $state IN ('resolved', 'withdrawn') THEN $ts ELSE NULL END,
    suppressed_reason = $suppressed_reason, snapshot_id = $snapshot_id
WHERE fingerprint = $fingerprint;
