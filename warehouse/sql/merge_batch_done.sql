-- Merged batches' end states from the registered frame `merged_batches` (batch_id, status, rows_merged,
-- rows_quarantined); detection will look at them. Only a batch still 'validated' moves on. Parameter: merged_at.
UPDATE batches
SET status = m.status, rows_merged = m.rows_merged, rows_quarantined = m.rows_quarantined, merged_at = ?,
    detected_at = NULL
FROM merged_batches m
WHERE batches.batch_id = m.batch_id AND batches.status = 'validated';
