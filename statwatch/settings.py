"""Where things live: the project folder, the warehouse file, the config folder."""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
WAREHOUSE_POOL = "statwatch_warehouse"  # the Airflow pool of every task that writes the warehouse (one slot)


_PACKAGE_PARENT = str(PACKAGE_DIR.parent)


def project_dir() -> Path:
    """The project checkout (STATWATCH_HOME, else the folder holding the package)."""
    return _resolved(os.environ.get("STATWATCH_HOME") or _PACKAGE_PARENT)


@cache
def _resolved(folder: str) -> Path:
    # resolving walks the file system; the extractor asks for the rules once per document
    return Path(folder).resolve()


def db_path() -> Path:
    """The warehouse file: STATWATCH_DB, else warehouse/statwatch.duckdb."""
    env = os.environ.get("STATWATCH_DB")
    return Path(env) if env else project_dir() / "warehouse" / "statwatch.duckdb"


def warehouse_url() -> str:
    """Which warehouse (STATWATCH_WAREHOUSE): `duckdb:///<path>` (default: the file db_path(), the embedded profile)
    or `ducklake:postgres:<libpq conninfo>` (the cluster profile: catalog in PostgreSQL, data under lake_data_path())."""
    return os.environ.get("STATWATCH_WAREHOUSE") or f"duckdb://{db_path()}"


def lake_data_path() -> str | None:
    """Where a DuckLake warehouse keeps its data files (STATWATCH_LAKE_DATA): a folder every writer and reader
    reaches (a shared file system), or an s3:// prefix. Needed to create the lake; its catalog remembers it, so
    other processes may leave it unset (when set, DuckLake checks that it is the same)."""
    return os.environ.get("STATWATCH_LAKE_DATA") or None


def config_dir() -> Path:
    """The folder with sources.yaml, targets.yaml and routes.yaml (STATWATCH_CONFIG)."""
    env = os.environ.get("STATWATCH_CONFIG")
    return Path(env) if env else project_dir() / "config"


def warehouse_dir() -> Path:
    """SQL files: migrations, views, queries, the indicator catalogue."""
    return _warehouse(project_dir())


@cache
def _warehouse(project: Path) -> Path:
    # the same Path each time: the extractor asks for its rules (cached by this folder) once per document
    return project / "warehouse"


def var_dir() -> Path:
    """Runtime state that is never committed: outbox, data docs, logs (STATWATCH_VAR)."""
    env = os.environ.get("STATWATCH_VAR")
    return Path(env) if env else project_dir() / "var"


def data_docs_dir() -> Path:
    """The Data Docs site the validate stage writes (pages and their stored results) and the evidence app serves."""
    return var_dir() / "data_docs"


def staleness_checks() -> bool:
    """Whether detection checks sources for missing releases against today's date (STATWATCH_STALENESS=off
    turns it off, for replays of historical publications such as the demo)."""
    return os.environ.get("STATWATCH_STALENESS", "on").lower() not in ("off", "0", "false", "no")
