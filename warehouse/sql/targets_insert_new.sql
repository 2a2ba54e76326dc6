-- A target stated in a document, unless the same target is already known (from config or an earlier document).
INSERT INTO targets (target_id, indicator, measure, region, period, comparison, value, unit, origin, quote, doc_id,
                     updated_at)
SELECT $target_id, $indicator, $measure, $region, $period, $comparison, $value, $unit, $origin, $quote, $doc_id,
       $updated_at
WHERE NOT EXISTS (SELECT 1 FROM targets WHERE target_id = $target_id);
