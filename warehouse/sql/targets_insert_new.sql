-- A target stated in a document, unless the same target is already known (from config or an earlier document).
INSERT INTO targets (target_id, indicator, measure, region, period, comparison, value, unit, origin, quote, doc_id,
                     updated_at)
VALUES ($target_id, $indicator, $measure, $region, $period, $comparison, $value, $unit, $origin, $quote, $doc_id,
        $updated_at)
ON CONFLICT DO NOTHING;
