"""The real Airflow stack and FeedTrigger: a feed item becomes exactly one delivery to a Dag, by itself."""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import os
import stat
import subprocess
import sys
import threading
import time
from collections import Counter
from datetime import UTC, datetime
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from statwatch_dev.airflow_local import (
    WAREHOUSE_POOL,
    AirflowStack,
    airflow_env,
    free_port,
    prepare_airflow_home,
)

log = logging.getLogger(__name__)

DAG_ID = "statwatch_test_feed"
ASSET_URI = "statwatch://test/feed"


class FeedServer:
    """An RSS feed on 127.0.0.1 whose items the test controls; honours If-None-Match with 304."""

    def __init__(self) -> None:
        self.items: list[tuple[str, float]] = []
        self.status = 200
        self.raw: bytes | None = None
        self.hits = Counter()
        self.lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802
                body, status = server.body(), server.status
                etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
                if status == 200 and self.headers.get("If-None-Match") == etag:
                    server.hits[304] += 1
                    self.send_response(304)
                    self.send_header("ETag", etag)
                    self.end_headers()
                    return
                server.hits[status] += 1
                self.send_response(status)
                self.send_header("Content-Type", "application/rss+xml; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.send_header("ETag", etag)
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/feed.xml"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def add(self, *names: str) -> float:
        """Publish items at once; returns the wall-clock time they appeared."""
        with self.lock:
            now = time.time()
            self.items += [(n, now) for n in names]
        return now

    def body(self) -> bytes:
        if self.raw is not None:
            return self.raw
        with self.lock:
            items = list(self.items)
        entries = "".join(
            f"<item><title>item {n}</title><link>/items/{n}.html</link><guid>{n}</guid>"
            f"<pubDate>{format_datetime(datetime.fromtimestamp(t, UTC))}</pubDate></item>"
            for n, t in reversed(items)
        )
        return f'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>{entries}</channel></rss>'.encode()

    def item_url(self, name: str) -> str:
        return self.url.replace("/feed.xml", f"/items/{name}.html")

    def __enter__(self) -> FeedServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


TEST_DAG = '''
"""Test Dag: records every item announced by the FeedTrigger watching the test feed."""
import json
from pathlib import Path

import pendulum
from airflow.sdk import Asset, AssetWatcher, dag, task

from statwatch_airflow.triggers import FeedTrigger

OUT = Path({out!r})
FEED = Asset({uri!r}, watchers=[AssetWatcher(name="watch_test_feed", trigger=FeedTrigger(
    source_id="test_feed", feed_url={feed_url!r}, feed_type="rss", link_pattern=r"/items/", poll_interval=1.0))])


@dag(dag_id={dag_id!r}, schedule=[FEED], start_date=pendulum.datetime(2024, 1, 1, tz="UTC"), catchup=False,
     max_active_runs=1)
def statwatch_test_feed():
    @task(pool="statwatch_warehouse")
    def record(**context):
        lines = []
        for ev in context["triggering_asset_events"][FEED]:
            payload = ev.extra["payload"]
            for item in payload["items"]:
                lines.append(json.dumps({{"url": item["url"], "run_id": context["run_id"],
                                          "detected_at": payload["detected_at"]}}))
        with OUT.open("a", encoding="utf-8") as f:
            f.write("".join(line + "\\n" for line in lines))

    record()


statwatch_test_feed()
'''


FACTS_DAG = '''
"""Test Dag: runs whenever statwatch://warehouse/facts gets an event, and writes down the event's extra."""
import json
from pathlib import Path

import pendulum
from airflow.sdk import Asset, dag, task

OUT = Path({out!r})
FACTS = Asset("statwatch://warehouse/facts")


@dag(dag_id="statwatch_test_facts", schedule=[FACTS], start_date=pendulum.datetime(2024, 1, 1, tz="UTC"),
     catchup=False)
def statwatch_test_facts():
    @task
    def record(**context):
        extras = [ev.extra for ev in context["triggering_asset_events"][FACTS]]
        OUT.write_text(json.dumps(extras), encoding="utf-8")

    record()


statwatch_test_facts()
'''


# -- unit level: environment and the trigger without Airflow's services --------------------------------------


def test_the_warm_executor_imports_what_tasks_need_and_never_stops_over_a_missing_module(monkeypatch):
    from airflow.executors.local_executor import LocalExecutor

    from statwatch_airflow.executor import PRELOAD, WarmLocalExecutor, preload, preload_modules

    assert issubclass(WarmLocalExecutor, LocalExecutor)
    assert {"statwatch.pipeline", "great_expectations", "statwatch.charts:prepare"} <= set(PRELOAD.split())
    monkeypatch.delenv("STATWATCH_PRELOAD", raising=False)
    assert preload_modules() == PRELOAD.split()
    for off in ("", "  "):  # turned off (the Edge worker then preloads the task process's modules neither)
        monkeypatch.setenv("STATWATCH_PRELOAD", off)
        assert preload_modules() == [] and preload() == []
    monkeypatch.setenv("STATWATCH_PRELOAD", "colorsys no_such_module_here statwatch.notify:compile_templates "
                                            "statwatch.notify:no_such_function")
    assert preload() == ["no_such_module_here", "statwatch.notify:no_such_function"]
    assert "colorsys" in sys.modules
    from statwatch import notify

    assert notify._env().cache and notify._text_env().cache, "the e-mail templates are compiled"


def test_env_is_local_and_secrets_stay_out_of_code(tmp_path, monkeypatch):
    monkeypatch.setenv("AIRFLOW__CORE__EXECUTOR", "CeleryExecutor")  # a developer's setting must not leak in
    env = airflow_env(tmp_path / "af", dags_folder=tmp_path / "dags", api_port=18123)
    assert env["AIRFLOW_HOME"] == str((tmp_path / "af").resolve())
    assert env["AIRFLOW__CORE__EXECUTOR"] == "statwatch_airflow.executor.WarmLocalExecutor"  # a LocalExecutor
    assert env["AIRFLOW__API__HOST"] == "127.0.0.1"
    assert env["AIRFLOW__API__BASE_URL"] == "http://127.0.0.1:18123"
    assert env["AIRFLOW__CORE__EXECUTION_API_SERVER_URL"] == "http://127.0.0.1:18123/execution/"
    assert env["AIRFLOW__CORE__PARALLELISM"] == "4"
    assert float(env["AIRFLOW__SCHEDULER__SCHEDULER_IDLE_SLEEP_TIME"]) < 1  # each hop of a release waits for it
    assert env["AIRFLOW__DATABASE__SQL_ALCHEMY_CONN"].endswith(str(tmp_path / "af" / "airflow.db"))
    assert env["PATH"].split(os.pathsep)[0] == str(Path(sys.executable).parent)
    assert len(env["AIRFLOW__API_AUTH__JWT_SECRET"]) == 64
    secrets_file = tmp_path / "af" / "statwatch-secrets.json"
    assert stat.S_IMODE(secrets_file.stat().st_mode) == 0o600
    again = airflow_env(tmp_path / "af", dags_folder=tmp_path / "dags", api_port=18123)
    assert again["AIRFLOW__CORE__FERNET_KEY"] == env["AIRFLOW__CORE__FERNET_KEY"]
    other = airflow_env(tmp_path / "other", dags_folder=tmp_path / "dags", api_port=18123)
    assert other["AIRFLOW__API_AUTH__JWT_SECRET"] != env["AIRFLOW__API_AUTH__JWT_SECRET"]


def test_the_airflow_home_is_made_private(tmp_path):
    """A home created here, or one that exists with loose modes, is 0700; task logs are written 0600 in 0700 folders."""
    fresh = tmp_path / "fresh" / "home"
    env = airflow_env(fresh, dags_folder=tmp_path / "dags", api_port=18123)
    old = tmp_path / "old"
    old.mkdir(mode=0o755)
    os.chmod(old, 0o755)
    airflow_env(old, dags_folder=tmp_path / "dags", api_port=18123)
    assert _mode(fresh) == _mode(old) == 0o700
    assert _mode(fresh / "airflow.cfg") == 0o600
    assert env["AIRFLOW__LOGGING__FILE_TASK_HANDLER_NEW_FILE_PERMISSIONS"] == "0o600"
    assert env["AIRFLOW__LOGGING__FILE_TASK_HANDLER_NEW_FOLDER_PERMISSIONS"] == "0o700"


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_library_modules_do_not_import_airflow():
    code = ("import sys, statwatch_dev.airflow_local, statwatch.discover; "
            "sys.exit(any(m == 'airflow' or m.startswith('airflow.') for m in sys.modules))")
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


class MemoryStore:
    """Stands in for the triggerer's asset state store (JSON round trip, like the real one)."""

    def __init__(self) -> None:
        self.data: dict[str, str] = {}

    async def aget(self, key, default=None):
        return json.loads(self.data[key]) if key in self.data else default

    async def aset(self, key, value):
        self.data[key] = json.dumps(value)


def _run_trigger_until(trigger, events: list, stop: threading.Event) -> None:
    async def main() -> None:
        agen = trigger.run()
        task = asyncio.ensure_future(_drain(agen, events))
        while not stop.is_set():
            await asyncio.sleep(0.05)
        task.cancel()

    async def _drain(agen, out) -> None:
        async for ev in agen:
            out.append(ev.payload)

    asyncio.run(main())


def _wait_for(predicate, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        time.sleep(0.05)


class Output:
    """Everything the process wrote so far (trigger logs go through structlog to stdout/stderr)."""

    def __init__(self, capfd) -> None:
        self.capfd, self.seen = capfd, ""

    @property
    def text(self) -> str:
        out, err = self.capfd.readouterr()
        self.seen += out + err
        return self.seen


def test_trigger_baseline_batches_conditional_get_and_survives_errors(capfd):
    from statwatch_airflow.triggers import STATE_KEY, FeedTrigger

    output = Output(capfd)
    with FeedServer() as feed:
        feed.add("old1", "old2")
        store = MemoryStore()
        trigger = FeedTrigger(source_id="t", feed_url=feed.url, feed_type="rss", link_pattern=None, poll_interval=0.1)
        trigger.asset_state_store = store
        events: list = []
        stop = threading.Event()
        runner = threading.Thread(target=_run_trigger_until, args=(trigger, events, stop))
        runner.start()
        try:
            _wait_for(lambda: STATE_KEY in store.data)
            assert events == []  # the first poll is a baseline
            _wait_for(lambda: feed.hits[304] >= 2)  # unchanged feed: conditional GET answered 304
            feed.add("a", "b")
            _wait_for(lambda: len(events) == 1)
            assert [i["url"] for i in events[0]["items"]] == [feed.item_url("b"), feed.item_url("a")]
            assert events[0]["source_id"] == "t" and events[0]["detected_at"]
            feed.status = 503
            _wait_for(lambda: feed.hits[503] >= 2)
            feed.status, feed.raw = 200, b"<rss><channel><item>"
            _wait_for(lambda: "malformed" in output.text)
            feed.raw = None
            feed.add("c")
            _wait_for(lambda: len(events) == 2)
            assert [i["url"] for i in events[1]["items"]] == [feed.item_url("c")]
            time.sleep(0.5)
            assert len(events) == 2  # nothing announced twice
            assert "HTTP 503" in output.text
        finally:
            stop.set()
            runner.join(10)
        # A new trigger instance (a triggerer restart) reads the watermark and announces only what is new.
        feed.add("d")
        restarted = FeedTrigger(source_id="t", feed_url=feed.url, feed_type="rss", link_pattern=None, poll_interval=0.1)
        restarted.asset_state_store = store
        events2: list = []
        stop2 = threading.Event()
        runner2 = threading.Thread(target=_run_trigger_until, args=(restarted, events2, stop2))
        runner2.start()
        try:
            _wait_for(lambda: len(events2) == 1)
            assert [i["url"] for i in events2[0]["items"]] == [feed.item_url("d")]
        finally:
            stop2.set()
            runner2.join(10)


def test_trigger_on_a_gbk_listing_page():
    from statwatch_airflow.triggers import FeedTrigger

    def page(*names: str) -> bytes:
        day = {"a": 1, "b": 2}
        links = "".join(f'<li><a href="/stats/2022/t2022042{day[n]}_{n}.html">金水区 {n}</a> 2022-04-2{day[n]}</li>'
                        for n in names)
        html = (f'<html><head><meta charset="gbk"></head><body><ul>{links}</ul>'
                f'<a href="/about.html">关于</a><a href="index_1.html">下一页</a></body></html>')
        return html.encode("gbk")

    with FeedServer() as feed:
        feed.raw = page("a")
        trigger = FeedTrigger(source_id="s", feed_url=feed.url, feed_type="listing",
                              link_pattern=r"/stats/\d{4}/t\d{8}_\w+\.html$", poll_interval=0.05)
        trigger.asset_state_store = MemoryStore()
        events: list = []
        stop = threading.Event()
        runner = threading.Thread(target=_run_trigger_until, args=(trigger, events, stop))
        runner.start()
        try:
            _wait_for(lambda: bool(trigger.asset_state_store.data))
            feed.raw = page("b", "a")
            _wait_for(lambda: len(events) == 1)
            base = feed.url.replace("/feed.xml", "")
            assert events[0]["items"] == [
                {"url": f"{base}/stats/2022/t20220422_b.html", "title": "金水区 b", "published": "2022-04-22T00:00:00+08:00"}]
        finally:
            stop.set()
            runner.join(10)


def test_trigger_never_announces_an_item_that_is_not_http(capfd):
    from statwatch_airflow.triggers import FeedTrigger

    def rss(*links: str) -> bytes:
        items = "".join(f"<item><title>{link}</title><link>{link}</link></item>" for link in links)
        return f'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>{items}</channel></rss>'.encode()

    output = Output(capfd)
    with FeedServer() as feed:
        feed.raw = rss("/items/a.html")
        trigger = FeedTrigger(source_id="t", feed_url=feed.url, feed_type="rss", link_pattern=r"/items/|passwd",
                              poll_interval=0.05)
        trigger.asset_state_store = MemoryStore()
        events: list = []
        stop = threading.Event()
        runner = threading.Thread(target=_run_trigger_until, args=(trigger, events, stop))
        runner.start()
        try:
            _wait_for(lambda: bool(trigger.asset_state_store.data))
            feed.raw = rss("/items/b.html", "file:///etc/passwd", "gopher://127.0.0.1:70/items/x", "/items/a.html")
            _wait_for(lambda: len(events) == 1)
            time.sleep(0.5)  # more polls: the bad items stay unannounced, and are logged once
            assert [i["url"] for e in events for i in e["items"]] == [feed.item_url("b")]
            text = output.text
            # (feedparser writes file:///etc/passwd as file://etc/passwd; either way it is dropped, and logged once)
            assert text.count("/passwd dropped") == 1 and "gopher://127.0.0.1:70/items/x dropped" in text
        finally:
            stop.set()
            runner.join(10)


def test_trigger_kwargs_keep_their_identity_unless_private_addresses_are_allowed():
    from statwatch_airflow.triggers import FeedTrigger

    plain = FeedTrigger(source_id="t", feed_url="http://127.0.0.1:9/feed.xml").serialize()[1]
    assert "allow_private_addresses" not in plain  # the hash of existing watchers is unchanged
    _, kwargs = FeedTrigger(source_id="t", feed_url="http://feeds.internal/x", allow_private_addresses=True).serialize()
    assert kwargs["allow_private_addresses"] is True and FeedTrigger(**kwargs).allow_private_addresses


def test_trigger_survives_connection_refused(capfd):
    from statwatch_airflow.triggers import FeedTrigger

    output = Output(capfd)
    trigger = FeedTrigger(source_id="t", feed_url=f"http://127.0.0.1:{free_port()}/feed.xml", poll_interval=0.05)
    trigger.asset_state_store = MemoryStore()
    events: list = []
    stop = threading.Event()
    runner = threading.Thread(target=_run_trigger_until, args=(trigger, events, stop))
    runner.start()
    try:
        _wait_for(lambda: output.text.count("connection failed") >= 2)
        assert runner.is_alive() and events == []
    finally:
        stop.set()
        runner.join(10)


def _run_shared_until(triggers: list, events: dict, stop: threading.Event, late: threading.Event | None = None,
                      late_triggers: tuple = ()) -> None:
    """Run triggers as the triggerer runs share_poll watchers: Airflow's SharedStreamManager, one poll per key;
    `late_triggers` join once `late` is set."""
    from airflow.triggers.shared_stream import SharedStreamManager

    async def main() -> None:
        manager = SharedStreamManager()

        async def drain(n: int, trigger) -> None:
            key = trigger.shared_stream_key()
            try:
                async for ev in trigger.filter_shared_stream(manager.subscribe(trigger_id=n, trigger=trigger, key=key)):
                    events[n].append(ev.payload)
            finally:
                await manager.unsubscribe(n, key)

        tasks = [asyncio.ensure_future(drain(n, t)) for n, t in enumerate(triggers)]
        pending = list(late_triggers)
        while not stop.is_set():
            if pending and late is not None and late.is_set():
                tasks += [asyncio.ensure_future(drain(len(triggers) + n, t)) for n, t in enumerate(pending)]
                pending = []
            await asyncio.sleep(0.05)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        await manager.stop_all()

    asyncio.run(main())


def test_shared_poll_keeps_each_watchers_baseline_watermark_and_events():
    from statwatch_airflow.triggers import STATE_KEY, FeedTrigger, _HostPoll

    with FeedServer() as feed, FeedServer() as other:
        feed.add("old1")
        other.add("x1")
        stores = [MemoryStore(), MemoryStore(), MemoryStore()]
        # Two watchers of one feed (say, two assets) and one of another feed on another port: two shared polls.
        kwargs = [dict(source_id="a", feed_url=feed.url), dict(source_id="b", feed_url=feed.url),
                  dict(source_id="c", feed_url=other.url)]
        triggers = [FeedTrigger(**kw, poll_interval=0.2, share_poll=True) for kw in kwargs]
        assert triggers[0].shared_stream_key() == triggers[1].shared_stream_key() != triggers[2].shared_stream_key()
        assert FeedTrigger(**kwargs[0]).shared_stream_key() is None  # sharing is opt-in
        for t, store in zip(triggers, stores, strict=True):
            t.asset_state_store = store
        # A watcher of the same feed that restarts while the host's poll goes on: its store is as it left it.
        rejoining = FeedTrigger(source_id="d", feed_url=feed.url, poll_interval=0.2, share_poll=True)
        rejoining.asset_state_store = MemoryStore()
        events: dict[int, list] = {0: [], 1: [], 2: [], 3: []}
        stop, late = threading.Event(), threading.Event()
        runner = threading.Thread(target=_run_shared_until, args=(triggers, events, stop, late, (rejoining,)))
        runner.start()
        try:
            _wait_for(lambda: all(STATE_KEY in s.data for s in stores))
            _wait_for(lambda: feed.hits[304] >= 2)  # one conditional GET per round for both watchers of the feed
            assert events == {0: [], 1: [], 2: [], 3: []}  # baselines announce nothing
            rejoining.asset_state_store.data = dict(stores[0].data)  # it had seen what "a" has seen so far
            feed.add("new1")
            _wait_for(lambda: len(events[0]) == 1 and len(events[1]) == 1)
            assert [i["url"] for i in events[0][0]["items"]] == [feed.item_url("new1")]
            assert events[1][0]["source_id"] == "b" and events[2] == []
            other.add("x2")
            _wait_for(lambda: len(events[2]) == 1)
            # The poll already holds the feed's new ETag; the rejoining watcher must still see new1 (a full fetch).
            late.set()
            _wait_for(lambda: len(events[3]) == 1)
            assert [i["url"] for i in events[3][0]["items"]] == [feed.item_url("new1")]
            time.sleep(0.6)
            assert [len(v) for v in events.values()] == [1, 1, 1, 1]  # nothing announced twice
        finally:
            stop.set()
            runner.join(10)
        assert _HostPoll._hosts == {}  # the last watcher to leave a host drops its poll
        # A restarted watcher reads its watermark: only what appeared while it was down is announced.
        feed.add("down1")
        restarted = FeedTrigger(**kwargs[0], poll_interval=0.2, share_poll=True)
        restarted.asset_state_store = stores[0]
        events2: dict[int, list] = {0: []}
        stop2 = threading.Event()
        runner2 = threading.Thread(target=_run_shared_until, args=([restarted], events2, stop2))
        runner2.start()
        try:
            _wait_for(lambda: len(events2[0]) == 1)
            assert [i["url"] for i in events2[0][0]["items"]] == [feed.item_url("down1")]
        finally:
            stop2.set()
            runner2.join(10)


def test_trigger_rejects_bad_kwargs():
    from statwatch_airflow.triggers import FeedTrigger

    with pytest.raises(ValueError):
        FeedTrigger(source_id="t", feed_url="http://h/x", feed_type="atom")
    with pytest.raises(ValueError):
        FeedTrigger(source_id="t", feed_url="http://h/x", feed_type="listing", link_pattern=None)
    with pytest.raises(ValueError):
        FeedTrigger(source_id="t", feed_url="file:///etc/passwd")


# -- the real stack -----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def feed():
    with FeedServer() as server:
        yield server


@pytest.fixture(scope="module")
def stack(tmp_path_factory, feed):
    base = tmp_path_factory.mktemp("airflow")
    dags, out = base / "dags", base / "received.jsonl"
    dags.mkdir()
    (dags / "statwatch_test_feed.py").write_text(
        TEST_DAG.format(out=str(out), uri=ASSET_URI, feed_url=feed.url, dag_id=DAG_ID), encoding="utf-8")
    (dags / "statwatch_test_facts.py").write_text(FACTS_DAG.format(out=str(base / "facts_events.json")),
                                                  encoding="utf-8")
    env = prepare_airflow_home(base / "home", dags_folder=dags, api_port=free_port())
    env["STATWATCH_FAILPOINTS"] = str(base / "failpoints")  # tests arm a crash by creating a file there
    (base / "failpoints").mkdir()
    s = AirflowStack(base / "home", env)
    s.failpoints = base / "failpoints"
    s.out = out
    s.timings = {}
    t0 = time.monotonic()
    s.start()
    try:
        s.timings["ready"] = s.wait_ready(120)
        s.wait_parsed(DAG_ID, 60)
        s.timings["parsed"] = time.monotonic() - t0
        yield s
    finally:
        s.stop()
        assert not any(s.running().values())


def _received(stack) -> list[str]:
    if not stack.out.exists():
        return []
    return [json.loads(line)["url"] for line in stack.out.read_text(encoding="utf-8").splitlines()]


def _watermark(stack) -> list[dict]:
    return stack.query(
        "SELECT s.value, s.last_updated_by_kind FROM asset_state_store s JOIN asset a ON a.id = s.asset_id "
        "WHERE a.uri=? AND s.key='feed_watermark'", (ASSET_URI,))


def _latency(stack, since: float, runs_before: int) -> dict:
    run = stack.dag_runs(DAG_ID)[runs_before]
    return {k: round(run[k].timestamp() - since, 2) for k in ("created_at", "end_date")}


def test_pool_and_loopback_only(stack):
    assert stack.query("SELECT slots FROM slot_pool WHERE pool=?", (WAREHOUSE_POOL,)) == [{"slots": 1}]
    listeners = stack.listeners()
    assert listeners, "the api-server should listen"
    assert {addr for addr, _, _ in listeners} == {"127.0.0.1"}, listeners
    assert {port for _, port, _ in listeners} == {stack.api_port}, listeners


def test_feed_items_reach_the_dag_exactly_once(stack, feed):
    feed.add("old1", "old2")
    # The watcher's first poll takes the baseline: wait for it so the items below count as new.
    t0 = time.monotonic()
    _wait_for(lambda: _watermark(stack), timeout=60)
    first_poll = time.monotonic() - t0 + stack.timings["parsed"]
    assert _watermark(stack)[0]["last_updated_by_kind"] == "watcher"

    added = feed.add("new1")
    stack.wait_for_runs(DAG_ID, 1, timeout=60)
    lat1 = _latency(stack, added, 0)
    assert _received(stack) == [feed.item_url("new1")]

    added = feed.add("new2", "new3")
    _wait_for(lambda: len(_received(stack)) >= 3, timeout=60)
    stack.wait_for_runs(DAG_ID, 2, timeout=60)
    lat2 = _latency(stack, added, 1)
    assert sorted(_received(stack)) == sorted(feed.item_url(n) for n in ("new1", "new2", "new3"))

    # Triggerer down while an item appears: on restart only that item is announced.
    t_stop = time.monotonic()
    stack.stop(("triggerer",))
    stopped_in = time.monotonic() - t_stop
    added = feed.add("down1")
    t_start = time.monotonic()
    stack.start(("triggerer",))
    _wait_for(lambda: len(_received(stack)) >= 4, timeout=90)
    restart_to_delivery = time.monotonic() - t_start
    stack.wait_until_idle(timeout=60, quiet=3)
    time.sleep(3)  # a few more polls: nothing old may come back
    received = _received(stack)
    assert Counter(received) == Counter(feed.item_url(n) for n in ("new1", "new2", "new3", "down1"))
    events = stack.asset_events(ASSET_URI)
    assert [len(e["extra"]["payload"]["items"]) for e in events] == [1, 2, 1]
    assert all(r["state"] == "success" for r in stack.dag_runs(DAG_ID))
    log.warning("airflow timings: ready %.1fs, parsed %.1fs, baseline %.1fs after launch, item->run/end %s %s, "
                "triggerer stop %.1fs, restart->delivery %.1fs", stack.timings["ready"], stack.timings["parsed"],
                first_poll, lat1, lat2, stopped_in, restart_to_delivery)


def test_a_cli_merge_tells_airflow_through_its_rest_api(stack, monkeypatch):
    """statwatch.airflow_api logs in to the real api-server, finds the facts asset and creates an event: the DAG
    scheduled on that asset runs, as it does after an ingest DAG's merge."""
    from statwatch import airflow_api

    stack.wait_parsed("statwatch_test_facts", 60)
    passwords = json.loads((stack.home / "simple_auth_manager_passwords.json.generated").read_text())
    user, password = next(iter(passwords.items()))
    monkeypatch.setenv("STATWATCH_AIRFLOW_URL", f"http://127.0.0.1:{stack.api_port}")
    monkeypatch.setenv("STATWATCH_AIRFLOW_USER", user)
    monkeypatch.setenv("STATWATCH_AIRFLOW_PASSWORD", "wrong")
    with pytest.raises(airflow_api.AirflowUnreachable, match="refused the login"):
        airflow_api.emit_asset_event(extra={"released_by": "Wang Li"})
    monkeypatch.setenv("STATWATCH_AIRFLOW_PASSWORD", password)
    event_id = airflow_api.emit_asset_event(extra={"released_by": "Wang Li"})
    assert isinstance(event_id, int)
    stack.wait_for_runs("statwatch_test_facts", 1, timeout=90)
    out = stack.home.parent / "facts_events.json"
    _wait_for(out.exists, timeout=90)
    assert json.loads(out.read_text())[-1]["released_by"] == "Wang Li"
    with pytest.raises(airflow_api.AirflowUnreachable, match="no asset"):
        airflow_api.emit_asset_event("statwatch://nothing/here")


def test_the_running_airflow_keeps_its_files_private(stack):
    """After the stack ran Dags: the home is 0700, and the admin password, the metadata DB (connections, variables),
    the component logs (the api-server's holds the password too) and the task logs are the owner's alone."""
    assert _mode(stack.home) == 0o700
    for path in (stack.password_file, stack.db, stack.log_dir / "api-server.log", stack.log_dir / "scheduler.log"):
        assert path.exists() and _mode(path) & 0o077 == 0, f"{path}: {oct(_mode(path))}"
    shared = [f"{p.relative_to(stack.home)} {oct(_mode(p))}" for p in stack.home.rglob("*") if _mode(p) & 0o077]
    assert not shared, shared
    assert any(stack.log_dir.rglob("attempt=*.log")), "the task logs of the earlier tests should be there"


def test_a_triggerer_dying_after_its_watermark_loses_the_event_and_the_ingest_still_gets_the_item(
        stack, feed, tmp_path):
    """At most once per event, at least once per item: the triggerer dies after saving its watermark and before
    its event is stored (a failpoint at that exact spot); no run is started for the item, and the ingest — which
    lists the feed itself — archives it all the same."""
    from statwatch import warehouse as wh
    from statwatch.config import Feed, Source
    from statwatch.ingest import ingest_source

    stack.wait_until_idle(timeout=60, quiet=3)
    runs_before = len(stack.dag_runs(DAG_ID))
    (stack.failpoints / "trigger_after_watermark").touch()
    feed.add("lost1")
    _wait_for(lambda: not (stack.failpoints / "trigger_after_watermark").exists(), timeout=60)
    _wait_for(lambda: feed.item_url("lost1") in json.dumps(_watermark(stack)), timeout=30)  # saved before dying
    if not stack.running()["triggerer"]:
        stack.start(("triggerer",))
    time.sleep(8)  # several polls of a live triggerer: the item is in the watermark, so it is not announced again
    assert len(stack.dag_runs(DAG_ID)) == runs_before and feed.item_url("lost1") not in _received(stack)

    source = Source(id="test_feed", name="t", kind="rail", item_pattern=r"/items/",
                    feed=Feed(type="rss", url=feed.url))
    con = wh.connect(tmp_path / "w.duckdb")
    wh.migrate(con)
    summary = ingest_source(source, con=con, mode="live")
    urls = {r[0] for r in con.execute("SELECT url FROM documents").fetchall()}
    con.close()
    assert feed.item_url("lost1") in urls and not summary.failures
