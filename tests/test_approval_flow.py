"""End to end through the real stack and a real browser: the demo story (history to 04-26) up to the 【待核实】
claim of 2022-04-27, the analyst told by e-mail, the approval answered under Airflow's Required Actions, the staff e-mail arriving in
the SMTP sink with the approver's name, and every 查看证据 link of the demo's e-mails opening its evidence page."""

from __future__ import annotations

import json
import re
import time
from datetime import date
from email import message_from_bytes, policy
from pathlib import Path

import pytest
from browser import chromium, log_in, needs_browser, screenshot, wait_for
from conftest import free_port

from statwatch import settings
from statwatch import warehouse as wh


def _mail(outbox: Path) -> list:
    files = sorted(outbox.glob("*.eml"), key=lambda p: int(p.stem))
    return [message_from_bytes(p.read_bytes(), policy=policy.default) for p in files]


def _text(msg) -> str:
    return msg.get_body(preferencelist=("plain",)).get_content()


@pytest.mark.slow
@needs_browser
def test_an_analyst_approves_a_claim_in_the_browser_and_staff_get_the_email(tmp_path, monkeypatch):
    from selenium.webdriver.common.by import By

    from statwatch_dev.demo import run_demo

    monkeypatch.setenv("STATWATCH_PUBLISHER_URL", "restored-after-the-test")
    monkeypatch.setenv("STATWATCH_UI_URL", "restored-after-the-test")
    result = run_demo(start=date(2022, 4, 26), end=date(2022, 4, 27), publisher_port=free_port(),
                      airflow_home=tmp_path / "airflow", approve=False, keep=True, say=print)
    try:
        outbox = Path(result.outbox)
        # Staff heard nothing of the claim; the analysts were asked, with the Required Actions link.
        assert not any(s.startswith("【待核实】") for s in result.emails_this_run)
        [ask] = [m for m in _mail(outbox) if m["Subject"].startswith("【待审核】")]
        assert ask["To"] == "fenxi@statwatch.local" and "创历史新高" in _text(ask)
        [required] = re.findall(r"Required Actions）：(\S+)", _text(ask))
        assert required.startswith(result.ui_url) and required.endswith("/tasks/approve_alert/mapped/0/required_actions")
        # Every e-mail of the run links its evidence page on this UI.
        links = [link for per_mail in result.evidence_this_run for link in per_mail]
        assert len(result.evidence_this_run) == len(result.emails_this_run) and all(result.evidence_this_run)
        password = json.loads(Path(result.password_file).read_text())["admin"]
        with chromium(tmp_path / "profile") as driver:
            log_in(driver, result.ui_url, password)
            for link in sorted(set(links)):
                driver.get(link)
                title = wait_for(lambda: driver.find_element(By.ID, "title").text, what=f"evidence page {link}")
                assert title.startswith("【"), link
            driver.get(required)
            approve = wait_for(lambda: [b for b in driver.find_elements(By.TAG_NAME, "button")
                                        if b.text.strip() == "Approve" and b.is_enabled()], timeout=60,
                               what="the Approve button under Required Actions")
            wait_for(lambda: "创历史新高" in driver.find_element(By.TAG_NAME, "body").text, what="the evidence shown")
            screenshot(driver, "approval_required_action.png")
            approve[0].click()
            staff = wait_for(lambda: [m for m in _mail(outbox) if m["Subject"].startswith("【待核实】")], timeout=240,
                             what="the staff e-mail after approval")
            [msg] = staff
            text = _text(msg)
            assert msg["To"] == "kouan@statwatch.local" and "经admin于" in text and "审核批准后发送" in text
            [evidence] = re.findall(r"查看证据：(\S+)", text)
            driver.get(evidence + "#quote")
            wait_for(lambda: "admin" in driver.find_element(By.ID, "decision").text, what="the decision shown")
            assert "创历史新高" in driver.find_element(By.CSS_SELECTOR, "mark#quote").text
            history = driver.find_element(By.ID, "history").text
            assert "approval_requested" in history and "approved" in history
            # The page reads the published warehouse: the row is `sent` once the notify task has published it.
            wait_for(lambda: driver.refresh() or msg["Message-ID"].strip("<>") in driver.find_element(By.ID, "emails").text,
                     timeout=120, what="the staff e-mail listed with its Message-ID")
            screenshot(driver, "evidence_approved.png")
        con = wh.connect(settings.db_path(), reader=True)
        try:
            state, by = con.execute("SELECT state, decided_by FROM alerts WHERE rule = 'claim_unconfirmed'").fetchone()
        finally:
            con.close()
        assert (state, by) == ("firing", "admin")
        time.sleep(0)
    finally:
        if result.stop:
            result.stop()
