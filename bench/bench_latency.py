"""Latency benchmark: publication → facts committed → e-mail accepted, with the real Airflow scheduler and triggerer.

Usage: .venv/bin/python bench/bench_latency.py [--start 2022-04-19] [--end 2022-04-30]

A real local Airflow (api-server, scheduler, dag-processor, triggerer; LocalExecutor, SQLite) in a throwaway
AIRFLOW_HOME, the sample publisher and the SMTP sink on threads of this process, a warehouse in a temp dir; all
on 127.0.0.1. History up to --start is loaded by triggering each ingest DAG with mode=backfill. Then for each day
to --end: t0 = the moment the publisher's clock is set (the release appears in the feed); the watcher
(FeedTrigger, poll interval 5 s from config/sources.yaml) notices it, `ingest_zz_rail` runs; then
`detect_events` and `notify_staff`, chained by assets. Measured from the Airflow metadata DB (read-only):
facts committed = end_date of the ingest run; notify done = end_date of the first notify run created after t0
and ending after the ingest; e-mail accepted = mtime of the first .eml the SMTP sink wrote after t0 (only days
whose release raises an alert send one). p50/p95 by linear interpolation.
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from machine import ROOT, machine, pct

from statwatch_dev.airflow_local import free_port


def _wait(predicate, timeout: float, what: str) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise TimeoutError(what)
        time.sleep(0.2)


def main() -> None:  # noqa: PLR0915 - one linear script
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--start", type=date.fromisoformat, default=date(2022, 4, 19))
    ap.add_argument("--end", type=date.fromisoformat, default=date(2022, 4, 30))
    ap.add_argument("--milestone-step", type=float, default=1.0,
                    help="milestone step for the running total (1: every release crosses one, so every release "
                         "sends an e-mail and the e-mail latency has a sample per release; 0: the shipped rules)")
    a = ap.parse_args()
    print(machine())
    print("method: real scheduler + triggerer + dag-processor + api-server (LocalExecutor, SQLite); per released "
          "day t0 = publisher clock set; ingest run end (facts committed), notify run end, first new .eml mtime")

    tmp = Path(tempfile.mkdtemp(prefix="statwatch-bench-latency-"))
    os.environ.update({"STATWATCH_DB": str(tmp / "statwatch.duckdb"), "STATWATCH_VAR": str(tmp / "var"),
                       # a replay of 2022: against today's date every source would be stale
                       "STATWATCH_STALENESS": "off"})
    if a.milestone_step:
        import shutil

        config = tmp / "config"
        shutil.copytree(ROOT / "config", config)
        (config / "rules.yaml").write_text(f"milestones:\n  rail.trains_cumulative: {a.milestone_step}\n",
                                          encoding="utf-8")
        os.environ["STATWATCH_CONFIG"] = str(config)
        print(f"bench rules: a milestone every {a.milestone_step:g} trains of the running total, so each rail "
              "release raises one alert and sends one e-mail")
    from statwatch import warehouse as wh
    from statwatch.config import load_sources
    from statwatch_dev.airflow_local import AirflowStack, prepare_airflow_home
    from statwatch_dev.publisher import Publisher
    from statwatch_dev.smtp_sink import start_sink

    db, outbox = tmp / "statwatch.duckdb", tmp / "var" / "outbox"
    outbox.mkdir(parents=True)
    with wh.writer(db):
        pass
    pub = Publisher(start=a.start, host="127.0.0.1", port=0).start()
    smtp_port = free_port()
    sink = start_sink(outbox, port=smtp_port)
    os.environ["STATWATCH_PUBLISHER_URL"] = pub.url
    stack = None
    rows = []
    try:
        t_setup = time.monotonic()
        env = prepare_airflow_home(tmp / "airflow", dags_folder=ROOT / "dags", api_port=free_port())
        env.update({
            "STATWATCH_HOME": str(ROOT), "STATWATCH_DB": str(db), "STATWATCH_VAR": str(tmp / "var"),
            "STATWATCH_PUBLISHER_URL": pub.url,
            "AIRFLOW_CONN_SMTP_DEFAULT": json.dumps({
                "conn_type": "smtp", "host": "127.0.0.1", "port": smtp_port,
                "extra": {"disable_ssl": True, "disable_tls": True, "from_email": "statwatch <statwatch@localhost>"}}),
        })
        sources = [s for s in load_sources() if s.enabled]
        stack = AirflowStack(tmp / "airflow", env).start()
        stack.wait_ready(timeout=180)
        for dag_id in [f"ingest_{s.id}" for s in sources] + ["detect_events", "notify_staff"]:
            stack.wait_parsed(dag_id, timeout=180)
        for s in sources:
            uri = f"statwatch://source/{s.id}"
            stack.wait_baseline(uri, timeout=180)
        for s in sources:
            stack.trigger(f"ingest_{s.id}", {"mode": "backfill", "since": None})
        for s in sources:
            stack.wait_for_runs(f"ingest_{s.id}", 1, timeout=600)
        stack.wait_until_idle(timeout=600, quiet=4)
        print(f"setup: Airflow up, DAGs parsed, watchers baselined, history to {a.start} backfilled in "
              f"{time.monotonic() - t_setup:.0f} s")

        day = a.start
        while day < a.end:
            day += timedelta(days=1)
            n_ingest = {s.id: len(stack.dag_runs(f"ingest_{s.id}")) for s in sources}
            mail_before = set(outbox.glob("*.eml"))
            t0 = datetime.now(UTC)
            pub.set_clock(day)
            _wait(lambda n=n_ingest: len(stack.dag_runs("ingest_zz_rail")) > n["zz_rail"], 120,
                  f"{day}: no ingest run")
            stack.wait_until_idle(timeout=300, quiet=3)
            ingest = [r for s in sources for r in stack.dag_runs(f"ingest_{s.id}")[n_ingest[s.id]:]]
            committed = max(r["end_date"] for r in ingest)
            detect = [r for r in stack.dag_runs("detect_events") if r["created_at"] >= t0]
            notify = [r for r in stack.dag_runs("notify_staff")
                      if r["created_at"] >= t0 and r["end_date"] and r["end_date"] >= committed]
            notified = min(r["end_date"] for r in notify) if notify else None
            mails = sorted(set(outbox.glob("*.eml")) - mail_before, key=lambda p: p.stat().st_mtime)
            mailed = datetime.fromtimestamp(mails[0].stat().st_mtime, UTC) if mails else None
            events = stack.asset_events("statwatch://source/zz_rail")
            event = next((e["timestamp"] for e in events if e["timestamp"] >= t0), None)
            row = {
                "day": day, "released": ",".join(s.id for s in sources if len(stack.dag_runs(f"ingest_{s.id}"))
                                                 > n_ingest[s.id]),
                "event": (event - t0).total_seconds() if event else None,
                "ingest_start": (min(r["start_date"] for r in ingest) - t0).total_seconds(),
                "committed": (committed - t0).total_seconds(),
                "detect_end": (max(r["end_date"] for r in detect) - t0).total_seconds() if detect else None,
                "notified": (notified - t0).total_seconds() if notified else None,
                "mailed": (mailed - t0).total_seconds() if mailed else None, "mails": len(mails),
            }
            rows.append(row)
            f = lambda v: "-" if v is None else f"{v:5.1f}"  # noqa: E731
            print(f"  {day} [{row['released']}]: watcher event {f(row['event'])} s, ingest start "
                  f"{f(row['ingest_start'])} s, facts committed {f(row['committed'])} s, detect done "
                  f"{f(row['detect_end'])} s, notify done {f(row['notified'])} s, first e-mail {f(row['mailed'])} s "
                  f"({row['mails']} e-mails)")
    finally:
        if stack is not None:
            stack.stop()
        sink.stop()
        pub.stop()

    def summary(key: str) -> str:
        xs = [r[key] for r in rows if r[key] is not None]
        return f"p50 {pct(xs, 0.5):.1f} s, p95 {pct(xs, 0.95):.1f} s (n={len(xs)})" if xs else "no samples"

    print(f"latency over {len(rows)} releases ({rows[0]['day']} … {rows[-1]['day']}):")
    print(f"  publication → watcher event:        {summary('event')}")
    print(f"  publication → facts committed:      {summary('committed')}")
    print(f"  publication → detect done:          {summary('detect_end')}")
    print(f"  publication → notify run done:      {summary('notified')}")
    print(f"  publication → e-mail accepted:      {summary('mailed')} (days whose release raises an alert)")
    import shutil

    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
