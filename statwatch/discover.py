"""Discover a source's items: fetch its feed or listing pages (conditional GET through the archive's cache) and
parse them (RSS 2.0 / Atom feeds, HTML listings with pagination and GBK pages)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET  # noqa: S405 - DOCTYPE/entities are refused before parsing (see _refuse_dtd)
from collections.abc import Callable
from datetime import datetime
from email.utils import parsedate_to_datetime
from html.parser import HTMLParser
from typing import NoReturn
from urllib.parse import urldefrag, urljoin, urlsplit
from xml.parsers import expat

import duckdb
import requests

from statwatch.archive import fetch_listing
from statwatch.config import Source
from statwatch.errors import ParseError
from statwatch.fetch import FETCHABLE_SCHEMES, fetch
from statwatch.model import FeedItem
from statwatch.wording import CST

# Feeds and listings of Chinese publishers give local times; a naive time is read as Beijing time (CST) so
# every `published` is timezone-aware and comparable.
_ATOM = "{http://www.w3.org/2005/Atom}"
_NEXT_TEXTS = {"下一页", "下页", "下一頁", "next", "next page", "next »", "›", "»", ">"}
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_DATE = re.compile(r"(20\d{2}|19\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")
_GB_FAMILY = {"gb2312", "gbk", "gb18030", "x-gbk", "cp936", "euc-cn", "hz-gb-2312"}


def discover(source: Source, session: requests.Session, con: duckdb.DuckDBPyConnection | None = None, *,
             refused: Callable[[FeedItem, str], None] | None = None) -> list[FeedItem]:
    """The source's current items (feed or paginated listing) matching item_pattern, oldest first; an item that
    can never be fetched (not http/https, no host) is dropped and handed to `refused` with the reason."""
    if source.feed is None:
        return []
    pattern = re.compile(source.item_pattern)
    items: list[FeedItem] = []
    if source.feed.type == "rss":
        body, final = _listing(con, session, source, source.feed.url)
        items = parse_feed(body, final)
    else:
        url: str | None = source.feed.url
        seen: set[str] = set()
        for _ in range(source.feed.max_pages):
            if not url or url in seen or unfetchable(url):
                break
            seen.add(url)
            body, final = _listing(con, session, source, url)
            page, url = parse_listing(body, final, source.item_pattern)
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


def _listing(con: duckdb.DuckDBPyConnection | None, session: requests.Session, source: Source,
             url: str) -> tuple[bytes, str]:
    """A feed or listing page: through the archive's conditional-GET cache when a warehouse is at hand."""
    if con is not None:
        return fetch_listing(con, session, source, url)
    got = fetch(session, url, timeout=(5.0, source.timeout), max_bytes=source.max_bytes)
    return got.body, got.url


def parse_feed(body: bytes, base_url: str) -> list[FeedItem]:
    """Items of an RSS 2.0 or Atom document, in document order, with absolute URLs."""
    _refuse_dtd(body)
    try:
        root = ET.fromstring(body)  # noqa: S314 - DTDs were refused above, so no entity expansion
    except ET.ParseError as e:
        raise ParseError(f"malformed feed {base_url}: {e}") from None
    if root.tag == f"{_ATOM}feed":
        return _atom_items(root, base_url)
    channel = root.find("channel") if root.tag == "rss" else None
    if channel is None:
        raise ParseError(f"not an RSS 2.0 or Atom feed: {base_url} (root element {root.tag!r})")
    items = []
    for node in channel.iter("item"):
        link = _text(node, "link")
        guid_node = node.find("guid")
        guid = (guid_node.text or "").strip() if guid_node is not None else ""
        permalink = guid_node is not None and guid_node.get("isPermaLink", "true").lower() == "true"
        if not link and permalink and guid:
            link = guid
        if not link:
            continue
        url = _absolute(base_url, link)
        items.append(FeedItem(url, _text(node, "title"), _rfc822(_text(node, "pubDate")), guid or url))
    return items


def parse_listing(
    body: bytes, base_url: str, link_pattern: str, *, encoding: str | None = None
) -> tuple[list[FeedItem], str | None]:
    """Links on a listing page whose absolute URL matches link_pattern, and the next page's URL (or None)."""
    try:
        pattern = re.compile(link_pattern)
    except re.error as e:
        raise ValueError(f"link_pattern is not a regular expression: {e}") from None
    parser = _LinkParser()
    parser.feed(decode_html(body, encoding))
    parser.close()
    base = _absolute(base_url, parser.base) if parser.base else base_url
    items: dict[str, FeedItem] = {}
    next_url = _absolute(base, parser.next_href) if parser.next_href else None
    for href, text, after in parser.links:
        url = _absolute(base, href)
        if not pattern.search(url):
            continue
        title = text or None
        if url in items and (items[url].title or not title):
            continue
        items[url] = FeedItem(url, title, _listing_date(after), url)
    if next_url and urldefrag(next_url)[0] == urldefrag(base_url)[0]:
        next_url = None
    return list(items.values()), next_url


def decode_html(body: bytes, encoding: str | None = None) -> str:
    """Text of an HTML page: the given encoding, else the <meta> charset, else UTF-8, else GB18030."""
    candidates = [encoding] if encoding and encoding.lower() != "auto" else []
    if m := _META_CHARSET.search(body[:4096]):
        candidates.append(m.group(1).decode("ascii", "replace"))
    candidates += ["utf-8", "gb18030"]
    for name in candidates:
        # GB2312/GBK pages routinely carry characters outside the declared set; GB18030 is their superset.
        codec = "gb18030" if name.lower() in _GB_FAMILY else name
        try:
            return body.decode(codec)
        except (LookupError, UnicodeDecodeError):
            continue
    raise ParseError("page is neither UTF-8 nor GB18030 and declares no usable charset")


def _refuse_dtd(body: bytes) -> None:
    """Raise ParseError when the document has a DOCTYPE or entity declaration (billion laughs, XXE)."""

    def refuse(*_: object) -> NoReturn:
        raise ParseError("feed declares a DOCTYPE; refused (entity expansion)")

    scanner = expat.ParserCreate()
    scanner.StartDoctypeDeclHandler = refuse
    scanner.EntityDeclHandler = refuse
    scanner.ExternalEntityRefHandler = refuse
    try:
        scanner.Parse(body, True)
    except expat.ExpatError as e:
        raise ParseError(f"malformed feed: {e}") from None


def _atom_items(root: ET.Element, base_url: str) -> list[FeedItem]:
    items = []
    for entry in root.iter(f"{_ATOM}entry"):
        href = None
        for link in entry.findall(f"{_ATOM}link"):
            if link.get("rel", "alternate") == "alternate" and link.get("href"):
                href = link.get("href")
                break
        if not href:
            continue
        url = _absolute(base_url, href)
        published = _iso(_text(entry, f"{_ATOM}published") or _text(entry, f"{_ATOM}updated"))
        items.append(FeedItem(url, _text(entry, f"{_ATOM}title"), published, _text(entry, f"{_ATOM}id") or url))
    return items


def _text(node: ET.Element, tag: str) -> str | None:
    child = node.find(tag)
    if child is None:
        return None
    text = "".join(child.itertext()).strip()
    return text or None


def _absolute(base_url: str, href: str) -> str:
    return urldefrag(urljoin(base_url, href.strip()))[0]


def _aware(dt: datetime) -> datetime:
    return dt if dt.tzinfo else dt.replace(tzinfo=CST)


def _rfc822(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return _aware(parsedate_to_datetime(value))
    except (TypeError, ValueError, IndexError):
        return _iso(value)  # some publishers put ISO dates into pubDate


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
