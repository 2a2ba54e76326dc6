"""`statwatch reextract`: documents an older rule set read are read again from their raw bodies; what they gain
enters as facts, and the alerts that causes are recorded as corrections, never sent."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from conftest import ROOT

from statwatch import extract
from statwatch import warehouse as wh
from statwatch.cli import cli
from statwatch.config import get_source
from statwatch.ingest import ingest_source
from statwatch.notify import SmtpSettings, deliver_pending
from statwatch.pipeline import detect_alerts


def rules_without_wagons(home: Path) -> Path:
    """A copy of the project at `home` whose rules do not know wagons (no catalogue entry, no 车 unit)."""
    for folder in ("warehouse", "config", "expectations"):
        shutil.copytree(ROOT / folder, home / folder)
    catalogue = home / "warehouse" / "indicators.yaml"
    data = yaml.safe_load(catalogue.read_text(encoding="utf-8"))
    data["indicators"] = [e for e in data["indicators"] if e["code"] != "rail.wagons"]
    catalogue.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    rules = home / "warehouse" / "extract_rules.yaml"
    data = yaml.safe_load(rules.read_text(encoding="utf-8"))
    data["rail"]["unit_indicators"] = {u: c for u, c in data["rail"]["unit_indicators"].items() if c != "rail.wagons"}
    rules.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return home


@pytest.fixture
def older_rules(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An older rule set that did not know wagons yet: STATWATCH_HOME points at it."""
    home = rules_without_wagons(tmp_path / "older")
    monkeypatch.setenv("STATWATCH_HOME", str(home))
    return home


def _wagons(con) -> int:
    return con.execute("SELECT count(*) FROM facts_current WHERE indicator = 'rail.wagons'").fetchone()[0]


def test_a_document_read_by_older_rules_gains_its_fact_and_no_e_mail_goes_out(
        older_rules, publisher, db_path, smtp_server, monkeypatch):
    monkeypatch.setenv("STATWATCH_STALENESS", "off")
    old_version = extract.parser_version()
    with wh.writer(db_path) as con:
        ingest_source(get_source("zz_rail"), con=con, mode="backfill")
        detect_alerts(con)
        publisher.set_clock(date(2022, 4, 22))
        ingest_source(get_source("zz_rail"), con=con)
        detect_alerts(con)
        deliver_pending(con, SmtpSettings.from_url(smtp_server.url))
        assert _wagons(con) == 0
        assert con.execute("SELECT DISTINCT parser_version FROM documents").fetchall() == [(old_version,)]
    told = len(smtp_server.messages)
    assert told == 1 and "6列" in smtp_server.messages[0]["Subject"]  # the trains record; wagons unknown then

    monkeypatch.delenv("STATWATCH_HOME")  # today's rules
    assert extract.parser_version() != old_version
    out = CliRunner().invoke(cli, ["reextract", "--db", str(db_path), "--source", "zz_rail"])
    assert out.exit_code == 0, out.output
    summary = json.loads(out.output)
    with wh.writer(db_path) as con:
        documents = con.execute("SELECT count(*) FROM documents").fetchone()[0]
        assert summary["documents"] == documents and summary["facts_changed"] >= documents
        assert _wagons(con) == documents  # every bulletin gained its wagons
        assert con.execute("SELECT DISTINCT parser_version FROM documents").fetchall() == [(extract.parser_version(),)]
        wagons = con.execute("SELECT recorded_at, valid_from FROM facts_current WHERE indicator = 'rail.wagons' "
                             "AND period = '2022-04-22'").fetchone()
        assert wagons[0] > wagons[1]  # learnt now, published then
        keys = con.execute("SELECT count(*), count(DISTINCT (indicator, measure, region, comparator, period, "
                           "valid_from)) FROM facts").fetchone()
        assert keys[0] == keys[1]
        found = detect_alerts(con)
        assert found.alerts == 0 and found.suppressed >= 1
        record = con.execute("SELECT state, suppressed_reason FROM alerts WHERE rule = 'record' "
                             "AND indicator = 'rail.wagons' AND period = '2022-04-22'").fetchone()
        assert record == ("suppressed", "correction (re-extraction)")
        assert deliver_pending(con, SmtpSettings.from_url(smtp_server.url)).messages_sent == 0
    assert len(smtp_server.messages) == told

    again = CliRunner().invoke(cli, ["reextract", "--db", str(db_path)])
    assert again.exit_code == 0 and json.loads(again.output)["documents"] == 0


def test_a_fact_the_new_reading_no_longer_states_is_closed(publisher, db_path, monkeypatch, tmp_path):
    """Read with today's rules, then again with a catalogue that lost wagons: the wagons vintages end."""
    with wh.writer(db_path) as con:
        ingest_source(get_source("zz_rail"), con=con, mode="backfill")
        before = _wagons(con)
    assert before > 0
    monkeypatch.setenv("STATWATCH_HOME", str(rules_without_wagons(tmp_path / "newer")))
    out = CliRunner().invoke(cli, ["reextract", "--db", str(db_path), "--since", "2022-04-01"])
    assert out.exit_code == 0, out.output
    with wh.writer(db_path) as con:
        closed = con.execute("SELECT count(*) FROM facts WHERE indicator = 'rail.wagons' AND valid_to IS NOT NULL "
                             "AND period_end >= DATE '2022-04-01'").fetchone()[0]
        assert closed == json.loads(out.output)["documents"] > 0
        assert _wagons(con) == before - closed  # March keeps its wagons: --since left those documents alone


def test_an_unknown_source_is_a_one_line_error(db_path):
    out = CliRunner().invoke(cli, ["reextract", "--db", str(db_path), "--source", "nope"])
    assert out.exit_code == 1 and "unknown source 'nope'" in out.output
