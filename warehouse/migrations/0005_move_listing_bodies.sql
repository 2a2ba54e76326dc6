-- Feed and listing bodies move out of http_cache into a table of their own: every INSERT OR REPLACE of a small
-- http_cache row made DuckDB re-read the large overflow strings of its neighbours at commit (a full feed is
-- megabytes), which cost ~0.3 s per commit in the ten-year backfill benchmark.
CREATE TABLE listing_cache (
    url             VARCHAR PRIMARY KEY,
    content_hash    VARCHAR NOT NULL,
    body            BLOB NOT NULL,
    fetched_at      TIMESTAMPTZ NOT NULL
);
INSERT INTO listing_cache
SELECT url, content_hash, body, checked_at FROM http_cache WHERE body IS NOT NULL;
ALTER TABLE http_cache DROP COLUMN body;
