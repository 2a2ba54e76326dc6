-- A configured target (config/targets.yaml wins over the same target stated in a document).
MERGE INTO targets
USING (SELECT $target_id AS target_id, $indicator AS indicator, $measure AS measure, $region AS region,
              $period AS period, $comparison AS comparison, $value::DOUBLE AS value, $unit AS unit, $origin AS origin,
              $quote AS quote, $doc_id AS doc_id, $updated_at::TIMESTAMPTZ AS updated_at) s
ON targets.target_id = s.target_id
WHEN MATCHED THEN UPDATE SET indicator = s.indicator, measure = s.measure, region = s.region, period = s.period,
                             comparison = s.comparison, value = s.value, unit = s.unit, origin = s.origin,
                             quote = s.quote, doc_id = s.doc_id, updated_at = s.updated_at
WHEN NOT MATCHED THEN INSERT (target_id, indicator, measure, region, period, comparison, value, unit, origin, quote,
                              doc_id, updated_at)
                      VALUES (s.target_id, s.indicator, s.measure, s.region, s.period, s.comparison, s.value, s.unit,
                              s.origin, s.quote, s.doc_id, s.updated_at);
