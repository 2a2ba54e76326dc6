"""The warehouse: connections, transactions, migrations and views, the SQL files, the one write path.

Two backends, one code path and one set of SQL files, chosen by STATWATCH_WAREHOUSE (settings.warehouse_url):
a DuckDB file written through a private copy and published whole (the embedded profile), or a DuckLake whose
catalog is in PostgreSQL and whose data files are on shared storage (the cluster profile: several writers at once,
each stage's writes one DuckLake transaction retried on a commit conflict, its work done before it; readers on
snapshots).
"""

from __future__ import annotations

import fcntl
import importlib.util
import logging
import os
import random
import re
import shutil
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from itertools import count
from pathlib import Path
from typing import Any, TypeVar

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
PLANNER_CONFIG: dict[str, Any] = {"custom_user_agent": "statwatch-planner"}  # see connect(planner=True)
# A reader runs one statement that reads: a query (SELECT, WITH, FROM-first, VALUES, TABLE, DESCRIBE, SHOW,
# SUMMARIZE) or an EXPLAIN of one. The first keyword decides, because DuckDB plans PRAGMA as a SELECT.
READ_KEYWORDS = ("SELECT", "WITH", "FROM", "VALUES", "TABLE", "DESCRIBE", "SHOW", "SUMMARIZE", "EXPLAIN")
_COMMENTS = re.compile(r"\A(?:\s+|--[^\n]*(?:\n|\Z)|/\*.*?\*/)*", re.S)


class QueryRefused(StatwatchError, ValueError):
    """A statement a read-only connection does not run (a write, a file, an extension, a setting, several)."""


# --- which warehouse ---

LAKE = "lake"  # the name a DuckLake warehouse is attached under (and made the default database)
T = TypeVar("T")


@dataclass(frozen=True)
class Location:
    """A warehouse: a DuckDB file (`path`), or a DuckLake (`catalog`, a libpq conninfo, and `data_path`)."""

    path: Path | None = None
    catalog: str | None = None
    data_path: str | None = None

    @property
    def lake(self) -> bool:
        return self.catalog is not None

    def __str__(self) -> str:
        return f"ducklake:postgres:{_redacted(self.catalog or '')}" if self.lake else str(self.path)


def locate(db: Path | str | None = None) -> Location:
    """The warehouse `db` names (a file path, `duckdb:///path` or `ducklake:postgres:<conninfo>`); None: the
    configured one (STATWATCH_WAREHOUSE, else the file STATWATCH_DB or warehouse/statwatch.duckdb)."""
    url = str(db) if db is not None else settings.warehouse_url()
    if url.startswith("ducklake:"):
        rest = url.removeprefix("ducklake:")
        if not rest.startswith("postgres:"):
            raise StatwatchError(f"unsupported DuckLake catalog in {url.split(' ')[0]!r}: only ducklake:postgres:… is")
        return Location(catalog=rest.removeprefix("postgres:"), data_path=settings.lake_data_path())
    if url.startswith("duckdb://"):
        url = url.removeprefix("duckdb://")
    return Location(path=Path(url) if url else settings.db_path())


def _redacted(conninfo: str) -> str:
    return re.sub(r"(password\s*=\s*)\S+", r"\1***", conninfo)


