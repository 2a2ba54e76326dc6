"""The environment of a project-local Airflow: one AIRFLOW_HOME, SQLite, LocalExecutor, everything on 127.0.0.1."""

from __future__ import annotations

import base64
import json
import logging
import os
import secrets
import sqlite3
import subprocess  # noqa: S404 - runs the venv's own airflow CLI with fixed arguments
import sys
from contextlib import closing
from importlib import metadata
from pathlib import Path

log = logging.getLogger(__name__)

WAREHOUSE_POOL = "statwatch_warehouse"
_SECRETS_FILE = "statwatch-secrets.json"
_CFG_STUB = "# Settings come from the environment built by statwatch.airflow_env; this stub stops Airflow\n" \
            "# from writing a default airflow.cfg with its own (unused) generated secrets.\n"
_PROJECT_ROOT = Path(__file__).resolve().parent.parent


def venv_bin() -> Path:
    """The bin folder of the interpreter running this code (where `airflow` is installed)."""
    return Path(sys.executable).parent


def airflow_env(home: Path, *, dags_folder: Path, api_port: int) -> dict[str, str]:
    """Environment for every Airflow process of the AIRFLOW_HOME `home` (creates home and its secrets once)."""
    home = Path(home).resolve()
    home.mkdir(parents=True, exist_ok=True)
    keys = _secrets(home)
    cfg = home / "airflow.cfg"
    if not cfg.exists():
        cfg.write_text(_CFG_STUB, encoding="utf-8")
    base_url = f"http://127.0.0.1:{api_port}"
    # Start from the caller's environment minus any Airflow settings, so a developer's own
    # AIRFLOW_HOME or AIRFLOW__* never leaks into the project's instance.
    env = {k: v for k, v in os.environ.items() if not k.startswith("AIRFLOW")}
    env.update({
        "AIRFLOW_HOME": str(home),
        "AIRFLOW_CONFIG": str(cfg),
        "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": f"sqlite:///{home / 'airflow.db'}",
        "AIRFLOW__CORE__EXECUTOR": "LocalExecutor",
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
        # One secret shared by all processes; generated once per home, never in code.
        "AIRFLOW__API_AUTH__JWT_SECRET": keys["jwt_secret"],
        "AIRFLOW__CORE__FERNET_KEY": keys["fernet_key"],
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
    (home / "logs").mkdir(exist_ok=True)
    marker = home / f".migrated-{metadata.version('apache-airflow')}"
    if not (marker.exists() and _has_table(home / "airflow.db", "alembic_version")):
        _airflow(env, "db", "migrate")
        marker.touch()
    if _pool_slots(home / "airflow.db", WAREHOUSE_POOL) != 1:
        _airflow(env, "pools", "set", WAREHOUSE_POOL, "1", "All DuckDB-writing tasks: one writer for the embedded file")
    return env


def _airflow(env: dict[str, str], *args: str) -> None:
    cmd = [str(venv_bin() / "airflow"), *args]
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300, check=False)  # noqa: S603
    if done.returncode != 0:
        tail = (done.stderr or done.stdout).strip().splitlines()[-5:]
        raise RuntimeError(f"`airflow {' '.join(args[:2])}` failed ({done.returncode}): {' | '.join(tail)}")


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
