-- Everything due for delivery, grouped into one message per (recipient, group key), oldest first.
-- Parameter: now.
SELECT recipient, group_key, list(notification_id ORDER BY notification_id), min(created_at) AS first
FROM notifications
WHERE status IN ('pending', 'sending') AND (next_attempt_at IS NULL OR next_attempt_at <= ?)
GROUP BY recipient, group_key
ORDER BY first, recipient;
