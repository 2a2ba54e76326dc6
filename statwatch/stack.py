"""Run a local Airflow (api-server, scheduler, dag-processor, triggerer) as subprocesses and observe it read-only."""

from __future__ import annotations

import atexit
import json
import logging
import os
import re
import signal
import socket
import sqlite3
import subprocess  # noqa: S404 - starts the venv's own airflow CLI with fixed arguments
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

COMPONENTS = ("api-server", "scheduler", "dag-processor", "triggerer")
ACTIVE_RUN_STATES = ("queued", "running")
ACTIVE_TI_STATES = ("scheduled", "queued", "running", "up_for_retry", "up_for_reschedule", "deferred", "restarting")
TERMINAL_RUN_STATES = ("success", "failed")
STOP_GRACE = 25.0
# SIGTERM goes to the main process, which shuts its own children down (a group-wide SIGTERM killed the
# scheduler's executor workers first and left it hanging). The triggerer's runner handles SIGTERM itself and
# stops at once; signalled via the supervisor alone it is only stopped after a ~10 s escalation delay.
_TERM_WHOLE_GROUP = frozenset({"triggerer"})


class AirflowStack:
    """The four Airflow components of one AIRFLOW_HOME, each in its own process group, logging to home/logs."""

    def __init__(self, home: Path, env: Mapping[str, str]) -> None:
        self.home = Path(home).resolve()
        self.env = dict(env)
        if Path(self.env.get("AIRFLOW_HOME", "")).resolve() != self.home:
            raise ValueError(f"env AIRFLOW_HOME {self.env.get('AIRFLOW_HOME')!r} is not {str(self.home)!r}")
        self.api_port = int(self.env["AIRFLOW__API__PORT"])
        self.db = self.home / "airflow.db"
        self.log_dir = self.home / "logs"
        self.procs: dict[str, subprocess.Popen[bytes]] = {}
        self._atexit = False

    def command(self, name: str) -> list[str]:
        """The command line of one component (servers on 127.0.0.1 only, no log servers on all interfaces)."""
        airflow = str(Path(self.env["PATH"].split(os.pathsep)[0]) / "airflow")
        return {
            "api-server": [airflow, "api-server", "--host", "127.0.0.1", "--port", str(self.api_port)],
            # Without --skip-serve-logs these start a log server bound to all interfaces (8793/8794).
            "scheduler": [airflow, "scheduler", "--skip-serve-logs"],
            "dag-processor": [airflow, "dag-processor"],
            "triggerer": [airflow, "triggerer", "--skip-serve-logs"],
        }[name]

    def start(self, names: tuple[str, ...] = COMPONENTS) -> AirflowStack:
        """Launch the named components that are not already running."""
        if not self._atexit:
            atexit.register(self.stop)
            self._atexit = True
        self.log_dir.mkdir(parents=True, exist_ok=True)
        for name in names:
            if name not in COMPONENTS:
                raise ValueError(f"unknown component {name!r}; expected one of {COMPONENTS}")
            if name in self.procs and self.procs[name].poll() is None:
                continue
            with open(self.log_dir / f"{name}.log", "ab") as out:
                self.procs[name] = subprocess.Popen(  # noqa: S603
                    self.command(name), env=self.env, cwd=self.home, stdin=subprocess.DEVNULL,
                    stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
                )
            log.info("started airflow %s (pid %d)", name, self.procs[name].pid)
        return self

    def stop(self, names: tuple[str, ...] = COMPONENTS, grace: float = STOP_GRACE) -> None:
        """SIGTERM the components (api-server last), wait up to `grace` seconds each, then SIGKILL leftovers."""
        # The others talk to the Execution API while shutting down; without it the triggerer needs ~12 s, not ~2 s.
        first = tuple(n for n in names if n != "api-server")
        self._stop_group(first, grace)
        if "api-server" in names:
            self._stop_group(("api-server",), grace)

    def _stop_group(self, names: tuple[str, ...], grace: float) -> None:
        targets = {n: p for n, p in self.procs.items() if n in names}
        started = time.monotonic()
        for name, proc in targets.items():
            if name in _TERM_WHOLE_GROUP:
                _signal_group(proc.pid, signal.SIGTERM)
            else:
                proc.send_signal(signal.SIGTERM)
        for name, proc in targets.items():
            try:
                proc.wait(timeout=max(0.1, started + grace - time.monotonic()))
                log.info("airflow %s stopped after %.1fs", name, time.monotonic() - started)
            except subprocess.TimeoutExpired:
                log.warning("airflow %s did not stop within %.0fs; killing it", name, grace)
        for name, proc in targets.items():
            # Children (executor workers, the triggerer's runner) share the group and may outlive the leader.
            _signal_group(proc.pid, signal.SIGKILL)
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                log.error("airflow %s (pid %d) survived SIGKILL", name, proc.pid)
            self.procs.pop(name, None)

    def restart(self, name: str) -> None:
        """Stop one component gracefully and start it again."""
        self.stop((name,))
        self.start((name,))

    def running(self) -> dict[str, bool]:
        """Whether each launched component's main process is alive."""
        return {n: p.poll() is None for n, p in self.procs.items()}

    def listeners(self) -> list[tuple[str, int, int]]:
        """(address, port, pid) of every TCP listener owned by this stack's process groups (via `ss -ltnpH`)."""
        groups = {p.pid for p in self.procs.values()}
        out = subprocess.run(["ss", "-ltnpH"], capture_output=True, text=True, check=True, timeout=10).stdout  # noqa: S607
        found = []
        for line in out.splitlines():
            fields = line.split()
            if len(fields) < 6:
                continue
            address, _, port = fields[3].rpartition(":")
            for pid in map(int, re.findall(r"pid=(\d+)", line)):
                try:
                    if os.getpgid(pid) in groups:
                        found.append((address.strip("[]"), int(port), pid))
                except ProcessLookupError:
                    continue
        return sorted(set(found))

    def __enter__(self) -> AirflowStack:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- readiness --------------------------------------------------------------------------------------

    def health(self) -> dict[str, Any] | None:
        """The API's /api/v2/monitor/health JSON, or None when it does not answer 200."""
        url = f"http://127.0.0.1:{self.api_port}/api/v2/monitor/health"
        try:
            with urllib.request.urlopen(url, timeout=2) as r:  # noqa: S310 - fixed http://127.0.0.1 URL
                return json.loads(r.read()) if r.status == 200 else None
        except (OSError, ValueError):
            return None

    def wait_ready(self, timeout: float = 90.0) -> float:
        """Wait until the API answers and scheduler, triggerer and dag-processor report healthy; returns seconds."""
        start = time.monotonic()
        deadline = start + timeout
        last: dict[str, Any] | None = None
        while time.monotonic() < deadline:
            dead = [n for n, alive in self.running().items() if not alive]
            if dead:
                raise RuntimeError(f"airflow {', '.join(dead)} exited: {self.log_tail(dead[0])}")
            last = self.health()
            if last and all(
                (last.get(c) or {}).get("status") == "healthy"
                for c in ("metadatabase", "scheduler", "triggerer", "dag_processor")
                if c.replace("_", "-") in self.procs or c == "metadatabase"
            ):
                return time.monotonic() - start
            time.sleep(0.5)
        raise TimeoutError(f"airflow not ready after {timeout:.0f}s; last health: {last}")

    def log_tail(self, name: str, lines: int = 15) -> str:
        """The last lines of a component's log, for error messages."""
        path = self.log_dir / f"{name}.log"
        if not path.exists():
            return "(no log)"
        return " | ".join(path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])

    # -- read-only observation of the metadata DB ---------------------------------------------------------

    def query(self, sql: str, params: tuple[Any, ...] = ()) -> list[dict[str, Any]]:
        """Rows of a read-only query against the metadata DB (retried briefly while it is locked)."""
        for attempt in range(20):
            try:
                with closing(sqlite3.connect(f"file:{self.db}?mode=ro", uri=True, timeout=5)) as con:
                    con.row_factory = sqlite3.Row
                    return [dict(r) for r in con.execute(sql, params)]
            except sqlite3.OperationalError as e:
                if "locked" not in str(e) and "busy" not in str(e) or attempt == 19:
                    raise
                time.sleep(0.1)
        return []

    def is_parsed(self, dag_id: str) -> bool:
        """Whether the dag-processor has stored the Dag (and it is not stale)."""
        return bool(self.query("SELECT 1 FROM dag WHERE dag_id=? AND NOT is_stale", (dag_id,)))

    def wait_parsed(self, dag_id: str, timeout: float = 60.0) -> float:
        """Wait until the Dag is parsed; returns seconds waited."""
        return _wait(lambda: self.is_parsed(dag_id), timeout, lambda: f"Dag {dag_id} not parsed")

    def dag_runs(self, dag_id: str) -> list[dict[str, Any]]:
        """The Dag's runs, oldest first, with timestamps as aware datetimes (UTC)."""
        rows = self.query(
            "SELECT id, run_id, state, run_type, triggered_by, created_at, queued_at, start_date, end_date, run_after "
            "FROM dag_run WHERE dag_id=? ORDER BY id", (dag_id,))
        return [_with_datetimes(r) for r in rows]

    def wait_for_runs(self, dag_id: str, count: int, timeout: float = 60.0) -> list[dict[str, Any]]:
        """Wait until the Dag has at least `count` runs, all finished (success or failed); returns all runs."""
        def done() -> bool:
            runs = self.dag_runs(dag_id)
            return len(runs) >= count and all(r["state"] in TERMINAL_RUN_STATES for r in runs)

        _wait(done, timeout, lambda: f"{dag_id}: wanted {count} finished runs, have {self.dag_runs(dag_id)!r}")
        return self.dag_runs(dag_id)

    def is_idle(self) -> bool:
        """No queued/running Dag runs and no task instances waiting or running."""
        runs = self.query(f"SELECT count(*) AS n FROM dag_run WHERE state IN {ACTIVE_RUN_STATES}")
        tis = self.query(f"SELECT count(*) AS n FROM task_instance WHERE state IN {ACTIVE_TI_STATES}")
        return runs[0]["n"] == 0 and tis[0]["n"] == 0

    def wait_until_idle(self, timeout: float = 60.0, quiet: float = 3.0) -> float:
        """Wait until the stack has been idle for `quiet` seconds in a row; returns seconds waited."""
        start = time.monotonic()
        idle_since: float | None = None

        def settled() -> bool:
            nonlocal idle_since
            if not self.is_idle():
                idle_since = None
                return False
            idle_since = idle_since or time.monotonic()
            return time.monotonic() - idle_since >= quiet

        _wait(settled, timeout, lambda: "Airflow still busy")
        return time.monotonic() - start

    def asset_events(self, uri: str) -> list[dict[str, Any]]:
        """Events of the asset with this URI, oldest first (extra decoded from JSON)."""
        rows = self.query(
            "SELECT e.id, e.timestamp, e.extra, e.source_dag_id FROM asset_event e JOIN asset a ON a.id = e.asset_id "
            "WHERE a.uri=? ORDER BY e.id", (uri,))
        for r in rows:
            r["extra"] = json.loads(r["extra"]) if r["extra"] else {}
        return [_with_datetimes(r) for r in rows]

    def baseline_taken(self, asset_uri: str) -> bool:
        """Whether the asset's watcher has stored its watermark (so items published from now on are news)."""
        return bool(self.query(
            "SELECT 1 FROM asset_state_store s JOIN asset a ON a.id = s.asset_id WHERE a.uri = ?", (asset_uri,)))

    def wait_baseline(self, asset_uri: str, timeout: float = 120.0) -> float:
        """Wait until the asset's watcher took its baseline; returns seconds waited."""
        return _wait(lambda: self.baseline_taken(asset_uri), timeout, lambda: f"watcher of {asset_uri} took no baseline")

    def trigger(self, dag_id: str, conf: dict[str, Any]) -> None:
        """Queue a manual run of a Dag with a conf (`airflow dags trigger`)."""
        airflow = str(Path(self.env["PATH"].split(os.pathsep)[0]) / "airflow")
        done = subprocess.run([airflow, "dags", "trigger", dag_id, "--conf", json.dumps(conf)],  # noqa: S603
                              env=self.env, capture_output=True, text=True, timeout=120, check=False)
        if done.returncode != 0:
            raise RuntimeError(f"airflow dags trigger {dag_id} failed: {(done.stderr or done.stdout).strip()[-300:]}")

    def watcher_running(self, asset_uri: str) -> bool:
        """Whether the asset has a watcher trigger claimed by a triggerer."""
        return bool(self.query(
            "SELECT 1 FROM asset_watcher w JOIN asset a ON a.id = w.asset_id JOIN trigger t ON t.id = w.trigger_id "
            "WHERE a.uri=? AND t.triggerer_id IS NOT NULL", (asset_uri,)))


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _signal_group(pid: int, sig: signal.Signals) -> None:
    try:
        os.killpg(pid, sig)  # start_new_session=True made pid the group id
    except (ProcessLookupError, PermissionError):
        pass


def _wait(predicate: Callable[[], bool], timeout: float, message: Callable[[], str]) -> float:
    start = time.monotonic()
    while True:
        if predicate():
            return time.monotonic() - start
        if time.monotonic() - start > timeout:
            raise TimeoutError(f"{message()} (after {timeout:.0f}s)")
        time.sleep(0.25)


def _with_datetimes(row: dict[str, Any]) -> dict[str, Any]:
    for k in ("created_at", "queued_at", "start_date", "end_date", "run_after", "timestamp"):
        if isinstance(row.get(k), str):
            row[k] = datetime.fromisoformat(row[k]).replace(tzinfo=UTC)
    return row
