-- Record claims (创新高, 单日最高纪录) of documents whose batch detection has not seen yet.
SELECT c.claim_id, c.doc_id, c.indicator, c.region, c.period, c.value, c.unit, c.quote,
       d.source_id, b.mode
FROM claims c
JOIN documents d USING (doc_id)
JOIN batches b ON b.batch_id = d.batch_id
WHERE b.detected_at IS NULL AND c.indicator LIKE '%.record'
ORDER BY c.period, c.claim_id;
