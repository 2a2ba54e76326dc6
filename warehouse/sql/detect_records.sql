-- Record candidates: current facts of not-yet-detected batches, each with the highest earlier value of its series
-- (same indicator, region and granularity) and the earliest fact holding that maximum.
-- A running maximum (window) and an equality join keep a ten-year backfill linear; a lateral "top 1 of every
-- earlier fact" per new fact was quadratic and took 3.7 GB on one.
-- Parameter 1: the indicators that records are kept for (VARCHAR[]).
WITH new AS (
    SELECT f.*, b.mode
    FROM facts f JOIN batches b USING (batch_id)
    WHERE b.detected_at IS NULL AND f.valid_to IS NULL
      AND f.measure = 'level' AND f.granularity IN ('day', 'month', 'year')
      AND list_contains(?::VARCHAR[], f.indicator)
),
series AS (
    SELECT e.fact_id,
           max(e.value) OVER (PARTITION BY e.indicator, e.region, e.granularity ORDER BY e.period_end
                              ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS prev_value
    FROM facts_current e
    JOIN (SELECT DISTINCT indicator, region, granularity FROM new) k USING (indicator, region, granularity)
    WHERE e.measure = 'level'
),
cand AS (
    SELECT n.*, s.prev_value FROM new n JOIN series s USING (fact_id)
),
holder AS (
    SELECT c.fact_id,
           arg_min({'period': e.period, 'qualifier': e.qualifier, 'quote': e.quote, 'doc_id': e.doc_id},
                   e.period_end) AS h
    FROM cand c
    JOIN facts_current e
      ON e.indicator = c.indicator AND e.region = c.region AND e.granularity = c.granularity
     AND e.measure = 'level' AND e.value = c.prev_value AND e.period_end < c.period_end
    GROUP BY c.fact_id
)
SELECT c.fact_id, c.indicator, c.region, c.period, c.period_end, c.granularity, c.value, c.unit, c.qualifier,
       c.quote, c.doc_id, c.source_id, c.mode,
       c.prev_value, h.h.period AS prev_period, h.h.qualifier AS prev_qualifier, h.h.quote AS prev_quote,
       h.h.doc_id AS prev_doc_id
FROM cand c
LEFT JOIN holder h USING (fact_id)
ORDER BY c.period_end, c.indicator;
