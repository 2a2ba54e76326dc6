-- Comparator candidates: growth differences (pp_diff) against 全市/全省/全国 of not-yet-detected batches that are
-- the latest year-to-date period of their series, each with the latest earlier period (same year, or the year before).
-- Parameter 1: the comparators watched (VARCHAR[]).
WITH ytd AS (
    SELECT * FROM facts_current
    WHERE measure = 'pp_diff' AND list_contains(?::VARCHAR[], comparator)
      AND (granularity = 'year' OR (granularity = 'months' AND month(period_start) = 1))
),
new AS (
    SELECT y.*, b.mode
    FROM ytd y JOIN batches b USING (batch_id)
    WHERE b.detected_at IS NULL
)
SELECT n.fact_id, n.indicator, n.region, n.comparator, n.period, n.granularity, n.period_start, n.period_end,
       n.value, n.unit, n.quote, n.doc_id, n.source_id, n.mode,
       p.value AS prev_value, p.period AS prev_period, p.granularity AS prev_granularity,
       p.period_start AS prev_start, p.period_end AS prev_end, p.quote AS prev_quote
FROM new n
JOIN LATERAL (
    SELECT e.value, e.period, e.granularity, e.period_start, e.period_end, e.quote
    FROM ytd e
    WHERE e.indicator = n.indicator AND e.region = n.region AND e.comparator = n.comparator
      AND e.period_end < n.period_end
    ORDER BY e.period_end DESC
    LIMIT 1
) p ON true
WHERE NOT EXISTS (
    SELECT 1 FROM ytd l
    WHERE l.indicator = n.indicator AND l.region = n.region AND l.comparator = n.comparator
      AND l.period_end > n.period_end
)
ORDER BY n.indicator, n.region, n.comparator;
