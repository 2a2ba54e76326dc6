"""Discover a source's items: fetch its feed or listing pages (conditional GET through the archive's cache) and
parse them — feeds of every family through feedparser (RSS 0.9x/1.0/2.0, Atom 0.3/1.0, xml:base, dc:date, loose
markup), HTML listings with pagination — both decoded by the one decoder of statwatch.charset."""

from __future__ import annotations

import functools
import io
import re
from collections.abc import Callable
from datetime import UTC, datetime
from email.utils import mktime_tz, parsedate_tz
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urldefrag, urljoin, urlsplit

import feedparser
import requests

from statwatch.charset import decode_bytes
from statwatch.config import Source
from statwatch.errors import ParseError
from statwatch.fetch import FETCHABLE_SCHEMES, fetch
from statwatch.model import FeedItem
from statwatch.wording import CST

# Feeds and listings of Chinese publishers give local times; a naive time is read as Beijing time (CST) so
# every `published` is timezone-aware and comparable.
_NEXT_TEXTS = {"下一页", "下页", "下一頁", "next", "next page", "next »", "›", "»", ">"}
_DATE = re.compile(r"(20\d{2}|19\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")
_ENTITY_DECL = re.compile(r"<!ENTITY", re.I)
_XML_DECL = re.compile(r"^(\s*<\?xml[^>]*?)\s+encoding\s*=\s*[\"'][^\"']*[\"']", re.I)


Page = Callable[[str], tuple[bytes, str, str | None]]  # URL → (body, final URL, Content-Type)


def discover(source: Source, session: requests.Session, *, get_page: Page | None = None,
             refused: Callable[[FeedItem, str], None] | None = None) -> list[FeedItem]:
    """The source's current items (feed or paginated listing) matching item_pattern, oldest first; an item that
    can never be fetched (not http/https, no host) is dropped and handed to `refused` with the reason. Feed and
    listing pages are read by `get_page` when given (the ingest passes the archive's conditional-GET cache), else by a
    plain GET through the session: this module needs no warehouse (the triggerer parses feeds with it)."""
    if get_page is None:
        get_page = functools.partial(_get, session, source)
    if source.feed is None:
        return []
    pattern = re.compile(source.item_pattern)
    items: list[FeedItem] = []
    if source.feed.type == "rss":
        body, final, ctype = get_page(source.feed.url)
        items = parse_feed(body, final, content_type=ctype, hint=source.encoding)
    else:
        url: str | None = source.feed.url
        seen: set[str] = set()
        for _ in range(source.feed.max_pages):
            if not url or url in seen or unfetchable(url):
                break
            seen.add(url)
            body, final, ctype = get_page(url)
            page, url = parse_listing(body, final, source.item_pattern, content_type=ctype, hint=source.encoding)
            items += page
    unique = {i.url: i for i in items if pattern.search(i.url)}
    for url, item in list(unique.items()):
        if reason := unfetchable(url):
            del unique[url]
            if refused:
                refused(item, reason)
    return sorted(unique.values(), key=lambda i: (i.published or datetime.min.replace(tzinfo=CST), i.url))


def unfetchable(url: str) -> str | None:
    """Why an item URL is never fetched (a scheme other than http/https, no host), or None when it may be."""
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError as e:
        return f"malformed URL ({e})"
    if parts.scheme.lower() not in FETCHABLE_SCHEMES:
        return f"scheme {parts.scheme.lower() or '(none)'!r} is not http or https"
    if not host:
        return "URL names no host"
    return None


def _get(session: requests.Session, source: Source, url: str) -> tuple[bytes, str, str | None]:
    """A feed or listing page by a plain GET: (body, final URL, Content-Type)."""
    got = fetch(session, url, timeout=(5.0, source.timeout), max_bytes=source.max_bytes)
    return got.body, got.url, got.content_type


def parse_feed(body: bytes, base_url: str, *, content_type: str | None = None,
               hint: str | None = None) -> list[FeedItem]:
    """Items of a feed (any RSS or Atom version), in document order, with absolute URLs (xml:base honoured).

    The body is decoded by statwatch.charset (BOM, Content-Type, the XML declaration, the hint, detection) and
    handed to feedparser as UTF-8, so a feed declaring GB2312 or Big5 reads like any other. Entity declarations
    are refused (billion laughs, XXE); a plain DOCTYPE (RSS 0.91) is fine; feedparser never fetches anything.
    """
    text, _, _ = decode_bytes(body, content_type, hint=hint)
    if _ENTITY_DECL.search(text):
        raise ParseError(f"feed {base_url} declares entities; refused (entity expansion)")
    utf8 = _XML_DECL.sub(r"\1", text, count=1).encode("utf-8")
    parsed = feedparser.parse(io.BytesIO(utf8), sanitize_html=False, response_headers={
        "content-location": base_url, "content-type": "application/xml; charset=utf-8"})
    if not parsed.get("version") and not parsed.entries:
        why = parsed.get("bozo_exception") or "no RSS or Atom root element"
        raise ParseError(f"not a feed: {base_url} ({str(why).splitlines()[0][:200]})")
    items = []
    for entry in parsed.entries:
        link = entry.get("link") or (entry.get("id") if entry.get("guidislink") else None)
        url = _absolute(base_url, link) if link else None
        if not url:
            continue
        items.append(FeedItem(url, entry.get("title") or None, _published(entry), entry.get("id") or url))
    if parsed.get("bozo") and not items:  # broken markup that yielded nothing: say so rather than "no news"
        raise ParseError(f"malformed feed {base_url}: {str(parsed.get('bozo_exception')).splitlines()[0][:200]}")
    return items


