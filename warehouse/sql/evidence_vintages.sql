-- Every vintage of the facts an alert is about (indicator, region, period), oldest first, with the document each
-- came from and the extractor version that read it. Parameters: indicator, region, period.
SELECT f.fact_id, f.indicator, f.measure, f.region, f.comparator, f.period, f.value, f.unit, f.qualifier, f.quote,
       f.quote_start, f.quote_end, f.doc_id, f.valid_from, f.valid_to, f.recorded_at,
       d.url, d.title AS doc_title, d.published_at, d.parser_version, d.version AS doc_version
FROM facts f LEFT JOIN documents d USING (doc_id)
WHERE f.indicator = ? AND f.region = ? AND f.period = ?
ORDER BY f.measure, f.comparator, f.valid_from, f.recorded_at;
