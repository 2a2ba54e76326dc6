"""The merge stage: validated batches → the bitemporal facts table, keeping every published vintage."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

import duckdb
import pandas as pd

from statwatch import quality
from statwatch import warehouse as wh
from statwatch.archive import TERMINAL, document_rows
from statwatch.health import record_health
from statwatch.ids import now
from statwatch.staging import STAGE_COLUMNS, read_staged

ACTIONS = ("new", "revised", "same")
FACT_KINDS = ("rail", "stats")  # document kinds that always state numbers: none found is a broken parser


@dataclasses.dataclass
class MergeSummary:
    """What one merge pass did."""

    documents: int = 0
    merged: int = 0
    quarantined: int = 0
    undetected: int = 0  # of the given batches (and the source's), merged with news detection has not seen yet

    @property
    def changed(self) -> bool:
        """Whether detection has something new to look at: merged facts or rows held for an ops alert, by this call
        or by an earlier try of the same batches that committed and died before it could say so."""
        return bool(self.merged or self.quarantined or self.undetected)


def merge(con: duckdb.DuckDBPyConnection, staged: pd.DataFrame) -> dict[str, int]:
    """Merge staged facts into the bitemporal facts table (idempotent); return counts per action."""
    per_batch = merge_set(con, staged)
    return {k: sum(c[k] for c in per_batch.values()) for k in ACTIONS}


def merge_set(con: duckdb.DuckDBPyConnection, staged: pd.DataFrame) -> dict[str, dict[str, int]]:
    """Merge the staged rows of several batches in one plan and one apply, as merging them one by one in the order
    of their `seq` (publication order; without it, one batch) would; counts per action of each batch."""
    if staged.empty:
        return {}
    frame = staged[STAGE_COLUMNS].assign(seq=staged["seq"] if "seq" in staged else 0)
    con.register("staged", frame)
    try:
        con.execute(wh.sql("merge_plan"))
        counts = con.execute("SELECT batch_id, action, count(*) FROM merge_plan GROUP BY ALL").fetchall()
        con.execute(wh.sql("merge_apply"))
    finally:
        con.unregister("staged")
    out: dict[str, dict[str, int]] = {}
    for batch_id, action, n in counts:
        out.setdefault(batch_id, dict.fromkeys(ACTIONS, 0))[action] = int(n)
    return out


def merge_batches(con: duckdb.DuckDBPyConnection, batch_ids: list[str]) -> MergeSummary:
    """Merge the passing rows of every given batch that is 'validated' (in one transaction)."""
    return plan_merge(con, batch_ids)(con)


def plan_merge(con: duckdb.DuckDBPyConnection, batch_ids: list[str],
               source_id: str | None = None) -> Callable[[duckdb.DuckDBPyConnection], MergeSummary]:
    """Read the staged rows of every given batch that is 'validated' (no writes); returns the stage's write."""
    metas = document_rows(con, batch_ids, "validated")
    for m in metas:
        m.pop("raw_body", None)
    staged = read_staged(con, [m["batch_id"] for m in metas])
    return lambda c: write_merged(c, batch_ids, metas, staged, source_id)


