"""One HTTP session for every fetch: timeouts, retries, Retry-After, host allow-list, size cap, conditional GET."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from statwatch import __version__
from statwatch.errors import FetchRejected, SourceUnavailable
from statwatch.ids import now

log = logging.getLogger(__name__)

USER_AGENT = f"statwatch/{__version__} (+https://github.com/statwatch/statwatch; data ingestion for public statistics)"
DEFAULT_TIMEOUT = (5.0, 20.0)  # connect, read
MAX_BODY = 10 * 1024 * 1024
MAX_RETRY_AFTER = 30


class _AllowListAdapter(HTTPAdapter):
    """Refuses any request (redirects included) to a host outside the allow-list."""

    def __init__(self, allowed_hosts: set[str], **kw):  # type: ignore[no-untyped-def]
        self.allowed_hosts = allowed_hosts
        super().__init__(**kw)

    def send(self, request, *args, **kwargs):  # type: ignore[no-untyped-def]
        host = (urlsplit(request.url).hostname or "").lower()
        if host not in self.allowed_hosts:
            raise FetchRejected(f"host not allowed: {host!r} ({request.url})")
        return super().send(request, *args, **kwargs)


def make_session(allowed_hosts: Iterable[str], *, retries: int = 3, backoff: float = 0.5) -> requests.Session:
    """A session with timeouts, retries on connection errors/429/5xx (honouring Retry-After) and a host allow-list."""
    retry = Retry(
        total=retries,
        connect=retries,
        read=retries,
        status=retries,
        backoff_factor=backoff,
        status_forcelist=(429, 500, 502, 503, 504),
        allowed_methods=frozenset({"GET", "HEAD"}),
        respect_retry_after_header=True,
        retry_after_max=MAX_RETRY_AFTER,  # a publisher asking for an hour is asked again sooner
        raise_on_status=False,
    )
    adapter = _AllowListAdapter({h.lower() for h in allowed_hosts}, max_retries=retry)
    session = requests.Session()
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    session.headers["User-Agent"] = USER_AGENT
    session.headers["Accept-Language"] = "zh-CN,zh;q=0.9"
    return session


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
) -> Fetched:
    """GET url (conditionally when etag/last_modified are given); the body is read up to max_bytes."""
    headers = {}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    try:
        with session.get(url, headers=headers, timeout=timeout, stream=True) as r:
            if r.status_code == 304:
                return Fetched(url, 304, b"", None, etag, last_modified, now())
            if r.status_code >= 400:
                raise SourceUnavailable(f"HTTP {r.status_code} for {url}")
            declared = r.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > max_bytes:
                raise FetchRejected(f"body too large: {int(declared)} bytes > cap {max_bytes} ({url})")
            chunks, size = [], 0
            for chunk in r.iter_content(64 * 1024):
                size += len(chunk)
                if size > max_bytes:
                    raise FetchRejected(f"body too large: over cap {max_bytes} bytes ({url})")
                chunks.append(chunk)
            return Fetched(
                url=r.url,
                status=r.status_code,
                body=b"".join(chunks),
                content_type=r.headers.get("Content-Type"),
                etag=r.headers.get("ETag"),
                last_modified=r.headers.get("Last-Modified"),
                fetched_at=now(),
            )
    except requests.exceptions.ChunkedEncodingError as e:
        raise SourceUnavailable(f"truncated body from {url}: {_first_line(e)}") from None
    except requests.exceptions.RetryError as e:
        raise SourceUnavailable(f"gave up after retries on {url}: {_first_line(e)}") from None
    except requests.exceptions.Timeout:
        raise SourceUnavailable(f"timed out fetching {url}") from None
    except requests.exceptions.ConnectionError as e:
        if isinstance(e.__context__, FetchRejected):
            raise e.__context__ from None
        raise SourceUnavailable(f"connection failed for {url}: {_first_line(e)}") from None


def _first_line(e: BaseException) -> str:
    return (str(e).splitlines() or [type(e).__name__])[0][:200]
