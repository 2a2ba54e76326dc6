-- A source_health event (an id seen before is kept once). Parameters: event_id, source_id, url, kind, reason, observed_at.
INSERT INTO source_health (event_id, source_id, url, kind, reason, observed_at)
SELECT $1, $2, $3, $4, $5, $6
WHERE NOT EXISTS (SELECT 1 FROM source_health WHERE event_id = $1);
