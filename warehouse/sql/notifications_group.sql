-- The alerts of one message: each notification with its alert, the title and evidence as queued.
-- Parameter: notification ids (VARCHAR[]).
SELECT n.notification_id, n.event, a.* EXCLUDE (title, payload),
       coalesce(n.title, a.title) AS title, coalesce(n.payload, a.payload) AS payload
FROM notifications n JOIN alerts a USING (fingerprint)
WHERE list_contains(?::VARCHAR[], n.notification_id);
