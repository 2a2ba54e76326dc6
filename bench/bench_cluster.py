"""Cluster benchmark: the ten-year backfill through Airflow on the cluster profile with 1 and 2 Edge workers,
commits retried under contention, and how long an analyst query waits meanwhile.

Usage: .venv/bin/python bench/bench_cluster.py [--years 10] [--workers 1,2]

For each worker count: a fresh lake and a fresh metadata database on one PostgreSQL (statwatch_dev/postgres.py), the
Airflow cluster of statwatch_dev/cluster.py with that many Edge workers (one task at a time each: `--concurrency 1`,
so one worker is serial and two run two tasks at once), the sample publisher in its own process with
`--history-years N`, and bench/sources.yaml (the whole archive). Both ingest DAGs are triggered with
`{"mode": "backfill"}` at once; the clock stops when both runs have finished. Meanwhile an analyst connection runs
`BEGIN; SELECT count(*) FROM facts; SELECT sum(rows_merged) FROM batches; COMMIT` every 0.5 s: its latency is the
wait, and the two counts must agree (facts and their batch commit together). Commit retries are counted from the
task logs (`commit conflict with another writer`).

Against the essential work, as bench_backfill.py measures it: before the stack starts, the floor (every document
fetched on the pipeline's pool and extracted, in a fresh interpreter, against the same publisher) is measured in the
same run; the backfill's wall time over it is the ratio (goal: within 3x). The share of each ingest task
(fetch_documents, extract_facts, validate_facts, merge_facts) is its task instances' run time (start to end, from
the metadata database) over the wall time; with two workers the two DAGs' tasks overlap, so shares may add up to
more than 100%. What is left is Airflow's scheduling and task start-up.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime
from pathlib import Path
from typing import Any

from machine import ROOT, machine, publisher

HERE = Path(__file__).resolve().parent
GOAL = 3.0  # the backfill within this many times its essential work (issue 15)
TASKS = ("fetch_documents", "extract_facts", "validate_facts", "merge_facts")


def floor(url: str) -> dict:
    """bench_backfill's essential-work floor against this publisher, in a fresh interpreter."""
    done = subprocess.run([sys.executable, str(HERE / "bench_backfill.py"), "--child", "floor", "--url", url],  # noqa: S603
                          cwd=ROOT, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def run(workers: int, years: int, pg, tmp: Path) -> dict:
    from statwatch import warehouse as wh
    from statwatch_dev.airflow_local import free_port
    from statwatch_dev.cluster import ClusterProfile, load_config

    config = load_config() | {"STATWATCH_CLUSTER_WORKERS": str(workers), "STATWATCH_CLUSTER_WORKER_CONCURRENCY": "1",
                              "STATWATCH_CLUSTER_LAKE_DB": f"bench_lake_{workers}",
                              "STATWATCH_CLUSTER_AIRFLOW_DB": f"bench_airflow_{workers}"}
    pg.drop_database(config["STATWATCH_CLUSTER_LAKE_DB"])
    profile = ClusterProfile(pg, config, tmp / f"lake-{workers}")
    os.environ.update(profile.warehouse_env())
    pg.create_database(profile.lake_db)
    profile.migrate_lake()
    conf = tmp / "config"
    if not conf.exists():
        shutil.copytree(ROOT / "config", conf)
        shutil.copy(HERE / "sources.yaml", conf / "sources.yaml")
    with publisher(history_years=years, start="2022-04-30") as url:
        fl = floor(url)
        home = tmp / f"airflow-{workers}"
        env = profile.prepare(home, dags_folder=ROOT / "dags", api_port=free_port())
        env.update({"STATWATCH_PUBLISHER_URL": url, "STATWATCH_CONFIG": str(conf), "STATWATCH_STALENESS": "off",
                    "STATWATCH_VAR": str(tmp / f"var-{workers}")})
        stack = profile.stack(home, env).start()
        try:
            stack.wait_ready(timeout=240)
            for dag_id in ("ingest_zz_rail", "ingest_jinshui_stats"):
                stack.wait_parsed(dag_id, timeout=120)
            stack.wait_until_idle(timeout=300, quiet=5)  # the scheduled detect/notify runs at start
            waits: list[float] = []
            mismatches: list[tuple[int, int]] = []
            stop = threading.Event()

            def analyst() -> None:
                con = wh.connect(profile.warehouse, reader=True)
                while not stop.is_set():
                    t0 = time.perf_counter()
                    con.execute("BEGIN TRANSACTION")
                    facts = con.execute("SELECT count(*) FROM facts").fetchone()[0]
                    merged = con.execute("SELECT coalesce(sum(rows_merged), 0) FROM batches").fetchone()[0]
                    con.execute("COMMIT")
                    waits.append(time.perf_counter() - t0)
                    if facts != merged:
                        mismatches.append((facts, merged))
                    stop.wait(0.5)
                con.close()

            reader = threading.Thread(target=analyst, daemon=True)
            token = stack.api_token()
            t0 = time.monotonic()
            for dag_id in ("ingest_zz_rail", "ingest_jinshui_stats"):  # REST, as the UI: the CLI takes 3-5 s to start
                stack.api("POST", f"/api/v2/dags/{dag_id}/dagRuns",
                          {"logical_date": None, "conf": {"mode": "backfill", "since": None}}, token=token)
            reader.start()
            runs = {d: stack.wait_for_runs(d, 1, timeout=7200)[-1] for d in ("ingest_zz_rail", "ingest_jinshui_stats")}
            wall = time.monotonic() - t0
            stop.set()
            reader.join(30)
            ran = stack.task_workers()
            tasks = {}
            tis = []
            for dag_id, r in runs.items():
                for ti in stack.query("SELECT dag_id, task_id, scheduled_dttm, queued_dttm, start_date, end_date "
                                      "FROM task_instance WHERE dag_id = ? AND run_id = ?", (dag_id, r["run_id"])):
                    if ti["start_date"] and ti["end_date"]:
                        seconds = (_when(ti["end_date"]) - _when(ti["start_date"])).total_seconds()
                        tasks[ti["task_id"]] = tasks.get(ti["task_id"], 0.0) + seconds
                        tis.append({**ti, "queued_at": r["queued_at"]})
        finally:
            stack.stop()
    phases = where_the_time_goes(tis, home / "logs")
    logs = list((home / "logs").rglob("*.log"))
    retries = sum(p.read_text(encoding="utf-8", errors="replace").count("commit conflict with another writer")
                  for p in logs if "dag_id=ingest" in str(p))
    con = wh.connect(profile.warehouse, read_only=True)
    docs, facts = con.execute("SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM facts)").fetchone()
    commits = con.execute("SELECT count(*) FROM lake.snapshots()").fetchone()[0]
    con.close()
    per_task = {}
    for r in ran:
        if r["dag_id"].startswith("ingest"):
            per_task.setdefault(r["edge_worker"], 0)
            per_task[r["edge_worker"]] += 1
    sorted_waits = sorted(waits) or [0.0]
    return {"workers": workers, "wall_s": round(wall, 1), "documents": docs, "facts": facts,
            "states": {d: r["state"] for d, r in runs.items()}, "commit_retries": retries, "snapshots": commits,
            "analyst_queries": len(waits), "analyst_wait_p50_ms": round(sorted_waits[len(sorted_waits) // 2] * 1000),
            "analyst_wait_max_ms": round(sorted_waits[-1] * 1000), "inconsistent_snapshots": len(mismatches),
            "ingest_tasks_per_worker": per_task, "floor": fl, "task_seconds": tasks, "phases": phases}


PHASES = ("scheduling", "queued", "pickup", "start", "body", "after")


def where_the_time_goes(tis: list[dict], logs: Path) -> dict[str, float]:
    """The ingest task instances' time, summed, in phases: `scheduling` (the run queued or the upstream task ended →
    the task scheduled), `queued` (→ handed to the executor), `pickup` (→ its supervisor started on an Edge
    worker), `start` (→ the task process forked and the DAG file parsed: the log's first `::endgroup::`), `body`
    (→ the task body returned: its imports and its work), `after` (→ the task instance ended: XCom, state)."""
    out: dict[str, Any] = dict.fromkeys(PHASES, 0.0)
    ended: dict[str, datetime] = {}
    origin = min((_when(t["queued_at"]) for t in tis), default=None)
    timeline = []
    upstream = {"extract_facts": "fetch_documents", "validate_facts": "extract_facts", "merge_facts": "validate_facts"}
    for ti in sorted((t for t in tis if t["scheduled_dttm"]), key=lambda t: _when(t["start_date"])):  # not skipped
        marks = _log_marks(next(logs.glob(f"dag_id={ti['dag_id']}/run_id=*/task_id={ti['task_id']}/attempt=*.log"),
                                None))
        before = ended.get(f"{ti['dag_id']}.{upstream.get(ti['task_id'])}") or _when(ti["queued_at"])
        points = [before, _when(ti["scheduled_dttm"]), _when(ti["queued_dttm"]), _when(ti["start_date"]),
                  marks.get("parsed"), marks.get("done"), _when(ti["end_date"])]
        if any(p is None for p in points):
            continue
        for name, a, b in zip(PHASES, points[:-1], points[1:], strict=True):
            out[name] += (b - a).total_seconds()
        ended[f"{ti['dag_id']}.{ti['task_id']}"] = _when(ti["end_date"])
        timeline.append([ti["dag_id"].removeprefix("ingest_"), ti["task_id"],
                         *(round((p - origin).total_seconds(), 1) for p in points[1:] if origin)])
    return {**{k: round(v, 1) for k, v in out.items()}, "timeline": timeline}


def _log_marks(path: Path | None) -> dict[str, datetime]:
    """When a task log says the DAG file was parsed (the first `::endgroup::`) and the body returned (`Done.`)."""
    marks: dict[str, datetime] = {}
    for line in (path.read_text(encoding="utf-8", errors="replace").splitlines() if path else []):
        try:
            rec = json.loads(line)
        except ValueError:
            continue
        event = str(rec.get("event", ""))
        # a body that skips the tasks after it (the one-task backfill) returns no value: its Post Execute group
        key = ("parsed" if event == "::endgroup::" else
               "done" if event.startswith("Done.") or event == "::group::Post Execute" else None)
        if key and key not in marks:
            marks[key] = datetime.fromisoformat(rec["timestamp"].replace("Z", "+00:00"))
    return marks


def _when(v) -> datetime:  # type: ignore[no-untyped-def]
    """A timestamp of the metadata DB (a datetime, or ISO text) as an aware datetime."""
    return v if isinstance(v, datetime) else datetime.fromisoformat(str(v))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--workers", default="1,2")
    args = parser.parse_args()
    # `kill` (SIGTERM) stops it as Ctrl-C does: the finally blocks stop Airflow, the publisher and PostgreSQL.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    from statwatch_dev.airflow_local import free_port
    from statwatch_dev.postgres import LocalPostgres, available

    if reason := available():
        raise SystemExit(f"cannot run: {reason}")
    print(machine())
    root = Path(tempfile.mkdtemp(prefix="statwatch-bench-cluster-"))
    root.chmod(0o711)  # PostgreSQL's account passes through to its data directory
    pg = LocalPostgres(root / "postgres", free_port()).start()
    results = []
    try:
        for n in [int(x) for x in args.workers.split(",")]:
            r = run(n, args.years, pg, root)
            results.append(r)
            print(json.dumps(r, ensure_ascii=False), flush=True)
    finally:
        pg.stop("immediate")
        shutil.rmtree(root, ignore_errors=True)
    for r in results:
        fl, wall = r["floor"], r["wall_s"]
        ratio = wall / fl["floor"]
        verdict = "met" if ratio <= GOAL else "MISSED"
        print(f"{r['workers']} Edge worker(s): backfill {args.years} years ({r['documents']} documents, {r['facts']} "
              f"facts) in {wall} s; {r['commit_retries']} commits retried; analyst wait p50 "
              f"{r['analyst_wait_p50_ms']} ms, max {r['analyst_wait_max_ms']} ms over {r['analyst_queries']} queries, "
              f"{r['inconsistent_snapshots']} inconsistent")
        print(f"  floor (same run): {fl['documents']} documents fetched in {fl['fetch']:.1f} s + extracted in "
              f"{fl['extract']:.1f} s = {fl['floor']:.1f} s; ratio {ratio:.2f}x (goal <= {GOAL:g}x: {verdict}); "
              f"documents/s {r['documents'] / wall:.1f} (goal >= {r['documents'] / (GOAL * fl['floor']):.1f}: {verdict})")
        shares = ", ".join(f"{t} {r['task_seconds'].get(t, 0.0):.1f} s ({r['task_seconds'].get(t, 0.0) / wall:.0%})"
                           for t in TASKS)
        print(f"  task run time (both DAGs, share of the wall time; no goal): {shares}")
        print("  where the ingest tasks' time goes (summed over both DAGs' tasks): "
              + ", ".join(f"{k} {r['phases'][k]:.1f} s" for k in PHASES))


if __name__ == "__main__":
    main()
