"""Ingestion against the real sample publisher: faults, conditional GET, revisions, crash recovery."""

from __future__ import annotations

import os
from datetime import date, timedelta
from pathlib import Path

import pytest

from statwatch.config import get_source
from statwatch.ingest import ingest_source

DAY = "/rail/2022/04/22.html"


def _source(**changes):
    return get_source("zz_rail").model_copy(update=changes)


def _counts(con) -> dict[str, int]:
    q = lambda s: con.execute(s).fetchone()[0]  # noqa: E731
    return {"documents": q("SELECT count(*) FROM documents"), "facts": q("SELECT count(*) FROM facts"),
            "distinct_docs": q("SELECT count(DISTINCT (url, content_hash)) FROM documents"),
            "distinct_facts": q("SELECT count(DISTINCT (indicator, measure, region, comparator, period, valid_from)) "
                                "FROM facts")}


def _no_duplicates(con) -> None:
    c = _counts(con)
    assert c["documents"] == c["distinct_docs"] and c["facts"] == c["distinct_facts"]


@pytest.fixture
def at_21(publisher, con):
    """History to 2022-04-21 loaded as a backfill (the publisher's clock stands at 04-21)."""
    s = ingest_source(_source(), con=con, mode="backfill")
    assert s.documents > 40 and not s.failures, s.failures
    return publisher


def _day_facts(con, day="2022-04-22"):
    return con.execute("SELECT count(*) FROM facts WHERE period = ?", [day]).fetchone()[0]


def test_rerun_over_unchanged_sources_makes_only_conditional_requests(at_21, con):
    before = _counts(con)
    s = ingest_source(_source(), con=con)
    assert s.documents == 0 and s.not_modified == s.discovered and s.not_modified > 40
    assert _counts(con) == before


@pytest.mark.parametrize("fault,params", [
    ("status", {"status": 500, "times": 2}),
    ("status", {"status": 503, "times": 1, "retry_after": 1}),
    ("status", {"status": 429, "times": 1, "retry_after": 1}),
    ("reset", {"times": 1}),
    ("delay", {"seconds": 3, "times": 1}),
])
def test_transient_faults_are_retried_within_the_run(at_21, con, fault, params):
    at_21.set_clock(date(2022, 4, 22))
    at_21.inject(DAY, fault, **params)
    s = ingest_source(_source(timeout=1.5), con=con)
    assert s.failures == [] and s.documents == 1
    assert _day_facts(con) >= 2
    _no_duplicates(con)


@pytest.mark.parametrize("fault,params,kind", [
    ("status", {"status": 500, "times": 20}, "fetch_failed"),
    ("status", {"status": 404, "times": 1}, "fetch_failed"),
    ("delay", {"seconds": 3, "times": 20}, "fetch_failed"),
    ("truncate", {"times": 1}, "fetch_failed"),
    ("huge", {"mb": 20, "times": 1}, "rejected"),
])
def test_failures_are_recorded_nothing_half_loaded_and_the_next_run_recovers(at_21, con, fault, params, kind):
    at_21.set_clock(date(2022, 4, 22))
    at_21.inject(DAY, fault, **params)
    s = ingest_source(_source(timeout=1.0, max_bytes=5 * 1024 * 1024), con=con)
    assert len(s.failures) == 1 and DAY in s.failures[0]
    assert _day_facts(con) == 0
    assert con.execute("SELECT count(*) FROM documents WHERE url LIKE ?", [f"%{DAY}"]).fetchone()[0] == 0
    health = con.execute("SELECT kind, reason FROM source_health WHERE url LIKE ?", [f"%{DAY}"]).fetchall()
    assert [h[0] for h in health] == [kind] and health[0][1]
    at_21.clear_faults()
    s = ingest_source(_source(), con=con)
    assert s.failures == [] and s.documents == 1 and _day_facts(con) >= 2
    _no_duplicates(con)


