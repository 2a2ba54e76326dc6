"""FeedTrigger: an AssetWatcher trigger that polls a source's feed or listing and announces new items.

Semantics (see docs/airflow.md):
- The first run ever takes a baseline: items already listed are remembered, nothing is emitted.
- Afterwards every poll that finds new items emits ONE TriggerEvent listing all of them, because events
  saved in the same triggerer loop can be attached to a later Dag run (one event per item would strand some).
- The watermark (recently seen item URLs) lives in the asset state store and is saved before the event is
  yielded: at-most-once. A lost event (crash between the save and the event row) is recovered because the
  ingest Dag lists the feed itself and fetches everything not yet archived, on the next event or the cron fallback.
- Poll errors (connection refused, HTTP errors, malformed feeds) are logged and retried on the next poll.
"""

from __future__ import annotations

import asyncio
import json
import os
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from airflow.triggers.base import BaseEventTrigger, TriggerEvent

CLASSPATH = "statwatch_airflow.triggers.FeedTrigger"
STATE_KEY = "feed_watermark"
MAX_SEEN = 500  # URLs remembered beyond those currently listed
MAX_STATE_BYTES = 60_000  # the state store warns above 64 KiB per value
FEED_BODY_CAP = 5 * 1024 * 1024
POLL_TIMEOUT = (5.0, 15.0)  # connect, read


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
        self._refused: set[str] = set()  # item URLs already logged as never fetchable
        self._etag: str | None = None
        self._last_modified: str | None = None
        self._session: Any = None
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
        return CLASSPATH, kwargs

    async def run(self) -> AsyncIterator[TriggerEvent]:
        """Poll forever; yield one event per poll with new items (never on the baseline poll)."""
        self._etag = self._last_modified = None  # the first poll of a run must see the whole feed
        state = await self._load_state()
        seen: list[str] | None = None if state is None else list(state.get("seen", []))
        self.log.info("FeedTrigger %s watching %s (%s) every %.1fs; %s", self.source_id, self.feed_url,
                      self.feed_type, self.poll_interval,
                      "no watermark yet: first poll is a baseline" if seen is None else f"{len(seen)} seen URLs")
        while True:
            items = await self._poll_safely()
            if items is not None:
                urls = list(dict.fromkeys(i.url for i in items))
                if seen is None:
                    seen = _bounded(urls, [])
                    if await self._save_state({"seen": seen}):
                        self.log.info("FeedTrigger %s baseline: %d items already listed", self.source_id, len(urls))
                    else:
                        seen = None  # baseline not stored: take it again next poll rather than lose items later
                else:
                    known = set(seen)
                    new = [i for i in dict((i.url, i) for i in items).values() if i.url not in known]
                    if new:
                        updated = _bounded(urls, seen)
                        # Persist first: if the save fails the items stay new and are announced next poll.
                        if await self._save_state({"seen": updated}):
                            failpoint("trigger_after_watermark")  # the window the ingest's re-listing covers
                            seen = updated
                            self.log.info("FeedTrigger %s: %d new item(s): %s", self.source_id, len(new),
                                          ", ".join(i.url for i in new[:5]))
                            yield TriggerEvent(self._payload(new))
            await asyncio.sleep(self.poll_interval)

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
        from statwatch.errors import StatwatchError

        try:
            return await asyncio.to_thread(self._poll)
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
        from statwatch.discover import parse_feed, parse_listing, unfetchable
        from statwatch.fetch import fetch, make_session

        if self._session is None:
            # No retries inside a poll: the next poll is the retry, and the event loop thread stays free anyway.
            self._session = make_session([urlsplit(self.feed_url).hostname or ""], retries=0,
                                         allow_private=self.allow_private_addresses)
        got = fetch(self._session, self.feed_url, etag=self._etag, last_modified=self._last_modified,
                    max_bytes=FEED_BODY_CAP, timeout=POLL_TIMEOUT)
        if got.not_modified:
            return None
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
        # Remember validators only after a successful parse, so a malformed body is fetched again next time.
        self._etag, self._last_modified = got.etag, got.last_modified
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
