"""The outbox as staff and operators depend on it: backoff and its end, a run that owes e-mail is not green,
threads, SMTP over TLS and STARTTLS with a login, silences by time and matcher, inhibition lifted on recovery.
Real DuckDB, a real aiosmtpd server, real TLS."""

from __future__ import annotations

import contextlib
import datetime as dt
import ipaddress
import socket
import ssl
import threading
from pathlib import Path

import pytest
from conftest import free_port
from helpers import cst, load_facts, rail_day

from statwatch.alerts import add_silence
from statwatch.config import Calendar, Source
from statwatch.errors import DeliveryFailed
from statwatch.ids import now
from statwatch.model import Fact
from statwatch.notify import SmtpSettings, deliver_pending
from statwatch.pipeline import detect_alerts

Q1, H1 = "2022-01/2022-03", "2022-01/2022-06"


def _record(con) -> None:
    """A backfilled day, then a live record: one message for the rail route."""
    load_facts(con, "d21", rail_day("2022-04-21", 3, 126), published=cst("2022-04-21"), mode="backfill")
    detect_alerts(con)
    load_facts(con, "d22", rail_day("2022-04-22", 6, 252), published=cst("2022-04-22"))
    detect_alerts(con)


def _nothing_listens() -> SmtpSettings:
    return SmtpSettings(host="127.0.0.1", port=free_port(), timeout=2)


def test_backoff_doubles_then_the_message_fails_for_good(con):
    _record(con)
    dead = _nothing_listens()
    waits = []
    for attempt in range(1, 4):
        with pytest.raises(DeliveryFailed, match="ConnectionRefusedError"):
            deliver_pending(con, dead, max_attempts=3)
        row = con.execute("SELECT status, attempts, next_attempt_at - now(), last_error FROM notifications").fetchall()
        assert {r[1] for r in row} == {attempt}
        if attempt < 3:
            assert {r[0] for r in row} == {"pending"}
            waits.append(round(row[0][2].total_seconds()))
            con.execute("UPDATE notifications SET next_attempt_at = now() - INTERVAL 1 SECOND")  # time passes
    assert waits[0] in range(28, 31) and waits[1] in range(58, 61)  # 30 s, then doubled
    assert {r[0] for r in row} == {"failed"}  # after max_attempts: no more tries
    assert deliver_pending(con, dead, max_attempts=3).messages_sent == 0  # nothing due, nothing owed: green


class Blackhole:
    """A relay behind a firewall that drops: connections are taken and never answered; counts them."""

    def __init__(self) -> None:
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port, self.taken = self.sock.getsockname()[1], []
        threading.Thread(target=self._take, daemon=True).start()

    def _take(self) -> None:
        with contextlib.suppress(OSError):
            while True:
                self.taken.append(self.sock.accept()[0])

    def close(self) -> None:
        for c in self.taken:
            c.close()
        self.sock.close()


def test_an_unreachable_server_costs_one_timeout_per_run_not_one_per_message(con):
    _record(con)
    load_facts(con, "d23", rail_day("2022-04-23", 7, 300), published=cst("2022-04-23"))  # another record
    detect_alerts(con)
    assert con.execute("SELECT count(DISTINCT group_key) FROM notifications").fetchone() == (2,)
    relay = Blackhole()
    try:
        with pytest.raises(DeliveryFailed, match="timed out; 1 more not tried"):
            deliver_pending(con, SmtpSettings(host="127.0.0.1", port=relay.port, timeout=0.5))
        assert len(relay.taken) == 1  # the second message did not wait out a timeout of its own
    finally:
        relay.close()
    rows = con.execute("SELECT group_key, status, attempts FROM notifications ORDER BY group_key").fetchall()
    assert {(g, s, a) for g, s, a in rows} == {("d22", "pending", 1), ("d23", "pending", 0)}


def test_a_run_that_finds_nothing_due_fails_while_a_message_is_owed(con, smtp_server):
    _record(con)
    with pytest.raises(DeliveryFailed):
        deliver_pending(con, _nothing_listens())
    # 20 s later (an Airflow retry): the backoff has not passed, nothing is due — and yet e-mail is owed.
    with pytest.raises(DeliveryFailed, match="still owed after a failed attempt"):
        deliver_pending(con, SmtpSettings.from_url(smtp_server.url))
    assert smtp_server.messages == []
    con.execute("UPDATE notifications SET next_attempt_at = now() - INTERVAL 1 SECOND")
    assert deliver_pending(con, SmtpSettings.from_url(smtp_server.url)).messages_sent == 1  # delivered: green


