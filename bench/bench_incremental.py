"""Incremental-cost benchmark: one new bulletin on a warehouse with one year of history and on one with ten.

Usage: .venv/bin/python bench/bench_incremental.py [--repeat 7]

History is loaded the fast way: the sample publisher's long-history documents (`documents(years)`) with their
ground-truth facts go straight through `statwatch.staging.stage` + `statwatch.merge.merge`, with document and batch
rows marked loaded and detected (backfill). The new document is the 2022-04-30 bulletin, archived with its real HTML
as the fetch would leave it. Each repetition works on a fresh copy of the history file: its extract, validate (GX,
Data Docs) and merge stages are timed, then `detect_alerts(con)`. One warm-up repetition per
size is discarded (it imports Great Expectations); sizes are interleaved; medians are reported.
Goal: detect(10 years) / detect(1 year) ≤ 1.5.
"""

from __future__ import annotations

import argparse
import hashlib
import shutil
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

import pandas as pd
from machine import machine, median

GOAL = 1.5
NEW_DAY = date(2022, 4, 30)
SOURCE = {"rail": "zz_rail", "stats": "jinshui_stats"}
DOC_COLUMNS = ["doc_id", "source_id", "url", "kind", "title", "content_hash", "version", "fetched_at", "published_at",
               "http_status", "content_type", "raw_body", "status", "batch_id"]
BATCH_COLUMNS = ["batch_id", "source_id", "doc_id", "mode", "status", "rows_staged", "rows_merged", "created_at",
                 "merged_at", "detected_at"]


def _ids(path: str) -> tuple[str, str]:
    from statwatch.ids import short_hash

    doc_id = "d" + short_hash("http://127.0.0.1" + path, "bench")
    return doc_id, "b" + short_hash(doc_id)


def build_history(path: Path, years: int) -> dict[str, int]:
    """A migrated warehouse holding every document of `years` years before NEW_DAY, loaded and detected."""
    from statwatch import warehouse as wh
    from statwatch.merge import merge
    from statwatch.model import Fact
    from statwatch.staging import STAGE_COLUMNS, stage
    from statwatch_dev.publisher.documents import documents

    con = wh.connect(path)
    wh.migrate(con)
    docs = [d for d in documents(years) if d.day < NEW_DAY]
    now = datetime.now(UTC)
    for i in range(0, len(docs), 500):
        chunk = docs[i:i + 500]
        doc_rows, batch_rows, frames = [], [], []
        for d in chunk:
            doc_id, batch_id = _ids(d.path)
            facts = [Fact(**{k: v for k, v in f.items()}) for f in d.facts
                     if not f["indicator"].endswith((".record", ".milestone"))]
            doc_rows.append([doc_id, SOURCE[d.kind], "http://127.0.0.1" + d.path, d.kind, d.title,
                             hashlib.sha256(d.path.encode()).hexdigest(), 1, d.published, d.published, 200,
                             "text/html", b"", "loaded", batch_id])
            batch_rows.append([batch_id, SOURCE[d.kind], doc_id, "backfill", "loaded", len(facts), len(facts), now,
                               now, now])
            frames.append(stage(facts, doc_id=doc_id, source_id=SOURCE[d.kind], batch_id=batch_id,
                                valid_from=d.published))
        with wh.transaction(con):
            con.register("doc_rows", pd.DataFrame(doc_rows, columns=DOC_COLUMNS))
            con.execute(f"INSERT INTO documents ({', '.join(DOC_COLUMNS)}) SELECT * FROM doc_rows")
            con.register("batch_rows", pd.DataFrame(batch_rows, columns=BATCH_COLUMNS))
            con.execute(f"INSERT INTO batches ({', '.join(BATCH_COLUMNS)}) SELECT * FROM batch_rows")
            merge(con, pd.concat(frames, ignore_index=True)[STAGE_COLUMNS])
    counts = {"documents": len(docs), "facts": con.execute("SELECT count(*) FROM facts").fetchone()[0]}
    con.execute("CHECKPOINT")
    con.close()
    return counts


