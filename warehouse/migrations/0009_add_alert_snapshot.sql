-- The DuckLake snapshot detection read when it recorded an alert's latest edge (and when it queued each notice):
-- `SELECT … FROM facts AT (VERSION => snapshot_id)` shows the facts exactly as detection saw them. NULL on a
-- DuckDB file, which keeps no snapshots.
ALTER TABLE alerts ADD COLUMN snapshot_id BIGINT;
ALTER TABLE notifications ADD COLUMN snapshot_id BIGINT;
