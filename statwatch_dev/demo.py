"""`make demo`: the sample publisher, an SMTP sink and a real local Airflow, driven through the demo story.

The story: the publisher's clock starts at 2022-04-21; history is loaded by triggering each ingest DAG with
mode=backfill (alerts suppressed); then the clock advances a day at a time to 2022-04-30, and jumps to 2022-05-25
(the day 经开区's campaign reaches its plan); the Airflow watchers notice each new release, so the ingest, detect
and notify DAGs run by themselves.

The pieces are reusable (`statwatch chaos` drives the same story while it kills things): `start_story` starts the
publisher, the SMTP sink and Airflow and waits for the watchers' baseline; `load_backfill` loads the history;
`release_day` advances the clock one day and waits for what it released; `StoryStack.stop` stops everything.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from statwatch import settings
from statwatch_dev.outbox import mail_files, read_mail
from statwatch_dev.publisher.story import CAMPAIGN_DONE_DAY

if TYPE_CHECKING:
    import requests

    from statwatch.config import Source
    from statwatch_dev.airflow_local import AirflowStack
    from statwatch_dev.publisher import Publisher

log = logging.getLogger(__name__)

STORY_START = date(2022, 4, 21)
STORY_END = date(2022, 4, 30)
# After STORY_END the clock jumps: to the day 经开区's 雨污水井清掏 campaign reaches its plan (every bulletin of May
# so far arrives at once: one 【进度】 digest and the 【完成】).
STORY_JUMPS = (CAMPAIGN_DONE_DAY,)
PUBLISHER_PORT = 8765


class Stoppable(Protocol):
    def stop(self) -> None: ...


SinkFactory = Callable[[Path, int], Stoppable]  # (outbox, port) → a running SMTP sink


def thread_sink(outbox: Path, port: int) -> Stoppable:
    """The demo's SMTP sink: aiosmtpd on a thread of this process."""
    from statwatch_dev.smtp_sink import start_sink

    return start_sink(outbox, port=port)


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


@dataclass
class StoryStack:
    """Everything the story runs against: the publisher, the SMTP sink, Airflow, and what the feeds listed."""

    project: Path
    db: Path
    outbox: Path
    publisher: Publisher
    sink: Stoppable
    smtp_port: int
    home: Path
    sources: list[Source]
    ui_url: str = ""  # the Airflow UI; every e-mail links its evidence page there
    stack: AirflowStack | None = None
    approvals: list[str] = field(default_factory=list)  # what the story approved through the REST API
    session: requests.Session | None = None
    seen: dict[str, set[str]] = field(default_factory=dict)  # source id → item URLs its feed listed last

    def stop(self) -> None:
        """Stop Airflow, the sink and the publisher (whatever of them was started)."""
        try:
            if self.stack is not None:
                self.stack.stop()
        finally:
            try:
                self.sink.stop()
            finally:
                self.publisher.stop()


@dataclass
class DayResult:
    """What releasing one day did."""

    day: date
    released: list[str]  # ids of the sources that published something new
    new_mail: list[Path]  # .eml files that arrived while the day ran
    latencies: list[dict[str, Any]] = field(default_factory=list)


def _mail(outbox: Path) -> set[Path]:
    return set(outbox.glob("*.eml"))


