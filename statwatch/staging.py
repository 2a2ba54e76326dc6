"""The extract stage: archived documents → staged facts (and the claims they make), one batch per document.

A batch moves fetched → extracted here; quality moves it to validated, merge to a terminal state. Each stage
reads the previous stage's rows, so a stage that died is finished by the next run, and running one twice
changes nothing.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
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


@dataclasses.dataclass
class ExtractSummary:
    """What one extract pass did."""

    documents: int = 0
    staged: int = 0
    claims: int = 0
    failures: list[str] = dataclasses.field(default_factory=list)


def stage(facts: Iterable[Fact], *, doc_id: str, source_id: str, batch_id: str, valid_from: datetime) -> pd.DataFrame:
    """Facts as a staged batch: the facts table's columns, one row per fact."""
    recorded = now()
    rows = []
    for f in facts:
        try:
            span = parse_period(f.period)
            gran, start, end = span.granularity, span.start, span.end
        except ParseError:
            gran, start, end = "invalid", None, None  # validation quarantines it with the reason
        rows.append({
            "fact_id": "f" + short_hash(f.indicator, f.measure, f.region, f.comparator, f.period, f.value,
                                        f.unit, f.qualifier, doc_id),
            "indicator": f.indicator, "measure": f.measure, "region": f.region or "", "comparator": f.comparator or "",
            "period": f.period, "granularity": gran, "period_start": start, "period_end": end,
            "value": float(f.value), "unit": f.unit, "qualifier": f.qualifier, "quote": f.quote,
            "quote_start": f.start, "quote_end": f.end, "doc_id": doc_id, "source_id": source_id,
            "batch_id": batch_id, "valid_from": valid_from, "recorded_at": recorded,
        })
    # One row per fact_id: the same number stated twice by one document is one fact (validation names rows by it).
    return pd.DataFrame(rows, columns=STAGE_COLUMNS).drop_duplicates("fact_id", ignore_index=True)


def split_claims(facts: Iterable[Fact]) -> tuple[list[Fact], list[Fact]]:
    """(facts to merge, claims to check)."""
    facts = list(facts)
    claims = [f for f in facts if f.indicator.endswith(CLAIMS)]
    return [f for f in facts if f not in claims], claims


def write_claims(con: duckdb.DuckDBPyConnection, doc_id: str, claims: Iterable[Fact]) -> int:
    """Keep a document's claims (idempotent: extracting a document again writes nothing twice)."""
    n = 0
    for c in claims:
        cid = "c" + short_hash(doc_id, c.indicator, c.region, c.period, c.value, c.quote)
        n += wh.changed(con, wh.sql("claim_insert"),
                        [cid, doc_id, c.indicator, c.region or "", c.period, c.value, c.unit, c.quote, now()])
    return n


def write_staged(con: duckdb.DuckDBPyConnection, batch_id: str, staged: pd.DataFrame) -> None:
    """Replace the staged rows of one batch (row_index keeps extraction order)."""
    con.execute("DELETE FROM staged_facts WHERE batch_id = ?", [batch_id])
    if staged.empty:
        return
    frame = staged[STAGE_COLUMNS].reset_index(drop=True)
    frame.insert(0, "row_index", range(len(frame)))
    con.register("staged_batch", frame)
    try:
        con.execute(wh.sql("stage_insert"))
    finally:
        con.unregister("staged_batch")


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


def extract_batches(con: duckdb.DuckDBPyConnection, batch_ids: list[str], *,
                    source: Source | None = None) -> ExtractSummary:
    """Extract the facts of every given batch still 'fetched'; each batch commits on its own."""
    out = ExtractSummary()
    sources = _Sources(source)
    for meta in document_rows(con, batch_ids, "fetched"):
        src = sources.get(meta["source_id"])
        try:
            decoded, facts = ex.extract_bytes(bytes(meta["raw_body"]), content_type=meta["content_type"],
                                              kind=meta["kind"], doc=meta["url"], hint=src.encoding if src else None,
                                              doc_date=doc_date(meta["published_at"], meta["url"], meta["fetched_at"]))
        except ParseError as e:
            _failed(con, meta, str(e))
            out.failures.append(f"{meta['url']}: {e}")
            continue
        if src and src.region_aliases:
            facts = [dataclasses.replace(f, region=src.canonical_region(f.region)) for f in facts]
        facts, claims = split_claims(facts)
        staged = stage(facts, doc_id=meta["doc_id"], source_id=meta["source_id"], batch_id=meta["batch_id"],
                       valid_from=meta["published_at"] or meta["fetched_at"])
        with wh.transaction(con):
            write_staged(con, meta["batch_id"], staged)
            out.claims += write_claims(con, meta["doc_id"], claims)
            con.execute(wh.sql("stage_document_read"),
                        [decoded.text, decoded.encoding, decoded.declared, ex.parser_version(), decoded.title,
                         meta["doc_id"]])
            con.execute("UPDATE batches SET status = 'extracted', rows_staged = ? WHERE batch_id = ?",
                        [len(staged), meta["batch_id"]])
        out.documents += 1
        out.staged += len(staged)
    return out


def _failed(con: duckdb.DuckDBPyConnection, meta: dict[str, Any], reason: str) -> None:
    with wh.transaction(con):
        con.execute("UPDATE documents SET status = 'failed', status_detail = ? WHERE doc_id = ?",
                    [reason, meta["doc_id"]])
        con.execute("UPDATE batches SET status = 'failed' WHERE batch_id = ?", [meta["batch_id"]])
        record_health(con, meta["source_id"], meta["url"], "parse_failed", reason)
