-- A re-extracted document no longer states these facts: their open vintages end now (transaction time).
-- Run before the batch's staged rows are cleared; the statement's count is the facts closed.
-- Parameters: $now, $doc_id, $batch_id.
UPDATE facts SET valid_to = $now
WHERE doc_id = $doc_id AND valid_to IS NULL
  AND NOT EXISTS (
      SELECT 1 FROM staged_facts s
      WHERE s.batch_id = $batch_id AND s.indicator = facts.indicator AND s.measure = facts.measure
        AND s.region = facts.region AND s.comparator = facts.comparator AND s.period = facts.period);
