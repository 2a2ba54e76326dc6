-- The last daily digest of a campaign staff were told before a day: its as-of day and the cumulative count it gave.
-- Parameters: indicator, region, the campaign's first day, the day (exclusive), the campaign id (ISO days as text).
SELECT period, CAST(json_extract(payload, '$.cumulative') AS DOUBLE) AS cumulative
FROM alerts
WHERE rule = 'campaign_digest' AND state = 'firing' AND indicator = ? AND region = ? AND period >= ? AND period < ?
  AND json_extract_string(payload, '$.campaign_id') = ?
ORDER BY period DESC
LIMIT 1;
