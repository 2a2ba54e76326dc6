"""`make demo`: the sample publisher, an SMTP sink and a real local Airflow, driven through the demo story.

The story: the publisher's clock starts at 2022-04-21; history is loaded by triggering each ingest DAG with
mode=backfill (alerts suppressed); then the clock advances a day at a time to 2022-04-30 and the Airflow
watchers notice each new release, so the ingest, detect and notify DAGs run by themselves.
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from email import message_from_bytes, policy
from pathlib import Path
from typing import Any

from statwatch import settings

log = logging.getLogger(__name__)

STORY_START = date(2022, 4, 21)
STORY_END = date(2022, 4, 30)
PUBLISHER_PORT = 8765


@dataclass
class DemoResult:
    """What the demo left behind."""

    documents: int = 0
    facts: int = 0
    facts_current: int = 0
    alerts: dict[str, int] = field(default_factory=dict)
    notifications_sent: int = 0
    emails_total: int = 0
    emails_this_run: list[str] = field(default_factory=list)
    seconds: float = 0.0
    warehouse: str = ""
    outbox: str = ""
    latencies: list[dict[str, Any]] = field(default_factory=list)
    evidence_this_run: list[list[str]] = field(default_factory=list)  # the 查看证据 links of each e-mail
    approvals: list[str] = field(default_factory=list)  # what the demo approved through the REST API
    ui_url: str = ""  # the Airflow UI (and its evidence pages, under /statwatch/alerts)
    password_file: str = ""  # where the admin password is (never the password)
    stop: Callable[[], None] | None = None  # with keep=True: stops what the demo left running


def _eml_subjects(paths: list[Path]) -> list[str]:
    return [str(message_from_bytes(p.read_bytes(), policy=policy.default)["Subject"]) for p in paths]


def evidence_links(path: Path) -> list[str]:
    """The 查看证据 links of a sent e-mail (its plain-text part)."""
    msg = message_from_bytes(path.read_bytes(), policy=policy.default)
    body = msg.get_body(preferencelist=("plain",))
    text = body.get_content() if body is not None else ""  # type: ignore[attr-defined]
    return re.findall(r"查看证据：(\S+)", text)


def run_demo(*, project: Path | None = None, start: date = STORY_START, end: date = STORY_END,
             publisher_port: int = PUBLISHER_PORT, airflow_home: Path | None = None,
             say: Callable[[str], None] = print, approve: bool = True, keep: bool = False,
             ui_port: int | None = None) -> DemoResult:
    """Run the demo story end to end through Airflow. Alerts that wait for an analyst are approved through the
    REST API (`approve`, as the admin user) or left waiting under Required Actions. Stops everything it started,
    unless `keep`: then the result's `stop` does (the UI stays up to be browsed)."""
    from statwatch import warehouse as wh
    from statwatch.config import load_sources
    from statwatch.discover import discover
    from statwatch.fetch import make_session
    from statwatch_dev.airflow_local import AirflowStack, free_port, prepare_airflow_home
    from statwatch_dev.publisher import Publisher
    from statwatch_dev.smtp_sink import start_sink

    t0 = time.monotonic()
    project = (project or settings.project_dir()).resolve()
    db = settings.db_path()
    outbox = settings.var_dir() / "outbox"
    outbox.mkdir(parents=True, exist_ok=True)
    before = set(outbox.glob("*.eml"))
    with wh.writer(db):
        pass  # migrated and published before Airflow starts

    pub = Publisher(start=start, host="127.0.0.1", port=publisher_port)
    pub.start()
    smtp_port = free_port()
    sink = start_sink(outbox, port=smtp_port)
    home = airflow_home or project / ".airflow"
    # Airflow's metadata is operational state for one demo run (the warehouse is the durable state):
    # a fresh home gives every run the same story, watchers taking their baseline at the first day.
    shutil.rmtree(home, ignore_errors=True)
    stack = None
    try:
        say(f"publisher {pub.url} (clock {pub.clock}), SMTP sink 127.0.0.1:{smtp_port} -> {outbox}")
        api_port = ui_port or free_port()
        env = prepare_airflow_home(home, dags_folder=project / "dags", api_port=api_port)
        ui_url = f"http://127.0.0.1:{api_port}"
        env.update({
            # Every e-mail links its evidence page on this UI (routes.yaml ui_url).
            "STATWATCH_UI_URL": ui_url,
            "STATWATCH_HOME": str(project), "STATWATCH_DB": str(db), "STATWATCH_PUBLISHER_URL": pub.url,
            "STATWATCH_VAR": str(settings.var_dir()),
            # The demo replays 2022: against today's date every source would look silent for years.
            "STATWATCH_STALENESS": "off",
            "AIRFLOW_CONN_SMTP_DEFAULT": json.dumps({
                "conn_type": "smtp", "host": "127.0.0.1", "port": smtp_port,
                "extra": {"disable_ssl": True, "disable_tls": True, "from_email": "statwatch <statwatch@localhost>"}}),
        })
        os.environ["STATWATCH_PUBLISHER_URL"] = pub.url
        sources = [s for s in load_sources() if s.enabled]
        os.environ["STATWATCH_UI_URL"] = ui_url
        stack = AirflowStack(home, env).start()
        say(f"airflow: api-server, scheduler, dag-processor, triggerer starting (AIRFLOW_HOME={home})")
        stack.wait_ready(timeout=120)
        # Where the password is, never the password: this output ends up in terminals, CI logs and bug reports.
        say(f"airflow UI http://127.0.0.1:{stack.api_port} (user admin): its generated password is in "
            f"{stack.password_file}, readable by you only")
        for dag_id in [f"ingest_{s.id}" for s in sources] + ["detect_events", "notify_staff", "approve_alerts"]:
            stack.wait_parsed(dag_id, timeout=120)
        for s in sources:
            if s.feed:
                stack.wait_baseline(f"statwatch://source/{s.id}", timeout=120)
        say("airflow ready; watchers have taken their baseline")

        for s in sources:
            stack.trigger(f"ingest_{s.id}", {"mode": "backfill", "since": None})
        for s in sources:
            stack.wait_for_runs(f"ingest_{s.id}", 1, timeout=300)
        stack.wait_until_idle(timeout=300, quiet=6)
        say(f"backfill to {start} loaded (alerts suppressed)")

        session = make_session(set().union(*(s.hosts for s in sources)),
                               allow_private=any(s.allow_private_addresses for s in sources))
        seen = {s.id: {i.url for i in discover(s, session)} for s in sources}
        latencies = []
        approvals: list[str] = []
        day = start
        while day < end:
            day += timedelta(days=1)
            runs_before = {s.id: len(stack.dag_runs(f"ingest_{s.id}")) for s in sources}
            mail_before = set(outbox.glob("*.eml"))
            pub.set_clock(day)
            published_at = time.time()
            expect = []
            for s in sources:
                now_items = {i.url for i in discover(s, session)}
                if now_items - seen[s.id]:
                    expect.append(s.id)
                seen[s.id] = now_items
            for sid in expect:
                runs = stack.wait_for_runs(f"ingest_{sid}", runs_before[sid] + 1, timeout=180)
                facts_at = runs[runs_before[sid]]["end_date"].timestamp()
                latencies.append({"day": str(day), "source": sid, "facts_s": round(facts_at - published_at, 2)})
            _settle(stack, approvals if approve else None, say)
            for path in set(outbox.glob("*.eml")) - mail_before:
                latencies.append({"day": str(day), "email": path.name,
                                  "email_s": round(path.stat().st_mtime - published_at, 2)})
            new_mail = sorted(set(outbox.glob("*.eml")) - before, key=lambda p: int(p.stem))
            say(f"  {day}: released {', '.join(expect) or 'nothing'}; e-mails so far this run: {len(new_mail)}")
    except BaseException:
        keep = False
        raise
    finally:
        def stop() -> None:
            if stack is not None:
                stack.stop()
            sink.stop()
            pub.stop()

        if not keep:
            stop()

    result = summarize(db, outbox, before)
    result.seconds = time.monotonic() - t0
    result.latencies = latencies
    result.approvals = approvals
    result.ui_url, result.password_file = ui_url, str(stack.password_file)
    result.stop = stop if keep else None
    return result


