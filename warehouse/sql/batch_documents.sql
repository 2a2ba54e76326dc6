-- The documents of the given batches that are in one state, with the batch's mode, in publication order.
-- Parameters: batch ids (VARCHAR[]), the batch state.
SELECT d.*, b.mode, b.status AS batch_status
FROM batches b JOIN documents d ON d.doc_id = b.doc_id
WHERE list_contains(?::VARCHAR[], b.batch_id) AND b.status = ?
ORDER BY d.published_at NULLS LAST, d.fetched_at, d.url;
