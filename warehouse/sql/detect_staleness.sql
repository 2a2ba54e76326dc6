-- One source's freshness: its latest publication, and the failures (fetch, parse, a known kind of document read
-- without a single fact) since it last loaded a document that had facts.
-- Parameter 1: source_id.
WITH last_load AS (
    SELECT max(fetched_at) AS loaded_at FROM documents
    WHERE source_id = $1 AND status IN ('loaded', 'partial', 'quarantined')
)
SELECT
    (SELECT max(coalesce(published_at, fetched_at)) FROM documents
     WHERE source_id = $1 AND status <> 'failed') AS latest_published,
    (SELECT loaded_at FROM last_load) AS last_loaded,
    count(h.event_id) AS failures,
    arg_max(h.kind, h.observed_at) AS last_kind,
    arg_max(h.reason, h.observed_at) AS last_reason,
    max(h.observed_at) AS last_failure_at
FROM source_health h
WHERE h.source_id = $1 AND h.kind IN ('fetch_failed', 'rejected', 'parse_failed', 'no_facts')
  AND h.observed_at > coalesce((SELECT loaded_at FROM last_load), TIMESTAMPTZ '1970-01-01 00:00:00+00');
