-- A new silence. Parameters: id, topic, indicator, region, reason, by, created_at, expires_at.
INSERT INTO silences (silence_id, matcher_topic, matcher_indicator, matcher_region, reason, created_by, created_at,
                      expires_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?);
