-- Fetched bodies as new document versions (status 'fetched' until their batch is merged), from the registered
-- frame `fetched_documents`; a doc_id already archived is kept once (an anti-join: DuckLake has no keys).
INSERT INTO documents (doc_id, source_id, url, kind, title, content_hash, version, fetched_at, published_at,
                       http_status, etag, last_modified, content_type, raw_body, status, batch_id)
SELECT f.doc_id, f.source_id, f.url, f.kind, f.title, f.content_hash, f.version, f.fetched_at::TIMESTAMPTZ,
       f.published_at::TIMESTAMPTZ, f.http_status, f.etag, f.last_modified, f.content_type, f.raw_body::BLOB,
       'fetched', f.batch_id
FROM fetched_documents f
WHERE NOT EXISTS (SELECT 1 FROM documents d WHERE d.doc_id = f.doc_id);