def connect(path: Path | str | None = None, *, read_only: bool = False, wait: float = 30.0,
            reader: bool = False, planner: bool = False) -> duckdb.DuckDBPyConnection:
    """Open the warehouse, waiting up to `wait` seconds while another process holds the write lock.

    `reader=True` is the connection for people (the CLI, pages): read-only, no file, network or extension access,
    configuration locked. `planner=True` is a stage's read-only look at the published file (planned_stage): a
    configuration of its own, so that it never shares the database instance DuckDB keeps per file and process with
    another connection of this process, which would still read the file it opened before a publication replaced
    it (DuckDB refuses the open instead, and the stage plans under the lock).
    """
    where = locate(path)
    if where.lake:
        return _connect_lake(where, read_only=read_only or reader, reader=reader)
    path = where.path or settings.db_path()
    read_only = read_only or reader
    if not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
    elif not path.exists():
        raise StatwatchError(f"cannot open {path}: no such warehouse file")
    deadline = time.monotonic() + wait
    delay = 0.05
    while True:
        try:
            con = duckdb.connect(str(path), read_only=read_only or planner,
                                 config=READER_CONFIG if reader else PLANNER_CONFIG if planner else {})
            con.execute("SET TimeZone = 'UTC'")  # settings first: the lock below freezes them
            if reader:
                con.execute("SET lock_configuration = true")
            return con
        except duckdb.IOException as e:
            if "lock" not in str(e).lower() or time.monotonic() > deadline:
                raise StatwatchError(f"cannot open {path}: {str(e).splitlines()[0]}") from None
            time.sleep(delay)
            delay = min(delay * 2, 1.0)


def _extension_file(package: str, name: str) -> Path:
    """An extension shipped by a PyPI package (duckdb-extension-<name>) for the running DuckDB version."""
    spec = importlib.util.find_spec(package)
    folders = list(spec.submodule_search_locations or []) if spec else []
    for folder in folders:
        path = Path(folder) / "extensions" / f"v{duckdb.__version__}" / f"{name}.duckdb_extension"
        if path.is_file():
            return path
    raise StatwatchError(f"the DuckLake warehouse needs the package {package.replace('_', '-')}=={duckdb.__version__} "
                         f"(pip install it; nothing is downloaded at run time)")


def _postgres_extension() -> Path:
    """The postgres extension under the file name DuckDB loads it by (postgres_scanner), linked from var/."""
    shipped = _extension_file("duckdb_extension_postgres", "postgres")
    folder = settings.var_dir() / "duckdb-extensions" / f"v{duckdb.__version__}"
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    link = folder / "postgres_scanner.duckdb_extension"
    if not (link.is_symlink() and link.resolve() == shipped.resolve()):
        tmp = folder / f".postgres_scanner.{os.getpid()}"
        tmp.unlink(missing_ok=True)
        tmp.symlink_to(shipped)
        os.replace(tmp, link)
    return link


def _connect_lake(where: Location, *, read_only: bool, reader: bool) -> duckdb.DuckDBPyConnection:
    """A connection with the DuckLake attached as `lake` (and used by default), extensions from PyPI packages."""
    con = duckdb.connect(config={"autoinstall_known_extensions": False, "autoload_known_extensions": False,
                                 "allow_community_extensions": False})
    try:
        con.execute(f"LOAD '{_extension_file('duckdb_extension_ducklake', 'ducklake')}'")
        con.execute(f"LOAD '{_postgres_extension()}'")
        # The catalog remembers its data path: give one only to create a lake (or to check it is the same).
        data = where.data_path
        options = ["READ_ONLY"] if read_only else []
        if data:
            if "://" not in data:
                Path(data).mkdir(parents=True, exist_ok=True)
            options.append(f"DATA_PATH {_literal(data)}")
        spec = _literal("ducklake:postgres:" + (where.catalog or ""))
        con.execute(f"ATTACH {spec} AS {LAKE}" + (f" ({', '.join(options)})" if options else ""))
        con.execute(f"USE {LAKE}")
        con.execute("SET TimeZone = 'UTC'")
        if reader:  # the data files stay readable; nothing else on disk or the network
            data = str(scalar(con, f"SELECT data_path FROM {LAKE}.settings()"))
            con.execute(f"SET allowed_directories = [{_literal(data)}]")
            con.execute("SET enable_external_access = false")
            con.execute("SET lock_configuration = true")
    except duckdb.Error as e:
        con.close()
        raise StatwatchError(f"cannot open the DuckLake {where}: {str(e).splitlines()[0]}") from None
    return con


