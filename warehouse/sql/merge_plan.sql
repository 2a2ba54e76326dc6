-- Plan the merge of the registered relation `staged` into facts: one action per staged row.
-- new: no current vintage of the key; same: the current vintage says the same; revised: it says something else.
CREATE OR REPLACE TEMP TABLE merge_plan AS
WITH s AS (
    SELECT * FROM staged
    -- One value per key: an exact figure beats a rounded one in the same document (突破6000列，达到6002列).
    QUALIFY row_number() OVER (PARTITION BY indicator, measure, region, comparator, period
                               ORDER BY qualifier = 'exact' DESC, quote_start) = 1
)
SELECT
    s.*,
    f.fact_id    AS prev_fact_id,
    CASE
        WHEN f.fact_id IS NULL THEN 'new'
        WHEN abs(f.value - s.value) <= 1e-9 * greatest(abs(f.value), 1) AND f.unit = s.unit AND f.qualifier = s.qualifier THEN 'same'
        ELSE 'revised'
    END          AS action,
    -- A vintage must start after the one it replaces: a page revised in place keeps its publication date.
    CASE WHEN f.fact_id IS NOT NULL AND s.valid_from <= f.valid_from THEN s.recorded_at ELSE s.valid_from END AS eff_from
FROM s
LEFT JOIN facts f
  ON  f.valid_to IS NULL
  AND f.indicator = s.indicator AND f.measure = s.measure AND f.region = s.region
  AND f.comparator = s.comparator AND f.period = s.period;
