-- Apply merge_plan: close the open vintages it replaces, then insert its new and revised rows (a row a later batch
-- of the same plan revised is inserted closed).
UPDATE facts SET valid_to = p.eff_from
FROM merge_plan p
WHERE facts.fact_id = p.prev_fact_id AND p.action = 'revised';

INSERT INTO facts (fact_id, indicator, measure, region, comparator, period, granularity, period_start, period_end,
                   value, unit, qualifier, quote, quote_start, quote_end, doc_id, source_id, batch_id,
                   valid_from, valid_to, recorded_at)
SELECT fact_id, indicator, measure, region, comparator, period, granularity, period_start, period_end,
       value, unit, qualifier, quote, quote_start, quote_end, doc_id, source_id, batch_id,
       eff_from, next_from, recorded_at
FROM merge_plan
WHERE action IN ('new', 'revised');
