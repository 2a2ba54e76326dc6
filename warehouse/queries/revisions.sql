-- Every fact that has more than one vintage, with each published value in order.
SELECT indicator, measure, region, period,
       list(value ORDER BY valid_from)      AS values_published,
       list(valid_from ORDER BY valid_from) AS published_at
FROM facts
GROUP BY indicator, measure, region, comparator, period
HAVING count(*) > 1
ORDER BY indicator, period;
