-- One row per region and day of rail bulletins: trains, wagons and the running total, with provenance.
CREATE OR REPLACE VIEW rail_daily AS
SELECT
    region,
    CAST(period_end AS DATE)                                                   AS day,
    max(value) FILTER (WHERE indicator = 'rail.trains')                        AS trains,
    max(value) FILTER (WHERE indicator = 'rail.wagons')                        AS wagons,
    max(value) FILTER (WHERE indicator = 'rail.teu')                           AS teu,
    max(value) FILTER (WHERE indicator = 'rail.trains_cumulative')             AS trains_cumulative,
    any_value(qualifier) FILTER (WHERE indicator = 'rail.trains_cumulative')   AS cumulative_qualifier,
    string_agg(DISTINCT doc_id, ',')                                           AS doc_ids
FROM facts_current
WHERE measure = 'level' AND granularity = 'day'
  AND indicator IN ('rail.trains', 'rail.wagons', 'rail.teu', 'rail.trains_cumulative')
GROUP BY region, period_end;
