-- The validators and kept body of a feed or listing page. Parameter: url.
SELECT h.etag, h.last_modified, l.body FROM http_cache h JOIN listing_cache l USING (url) WHERE url = ?;
