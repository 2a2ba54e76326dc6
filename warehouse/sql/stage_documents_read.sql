-- What extraction learnt of each document in the registered frame `read_documents`: its text (quote offsets point
-- here), encoding, parser version, title. Columns: doc_id, text, encoding, declared, parser_version, title.
UPDATE documents
SET text = r.text, encoding = r.encoding, encoding_declared = r.declared, parser_version = r.parser_version,
    title = coalesce(documents.title, r.title)
FROM read_documents r
WHERE documents.doc_id = r.doc_id;
