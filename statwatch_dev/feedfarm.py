"""A farm of generated RSS feeds on 127.0.0.1 for the triggerer benchmark: N feeds, most unchanged (304 to a
conditional request), a few changed on request, every request counted per feed.

`python -m statwatch_dev.feedfarm --feeds 3000 --port 0` prints its base URL and serves until stopped.
Feeds are `/feeds/<i>.xml` (i = 0000 … N-1). Control endpoints (it binds loopback only):
`POST /_change {"count": k}` adds an item to the next k feeds of a rotation spread over the id space and returns
their ids; `GET /_stats` returns every request's time (epoch seconds) per feed and the status counts;
`DELETE /_stats` forgets them.
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading
import time
from collections import Counter
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

from statwatch_dev.httpd import reply

ITEMS_PER_FEED = 10
# Coprime with any feed count that is not a multiple of 7919: the rotation visits every feed before repeating and
# spreads consecutive changes over the id space.
_STRIDE = 7919


def feed_path(i: int) -> str:
    """The path of feed number i."""
    return f"/feeds/{i:04d}.xml"


class FeedFarm:
    """N generated RSS feeds served on a background thread; `change(k)` publishes a new item on k of them."""

    def __init__(self, feeds: int, host: str = "127.0.0.1", port: int = 0) -> None:
        if feeds < 1:
            raise ValueError(f"feeds must be at least 1, got {feeds}")
        if host not in ("127.0.0.1", "localhost", "::1"):
            raise ValueError(f"the feed farm serves on loopback only, not {host!r}")
        self.feeds = feeds
        self.host, self.port = host, port
        self._lock = threading.Lock()
        started = time.time()
        self._versions = [ITEMS_PER_FEED] * feeds  # items published per feed
        self._modified = [started] * feeds
        self._next_change = 0
        self._requests: list[list[float]] = [[] for _ in range(feeds)]
        self._status: Counter[int] = Counter()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle ----------------------------------------------------------------------------------------

    def start(self) -> FeedFarm:
        """Bind (port 0 picks a free one) and serve on a daemon thread."""
        farm = self

        class Server(ThreadingHTTPServer):
            daemon_threads = True
            allow_reuse_address = True
            request_queue_size = 1024  # thousands of watchers connect at once at start-up

            def handle_error(self, request: Any, client_address: Any) -> None:
                pass  # clients that hang up are normal here

        class Handler(_Handler):
            pass

        Handler.farm = farm
        self._server = Server((self.host, self.port), Handler)
        self.port = int(self._server.server_address[1])
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.2},
                                        daemon=True, name=f"feedfarm:{self.port}")
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and release the port."""
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def __enter__(self) -> FeedFarm:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def url(self) -> str:
        """Base URL without a trailing slash."""
        return f"http://{self.host}:{self.port}"

    # -- feeds ----------------------------------------------------------------------------------------------

    def change(self, count: int) -> list[int]:
        """Publish one new item on each of the next `count` feeds of the rotation; returns their ids."""
        if count < 0:
            raise ValueError(f"count must not be negative, got {count}")
        changed = []
        with self._lock:
            for _ in range(count):
                i = (self._next_change * _STRIDE) % self.feeds
                self._next_change += 1
                self._versions[i] += 1
                self._modified[i] = time.time()
                changed.append(i)
        return changed

    def page(self, i: int) -> tuple[bytes, str, str]:
        """Body, ETag and Last-Modified of feed i as served now."""
        with self._lock:
            version, modified = self._versions[i], self._modified[i]
        entries = "".join(
            f"<item><title>feed {i} item {n}</title><link>/feeds/{i:04d}/items/{n}.html</link>"
            f"<guid>f{i}-{n}</guid><pubDate>{formatdate(modified - (version - n) * 3600, usegmt=True)}</pubDate>"
            "</item>"
            for n in range(version, max(0, version - ITEMS_PER_FEED), -1)
        )
        body = (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>feed {i}</title>'
                f"<link>/feeds/{i:04d}/</link>{entries}</channel></rss>").encode()
        return body, f'"f{i}-v{version}"', formatdate(modified, usegmt=True)

    def record(self, i: int | None, status: int) -> None:
        """Count one answered request (i is None for a path that is no feed)."""
        now = time.time()
        with self._lock:
            self._status[status] += 1
            if i is not None:
                self._requests[i].append(now)

    def stats(self) -> dict[str, Any]:
        """Request times per feed (epoch seconds, only feeds that were requested) and answers per status."""
        with self._lock:
            return {
                "feeds": self.feeds,
                "requests": {str(i): list(ts) for i, ts in enumerate(self._requests) if ts},
                "status": {str(k): v for k, v in self._status.items()},
            }

    def reset_stats(self) -> None:
        """Forget the requests counted so far."""
        with self._lock:
            self._requests = [[] for _ in range(self.feeds)]
            self._status.clear()


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body go out in two writes: no delayed-ACK stall on keep-alive
    farm: FeedFarm
    server_version = "statwatch-feedfarm/1.0"

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass

    def _send(self, status: int, body: bytes, headers: dict[str, str]) -> None:
        reply(self, status, body, headers, head=self.command == "HEAD")

    def _json(self, status: int, obj: object) -> None:
        self._send(status, json.dumps(obj).encode(), {"Content-Type": "application/json"})

    def do_GET(self) -> None:  # noqa: N802
        path = urlsplit(self.path).path
        if path == "/_stats":
            return self._json(200, self.farm.stats())
        i = _feed_number(path, self.farm.feeds)
        if i is None:
            self.farm.record(None, 404)
            return self._send(404, b"no such feed\n", {"Content-Type": "text/plain"})
        body, etag, modified = self.farm.page(i)
        headers = {"Content-Type": "application/rss+xml; charset=utf-8", "ETag": etag, "Last-Modified": modified,
                   "Cache-Control": "no-cache"}
        inm, ims = self.headers.get("If-None-Match"), self.headers.get("If-Modified-Since")
        fresh = (etag in {t.strip() for t in inm.split(",")}) if inm is not None else (ims == modified)
        status = 304 if fresh else 200
        self.farm.record(i, status)
        self._send(status, body, headers)

    do_HEAD = do_GET

    def do_POST(self) -> None:  # noqa: N802
        if urlsplit(self.path).path != "/_change":
            return self._json(404, {"error": "cannot POST here"})
        try:
            raw = self.rfile.read(int(self.headers.get("Content-Length") or 0)) or b"{}"
            changed = self.farm.change(int(json.loads(raw).get("count", 1)))
        except (ValueError, TypeError, AttributeError) as e:
            return self._json(400, {"error": str(e)})
        self._json(200, {"changed": changed})

    def do_DELETE(self) -> None:  # noqa: N802
        if urlsplit(self.path).path != "/_stats":
            return self._json(404, {"error": "cannot DELETE here"})
        self.farm.reset_stats()
        self._json(200, {"reset": True})


def _feed_number(path: str, feeds: int) -> int | None:
    name = path.removeprefix("/feeds/")
    if name == path or not name.endswith(".xml") or not name[:-4].isdigit():
        return None
    i = int(name[:-4])
    return i if i < feeds else None


def main(argv: list[str] | None = None) -> None:
    """Serve the farm until SIGTERM or Ctrl-C; prints the base URL on its first line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--feeds", type=int, default=3000)
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args(argv)
    farm = FeedFarm(args.feeds, port=args.port).start()
    print(farm.url, flush=True)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    try:
        while not stop.wait(0.5):
            pass
    except KeyboardInterrupt:
        pass
    farm.stop()
    sys.exit(0)


if __name__ == "__main__":
    main()
