"""Revisions, withdrawn records, comparators, record claims and staleness: real warehouse, real SMTP server."""

from __future__ import annotations

import re
from datetime import date

from conftest import decoded_bodies
from helpers import add_document, cst, load_facts, process, rail_day

from statwatch import alerts
from statwatch import warehouse as wh
from statwatch.config import Calendar, Source
from statwatch.detect import is_revision
from statwatch.health import record_health, release_overdue
from statwatch.model import Fact
from statwatch.notify import SmtpSettings, deliver_pending
from statwatch.pipeline import detect_alerts as detect

Q1 = "2022-01/2022-03"


def _gdp(value: float, quote: str | None = None) -> list[Fact]:
    return [Fact("gdp", "level", Q1, value, "亿元", region="金水区", quote=quote or f"地区生产总值{value}亿元")]


def _history(con, mode="backfill"):
    load_facts(con, "d19", rail_day("2022-04-19", 4, 170), published=cst("2022-04-19"), mode=mode)
    load_facts(con, "d20", rail_day("2022-04-20", 5, 210), published=cst("2022-04-20"), mode=mode)
    load_facts(con, "d21", rail_day("2022-04-21", 3, 126), published=cst("2022-04-21"), mode=mode)


def _alerts(con, rule):
    return wh.fetch_dicts(con, "SELECT * FROM alerts WHERE rule = ? ORDER BY first_seen, fingerprint", [rule])


def _deliver(con, smtp_server):
    return deliver_pending(con, SmtpSettings.from_url(smtp_server.url))


# --- revision ---


def test_beyond_rounding():
    assert not is_revision(489.5, 489.50)
    assert not is_revision(489.5, 489.46)  # the same figure stated more precisely
    assert is_revision(489.5, 490.1)
    assert is_revision(6, 7) and not is_revision(1e9, 1e9 + 1)  # relative 1e-6


def test_revision_alerts_with_old_and_new_evidence_and_again_on_a_second_revision(con, smtp_server):
    load_facts(con, "q1", _gdp(489.5), published=cst("2022-04-25"), source_id="jinshui_stats")
    assert detect(con).alerts == 0  # a first vintage is not a revision
    load_facts(con, "q1same", _gdp(489.50), published=cst("2022-04-26"), source_id="jinshui_stats")
    assert detect(con).alerts == 0
    load_facts(con, "q1rev", _gdp(490.1, "地区生产总值修订为490.1亿元"), published=cst("2022-05-10"),
               source_id="jinshui_stats")
    s = detect(con)
    assert s.rules == {"revision": 1} and s.alerts == 1
    [alert] = _alerts(con, "revision")
    assert alert["topic"] == "economy" and alert["fingerprint"].startswith("revision|gdp|金水区|2022-01/2022-03|level@")
    assert alert["title"] == "金水区地区生产总值（2022年一季度）数据修订：489.5亿元 → 490.1亿元（+0.6亿元，+0.12%）"
    _deliver(con, smtp_server)
    [msg] = smtp_server.messages
    assert msg["Subject"].startswith("【数据修订】")
    text, html = decoded_bodies(msg)
    for body in (text, html):
        assert "地区生产总值489.5亿元" in body and "地区生产总值修订为490.1亿元" in body
        assert "2022-04-25 18:00（北京时间）" in body and "2022-05-10 18:00（北京时间）" in body
        assert "+0.12%" in body
    load_facts(con, "q1rev2", _gdp(491.0), published=cst("2022-06-10"), source_id="jinshui_stats")
    assert detect(con).rules == {"revision": 1}  # a second revision is a new vintage: told again
    assert len(_alerts(con, "revision")) == 2


def test_revision_in_a_backfill_is_recorded_not_sent(con):
    load_facts(con, "q1", _gdp(489.5), published=cst("2022-04-25"), mode="backfill", source_id="jinshui_stats")
    load_facts(con, "q1rev", _gdp(490.1), published=cst("2022-05-10"), mode="backfill", source_id="jinshui_stats")
    s = detect(con)
    assert s.alerts == 0 and s.suppressed == 1
    assert con.execute("SELECT state, suppressed_reason FROM alerts").fetchall() == [("suppressed", "backfill")]
    assert con.execute("SELECT count(*) FROM notifications").fetchone()[0] == 0


