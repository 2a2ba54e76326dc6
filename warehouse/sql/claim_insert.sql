-- A document's claim, kept once. Parameters: claim_id, doc_id, indicator, region, period, value, unit, quote, created_at.
INSERT INTO claims (claim_id, doc_id, indicator, region, period, value, unit, quote, created_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT DO NOTHING
RETURNING claim_id;
