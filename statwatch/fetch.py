"""One HTTP session for every fetch: timeouts, an overall deadline, retries, Retry-After, host allow-list, no
private addresses behind names, bounded redirects, size cap, conditional GET.

Every failure of `fetch` is a StatwatchError naming the URL, on one line: `SourceUnavailable` for what may pass
(network, HTTP status, timeouts, the deadline), `FetchRejected` for what is refused (a host, address, scheme or
malformed URL, too many redirects, an oversize or undecodable body).
"""

from __future__ import annotations

import functools
import hashlib
import heapq
import ipaddress
import logging
import os
import socket
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast
from urllib.parse import urljoin, urlsplit

import requests
import urllib3
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.util import parse_url
from urllib3.util.retry import Retry

from statwatch import __version__
from statwatch.errors import FetchRejected, SourceUnavailable, StatwatchError
from statwatch.ids import now

log = logging.getLogger(__name__)

USER_AGENT = f"statwatch/{__version__} (+https://github.com/statwatch/statwatch; data ingestion for public statistics)"
DEFAULT_TIMEOUT = (5.0, 20.0)  # connect, read
DEADLINE_FACTOR = 6  # a fetch's overall deadline, by default: this many read timeouts (20 s → 120 s)
MAX_BODY = 10 * 1024 * 1024
MAX_RETRY_AFTER = 30
MAX_REDIRECTS = 5
FETCH_WORKERS = 4  # concurrent GETs of one fetch_many call
PER_HOST = 2  # of those, at most this many to one host at once: polite to each publisher
FETCHABLE_SCHEMES = ("http", "https")


# -- the overall deadline ----------------------------------------------------------------------------------


class _DeadlinePassed(Exception):  # noqa: N818 - private signal, turned into SourceUnavailable by fetch()
    """Raised inside the HTTP stack once a fetch's deadline has passed (never caught by urllib3 or requests)."""


class _Watchdog:
    """One thread for every fetch's deadline in the process: it sleeps until the earliest deadline and expires
    those that passed. A thread per fetch would be a thread start per request (thousands a minute for a
    triggerer polling thousands of feeds)."""

    def __init__(self) -> None:
        self._due: list[tuple[float, int, _Deadline]] = []  # a heap; cancelled deadlines are dropped lazily
        self._wake = threading.Condition()
        self._thread: threading.Thread | None = None

    def forget(self) -> None:
        """In a forked child: the parent's thread is not there, and its lock may have been held at the fork."""
        self._due, self._wake, self._thread = [], threading.Condition(), None

    def watch(self, deadline: _Deadline) -> None:
        with self._wake:
            heapq.heappush(self._due, (deadline.ends, id(deadline), deadline))
            if self._thread is None or not self._thread.is_alive():  # also after a fork
                self._thread = threading.Thread(target=self._run, name="statwatch-fetch-deadlines", daemon=True)
                self._thread.start()
            elif self._due[0][2] is deadline:
                self._wake.notify()  # the new deadline is the earliest: sleep less

    def _run(self) -> None:
        while True:
            with self._wake:
                while self._due and (self._due[0][2].done or self._due[0][0] <= time.monotonic()):
                    _, _, deadline = heapq.heappop(self._due)
                    if not deadline.done:
                        deadline.expire()
                self._wake.wait(self._due[0][0] - time.monotonic() if self._due else None)


class _Deadline:
    """The overall time limit of one fetch, retries and redirects included.

    A read timeout bounds each read, so a server sending a byte a second never trips it. When the deadline passes,
    the sockets the fetch opened or reused are shut down (the blocked read returns at once) and no further request
    or retry wait begins.
    """

    _local = threading.local()
    _watchdog = _Watchdog()

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.ends = time.monotonic() + seconds
        self.passed = False
        self.done = False  # the fetch ended: nothing to expire
        self._socks: list[socket.socket] = []
        self._lock = threading.Lock()

    def __enter__(self) -> _Deadline:
        self._local.current = self
        self._watchdog.watch(self)
        return self

    def __exit__(self, *exc: object) -> None:
        with self._lock:
            self.done = True
            self._socks = []
        self._local.current = None

    def expire(self) -> None:
        """The deadline passed (called by the watchdog thread): shut the fetch's sockets down."""
        with self._lock:
            if self.done:
                return
            self.passed = True
            socks, self._socks = self._socks, []
        for sock in socks:
            try:
                # The plain socket call, also on a TLS socket: it only wakes the reader, from this other thread.
                socket.socket.shutdown(sock, socket.SHUT_RDWR)
            except OSError:
                pass  # already closed, or a plain socket that a TLS wrapper has taken over

    @classmethod
    def adopt(cls, sock: socket.socket | None) -> None:
        """Put a socket under the current fetch's deadline; _DeadlinePassed when it has passed already."""
        current: _Deadline | None = getattr(cls._local, "current", None)
        if current is None:
            return
        with current._lock:
            if current.passed:
                raise _DeadlinePassed
            if sock is not None and all(s is not sock for s in current._socks):
                current._socks.append(sock)

    @classmethod
    def allow_wait(cls, seconds: float) -> None:
        """_DeadlinePassed when waiting `seconds` (a retry's backoff or Retry-After) would pass the deadline."""
        current: _Deadline | None = getattr(cls._local, "current", None)
        if current is not None and (current.passed or time.monotonic() + seconds >= current.ends):
            raise _DeadlinePassed


