"""The cluster profile on one host: PostgreSQL (Airflow's metadata and the DuckLake catalog) and an Airflow cluster
(the api-server with the Edge API, several schedulers and triggerers, a dag-processor, Edge workers that reach only
the api-server) on top of statwatch_dev.airflow_local; settings in config/cluster.env.

    profile = ClusterProfile.from_config()      # starts PostgreSQL, migrates the lake
    env = profile.prepare(home, dags_folder=…, api_port=…)
    stack = profile.stack(home, env).start()    # api-server, scheduler-1/2, dag-processor, triggerer-1/2, worker-1/2
"""

from __future__ import annotations

import logging
import os
import signal
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psutil
import psycopg  # the harness reads Airflow's metadata; the library never does
from psycopg.rows import dict_row

from statwatch import settings
from statwatch.settings import WAREHOUSE_POOL
from statwatch_dev.airflow_local import AirflowStack, _airflow, _private_dir, airflow_env, free_port, venv_bin
from statwatch_dev.postgres import LocalPostgres

log = logging.getLogger(__name__)

CONFIG_FILE = "cluster.env"


def load_config(path: Path | None = None) -> dict[str, str]:
    """config/cluster.env as a dict (KEY=VALUE lines, # comments); the caller's environment wins."""
    path = path or settings.config_dir() / CONFIG_FILE
    out: dict[str, str] = {}
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        key, sep, value = line.partition("=")
        if not sep or not key.strip():
            raise ValueError(f"{path}:{n}: expected KEY=VALUE, got {line!r}")
        out[key.strip()] = os.environ.get(key.strip(), value.strip())
    return out


class ClusterStack(AirflowStack):
    """The Airflow components of the cluster profile, each in its own process group (a worker's group is what a
    host that dies takes with it: the worker and the tasks it forked)."""

    def __init__(self, home: Path, env: Mapping[str, str], *, schedulers: int = 2, triggerers: int = 2,
                 workers: int = 2, concurrency: int = 2, metadata_url: str = "", warm: bool = True) -> None:
        super().__init__(home, env)
        self.metadata_url = metadata_url or self.env["AIRFLOW__DATABASE__SQL_ALCHEMY_CONN"]
        self.concurrency = concurrency
        self.warm = warm
        self.workers = tuple(f"worker-{i}" for i in range(1, workers + 1))
        self.components = ("api-server", *(f"scheduler-{i}" for i in range(1, schedulers + 1)), "dag-processor",
                           *(f"triggerer-{i}" for i in range(1, triggerers + 1)), *self.workers)

    def command(self, name: str) -> list[str]:
        if name in self.workers:  # `-H` names the worker; its pid file must not be shared with the others
            # warm: `airflow edge worker` with the task processes' imports loaded before it forks them
            worker = ([str(venv_bin() / "python"), "-m", "statwatch_airflow.edge_worker"] if self.warm else
                      [str(venv_bin() / "airflow"), "edge", "worker"])
            return [*worker, "-H", name, "--concurrency", str(self.concurrency), "--pid", str(self.home / f"{name}.pid")]
        return super().command(name.rstrip("-0123456789"))

    def query(self, sql: str, params: tuple[Any, ...] = ()) -> list[dict[str, Any]]:
        """Rows of a read-only query against the PostgreSQL metadata DB (`?` placeholders, as for SQLite)."""
        url = self.metadata_url.replace("postgresql+psycopg://", "postgresql://")
        with psycopg.connect(url, connect_timeout=10, autocommit=True, row_factory=dict_row) as con:
            con.read_only = True
            cur = con.execute(sql.replace("?", "%s").encode(), params)  # type: ignore[arg-type]
            return list(cur.fetchall()) if cur.description else []

    def wait_ready(self, timeout: float = 120.0) -> float:
        """The API is healthy (metadata, schedulers, triggerers, dag-processor) and every Edge worker is idle."""
        start = time.monotonic()
        deadline = start + timeout
        last: Any = None
        while time.monotonic() < deadline:
            dead = [n for n, alive in self.running().items() if not alive]
            if dead:
                raise RuntimeError(f"airflow {', '.join(dead)} exited: {self.log_tail(dead[0])}")
            last = self.health()
            if last and all((last.get(c) or {}).get("status") == "healthy"
                            for c in ("metadatabase", "scheduler", "triggerer", "dag_processor")):
                workers = self.edge_workers()
                last = {**last, "edge_workers": workers}
                if all(workers.get(w) in ("idle", "running") for w in self.workers if w in self.procs):
                    return time.monotonic() - start
            time.sleep(0.5)
        raise TimeoutError(f"airflow cluster not ready after {timeout:.0f}s; last health: {last}")

    def edge_workers(self) -> dict[str, str]:
        """Edge worker name → state, as the api-server knows them."""
        try:
            return {r["worker_name"]: r["state"] for r in self.query("SELECT worker_name, state FROM edge_worker")}
        except Exception:  # noqa: BLE001 - the table appears with the first worker
            return {}

    def stop(self, names: tuple[str, ...] | None = None, grace: float = 25.0) -> None:
        """As AirflowStack.stop, then SIGKILL whatever is left below the stopped components (a task supervisor
        runs in a process group of its own, which stopping a worker's group does not reach)."""
        below = []
        for name in names or tuple(self.procs):
            if name in self.procs:
                try:
                    below += psutil.Process(self.procs[name].pid).children(recursive=True)
                except psutil.NoSuchProcess:
                    pass
        super().stop(names, grace)
        for child in below:
            try:
                child.kill()
            except psutil.NoSuchProcess:
                pass

    def kill(self, name: str, sig: signal.Signals = signal.SIGKILL) -> int:
        """As AirflowStack.kill, and every process below the component too, as a host that dies: a worker takes the
        tasks it runs with it (a task runs in a process group of its own, so signalling the worker's group is not
        enough)."""
        proc = self.procs.get(name)
        try:
            below = psutil.Process(proc.pid).children(recursive=True) if proc else []
        except psutil.NoSuchProcess:
            below = []
        pid = super().kill(name, sig)
        for child in below:
            try:
                child.send_signal(sig)
            except psutil.NoSuchProcess:
                pass
        return pid

    def task_workers(self, dag_id: str | None = None) -> list[dict[str, Any]]:
        """Which Edge worker ran which task try (from the Edge jobs of the metadata DB), in queue order."""
        return self.query(
            "SELECT dag_id, run_id, task_id, try_number, edge_worker, state, queued_dttm FROM edge_job "
            "WHERE ?::text IS NULL OR dag_id = ? ORDER BY queued_dttm, dag_id, task_id, try_number", (dag_id, dag_id))


