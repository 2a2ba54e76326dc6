-- The validators, kept body and Content-Type of a feed or listing page. Parameter: url.
SELECT h.etag, h.last_modified, l.body, l.content_type FROM http_cache h JOIN listing_cache l USING (url) WHERE url = ?;
