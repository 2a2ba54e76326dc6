"""Ingest one source: discover items, fetch, archive raw, extract, validate, merge (one batch per document)."""

from __future__ import annotations

import dataclasses
import json
import logging
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import duckdb
import pandas as pd

from statwatch import warehouse as wh
from statwatch.errors import FetchRejected, ParseError, SourceUnavailable, StatwatchError
from statwatch.fetch import Fetched, fetch, make_session
from statwatch.model import Fact
from statwatch.periods import parse_period
from statwatch.sources import Source

log = logging.getLogger(__name__)

CST = ZoneInfo("Asia/Shanghai")
TERMINAL = ("loaded", "no_facts", "quarantined", "partial")
PROCESS_CHUNK = 500  # documents validated together: one GX run costs ~0.5 s whatever its size
STAGE_COLUMNS = ["fact_id", "indicator", "measure", "region", "comparator", "period", "granularity", "period_start",
                 "period_end", "value", "unit", "qualifier", "quote", "quote_start", "quote_end", "doc_id",
                 "source_id", "batch_id", "valid_from", "recorded_at"]
_URL_DATE = re.compile(r"(20\d{2})[/_-]?(\d{2})[/_-]?(\d{2})")


@dataclass
class Item:
    """A document URL to ingest, with what the feed said about it."""

    url: str
    title: str | None = None
    published: datetime | None = None


@dataclass
class IngestSummary:
    """What one ingest run did (small enough for XCom)."""

    source_id: str
    mode: str
    discovered: int = 0
    not_modified: int = 0
    unchanged: int = 0
    documents: int = 0
    facts_staged: int = 0
    facts_merged: int = 0
    facts_quarantined: int = 0
    failures: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def fetch_listing(con: duckdb.DuckDBPyConnection | None, session: Any, source: Source, url: str) -> tuple[bytes, str]:
    """A feed or listing page by conditional GET: (body, final url); a 304 answers from the kept copy."""
    cached = None
    if con is not None:
        cached = con.execute(
            "SELECT h.etag, h.last_modified, l.body FROM http_cache h JOIN listing_cache l USING (url) WHERE url = ?",
            [url]).fetchone()
    got = fetch(session, url, etag=cached[0] if cached else None, last_modified=cached[1] if cached else None,
                timeout=(5.0, source.timeout), max_bytes=source.max_bytes)
    if got.not_modified and cached:
        return bytes(cached[2]), url
    if con is not None:
        with wh.transaction(con):
            con.execute("INSERT OR REPLACE INTO http_cache (url, etag, last_modified, content_hash, checked_at) "
                        "VALUES (?, ?, ?, ?, ?)", [url, got.etag, got.last_modified, got.content_hash, got.fetched_at])
            changed = con.execute("SELECT 1 FROM listing_cache WHERE url = ? AND content_hash = ?",
                                  [url, got.content_hash]).fetchone() is None
            if changed:  # rewriting an unchanged multi-megabyte body would cost a full copy at commit
                con.execute("INSERT OR REPLACE INTO listing_cache VALUES (?, ?, ?, ?)",
                            [url, got.content_hash, got.body, got.fetched_at])
    return got.body, got.url


def discover(source: Source, session: Any, con: duckdb.DuckDBPyConnection | None = None) -> list[Item]:
    """List the source's current items (feed or paginated listing), oldest first, matching item_pattern."""
    from statwatch.discover import parse_feed, parse_listing

    if source.feed is None:
        return []
    pattern = re.compile(source.item_pattern)
    items: list[Item] = []
    if source.feed.type == "rss":
        body, final = fetch_listing(con, session, source, source.feed.url)
        items = [Item(i.url, i.title, i.published) for i in parse_feed(body, final)]
    else:
        url: str | None = source.feed.url
        seen: set[str] = set()
        for _ in range(source.feed.max_pages):
            if not url or url in seen:
                break
            seen.add(url)
            body, final = fetch_listing(con, session, source, url)
            page, url = parse_listing(body, final, source.item_pattern)
            items += [Item(i.url, i.title, i.published) for i in page]
    unique = {i.url: i for i in items if pattern.search(i.url)}
    return sorted(unique.values(), key=lambda i: (i.published or datetime.min.replace(tzinfo=CST), i.url))


def published_from_url(url: str) -> datetime | None:
    """The publication day a URL carries (t20220425_…, /2022/04/25.html), as midnight China time."""
    if m := _URL_DATE.search(urlsplit(url).path):
        try:
            y, mo, d = map(int, m.groups())
            return datetime(y, mo, d, tzinfo=CST)
        except ValueError:
            return None
    return None


