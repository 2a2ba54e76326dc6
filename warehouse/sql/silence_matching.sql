-- The oldest active silence matching an alert. Parameters: now, topic, indicator, region.
SELECT silence_id FROM silences
WHERE expires_at > $1 AND (matcher_topic IS NULL OR matcher_topic = $2)
  AND (matcher_indicator IS NULL OR matcher_indicator = $3)
  AND (matcher_region IS NULL OR matcher_region = $4)
ORDER BY created_at
LIMIT 1;