def _literal(text: str) -> str:
    """A SQL string literal (ATTACH takes no parameters; the text is configuration, not input)."""
    return "'" + text.replace("'", "''") + "'"


def is_lake(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the connection's default database is a DuckLake."""
    row = con.execute("SELECT type FROM duckdb_databases() WHERE database_name = current_database()").fetchone()
    return bool(row and row[0] == "ducklake")


def snapshot_id(con: duckdb.DuckDBPyConnection) -> int | None:
    """The DuckLake snapshot this connection's transaction reads (`AT (VERSION => n)` reads it again); None for a
    DuckDB file, which keeps no snapshots."""
    if not is_lake(con):
        return None
    return int(scalar(con, f"SELECT id FROM {LAKE}.current_snapshot()"))


# Connections inside a transaction() block or a stage's one DuckLake transaction: inner blocks join it.
_IN_STAGE: set[int] = set()


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """BEGIN … COMMIT, rolling back on any error; inside another transaction() block or a DuckLake stage, part of
    that transaction."""
    if id(con) in _IN_STAGE:
        yield con
        return
    con.execute("BEGIN TRANSACTION")
    _IN_STAGE.add(id(con))
    try:
        yield con
    except BaseException:
        _IN_STAGE.discard(id(con))
        con.execute("ROLLBACK")
        raise
    _IN_STAGE.discard(id(con))
    try:
        con.execute("COMMIT")
    except duckdb.Error:
        _rollback_quietly(con)
        raise


def _rollback_quietly(con: duckdb.DuckDBPyConnection) -> None:
    try:
        con.execute("ROLLBACK")
    except duckdb.Error:
        pass  # a failed COMMIT has already ended the transaction


def changed(con: duckdb.DuckDBPyConnection, query: str, params: Any = None) -> int:
    """Run an INSERT, UPDATE, DELETE or MERGE and return how many rows it changed (DuckLake has no RETURNING)."""
    row = con.execute(query, params if params is not None else []).fetchone()
    return int(row[0]) if row else 0


def changed_over(con: duckdb.DuckDBPyConnection, name: str, frame: Any, statement: str,
                 params: Any = None) -> int:
    """Run warehouse/sql/<statement>.sql over `frame` (a DataFrame) registered as `name` (a set-wise write of many
    rows in one statement); how many rows it changed."""
    con.register(name, frame)
    try:
        return changed(con, sql(statement), params)
    finally:
        con.unregister(name)


# --- commit conflicts (DuckLake: a transaction that writes a table another one deleted from since it began) ---

ATTEMPTS = 30  # a stage's attempts before a conflict is an error (STATWATCH_COMMIT_ATTEMPTS)


class WarehouseConflict(StatwatchError):
    """A DuckLake commit kept conflicting with other writers' commits."""


def is_conflict(e: BaseException) -> bool:
    """Whether a DuckDB error is a commit conflict with another writer (retry the whole transaction)."""
    return isinstance(e, duckdb.TransactionException) and "conflict" in str(e).lower()


def _backoff(attempt: int) -> None:
    time.sleep(random.uniform(0.5, 1.0) * min(0.05 * 2 ** attempt, 5.0))  # noqa: S311 - jitter, not secrecy


def atomic(con: duckdb.DuckDBPyConnection, work: Callable[[], T], *, attempts: int = ATTEMPTS) -> T:
    """Run `work` in one transaction; on a commit conflict roll back, wait and run it again."""
    for attempt in count(1):
        try:
            with transaction(con):
                return work()
        except duckdb.Error as e:
            if not is_conflict(e) or attempt >= attempts:
                raise
            _backoff(attempt)
    raise AssertionError("unreachable")


@dataclass
class StageStats:
    """What running stages cost in this process: commits retried after a conflict."""

    commits: int = 0
    retries: int = 0


STATS = StageStats()


def stage(work: Callable[[duckdb.DuckDBPyConnection], T], db: Path | str | None = None) -> T:
    """Run one stage on the write path, all of `work` inside the transaction (see `planned_stage`; nothing is
    planned, so the published snapshot is not opened)."""
    return planned_stage(lambda con: work, db, snapshot=False)


Write = Callable[[duckdb.DuckDBPyConnection], T]


def planned_stage(plan: Callable[[duckdb.DuckDBPyConnection], Write[T]], db: Path | str | None = None, *,
                  snapshot: bool = True) -> T:
    """Run one stage on the write path: `plan(con)` reads and computes (HTTP, extraction, GX) and returns `write`,
    which makes the stage's writes. A DuckDB file: `plan` on the published snapshot (read-only, no lock), then
    `write` on the private copy under the lock, published after; so a writer holds the lock for its writes only,
    not for its HTTP, extraction or GX (`plan` under the lock when the snapshot cannot be read). A DuckLake: `plan`
    on the latest snapshot outside any transaction, then `write` as one transaction, which a commit conflict with
    another writer rolls back and runs again, alone: a write re-reads the state it guards on (a batch still in the
    state the plan saw) inside its transaction, so a repeated or stale write changes nothing twice. `snapshot`
    False: `plan` under the lock on a DuckDB file too (a plan that computes nothing is not worth opening the
    published file for)."""
    where = locate(db)
    write = _plan_on_published(plan, where) if snapshot and not where.lake else None
    with writer(db) as con:
        if write is None:
            write = plan(con)
        if not where.lake:
            return write(con)
        attempts = int(os.environ.get("STATWATCH_COMMIT_ATTEMPTS", ATTEMPTS))
        for attempt in count(1):
            con.execute("BEGIN TRANSACTION")
            _IN_STAGE.add(id(con))
            try:
                result = write(con)
                con.execute("COMMIT")
                STATS.commits += 1
                return result
            except duckdb.Error as e:
                _rollback_quietly(con)
                if not is_conflict(e):
                    raise
                STATS.retries += 1
                if attempt >= attempts:
                    raise WarehouseConflict(f"gave up after {attempt} commit conflicts: {str(e).splitlines()[-1]}") \
                        from e
                log.warning("commit conflict with another writer (attempt %d): writing the stage again", attempt)
                _backoff(attempt)
            except BaseException:
                _rollback_quietly(con)
                raise
            finally:
                _IN_STAGE.discard(id(con))
    raise AssertionError("unreachable")


def _plan_on_published(plan: Callable[[duckdb.DuckDBPyConnection], Write[T]], where: Location) -> Write[T] | None:
    """`plan` run on a read-only connection to the published file, which every writer publishes before it lets
    the lock go: the state as of the last finished stage, as a DuckLake plan reads its latest snapshot, and the
    write re-checks what it guards on the same way. None (plan under the lock instead) when there is no published
    file yet, it lacks a migration this code needs, or it cannot be opened read-only here (this process holds it
    open otherwise: see connect's `planner`)."""
    published = where.path or settings.db_path()
    if not published.exists():
        return None
    try:
        con = connect(published, planner=True, wait=0)
    except (StatwatchError, duckdb.Error):
        return None
    try:
        try:
            if pending_migrations(con):
                return None
        except duckdb.Error:  # a file this code cannot read as a warehouse: the writer decides what it is
            return None
        return plan(con)
    finally:
        con.close()


# --- migrations (the sqlite-utils way: numbered files, one transaction each, a bookkeeping table) ---


def migration_files() -> list[Path]:
    """warehouse/migrations/NNNN_*.sql in order."""
    return sorted((settings.warehouse_dir() / "migrations").glob("[0-9][0-9][0-9][0-9]_*.sql"))


def applied_migrations(con: duckdb.DuckDBPyConnection) -> dict[str, datetime]:
    """Names of applied migrations with their time (works on read-only connections)."""
    if not scalar(con, "SELECT count(*) FROM duckdb_tables() WHERE table_name = '_migrations' "
                       "AND database_name = current_database()"):
        return {}
    return dict(con.execute("SELECT name, applied_at FROM _migrations").fetchall())


def pending_migrations(con: duckdb.DuckDBPyConnection) -> list[Path]:
    """Migration files not yet applied."""
    done = applied_migrations(con)
    return [p for p in migration_files() if p.stem not in done]


def migrate(con: duckdb.DuckDBPyConnection, *, stop_before: str | None = None) -> list[str]:
    """Apply pending migrations (each with its bookkeeping row in one transaction), then (re)create views."""
    applied = []
    lake = is_lake(con)
    ddl = "CREATE TABLE IF NOT EXISTS _migrations (name VARCHAR PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL)"
    con.execute(lake_ddl(ddl) if lake else ddl)
    for path in pending_migrations(con):
        if stop_before and path.stem.startswith(stop_before):
            break
        text = path.read_text(encoding="utf-8")
        try:
            with transaction(con):
                con.execute(lake_ddl(text) if lake else text)
                con.execute("INSERT INTO _migrations (name, applied_at) VALUES (?, ?)", [path.stem, now()])
        except duckdb.Error as e:
            raise StatwatchError(f"migration {path.stem} failed and was rolled back: "
                                 f"{str(e).splitlines()[0]}") from e
        log.info("applied migration %s", path.stem)
        applied.append(path.stem)
    create_views(con)
    return applied


_COMMENT = re.compile(r"--[^\n]*")
_TABLE_KEY = re.compile(r",\s*(?:PRIMARY\s+KEY|UNIQUE)\s*\([^)]*\)", re.I)
_COLUMN_KEY = re.compile(r"\s+(?:PRIMARY\s+KEY|UNIQUE)\b(?!\s*\()", re.I)
_INDEX = re.compile(r"\bCREATE\s+(?:UNIQUE\s+)?INDEX\b[^;]*;", re.I)


def lake_ddl(text: str) -> str:
    """A migration as DuckLake takes it: without PRIMARY KEY, UNIQUE and indexes, which it does not support.
    Nothing relies on them: every write is idempotent by deterministic ids (anti-joins, MERGE INTO), and the DuckDB
    file keeps them as a second line of defence."""
    text = _COMMENT.sub("", text)
    return _INDEX.sub("", _COLUMN_KEY.sub("", _TABLE_KEY.sub("", text)))


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
LOCK_POLL = 0.1  # seconds at most between two tries of a waiting writer (the holder holds it for its writes only)


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
    where = locate(path)
    if where.lake:  # no copy, no lock: DuckLake's transactions keep writers apart and readers on snapshots
        con = connect(path)
        try:
            if auto_migrate and (pending := pending_migrations(con)):
                raise StatwatchError(f"the DuckLake {where} lacks migrations {', '.join(p.stem for p in pending)}: "
                                     f"run `statwatch migrate` once (DDL is never run by concurrent writers)")
            yield con
        finally:
            con.close()
        return
    published = where.path or settings.db_path()
    published.parent.mkdir(parents=True, exist_ok=True)
    private = writer_path(published)
    with file_lock(private.with_suffix(".lock"), timeout):
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
def file_lock(path: Path, timeout: float | None, what: str = "the warehouse write lock") -> Iterator[None]:
    """flock `path` exclusively, waiting up to `timeout` seconds (None: STATWATCH_LOCK_TIMEOUT, else LOCK_TIMEOUT);
    the holder's pid is written into the file; WarehouseLocked names it when the wait is over."""
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
                    raise WarehouseLocked(f"{what} {path} is held by pid {holder}; "
                                          f"gave up after {wait:g} s") from None
                time.sleep(delay)
                delay = min(delay * 2, LOCK_POLL)
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
