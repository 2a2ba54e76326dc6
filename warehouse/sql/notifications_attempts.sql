-- How often a message was tried. Parameter: notification ids (VARCHAR[]).
SELECT max(attempts) FROM notifications WHERE list_contains(?::VARCHAR[], notification_id);
