-- Alerts and to whom they were sent.
SELECT a.rule, a.title, a.state, n.recipient, n.status, n.sent_at, n.message_id
FROM alerts a
LEFT JOIN notifications n USING (fingerprint)
ORDER BY a.first_seen, n.recipient;
