"""
# Notify staff

Runs when `statwatch://warehouse/alerts` is updated and every 10 minutes (to retry what is still pending):
sends the notifications outbox as Chinese e-mails through the Airflow connection `smtp_default`.
A row is marked sent only after the SMTP server accepted it. When the server is down the rows stay pending
with the outbox's own backoff (30 s, doubling) and the task **fails**, and every later run fails too while a
message is still owed, so an undelivered e-mail stays red in the grid until it is delivered. Airflow's
retries come 30 s apart, when the outbox's first backoff has passed; a message that cannot be built is marked
`failed` with the reason and does not hold the others back.
"""

from __future__ import annotations

import pendulum
from airflow.sdk import Asset, AssetOrTimeSchedule, CronTriggerTimetable, dag, task

from statwatch.settings import WAREHOUSE_POOL
from statwatch_airflow.notifier import task_failure_notifier

ALERTS = Asset("statwatch://warehouse/alerts")


@dag(schedule=AssetOrTimeSchedule(timetable=CronTriggerTimetable("*/10 * * * *", timezone="UTC"), assets=[ALERTS]),
     start_date=pendulum.datetime(2022, 1, 1, tz="UTC"), catchup=False, max_active_runs=1, tags=["statwatch"],
     doc_md=__doc__,
     default_args={"on_failure_callback": task_failure_notifier(), "retries": 2, "retry_delay": pendulum.duration(seconds=30),
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
