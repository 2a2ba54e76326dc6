-- One row per rail source and day: trains, wagons and the running total, with provenance.
-- Grouped by source, not region: a bulletin names the operator for the day's trains and the platform
-- (中欧班列(中豫号)) for the running total.
CREATE OR REPLACE VIEW rail_daily AS
SELECT
    source_id,
    CAST(period_end AS DATE)                                                   AS day,
    any_value(region) FILTER (WHERE indicator = 'rail.trains')                 AS region,
    max(value) FILTER (WHERE indicator = 'rail.trains')                        AS trains,
    max(value) FILTER (WHERE indicator = 'rail.wagons')                        AS wagons,
    max(value) FILTER (WHERE indicator = 'rail.teu')                           AS teu,
    max(value) FILTER (WHERE indicator = 'rail.trains_cumulative')             AS trains_cumulative,
    any_value(qualifier) FILTER (WHERE indicator = 'rail.trains_cumulative')   AS cumulative_qualifier,
    string_agg(DISTINCT doc_id, ',')                                           AS doc_ids
FROM facts_current
WHERE measure = 'level' AND granularity = 'day'
  AND indicator IN ('rail.trains', 'rail.wagons', 'rail.teu', 'rail.trains_cumulative')
GROUP BY source_id, period_end;
