"""
# Detect events

Runs whenever `statwatch://warehouse/facts` is updated, and hourly (a source that went silent produces no
facts to react to): applies the detection rules (records, milestones, targets against 序时进度, comparisons,
revisions, claims, staleness) to the batches merged since the last run, writes alert edges and their outbox
rows in one transaction, and updates `statwatch://warehouse/alerts`.
"""

from __future__ import annotations

import pendulum
from airflow.sdk import Asset, AssetOrTimeSchedule, CronTriggerTimetable, dag, task

from statwatch.settings import WAREHOUSE_POOL
from statwatch_airflow.notifier import task_failure_notifier

FACTS = Asset("statwatch://warehouse/facts")
ALERTS = Asset("statwatch://warehouse/alerts")


@dag(schedule=AssetOrTimeSchedule(timetable=CronTriggerTimetable("0 * * * *", timezone="UTC"), assets=[FACTS]),
     start_date=pendulum.datetime(2022, 1, 1, tz="UTC"), catchup=False, max_active_runs=1,
     tags=["statwatch"], doc_md=__doc__,
     default_args={"on_failure_callback": task_failure_notifier(), "retries": 2, "retry_delay": pendulum.duration(seconds=30),
                   "execution_timeout": pendulum.duration(minutes=30)})
def detect_events() -> None:
    @task(pool=WAREHOUSE_POOL, outlets=[ALERTS])
    def detect_alerts() -> dict:
        from statwatch.pipeline import run_detect

        return run_detect()

    detect_alerts()


detect_events_dag = detect_events()

if __name__ == "__main__":
    detect_events_dag.test()
