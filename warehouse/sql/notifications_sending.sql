-- A message's rows handed to the SMTP server (committed before the conversation). Parameters: message_id, now, ids.
UPDATE notifications SET status = 'sending', attempts = attempts + 1, message_id = ?, sending_at = ?
WHERE list_contains(?::VARCHAR[], notification_id);