def start_story(*, project: Path | None = None, start: date = STORY_START, publisher_port: int = PUBLISHER_PORT,
                airflow_home: Path | None = None, say: Callable[[str], None] = print,
                sink_factory: SinkFactory = thread_sink, airflow_overrides: Mapping[str, str] | None = None,
                profile: Any = None, ui_port: int | None = None) -> StoryStack:
    """Start the publisher (clock at `start`), the SMTP sink and a fresh Airflow, and wait until every DAG is parsed
    and every watcher has taken its baseline. On failure, stops what it started.

    `profile` (statwatch_dev.cluster.ClusterProfile) runs it on another deployment: its `warehouse`, its
    `prepare(home, dags_folder, api_port)` → env and its `stack(home, env)`; None is the embedded one.
    """
    from statwatch import warehouse as wh
    from statwatch.config import load_sources
    from statwatch_dev.airflow_local import AirflowStack, free_port, prepare_airflow_home
    from statwatch_dev.publisher import Publisher

    project = (project or settings.project_dir()).resolve()
    db = profile.warehouse if profile else settings.db_path()
    outbox = settings.var_dir() / "outbox"
    outbox.mkdir(parents=True, exist_ok=True)
    with wh.writer(db):
        pass  # migrated and published before Airflow starts

    pub = Publisher(start=start, host="127.0.0.1", port=publisher_port)
    pub.start()
    smtp_port = free_port()
    try:
        sink = sink_factory(outbox, smtp_port)
    except BaseException:
        pub.stop()
        raise
    home = airflow_home or project / ".airflow"
    # Airflow's metadata is operational state for one demo run (the warehouse is the durable state):
    # a fresh home gives every run the same story, watchers taking their baseline at the first day.
    shutil.rmtree(home, ignore_errors=True)
    story = StoryStack(project=project, db=db, outbox=outbox, publisher=pub, sink=sink, smtp_port=smtp_port,
                       home=home, sources=[])
    try:
        say(f"publisher {pub.url} (clock {pub.clock}), SMTP sink 127.0.0.1:{smtp_port} -> {outbox}")
        prepare = profile.prepare if profile else prepare_airflow_home
        api_port = ui_port or free_port()
        env = prepare(home, dags_folder=project / "dags", api_port=api_port)
        story.ui_url = f"http://127.0.0.1:{api_port}"
        env.update({
            # Every e-mail links its evidence page on this UI (routes.yaml ui_url).
            "STATWATCH_UI_URL": story.ui_url,
            "STATWATCH_HOME": str(project), "STATWATCH_DB": str(db), "STATWATCH_PUBLISHER_URL": pub.url,
            "STATWATCH_VAR": str(settings.var_dir()),
            # The demo replays 2022: against today's date every source would look silent for years.
            "STATWATCH_STALENESS": "off",
            "AIRFLOW_CONN_SMTP_DEFAULT": json.dumps({
                "conn_type": "smtp", "host": "127.0.0.1", "port": smtp_port,
                "extra": {"disable_ssl": True, "disable_tls": True, "from_email": "statwatch <statwatch@localhost>"}}),
        })
        env.update(airflow_overrides or {})
        os.environ["STATWATCH_PUBLISHER_URL"] = pub.url
        os.environ["STATWATCH_UI_URL"] = story.ui_url
        story.sources = [s for s in load_sources() if s.enabled]
        stack = story.stack = (profile.stack(home, env) if profile else AirflowStack(home, env)).start()
        say(f"airflow: {', '.join(stack.components)} starting (AIRFLOW_HOME={home})")
        stack.wait_ready(timeout=120)
        # Where the password is, never the password: this output ends up in terminals, CI logs and bug reports.
        say(f"airflow UI http://127.0.0.1:{stack.api_port} (user admin): its generated password is in "
            f"{stack.password_file}, readable by you only")
        for dag_id in [f"ingest_{s.id}" for s in story.sources] + ["detect_events", "notify_staff", "approve_alerts"]:
            stack.wait_parsed(dag_id, timeout=120)
        for s in story.sources:
            if s.feed:
                stack.wait_baseline(f"statwatch://source/{s.id}", timeout=120)
        say("airflow ready; watchers have taken their baseline")
    except BaseException:
        story.stop()
        raise
    return story


def load_backfill(story: StoryStack, *, timeout: float = 300, quiet: float = 6) -> None:
    """Trigger every ingest DAG with mode=backfill and wait until Airflow is idle again; then remember what each
    feed lists, so that `release_day` knows what is new."""
    from statwatch.discover import discover
    from statwatch.fetch import make_session

    stack = _stack(story)
    for s in story.sources:
        stack.trigger(f"ingest_{s.id}", {"mode": "backfill", "since": None})
    for s in story.sources:
        stack.wait_for_runs(f"ingest_{s.id}", 1, timeout=timeout)
    stack.wait_until_idle(timeout=timeout, quiet=quiet)
    story.session = make_session(set().union(*(s.hosts for s in story.sources)),
                                 allow_private=any(s.allow_private_addresses for s in story.sources))
    story.seen = {s.id: {i.url for i in discover(s, story.session)} for s in story.sources}


