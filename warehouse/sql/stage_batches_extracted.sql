-- Batches extraction has written, from the registered frame `extracted_batches` (batch_id, rows_staged); only a
-- batch still 'fetched' moves on.
UPDATE batches
SET status = 'extracted', rows_staged = e.rows_staged
FROM extracted_batches e
WHERE batches.batch_id = e.batch_id AND batches.status = 'fetched';
