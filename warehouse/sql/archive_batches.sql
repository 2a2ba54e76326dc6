-- A new batch for each archived document of the registered frame `fetched_documents`, unless it exists (an
-- anti-join: DuckLake has no keys to conflict on).
INSERT INTO batches (batch_id, source_id, doc_id, mode, status, created_at)
SELECT f.batch_id, f.source_id, f.doc_id, f.mode, 'fetched', f.fetched_at::TIMESTAMPTZ
FROM fetched_documents f
WHERE NOT EXISTS (SELECT 1 FROM batches b WHERE b.batch_id = f.batch_id);
