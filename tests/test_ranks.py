"""rank_change over assessment ranks (四挂钩): moves by N places, first place reached or lost, the bottom three two
periods running; revisions do not tell an event twice; routing by region. Real warehouse, real SMTP server."""

from __future__ import annotations

from conftest import decoded_bodies
from helpers import cst, load_facts

from statwatch import settings
from statwatch import warehouse as wh
from statwatch.detect import rank_events
from statwatch.extract.rankings import population_size
from statwatch.model import Fact
from statwatch.notify import SmtpSettings, deliver_pending
from statwatch.pipeline import detect_alerts as detect

Q4, Q1 = "2021-10/2021-12", "2022-01/2022-03"
DISTRICTS = ["二七区", "金水区", "中原区", "管城回族区", "惠济区", "上街区"]
STREETS = ["经八路街道", "花园路街道", "人民路街道", "杜岭街道", "丰产路街道", "大石桥街道", "南阳路街道", "南阳新村街道",
           "文化路街道", "东风路街道", "北林路街道", "未来路街道", "凤凰台街道", "龙子湖街道", "博学路街道", "兴达路街道",
           "如意湖街道"]
PARKS = ["金水科教园区", "国家大学科技园", "北部物流园区", "东区产业园区"]


def _table(order: list[str], period: str, population: str, indicator: str = "assessment.overall") -> list[Fact]:
    """One ranking table: the units in rank order, the cell text as the quote."""
    return [Fact(indicator, "rank", period, i, "rank", region=u, comparator=population, quote=f"{u} 第{i}名")
            for i, u in enumerate(order, 1)]


def _moved(order: list[str], unit: str, to: int) -> list[str]:
    rest = [u for u in order if u != unit]
    return rest[:to - 1] + [unit] + rest[to - 1:]


def _q1_streets() -> list[str]:
    """丰产路街道 5 → 8 (down 3), 大石桥街道 6 → 5 … (others move by one); the bottom three stay the bottom three
    (博学路街道 15 → 15, 兴达路街道 16 → 17, 如意湖街道 17 → 16)."""
    order = _moved(STREETS, "丰产路街道", 8)
    return _moved(order, "如意湖街道", 16)


def _history(con, mode="backfill"):
    load_facts(con, "a4", _table(DISTRICTS, Q4, "市内六区") + _table(STREETS, Q4, "17个街道")
               + _table(PARKS, Q4, "4个园区"), published=cst("2022-01-20"), mode=mode, source_id="jinshui_assess")
    detect(con)


def _q1(con, doc="a1", streets=None, mode="live", published="2022-04-28"):
    districts = ["金水区", "二七区", *DISTRICTS[2:]]  # 金水区 2 → 1, 二七区 1 → 2
    parks = [PARKS[0], PARKS[2], PARKS[1], PARKS[3]]  # a park table: bottom 3 of 4 is no news
    load_facts(con, doc, _table(districts, Q1, "市内六区") + _table(streets or _q1_streets(), Q1, "17个街道")
               + _table(parks, Q1, "4个园区"), published=cst(published), mode=mode, source_id="jinshui_assess")
    return detect(con)


def _ranks(con):
    return {r["fingerprint"]: r for r in wh.fetch_dicts(con, "SELECT * FROM alerts WHERE rule = 'rank_change'")}


def test_population_size_and_events():
    assert (population_size("17个街道"), population_size("市内六区"), population_size("4个园区"),
            population_size("全市")) == (17, 6, 4, None)
    assert rank_events(1, 2, 6, 6, 3, 3, 10) == ["first_reached"]
    assert rank_events(4, 1, 6, 6, 3, 3, 10) == ["first_lost"]  # the move is in the first-place notice
    assert rank_events(8, 5, 17, 17, 3, 3, 10) == ["down"]
    assert rank_events(5, 8, 17, 17, 3, 3, 10) == ["up"]
    assert rank_events(7, 5, 17, 17, 3, 3, 10) == []  # two places: below the threshold
    assert rank_events(16, 17, 17, 17, 3, 3, 10) == ["bottom"]
    assert rank_events(16, 14, 17, 17, 3, 3, 10) == []  # bottom three this period only
    assert rank_events(4, 3, 4, 4, 3, 3, 10) == []  # 4个园区: too few units for a bottom three


