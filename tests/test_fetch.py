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


# -- every failure is the project's error, on one line naming the URL (issue 16) ---------------------------------


def _one_line_naming(e: pytest.ExceptionInfo, url: str) -> None:
    assert "\n" not in str(e.value) and url in str(e.value), str(e.value)


@pytest.mark.parametrize("url", [
    "file:///etc/passwd",
    "gopher://127.0.0.1:70/_GET",
    "127.0.0.1/no-scheme",
    "http://",
    "http://127.0.0.1:99999/bad-port",
])
def test_a_url_that_cannot_be_fetched_is_rejected(session, url):
    with pytest.raises(FetchRejected) as e:
        fetch(session, url)
    _one_line_naming(e, url)


def test_an_undecodable_body_is_rejected(httpserver, session):
    httpserver.expect_request("/gz").respond_with_data(b"not gzip at all", headers={"Content-Encoding": "gzip"})
    with pytest.raises(FetchRejected, match="undecodable") as e:
        fetch(session, httpserver.url_for("/gz"))
    _one_line_naming(e, httpserver.url_for("/gz"))


@pytest.mark.parametrize("location", ["file:///etc/passwd", "gopher://127.0.0.1:70/_x"])
def test_a_redirect_to_another_scheme_is_rejected(publisher, session, location):
    path = "/rail/2022/04/21.html"
    publisher.inject(path, "redirect", location=location)
    with pytest.raises(FetchRejected, match="redirect to a (file|gopher) URL refused") as e:
        fetch(session, publisher.url + path)
    _one_line_naming(e, location)


def test_a_redirect_loop_is_rejected_after_a_few_hops(publisher, session):
    path = "/rail/2022/04/21.html"
    publisher.inject(path, "redirect", times=50)  # the page redirects to itself
    with pytest.raises(FetchRejected, match="more than 5 redirects") as e:
        fetch(session, publisher.url + path)
    _one_line_naming(e, publisher.url + path)
    assert publisher.faults()[path]["times"] == 50 - 6  # the request and five redirects, no more


def test_a_redirect_on_the_allow_list_is_followed(publisher, session):
    publisher.inject("/rail/2022/04/21.html", "redirect", status=301, location="/rail/2022/04/20.html")
    got = fetch(session, publisher.url + "/rail/2022/04/21.html")
    assert got.status == 200 and got.url == publisher.url + "/rail/2022/04/20.html" and "4月20日" in got.body.decode()


# -- an overall deadline: a publisher trickling a byte at a time holds nothing for long --------------------------


@pytest.mark.parametrize("part", ["body", "headers"])
def test_a_trickling_answer_is_cut_at_the_deadline(publisher, session, part):
    path = "/rail/2022/04/21.html"
    publisher.inject(path, "trickle", seconds=0.1, part=part)  # each read gets a byte well within the timeout
    t = time.monotonic()
    with pytest.raises(SourceUnavailable, match="deadline of 1.5 s") as e:
        fetch(session, publisher.url + path, timeout=(2.0, 1.0), deadline=1.5)
    assert 1.4 < time.monotonic() - t < 3.0
    _one_line_naming(e, publisher.url + path)
    assert fetch(session, publisher.url + path).status == 200  # the session is still usable


def test_the_default_deadline_is_a_few_read_timeouts(publisher, session):
    publisher.inject("/rail/2022/04/21.html", "trickle", seconds=0.05)  # the whole page would take ~100 s
    t = time.monotonic()
    with pytest.raises(SourceUnavailable, match="deadline of 3 s"):
        fetch(session, publisher.url + "/rail/2022/04/21.html", timeout=(2.0, 0.5))  # six read timeouts
    assert time.monotonic() - t < 5


def test_no_retry_waits_past_the_deadline(httpserver, session):
    httpserver.expect_request("/later").respond_with_data("busy", status=503, headers={"Retry-After": "20"})
    t = time.monotonic()
    with pytest.raises(SourceUnavailable, match="deadline"):
        fetch(session, httpserver.url_for("/later"), deadline=3)
    assert time.monotonic() - t < 2 and len(httpserver.log) == 1


# -- what the allow-list holds, and addresses behind names -------------------------------------------------------


@pytest.mark.parametrize("url", [
    "http://127.0.0.1@evil.example/",  # userinfo: the host is evil.example
    "http://127.0.0.1:80@evil.example/",
    "http://evil.example#@127.0.0.1/",
    "http://[::1]/",  # IPv6 loopback literal
    "http://[::ffff:127.0.0.1]/",
    "http://2130706433/",  # 127.0.0.1 as one decimal number
    "http://0x7f.0.0.1/",
    "http://127.1/",
])
def test_allow_list_tricks_are_refused_before_any_request(url):
    s = make_session({"127.0.0.1"})
    with pytest.raises(FetchRejected, match="host not allowed") as e:
        fetch(s, url)
    assert "\n" not in str(e.value)


