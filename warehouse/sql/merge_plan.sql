-- Plan the merge of the registered relation `staged` into facts: one action per staged row. `staged` holds the rows
-- of one or more batches; `seq` is each batch's place in publication order. The plan is what merging the batches one
-- by one in that order would do: each row is compared with the key's current vintage at its turn — the open fact,
-- or the last row of an earlier batch of this plan that was new or revised.
-- new: no current vintage of the key; same: the current vintage says the same; revised: it says something else.
-- next_from: when the row's own vintage ends (a later batch of the plan revises it), else NULL.
CREATE OR REPLACE TEMP TABLE merge_plan AS
WITH RECURSIVE one AS (
    SELECT * FROM staged
    -- One value per key and batch: an exact figure beats a rounded one in the same document (突破6000列，达到6002列).
    QUALIFY row_number() OVER (PARTITION BY seq, indicator, measure, region, comparator, period
                               ORDER BY qualifier = 'exact' DESC, quote_start) = 1
),
-- A row with a NULL in its key matches no vintage, not even one of its own key: it walks alone (lone).
s AS (
    SELECT *, row_number() OVER (PARTITION BY indicator, measure, region, comparator, period, lone ORDER BY seq) AS pos
    FROM (SELECT *, CASE WHEN indicator IS NULL OR measure IS NULL OR region IS NULL OR comparator IS NULL
                              OR period IS NULL THEN seq END AS lone
          FROM one)
),
-- The walk along each key's rows in batch order, carrying the current vintage (cur_*); step 0 is the open fact.
walk AS (
    SELECT k.indicator, k.measure, k.region, k.comparator, k.period, k.lone, 0::BIGINT AS pos,
           NULL::VARCHAR AS prev_fact_id, NULL::VARCHAR AS action, NULL::TIMESTAMPTZ AS eff_from,
           f.fact_id AS cur_id, f.value AS cur_value, f.unit AS cur_unit, f.qualifier AS cur_qualifier,
           f.valid_from AS cur_from
    FROM (SELECT DISTINCT indicator, measure, region, comparator, period, lone FROM s) k
    LEFT JOIN facts f
      ON  f.valid_to IS NULL
      AND f.indicator = k.indicator AND f.measure = k.measure AND f.region = k.region
      AND f.comparator = k.comparator AND f.period = k.period
    UNION ALL
    SELECT indicator, measure, region, comparator, period, lone, pos, prev_fact_id, action, eff_from,
           CASE WHEN action = 'same' THEN cur_id ELSE fact_id END,
           CASE WHEN action = 'same' THEN cur_value ELSE value END,
           CASE WHEN action = 'same' THEN cur_unit ELSE unit END,
           CASE WHEN action = 'same' THEN cur_qualifier ELSE qualifier END,
           CASE WHEN action = 'same' THEN cur_from ELSE eff_from END
    FROM (
        SELECT n.indicator, n.measure, n.region, n.comparator, n.period, n.lone, n.pos, n.fact_id, n.value, n.unit,
               n.qualifier, w.cur_id AS prev_fact_id, w.cur_id, w.cur_value, w.cur_unit, w.cur_qualifier, w.cur_from,
               CASE
                   WHEN w.cur_id IS NULL THEN 'new'
                   WHEN abs(w.cur_value - n.value) <= 1e-9 * greatest(abs(w.cur_value), 1) AND w.cur_unit = n.unit
                        AND w.cur_qualifier = n.qualifier THEN 'same'
                   ELSE 'revised'
               END AS action,
               -- A vintage must start after the one it replaces: a page revised in place keeps its publication date.
               CASE WHEN w.cur_id IS NOT NULL AND n.valid_from <= w.cur_from THEN n.recorded_at
                    ELSE n.valid_from END AS eff_from
        FROM walk w
        JOIN s n
          ON  n.indicator IS NOT DISTINCT FROM w.indicator AND n.measure IS NOT DISTINCT FROM w.measure
          AND n.region IS NOT DISTINCT FROM w.region AND n.comparator IS NOT DISTINCT FROM w.comparator
          AND n.period IS NOT DISTINCT FROM w.period AND n.lone IS NOT DISTINCT FROM w.lone AND n.pos = w.pos + 1
    )
)
SELECT s.* EXCLUDE (pos, lone), w.prev_fact_id, w.action, w.eff_from, nx.eff_from AS next_from
FROM s
JOIN walk w
  ON  w.indicator IS NOT DISTINCT FROM s.indicator AND w.measure IS NOT DISTINCT FROM s.measure
  AND w.region IS NOT DISTINCT FROM s.region AND w.comparator IS NOT DISTINCT FROM s.comparator
  AND w.period IS NOT DISTINCT FROM s.period AND w.lone IS NOT DISTINCT FROM s.lone AND w.pos = s.pos
LEFT JOIN walk nx
  ON  nx.prev_fact_id = s.fact_id AND nx.action = 'revised';
