-- A document's record claim (创新高) about a period and unit, if any. Parameters: doc_id, period, unit.
SELECT quote FROM claims
WHERE doc_id = ? AND period = ? AND unit = ? AND indicator LIKE '%.record'
ORDER BY claim_id
LIMIT 1;
