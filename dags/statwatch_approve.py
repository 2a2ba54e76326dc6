"""
# Approve alerts

Runs when `statwatch://warehouse/alerts` is updated, and hourly. Alerts that need a person — a 【待核实】 record
claim that history contradicts, and any rule listed under `needs_approval` in `config/rules.yaml` — wait as
`awaiting_approval`: staff are told nothing yet.

`request_approvals` asks about each such alert once: the Required Actions link is recorded with the alert and
e-mailed to the `analysts` route. `approve_alert` (Airflow's human-in-the-loop `HITLOperator`, one mapped task
per alert) shows the analyst the evidence — the quote, the numbers, the evidence page — under **Required Actions**;
Approve or Reject. Nobody answering within `approval.timeout_hours` takes `approval.on_timeout` (reject by
default: nothing unverified is sent unattended). `record_decisions` stores who answered and when; approved alerts
are queued for staff (the e-mail footer names the approver) and `notify_staff` sends them.
"""

from __future__ import annotations

from datetime import timedelta

import pendulum
from airflow.providers.standard.operators.hitl import HITLOperator
from airflow.sdk import Asset, AssetAlias, AssetOrTimeSchedule, CronTriggerTimetable, dag, task

from statwatch.config import load_detection_rules
from statwatch.settings import WAREHOUSE_POOL
from statwatch_airflow.glue import ALERTS_CHANGED_ALIAS, APPROVAL_TASK
from statwatch_airflow.notifier import task_failure_notifier

ALERTS = Asset("statwatch://warehouse/alerts")
APPROVAL = load_detection_rules().approval


@dag(schedule=AssetOrTimeSchedule(timetable=CronTriggerTimetable("30 * * * *", timezone="UTC"), assets=[ALERTS]),
     start_date=pendulum.datetime(2022, 1, 1, tz="UTC"), catchup=False, max_active_runs=16, tags=["statwatch"],
     doc_md=__doc__,
     default_args={"on_failure_callback": task_failure_notifier(), "retries": 2,
                   "retry_delay": pendulum.duration(seconds=30), "execution_timeout": pendulum.duration(minutes=20)})
def approve_alerts() -> None:
    @task(pool=WAREHOUSE_POOL, outlets=[AssetAlias(ALERTS_CHANGED_ALIAS)])
    def request_approvals(**context) -> list[dict]:  # noqa: ANN003
        from statwatch.pipeline import run_request_approvals
        from statwatch_airflow.glue import announce_alerts, required_actions_url

        requests = run_request_approvals(approval_url=lambda i: required_actions_url(context, i))
        announce_alerts(context, bool(requests), {"approval_requests": len(requests)})  # the analysts' e-mail
        return requests

    @task
    def hitl_kwargs(requests: list[dict]) -> list[dict]:
        return [{"subject": r["subject"], "body": r["body"]} for r in requests]

    @task(pool=WAREHOUSE_POOL, trigger_rule="all_done", outlets=[AssetAlias(ALERTS_CHANGED_ALIAS)])
    def record_decisions(requests: list[dict], **context) -> dict:  # noqa: ANN003
        from statwatch.pipeline import run_record_decisions
        from statwatch_airflow.glue import announce_alerts, decisions

        counts = run_record_decisions(decisions(context, requests))
        announce_alerts(context, counts["approved"] > 0, counts)  # approved alerts are queued for staff
        return counts

    requests = request_approvals()
    answers = HITLOperator.partial(
        task_id=APPROVAL_TASK, options=["Approve", "Reject"], multiple=False,
        defaults=["Reject" if APPROVAL.on_timeout == "reject" else "Approve"],
        # a datetime.timedelta: the task runner cannot serialise a pendulum Duration when the task parks
        response_timeout=timedelta(hours=APPROVAL.timeout_hours), retries=0,  # the wait is bounded by response_timeout; execution_timeout bounds only the running parts
    ).expand_kwargs(hitl_kwargs(requests))
    answers >> record_decisions(requests)


approve_alerts_dag = approve_alerts()

if __name__ == "__main__":
    approve_alerts_dag.test()
