"""The HTTP session against a real server on 127.0.0.1 (pytest-httpserver)."""

from __future__ import annotations

import time

import pytest
from werkzeug import Response

from statwatch.errors import FetchRejected, SourceUnavailable
from statwatch.fetch import fetch, make_session


@pytest.fixture
def session():
    return make_session({"127.0.0.1", "localhost"}, backoff=0.01)


def test_conditional_get_returns_not_modified(httpserver, session):
    httpserver.expect_request("/a", headers={"If-None-Match": '"v1"'}).respond_with_data("", status=304)
    httpserver.expect_request("/a").respond_with_data("hello", headers={"ETag": '"v1"'})
    first = fetch(session, httpserver.url_for("/a"))
    assert first.status == 200 and first.etag == '"v1"' and first.body == b"hello"
    second = fetch(session, httpserver.url_for("/a"), etag=first.etag)
    assert second.not_modified and second.body == b""


def test_retries_5xx_then_succeeds(httpserver, session):
    httpserver.expect_ordered_request("/b").respond_with_data("boom", status=500)
    httpserver.expect_ordered_request("/b").respond_with_data("boom", status=503)
    httpserver.expect_ordered_request("/b").respond_with_data("ok")
    assert fetch(session, httpserver.url_for("/b")).body == b"ok"


def test_429_honours_retry_after(httpserver, session):
    httpserver.expect_ordered_request("/c").respond_with_data("slow down", status=429, headers={"Retry-After": "1"})
    httpserver.expect_ordered_request("/c").respond_with_data("ok")
    t = time.monotonic()
    assert fetch(session, httpserver.url_for("/c")).body == b"ok"
    assert time.monotonic() - t >= 0.9


def test_persistent_500_is_source_unavailable(httpserver, session):
    httpserver.expect_request("/d").respond_with_data("boom", status=500)
    with pytest.raises(SourceUnavailable, match="500|retries"):
        fetch(session, httpserver.url_for("/d"))


def test_404_is_not_retried(httpserver, session):
    httpserver.expect_request("/e").respond_with_data("nope", status=404)
    with pytest.raises(SourceUnavailable, match="404"):
        fetch(session, httpserver.url_for("/e"))
    assert len(httpserver.log) == 1


def test_host_outside_the_allow_list_is_refused_even_after_a_redirect(httpserver):
    s = make_session({"localhost"})
    with pytest.raises(FetchRejected, match="host not allowed"):
        fetch(s, httpserver.url_for("/x"))  # 127.0.0.1 is not in this allow-list
    assert len(httpserver.log) == 0
    httpserver.expect_request("/r").respond_with_response(
        Response(status=302, headers={"Location": "http://127.0.0.2:9/elsewhere"}))
    s2 = make_session({"127.0.0.1"})
    with pytest.raises(FetchRejected, match="127.0.0.2"):
        fetch(s2, httpserver.url_for("/r"))


def test_body_over_the_cap_is_rejected(httpserver, session):
    httpserver.expect_request("/big").respond_with_data(b"x" * 200_000)
    with pytest.raises(FetchRejected, match="too large"):
        fetch(session, httpserver.url_for("/big"), max_bytes=100_000)


def test_connection_refused_is_source_unavailable(session):
    from conftest import free_port

    with pytest.raises(SourceUnavailable, match="connection failed|retries"):
        fetch(session, f"http://127.0.0.1:{free_port()}/nothing")


def test_a_long_retry_after_is_capped(session):
    """A publisher asking to come back in an hour is asked again within MAX_RETRY_AFTER (urllib3 does the capping)."""
    from urllib3 import HTTPResponse

    from statwatch.fetch import MAX_RETRY_AFTER

    retry = session.get_adapter("http://127.0.0.1/").max_retries
    answer = HTTPResponse(body=b"", status=503, headers={"Retry-After": "3600"})
    assert retry.get_retry_after(answer) == MAX_RETRY_AFTER
    assert retry.get_retry_after(HTTPResponse(body=b"", status=503, headers={"Retry-After": "2"})) == 2
