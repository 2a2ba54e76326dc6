"""A broken number through the real pipeline: the sample publisher serves a release with GDP 4895 for 489.5 亿元;
ingest holds it (a partial document), detection raises the ops alert and e-mails the data engineers, a person
releases it, the merge takes it, and detection hears of the batch again without telling anyone twice."""

from __future__ import annotations

from datetime import date

from click.testing import CliRunner

from statwatch import warehouse as wh
from statwatch.cli import cli
from statwatch.config import get_source
from statwatch.ingest import ingest_source
from statwatch.notify import SmtpSettings, deliver_pending
from statwatch.pipeline import detect_alerts

Q1 = "/stats/2022/t20220425_q1.html"


def test_a_broken_number_is_held_alerted_released_and_merged(publisher, db_path, smtp_server, monkeypatch):
    monkeypatch.setenv("STATWATCH_STALENESS", "off")
    with wh.writer(db_path) as con:
        ingest_source(get_source("jinshui_stats"), con=con, mode="backfill")  # 2021 releases: the history
        detect_alerts(con)
    publisher.set_clock(date(2022, 4, 25))
    publisher.revise(Q1, {"489.5亿元": "4895亿元"})  # a decimal point lost on the way to the web
    with wh.writer(db_path) as con:
        summary = ingest_source(get_source("jinshui_stats"), con=con)
        assert summary.documents == 1 and summary.facts_quarantined == 1 and summary.facts_merged > 10
        doc = con.execute("SELECT status, batch_id FROM documents WHERE url LIKE ?", [f"%{Q1}"]).fetchone()
        assert doc[0] == "partial"
        held = con.execute("SELECT quarantine_id, reason FROM quarantine WHERE status = 'held'").fetchall()
        assert len(held) == 1 and held[0][1].startswith("[money_level_jump]") and "4895" in held[0][1]
        assert con.execute("SELECT count(*) FROM facts WHERE value = 4895").fetchone() == (0,)
        detect_alerts(con)
        deliver_pending(con, SmtpSettings.from_url(smtp_server.url))
    ops = [m for m in smtp_server.messages if m["To"] == "data-eng@statwatch.local"]
    assert len(ops) == 1 and ops[0]["Subject"] == "【数据源异常】数据质量：1 条数据被隔离（jinshui_stats）"

    out = CliRunner().invoke(cli, ["quarantine", "release", held[0][0], "--by", "Wang Li", "--db", str(db_path)])
    assert out.exit_code == 0, out.output
    assert out.output.startswith(f"{doc[1]}: 1 of 1 released row(s) merged (1 new")
    with wh.writer(db_path) as con:
        assert con.execute("SELECT count(*) FROM facts_current WHERE indicator = 'gdp' AND value = 4895"
                           ).fetchone() == (1,)
        assert con.execute("SELECT status, released_by FROM quarantine").fetchall() == [("merged", "Wang Li")]
        again = detect_alerts(con)  # the released batch is new to detection again
        assert again.batches == 1 and again.rules.get("quality") is None  # the ops alert is not repeated
        before = len(smtp_server.messages)
        deliver_pending(con, SmtpSettings.from_url(smtp_server.url))
    assert [m["To"] for m in smtp_server.messages[before:]].count("data-eng@statwatch.local") == 0
