"""A project-local Airflow: one AIRFLOW_HOME (SQLite, LocalExecutor, everything on 127.0.0.1), its four
components (api-server, scheduler, dag-processor, triggerer) as subprocesses, observed read-only."""

from __future__ import annotations

import atexit
import base64
import json
import logging
import os
import re
import secrets
import signal
import socket
import sqlite3
import subprocess  # noqa: S404 - runs the venv's own airflow CLI with fixed arguments
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Mapping
from contextlib import closing
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

from statwatch.settings import WAREHOUSE_POOL

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

_SECRETS_FILE = "statwatch-secrets.json"
PASSWORDS_FILE = "simple_auth_manager_passwords.json.generated"  # written by the api-server (simple auth manager)
# Everything under the home is the owner's alone: the admin password file, the metadata DB (connections, variables)
# and the logs. The home is 0700, and every Airflow process starts with this umask, so its files are 0600.
PRIVATE_UMASK = 0o077
_CFG_STUB = "# Settings come from the environment built by statwatch_dev.airflow_local; this stub stops Airflow\n" \
            "# from writing a default airflow.cfg with its own (unused) generated secrets.\n"
_PROJECT_ROOT = Path(__file__).resolve().parent.parent


# -- the environment of every Airflow process ------------------------------------------------------------


def venv_bin() -> Path:
    """The bin folder of the interpreter running this code (where `airflow` is installed)."""
    return Path(sys.executable).parent


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def airflow_env(home: Path, *, dags_folder: Path, api_port: int) -> dict[str, str]:
    """Environment for every Airflow process of the AIRFLOW_HOME `home` (creates home and its secrets once)."""
    home = Path(home).resolve()
    _private_dir(home)
    keys = _secrets(home)
    cfg = home / "airflow.cfg"
    if not cfg.exists():
        _write_private(cfg, _CFG_STUB)
    base_url = f"http://127.0.0.1:{api_port}"
    # Start from the caller's environment minus any Airflow settings, so a developer's own
    # AIRFLOW_HOME or AIRFLOW__* never leaks into the project's instance.
    env = {k: v for k, v in os.environ.items() if not k.startswith("AIRFLOW")}
    env.update({
        "AIRFLOW_HOME": str(home),
        "AIRFLOW_CONFIG": str(cfg),
        "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": f"sqlite:///{home / 'airflow.db'}",
        # The LocalExecutor, its workers forked with the task bodies' imports loaded (statwatch_airflow/executor.py):
        # each task process starts 1–4 s sooner (statwatch, DuckDB, pandas, Great Expectations already imported).
        "AIRFLOW__CORE__EXECUTOR": "statwatch_airflow.executor.WarmLocalExecutor",
        # The LocalExecutor forks `parallelism` idle workers at start: 32 by default costs ~0.3 GiB more.
        "AIRFLOW__CORE__PARALLELISM": "4",
        "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
        # A watcher only runs for an unpaused Dag; paused-at-creation would silently disable every trigger.
        "AIRFLOW__CORE__DAGS_ARE_PAUSED_AT_CREATION": "False",
        "AIRFLOW__CORE__DAGS_FOLDER": str(Path(dags_folder).resolve()),
        "AIRFLOW__API__HOST": "127.0.0.1",
        "AIRFLOW__API__PORT": str(api_port),
        "AIRFLOW__API__BASE_URL": base_url,
        # Workers and the triggerer's asset-state calls use the Execution API (default localhost:8080).
        "AIRFLOW__CORE__EXECUTION_API_SERVER_URL": f"{base_url}/execution/",
        # New Dag files are found within 5 s (default 300 s); edits, and so trigger rows, within 10 s (default 30 s).
        "AIRFLOW__DAG_PROCESSOR__REFRESH_INTERVAL": "5",
        "AIRFLOW__DAG_PROCESSOR__MIN_FILE_PROCESS_INTERVAL": "10",
        # An idle scheduler loop sleeps this long (default 1 s) before it looks again for asset events to turn into
        # runs, finished tasks whose successors can start, and queued tasks: each hop of a release's path waits for
        # it (docs/benchmarks.md, section 3). The loop itself costs a few ms on SQLite.
        "AIRFLOW__SCHEDULER__SCHEDULER_IDLE_SLEEP_TIME": "0.2",
        # One secret shared by all processes; generated once per home, never in code.
        "AIRFLOW__API_AUTH__JWT_SECRET": keys["jwt_secret"],
        "AIRFLOW__CORE__FERNET_KEY": keys["fernet_key"],
        # Task logs: Airflow chmods them to 0o664 / folders 0o775 by default (for impersonation, unused here).
        "AIRFLOW__LOGGING__FILE_TASK_HANDLER_NEW_FILE_PERMISSIONS": "0o600",
        "AIRFLOW__LOGGING__FILE_TASK_HANDLER_NEW_FOLDER_PERMISSIONS": "0o700",
        "PATH": os.pathsep.join([str(venv_bin()), os.environ.get("PATH", "")]),
    })
    if not _statwatch_airflow_installed():
        # Until pyproject packages statwatch_airflow, the triggerer and workers find it in the checkout.
        env["PYTHONPATH"] = os.pathsep.join(p for p in [str(_PROJECT_ROOT), env.get("PYTHONPATH", "")] if p)
    return env


