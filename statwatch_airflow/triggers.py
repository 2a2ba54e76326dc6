"""FeedTrigger: an AssetWatcher trigger that polls a source's feed or listing and announces new items.

Semantics (see docs/airflow.md):
- The first run ever takes a baseline: items already listed are remembered, nothing is emitted.
- Afterwards every poll that finds new items emits ONE TriggerEvent listing all of them, because events
  saved in the same triggerer loop can be attached to a later Dag run (one event per item would strand some).
- The watermark (recently seen item URLs) lives in the asset state store and is saved before the event is
  yielded: at-most-once. A lost event (crash between the save and the event row) is recovered because the
  ingest Dag lists the feed itself and fetches everything not yet archived, on the next event or the cron fallback.
- Poll errors (connection refused, HTTP errors, malformed feeds) are logged and retried on the next poll.
- Watchers of one host share one session (and its warm connections) in the triggerer process.
- With share_poll=True, all such watchers of one host (same poll interval) share one poll loop, one session and
  its connection pool through Airflow's shared streams; each watcher keeps its own watermark, baseline and events.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import threading
import time
from collections.abc import AsyncIterator, Callable, Hashable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import urlsplit

from airflow.triggers.base import BaseEventTrigger, TriggerEvent

CLASSPATH = "statwatch_airflow.triggers.FeedTrigger"
STATE_KEY = "feed_watermark"
MAX_SEEN = 500  # URLs remembered beyond those currently listed
MAX_STATE_BYTES = 60_000  # the state store warns above 64 KiB per value
FEED_BODY_CAP = 5 * 1024 * 1024
POLL_TIMEOUT = (5.0, 15.0)  # connect, read
HOST_CONCURRENCY = 4  # requests in flight per host in a shared poll: polite, and enough for thousands of feeds
NEW_FEEDS_BATCH_DELAY = 0.5  # a shared poll waits this long so that watchers starting together share a first fetch

log = logging.getLogger(__name__)


class FeedTrigger(BaseEventTrigger):
    """Polls an RSS/Atom feed or HTML listing and emits one event per poll that found new items."""

    def __init__(
        self,
        *,
        source_id: str,
        feed_url: str,
        feed_type: str = "rss",
        link_pattern: str | None = None,
        poll_interval: float = 60.0,
        allow_private_addresses: bool = False,
        share_poll: bool = False,
    ) -> None:
        super().__init__()
        if feed_type not in ("rss", "listing"):
            raise ValueError(f"feed_type must be 'rss' or 'listing', got {feed_type!r}")
        if feed_type == "listing" and not link_pattern:
            raise ValueError("a listing feed needs link_pattern")
        if urlsplit(feed_url).scheme not in ("http", "https"):
            raise ValueError(f"feed_url must be http(s), got {feed_url!r}")
        if not float(poll_interval) > 0:
            raise ValueError(f"poll_interval must be positive, got {poll_interval!r}")
        self.source_id = source_id
        self.feed_url = feed_url
        self.feed_type = feed_type
        self.link_pattern = link_pattern
        self.poll_interval = float(poll_interval)
        self.allow_private_addresses = bool(allow_private_addresses)
        self.share_poll = bool(share_poll)
        self._refused: set[str] = set()  # item URLs already logged as never fetchable
        self._etag: str | None = None
        self._last_modified: str | None = None
        self._memory_state: Any = None  # used only when no asset state store was injected

    def serialize(self) -> tuple[str, dict[str, Any]]:
        """Classpath and JSON-primitive kwargs (their hash is the trigger's identity: keep them stable)."""
        kwargs: dict[str, Any] = {
            "source_id": self.source_id,
            "feed_url": self.feed_url,
            "feed_type": self.feed_type,
            "link_pattern": self.link_pattern,
            "poll_interval": self.poll_interval,
        }
        if self.allow_private_addresses:  # only when set, so that existing watchers keep their identity
            kwargs["allow_private_addresses"] = True
        if self.share_poll:  # likewise
            kwargs["share_poll"] = True
        return CLASSPATH, kwargs

    async def run(self) -> AsyncIterator[TriggerEvent]:
        """Poll forever; yield one event per poll with new items (never on the baseline poll)."""
        self._etag = self._last_modified = None  # the first poll of a run must see the whole feed
        seen = await self._start()
        while True:
            items = await self._poll_safely()
            if items is not None:
                seen, event = await self._consider(items, seen)
                if event is not None:
                    yield event
            await asyncio.sleep(self.poll_interval)

    # -- shared streams: one poll loop per host ---------------------------------------------------------------

    def shared_stream_key(self) -> Hashable | None:
        """With share_poll, watchers of the same host, interval and address policy share one poll loop."""
        if not self.share_poll:
            return None
        parts = urlsplit(self.feed_url)
        return (CLASSPATH, parts.scheme, parts.netloc.lower(), self.poll_interval, self.allow_private_addresses)

    @classmethod
    async def open_shared_stream(cls, kwargs: dict[str, Any]) -> AsyncIterator[Any]:
        """Poll every subscribed feed of one host each interval; yield {feed URL: Fetched} of the feeds that
        answered with a body (changed, or fetched unconditionally for a watcher that just started)."""
        key = cls(**kwargs).shared_stream_key()
        host = _HostPoll.of(key, kwargs)
        next_round = time.monotonic()
        while True:
            wait = next_round - time.monotonic()
            if wait > 0:
                try:
                    await asyncio.wait_for(host.wake.wait(), wait)
                except TimeoutError:
                    pass
            host.wake.clear()
            if time.monotonic() >= next_round:
                urls = host.urls()
                # Rounds start every interval (not interval + round time); a late round does not bunch up.
                next_round = max(next_round + host.interval, time.monotonic())
            else:
                await asyncio.sleep(NEW_FEEDS_BATCH_DELAY)  # watchers that start together share a first fetch
                urls = host.take_new()
            bodies = await host.poll(urls)
            if bodies:
                yield bodies

    async def filter_shared_stream(self, shared_stream: AsyncIterator[Any]) -> AsyncIterator[TriggerEvent]:
        """This watcher's events from its host's shared poll: same baseline, watermark and events as run()."""
        seen = await self._start()
        host = _HostPoll.of(self.shared_stream_key(), self.serialize()[1])
        host.register(self.feed_url, self.source_id)  # its first fetch is unconditional: a baseline sees it all
        try:
            async for bodies in shared_stream:
                got = bodies.get(self.feed_url)
                if got is None:
                    continue
                items = await self._in_thread(self._items, got)  # parsed here: watchers of a URL may differ
                if items is None:
                    host.refetch(self.feed_url)  # as run() keeps no validators for a body it could not parse
                    continue
                seen, event = await self._consider(items, seen)
                if event is not None:
                    yield event
        finally:
            host.unregister(self.feed_url)

    # -- what both paths share ------------------------------------------------------------------------------

    async def _start(self) -> list[str] | None:
        state = await self._load_state()
        seen: list[str] | None = None if state is None else list(state.get("seen", []))
        self.log.info("FeedTrigger %s watching %s (%s) every %.1fs%s; %s", self.source_id, self.feed_url,
                      self.feed_type, self.poll_interval, " (shared host poll)" if self.share_poll else "",
                      "no watermark yet: first poll is a baseline" if seen is None else f"{len(seen)} seen URLs")
        return seen

    async def _consider(self, items: list[Any], seen: list[str] | None) -> tuple[list[str] | None, TriggerEvent | None]:
        """Baseline, or the event for the items not in the watermark (saved first); returns the new watermark."""
        urls = list(dict.fromkeys(i.url for i in items))
        if seen is None:
            baseline = _bounded(urls, [])
            if await self._save_state({"seen": baseline}):
                self.log.info("FeedTrigger %s baseline: %d items already listed", self.source_id, len(urls))
                return baseline, None
            return None, None  # baseline not stored: take it again next poll rather than lose items later
        known = set(seen)
        new = [i for i in dict((i.url, i) for i in items).values() if i.url not in known]
        if not new:
            return seen, None
        updated = _bounded(urls, seen)
        # Persist first: if the save fails the items stay new and are announced next poll.
        if not await self._save_state({"seen": updated}):
            return seen, None
        failpoint("trigger_after_watermark")  # the window the ingest's re-listing covers
        self.log.info("FeedTrigger %s: %d new item(s): %s", self.source_id, len(new),
                      ", ".join(i.url for i in new[:5]))
        return updated, TriggerEvent(self._payload(new))

    def _payload(self, new: list[Any]) -> dict[str, Any]:
        return {
            "source_id": self.source_id,
            "items": [
                {"url": i.url, "title": i.title, "published": i.published.isoformat() if i.published else None}
                for i in new
            ],
            "detected_at": datetime.now(UTC).isoformat(),
        }

    async def _poll_safely(self) -> list[Any] | None:
        """The feed's items, or None when unchanged (304) or on an error (logged; retried next poll)."""
        return await self._in_thread(self._poll)

    async def _in_thread(self, work: Callable[..., list[Any] | None], *args: Any) -> list[Any] | None:
        """work(*args) in a worker thread; None on an error (logged: the next poll is the retry)."""
        from statwatch.errors import StatwatchError

        try:
            return await asyncio.to_thread(work, *args)
        except StatwatchError as e:
            self.log.warning("FeedTrigger %s: poll of %s failed: %s; retrying in %.1fs", self.source_id,
                             self.feed_url, e, self.poll_interval)
        except Exception:
            # A dead watcher silently stops event-driven ingestion for the source, so even a bug only skips a poll.
            self.log.exception("FeedTrigger %s: unexpected error polling %s; retrying in %.1fs", self.source_id,
                               self.feed_url, self.poll_interval)
        return None

    def _poll(self) -> list[Any] | None:
        """One conditional GET of the feed (runs in a worker thread)."""
        from statwatch.fetch import fetch

        session = _host_session(urlsplit(self.feed_url).hostname or "", self.allow_private_addresses)
        got = fetch(session, self.feed_url, etag=self._etag, last_modified=self._last_modified,
                    max_bytes=FEED_BODY_CAP, timeout=POLL_TIMEOUT)
        if got.not_modified:
            return None
        items = self._items(got)
        # Remember validators only after a successful parse, so a malformed body is fetched again next time.
        self._etag, self._last_modified = got.etag, got.last_modified
        return items

    def _items(self, got: Any) -> list[Any]:
        """The announceable items of a fetched body: parsed, filtered by link_pattern, http(s) only."""
        from statwatch.discover import parse_feed, parse_listing, unfetchable

        if self.feed_type == "rss":
            items = parse_feed(got.body, got.url, content_type=got.content_type)
            if self.link_pattern:
                import re

                items = [i for i in items if re.search(self.link_pattern, i.url)]
        else:
            # new items are on page one
            items, _next = parse_listing(got.body, got.url, self.link_pattern or "", content_type=got.content_type)
        # Never announce what the ingest would refuse to fetch (file://, gopher://, …); the ingest records it.
        fetchable = []
        for item in items:
            if (reason := unfetchable(item.url)) is None:
                fetchable.append(item)
            elif item.url not in self._refused:
                self._refused.add(item.url)
                self.log.warning("FeedTrigger %s: item %s dropped: %s", self.source_id, item.url, reason)
        return fetchable

    async def _load_state(self) -> dict[str, Any] | None:
        while True:
            try:
                if self.asset_state_store is None:
                    return self._memory_state
                value = await self.asset_state_store.aget(STATE_KEY, None)
                return value if isinstance(value, dict) else None
            except Exception:
                # Without the watermark a baseline would swallow items that arrived while we were down.
                self.log.exception("FeedTrigger %s: cannot read the watermark; retrying", self.source_id)
                await asyncio.sleep(self.poll_interval)

    async def _save_state(self, value: dict[str, Any]) -> bool:
        try:
            if self.asset_state_store is None:
                self._memory_state = value
            else:
                await self.asset_state_store.aset(STATE_KEY, value)
            return True
        except Exception:
            self.log.exception("FeedTrigger %s: cannot save the watermark; will retry next poll", self.source_id)
            return False


class _HostPoll:
    """The state of one host's shared poll, in the triggerer process: the feeds its watchers subscribed (a URL
    may be watched by several), their validators, the feeds owed an unconditional fetch, one session."""

    _hosts: ClassVar[dict[Hashable, _HostPoll]] = {}

    def __init__(self, kwargs: dict[str, Any]) -> None:
        self.interval = float(kwargs.get("poll_interval", 60.0))
        self.host = urlsplit(str(kwargs["feed_url"])).hostname or ""
        self.allow_private = bool(kwargs.get("allow_private_addresses", False))
        self.feeds: dict[str, list[str]] = {}  # URL -> source ids watching it
        self.validators: dict[str, tuple[str | None, str | None]] = {}  # URL -> (ETag, Last-Modified)
        self.new: set[str] = set()  # URLs whose next fetch must be unconditional
        self.wake = asyncio.Event()

    @classmethod
    def of(cls, key: Hashable, kwargs: dict[str, Any]) -> _HostPoll:
        """The host poll of a shared-stream key (created by whichever of the loop and a watcher comes first)."""
        if key not in cls._hosts:
            cls._hosts[key] = cls(kwargs)
        return cls._hosts[key]

    def register(self, url: str, source_id: str) -> None:
        """A watcher starts: fetch its feed unconditionally soon (the loop is woken), then every round."""
        self.feeds.setdefault(url, []).append(source_id)
        self.refetch(url)
        self.wake.set()

    def unregister(self, url: str) -> None:
        """A watcher stops: its feed is dropped once nobody watches it; the host once it has no feeds."""
        sources = self.feeds.get(url, [])
        if sources:
            sources.pop()
        if not sources:
            self.feeds.pop(url, None)
            self.validators.pop(url, None)
            self.new.discard(url)
        if not self.feeds:
            for key, host in list(self._hosts.items()):
                if host is self:
                    del self._hosts[key]

    def refetch(self, url: str) -> None:
        """Fetch this feed unconditionally next time (a new watcher must see the whole feed)."""
        self.new.add(url)

    def urls(self) -> list[str]:
        """Every subscribed feed, for a round."""
        return list(self.feeds)

    def take_new(self) -> list[str]:
        """The subscribed feeds still owed their unconditional fetch."""
        return [u for u in self.new if u in self.feeds]

    async def poll(self, urls: list[str]) -> dict[str, Any]:
        """Fetch the feeds, HOST_CONCURRENCY at a time through one session; {URL: Fetched} of those that
        answered with a body. Errors are logged per feed and retried next round; nothing here raises."""
        if not urls:
            return {}
        lanes = [urls[i::HOST_CONCURRENCY] for i in range(HOST_CONCURRENCY)]
        found: dict[str, Any] = {}
        for part in await asyncio.gather(*(asyncio.to_thread(self._fetch_all, lane) for lane in lanes if lane)):
            found.update(part)
        return found

    def _fetch_all(self, urls: list[str]) -> dict[str, Any]:
        """One lane of a round, in a worker thread."""
        from statwatch.errors import StatwatchError
        from statwatch.fetch import fetch

        session = _host_session(self.host, self.allow_private)
        found = {}
        for url in urls:
            unconditional = url in self.new
            etag, modified = (None, None) if unconditional else self.validators.get(url, (None, None))
            try:
                got = fetch(session, url, etag=etag, last_modified=modified, max_bytes=FEED_BODY_CAP,
                            timeout=POLL_TIMEOUT)
            except StatwatchError as e:
                log.warning("FeedTrigger %s: poll of %s failed: %s; retrying in %.1fs",
                            ", ".join(self.feeds.get(url, ["?"])), url, e, self.interval)
                continue
            except Exception:
                # One feed's bug must not stop the host's other watchers.
                log.exception("FeedTrigger %s: unexpected error polling %s; retrying in %.1fs",
                              ", ".join(self.feeds.get(url, ["?"])), url, self.interval)
                continue
            if got.not_modified:
                continue
            self.validators[url] = (got.etag, got.last_modified)
            if unconditional:
                self.new.discard(url)
            found[url] = got
        return found


_SESSIONS: dict[tuple[str, bool], Any] = {}
_SESSIONS_LOCK = threading.Lock()


def _host_session(host: str, allow_private: bool) -> Any:
    """The triggerer's one session for a host and address policy, shared by the watchers that poll it on their own:
    its pooled connections stay warm (each watcher's own session would reconnect after every idle minute).
    No retries inside a poll: the next poll is the retry."""
    from statwatch.fetch import make_session

    with _SESSIONS_LOCK:
        if (host, allow_private) not in _SESSIONS:
            _SESSIONS[host, allow_private] = make_session([host], retries=0, allow_private=allow_private)
        return _SESSIONS[host, allow_private]


def failpoint(name: str) -> None:
    """Die here, once, when a test asks for it: STATWATCH_FAILPOINTS names a folder holding a file `name`.

    Chaos and crash tests use it to kill the triggerer at an exact moment (a SIGKILL at a random one rarely lands
    in a window a few microseconds wide); nothing happens unless that folder and file exist.
    """
    folder = os.environ.get("STATWATCH_FAILPOINTS")
    if folder and (mark := Path(folder) / name).exists():
        mark.unlink()
        os._exit(137)


def _bounded(current: list[str], seen: list[str]) -> list[str]:
    """Currently listed URLs first (always kept), then earlier ones, within MAX_SEEN and the state size cap."""
    merged = list(dict.fromkeys([*current, *seen]))
    keep = max(len(current), MAX_SEEN)
    merged = merged[:keep]
    while len(merged) > len(current) and len(json.dumps(merged)) > MAX_STATE_BYTES:
        merged = merged[: max(len(current), len(merged) - 50)]
    return merged