# --- a revision that takes back or changes a record ---


def test_revision_withdraws_a_record_or_updates_it(con, smtp_server):
    _history(con)
    load_facts(con, "d22", rail_day("2022-04-22", 6, 252), published=cst("2022-04-22"))
    detect(con)
    _deliver(con, smtp_server)
    # the railway corrects the day: 5 trains (a tie with 04-20: no record), 240 wagons (still above 210)
    load_facts(con, "d22r", rail_day("2022-04-22", 5, 240), published=cst("2022-04-23"))
    s = detect(con)
    assert s.rules == {"revision": 2, "record": 2}
    states = dict(con.execute("SELECT indicator, state FROM alerts WHERE rule = 'record' AND period = '2022-04-22'")
                  .fetchall())
    assert states == {"rail.trains": "withdrawn", "rail.wagons": "firing"}
    events = dict(con.execute("SELECT a.indicator, n.event FROM notifications n JOIN alerts a USING (fingerprint) "
                              "WHERE a.rule = 'record' AND n.status = 'pending'").fetchall())
    assert events == {"rail.trains": "withdrawn", "rail.wagons": "updated"}
    _deliver(con, smtp_server)
    first, second = smtp_server.messages
    assert first["Subject"].startswith("【新纪录】") and second["Subject"].startswith("【数据修订】")
    text, html = decoded_bodies(second)
    assert "新纪录撤回" in text and "未超过此前纪录5列（2022-04-20）" in text
    assert "仍为新纪录" in text and "252车 → 240车" in text
    assert "新纪录撤回" in html
    assert detect(con).alerts == 0


# --- comparator ---


def _pp(period: str, value: float, comparator: str = "全市") -> list[Fact]:
    word = "高于" if value >= 0 else "低于"
    return [Fact("gdp", "pp_diff", period, value, "百分点", region="金水区", comparator=comparator,
                 quote=f"增速{word}{comparator}{abs(value)}个百分点")]


def test_growth_falling_below_the_comparator_alerts_and_back_above_resolves(con, smtp_server):
    load_facts(con, "q1", _pp(Q1, 0.8), published=cst("2022-04-25"), source_id="jinshui_stats")
    assert detect(con).alerts == 0  # above, and a baseline
    load_facts(con, "q3", _pp("2022-01/2022-09", -1.2), published=cst("2022-10-25"), source_id="jinshui_stats")
    s = detect(con)
    assert s.rules == {"comparator": 1}
    [alert] = _alerts(con, "comparator")
    assert alert["fingerprint"] == "comparator|gdp|金水区|2022|全市" and alert["topic"] == "economy"
    assert alert["title"] == "金水区地区生产总值增速低于全市（一季度高于全市0.8个百分点，前三季度低于全市1.2个百分点）"
    # an earlier period loaded late is not the latest: no edge
    load_facts(con, "h1", _pp("2022-01/2022-06", 0.1), published=cst("2022-10-26"), source_id="jinshui_stats")
    assert detect(con).alerts == 0
    load_facts(con, "fy", _pp("2022", 0.3), published=cst("2023-01-25"), source_id="jinshui_stats")
    assert detect(con).rules == {"comparator": 1}
    assert _alerts(con, "comparator")[0]["state"] == "resolved"
    _deliver(con, smtp_server)  # delivered late: each e-mail still tells its own event
    fired, resolved = smtp_server.messages
    assert fired["Subject"].startswith("【目标预警】金水区地区生产总值增速低于全市")
    assert resolved["Subject"] == "【恢复】金水区地区生产总值增速回到全市以上（前三季度低于全市1.2个百分点，全年高于全市0.3个百分点）"
    text, _ = decoded_bodies(fired)
    assert "增速低于全市1.2个百分点" in text and "增速高于全市0.8个百分点" in text


# --- record claims ---


def _bulletin(con, doc_id: str, day: str, text: str) -> None:
    add_document(con, doc_id, published=cst(day))
    html = f"<html><head><title>郑州局集团日报</title></head><body><p>{text}</p></body></html>"
    con.execute("UPDATE documents SET raw_body = ?, content_type = 'text/html; charset=utf-8', status = 'fetched' "
                "WHERE doc_id = ?", [html.encode("utf-8"), doc_id])
    process(con, doc_id, validate=False)


