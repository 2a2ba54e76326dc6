-- A merged batch's end state; detection will look at it. Parameters: status, rows merged, rows quarantined, merged_at, batch_id.
UPDATE batches
SET status = ?, rows_merged = ?, rows_quarantined = ?, merged_at = ?, detected_at = NULL
WHERE batch_id = ?;
