-- Quarantine rows in one status (NULL: all), oldest first. Parameters: status, status.
SELECT * FROM quarantine
WHERE ? IS NULL OR status = ?
ORDER BY created_at, batch_id, row_index, expectation;