def test_a_claim_kept_and_confirmed_by_history(con, smtp_server):
    _history(con)
    detect(con)
    _bulletin(con, "d22", "2022-04-22", "4月22日，中国铁路郑州局集团全天装车6列252车，创单日装车新高。")
    process(con, "d22", validate=False)  # reprocessing keeps the claim once
    claims = con.execute("SELECT indicator, region, period, value, unit, quote FROM claims").fetchall()
    assert claims == [("rail.record", "中国铁路郑州局集团", "2022-04-22", 6.0, "列", "创单日装车新高")]
    assert con.execute("SELECT count(*) FROM facts WHERE indicator LIKE '%.record'").fetchone()[0] == 0
    s = detect(con)
    assert s.rules == {"record": 2}
    _deliver(con, smtp_server)
    text, html = decoded_bodies(smtp_server.messages[0])
    assert "原文称“创单日装车新高”，经与历史数据核对：属实" in text
    assert "原文称“创单日装车新高”，经与历史数据核对：属实" in html


def test_a_claim_history_does_not_bear_out(con, smtp_server):
    _history(con)
    detect(con)
    _bulletin(con, "d22", "2022-04-22", "4月22日，中国铁路郑州局集团全天装车4列170车，创单日装车新高。")
    s = detect(con)
    assert s.rules == {"claim_unconfirmed": 1}
    [alert] = _alerts(con, "claim_unconfirmed")
    assert alert["topic"] == "rail" and alert["fingerprint"] == "claim_unconfirmed|rail.trains|中国铁路郑州局集团|2022-04-22"
    assert "此前最高5列，2022-04-20" in alert["title"]
    # A claim history contradicts waits for an analyst: staff hear nothing until one approves.
    assert alert["state"] == "awaiting_approval"
    _deliver(con, smtp_server)
    assert smtp_server.messages == []
    fp = alert["fingerprint"]
    with wh.transaction(con):
        assert alerts.request_approval(con, fp, approval_url="http://ui.example/required_actions") == 1
    _deliver(con, smtp_server)
    [ask] = smtp_server.messages
    assert ask["To"] == "fenxi@statwatch.local" and ask["Subject"].startswith("【待审核】")
    assert "http://ui.example/required_actions" in decoded_bodies(ask)[0]
    with wh.transaction(con):
        assert alerts.decide(con, fp, approved=True, by="王分析", at=cst("2022-04-23", 9))
        assert not alerts.decide(con, fp, approved=False, by="late", at=cst("2022-04-23", 10))  # decided once
    _deliver(con, smtp_server)
    [_, msg] = smtp_server.messages
    assert msg["Subject"].startswith("【待核实】") and msg["To"] == "kouan@statwatch.local"
    text, _ = decoded_bodies(msg)
    assert "创单日装车新高" in text and "2022-04-20" in text and "5列" in text
    assert "经王分析于2022-04-23 09:00（北京时间）审核批准后发送" in text
    history = con.execute("SELECT event, state, actor FROM alert_history WHERE fingerprint = ? "
                          "ORDER BY seq", [fp]).fetchall()
    assert [h[0] for h in history] == ["awaiting_approval", "approval_requested", "approved"]
    assert history[-1][1:] == ("firing", "王分析")


def test_a_rejected_claim_is_never_sent(con, smtp_server):
    _history(con)
    detect(con)
    _bulletin(con, "d22", "2022-04-22", "4月22日，中国铁路郑州局集团全天装车4列170车，创单日装车新高。")
    detect(con)
    [alert] = _alerts(con, "claim_unconfirmed")
    with wh.transaction(con):
        assert alerts.decide(con, alert["fingerprint"], approved=False, by=None, at=cst("2022-04-24"))
    _deliver(con, smtp_server)
    assert smtp_server.messages == []
    [alert] = _alerts(con, "claim_unconfirmed")
    assert (alert["state"], alert["decided_by"]) == ("rejected", "timeout")
    # The same claim seen again (a re-extraction, a re-run) does not ask again.
    _bulletin(con, "d22b", "2022-04-22", "4月22日，中国铁路郑州局集团全天装车4列170车，创单日装车新高。")
    detect(con)
    assert _alerts(con, "claim_unconfirmed")[0]["state"] == "rejected"


