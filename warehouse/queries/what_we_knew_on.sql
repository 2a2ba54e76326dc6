-- What the warehouse knew at a moment (ALFRED-style real-time period): GDP of every region as of 2022-04-30.
SELECT indicator, region, period, value, unit, valid_from, valid_to
FROM facts_as_of(TIMESTAMPTZ '2022-04-30 23:59:59+08')
WHERE indicator = 'gdp' AND measure = 'level'
ORDER BY region, period;
