"""A failed task reaches the data engineers on call: Airflow's SmtpNotifier, to the `ops` route of
config/routes.yaml, through the connection `smtp_default` — independent of the warehouse and the outbox, so it
still works when they are what broke."""

from __future__ import annotations

from airflow.providers.smtp.notifications.smtp import SmtpNotifier

from statwatch.config import load_routes

SUBJECT = "【任务失败】{{ ti.dag_id }}.{{ ti.task_id }}（第{{ ti.try_number }}次尝试）"
# Rendered by Airflow's Jinja environment, which does not escape: every value is escaped here (an error message
# can quote a scraped page).
BODY = (
    "<p>statwatch 的任务失败，重试已用完：</p>"
    "<table>"
    "<tr><td>DAG</td><td>{{ ti.dag_id | e }}</td></tr>"
    "<tr><td>任务</td><td>{{ ti.task_id | e }}</td></tr>"
    "<tr><td>运行</td><td>{{ ti.run_id | e }}</td></tr>"
    "<tr><td>尝试</td><td>{{ ti.try_number }}</td></tr>"
    "<tr><td>错误</td><td><code>{{ (exception | string).splitlines()[0][:500] | e if exception else '—' }}</code>"
    "</td></tr>"
    "<tr><td>日志</td><td><a href=\"{{ ti.log_url | e }}\">{{ ti.log_url | e }}</a></td></tr>"
    "</table>"
)


def task_failure_notifier(topic: str = "ops") -> SmtpNotifier | None:
    """The on_failure_callback of every statwatch task: an e-mail to the route of `topic` (None without one)."""
    routes = load_routes()
    to = [r for route in routes.routes if route.topic == topic for r in route.recipients]
    if not to:
        return None
    return SmtpNotifier(to=to, from_email=routes.sender, subject=SUBJECT, html_content=BODY,
                        smtp_conn_id="smtp_default")
