-- When a message was handed to the SMTP server: a row still 'sending' long after that belongs to a delivery run
-- that died, and is sent again (same Message-ID).
ALTER TABLE notifications ADD COLUMN sending_at TIMESTAMPTZ;
