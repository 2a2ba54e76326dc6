-- Each notice keeps the title and evidence of its own event: a 'firing' e-mail delivered after the alert
-- resolved (SMTP down for a while) still says what fired, not what the alert says now.
ALTER TABLE notifications ADD COLUMN title VARCHAR;
ALTER TABLE notifications ADD COLUMN payload JSON;
