"""What the chaos run (`statwatch chaos`, docs/reliability.md) found, reproduced small: a stage's process is
SIGKILLed at the moment that broke, for real, and the stage is run again as Airflow's retry would run it."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from datetime import date

from aiosmtpd.controller import Controller
from conftest import ROOT, SmtpServer, free_port
from helpers import cst, load_facts, rail_day

from statwatch import pipeline
from statwatch import warehouse as wh
from statwatch.notify import SmtpSettings
from statwatch.pipeline import detect_alerts
from statwatch_airflow.glue import _stages
from statwatch_dev.smtp_sink import OutboxHandler


def _child(code: str, *args: str) -> subprocess.Popen[bytes]:
    """A Python process running `code` with this test's environment (STATWATCH_DB, STATWATCH_VAR)."""
    return subprocess.Popen([sys.executable, "-c", code, *args], cwd=ROOT, env=dict(os.environ),
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)


def _killed(proc: subprocess.Popen[bytes]) -> str:
    out = proc.communicate(timeout=120)[0].decode(errors="replace")
    assert proc.returncode == -signal.SIGKILL, out
    return out


# -- merge: the task died after the merge committed, before Airflow heard of it -----------------------------


MERGE_THEN_DIE = """
import os, signal, sys
from statwatch.pipeline import run_merge
run_merge(sys.argv[1:])             # committed and published ...
os.kill(os.getpid(), signal.SIGKILL)  # ... and the task process dies before it returns its result to Airflow
"""


def test_a_merge_retried_after_its_process_died_past_the_commit_still_wakes_detection(publisher, db_path,
                                                                                      monkeypatch):
    monkeypatch.setenv("STATWATCH_STALENESS", "off")  # a replay of 2022
    pipeline.run_ingest("zz_rail", mode="backfill")  # history to 04-21
    pipeline.run_detect()
    publisher.set_clock(date(2022, 4, 22))
    ids = pipeline.run_fetch("zz_rail")["batch_ids"]
    pipeline.run_extract(ids)
    pipeline.run_validate(ids)
    _killed(_child(MERGE_THEN_DIE, *ids))
    # Airflow's retry of merge_facts: nothing is left to merge, but detection has not seen these facts yet, so the
    # task must still emit the facts event (merge_facts announces only when `changed`), or the record e-mail
    # waits for the next day's merge or the hourly detection run.
    retried = pipeline.run_merge(ids)
    assert retried["merged"] == 0 and retried["changed"] and retried["undetected"] == 1
    assert pipeline.run_detect()["alerts"] >= 1
    assert not pipeline.run_merge(ids)["changed"]  # once detection saw them, a rerun wakes nobody


LIVE_THEN_DIE = """
import os, signal, sys
from statwatch_airflow.glue import _stages
_stages(sys.argv[1], lambda stage, out: out, mode="live")  # fetch … merge committed and published ...
os.kill(os.getpid(), signal.SIGKILL)  # ... and the live task dies before its detection
"""


def test_a_live_run_retried_after_it_died_past_the_merge_still_wakes_detection(publisher, db_path, monkeypatch):
    monkeypatch.setenv("STATWATCH_STALENESS", "off")  # a replay of 2022
    pipeline.run_ingest("zz_rail", mode="backfill")  # history to 04-21
    pipeline.run_detect()
    publisher.set_clock(date(2022, 4, 22))
    _killed(_child(LIVE_THEN_DIE, "zz_rail"))
    # Airflow's retry of the live task: its fetch finds the bulletin archived and hands on no batch, yet detection
    # has not seen the merged facts: the retry must still detect (or emit the facts event), or the record e-mail
    # waits for the hourly detection run.
    retried = _stages("zz_rail", lambda stage, out: out, mode="live")
    assert retried["fetched"]["batch_ids"] == []
    assert retried["merged"]["changed"] and retried["merged"]["undetected"] == 1
    assert pipeline.run_detect()["alerts"] >= 1
    assert not _stages("zz_rail", lambda stage, out: out, mode="live")["merged"]["changed"]  # seen: nobody woken


def test_a_merge_of_nothing_new_wakes_nobody(publisher, db_path):
    pipeline.run_ingest("zz_rail", mode="backfill")
    assert not pipeline.run_merge(pipeline.run_fetch("zz_rail")["batch_ids"])["changed"]  # an unchanged source


# -- delivery: the task died after the SMTP server took the message, before the row was marked sent ---------


class SlowAnswer(OutboxHandler):
    """Keeps the message, then takes `delay` seconds to say 250 (a slow relay): the sender dies meanwhile."""

    delay = 0.0

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        answer = await super().handle_DATA(server, session, envelope)
        await asyncio.sleep(self.delay)
        return answer


NOTIFY = """
import sys
from statwatch.notify import SmtpSettings
from statwatch.pipeline import run_notify
run_notify(SmtpSettings.from_url(sys.argv[1]))
"""


def test_a_delivery_killed_after_the_server_took_the_message_is_resent_by_the_retry_with_its_message_id(
        tmp_path, db_path):
    with wh.writer(db_path) as con:  # a backfilled day, then a record: one message is owed
        load_facts(con, "d21", rail_day("2022-04-21", 3, 126), published=cst("2022-04-21"), mode="backfill")
        detect_alerts(con)
        load_facts(con, "d22", rail_day("2022-04-22", 6, 252), published=cst("2022-04-22"))
        detect_alerts(con)
    handler = SlowAnswer(tmp_path / "outbox")
    handler.delay = 30.0
    port = free_port()
    server = Controller(handler, hostname="127.0.0.1", port=port)
    server.start()
    try:
        sender = _child(NOTIFY, f"smtp://127.0.0.1:{port}")
        deadline = time.monotonic() + 60
        while not list(handler.outbox.glob("*.eml")):
            assert time.monotonic() < deadline and sender.poll() is None, "the message never reached the server"
            time.sleep(0.05)
        sender.send_signal(signal.SIGKILL)  # the server has the message; the sender never hears its 250
        _killed(sender)
        with wh.writer(db_path) as con:
            assert con.execute("SELECT DISTINCT status FROM notifications").fetchall() == [("sending",)]
        handler.delay = 0.0
        # Airflow's retry, 30 s later: it holds the write lock, so the run that marked the rows 'sending' is gone.
        # It sends again at once, with the same Message-ID; waiting for the 2-minute timeout left the message to
        # a scheduled run up to 12 minutes later, and the retry green meanwhile.
        resent = pipeline.run_notify(SmtpSettings.from_url(f"smtp://127.0.0.1:{port}"))
        assert resent["messages_sent"] == 1 and resent["recovered"] == 2  # the record's rows: trains and wagons
        assert pipeline.run_notify(SmtpSettings.from_url(f"smtp://127.0.0.1:{port}"))["messages_sent"] == 0
    finally:
        server.stop()
    first, second = SmtpServer(handler.outbox).messages
    assert first["Message-ID"] == second["Message-ID"]  # the one documented duplicate, recognisable as such
    with wh.writer(db_path) as con:
        assert con.execute("SELECT DISTINCT status FROM notifications").fetchall() == [("sent",)]
