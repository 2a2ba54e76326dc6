-- Mark each staged row passed (mergeable) or held, from the registered frame `validated_rows`
-- (batch_id, row_index, passed).
UPDATE staged_facts SET passed = v.passed
FROM validated_rows v
WHERE staged_facts.batch_id = v.batch_id AND staged_facts.row_index = v.row_index;
