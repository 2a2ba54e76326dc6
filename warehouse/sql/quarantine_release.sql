-- Held rows released by someone. Parameters: released_at, released_by, ids.
UPDATE quarantine SET status = 'released', released_at = ?, released_by = ?
WHERE list_contains(?, quarantine_id) AND status = 'held';
