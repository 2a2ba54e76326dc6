-- Annual targets stated in documents (力争/确保/目标 …), as target rows: the goal's measure and comparison.
SELECT indicator,
       CASE measure WHEN 'target_level' THEN 'level' ELSE 'yoy_pct' END AS measure,
       region, period,
       CASE qualifier WHEN 'over' THEN '>' ELSE '>=' END AS comparison,
       value, unit, quote, doc_id
FROM facts_current
WHERE measure IN ('target_level', 'target_yoy_pct') AND granularity = 'year';
