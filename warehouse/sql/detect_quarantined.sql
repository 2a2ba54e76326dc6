-- Finished batches detection has not seen yet that had rows held in quarantine, with the checks that held them
-- (the check name opens each quarantine reason: "[money_level_jump] …").
SELECT b.batch_id, b.source_id, b.doc_id, d.url, b.rows_quarantined AS held,
       json_extract_string(b.validation, '$.data_docs') AS data_docs,
       to_json(list(DISTINCT regexp_extract(q.reason, '^\[([^\]]+)\]', 1) ORDER BY
                    regexp_extract(q.reason, '^\[([^\]]+)\]', 1))) AS failed_checks
FROM batches b
JOIN documents d ON d.doc_id = b.doc_id
LEFT JOIN quarantine q ON q.batch_id = b.batch_id
WHERE b.detected_at IS NULL AND b.rows_quarantined > 0
GROUP BY ALL
ORDER BY b.batch_id;
