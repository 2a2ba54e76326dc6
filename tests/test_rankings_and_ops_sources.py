"""Issue 14's sources through real parts: the publisher's ranking and operations pages over HTTP, extraction against
the pages' own expected facts and the labelled real bulletins, broken rankings held by GX, a corrected page."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
import requests

from statwatch import warehouse as wh
from statwatch.config import get_source
from statwatch.extract import extract_bytes, extract_text
from statwatch.ingest import ingest_source
from statwatch_dev.publisher import story
from statwatch_dev.publisher.documents import site_pages

Q1_JD = "/assess/2022/t20220428_2022q1_jd.html"
LABELLED_OPS = Path(__file__).resolve().parents[2] / "shared" / "labelled" / "ops"


def _key(f: dict) -> tuple:
    return (f["indicator"], f["measure"], f["period"], float(f["value"]), f["unit"], f["qualifier"], f["region"],
            f.get("comparator", ""), f["quote"])


@pytest.mark.parametrize("path", [Q1_JD, "/assess/2022/t20220428_2022q1_city.html",
                                  "/assess/2021/t20211028_2021q3_jd.html", "/ops/2022/04/02.html",
                                  "/ops/2022/05/01.html", "/ops/2022/05/24.html", "/ops/2022/05/25.html",
                                  "/ops/2022/07/02.html"])
def test_publisher_pages_extract_to_their_expected_facts(publisher, path):
    publisher.set_clock(date(2022, 8, 31))
    r = requests.get(publisher.url + path, timeout=10)
    r.raise_for_status()
    page = next(p for p in site_pages() if p.path == path)
    src = get_source("jk_ops" if page.kind == "ops" else "jinshui_assess")
    _, facts = extract_bytes(r.content, content_type=r.headers["Content-Type"], doc_date=page.day, kind=src.kind)
    got = sorted(_key({**f.to_json_dict(), "region": src.canonical_region(f.region)}) for f in facts)
    assert got == sorted(_key(f) for f in page.facts)


def test_story_of_the_2022q1_rankings():
    by = story.rankings()
    six = by["2022q1"]["市内六区"].categories["assessment.overall"]
    assert six["金水区"][1] == 1 and by["2021q4"]["市内六区"].categories["assessment.overall"]["金水区"][1] == 2
    moves = [(pop, code, u, by["2021q4"][pop].categories[code][u][1], rank)
             for pop in ("17个街道", "4个园区") for code, cat in by["2022q1"][pop].categories.items()
             for u, (_, rank) in cat.items() if abs(rank - by["2021q4"][pop].categories[code][u][1]) >= 2
             or (rank == 1) != (by["2021q4"][pop].categories[code][u][1] == 1)]
    assert moves == [("17个街道", "assessment.overall", story.STREET_DOWN, 5, 8)]
    days = {o.day: o for o in story.ops_days()}
    assert story.OPS_MISSING_DAY not in days
    assert days[story.CAMPAIGN_DONE_DAY].wells_total == story.CAMPAIGN_PLAN
    assert days[story.CAMPAIGN_DONE_DAY - (story.CAMPAIGN_DONE_DAY - date(2022, 5, 24))].wells_total < story.CAMPAIGN_PLAN
    assert all(o.wells == 0 for o in story.ops_days() if o.day < story.CAMPAIGN_START)


def test_the_corrected_ops_bulletin_reads_first_as_published(publisher):
    path = f"/ops/{story.OPS_CORRECTED_DAY:%Y/%m/%d}.html"
    publisher.set_clock(story.OPS_CORRECTED_DAY)
    first = requests.get(publisher.url + path, timeout=10)
    publisher.set_clock(story.OPS_CORRECTION_AT)
    second = requests.get(publisher.url + path, timeout=10)
    assert first.text != second.text
    assert second.headers["Last-Modified"] != first.headers["Last-Modified"]
    assert requests.get(publisher.url + f"/ops/{story.OPS_MISSING_DAY:%Y/%m/%d}.html", timeout=10).status_code == 404


@pytest.mark.skipif(not LABELLED_OPS.is_dir(), reason=f"labelled corpus not found at {LABELLED_OPS}")
def test_labelled_real_ops_bulletins():
    found = total = 0
    for f in sorted(LABELLED_OPS.glob("*.json")):
        doc = json.loads(f.read_text(encoding="utf-8"))
        facts = extract_text(doc["text"], doc_date=date.fromisoformat(doc["doc_date"]), kind="ops")
        got = {(x.indicator, x.measure, x.period, x.value) for x in facts}
        for lab in doc["facts"]:
            total += 1
            found += (lab["indicator"], lab["measure"], lab["period"], float(lab["value"])) in got
    assert total >= 25 and found == total


def _cells(unit: str, code: str = "assessment.overall") -> tuple[str, str]:
    score, rank = story.rankings()["2022q1"]["17个街道"].categories[code][unit]
    return f"{score:.2f}", str(rank)


@pytest.mark.parametrize("fault,check", [("missing", "rank_group_complete"), ("duplicate", "rank_unit_unique"),
                                         ("skip", "ranks_consecutive")])
def test_a_broken_ranking_is_held_whole_with_its_check(publisher, db_path, monkeypatch, fault, check):
    monkeypatch.setenv("STATWATCH_STALENESS", "off")
    publisher.set_clock(story.RANKING_DAY)
    order = story.rankings()["2022q1"]["17个街道"].order("assessment.overall")
    score, rank = _cells(order[7])
    if fault == "missing":
        publisher.revise(Q1_JD, {f"<td>{score}</td><td>{rank}</td>": f"<td>{score}</td><td></td>"})
    elif fault == "duplicate":
        publisher.revise(Q1_JD, {f"<td>{order[6]}</td>": f"<td>{order[5]}</td>"})
    else:  # ranks 1…7, 9, 9, 10…: a rank skipped
        publisher.revise(Q1_JD, {f"<td>{score}</td><td>{rank}</td>": f"<td>{score}</td><td>{int(rank) + 1}</td>"})
    with wh.writer(db_path) as con:
        ingest_source(get_source("jinshui_assess"), con=con, mode="backfill")
        reasons = {r[0].split("]")[0].lstrip("[") for r in con.execute(
            "SELECT reason FROM quarantine WHERE status = 'held'").fetchall()}
        assert check in reasons
        overall = con.execute("SELECT count(*) FROM facts WHERE indicator = 'assessment.overall' AND period = ? "
                              "AND comparator = '17个街道'", ["2022-01/2022-03"]).fetchone()[0]
        assert overall == 0
        others = con.execute("SELECT count(*) FROM facts WHERE indicator = 'assessment.projects' AND period = ? "
                             "AND comparator = '17个街道' AND measure = 'rank'", ["2022-01/2022-03"]).fetchone()[0]
        assert others == (17 if fault != "duplicate" else 0)  # a copied row breaks every category's ranking
        parks = con.execute("SELECT count(*) FROM facts WHERE comparator = '4个园区' AND period = ? AND measure = 'rank'",
                            ["2022-01/2022-03"]).fetchone()[0]
        assert parks == 20


def test_a_revised_ranking_page_is_a_new_vintage(publisher, db_path, monkeypatch):
    monkeypatch.setenv("STATWATCH_STALENESS", "off")
    key, when = story.ASSESS_REVISED
    publisher.set_clock(date(2021, 11, 1))
    with wh.writer(db_path) as con:
        ingest_source(get_source("jinshui_assess"), con=con, mode="backfill")
        assert con.execute("SELECT count(*) FROM facts WHERE comparator = '17个街道' AND valid_to IS NULL"
                           ).fetchone()[0] == 17 * 10 * 3
    publisher.set_clock(when)
    unit = story.rankings()[key]["17个街道"].order("assessment.development_quality")[8]
    score = story.rankings()[key]["17个街道"].categories["assessment.development_quality"][unit][0]
    with wh.writer(db_path) as con:
        ingest_source(get_source("jinshui_assess"), con=con)
        rows = con.execute("SELECT value, valid_to IS NULL FROM facts WHERE indicator = 'assessment.development_quality'"
                           " AND measure = 'level' AND period = '2021-07/2021-09' AND comparator = '17个街道' "
                           "AND region = ? ORDER BY 2", [unit]).fetchall()
    assert [r[1] for r in rows] == [False, True] and rows[1][0] == pytest.approx(score)
    assert rows[0][0] == pytest.approx(score + 0.09)