def prepare_airflow_home(home: Path, *, dags_folder: Path, api_port: int) -> dict[str, str]:
    """Migrate the metadata DB (once per Airflow version) and create the warehouse pool; returns the env."""
    env = airflow_env(home, dags_folder=dags_folder, api_port=api_port)
    home = Path(env["AIRFLOW_HOME"])
    _private_dir(home / "logs")
    marker = home / f".migrated-{metadata.version('apache-airflow')}"
    if not (marker.exists() and _has_table(home / "airflow.db", "alembic_version")):
        _airflow(env, "db", "migrate")
        marker.touch(mode=0o600)
    if _pool_slots(home / "airflow.db", WAREHOUSE_POOL) != 1:
        _airflow(env, "pools", "set", WAREHOUSE_POOL, "1", "All DuckDB-writing tasks: one writer for the embedded file")
    return env


# -- the running components ------------------------------------------------------------------------------


class AirflowStack:
    """The four Airflow components of one AIRFLOW_HOME, each in its own process group, logging to home/logs.

    statwatch_dev.cluster.ClusterStack extends it (PostgreSQL metadata, several schedulers, triggerers and Edge
    workers) through `components`, `command()` and `query()`.
    """

    components: tuple[str, ...] = COMPONENTS

    def __init__(self, home: Path, env: Mapping[str, str]) -> None:
        self.home = Path(home).resolve()
        self.env = dict(env)
        if Path(self.env.get("AIRFLOW_HOME", "")).resolve() != self.home:
            raise ValueError(f"env AIRFLOW_HOME {self.env.get('AIRFLOW_HOME')!r} is not {str(self.home)!r}")
        self.api_port = int(self.env["AIRFLOW__API__PORT"])
        self.db = self.home / "airflow.db"
        self.log_dir = self.home / "logs"
        self.password_file = self.home / PASSWORDS_FILE  # the admin password: say where it is, never print it
        self.procs: dict[str, subprocess.Popen[bytes]] = {}
        self._atexit = False

    def command(self, name: str) -> list[str]:
        """The command line of one component (servers on 127.0.0.1 only, no log servers on all interfaces)."""
        airflow = str(venv_bin() / "airflow")
        return {
            "api-server": [airflow, "api-server", "--host", "127.0.0.1", "--port", str(self.api_port)],
            # Without --skip-serve-logs these start a log server bound to all interfaces (8793/8794).
            "scheduler": [airflow, "scheduler", "--skip-serve-logs"],
            "dag-processor": [airflow, "dag-processor"],
            "triggerer": [airflow, "triggerer", "--skip-serve-logs"],
        }[name]

    def start(self, names: tuple[str, ...] | None = None) -> AirflowStack:
        """Launch the named components (default: all) that are not already running."""
        if not self._atexit:
            atexit.register(self.stop)
            self._atexit = True
        _private_dir(self.home)
        _private_dir(self.log_dir)
        for name in names or self.components:
            if name not in self.components:
                raise ValueError(f"unknown component {name!r}; expected one of {self.components}")
            if name in self.procs and self.procs[name].poll() is None:
                continue
            # The api-server logs the generated admin password: its log is the owner's alone.
            log_file = self.log_dir / f"{name}.log"
            fd = os.open(log_file, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
            os.fchmod(fd, 0o600)
            with os.fdopen(fd, "ab") as out:
                self.procs[name] = subprocess.Popen(  # noqa: S603
                    self.command(name), env=self.env, cwd=self.home, stdin=subprocess.DEVNULL,
                    stdout=out, stderr=subprocess.STDOUT, start_new_session=True, umask=PRIVATE_UMASK,
                )
            log.info("started airflow %s (pid %d)", name, self.procs[name].pid)
        return self

    def stop(self, names: tuple[str, ...] | None = None, grace: float = STOP_GRACE) -> None:
        """SIGTERM the components (default: all started), api-server last, wait up to `grace` seconds each, then
        SIGKILL leftovers; when the whole stack stops, also task processes a killed supervisor left behind (see
        `processes`)."""
        # The others talk to the Execution API while shutting down; without it the triggerer needs ~12 s, not ~2 s.
        whole = names is None
        names = names or tuple(self.procs)
        first = tuple(n for n in names if n != "api-server")
        self._stop_group(first, grace)
        if "api-server" in names:
            self._stop_group(("api-server",), grace)
        if whole and self.home.exists():
            for orphan in self.processes():
                log.warning("killing pid %d left behind by the stack: %s", orphan.pid, _title(orphan))
                _signal_pid(orphan.pid, signal.SIGKILL)

    def _stop_group(self, names: tuple[str, ...], grace: float) -> None:
        targets = {n: p for n, p in self.procs.items() if n in names}
        started = time.monotonic()
        for name, proc in targets.items():
            if name.rstrip("-0123456789") in _TERM_WHOLE_GROUP:  # triggerer-2 is a triggerer
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

    def kill(self, name: str, sig: signal.Signals = signal.SIGKILL) -> int:
        """Signal a component's whole process group at once, as a crash of its host or container would (SIGKILL
        by default: no handler runs), and reap it; `start((name,))` launches it again. Returns the group id.

        Task processes live in process groups of their own (Airflow's supervisor puts each task in one): killing
        the scheduler's group leaves them running as orphans, as on a real host."""
        proc = self.procs.get(name)
        if proc is None:
            raise ValueError(f"airflow {name} was not started")
        _signal_group(proc.pid, sig)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            log.error("airflow %s (pid %d) survived %s", name, proc.pid, sig.name)
        return proc.pid

    def processes(self) -> list[Any]:
        """Every live process working for this stack (psutil.Process): the components and their children, and task
        processes whose supervisor died. They are told apart from other stacks' processes by their working
        directory, the home (the components start there and every process they fork inherits it)."""
        import psutil

        found = []
        for p in psutil.process_iter():
            try:
                if p.cwd() == str(self.home) and p.pid != os.getpid():
                    found.append(p)
            except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
                continue
        return found

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
        """Rows of a read-only query against the metadata DB (retried briefly while it is locked); `?` placeholders."""
        for attempt in range(20):
            try:
                with closing(_ro(self.db)) as con:
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

    def is_idle(self, *, awaiting_ok: bool = False) -> bool:
        """No queued/running Dag runs and no task instances waiting or running; with `awaiting_ok`, a run that
        waits only for a person (a human-in-the-loop task in `awaiting_input`) counts as idle."""
        waiting = (" AND NOT EXISTS (SELECT 1 FROM task_instance t WHERE t.dag_id = r.dag_id AND t.run_id = r.run_id "
                   "AND t.state = 'awaiting_input')") if awaiting_ok else ""
        runs = self.query(f"SELECT count(*) AS n FROM dag_run r WHERE r.state IN {ACTIVE_RUN_STATES}{waiting}")
        tis = self.query(f"SELECT count(*) AS n FROM task_instance WHERE state IN {ACTIVE_TI_STATES}")
        return runs[0]["n"] == 0 and tis[0]["n"] == 0

    def wait_until_idle(self, timeout: float = 60.0, quiet: float = 3.0, *, awaiting_ok: bool = False) -> float:
        """Wait until the stack has been idle for `quiet` seconds in a row; returns seconds waited."""
        start = time.monotonic()
        idle_since: float | None = None

        def settled() -> bool:
            nonlocal idle_since
            if not self.is_idle(awaiting_ok=awaiting_ok):
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
        _airflow(self.env, "dags", "trigger", dag_id, "--conf", json.dumps(conf), timeout=120)

    # -- people in the loop: the REST API as the admin user -------------------------------------------------

    def api_token(self, user: str = "admin") -> str:
        """A JWT for the REST API (`POST /auth/token`) with the generated password of `user` (never printed)."""
        password = json.loads(self.password_file.read_text(encoding="utf-8"))[user]
        body = self.api("POST", "/auth/token", {"username": user, "password": password}, token=None)
        return str(body["access_token"])

    def api(self, method: str, path: str, body: dict[str, Any] | None = None, *, token: str | None) -> Any:
        """One JSON request to the api-server on 127.0.0.1; raises RuntimeError with the answer on an HTTP error."""
        req = urllib.request.Request(  # noqa: S310 - fixed http://127.0.0.1 URL
            f"http://127.0.0.1:{self.api_port}{path}", method=method,
            data=json.dumps(body).encode("utf-8") if body is not None else None,
            headers={"Content-Type": "application/json", **({"Authorization": f"Bearer {token}"} if token else {})})
        try:
            with urllib.request.urlopen(req, timeout=30) as r:  # noqa: S310
                return json.loads(r.read() or b"null")
        except urllib.error.HTTPError as e:
            raise RuntimeError(f"{method} {path}: HTTP {e.code} {e.read()[:300]!r}") from None

    def pending_approvals(self) -> list[dict[str, Any]]:
        """Human-in-the-loop requests waiting for an answer: dag_id, run_id, task_id, map_index, subject."""
        return self.query(
            "SELECT t.dag_id, t.run_id, t.task_id, t.map_index, h.subject FROM hitl_detail h "
            "JOIN task_instance t ON t.id = h.ti_id WHERE t.state = 'awaiting_input' AND h.responded_at IS NULL "
            "ORDER BY h.created_at")

    def answer(self, request: dict[str, Any], option: str, *, token: str) -> dict[str, Any]:
        """Answer a human-in-the-loop request through the REST API (as the token's user)."""
        path = (f"/api/v2/dags/{urllib.parse.quote(request['dag_id'], safe='')}/dagRuns/"
                f"{urllib.parse.quote(request['run_id'], safe='')}/taskInstances/"
                f"{urllib.parse.quote(request['task_id'], safe='')}/{request['map_index']}/hitlDetails")
        return dict(self.api("PATCH", path, {"chosen_options": [option], "params_input": {}}, token=token))

    def watcher_running(self, asset_uri: str) -> bool:
        """Whether the asset has a watcher trigger claimed by a triggerer."""
        return bool(self.query(
            "SELECT 1 FROM asset_watcher w JOIN asset a ON a.id = w.asset_id JOIN trigger t ON t.id = w.trigger_id "
            "WHERE a.uri=? AND t.triggerer_id IS NOT NULL", (asset_uri,)))


def _airflow(env: Mapping[str, str], *args: str, timeout: float = 300) -> None:
    """Run one `airflow` CLI command of this venv with `env`; a non-zero exit raises with the output's tail."""
    cmd = [str(venv_bin() / "airflow"), *args]
    done = subprocess.run(cmd, env=dict(env), capture_output=True, text=True, timeout=timeout, check=False,  # noqa: S603
                          umask=PRIVATE_UMASK)
    if done.returncode != 0:
        tail = (done.stderr or done.stdout).strip().splitlines()[-5:]
        raise RuntimeError(f"`airflow {' '.join(args[:3])}` failed ({done.returncode}): {' | '.join(tail)}")


def _private_dir(path: Path) -> None:
    """Create a folder only its owner can enter (0700), or make an existing one so."""
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.chmod(path, 0o700)


def _write_private(path: Path, text: str) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(text)


def _secrets(home: Path) -> dict[str, str]:
    path = home / _SECRETS_FILE
    if not path.exists():
        keys = {
            "jwt_secret": secrets.token_urlsafe(48),  # 64 ASCII bytes: HMAC-SHA512-sized, no key-length warning
            "fernet_key": base64.urlsafe_b64encode(secrets.token_bytes(32)).decode("ascii"),
        }
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass  # another process created it first; use theirs
        else:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump(keys, f)
    return json.loads(path.read_text(encoding="utf-8"))


def _statwatch_airflow_installed() -> bool:
    try:
        top = metadata.distribution("statwatch").read_text("top_level.txt") or ""
    except metadata.PackageNotFoundError:
        return False
    return "statwatch_airflow" in top.split()


def _ro(db: Path) -> sqlite3.Connection:
    """A read-only connection to a SQLite metadata DB."""
    return sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)


def _has_table(db: Path, table: str) -> bool:
    if not db.exists():
        return False
    with closing(_ro(db)) as con:
        return con.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name=?", (table,)).fetchone() is not None


def _pool_slots(db: Path, pool: str) -> int | None:
    if not _has_table(db, "slot_pool"):
        return None
    with closing(_ro(db)) as con:
        row = con.execute("SELECT slots FROM slot_pool WHERE pool=?", (pool,)).fetchone()
    return None if row is None else int(row[0])


def _signal_group(pid: int, sig: signal.Signals) -> None:
    try:
        os.killpg(pid, sig)  # start_new_session=True made pid the group id
    except (ProcessLookupError, PermissionError):
        pass


def _signal_pid(pid: int, sig: signal.Signals) -> None:
    try:
        os.kill(pid, sig)
    except (ProcessLookupError, PermissionError):
        pass


def _title(proc: Any) -> str:
    """A process's command line or title (Airflow's workers set one: `airflow worker -- <task instance id>`)."""
    try:
        return " ".join(proc.cmdline()).strip()
    except Exception:  # noqa: BLE001 - it may be gone already
        return "?"


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
