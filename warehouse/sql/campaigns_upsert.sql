-- A configured campaign (config/campaigns.yaml): inserted, or updated to what the file says now.
MERGE INTO campaigns
USING (SELECT $id AS campaign_id, $name AS name, $indicator AS indicator, $region AS region, $unit AS unit,
              $start::DATE AS start_day, $deadline::DATE AS deadline, $plan::DOUBLE AS plan,
              $tolerance::DOUBLE AS tolerance, $updated_at::TIMESTAMPTZ AS updated_at) s
ON campaigns.campaign_id = s.campaign_id
WHEN MATCHED THEN UPDATE SET name = s.name, indicator = s.indicator, region = s.region, unit = s.unit,
                             start_day = s.start_day, deadline = s.deadline, plan = s.plan,
                             tolerance = s.tolerance, updated_at = s.updated_at
WHEN NOT MATCHED THEN INSERT (campaign_id, name, indicator, region, unit, start_day, deadline, plan, tolerance,
                              updated_at)
                      VALUES (s.campaign_id, s.name, s.indicator, s.region, s.unit, s.start_day, s.deadline, s.plan,
                              s.tolerance, s.updated_at);
