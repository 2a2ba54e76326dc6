-- Documents to read again: the latest version of each URL, read by another parser version (or never read),
-- no stage still working on it; optionally of one source, published since a day.
-- Parameters: $version, $source (NULL: all), $since (NULL: all).
SELECT d.doc_id, d.source_id
FROM documents d
JOIN batches b ON b.batch_id = d.batch_id
WHERE d.parser_version IS DISTINCT FROM $version
  AND b.status IN ('loaded', 'partial', 'quarantined', 'no_facts', 'failed')
  AND ($source IS NULL OR d.source_id = $source)
  AND ($since IS NULL OR coalesce(d.published_at, d.fetched_at) >= $since)
  AND d.version = (SELECT max(e.version) FROM documents e WHERE e.url = d.url)
ORDER BY d.published_at NULLS LAST, d.fetched_at, d.url;
