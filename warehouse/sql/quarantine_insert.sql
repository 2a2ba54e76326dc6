-- Rows held by the gate (a row held before is kept once).
INSERT INTO quarantine (quarantine_id, batch_id, doc_id, row_index, row_data, expectation, expectation_kwargs,
                        severity, reason, status, created_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'held', ?)
ON CONFLICT (quarantine_id) DO NOTHING;