def doc_date_for(item: Item, fetched_at: datetime) -> date:
    """The publication day used to resolve periods: the feed's date, else a date in the URL, else today."""
    published = item.published or published_from_url(item.url)
    return (published or fetched_at).astimezone(CST).date()


def record_health(con: duckdb.DuckDBPyConnection, source_id: str, url: str | None, kind: str, reason: str) -> None:
    """Append a source_health event."""
    ts = wh.now()
    con.execute(
        "INSERT INTO source_health VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
        [wh.short_hash(source_id, url, kind, reason, ts.isoformat()), source_id, url, kind, reason[:500], ts],
    )


def archive(con: duckdb.DuckDBPyConnection, source: Source, item: Item, got: Fetched, batch_mode: str) -> str | None:
    """Keep the raw body as a new document version; return its doc_id, or None when the content is already known."""
    content_hash = got.content_hash
    with wh.transaction(con):
        con.execute(
            "INSERT OR REPLACE INTO http_cache (url, etag, last_modified, content_hash, checked_at) VALUES (?, ?, ?, ?, ?)",
            [item.url, got.etag, got.last_modified, content_hash, got.fetched_at],
        )
        row = con.execute(
            "SELECT doc_id, status FROM documents WHERE url = ? AND content_hash = ?", [item.url, content_hash]
        ).fetchone()
        if row:
            # Known content: reprocess only when an earlier run died before finishing it.
            return row[0] if row[1] not in TERMINAL else None
        version = wh.scalar(con, "SELECT count(*) + 1 FROM documents WHERE url = ?", [item.url])
        doc_id = "d" + wh.short_hash(item.url, content_hash)
        batch_id = "b" + wh.short_hash(doc_id)
        con.execute(
            """INSERT INTO documents (doc_id, source_id, url, kind, title, content_hash, version, fetched_at,
                   published_at, http_status, etag, last_modified, content_type, raw_body, status, batch_id)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'fetched', ?)""",
            [doc_id, source.id, item.url, source.kind, item.title, content_hash, version, got.fetched_at,
             item.published or published_from_url(item.url), got.status, got.etag, got.last_modified, got.content_type, got.body, batch_id],
        )
        con.execute(
            "INSERT INTO batches (batch_id, source_id, doc_id, mode, status, created_at) VALUES (?, ?, ?, ?, 'fetched', ?)"
            " ON CONFLICT DO NOTHING", [batch_id, source.id, doc_id, batch_mode, got.fetched_at])
    return doc_id


def stage(facts: Iterable[Fact], *, doc_id: str, source_id: str, batch_id: str, valid_from: datetime) -> pd.DataFrame:
    """Facts as a staged batch: the facts table's columns, one row per fact."""
    recorded = wh.now()
    rows = []
    for f in facts:
        try:
            span = parse_period(f.period)
            gran, start, end = span.granularity, span.start, span.end
        except ParseError:
            gran, start, end = "invalid", None, None  # validation quarantines it with the reason
        rows.append({
            "fact_id": "f" + wh.short_hash(f.indicator, f.measure, f.region, f.comparator, f.period, f.value,
                                           f.unit, f.qualifier, doc_id),
            "indicator": f.indicator, "measure": f.measure, "region": f.region or "", "comparator": f.comparator or "",
            "period": f.period, "granularity": gran, "period_start": start, "period_end": end,
            "value": float(f.value), "unit": f.unit, "qualifier": f.qualifier, "quote": f.quote,
            "quote_start": f.start, "quote_end": f.end, "doc_id": doc_id, "source_id": source_id,
            "batch_id": batch_id, "valid_from": valid_from, "recorded_at": recorded,
        })
    return pd.DataFrame(rows, columns=STAGE_COLUMNS)


def merge(con: duckdb.DuckDBPyConnection, staged: pd.DataFrame) -> dict[str, int]:
    """Merge staged facts into the bitemporal facts table (idempotent); return counts per action."""
    if staged.empty:
        return {"new": 0, "revised": 0, "same": 0}
    con.register("staged", staged)
    try:
        con.execute(wh.sql("merge_plan"))
        counts = dict(con.execute("SELECT action, count(*) FROM merge_plan GROUP BY action").fetchall())
        con.execute(wh.sql("merge_apply"))
    finally:
        con.unregister("staged")
    return {k: int(counts.get(k, 0)) for k in ("new", "revised", "same")}


