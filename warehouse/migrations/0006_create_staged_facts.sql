-- Stages commit their own rows: extract writes staged_facts, validate marks each row passed or held, merge moves
-- the passing rows into facts. A batch's status says which stage it has reached:
-- fetched → extracted → validated → loaded / partial / quarantined / no_facts (or failed: the body cannot be read).
CREATE TABLE staged_facts (
    batch_id        VARCHAR NOT NULL,
    row_index       INTEGER NOT NULL,             -- extraction order within the batch
    fact_id         VARCHAR NOT NULL,
    indicator       VARCHAR NOT NULL,
    measure         VARCHAR NOT NULL,
    region          VARCHAR NOT NULL,
    comparator      VARCHAR NOT NULL DEFAULT '',
    period          VARCHAR NOT NULL,
    granularity     VARCHAR NOT NULL,
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
    valid_from      TIMESTAMPTZ NOT NULL,
    recorded_at     TIMESTAMPTZ NOT NULL,
    passed          BOOLEAN,                      -- NULL until validated; FALSE: held in quarantine
    PRIMARY KEY (batch_id, row_index)
);
-- Documents whose body could not be read left their batch 'fetched' before batches carried the stage.
UPDATE batches SET status = 'failed'
WHERE status = 'fetched' AND doc_id IN (SELECT doc_id FROM documents WHERE status = 'failed');
