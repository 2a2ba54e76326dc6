"""A real headless browser for the UI tests: Debian's chromium driven through its chromedriver by selenium
(nothing is downloaded at run time). Skips, saying why, where either is missing."""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
# What chromium needs here: no sandbox (root, containers), no GPU, no QUIC, and nothing that phones home.
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--window-size=1280,900", "--lang=zh-CN")


def missing() -> str | None:
    """Why the browser tests cannot run here, or None."""
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (make install puts it in .venv from the dev extra)"
    for path, pkg in ((CHROMIUM, "chromium"), (CHROMEDRIVER, "chromium-driver")):
        if not os.access(path, os.X_OK):
            return f"{path} not found: install Debian's {pkg} (make install does, as root: apt-get install {pkg})"
    return None


needs_browser = pytest.mark.skipif(missing() is not None, reason=missing() or "")


@contextmanager
def chromium(profile: Path) -> Iterator[Any]:
    """A headless chromium with a fresh profile folder."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    for flag in FLAGS:
        opts.add_argument(flag)
    opts.add_argument(f"--user-data-dir={profile}")
    opts.binary_location = CHROMIUM
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=opts)
    driver.set_page_load_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()


def wait_for(predicate: Callable[[], Any], timeout: float = 30.0, what: str = "condition") -> Any:
    """Poll until predicate() is truthy; returns its value."""
    deadline = time.monotonic() + timeout
    last_error: Exception | None = None
    while time.monotonic() < deadline:
        try:
            value = predicate()
            if value:
                return value
        except Exception as e:  # noqa: BLE001 - elements come and go while a page renders
            last_error = e
        time.sleep(0.3)
    raise TimeoutError(f"{what} not reached in {timeout:.0f}s" + (f" (last error: {last_error})" if last_error else ""))


def log_in(driver: Any, base_url: str, password: str, user: str = "admin") -> None:
    """Log in through the Airflow UI's own login form (the simple auth manager's)."""
    from selenium.webdriver.common.by import By

    driver.get(f"{base_url}/")
    wait_for(lambda: driver.find_elements(By.NAME, "username"), what="the login form")
    driver.find_element(By.NAME, "username").send_keys(user)
    driver.find_element(By.NAME, "password").send_keys(password)
    wait_for(lambda: driver.find_element(By.CSS_SELECTOR, "button[type=submit]").is_enabled(), what="sign-in button")
    driver.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    wait_for(lambda: "/auth/login" not in driver.current_url and driver.get_cookie("_token"), what="logged in")


def screenshot(driver: Any, name: str) -> None:
    """Save a screenshot under $UI_SCREENSHOTS (docs/screenshots/ when making the docs), if set."""
    folder = os.environ.get("UI_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        driver.save_screenshot(str(Path(folder) / name))


def in_view(driver: Any, css: str) -> bool:
    """Whether the element is scrolled into the visible part of its scroll container and the window."""
    return bool(driver.execute_script(
        "const e = document.querySelector(arguments[0]); if (!e) return false;"
        "const r = e.getBoundingClientRect(); const box = e.closest('.document');"
        "const b = box ? box.getBoundingClientRect() : {top: 0, bottom: window.innerHeight};"
        "return r.top >= Math.max(0, b.top) - 1 && r.bottom <= Math.min(window.innerHeight, b.bottom) + 1;", css))