os.register_at_fork(after_in_child=_Deadline._watchdog.forget)  # noqa: SLF001 - the class's own watchdog


class _Retry(Retry):
    """urllib3's Retry that gives up instead of sleeping past the fetch's deadline."""

    def sleep(self, response: Any = None) -> None:
        wait = self.get_retry_after(response) if self.respect_retry_after_header and response else None
        _Deadline.allow_wait(wait if wait is not None else self.get_backoff_time())
        super().sleep(response)


# -- connections: the deadline, and no private address behind a name ---------------------------------------


class _AddressRefused(Exception):  # noqa: N818 - private signal, turned into FetchRejected by the adapter
    """A host name resolved to a private, loopback, link-local, multicast or reserved address."""


def _internal(address: str) -> bool:
    """Whether an IP address is not on the public internet (private, loopback, link-local, multicast, reserved…)."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return (not ip.is_global or ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_multicast
            or ip.is_reserved or ip.is_unspecified)


def _is_ip_literal(host: str) -> bool:
    try:
        ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        return False
    return True


class _GuardedHTTPConnection(HTTPConnection):
    """A connection whose sockets obey the fetch's deadline and, when `refuse_private`, reach only public
    addresses when the URL names a host (an IP literal is used as configured: it had to be on the allow-list)."""

    def __init__(self, *args: Any, refuse_private: bool = True, **kwargs: Any) -> None:
        self.refuse_private = refuse_private
        super().__init__(*args, **kwargs)

    def _new_conn(self) -> socket.socket:
        guard = self.refuse_private and not _is_ip_literal(self.host)
        if guard:
            self._refuse_internal_names()  # before connecting: not even a SYN to an internal address
        sock = super()._new_conn()
        try:
            if guard:
                # What the socket reached: the name may resolve differently a second time (DNS rebinding).
                peer = sock.getpeername()[0]
                if _internal(peer):
                    raise _AddressRefused(f"{self.host!r} connected to internal address {peer}")
            _Deadline.adopt(sock)
        except BaseException:
            sock.close()
            raise
        return sock

    def _refuse_internal_names(self) -> None:
        try:
            infos = socket.getaddrinfo(self._dns_host, self.port, type=socket.SOCK_STREAM)
        except OSError:
            return  # connecting reports the resolution failure
        for *_, sockaddr in infos:
            if _internal(str(sockaddr[0])):
                raise _AddressRefused(f"{self.host!r} resolves to internal address {sockaddr[0]}")

    def connect(self) -> None:
        super().connect()
        _Deadline.adopt(self.sock)  # over TLS, the wrapping socket

    def request(self, *args: Any, **kwargs: Any) -> None:
        _Deadline.adopt(self.sock)  # a reused keep-alive connection (a new one is adopted when it connects)
        super().request(*args, **kwargs)


class _GuardedHTTPSConnection(_GuardedHTTPConnection, HTTPSConnection):
    """The same, over TLS."""


class _GuardedHTTPPool(HTTPConnectionPool):
    ConnectionCls = _GuardedHTTPConnection


class _GuardedHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _GuardedHTTPSConnection


# -- the session ---------------------------------------------------------------------------------------------


class _AllowListAdapter(HTTPAdapter):
    """Refuses any request (each redirect hop is one) to a host outside the allow-list; its connections refuse
    internal addresses behind names unless `allow_private`, and obey the fetch's deadline."""

    def __init__(self, allowed_hosts: set[str], *, allow_private: bool, **kw: Any) -> None:
        self.allowed_hosts = allowed_hosts
        self.allow_private = allow_private
        super().__init__(**kw)

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        refuse = not self.allow_private
        self.poolmanager.pool_classes_by_scheme = {
            "http": cast(type[HTTPConnectionPool], functools.partial(_GuardedHTTPPool, refuse_private=refuse)),
            "https": cast(type[HTTPConnectionPool], functools.partial(_GuardedHTTPSPool, refuse_private=refuse)),
        }

    def send(self, request: requests.PreparedRequest, *args: Any, **kwargs: Any) -> requests.Response:
        # urllib3's own parser: the host checked is the host connected to.
        host = (parse_url(request.url or "").host or "").strip("[]").lower()
        if host not in self.allowed_hosts:
            raise FetchRejected(f"host not allowed: {host!r} ({request.url})")
        try:
            return super().send(request, *args, **kwargs)
        except _AddressRefused as e:
            raise FetchRejected(f"address not allowed: {e} ({request.url})") from None


