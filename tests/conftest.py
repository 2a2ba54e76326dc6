"""Shared fixtures: a migrated DuckDB file, the sample publisher, a real SMTP server, a clean environment."""

from __future__ import annotations

import email
import os
import tempfile
from collections.abc import Iterator
from datetime import date
from email.message import Message
from pathlib import Path

import pytest

from statwatch_dev.airflow_local import free_port

ROOT = Path(__file__).resolve().parents[1]


def pytest_configure(config: pytest.Config) -> None:
    """Airflow reads its configuration at import time: point it at a private home before any test imports it."""
    home = Path(tempfile.mkdtemp(prefix="statwatch-airflow-"))
    os.environ["AIRFLOW_HOME"] = str(home)
    os.environ["AIRFLOW__CORE__LOAD_EXAMPLES"] = "False"
    os.environ["AIRFLOW__CORE__DAGS_FOLDER"] = str(ROOT / "dags")
    os.environ["AIRFLOW__CORE__UNIT_TEST_MODE"] = "False"
    os.environ["AIRFLOW__DATABASE__SQL_ALCHEMY_CONN"] = f"sqlite:///{home / 'airflow.db'}"


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No STATWATCH_* setting leaks in from the developer's shell; runtime files go under tmp_path."""
    for k in list(os.environ):
        if k.startswith("STATWATCH_") or k.startswith("AIRFLOW_CONN_"):
            monkeypatch.delenv(k)
    monkeypatch.setenv("STATWATCH_VAR", str(tmp_path / "var"))
    monkeypatch.setenv("STATWATCH_DB", str(tmp_path / "statwatch.duckdb"))


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """A migrated warehouse file under tmp_path (also $STATWATCH_DB)."""
    from statwatch import warehouse as wh

    path = tmp_path / "statwatch.duckdb"
    con = wh.connect(path)
    wh.migrate(con)
    con.close()
    return path


@pytest.fixture
def con(db_path: Path):
    """A write connection to the migrated warehouse."""
    from statwatch import warehouse as wh

    c = wh.connect(db_path)
    yield c
    c.close()


class SmtpServer:
    """A real aiosmtpd server on 127.0.0.1 that keeps what it accepted (as .eml files and parsed)."""

    def __init__(self, outbox: Path, port: int | None = None):
        self.outbox = outbox
        self.port = port or free_port()
        self.controller = None

    def start(self) -> SmtpServer:
        from statwatch_dev.smtp_sink import start_sink

        self.controller = start_sink(self.outbox, port=self.port)
        return self

    def stop(self) -> None:
        if self.controller:
            self.controller.stop()
            self.controller = None

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    @property
    def messages(self) -> list[Message]:
        files = sorted(self.outbox.glob("*.eml"), key=lambda p: int(p.stem))
        return [email.message_from_bytes(p.read_bytes(), policy=email.policy.default) for p in files]


@pytest.fixture
def smtp_server(tmp_path: Path) -> Iterator[SmtpServer]:
    """A running SMTP sink; `.messages` lists what it accepted."""
    server = SmtpServer(tmp_path / "outbox").start()
    yield server
    server.stop()


@pytest.fixture
def publisher(monkeypatch: pytest.MonkeyPatch):
    """The sample publisher on a thread, clock at 2022-04-21; config/sources.yaml points at it."""
    from statwatch_dev.publisher import Publisher

    pub = Publisher(start=date(2022, 4, 21), host="127.0.0.1", port=0)
    pub.start()
    monkeypatch.setenv("STATWATCH_PUBLISHER_URL", pub.url)
    yield pub
    pub.stop()


def decoded_bodies(msg: Message) -> tuple[str, str]:
    """(plain text, html) of a multipart/alternative message."""
    text = msg.get_body(preferencelist=("plain",))
    html = msg.get_body(preferencelist=("html",))
    return (text.get_content() if text else "", html.get_content() if html else "")


@pytest.fixture(scope="session")
def postgres():
    """A PostgreSQL server of the tests' own (data under /tmp, a free port on 127.0.0.1, lc_messages=C), stopped at
    the end of the session; the tests that need it are skipped with the reason when PostgreSQL is not installed."""
    import shutil
    import tempfile

    from statwatch_dev.postgres import LocalPostgres, available

    if reason := available():
        pytest.skip(f"cluster profile not tested: {reason}")
    # Not under tmp_path: the server runs as an unprivileged user, who cannot enter root's pytest folders.
    root = Path(tempfile.mkdtemp(prefix="statwatch-pg-"))
    server = LocalPostgres(root, free_port()).start()
    yield server
    server.stop("immediate")
    shutil.rmtree(root, ignore_errors=True)


class Lake:
    """A fresh DuckLake (its own catalog database and data folder) on the tests' PostgreSQL, migrated."""

    def __init__(self, server, name: str, data: Path):
        self.server, self.name, self.data = server, name, data
        server.create_database(name)
        self.url = "ducklake:postgres:" + server.conninfo(name)

    def env(self) -> dict[str, str]:
        """What a process needs to use this lake as its warehouse (password included, from the environment)."""
        return {**self.server.env(), "STATWATCH_WAREHOUSE": self.url, "STATWATCH_LAKE_DATA": f"{self.data}/"}

    def use(self, monkeypatch: pytest.MonkeyPatch) -> Lake:
        for k, v in self.env().items():
            monkeypatch.setenv(k, v)
        return self

    def migrate(self) -> Lake:
        from statwatch import warehouse as wh

        con = wh.connect(self.url)
        try:
            wh.migrate(con)
        finally:
            con.close()
        return self


@pytest.fixture
def lake(postgres, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest) -> Lake:
    """A migrated DuckLake as this test's warehouse (STATWATCH_WAREHOUSE points at it)."""
    import re

    name = "lake_" + re.sub(r"\W", "_", request.node.name.lower())[-40:] + f"_{os.getpid()}"
    return Lake(postgres, name, tmp_path / "lake").use(monkeypatch).migrate()


@pytest.fixture(scope="session")
def httpserver_listen_address() -> tuple[str, int]:
    """pytest-httpserver binds 127.0.0.1 only."""
    return ("127.0.0.1", 0)