def _settle(stack: Any, approvals: list[str] | None, say: Callable[[str], None]) -> None:
    """Wait until Airflow is idle but for people; with `approvals`, answer each waiting approval request through
    the REST API as the admin user (as an analyst would under Required Actions), and wait for what follows."""
    token = None
    while True:
        stack.wait_until_idle(timeout=180, quiet=6, awaiting_ok=True)
        pending = stack.pending_approvals() if approvals is not None else []
        if not pending:
            return
        token = token or stack.api_token()
        for request in pending:
            stack.answer(request, "Approve", token=token)
            approvals.append(request["subject"])  # type: ignore[union-attr]
            say(f"  approved through the REST API (as admin): {request['subject']}")


def summarize(db: Path, outbox: Path, before: set[Path] | None = None) -> DemoResult:
    """Counts from the warehouse and the outbox."""
    from statwatch import warehouse as wh

    con = wh.connect(db, read_only=True)
    try:
        def q(sql: str) -> int:
            return int(wh.scalar(con, sql))

        result = DemoResult(
            documents=q("SELECT count(*) FROM documents"), facts=q("SELECT count(*) FROM facts"),
            facts_current=q("SELECT count(*) FROM facts_current"),
            alerts=dict(con.execute("SELECT state, count(*) FROM alerts GROUP BY state ORDER BY state").fetchall()),
            notifications_sent=q("SELECT count(*) FROM notifications WHERE status = 'sent'"),
        )
    finally:
        con.close()
    all_mail = sorted(outbox.glob("*.eml"), key=lambda p: int(p.stem))
    result.emails_total = len(all_mail)
    new = [p for p in all_mail if p not in (before or set())]
    result.emails_this_run = _eml_subjects(new)
    result.evidence_this_run = [evidence_links(p) for p in new]
    result.warehouse, result.outbox = str(db), str(outbox)
    return result