def write_merged(con: duckdb.DuckDBPyConnection, batch_ids: list[str], metas: list[dict[str, Any]],
                 staged: pd.DataFrame, source_id: str | None = None) -> MergeSummary:
    """Merge the passing staged rows of the planned batches (`metas`, oldest publication first: a later vintage
    must follow an earlier one) still 'validated' now: one plan and one apply for all of them (a re-extracted batch
    alone, as it closes what its document no longer states); the batches' and documents' new states are written
    set-wise, all in one transaction. `undetected` counts the given batches and, with `source_id`, the source's
    others that detection has not seen."""
    out = MergeSummary()
    with wh.transaction(con):
        still = {r[0] for r in con.execute("SELECT batch_id FROM batches WHERE list_contains(?, batch_id) "
                                           "AND status = 'validated'", [[m["batch_id"] for m in metas]]).fetchall()}
        metas = [m for m in metas if m["batch_id"] in still]
        seq = {m["batch_id"]: i for i, m in enumerate(metas)}
        staged = staged[staged["batch_id"].isin(seq)]
        passing = staged[staged["passed"].fillna(False).astype(bool).to_numpy()]
        passing = passing.assign(seq=passing["batch_id"].map(seq))
        merged: dict[str, int] = {}

        def merge_run(run: list[str]) -> None:
            for batch_id, counts in merge_set(con, passing[passing["batch_id"].isin(run)]).items():
                merged[batch_id] = counts["new"] + counts["revised"]

        run: list[str] = []  # consecutive batches merged together
        for meta in metas:
            if meta["mode"] != "reextract":
                run.append(meta["batch_id"])
                continue
            merge_run(run)
            run = []
            merge_run([meta["batch_id"]])  # a fact the new reading does not state any more is closed
            merged[meta["batch_id"]] = merged.get(meta["batch_id"], 0) + wh.changed(
                con, wh.sql("merge_close_unstated"), {"now": now(), "doc_id": meta["doc_id"], "batch_id": meta["batch_id"]})
        merge_run(run)
        rows = staged.groupby("batch_id").size().to_dict()
        passed = passing.groupby("batch_id").size().to_dict()
        done = []
        for meta in metas:
            b = meta["batch_id"]
            n, held = rows.get(b, 0), rows.get(b, 0) - passed.get(b, 0)
            status = "no_facts" if not n else "quarantined" if held == n else "partial" if held else "loaded"
            if not n and meta["kind"] in FACT_KINDS:
                record_health(con, meta["source_id"], meta["url"], "no_facts",
                              "a document of a known kind yielded no facts")
            done.append({"batch_id": b, "doc_id": meta["doc_id"], "status": status, "rows_merged": merged.get(b, 0),
                         "rows_quarantined": held, "detail": f"{n} facts, {held} quarantined"})
            out.documents += 1
            out.merged += merged.get(b, 0)
            out.quarantined += held
        if done:
            frame = pd.DataFrame(done)
            wh.changed_over(con, "merged_batches", frame, "merge_documents_done")
            wh.changed_over(con, "merged_batches", frame, "merge_batch_done", [now()])
            con.execute("DELETE FROM staged_facts WHERE list_contains(?, batch_id)", [[d["batch_id"] for d in done]])
        out.undetected = int(wh.scalar(con, wh.sql("merge_undetected"), [batch_ids, source_id, list(TERMINAL)]))
    return out


@dataclasses.dataclass
class Released:
    """What releasing quarantined rows did for one batch."""

    batch_id: str
    rows: int
    merged: int
    counts: dict[str, int]
    still_failing: list[str]

    def line(self) -> str:
        """One line for people: how many released rows were merged, and what still fails."""
        state = f"still fails {', '.join(self.still_failing)}" if self.still_failing else "passes"
        return (f"{self.batch_id}: {self.merged} of {self.rows} released row(s) merged ({self.counts['new']} new, "
                f"{self.counts['revised']} revised, {self.counts['same']} same); {state}")


def release_quarantined(con: duckdb.DuckDBPyConnection, ids: list[str], *, by: str,
                        batches: list[str] | None = None) -> list[Released]:
    """Release held rows (by id, or every held row of the given batches): record who released them, re-validate
    them against today's facts (only the released expectation is overridden), merge what passes and hand the
    batch back to detection — all in one transaction."""
    wanted = list(ids)
    for b in batches or []:
        wanted += [r["quarantine_id"] for r in quality.list_quarantine(con) if r["batch_id"] == b]
    if not wanted:
        raise ValueError("give quarantine ids or --batch")
    out = []
    with wh.transaction(con):
        released = quality.release(con, wanted, by=by)
        for batch_id, passing, report in quality.revalidate_released(con, released):
            counts = merge(con, passing)
            con.execute("UPDATE batches SET detected_at = NULL WHERE batch_id = ?", [batch_id])
            quality.mark_merged(con, [i for ids_ in passing[quality.QUARANTINE_IDS_COLUMN] for i in ids_])
            out.append(Released(batch_id, report.rows, len(passing), counts, report.failed_checks()))
    return out
