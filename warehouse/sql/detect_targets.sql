-- Each target with the latest current year-to-date fact of its series (Jan … month of the target's year),
-- and whether that fact arrived in a batch detection has not seen yet.
SELECT t.target_id, t.indicator, t.measure, t.region, t.period AS year, t.comparison, t.value AS target,
       t.unit, t.origin, t.quote AS target_quote,
       f.value AS actual, f.unit AS fact_unit, f.period, f.period_start, f.period_end, f.quote, f.doc_id,
       f.source_id, b.mode, b.detected_at IS NULL AS is_new
FROM targets t
JOIN LATERAL (
    SELECT * FROM facts_current f
    WHERE f.indicator = t.indicator AND f.measure = t.measure AND f.region = t.region
      AND f.granularity = 'months' AND year(f.period_start) = CAST(t.period AS INTEGER)
      AND month(f.period_start) = 1
    ORDER BY f.period_end DESC
    LIMIT 1
) f ON true
JOIN batches b ON b.batch_id = f.batch_id
ORDER BY t.indicator;
