-- Of the given batches, those merged with something detection reads (facts merged, rows held) that detection has not
-- seen yet: a merge retried after its first try committed and died still has news for detection. Parameters: batch
-- ids (VARCHAR[]), the terminal states (VARCHAR[]).
SELECT count(*) FROM batches
WHERE list_contains(?::VARCHAR[], batch_id) AND list_contains(?::VARCHAR[], status) AND detected_at IS NULL
  AND (rows_merged > 0 OR rows_quarantined > 0);
