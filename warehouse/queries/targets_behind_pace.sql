-- Targets behind 序时进度, worst first.
SELECT indicator, region, year, actual_period, actual, expected, unit, round(share_of_pace * 100, 1) AS pct_of_pace
FROM target_progress
WHERE status = 'behind'
ORDER BY share_of_pace NULLS LAST;
