"""Records and milestones become alerts; the outbox goes out through a real SMTP server exactly once."""

from __future__ import annotations

import json

import pytest
from conftest import SmtpServer, decoded_bodies
from helpers import cst, load_facts, rail_day

from statwatch import warehouse as wh
from statwatch.errors import DeliveryFailed
from statwatch.ids import now
from statwatch.model import Fact
from statwatch.notify import SmtpSettings, deliver_pending
from statwatch.pipeline import detect_alerts as detect


def _history(con, mode="backfill"):
    load_facts(con, "d19", rail_day("2022-04-19", 4, 170), published=cst("2022-04-19"), mode=mode)
    load_facts(con, "d20", rail_day("2022-04-20", 5, 210), published=cst("2022-04-20"), mode=mode)
    load_facts(con, "d21", rail_day("2022-04-21", 3, 126), published=cst("2022-04-21"), mode=mode)


def test_backfill_is_suppressed_and_a_new_day_above_all_is_a_record(con):
    _history(con)
    s = detect(con)
    assert s.alerts == 0 and s.suppressed == 2  # 04-20 beat 04-19 during the backfill: recorded, not sent
    assert con.execute("SELECT count(*) FROM notifications").fetchone()[0] == 0
    load_facts(con, "d22", rail_day("2022-04-22", 6, 252), published=cst("2022-04-22"))
    s = detect(con)
    assert s.rules == {"record": 2} and s.alerts == 2
    alert = wh.fetch_dicts(con, "SELECT * FROM alerts WHERE indicator = 'rail.trains' AND state = 'firing'")[0]
    assert alert["fingerprint"] == "record|rail.trains|中国铁路郑州局集团|2022-04-22"
    assert "此前纪录5列" in alert["title"] and "2022-04-20" in alert["title"]
    assert detect(con).alerts == 0  # edge-triggered: nothing new on a second run


def test_ties_and_vague_values_are_not_records(con):
    _history(con)
    detect(con)
    load_facts(con, "d22", rail_day("2022-04-22", 5, 210), published=cst("2022-04-22"))
    load_facts(con, "d23", [Fact("rail.trains", "level", "2022-04-23", 7, "列", "about", "中国铁路郑州局集团",
                                 quote="约7列")], published=cst("2022-04-23"))
    assert detect(con).alerts == 0


def test_first_observation_is_a_baseline(con):
    load_facts(con, "d22", rail_day("2022-04-22", 6, 252), published=cst("2022-04-22"))
    assert detect(con).alerts == 0


def test_running_total_crossing_a_thousand_is_one_milestone(con):
    def total(day, v):
        return [Fact("rail.trains_cumulative", "level", day, v, "列", "exact", "中欧班列(郑州)", quote=f"累计开行{v}列")]

    load_facts(con, "c1", total("2022-04-25", 5996), published=cst("2022-04-25"), mode="backfill")
    detect(con)
    load_facts(con, "c2", total("2022-04-26", 6001), published=cst("2022-04-26"))
    load_facts(con, "c3", total("2022-04-27", 6005), published=cst("2022-04-27"))
    s = detect(con)
    assert s.rules == {"milestone": 1}
    fp = con.execute("SELECT fingerprint FROM alerts").fetchall()
    assert fp == [("milestone|rail.trains_cumulative|中欧班列(郑州)|2022-04-26|6000",)]


def test_one_email_per_document_and_recipient_sent_exactly_once(con, smtp_server):
    _history(con)
    detect(con)
    load_facts(con, "d22", rail_day("2022-04-22", 6, 252), published=cst("2022-04-22"))
    detect(con)
    smtp = SmtpSettings.from_url(smtp_server.url)
    assert deliver_pending(con, smtp).messages_sent == 1
    assert deliver_pending(con, smtp).messages_sent == 0
    [msg] = smtp_server.messages
    assert msg["Subject"].startswith("【新纪录】")
    text, html = decoded_bodies(msg)
    assert "此前纪录" in text and "2022-04-20" in text and "全天装车6列252车" in text
    assert "<table" in html and "全天装车6列252车" in html
    assert msg["Message-ID"].endswith("@statwatch.local>")


