"""The cluster profile's warehouse on real PostgreSQL and DuckLake: several writers at once lose and duplicate
nothing, an analyst reads a consistent snapshot without waiting or blocking anyone, two delivery runs at once send
each message once, and an alert keeps the snapshot that reproduces its evidence."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
import time
from datetime import date, timedelta
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, SmtpServer
from helpers import cst, load_facts, rail_day

from statwatch import warehouse as wh
from statwatch.notify import SmtpSettings, deliver_pending
from statwatch.pipeline import detect_alerts

pytestmark = pytest.mark.cluster

# The identity of a row of each table: count(*) == count(DISTINCT identity) says nothing was written twice.
KEYS = {
    "documents": "doc_id", "batches": "batch_id", "facts": "fact_id", "claims": "claim_id",
    "http_cache": "url", "listing_cache": "url", "source_health": "event_id", "quarantine": "quarantine_id",
    "staged_facts": "batch_id, row_index", "notifications": "notification_id", "alerts": "fingerprint",
}


def test_migrations_on_ducklake_have_no_keys_or_indexes():
    for path in wh.migration_files():
        ddl = wh.lake_ddl(path.read_text(encoding="utf-8")).upper()
        assert "PRIMARY KEY" not in ddl and "UNIQUE" not in ddl and "CREATE INDEX" not in ddl, path.name


def _four_sources(config: Path, publishers: list[str]) -> list[str]:
    """config/ with the rail and the statistics source once per publisher (distinct URLs, distinct ids)."""
    shutil.copytree(ROOT / "config", config)
    base = [s for s in yaml.safe_load((ROOT / "config" / "sources.yaml").read_text(encoding="utf-8"))["sources"]
            if s["id"] in ("zz_rail", "jinshui_stats")]
    sources = []
    for n, url in enumerate(publishers):
        for s in base:
            s = dict(s, id=f"{s['id']}_{n}", feed=dict(s["feed"]))
            s["feed"]["url"] = s["feed"]["url"].replace("${STATWATCH_PUBLISHER_URL:-http://127.0.0.1:8765}", url)
            sources.append(s)
    (config / "sources.yaml").write_text(yaml.safe_dump({"sources": sources}, allow_unicode=True), encoding="utf-8")
    return [s["id"] for s in sources]


# What the ingest DAG's four tasks call, in one process per source (each stage one DuckLake transaction).
STAGES = """
import json, sys
from datetime import date
from statwatch import pipeline, warehouse as wh
since = date.fromisoformat(sys.argv[2]) if len(sys.argv) > 2 else None
fetched = pipeline.run_fetch(sys.argv[1], mode="backfill", since=since)
for stage in (pipeline.run_extract, pipeline.run_validate, pipeline.run_merge):
    stage(fetched["batch_ids"])
