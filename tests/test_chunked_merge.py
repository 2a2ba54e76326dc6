"""A chunk of batches merged in one plan leaves the warehouse exactly as merging its batches one by one does, and a
backfill in chunks ends where one document at a time ends: same facts, same vintages, same batch rows."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

from statwatch import merge, quality, staging
from statwatch import warehouse as wh
from statwatch.archive import unfinished
from statwatch.config import get_source
from statwatch.ingest import fetch_new, ingest_source

SOURCES = ("zz_rail", "jinshui_stats", "jinshui_assess", "jk_ops")
DAY = "/rail/2022/04/22.html"
# Facts and batches in full, less what the merge stamps with its own clock (merged_at).
FACTS = "SELECT * FROM facts ORDER BY fact_id"
BATCHES = "SELECT * EXCLUDE (merged_at) FROM batches ORDER BY batch_id"
DOCUMENTS = "SELECT doc_id, status, status_detail FROM documents ORDER BY doc_id"
QUARANTINE = "SELECT * FROM quarantine ORDER BY quarantine_id"


def _state(path: Path) -> dict[str, list[tuple]]:
    con = wh.connect(path, read_only=True)
    try:
        return {q: con.execute(q).fetchall() for q in (FACTS, BATCHES, DOCUMENTS, QUARANTINE)}
    finally:
        con.close()


def _validated_history(publisher, path: Path) -> list[str]:
    """Every source's history fetched, extracted and validated but not merged, with corrections among it: the
    04-22 rail bulletin in two versions (revised in place: same publication date) and the 05-10 operations bulletin
    as published and as corrected the next morning. The batch ids, in the order the merge takes them."""
    con = wh.connect(path)
    wh.migrate(con)
    try:
        publisher.set_clock(date(2022, 4, 22))
        for s in SOURCES:
            fetch_new(con, get_source(s), mode="backfill")
        publisher.revise(DAY, {"252车": "253车"})
        fetch_new(con, get_source("zz_rail"))
        publisher.set_clock(date(2022, 5, 10))
        for s in SOURCES:
            fetch_new(con, get_source(s))
        publisher.set_clock(date(2022, 5, 12))
        fetch_new(con, get_source("jk_ops"))
        ids = [b for s in SOURCES for b in unfinished(con, s)]
        staging.extract_batches(con, ids)
        quality.validate_batches(con, ids)
        versions = con.execute("SELECT count(*) FROM documents WHERE version > 1").fetchone()[0]
        assert versions >= 2  # both corrections are in the chunk
        con.execute("CHECKPOINT")
        return ids
    finally:
        con.close()


def test_one_merge_per_chunk_equals_merging_its_batches_one_by_one(publisher, tmp_path):
    ids = _validated_history(publisher, tmp_path / "history.duckdb")
    one_by_one, chunk = tmp_path / "one_by_one.duckdb", tmp_path / "chunk.duckdb"
    shutil.copy(tmp_path / "history.duckdb", one_by_one)
    shutil.copy(tmp_path / "history.duckdb", chunk)
    con = wh.connect(one_by_one)
    ordered = [m["batch_id"] for m in merge.document_rows(con, ids, "validated")]
    assert len(ordered) == len(ids) > 100
    restated = con.execute("SELECT count(*) FROM (SELECT 1 FROM staged_facts GROUP BY indicator, measure, region, "
                           "comparator, period HAVING count(DISTINCT batch_id) > 1)").fetchone()[0]
    assert restated > 10  # keys stated by several batches of the chunk: the plan walks their chains
    merged_singly = sum(merge.merge_batches(con, [b]).merged for b in ordered)
    con.close()
    con = wh.connect(chunk)
    merged_at_once = merge.merge_batches(con, ids).merged
    con.close()
    assert merged_at_once == merged_singly > 0
    singly, at_once = _state(one_by_one), _state(chunk)
    for q in (FACTS, BATCHES, DOCUMENTS, QUARANTINE):
        assert at_once[q] == singly[q], q
    con = wh.connect(chunk, read_only=True)
    try:  # the revised bulletin's vintages chain: the first closed when the second begins
        rows = con.execute("SELECT value, valid_to IS NULL FROM facts WHERE indicator = 'rail.wagons' "
                           "AND period = '2022-04-22' ORDER BY valid_from").fetchall()
        assert rows == [(252.0, False), (253.0, True)]
        chained = con.execute("SELECT count(*) FROM facts a JOIN facts b ON a.indicator = b.indicator "
                              "AND a.measure = b.measure AND a.region = b.region AND a.comparator = b.comparator "
                              "AND a.period = b.period AND a.valid_to = b.valid_from").fetchone()[0]
        assert chained >= 2
    finally:
        con.close()


def test_a_backfill_in_chunks_ends_where_one_document_at_a_time_ends(publisher, tmp_path):
    """A backfill in one chunk (fetched, archived, validated in one GX run and merged in one plan) against chunks of
    ten documents (each chunk through every stage before the next), over the same two months of history."""
    publisher.set_clock(date(2022, 4, 30))
    ends = {}
    for size in (10, quality.CHUNK):
        path = tmp_path / f"chunk{size}.duckdb"
        con = wh.connect(path)
        wh.migrate(con)
        for s in ("zz_rail", "jinshui_stats"):
            out = ingest_source(get_source(s), con=con, mode="backfill", chunk=size)
            assert not out.failures, out.failures
        ends[size] = {
            "facts": con.execute("SELECT fact_id, indicator, measure, region, comparator, period, value, unit, "
                                 "qualifier, doc_id, batch_id, valid_to IS NULL FROM facts ORDER BY fact_id").fetchall(),
            "batches": con.execute("SELECT batch_id, doc_id, status, rows_staged, rows_merged, rows_quarantined "
                                   "FROM batches ORDER BY batch_id").fetchall(),
            "quarantine": con.execute("SELECT batch_id, row_index, expectation FROM quarantine "
                                      "ORDER BY ALL").fetchall()}
        con.close()
    assert len(ends[10]["batches"]) > 50 and ends[10]["facts"]
    assert ends[quality.CHUNK] == ends[10]