def test_smtp_down_leaves_rows_pending_then_delivers_once(con, tmp_path):
    _history(con)
    detect(con)
    load_facts(con, "d22", rail_day("2022-04-22", 6, 252), published=cst("2022-04-22"))
    detect(con)
    server = SmtpServer(tmp_path / "outbox")  # not started: connection refused
    with pytest.raises(DeliveryFailed):
        deliver_pending(con, SmtpSettings.from_url(server.url))
    status, attempts, err = con.execute("SELECT status, attempts, last_error FROM notifications").fetchone()
    assert (status, attempts) == ("pending", 1) and "Connection" in err
    con.execute("UPDATE notifications SET next_attempt_at = NULL")  # the backoff has elapsed
    server.start()
    try:
        assert deliver_pending(con, SmtpSettings.from_url(server.url)).messages_sent == 1
        assert deliver_pending(con, SmtpSettings.from_url(server.url)).messages_sent == 0
        assert len(server.messages) == 1
    finally:
        server.stop()


def test_crash_after_acceptance_resends_once_with_the_same_message_id(con, smtp_server, monkeypatch):
    _history(con)
    detect(con)
    load_facts(con, "d22", rail_day("2022-04-22", 6, 252), published=cst("2022-04-22"))
    detect(con)
    smtp = SmtpSettings.from_url(smtp_server.url)
    real_transaction = wh.transaction
    calls = {"n": 0}

    class Crash(BaseException):
        pass

    def dying_transaction(c):
        calls["n"] += 1
        if calls["n"] == 2:  # the transaction that would mark the group sent: the process dies here
            raise Crash()
        return real_transaction(c)

    monkeypatch.setattr(wh, "transaction", dying_transaction)
    with pytest.raises(Crash):
        deliver_pending(con, smtp)
    monkeypatch.setattr(wh, "transaction", real_transaction)
    assert con.execute("SELECT DISTINCT status FROM notifications").fetchall() == [("sending",)]
    # Within the sending timeout another run may still be talking to the server: nothing is sent twice yet.
    assert deliver_pending(con, smtp).messages_sent == 0 and len(smtp_server.messages) == 1
    con.execute("UPDATE notifications SET sending_at = sending_at - INTERVAL 3 MINUTE")  # the run is long dead
    resent = deliver_pending(con, smtp)
    assert resent.messages_sent == 1 and resent.recovered == 2  # the record's two rows (trains and wagons)
    assert deliver_pending(con, smtp).messages_sent == 0
    first, second = smtp_server.messages
    assert first["Message-ID"] == second["Message-ID"]


def test_scraped_text_is_escaped_and_cannot_inject_headers(con, smtp_server):
    _history(con)
    detect(con)
    evil = '全天装车6列252车<script>alert(1)</script><img src=x onerror="alert(2)">\r\nBcc: victim@example.com'
    region = "郑州\r\nBcc: x@example.com\r\n\r\n<b>"  # scraped: it reaches the subject through the title
    load_facts(con, "e20", [Fact("rail.trains", "level", "2022-04-20", 5, "列", region=region, quote="5列")],
               published=cst("2022-04-20"), mode="backfill")
    detect(con)
    facts = [Fact("rail.trains", "level", "2022-04-22", 6, "列", region=region, quote=evil)]
    load_facts(con, "d22", facts, published=cst("2022-04-22"))
    detect(con)
    deliver_pending(con, SmtpSettings.from_url(smtp_server.url))
    [msg] = [m for m in smtp_server.messages if "郑州" in m["Subject"]]
    assert msg["Bcc"] is None and "\n" not in msg["Subject"] and "\r" not in msg["Subject"]
    assert "郑州 Bcc: x@example.com <b>" in msg["Subject"]  # the text stays, on one line, as text
    assert msg.get_body(preferencelist=("plain",)) is not None  # the body was not cut off by an injected blank line
    _, html = decoded_bodies(msg)
    assert "<script>" not in html and "<img src=x" not in html  # only our own chart image is an <img>
    assert "&lt;script&gt;" in html


