-- A configured target (config/targets.yaml wins over the same target stated in a document).
INSERT OR REPLACE INTO targets (target_id, indicator, measure, region, period, comparison, value, unit, origin, quote,
                                doc_id, updated_at)
VALUES ($target_id, $indicator, $measure, $region, $period, $comparison, $value, $unit, $origin, $quote, $doc_id,
        $updated_at);