print(json.dumps({"commits": wh.STATS.commits, "retries": wh.STATS.retries}))
"""


def test_four_backfills_at_once_lose_and_duplicate_nothing_while_an_analyst_reads_snapshots(lake, tmp_path):
    from statwatch_dev.publisher import Publisher

    pubs = [Publisher(start=date(2022, 4, 21), port=0).start() for _ in range(2)]
    try:
        ids = _four_sources(tmp_path / "config", [p.url for p in pubs])
        env = {**os.environ, "STATWATCH_CONFIG": str(tmp_path / "config")}
        analyst = wh.connect(reader=True)
        analyst.execute("BEGIN TRANSACTION")  # a snapshot held open across the whole backfill
        assert analyst.execute("SELECT count(*) FROM facts").fetchone() == (0,)
        started = time.monotonic()
        # Rail from April (21 bulletins, enough to overlap), each stats source whole (5 releases).
        writers = [subprocess.Popen([sys.executable, "-c", STAGES, sid, *(["2022-04-01"] if "rail" in sid else [])],
                                    env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                   for sid in ids]
        waits, snapshots = [], set()
        reader = wh.connect(reader=True)
        while any(w.poll() is None for w in writers):
            t0 = time.monotonic()
            reader.execute("BEGIN TRANSACTION")
            facts = reader.execute("SELECT count(*) FROM facts").fetchone()[0]
            merged = reader.execute("SELECT coalesce(sum(rows_merged), 0) FROM batches").fetchone()[0]
            snapshot = wh.snapshot_id(reader)
            reader.execute("COMMIT")
            waits.append(time.monotonic() - t0)
            # Facts and the batch that merged them commit together: every snapshot shows both or neither.
            assert facts == merged, f"snapshot {snapshot}: {facts} facts, batches say {merged}"
            snapshots.add(snapshot)
            time.sleep(0.2)
        outs = [w.communicate() for w in writers]
        took = time.monotonic() - started
        assert [w.returncode for w in writers] == [0] * 4, [o[1][-800:] for o in outs]
        # The snapshot held open all along still shows the lake as it was: nothing blocked the writers.
        assert analyst.execute("SELECT count(*) FROM facts").fetchone() == (0,)
        analyst.execute("COMMIT")
        con = wh.connect(reader=True)
        for table, key in KEYS.items():
            n, distinct = con.execute(f"SELECT count(*), count(DISTINCT ({key})) FROM {table}").fetchone()
            assert n == distinct, f"{table}: {n} rows, {distinct} distinct"
        per_source = dict(con.execute("SELECT source_id, count(*) FROM documents GROUP BY ALL").fetchall())
        facts = dict(con.execute("SELECT source_id, count(*) FROM facts GROUP BY ALL").fetchall())
        staged = dict(con.execute("SELECT source_id, sum(rows_staged) FROM batches WHERE status = 'loaded' "
                                  "GROUP BY ALL").fetchall())
        current, keys = con.execute("SELECT count(*), count(DISTINCT (indicator, measure, region, comparator, period)) "
                                    "FROM facts_current").fetchone()
        con.close()
    finally:
        for p in pubs:
            p.stop()
    stats = [json.loads(o[0].splitlines()[-1]) for o in outs]
    # Both publishers serve the same story: each copy of a source archives and stages the same documents and facts,
    # all batches loaded. The facts are the same facts (same indicator, region, period): whichever copy merged
    # first loaded them, the other found them there. Never two current vintages of one fact, never a fact lost.
    assert per_source == {f"zz_rail_{n}": 21 for n in (0, 1)} | {f"jinshui_stats_{n}": 5 for n in (0, 1)}
    assert staged["zz_rail_0"] == staged["zz_rail_1"] > 0 and staged["jinshui_stats_0"] == staged["jinshui_stats_1"] > 0
    assert current == keys == sum(facts.values()) == staged["zz_rail_0"] + staged["jinshui_stats_0"]
    retried = sum(x["retries"] for x in stats)
    print(f"4 backfills at once: {took:.1f} s, {sum(x['commits'] for x in stats)} stage commits, {retried} retried "
          f"after a conflict; analyst queries: {len(waits)}, "
          f"max {max(waits) * 1000:.0f} ms, {len(snapshots)} snapshots seen")
    assert max(waits) < 5.0  # a query never waits for a writer (seconds here are the 2-core machine's load)


def test_a_commit_conflict_writes_the_stage_again_without_planning_it_again(lake):
    """The plan (HTTP, extraction, GX) runs once; a commit conflict with another writer repeats only the write."""
    other = wh.connect(lake.url)
    other.execute("INSERT INTO http_cache (url, etag, checked_at) VALUES ('u', 'first', now())")
    planned, written = [], []
    retries = wh.STATS.retries

    def plan(con):
        planned.append(wh.scalar(con, "SELECT etag FROM http_cache WHERE url = 'u'"))

        def write(c):
            written.append(len(written) + 1)
            c.execute("UPDATE http_cache SET etag = ? WHERE url = 'u'", [f"write {len(written)}"])
            if len(written) == 1:  # another writer commits an update of the same table meanwhile
                other.execute("UPDATE http_cache SET etag = 'other' WHERE url = 'u'")
            return len(written)

        return write

    assert wh.planned_stage(plan, lake.url) == 2
    assert planned == ["first"] and written == [1, 2] and wh.STATS.retries == retries + 1
    assert wh.scalar(other, "SELECT etag FROM http_cache WHERE url = 'u'") == "write 2"
    other.close()


def _records(con, days: int) -> None:
    """A backfilled baseline, then `days` live bulletins each beating the last: one message each."""
    start = date(2022, 4, 1)
    load_facts(con, "d0", rail_day(str(start), 1, 40), published=cst(str(start)), mode="backfill")
    detect_alerts(con)
    for n in range(1, days + 1):
        day = str(start + timedelta(days=n))
        load_facts(con, f"d{n}", rail_day(day, 1 + n, 40 + n), published=cst(day))
    detect_alerts(con)


@pytest.mark.parametrize("backend", ["duckdb", "ducklake"])
def test_two_deliveries_at_once_send_each_message_once(backend, request, tmp_path):
    db = request.getfixturevalue("lake").url if backend == "ducklake" else request.getfixturevalue("db_path")
    con = wh.connect(db)
    _records(con, 8)
    due = con.execute("SELECT count(DISTINCT group_key) FROM notifications WHERE status = 'pending'").fetchone()[0]
    con.close()
    assert due == 8
    smtp = SmtpServer(tmp_path / "outbox").start()
    results: list = []
    go = threading.Barrier(2)

    def deliver() -> None:
        c = wh.connect(db)  # each run its own connection, as two notify tasks on two hosts
        go.wait()
        try:
            results.append(deliver_pending(c, SmtpSettings.from_url(smtp.url)))
        finally:
            c.close()

    runs = [threading.Thread(target=deliver) for _ in range(2)]
    for t in runs:
        t.start()
    for t in runs:
        t.join(120)
    smtp.stop()
    mids = [m["Message-ID"] for m in smtp.messages]
    assert len(results) == 2 and sum(r.messages_sent for r in results) == 8
    assert sum(r.claims_lost for r in results) > 0 or min(r.messages_sent for r in results) > 0  # they did race
    assert len(mids) == len(set(mids)) == 8  # each message once
    con = wh.connect(db, read_only=True)
    assert con.execute("SELECT status, count(*), max(attempts) FROM notifications GROUP BY ALL").fetchall() == [
        ("sent", 16, 1)]  # a record of trains and one of wagons in each message
    con.close()
    print(f"{backend}: messages per run {[r.messages_sent for r in results]}, "
          f"claims lost {[r.claims_lost for r in results]}")


def test_an_alert_keeps_the_snapshot_that_reproduces_its_evidence(lake):
    con = wh.connect()
    _records(con, 1)
    fp, snapshot = con.execute("SELECT fingerprint, snapshot_id FROM alerts WHERE state = 'firing' "
                               "AND indicator = 'rail.trains'").fetchone()
    load_facts(con, "d9", rail_day("2022-04-03", 1, 40), published=cst("2022-04-05"))  # later facts land
    assert snapshot is not None and con.execute(
        "SELECT snapshot_id FROM notifications WHERE fingerprint = ?", [fp]).fetchone() == (snapshot,)
    # What detection saw: the facts as of that snapshot, not as they are now.
    then = con.execute(f"SELECT value FROM facts AT (VERSION => {int(snapshot)}) "
                       "WHERE indicator = 'rail.trains' AND period = '2022-04-02' AND valid_to IS NULL").fetchall()
    now_ = con.execute("SELECT count(*) FROM facts WHERE indicator = 'rail.trains'").fetchone()[0]
    then_n = con.execute(f"SELECT count(*) FROM facts AT (VERSION => {int(snapshot)}) "
                         "WHERE indicator = 'rail.trains'").fetchone()[0]
    con.close()
    assert then == [(2.0,)] and now_ == then_n + 1


def test_the_embedded_profile_records_no_snapshot(con):
    _records(con, 1)
    assert con.execute("SELECT DISTINCT snapshot_id FROM alerts").fetchall() == [(None,)]
