"""The sample publisher: a threaded HTTP server with a simulated clock, fault injection and revisions."""

from __future__ import annotations

import ipaddress
import json
import logging
import socket
import struct
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from datetime import time as dtime
from email.utils import format_datetime, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from statwatch_dev.httpd import reply
from statwatch_dev.publisher import site
from statwatch_dev.publisher.documents import CST
from statwatch_dev.publisher.story import DEFAULT_START

log = logging.getLogger("statwatch_dev.publisher")

FAULTS = ("status", "delay", "reset", "truncate", "wrong_charset", "huge", "redirect", "trickle", "garbage")
_REDIRECTS = (301, 302, 303, 307, 308)
_CHUNK = 64 * 1024


@dataclass
class Fault:
    """A fault injected on one path (or '*'), applied `times` times."""

    kind: str
    times: int = 1
    params: dict = field(default_factory=dict)


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _check_fault(fault: str, params: dict) -> Fault:
    if fault not in FAULTS:
        raise ValueError(f"unknown fault {fault!r}; expected one of {', '.join(FAULTS)}")
    times = int(params.pop("times", 1))
    if times < 1:
        raise ValueError("times must be at least 1")
    if fault == "status":
        status = int(params.get("status", 500))
        if not 100 <= status <= 599:
            raise ValueError(f"not an HTTP status: {status}")
        params["status"] = status
    if fault == "delay":
        params["seconds"] = float(params.get("seconds", 5))
    if fault == "huge":
        params["mb"] = float(params.get("mb", 20))
    if fault == "redirect":
        status = int(params.get("status", 302))
        if status not in _REDIRECTS:
            raise ValueError(f"not a redirect status: {status}")
        params["status"] = status
        if params.get("location") is not None:
            params["location"] = str(params["location"])  # any URL, file:// and gopher:// included
    if fault == "trickle":
        params["seconds"] = float(params.get("seconds", 1.0))
        if params["seconds"] <= 0:
            raise ValueError("seconds must be positive")
        params["part"] = str(params.get("part", "body"))
        if params["part"] not in ("body", "headers"):
            raise ValueError("part must be 'body' or 'headers'")
    return Fault(fault, times, params)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    publisher: Publisher

    def handle_error(self, request, client_address) -> None:  # type: ignore[no-untyped-def]
        # Clients that hang up (timeouts, size caps) are normal here; no tracebacks on stderr.
        log.debug("connection from %s ended with an error", client_address, exc_info=True)


