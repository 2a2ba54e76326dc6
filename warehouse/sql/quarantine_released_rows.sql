-- Every released entry of the same staged rows (same batch, same content) as the given ids: each is an override. Parameter: ids.
SELECT q.*
FROM quarantine q
JOIN (SELECT DISTINCT batch_id, row_data::VARCHAR AS rd FROM quarantine WHERE list_contains(?, quarantine_id)) r
  ON q.batch_id = r.batch_id AND q.row_data::VARCHAR = r.rd
WHERE q.status = 'released'
ORDER BY q.batch_id, q.row_index, q.quarantine_id;
