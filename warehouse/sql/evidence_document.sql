-- One archived document as the evidence page shows it (its extracted text: quote offsets index it).
SELECT doc_id, source_id, url, kind, title, version, fetched_at, published_at, encoding, parser_version, status,
       content_hash, text
FROM documents WHERE doc_id = ?;
