-- The notices of one alert: one line per message and recipient (Message-ID, when it was sent, its state).
SELECT event, recipient, status, message_id, created_at, sent_at, attempts, last_error
FROM notifications WHERE fingerprint = ?
ORDER BY created_at, recipient;