def make_session(allowed_hosts: Iterable[str], *, retries: int = 3, backoff: float = 0.5,
                 allow_private: bool = False) -> requests.Session:
    """A session with timeouts, retries on connection errors/429/5xx (honouring Retry-After), a host allow-list,
    and (unless allow_private) no connection to a private, loopback or link-local address behind a host name."""
    retry = _Retry(
        total=retries,
        connect=retries,
        read=retries,
        status=retries,
        redirect=0,  # fetch() follows redirects itself, checking each target
        backoff_factor=backoff,
        status_forcelist=(429, 500, 502, 503, 504),
        allowed_methods=frozenset({"GET", "HEAD"}),
        respect_retry_after_header=True,
        retry_after_max=MAX_RETRY_AFTER,  # a publisher asking for an hour is asked again sooner
        raise_on_status=False,
        raise_on_redirect=False,
    )
    adapter = _AllowListAdapter({h.lower() for h in allowed_hosts}, allow_private=allow_private, max_retries=retry)
    session = requests.Session()
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    session.max_redirects = MAX_REDIRECTS
    session.headers["User-Agent"] = USER_AGENT
    session.headers["Accept-Language"] = "zh-CN,zh;q=0.9"
    return session


# -- fetching ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Fetched:
    """One HTTP response: either a body (status 200) or 'not modified' (status 304)."""

    url: str
    status: int
    body: bytes
    content_type: str | None
    etag: str | None
    last_modified: str | None
    fetched_at: datetime

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @property
    def content_hash(self) -> str:
        return hashlib.sha256(self.body).hexdigest()


def fetch(
    session: requests.Session,
    url: str,
    *,
    etag: str | None = None,
    last_modified: str | None = None,
    max_bytes: int = MAX_BODY,
    timeout: tuple[float, float] = DEFAULT_TIMEOUT,
    deadline: float | None = None,
) -> Fetched:
    """GET url (conditionally when etag/last_modified are given); the body is read up to max_bytes, and the whole
    fetch (retries and redirects included) ends within `deadline` seconds (default DEADLINE_FACTOR read timeouts).

    Redirects are followed up to MAX_REDIRECTS, each only to an http(s) URL on the session's allow-list.
    """
    limit = DEADLINE_FACTOR * timeout[1] if deadline is None else deadline
    if not limit > 0:
        raise ValueError(f"deadline must be positive, got {limit!r}")
    headers = {}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    with _Deadline(limit) as watch:
        try:
            return _follow(session, url, headers, max_bytes, timeout, watch)
        except StatwatchError:
            if watch.passed:
                raise _deadline_error(url, watch) from None
            raise
        except (_DeadlinePassed, requests.exceptions.RequestException, urllib3.exceptions.HTTPError, OSError) as e:
            raise _failure(e, url, watch) from None


def _follow(session: requests.Session, url: str, headers: dict[str, str], max_bytes: int,
            timeout: tuple[float, float], watch: _Deadline) -> Fetched:
    """GET url and the redirects it leads to (the body of a redirect is never read)."""
    current = url
    for _ in range(MAX_REDIRECTS + 1):
        r = session.get(current, headers=headers, timeout=timeout, stream=True, allow_redirects=False)
        target = session.get_redirect_target(r)
        if target is None:
            with r:
                return _read(r, url, etag=headers.get("If-None-Match"),
                             last_modified=headers.get("If-Modified-Since"), max_bytes=max_bytes, watch=watch)
        r.close()
        following = urljoin(r.url, target)
        scheme = urlsplit(following).scheme.lower()
        if scheme not in FETCHABLE_SCHEMES:
            raise FetchRejected(f"redirect to a {scheme or 'relative'} URL refused: {_show(following)} (from {r.url})")
        current = following
    raise FetchRejected(f"more than {MAX_REDIRECTS} redirects from {_show(url)} (last to {_show(current)})")


