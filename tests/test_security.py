"""Probes of issue 16 as tests: a read-only query that really is, output that cannot steer a terminal, hostile
scraped text that never stops delivery, links only to the web. Real warehouse files, the real CLI, a real SMTP
server."""

from __future__ import annotations

import hashlib
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import decoded_bodies
from helpers import cst, load_facts, rail_day

from statwatch import warehouse as wh
from statwatch.cli import cli
from statwatch.errors import DeliveryFailed
from statwatch.model import Fact
from statwatch.notify import SmtpSettings, deliver_pending
from statwatch.pipeline import detect_alerts


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def warehouse(db_path: Path) -> Path:
    """A published warehouse with facts, an alert and the pipeline's private writer copy beside it."""
    with wh.writer(db_path) as con:
        load_facts(con, "d21", rail_day("2022-04-21", 3, 126), published=cst("2022-04-21"), mode="backfill")
        load_facts(con, "d22", rail_day("2022-04-22", 6, 252), published=cst("2022-04-22"))
        detect_alerts(con)
    assert wh.writer_path(db_path).exists()
    return db_path


def _query(db: Path, sql: str, *fmt: str):
    return CliRunner().invoke(cli, ["query", "--db", str(db), *fmt, "--", sql])


class _Recorder(BaseHTTPRequestHandler):
    requests: list[str] = []

    def do_GET(self) -> None:  # noqa: N802
        type(self).requests.append(self.path)
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"a,b\n1,2\n")

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def web():
    _Recorder.requests = []
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", _Recorder.requests
    httpd.shutdown()
    httpd.server_close()


def test_statwatch_query_reads(warehouse):
    out = _query(warehouse, "SELECT indicator, value FROM facts_current ORDER BY value", "--json")
    assert out.exit_code == 0, out.output
    assert [r["value"] for r in json.loads(out.output)] == [3.0, 6.0, 126.0, 252.0]
    for sql in ("-- the rail series\nWITH d AS (SELECT * FROM rail_daily) SELECT count(*) FROM d",
                "FROM rail_daily SELECT day", "DESCRIBE facts", "SHOW TABLES", "EXPLAIN SELECT 1",
                "(SELECT 1)", "SELECT 1;"):
        assert _query(warehouse, sql).exit_code == 0, sql


@pytest.mark.parametrize("name,sql", [
    ("copy-to-a-file", "COPY (SELECT 'echo owned' AS line) TO '{tmp}/.bashrc' (HEADER false)"),
    ("export-database", "EXPORT DATABASE '{tmp}/exported'"),
    ("attach-writer-copy", "ATTACH '{writer}' AS w (READ_WRITE)"),
    ("copy-over-the-warehouse", "COPY (SELECT 1) TO '{db}' (FORMAT csv)"),
    ("install", "INSTALL httpfs"),
    ("load", "LOAD httpfs"),
    ("set", "SET threads = 1"),
    ("pragma", "PRAGMA enable_profiling"),
    ("pragma-read", "PRAGMA version"),
    ("two-statements", "SELECT 1; SELECT 2"),
    ("update", "UPDATE alerts SET state = 'resolved'"),
    ("create", "CREATE TABLE owned AS SELECT 1"),
    ("read-a-local-file", "SELECT * FROM read_csv('{db}')"),
    ("checkpoint", "CHECKPOINT"),
    ("detach", "DETACH statwatch"),
])
def test_statwatch_query_refuses_what_is_not_a_read(warehouse, tmp_path, name, sql):
    writer = wh.writer_path(warehouse)
    before = {p: _digest(p) for p in (warehouse, writer)}
    out = _query(warehouse, sql.format(tmp=tmp_path, writer=writer, db=warehouse))
    assert out.exit_code == 1, (name, out.output)
    assert len(out.output.strip().splitlines()) == 1 and out.output.startswith("Error:"), out.output
    assert not (tmp_path / ".bashrc").exists() and not (tmp_path / "exported").exists()
    assert {p: _digest(p) for p in before} == before  # neither the published file nor the writer's copy changed


def test_statwatch_query_fetches_no_url(warehouse, web):
    url, requests = web
    for sql in (f"SELECT * FROM read_csv('{url}/x.csv')", f"SELECT * FROM '{url}/x.csv'",
                f"SELECT * FROM read_csv_auto('{url}/y.csv')"):
        out = _query(warehouse, sql)
        assert out.exit_code == 1 and "disabled" in out.output, out.output
    assert requests == []


def test_the_locked_settings_stay_locked(warehouse):
    con = wh.connect(warehouse, reader=True)
    try:
        for sql in ("SET enable_external_access = true", "SET lock_configuration = false",
                    "SET autoinstall_known_extensions = true"):
            with pytest.raises(Exception, match="locked"):
                con.execute(sql)
        assert con.execute("SELECT current_setting('TimeZone')").fetchone() == ("UTC",)
    finally:
        con.close()


def test_query_output_is_plain_text_without_terminal_controls(warehouse):
    evil = "[red]red[/red] [/x] \x1b[2J\x1b]0;owned\x07 \x9b31m \u202eevil\u2028"
    sql = f"SELECT '{evil}' AS cell"
    table = _query(warehouse, sql)
    assert table.exit_code == 0, table.output  # rich markup is not interpreted: no MarkupError on [/x]
    assert "[red]red[/red] [/x]" in table.output
    for fmt in ("--table", "--csv", "--json"):
        out = _query(warehouse, sql, fmt).output
        assert not any(c in out for c in "\x1b\x07\x9b\u202e\u2028"), (fmt, out)
    assert json.loads(_query(warehouse, sql, "--json").output)[0]["cell"] == evil  # escaped, not lost


