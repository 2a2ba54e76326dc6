-- What documents claim about themselves (创新高, 单日最高纪录, 累计突破…): checked against history by detection.
CREATE TABLE claims (
    claim_id        VARCHAR PRIMARY KEY,          -- 'c' + hash of (doc_id, indicator, region, period, value, quote)
    doc_id          VARCHAR NOT NULL,
    indicator       VARCHAR NOT NULL,             -- rail.record / rail.milestone
    region          VARCHAR NOT NULL,
    period          VARCHAR NOT NULL,
    value           DOUBLE,                       -- the count the claim is about
    unit            VARCHAR,                      -- its unit (列, 车, 标箱): names the series it claims a record of
    quote           VARCHAR NOT NULL,             -- the claim as written
    created_at      TIMESTAMPTZ NOT NULL
);
