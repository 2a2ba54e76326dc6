-- The last 60 points of a series up to a period (for the chart in the e-mail), oldest first.
-- Parameters: indicator, measure, region, granularity, period_end (inclusive).
SELECT period, value
FROM (
    SELECT period, period_end, value
    FROM facts_current
    WHERE indicator = ? AND measure = ? AND region = ? AND granularity = ? AND period_end <= ?
    ORDER BY period_end DESC
    LIMIT 60
)
ORDER BY period_end;
