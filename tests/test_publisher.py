"""The sample publisher over real HTTP: clock, conditional GET, encodings, faults, revisions, ground truth."""

from __future__ import annotations

import re
import threading
import time
from datetime import date, timedelta
from email.utils import parsedate_to_datetime
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree

import pytest
import requests
from click.testing import CliRunner

from statwatch_dev.cli import publisher as publisher_command
from statwatch_dev.publisher import Publisher, story
from statwatch_dev.publisher.documents import documents

T = 5  # seconds: every request has a timeout


@pytest.fixture
def pub():
    """A publisher on a free port, clock at the default start (2022-04-21)."""
    with Publisher(start=date(2022, 4, 21), host="127.0.0.1", port=0) as p:
        yield p


def get(pub: Publisher, path: str, **kw) -> requests.Response:
    return requests.get(pub.url + path, timeout=kw.pop("timeout", T), **kw)


class _Text(HTMLParser):
    """Visible text of a page: everything outside <script> and <style>."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        self._skip += tag in ("script", "style")

    def handle_endtag(self, tag):
        self._skip -= tag in ("script", "style")

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def page_text(html: str) -> str:
    p = _Text()
    p.feed(html)
    return "\n".join(p.parts)


# -- the story -----------------------------------------------------------------------------------
def test_rail_story_record_milestone_and_routes():
    days = {r.day: r for r in story.rail_days()}
    assert min(days) == date(2022, 3, 1) and max(days) == date(2022, 4, 30) and len(days) == 61
    rec = days[date(2022, 4, 22)]
    assert (rec.trains, rec.wagons) == (6, 252)
    before = [r for d, r in days.items() if d < rec.day]
    after = [r for d, r in days.items() if d > rec.day]
    assert max(r.trains for r in before) == 5 and max(r.wagons for r in before) <= 215
    assert all(r.trains < 6 and r.wagons < 252 for r in after)
    for r in days.values():
        assert sum(c for _, _, c in r.routes) == r.trains
        assert r == rec or 2 <= r.trains <= 5
        assert 40 * r.trains <= r.wagons <= 44 * r.trains
        prev = days.get(r.day - timedelta(1))
        if prev:
            assert r.cumulative == prev.cumulative + r.trains
    assert days[date(2022, 4, 25)].cumulative < 6000 <= days[date(2022, 4, 26)].cumulative


def test_targets_progress_both_ahead_and_behind():
    progress = story.target_progress_2022q1()
    assert progress["investment_projects"] == {"actual": 56, "expected": 50.0, "ahead": True}
    assert progress["modern_services_va"]["ahead"] and not progress["investment_signed"]["ahead"]
    assert not progress["emerging_industries_va"]["ahead"]
    q1 = {
        (f["indicator"], f["measure"]): f["value"]
        for f in story.expected_facts("/stats/2022/t20220425_q1.html")
    }
    assert q1[("gdp", "level")] == 489.5 and q1[("budget_revenue", "level")] == 36.6
    assert q1[("retail_sales", "level")] == 258.9
    plan = story.expected_facts(story.TARGETS_PATH)
    assert {(f["indicator"], f["measure"], f["value"]) for f in plan} == {
        (t.indicator, t.measure, t.value) for t in story.targets_2022()
    }


# -- clock ---------------------------------------------------------------------------------------
def test_clock_hides_future_items(pub):
    assert get(pub, "/rail/2022/04/21.html").status_code == 200
    assert get(pub, "/rail/2022/04/22.html").status_code == 404
    assert get(pub, "/stats/2022/t20220425_q1.html").status_code == 404
    feed = ElementTree.fromstring(get(pub, "/rail/feed.xml").content)
    links = [i.findtext("link") for i in feed.iter("item")]
    assert links[0] == pub.url + "/rail/2022/04/21.html" and not any("04/22" in x for x in links)
    dates = [parsedate_to_datetime(i.findtext("pubDate")) for i in feed.iter("item")]
    assert dates == sorted(dates, reverse=True) and len(dates) == 52
    assert all(i.findtext("title") and i.findtext("guid") for i in feed.iter("item"))

    assert requests.post(pub.url + "/_clock", json={"advance_days": 1}, timeout=T).json() == {
        "date": "2022-04-22"
    }
    assert get(pub, "/rail/2022/04/22.html").status_code == 200
    assert pub.url + "/rail/2022/04/22.html" in get(pub, "/rail/feed.xml").text
    assert requests.post(pub.url + "/_clock", json={"date": "2022-04-25"}, timeout=T).json() == {
        "date": "2022-04-25"
    }
    assert get(pub, "/_clock").json() == {"date": "2022-04-25"}
    assert pub.clock == date(2022, 4, 25)
    assert "t20220425_q1.html" in get(pub, "/stats/index.html").content.decode("gbk")
    pub.set_clock(date(2022, 4, 21))
    assert get(pub, "/stats/2022/t20220425_q1.html").status_code == 404
    assert pub.advance(2) == date(2022, 4, 23)
    assert requests.post(pub.url + "/_clock", json={"date": "not a date"}, timeout=T).status_code == 400


def test_speed_advances_the_clock():
    with Publisher(start=date(2022, 4, 21), speed=0.1) as p:
        deadline = time.monotonic() + 3
        while p.clock < date(2022, 4, 23) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert p.clock >= date(2022, 4, 23)


def test_stats_listing_paginates_like_a_government_site(pub):
    pub.set_clock(date(2022, 4, 30))
    seen, url, pages = [], pub.url + "/stats/index.html", 0
    while url:
        r = requests.get(url, timeout=T)
        assert r.status_code == 200 and r.headers["Content-Type"] == "text/html; charset=GBK"
        html = r.content.decode("gbk")
        seen += [
            requests.compat.urljoin(url, h) for h in re.findall(r'href="(\./\d{4}/t\d{8}_\w+\.html)"', html)
        ]
        nxt = re.search(r'<a href="(index_\d+\.html)">下一页</a>', html)
        url = requests.compat.urljoin(url, nxt.group(1)) if nxt else None
        pages += 1
    assert pages == 2 and len(seen) == 6
    assert seen[0] == pub.url + "/stats/2022/t20220425_q1.html"
    assert all(requests.get(u, timeout=T).status_code == 200 for u in seen)
    assert get(pub, "/stats/index_2.html").status_code == 404
    assert get(pub, "/stats/index_0.html").status_code == 404


def test_rail_index_and_unknown_paths(pub):
    html = get(pub, "/rail/index.html").text
    assert "/rail/2022/04/21.html" in html and "/rail/2022/03/01.html" in html
    for path in ("/nope", "/rail/2022/02/28.html", "/rail/2022/05/01.html", "/stats/2022/t20220101_x.html"):
        assert get(pub, path).status_code == 404
    assert get(pub, "/").status_code == 200
    assert requests.post(pub.url + "/rail/feed.xml", json={}, timeout=T).status_code == 404


# -- HTTP caching --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "path", ["/rail/2022/04/21.html", "/rail/feed.xml", "/stats/index.html", "/stats/2021/t20210423_q1.html"]
)
def test_conditional_get_and_head(pub, path):
    r = get(pub, path)
    assert r.status_code == 200 and r.headers["ETag"] and r.headers["Last-Modified"]
    assert get(pub, path, headers={"If-None-Match": r.headers["ETag"]}).status_code == 304
    assert get(pub, path, headers={"If-None-Match": '"other"'}).status_code == 200
    assert get(pub, path, headers={"If-Modified-Since": r.headers["Last-Modified"]}).status_code == 304
    assert get(pub, path, headers={"If-Modified-Since": "Mon, 01 Jan 2018 00:00:00 GMT"}).status_code == 200
    h = requests.head(pub.url + path, timeout=T)
    assert h.status_code == 200 and h.content == b"" and h.headers["ETag"] == r.headers["ETag"]
    assert int(h.headers["Content-Length"]) == len(r.content)


def test_feed_changes_etag_when_a_day_passes(pub):
    etag = get(pub, "/rail/feed.xml").headers["ETag"]
    pub.advance()
    r = get(pub, "/rail/feed.xml", headers={"If-None-Match": etag})
    assert r.status_code == 200 and r.headers["ETag"] != etag


# -- encodings -----------------------------------------------------------------------------------
def test_stats_pages_are_gbk(pub):
    r = get(pub, "/stats/2021/t20210423_q1.html")
    assert r.headers["Content-Type"] == "text/html; charset=GBK"
    with pytest.raises(UnicodeDecodeError):
        r.content.decode("utf-8")
    assert "金水区经济运行情况" in r.content.decode("gbk") and "金水区经济运行情况" in r.text


def test_gbk_page_without_header_charset(pub):
    pub.set_clock(date(2022, 4, 23))
    path = "/rail/2022/04/23.html"
    assert story.encoding_of(path) == "gbk-no-header-charset"
    r = get(pub, path)
    assert r.headers["Content-Type"] == "text/html"
    assert b'<meta charset="gbk">' in r.content
    assert "郑州局集团" not in r.text  # requests falls back to ISO-8859-1: garbage
    assert "装车3列127车" in r.content.decode("gbk")


def test_gbk_page_with_wrong_header(pub):
    path = "/stats/2021/t20211025_q3.html"
    assert story.encoding_of(path) == "gbk-wrong-header"
    r = get(pub, path)
    assert r.headers["Content-Type"] == "text/html; charset=utf-8"
    with pytest.raises(UnicodeDecodeError):
        r.content.decode("utf-8")
    assert "全区实现地区生产总值1388.4亿元" in r.content.decode("gbk")


def test_rail_pages_are_utf8(pub):
    r = get(pub, "/rail/2022/04/21.html")
    assert r.headers["Content-Type"] == "text/html; charset=utf-8" and "装车2列86车" in r.text


# -- faults --------------------------------------------------------------------------------------
def test_status_fault_applies_times_then_clears(pub):
    path = "/rail/2022/04/21.html"
    r = requests.post(
        pub.url + "/_faults", json={"path": path, "fault": "status", "status": 500, "times": 2}, timeout=T
    )
    assert r.status_code == 200
    assert [get(pub, path).status_code for _ in range(3)] == [500, 500, 200]


def test_retry_after_on_429_and_503(pub):
    pub.inject("/rail/feed.xml", "status", status=429, retry_after=7)
    r = get(pub, "/rail/feed.xml")
    assert r.status_code == 429 and r.headers["Retry-After"] == "7"
    pub.inject("/rail/feed.xml", "status", status=503)
    r = get(pub, "/rail/feed.xml")
    assert r.status_code == 503 and "Retry-After" not in r.headers
    assert get(pub, "/rail/feed.xml").status_code == 200


def test_delay_fault_causes_read_timeout(pub):
    pub.inject("/rail/index.html", "delay", seconds=1.5)
    with pytest.raises(requests.exceptions.ReadTimeout):
        get(pub, "/rail/index.html", timeout=(2, 0.3))
    assert get(pub, "/rail/index.html").status_code == 200


def test_reset_fault_drops_the_connection(pub):
    pub.inject("/rail/2022/04/21.html", "reset")
    with pytest.raises(requests.exceptions.ConnectionError):
        get(pub, "/rail/2022/04/21.html")
    assert get(pub, "/rail/2022/04/21.html").status_code == 200


def test_truncate_fault_sends_short_body(pub):
    pub.inject("/stats/index.html", "truncate")
    with pytest.raises((requests.exceptions.ChunkedEncodingError, requests.exceptions.ConnectionError)):
        get(pub, "/stats/index.html")
    assert get(pub, "/stats/index.html").status_code == 200


def test_wrong_charset_fault(pub):
    pub.inject("/rail/2022/04/21.html", "wrong_charset")
    r = get(pub, "/rail/2022/04/21.html")
    assert r.headers["Content-Type"] == "text/html; charset=ISO-8859-1" and "郑州局" not in r.text
    pub.inject("/stats/index.html", "wrong_charset", charset="utf-8")
    assert get(pub, "/stats/index.html").headers["Content-Type"] == "text/html; charset=utf-8"
    assert get(pub, "/rail/2022/04/21.html").headers["Content-Type"] == "text/html; charset=utf-8"


def test_huge_fault_streams_megabytes(pub):
    pub.inject("/rail/feed.xml", "huge", mb=2)
    r = get(pub, "/rail/feed.xml", stream=True)
    assert int(r.headers["Content-Length"]) == 2 * 1024 * 1024
    assert sum(len(c) for c in r.iter_content(65536)) == 2 * 1024 * 1024
    r.close()
    pub.inject("/rail/feed.xml", "huge")  # default 20 MB; the client gives up early, the server copes
    r = get(pub, "/rail/feed.xml", stream=True)
    assert int(r.headers["Content-Length"]) == 20 * 1024 * 1024
    next(r.iter_content(1024))
    r.close()
    assert get(pub, "/rail/feed.xml").status_code == 200


def test_redirect_fault_to_a_location_or_to_itself(pub):
    path = "/rail/2022/04/21.html"
    pub.inject(path, "redirect", location="file:///etc/passwd")
    r = get(pub, path, allow_redirects=False)
    assert r.status_code == 302 and r.headers["Location"] == "file:///etc/passwd"
    pub.inject(path, "redirect", status=307, times=3)
    r = get(pub, path, allow_redirects=False)
    assert r.status_code == 307 and r.headers["Location"] == path  # a loop while the fault lasts
    assert pub.faults()[path]["times"] == 2
    with pytest.raises(ValueError, match="redirect status"):
        pub.inject(path, "redirect", status=200)


def test_trickle_fault_sends_a_byte_at_a_time(pub):
    path = "/rail/2022/04/21.html"
    whole = get(pub, path).content
    pub.inject(path, "trickle", seconds=0.2)
    t = time.monotonic()
    with requests.get(pub.url + path, timeout=(T, 1.0), stream=True) as r:  # the whole body: about 400 s
        assert r.raw.read(3) == whole[:3]
    assert time.monotonic() - t >= 0.4
    pub.inject(path, "trickle", seconds=0.005, part="headers")  # ~250 header bytes, then the body at once
    t = time.monotonic()
    assert get(pub, path, timeout=(T, 1.0)).content == whole
    assert time.monotonic() - t >= 1.0
    with pytest.raises(ValueError, match="part"):
        pub.inject(path, "trickle", part="footer")


def test_wildcard_fault_and_clearing(pub):
    pub.inject("*", "status", status=502, times=10)
    assert get(pub, "/rail/index.html").status_code == 502
    assert requests.get(pub.url + "/_faults", timeout=T).json()["faults"]["*"]["times"] == 9
    assert requests.delete(pub.url + "/_faults", timeout=T).json() == {"faults": {}}
    assert get(pub, "/rail/index.html").status_code == 200
    bad = requests.post(pub.url + "/_faults", json={"path": "/", "fault": "explode"}, timeout=T)
    assert bad.status_code == 400 and "unknown fault" in bad.json()["error"]
    with pytest.raises(ValueError):
        pub.inject("/", "status", status=999)


# -- revisions -----------------------------------------------------------------------------------
def test_revision_changes_body_etag_and_last_modified(pub):
    pub.set_clock(date(2022, 4, 25))
    path = "/stats/2022/t20220425_q1.html"
    before = get(pub, path)
    r = requests.post(pub.url + "/_revise", json={"path": path, "replace": {"489.5": "490.1"}}, timeout=T)
    assert r.status_code == 200
    after = get(pub, path, headers={"If-None-Match": before.headers["ETag"]})
    assert after.status_code == 200 and after.headers["ETag"] != before.headers["ETag"]
    assert r.json()["etag"] == after.headers["ETag"]
    assert parsedate_to_datetime(after.headers["Last-Modified"]) > parsedate_to_datetime(
        before.headers["Last-Modified"]
    )
    assert "490.1亿元" in after.content.decode("gbk") and "489.5" not in after.content.decode("gbk")
    pub.revise(path, {"36.6亿元": "36.8亿元"})  # revisions accumulate
    text = get(pub, path).content.decode("gbk")
    assert "490.1亿元" in text and "36.8亿元" in text
    assert (
        requests.post(
            pub.url + "/_revise", json={"path": path, "replace": {"999.9": "1"}}, timeout=T
        ).status_code
        == 400
    )
    with pytest.raises(ValueError):
        pub.revise("/rail/2022/04/30.html", {"列": "班"})  # not yet published


# -- ground truth --------------------------------------------------------------------------------
def _numbers(quote: str) -> list[float]:
    return [float(x) for x in re.findall(r"\d+(?:\.\d+)?", quote)]


def _printed(fact: dict) -> bool:
    """The fact's value is a number printed in its quote (万元 shown, 亿元 stored; 低于 is negative)."""
    for n in _numbers(fact["quote"]):
        if n == fact["value"] or (fact["measure"] == "pp_diff" and -n == fact["value"]):
            return True
        if "万元" in fact["quote"] and fact["unit"] == "亿元" and round(n / 10000, 4) == fact["value"]:
            return True
    return False


