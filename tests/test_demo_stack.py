"""The real thing: scheduler, dag-processor, triggerer and api-server on 127.0.0.1 run the pipeline by themselves."""

from __future__ import annotations

import json
import sqlite3
import stat
from contextlib import closing
from datetime import date, timedelta
from pathlib import Path

from conftest import free_port
from helpers import SHORT_DEMO_BATCHES, SHORT_DEMO_DOCUMENTS

from statwatch import settings
from statwatch import warehouse as wh


def test_a_release_reaches_the_warehouse_and_the_inbox_by_itself(tmp_path, monkeypatch):
    from statwatch_dev.demo import run_demo

    monkeypatch.setenv("STATWATCH_PUBLISHER_URL", "restored-after-the-test")
    said: list[str] = []
    home = tmp_path / "airflow"
    result = run_demo(start=date(2022, 4, 21), end=date(2022, 4, 22), publisher_port=free_port(),
                      airflow_home=home, say=lambda line: (said.append(line), print(line)))
    # The demo says where the admin password is and never prints it; the home is its owner's alone.
    password_file = home / "simple_auth_manager_passwords.json.generated"
    [password] = json.loads(password_file.read_text()).values()
    assert any(str(password_file) in line for line in said) and not any(password in line for line in said)
    assert stat.S_IMODE(home.stat().st_mode) == 0o700 and stat.S_IMODE(password_file.stat().st_mode) == 0o600
    assert result.documents == sum(SHORT_DEMO_DOCUMENTS.values())
    assert [s for s in result.emails_this_run if s.startswith("【新纪录】")] == result.emails_this_run
    assert len(result.emails_this_run) == 1
    # Each e-mail links its evidence page on the demo's UI (the links open: tests/test_approval_flow.py).
    [links] = result.evidence_this_run  # the digest of the record of trains and of wagons: one link each
    assert len(links) == 2 and all(link.startswith(f"{result.ui_url}/statwatch/alerts/") for link in links)
    assert result.stop is None
    con = wh.connect(settings.db_path(), read_only=True)
    rows = con.execute("SELECT indicator, value FROM facts_current WHERE period = '2022-04-22' AND indicator IN "
                       "('rail.trains', 'rail.wagons') ORDER BY indicator").fetchall()
    runs = con.execute("SELECT mode, count(*) FROM batches GROUP BY mode ORDER BY mode").fetchall()
    docs = dict(con.execute("SELECT source_id, count(*) FROM documents GROUP BY source_id").fetchall())
    con.close()
    assert docs == SHORT_DEMO_DOCUMENTS
    assert rows == [("rail.trains", 6.0), ("rail.wagons", 252.0)]
    assert runs == SHORT_DEMO_BATCHES
    # The validate_facts task of a run that validated something links its Data Docs page (an operator extra link
    # kept in XCom by the worker); runs over unchanged sources validate nothing and emit no facts event.
    with closing(sqlite3.connect(f"file:{home / 'airflow.db'}?mode=ro", uri=True)) as db:
        links = [json.loads(v) for (v,) in db.execute(
            "SELECT value FROM xcom WHERE task_id = 'validate_facts' AND key = '_link_DataDocsLink'")]
        merges = db.execute("SELECT count(*) FROM task_instance WHERE task_id = 'merge_facts' AND state = 'success'"
                            ).fetchone()[0]
        facts_events = db.execute("SELECT count(*) FROM asset_event e JOIN asset a ON a.id = e.asset_id "
                                  "WHERE a.uri = 'statwatch://warehouse/facts'").fetchone()[0]
    pages = [u for u in links if u]
    assert pages and all(u.startswith("file://") and Path(u.removeprefix("file://")).is_file() for u in pages)
    assert 0 < facts_events <= merges
    facts = [x for x in result.latencies if "facts_s" in x]
    mails = [x for x in result.latencies if "email_s" in x]
    assert len(facts) == 2 and len(mails) == 1  # the rail and the ops bulletin; one e-mail, the record
    print("latency publication → facts committed / e-mail accepted (s):", [f["facts_s"] for f in facts],
          mails[0]["email_s"])


def test_rank_and_campaign_emails_arrive_once_through_airflow(tmp_path, monkeypatch):
    """The issue-14 part of the story through the real stack: the 2022-Q1 ranking pages on 04-28 (one summary per page
    to the district office, 文化路街道's own alert), then the clock jumps to 05-25 and May's ops bulletins arrive at
    once: one 【进度】 and the 【完成】."""
    from statwatch_dev.demo import run_demo
    from statwatch_dev.publisher.story import CAMPAIGN_DONE_DAY, RANKING_DAY

    monkeypatch.setenv("STATWATCH_PUBLISHER_URL", "restored-after-the-test")
    result = run_demo(start=RANKING_DAY - timedelta(days=1), end=RANKING_DAY, jumps=(CAMPAIGN_DONE_DAY,),
                      publisher_port=free_port(), airflow_home=tmp_path / "airflow", say=print)
    assert sorted(result.emails_this_run) == sorted([
        "【排名】文化路街道 综合考核排名下降3位（第5→第8，17个街道）（等16项）",
        "【排名】金水区 综合考核排名 市内六区第一（上期第2）（等2项）",
        "【排名】文化路街道 综合考核排名下降3位（第5→第8，17个街道）",
        "【完成】经开区雨污水井清掏专项行动完成计划18143个：截至5月25日累计18143个（用时25天，提前6天）",
        "【进度】经开区雨污水井清掏专项行动 5月25日：累计18143个，完成计划的100.0%（序时进度80.6%），剩余6天",
    ])
    assert all(result.evidence_this_run)  # each links its evidence page