def _published(entry: Any) -> datetime | None:
    """When an entry was published: a time without a zone is Beijing time (Chinese publishers write local times),
    a zone it names is honoured (-0000 is UTC), and a form only feedparser reads is taken as it normalised it."""
    for raw_key, parsed_key in (("published", "published_parsed"), ("updated", "updated_parsed"),
                                ("created", "created_parsed")):
        raw = entry.get(raw_key)
        if not raw:
            continue
        if (when := _rfc822(raw)) is not None or (when := _iso(raw)) is not None:
            return when
        if stamp := entry.get(parsed_key):  # a time.struct_time in UTC
            return datetime(stamp.tm_year, stamp.tm_mon, stamp.tm_mday, stamp.tm_hour, stamp.tm_min, stamp.tm_sec,
                            tzinfo=UTC)
    return None


def parse_listing(body: bytes, base_url: str, link_pattern: str, *, content_type: str | None = None,
                  hint: str | None = None) -> tuple[list[FeedItem], str | None]:
    """Links on a listing page whose absolute URL matches link_pattern, and the next page's URL (or None)."""
    try:
        pattern = re.compile(link_pattern)
    except re.error as e:
        raise ValueError(f"link_pattern is not a regular expression: {e}") from None
    parser = _LinkParser()
    parser.feed(decode_bytes(body, content_type, hint=hint)[0].lstrip("\ufeff"))
    parser.close()
    base = (_absolute(base_url, parser.base) if parser.base else None) or base_url
    items: dict[str, FeedItem] = {}
    next_url = _absolute(base, parser.next_href) if parser.next_href else None
    for href, text, after in parser.links:
        url = _absolute(base, href)
        if url is None or not pattern.search(url):
            continue
        title = text or None
        if url in items and (items[url].title or not title):
            continue
        items[url] = FeedItem(url, title, _listing_date(after), url)
    if next_url and urldefrag(next_url)[0] == urldefrag(base_url)[0]:
        next_url = None
    return list(items.values()), next_url


def _absolute(base_url: str, href: str) -> str | None:
    """The absolute URL of a link, or None when it cannot be one (a malformed IPv6 host, say)."""
    try:
        return urldefrag(urljoin(base_url, href.strip()))[0]
    except ValueError:
        return None


def _aware(dt: datetime) -> datetime:
    return dt if dt.tzinfo else dt.replace(tzinfo=CST)


_ZONE = re.compile(r"\d:\d{2}(?::\d{2})?\s+([A-Za-z]{1,5}|[+-]\d{2}:?\d{2})\b")


def _rfc822(value: str | None) -> datetime | None:
    """An RFC 822 date: its zone honoured; none at all = Beijing time (local); -0000 or a zone nobody can name = UTC.
    `CST` on a Chinese site is China Standard Time (Java writes it so), not US Central."""
    if not value:
        return None
    v = re.sub(r"\bCST\b", "+0800", value.strip())
    parts = parsedate_tz(v)
    if parts is None:
        return _iso(value)  # some publishers put ISO dates into pubDate
    if not _ZONE.search(v):  # parsedate_tz says 0 for a missing zone too
        y, mo, d, h, mi, sec = parts[:6]
        return datetime(y, mo, d, h, mi, sec, tzinfo=CST)
    return datetime.fromtimestamp(mktime_tz(parts), UTC)  # an unknown zone name counts as UTC (RFC 5322)


def _iso(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return _aware(datetime.fromisoformat(value.strip()))
    except ValueError:
        return None


def _listing_date(text: str) -> datetime | None:
    if not (m := _DATE.search(text)):
        return None
    try:
        return datetime(int(m[1]), int(m[2]), int(m[3]), tzinfo=CST)
    except ValueError:
        return None


class _LinkParser(HTMLParser):
    """Collects (href, title, text after the anchor) triples, <base href> and the next-page link."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str, str]] = []
        self.base: str | None = None
        self.next_href: str | None = None
        self._href: str | None = None
        self._title_attr = ""
        self._rel_next = False
        self._text: list[str] = []
        self._after: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        rels = a.get("rel", "").lower().split()
        if tag == "base" and a.get("href") and self.base is None:
            self.base = a["href"]
        elif tag == "link" and "next" in rels and a.get("href") and self.next_href is None:
            self.next_href = a["href"]
        elif tag == "a":
            self._flush_after()
            self._href = a.get("href") or None
            self._title_attr = " ".join(a.get("title", "").split())
            self._rel_next = "next" in rels
            self._text = []
        elif tag in ("li", "tr", "p", "div", "dd", "dt"):
            self._flush_after()

    def handle_endtag(self, tag: str) -> None:
        if tag != "a" or self._href is None:
            return
        text = " ".join("".join(self._text).split())
        if self.next_href is None and (self._rel_next or text.lower() in _NEXT_TEXTS):
            self.next_href = self._href
        elif not self._href.lower().startswith(("javascript:", "mailto:", "#")):
            # A title attribute usually holds the full headline; anchor text is often cut short with "…".
            self.links.append((self._href, self._title_attr or text, ""))
            self._after = []
        self._href = None

    def handle_data(self, data: str) -> None:
        if self._href is not None:
            self._text.append(data)
        elif self.links:
            self._after.append(data)

    def _flush_after(self) -> None:
        if self.links and self._after:
            href, text, _ = self.links[-1]
            self.links[-1] = (href, text, " ".join(self._after)[:200])
        self._after = []

    def close(self) -> None:
        super().close()
        self._flush_after()