def test_subject_never_carries_line_breaks():
    from statwatch.notify import subject_for

    alerts = [{"rule": "record", "event": "firing", "title": "郑州\r\nBcc: victim@example.com 6列"}]
    subject = subject_for(alerts)
    assert "\r" not in subject and "\n" not in subject and subject.startswith("【新纪录】")


def test_a_silence_suppresses_then_expires(con):
    from datetime import timedelta

    from statwatch.alerts import add_silence, expire_silence

    _history(con)
    detect(con)
    sid = add_silence(con, topic="rail", reason="核实中", expires_at=now() + timedelta(hours=1), by="wang")
    load_facts(con, "d22", rail_day("2022-04-22", 6, 252), published=cst("2022-04-22"))
    s = detect(con)
    assert s.alerts == 0 and s.suppressed == 2
    assert con.execute("SELECT count(*) FROM notifications").fetchone()[0] == 0
    assert con.execute("SELECT DISTINCT state FROM alerts WHERE period = '2022-04-22'").fetchall() == [("suppressed",)]
    assert con.execute("SELECT DISTINCT suppressed_reason FROM alerts WHERE period = '2022-04-22'").fetchone()[0] \
        == f"silence {sid}"
    assert expire_silence(con, sid) and not expire_silence(con, sid)
    load_facts(con, "d23", rail_day("2022-04-23", 7, 260), published=cst("2022-04-23"))
    detect(con)
    assert con.execute("SELECT count(*) FROM notifications").fetchone()[0] == 2  # silence over: the next record is told


def test_silence_and_alerts_commands(db_path):
    from click.testing import CliRunner

    from statwatch.cli import cli

    runner = CliRunner()
    db = ["--db", str(db_path)]
    out = runner.invoke(cli, ["silence", "add", *db, "--topic", "rail", "--reason", "核实中", "--hours", "1"])
    assert out.exit_code == 0, out.output
    sid = out.output.strip()
    listed = json.loads(runner.invoke(cli, ["silence", "list", *db, "--json"]).output)
    assert [r["silence_id"] for r in listed] == [sid]
    assert runner.invoke(cli, ["silence", "add", *db, "--reason", "x"]).exit_code == 2  # no matcher: usage error
    assert runner.invoke(cli, ["silence", "expire", *db, sid]).exit_code == 0
    assert json.loads(runner.invoke(cli, ["silence", "list", *db, "--json"]).output) == []
    assert runner.invoke(cli, ["silence", "expire", *db, sid]).exit_code == 1
    shown = runner.invoke(cli, ["alerts", "show", *db, "record|rail.trains|x|2022-04-22"])
    assert shown.exit_code == 1 and "no alert" in shown.output


def test_milestone_step_comes_from_config(con, tmp_path, monkeypatch):
    import shutil

    from conftest import ROOT

    for f in (ROOT / "config").glob("*.yaml"):
        shutil.copy(f, tmp_path / f.name)
    (tmp_path / "rules.yaml").write_text("milestones:\n  rail.trains_cumulative: 5\n", encoding="utf-8")
    monkeypatch.setenv("STATWATCH_CONFIG", str(tmp_path))

    def total(day, v):
        return [Fact("rail.trains_cumulative", "level", day, v, "列", "exact", "中欧班列(郑州)", quote=f"累计开行{v}列")]

    load_facts(con, "c1", total("2022-04-25", 5996), published=cst("2022-04-25"), mode="backfill")
    detect(con)
    load_facts(con, "c2", total("2022-04-26", 6002), published=cst("2022-04-26"))
    load_facts(con, "c3", total("2022-04-27", 6007), published=cst("2022-04-27"))
    detect(con)
    fps = [r[0].split("|")[-1] for r in con.execute("SELECT fingerprint FROM alerts ORDER BY 1").fetchall()]
    assert fps == ["6000", "6005"]
    (tmp_path / "rules.yaml").write_text("milestones:\n  rail.trains_cumulative: -1\n", encoding="utf-8")
    from statwatch.errors import ConfigError

    load_facts(con, "c4", total("2022-04-28", 6010), published=cst("2022-04-28"))
    with pytest.raises(ConfigError, match="rules.yaml.*milestones"):
        detect(con)
