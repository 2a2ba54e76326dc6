"""`make chaos`: the demo story against the real stack while a seeded schedule SIGKILLs its parts.

First the same story runs through the library in this process, without Airflow and without kills (the clean
reference: facts, alerts, e-mails per day, articles). Then the demo's building blocks (`statwatch_dev.demo`) run it
through a real local Airflow while a `random.Random(seed)` plan kills, at random moments of each story day: the
scheduler, the triggerer, the dag-processor, the api-server (each as a whole process group, then started again), a
running task's process or its supervisor (Airflow retries the task), the writer in mid-merge (the `merge_facts`
task holding the warehouse write lock), the notifier right after the SMTP server accepted a message (before the
outbox row is marked sent) and the SMTP sink (restarted on the same port and outbox). At the end the checks
compare the warehouse and the outbox with the reference: nothing lost, nothing duplicated beyond the documented
resend with the same Message-ID, nothing left `sending`.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import random
import shutil
import signal
import socket
import subprocess  # noqa: S404 - the SMTP sink runs as the venv's own `statwatch smtp-sink`
import sys
import threading
import time
import warnings
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from statwatch import settings
from statwatch_dev.demo import (
    STORY_END,
    STORY_START,
    StoryStack,
    load_backfill,
    release_day,
    start_story,
    story_days,
)
from statwatch_dev.outbox import Mail, read_outbox

log = logging.getLogger(__name__)

# What may be killed. Components are killed as a whole process group and started again by the script; task
# processes are retried by Airflow (every task has retries); the sink is restarted on the same port and outbox.
COMPONENT_VICTIMS = ("scheduler", "triggerer", "dag-processor", "api-server")
TASK_VICTIMS = ("task", "supervisor", "writer", "notifier")
VICTIMS = (*COMPONENT_VICTIMS, *TASK_VICTIMS, "smtp-sink")
# The default plan: how many kills of each kind (34 in all, over the backfill and nine story days).
DEFAULT_MIX = {"scheduler": 5, "triggerer": 4, "dag-processor": 4, "api-server": 3, "task": 5, "supervisor": 3,
               "writer": 4, "notifier": 2, "smtp-sink": 4}
CONDITIONAL = frozenset({"task", "supervisor", "writer", "notifier"})  # wait for their moment within a day
MIN_KILLS = 30

# Airflow's defaults notice a task whose heartbeat stopped after 300 s and orphaned tasks every 300 s: correct,
# only slow for a story of a few minutes. The chaos stack notices both within a minute.
CHAOS_AIRFLOW = {
    "AIRFLOW__SCHEDULER__TASK_INSTANCE_HEARTBEAT_TIMEOUT": "60",
    "AIRFLOW__SCHEDULER__ORPHANED_TASKS_CHECK_INTERVAL": "15",
    "AIRFLOW__SCHEDULER__TASK_QUEUED_TIMEOUT": "120",
}
_JOB_TYPES = {"scheduler": "SchedulerJob", "triggerer": "TriggererJob", "dag-processor": "DagProcessorJob"}
_WORKER = "airflow worker -- "  # the title of a task process: `airflow worker -- <task instance id>`
_SUPERVISOR = "airflow worker -- LocalExecutor: "  # its supervisor (a LocalExecutor worker) while it runs a task


# -- the clean reference ---------------------------------------------------------------------------------


FactKey = tuple[str, str, str, str, str, float, str, str]


@dataclass
class Reference:
    """What a clean run of the story leaves: the facts, the alerts and the e-mails of each day."""

    facts_current: Counter[FactKey]
    facts_all: Counter[tuple[Any, ...]]
    alerts: Counter[tuple[str, str, str]]
    emails: dict[str, list[tuple[str, str]]]  # story day ('backfill' or ISO date) → (subject, recipient)
    documents: int
    seconds: float

    @property
    def expected_emails(self) -> Counter[tuple[str, str]]:
        return Counter(m for day in self.emails.values() for m in day)


FACT_COLUMNS = "indicator, measure, region, comparator, period, value, unit, qualifier"


def warehouse_state(db: Path) -> tuple[Counter[FactKey], Counter[tuple[Any, ...]], Counter[tuple[str, str, str]]]:
    """(current facts, every vintage with its validity, alerts with their states) of a warehouse file."""
    from statwatch import warehouse as wh

    con = wh.connect(db, read_only=True)
    try:
        current = Counter(tuple(r) for r in con.execute(f"SELECT {FACT_COLUMNS} FROM facts_current").fetchall())
        vintages = Counter(tuple(r) for r in con.execute(
            f"SELECT {FACT_COLUMNS}, valid_from, valid_to IS NULL FROM facts").fetchall())
        alerts = Counter(tuple(r) for r in con.execute(
            "SELECT fingerprint, state, coalesce(suppressed_reason, '') FROM alerts").fetchall())
    finally:
        con.close()
    return current, vintages, alerts  # type: ignore[return-value]


@contextlib.contextmanager
def _environ(**values: str) -> Iterator[None]:
    saved = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def reference_story(folder: Path, *, start: date = STORY_START, end: date = STORY_END) -> Reference:
    """Run the story through the library (the calls the DAG tasks make), without Airflow and without kills, against
    a publisher and an SMTP sink of its own: the clean run the chaos run is compared with."""
    from statwatch import pipeline
    from statwatch import warehouse as wh
    from statwatch.ids import now
    from statwatch.notify import SmtpSettings
    from statwatch_dev.airflow_local import free_port
    from statwatch_dev.publisher import Publisher
    from statwatch_dev.smtp_sink import start_sink

    t0 = time.monotonic()
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    outbox = folder / "outbox"
    port = free_port()
    sink = start_sink(outbox, port=port)
    pub = Publisher(start=start, host="127.0.0.1", port=0).start()
    db = folder / "statwatch.duckdb"
    emails: dict[str, list[tuple[str, str]]] = {}
    seen = 0
    quiet = logging.getLogger("matplotlib")
    level = quiet.level
    # Charts are drawn in this process: matplotlib's complaints about fonts belong in task logs, not in this output.
    quiet.setLevel(logging.ERROR)
    try:
        with _environ(STATWATCH_DB=str(db), STATWATCH_VAR=str(folder / "var"), STATWATCH_STALENESS="off",
                      STATWATCH_PUBLISHER_URL=pub.url), warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            mail = SmtpSettings.from_url(f"smtp://127.0.0.1:{port}")
            sources = [s.id for s in _enabled_sources()]
            for day in ["backfill", *story_days(start, end)]:
                if isinstance(day, date):
                    pub.set_clock(day)
                for sid in sources:
                    pipeline.run_ingest(sid, mode="backfill" if day == "backfill" else "live")
                pipeline.run_detect()
                # As the demo's analyst does through Airflow's Required Actions: every alert that waits is asked
                # about (a notice to the analysts) and approved (the staff e-mail follows).
                asked = pipeline.run_request_approvals(approval_url=lambda i: f"{pub.url}/required-actions/{i}")
                pipeline.run_record_decisions([{"fingerprint": r["fingerprint"], "approved": True, "by": "admin",
                                                "at": now()} for r in asked])
                pipeline.run_notify(mail)
                messages = read_outbox(outbox)
                emails[str(day)] = [(m.subject, m.to) for m in messages[seen:]]
                seen = len(messages)
            with wh.writer(db):
                pass
    finally:
        quiet.setLevel(level)
        pub.stop()
        sink.stop()
    current, vintages, alerts = warehouse_state(db)
    con = wh.connect(db, read_only=True)
    try:
        documents = int(wh.scalar(con, "SELECT count(*) FROM documents"))
    finally:
        con.close()
    return Reference(current, vintages, alerts, emails, documents, time.monotonic() - t0)


def _enabled_sources() -> list[Any]:
    from statwatch.config import load_sources

    return [s for s in load_sources() if s.enabled]


# -- the plan --------------------------------------------------------------------------------------------


@dataclass
class Kill:
    """One planned kill and, once done, what happened."""

    n: int
    phase: str  # 'backfill' or the story day
    offset: float  # seconds after the phase began (conditional kills start waiting for their moment then)
    victim: str
    done: bool = False
    at: str = ""  # wall-clock time of the signal (UTC)
    pid: int | None = None
    what: str = ""  # what exactly was killed
    task: dict[str, Any] | None = None  # the task instance, for task kills
    recovered: bool | None = None
    recovery: str = ""
    carried: int = 0  # phases it was carried over because its moment did not come


def make_plan(seed: int, phases: list[str], *, mix: dict[str, int] | None = None,
              mail_phases: list[str] | None = None) -> list[Kill]:
    """A seeded plan: which victim dies in which phase, how many seconds after the phase began. Every phase gets
    kills; notifier kills go to the days on which e-mail is sent (the reference says which)."""
    rng = random.Random(seed)  # noqa: S311 - a reproducible schedule, not a secret
    mail_phases = [p for p in mail_phases or [] if p in phases]
    mix = dict(DEFAULT_MIX if mix is None else mix)
    victims = [v for v, n in sorted(mix.items()) for _ in range(n)]
    rng.shuffle(victims)
    plan = []
    spread = list(phases)
    rng.shuffle(spread)
    for i, victim in enumerate(victims):
        if victim == "notifier" and mail_phases:
            phase = rng.choice(mail_phases)
        else:
            phase = spread[i % len(spread)] if i < len(spread) else rng.choice(phases)
        offset = 0.0 if victim in ("writer", "notifier") else round(rng.uniform(0.0, 20.0), 1)
        plan.append(Kill(0, phase, offset, victim))
    plan.sort(key=lambda k: (phases.index(k.phase), k.offset, k.victim))
    for n, k in enumerate(plan, 1):
        k.n = n
    return plan


# -- the SMTP sink as a process of its own, so that it can be killed ----------------------------------------


class SinkProcess:
    """`statwatch smtp-sink` in its own process group: killed with SIGKILL, started again on the same port."""

    def __init__(self, outbox: Path, port: int, log_file: Path):
        self.outbox, self.port, self.log_file = outbox, port, log_file
        self.proc: subprocess.Popen[bytes] | None = None
        self.start()

    def start(self, timeout: float = 60.0) -> SinkProcess:
        statwatch = Path(sys.executable).parent / "statwatch"
        with open(self.log_file, "ab") as out:
            self.proc = subprocess.Popen(  # noqa: S603 - fixed arguments, the venv's own command
                [str(statwatch), "smtp-sink", "--host", "127.0.0.1", "--port", str(self.port),
                 "--outbox", str(self.outbox)],
                stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
                cwd=self.log_file.parent)
        deadline = time.monotonic() + timeout
        while not self.listening():
            if self.proc.poll() is not None:
                raise RuntimeError(f"the SMTP sink exited ({self.proc.returncode}); see {self.log_file}")
            if time.monotonic() > deadline:
                raise TimeoutError(f"the SMTP sink does not listen on {self.port} after {timeout:.0f} s")
            time.sleep(0.1)
        return self

    def listening(self) -> bool:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", self.port), timeout=1) as s:
            return s.recv(4).startswith(b"220")
        return False

    def kill(self) -> int:
        """SIGKILL the sink's process group; returns its pid."""
        if self.proc is None:
            raise RuntimeError("the SMTP sink is not running")
        pid = self.proc.pid
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pid, signal.SIGKILL)
        self.proc.wait(timeout=10)
        self.proc = None
        return pid

    def stop(self) -> None:
        if self.proc is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGTERM)
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=10)
        self.proc = None


