-- The year-to-date values of one year (Jan … month), for the 序时进度 chart: (months covered, value).
-- Parameters: indicator, measure, region, year.
SELECT month(period_end) AS months, value
FROM facts_current
WHERE indicator = ? AND measure = ? AND region = ? AND granularity = 'months'
  AND year(period_start) = ? AND month(period_start) = 1
ORDER BY period_end;
