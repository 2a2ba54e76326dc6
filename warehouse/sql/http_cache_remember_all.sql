-- The last answer for each URL of the registered frame `fetched_validators` (url, etag, last_modified,
-- content_hash, checked_at; one row per url), for the next conditional GET.
MERGE INTO http_cache
USING (SELECT url, etag, last_modified, content_hash, checked_at::TIMESTAMPTZ AS checked_at FROM fetched_validators) s
ON http_cache.url = s.url
WHEN MATCHED THEN UPDATE SET etag = s.etag, last_modified = s.last_modified, content_hash = s.content_hash,
                             checked_at = s.checked_at
WHEN NOT MATCHED THEN INSERT (url, etag, last_modified, content_hash, checked_at)
                      VALUES (s.url, s.etag, s.last_modified, s.content_hash, s.checked_at);
