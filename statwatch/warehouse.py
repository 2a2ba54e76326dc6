"""The DuckDB warehouse: connections, transactions, migrations and views, the SQL files, the one write path."""

from __future__ import annotations

import fcntl
import logging
import os
import re
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

import duckdb

from statwatch import settings
from statwatch.errors import StatwatchError
from statwatch.ids import now

log = logging.getLogger(__name__)

@cache
def sql(name: str) -> str:
    """The text of warehouse/sql/<name>.sql (the one folder of named statements)."""
    return (settings.warehouse_dir() / "sql" / f"{name}.sql").read_text(encoding="utf-8")


# What a person's connection may not do: touch files or the network (COPY … TO, EXPORT, ATTACH, read_csv of a
# path or URL), install or load extensions; then the configuration is locked so that SET cannot undo it.
READER_CONFIG: dict[str, Any] = {
    "enable_external_access": False,
    "autoinstall_known_extensions": False,
    "autoload_known_extensions": False,
    "allow_community_extensions": False,
}
# A reader runs one statement that reads: a query (SELECT, WITH, FROM-first, VALUES, TABLE, DESCRIBE, SHOW,
# SUMMARIZE) or an EXPLAIN of one. The first keyword decides, because DuckDB plans PRAGMA as a SELECT.
READ_KEYWORDS = ("SELECT", "WITH", "FROM", "VALUES", "TABLE", "DESCRIBE", "SHOW", "SUMMARIZE", "EXPLAIN")
_COMMENTS = re.compile(r"\A(?:\s+|--[^\n]*(?:\n|\Z)|/\*.*?\*/)*", re.S)


class QueryRefused(StatwatchError, ValueError):
    """A statement a read-only connection does not run (a write, a file, an extension, a setting, several)."""


def connect(path: Path | str | None = None, *, read_only: bool = False, wait: float = 30.0,
            reader: bool = False) -> duckdb.DuckDBPyConnection:
    """Open the warehouse, waiting up to `wait` seconds while another process holds the write lock.

    `reader=True` is the connection for people (the CLI, pages): read-only, no file, network or extension access,
    configuration locked.
    """
    path = Path(path) if path else settings.db_path()
    read_only = read_only or reader
    if not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
    elif not path.exists():
        raise StatwatchError(f"cannot open {path}: no such warehouse file")
    deadline = time.monotonic() + wait
    delay = 0.05
    while True:
        try:
            con = duckdb.connect(str(path), read_only=read_only, config=READER_CONFIG if reader else {})
            con.execute("SET TimeZone = 'UTC'")  # settings first: the lock below freezes them
            if reader:
                con.execute("SET lock_configuration = true")
            return con
        except duckdb.IOException as e:
            if "lock" not in str(e).lower() or time.monotonic() > deadline:
                raise StatwatchError(f"cannot open {path}: {str(e).splitlines()[0]}") from None
            time.sleep(delay)
            delay = min(delay * 2, 1.0)


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """BEGIN … COMMIT, rolling back on any error."""
    con.execute("BEGIN TRANSACTION")
    try:
        yield con
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")


# --- migrations (the sqlite-utils way: numbered files, one transaction each, a bookkeeping table) ---


def migration_files() -> list[Path]:
    """warehouse/migrations/NNNN_*.sql in order."""
    return sorted((settings.warehouse_dir() / "migrations").glob("[0-9][0-9][0-9][0-9]_*.sql"))


def applied_migrations(con: duckdb.DuckDBPyConnection) -> dict[str, datetime]:
    """Names of applied migrations with their time (works on read-only connections)."""
    if not scalar(con, "SELECT count(*) FROM duckdb_tables() WHERE table_name = '_migrations'"):
        return {}
    return dict(con.execute("SELECT name, applied_at FROM _migrations").fetchall())


def pending_migrations(con: duckdb.DuckDBPyConnection) -> list[Path]:
    """Migration files not yet applied."""
    done = applied_migrations(con)
    return [p for p in migration_files() if p.stem not in done]


def migrate(con: duckdb.DuckDBPyConnection, *, stop_before: str | None = None) -> list[str]:
    """Apply pending migrations (each with its bookkeeping row in one transaction), then (re)create views."""
    applied = []
    con.execute("CREATE TABLE IF NOT EXISTS _migrations (name VARCHAR PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL)")
    for path in pending_migrations(con):
        if stop_before and path.stem.startswith(stop_before):
            break
        try:
            with transaction(con):
                con.execute(path.read_text(encoding="utf-8"))
                con.execute("INSERT INTO _migrations (name, applied_at) VALUES (?, ?)", [path.stem, now()])
        except duckdb.Error as e:
            raise StatwatchError(f"migration {path.stem} failed and was rolled back: "
                                 f"{str(e).splitlines()[0]}") from e
        log.info("applied migration %s", path.stem)
        applied.append(path.stem)
    create_views(con)
    return applied


def view_files() -> list[Path]:
    """warehouse/views/*.sql; a view may use views whose file name sorts before its own."""
    return sorted((settings.warehouse_dir() / "views").glob("*.sql"))


def create_views(con: duckdb.DuckDBPyConnection) -> None:
    """CREATE OR REPLACE every view and macro under warehouse/views/."""
    with transaction(con):
        for path in view_files():
            con.execute(path.read_text(encoding="utf-8"))


# --- one write path, published as a snapshot for readers ---


