-- Of the given batches and of the source's other batches, those merged with something detection reads (facts merged,
-- rows held) that detection has not seen yet: a merge retried after its first try committed and died still has news
-- for detection, and so has a live run retried after that (its fetch finds nothing new: the merged batch is no
-- batch it hands on). Parameters: batch ids (VARCHAR[]), the source id (VARCHAR, NULL for none), the terminal
-- states (VARCHAR[]).
SELECT count(*) FROM batches
WHERE (list_contains(?::VARCHAR[], batch_id) OR source_id = ?::VARCHAR) AND list_contains(?::VARCHAR[], status)
  AND detected_at IS NULL AND (rows_merged > 0 OR rows_quarantined > 0);
