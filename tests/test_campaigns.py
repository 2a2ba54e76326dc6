"""campaign_pace over operations campaigns (config/campaigns.yaml): 序时进度 by days, 【落后】 once and 【恢复】,
【完成】 once, one 【进度】 digest per campaign and as-of day however many bulletins arrive; the campaign_progress view.
Real warehouse, real SMTP server."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from conftest import decoded_bodies
from helpers import cst, load_facts

from statwatch import settings
from statwatch import warehouse as wh
from statwatch.config import Campaign, load_campaigns
from statwatch.errors import ConfigError
from statwatch.model import Fact
from statwatch.notify import SmtpSettings, deliver_pending
from statwatch.pipeline import detect_alerts as detect
from statwatch.targets import Pace, campaign_pace

START = date(2022, 5, 1)
PLAN = 18143


def _bulletin(con, day: date, cumulative: float, today: float | None = None, *, doc: str | None = None,
              mode: str = "live", hour: int = 18) -> None:
    """One daily bulletin of 经开区综合行政执法局: the cumulative count since the campaign began, the day's count."""
    span = f"{START}/{day}"
    facts = [Fact("ops.wells_cleared", "level", span, cumulative, "个", region="经开区",
                  quote=f"截至目前，累计清掏雨污水井{cumulative:g}个")]
    if today is not None:
        facts.append(Fact("ops.wells_cleared", "level", day.isoformat(), today, "个", region="经开区",
                          quote=f"当日清掏雨污水井{today:g}个"))
    load_facts(con, doc or f"ops{day:%m%d}", facts, published=cst(day.isoformat(), hour), mode=mode,
               source_id="jk_ops")


def _alerts(con, rule: str) -> list[dict]:
    return wh.fetch_dicts(con, "SELECT * FROM alerts WHERE rule = ? ORDER BY period, first_seen", [rule])


def _deliver(con, smtp_server) -> None:
    deliver_pending(con, SmtpSettings.from_url(smtp_server.url))


def test_pace_counts_days_of_the_campaign_window():
    c = load_campaigns().campaigns[0]
    assert (c.id, c.plan, c.start, c.deadline) == ("jk_wells_2022", PLAN, START, date(2022, 5, 31))
    pace = campaign_pace(c, 12000, date(2022, 5, 20))
    assert (pace.elapsed, pace.window) == (20, 31)
    assert pace.arithmetic("个") == ("计划18143个 × 20/31天 = 序时进度11705.16个；实际12000个，超出294.84个"
                                    "（为序时进度的102.5%，完成计划的66.1%）")
    assert campaign_pace(c, 0, date(2022, 4, 30)).elapsed == 0 and campaign_pace(c, 0, date(2022, 6, 9)).elapsed == 31
    with pytest.raises(ValueError):
        Pace(100, 13, 50, 0.0)  # a year has 12 months


def test_campaign_config_errors_name_file_line_and_key(tmp_path):
    bad = tmp_path / "campaigns.yaml"
    bad.write_text("campaigns:\n  - id: jk_wells_2022\n    name: 清掏\n    indicator: ops.wells_cleared\n"
                   "    region: 经开区\n    unit: 个\n    start: 2022-05-01\n    deadline: 2022-04-30\n"
                   "    plan: 18143\n    colour: red\n", encoding="utf-8")
    with pytest.raises(ConfigError) as e:
        load_campaigns(bad)
    msg = str(e.value)
    assert f"{bad} line 8: campaigns.0.deadline: Value error, deadline 2022-04-30 is before start" in msg
    assert f"{bad} line 10: campaigns.0.colour: Extra inputs are not permitted" in msg
    assert load_campaigns(tmp_path / "absent.yaml").campaigns == []
    one = "  - {id: a_1, name: n, indicator: i, region: r, unit: 个, start: 2022-05-01, deadline: 2022-05-31, plan: 1}\n"
    bad.write_text("campaigns:\n" + one + one, encoding="utf-8")
    with pytest.raises(ConfigError, match=r"campaigns: Value error, duplicate campaign ids: \['a_1'\]"):
        load_campaigns(bad)
    assert Campaign(id="x_1", name="n", indicator="i", region="r", unit="个", start=START, deadline=START,
                    plan=1).tolerance == 0.0


def test_several_bulletins_in_one_pass_send_one_digest_of_the_latest_day(con, smtp_server):
    for i, cum in enumerate([500, 1100, 1800, 2500, 3300]):
        _bulletin(con, START + timedelta(days=i), cum, today=cum - ([0, 500, 1100, 1800, 2500][i]))
    s = detect(con)
    digests = _alerts(con, "campaign_digest")
    assert [d["period"] for d in digests] == ["2022-05-05"] and s.rules.get("campaign_digest") == 1
    assert digests[0]["fingerprint"] == "campaign_digest|ops.wells_cleared|经开区|2022-05-05|jk_wells_2022"
    assert digests[0]["title"] == "经开区雨污水井清掏专项行动 5月5日：累计3300个，完成计划的18.2%（序时进度16.1%），剩余26天"
    _deliver(con, smtp_server)
    [msg] = [m for m in smtp_server.messages if m["Subject"].startswith("【进度】")]
    assert msg["To"] == "zhifa@statwatch.local"
    text, _ = decoded_bodies(msg)
    assert "当日：800个" in text and "自5月1日开始以来：新增3300个" in text
    assert "序时进度：第5天/共31天，应达2926.29个，超出序时进度373.71个" in text
    assert "原文：“截至目前，累计清掏雨污水井3300个”" in text
    # The next day: one digest, summarising since the last one; a correction of that day sends nothing more.
    _bulletin(con, START + timedelta(days=5), 4000, today=700)
    detect(con)
    _bulletin(con, START + timedelta(days=5), 4100, today=800, doc="ops0506r", hour=21)
    assert "campaign_digest" not in detect(con).rules
    _deliver(con, smtp_server)
    digests = [m for m in smtp_server.messages if m["Subject"].startswith("【进度】")]
    assert len(digests) == 2
    text, _ = decoded_bodies(digests[1])
    assert "自5月5日日报以来：新增700个" in text


