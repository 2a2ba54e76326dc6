-- The last body of a feed or listing page, with its Content-Type (its charset decides how it is decoded).
-- Parameters: url, content_hash, body, fetched_at, content_type.
INSERT OR REPLACE INTO listing_cache (url, content_hash, body, fetched_at, content_type) VALUES (?, ?, ?, ?, ?);
