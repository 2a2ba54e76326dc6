-- One outbox row per (alert event, recipient, channel), due at once; the statement's count tells whether it was new.
INSERT INTO notifications (notification_id, fingerprint, event, recipient, channel, group_key, status, attempts,
                           created_at, next_attempt_at, title, payload, snapshot_id)
SELECT $notification_id, $fingerprint, $event, $recipient, 'email', $group_key, 'pending', 0,
       $created_at, $created_at, $title, $payload, $snapshot_id
WHERE NOT EXISTS (SELECT 1 FROM notifications WHERE notification_id = $notification_id);
