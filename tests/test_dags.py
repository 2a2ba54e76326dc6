"""The DAG files: they import cleanly and lightly, and the pipeline runs through Airflow (dag.test())."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from conftest import ROOT, decoded_bodies

DAGS = ROOT / "dags"
HEAVY = ("duckdb", "great_expectations", "pandas", "requests", "statwatch.warehouse", "statwatch.extract")


@pytest.fixture(scope="session")
def airflow_db() -> Path:
    """The private Airflow metadata DB of this test session, migrated once."""
    home = Path(os.environ["AIRFLOW_HOME"])
    if not (home / ".migrated").exists():
        done = subprocess.run([str(Path(sys.executable).parent / "airflow"), "db", "migrate"], capture_output=True,
                              text=True, env=os.environ.copy(), timeout=300)
        assert done.returncode == 0, done.stderr[-2000:]
        (home / ".migrated").touch()
    return home / "airflow.db"


def _states(dag_id: str) -> dict[str, str]:
    """Task id → state of the DAG's latest run in the metadata DB."""
    from airflow.models import DagRun, TaskInstance
    from airflow.utils.session import create_session

    with create_session() as session:
        run = session.query(DagRun).filter(DagRun.dag_id == dag_id).order_by(DagRun.id.desc()).first()
        tis = session.query(TaskInstance).filter(TaskInstance.dag_id == dag_id, TaskInstance.run_id == run.run_id)
        return {ti.task_id: ti.state for ti in tis}


def _bag(folder: Path):
    from airflow.dag_processing.dagbag import DagBag

    return DagBag(dag_folder=str(folder))


def test_every_dag_file_imports(publisher):
    bag = _bag(DAGS)
    assert not bag.import_errors, "DAG files failed to import:\n" + "\n".join(
        f"{path}: {err.strip().splitlines()[-1]}" for path, err in bag.import_errors.items())
    assert {"ingest_zz_rail", "ingest_jinshui_stats", "detect_events", "notify_staff"} <= set(bag.dag_ids)
    for dag in bag.dags.values():
        assert dag.doc_md and dag.default_args.get("retries", 0) >= 1 and not dag.catchup
        assert dag.default_args.get("execution_timeout"), f"{dag.dag_id}: no execution_timeout in default_args"


def test_every_task_has_a_time_limit_that_fits_its_work(publisher):
    """A task that hangs (a publisher trickling bytes) must not hold the one warehouse writer for ever, and a
    ten-year backfill (thousands of pages from a slow publisher) must not be cut off."""
    from datetime import timedelta

    bag = _bag(DAGS)
    limits = {(dag.dag_id, t.task_id): t.execution_timeout for dag in bag.dags.values() for t in dag.tasks}
    assert limits and all(limits.values()), [k for k, v in limits.items() if not v]
    assert all(timedelta(minutes=10) <= v <= timedelta(hours=6) for v in limits.values()), limits
    for source in ("zz_rail", "jinshui_stats", "jinshui_assess", "jk_ops"):
        assert limits[(f"ingest_{source}", "fetch_documents")] >= timedelta(hours=2)  # a backfill fits
        assert limits[(f"ingest_{source}", "validate_facts")] >= timedelta(minutes=30)


def test_a_live_release_does_not_queue_behind_another_sources_run(publisher):
    """fetch_documents (a live run's whole path) is outside the one-slot warehouse pool: its stages take the write
    lock for their writes only, so two releases published at once interleave instead of one waiting for the other
    run's end. The backfill stages, detection and delivery stay in the pool."""
    from statwatch.settings import WAREHOUSE_POOL

    bag = _bag(DAGS)
    pools = {(dag.dag_id, t.task_id): t.pool for dag in bag.dags.values() for t in dag.tasks}
    for source in ("zz_rail", "jinshui_stats", "jinshui_assess", "jk_ops"):
        assert pools[(f"ingest_{source}", "fetch_documents")] == "default_pool"
        assert {pools[(f"ingest_{source}", t)] for t in ("extract_facts", "validate_facts", "merge_facts")} == {
            WAREHOUSE_POOL}
    assert pools[("detect_events", "detect_alerts")] == pools[("notify_staff", "send_notifications")] == WAREHOUSE_POOL


def test_an_import_error_names_the_failing_file(tmp_path):
    (tmp_path / "broken_dag.py").write_text("from airflow.sdk import dag\nraise RuntimeError('boom in broken')\n")
    bag = _bag(tmp_path)
    [(path, err)] = bag.import_errors.items()
    assert path.endswith("broken_dag.py") and "boom in broken" in err


@pytest.mark.parametrize("name", sorted(p.name for p in DAGS.glob("*.py")))
def test_dag_files_import_nothing_heavy_at_top_level(name):
    code = (f"import runpy, sys; runpy.run_path({str(DAGS / name)!r}); "
            f"print([m for m in {HEAVY!r} if m in sys.modules])")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "STATWATCH_PUBLISHER_URL": "http://127.0.0.1:9"})
    assert done.returncode == 0, done.stderr[-1500:]
    assert done.stdout.strip().splitlines()[-1] == "[]"


