-- Documents' claims from the registered frame `new_claims`, each kept once (the statement's count tells how many
-- were new). Columns: claim_id, doc_id, indicator, region, period, value, unit, quote, created_at.
INSERT INTO claims (claim_id, doc_id, indicator, region, period, value, unit, quote, created_at)
SELECT n.claim_id, n.doc_id, n.indicator, n.region, n.period, n.value, n.unit, n.quote, n.created_at
FROM new_claims n
WHERE NOT EXISTS (SELECT 1 FROM claims c WHERE c.claim_id = n.claim_id);
