-- Staged rows of the given batches in batch and extraction order. Parameter: batch ids (VARCHAR[]).
SELECT fact_id, indicator, measure, region, comparator, period, granularity, period_start, period_end, value, unit,
       qualifier, quote, quote_start, quote_end, doc_id, source_id, batch_id, valid_from, recorded_at, row_index,
       passed
FROM staged_facts
WHERE list_contains(?::VARCHAR[], batch_id)
ORDER BY batch_id, row_index;