def test_a_resolved_notice_threads_under_its_firing_notice(con, smtp_server):
    def signed(doc, period, value, day):
        load_facts(con, doc, [Fact("investment_signed", "level", period, value, "亿元", region="金水区",
                                   quote=f"签约额{value}亿元")], published=cst(day), source_id="jinshui_stats")
        detect_alerts(con)
        deliver_pending(con, SmtpSettings.from_url(smtp_server.url))

    signed("q1", Q1, 98.6, "2022-04-25")  # behind 序时进度 (125 of 500)
    signed("h1", H1, 300.0, "2022-07-25")  # back on pace (250)
    by_recipient: dict[str, list] = {}
    for m in smtp_server.messages:
        by_recipient.setdefault(m["To"], []).append(m)
    assert len(by_recipient) == 2
    for firing, resolved in by_recipient.values():
        assert firing["Subject"].startswith("【目标预警】") and resolved["Subject"].startswith("【恢复】")
        assert resolved["In-Reply-To"] == firing["Message-ID"] and firing["Message-ID"] in resolved["References"]
        assert firing["In-Reply-To"] is None
        assert firing["Auto-Submitted"] == resolved["Auto-Submitted"] == "auto-generated"


# --- SMTP over TLS, with a login ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def certificate(tmp_path_factory) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 (its own CA: the client trusts it through `cafile`)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "statwatch test relay")])
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(dt.datetime.now(dt.UTC) - dt.timedelta(days=1))
            .not_valid_after(dt.datetime.now(dt.UTC) + dt.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), True)
            .sign(key, hashes.SHA256()))
    folder = tmp_path_factory.mktemp("tls")
    (folder / "cert.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    (folder / "key.pem").write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                                       serialization.NoEncryption()))
    return folder / "cert.pem", folder / "key.pem"


def _tls_server(tmp_path: Path, certificate, *, implicit: bool):
    from aiosmtpd.controller import Controller
    from aiosmtpd.smtp import AuthResult

    from statwatch_dev.smtp_sink import OutboxHandler

    cert, key = certificate
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    logins = []

    def authenticator(server, session, envelope, mechanism, auth_data):
        logins.append((mechanism, auth_data.login, auth_data.password))
        ok = (auth_data.login, auth_data.password) == (b"statwatch", b"s3cret")
        return AuthResult(success=ok, handled=False)  # a refusal is answered with 535

    # aiosmtpd knows TLS only when it came through STARTTLS: under implicit TLS it would hide AUTH if it had to
    # require TLS for it (the connection is TLS from the first byte anyway). PLAIN only, so a refusal is one 535.
    kwargs = ({"ssl_context": context, "auth_require_tls": False} if implicit
              else {"tls_context": context, "require_starttls": True, "auth_require_tls": True})
    controller = Controller(OutboxHandler(tmp_path / "tls-outbox"), hostname="127.0.0.1", port=free_port(),
                            authenticator=authenticator, auth_required=True, auth_exclude_mechanism=["LOGIN"],
                            **kwargs)
    controller.start()
    return controller, logins


@pytest.mark.parametrize("implicit", [False, True], ids=["starttls", "smtps"])
def test_delivery_over_tls_with_a_login(con, tmp_path, certificate, implicit):
    _record(con)
    server, logins = _tls_server(tmp_path, certificate, implicit=implicit)
    try:
        base = dict(host="127.0.0.1", port=server.port, ssl=implicit, starttls=not implicit, timeout=5)
        with pytest.raises(DeliveryFailed, match="CERTIFICATE_VERIFY_FAILED"):  # an unknown CA is never trusted
            deliver_pending(con, SmtpSettings(**base, user="statwatch", password="s3cret"))
        con.execute("UPDATE notifications SET next_attempt_at = now() - INTERVAL 1 SECOND")
        with pytest.raises(DeliveryFailed, match="SMTPAuthenticationError"):
            deliver_pending(con, SmtpSettings(**base, user="statwatch", password="wrong", cafile=str(certificate[0])))
        con.execute("UPDATE notifications SET next_attempt_at = now() - INTERVAL 1 SECOND")
        done = deliver_pending(con, SmtpSettings(**base, user="statwatch", password="s3cret",
                                                 cafile=str(certificate[0])))
        assert done.messages_sent == 1 and len(list((tmp_path / "tls-outbox").glob("*.eml"))) == 1
        assert (logins[-1][1], logins[-1][2]) == (b"statwatch", b"s3cret")
    finally:
        server.stop()


def test_smtp_url_carries_the_ca_file():
    s = SmtpSettings.from_url("smtp://u:p%40ss@relay.example.gov.cn:587?starttls=true&cafile=/etc/ssl/ca.pem")
    assert (s.host, s.port, s.user, s.password, s.starttls, s.cafile) == (
        "relay.example.gov.cn", 587, "u", "p@ss", True, "/etc/ssl/ca.pem")


# --- silences and inhibition ---------------------------------------------------------------------------------


def test_a_silence_matches_its_region_only_and_ends_at_its_expiry(con):
    load_facts(con, "d21", [*rail_day("2022-04-21", 3, 126), *rail_day("2022-04-21", 2, 80, region="西安局集团")],
               published=cst("2022-04-21"), mode="backfill")
    detect_alerts(con)
    add_silence(con, reason="核实中", expires_at=now() + dt.timedelta(hours=1), region="中国铁路郑州局集团")
    load_facts(con, "d22", [*rail_day("2022-04-22", 6, 252), *rail_day("2022-04-22", 4, 170, region="西安局集团")],
               published=cst("2022-04-22"))
    detect_alerts(con)
    states = dict(con.execute("SELECT region || ' ' || indicator, state FROM alerts WHERE period = '2022-04-22'"
                              ).fetchall())
    assert states == {"中国铁路郑州局集团 rail.trains": "suppressed", "中国铁路郑州局集团 rail.wagons": "suppressed",
                      "西安局集团 rail.trains": "firing", "西安局集团 rail.wagons": "firing"}
    con.execute("UPDATE silences SET expires_at = now() - INTERVAL 1 SECOND")  # the hour is over
    load_facts(con, "d23", rail_day("2022-04-23", 7, 300), published=cst("2022-04-23"))
    detect_alerts(con)
    assert con.execute("SELECT state FROM alerts WHERE period = '2022-04-23' AND indicator = 'rail.trains'"
                       ).fetchone() == ("firing",)


def test_a_silence_by_indicator_spares_the_others(con):
    load_facts(con, "d21", rail_day("2022-04-21", 3, 126), published=cst("2022-04-21"), mode="backfill")
    detect_alerts(con)
    add_silence(con, reason="装车数口径调整", expires_at=now() + dt.timedelta(hours=1), indicator="rail.wagons")
    load_facts(con, "d22", rail_day("2022-04-22", 6, 252), published=cst("2022-04-22"))
    detect_alerts(con)
    assert dict(con.execute("SELECT indicator, state FROM alerts WHERE period = '2022-04-22'").fetchall()) == {
        "rail.trains": "firing", "rail.wagons": "suppressed"}


STATS = Source(id="jinshui_stats", name="金水区统计局", kind="stats", item_pattern=".*",
               calendar=Calendar(every="quarter", day_of_month=20, window_days=10))


def test_inhibition_ends_when_the_source_recovers(con):
    signed = lambda doc, period, v, day: load_facts(  # noqa: E731
        con, doc, [Fact("investment_signed", "level", period, v, "亿元", region="金水区", quote=f"签约额{v}亿元")],
        published=cst(day), source_id="jinshui_stats")
    signed("q4", "2021-01/2021-12", 480.0, "2022-01-20")
    detect_alerts(con, sources=[STATS], today=dt.date(2022, 1, 21))
    # No Q1 release by 2022-05-01 (expected 04-20, ten days' window): the source is stale.
    detect_alerts(con, sources=[STATS], today=dt.date(2022, 5, 1))
    stale = "staleness||||jinshui_stats"
    assert con.execute("SELECT state FROM alerts WHERE fingerprint = ?", [stale]).fetchone() == ("firing",)
    # The late Q1 release arrives behind pace; the same pass sees the source recover, so nothing holds it back.
    signed("q1", Q1, 98.6, "2022-05-02")
    detect_alerts(con, sources=[STATS], today=dt.date(2022, 5, 2))
    assert con.execute("SELECT state FROM alerts WHERE fingerprint = ?", [stale]).fetchone() == ("resolved",)
    assert con.execute("SELECT state, suppressed_reason FROM alerts WHERE rule = 'target_pace'").fetchone() == (
        "firing", None)


def test_the_smtp_sink_on_port_0_picks_a_free_port_and_accepts_mail(tmp_path):
    """`statwatch smtp-sink --port 0` used to fail: aiosmtpd checks its server by connecting to the port it was given."""
    import smtplib

    from statwatch_dev.smtp_sink import start_sink

    sink = start_sink(tmp_path / "outbox", port=0)
    try:
        assert sink.port != 0
        with smtplib.SMTP("127.0.0.1", sink.port, timeout=10) as s:
            s.sendmail("a@statwatch.local", ["b@statwatch.local"], "Subject: port 0\r\n\r\nbody\r\n")
    finally:
        sink.stop()
    [eml] = list((tmp_path / "outbox").glob("*.eml"))
    assert b"Subject: port 0" in eml.read_bytes()