def writer_path(published: Path) -> Path:
    """The pipeline's private working copy beside the published file (warehouse/.statwatch.writer.duckdb)."""
    return published.with_name(f".{published.stem}.writer{published.suffix}")


LOCK_TIMEOUT = 600.0  # seconds a writer waits for another (STATWATCH_LOCK_TIMEOUT); a ten-year backfill stage fits


class WarehouseLocked(StatwatchError):
    """Another process has held the write lock for longer than this writer may wait."""


@contextmanager
def writer(path: Path | str | None = None, *, auto_migrate: bool = True,
           timeout: float | None = None) -> Iterator[duckdb.DuckDBPyConnection]:
    """The one write path: a migrated connection to the private copy, published to `path` when done.

    Analysts open the published file read-only: the pipeline never opens it, so a connection an analyst holds
    open can never block or break a pipeline write (anything written to the published file is replaced at the
    next publication). Writers of all processes are serialised by an OS lock held from opening until the
    snapshot is published; a writer waits at most `timeout` seconds (WarehouseLocked names the holder's pid).
    A published file that changed since the pipeline last published it (restored from a backup) is adopted,
    never overwritten by the older private copy.
    """
    published = Path(path) if path else settings.db_path()
    published.parent.mkdir(parents=True, exist_ok=True)
    private = writer_path(published)
    with _locked(private.with_suffix(".lock"), timeout):
        if published.exists() and (not private.exists() or _replaced(published, private)):
            if private.exists():
                log.warning("%s changed since the pipeline published it (restored?): adopting it", published)
            shutil.copy2(published, private)
            private.with_name(private.name + ".wal").unlink(missing_ok=True)
        con = connect(private)
        try:
            if auto_migrate and pending_migrations(con):
                migrate(con)
            yield con
        finally:
            con.execute("CHECKPOINT")
            con.close()
            publish(private, published)


@contextmanager
def _locked(path: Path, timeout: float | None) -> Iterator[None]:
    """flock `path` exclusively, waiting up to `timeout` seconds; the holder's pid is written into the file."""
    wait = timeout if timeout is not None else float(os.environ.get("STATWATCH_LOCK_TIMEOUT", LOCK_TIMEOUT))
    deadline = time.monotonic() + wait
    with open(path, "a+b") as lock:
        delay = 0.05
        while True:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    lock.seek(0)
                    holder = lock.read().decode("ascii", "replace").strip() or "unknown"
                    raise WarehouseLocked(f"the warehouse write lock {path} is held by pid {holder}; "
                                          f"gave up after {wait:g} s") from None
                time.sleep(delay)
                delay = min(delay * 2, 1.0)
        lock.truncate(0)
        lock.write(str(os.getpid()).encode("ascii"))
        lock.flush()
        try:
            yield
        finally:
            lock.truncate(0)
            fcntl.flock(lock, fcntl.LOCK_UN)


def _stamp(path: Path) -> str:
    st = path.stat()
    return f"{st.st_ino}:{st.st_size}:{st.st_mtime_ns}"


def _replaced(published: Path, private: Path) -> bool:
    """Whether the published file is not the one the pipeline last published (its stamp file says which)."""
    mark = private.with_name(private.name + ".published")
    if not mark.exists():  # published before stamps were kept: the newer file wins
        return published.stat().st_mtime_ns > private.stat().st_mtime_ns
    return mark.read_text(encoding="ascii").strip() != _stamp(published)


def publish(private: Path, published: Path) -> None:
    """Atomically replace the published file with a copy of the private one (readers keep their old inode), and
    remember which file that is."""
    tmp = published.with_name(f".{published.name}.{os.getpid()}.tmp")
    shutil.copy2(private, tmp)
    os.replace(tmp, published)
    stale_wal = published.with_name(published.name + ".wal")
    if stale_wal.exists():
        stale_wal.unlink()  # a WAL of the previous snapshot would be replayed into the new one
    private.with_name(private.name + ".published").write_text(_stamp(published), encoding="ascii")


def read_query(con: duckdb.DuckDBPyConnection, query: str) -> list[dict[str, Any]]:
    """Run one reading statement (see READ_KEYWORDS) and return its rows as dicts; anything else is refused."""
    statements = con.extract_statements(query)
    if len(statements) != 1:
        raise QueryRefused(f"one statement per query, got {len(statements)}")
    words = _COMMENTS.sub("", query).lstrip("(").split(None, 1)
    keyword = words[0].upper().rstrip(";") if words else ""
    if keyword not in READ_KEYWORDS or statements[0].type.name not in ("SELECT", "EXPLAIN"):
        raise QueryRefused(f"read-only: {keyword or statements[0].type.name} statements are refused "
                           f"(queries only: {', '.join(READ_KEYWORDS)})")
    return fetch_dicts(con, query)


# --- rows as dicts ---


def scalar(con: duckdb.DuckDBPyConnection, query: str, params: list[Any] | None = None) -> Any:
    """The first column of the first row (queries that always return a row: counts, max)."""
    row = con.execute(query, params or []).fetchone()
    if row is None:
        raise StatwatchError(f"query returned no row: {query[:80]}")
    return row[0]


def fetch_dicts(con: duckdb.DuckDBPyConnection, query: str,
                params: list[Any] | dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """Run a query and return its rows as dicts."""
    cur = con.execute(query, params or [])
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, row, strict=True)) for row in cur.fetchall()]
