"""Render the sample site at a simulated date: pages, listings and the RSS feed, with their HTTP metadata."""

from __future__ import annotations

import hashlib
import math
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from email.utils import format_datetime

from jinja2 import Environment, PackageLoader, select_autoescape

from statwatch_dev.publisher.documents import Document, document, documents, site_pages
from statwatch_dev.publisher.documents import Page as Article
from statwatch_dev.publisher.story import encoding_of

PAGE_SIZE = 3  # items per stats listing page, small so that pagination is real
FEED_SIZE = 100  # items in /rail/feed.xml (the story has 61; a long history is walked with ?all=1)
OPS_FEED_SIZE = 160  # items in /ops/feed.xml: a flood season (the story's 152 bulletins); ?all=1 walks the history

_env = Environment(
    loader=PackageLoader("statwatch_dev.publisher", "templates"),
    autoescape=select_autoescape(["html", "xml"]),
    keep_trailing_newline=True,
)
_env.globals["rfc822"] = format_datetime

_CONTENT_TYPES = {
    "utf-8": ("utf-8", "text/html; charset=utf-8", '<meta charset="utf-8">'),
    "gbk": ("gbk", "text/html; charset=GBK", ""),
    "gbk-no-header-charset": ("gbk", "text/html", '<meta charset="gbk">'),
    "gbk-wrong-header": ("gbk", "text/html; charset=utf-8", ""),
}
_RAIL_PAGE = re.compile(r"/rail/\d{4}/\d{2}/\d{2}\.html")
_STATS_PAGE = re.compile(r"/stats/\d{4}/t\d{8}_\w+\.html")
_STATS_LIST = re.compile(r"/stats/index(?:_(\d+))?\.html")
_ASSESS_PAGE = re.compile(r"/assess/\d{4}/t\d{8}_\w+\.html")
_OPS_PAGE = re.compile(r"/ops/\d{4}/\d{2}/\d{2}\.html")


@dataclass(frozen=True)
class Page:
    """A rendered response body with its headers' inputs."""

    body: bytes
    content_type: str
    last_modified: datetime
    encoding: str  # the body's real encoding

    @property
    def etag(self) -> str:
        """A strong ETag: the content hash."""
        return '"' + hashlib.sha256(self.body).hexdigest()[:32] + '"'


@dataclass
class Revision:
    """Replacements applied to a published page, and when they were made."""

    replace: list[tuple[str, str]]
    modified: datetime


def visible(clock: date, kind: str | None = None, history_years: int = 0) -> list[Document]:
    """Documents published on or before the clock date, newest first."""
    docs = [d for d in documents(history_years) if d.day <= clock and (kind is None or d.kind == kind)]
    return sorted(docs, key=lambda d: (d.published, d.path), reverse=True)


def published(clock: date, history_years: int = 0) -> list[Document]:
    """Every article published on or before the clock date, the story's and the assessment and operations pages,
    newest first (what a watcher of every source archives by then)."""
    pages = [p for p in site_pages(history_years) if p.day <= clock]
    return sorted([*visible(clock, None, history_years), *pages], key=lambda d: (d.published, d.path), reverse=True)


def _latest(docs: list[Document], revisions: dict[str, Revision]) -> datetime:
    stamps = [revisions[d.path].modified if d.path in revisions else d.published for d in docs]
    return max(stamps, default=datetime(2022, 1, 1, tzinfo=UTC))


def _encode(html: str, mode: str, last_modified: datetime) -> Page:
    codec, ctype, _ = _CONTENT_TYPES[mode]
    return Page(html.encode(codec), ctype, last_modified, codec)


def article_html(doc: Document) -> str:
    """The unrevised HTML of an article page."""
    mode = encoding_of(doc.path)
    if doc.kind == "rail":
        return _env.get_template("rail_article.html").render(doc=doc, meta=_CONTENT_TYPES[mode][2])
    return _env.get_template("stats_article.html").render(doc=doc)


