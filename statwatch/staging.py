"""The extract stage: archived documents → staged facts (and the claims they make), one batch per document.

A batch moves fetched → extracted here; quality moves it to validated, merge to a terminal state. Each stage
reads the previous stage's rows, so a stage that died is finished by the next run, and running one twice
changes nothing.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

import duckdb
import pandas as pd

from statwatch import extract as ex
from statwatch import warehouse as wh
from statwatch.archive import doc_date, document_rows
from statwatch.config import Source, load_sources
from statwatch.errors import ConfigError, ParseError
from statwatch.health import record_health
from statwatch.ids import now, short_hash
from statwatch.model import Fact
from statwatch.periods import parse_period

STAGE_COLUMNS = ["fact_id", "indicator", "measure", "region", "comparator", "period", "granularity", "period_start",
                 "period_end", "value", "unit", "qualifier", "quote", "quote_start", "quote_end", "doc_id",
                 "source_id", "batch_id", "valid_from", "recorded_at"]
CLAIMS = (".record", ".milestone")  # 创新高/突破 statements are about history, checked by detection, never merged

log = logging.getLogger(__name__)


@dataclasses.dataclass
class ExtractSummary:
    """What one extract pass did."""

    documents: int = 0
    staged: int = 0
    claims: int = 0
    failures: list[str] = dataclasses.field(default_factory=list)


def stage(facts: Iterable[Fact], *, doc_id: str, source_id: str, batch_id: str, valid_from: datetime) -> pd.DataFrame:
    """Facts as a staged batch: the facts table's columns, one row per fact."""
    return pd.DataFrame(stage_rows(facts, doc_id=doc_id, source_id=source_id, batch_id=batch_id,
                                   valid_from=valid_from), columns=STAGE_COLUMNS)


def stage_rows(facts: Iterable[Fact], *, doc_id: str, source_id: str, batch_id: str,
               valid_from: datetime) -> list[dict[str, Any]]:
    """Facts as staged rows (the facts table's columns), one per fact_id: the same number stated twice by one
    document is one fact (validation names rows by it), the first statement."""
    recorded = now()
    rows: dict[str, dict[str, Any]] = {}
    for f in facts:
        fact_id = "f" + short_hash(f.indicator, f.measure, f.region, f.comparator, f.period, f.value, f.unit,
                                   f.qualifier, doc_id)
        if fact_id in rows:
            continue
        try:
            span = parse_period(f.period)
            gran, start, end = span.granularity, span.start, span.end
        except ParseError:
            gran, start, end = "invalid", None, None  # validation quarantines it with the reason
        rows[fact_id] = {
            "fact_id": fact_id,
            "indicator": f.indicator, "measure": f.measure, "region": f.region or "", "comparator": f.comparator or "",
            "period": f.period, "granularity": gran, "period_start": start, "period_end": end,
            "value": float(f.value), "unit": f.unit, "qualifier": f.qualifier, "quote": f.quote,
            "quote_start": f.start, "quote_end": f.end, "doc_id": doc_id, "source_id": source_id,
            "batch_id": batch_id, "valid_from": valid_from, "recorded_at": recorded,
        }
    return list(rows.values())


def split_claims(facts: Iterable[Fact]) -> tuple[list[Fact], list[Fact]]:
    """(facts to merge, claims to check)."""
    facts = list(facts)
    claims = [f for f in facts if f.indicator.endswith(CLAIMS)]
    return [f for f in facts if f not in claims], claims


def write_staged(con: duckdb.DuckDBPyConnection, batch_id: str, staged: pd.DataFrame) -> None:
    """Replace the staged rows of one batch (row_index keeps extraction order)."""
    write_staged_rows(con, [batch_id], staged[STAGE_COLUMNS].to_dict("records"))


def read_staged(con: duckdb.DuckDBPyConnection, batch_ids: list[str]) -> pd.DataFrame:
    """The staged rows of the given batches (facts columns plus `passed`), in batch and extraction order."""
    return con.execute(wh.sql("stage_read"), [batch_ids]).df()


class _Sources:
    """Source lookup by id, reading sources.yaml at most once per stage run."""

    def __init__(self, known: Source | None = None):
        self._by_id: dict[str, Source | None] = {known.id: known} if known else {}
        self._loaded = False

    def get(self, source_id: str) -> Source | None:
        if source_id not in self._by_id and not self._loaded:
            self._loaded = True
            try:
                self._by_id.update({s.id: s for s in load_sources()})
            except ConfigError:
                pass  # a document of a source no longer configured keeps its regions as written
        return self._by_id.get(source_id)


@dataclasses.dataclass
class Extracted:
    """One batch as extraction read it: its staged rows, its claims and what was learnt of the document (or, when
    the body cannot be read, why)."""

    meta: dict[str, Any]
    staged: list[dict[str, Any]] | None = None  # staged rows (stage_rows)
    claims: list[Fact] = dataclasses.field(default_factory=list)
    document: dict[str, Any] = dataclasses.field(default_factory=dict)
    failure: str | None = None


def extract_batches(con: duckdb.DuckDBPyConnection, batch_ids: list[str], *,
                    source: Source | None = None) -> ExtractSummary:
    """Extract the facts of every given batch still 'fetched' and write them (in one transaction)."""
    return plan_extract(con, batch_ids, source=source)(con)


