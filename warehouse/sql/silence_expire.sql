-- End an active silence now. Parameters: now, silence_id, now.
UPDATE silences SET expires_at = ? WHERE silence_id = ? AND expires_at > ? RETURNING silence_id;