def test_behind_pace_once_then_back_on_pace(con, smtp_server):
    _bulletin(con, date(2022, 5, 10), 3000)  # 序时进度 18143 × 10/31 = 5852.58
    detect(con)
    _bulletin(con, date(2022, 5, 11), 3500)  # still behind: no second 【落后】
    detect(con)
    [behind] = _alerts(con, "campaign_pace")
    assert behind["state"] == "firing"
    assert behind["fingerprint"] == "campaign_pace|ops.wells_cleared|经开区|2022-05-01/2022-05-31|jk_wells_2022"
    _bulletin(con, date(2022, 5, 12), 7500)  # 18143 × 12/31 = 7023.10: caught up
    detect(con)
    assert _alerts(con, "campaign_pace")[0]["state"] == "resolved"
    _deliver(con, smtp_server)
    subjects = [m["Subject"] for m in smtp_server.messages]
    assert subjects.count("【落后】经开区雨污水井清掏专项行动落后序时进度：截至5月10日累计3000个，应达5852.58个"
                          "（计划18143个，5月31日前完成）") == 1
    assert sum(s.startswith("【恢复】") for s in subjects) == 1
    assert sum(s.startswith("【进度】") for s in subjects) == 3  # one digest a day, besides
    text, _ = decoded_bodies(next(m for m in smtp_server.messages if m["Subject"].startswith("【落后】")))
    assert "计划18143个 × 10/31天 = 序时进度5852.58个；实际3000个，落后2852.58个" in text


def test_completed_once_and_no_digest_after_the_day_it_completed(con, smtp_server):
    _bulletin(con, date(2022, 5, 10), 3000)
    detect(con)  # behind
    _bulletin(con, date(2022, 5, 24), 17000)
    _bulletin(con, date(2022, 5, 25), PLAN)  # the jump: two bulletins in one pass, the plan reached on 05-25
    s = detect(con)
    assert s.rules.get("campaign_done") == 1 and s.rules.get("campaign_digest") == 1
    [done] = _alerts(con, "campaign_done")
    assert done["title"] == "经开区雨污水井清掏专项行动完成计划18143个：截至5月25日累计18143个（用时25天，提前6天）"
    assert _alerts(con, "campaign_pace")[0]["state"] == "resolved"  # quietly: the 【完成】 says it
    _bulletin(con, date(2022, 5, 26), PLAN)  # later bulletins repeat the total
    assert detect(con).rules == {}
    _deliver(con, smtp_server)
    subjects = [m["Subject"] for m in smtp_server.messages]
    assert sum(s.startswith("【完成】") for s in subjects) == 1
    assert not any(s.startswith("【恢复】") for s in subjects)
    assert [s for s in subjects if s.startswith("【进度】")][-1].startswith("【进度】经开区雨污水井清掏专项行动 5月25日")


def test_counts_before_the_start_and_backfill_are_not_told(con):
    load_facts(con, "apr", [Fact("ops.wells_cleared", "level", "2022-04-01/2022-04-30", 900, "个", region="经开区",
                                 quote="累计清掏900个")], published=cst("2022-04-30"), source_id="jk_ops")
    assert detect(con).rules == {}  # April's preparatory work is not the campaign's count
    _bulletin(con, date(2022, 5, 3), 200, mode="backfill")
    s = detect(con)
    assert s.alerts == 0 and s.suppressed == 2  # behind pace and the digest, recorded as suppressed
    assert con.execute("SELECT count(*) FROM notifications").fetchone()[0] == 0


def test_campaign_progress_view(con):
    _bulletin(con, date(2022, 5, 10), 3000, today=400)
    _bulletin(con, date(2022, 5, 20), 12000)
    detect(con)  # syncs config/campaigns.yaml into `campaigns`
    rows = wh.fetch_dicts(con, "SELECT * FROM campaign_progress ORDER BY as_of")
    assert [(str(r["as_of"]), r["cumulative"], r["day_count"], r["elapsed_days"], r["window_days"], r["days_left"],
             round(r["expected"], 2), r["behind"], r["completed"]) for r in rows] == [
        ("2022-05-10", 3000, 400, 10, 31, 21, 5852.58, True, False),
        ("2022-05-20", 12000, None, 20, 31, 11, 11705.16, False, False)]
    assert rows[0]["campaign_id"] == "jk_wells_2022" and rows[0]["plan"] == PLAN
    today = wh.read_query(con, (settings.warehouse_dir() / "queries" / "campaigns_today.sql").read_text())
    assert [(str(r["as_of"]), r["pct_of_plan"]) for r in today] == [("2022-05-20", 66.1)]