# --- staleness and inhibition ---

RAIL = Source(id="zz_rail", name="郑州局集团日报", kind="rail", item_pattern=".*",
              calendar=Calendar(every="day", window_days=2))
STATS = Source(id="jinshui_stats", name="金水区统计局", kind="stats", item_pattern=".*",
               calendar=Calendar(every="quarter", day_of_month=20, window_days=10))


def test_release_calendar():
    day = Calendar(every="day", window_days=2)
    assert release_overdue(day, date(2022, 4, 22), date(2022, 4, 25)) is None
    assert release_overdue(day, date(2022, 4, 22), date(2022, 4, 26)) == date(2022, 4, 23)
    quarter = STATS.calendar
    assert release_overdue(quarter, date(2022, 4, 25), date(2022, 7, 30)) is None
    assert release_overdue(quarter, date(2022, 4, 25), date(2022, 7, 31)) == date(2022, 7, 20)
    assert release_overdue(quarter, date(2022, 7, 12), date(2022, 7, 31)) is None  # eight days early counts
    month = Calendar(every="month", day_of_month=31, window_days=0)
    assert release_overdue(month, date(2022, 1, 31), date(2022, 3, 1)) == date(2022, 2, 28)


def test_a_missing_release_alerts_ops_once_and_a_load_resolves_it(con, smtp_server):
    load_facts(con, "d22", rail_day("2022-04-22", 6, 252), published=cst("2022-04-22"))
    assert detect(con, sources=[RAIL], today=date(2022, 4, 25)).alerts == 0
    s = detect(con, sources=[RAIL], today=date(2022, 4, 26))
    assert s.rules == {"staleness": 1}
    [alert] = _alerts(con, "staleness")
    assert alert["fingerprint"] == "staleness||||zz_rail" and alert["topic"] == "ops"
    assert "应于2022-04-23前后发布" in alert["title"]
    assert con.execute("SELECT count(*) FROM source_health WHERE kind = 'missing_release'").fetchone()[0] == 1
    assert detect(con, sources=[RAIL], today=date(2022, 4, 27)).alerts == 0  # still stale: no second e-mail
    load_facts(con, "d27", rail_day("2022-04-27", 3, 120), published=cst("2022-04-27"))
    assert detect(con, sources=[RAIL], today=date(2022, 4, 27)).rules == {"staleness": 1}
    assert _alerts(con, "staleness")[0]["state"] == "resolved"
    _deliver(con, smtp_server)
    subjects = [m["Subject"] for m in smtp_server.messages]
    assert subjects[0].startswith("【数据源异常】郑州局集团日报") and subjects[1].startswith("【恢复】")
    assert all(m["To"] == "data-eng@statwatch.local" for m in smtp_server.messages)


def test_a_source_that_broke(con):
    load_facts(con, "d22", rail_day("2022-04-22", 6, 252), published=cst("2022-04-22"))
    for n in range(3):
        record_health(con, "zz_rail", f"http://127.0.0.1/rail/{n}.html", "fetch_failed", f"HTTP 503 ({n})")
    s = detect(con, sources=[RAIL], today=date(2022, 4, 23))
    assert s.rules == {"staleness": 1}
    assert "最近3次抓取或解析均失败（最近一次：fetch_failed）" in _alerts(con, "staleness")[0]["title"]
    load_facts(con, "d23", rail_day("2022-04-23", 3, 120), published=cst("2022-04-23"))
    detect(con, sources=[RAIL], today=date(2022, 4, 23))
    assert _alerts(con, "staleness")[0]["state"] == "resolved"


