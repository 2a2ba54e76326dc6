-- Assessment ranks (四挂钩 …): the latest vintage of each unit's rank per category, population and period (a
-- quarter or a year), with its published score, the rank of the previous period of the same length (the quarter
-- before; the year before) and the change in places (positive: moved up).
CREATE OR REPLACE VIEW rankings AS
WITH ranks AS (
    SELECT *, date_diff('month', period_start, period_end + INTERVAL 1 DAY) AS months,
           count(*) OVER (PARTITION BY indicator, comparator, period) AS ranked
    FROM facts_current
    WHERE measure = 'rank' AND indicator LIKE 'assessment.%' AND granularity IN ('months', 'year')
)
SELECT
    r.indicator,
    regexp_replace(r.indicator, '^assessment\.', '')  AS category,
    r.region                                          AS unit,
    r.comparator                                      AS population,
    r.ranked                                          AS units_ranked,
    r.period,
    r.granularity,
    r.period_start,
    r.period_end,
    CAST(r.value AS INTEGER)                          AS rank,
    s.value                                           AS score,
    p.period                                          AS previous_period,
    CAST(p.value AS INTEGER)                          AS previous_rank,
    CAST(p.value - r.value AS INTEGER)                AS change,
    r.quote,
    r.doc_id,
    r.valid_from
FROM ranks r
LEFT JOIN ranks p
  ON p.indicator = r.indicator AND p.region = r.region AND p.comparator = r.comparator
 AND p.granularity = r.granularity AND p.months = r.months AND p.period_end = r.period_start - INTERVAL 1 DAY
LEFT JOIN facts_current s
  ON s.indicator = r.indicator AND s.region = r.region AND s.comparator = r.comparator AND s.period = r.period
 AND s.measure = 'level';
