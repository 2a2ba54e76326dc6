-- Every campaign (config/campaigns.yaml, synced into `campaigns`) on every as-of day it has a cumulative count:
-- the count, the plan, the 序时进度 of the campaign's window by days (the start and the as-of day both count; after
-- the deadline the whole window), the shares, and whether it is behind (actual < expected × (1 − tolerance)).
CREATE OR REPLACE VIEW campaign_progress AS
WITH cum AS (
    SELECT c.campaign_id, f.period_end AS as_of, f.period, f.value, f.quote, f.doc_id,
           row_number() OVER (PARTITION BY c.campaign_id, f.period_end ORDER BY f.period_start) AS n
    FROM campaigns c
    JOIN facts_current f
      ON f.indicator = c.indicator AND f.region = c.region AND f.unit = c.unit
     AND f.measure = 'level' AND f.granularity = 'days' AND f.period_start >= c.start_day
),
paced AS (
    SELECT c.*, k.as_of, k.period, k.value AS cumulative, k.quote, k.doc_id,
           date_diff('day', c.start_day, c.deadline) + 1                                        AS window_days,
           least(date_diff('day', c.start_day, k.as_of) + 1, date_diff('day', c.start_day, c.deadline) + 1)
                                                                                                AS elapsed_days
    FROM campaigns c JOIN cum k ON k.campaign_id = c.campaign_id AND k.n = 1
)
SELECT
    campaign_id,
    name,
    indicator,
    region,
    unit,
    start_day,
    deadline,
    as_of,
    period,
    cumulative,
    (SELECT max(d.value) FROM facts_current d
     WHERE d.indicator = paced.indicator AND d.region = paced.region AND d.unit = paced.unit
       AND d.measure = 'level' AND d.granularity = 'day' AND d.period_end = paced.as_of)  AS day_count,
    plan,
    elapsed_days,
    window_days,
    greatest(date_diff('day', as_of, deadline), 0)                                      AS days_left,
    plan * elapsed_days / window_days                                                   AS expected,
    cumulative / plan                                                                   AS share_of_plan,
    cumulative / nullif(plan * elapsed_days / window_days, 0)                           AS share_of_pace,
    cumulative >= plan                                                                  AS completed,
    cumulative < plan * elapsed_days / window_days * (1 - tolerance)                    AS behind,
    quote,
    doc_id
FROM paced;