def test_a_stale_source_inhibits_its_target_alerts(con):
    load_facts(con, "q1", _gdp(489.5), published=cst("2022-04-25"), mode="backfill", source_id="jinshui_stats")
    detect(con, sources=[STATS], today=date(2022, 8, 15))
    assert _alerts(con, "staleness")[0]["state"] == "firing"
    late = [Fact("investment_signed", "level", Q1, 98.6, "亿元", region="金水区", quote="签约额98.6亿元")]
    load_facts(con, "q1late", late, published=cst("2022-04-28"), source_id="jinshui_stats")
    s = detect(con, sources=[STATS], today=date(2022, 8, 15))
    assert s.alerts == 0 and s.suppressed == 1
    state, reason = con.execute("SELECT state, suppressed_reason FROM alerts WHERE rule = 'target_pace'").fetchone()
    assert (state, reason) == ("suppressed", "inhibited by staleness||||jinshui_stats")


# --- e-mail rendering: charts, escaping, Beijing time ---


def _related_images(msg):
    return [p for p in msg.walk() if p.get_content_type() == "image/png"]


def test_a_record_e_mail_carries_its_chart_inline(con, smtp_server):
    _history(con)
    detect(con)
    load_facts(con, "d22", rail_day("2022-04-22", 6, 252), published=cst("2022-04-22"))
    detect(con)
    payload = con.execute("SELECT payload FROM alerts WHERE indicator = 'rail.trains' AND period = '2022-04-22'"
                          ).fetchone()[0]
    assert '"series": [["2022-04-19", 4.0], ["2022-04-20", 5.0], ["2022-04-21", 3.0], ["2022-04-22", 6.0]]' in payload
    _deliver(con, smtp_server)
    [msg] = smtp_server.messages
    related = [p for p in msg.walk() if p.get_content_type() == "multipart/related"]
    assert len(related) == 1
    images = _related_images(msg)
    assert len(images) == 2  # one per record of the digest
    _, html = decoded_bodies(msg)
    for img in images:
        png = img.get_content()
        assert png.startswith(b"\x89PNG") and len(png) <= 80 * 1024
        assert f'src="cid:{img["Content-ID"].strip("<>")}"' in html


def test_a_target_pace_e_mail_carries_the_pace_chart(con, smtp_server):
    p = [Fact("investment_signed", "level", Q1, 98.6, "亿元", region="金水区", quote="签约额98.6亿元")]
    load_facts(con, "q1", p, published=cst("2022-04-25"), source_id="jinshui_stats")
    detect(con)
    assert '"series": [[3, 98.6]]' in con.execute("SELECT payload FROM alerts").fetchone()[0]
    _deliver(con, smtp_server)
    assert len(smtp_server.messages) == 2  # the targets route has two recipients; each gets the chart
    assert [len(_related_images(m)) for m in smtp_server.messages] == [1, 1]


def test_charts_without_a_chinese_font_and_payloads_without_series(monkeypatch):
    from statwatch import charts
    from statwatch.notify import render

    monkeypatch.setattr(charts, "cjk_font", lambda: None)
    png = charts.chart_png("record", {"series": [["2022-04-21", 3], ["2022-04-22", 6]], "period": "2022-04-22",
                                      "previous": {"value": 5}, "unit": "列"})
    assert png and png.startswith(b"\x89PNG")
    assert charts.chart_png("record", {"value": 6}) is None and charts.chart_png("revision", {"series": [1]}) is None
    alert = {"fingerprint": "record|rail.trains|郑州|2022-04-22", "rule": "record", "event": "firing",
             "title": "郑州单日6列", "payload": {"value": 6, "unit": "列", "period": "2022-04-22", "margin": 1,
                                                "previous": {"value": 5, "period": "2022-04-20"}}}
    msg = render([alert], recipient="a@statwatch.local", sender="s@statwatch.local", message_id="<x@statwatch.local>")
    assert msg.get_content_type() == "multipart/alternative" and not _related_images(msg)


