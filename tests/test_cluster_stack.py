"""The cluster profile for real: PostgreSQL, the api-server with the Edge API, two schedulers, two triggerers and two
Edge workers run the demo story with the embedded demo's assertions, survive the SIGKILL of a worker in the middle
of an ingest task (retried on the other worker, nothing lost or duplicated) and of a scheduler (runs go on)."""

from __future__ import annotations

import json
import os
import time
from datetime import date

import pytest
from conftest import ROOT, free_port
from helpers import SHORT_DEMO_BATCHES, SHORT_DEMO_DOCUMENTS

from statwatch import warehouse as wh

pytestmark = [pytest.mark.slow, pytest.mark.cluster]


@pytest.fixture(scope="module")
def profile(postgres, tmp_path_factory):
    """The cluster profile on the tests' PostgreSQL: its own lake and metadata databases."""
    from statwatch_dev.cluster import ClusterProfile, load_config

    tmp = tmp_path_factory.mktemp("cluster")
    config = load_config() | {"STATWATCH_CLUSTER_LAKE_DB": f"lake_cluster_{os.getpid()}",
                              "STATWATCH_CLUSTER_AIRFLOW_DB": f"airflow_cluster_{os.getpid()}"}
    saved = dict(os.environ)
    os.environ["STATWATCH_VAR"] = str(tmp / "var")
    prof = ClusterProfile(postgres, config, tmp / "lake")
    os.environ.update(prof.warehouse_env())
    postgres.create_database(prof.lake_db)
    prof.migrate_lake()
    yield prof
    for s in prof.stacks:
        s.stop()
    os.environ.clear()
    os.environ.update(saved)


def test_the_demo_story_on_the_cluster(profile, tmp_path, monkeypatch):
    from statwatch_dev.demo import run_demo

    monkeypatch.setenv("STATWATCH_PUBLISHER_URL", "restored-after-the-test")
    result = run_demo(start=date(2022, 4, 21), end=date(2022, 4, 22), publisher_port=free_port(),
                      airflow_home=tmp_path / "airflow", say=print, profile=profile)
    stack = profile.stacks[-1]
    # The embedded demo's assertions (tests/test_demo_stack.py): the backfill plus the 04-22 bulletins the watchers
    # announced; one e-mail, the record.
    assert result.documents == sum(SHORT_DEMO_DOCUMENTS.values())
    assert len(result.emails_this_run) == 1 and result.emails_this_run[0].startswith("【新纪录】")
    con = wh.connect(profile.warehouse, read_only=True)
    rows = con.execute("SELECT indicator, value FROM facts_current WHERE period = '2022-04-22' AND indicator IN "
                       "('rail.trains', 'rail.wagons') ORDER BY indicator").fetchall()
    runs = con.execute("SELECT mode, count(*) FROM batches GROUP BY mode ORDER BY mode").fetchall()
    docs = dict(con.execute("SELECT source_id, count(*) FROM documents GROUP BY source_id").fetchall())
    snapshots = con.execute("SELECT count(*) FROM alerts WHERE state = 'firing' AND snapshot_id IS NULL").fetchone()
    con.close()
    assert rows == [("rail.trains", 6.0), ("rail.wagons", 252.0)]
    assert runs == SHORT_DEMO_BATCHES and docs == SHORT_DEMO_DOCUMENTS
    assert snapshots == (0,)  # every alert says which DuckLake snapshot detection read
    # Every task ran on an Edge worker; the demo's ingest, detect and notify DAGs all ran.
    ran = stack.task_workers()
    assert ran and {r["edge_worker"] for r in ran} <= {"worker-1", "worker-2"}
    assert {r["dag_id"] for r in ran} >= {"ingest_zz_rail", "ingest_jinshui_stats", "detect_events", "notify_staff"}
    print("workers:", {w: sum(r["edge_worker"] == w for r in ran) for w in ("worker-1", "worker-2")})


@pytest.fixture(scope="module")
def long_history(profile, tmp_path_factory):
    """A publisher with two years of history (the feed lists the newest 100 bulletins) and a running stack."""
    from statwatch_dev.publisher import Publisher

    tmp = tmp_path_factory.mktemp("history")
    pub = Publisher(start=date(2022, 4, 30), port=0, history_years=2).start()
    os.environ["STATWATCH_PUBLISHER_URL"] = pub.url
    os.environ["STATWATCH_STALENESS"] = "off"
    env = profile.prepare(tmp / "airflow", dags_folder=ROOT / "dags", api_port=free_port())
    env.update({"STATWATCH_PUBLISHER_URL": pub.url, "STATWATCH_STALENESS": "off", "STATWATCH_VAR": str(tmp / "var")})
    stack = profile.stack(tmp / "airflow", env).start()
    stack.wait_ready(timeout=180)
    for dag_id in ("ingest_zz_rail", "ingest_jinshui_stats"):
        stack.wait_parsed(dag_id, timeout=120)
    yield stack
    stack.stop()
    pub.stop()


