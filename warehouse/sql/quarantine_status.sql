-- The status of quarantine rows. Parameter: ids (VARCHAR[]).
SELECT quarantine_id, status FROM quarantine WHERE list_contains(?, quarantine_id);
