-- The latest vintage of every fact.
CREATE OR REPLACE VIEW facts_current AS
SELECT * FROM facts WHERE valid_to IS NULL;

-- What was known at a moment: SELECT * FROM facts_as_of(TIMESTAMPTZ '2022-04-20 00:00:00+08');
CREATE OR REPLACE MACRO facts_as_of(ts) AS TABLE
SELECT * FROM facts
WHERE valid_from <= ts AND (valid_to IS NULL OR valid_to > ts);
