"""Backfill benchmark: ten years of daily rail bulletins and 40 quarterly releases, fetch → extract → validate → merge → detect.

Usage: .venv/bin/python bench/bench_backfill.py [--years 10]

The sample publisher runs in its own process on 127.0.0.1 with `--history-years N` (bench/sources.yaml walks
its whole archive: the full rail feed and every stats listing page). Each configuration (validation on, then
off) runs in a fresh interpreter against a fresh warehouse file in a temp dir, through the library calls the
DAG tasks make: `ingest_source(source, con=..., mode="backfill", validate=...)` per source, then `detect_alerts(con)`
(backfill alerts are suppressed). Wall time counts from after the statwatch imports to the end of detect; so it
includes importing Great Expectations when validating (the first validation does it, as in a DAG task). Peak RSS
is the child's ru_maxrss. Stage seconds come from timing wrappers around the library functions.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from machine import ROOT, TimedConnection, Timers, machine, publisher

HERE = Path(__file__).resolve().parent


def child(url: str, validate: bool) -> dict:
    """One backfill in this process; returns the figures."""
    os.environ["STATWATCH_PUBLISHER_URL"] = url
    from statwatch import archive, extract, ingest, merge, quality, staging
    from statwatch import warehouse as wh
    from statwatch.config import load_sources
    from statwatch.pipeline import detect_alerts

    timers = Timers()
    timers.wrap(archive, "fetch", "fetch (HTTP GET)")
    timers.wrap(archive, "archive_all", "archive (raw bodies into DuckDB, set-wise)")
    timers.wrap(extract, "extract_bytes", "extract")
    timers.wrap(staging, "stage", "stage")
    timers.wrap(quality, "enrich", "validate: enrich")
    timers.wrap(quality, "validate_batch", "validate: GX run")
    timers.wrap(quality, "quarantine_rows", "validate: quarantine")
    timers.wrap(merge, "merge", "merge")
    sources = load_sources(HERE / "sources.yaml")
    with tempfile.TemporaryDirectory(prefix="statwatch-bench-") as tmp:
        raw = wh.connect(Path(tmp) / "bench.duckdb")
        wh.migrate(raw)
        con = TimedConnection(raw)
        t0 = time.perf_counter()
        per_source = {}
        marks: list[tuple[float, int]] = []  # (seconds since t0, documents processed) at each processed chunk
        rss: list[float] = []  # peak RSS (MB) so far at each mark
        for s in sources:
            ts = time.perf_counter()

            def progress(done: int, total: int, s=s) -> None:  # type: ignore[no-untyped-def]
                if s.id == "zz_rail" and done >= total // 2:  # end of fetching, then each processed chunk
                    marks.append((time.perf_counter() - t0, done))
                    rss.append(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)

            sql_before = dict(con.seconds)
            summary = ingest.ingest_source(s, con=con, mode="backfill", validate=validate,  # type: ignore[arg-type]
                                           progress=progress)
            per_source[s.id] = {"seconds": time.perf_counter() - ts, **summary.as_dict()}
            per_source[s.id]["sql"] = {k: v - sql_before.get(k, 0.0) for k, v in con.seconds.items()}
        td = time.perf_counter()
        det = detect_alerts(con)  # type: ignore[arg-type]
        t1 = time.perf_counter()
        row = con.execute(
            "SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM facts), (SELECT count(*) FROM alerts), "
            "(SELECT count(*) FROM documents WHERE status <> 'loaded')").fetchone()
        counts = dict(zip(("documents", "facts", "alerts", "documents_not_loaded"), row, strict=True))
        duck_mem = raw.execute("SELECT tag, memory_usage_bytes FROM duckdb_memory() WHERE memory_usage_bytes > 0 "
                               "ORDER BY 2 DESC LIMIT 3").fetchall()
        raw.close()
        size = (Path(tmp) / "bench.duckdb").stat().st_size
    stages = dict(timers.seconds)
    stages["detect"] = t1 - td
    return {
        "validate": validate, "wall": t1 - t0, "ingest": td - t0, "stages": stages, "calls": timers.calls,
        "per_source": per_source, "detect": det.as_dict(), "counts": counts, "db_bytes": size,
        "sql": con.seconds, "sql_calls": con.calls, "marks": marks, "rss_marks": rss, "duckdb_memory": duck_mem,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def report(r: dict) -> None:
    """Print one configuration's figures."""
    docs = r["counts"]["documents"]
    label = "validation on " if r["validate"] else "validation off"
    print(f"{label}: {docs} documents, {r['counts']['facts']} facts in {r['wall']:.1f} s wall "
          f"= {docs / r['wall']:.1f} documents/s; peak RSS {r['peak_rss_mb']:.0f} MB; "
          f"warehouse {r['db_bytes'] / 2**20:.0f} MB")
    print(f"  not loaded: {r['counts']['documents_not_loaded']}; alerts {r['counts']['alerts']} "
          f"(suppressed {r['detect']['suppressed']}, live {r['detect']['alerts']}); "
          f"quarantined facts {sum(s['facts_quarantined'] for s in r['per_source'].values())}")
    for sid, s in r["per_source"].items():
        top = sorted(s["sql"].items(), key=lambda kv: -kv[1])[:3]
        print(f"  {sid}: {s['documents']} documents in {s['seconds']:.1f} s, {s['facts_merged']} facts merged, "
              f"{len(s['failures'])} failures; SQL {sum(s['sql'].values()):.1f} s, most in "
              + ", ".join(f"{k} {v:.1f}" for k, v in top))
    stages = r["stages"]
    print("  stages (s, nested: archive and merge include their SQL): "
          + ", ".join(f"{k} {v:.1f}" for k, v in stages.items()))
    print("  DuckDB memory at the end (MB): " + ", ".join(f"{t} {b / 2**20:.0f}" for t, b in r["duckdb_memory"]))
    top = sorted(r["sql"].items(), key=lambda kv: -kv[1])[:7]
    print("  SQL by statement (s, calls): " + ", ".join(f"{k} {v:.1f} ({r['sql_calls'][k]})" for k, v in top)
          + f"; all SQL {sum(r['sql'].values()):.1f}")
    marks = r["marks"]
    if len(marks) >= 3:  # how the processing rate of the rail bulletins moves as history grows
        rates = []
        for (ta, _), (tb, _) in zip(marks, marks[1:], strict=False):
            rates.append(f"{tb - ta:.0f}")
        print("  peak RSS (MB) after fetching the rail archive, then after each chunk: "
              + ", ".join(f"{x:.0f}" for x in r["rss_marks"]))
        print("  rail processing, seconds per chunk of 500 documents (PROCESS_CHUNK), oldest first: "
              + ", ".join(rates))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--years", type=int, default=10)
    ap.add_argument("--child", choices=["validate", "novalidate"], help=argparse.SUPPRESS)
    ap.add_argument("--url", help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.child:
        print(json.dumps(child(a.url, a.child == "validate"), default=str))
        return
    print(machine())
    print(f"method: {__doc__.splitlines()[0]} Fresh interpreter and warehouse per run; publisher in its own process.")
    results = []
    with publisher(history_years=a.years, start="2022-04-30") as url:
        for mode in ("validate", "novalidate"):
            done = subprocess.run([sys.executable, __file__, "--child", mode, "--url", url], cwd=ROOT,  # noqa: S603
                                  capture_output=True, text=True, check=False)
            if done.returncode != 0:
                sys.exit(f"backfill ({mode}) failed:\n{done.stderr[-3000:]}")
            results.append(json.loads(done.stdout.strip().splitlines()[-1]))
            report(results[-1])
    on, off = results
    share = (on["wall"] - off["wall"]) / on["wall"]
    own = sum(v for k, v in on["stages"].items() if k.startswith("validate"))
    print(f"backfill {a.years} years: {on['wall']:.1f} s with validation, {off['wall']:.1f} s without "
          f"(difference {share:.0%} of the wall time; noisy on a shared machine); the validation stages themselves "
          f"(enrich, GX runs, quarantine) took {own:.1f} s = {own / on['wall']:.0%} of the validated run")


if __name__ == "__main__":
    main()