def process_documents(con: duckdb.DuckDBPyConnection, doc_ids: list[str], *, validate: bool = True,
                      source: Source | None = None) -> dict[str, Any]:
    """Extract, stage, validate (one GX run for all) and merge archived documents, each in its own transaction."""
    from statwatch import extract as ex
    from statwatch.detect import split_claims, write_claims

    out: dict[str, Any] = {"documents": 0, "staged": 0, "merged": 0, "quarantined": 0, "failures": []}
    known: dict[str, Source | None] = {source.id: source} if source else {}
    docs: list[tuple[str, dict[str, Any], Any]] = []
    frames = []
    claims: dict[str, list[Fact]] = {}
    for doc_id in doc_ids:
        meta = wh.fetch_dicts(con, "SELECT d.*, b.mode FROM documents d LEFT JOIN batches b USING (batch_id) "
                                   "WHERE d.doc_id = ?", [doc_id])[0]
        try:
            decoded, facts = ex.extract_bytes(bytes(meta["raw_body"]), content_type=meta["content_type"],
                                              kind=meta["kind"], doc=meta["url"],
                                              doc_date=doc_date_for(Item(meta["url"], None, meta["published_at"]),
                                                                    meta["fetched_at"]))
        except ParseError as e:
            with wh.transaction(con):
                con.execute("UPDATE documents SET status = 'failed', status_detail = ? WHERE doc_id = ?",
                            [str(e), doc_id])
                record_health(con, meta["source_id"], meta["url"], "parse_failed", str(e))
            out["failures"].append(f"{meta['url']}: {e}")
            continue
        if meta["source_id"] not in known:  # read sources.yaml once per call, not once per document
            known[meta["source_id"]] = _source_or_none(meta["source_id"])
        src = known[meta["source_id"]]
        if src and src.region_aliases:
            facts = [dataclasses.replace(f, region=src.canonical_region(f.region)) for f in facts]
        facts, claims[doc_id] = split_claims(facts)  # 创新高 and the like are checked, not merged
        frames.append(stage(facts, doc_id=doc_id, source_id=meta["source_id"], batch_id=meta["batch_id"],
                            valid_from=meta["published_at"] or meta["fetched_at"]))
        docs.append((doc_id, meta, decoded))
    if not docs:
        return out
    staged = pd.concat(frames, ignore_index=True) if any(len(f) for f in frames) else frames[0]
    report = None
    passing_mask = pd.Series(True, index=staged.index)
    if validate and not staged.empty:
        from statwatch import quality

        staged = quality.enrich(con, staged)
        report = quality.validate_batch(staged, batch_id=docs[0][1]["batch_id"] if len(docs) == 1
                                        else f"run-{wh.short_hash(*doc_ids, n=10)}")
        passing_mask = report.passing_mask(staged)
        try:
            quality.write_data_docs(report)  # var/data_docs/: what the gate saw, per run, for data engineers
        except (OSError, ValueError) as e:
            log.warning("data docs not written: %s", e)
        if not report.success:
            with wh.transaction(con):  # held rows are kept before anything merges; ids make this idempotent
                quality.quarantine_rows(con, staged, report)
    summary = report.summary() if report else None
    for doc_id, meta, decoded in docs:
        rows = staged["doc_id"] == doc_id
        mine, passing = staged[rows], staged[rows & passing_mask]
        held = len(mine) - len(passing)
        with wh.transaction(con):
            if held and report is not None:
                raise_quality_alert(con, source_id=meta["source_id"], doc_id=doc_id, batch_id=meta["batch_id"],
                                    url=meta["url"], report=report, held=held)
            counts = merge(con, passing[STAGE_COLUMNS])
            write_claims(con, doc_id, claims[doc_id])
            status = ("no_facts" if mine.empty else "quarantined" if held and passing.empty
                      else "partial" if held else "loaded")
            con.execute(
                "UPDATE documents SET status = ?, status_detail = ?, text = ?, encoding = ?, encoding_declared = ?, "
                "parser_version = ?, title = coalesce(title, ?) WHERE doc_id = ?",
                [status, f"{len(mine)} facts, {held} quarantined", decoded.text, decoded.encoding, decoded.declared,
                 ex.PARSER_VERSION, decoded.title, doc_id])
            con.execute(
                "UPDATE batches SET status = ?, rows_staged = ?, rows_merged = ?, rows_quarantined = ?, validation = ?,"
                " merged_at = ?, detected_at = NULL WHERE batch_id = ?",
                [status, len(mine), counts["new"] + counts["revised"], held,
                 json.dumps(summary, ensure_ascii=False, default=str), wh.now(), meta["batch_id"]])
            if mine.empty and meta["kind"] in ("rail", "stats"):
                record_health(con, meta["source_id"], meta["url"], "no_facts",
                              "a document of a known kind yielded no facts")
        out["documents"] += 1
        out["staged"] += len(mine)
        out["merged"] += counts["new"] + counts["revised"]
        out["quarantined"] += held
    return out