def test_q1_page_fires_first_place_moves_and_bottom_three_only(con):
    _history(con)
    s = _q1(con)
    got = {fp: a["title"] for fp, a in _ranks(con).items()}
    assert got == {
        "rank_change|assessment.overall|金水区|2022-01/2022-03|市内六区/first_reached":
            "金水区 综合考核排名 市内六区第一（上期第2）",
        "rank_change|assessment.overall|二七区|2022-01/2022-03|市内六区/first_lost":
            "二七区 综合考核排名 失去市内六区第一（第1→第2）",
        "rank_change|assessment.overall|丰产路街道|2022-01/2022-03|17个街道/moved":
            "丰产路街道 综合考核排名下降3位（第5→第8，17个街道）",
        "rank_change|assessment.overall|如意湖街道|2022-01/2022-03|17个街道/bottom":
            "如意湖街道 综合考核排名 连续两期17个街道倒数前3（上期第17，本期第16）",
        "rank_change|assessment.overall|兴达路街道|2022-01/2022-03|17个街道/bottom":
            "兴达路街道 综合考核排名 连续两期17个街道倒数前3（上期第16，本期第17）",
        "rank_change|assessment.overall|博学路街道|2022-01/2022-03|17个街道/bottom":
            "博学路街道 综合考核排名 连续两期17个街道倒数前3（上期第15，本期第15）",
    }  # 4个园区: bottom three of four both quarters, and no news (too few units)
    assert s.rules == {"rank_change": 6} and s.suppressed == 0
    a = _ranks(con)["rank_change|assessment.overall|丰产路街道|2022-01/2022-03|17个街道/moved"]
    assert a["topic"] == "rankings" and a["state"] == "firing"
    p = wh.fetch_dicts(con, "SELECT payload->>'$.previous.period' AS pp, payload->>'$.previous.value' AS pv, "
                            "payload->>'$.population' AS n, payload->>'$.quote' AS q, payload->>'$.url' AS url "
                            "FROM alerts WHERE fingerprint = ?", [a["fingerprint"]])[0]
    assert (p["pp"], p["pv"], p["n"], p["q"]) == (Q4, "5", "17", "丰产路街道 第8名")
    assert p["url"].endswith("/a1.html")
    assert detect(con).alerts == 0  # edge-triggered


def test_first_period_is_a_baseline_and_years_compare_with_years(con):
    _q1(con)  # no earlier quarter: nothing to compare with
    assert _ranks(con) == {}
    load_facts(con, "y21", _table(DISTRICTS, "2021", "市内六区"), published=cst("2022-02-10"),
               source_id="jinshui_assess", mode="backfill")
    detect(con)
    load_facts(con, "y22", _table(["金水区", *[d for d in DISTRICTS if d != "金水区"]], "2022", "市内六区"),
               published=cst("2023-02-10"), source_id="jinshui_assess")
    detect(con)
    assert set(_ranks(con)) == {"rank_change|assessment.overall|金水区|2022|市内六区/first_reached",
                                "rank_change|assessment.overall|二七区|2022|市内六区/first_lost"}


def test_backfill_is_suppressed(con):
    _history(con)
    s = _q1(con, mode="backfill")
    assert s.alerts == 0 and s.suppressed == 6
    assert {a["state"] for a in _ranks(con).values()} == {"suppressed"}
    assert con.execute("SELECT count(*) FROM notifications").fetchone()[0] == 0


def test_a_revised_page_does_not_tell_the_same_event_again(con, smtp_server):
    _history(con)
    _q1(con)
    deliver_pending(con, SmtpSettings.from_url(smtp_server.url))
    sent = len(smtp_server.messages)
    # The same quarter's page revised: 丰产路街道 now 9th (still the same event: moved down), the rest unchanged.
    revised = _moved(_q1_streets(), "丰产路街道", 9)
    s = _q1(con, doc="a1r", streets=revised, published="2022-04-29")
    assert "rank_change" not in s.rules  # no rank event told twice
    assert s.rules.get("revision", 0) >= 1  # the changed cells are revisions (【数据修订】)
    deliver_pending(con, SmtpSettings.from_url(smtp_server.url))
    subjects = [m["Subject"] for m in smtp_server.messages[sent:]]
    assert subjects and all("【排名】" not in s for s in subjects)
    assert any(s.startswith("【数据修订】") for s in subjects)
    titles = [r[0] for r in con.execute("SELECT title FROM alerts WHERE rule = 'revision' ORDER BY title").fetchall()]
    assert "丰产路街道综合考核排名（17个街道）（2022年一季度）数据修订：第8名 → 第9名（下降1位）" in titles


