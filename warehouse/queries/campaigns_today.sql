-- Each campaign's latest day: cumulative count against the plan and the 序时进度, and the days left.
SELECT name, as_of, cumulative, day_count, plan, round(expected, 2) AS expected,
       round(share_of_plan * 100, 1) AS pct_of_plan, round(share_of_pace * 100, 1) AS pct_of_pace,
       behind, completed, days_left
FROM campaign_progress
QUALIFY row_number() OVER (PARTITION BY campaign_id ORDER BY as_of DESC) = 1
ORDER BY name;