# -- the monkey --------------------------------------------------------------------------------------------


class Monkey:
    """Carries out the plan of one phase at a time on background threads, one kill at a time."""

    def __init__(self, story: StoryStack, seed: int, log_file: Path, say: Callable[[str], None]):
        self.story = story
        self.seed = seed
        self.log_file = log_file
        self.say = say
        self.lock_path = _lock_file(story.db)
        self.done: list[Kill] = []
        self.missed: list[Kill] = []
        self.killed_tasks: set[tuple[str, str, str]] = set()  # (dag_id, run_id, task_id): one direct kill each
        self._one_at_a_time = threading.Lock()
        self._phase_over = threading.Event()
        self._threads: list[threading.Thread] = []
        self._ti_cache: dict[str, dict[str, Any]] = {}  # task instance id → its row
        self._phase_start = 0.0
        self.last_kill = 0.0  # time.time() of the latest signal
        self.holds: dict[str, list[float]] = {}  # task id → seconds each of its runs held the write lock
        self._stopping = threading.Event()
        self._watcher = threading.Thread(target=self._watch_lock, daemon=True, name="lock-watcher")
        self._watcher.start()

    def _watch_lock(self) -> None:
        """Measure how long each task holds the warehouse write lock (the writer kill aims inside that span)."""
        holder, since, task = None, 0.0, None
        while not self._stopping.wait(0.01):
            now_holder = _lock_holder(self.lock_path)
            if now_holder is not None and now_holder != holder and not _alive(now_holder):
                now_holder = None  # a killed writer's pid stays in the file until the next writer takes the lock
            elif now_holder == holder and holder is not None and not _alive(holder):
                now_holder = None
            if now_holder == holder:
                continue
            if holder is not None and task is not None:
                self.holds.setdefault(task, []).append(time.monotonic() - since)
            holder, since = now_holder, time.monotonic()
            ti = self._task_of(now_holder) if now_holder else None
            task = ti["task_id"] if ti else None

    def short_hold(self, task_id: str, default: float = 0.1) -> float:
        """How long a run of the task surely holds the write lock: the shortest of its last five holds (a backfill's
        merge holds it for seconds, a day's for a tenth of one); `default` before any was seen."""
        seen = self.holds.get(task_id, [])[-5:]
        return min(seen) if seen else default

    def close(self) -> None:
        self.end(timeout=5)
        self._stopping.set()
        self._watcher.join(5)

    @property
    def stack(self) -> Any:
        if self.story.stack is None:
            raise RuntimeError("Airflow is not running")
        return self.story.stack

    # -- phases --
    def begin(self, kills: list[Kill]) -> None:
        self._phase_over.clear()
        self._phase_start = time.monotonic()
        self._threads = [threading.Thread(target=self._run, args=(k,), daemon=True, name=f"kill-{k.n}")
                         for k in kills]
        for t in self._threads:
            t.start()

    def end(self, timeout: float = 120.0) -> list[Kill]:
        """The phase is over: kills still waiting for their moment give up (they are returned, to be carried
        over); kills already due finish, restarts included."""
        self._phase_over.set()
        for t in self._threads:
            t.join(timeout)
        missed, self.missed = self.missed, []
        return missed

    def _run(self, kill: Kill) -> None:
        delay = self._phase_start + kill.offset - time.monotonic()
        if delay > 0 and kill.victim not in CONDITIONAL:
            time.sleep(delay)  # unconditional kills happen even when the phase went quiet before their moment
        elif delay > 0 and self._phase_over.wait(delay):
            self.missed.append(kill)
            return
        rng = random.Random(f"{self.seed}:{kill.n}:{kill.carried}")  # noqa: S311 - reproducible, not secret
        try:
            if kill.victim in COMPONENT_VICTIMS:
                self._component(kill)
            elif kill.victim == "smtp-sink":
                self._sink(kill)
            elif not self._task(kill, rng):
                self.missed.append(kill)
                return
        except Exception as e:  # noqa: BLE001 - a kill that went wrong is reported, never hidden
            kill.recovered = False
            kill.recovery = f"the script failed: {type(e).__name__}: {e}"
            log.exception("kill %d failed", kill.n)
        self._record(kill)

    def _record(self, kill: Kill) -> None:
        self.done.append(kill)
        with open(self.log_file, "a", encoding="utf-8") as f:
            f.write(json.dumps(asdict(kill), ensure_ascii=False, default=str) + "\n")
        self.say(f"    kill {len(self.done):2d} (#{kill.n}) {kill.phase} +{kill.offset:.1f}s {kill.victim}: "
                 f"{kill.what}{' → ' + kill.recovery if kill.recovery else ''}")

    def _signal(self, kill: Kill, pid: int, what: str) -> None:
        kill.done, kill.pid, kill.what = True, pid, what
        kill.at = datetime.now(UTC).isoformat(timespec="milliseconds")
        self.last_kill = time.time()

    # -- victims --
    def _component(self, kill: Kill) -> None:
        stack = self.stack
        with self._one_at_a_time:
            members = len([p for p in stack.processes() if _pgid(p.pid) == stack.procs[kill.victim].pid])
            pid = stack.kill(kill.victim)
            self._signal(kill, pid, f"SIGKILL to the process group of airflow {kill.victim} "
                                    f"(pgid {pid}, {members} process{'es' if members != 1 else ''})")
            restarted = time.time()
            stack.start((kill.victim,))
        kill.recovered, kill.recovery = self._wait_component(kill.victim, restarted)

    def _wait_component(self, name: str, since: float, timeout: float = 180.0) -> tuple[bool, str]:
        stack = self.stack
        t0 = time.monotonic()
        while time.monotonic() - t0 < timeout:
            if not stack.running().get(name, False):
                return False, f"restarted, but it exited: {stack.log_tail(name, 3)}"
            if name == "api-server":
                ok = stack.health() is not None
            else:
                rows = stack.query("SELECT start_date, latest_heartbeat FROM job WHERE job_type = ? AND "
                                   "state = 'running' ORDER BY id DESC LIMIT 1", (_JOB_TYPES[name],))
                ok = bool(rows) and _ts(rows[0]["start_date"]) >= since - 1
            if ok:
                return True, f"restarted, up again after {time.monotonic() - t0:.1f} s"
            time.sleep(0.5)
        return False, f"restarted, but not up after {timeout:.0f} s"

    def _sink(self, kill: Kill) -> None:
        sink = self.story.sink
        if not isinstance(sink, SinkProcess):
            raise TypeError("the story's SMTP sink is not a SinkProcess")
        with self._one_at_a_time:
            pid = sink.kill()
            self._signal(kill, pid, f"SIGKILL to the SMTP sink (pid {pid}, port {sink.port})")
            t0 = time.monotonic()
            sink.start()
        kill.recovered = True
        kill.recovery = f"restarted on port {sink.port}, listening after {time.monotonic() - t0:.1f} s"

    def _task(self, kill: Kill, rng: random.Random) -> bool:
        """Wait for the victim's moment (until the phase is over); kill it; False when the moment never came."""
        if kill.victim in ("writer", "notifier"):
            return self._lock_victim(kill, rng)
        while not self._phase_over.is_set():
            target = self._pick(kill.victim, rng)
            if target is None:
                time.sleep(0.05)
                continue
            pid, ti, what = target
            if self._kill_task(kill, pid, ti, what):
                return True
        return False

    def _lock_victim(self, kill: Kill, rng: random.Random) -> bool:
        """The writer in mid-merge (merge_facts holding the write lock) or the notifier right after the SMTP server
        accepted a message (send_notifications holding it); in a live run both are fetch_documents, which runs
        every stage, detection and delivery itself (the live short path, docs/airflow.md), the writer in its first
        write. Watches the lock file
        closely and tells the task of a new hold from its process alone: the metadata DB can be locked for
        seconds, longer than a merge."""
        wanted = ("merge_facts" if kill.victim == "writer" else "send_notifications", "fetch_documents")
        seen: int | None = None
        while not self._phase_over.is_set():
            holder = _lock_holder(self.lock_path)
            if holder is None or holder == seen:
                if holder is None and kill.victim != "writer":
                    # The short path takes the lock once per stage, delivery last: each take is a new hold. The
                    # writer is killed in its first hold only (a write, never the delivery: a kill there after the
                    # server accepted would be the notifier's duplicate).
                    seen = None
                time.sleep(0.002)
                continue
            seen = holder
            ti = self._task_of(holder)
            if ti is None or ti["task_id"] not in wanted or (
                    ti["dag_id"], ti["run_id"], ti["task_id"]) in self.killed_tasks:
                continue
            if kill.victim == "writer":
                # Somewhere in the merge (its transaction, the checkpoint, the publication of the snapshot), not
                # always at its first instant: a point within the time a merge surely holds the lock.
                into = rng.uniform(0.0, 0.9 * self.short_hold(ti["task_id"]))
                time.sleep(into)
                if _lock_holder(self.lock_path) != holder:
                    continue
                what = (f"SIGKILL to the writer in mid-merge: {ti['dag_id']}.{ti['task_id']} try {ti['try_number']} "
                        f"(pid {holder}, holding the warehouse write lock), {into * 1000:.0f} ms after it took it")
            else:
                accepted = self._accepted_while(holder)  # the server took a message: its row is not 'sent' yet
                if accepted is None:
                    seen = None  # that hold is over; the same process may take the lock again for its delivery
                    continue
                what = (f"SIGKILL to the notifier right after the SMTP server accepted {accepted}: "
                        f"{ti['dag_id']}.{ti['task_id']} try {ti['try_number']} (pid {holder})")
            if self._kill_task(kill, holder, ti, what):
                return True
        return False

    def _kill_task(self, kill: Kill, pid: int, ti: dict[str, Any], what: str) -> bool:
        key = (ti["dag_id"], ti["run_id"], ti["task_id"])
        with self._one_at_a_time:
            if key in self.killed_tasks or not _alive(pid):
                return False  # another kill took it meanwhile, or it ended
            self.killed_tasks.add(key)
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
            self._signal(kill, pid, what)
        kill.task = {k: ti[k] for k in ("dag_id", "run_id", "task_id", "try_number")}
        kill.recovery = "Airflow retries the task"
        return True

    def _accepted_while(self, pid: int) -> str | None:
        """Watch the outbox closely while `pid` holds the write lock; the name of the first message the server
        accepts meanwhile, or None when the delivery ended without one."""
        before = set(_emls(self.story.outbox))
        while _lock_holder(self.lock_path) == pid:
            new = set(_emls(self.story.outbox)) - before
            if new:
                return min(new)
            time.sleep(0.002)
        return None

    def _pick(self, victim: str, rng: random.Random) -> tuple[int, dict[str, Any], str] | None:
        """A running task's process (victim 'task') or its supervisor ('supervisor') to kill, with the task instance
        and a description, or None."""
        rows = self.stack.query("SELECT dag_id, run_id, task_id, try_number, pid FROM task_instance "
                                "WHERE state = 'running' AND pid IS NOT NULL ORDER BY id")
        candidates = []
        for ti in rows:
            if (ti["dag_id"], ti["run_id"], ti["task_id"]) in self.killed_tasks:
                continue
            runner = self._task_of(int(ti["pid"]))  # its title names the task instance: not another process's pid
            if runner is None or (runner["run_id"], runner["task_id"]) != (ti["run_id"], ti["task_id"]):
                continue
            pid = int(ti["pid"])
            if victim == "supervisor":
                parent = _parent(pid)
                if parent is None or not _cmdline(parent).startswith(_SUPERVISOR):
                    continue
                pid = parent.pid
            candidates.append((pid, ti))
        if not candidates:
            return None
        pid, ti = rng.choice(candidates)
        what = ("its supervisor (the LocalExecutor worker; the task process is orphaned)" if victim == "supervisor"
                else "the task process")
        return pid, ti, f"SIGKILL to {what}: {ti['dag_id']}.{ti['task_id']} try {ti['try_number']} (pid {pid})"

    def _task_of(self, pid: int) -> dict[str, Any] | None:
        """The task instance (dag_id, run_id, task_id, try_number) a task process runs, or None for any other
        process. Its title names the task instance id; its supervisor (the parent) has the task's log file open,
        whose path names the rest (dag_id=…/run_id=…/task_id=…/attempt=N.log), so no metadata query is needed."""
        try:
            import psutil

            proc = psutil.Process(pid)
            title = _cmdline(proc)
        except Exception:  # noqa: BLE001 - gone already
            return None
        if not title.startswith(_WORKER) or title.startswith(_SUPERVISOR):
            return None
        ti_id = title[len(_WORKER):]
        if ti_id not in self._ti_cache:  # a task process runs one task instance for its whole life
            ti = _from_log_path(proc) or self._ti(ti_id)
            if ti is None:
                return None
            self._ti_cache[ti_id] = ti
        return {**self._ti_cache[ti_id], "runner": pid}

    def _ti(self, ti_id: str) -> dict[str, Any] | None:
        key = ti_id.strip().replace("-", "")
        rows = self.stack.query("SELECT dag_id, run_id, task_id, try_number, state FROM task_instance WHERE id = ?",
                                (key,))
        return rows[0] if rows else None

    def verify_tasks(self) -> None:
        """After the story: a killed task recovered when its task instance ended in success (a later try)."""
        for kill in self.done:
            if kill.task is None:
                continue
            rows = self.stack.query("SELECT state, try_number FROM task_instance WHERE dag_id = ? AND run_id = ? "
                                    "AND task_id = ?", (kill.task["dag_id"], kill.task["run_id"],
                                                        kill.task["task_id"]))
            state, tries = (rows[0]["state"], rows[0]["try_number"]) if rows else ("missing", 0)
            kill.recovered = state == "success"
            kill.recovery = (f"retried by Airflow: succeeded on try {tries}" if kill.recovered
                             else f"the task ended {state} after {tries} tries")


