"""Backfill benchmark: ten years of daily rail bulletins and 40 quarterly releases, fetch → extract → validate → merge → detect, against its essential work.

Usage: .venv/bin/python bench/bench_backfill.py [--years 10] [--no-off]

The sample publisher runs in its own process on 127.0.0.1 with `--history-years N` (bench/sources.yaml walks
its whole archive: the full rail feed and every stats listing page). Three runs, each in a fresh interpreter:

1. the essential-work floor: discover every item, GET every document (plain GETs, on the pipeline's own pool:
   `fetch.fetch_many`, same workers and per-host bound) and `extract_bytes` every body (decoding + `extract_text`),
   nothing else; floor = fetch seconds + extract seconds;
2. the validated backfill, through the library calls the DAG tasks make: `ingest_source(source, con=...,
   mode="backfill")` per source (chunks of quality.CHUNK documents: fetched and archived in one transaction,
   extracted, validated in one GX run, merged in one plan), then `detect_alerts(con)` (alerts suppressed), on a
   fresh warehouse file and a fresh STATWATCH_VAR (Data Docs) in a temp dir;
3. the same without validation (skipped with --no-off).

Wall time counts from after the statwatch imports to the end of detect; so it includes importing Great Expectations
when validating (the first validation does it, as in a DAG task). The goal (issue 15): the validated backfill
within 3x the floor. Peak RSS is the child's ru_maxrss. Stage seconds come from timing wrappers around the library
functions (shares are of the wall time; nested figures say what part of their stage they are).
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
GOAL = 3.0  # the validated backfill within this many times its essential work (issue 15)
STAGES = ("discover", "fetch", "archive", "extract stage", "  of which extract_bytes", "  of which stage rows",
          "validate", "  of which enrich", "  of which GX run", "merge", "  of which plan + apply")


def floor(url: str) -> dict:
    """The essential work in this process: every document fetched (the pipeline's pool) and extracted."""
    os.environ["STATWATCH_PUBLISHER_URL"] = url
    from statwatch.archive import doc_date, published_from_url
    from statwatch.config import load_sources
    from statwatch.discover import discover
    from statwatch.extract import extract_bytes
    from statwatch.fetch import FETCH_WORKERS, PER_HOST, Fetched, fetch_many, make_session
    from statwatch.ids import now

    t0 = time.perf_counter()
    got = []
    for s in load_sources(HERE / "sources.yaml"):
        session = make_session(s.hosts, allow_private=s.allow_private_addresses)
        items = discover(s, session)
        answers = fetch_many(session, [i.url for i in items], timeout=(5.0, s.timeout), max_bytes=s.max_bytes)
        got += [(s, i, a) for i, a in zip(items, answers, strict=True) if isinstance(a, Fetched)]
    fetched = time.perf_counter() - t0
    t1 = time.perf_counter()
    facts = 0
    for s, item, a in got:
        day = doc_date(item.published or published_from_url(item.url), item.url, now())
        facts += len(extract_bytes(a.body, content_type=a.content_type, kind=s.kind, doc=item.url, hint=s.encoding,
                                   doc_date=day)[1])
    extracted = time.perf_counter() - t1
    return {"documents": len(got), "facts": facts, "fetch": fetched, "extract": extracted,
            "floor": fetched + extracted, "workers": FETCH_WORKERS, "per_host": PER_HOST,
            "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def child(url: str, validate: bool) -> dict:
    """One backfill in this process; returns the figures."""
    os.environ["STATWATCH_PUBLISHER_URL"] = url
    from statwatch import archive, extract, ingest, merge, quality, staging
    from statwatch import warehouse as wh
    from statwatch.config import load_sources
    from statwatch.pipeline import detect_alerts

    timers = Timers()
    timers.wrap(ingest, "discover", "discover")
    timers.wrap(archive, "get_items", "fetch")
    timers.wrap(archive, "archive_all", "archive")
    timers.wrap(staging, "extract_batches", "extract stage")
    timers.wrap(extract, "extract_bytes", "  of which extract_bytes")
    timers.wrap(staging, "stage_rows", "  of which stage rows")
    timers.wrap(quality, "validate_batches", "validate")
    timers.wrap(quality, "enrich", "  of which enrich")
    timers.wrap(quality, "validate_batch", "  of which GX run")
    timers.wrap(merge, "merge_batches", "merge")
    timers.wrap(merge, "merge_set", "  of which plan + apply")
    sources = load_sources(HERE / "sources.yaml")
    with tempfile.TemporaryDirectory(prefix="statwatch-bench-") as tmp:
        os.environ["STATWATCH_VAR"] = tmp  # Data Docs of this run only: each validation rebuilds the whole site
        raw = wh.connect(Path(tmp) / "bench.duckdb")
        wh.migrate(raw)
        con = TimedConnection(raw)
        t0 = time.perf_counter()
        per_source = {}
        for s in sources:
            ts = time.perf_counter()
            sql_before = dict(con.seconds)
            summary = ingest.ingest_source(s, con=con, mode="backfill", validate=validate)  # type: ignore[arg-type]
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
    stages = {k: timers.seconds[k] for k in STAGES if k in timers.seconds}
    stages["detect"] = t1 - td
    return {
        "validate": validate, "wall": t1 - t0, "ingest": td - t0, "stages": stages, "calls": timers.calls,
        "per_source": per_source, "detect": det.as_dict(), "counts": counts, "db_bytes": size,
        "sql": con.seconds, "sql_calls": con.calls, "duckdb_memory": duck_mem,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def verdict(ok: bool) -> str:
    return "met" if ok else "MISSED"


def report(r: dict, fl: dict) -> None:
    """Print one configuration's figures against the floor."""
    docs = r["counts"]["documents"]
    wall = r["wall"]
    ratio = wall / fl["floor"]
    label = "validation on " if r["validate"] else "validation off"
    print(f"{label}: {docs} documents, {r['counts']['facts']} facts in {wall:.1f} s wall; "
          f"warehouse {r['db_bytes'] / 2**20:.0f} MB; not loaded: {r['counts']['documents_not_loaded']}; alerts "
          f"{r['counts']['alerts']} (suppressed {r['detect']['suppressed']}, live {r['detect']['alerts']}); "
          f"quarantined facts {sum(s['facts_quarantined'] for s in r['per_source'].values())}")
    print(f"  ratio to the floor: {ratio:.2f}x (goal <= {GOAL:g}x: {verdict(ratio <= GOAL)})")
    print(f"  documents/s: {docs / wall:.1f} (goal >= {docs / (GOAL * fl['floor']):.1f}, the same goal as a rate: "
          f"{verdict(ratio <= GOAL)})")
    print(f"  peak RSS: {r['peak_rss_mb']:.0f} MB (no goal in issue 15; the floor's process: "
          f"{fl['peak_rss_mb']:.0f} MB)")
    stages = r["stages"]
    top = [k for k in stages if not k.startswith(" ")]
    print("  share of the wall time (no goal; nested lines are part of the stage above):")
    for k, v in stages.items():
        print(f"    {k:<28} {v:6.1f} s {v / wall:5.0%}  ({r['calls'].get(k, 1)} calls)")
    other = wall - sum(stages[k] for k in top)
    print(f"    {'other (SQL between stages)':<28} {other:6.1f} s {other / wall:5.0%}")
    sql = sorted(r["sql"].items(), key=lambda kv: -kv[1])[:5]
    print("  SQL by statement (s, calls): " + ", ".join(f"{k} {v:.1f} ({r['sql_calls'][k]})" for k, v in sql)
          + f"; all SQL {sum(r['sql'].values()):.1f}")


def run_child(mode: str, url: str) -> dict:
    done = subprocess.run([sys.executable, __file__, "--child", mode, "--url", url], cwd=ROOT,  # noqa: S603
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.exit(f"backfill ({mode}) failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--years", type=int, default=10)
    ap.add_argument("--no-off", action="store_true", help="skip the run without validation")
    ap.add_argument("--child", choices=["floor", "validate", "novalidate"], help=argparse.SUPPRESS)
    ap.add_argument("--url", help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.child:
        out = floor(a.url) if a.child == "floor" else child(a.url, a.child == "validate")
        print(json.dumps(out, default=str))
        return
    print(machine())
    print(f"method: {__doc__.splitlines()[0]} Fresh interpreter (and warehouse) per run; publisher in its own "
          f"process.")
    with publisher(history_years=a.years, start="2022-04-30") as url:
        fl = run_child("floor", url)
        print(f"essential work (floor): {fl['documents']} documents fetched in {fl['fetch']:.1f} s ({fl['workers']} "
              f"workers, at most {fl['per_host']} per host) + extracted in {fl['extract']:.1f} s ({fl['facts']} facts) "
              f"= {fl['floor']:.1f} s")
        on = run_child("validate", url)
        report(on, fl)
        if not a.no_off:
            off = run_child("novalidate", url)
            report(off, fl)
            own = on["stages"].get("validate", 0.0)
            print(f"backfill {a.years} years: {on['wall']:.1f} s with validation, {off['wall']:.1f} s without; the "
                  f"validate stage took {own:.1f} s = {own / on['wall']:.0%} of the validated run (GX import "
                  f"included)")


if __name__ == "__main__":
    main()
