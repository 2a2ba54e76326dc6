-- Batches of a source that a stage left unfinished (fetched, extracted or validated), oldest publication first.
-- Parameters: source_id, the terminal states (VARCHAR[]).
SELECT b.batch_id
FROM batches b JOIN documents d ON d.doc_id = b.doc_id
WHERE b.source_id = ? AND NOT list_contains(?::VARCHAR[], b.status)
ORDER BY d.published_at NULLS LAST, d.fetched_at, d.url;
