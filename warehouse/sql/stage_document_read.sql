-- What extraction learnt of a document: its text (quote offsets point here), encoding, parser version, title.
UPDATE documents
SET text = ?, encoding = ?, encoding_declared = ?, parser_version = ?, title = coalesce(title, ?)
WHERE doc_id = ?;
