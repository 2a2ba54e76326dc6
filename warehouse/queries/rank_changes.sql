-- Units whose rank moved by three places or more against the previous period, or reached or lost first place,
-- in the latest period of each category and population.
SELECT period, category, population, unit, previous_rank, rank, change, quote
FROM rankings
WHERE period_end = (SELECT max(period_end) FROM rankings r WHERE r.granularity = rankings.granularity)
  AND (abs(change) >= 3 OR (rank = 1) <> (previous_rank = 1))
ORDER BY category, population, change;
