-- A new batch for an archived document, unless it exists (an anti-join: DuckLake has no keys to conflict on).
-- Parameters: batch_id, source_id, doc_id, mode, created_at.
INSERT INTO batches (batch_id, source_id, doc_id, mode, status, created_at)
SELECT $1, $2, $3, $4, 'fetched', $5
WHERE NOT EXISTS (SELECT 1 FROM batches WHERE batch_id = $1);
