-- Messages still owed after a failed attempt (pending again, waiting out their backoff): while there are any, a
-- delivery run is not a success, even one that found nothing due yet. Their oldest error says why.
SELECT count(*) AS retrying, arg_min(last_error, created_at) AS error, min(next_attempt_at) AS next_attempt
FROM notifications
WHERE status = 'pending' AND attempts > 0;
