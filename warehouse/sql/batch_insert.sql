-- A new batch for an archived document. Parameters: batch_id, source_id, doc_id, mode, created_at.
INSERT INTO batches (batch_id, source_id, doc_id, mode, status, created_at)
VALUES (?, ?, ?, ?, 'fetched', ?)
ON CONFLICT DO NOTHING;