def _from_log_path(runner: Any) -> dict[str, Any] | None:
    """dag_id, run_id, task_id and try_number from the task log file the runner's supervisor has open."""
    try:
        files = runner.parent().open_files()
    except Exception:  # noqa: BLE001 - gone, or no parent any more
        return None
    for f in files:
        parts = dict(p.split("=", 1) for p in Path(f.path).parts if "=" in p)
        if {"dag_id", "run_id", "task_id"} <= parts.keys() and f.path.endswith(".log"):
            attempt = Path(f.path).stem.removeprefix("attempt=")
            return {"dag_id": parts["dag_id"], "run_id": parts["run_id"], "task_id": parts["task_id"],
                    "try_number": int(attempt) if attempt.isdigit() else 0}
    return None


def _parent(pid: int) -> Any:
    """The parent process (psutil.Process) of a live process, or None."""
    import psutil

    try:
        return psutil.Process(pid).parent()
    except psutil.Error:
        return None


def _alive(pid: int) -> bool:
    """Whether the process runs (a zombie its parent has not reaped yet does not)."""
    import psutil

    try:
        return bool(psutil.Process(pid).status() != psutil.STATUS_ZOMBIE)
    except psutil.Error:
        return False


def _pgid(pid: int) -> int | None:
    try:
        return os.getpgid(pid)
    except ProcessLookupError:
        return None


