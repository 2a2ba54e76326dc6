-- Merged documents' end states from the registered frame `merged_batches` (doc_id, status, detail).
UPDATE documents
SET status = m.status, status_detail = m.detail
FROM merged_batches m
WHERE documents.doc_id = m.doc_id;
