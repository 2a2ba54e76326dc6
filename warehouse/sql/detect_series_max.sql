-- The highest earlier value of a series (the earliest period holding it): what a record has to beat.
-- Parameters: indicator, region, granularity, period_end (exclusive).
SELECT value, period, qualifier, quote, doc_id
FROM facts_current
WHERE indicator = ? AND measure = 'level' AND region = ? AND granularity = ? AND period_end < ?
ORDER BY value DESC, period_end ASC
LIMIT 1;
