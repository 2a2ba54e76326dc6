-- The last answer for a URL, for the next conditional GET. Parameters: url, etag, last_modified, content_hash, checked_at.
MERGE INTO http_cache
USING (SELECT $1 AS url, $2 AS etag, $3 AS last_modified, $4 AS content_hash, $5::TIMESTAMPTZ AS checked_at) s
ON http_cache.url = s.url
WHEN MATCHED THEN UPDATE SET etag = s.etag, last_modified = s.last_modified, content_hash = s.content_hash,
                             checked_at = s.checked_at
WHEN NOT MATCHED THEN INSERT (url, etag, last_modified, content_hash, checked_at)
                      VALUES (s.url, s.etag, s.last_modified, s.content_hash, s.checked_at);
