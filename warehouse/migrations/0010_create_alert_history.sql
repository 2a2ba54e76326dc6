-- The alerts table keeps only the current state; this is every change of it, append-only: each edge detection
-- recorded (firing, suppressed, resolved, withdrawn, updated), each approval asked for and each decision
-- (approved, rejected), with who and when. Evidence pages show it; nothing updates or deletes a row.
CREATE TABLE alert_history (
    history_id      VARCHAR PRIMARY KEY,          -- 'h' + hash of (fingerprint, seq)
    fingerprint     VARCHAR NOT NULL,
    seq             INTEGER NOT NULL,             -- 0, 1, 2 … per fingerprint, in the order things happened
    event           VARCHAR NOT NULL,             -- firing / suppressed / resolved / withdrawn / updated /
                                                  -- awaiting_approval / approval_requested / approved / rejected
    state           VARCHAR NOT NULL,             -- the alert's state after the event
    happened_at     TIMESTAMPTZ NOT NULL,
    actor           VARCHAR,                      -- who: an analyst's name, 'timeout', or NULL for the pipeline
    detail          VARCHAR                       -- why: a suppression reason, the Required Actions link, …
);
CREATE INDEX alert_history_fingerprint ON alert_history (fingerprint, seq);

-- Alerts that wait for a person: who decided and when (NULL while nobody has).
ALTER TABLE alerts ADD COLUMN decided_by VARCHAR;
ALTER TABLE alerts ADD COLUMN decided_at TIMESTAMPTZ;
ALTER TABLE alerts ADD COLUMN approval_url VARCHAR;          -- the Required Actions page of the waiting request
