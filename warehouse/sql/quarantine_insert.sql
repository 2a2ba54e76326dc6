-- Rows held by the gate (a row held before is kept once).
INSERT INTO quarantine (quarantine_id, batch_id, doc_id, row_index, row_data, expectation, expectation_kwargs,
                        severity, reason, status, created_at)
SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, 'held', $10
WHERE NOT EXISTS (SELECT 1 FROM quarantine WHERE quarantine_id = $1);