def test_pipeline_through_airflow_sends_the_record_email_exactly_once(airflow_db, publisher, smtp_server,
                                                                      monkeypatch):
    monkeypatch.setenv("STATWATCH_STALENESS", "off")  # a replay of 2022: today every source would be stale
    monkeypatch.setenv("AIRFLOW_CONN_SMTP_DEFAULT", json.dumps({
        "conn_type": "smtp", "host": "127.0.0.1", "port": smtp_server.port,
        "extra": {"disable_ssl": True, "disable_tls": True, "from_email": "statwatch@localhost"}}))
    bag = _bag(DAGS)
    ingest_rail, ingest_stats = bag.dags["ingest_zz_rail"], bag.dags["ingest_jinshui_stats"]
    detect, notify = bag.dags["detect_events"], bag.dags["notify_staff"]

    def run(dag, **conf):
        dr = dag.test(run_conf=conf or None)
        assert dr.state == "success", f"{dag.dag_id} ended {dr.state}"

    run(ingest_rail, mode="backfill", since=None)
    run(ingest_stats, mode="backfill", since=None)
    run(detect)
    run(notify)
    assert smtp_server.messages == []  # a backfill sends nothing

    for _ in range(2):  # two full runs over the 2022-04-22 release: the record is told once
        publisher.set_clock(date(2022, 4, 22))
        run(ingest_rail, mode="live", since=None)  # dag.test() keeps the last conf's params in-process
        # A live run takes the short path: fetch_documents merged, detected and delivered; the stage tasks skipped.
        assert len(smtp_server.messages) == 1
        assert _states(ingest_rail.dag_id) == {"fetch_documents": "success", "extract_facts": "skipped",
                                               "validate_facts": "skipped", "merge_facts": "skipped"}
        run(detect)  # the asset-driven runs still come, and find nothing left to do
        run(notify)
    records = [m for m in smtp_server.messages if m["Subject"].startswith("【新纪录】")]
    assert len(records) == 1 and len(smtp_server.messages) == 1
    text, _ = decoded_bodies(records[0])
    assert "6列" in records[0]["Subject"] and "全天装车6列252车" in text and "此前纪录" in text

    from statwatch import warehouse as wh

    con = wh.connect(os.environ["STATWATCH_DB"], read_only=True)
    rows = wh.fetch_dicts(con, "SELECT indicator, value, quote, doc_id FROM facts_current WHERE period = "
                               "'2022-04-22' AND indicator IN ('rail.trains', 'rail.wagons') ORDER BY indicator")
    con.close()
    assert [(r["indicator"], r["value"]) for r in rows] == [("rail.trains", 6), ("rail.wagons", 252)]
    assert "6列" in rows[0]["quote"] and "252车" in rows[1]["quote"] and all(r["doc_id"] for r in rows)


def test_a_failed_task_is_e_mailed_to_the_ops_route(airflow_db, smtp_server, monkeypatch, tmp_path):
    """detect_events fails on purpose (a broken rules.yaml): the data engineers on call get an e-mail naming the
    task, the error and the log — sent by Airflow's SmtpNotifier, not the warehouse's outbox."""
    import shutil

    config = tmp_path / "config"
    shutil.copytree(ROOT / "config", config)
    (config / "rules.yaml").write_text("milestones:\n  rail.trains_cumulative: -1\n", encoding="utf-8")
    monkeypatch.setenv("STATWATCH_CONFIG", str(config))
    monkeypatch.setenv("AIRFLOW_CONN_SMTP_DEFAULT", json.dumps({
        "conn_type": "smtp", "host": "127.0.0.1", "port": smtp_server.port,
        "extra": {"disable_ssl": True, "disable_tls": True}}))
    from helpers import cst, load_facts, rail_day

    from statwatch import warehouse as wh
    from statwatch.pipeline import run_detect

    with wh.writer() as con:  # a batch to detect, so that the rules file is read
        load_facts(con, "d22", rail_day("2022-04-22", 6, 252), published=cst("2022-04-22"))
    detect = _bag(DAGS).dags["detect_events"]
    assert all(t.on_failure_callback for t in detect.tasks)
    for t in detect.tasks:
        t.retries = 0  # the callback runs when retries are used up: skip the two 30 s waits
    dr = detect.test()
    assert dr.state == "failed"
    [msg] = smtp_server.messages
    assert msg["To"] == "data-eng@statwatch.local" and msg["From"] == "statwatch <statwatch@localhost>"
    assert msg["Subject"].startswith("【任务失败】detect_events.detect_alerts")
    html = msg.get_body(preferencelist=("html",)).get_content()
    assert "rules.yaml" in html and "milestone steps must be positive" in html
    assert 'href="http' in html.split("日志")[1]  # the task's log in the Airflow UI
    with pytest.raises(Exception, match="milestone steps must be positive"):
        run_detect()