def test_expected_facts_are_printed_on_every_page(pub):
    pub.set_clock(date(2022, 4, 30))
    paths = [d.path for d in documents()]
    assert len(paths) == 61 + 5 + 1
    for path in paths:
        r = get(pub, path)
        assert r.status_code == 200, path
        codec = "utf-8" if story.encoding_of(path) == "utf-8" else "gbk"
        text = page_text(r.content.decode(codec))
        facts = story.expected_facts(path)
        assert facts, path
        for f in facts:
            assert f["quote"] in text, (path, f)
            assert _printed(f), (path, f)
            assert f["qualifier"] in ("exact", "over", "about", "under")
            assert f["measure"] in ("level", "yoy_pct", "pp_diff", "target_level", "target_yoy_pct")


def test_expected_facts_of_key_pages():
    rec = story.expected_facts("/rail/2022/04/22.html")
    by = {(f["indicator"], f.get("region")): f["value"] for f in rec}
    assert by[("rail.trains", "中国铁路郑州局集团")] == 6 and by[("rail.wagons", "中国铁路郑州局集团")] == 252
    assert (
        by[("rail.route_trains", "郑州(圃田)→霍尔果斯")] == 3
        and by[("rail.record", "中国铁路郑州局集团")] == 6
    )
    assert all(f["period"] == "2022-04-22" for f in rec)
    mile = story.expected_facts("/rail/2022/04/26.html")
    cum = sorted((f["value"], f["qualifier"]) for f in mile if f["indicator"] == "rail.trains_cumulative")
    assert cum == [(6000, "over"), (story.rail_day(date(2022, 4, 26)).cumulative, "exact")]
    assert any(f["indicator"] == "rail.milestone" for f in mile)
    q3 = story.expected_facts("/stats/2021/t20211025_q3.html")
    assert {"indicator": "industrial_va", "measure": "pp_diff", "value": -1.2} | {"comparator": "全市"} in [
        {k: f.get(k) for k in ("indicator", "measure", "value", "comparator")} for f in q3
    ]
    tax = next(
        f for f in story.expected_facts("/stats/2022/t20220425_q1.html") if f["indicator"] == "tax_revenue"
    )
    assert (tax["value"], tax["unit"], tax["period"]) == (29.8463, "亿元", "2022-01/2022-03")
    with pytest.raises(ValueError):
        story.expected_facts("/rail/feed.xml")


