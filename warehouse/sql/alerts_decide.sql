-- A person's decision on an alert that waited for approval: firing (approved) or rejected. Changes no row when the
-- alert no longer waits (decided already).
UPDATE alerts
SET state = $state, decided_by = $decided_by, decided_at = $decided_at, last_seen = $decided_at
WHERE fingerprint = $fingerprint AND state = 'awaiting_approval';