def test_matplotlib_is_imported_only_to_draw():
    import subprocess
    import sys

    code = "import sys, statwatch.notify, statwatch.charts; print('matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_scraped_text_in_a_revision_stays_escaped(con, smtp_server):
    evil = '地区生产总值<script>alert(1)</script>490.1亿元\r\nBcc: x@example.com'
    load_facts(con, "q1", _gdp(489.5, '<b onmouseover="x">489.5</b>'), published=cst("2022-04-25"),
               source_id="jinshui_stats")
    detect(con)
    load_facts(con, "q1rev", _gdp(490.1, evil), published=cst("2022-05-10"), source_id="jinshui_stats")
    detect(con)
    _deliver(con, smtp_server)
    [msg] = smtp_server.messages
    assert msg["Bcc"] is None
    _, html = decoded_bodies(msg)
    assert "<script>" not in html and "<b onmouseover" not in html
    assert "&lt;script&gt;" in html and "&lt;b onmouseover=" in html


def test_times_are_shown_in_beijing_time():
    from datetime import UTC, datetime

    from statwatch.notify import beijing_time

    assert beijing_time(datetime(2022, 4, 22, 10, tzinfo=UTC)) == "2022-04-22 18:00（北京时间）"
    assert beijing_time("2022-04-22 10:00:00+00:00") == "2022-04-22 18:00（北京时间）"
    assert beijing_time(None) == "—"


def test_a_quality_alert_says_what_was_held_and_what_to_do():
    from statwatch.notify import render

    alert = {"fingerprint": "quality||||bx", "rule": "quality", "event": "firing", "title": "数据质量：2 条数据被隔离（zz_rail）",
             "payload": {"batch_id": "bx", "doc_id": "dx", "url": "http://127.0.0.1/x.html", "held": 2,
                         "failed_expectations": ["value_between", "unit_in_set"]}}
    msg = render([alert], recipient="a@statwatch.local", sender="s@statwatch.local", message_id="<q@statwatch.local>")
    text, html = decoded_bodies(msg)
    assert msg["Subject"] == "【数据源异常】数据质量：2 条数据被隔离（zz_rail）"
    for body in (text, html):
        assert "2条数据（批次bx）" in body and "value_between、unit_in_set" in body and "quarantine release" in body


def test_a_parser_that_reads_no_facts_from_a_known_kind_of_document(con):
    load_facts(con, "d22", rail_day("2022-04-22", 6, 252), published=cst("2022-04-22"))
    for n in (23, 24):
        _bulletin(con, f"d{n}", f"2022-04-{n}", "今日天气晴好，郑州局集团运输秩序平稳。")
    assert detect(con, sources=[RAIL], today=date(2022, 4, 24)).alerts == 0  # two fact-less bulletins: not yet
    _bulletin(con, "d25", "2022-04-25", "今日天气晴好，郑州局集团运输秩序平稳。")
    assert detect(con, sources=[RAIL], today=date(2022, 4, 25)).rules == {"staleness": 1}
    assert "最近一次：no_facts" in _alerts(con, "staleness")[0]["title"]


def test_a_rule_marked_needs_approval_waits_and_the_request_escapes_markdown(con, smtp_server):
    from statwatch.config import DetectionRules
    from statwatch.model import Edge
    from statwatch.notify import approval_request

    edge = Edge(rule="record", topic="rail", title="单日7列[x](javascript:alert(1))", indicator="rail.trains",
                region="郑州", period="2022-04-23",
                payload={"value": 7, "unit": "列", "period": "2022-04-23", "quote": "<img src=x onerror=alert(1)>",
                         "previous": {"value": 5, "period": "2022-04-20"}, "url": "http://127.0.0.1/x.html"})
    with wh.transaction(con):
        alerts.apply(con, [edge], rules=DetectionRules(needs_approval=["record"]))
    [alert] = _alerts(con, "record")
    assert alert["state"] == "awaiting_approval"
    _deliver(con, smtp_server)
    assert smtp_server.messages == []
    [waiting] = alerts.awaiting_approval(con)
    subject, body = approval_request(waiting, evidence="http://ui.example/statwatch/alerts/x", timeout_hours=24,
                                     on_timeout="reject")
    assert "](javascript:" not in body and "\\[x\\]\\(javascript:alert\\(1\\)\\)" in body
    assert not re.search(r"(?<!\\)<img", body) and "\\<img src=x onerror=alert\\(1\\)\\>" in body
    assert "[查看证据（原文、序列、历次版本）](http://ui.example/statwatch/alerts/x)" in body
    assert "24小时内未审核按驳回处理" in body and subject.startswith("【新纪录】")
