-- Each watched campaign with its latest cumulative count: the current span-of-days level of its indicator and
-- region in its unit, starting on or after the campaign's start (累计 since it began; the as-of day is the period's
-- end), whether that fact arrived in a batch detection has not seen yet, the first as-of day the count reached the
-- plan, the count of the as-of day itself (a daily fact of the same indicator and region, if published) and the
-- cumulative count of the day before.
-- Parameter 1: the campaign ids watched (VARCHAR[]).
WITH c AS (
    SELECT * FROM campaigns WHERE list_contains(?::VARCHAR[], campaign_id)
),
cum AS (
    SELECT c.campaign_id, f.*
    FROM c JOIN facts_current f
      ON f.indicator = c.indicator AND f.region = c.region AND f.unit = c.unit
     AND f.measure = 'level' AND f.granularity = 'days' AND f.period_start >= c.start_day
)
SELECT c.campaign_id, l.value AS cumulative, l.qualifier, l.period, l.period_end AS as_of, l.quote, l.doc_id,
       l.source_id, b.mode, b.detected_at IS NULL AS is_new,
       (SELECT min(d.period_end) FROM cum d WHERE d.campaign_id = c.campaign_id AND d.value >= c.plan) AS done_on,
       (SELECT max(d.value) FROM cum d
        WHERE d.campaign_id = c.campaign_id AND d.period_end = l.period_end - INTERVAL 1 DAY) AS prev_day_cumulative,
       (SELECT max(f.value) FROM facts_current f
        WHERE f.indicator = c.indicator AND f.region = c.region AND f.unit = c.unit AND f.measure = 'level'
          AND f.granularity = 'day' AND f.period_end = l.period_end) AS day_count
FROM c
JOIN LATERAL (
    SELECT * FROM cum WHERE cum.campaign_id = c.campaign_id ORDER BY period_end DESC, period_start LIMIT 1
) l ON true
JOIN batches b ON b.batch_id = l.batch_id
ORDER BY c.campaign_id;
