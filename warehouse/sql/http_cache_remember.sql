-- The last answer for a URL, for the next conditional GET. Parameters: url, etag, last_modified, content_hash, checked_at.
INSERT OR REPLACE INTO http_cache (url, etag, last_modified, content_hash, checked_at) VALUES (?, ?, ?, ?, ?);