def render(
    path: str, clock: date, base_url: str, revisions: dict[str, Revision] | None = None, *,
    history_years: int = 0, full_feed: bool = False,
) -> Page | None:
    """The page at `path` as the site shows it on `clock`, or None (unknown or not yet published).

    The feeds list the newest FEED_SIZE (rail) or OPS_FEED_SIZE (ops) bulletins, or every one with `full_feed`
    (`/rail/feed.xml?all=1`, `/ops/feed.xml?all=1`).
    """
    revisions = revisions or {}
    if path in ("/", "/index.html"):
        html = _env.get_template("home.html").render(clock=clock, meta=_CONTENT_TYPES["utf-8"][2])
        return _encode(html, "utf-8", _latest(visible(clock, None, history_years), revisions))
    if path == "/rail/feed.xml":
        docs = visible(clock, "rail", history_years)
        docs = docs if full_feed else docs[:FEED_SIZE]
        xml = _env.get_template("feed.xml").render(docs=docs, base=base_url)
        return Page(
            xml.encode("utf-8"), "application/rss+xml; charset=utf-8", _latest(docs, revisions), "utf-8"
        )
    if path == "/rail/index.html":
        docs = visible(clock, "rail", history_years)
        html = _env.get_template("rail_index.html").render(docs=docs, meta=_CONTENT_TYPES["utf-8"][2])
        return _encode(html, "utf-8", _latest(docs, revisions))
    if m := _STATS_LIST.fullmatch(path):
        docs = visible(clock, "stats", history_years)
        page = int(m.group(1) or 0)
        pages = max(1, math.ceil(len(docs) / PAGE_SIZE))
        if m.group(1) == "0" or page >= pages:
            return None
        chunk = docs[page * PAGE_SIZE : (page + 1) * PAGE_SIZE]
        html = _env.get_template("stats_list.html").render(
            docs=chunk, page=page, pages=pages, total=len(docs)
        )
        return _encode(html, "gbk", _latest(docs, revisions))
    if path == "/assess/index.html":
        docs = _visible_pages(clock, "assess", history_years)
        html = _env.get_template("assess_index.html").render(docs=docs)
        return _encode(html, "utf-8", _latest(docs, revisions))
    if path == "/ops/feed.xml":
        docs = _visible_pages(clock, "ops", history_years)
        docs = docs if full_feed else docs[:OPS_FEED_SIZE]
        xml = _env.get_template("ops_feed.xml").render(docs=docs, base=base_url)
        return Page(xml.encode("utf-8"), "application/rss+xml; charset=utf-8", _latest(docs, revisions), "utf-8")
    if _ASSESS_PAGE.fullmatch(path) or _OPS_PAGE.fullmatch(path):
        article = document(path, history_years)
        if not isinstance(article, Article) or article.day > clock:
            return None
        return _article(article, clock, revisions.get(path))
    if _RAIL_PAGE.fullmatch(path) or _STATS_PAGE.fullmatch(path):
        doc = document(path, history_years)
        if doc is None or doc.day > clock:
            return None
        html = article_html(doc)
        last_modified = doc.published
        if rev := revisions.get(path):
            for old, new in rev.replace:
                html = html.replace(old, new)
            last_modified = rev.modified
        return _encode(html, encoding_of(path), last_modified)
    return None


def _visible_pages(clock: date, kind: str, history_years: int = 0) -> list[Document]:
    """Assessment or operations pages published on or before the clock date, newest first."""
    docs = [d for d in site_pages(history_years) if d.day <= clock and d.kind == kind]
    return sorted(docs, key=lambda d: (d.published, d.path), reverse=True)


def _article(page: Article, clock: date, extra: Revision | None) -> Page:
    """A page of the assessment or operations site: its own corrections show from their day on (Last-Modified moves
    with them); before that day the page reads as first published."""
    template = "assess_article.html" if page.kind == "assess" else "ops_article.html"
    html = _env.get_template(template).render(doc=page)
    last_modified = page.published
    for when, replace in page.revisions:
        if when.date() <= clock:
            last_modified = max(last_modified, when)
            continue
        for old, new in replace.items():
            html = html.replace(new, old)
    if extra is not None:
        for old, new in extra.replace:
            html = html.replace(old, new)
        last_modified = max(last_modified, extra.modified)
    return _encode(html, "utf-8", last_modified)


def not_found() -> bytes:
    """The body of a 404 answer."""
    return _env.get_template("not_found.html").render().encode("utf-8")