def one_new_document(base: Path, work: Path) -> tuple[float, float, dict]:
    """Copy the history, archive the NEW_DAY bulletin, time its extract/validate/merge stages then detection."""
    from statwatch import merge, quality, staging
    from statwatch import warehouse as wh
    from statwatch.pipeline import detect_alerts
    from statwatch_dev.publisher.documents import document
    from statwatch_dev.publisher.site import article_html

    shutil.copyfile(base, work)
    con = wh.connect(work)
    doc = document(f"/rail/{NEW_DAY:%Y/%m/%d}.html")
    assert doc is not None
    body = article_html(doc).encode("utf-8")
    doc_id, batch_id = _ids(doc.path + "#new")
    now = datetime.now(UTC)
    with wh.transaction(con):
        con.execute(f"INSERT INTO documents ({', '.join(DOC_COLUMNS)}) VALUES ({', '.join('?' * len(DOC_COLUMNS))})",
                    [doc_id, "zz_rail", "http://127.0.0.1" + doc.path, "rail", doc.title,
                     hashlib.sha256(body).hexdigest(), 1, now, doc.published, 200, "text/html; charset=utf-8", body,
                     "fetched", batch_id])
        con.execute("INSERT INTO batches (batch_id, source_id, doc_id, mode, status, created_at) "
                    "VALUES (?, 'zz_rail', ?, 'live', 'fetched', ?)", [batch_id, doc_id, now])
    t0 = time.perf_counter()
    staging.extract_batches(con, [batch_id])
    quality.validate_batches(con, [batch_id], data_docs=work.parent / "data_docs")
    done = merge.merge_batches(con, [batch_id])
    t1 = time.perf_counter()
    found = detect_alerts(con)
    t2 = time.perf_counter()
    con.close()
    return t1 - t0, t2 - t1, {"merged": done.merged, "batches": found.batches, "alerts": found.alerts}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=9)
    a = ap.parse_args()
    print(machine())
    print(f"method: history loaded via stage+merge; then, on a fresh copy each time, one new bulletin "
          f"({NEW_DAY}) through the extract, validate and merge stages and detection; median of {a.repeat} "
          f"after one warm-up per size; goal detect ratio ≤ {GOAL}")
    sizes = (1, 10)
    with tempfile.TemporaryDirectory(prefix="statwatch-bench-") as tmp:
        bases = {}
        for years in sizes:
            bases[years] = Path(tmp) / f"history_{years}y.duckdb"
            t0 = time.perf_counter()
            counts = build_history(bases[years], years)
            print(f"history {years:>2} years: {counts['documents']} documents, {counts['facts']} facts, "
                  f"{bases[years].stat().st_size / 2**20:.1f} MB (built in {time.perf_counter() - t0:.1f} s)")
        times: dict[int, dict[str, list[float]]] = {y: {"process": [], "detect": []} for y in sizes}
        info = {}
        for rep in range(a.repeat + 1):
            for years in sizes:
                proc, det, info[years] = one_new_document(bases[years], Path(tmp) / "work.duckdb")
                if rep:
                    times[years]["process"].append(proc)
                    times[years]["detect"].append(det)
    for years in sizes:
        t = times[years]
        print(f"{years:>2} years: stages {median(t['process']) * 1000:.0f} ms, "
              f"detect {median(t['detect']) * 1000:.0f} ms (min {min(t['detect']) * 1000:.0f}, "
              f"max {max(t['detect']) * 1000:.0f}); {info[years]}")
    ratio = median(times[10]["detect"]) / median(times[1]["detect"])
    pratio = median(times[10]["process"]) / median(times[1]["process"])
    print(f"incremental cost: detect ratio 10y/1y = {ratio:.2f} (goal ≤ {GOAL}: {'met' if ratio <= GOAL else 'MISSED'}); "
          f"stages ratio {pratio:.2f}")


if __name__ == "__main__":
    main()
