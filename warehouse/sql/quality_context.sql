-- Cross-document context for a staged batch, one row per staged row (`_row`), for the facts suite.
-- Input: the registered relation `quality_staged` (the batch with a `_row` position);
-- parameters: $running (indicators that are running totals since service start),
--             $ytd (indicators whose year-to-date level never falls within a year).
-- History is the current vintage of every fact (valid_to IS NULL); no history gives NULLs, which pass.
-- Explicit types: a pandas column of only None (or an empty batch) arrives as NULL-typed.
WITH s AS (
    SELECT _row,
           CAST(indicator AS VARCHAR) AS indicator, CAST(measure AS VARCHAR) AS measure,
           CAST(region AS VARCHAR) AS region, CAST(comparator AS VARCHAR) AS comparator,
           CAST(period AS VARCHAR) AS period, CAST(granularity AS VARCHAR) AS granularity,
           CAST(period_start AS DATE) AS period_start, CAST(period_end AS DATE) AS period_end,
           CAST(value AS DOUBLE) AS value, CAST(unit AS VARCHAR) AS unit, CAST(quote AS VARCHAR) AS quote,
           CAST(doc_id AS VARCHAR) AS doc_id
    FROM quality_staged
),
hist AS (
    SELECT indicator, measure, region, comparator, granularity, period, period_start, period_end, value, unit
    FROM facts
    WHERE valid_to IS NULL
),
-- Latest earlier value of the same series in the same unit with the same granularity and period length
-- (Q1 against an earlier Q1, not against 1-9 months; 亿美元 not against 亿元), for the jump check.
prev AS (
    SELECT s._row, h.value AS prev_value, h.period AS prev_period
    FROM s
    JOIN hist h
      ON  h.indicator = s.indicator AND h.measure = s.measure AND h.region = s.region
      AND h.comparator = s.comparator AND h.unit = s.unit AND h.granularity = s.granularity
      AND date_diff('month', h.period_start, h.period_end) = date_diff('month', s.period_start, s.period_end)
      AND h.period_end < s.period_end
    QUALIFY row_number() OVER (PARTITION BY s._row ORDER BY h.period_end DESC) = 1
),
-- Latest earlier value of a running total, or of a year-to-date level starting on the same 1 January.
cum AS (
    SELECT s._row, s.value - h.value AS cumulative_delta, h.period AS cumulative_prev_period
    FROM s
    JOIN hist h
      ON  h.indicator = s.indicator AND h.measure = s.measure AND h.region = s.region
      AND h.comparator = s.comparator AND h.unit = s.unit AND h.period_end < s.period_end
    WHERE s.measure = 'level'
      AND (
            list_contains($running, s.indicator)
         OR (    list_contains($ytd, s.indicator)
             AND s.granularity IN ('month', 'months', 'days') AND h.granularity IN ('month', 'months', 'days')
             AND month(s.period_start) = 1 AND day(s.period_start) = 1
             AND h.period_start = s.period_start)
      )
    QUALIFY row_number() OVER (PARTITION BY s._row ORDER BY h.period_end DESC) = 1
),
-- Within the batch: one key stated with two different values.
conflict AS (
    SELECT _row, min(value) OVER k <> max(value) OVER k AS key_conflict
    FROM s
    WINDOW k AS (PARTITION BY indicator, measure, region, comparator, period)
),
-- Ranking groups (one document's ranks and scores of one indicator, population and period, e.g. 四挂钩 综合 among
-- 17个街道 in 2022-Q1): n = the count the population names (17个街道 → 17, 市内六区 → 6), else the units the table
-- lists (scores included, so a unit whose rank cell was empty still counts). Ranks are standard competition ranks:
-- each equals 1 + the number of better ranks (1, 2, 2, 4 passes; 1, 2, 4 does not). Every row of a failing group
-- gets false, so the whole group is held. Only table cells count (the quote is the bare cell: 8, 第8名, 91.31): a rank
-- stated in prose (在全国9个国家中心城市中排名第4位) is one fact, not a ranking. NULL outside ranking groups.
rg AS (
    SELECT _row, doc_id, indicator, comparator, period, measure, region, value,
           count(*) FILTER (WHERE measure = 'rank') OVER g AS ranks,
           count(DISTINCT region) OVER g AS units,
           coalesce(
               try_cast(nullif(regexp_extract(comparator, '[0-9]+'), '') AS INTEGER),
               nullif(list_position(['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'],
                                    regexp_extract(comparator, '(?:市内)?([一二三四五六七八九十])(?:个|区)', 1)), 0)
           ) AS stated_n
    FROM s
    WHERE comparator <> '' AND (measure = 'rank' OR unit = '分')
      AND regexp_full_match(trim(quote), '第?\s*[0-9]+(\.[0-9]+)?\s*[名位分]?')
    WINDOW g AS (PARTITION BY doc_id, indicator, comparator, period)
),
rank_rows AS (
    SELECT _row, doc_id, indicator, comparator, period,
           count(*) OVER (PARTITION BY doc_id, indicator, comparator, period, region) AS same_unit,
           value = 1 + count(*) OVER (PARTITION BY doc_id, indicator, comparator, period ORDER BY value
                                      RANGE BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS in_sequence
    FROM s
    WHERE comparator <> '' AND measure = 'rank' AND regexp_full_match(trim(quote), '第?\s*[0-9]+\s*[名位]?')
),
rank_groups AS (
    SELECT doc_id, indicator, comparator, period,
           bool_and(same_unit = 1) AS unique_units, bool_and(in_sequence) AS consecutive
    FROM rank_rows
    GROUP BY ALL
),
ranking AS (
    SELECT rg._row,
           rg.ranks = coalesce(rg.stated_n, rg.units) AND rg.units = coalesce(rg.stated_n, rg.units)
               AS rank_group_complete,
           coalesce(g.unique_units, true) AND count(*) FILTER (WHERE rg.measure <> 'rank') OVER u <= 1
               AS rank_unit_unique,
           g.consecutive AS rank_sequence_ok
    FROM rg
    JOIN rank_groups g USING (doc_id, indicator, comparator, period)
    WHERE rg.ranks > 0
    WINDOW u AS (PARTITION BY rg.doc_id, rg.indicator, rg.comparator, rg.period, rg.region)
),
ranking_all AS (
    SELECT r._row,
           bool_and(r2.rank_group_complete) AS rank_group_complete,
           bool_and(r2.rank_unit_unique) AS rank_unit_unique,
           bool_and(r2.rank_sequence_ok) AS rank_sequence_ok
    FROM ranking r
    JOIN rg a ON a._row = r._row
    JOIN rg b USING (doc_id, indicator, comparator, period)
    JOIN ranking r2 ON r2._row = b._row
    GROUP BY r._row
),
-- The value's significant digits (abs, no point, no leading/trailing zeros) inside the quote's digits;
-- NULL when the quote has no Arabic digits (Chinese numerals: 三列) and for ranks (全市第一).
digits AS (
    SELECT _row,
           CASE
               WHEN quote IS NULL OR value IS NULL OR measure = 'rank' THEN NULL
               WHEN NOT regexp_matches(translate(quote, '０１２３４５６７８９', '0123456789'), '[0-9]') THEN NULL
               ELSE contains(
                        regexp_replace(translate(quote, '０１２３４５６７８９', '0123456789'), '[^0-9]', '', 'g'),
                        trim(regexp_replace(CAST(abs(value) AS VARCHAR), '[^0-9]', '', 'g'), '0'))
           END AS value_in_quote
    FROM s
)
SELECT
    s._row,
    prev.prev_value,
    prev.prev_period,
    s.value / nullif(prev.prev_value, 0) AS ratio_to_prev,
    cum.cumulative_delta,
    cum.cumulative_prev_period,
    digits.value_in_quote,
    conflict.key_conflict,
    ranking_all.rank_group_complete,
    ranking_all.rank_unit_unique,
    ranking_all.rank_sequence_ok
FROM s
LEFT JOIN prev USING (_row)
LEFT JOIN cum USING (_row)
LEFT JOIN conflict USING (_row)
LEFT JOIN digits USING (_row)
LEFT JOIN ranking_all USING (_row)
ORDER BY s._row;
