-- Record (a link) or forget (NULL) the approval request of an alert that waits for a person; no row when it no
-- longer waits.
UPDATE alerts SET approval_url = $approval_url
WHERE fingerprint = $fingerprint AND state = 'awaiting_approval';
