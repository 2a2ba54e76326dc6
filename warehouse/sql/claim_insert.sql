-- A document's claim, kept once (the statement's count tells whether it was new).
-- Parameters: claim_id, doc_id, indicator, region, period, value, unit, quote, created_at.
INSERT INTO claims (claim_id, doc_id, indicator, region, period, value, unit, quote, created_at)
SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9
WHERE NOT EXISTS (SELECT 1 FROM claims WHERE claim_id = $1);