class Publisher:
    """The sample site served over HTTP on its own simulated clock."""

    def __init__(
        self,
        start: date = DEFAULT_START,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        speed: float | None = None,
        allow_remote: bool = False,
        history_years: int = 0,
    ):
        if not _is_loopback(host) and not allow_remote:
            raise ValueError(
                f"refusing to serve on non-loopback host {host!r}; pass allow_remote=True to do so"
            )
        if speed is not None and speed <= 0:
            raise ValueError("speed must be a positive number of seconds")
        from statwatch_dev.publisher.history import first_day

        first_day(history_years)  # ValueError outside 0 … MAX_YEARS
        self.host, self.port, self.speed, self.allow_remote = host, port, speed, allow_remote
        self.history_years = history_years
        self._clock = start
        self._lock = threading.RLock()
        self._faults: dict[str, Fault] = {}
        self._revisions: dict[str, site.Revision] = {}
        self._server: _Server | None = None
        self._threads: list[threading.Thread] = []
        self._stopping = threading.Event()

    # -- lifecycle -------------------------------------------------------------------------------
    def start(self) -> Publisher:
        """Bind and serve on a background thread (port 0 picks a free port)."""
        if self._server is not None:
            raise RuntimeError("publisher already started")
        server = _Server((self.host, self.port), _Handler)
        server.publisher = self
        self._server = server
        self.port = server.server_address[1]
        self._stopping.clear()
        t = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True,
                             name=f"publisher:{self.port}")  # fmt: skip
        t.start()
        self._threads = [t]
        if self.speed:
            ticker = threading.Thread(target=self._tick, daemon=True, name=f"publisher-clock:{self.port}")
            ticker.start()
            self._threads.append(ticker)
        log.info("sample publisher on %s, clock %s", self.url, self.clock)
        return self

    def stop(self) -> None:
        """Stop serving and release the port."""
        self._stopping.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        for t in self._threads:
            t.join(timeout=5)
        self._threads = []

    def serve_forever(self) -> None:
        """Start and block until interrupted (for the CLI)."""
        self.start()
        try:
            while not self._stopping.wait(0.5):
                pass
        except KeyboardInterrupt:
            pass
        finally:
            self.stop()

    def __enter__(self) -> Publisher:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _tick(self) -> None:
        while not self._stopping.wait(self.speed):
            self.advance(1)

    @property
    def url(self) -> str:
        """Base URL without a trailing slash."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    # -- clock -----------------------------------------------------------------------------------
    @property
    def clock(self) -> date:
        """The simulated date: items published after it are invisible."""
        with self._lock:
            return self._clock

    def set_clock(self, day: date) -> date:
        """Set the simulated date."""
        if not isinstance(day, date):
            raise ValueError(f"not a date: {day!r}")
        with self._lock:
            self._clock = day
        log.info("clock set to %s", day)
        return day

    def advance(self, days: int = 1) -> date:
        """Move the simulated date forward (or back, with a negative number)."""
        with self._lock:
            self._clock += timedelta(days=int(days))
            day = self._clock
        log.info("clock advanced to %s", day)
        return day

    def now(self) -> datetime:
        """Simulated now: the clock date at the real time of day (China time)."""
        real = datetime.now(CST)
        return datetime.combine(self.clock, dtime(real.hour, real.minute, real.second), CST)

    # -- faults and revisions --------------------------------------------------------------------
    def inject(self, path: str, fault: str, **params: object) -> None:
        """Make the next `times` requests to `path` ('*' for any) fail with `fault`."""
        f = _check_fault(fault, dict(params))
        with self._lock:
            self._faults[path] = f
        log.info("fault %s on %s (%d times)", fault, path, f.times)

    def clear_faults(self) -> None:
        """Remove every injected fault."""
        with self._lock:
            self._faults.clear()

    def faults(self) -> dict[str, dict]:
        """The pending faults, for inspection."""
        with self._lock:
            return {p: {"fault": f.kind, "times": f.times, **f.params} for p, f in self._faults.items()}

    def _take_fault(self, path: str) -> Fault | None:
        with self._lock:
            for key in (path, "*"):
                f = self._faults.get(key)
                if f is None:
                    continue
                f.times -= 1
                if f.times <= 0:
                    del self._faults[key]
                return Fault(f.kind, 1, dict(f.params))
        return None

    def revise(self, path: str, replace: dict[str, str]) -> None:
        """Change a published page's body (the bureau revised a figure): ETag and Last-Modified change."""
        if not replace:
            raise ValueError("replace must map old text to new text")
        with self._lock:
            page = self.render(path)
            if page is None or not path.endswith(".html") or "/index" in path:
                raise ValueError(f"no published article at {path!r}")
            html = page.body.decode(page.encoding)
            missing = [old for old in replace if old not in html]
            if missing:
                raise ValueError(f"not on the page {path!r}: {', '.join(missing)}")
            prev = self._revisions.get(path)
            modified = max(self.now(), page.last_modified + timedelta(seconds=1))
            pairs = (prev.replace if prev else []) + [(str(o), str(n)) for o, n in replace.items()]
            self._revisions[path] = site.Revision(pairs, modified)
        log.info("revised %s: %s", path, replace)

    def render(self, path: str, *, full_feed: bool = False) -> site.Page | None:
        """The page at `path` as served now (no faults), or None."""
        with self._lock:
            clock, revisions = self._clock, dict(self._revisions)
        return site.render(path, clock, self.url, revisions, history_years=self.history_years,
                           full_feed=full_feed)