def _cmdline(proc: Any) -> str:
    try:
        return " ".join(proc.cmdline()).strip()
    except Exception:  # noqa: BLE001 - it may be gone already
        return ""


def _emls(outbox: Path) -> list[str]:
    return [e.name for e in os.scandir(outbox) if e.name.endswith(".eml")]


def _lock_file(db: Path) -> Path:
    from statwatch import warehouse as wh

    return wh.writer_path(db).with_suffix(".lock")


def _lock_holder(path: Path) -> int | None:
    """The pid written into the warehouse write lock by the process holding it (empty while nobody holds it)."""
    try:
        text = path.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return int(text) if text.isdigit() else None


def _ts(value: Any) -> float:
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if isinstance(value, datetime):
        return (value if value.tzinfo else value.replace(tzinfo=UTC)).timestamp()
    return 0.0


# -- the run -----------------------------------------------------------------------------------------------


@dataclass
class Check:
    name: str
    ok: bool
    line: str
    lost: list[str] = field(default_factory=list)


@dataclass
class ChaosResult:
    seed: int
    kills: list[Kill]
    planned: int
    checks: list[Check]
    expected: int
    delivered: int
    duplicates: int
    seconds: float
    folder: Path
    heal: str = ""

    @property
    def survived(self) -> int:
        return sum(1 for k in self.kills if k.recovered)

    @property
    def lost(self) -> list[str]:
        return [line for c in self.checks for line in c.lost]

    @property
    def ok(self) -> bool:
        return all(c.ok for c in self.checks)

    def summary(self) -> str:
        return (f"survived {self.survived}/{len(self.kills)} kills, e-mails expected {self.expected}, "
                f"delivered {self.delivered}, duplicates {self.duplicates}")


