-- Core schema of the statwatch warehouse (DESIGN.md "contract - warehouse").
-- Columns may be added by later migrations, never renamed.

CREATE TABLE documents (
    doc_id          VARCHAR PRIMARY KEY,          -- 'd' + first 16 hex of sha256(url NUL content_hash)
    source_id       VARCHAR NOT NULL,
    url             VARCHAR NOT NULL,
    kind            VARCHAR NOT NULL,             -- rail / stats / ops
    title           VARCHAR,
    content_hash    VARCHAR NOT NULL,             -- sha256 of the raw body
    version         INTEGER NOT NULL,             -- 1, 2, ... per url
    fetched_at      TIMESTAMPTZ NOT NULL,
    published_at    TIMESTAMPTZ,                  -- from the feed / page, when known
    http_status     INTEGER,
    etag            VARCHAR,
    last_modified   VARCHAR,
    content_type    VARCHAR,
    encoding        VARCHAR,                      -- the encoding the body was decoded with
    encoding_declared VARCHAR,                    -- what the server or the page claimed
    raw_body        BLOB NOT NULL,                -- exactly the bytes received
    text            VARCHAR,                      -- the extracted article text (quote offsets point here)
    parser_version  VARCHAR,
    status          VARCHAR NOT NULL,             -- fetched / loaded / quarantined / no_facts / failed
    status_detail   VARCHAR,
    batch_id        VARCHAR,
    UNIQUE (url, content_hash)
);

-- The last response seen for each URL, for conditional GET (ETag / Last-Modified).
CREATE TABLE http_cache (
    url             VARCHAR PRIMARY KEY,
    etag            VARCHAR,
    last_modified   VARCHAR,
    content_hash    VARCHAR,
    checked_at      TIMESTAMPTZ NOT NULL
);