def _read(r: requests.Response, url: str, *, etag: str | None, last_modified: str | None, max_bytes: int,
          watch: _Deadline) -> Fetched:
    if r.status_code == 304:
        return Fetched(url, 304, b"", None, etag, last_modified, now())
    if r.status_code >= 400:
        raise SourceUnavailable(f"HTTP {r.status_code} for {_show(url)}")
    declared = r.headers.get("Content-Length")
    if declared and declared.isdigit() and int(declared) > max_bytes:
        raise FetchRejected(f"body too large: {int(declared)} bytes > cap {max_bytes} ({_show(url)})")
    chunks, size = [], 0
    for chunk in r.iter_content(64 * 1024):  # decoded (gzip, deflate) chunks: the cap is on what we keep
        size += len(chunk)
        if size > max_bytes:
            raise FetchRejected(f"body too large: over cap {max_bytes} bytes ({_show(url)})")
        if time.monotonic() > watch.ends:
            raise _deadline_error(url, watch)
        chunks.append(chunk)
    if watch.passed:  # a body without a length ends where the deadline shut the socket: not a whole answer
        raise _deadline_error(url, watch)
    return Fetched(
        url=r.url,
        status=r.status_code,
        body=b"".join(chunks),
        content_type=r.headers.get("Content-Type"),
        etag=r.headers.get("ETag"),
        last_modified=r.headers.get("Last-Modified"),
        fetched_at=now(),
    )


def fetch_many(session: requests.Session, urls: list[str], *,
               validators: Mapping[str, tuple[str | None, str | None]] | None = None, workers: int = FETCH_WORKERS,
               per_host: int = PER_HOST, done: Callable[[int], None] | None = None,
               **options: Any) -> list[Fetched | SourceUnavailable | FetchRejected]:
    """`fetch` each URL (conditionally with its (etag, last_modified) in `validators`) on a pool of `workers`
    threads sharing the session, at most `per_host` at once to one host; per URL, in order, its answer or the error
    it failed with. `done(n)` is called from this thread as the first n answers are in. `options` go to `fetch`."""
    if workers < 1 or per_host < 1:
        raise ValueError(f"workers and per_host must be at least 1, got {workers} and {per_host}")
    hosts: dict[str, threading.BoundedSemaphore] = {}
    for url in urls:
        hosts.setdefault(_host(url), threading.BoundedSemaphore(per_host))
    known = validators or {}

    def get(url: str) -> Fetched | SourceUnavailable | FetchRejected:
        etag, last_modified = known.get(url, (None, None))
        with hosts[_host(url)]:
            try:
                return fetch(session, url, etag=etag, last_modified=last_modified, **options)
            except (SourceUnavailable, FetchRejected) as e:
                return e

    pool = ThreadPoolExecutor(max_workers=min(workers, len(urls) or 1), thread_name_prefix="statwatch-fetch")
    try:
        futures: list[Future[Fetched | SourceUnavailable | FetchRejected]] = [pool.submit(get, u) for u in urls]
        out = []
        for n, f in enumerate(futures, 1):
            out.append(f.result())
            if done:
                done(n)
        return out
    finally:
        pool.shutdown(wait=True, cancel_futures=True)  # killed mid-way: the GETs not begun never begin


def _host(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


def _deadline_error(url: str, watch: _Deadline) -> SourceUnavailable:
    return SourceUnavailable(f"deadline of {watch.seconds:g} s passed fetching {_show(url)} (answer too slow)")


def _failure(e: BaseException, url: str, watch: _Deadline) -> StatwatchError:
    """The project's error for an exception of the HTTP stack, on one line naming the URL."""
    exc = requests.exceptions
    shown = _show(url)
    if watch.passed or isinstance(e, _DeadlinePassed):
        return _deadline_error(url, watch)
    if isinstance(e, exc.ConnectionError) and isinstance(e.__context__, FetchRejected):
        return e.__context__
    if isinstance(e, exc.InvalidSchema | exc.MissingSchema | exc.InvalidURL | exc.URLRequired):
        return FetchRejected(f"URL refused: {shown}: {_first_line(e)}")
    if isinstance(e, exc.TooManyRedirects):
        return FetchRejected(f"more than {MAX_REDIRECTS} redirects from {shown}")
    if isinstance(e, exc.ContentDecodingError):
        return FetchRejected(f"undecodable body from {shown}: {_first_line(e)}")
    if isinstance(e, exc.ChunkedEncodingError):
        return SourceUnavailable(f"truncated body from {shown}: {_first_line(e)}")
    if isinstance(e, exc.RetryError):
        return SourceUnavailable(f"gave up after retries on {shown}: {_first_line(e)}")
    if isinstance(e, exc.Timeout):
        return SourceUnavailable(f"timed out fetching {shown}")
    if isinstance(e, exc.SSLError):
        return SourceUnavailable(f"TLS failed for {shown}: {_first_line(e)}")
    if isinstance(e, exc.ConnectionError):
        return SourceUnavailable(f"connection failed for {shown}: {_first_line(e)}")
    return SourceUnavailable(f"request failed for {shown}: {type(e).__name__}: {_first_line(e)}")


def _show(url: str) -> str:
    """A URL for a one-line message (a feed may carry whitespace or control characters in a link)."""
    return "".join(c if c.isprintable() and not c.isspace() else f"%{ord(c):02X}" for c in str(url))[:500]


def _first_line(e: BaseException) -> str:
    return (str(e).splitlines() or [type(e).__name__])[0][:200]
