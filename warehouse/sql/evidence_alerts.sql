-- The alert list of the evidence pages, newest first. Named parameters: rule, state, source (NULL: any),
-- since, until (first_seen bounds, NULL: open), limit.
SELECT fingerprint, rule, topic, state, title, indicator, region, period, source_id, doc_id, first_seen, last_seen,
       decided_by, decided_at
FROM alerts
WHERE ($rule IS NULL OR rule = $rule)
  AND ($state IS NULL OR state = $state)
  AND ($source IS NULL OR source_id = $source)
  AND ($since IS NULL OR first_seen >= $since)
  AND ($until IS NULL OR first_seen < $until)
ORDER BY first_seen DESC, fingerprint
LIMIT $limit;