def run_chaos(*, seed: int, start: date = STORY_START, end: date = STORY_END, mix: dict[str, int] | None = None,
              folder: Path | None = None, publisher_port: int = 0, min_kills: int = MIN_KILLS,
              kill_phases: list[str] | None = None, say: Callable[[str], None] = print) -> ChaosResult:
    """The demo story through a real Airflow under a seeded kill schedule, then the checks (see the module doc).
    `kill_phases` limits the kills to some phases ('backfill', story days as ISO dates); default: all of them."""
    from statwatch_dev.airflow_local import free_port

    t0 = time.monotonic()
    folder = (folder or settings.var_dir() / "chaos" / f"seed-{seed}").resolve()
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    phases = ["backfill", *map(str, story_days(start, end))]
    ref = reference_story(folder / "reference", start=start, end=end)
    mail_days = [d for d, mails in ref.emails.items() if mails]
    plan = make_plan(seed, [p for p in phases if kill_phases is None or p in kill_phases], mix=mix,
                     mail_phases=mail_days)
    say(f"chaos seed {seed}: {len(plan)} kills planned over {len(phases)} phases (backfill, {phases[1]} … "
        f"{phases[-1]}); state under {folder}")
    say(f"reference: the same story through the library, no Airflow, no kills: {sum(ref.facts_current.values())} "
        f"current facts, {ref.documents} documents, {sum(ref.expected_emails.values())} e-mails "
        f"({', '.join(f'{d} {len(m)}' for d, m in ref.emails.items() if m) or 'none'}) in {ref.seconds:.0f} s")

    db = folder / "warehouse" / "statwatch.duckdb"
    db.parent.mkdir()
    heal_line = ""
    arrivals: dict[str, str] = {}  # .eml file → the phase during which it arrived
    with _environ(STATWATCH_DB=str(db), STATWATCH_VAR=str(folder / "var")):
        story = start_story(start=start, publisher_port=publisher_port or free_port(), airflow_home=folder / "airflow",
                            say=say, airflow_overrides=CHAOS_AIRFLOW,
                            sink_factory=lambda outbox, port: SinkProcess(outbox, port, folder / "smtp-sink.log"))
        monkey = Monkey(story, seed, folder / "kills.jsonl", say)
        try:
            carried: list[Kill] = []
            for phase in phases:
                kills = [k for k in plan if k.phase == phase] + carried
                for k in carried:
                    k.carried += 1
                    k.phase = phase
                carried = []
                monkey.begin(kills)
                before = len(monkey.done)
                if phase == "backfill":
                    load_backfill(story, timeout=900, quiet=6)
                    line = f"backfill to {start} loaded"
                else:
                    day = date.fromisoformat(phase)
                    try:
                        done = release_day(story, day, runs_timeout=420, idle_timeout=900, quiet=6)
                        line = f"{day}: released {', '.join(done.released) or 'nothing'}"
                    except TimeoutError as e:
                        line = f"{day}: {e}"
                carried = monkey.end()
                story.stack.wait_until_idle(timeout=900, quiet=6)  # type: ignore[union-attr]
                mails = len(read_outbox(story.outbox))
                arrivals.update({name: phase for name in _emls(story.outbox) if name not in arrivals})
                say(f"  {line}; e-mails so far {mails}; kills {len(monkey.done) - before}"
                    f"{f', {len(carried)} carried over' if carried else ''} ({time.monotonic() - t0:.0f} s)")
            heal_line = heal(story, say)
            arrivals.update({name: "heal" for name in _emls(story.outbox) if name not in arrivals})
            monkey.verify_tasks()
            holds = ", ".join(f"{t} {len(v)}× median {sorted(v)[len(v) // 2] * 1000:.0f} ms"
                              for t, v in sorted(monkey.holds.items()))
            say(f"write lock held by: {holds}")
        finally:
            monkey.close()
            story.stop()
        checks, expected, delivered, duplicates = check(story, ref, end, arrivals, phases)
    kills = monkey.done
    missed = len(plan) - len(kills)
    if len(kills) < min_kills:
        checks.append(Check("kills", False, f"only {len(kills)} kills happened ({missed} never found their "
                                            f"moment); at least {min_kills} wanted",
                            [f"too few kills: {len(kills)} < {min_kills}"]))
    else:
        kinds = Counter(k.victim for k in kills)
        checks.append(Check("kills", all(k.recovered for k in kills),
                            f"{len(kills)} performed ({', '.join(f'{v} {n}' for v, n in sorted(kinds.items()))}); "
                            f"{sum(1 for k in kills if k.recovered)} recovered"
                            f"{f'; {missed} planned kills never found their moment' if missed else ''}",
                            [f"kill #{k.n} {k.victim}: {k.recovery}" for k in kills if not k.recovered]))
    return ChaosResult(seed, kills, len(plan), checks, expected, delivered, duplicates, time.monotonic() - t0,
                       folder, heal_line)


