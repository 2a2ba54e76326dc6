-- Alerts newest first, optionally in one state. Parameters: state, state (NULL: all).
SELECT fingerprint, rule, state, title, first_seen FROM alerts WHERE ? IS NULL OR state = ? ORDER BY first_seen DESC;
