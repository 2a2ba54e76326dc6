-- The server accepted the message. Parameters: sent_at, ids.
UPDATE notifications SET status = 'sent', sent_at = ?, last_error = NULL
WHERE list_contains(?::VARCHAR[], notification_id);