def heal(story: StoryStack, say: Callable[[str], None]) -> str:
    """Finish what kills interrupted, through the DAGs, when something is unfinished: an article not archived (a kill
    lost the watcher's event for it: the next run of the ingest DAG fetches it), merged batches detection has not
    seen, a message still owed (once its backoff is over). Says what it did and what that added."""
    stack = story.stack
    if stack is None:
        raise RuntimeError("Airflow is not running")
    docs, mails = _count_documents(story.db), len(read_outbox(story.outbox))
    runs = []
    for _ in range(5):
        missing, undetected, owed = _unfinished_business(story)
        if missing:
            runs.append(f"ingest ({missing} article(s) not archived or batch(es) unfinished)")
            for s in story.sources:
                stack.trigger(f"ingest_{s.id}", {"mode": "live", "since": None})
        elif undetected:
            runs.append(f"detect ({undetected} batch(es) not detected)")
            stack.trigger("detect_events", {})  # its alerts event starts notify_staff
        elif owed is not None:
            runs.append("notify (a message owed)")
            time.sleep(max(0.0, owed.timestamp() - time.time()))
            stack.trigger("notify_staff", {})
        else:
            break
        stack.wait_until_idle(timeout=900, quiet=6)
    if not runs:
        line = "heal: nothing was left unfinished"
    else:
        line = (f"heal: ran {', then '.join(runs)}: {_count_documents(story.db) - docs} more documents, "
                f"{len(read_outbox(story.outbox)) - mails} more e-mails")
    say(line)
    return line


