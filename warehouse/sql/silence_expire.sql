-- End an active silence now (the statement's count tells whether it was active). Parameters: now, silence_id, now.
UPDATE silences SET expires_at = ? WHERE silence_id = ? AND expires_at > ?;