def _http_date(dt: datetime) -> str:
    return format_datetime(dt.astimezone(UTC), usegmt=True)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body go out in separate writes: with Nagle on, a keep-alive client waits ~40 ms per answer
    # for the delayed ACK.
    disable_nagle_algorithm = True
    server: _Server
    server_version = "statwatch-sample-publisher/1.0"

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        log.info("%s %s", self.address_string(), format % args)

    @property
    def pub(self) -> Publisher:
        return self.server.publisher

    def _refuse_remote(self) -> bool:
        if self.pub.allow_remote or _is_loopback(self.client_address[0]):
            return False
        self._plain(403, "remote clients are not allowed")
        return True

    # -- plumbing --------------------------------------------------------------------------------
    def _send(self, status: int, body: bytes, headers: dict[str, str], *, head: bool = False) -> None:
        reply(self, status, body, headers, head=head)

    def _plain(self, status: int, text: str) -> None:
        self._send(status, (text + "\n").encode(), {"Content-Type": "text/plain; charset=utf-8"},
                   head=self.command == "HEAD")  # fmt: skip

    def _json(self, status: int, obj: object) -> None:
        body = json.dumps(obj, ensure_ascii=False).encode("utf-8")
        self._send(
            status, body, {"Content-Type": "application/json; charset=utf-8"}, head=self.command == "HEAD"
        )

    def _read_json(self) -> dict:
        n = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(n) if n else b"{}"
        obj = json.loads(raw or b"{}")
        if not isinstance(obj, dict):
            raise ValueError("expected a JSON object")
        return obj

    # -- methods ---------------------------------------------------------------------------------
    def do_GET(self) -> None:  # noqa: N802
        self._content(head=False)

    def do_HEAD(self) -> None:  # noqa: N802
        self._content(head=True)

    def do_POST(self) -> None:  # noqa: N802
        if self._refuse_remote():
            return
        path = urlsplit(self.path).path
        try:
            body = self._read_json()
            if path == "/_clock":
                if "date" in body:
                    self.pub.set_clock(date.fromisoformat(str(body["date"])))
                elif "advance_days" in body:
                    self.pub.advance(int(body["advance_days"]))
                else:
                    raise ValueError('expected {"date": "YYYY-MM-DD"} or {"advance_days": N}')
                return self._json(200, {"date": self.pub.clock.isoformat()})
            if path == "/_faults":
                target, fault = body.pop("path", None), body.pop("fault", None)
                if not target or not fault:
                    raise ValueError('expected {"path": ..., "fault": ...}')
                self.pub.inject(str(target), str(fault), **body)
                return self._json(200, {"faults": self.pub.faults()})
            if path == "/_revise":
                target, replace = body.get("path"), body.get("replace")
                if not target or not isinstance(replace, dict):
                    raise ValueError('expected {"path": ..., "replace": {"old": "new"}}')
                self.pub.revise(str(target), replace)
                page = self.pub.render(str(target))
                return self._json(200, {"path": target, "etag": page.etag if page else None})
        except (ValueError, TypeError) as e:
            return self._json(400, {"error": str(e)})
        self._json(404 if not path.startswith("/_") else 405, {"error": f"cannot POST {path}"})

    def do_DELETE(self) -> None:  # noqa: N802
        if self._refuse_remote():
            return
        if urlsplit(self.path).path == "/_faults":
            self.pub.clear_faults()
            return self._json(200, {"faults": {}})
        self._json(405, {"error": "method not allowed"})

    def _content(self, *, head: bool) -> None:
        if self._refuse_remote():
            return
        path = urlsplit(self.path).path
        if path == "/_clock":
            return self._json(200, {"date": self.pub.clock.isoformat()})
        if path == "/_faults":
            return self._json(200, {"faults": self.pub.faults()})
        fault = self._take_fault(path)
        if fault and fault.kind == "delay":
            time.sleep(fault.params["seconds"])
            fault = None
        if fault and fault.kind == "reset":
            return self._reset()
        if fault and fault.kind == "status":
            return self._status_fault(fault, head)
        if fault and fault.kind == "redirect":
            return self._redirect(fault, head)
        if fault and fault.kind == "garbage":  # a 200 whose body is not what the path promises
            body = str(fault.params.get("body", "<html><body>维护中</body></html>")).encode("utf-8")
            return self._send(200, body, {"Content-Type": str(fault.params.get("content_type", "text/html"))},
                              head=head)
        full_feed = "1" in parse_qs(urlsplit(self.path).query).get("all", [])
        page = self.pub.render(path, full_feed=full_feed)
        if page is None:
            return self._send(404, site.not_found(), {"Content-Type": "text/html; charset=utf-8"}, head=head)
        if fault and fault.kind == "huge":
            return self._huge(page, int(fault.params["mb"] * 1024 * 1024), head)
        ctype = page.content_type
        if fault and fault.kind == "wrong_charset":
            wrong = fault.params.get("charset") or ("ISO-8859-1" if page.encoding == "utf-8" else "utf-8")
            ctype = ctype.split(";")[0] + f"; charset={wrong}"
        headers = {
            "Content-Type": ctype,
            "ETag": page.etag,
            "Last-Modified": _http_date(page.last_modified),
            "Cache-Control": "no-cache",
        }
        if fault and fault.kind == "truncate":
            return self._truncate(page.body, headers, head)
        if fault and fault.kind == "trickle":
            return self._trickle(page.body, headers, fault.params["seconds"], fault.params["part"], head)
        if self._not_modified(page):
            return self._send(304, b"", headers)
        self._send(200, page.body, headers, head=head)

    def _take_fault(self, path: str) -> Fault | None:
        return self.pub._take_fault(path)

    def _not_modified(self, page: site.Page) -> bool:
        inm = self.headers.get("If-None-Match")
        if inm is not None:
            tags = {t.strip().removeprefix("W/") for t in inm.split(",")}
            return "*" in tags or page.etag in tags
        ims = self.headers.get("If-Modified-Since")
        if ims:
            try:
                since = parsedate_to_datetime(ims)
            except (TypeError, ValueError):
                return False
            if since.tzinfo is None:
                since = since.replace(tzinfo=UTC)
            return page.last_modified.replace(microsecond=0) <= since
        return False

    # -- faults ----------------------------------------------------------------------------------
    def _reset(self) -> None:
        # SO_LINGER 0 makes close() send RST: the client sees a connection reset, not a clean EOF.
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.close_connection = True
        self.log_message('"%s" reset (fault)', self.requestline)
        self.connection.close()

    def _status_fault(self, fault: Fault, head: bool) -> None:
        status = fault.params["status"]
        headers = {"Content-Type": "text/plain; charset=utf-8"}
        if fault.params.get("retry_after") is not None:
            headers["Retry-After"] = str(int(fault.params["retry_after"]))
        self.close_connection = True
        self._send(status, f"injected status {status}\n".encode(), headers, head=head)

    def _redirect(self, fault: Fault, head: bool) -> None:
        # Without a location the page redirects to itself: a loop, for as long as the fault lasts.
        location = fault.params.get("location") or self.path
        self.close_connection = True
        self._send(fault.params["status"], b"", {"Location": location}, head=head)

    def _trickle(self, body: bytes, headers: dict[str, str], seconds: float, part: str, head: bool) -> None:
        """One byte every `seconds`, of the header block (part='headers') or of the body: no read ever times out."""
        lines = [f"{self.protocol_version} 200 OK", *(f"{k}: {v}" for k, v in headers.items()),
                 f"Content-Length: {len(body)}", "Connection: close", "", ""]
        header_block = "\r\n".join(lines).encode("latin-1")
        body = b"" if head else body
        self.log_request(200)
        self.close_connection = True
        fast, slow, rest = (b"", header_block, body) if part == "headers" else (header_block, body, b"")
        try:
            self.wfile.write(fast)
            self.wfile.flush()
            for i in range(len(slow)):
                if self.pub._stopping.is_set():
                    return
                self.wfile.write(slow[i:i + 1])
                self.wfile.flush()
                time.sleep(seconds)
            self.wfile.write(rest)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (a deadline): that is what the fault is for

    def _truncate(self, body: bytes, headers: dict[str, str], head: bool) -> None:
        self.send_response(200)
        for k, v in headers.items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body) + 4096))
        self.end_headers()
        if not head:
            self.wfile.write(body[: len(body) // 2])
            self.wfile.flush()
        self.close_connection = True

    def _huge(self, page: site.Page, size: int, head: bool) -> None:
        self.send_response(200)
        self.send_header("Content-Type", page.content_type)
        self.send_header("Content-Length", str(size))
        self.end_headers()
        self.close_connection = True
        if head:
            return
        filler = (b"<p>" + b"0123456789" * 6 + b"</p>\n") * (_CHUNK // 74 + 1)
        sent = 0
        try:
            while sent < size:
                chunk = filler[: min(len(filler), size - sent)]
                self.wfile.write(chunk)
                sent += len(chunk)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (a size cap): that is what the fault is for
