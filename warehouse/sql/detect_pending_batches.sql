-- Finished batches detection has not seen yet. Parameter: the terminal states (VARCHAR[]).
SELECT count(*) FROM batches WHERE detected_at IS NULL AND list_contains(?, status);
