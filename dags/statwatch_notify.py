"""
# Notify staff

Runs when `statwatch://warehouse/alerts` is updated and every 10 minutes (to retry what is still pending):
sends the notifications outbox as Chinese e-mails through the Airflow connection `smtp_default`.
A row is marked sent only after the SMTP server accepted it; when the server is down the task fails
visibly and the rows stay pending for the next run.
"""

from __future__ import annotations

import pendulum
from airflow.sdk import Asset, AssetOrTimeSchedule, CronTriggerTimetable, dag, task

from statwatch.settings import WAREHOUSE_POOL

ALERTS = Asset("statwatch://warehouse/alerts")


@dag(schedule=AssetOrTimeSchedule(timetable=CronTriggerTimetable("*/10 * * * *", timezone="UTC"), assets=[ALERTS]),
     start_date=pendulum.datetime(2022, 1, 1, tz="UTC"), catchup=False, max_active_runs=1, tags=["statwatch"],
     doc_md=__doc__,
     default_args={"retries": 3, "retry_delay": pendulum.duration(seconds=20),
                   "execution_timeout": pendulum.duration(minutes=20)})
def notify_staff() -> None:
    @task(pool=WAREHOUSE_POOL)
    def send_notifications() -> dict:
        from statwatch.pipeline import run_notify
        from statwatch_airflow.glue import smtp_settings

        return run_notify(smtp_settings("smtp_default"))

    send_notifications()


notify_staff_dag = notify_staff()

if __name__ == "__main__":
    notify_staff_dag.test()