def release_day(story: StoryStack, day: date, *, runs_timeout: float = 180, idle_timeout: float = 180,
                quiet: float = 6, approve: bool = True, say: Callable[[str], None] = print) -> DayResult:
    """Set the publisher's clock to `day`, wait for the ingest run of every source that released something and
    until Airflow is idle again (detection and delivery included). Alerts that wait for an analyst are approved
    through the REST API (`approve`, as the admin user; recorded in `story.approvals`) or left waiting under
    Required Actions."""
    from statwatch.discover import discover

    stack = _stack(story)
    if story.session is None:
        raise RuntimeError("load_backfill first: it records what the feeds listed before the story")
    runs_before = {s.id: len(stack.dag_runs(f"ingest_{s.id}")) for s in story.sources}
    mail_before = _mail(story.outbox)
    story.publisher.set_clock(day)
    published_at = time.time()
    released = []
    for s in story.sources:
        now_items = {i.url for i in discover(s, story.session)}
        if now_items - story.seen[s.id]:
            released.append(s.id)
        story.seen[s.id] = now_items
    latencies = []
    for sid in released:
        runs = stack.wait_for_runs(f"ingest_{sid}", runs_before[sid] + 1, timeout=runs_timeout)
        facts_at = runs[runs_before[sid]]["end_date"].timestamp()
        latencies.append({"day": str(day), "source": sid, "facts_s": round(facts_at - published_at, 2)})
    _settle(stack, story.approvals if approve else None, say, timeout=idle_timeout, quiet=quiet)
    new_mail = sorted(_mail(story.outbox) - mail_before, key=lambda p: int(p.stem))
    for path in new_mail:
        latencies.append({"day": str(day), "email": path.name,
                          "email_s": round(path.stat().st_mtime - published_at, 2)})
    return DayResult(day, released, new_mail, latencies)


def _settle(stack: AirflowStack, approvals: list[str] | None, say: Callable[[str], None], *,
            timeout: float = 180, quiet: float = 6) -> None:
    """Wait until Airflow is idle but for people; with `approvals`, answer each waiting approval request through
    the REST API as the admin user (as an analyst would under Required Actions), and wait for what follows."""
    token = None
    while True:
        stack.wait_until_idle(timeout=timeout, quiet=quiet, awaiting_ok=True)
        pending = stack.pending_approvals() if approvals is not None else []
        if not pending:
            return
        token = token or stack.api_token()
        for request in pending:
            stack.answer(request, "Approve", token=token)
            approvals.append(request["subject"])  # type: ignore[union-attr]
            say(f"  approved through the REST API (as admin): {request['subject']}")


def _stack(story: StoryStack) -> AirflowStack:
    if story.stack is None:
        raise RuntimeError("the story's Airflow is not running")
    return story.stack


def story_days(start: date = STORY_START, end: date = STORY_END, jumps: tuple[date, ...] = ()) -> list[date]:
    """The days the clock advances to after the backfill: start + 1 … end, then each of `jumps` after `end`."""
    return [start + timedelta(days=n) for n in range(1, (end - start).days + 1)] + sorted(d for d in jumps if d > end)


def run_demo(*, project: Path | None = None, start: date = STORY_START, end: date = STORY_END,
             publisher_port: int = PUBLISHER_PORT, airflow_home: Path | None = None,
             say: Callable[[str], None] = print, profile: Any = None, approve: bool = True, keep: bool = False,
             ui_port: int | None = None, jumps: tuple[date, ...] | None = None) -> DemoResult:
    """Run the demo story end to end through Airflow (on `profile`'s deployment, see `start_story`). Alerts that
    wait for an analyst are approved through the REST API (`approve`) or left waiting under Required Actions.
    Stops everything it started, unless `keep`: then the result's `stop` does (the UI stays up to be browsed).
    `jumps`: days after `end` the clock jumps to (default: STORY_JUMPS when the story runs to its end)."""
    t0 = time.monotonic()
    outbox = settings.var_dir() / "outbox"
    outbox.mkdir(parents=True, exist_ok=True)
    before = _mail(outbox)
    story = start_story(project=project, start=start, publisher_port=publisher_port, airflow_home=airflow_home,
                        say=say, profile=profile, ui_port=ui_port)
    latencies: list[dict[str, Any]] = []
    try:
        load_backfill(story)
        say(f"backfill to {start} loaded (alerts suppressed)")
        if jumps is None:
            jumps = STORY_JUMPS if end >= STORY_END else ()
        for day in story_days(start, end, jumps):
            done = release_day(story, day, approve=approve, say=say)
            latencies += done.latencies
            new_mail = _mail(outbox) - before
            say(f"  {day}: released {', '.join(done.released) or 'nothing'}; e-mails so far this run: {len(new_mail)}")
    except BaseException:
        story.stop()
        raise
    if not keep:
        story.stop()

    result = summarize(story.db, outbox, before)
    result.seconds = time.monotonic() - t0
    result.latencies = latencies
    result.approvals = list(story.approvals)
    result.ui_url = story.ui_url
    result.password_file = str(story.stack.password_file) if story.stack is not None else ""
    result.stop = story.stop if keep else None
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
    all_mail = mail_files(outbox)
    result.emails_total = len(all_mail)
    new = [read_mail(p) for p in all_mail if p not in (before or set())]
    result.emails_this_run = [m.subject for m in new]
    result.evidence_this_run = [list(m.evidence) for m in new]
    result.warehouse, result.outbox = str(db), str(outbox)
    return result
