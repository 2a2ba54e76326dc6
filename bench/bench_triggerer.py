"""How many feeds one triggerer can watch: N generated feeds (statwatch_dev.feedfarm, its own process on
127.0.0.1), one asset and AssetWatcher per feed, ONE triggerer of a real local Airflow, run three ways one after
the other on the same machine: statwatch's FeedTrigger, FeedTrigger with share_poll (Airflow's shared streams: one
poll loop and session per host), and Airflow's own HttpEventTrigger (http provider).

For each: the triggerer's CPU share (CPU seconds of its process tree / wall seconds over a steady window: robust
to other load on the machine), its RSS (peak over the run, median over the window), the time one full poll
round takes as the feed farm sees it (first to last request of a round) and how often each feed is polled, and
the events emitted for the feeds changed during the window.

    .venv/bin/python bench/bench_triggerer.py                      # 3,000 feeds, 60 s poll, 2 rounds
    .venv/bin/python bench/bench_triggerer.py --feeds 300 --poll-interval 20 --configs shared
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from machine import machine, pct, stop_process  # noqa: E402

from statwatch_dev.airflow_local import AirflowStack, free_port, prepare_airflow_home  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
CONFIGS = {
    "feedtrigger": "FeedTrigger without share_poll (one poll loop per watcher)",
    "shared": "FeedTrigger share_poll (one loop per host: what the ingest Dags run)",
    "http": "HttpEventTrigger (http provider)",
}
GOAL_ROUND = 60.0  # s: a full round of every feed (the figure, for its 60 s poll)
GOAL_CPU_SHARE = 1.0  # one core
GOAL_RSS = 2**30  # 1 GiB

DAG_FILE = '''"""Bench Dags: every feed of the feed farm is an asset with one watcher (written by bench/bench_triggerer.py)."""
import json
from pathlib import Path

import pendulum
from airflow.providers.standard.operators.empty import EmptyOperator
from airflow.sdk import Asset, AssetAny, AssetWatcher, dag

CONF = json.loads((Path(__file__).parent / "bench_triggerer.json").read_text())


def watcher(i):
    if CONF["kind"] == "http":
        from airflow.providers.http.triggers.http import HttpEventTrigger

        trigger = HttpEventTrigger(http_conn_id="feedfarm", method="GET", endpoint=f"feeds/{i:04d}.xml",
                                   response_check_path="statwatch_dev.feedfarm_check.feed_changed",
                                   poll_interval=CONF["poll"])
    else:
        from statwatch_airflow.triggers import FeedTrigger

        trigger = FeedTrigger(source_id=f"feed{i:04d}", feed_url=f"{CONF['base']}/feeds/{i:04d}.xml",
                              poll_interval=CONF["poll"], share_poll=CONF["kind"] == "shared")
    return Asset(f"statwatch://bench/feed{i:04d}", watchers=[AssetWatcher(name=f"watch_feed{i:04d}", trigger=trigger)])


for first in range(0, CONF["feeds"], CONF["per_dag"]):
    assets = [watcher(i) for i in range(first, min(first + CONF["per_dag"], CONF["feeds"]))]

    @dag(dag_id=f"bench_feeds_{first:04d}", schedule=AssetAny(*assets), catchup=False, max_active_runs=1,
         start_date=pendulum.datetime(2024, 1, 1, tz="UTC"))
    def bench_feeds():
        EmptyOperator(task_id="noted")

    bench_feeds()
'''


@dataclass
class Result:
    """The figures of one configuration."""

    config: str
    startup: float = 0.0  # s from launch until every feed was polled twice
    window: float = 0.0
    cpu: float = 0.0  # CPU seconds of the triggerer's process tree in the window
    cpu_supervisor: float = 0.0  # of which the `airflow triggerer` process itself (DB sync, heartbeats)
    rss_peak: int = 0
    rss_steady: int = 0
    requests: int = 0  # feed requests in the window
    rounds: list[float] = field(default_factory=list)  # span of each complete round in the window
    revisits: list[float] = field(default_factory=list)  # seconds between two polls of one feed
    statuses: dict[str, int] = field(default_factory=dict)
    changes: int = 0
    events: int = 0
    error: str | None = None

    @property
    def share(self) -> float:
        return self.cpu / self.window if self.window else float("nan")

    @property
    def cpu_per_poll_ms(self) -> float:
        return 1000 * self.cpu / self.requests if self.requests else float("nan")


@contextmanager
def feed_farm(feeds: int) -> Iterator[str]:
    """The feed farm in its own process (its GIL and CPU are not the triggerer's); yields its base URL."""
    proc = subprocess.Popen([sys.executable, "-m", "statwatch_dev.feedfarm", "--feeds", str(feeds)],  # noqa: S603
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, cwd=ROOT)
    try:
        assert proc.stdout is not None
        url = proc.stdout.readline().strip()
        if not url.startswith("http://127.0.0.1:"):
            raise RuntimeError(f"feed farm did not start: {url!r}")
        yield url
    finally:
        stop_process(proc)


def _farm(url: str, method: str = "GET", body: dict[str, Any] | None = None) -> Any:
    req = urllib.request.Request(url, method=method, data=json.dumps(body).encode() if body is not None else None,
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=60) as r:  # noqa: S310 - the farm on 127.0.0.1
        return json.loads(r.read())


class TreeSampler:
    """CPU seconds and RSS of a process and its descendants, sampled every second on a thread."""

    def __init__(self, pid: int) -> None:
        import psutil

        self.root = psutil.Process(pid)
        self.samples: list[tuple[float, float, int]] = []  # (monotonic, cpu seconds, rss bytes)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._dead_cpu: dict[int, float] = {}  # last CPU seen of descendants, so a restarted runner still counts

    def supervisor_cpu(self) -> float:
        """CPU seconds of the root process alone (the triggerer's supervisor; the runner is its child)."""
        t = self.root.cpu_times()
        return float(t.user + t.system)

    def measure(self) -> tuple[float, int]:
        """CPU seconds (user + system, descendants included, even those that exited) and RSS now."""
        import psutil

        rss = 0
        alive: dict[int, float] = {}
        for p in [self.root, *self._children()]:
            try:
                t = p.cpu_times()
                alive[p.pid] = t.user + t.system
                rss += p.memory_info().rss
            except psutil.Error:
                continue
        self._dead_cpu.update(alive)
        return sum(self._dead_cpu.values()), rss

    def _children(self) -> list[Any]:
        import psutil

        try:
            return list(self.root.children(recursive=True))
        except psutil.Error:
            return []

    def _run(self) -> None:
        while not self._stop.wait(1.0):
            cpu, rss = self.measure()
            self.samples.append((time.monotonic(), cpu, rss))

    def __enter__(self) -> TreeSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(5)


def run_config(kind: str, a: argparse.Namespace, tmp: Path) -> Result:
    """One configuration end to end in its own AIRFLOW_HOME and feed farm."""
    res = Result(kind)
    with feed_farm(a.feeds) as farm:
        dags = tmp / kind / "dags"
        dags.mkdir(parents=True)
        (dags / "bench_triggerer.json").write_text(json.dumps(
            {"kind": kind, "base": farm, "feeds": a.feeds, "poll": a.poll_interval, "per_dag": a.per_dag}))
        (dags / "bench_feeds.py").write_text(DAG_FILE)
        env = prepare_airflow_home(tmp / kind / "home", dags_folder=dags, api_port=free_port())
        port = int(farm.rsplit(":", 1)[1])
        env.update({
            # One triggerer runs at most `capacity` triggers (default 1000).
            "AIRFLOW__TRIGGERER__CAPACITY": str(a.feeds + 100),
            # The bench file builds thousands of assets: parse it once, give it time.
            "AIRFLOW__DAG_PROCESSOR__MIN_FILE_PROCESS_INTERVAL": "3600",
            "AIRFLOW__CORE__DAGBAG_IMPORT_TIMEOUT": "300",
            "AIRFLOW__DAG_PROCESSOR__DAG_FILE_PROCESSOR_TIMEOUT": "600",
            "AIRFLOW__CORE__PARALLELISM": "2",
            "AIRFLOW_CONN_FEEDFARM": json.dumps({"conn_type": "http", "host": "127.0.0.1", "port": port,
                                                 "schema": "http"}),
        })
        stack = AirflowStack(tmp / kind / "home", env)
        t_launch = time.monotonic()
        stack.start()
        try:
            stack.wait_ready(300)
            with TreeSampler(stack.procs["triggerer"].pid) as sampler:
                _wait_polled_twice(farm, a.feeds, timeout=a.startup_timeout, stack=stack)
                res.startup = time.monotonic() - t_launch
                _farm(farm + "/_stats", "DELETE")
                cpu0, _ = sampler.measure()
                sup0 = sampler.supervisor_cpu()
                t0, wall0 = time.monotonic(), datetime.now(UTC)
                for r in range(a.rounds):
                    _sleep_until(t0 + r * a.poll_interval + a.poll_interval / 3)
                    res.changes += len(_farm(farm + "/_change", "POST", {"count": a.changes})["changed"])
                _sleep_until(t0 + a.rounds * a.poll_interval)
                cpu1, _ = sampler.measure()
                res.window = time.monotonic() - t0
                res.cpu = cpu1 - cpu0
                res.cpu_supervisor = sampler.supervisor_cpu() - sup0
                stats = _farm(farm + "/_stats")
                window_rss = [rss for t, _, rss in sampler.samples if t0 <= t <= t0 + res.window]
                res.rss_steady = int(statistics.median(window_rss)) if window_rss else 0
                res.rss_peak = max((rss for _, _, rss in sampler.samples), default=0)
            _round_figures(res, stats, t0_epoch=time.time() - (time.monotonic() - t0), feeds=a.feeds)
            res.events = _wait_events(stack, wall0, res.changes, timeout=a.poll_interval)
        except (TimeoutError, RuntimeError) as e:
            res.error = str(e)[:300]
        finally:
            stack.stop()
    return res


def _wait_polled_twice(farm: str, feeds: int, *, timeout: float, stack: AirflowStack) -> None:
    """Until every feed has been requested at least twice (every watcher runs and is past its first poll)."""
    deadline = time.monotonic() + timeout
    while True:
        stats = _farm(farm + "/_stats")
        done = sum(1 for ts in stats["requests"].values() if len(ts) >= 2)
        if done >= feeds:
            return
        if time.monotonic() > deadline:
            raise TimeoutError(f"after {timeout:.0f} s only {done} of {feeds} feeds were polled twice "
                               f"(triggerer log: {stack.log_tail('triggerer', 3)})")
        time.sleep(2)


def _sleep_until(t: float) -> None:
    time.sleep(max(0.0, t - time.monotonic()))


def _round_figures(res: Result, stats: dict[str, Any], *, t0_epoch: float, feeds: int) -> None:
    """Requests, round spans (k-th request of every feed in the window: first to last) and revisit intervals."""
    times = [sorted(t for t in stats["requests"].get(str(i), []) if t >= t0_epoch) for i in range(feeds)]
    res.requests = sum(len(ts) for ts in times)
    res.statuses = stats["status"]
    for k in range(min(len(ts) for ts in times)):
        kth = [ts[k] for ts in times]
        res.rounds.append(max(kth) - min(kth))
    res.revisits = [b - a for ts in times for a, b in zip(ts, ts[1:], strict=False)]


def _wait_events(stack: AirflowStack, since: datetime, expected: int, timeout: float) -> int:
    """Asset events of the bench's feeds since `since`, waiting up to `timeout` for the expected number."""
    stamp = since.strftime("%Y-%m-%d %H:%M:%S")
    deadline = time.monotonic() + timeout
    while True:
        n = stack.query("SELECT count(*) AS n FROM asset_event e JOIN asset a ON a.id = e.asset_id "
                        "WHERE a.uri LIKE 'statwatch://bench/%' AND e.timestamp >= ?", (stamp,))[0]["n"]
        if n >= expected or time.monotonic() > deadline:
            return int(n)
        time.sleep(2)


def _ok(met: bool) -> str:
    return "met" if met else "NOT met"


def report(results: list[Result], a: argparse.Namespace) -> None:
    """Each figure beside its goal."""
    goal_round = min(GOAL_ROUND, a.poll_interval)
    print(f"{a.feeds} feeds, poll interval {a.poll_interval:.0f} s, window {a.rounds} rounds, {a.changes} feeds "
          f"changed per round; CPU = CPU seconds of the triggerer's process tree / wall seconds")
    by = {r.config: r for r in results}
    for r in results:
        print(f"{CONFIGS[r.config]}:")
        if r.error:
            print(f"  FAILED: {r.error}")
            continue
        rounds = (f"p50 {statistics.median(r.rounds):.1f} s, max {max(r.rounds):.1f} s over {len(r.rounds)}"
                  if r.rounds else "no complete round")
        revisit = (f"p50 {pct(r.revisits, 0.5):.1f} s, max {max(r.revisits):.1f} s" if r.revisits else "-")
        print(f"  start-up (launch → every feed polled twice): {r.startup:.0f} s")
        print(f"  full round (first → last request, farm side): {rounds} "
              f"(goal ≤ {goal_round:.0f} s: {_ok(bool(r.rounds) and max(r.rounds) <= goal_round)})")
        print(f"  each feed polled every: {revisit} (poll interval {a.poll_interval:.0f} s; "
              f"{r.requests} requests in {r.window:.0f} s, answers {r.statuses})")
        print(f"  CPU share: {r.share:.3f} ({r.cpu:.1f} CPU-s in {r.window:.0f} s, of which the supervisor "
              f"{r.cpu_supervisor:.1f} and the trigger runner {r.cpu - r.cpu_supervisor:.1f}; "
              f"goal ≤ {GOAL_CPU_SHARE:.1f}: {_ok(r.share <= GOAL_CPU_SHARE)}); "
              f"CPU per feed poll {r.cpu_per_poll_ms:.2f} ms")
        print(f"  RSS: peak {r.rss_peak / 2**20:.0f} MiB, steady {r.rss_steady / 2**20:.0f} MiB "
              f"(goal ≤ {GOAL_RSS / 2**20:.0f} MiB: {_ok(r.rss_peak <= GOAL_RSS)})")
        print(f"  events: {r.events} for {r.changes} changed feeds")
    http = by.get("http")
    for kind in ("feedtrigger", "shared"):
        mine = by.get(kind)
        if mine and http and not mine.error and not http.error:
            ratio = mine.cpu_per_poll_ms / http.cpu_per_poll_ms
            print(f"CPU per feed poll, {CONFIGS[kind]} / HttpEventTrigger: {ratio:.2f} "
                  f"(goal < 1: {_ok(ratio < 1)})")
    if a.feeds and a.poll_interval != GOAL_ROUND:
        print(f"(at a {GOAL_ROUND:.0f} s poll the CPU share scales by about {a.poll_interval / GOAL_ROUND:.2f})")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--feeds", type=int, default=3000)
    ap.add_argument("--poll-interval", type=float, default=60.0, help="seconds between two polls of a feed")
    ap.add_argument("--rounds", type=int, default=2, help="the steady window, in poll intervals")
    ap.add_argument("--changes", type=int, default=5, help="feeds changed per round")
    ap.add_argument("--configs", default=",".join(CONFIGS), help=f"comma-separated: {', '.join(CONFIGS)}")
    ap.add_argument("--per-dag", type=int, default=250, help="assets per generated Dag")
    ap.add_argument("--startup-timeout", type=float, default=900.0)
    a = ap.parse_args()
    kinds = [k for k in a.configs.split(",") if k]
    unknown = set(kinds) - set(CONFIGS)
    if unknown:
        ap.error(f"unknown configs: {', '.join(sorted(unknown))}")
    print(machine())
    print(f"load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())} "
          f"(the machine is shared; CPU is counted as the triggerer's own CPU seconds)")
    results = []
    with tempfile.TemporaryDirectory(prefix="bench-triggerer-") as tmp:
        for kind in kinds:
            t = time.monotonic()
            results.append(run_config(kind, a, Path(tmp)))
            print(f"  ({kind}: {time.monotonic() - t:.0f} s)", flush=True)
    print(f"load average at end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    report(results, a)


if __name__ == "__main__":
    main()