def process_document(con: duckdb.DuckDBPyConnection, doc_id: str, *, validate: bool = True,
                     source: Source | None = None) -> dict[str, Any]:
    """Process one archived document (see process_documents)."""
    return process_documents(con, [doc_id], validate=validate, source=source)


def _source_or_none(source_id: str) -> Source | None:
    from statwatch.sources import load_sources

    try:
        return next((s for s in load_sources() if s.id == source_id), None)
    except StatwatchError:
        return None


def raise_quality_alert(con: duckdb.DuckDBPyConnection, *, source_id: str, doc_id: str, batch_id: str, url: str,
                        report: Any, held: int) -> None:
    """An ops alert for a quarantined batch (routed to topic 'ops'; one per batch)."""
    from statwatch.alerts import upsert_alert

    failed = report.failed_checks()
    upsert_alert(
        con, rule="quality", topic="ops", indicator=None, region=None, period=None, key=batch_id,
        title=f"数据质量：{held} 条数据被隔离（{source_id}）",
        payload={"batch_id": batch_id, "doc_id": doc_id, "url": url, "held": held, "failed_expectations": failed},
        doc_id=doc_id, source_id=source_id, suppressed_reason=None,
    )


def ingest_source(
    source: Source,
    *,
    con: duckdb.DuckDBPyConnection,
    mode: str = "live",
    urls: Iterable[str] = (),
    since: date | None = None,
    validate: bool = True,
    session: Any = None,
    progress: Callable[[int, int], None] | None = None,
) -> IngestSummary:
    """Discover and ingest every new or changed item of a source; safe to run again at any time."""
    if mode not in ("live", "backfill"):
        raise ValueError(f"mode must be live or backfill, not {mode!r}")
    session = session or make_session(source.hosts)
    summary = IngestSummary(source.id, mode)
    try:
        items = discover(source, session, con)
    except StatwatchError as e:
        with wh.transaction(con):
            record_health(con, source.id, source.feed.url if source.feed else None, "fetch_failed", str(e))
        summary.failures.append(str(e))
        items = []
    known = {i.url for i in items}
    pattern = re.compile(source.item_pattern)
    for url in urls:  # items announced by the trigger that the listing no longer shows
        if url not in known and pattern.search(url):
            items.append(Item(url))
    if since:
        items = [i for i in items if i.published is None or i.published.astimezone(CST).date() >= since]
    summary.discovered = len(items)
    for n, item in enumerate(items, 1):
        try:
            _fetch_item(con, source, item, session, mode, summary)
        except (SourceUnavailable, FetchRejected) as e:
            summary.failures.append(f"{item.url}: {e}")
            with wh.transaction(con):
                record_health(con, source.id, item.url,
                              "fetch_failed" if isinstance(e, SourceUnavailable) else "rejected", str(e))
        if progress:
            progress(n, len(items) * 2)
    # Everything archived and not yet loaded, including what a run that died left behind.
    pending = unfinished(con, source.id)
    for i in range(0, len(pending), PROCESS_CHUNK):
        chunk = pending[i:i + PROCESS_CHUNK]
        done = process_documents(con, chunk, validate=validate, source=source)
        summary.facts_staged += done["staged"]
        summary.facts_merged += done["merged"]
        summary.facts_quarantined += done["quarantined"]
        summary.failures += done["failures"]
        if progress:
            progress(len(items) + (i + len(chunk)) * len(items) // max(len(pending), 1), len(items) * 2)
    return summary


def unfinished(con: duckdb.DuckDBPyConnection, source_id: str) -> list[str]:
    """Archived documents of a source that were never loaded, oldest publication first."""
    rows = con.execute("SELECT doc_id FROM documents WHERE source_id = ? AND status = 'fetched' "
                       "ORDER BY published_at NULLS LAST, fetched_at, url", [source_id]).fetchall()
    return [r[0] for r in rows]


def _fetch_item(con: duckdb.DuckDBPyConnection, source: Source, item: Item, session: Any, mode: str,
                summary: IngestSummary) -> None:
    cached = con.execute("SELECT etag, last_modified FROM http_cache WHERE url = ?", [item.url]).fetchone()
    got = fetch(session, item.url, etag=cached[0] if cached else None, last_modified=cached[1] if cached else None,
                timeout=(5.0, source.timeout), max_bytes=source.max_bytes)
    if got.not_modified:
        summary.not_modified += 1
        return
    if archive(con, source, item, got, mode) is None:
        summary.unchanged += 1
    else:
        summary.documents += 1
