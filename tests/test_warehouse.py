"""Migrations and the bitemporal merge on a real DuckDB file."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from helpers import cst, load_facts, rail_day

from statwatch import warehouse as wh
from statwatch.errors import StatwatchError
from statwatch.model import Fact


def test_migrate_is_idempotent_and_listed(db_path):
    con = wh.connect(db_path)
    assert wh.migrate(con) == []
    assert set(wh.applied_migrations(con)) == {p.stem for p in wh.migration_files()}
    tables = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    for name in ("documents", "facts", "targets", "quarantine", "alerts", "notifications", "source_health",
                 "silences", "facts_current", "rail_daily"):
        assert name in tables


def test_migration_failure_rolls_back_with_its_bookkeeping(tmp_path, monkeypatch):
    mig = tmp_path / "warehouse" / "migrations"
    mig.mkdir(parents=True)
    (tmp_path / "warehouse" / "views").mkdir()
    (mig / "0001_ok.sql").write_text("CREATE TABLE a (x INT);")
    (mig / "0002_broken.sql").write_text("CREATE TABLE b (x INT); CREATE TABLE oops (;")
    monkeypatch.setenv("STATWATCH_HOME", str(tmp_path))
    con = wh.connect(tmp_path / "w.duckdb")
    with pytest.raises(StatwatchError, match="migration 0002_broken failed and was rolled back: Parser Error"):
        wh.migrate(con)
    assert set(wh.applied_migrations(con)) == {"0001_ok"}
    assert con.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = 'b'").fetchone()[0] == 0


def test_loading_the_same_batch_twice_adds_nothing(con):
    first = load_facts(con, "d1", rail_day("2022-04-22", 6, 252), published=cst("2022-04-22"))
    assert first == {"new": 2, "revised": 0, "same": 0}
    again = wh.fetch_dicts(con, "SELECT * FROM batches WHERE batch_id = 'bd1'")[0]
    from statwatch.merge import merge
    from statwatch.staging import stage

    staged = stage(rail_day("2022-04-22", 6, 252), doc_id="d1", source_id="zz_rail", batch_id=again["batch_id"],
                   valid_from=cst("2022-04-22"))
    assert merge(con, staged) == {"new": 0, "revised": 0, "same": 2}
    assert merge(con, staged) == {"new": 0, "revised": 0, "same": 2}
    n, distinct = con.execute(
        "SELECT count(*), count(DISTINCT (indicator, measure, region, comparator, period, valid_from)) FROM facts"
    ).fetchone()
    assert n == distinct == 2


def test_revision_creates_a_vintage_and_as_of_sees_the_old_value(con):
    gdp = [Fact("gdp", "level", "2022-01/2022-03", 489.5, "亿元", region="金水区", quote="生产总值完成489.5亿元")]
    load_facts(con, "r1", gdp, published=cst("2022-04-25"))
    revised = [Fact("gdp", "level", "2022-01/2022-03", 490.1, "亿元", region="金水区", quote="生产总值完成490.1亿元")]
    assert load_facts(con, "r2", revised, published=cst("2022-05-10")) == {"new": 0, "revised": 1, "same": 0}
    assert con.execute("SELECT value FROM facts_current WHERE indicator = 'gdp'").fetchall() == [(490.1,)]
    assert con.execute("SELECT count(*) FROM facts WHERE indicator = 'gdp'").fetchone()[0] == 2
    before = datetime(2022, 5, 1, tzinfo=UTC)
    assert con.execute("SELECT value FROM facts_as_of(?)", [before]).fetchall() == [(489.5,)]
    assert con.execute("SELECT value FROM facts_as_of(?)", [datetime(2022, 4, 20, tzinfo=UTC)]).fetchall() == []


def test_revision_republished_with_the_same_date_still_orders_vintages(con):
    gdp = [Fact("gdp", "level", "2022-01/2022-03", 489.5, "亿元", region="金水区", quote="q")]
    load_facts(con, "r1", gdp, published=cst("2022-04-25"))
    revised = [Fact("gdp", "level", "2022-01/2022-03", 490.1, "亿元", region="金水区", quote="q")]
    load_facts(con, "r2", revised, published=cst("2022-04-25"))
    rows = con.execute("SELECT value, valid_from, valid_to FROM facts ORDER BY valid_from").fetchall()
    assert [r[0] for r in rows] == [489.5, 490.1]
    assert rows[0][2] == rows[1][1] and rows[0][1] < rows[1][1]


def test_rail_daily_view_pivots_the_day(con):
    load_facts(con, "d1", rail_day("2022-04-22", 6, 252), published=cst("2022-04-22"))
    row = wh.fetch_dicts(con, "SELECT * FROM rail_daily")[0]
    assert (row["trains"], row["wagons"], str(row["day"])) == (6, 252, "2022-04-22")


def test_an_analyst_holding_the_file_open_does_not_block_the_pipeline(tmp_path, publisher):
    import subprocess
    import sys
    import time

    from statwatch import pipeline

    published = tmp_path / "statwatch.duckdb"
    pipeline.run_detect(db=published)  # creates, migrates and publishes an empty warehouse
    analyst = subprocess.Popen(
        [sys.executable, "-c", "import duckdb, sys, time; c = duckdb.connect(sys.argv[1], read_only=True); "
         "print(c.execute('SELECT count(*) FROM facts').fetchone()[0], flush=True); time.sleep(120)",
         str(published)], stdout=subprocess.PIPE, text=True)
    try:
        assert analyst.stdout.readline().strip() == "0"  # the analyst's connection is open now
        t = time.monotonic()
        summary = pipeline.run_ingest("zz_rail", db=published, mode="backfill", validate=False)
        assert summary["documents"] > 40 and time.monotonic() - t < 60
        assert analyst.poll() is None  # still connected, undisturbed
        con = wh.connect(published, read_only=True)
        assert con.execute("SELECT count(*) FROM facts").fetchone()[0] > 100  # new readers see the new snapshot
        con.close()
    finally:
        analyst.kill()
        analyst.wait()


def test_writers_in_two_processes_are_serialised(tmp_path):
    import subprocess
    import sys

    published = tmp_path / "statwatch.duckdb"
    code = ("import sys; from statwatch import warehouse as wh\n"
            "for i in range(5):\n"
            "    with wh.writer(sys.argv[1]) as con:\n"
            "        con.execute('INSERT INTO silences VALUES (?, NULL, NULL, NULL, ?, NULL, now(), now())', "
            "[sys.argv[2] + str(i), 'r'])\n")
    procs = [subprocess.Popen([sys.executable, "-c", code, str(published), tag]) for tag in ("a", "b")]
    assert [p.wait(timeout=120) for p in procs] == [0, 0]
    con = wh.connect(published, read_only=True)
    assert con.execute("SELECT count(*) FROM silences").fetchone()[0] == 10


def test_duckdb_needs_pytz_for_timestamptz():
    """pytz is a dependency although statwatch never imports it: DuckDB does, to return TIMESTAMPTZ values."""
    import subprocess
    import sys

    code = ("import sys, duckdb; assert 'pytz' not in sys.modules; "
            "duckdb.connect().execute(\"SELECT TIMESTAMPTZ '2022-04-22 10:00:00+00'\").fetchone(); "
            "print('pytz' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "True"


def test_a_restored_warehouse_is_adopted_not_overwritten(tmp_path):
    """Restoring the published file from a backup (mtime kept or not) makes it the pipeline's data again."""
    import shutil

    db = tmp_path / "statwatch.duckdb"
    with wh.writer(db) as con:
        load_facts(con, "d21", rail_day("2022-04-21", 3, 126), published=cst("2022-04-21"))
    backup = tmp_path / "backup.duckdb"
    shutil.copy2(db, backup)
    for restore in (shutil.copy2, shutil.copyfile):
        with wh.writer(db) as con:
            load_facts(con, "d22", rail_day("2022-04-22", 6, 252), published=cst("2022-04-22"))
        restore(backup, db)
        with wh.writer(db) as con:  # the next pipeline write starts from the restored data
            days = [r[0] for r in con.execute("SELECT DISTINCT period FROM facts ORDER BY 1").fetchall()]
        assert days == ["2022-04-21"], restore.__name__
        ro = wh.connect(db, reader=True)
        assert ro.execute("SELECT count(DISTINCT period) FROM facts").fetchone() == (1,)
        ro.close()