def test_a_revised_page_that_undoes_an_event_withdraws_its_alert(con, smtp_server):
    _history(con)
    _q1(con)
    deliver_pending(con, SmtpSettings.from_url(smtp_server.url))
    sent = len(smtp_server.messages)
    moved = "rank_change|assessment.overall|丰产路街道|2022-01/2022-03|17个街道/moved"
    # The same quarter revised: 丰产路街道 6th, not 8th (5 → 6 is no move of three places); the rest as before.
    s = _q1(con, doc="a1r", streets=_moved(_q1_streets(), "丰产路街道", 6), published="2022-04-29")
    assert s.rules.get("rank_change") == 1 and s.rules.get("revision", 0) >= 1
    alert = _ranks(con)[moved]
    assert alert["state"] == "withdrawn"
    assert alert["title"] == ("丰产路街道 综合考核排名提醒撤回：2022年一季度修订为第6名（上期第5名，17个街道），"
                              "原提醒“丰产路街道 综合考核排名下降3位（第5→第8，17个街道）”不再成立")
    assert {fp: a["state"] for fp, a in _ranks(con).items() if fp != moved} == {
        fp: "firing" for fp in _ranks(con) if fp != moved}, "the other events still hold"
    deliver_pending(con, SmtpSettings.from_url(smtp_server.url))
    own = [m for m in smtp_server.messages[sent:] if m["To"] == "fengchanlu@statwatch.local"]
    assert own and all(m["Subject"].startswith("【数据修订】") for m in own)
    [withdrawal] = [m for m in own if "提醒撤回" in m["Subject"]]  # beside the revision's own notice
    text, html = decoded_bodies(withdrawal)
    assert "此前发出的【排名】提醒“丰产路街道 综合考核排名下降3位（第5→第8，17个街道）”撤回" in text
    assert "撤回" in html and "本期" in html
    # revised once more, back to 8th: the event holds again and is told again
    s = _q1(con, doc="a1r2", streets=_q1_streets(), published="2022-04-30")
    assert s.rules.get("rank_change") == 1 and _ranks(con)[moved]["state"] == "firing"
    assert detect(con).alerts == 0  # edge-triggered: nothing more


def test_an_older_quarter_loaded_late_is_no_news(con):
    _history(con)
    _q1(con)
    # 2021-Q3 arrives after Q4 and Q1: a rank against Q2 would be old news.
    load_facts(con, "q2", _table(STREETS, "2021-04/2021-06", "17个街道"), published=cst("2021-07-20"),
               source_id="jinshui_assess", mode="backfill")
    detect(con)
    load_facts(con, "q3", _table(list(reversed(STREETS)), "2021-07/2021-09", "17个街道"), published=cst("2022-05-02"),
               source_id="jinshui_assess")
    assert detect(con).rules == {}


def test_units_contacts_and_the_district_office_summary(con, smtp_server):
    _history(con)
    _q1(con)
    deliver_pending(con, SmtpSettings.from_url(smtp_server.url))
    by_rcpt: dict[str, list] = {}
    for m in smtp_server.messages:
        by_rcpt.setdefault(m["To"], []).append(m)
    # the district office: one summary e-mail of the page's six rank alerts; 丰产路街道's contacts: their own alert
    assert sorted(by_rcpt) == ["fengchanlu@statwatch.local", "kaohe@statwatch.local"]
    [summary] = by_rcpt["kaohe@statwatch.local"]
    # the subject leads with first place reached, then moves, then first place lost, then the bottom of the table
    assert summary["Subject"] == "【排名】金水区 综合考核排名 市内六区第一（上期第2）（等6项）"
    text, html = decoded_bodies(summary)
    assert "金水区 综合考核排名 市内六区第一（上期第2）" in text and "如意湖街道" in text
    assert "2021年四季度第2名 → 2022年一季度第1名，上升1位（市内六区，共6个单位）" in text
    [own] = by_rcpt["fengchanlu@statwatch.local"]
    assert own["Subject"] == "【排名】丰产路街道 综合考核排名下降3位（第5→第8，17个街道）"
    text, html = decoded_bodies(own)
    assert "上期：第5名（2021年四季度；原文“丰产路街道 第5名”）" in text and "丰产路街道 第8名" in html
    # a table fact's quote is its cell: the e-mail says which row and column it is
    assert "单元格：丰产路街道（行）×综合考核排名（列）" in text and "丰产路街道（行）×综合考核排名（列）" in html


def test_rankings_view(con):
    _history(con)
    _q1(con)
    load_facts(con, "s1", [Fact("assessment.overall", "level", Q1, 96.5, "分", region="丰产路街道",
                                comparator="17个街道", quote="丰产路街道 96.5")], published=cst("2022-04-28"),
               source_id="jinshui_assess")
    rows = wh.fetch_dicts(con, "SELECT * FROM rankings WHERE period = ? AND unit IN ('丰产路街道', '金水区') "
                               "ORDER BY unit", [Q1])
    assert [(r["unit"], r["category"], r["population"], r["units_ranked"], r["rank"], r["previous_period"],
             r["previous_rank"], r["change"], r["score"]) for r in rows] == [
        ("丰产路街道", "overall", "17个街道", 17, 8, Q4, 5, -3, 96.5),
        ("金水区", "overall", "市内六区", 6, 1, Q4, 2, 1, None)]
    moved = wh.read_query(con, (settings.warehouse_dir() / "queries" / "rank_changes.sql").read_text())
    assert {(r["unit"], r["change"]) for r in moved} == {("丰产路街道", -3), ("金水区", 1), ("二七区", -1)}
