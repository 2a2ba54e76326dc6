-- Rank-change candidates: current assessment ranks (measure 'rank', indicator assessment.*) of not-yet-detected
-- batches for a quarter (three months) or a year, each with the rank of the same unit, category and population in
-- the previous period of the same length (the quarter before; the year before), and how many units each of the two
-- tables ranked. A unit without a previous rank is a baseline (no row); a period that is not the latest of its
-- unit, category and population (an older page loaded or revised late) is no news either.
WITH ranks AS (
    SELECT f.*, date_diff('month', f.period_start, f.period_end + INTERVAL 1 DAY) AS months,
           count(*) OVER (PARTITION BY f.indicator, f.comparator, f.period) AS ranked
    FROM facts_current f
    WHERE f.measure = 'rank' AND f.indicator LIKE 'assessment.%' AND f.granularity IN ('months', 'year')
),
new AS (
    SELECT r.*, b.mode
    FROM ranks r JOIN batches b USING (batch_id)
    WHERE b.detected_at IS NULL
)
SELECT n.fact_id, n.indicator, n.region, n.comparator, n.period, n.granularity, n.period_start, n.period_end,
       n.value, n.unit, n.quote, n.doc_id, n.source_id, n.mode, n.ranked,
       p.value AS prev_value, p.period AS prev_period, p.granularity AS prev_granularity,
       p.period_start AS prev_start, p.period_end AS prev_end, p.quote AS prev_quote, p.doc_id AS prev_doc_id,
       p.ranked AS prev_ranked
FROM new n
JOIN ranks p
  ON p.indicator = n.indicator AND p.region = n.region AND p.comparator = n.comparator
 AND p.granularity = n.granularity AND p.months = n.months AND p.period_end = n.period_start - INTERVAL 1 DAY
WHERE n.months IN (3, 12)
  AND NOT EXISTS (
      SELECT 1 FROM ranks l
      WHERE l.indicator = n.indicator AND l.region = n.region AND l.comparator = n.comparator
        AND l.granularity = n.granularity AND l.months = n.months AND l.period_end > n.period_end
  )
ORDER BY n.doc_id, n.indicator, n.comparator, n.value;
