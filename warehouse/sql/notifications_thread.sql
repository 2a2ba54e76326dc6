-- Earlier messages about the same alerts to the same recipient, oldest first: what a new notice threads under.
-- Parameters: recipient, fingerprints (VARCHAR[]), this message's notification ids (VARCHAR[]).
SELECT DISTINCT message_id, min(sent_at) AS first_sent
FROM notifications
WHERE recipient = ? AND list_contains(?::VARCHAR[], fingerprint) AND message_id IS NOT NULL
  AND NOT list_contains(?::VARCHAR[], notification_id) AND status = 'sent'
GROUP BY message_id
ORDER BY first_sent;
