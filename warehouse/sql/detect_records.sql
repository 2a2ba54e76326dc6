-- Record candidates: current facts of not-yet-detected batches, each with the highest earlier value of its series
-- (same indicator, region and granularity; the earliest period holding that maximum).
-- Parameter 1: the indicators that records are kept for (VARCHAR[]).
WITH new AS (
    SELECT f.*, b.mode
    FROM facts f JOIN batches b USING (batch_id)
    WHERE b.detected_at IS NULL AND f.valid_to IS NULL
      AND f.measure = 'level' AND f.granularity IN ('day', 'month', 'year')
      AND list_contains(?::VARCHAR[], f.indicator)
)
SELECT n.fact_id, n.indicator, n.region, n.period, n.period_end, n.granularity, n.value, n.unit, n.qualifier,
       n.quote, n.doc_id, n.source_id, n.mode,
       p.value AS prev_value, p.period AS prev_period, p.qualifier AS prev_qualifier, p.quote AS prev_quote,
       p.doc_id AS prev_doc_id
FROM new n
LEFT JOIN LATERAL (
    SELECT e.value, e.period, e.qualifier, e.quote, e.doc_id
    FROM facts_current e
    WHERE e.indicator = n.indicator AND e.measure = 'level' AND e.region = n.region
      AND e.granularity = n.granularity AND e.period_end < n.period_end
    ORDER BY e.value DESC, e.period_end ASC
    LIMIT 1
) p ON true
ORDER BY n.period_end, n.indicator;
