-- Everything due for delivery, grouped into one message per (recipient, group key), oldest first: pending rows
-- whose backoff has passed, and rows left 'sending' by a run that died (handed to the server before $stuck_before).
-- Parameters: $now, $stuck_before.
SELECT recipient, group_key, list(notification_id ORDER BY notification_id), min(created_at) AS first,
       count(*) FILTER (WHERE status = 'sending') AS stuck
FROM notifications
WHERE (status = 'pending' AND (next_attempt_at IS NULL OR next_attempt_at <= $now))
   OR (status = 'sending' AND (sending_at IS NULL OR sending_at <= $stuck_before))
GROUP BY recipient, group_key
ORDER BY first, recipient;