# -- binding and CLI -----------------------------------------------------------------------------
def test_refuses_non_loopback_host_unless_allowed():
    with pytest.raises(ValueError, match="non-loopback"):
        Publisher(host="0.0.0.0")  # noqa: S104
    Publisher(host="0.0.0.0", allow_remote=True)  # noqa: S104 -- constructed, never started


def test_cli_rejects_remote_host_and_documents_options():
    runner = CliRunner()
    result = runner.invoke(publisher_command, ["--host", "0.0.0.0"])
    assert result.exit_code != 0 and "non-loopback" in result.output
    help_text = runner.invoke(publisher_command, ["--help"]).output
    assert "--speed" in help_text and "--start" in help_text


def test_rail_facts_agree_with_the_story_data():
    for r in story.rail_days():
        facts = story.expected_facts(r.path)
        one = {f["indicator"]: f["value"] for f in facts if f["qualifier"] == "exact"}
        assert (one["rail.trains"], one["rail.wagons"], one["rail.trains_cumulative"]) == (
            r.trains,
            r.wagons,
            r.cumulative,
        )
        routes = sorted((f["region"], f["value"]) for f in facts if f["indicator"] == "rail.route_trains")
        assert routes == sorted((f"{o}→{d}", c) for o, d, c in r.routes)
        assert all(f["period"] == r.day.isoformat() for f in facts)


