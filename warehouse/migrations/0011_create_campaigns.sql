-- Operations campaigns (config/campaigns.yaml), synced by detection the way targets are: SQL sees each campaign's
-- plan and window (the campaign_progress view). A campaign id is its key: the sync upserts with MERGE INTO, so
-- the DuckLake (which keeps no primary key) stays one row per campaign too.
CREATE TABLE campaigns (
    campaign_id     VARCHAR PRIMARY KEY,          -- the id in config/campaigns.yaml: jk_wells_2022
    name            VARCHAR NOT NULL,             -- 经开区雨污水井清掏专项行动
    indicator       VARCHAR NOT NULL,             -- the cumulative count: ops.wells_cleared
    region          VARCHAR NOT NULL,
    unit            VARCHAR NOT NULL,
    start_day       DATE NOT NULL,                -- the first day of the window
    deadline        DATE NOT NULL,                -- the last day of the window
    plan            DOUBLE NOT NULL,              -- the count to reach by the deadline
    tolerance       DOUBLE NOT NULL,              -- behind when actual < expected × (1 − tolerance)
    updated_at      TIMESTAMPTZ NOT NULL          -- last sync
);