@dataclass
class ClusterProfile:
    """One host's cluster deployment: its PostgreSQL, its DuckLake and how Airflow is set up on them."""

    postgres: LocalPostgres
    config: dict[str, str]
    lake_data: Path
    stacks: list[ClusterStack] = field(default_factory=list)

    @classmethod
    def from_config(cls, root: Path | None = None, config: dict[str, str] | None = None) -> ClusterProfile:
        """Start PostgreSQL (var/cluster/postgres), create the lake's database and migrate it; this process uses the
        lake as its warehouse from then on (STATWATCH_WAREHOUSE and PG* set in its environment)."""
        config = config or load_config()
        root = Path(root or settings.var_dir() / "cluster").resolve()
        port = int(config.get("STATWATCH_CLUSTER_POSTGRES_PORT", "0")) or free_port()
        pg = LocalPostgres(root / "postgres", port).start()
        data = Path(config.get("STATWATCH_CLUSTER_LAKE_DATA") or root / "lake")
        data = data if data.is_absolute() else settings.project_dir() / data
        profile = cls(pg, config, data.resolve())
        os.environ.update(profile.warehouse_env())  # this process is a client of the cluster from now on
        pg.create_database(profile.lake_db)
        profile.migrate_lake()
        return profile

    @property
    def lake_db(self) -> str:
        return self.config.get("STATWATCH_CLUSTER_LAKE_DB", "statwatch_lake")

    @property
    def airflow_db(self) -> str:
        return self.config.get("STATWATCH_CLUSTER_AIRFLOW_DB", "airflow")

    @property
    def warehouse(self) -> str:
        """STATWATCH_WAREHOUSE of every process of the cluster."""
        return "ducklake:postgres:" + self.postgres.conninfo(self.lake_db)

    def warehouse_env(self) -> dict[str, str]:
        """What a process needs to use the lake (the password comes from the environment, never the URL)."""
        return {**self.postgres.env(), "STATWATCH_WAREHOUSE": self.warehouse,
                "STATWATCH_LAKE_DATA": f"{self.lake_data}/"}

    def migrate_lake(self) -> list[str]:
        """Apply the warehouse migrations to the lake, once, from this process (never from concurrent tasks)."""
        from statwatch import warehouse as wh

        con = wh.connect(self.warehouse)
        try:
            return wh.migrate(con)
        finally:
            con.close()

    def prepare(self, home: Path, *, dags_folder: Path, api_port: int, fresh: bool = True) -> dict[str, str]:
        """The environment of every Airflow process: PostgreSQL metadata (a fresh database unless `fresh` is False,
        as the embedded demo starts from a fresh home), the EdgeExecutor and the Edge API, the warehouse pool sized
        for several writers, and the lake as the warehouse."""
        env = airflow_env(home, dags_folder=dags_folder, api_port=api_port)
        env.update({k: v for k, v in self.config.items() if k.startswith("AIRFLOW__")})
        env.update({
            "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": self.postgres.sqlalchemy_url(self.airflow_db),
            # psycopg 3 is async too (Airflow would otherwise want asyncpg for its async engine)
            "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN_ASYNC": self.postgres.sqlalchemy_url(self.airflow_db),
            "AIRFLOW__EDGE__API_URL": f"http://127.0.0.1:{api_port}/edge_worker/v1/rpcapi",
            **self.warehouse_env(),
        })
        _private_dir(Path(env["AIRFLOW_HOME"]) / "logs")
        if fresh:
            self.postgres.drop_database(self.airflow_db)
        self.postgres.create_database(self.airflow_db)
        _airflow(env, "db", "migrate", timeout=600)
        slots = self.config.get("STATWATCH_CLUSTER_POOL_SLOTS", "8")
        _airflow(env, "pools", "set", WAREHOUSE_POOL, slots, "Warehouse writers: DuckLake takes several at once")
        return env

    def stack(self, home: Path, env: Mapping[str, str]) -> ClusterStack:
        c = self.config
        stack = ClusterStack(home, env, schedulers=int(c.get("STATWATCH_CLUSTER_SCHEDULERS", "2")),
                             triggerers=int(c.get("STATWATCH_CLUSTER_TRIGGERERS", "2")),
                             workers=int(c.get("STATWATCH_CLUSTER_WORKERS", "2")),
                             concurrency=int(c.get("STATWATCH_CLUSTER_WORKER_CONCURRENCY", "2")),
                             warm=c.get("STATWATCH_CLUSTER_WARM_WORKERS", "true").lower() in ("1", "true", "yes", "on"))
        self.stacks.append(stack)
        return stack

    def stop(self) -> None:
        for s in self.stacks:
            s.stop()
        self.postgres.stop()


