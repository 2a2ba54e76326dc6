-- Every target with its latest year-to-date actual and the 序时进度 (pro-rata pace by elapsed months).
CREATE OR REPLACE VIEW target_progress AS
SELECT
    t.indicator,
    t.region,
    t.period                                          AS year,
    t.measure,
    t.comparison,
    t.value                                           AS target,
    t.unit,
    t.origin,
    f.period                                          AS actual_period,
    f.value                                           AS actual,
    month(f.period_end)                               AS months_elapsed,
    CASE WHEN t.measure = 'level' THEN t.value * month(f.period_end) / 12.0 ELSE t.value END AS expected,
    CASE WHEN t.measure = 'level' THEN f.value / nullif(t.value * month(f.period_end) / 12.0, 0)
         ELSE NULL END                                AS share_of_pace,
    CASE WHEN t.measure = 'level' THEN f.value / nullif(t.value, 0) ELSE NULL END AS share_of_target,
    CASE
        WHEN f.value IS NULL THEN 'no data'
        WHEN t.measure = 'level' AND f.value < t.value * month(f.period_end) / 12.0 THEN 'behind'
        WHEN t.measure = 'yoy_pct' AND (f.value < t.value OR (t.comparison = '>' AND f.value = t.value)) THEN 'behind'
        ELSE 'on pace'
    END                                               AS status,
    f.quote,
    f.doc_id
FROM targets t
LEFT JOIN LATERAL (
    SELECT * FROM facts_current f
    WHERE f.indicator = t.indicator AND f.measure = t.measure AND f.region = t.region
      AND f.granularity = 'months' AND year(f.period_start) = CAST(t.period AS INTEGER) AND month(f.period_start) = 1
    ORDER BY f.period_end DESC
    LIMIT 1
) f ON true;