def test_a_writer_waits_for_the_lock_only_so_long_and_names_the_holder(tmp_path):
    import subprocess
    import sys

    db = tmp_path / "statwatch.duckdb"
    with wh.writer(db):
        pass
    code = ("import sys, time; from statwatch import warehouse as wh\n"
            "with wh.writer(sys.argv[1]):\n    print('held', flush=True); time.sleep(30)\n")
    holder = subprocess.Popen([sys.executable, "-c", code, str(db)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(wh.WarehouseLocked, match=f"held by pid {holder.pid}; gave up after 0.5 s"):
            with wh.writer(db, timeout=0.5):
                pass
    finally:
        holder.kill()
        holder.wait()
    with wh.writer(db, timeout=5):  # the holder died: the OS released its lock
        pass


def test_a_stage_plans_on_the_published_file_while_another_writer_holds_the_lock(tmp_path):
    """A DuckDB-file stage reads and computes on the published snapshot without the lock and takes the lock for
    its writes only: a stage whose plan is slow (HTTP, GX) does not hold the warehouse up, nor wait for it."""
    import subprocess
    import sys
    import time

    db = tmp_path / "statwatch.duckdb"
    with wh.writer(db) as con:
        con.execute("INSERT INTO silences VALUES ('s0', NULL, NULL, NULL, 'r', NULL, now(), now())")
    code = ("import sys, time; from statwatch import warehouse as wh\n"
            "with wh.writer(sys.argv[1]) as con:\n"
            "    con.execute(\"INSERT INTO silences VALUES ('s1', NULL, NULL, NULL, 'r', NULL, now(), now())\")\n"
            "    print('held', flush=True); time.sleep(3)\n")
    holder = subprocess.Popen([sys.executable, "-c", code, str(db)], stdout=subprocess.PIPE, text=True)
    seen: dict[str, object] = {}
    try:
        assert holder.stdout.readline().strip() == "held"

        def plan(con):
            seen["planned"] = time.monotonic()
            seen["plan saw"] = sorted(r[0] for r in con.execute("SELECT silence_id FROM silences").fetchall())

            def write(c):
                seen["written"] = time.monotonic()
                seen["write saw"] = sorted(r[0] for r in c.execute("SELECT silence_id FROM silences").fetchall())
                return "done"
            return write

        started = time.monotonic()
        assert wh.planned_stage(plan, db) == "done"
    finally:
        holder.kill()
        holder.wait()
    assert seen["planned"] - started < 1.5, "the plan did not wait for the lock"
    assert seen["written"] - started > 2, "the write waited for it"
    assert seen["plan saw"] == ["s0"], "the plan read the last published state"
    assert seen["write saw"] == ["s0", "s1"], "the write sees the other writer's work"


def test_a_stage_plans_under_the_lock_when_the_snapshot_cannot_serve(tmp_path, monkeypatch):
    """No published file yet, or one lacking a migration this code needs: the plan runs on the private copy."""
    db = tmp_path / "statwatch.duckdb"
    where: list[str] = []

    def plan(con):
        where.append(con.execute("SELECT path FROM duckdb_databases() WHERE database_name = current_database()")
                     .fetchone()[0])
        return lambda c: None

    wh.planned_stage(plan, db)  # a fresh warehouse: nothing published to plan on
    wh.planned_stage(plan, db)  # published now
    held = wh.connect(db, read_only=True)  # this process reads the published file (a snapshot it keeps)
    with wh.writer(db) as con:
        con.execute("INSERT INTO silences VALUES ('s-new', NULL, NULL, NULL, 'r', NULL, now(), now())")
    seen = []
    wh.planned_stage(lambda con: seen.append(con.execute("SELECT count(*) FROM silences").fetchone()[0]) or plan(con),
                     db)
    assert seen == [1], "the plan does not read this process's older snapshot"
    assert held.execute("SELECT count(*) FROM silences").fetchone() == (0,)
    held.close()
    wh.planned_stage(plan, db)  # published, no other connection
    extra = tmp_path / "9999_a_new_table.sql"  # a release of the code with a migration the file lacks
    extra.write_text("CREATE TABLE a_new_table (x INTEGER);", encoding="utf-8")
    shipped = wh.migration_files()
    monkeypatch.setattr(wh, "migration_files", lambda: [*shipped, extra])
    wh.planned_stage(plan, db)  # the writer migrates the private copy first, the plan runs on it
    wh.planned_stage(plan, db)  # published with the migration
    private, published = wh.writer_path(db).name, db.name
    assert [p.rsplit("/", 1)[-1] for p in where] == [private, published, private, published, private, published]
    opened = []
    connect = wh.connect
    monkeypatch.setattr(wh, "connect", lambda path, **kw: opened.append(Path(path).name) or connect(path, **kw))
    wh.stage(lambda con: None, db)  # nothing to plan: the published file is not opened for it
    assert opened == [private]


def test_make_clean_removes_everything_that_could_republish_data(tmp_path):
    import shutil
    import subprocess

    from conftest import ROOT

    db = tmp_path / "warehouse" / "statwatch.duckdb"
    with wh.writer(db) as con:
        load_facts(con, "d21", rail_day("2022-04-21", 3, 126), published=cst("2022-04-21"))
    assert wh.writer_path(db).exists()
    shutil.copy(ROOT / "Makefile", tmp_path / "Makefile")
    subprocess.run(["make", "-s", "clean"], cwd=tmp_path, check=True)
    assert sorted(p.name for p in (tmp_path / "warehouse").iterdir()) == []
    with wh.writer(db) as con:  # a fresh warehouse, not the old data republished
        assert con.execute("SELECT count(*) FROM facts").fetchone() == (0,)