def describe_runs(rows: list[dict[str, Any]]) -> list[str]:
    """One line per DAG run, in the order its first task was queued: each task try and the worker that ran it."""
    runs: dict[tuple[str, str], list[str]] = {}
    for r in rows:
        kind, _, when = r["run_id"].partition("__")
        tries = f" (try {r['try_number']})" if r["try_number"] > 1 else ""
        failed = "" if r["state"] == "success" else f" [{r['state']}]"
        runs.setdefault((r["dag_id"], f"{kind} {when[11:19]}"), []).append(
            f"{r['task_id']}{tries} {r['edge_worker'] or '-'}{failed}")
    return [f"{dag} {run}: {', '.join(tasks)}" for (dag, run), tasks in runs.items()]


def run_cluster_demo(*, say: Any = print, **kwargs: Any) -> tuple[Any, list[dict[str, Any]]]:
    """`make demo-cluster`: the demo story (statwatch_dev.demo.run_demo) on the cluster profile; returns the demo's
    result and which Edge worker ran which task. Stops everything it started."""
    from statwatch_dev.demo import run_demo

    project = settings.project_dir()
    profile = ClusterProfile.from_config()
    try:
        say(f"postgres 127.0.0.1:{profile.postgres.port} (data {profile.postgres.data}); "
            f"warehouse DuckLake {profile.lake_db}, data files {profile.lake_data}")
        result = run_demo(project=project, airflow_home=kwargs.pop("airflow_home", project / ".airflow-cluster"),
                          say=say, profile=profile, **kwargs)
        ran = profile.stacks[-1].task_workers() if profile.stacks else []
    finally:
        profile.stop()
    return result, ran
