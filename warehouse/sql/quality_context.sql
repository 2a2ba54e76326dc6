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
           CAST(value AS DOUBLE) AS value, CAST(unit AS VARCHAR) AS unit, CAST(quote AS VARCHAR) AS quote
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
    conflict.key_conflict
FROM s
LEFT JOIN prev USING (_row)
LEFT JOIN cum USING (_row)
LEFT JOIN conflict USING (_row)
LEFT JOIN digits USING (_row)
ORDER BY s._row;