@pytest.mark.parametrize("host", ["localhost", "2130706433", "0x7f.0.0.1"])
def test_a_name_that_resolves_to_an_internal_address_is_refused(httpserver, host):
    httpserver.expect_request("/x").respond_with_data("internal")
    url = f"http://{host}:{httpserver.port}/x"
    with pytest.raises(FetchRejected, match="internal address 127.0.0.1") as e:
        fetch(make_session({host}), url)
    _one_line_naming(e, url)
    assert len(httpserver.log) == 0  # refused before connecting
    assert fetch(make_session({host}, allow_private=True), url).body == b"internal"  # a source that says so


def test_a_redirect_to_a_name_with_an_internal_address_is_refused(httpserver):
    httpserver.expect_request("/r").respond_with_response(
        Response(status=302, headers={"Location": f"http://localhost:{httpserver.port}/admin"}))
    httpserver.expect_request("/admin").respond_with_data("secret")
    with pytest.raises(FetchRejected, match="'localhost' resolves to internal address"):
        fetch(make_session({"127.0.0.1", "localhost"}), httpserver.url_for("/r"))
    assert [req.path for req, _ in httpserver.log] == ["/r"]


def test_a_gzip_bomb_is_refused_quickly(httpserver, session):
    import gzip

    bomb = gzip.compress(b"\0" * (64 * 1024 * 1024), 9)
    assert len(bomb) < 100_000
    httpserver.expect_request("/bomb").respond_with_data(bomb, headers={"Content-Encoding": "gzip"})
    t = time.monotonic()
    with pytest.raises(FetchRejected, match="too large"):
        fetch(session, httpserver.url_for("/bomb"), max_bytes=1024 * 1024)
    assert time.monotonic() - t < 2


@pytest.fixture
def tls_server(tmp_path):
    """An HTTPS server on 127.0.0.1 with a self-signed certificate: `/` answers at once, `/slow` a byte a tenth."""
    import datetime
    import http.server
    import ipaddress
    import ssl
    import threading

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    today = datetime.datetime.now(datetime.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(1).not_valid_before(today - datetime.timedelta(days=1))
            .not_valid_after(today + datetime.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), True).sign(key, hashes.SHA256()))
    cert_file, key_file = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:  # noqa: N802
            self.send_response(200)
            self.send_header("Content-Length", "100")
            self.end_headers()
            for _ in range(100 if self.path == "/slow" else 1):
                try:
                    self.wfile.write(b"x" if self.path == "/slow" else b"x" * 100)
                    self.wfile.flush()
                except OSError:
                    return
                time.sleep(0.1 if self.path == "/slow" else 0)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert_file, key_file)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"https://127.0.0.1:{server.server_address[1]}", str(cert_file)
    server.shutdown()
    server.server_close()


def test_over_tls_failures_are_one_line_and_the_deadline_holds(tls_server, monkeypatch):
    base, cert_file = tls_server
    for var in ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE"):  # they would override the session's own CA
        monkeypatch.delenv(var, raising=False)
    s = make_session({"127.0.0.1"}, retries=0)
    with pytest.raises(SourceUnavailable, match="TLS failed") as e:
        fetch(s, base + "/")  # a certificate nobody vouches for
    _one_line_naming(e, base + "/")
    s.verify = cert_file
    assert fetch(s, base + "/").body == b"x" * 100
    t = time.monotonic()
    with pytest.raises(SourceUnavailable, match="deadline of 1 s"):
        fetch(s, base + "/slow", deadline=1)
    assert time.monotonic() - t < 2


def test_a_not_modified_answer_keeps_the_connection_for_the_next_poll(publisher, session):
    # A watcher polls thousands of feeds a minute: a 304 must not cost a new TCP connection each time.
    url = publisher.url + "/rail/feed.xml"
    first = fetch(session, url)
    assert first.status == 200 and (first.etag or first.last_modified)
    for _ in range(3):
        assert fetch(session, url, etag=first.etag, last_modified=first.last_modified).not_modified
    pools = list(session.get_adapter(url).poolmanager.pools._container.values())  # noqa: SLF001
    assert [(p.num_requests, p.num_connections) for p in pools] == [(4, 1)]


def test_many_fetches_share_one_deadline_thread(publisher, session):
    import threading

    before = threading.active_count()
    for _ in range(20):
        fetch(session, publisher.url + "/rail/feed.xml", deadline=30)
    names = [t.name for t in threading.enumerate()]
    assert names.count("statwatch-fetch-deadlines") == 1 and threading.active_count() <= before + 1
