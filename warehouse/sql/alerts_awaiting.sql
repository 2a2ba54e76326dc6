-- Alerts waiting for a person that nobody has been asked about yet, oldest first.
SELECT fingerprint, rule, topic, title, payload, doc_id, first_seen
FROM alerts
WHERE state = 'awaiting_approval' AND approval_url IS NULL
ORDER BY first_seen, fingerprint;
