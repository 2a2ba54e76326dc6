-- One outbox row per (alert event, recipient, channel), due at once; RETURNING tells whether it was new.
INSERT INTO notifications (notification_id, fingerprint, event, recipient, channel, group_key, status, attempts,
                           created_at, next_attempt_at, title, payload)
VALUES ($notification_id, $fingerprint, $event, $recipient, 'email', $group_key, 'pending', 0,
        $created_at, $created_at, $title, $payload)
ON CONFLICT DO NOTHING
RETURNING notification_id;