def _job(stack, dag_id: str, task_id: str, state: str = "running") -> dict | None:
    rows = [r for r in stack.task_workers(dag_id) if r["task_id"] == task_id and r["state"] == state]
    return rows[-1] if rows else None


def _wait(predicate, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if found := predicate():
            return found
        time.sleep(0.2)
    raise TimeoutError(what)


def _no_duplicates(warehouse: str, url: str) -> dict[str, int]:
    """Checks every id is written once; the documents of each source fetched from the publisher at `url`."""
    con = wh.connect(warehouse, reader=True)
    try:
        for table, key in {"documents": "doc_id", "batches": "batch_id", "facts": "fact_id",
                           "http_cache": "url"}.items():
            n, distinct = con.execute(f"SELECT count(*), count(DISTINCT ({key})) FROM {table}").fetchone()
            assert n == distinct, f"{table}: {n} rows, {distinct} distinct"
        current, keys = con.execute("SELECT count(*), count(DISTINCT (indicator, measure, region, comparator, "
                                    "period)) FROM facts_current").fetchone()
        assert current == keys
        return dict(con.execute("SELECT source_id, count(*) FROM documents WHERE starts_with(url, ?) GROUP BY ALL",
                                [url]).fetchall())
    finally:
        con.close()


def _feed_items(stack, monkeypatch, source_id: str) -> int:
    from statwatch.config import get_source
    from statwatch.discover import discover
    from statwatch.fetch import make_session

    monkeypatch.setenv("STATWATCH_PUBLISHER_URL", stack.env["STATWATCH_PUBLISHER_URL"])
    source = get_source(source_id)
    return len(discover(source, make_session(source.hosts, allow_private=True)))


def test_a_worker_killed_in_the_middle_of_an_ingest_task_loses_and_duplicates_nothing(profile, long_history,
                                                                                       monkeypatch):
    stack = long_history
    stack.trigger("ingest_zz_rail", {"mode": "backfill", "since": None})
    victim = _wait(lambda: _job(stack, "ingest_zz_rail", "fetch_documents"), 180, "fetch_documents never ran")
    time.sleep(1.0)  # in the middle: the task is fetching and archiving inside its transaction
    stack.kill(victim["edge_worker"])
    killed_at = time.monotonic()
    [run] = stack.wait_for_runs("ingest_zz_rail", 1, timeout=420)
    assert run["state"] == "success"
    tries = [r for r in stack.task_workers("ingest_zz_rail") if r["task_id"] == "fetch_documents"]
    survivor = next(w for w in stack.workers if w != victim["edge_worker"])
    assert [r["try_number"] for r in tries] == [1, 2] and tries[-1]["edge_worker"] == survivor
    assert {r["edge_worker"] for r in stack.task_workers("ingest_zz_rail") if r["try_number"] > 1 or
            r["task_id"] != "fetch_documents"} == {survivor}
    documents = _no_duplicates(profile.warehouse, stack.env["STATWATCH_PUBLISHER_URL"])
    assert documents["zz_rail"] == _feed_items(stack, monkeypatch, "zz_rail")  # every bulletin listed, each once
    print(f"worker {victim['edge_worker']} killed; run finished on {survivor} "
          f"{time.monotonic() - killed_at:.0f} s later")
    stack.start((victim["edge_worker"],))  # back for the next test


def test_runs_go_on_when_a_scheduler_is_killed(profile, long_history, monkeypatch):
    stack = long_history
    assert {address for address, _, _ in stack.listeners()} == {"127.0.0.1"}  # every component, loopback only
    stack.kill("scheduler-1")
    started = time.monotonic()
    stack.trigger("ingest_jinshui_stats", {"mode": "backfill", "since": None})
    [run] = stack.wait_for_runs("ingest_jinshui_stats", 1, timeout=300)
    assert run["state"] == "success"
    documents = _no_duplicates(profile.warehouse, stack.env["STATWATCH_PUBLISHER_URL"])
    assert documents["jinshui_stats"] == _feed_items(stack, monkeypatch, "jinshui_stats")
    health = stack.health() or {}
    print(f"scheduler-1 killed; ingest_jinshui_stats ran in {time.monotonic() - started:.0f} s; "
          f"health {json.dumps(health.get('scheduler'))}")
    stack.start(("scheduler-1",))
