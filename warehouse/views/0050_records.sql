-- Every value that beat all earlier values of its series (same indicator, region, granularity; ties are not
-- records), with the record it beat. The first value of a series is a baseline, not a record.
CREATE OR REPLACE VIEW records AS
WITH series AS (
    SELECT
        indicator, region, granularity, period, period_end, value, unit, qualifier, quote, doc_id,
        max(value) OVER w_before                                     AS previous_max,
        arg_max(period, value) OVER w_before                         AS previous_max_period
    FROM facts_current
    WHERE measure = 'level' AND granularity IN ('day', 'month', 'year')
      AND indicator IN ('rail.trains', 'rail.wagons', 'rail.teu')
    WINDOW w_before AS (PARTITION BY indicator, region, granularity ORDER BY period_end
                        ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)
)
SELECT indicator, region, granularity, period, value, unit, qualifier, previous_max, previous_max_period,
       value - previous_max AS margin, quote, doc_id
FROM series
WHERE previous_max IS NOT NULL AND value > previous_max AND qualifier IN ('exact', 'over');