def test_wrong_charset_header_still_decodes(publisher, con):
    publisher.set_clock(date(2022, 4, 22))
    publisher.inject(DAY, "wrong_charset")
    ingest_source(_source(), con=con, mode="backfill")
    quote = con.execute("SELECT quote FROM facts WHERE period = '2022-04-22' AND indicator = 'rail.wagons'").fetchone()
    assert quote and "252车" in quote[0]
    enc, declared = con.execute("SELECT encoding, encoding_declared FROM documents WHERE url LIKE ?",
                                [f"%{DAY}"]).fetchone()
    assert declared and declared.lower().replace("-", "") != "utf8"


def test_gbk_page_without_a_charset_header(publisher, con):
    publisher.set_clock(date(2022, 4, 23))
    ingest_source(_source(), con=con, mode="backfill")
    row = con.execute("SELECT encoding, text FROM documents WHERE url LIKE '%/rail/2022/04/23.html'").fetchone()
    assert row[0].lower() in ("gbk", "gb18030", "gb2312") and "装车" in row[1]
    assert _day_facts(con, "2022-04-23") >= 2


def test_a_revised_page_becomes_a_new_version(at_21, con):
    at_21.set_clock(date(2022, 4, 22))
    ingest_source(_source(), con=con)
    at_21.revise(DAY, {"252车": "253车"})
    s = ingest_source(_source(), con=con)
    assert s.documents == 1
    versions = con.execute("SELECT version FROM documents WHERE url LIKE ? ORDER BY version", [f"%{DAY}"]).fetchall()
    assert versions == [(1,), (2,)]
    rows = con.execute("SELECT value, valid_to IS NULL FROM facts WHERE indicator = 'rail.wagons' AND period = "
                       "'2022-04-22' ORDER BY valid_from").fetchall()
    assert rows == [(252.0, False), (253.0, True)]
    assert con.execute("SELECT value FROM facts_current WHERE indicator = 'rail.wagons' AND period = '2022-04-22'"
                       ).fetchall() == [(253.0,)]
    revised_at = con.execute("SELECT max(valid_from) FROM facts WHERE indicator = 'rail.wagons'").fetchone()[0]
    before = con.execute("SELECT value FROM facts_as_of(?) WHERE indicator = 'rail.wagons' AND period = '2022-04-22'",
                         [revised_at - timedelta(seconds=1)]).fetchall()
    assert before == [(252.0,)]
    assert (Path(os.environ["STATWATCH_VAR"]) / "data_docs" / "index.html").is_file()


@pytest.mark.parametrize("stage", ["staging.extract_batches", "quality.validate_batches", "merge.merge_batches"])
def test_a_crash_in_any_stage_is_finished_by_the_next_run(at_21, con, monkeypatch, stage):
    import statwatch

    module, name = stage.split(".")
    at_21.set_clock(date(2022, 4, 22))

    def crash(*a, **k):
        raise KeyboardInterrupt("killed mid-load")

    with monkeypatch.context() as m, pytest.raises(KeyboardInterrupt):
        m.setattr(getattr(statwatch, module), name, crash)
        ingest_source(_source(), con=con)
    assert con.execute("SELECT status FROM documents WHERE url LIKE ?", [f"%{DAY}"]).fetchone()[0] == "fetched"
    assert _day_facts(con) == 0
    s = ingest_source(_source(), con=con)  # the page answers 304 now: the kept raw body is processed
    assert s.failures == [] and _day_facts(con) >= 2
    assert con.execute("SELECT count(*) FROM staged_facts").fetchone()[0] == 0  # merged batches leave no rows
    _no_duplicates(con)


def test_hosts_outside_the_sources_are_never_fetched(at_21, con):
    s = ingest_source(_source(), con=con, urls=["http://127.0.0.2:9/rail/2022/04/22.html"])
    assert any("host not allowed" in f for f in s.failures)
