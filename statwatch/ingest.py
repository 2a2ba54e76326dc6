"""One source's run, in the order of the flow: discover → fetch and archive → extract → validate → merge.

Every stage commits its own rows and picks up what an earlier run left unfinished, so a run may die anywhere
and the next one completes it without duplicates.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any

import duckdb
import requests

from statwatch import archive, extract, merge, quality, staging
from statwatch import warehouse as wh
from statwatch.config import Source
from statwatch.discover import discover, unfetchable
from statwatch.errors import FetchRejected, ParseError, SourceUnavailable, StatwatchError
from statwatch.fetch import Fetched, make_session
from statwatch.health import record_health
from statwatch.model import FeedItem
from statwatch.wording import CST


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
    refused: list[str] = field(default_factory=list)  # items never fetched (not http/https): "url: reason"
    batch_ids: list[str] = field(default_factory=list)
    data_docs: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def fetch_new(con: duckdb.DuckDBPyConnection, source: Source, *, mode: str = "live", urls: Iterable[str] = (),
              since: date | None = None, session: requests.Session | None = None,
              progress: Callable[[int, int], None] | None = None) -> IngestSummary:
    """Discover the source's items, fetch each by conditional GET and archive what changed; the summary's
    batch_ids are every batch of the source not yet merged (this run's and any an earlier run left)."""
    return plan_fetch(con, source, mode=mode, urls=urls, since=since, session=session, progress=progress)(con)


def plan_fetch(con: duckdb.DuckDBPyConnection, source: Source, *, mode: str = "live", urls: Iterable[str] = (),
               since: date | None = None, session: requests.Session | None = None,
               progress: Callable[[int, int], None] | None = None) -> Callable[[duckdb.DuckDBPyConnection],
                                                                                IngestSummary]:
    """Discover and fetch (HTTP, reading the conditional-GET cache; no warehouse writes); returns the stage's write,
    which archives what was fetched and keeps the cache and health rows in one transaction."""
    return next(plan_fetches(con, source, mode=mode, urls=urls, since=since, session=session, progress=progress))


def plan_fetches(con: duckdb.DuckDBPyConnection, source: Source, *, mode: str = "live", urls: Iterable[str] = (),
                 since: date | None = None, session: requests.Session | None = None,
                 progress: Callable[[int, int], None] | None = None,
                 chunk: int | None = None) -> Iterator[Callable[[duckdb.DuckDBPyConnection], IngestSummary]]:
    """Discover, then for each chunk of `chunk` items (all of them when None), oldest first: fetch them (parallel
    conditional GETs, no warehouse writes) and yield the chunk's write, which archives what was fetched and keeps
    the cache and health rows in one transaction (the first write also discovery's). Each write's batch_ids are
    every batch of the source not yet merged: its chunk's, and on the first, any an earlier run left. The next
    chunk is fetched when the caller asks for it."""
    if mode not in ("live", "backfill"):
        raise ValueError(f"mode must be live or backfill, not {mode!r}")
    if chunk is not None and chunk < 1:
        raise ValueError(f"chunk must be at least 1, got {chunk!r}")
    session = session or make_session(source.hosts, allow_private=source.allow_private_addresses)
    planned = IngestSummary(source.id, mode)
    writes: archive.Writes = []

    def health(url: str | None, kind: str, reason: str, once: str | None = None) -> None:
        writes.append(lambda c: record_health(c, source.id, url, kind, reason, once=once))

    def refuse(item: FeedItem, reason: str) -> None:
        # Once per URL: a bad item stays in the feed, and would otherwise count as a failure on every run.
        planned.refused.append(f"{item.url}: {reason}")
        health(item.url, "rejected", f"item not fetched: {reason}: {item.url}", once=f"unfetchable {item.url}")

    try:
        items = discover(source, session, refused=refuse,
                         get_page=lambda url: archive.fetch_listing(con, session, source, url, writes))
    except StatwatchError as e:  # the feed or listing body stays in listing_cache, as fetched
        health(source.feed.url if source.feed else None, "parse_failed" if isinstance(e, ParseError) else
               "fetch_failed", str(e))
        planned.failures.append(str(e))
        items = []
    known = {i.url for i in items}
    pattern = re.compile(source.item_pattern)
    # Items announced by the trigger that the listing no longer shows.
    for url in dict.fromkeys(urls):
        if url in known or not pattern.search(url):
            continue
        if reason := unfetchable(url):
            refuse(FeedItem(url), reason)
        else:
            items.append(FeedItem(url))
    if since:
        items = [i for i in items if i.published is None or i.published.astimezone(CST).date() >= since]
    planned.discovered = len(items)
    # In the order the merge takes them (archive's publication date, undated last): a chunk's vintages follow the
    # earlier chunks'.
    items.sort(key=_merge_order)
    size = chunk or len(items) or 1
    for first in range(0, max(len(items), 1), size):
        part = items[first:first + size]
        def fetched_so_far(n: int, first: int = first) -> None:
            if progress:
                progress(first + n, len(items) * 2)

        answers = archive.get_items(con, session, source, part, done=fetched_so_far)
        fetched = []
        for item, got in zip(part, answers, strict=True):
            if isinstance(got, SourceUnavailable | FetchRejected):
                planned.failures.append(f"{item.url}: {got}")
                health(item.url, "fetch_failed" if isinstance(got, SourceUnavailable) else "rejected", str(got))
            elif got is None:
                planned.not_modified += 1
            else:
                fetched.append((item, got))
        yield _archiving(planned, writes, fetched, source, mode)
        planned, writes = IngestSummary(source.id, mode), []


_EPOCH = datetime(1970, 1, 1, tzinfo=CST)


def _merge_order(item: FeedItem) -> tuple[bool, datetime, str]:
    """The archive's publication date (undated last), then the URL."""
    published = item.published or archive.published_from_url(item.url)
    return published is None, published or _EPOCH, item.url


def _archiving(planned: IngestSummary, writes: archive.Writes, fetched: list[tuple[FeedItem, Fetched]],
               source: Source, mode: str) -> Callable[[duckdb.DuckDBPyConnection], IngestSummary]:
    """The write of one chunk of fetched items (it may run more than once: a DuckLake retries it)."""
    def write(c: duckdb.DuckDBPyConnection) -> IngestSummary:
        summary = dataclasses.replace(planned, failures=list(planned.failures), refused=list(planned.refused))
        with wh.transaction(c):
            for w in writes:
                w(c)
            kept = archive.archive_all(c, source, fetched, mode)  # content another run archived is known
            summary.unchanged += kept.count(None)
            summary.documents += len(kept) - kept.count(None)
            summary.batch_ids = archive.unfinished(c, source.id)
        return summary

    return write


def ingest_source(source: Source, *, con: duckdb.DuckDBPyConnection, mode: str = "live", urls: Iterable[str] = (),
                  since: date | None = None, validate: bool = True, session: requests.Session | None = None,
                  progress: Callable[[int, int], None] | None = None, chunk: int = quality.CHUNK) -> IngestSummary:
    """Discover and ingest every new or changed item of a source, a chunk of `chunk` items at a time (fetched and
    archived, extracted, validated in one GX run and merged in one plan, each in one transaction): a long backfill
    holds one chunk's bodies and a run killed mid-way keeps the chunks it finished. Safe to run again at any time."""
    summary = IngestSummary(source.id, mode)
    chunks = plan_fetches(con, source, mode=mode, urls=urls, since=since, session=session, progress=progress,
                          chunk=chunk)
    for n, write in enumerate(chunks, 1):
        part = write(con)
        ids = part.batch_ids
        extracted = staging.extract_batches(con, ids, source=source)
        validated = quality.validate_batches(con, ids, validate=validate)
        merged = merge.merge_batches(con, ids)
        summary.discovered += part.discovered
        summary.not_modified += part.not_modified
        summary.unchanged += part.unchanged
        summary.documents += part.documents
        summary.failures += part.failures + extracted.failures
        summary.refused += part.refused
        summary.batch_ids += ids
        summary.facts_staged += extracted.staged
        summary.data_docs += validated.data_docs
        summary.facts_merged += merged.merged
        summary.facts_quarantined += merged.quarantined
        if progress:  # the first half counts the GETs, the second the items of the chunks processed
            progress(summary.discovered + min(n * chunk, summary.discovered), 2 * summary.discovered)
    return summary


@dataclass
class ReextractSummary:
    """What a re-extraction did (alerts it causes are recorded as corrections, never sent)."""

    parser_version: str
    documents: int = 0
    facts_staged: int = 0
    facts_changed: int = 0
    facts_quarantined: int = 0
    failures: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def reextract(con: duckdb.DuckDBPyConnection, *, source_id: str | None = None,
              since: date | None = None) -> ReextractSummary:
    """Read again, with the current extractor, every archived document an older parser version read: extract →
    validate → merge from the raw body. Changed facts become new vintages from now, facts no longer stated are
    closed; detection records what this changes as corrections."""
    summary = ReextractSummary(extract.parser_version())
    ids = archive.rebatch_for_reextraction(con, summary.parser_version, source_id=source_id, since=since)
    extracted = staging.extract_batches(con, ids)
    quality.validate_batches(con, ids)
    merged = merge.merge_batches(con, ids)
    summary.documents, summary.facts_staged, summary.failures = len(ids), extracted.staged, extracted.failures
    summary.facts_changed, summary.facts_quarantined = merged.merged, merged.quarantined
    return summary