-- One row per ingest batch (one document's facts, or a page of a backfill).
CREATE TABLE batches (
    batch_id        VARCHAR PRIMARY KEY,
    source_id       VARCHAR NOT NULL,
    doc_id          VARCHAR,
    mode            VARCHAR NOT NULL,             -- live / backfill
    status          VARCHAR NOT NULL,             -- staged / merged / quarantined / partial
    rows_staged     INTEGER NOT NULL DEFAULT 0,
    rows_merged     INTEGER NOT NULL DEFAULT 0,
    rows_quarantined INTEGER NOT NULL DEFAULT 0,
    validation      JSON,                         -- GX summary: expectations, failures, warnings
    created_at      TIMESTAMPTZ NOT NULL,
    merged_at       TIMESTAMPTZ,
    detected_at     TIMESTAMPTZ                   -- set once detection has looked at this batch
);

-- Bitemporal facts: one row per (indicator, measure, region, comparator, period, vintage).
CREATE TABLE facts (
    fact_id         VARCHAR PRIMARY KEY,
    indicator       VARCHAR NOT NULL,
    measure         VARCHAR NOT NULL,
    region          VARCHAR NOT NULL,
    comparator      VARCHAR NOT NULL DEFAULT '',
    period          VARCHAR NOT NULL,             -- ISO 8601 as in the extract contract
    granularity     VARCHAR NOT NULL,             -- day / month / months / year / years / days / asof
    period_start    DATE,
    period_end      DATE,
    value           DOUBLE NOT NULL,
    unit            VARCHAR NOT NULL,
    qualifier       VARCHAR NOT NULL,
    quote           VARCHAR NOT NULL,
    quote_start     INTEGER,
    quote_end       INTEGER,
    doc_id          VARCHAR NOT NULL,
    source_id       VARCHAR NOT NULL,
    batch_id        VARCHAR NOT NULL,
    valid_from      TIMESTAMPTZ NOT NULL,         -- when this vintage was published (or first fetched)
    valid_to        TIMESTAMPTZ,                  -- null while current
    recorded_at     TIMESTAMPTZ NOT NULL          -- when the warehouse learnt it
);
CREATE INDEX facts_series ON facts (indicator, measure, region, granularity, period_end);

CREATE TABLE targets (
    target_id       VARCHAR PRIMARY KEY,
    indicator       VARCHAR NOT NULL,
    measure         VARCHAR NOT NULL,             -- level / yoy_pct
    region          VARCHAR NOT NULL,
    period          VARCHAR NOT NULL,             -- the year, '2022'
    comparison      VARCHAR NOT NULL,             -- '>=' or '>'
    value           DOUBLE NOT NULL,
    unit            VARCHAR NOT NULL,
    origin          VARCHAR NOT NULL,             -- 'config' or 'extracted'
    quote           VARCHAR,
    doc_id          VARCHAR,
    updated_at      TIMESTAMPTZ NOT NULL
);

CREATE TABLE quarantine (
    quarantine_id   VARCHAR PRIMARY KEY,
    batch_id        VARCHAR NOT NULL,
    doc_id          VARCHAR,
    row_index       INTEGER NOT NULL,
    row_data        JSON NOT NULL,                -- the staged fact exactly as it was
    expectation     VARCHAR NOT NULL,             -- the failed expectation type (or cross-document check)
    expectation_kwargs JSON,
    severity        VARCHAR NOT NULL,
    reason          VARCHAR,
    status          VARCHAR NOT NULL,             -- held / released / merged / rejected
    created_at      TIMESTAMPTZ NOT NULL,
    released_at     TIMESTAMPTZ,
    released_by     VARCHAR
);

CREATE TABLE alerts (
    fingerprint     VARCHAR PRIMARY KEY,          -- rule | indicator | region | period [| threshold]
    rule            VARCHAR NOT NULL,             -- record / milestone / target_pace / growth_target / comparator / revision / staleness / quality
    topic           VARCHAR NOT NULL,             -- routing topic: rail / economy / targets / ops
    indicator       VARCHAR,
    region          VARCHAR,
    period          VARCHAR,
    state           VARCHAR NOT NULL,             -- firing / resolved / suppressed
    title           VARCHAR NOT NULL,             -- Chinese one-line summary
    payload         JSON NOT NULL,                -- the evidence: values, comparison, quote, links
    doc_id          VARCHAR,
    source_id       VARCHAR,
    first_seen      TIMESTAMPTZ NOT NULL,
    last_seen       TIMESTAMPTZ NOT NULL,
    resolved_at     TIMESTAMPTZ,
    suppressed_reason VARCHAR
);

CREATE TABLE notifications (
    notification_id VARCHAR PRIMARY KEY,          -- hash of (fingerprint, event, recipient, channel)
    fingerprint     VARCHAR NOT NULL,
    event           VARCHAR NOT NULL,             -- firing / resolved / updated / withdrawn
    recipient       VARCHAR NOT NULL,
    channel         VARCHAR NOT NULL,             -- email
    group_key       VARCHAR NOT NULL,             -- alerts with one group key go out as one message
    status          VARCHAR NOT NULL,             -- pending / sending / sent / failed
    attempts        INTEGER NOT NULL DEFAULT 0,
    last_error      VARCHAR,
    created_at      TIMESTAMPTZ NOT NULL,
    next_attempt_at TIMESTAMPTZ,
    sent_at         TIMESTAMPTZ,
    message_id      VARCHAR
);

CREATE TABLE source_health (
    event_id        VARCHAR PRIMARY KEY,
    source_id       VARCHAR NOT NULL,
    url             VARCHAR,
    kind            VARCHAR NOT NULL,             -- fetch_failed / rejected / no_facts / missing_release / recovered
    reason          VARCHAR NOT NULL,
    observed_at     TIMESTAMPTZ NOT NULL
);

CREATE TABLE silences (
    silence_id      VARCHAR PRIMARY KEY,
    matcher_topic   VARCHAR,
    matcher_indicator VARCHAR,
    matcher_region  VARCHAR,
    reason          VARCHAR NOT NULL,
    created_by      VARCHAR,
    created_at      TIMESTAMPTZ NOT NULL,
    expires_at      TIMESTAMPTZ NOT NULL
);
