-- The latest year-to-date figure of each economic indicator and region: level, 同比 growth and comparisons.
CREATE OR REPLACE VIEW economy_latest AS
WITH ytd AS (
    SELECT *
    FROM facts_current
    WHERE indicator NOT LIKE 'rail.%' AND indicator NOT LIKE 'ops.%'
      AND granularity IN ('months', 'year', 'month')
      AND measure IN ('level', 'yoy_pct', 'pp_diff', 'rank', 'share_pct')
),
latest AS (
    SELECT indicator, region, max(period_end) AS period_end FROM ytd GROUP BY indicator, region
)
SELECT
    y.indicator,
    y.region,
    any_value(y.period)                                                        AS period,
    max(y.period_end)                                                          AS period_end,
    max(y.value) FILTER (WHERE y.measure = 'level')                            AS level,
    any_value(y.unit) FILTER (WHERE y.measure = 'level')                       AS unit,
    max(y.value) FILTER (WHERE y.measure = 'yoy_pct')                          AS yoy_pct,
    string_agg(y.comparator || ' ' || CASE WHEN y.value >= 0 THEN '+' ELSE '' END || y.value || '百分点', '; ')
        FILTER (WHERE y.measure = 'pp_diff')                                   AS vs_comparators,
    string_agg(y.comparator || '第' || CAST(y.value AS INTEGER) || '位', '; ')
        FILTER (WHERE y.measure = 'rank')                                      AS ranks,
    string_agg(DISTINCT y.doc_id, ',')                                         AS doc_ids
FROM ytd y
JOIN latest l USING (indicator, region, period_end)
GROUP BY y.indicator, y.region;