def _count_documents(db: Path) -> int:
    from statwatch import warehouse as wh

    with wh.writer(db) as con:
        return int(wh.scalar(con, "SELECT count(*) FROM documents"))


def _unfinished_business(story: StoryStack) -> tuple[int, int, datetime | None]:
    """(articles the publisher published that are not archived plus batches a stage left unfinished, merged batches
    detection has not seen, when a
    message still owed may be sent or None: its backoff's end; now for a row a dead run left 'sending')."""
    from statwatch import warehouse as wh
    from statwatch.archive import TERMINAL
    from statwatch_dev.publisher import site

    urls = {story.publisher.url + d.path for d in site.visible(story.publisher.clock)}
    with wh.writer(story.db) as con:
        archived = {r[0] for r in con.execute("SELECT DISTINCT url FROM documents").fetchall()}
        unfinished = int(wh.scalar(con, "SELECT count(*) FROM batches WHERE NOT list_contains(?, status)",
                                   [list(TERMINAL)]))
        undetected = int(wh.scalar(con, "SELECT count(*) FROM batches WHERE detected_at IS NULL AND "
                                        "list_contains(?, status)", [list(TERMINAL)]))
        row = con.execute("SELECT count(*), max(CASE WHEN status = 'pending' THEN next_attempt_at END) "
                          "FROM notifications WHERE status IN ('pending', 'sending')").fetchone()
    owed: datetime | None = None
    if row and row[0]:
        owed = row[1] or datetime.now(UTC)
    return len(urls - archived) + unfinished, undetected, owed


