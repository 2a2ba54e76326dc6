"""The raw archive: every fetched body kept as a document version, and the conditional-GET cache behind it."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime
from typing import Any
from urllib.parse import urlsplit

import duckdb
import pandas as pd
import requests

from statwatch import warehouse as wh
from statwatch.config import Source
from statwatch.errors import FetchRejected, SourceUnavailable
from statwatch.fetch import Fetched, fetch, fetch_many
from statwatch.ids import now, short_hash
from statwatch.model import FeedItem
from statwatch.wording import CST

# Batch states: fetched → extracted → validated → one of TERMINAL (or failed when the body cannot be read).
TERMINAL = ("loaded", "no_facts", "quarantined", "partial", "failed")
_URL_DATE = re.compile(r"(20\d{2})[/_-]?(\d{2})[/_-]?(\d{2})")


def _get(session: requests.Session, source: Source, url: str, validators: tuple[Any, ...] | None) -> Fetched:
    """GET url, conditionally when (etag, last_modified) of an earlier answer are known."""
    etag, last_modified = validators[:2] if validators else (None, None)
    return fetch(session, url, etag=etag, last_modified=last_modified, timeout=(5.0, source.timeout),
                 max_bytes=source.max_bytes)


def _remember(con: duckdb.DuckDBPyConnection, url: str, got: Fetched) -> None:
    con.execute(wh.sql("http_cache_remember"), [url, got.etag, got.last_modified, got.content_hash, got.fetched_at])


Writes = list[Callable[[duckdb.DuckDBPyConnection], Any]]


def fetch_listing(con: duckdb.DuckDBPyConnection, session: requests.Session, source: Source,
                  url: str, later: Writes | None = None) -> tuple[bytes, str, str | None]:
    """A feed or listing page by conditional GET: (body, final url, Content-Type); a 304 answers from the kept copy.
    What changed is kept at once, or, given `later`, by a write appended to it (for the stage's transaction)."""
    # Conditional only while the body of the last answer is kept: a 304 must have something to answer with.
    kept = con.execute(wh.sql("listing_cached"), [url]).fetchone()
    got = _get(session, source, url, kept)
    if got.not_modified and kept:
        return bytes(kept[2]), url, kept[3]

    def keep(c: duckdb.DuckDBPyConnection) -> None:
        _remember(c, url, got)
        changed = c.execute("SELECT 1 FROM listing_cache WHERE url = ? AND content_hash = ?",
                            [url, got.content_hash]).fetchone() is None
        if changed:  # rewriting an unchanged multi-megabyte body would cost a full copy at commit
            c.execute(wh.sql("listing_keep"), [url, got.content_hash, got.body, got.fetched_at, got.content_type])

    if later is None:
        with wh.transaction(con):
            keep(con)
    else:
        later.append(keep)
    return got.body, got.url, got.content_type


def get_items(con: duckdb.DuckDBPyConnection, session: requests.Session, source: Source, items: list[FeedItem],
              done: Callable[[int], None] | None = None) -> list[Fetched | None | SourceUnavailable | FetchRejected]:
    """GET items on fetch_many's bounded pool, each conditionally when an earlier answer is cached (the cache read in
    one query); per item, in order: its answer, None when not modified, or the error it failed with."""
    urls = [i.url for i in items]
    cached = {u: (etag, modified) for u, etag, modified in con.execute(
        "SELECT url, etag, last_modified FROM http_cache WHERE url IN (SELECT unnest(?::VARCHAR[]))", [urls]).fetchall()}
    answers = fetch_many(session, urls, validators=cached, timeout=(5.0, source.timeout), max_bytes=source.max_bytes,
                         done=done)
    return [None if isinstance(a, Fetched) and a.not_modified else a for a in answers]


def archive(con: duckdb.DuckDBPyConnection, source: Source, item: FeedItem, got: Fetched, mode: str) -> str | None:
    """Keep the raw body as a new document version with its batch; the batch id, or None when already loaded."""
    return archive_all(con, source, [(item, got)], mode)[0]


def archive_all(con: duckdb.DuckDBPyConnection, source: Source, fetched: list[tuple[FeedItem, Fetched]],
                mode: str) -> list[str | None]:
    """Keep each raw body as a new document version with its batch, set-wise in one transaction (a few statements
    whatever the count); per item its batch id, or None when that content is already loaded. Content another run
    archived is found, never written twice; a batch an earlier run left unfinished is handed on again."""
    if not fetched:
        return []
    urls = list(dict.fromkeys(item.url for item, _ in fetched))
    out: list[str | None] = []
    with wh.transaction(con):
        cache = pd.DataFrame([{"url": item.url, "etag": got.etag, "last_modified": got.last_modified,
                               "content_hash": got.content_hash, "checked_at": got.fetched_at.isoformat()}
                              for item, got in fetched]).drop_duplicates("url", keep="last")
        wh.changed_over(con, "fetched_validators", cache, "http_cache_remember_all")  # a 304 later has the body archived
        known = {(u, h): (b, st) for u, h, b, st in con.execute(
            "SELECT url, content_hash, batch_id, status FROM documents WHERE list_contains(?, url)", [urls]).fetchall()}
        versions = dict(con.execute("SELECT url, count(*) FROM documents WHERE list_contains(?, url) GROUP BY url",
                                    [urls]).fetchall())
        new: dict[str, dict[str, Any]] = {}
        for item, got in fetched:
            if (item.url, got.content_hash) in known:
                # Known content: hand it on only when an earlier run died before finishing it.
                batch, status = known[(item.url, got.content_hash)]
                out.append(batch if status not in TERMINAL else None)
                continue
            doc_id = "d" + short_hash(item.url, got.content_hash)
            if doc_id not in new:
                versions[item.url] = versions.get(item.url, 0) + 1
                new[doc_id] = {
                    "doc_id": doc_id, "source_id": source.id, "url": item.url, "kind": source.kind,
                    "title": item.title, "content_hash": got.content_hash, "version": versions[item.url],
                    "fetched_at": got.fetched_at.isoformat(), "published_at": _iso(item.published or
                                                                                   published_from_url(item.url)),
                    "http_status": got.status, "etag": got.etag, "last_modified": got.last_modified,
                    "content_type": got.content_type, "raw_body": got.body, "batch_id": "b" + short_hash(doc_id),
                    "mode": mode}
            out.append(new[doc_id]["batch_id"])
        if new:
            frame = pd.DataFrame(list(new.values()))
            wh.changed_over(con, "fetched_documents", frame, "archive_documents")
            wh.changed_over(con, "fetched_documents", frame, "archive_batches")
    return out


def _iso(moment: datetime | None) -> str | None:
    """A timestamp as ISO text with its offset: a frame column of them casts to TIMESTAMPTZ whatever the zones."""
    return moment.isoformat() if moment else None


def unfinished(con: duckdb.DuckDBPyConnection, source_id: str) -> list[str]:
    """Batches of a source that an earlier stage left unfinished, oldest publication first."""
    rows = con.execute(wh.sql("unfinished_batches"), [source_id, list(TERMINAL)]).fetchall()
    return [r[0] for r in rows]


def rebatch_for_reextraction(con: duckdb.DuckDBPyConnection, version: str, *, source_id: str | None = None,
                             since: date | None = None) -> list[str]:
    """Give every document an older parser read a new batch (mode 'reextract', status 'fetched') so the stages read
    it again from its raw body; returns those batches plus any a re-extraction left unfinished."""
    docs = con.execute(wh.sql("reextract_candidates"), {"version": version, "source": source_id,
                                                        "since": since}).fetchall()
    with wh.transaction(con):
        for doc_id, src in docs:
            batch_id = "b" + short_hash(doc_id, version)
            con.execute(wh.sql("batch_insert"), [batch_id, src, doc_id, "reextract", now()])
            con.execute("UPDATE documents SET batch_id = ?, status = 'fetched' WHERE doc_id = ?", [batch_id, doc_id])
    rows = con.execute("SELECT batch_id FROM batches WHERE mode = 'reextract' AND NOT list_contains(?, status) "
                       "AND (? IS NULL OR source_id = ?) ORDER BY created_at, batch_id",
                       [list(TERMINAL), source_id, source_id]).fetchall()
    return [r[0] for r in rows]


def published_from_url(url: str) -> datetime | None:
    """The publication day a URL carries (t20220425_…, /2022/04/25.html), as midnight China time."""
    if m := _URL_DATE.search(urlsplit(url).path):
        try:
            y, mo, d = map(int, m.groups())
            return datetime(y, mo, d, tzinfo=CST)
        except ValueError:
            return None
    return None


def doc_date(published: datetime | None, url: str, fetched_at: datetime) -> date:
    """The publication day used to resolve periods: the feed's date, else a date in the URL, else the fetch day."""
    return (published or published_from_url(url) or fetched_at).astimezone(CST).date()


def document_rows(con: duckdb.DuckDBPyConnection, batch_ids: list[str], status: str) -> list[dict[str, Any]]:
    """Documents (with their batch's mode) of the given batches that are in `status`, in publication order."""
    return wh.fetch_dicts(con, wh.sql("batch_documents"), [batch_ids, status])
