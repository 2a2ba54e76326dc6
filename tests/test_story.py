"""The demo story through the library (the same calls the DAG tasks make), then every view and example query: on a
DuckDB file (the embedded profile) and on a DuckLake with its catalog in PostgreSQL (the cluster profile), with the
same assertions."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from conftest import ROOT, decoded_bodies

from statwatch import pipeline, settings
from statwatch import warehouse as wh
from statwatch.notify import SmtpSettings


@pytest.fixture(scope="module", params=["duckdb", pytest.param("ducklake", marks=pytest.mark.cluster)])
def story(request, tmp_path_factory):
    """Backfill to 2022-04-21, release day by day to 2022-04-30, jump to the day the campaign completes (the demo's
    days), then one day more; run everything twice. Returns the outbox."""
    import os

    from conftest import Lake, SmtpServer

    from statwatch.config import load_sources
    from statwatch_dev.demo import STORY_END, STORY_JUMPS, STORY_START, story_days
    from statwatch_dev.publisher import Publisher

    tmp = tmp_path_factory.mktemp("story")
    lake_env = {}
    if request.param == "ducklake":
        lake_env = Lake(request.getfixturevalue("postgres"), f"story_{os.getpid()}", tmp / "lake").env()
    saved = {k: os.environ.get(k) for k in ("STATWATCH_DB", "STATWATCH_PUBLISHER_URL", "STATWATCH_VAR",
                                            "STATWATCH_STALENESS", *lake_env)}
    os.environ["STATWATCH_STALENESS"] = "off"  # a replay of 2022: today every source would be stale
    os.environ["STATWATCH_DB"] = str(tmp / "statwatch.duckdb")
    os.environ["STATWATCH_VAR"] = str(tmp / "var")
    os.environ.update(lake_env)
    if lake_env:
        con = wh.connect()
        wh.migrate(con)  # on DuckLake, DDL runs once, never inside a stage
        con.close()
    smtp = SmtpServer(tmp / "outbox").start()
    pub = Publisher(start=date(2022, 4, 21), port=0).start()
    os.environ["STATWATCH_PUBLISHER_URL"] = pub.url
    per_day = {}
    sources = [s.id for s in load_sources() if s.enabled]
    try:
        mail = SmtpSettings.from_url(smtp.url)
        for source in sources:
            pipeline.run_ingest(source, mode="backfill")
        pipeline.run_detect()
        pipeline.run_notify(mail)
        per_day[str(STORY_START)] = len(smtp.messages)
        days = story_days(STORY_START, STORY_END, STORY_JUMPS)
        for day in [*days, days[-1] + timedelta(days=1)]:
            pub.set_clock(day)
            for source in sources:
                pipeline.run_ingest(source)
            pipeline.run_detect()
            pipeline.run_notify(mail)
            per_day[str(day)] = len(smtp.messages)
        before_rerun = len(smtp.messages)
        for source in sources:
            pipeline.run_ingest(source)
        pipeline.run_detect()
        pipeline.run_notify(mail)
        yield {"messages": smtp.messages, "per_day": per_day, "rerun_added": len(smtp.messages) - before_rerun,
               "db": lake_env.get("STATWATCH_WAREHOUSE") or settings.db_path(), "backend": request.param}
    finally:
        pub.stop()
        smtp.stop()
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def _subjects(story, tag):
    return [m["Subject"] for m in story["messages"] if m["Subject"].startswith(tag)]


def test_backfill_sends_nothing_and_rerunning_everything_sends_nothing_new(story):
    assert story["per_day"]["2022-04-21"] == 0
    assert story["rerun_added"] == 0


def test_one_record_email_for_0422_naming_the_previous_record(story):
    [subject] = _subjects(story, "【新纪录】")
    assert "6列" in subject and "此前纪录5列" in subject and "2022-04-08" in subject
    assert story["per_day"]["2022-04-22"] == 1
    [msg] = [m for m in story["messages"] if m["Subject"].startswith("【新纪录】")]
    text, html = decoded_bodies(msg)
    assert "252车" in text and "215车" in text and "装车6列252车" in html


def test_one_milestone_email_when_the_total_passes_6000(story):
    [subject] = _subjects(story, "【里程碑】")
    assert "6000" in subject and "2022-04-26" in subject


def test_target_warnings_for_targets_behind_pace_only(story):
    warnings = [m for m in story["messages"] if m["Subject"].startswith("【目标预警】")]
    assert {m["To"] for m in warnings} == {"fagai@statwatch.local", "tongji@statwatch.local"}
    for msg in warnings:
        text, _ = decoded_bodies(msg)
        assert "500亿元 × 3/12 = 序时进度125亿元" in text and "实际98.6亿元" in text  # 签约额 behind
        assert "12.6%" in text and "15%" in text  # 新兴产业增加值 growth behind
        assert "招商引资产业项目" not in text and "现代服务业" not in text  # ahead of pace: no alert


def test_rank_emails_when_the_2022_q1_pages_go_live(story):
    """金水区 takes first place among 市内六区 (the city's page; 管城回族区 loses it); 文化路街道 falls from 5th to 8th
    among the 17 街道 (the district's page; with the bottom three of each category, two periods running): the
    district office gets one summary per page, 文化路街道 its own alert."""
    ranks = sorted((m["To"], m["Subject"]) for m in story["messages"] if m["Subject"].startswith("【排名】"))
    assert ranks == [
        ("kaohe@statwatch.local", "【排名】文化路街道 综合考核排名下降3位（第5→第8，17个街道）（等16项）"),
        ("kaohe@statwatch.local", "【排名】金水区 综合考核排名 市内六区第一（上期第2）（等2项）"),
        ("wenhualu@statwatch.local", "【排名】文化路街道 综合考核排名下降3位（第5→第8，17个街道）"),
    ]
    assert story["per_day"]["2022-04-28"] - story["per_day"]["2022-04-27"] == 3
    [city] = [m for m in story["messages"] if m["Subject"].startswith("【排名】金水区")]
    text, _ = decoded_bodies(city)
    assert "管城回族区 综合考核排名 失去市内六区第一（第1→第2）" in text
    assert "2021年四季度第2名 → 2022年一季度第1名" in text


def test_campaign_digest_and_completion_once_on_the_day_the_plan_is_reached(story):
    """May's bulletins arrive at once when the clock jumps to 05-25: one 【进度】 (the latest day) and the 【完成】;
    nothing the day after (the campaign is over)."""
    ops = [(m["To"], m["Subject"]) for m in story["messages"] if m["Subject"][:4] in ("【进度】", "【完成】", "【落后】")]
    assert ops == [
        ("zhifa@statwatch.local", "【完成】经开区雨污水井清掏专项行动完成计划18143个：截至5月25日累计18143个（用时25天，提前6天）"),
        ("zhifa@statwatch.local", "【进度】经开区雨污水井清掏专项行动 5月25日：累计18143个，完成计划的100.0%（序时进度80.6%），剩余6天"),
    ]
    assert story["per_day"]["2022-05-25"] - story["per_day"]["2022-04-30"] == 2
    assert story["per_day"]["2022-05-26"] == story["per_day"]["2022-05-25"]


@pytest.mark.parametrize("view", ["facts_current", "rail_daily", "economy_latest", "target_progress", "records",
                                  "rankings", "campaign_progress"])
def test_every_view_answers_on_the_demo_data(story, view):
    con = wh.connect(story["db"], read_only=True)
    assert con.execute(f"SELECT count(*) FROM {view}").fetchone()[0] > 0
    con.close()


@pytest.mark.parametrize("query", sorted(p.name for p in (ROOT / "warehouse" / "queries").glob("*.sql")))
def test_every_example_query_runs_on_the_demo_data(story, query):
    con = wh.connect(story["db"], read_only=True)
    rows = con.execute((ROOT / "warehouse" / "queries" / query).read_text(encoding="utf-8")).fetchall()
    con.close()
    if query in ("rail_last_10_days.sql", "targets_behind_pace.sql", "alerts_sent.sql", "what_we_knew_on.sql"):
        assert rows, f"{query} returned nothing on the demo data"


def test_records_view_and_target_progress_agree_with_the_story(story):
    con = wh.connect(story["db"], read_only=True)
    rec = con.execute("SELECT value, previous_max, previous_max_period FROM records WHERE indicator = 'rail.trains' "
                      "ORDER BY period DESC LIMIT 1").fetchone()
    status = dict(con.execute("SELECT indicator, status FROM target_progress").fetchall())
    con.close()
    assert rec == (6.0, 5.0, "2022-04-08")
    assert status == {"investment_projects": "on pace", "investment_signed": "behind",
                      "modern_services_va": "on pace", "emerging_industries_va": "behind"}


KEYS = {
    "documents": "url, content_hash", "facts": "indicator, measure, region, comparator, period, valid_from",
    "batches": "batch_id", "alerts": "fingerprint", "notifications": "fingerprint, event, recipient, channel, created_at",
    "targets": "indicator, measure, region, period", "http_cache": "url", "quarantine": "quarantine_id",
}


@pytest.mark.parametrize("table", sorted(KEYS))
def test_loading_everything_twice_leaves_no_duplicates(story, table):
    con = wh.connect(story["db"], read_only=True)
    n, distinct = con.execute(f"SELECT count(*), count(DISTINCT ({KEYS[table]})) FROM {table}").fetchone()
    con.close()
    assert n == distinct


def test_with_staleness_checks_on_sources_silent_since_2022_are_reported(story, tmp_path, monkeypatch):
    import shutil

    if story["backend"] != "duckdb":
        pytest.skip("copies the warehouse file")
    copy = tmp_path / "copy.duckdb"
    shutil.copy(story["db"], copy)
    monkeypatch.setenv("STATWATCH_STALENESS", "on")
    pipeline.run_detect(db=copy)
    con = wh.connect(copy, read_only=True)
    stale = con.execute("SELECT fingerprint, topic, state FROM alerts WHERE rule = 'staleness' ORDER BY 1").fetchall()
    missing = con.execute("SELECT count(DISTINCT source_id) FROM source_health WHERE kind = 'missing_release'"
                          ).fetchone()[0]
    con.close()
    assert [(f.split("|")[-1], t, s) for f, t, s in stale] == [
        (source, "ops", "firing") for source in ("jinshui_assess", "jinshui_stats", "jk_ops", "zz_rail")]
    assert missing == 4
