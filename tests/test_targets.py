"""Targets against 序时进度: behind alerts with arithmetic, ahead stays quiet, back on pace sends 恢复."""

from __future__ import annotations

from conftest import decoded_bodies
from helpers import cst, load_facts

from statwatch import warehouse as wh
from statwatch.model import Fact
from statwatch.notify import SmtpSettings, deliver_pending
from statwatch.pipeline import detect_alerts as detect
from statwatch.targets import Pace


def _q1(signed=98.6, projects=56, services=372.4, emerging=12.6):
    p = "2022-01/2022-03"
    return [
        Fact("investment_projects", "level", p, projects, "个", region="金水区", quote=f"招商引资产业项目{projects}个"),
        Fact("investment_signed", "level", p, signed, "亿元", region="金水区", quote=f"签约额{signed}亿元"),
        Fact("modern_services_va", "level", p, services, "亿元", region="金水区", quote=f"现代服务业增加值{services}亿元"),
        Fact("emerging_industries_va", "yoy_pct", p, emerging, "%", region="金水区", quote=f"新兴产业增加值增长{emerging}%"),
    ]


def test_pace_arithmetic():
    pace = Pace(target=500, elapsed=3, actual=98.6, tolerance=0.0)
    assert pace.expected == 125 and pace.behind
    assert "500亿元 × 3/12 = 序时进度125亿元" in pace.arithmetic("亿元") and "落后26.4亿元" in pace.arithmetic("亿元")
    assert not Pace(200, 3, 56, 0.0).behind
    assert not Pace(500, 3, 120, 0.05).behind  # within the tolerance


def test_q1_release_alerts_each_target_behind_and_none_ahead(con, smtp_server):
    load_facts(con, "q1", _q1(), published=cst("2022-04-25"), source_id="jinshui_stats")
    s = detect(con)
    rows = wh.fetch_dicts(con, "SELECT rule, indicator, state, title, payload FROM alerts ORDER BY indicator")
    assert {(r["rule"], r["indicator"]) for r in rows} == {("target_pace", "investment_signed"),
                                                           ("growth_target", "emerging_industries_va")}
    assert s.alerts == 2
    deliver_pending(con, SmtpSettings.from_url(smtp_server.url))
    # targets go to two recipients (发改委, 统计局); the two alerts of one release share one e-mail each
    assert len(smtp_server.messages) == 2
    text, html = decoded_bodies(smtp_server.messages[0])
    assert smtp_server.messages[0]["Subject"].startswith("【目标预警】")
    assert "500亿元 × 3/12 = 序时进度125亿元" in text and "实际98.6亿元" in text
    assert "差2.4个百分点" in text
    assert "序时进度" in html


def test_back_on_pace_sends_a_recovery_notice_once(con, smtp_server):
    load_facts(con, "q1", _q1(), published=cst("2022-04-25"), source_id="jinshui_stats")
    detect(con)
    h1 = [Fact("investment_signed", "level", "2022-01/2022-06", 260.0, "亿元", region="金水区", quote="签约额260亿元")]
    load_facts(con, "h1", h1, published=cst("2022-07-25"), source_id="jinshui_stats")
    detect(con)
    assert con.execute("SELECT state FROM alerts WHERE indicator = 'investment_signed'").fetchone()[0] == "resolved"
    assert detect(con).alerts == 0
    deliver_pending(con, SmtpSettings.from_url(smtp_server.url))
    subjects = [m["Subject"] for m in smtp_server.messages]
    assert sum("【恢复】" in s for s in subjects) == 2  # one per recipient of the targets route
