"""The sample publisher's long-history mode: generated bulletins and releases before the story."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from xml.etree import ElementTree

import pytest
import requests
from click.testing import CliRunner

from statwatch import warehouse as wh
from statwatch.config import get_source
from statwatch.extract import extract_bytes
from statwatch.ingest import ingest_source
from statwatch_dev.cli import publisher as publisher_command
from statwatch_dev.publisher import Publisher, history, story
from statwatch_dev.publisher.documents import documents, site_pages
from statwatch_dev.publisher.site import FEED_SIZE, OPS_FEED_SIZE

T = 10


@pytest.fixture(scope="module")
def pub():
    p = Publisher(start=date(2022, 4, 30), host="127.0.0.1", port=0, history_years=10)
    p.start()
    yield p
    p.stop()


def test_default_site_is_the_story():
    assert documents() == documents(0)
    assert len([d for d in documents() if d.kind == "rail"]) == len(story.rail_days()) == 61
    assert history.rail_history(0) == () and history.stats_history(0) == ()


def test_ten_years_of_documents():
    docs = documents(10)
    rail = [d for d in docs if d.kind == "rail"]
    releases = [d for d in docs if d.kind == "stats" and d.path != story.TARGETS_PATH]
    assert rail[0].day == date(2012, 5, 1) and rail[-1].day == date(2022, 4, 30)
    assert [d.day for d in rail] == [date(2012, 5, 1) + timedelta(n) for n in range(len(rail))]  # every day, once
    assert len(rail) == 3652 and len(releases) == 40
    assert len({d.path for d in docs}) == len(docs)
    by_path = {d.path: d for d in docs}
    assert all(by_path[d.path] == d for d in documents(0))  # the story's pages are unchanged


def test_running_total_is_monotone_and_joins_the_story():
    days = history.rail_history(10) + story.rail_days()
    assert days[0].cumulative > 0
    for before, after in zip(days, days[1:], strict=False):
        assert after.cumulative == before.cumulative + after.trains
        assert sum(c for _, _, c in after.routes) == after.trains
    earlier_high = max(r.wagons for r in days if r.day < story.RECORD_DAY)
    assert earlier_high == 215  # the record day of the story still beats everything before it


def test_one_year_is_the_last_year_of_ten():
    one, ten = history.rail_history(1), history.rail_history(10)
    assert one[0].day == date(2021, 5, 1) and ten[-len(one):] == one
    assert history.stats_history(1) == ()  # the story's releases already cover that year


def test_release_levels_grow_within_a_year_and_across_years():
    releases = history.stats_history(10) + story.stats_releases()
    by_year: dict[int, list] = {}
    for r in releases:
        by_year.setdefault(r.year, []).append(r)
    for year, rs in by_year.items():
        levels = [r.values["gdp"] for r in sorted(rs, key=lambda r: r.published)]
        assert levels == sorted(levels), year
    annual = [r.values["gdp"] for r in releases if r.label == "全年"]
    assert annual == sorted(annual)


def test_history_years_out_of_range():
    with pytest.raises(ValueError, match="history_years"):
        Publisher(history_years=11)


def test_feed_keeps_the_newest_items_and_all_gives_the_archive(pub):
    short = ElementTree.fromstring(requests.get(pub.url + "/rail/feed.xml", timeout=T).content)
    links = [i.findtext("link") for i in short.iter("item")]
    assert len(links) == FEED_SIZE and links[0].endswith("/rail/2022/04/30.html")
    full = ElementTree.fromstring(requests.get(pub.url + "/rail/feed.xml?all=1", timeout=T).content)
    links = [i.findtext("link") for i in full.iter("item")]
    assert len(links) == 3652 and links[-1].endswith("/rail/2012/05/01.html")


def test_stats_listing_walks_back_to_2012(pub):
    first = requests.get(pub.url + "/stats/index.html", timeout=T).content.decode("gbk")
    assert "共41条" in first  # 40 releases and the targets page, 3 a page
    last = requests.get(pub.url + "/stats/index_13.html", timeout=T).content.decode("gbk")
    assert "t20120727_h1.html" in last


@pytest.mark.parametrize("path,kind,day", [("/rail/2013/06/01.html", "rail", date(2013, 6, 1)),
                                           ("/stats/2012/t20120727_h1.html", "stats", date(2012, 7, 27))])
def test_generated_pages_read_like_the_story(pub, path, kind, day):
    r = requests.get(pub.url + path, timeout=T)
    assert r.status_code == 200
    _, facts = extract_bytes(r.content, content_type=r.headers["Content-Type"], kind=kind, doc=r.url, doc_date=day)
    got = {(f.indicator, f.measure, f.period, round(f.value, 4)) for f in facts}
    doc = next(d for d in documents(10) if d.path == path)
    expected = {(f["indicator"], f["measure"], f["period"], round(f["value"], 4)) for f in doc.facts}
    assert expected <= got


def test_cli_option():
    result = CliRunner().invoke(publisher_command, ["--history-years", "12"])
    assert result.exit_code != 0 and "history-years" in result.output


# ---- the assessment rankings and the flood seasons (issue 14's sites) -------------------------------------------

def test_history_of_the_assessment_and_ops_sites_per_year():
    pages = site_pages(10)
    assess = Counter(int(p.path.split("_")[1][:4]) for p in pages if p.kind == "assess")
    ops = Counter(p.day.year for p in pages if p.kind == "ops")
    # every year before 2021: four quarters and the year, a district and a city page each
    assert {y: n for y, n in assess.items() if y < 2021} == {y: 10 for y in range(2011, 2021)}
    assert {y: n for y, n in ops.items() if y < 2022} == {y: 153 for y in range(2012, 2022)}  # 1 April … 31 August
    assert len({p.path for p in pages}) == len(pages)
    story_pages = {p.path: p for p in site_pages()}
    assert [p for p in pages if p.path in story_pages] == list(story_pages.values())  # the story's pages unchanged
    assert site_pages(0) == site_pages() and history.assess_history(0) == ((), {}) and history.ops_history(0) == ()


def test_each_earlier_season_completes_its_own_campaign():
    for season, days in history.ops_history(10):
        done = next(o for o in days if o.wells_total == season.plan)
        assert done.day == season.done <= season.deadline and days[-1].wells_total == season.plan
        assert all(o.wells == 0 for o in days if o.day < season.start)
    plans = [s.plan for s, _ in history.ops_history(10)] + [story.CAMPAIGN_PLAN]
    assert plans == sorted(plans)


def test_rankings_move_by_adjacent_swaps_into_the_story():
    periods, by = history.assess_history(10)
    quarters = [k for k, *_ in periods if "q" in k] + ["2021q1"]
    every = {**by, "2021q1": story.rankings()["2021q1"]}
    for a, b in zip(quarters, quarters[1:], strict=False):
        for pop, r in every[b].items():
            for code, cat in r.categories.items():
                moves = [abs(rank - every[a][pop].categories[code][u][1]) for u, (_, rank) in cat.items()]
                assert max(moves) <= len(cat) // 2 + 1, (a, b, pop, code)
    assert history.assess_history(1)[1]["2020q4"] == by["2020q4"]  # one year is the last year of ten


def test_the_ops_feed_and_assess_listing_give_the_archive(pub):
    short = ElementTree.fromstring(requests.get(pub.url + "/ops/feed.xml", timeout=T).content)
    links = [i.findtext("link") for i in short.iter("item")]
    assert len(links) == OPS_FEED_SIZE and links[0].endswith("/ops/2022/04/30.html")  # April 2022, then 2021's season
    full = ElementTree.fromstring(requests.get(pub.url + "/ops/feed.xml?all=1", timeout=T).content)
    links = [i.findtext("link") for i in full.iter("item")]
    assert len(links) == 10 * 153 + 30 and links[-1].endswith("/ops/2012/04/01.html")
    listing = requests.get(pub.url + "/assess/index.html", timeout=T).text
    assert listing.count('<li><a href="./') == 100 + 12 and "./2011/t20110428_2011q1_jd.html" in listing  # and the story's 12


@pytest.mark.parametrize("path", ["/ops/2012/05/01.html", "/ops/2016/04/09.html", "/ops/2019/05/20.html",
                                  "/ops/2021/07/30.html", "/assess/2011/t20110428_2011q1_jd.html",
                                  "/assess/2018/t20180127_2017q4_city.html", "/assess/2021/t20210225_2020_jd.html"])
def test_history_pages_extract_to_their_expected_facts(pub, path):
    r = requests.get(pub.url + path, timeout=T)
    assert r.status_code == 200
    page = next(p for p in site_pages(10) if p.path == path)
    src = get_source("jk_ops" if page.kind == "ops" else "jinshui_assess")
    _, facts = extract_bytes(r.content, content_type=r.headers["Content-Type"], doc_date=page.day, kind=src.kind)
    got = sorted((f.indicator, f.measure, f.period, round(f.value, 4), src.canonical_region(f.region), f.quote)
                 for f in facts)
    assert got == sorted((f["indicator"], f["measure"], f["period"], round(f["value"], 4), f["region"], f["quote"])
                         for f in page.facts)


def test_a_backfill_loads_the_history_of_both_sites(db_path, monkeypatch):
    monkeypatch.setenv("STATWATCH_STALENESS", "off")
    with Publisher(start=date(2021, 12, 31), host="127.0.0.1", port=0, history_years=1) as p:
        sources = [get_source("jinshui_assess").model_copy(update={"feed": get_source("jinshui_assess").feed.model_copy(
                       update={"url": p.url + "/assess/index.html"})}),
                   get_source("jk_ops").model_copy(update={"feed": get_source("jk_ops").feed.model_copy(
                       update={"url": p.url + "/ops/feed.xml?all=1"})})]
        with wh.writer(db_path) as con:
            for s in sources:
                ingest_source(s, con=con, mode="backfill")
            docs = dict(con.execute("SELECT source_id, count(*) FROM documents WHERE status = 'loaded' GROUP BY 1").fetchall())
            wells = con.execute("SELECT max(value) FROM facts WHERE indicator = 'ops.wells_cleared' AND period LIKE '2021-05-01/%'"
                                ).fetchone()[0]
    assert docs == {"jinshui_assess": 10 + 6, "jk_ops": 153}  # 2020 and 2021-Q1…Q3; the 2021 season
    assert wells == history.ops_history(1)[0][0].plan
