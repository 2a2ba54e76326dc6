-- The registered frame `staged_batch` (row_index + the facts columns) into staged_facts; `passed` stays NULL
-- until validation.
INSERT INTO staged_facts (batch_id, row_index, fact_id, indicator, measure, region, comparator, period, granularity,
                          period_start, period_end, value, unit, qualifier, quote, quote_start, quote_end, doc_id,
                          source_id, valid_from, recorded_at)
SELECT batch_id, row_index, fact_id, indicator, measure, region, comparator, period, granularity,
       period_start, period_end, value, unit, qualifier, quote, quote_start, quote_end, doc_id,
       source_id, valid_from, recorded_at
FROM staged_batch;
