-- The last ten days of rail bulletins with trains, wagons and the running total.
SELECT day, region, trains, wagons, trains_cumulative
FROM rail_daily
ORDER BY day DESC
LIMIT 10;
