-- Milestone candidates: running totals of not-yet-detected batches with the latest earlier as-of value.
-- Parameter 1: the running-total indicators (VARCHAR[]).
WITH new AS (
    SELECT f.*, b.mode
    FROM facts f JOIN batches b USING (batch_id)
    WHERE b.detected_at IS NULL AND f.valid_to IS NULL AND f.measure = 'level'
      AND list_contains(?::VARCHAR[], f.indicator)
)
SELECT n.fact_id, n.indicator, n.region, n.period, n.granularity, n.period_end, n.value, n.unit, n.qualifier,
       n.quote, n.doc_id, n.source_id,
       n.mode, p.value AS prev_value, p.period AS prev_period
FROM new n
LEFT JOIN LATERAL (
    SELECT e.value, e.period
    FROM facts_current e
    WHERE e.indicator = n.indicator AND e.measure = 'level' AND e.region = n.region AND e.period_end < n.period_end
    ORDER BY e.period_end DESC
    LIMIT 1
) p ON true
ORDER BY n.period_end;
