-- The rank_change alerts of one unit, category, population and period that still stand (a revised ranking page
-- withdraws those whose event no longer holds): fingerprint prefix rule|indicator|region|period|population/.
SELECT fingerprint, title, payload->>'$.event' AS event
FROM alerts
WHERE rule = 'rank_change' AND starts_with(fingerprint, ?) AND state NOT IN ('withdrawn', 'resolved')
ORDER BY fingerprint;
