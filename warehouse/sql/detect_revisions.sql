-- Revision candidates: current facts of not-yet-detected batches that replaced an earlier vintage of the same key
-- (indicator, measure, region, comparator, period), each with the vintage it replaced.
WITH new AS (
    SELECT f.*, b.mode
    FROM facts f JOIN batches b USING (batch_id)
    WHERE b.detected_at IS NULL AND f.valid_to IS NULL
)
SELECT n.fact_id, n.indicator, n.measure, n.region, n.comparator, n.period, n.granularity, n.period_start,
       n.period_end, n.value, n.unit, n.qualifier, n.quote, n.doc_id, n.source_id, n.mode, n.valid_from,
       p.value AS old_value, p.unit AS old_unit, p.quote AS old_quote, p.doc_id AS old_doc_id,
       p.valid_from AS old_valid_from
FROM new n
JOIN LATERAL (
    SELECT e.value, e.unit, e.quote, e.doc_id, e.valid_from
    FROM facts e
    WHERE e.valid_to IS NOT NULL AND e.valid_to <= n.valid_from
      AND e.indicator = n.indicator AND e.measure = n.measure AND e.region = n.region
      AND e.comparator = n.comparator AND e.period = n.period
    ORDER BY e.valid_from DESC
    LIMIT 1
) p ON true
ORDER BY n.indicator, n.period_end, n.measure;
