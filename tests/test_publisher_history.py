"""The sample publisher's long-history mode: generated bulletins and releases before the story."""

from __future__ import annotations

from datetime import date, timedelta
from xml.etree import ElementTree

import pytest
import requests
from click.testing import CliRunner

from statwatch.extract import extract_bytes
from statwatch_dev.cli import publisher as publisher_command
from statwatch_dev.publisher import Publisher, history, story
from statwatch_dev.publisher.documents import documents
from statwatch_dev.publisher.site import FEED_SIZE

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