def check(story: StoryStack, ref: Reference, end: date, arrivals: dict[str, str] | None = None,
          phases: list[str] | None = None) -> tuple[list[Check], int, int, int]:
    """Compare what the chaos run left with the clean reference. Returns the checks and the e-mail figures.
    With `arrivals` (.eml name → phase) and the `phases` in order, e-mails that came on a later story day than in the
    clean run are named (late is not lost: a lost watcher event is documented to wait for the next run)."""
    from statwatch import warehouse as wh
    from statwatch_dev.publisher import site

    with wh.writer(story.db):
        pass  # publish what the last writer committed, whoever it was
    checks = []
    current, vintages, alerts = warehouse_state(story.db)

    # facts
    lost = [f"fact missing: {k}" for k in sorted(ref.facts_current - current, key=str)]
    lost += [f"fact not in the clean run: {k}" for k in sorted(current - ref.facts_current, key=str)]
    lost += [f"vintage missing: {k}" for k in sorted(ref.facts_all - vintages, key=str)]
    lost += [f"vintage not in the clean run (duplicated?): {k}" for k in sorted(vintages - ref.facts_all, key=str)]
    checks.append(Check("facts", not lost, f"{sum(current.values())} current facts, {sum(vintages.values())} vintages; "
                        f"clean run {sum(ref.facts_current.values())}, {sum(ref.facts_all.values())}", lost))

    # alerts
    lost = [f"alert missing: {k}" for k in sorted(ref.alerts - alerts)]
    lost += [f"alert not in the clean run: {k}" for k in sorted(alerts - ref.alerts)]
    checks.append(Check("alerts", not lost, f"{sum(alerts.values())} alerts "
                        f"({', '.join(f'{s} {n}' for s, n in sorted(Counter(a[1] for a in alerts.elements()).items()))})"
                        f"; clean run {sum(ref.alerts.values())}", lost))

    # e-mails: unique Message-IDs are deliveries; another copy of a Message-ID is a duplicate (the documented resend)
    messages = read_outbox(story.outbox)
    first: dict[str, Mail] = {}
    duplicates = 0
    lost = []
    for m in messages:
        if m.message_id in first:
            duplicates += 1
            if (m.subject, m.to) != (first[m.message_id].subject, first[m.message_id].to):
                lost.append(f"Message-ID {m.message_id} reused for another message: {m.path.name}")
        else:
            first[m.message_id] = m
    delivered = Counter((m.subject, m.to) for m in first.values())
    expected = ref.expected_emails
    lost += [f"e-mail missing: {s} → {to}" + (f" (×{n})" if n > 1 else "")
             for (s, to), n in sorted((expected - delivered).items())]
    lost += [f"e-mail not in the clean run (or a copy with another Message-ID): {s} → {to}"
             for (s, to), _n in sorted((delivered - expected).items())]
    dup_ids = sorted({m.message_id for m in messages if sum(1 for x in messages if x.message_id == m.message_id) > 1})
    order = {p: i for i, p in enumerate([*(phases or []), "heal"])}
    due = {mail: day for day, mails in ref.emails.items() for mail in mails}
    late = [f"{m.subject[:24]}… → {m.to} on {arrivals[m.path.name]} (clean run: {due[(m.subject, m.to)]})"
            for m in first.values() if arrivals and (m.subject, m.to) in due and m.path.name in arrivals
            and order.get(arrivals[m.path.name], 0) > order.get(due[(m.subject, m.to)], 0)]
    checks.append(Check("e-mails", not lost, f"expected {sum(expected.values())}, delivered {len(first)} unique "
                        f"Message-IDs, {duplicates} duplicate{'s' if duplicates != 1 else ''}"
                        f"{' (' + ', '.join(dup_ids) + ')' if dup_ids else ''}; "
                        f"{'late: ' + '; '.join(late) if late else 'each on its story day'}", lost))

    # the outbox table
    con = wh.connect(story.db, read_only=True)
    try:
        statuses = dict(con.execute("SELECT status, count(*) FROM notifications GROUP BY status").fetchall())
        recovered = int(wh.scalar(con, "SELECT count(*) FROM notifications WHERE status = 'sent' AND attempts > 1"))
        docs = {r[0]: r[1:] for r in con.execute(
            "SELECT url, count(*), any_value(raw_body), any_value(content_hash) FROM documents GROUP BY url"
        ).fetchall()}
        unfinished = int(wh.scalar(con, "SELECT count(*) FROM batches WHERE status NOT IN "
                                        "('loaded', 'no_facts', 'quarantined', 'partial', 'failed')"))
        held = int(wh.scalar(con, "SELECT count(*) FROM quarantine WHERE status = 'held'"))
    finally:
        con.close()
    lost = [f"{n} notification row(s) left '{s}'" for s, n in sorted(statuses.items()) if s != "sent"]
    checks.append(Check("outbox rows", not lost, f"{statuses.get('sent', 0)} sent ({recovered} after more than one "
                        f"attempt){'' if lost else ', none left sending, none owed'}", lost))

    # the raw archive: every article the publisher published in the story, once, with its exact bytes
    articles = site.published(end)
    lost = []
    for doc in articles:
        url = story.publisher.url + doc.path
        page = site.render(doc.path, end, story.publisher.url)
        if url not in docs:
            lost.append(f"document lost: {doc.path}")
            continue
        versions, body, content_hash = docs[url]
        if versions != 1:
            lost.append(f"document archived {versions} times: {doc.path}")
        if page is None or body is None or bytes(body) != page.body \
                or hashlib.sha256(bytes(body)).hexdigest() != content_hash:
            lost.append(f"raw body differs from what was served: {doc.path}")
    extra = sorted(set(docs) - {story.publisher.url + d.path for d in articles})
    lost += [f"document that is no article of the story: {u}" for u in extra]
    if unfinished:
        lost.append(f"{unfinished} batch(es) left unfinished")
    if held:
        lost.append(f"{held} row(s) held in quarantine")
    checks.append(Check("raw archive", not lost, f"{len(articles)} articles published, "
                        f"{len(docs)} archived once each with their exact bytes; no batch unfinished", lost))
    return checks, sum(expected.values()), len(first), duplicates