# --- e-mail: hostile text never stops delivery -----------------------------------------------------------


def _record_day(con, region: str) -> None:
    load_facts(con, "d21", rail_day("2022-04-21", 3, 126), published=cst("2022-04-21"), mode="backfill")
    detect_alerts(con)
    load_facts(con, "d22", rail_day("2022-04-22", 6, 252, region=region), published=cst("2022-04-22"))
    load_facts(con, "d22b", rail_day("2022-04-21", 3, 126, region=region), published=cst("2022-04-21"),
               mode="backfill")


def test_a_nel_in_a_region_is_delivered_and_blocks_nothing(con, smtp_server):
    region = "中国铁路\x85郑州局集团\u2028Bcc: x@example.com"
    load_facts(con, "d20", rail_day("2022-04-20", 3, 126, region=region), published=cst("2022-04-20"),
               mode="backfill")
    detect_alerts(con)
    load_facts(con, "d22", rail_day("2022-04-22", 6, 252, region=region), published=cst("2022-04-22"))
    load_facts(con, "d23", rail_day("2022-04-23", 5, 210), published=cst("2022-04-23"))
    load_facts(con, "d19", rail_day("2022-04-19", 2, 80), published=cst("2022-04-19"), mode="backfill")
    detect_alerts(con)
    load_facts(con, "d24", rail_day("2022-04-24", 7, 300), published=cst("2022-04-24"))
    detect_alerts(con)
    summary = deliver_pending(con, SmtpSettings.from_url(smtp_server.url))
    assert summary.messages_sent == len(smtp_server.messages) >= 2
    subjects = [m["Subject"] for m in smtp_server.messages]
    assert any("郑州局集团" in s for s in subjects) and all("\x85" not in s and "\u2028" not in s for s in subjects)
    assert all(m["Bcc"] is None for m in smtp_server.messages)
    assert con.execute("SELECT count(*) FROM notifications WHERE status <> 'sent'").fetchone() == (0,)


def test_a_message_that_cannot_be_built_is_failed_and_the_rest_go_out(con, smtp_server):
    load_facts(con, "d21", rail_day("2022-04-21", 3, 126), published=cst("2022-04-21"), mode="backfill")
    detect_alerts(con)
    load_facts(con, "d22", rail_day("2022-04-22", 6, 252), published=cst("2022-04-22"))
    detect_alerts(con)
    # A payload no template can render (an older version's, or a corrupted row): evidence without its keys.
    broken = con.execute("SELECT group_key, recipient, min(notification_id) FROM notifications GROUP BY ALL "
                         "ORDER BY 1, 2 LIMIT 1").fetchone()
    con.execute("UPDATE notifications SET payload = '{\"series\": 5}', created_at = created_at - INTERVAL 1 HOUR "
                "WHERE notification_id = ?", [broken[2]])
    load_facts(con, "d23", rail_day("2022-04-23", 7, 300), published=cst("2022-04-23"))
    detect_alerts(con)
    with pytest.raises(DeliveryFailed, match="cannot build"):
        deliver_pending(con, SmtpSettings.from_url(smtp_server.url))
    rows = con.execute("SELECT group_key = ? AND recipient = ?, status, last_error FROM notifications",
                       [broken[0], broken[1]]).fetchall()
    assert {(mine, status) for mine, status, _ in rows} == {(True, "failed"), (False, "sent")}  # that message only
    assert all(error.startswith("cannot build the message") for mine, _, error in rows if mine)
    assert len(smtp_server.messages) == len({r for r in con.execute(
        "SELECT DISTINCT group_key, recipient FROM notifications WHERE status = 'sent'").fetchall()}) == 1
    assert deliver_pending(con, SmtpSettings.from_url(smtp_server.url)).messages_sent == 0  # failed stays failed


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,<b>x</b>", "file:///etc/passwd",
                                 "JAVASCRIPT:alert(1)", " javascript:alert(1)"])
def test_e_mails_link_only_to_the_web(con, smtp_server, url):
    load_facts(con, "d21", rail_day("2022-04-21", 3, 126), published=cst("2022-04-21"), mode="backfill")
    detect_alerts(con)
    load_facts(con, "d22", rail_day("2022-04-22", 6, 252), published=cst("2022-04-22"))
    con.execute("UPDATE documents SET url = ? WHERE doc_id = 'd22'", [url])
    detect_alerts(con)
    deliver_pending(con, SmtpSettings.from_url(smtp_server.url))
    [msg] = smtp_server.messages
    _, html = decoded_bodies(msg)
    assert "href=\"javascript" not in html.lower() and "href=\"data:" not in html and "href=\"file:" not in html
    assert "href=" not in html.split("来源")[1].split("</tr>")[0]


def test_web_urls_are_linked(con, smtp_server):
    load_facts(con, "d21", rail_day("2022-04-21", 3, 126), published=cst("2022-04-21"), mode="backfill")
    detect_alerts(con)
    load_facts(con, "d22", [*rail_day("2022-04-22", 6, 252),
                            Fact("rail.teu", "level", "2022-04-22", 500, "标箱", region="中国铁路郑州局集团",
                                 quote="500标箱")], published=cst("2022-04-22"))
    con.execute("UPDATE documents SET url = 'https://www.example.gov.cn/a?b=1&c=<2>' WHERE doc_id = 'd22'")
    detect_alerts(con)
    deliver_pending(con, SmtpSettings.from_url(smtp_server.url))
    _, html = decoded_bodies(smtp_server.messages[0])
    assert 'href="https://www.example.gov.cn/a?b=1&amp;c=&lt;2&gt;"' in html
