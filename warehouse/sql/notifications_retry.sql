-- A failed attempt: pending (or failed for good) with the error and the next attempt. Parameters: status, error, next_attempt_at, ids.
UPDATE notifications SET status = ?, last_error = ?, next_attempt_at = ?
WHERE list_contains(?::VARCHAR[], notification_id);