def test_indicator_codes_and_units_are_in_the_facts_spec():
    spec_file = Path(__file__).resolve().parents[2] / "shared" / "labelled" / "FACTS_SPEC.md"
    if not spec_file.exists():
        pytest.skip("../shared/labelled/FACTS_SPEC.md is not present (a user's clone)")
    spec = spec_file.read_text(encoding="utf-8")
    codes = set(re.findall(r"`([a-z_.]+)`", spec))
    for d in documents():
        for f in story.expected_facts(d.path):
            assert f["indicator"] in codes, f
            assert f"`{f['unit']}`" in spec, f


def test_concurrent_requests_while_the_clock_moves(pub):
    paths = ["/rail/feed.xml", "/stats/index.html", "/rail/2022/04/21.html", "/stats/index_1.html", "/"]
    errors: list[str] = []

    def hammer() -> None:
        with requests.Session() as s:
            for i in range(20):
                r = s.get(pub.url + paths[i % len(paths)], timeout=T)
                if r.status_code != 200:
                    errors.append(f"{r.url} {r.status_code}")

    threads = [threading.Thread(target=hammer) for _ in range(6)]
    for t in threads:
        t.start()
    for _ in range(5):
        pub.advance()
        time.sleep(0.01)
    for t in threads:
        t.join(10)
    assert errors == [] and pub.clock == date(2022, 4, 26)
