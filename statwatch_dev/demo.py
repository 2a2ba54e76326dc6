"""`make demo`: the sample publisher, an SMTP sink and a real local Airflow, driven through the demo story.

The story: the publisher's clock starts at 2022-04-21; history is loaded by triggering each ingest DAG with
mode=backfill (alerts suppressed); then the clock advances a day at a time to 2022-04-30 and the Airflow
watchers notice each new release, so the ingest, detect and notify DAGs run by themselves.
"""

from __future__ import annotations

import json
import logging
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


def _eml_subjects(paths: list[Path]) -> list[str]:
    return [str(message_from_bytes(p.read_bytes(), policy=policy.default)["Subject"]) for p in paths]


def run_demo(*, project: Path | None = None, start: date = STORY_START, end: date = STORY_END,
             publisher_port: int = PUBLISHER_PORT, airflow_home: Path | None = None,
             say: Callable[[str], None] = print, profile: Any = None) -> DemoResult:
    """Run the demo story end to end through Airflow; stops everything it started.

    `profile` (statwatch_dev.cluster.ClusterProfile) runs it on another deployment: its `warehouse`, its
    `prepare(home, dags_folder, api_port)` → env and its `stack(home, env)`; None is the embedded one.
    """
    from statwatch import warehouse as wh
    from statwatch.config import load_sources
    from statwatch.discover import discover
    from statwatch.fetch import make_session
    from statwatch_dev.airflow_local import AirflowStack, free_port, prepare_airflow_home
    from statwatch_dev.publisher import Publisher
    from statwatch_dev.smtp_sink import start_sink

    t0 = time.monotonic()
    project = (project or settings.project_dir()).resolve()
    db = profile.warehouse if profile else settings.db_path()
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
        prepare = profile.prepare if profile else prepare_airflow_home
        env = prepare(home, dags_folder=project / "dags", api_port=free_port())
        env.update({
            "STATWATCH_HOME": str(project), "STATWATCH_DB": str(db), "STATWATCH_PUBLISHER_URL": pub.url,
            "STATWATCH_VAR": str(settings.var_dir()),
            # The demo replays 2022: against today's date every source would look silent for years.
            "STATWATCH_STALENESS": "off",
            "AIRFLOW_CONN_SMTP_DEFAULT": json.dumps({
                "conn_type": "smtp", "host": "127.0.0.1", "port": smtp_port,
                "extra": {"disable_ssl": True, "disable_tls": True, "from_email": "statwatch <statwatch@localhost>"}}),
        })
        import os

        os.environ["STATWATCH_PUBLISHER_URL"] = pub.url
        sources = [s for s in load_sources() if s.enabled]
        stack = (profile.stack(home, env) if profile else AirflowStack(home, env)).start()
        say(f"airflow: {', '.join(stack.components)} starting (AIRFLOW_HOME={home})")
        stack.wait_ready(timeout=120)
        # Where the password is, never the password: this output ends up in terminals, CI logs and bug reports.
        say(f"airflow UI http://127.0.0.1:{stack.api_port} (user admin): its generated password is in "
            f"{stack.password_file}, readable by you only")
        for dag_id in [f"ingest_{s.id}" for s in sources] + ["detect_events", "notify_staff"]:
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
            stack.wait_until_idle(timeout=180, quiet=6)
            for path in set(outbox.glob("*.eml")) - mail_before:
                latencies.append({"day": str(day), "email": path.name,
                                  "email_s": round(path.stat().st_mtime - published_at, 2)})
            new_mail = sorted(set(outbox.glob("*.eml")) - before, key=lambda p: int(p.stem))
            say(f"  {day}: released {', '.join(expect) or 'nothing'}; e-mails so far this run: {len(new_mail)}")
    finally:
        if stack is not None:
            stack.stop()
        sink.stop()
        pub.stop()

    result = summarize(db, outbox, before)
    result.seconds = time.monotonic() - t0
    result.latencies = latencies
    return result


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
    result.emails_this_run = _eml_subjects([p for p in all_mail if p not in (before or set())])
    result.warehouse, result.outbox = str(db), str(outbox)
    return result
