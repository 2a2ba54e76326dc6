-- The last body of a feed or listing page, with its Content-Type (its charset decides how it is decoded).
-- Parameters: url, content_hash, body, fetched_at, content_type.
MERGE INTO listing_cache
USING (SELECT $1 AS url, $2 AS content_hash, $3::BLOB AS body, $4::TIMESTAMPTZ AS fetched_at, $5 AS content_type) s
ON listing_cache.url = s.url
WHEN MATCHED THEN UPDATE SET content_hash = s.content_hash, body = s.body, fetched_at = s.fetched_at,
                             content_type = s.content_type
WHEN NOT MATCHED THEN INSERT (url, content_hash, body, fetched_at, content_type)
                      VALUES (s.url, s.content_hash, s.body, s.fetched_at, s.content_type);
