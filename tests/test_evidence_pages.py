"""The evidence pages, served by the real Airflow api-server with the statwatch plugin loaded: every route needs
Airflow's login, scraped text is escaped, and a real browser sees the quote highlighted and the chart's labels."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from browser import chromium, in_view, log_in, needs_browser, screenshot, wait_for
from helpers import add_document, cst, load_facts, rail_day

from statwatch import alerts, evidence, merge, quality, staging
from statwatch import warehouse as wh
from statwatch.pipeline import detect_alerts
from statwatch_dev.airflow_local import AirflowStack, free_port, prepare_airflow_home

HOSTILE = ("4月22日，中国铁路郑州局集团全天装车4列170车，创单日装车新高。"
           "&lt;script&gt;window.__pwned=1&lt;/script&gt;&lt;img src=x onerror=window.__pwned=2&gt;")
CLAIM_QUOTE = "创单日装车新高"


def _warehouse(db: Path, docs: Path) -> dict[str, str]:
    """History, a bulletin whose 创新高 history contradicts (with markup in its text), and a real record."""
    con = wh.connect(db)
    wh.migrate(con)
    for day, trains, wagons in (("2022-04-19", 4, 170), ("2022-04-20", 5, 210), ("2022-04-21", 3, 126)):
        load_facts(con, f"d{day[-2:]}", rail_day(day, trains, wagons), published=cst(day), mode="backfill")
    detect_alerts(con)
    add_document(con, "d22", published=cst("2022-04-22"))
    html = (f"<html><head><title>郑州局集团日报 &lt;script&gt;alert(3)&lt;/script&gt;</title></head>"
            f"<body><p>{HOSTILE}</p></body></html>")
    con.execute("UPDATE documents SET raw_body = ?, content_type = 'text/html; charset=utf-8', status = 'fetched' "
                "WHERE doc_id = 'd22'", [html.encode("utf-8")])
    con.execute("UPDATE batches SET status = 'fetched' WHERE batch_id = 'bd22'")
    staging.extract_batches(con, ["bd22"])
    quality.validate_batches(con, ["bd22"], data_docs=docs)  # GX's own Data Docs, made to work offline
    merge.merge_batches(con, ["bd22"])
    load_facts(con, "d23", rail_day("2022-04-23", 7, 280), published=cst("2022-04-23"))
    detect_alerts(con)
    fps = dict(con.execute("SELECT rule, fingerprint FROM alerts WHERE rule IN ('record', 'claim_unconfirmed') "
                           "AND indicator = 'rail.trains'"
                           ).fetchall())
    con.execute("CHECKPOINT")
    con.close()
    return fps


@pytest.fixture(scope="module")
def ui(tmp_path_factory):
    """The api-server alone (no scheduler needed to serve pages) over a warehouse with two alerts."""
    tmp = tmp_path_factory.mktemp("ui")
    db = tmp / "statwatch.duckdb"
    docs = tmp / "var" / "data_docs"
    fps = _warehouse(db, docs)
    (tmp / "dags").mkdir()
    port = free_port()
    env = prepare_airflow_home(tmp / "airflow", dags_folder=tmp / "dags", api_port=port)
    env.update({"STATWATCH_DB": str(db), "STATWATCH_VAR": str(tmp / "var")})
    stack = AirflowStack(tmp / "airflow", env).start(("api-server",))
    try:
        stack.wait_ready(180)
        yield {"stack": stack, "base": f"http://127.0.0.1:{port}", "db": db, "fps": fps, "tmp": tmp,
               "ids": {rule: alerts.alert_id(fp) for rule, fp in fps.items()}}
    finally:
        stack.stop()


def _get(url: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    req = urllib.request.Request(url, headers=headers or {})  # noqa: S310
    try:
        with urllib.request.urlopen(req, timeout=30) as r:  # noqa: S310
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()


def _routes(ui) -> list[str]:
    aid = ui["ids"]["record"]
    return ["/statwatch/", "/statwatch/alerts", "/statwatch/alerts?rule=record", f"/statwatch/alerts/{aid}",
            f"/statwatch/alerts/{aid}/chart.svg", "/statwatch/api/alerts", f"/statwatch/api/alerts/{aid}",
            "/statwatch/static/evidence.css", "/statwatch/data-docs/index.html", "/statwatch/no-such-route"]


def test_every_route_refuses_an_anonymous_request(ui):
    for path in _routes(ui):
        for headers in ({}, {"Accept": "text/html"}, {"Authorization": "Bearer not-a-token"},
                        {"Cookie": "_token=forged"}):
            status, _, body = _get(ui["base"] + path, headers)
            assert status in (401, 403), (path, headers, status, body[:200])
            assert b"Great Expectations" not in body and CLAIM_QUOTE.encode() not in body


def test_logged_in_the_pages_serve_and_escape_scraped_text(ui):
    auth = {"Authorization": f"Bearer {ui['stack'].api_token()}"}
    for path in _routes(ui)[:-1]:
        status, headers, _ = _get(ui["base"] + path, auth)
        assert status == 200, path
        assert "frame-ancestors 'self'" in headers.get("content-security-policy", ""), path
    status, _, body = _get(f"{ui['base']}/statwatch/alerts/{ui['ids']['claim_unconfirmed']}", auth)
    html = body.decode()
    assert "<mark id=\"quote\">" in html and CLAIM_QUOTE in html
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in html and "&lt;img src=x onerror=" in html
    assert "<script>" not in html and "<img src=x" not in html and "alert(3)</script>" not in html
    status, _, body = _get(f"{ui['base']}/statwatch/api/alerts?rule=claim_unconfirmed", auth)
    [row] = json.loads(body)["alerts"]
    assert row["state"] == "awaiting_approval" and row["alert_id"] == ui["ids"]["claim_unconfirmed"]
    status, _, body = _get(f"{ui['base']}/statwatch/api/alerts/{ui['ids']['record']}", auth)
    ev = json.loads(body)
    assert ev["alert"]["fingerprint"] == ui["fps"]["record"]
    assert [(v["value"], v["unit"]) for v in ev["facts"]] == [(7.0, "列")]
    assert ev["facts"][0]["parser_version"] is None  # loaded without extraction (helpers.load_facts)
    assert ("此前纪录", "5列（2022-04-20）") in [tuple(x) for x in ev["arithmetic"]]
    assert [h["event"] for h in ev["history"]] == ["firing"]
    assert {m["recipient"] for m in ev["emails"]} == {"kouan@statwatch.local"}
    # The navigation entry and the app are what Airflow lists for the plugin.
    _, _, body = _get(f"{ui['base']}/api/v2/plugins", auth)
    [plugin] = [p for p in json.loads(body)["plugins"] if p["name"] == "statwatch"]
    assert plugin["fastapi_apps"][0]["url_prefix"] == "/statwatch"
    assert plugin["external_views"][0]["href"] == "/statwatch/alerts"


def test_evidence_reads_the_document_span_by_its_offsets(ui):
    con = wh.connect(ui["db"], reader=True)
    try:
        ev = evidence.alert_evidence(con, ui["ids"]["claim_unconfirmed"])
        assert evidence.alert_evidence(con, "0" * 16) is None and evidence.alert_evidence(con, "../x") is None
        listed = evidence.list_alerts(con, evidence.AlertFilter(state="firing", rule="record"))
    finally:
        con.close()
    marked = [s["text"] for s in ev["document"]["segments"] if s["mark"]]
    assert marked and CLAIM_QUOTE in "".join(marked)
    assert "".join(s["text"] for s in ev["document"]["segments"]).startswith("4月22日")
    assert sorted(r["fingerprint"] for r in listed) == [ui["fps"]["record"],
                                                        ui["fps"]["record"].replace("trains", "wagons")]


def test_segments_merge_overlapping_spans():
    text = "abcdefghij"
    assert evidence.segments(text, [(9, 20), (2, 5), (4, 7)]) == [
        {"text": "ab", "mark": False, "primary": False}, {"text": "cdefg", "mark": True, "primary": False},
        {"text": "hi", "mark": False, "primary": False}, {"text": "j", "mark": True, "primary": True}]


@needs_browser
def test_a_browser_logs_in_opens_an_alert_and_sees_the_quote_and_the_chart(ui, tmp_path):
    from selenium.webdriver.common.by import By

    password = json.loads(ui["stack"].password_file.read_text())["admin"]
    with chromium(tmp_path / "profile") as driver:
        driver.get(f"{ui['base']}/statwatch/alerts")
        assert "需要登录" in driver.page_source  # not logged in: refused
        log_in(driver, ui["base"], password)
        driver.get(f"{ui['base']}/statwatch/alerts")
        rows = wait_for(lambda: driver.find_elements(By.CSS_SELECTOR, "#alerts a.alert-link"), what="alert list")
        assert len(rows) >= 3  # the claim, the records of trains and wagons (and the suppressed ones of the backfill)
        screenshot(driver, "evidence_list.png")
        [claim] = [a for a in rows if "【待核实】" in a.text]
        claim.click()
        mark = wait_for(lambda: driver.find_element(By.CSS_SELECTOR, "mark#quote"), what="highlighted quote")
        assert CLAIM_QUOTE in mark.text and in_view(driver, "mark#quote")
        assert driver.execute_script("return window.__pwned") is None  # the markup in the document stayed text
        assert "<script>window.__pwned=1</script>" in driver.find_element(By.ID, "document").text
        assert driver.find_element(By.ID, "state").text == "awaiting_approval"
        screenshot(driver, "evidence_claim.png")
        driver.get(f"{ui['base']}/statwatch/alerts/{ui['ids']['record']}#quote")
        chart = wait_for(lambda: driver.find_element(By.ID, "chart"), what="chart")
        wait_for(lambda: driver.execute_script("return arguments[0].complete && arguments[0].naturalWidth", chart),
                 what="chart drawn")
        screenshot(driver, "evidence_record.png")
        driver.get(f"{ui['base']}/statwatch/alerts/{ui['ids']['record']}/chart.svg")
        labels = [t.text for t in driver.find_elements(By.CSS_SELECTOR, "text")]
        assert any("此前纪录" in label for label in labels), labels
        # GX's Data Docs, served by the same app, work without internet: styled, and their tables have rows.
        driver.get(f"{ui['base']}/statwatch/data-docs/index.html")
        rows = wait_for(lambda: driver.execute_script("return document.querySelectorAll('table tbody tr').length"),
                        what="Data Docs table rows")
        assert rows >= 1
        assert driver.execute_script("return getComputedStyle(document.querySelector('.navbar')).display") == "flex"
        assert driver.execute_script("return typeof jQuery.fn.bootstrapTable") == "function"
        screenshot(driver, "data_docs_offline.png")


def test_a_quote_found_twice_is_marked_where_the_facts_are():
    text = "郑州局集团中欧班列单日装车5列210车 创历史新高\n4月27日，中欧班列全天装车5列210车，单日开行数量创历史新高。"
    fact_at = text.index("装车5列210车，")
    facts = [{"quote": "装车5列210车", "quote_start": fact_at, "quote_end": fact_at + 8}]
    spans = evidence._quote_spans(text, facts, ["创历史新高"])
    assert spans[0] == (text.rindex("创历史新高"), text.rindex("创历史新高") + 5) and spans[1] == (fact_at, fact_at + 8)
