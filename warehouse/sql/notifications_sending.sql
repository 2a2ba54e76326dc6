-- Claim a message's rows for this delivery run, committed before the SMTP conversation: only rows still due (pending
-- past their backoff, or left 'sending' by a run that died before $stuck_before) become 'sending'. A claim that
-- changes fewer rows than the message has lost the race to another delivery run, which is sending it.
-- Parameters: $message_id, $now, $stuck_before, $ids.
UPDATE notifications SET status = 'sending', attempts = attempts + 1, message_id = $message_id, sending_at = $now
WHERE list_contains($ids::VARCHAR[], notification_id)
  AND (   (status = 'pending' AND (next_attempt_at IS NULL OR next_attempt_at <= $now))
       OR (status = 'sending' AND (sending_at IS NULL OR sending_at <= $stuck_before)));
