-- The notifications of one alert. Parameter: fingerprint.
SELECT recipient, event, status, attempts, last_error, sent_at, message_id
FROM notifications
WHERE fingerprint = ?
ORDER BY created_at;