def plan_extract(con: duckdb.DuckDBPyConnection, batch_ids: list[str], *,
                 source: Source | None = None) -> Callable[[duckdb.DuckDBPyConnection], ExtractSummary]:
    """Read and extract every given batch still 'fetched' (no writes); returns the stage's write."""
    sources = _Sources(source)
    done = []
    for meta in document_rows(con, batch_ids, "fetched"):
        src = sources.get(meta["source_id"])
        body = bytes(meta.pop("raw_body"))  # the plan keeps what it writes, not the bodies
        try:
            decoded, facts = ex.extract_bytes(body, content_type=meta["content_type"], kind=meta["kind"],
                                              doc=meta["url"], hint=src.encoding if src else None,
                                              doc_date=doc_date(meta["published_at"], meta["url"], meta["fetched_at"]))
        except ParseError as e:
            done.append(Extracted(meta, failure=str(e)))
            continue
        except Exception as e:  # noqa: BLE001 - a bug the page set off fails that page, never the others of the stage
            # (the raw body stays archived; a fixed extractor reads it again with `statwatch reextract`)
            log.exception("extracting %s failed", meta["url"])
            done.append(Extracted(meta, failure=f"extractor error ({type(e).__name__}: {e})"))
            continue
        if src and src.region_aliases:
            facts = [dataclasses.replace(f, region=src.canonical_region(f.region)) for f in facts]
        facts, claims = split_claims(facts)
        staged = stage_rows(facts, doc_id=meta["doc_id"], source_id=meta["source_id"], batch_id=meta["batch_id"],
                       valid_from=meta["published_at"] or meta["fetched_at"])
        document = {"doc_id": meta["doc_id"], "text": decoded.text, "encoding": decoded.encoding,
                    "declared": decoded.declared, "parser_version": ex.parser_version(), "title": decoded.title}
        done.append(Extracted(meta, staged, claims, document))
    return lambda c: write_extracted(c, done)


def write_extracted(con: duckdb.DuckDBPyConnection, done: list[Extracted]) -> ExtractSummary:
    """Write what extraction read, for the batches still 'fetched' now (another run may have taken some): staged
    rows, claims, the documents' text, the batches' new status, all set-wise in one transaction."""
    out = ExtractSummary()
    if not done:
        return out
    with wh.transaction(con):
        still = {r[0] for r in con.execute("SELECT batch_id FROM batches WHERE list_contains(?, batch_id) "
                                           "AND status = 'fetched'", [[d.meta["batch_id"] for d in done]]).fetchall()}
        done = [d for d in done if d.meta["batch_id"] in still]
        read = [d for d in done if d.failure is None]
        for d in done:
            if d.failure is not None:
                _failed(con, d.meta, d.failure)
                out.failures.append(f"{d.meta['url']}: {d.failure}")
        if not read:
            return out
        write_staged_rows(con, [d.meta["batch_id"] for d in read if d.staged is not None],
                          [r for d in read for r in d.staged or []])
        out.claims = write_claims_of(con, [(d.meta["doc_id"], c) for d in read for c in d.claims])
        wh.changed_over(con, "read_documents", pd.DataFrame([d.document for d in read]), "stage_documents_read")
        rows = pd.DataFrame({"batch_id": [d.meta["batch_id"] for d in read],
                             "rows_staged": [0 if d.staged is None else len(d.staged) for d in read]})
        wh.changed_over(con, "extracted_batches", rows, "stage_batches_extracted")
    out.documents = len(read)
    out.staged = int(rows["rows_staged"].sum())
    return out


def write_staged_rows(con: duckdb.DuckDBPyConnection, batch_ids: list[str], rows: list[dict[str, Any]]) -> None:
    """Replace the staged rows of the given batches by `rows` (in extraction order within a batch), in one
    statement whatever their count."""
    if not batch_ids:
        return
    con.execute("DELETE FROM staged_facts WHERE list_contains(?, batch_id)", [batch_ids])
    if rows:
        frame = pd.DataFrame(rows, columns=STAGE_COLUMNS)
        frame["row_index"] = frame.groupby("batch_id", sort=False).cumcount()
        wh.changed_over(con, "staged_batch", frame, "stage_insert")


def write_claims_of(con: duckdb.DuckDBPyConnection, claims: list[tuple[str, Fact]]) -> int:
    """Keep documents' claims (idempotent: extracting a document again writes nothing twice); how many were new."""
    rows = {}
    created = now()
    for doc_id, c in claims:
        cid = "c" + short_hash(doc_id, c.indicator, c.region, c.period, c.value, c.quote)
        rows[cid] = {"claim_id": cid, "doc_id": doc_id, "indicator": c.indicator, "region": c.region or "",
                     "period": c.period, "value": float(c.value), "unit": c.unit, "quote": c.quote,
                     "created_at": created}
    if not rows:
        return 0
    return wh.changed_over(con, "new_claims", pd.DataFrame(list(rows.values())), "claims_insert")


def _failed(con: duckdb.DuckDBPyConnection, meta: dict[str, Any], reason: str) -> None:
    con.execute("UPDATE documents SET status = 'failed', status_detail = ? WHERE doc_id = ?", [reason, meta["doc_id"]])
    con.execute("UPDATE batches SET status = 'failed' WHERE batch_id = ?", [meta["batch_id"]])
    record_health(con, meta["source_id"], meta["url"], "parse_failed", reason)
