"""The harness commands `demo`, `publisher` and `smtp-sink`, added to `statwatch` by the entry-point group
`statwatch.commands` (loaded only when one of them is run or its help is shown)."""

from __future__ import annotations

import logging
import signal
import threading
from datetime import date
from pathlib import Path
from typing import Any

import click

from statwatch_dev.demo import PUBLISHER_PORT
from statwatch_dev.publisher.server import Publisher
from statwatch_dev.publisher.story import DEFAULT_START


@click.command()
@click.option(
    "--host", default="127.0.0.1", show_default=True, help="Address to bind (loopback unless --allow-remote)."
)
@click.option("--port", default=PUBLISHER_PORT, show_default=True, type=int,
              help="Port to bind (0 picks a free one).")
@click.option("--start", "start", default=DEFAULT_START.isoformat(), show_default=True,
              help="Simulated date to start at (YYYY-MM-DD).")  # fmt: skip
@click.option("--speed", type=float, default=None, metavar="SECONDS",
              help="Advance the simulated clock one day every SECONDS real seconds.")  # fmt: skip
@click.option("--allow-remote", is_flag=True, help="Allow a non-loopback --host and remote clients.")
@click.option("--history-years", type=click.IntRange(0, 10), default=0, show_default=True,
              help="Add N years of generated daily bulletins and quarterly releases before the story.")  # fmt: skip
def publisher(host: str, port: int, start: str, speed: float | None, allow_remote: bool, history_years: int) -> None:
    """Serve the sample site (rail RSS feed, stats listings) on a simulated clock.

    Example: statwatch publisher --port 8765 --start 2022-04-21 --speed 10

    A long history for benchmarks: statwatch publisher --history-years 10 --start 2022-04-30
    (the feed shows the newest 100 bulletins; /rail/feed.xml?all=1 lists all of them).
    """
    try:
        day = date.fromisoformat(start)
        pub = Publisher(start=day, host=host, port=port, speed=speed, allow_remote=allow_remote,
                        history_years=history_years)
    except ValueError as e:
        raise click.BadParameter(str(e)) from None
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    # One line per request at INFO even when the statwatch group configured the root logger for warnings only.
    logging.getLogger("statwatch_dev.publisher").setLevel(logging.INFO)
    signal.signal(signal.SIGTERM, signal.default_int_handler)  # `kill` stops as cleanly as Ctrl-C
    click.echo(f"serving the sample site; clock {day}; Ctrl-C to stop", err=True)
    pub.serve_forever()


@click.command("smtp-sink")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8025, show_default=True, help="0: a free one (printed).")
@click.option("--outbox", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder for .eml files (default var/outbox).")
def smtp_sink(host: str, port: int, outbox: Path | None) -> None:
    """Run a local SMTP server that writes each accepted message to OUTBOX/<n>.eml.

    Example: statwatch smtp-sink --port 8025
    """
    from statwatch import settings
    from statwatch_dev.smtp_sink import start_sink

    ctl = start_sink(outbox or settings.var_dir() / "outbox", host=host, port=port)
    click.echo(f"SMTP sink on {host}:{ctl.port}", err=True)
    try:
        _wait_for_stop()
    finally:
        ctl.stop()


def _wait_for_stop() -> None:
    """Block until Ctrl-C or SIGTERM."""
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    try:
        stop.wait()
    except KeyboardInterrupt:
        pass


@click.command()
@click.option("--port", default=PUBLISHER_PORT, show_default=True, help="Port of the sample publisher.")
@click.option("--cluster", is_flag=True,
              help="On the cluster profile (config/cluster.env): PostgreSQL, DuckLake, Edge workers.")
@click.option("--keep", is_flag=True, help="Leave Airflow (and the publisher, the SMTP sink) running on 127.0.0.1 "
                                           "until Ctrl-C, to browse the runs, assets, alerts and evidence pages.")
@click.option("--ui-port", type=int, default=0, help="Port of the Airflow UI (default: a free one).")
def demo(port: int, cluster: bool, keep: bool, ui_port: int) -> None:
    """Run the demo story through Airflow: backfill to 2022-04-21, then release day by day to 2022-04-30.

    Example: make demo   (or: statwatch demo);  make ui   (or: statwatch demo --keep);
    the cluster profile: make demo-cluster   (or: statwatch demo --cluster)
    """
    from statwatch_dev.demo import run_demo

    if cluster and keep:
        raise click.UsageError("--keep runs on the embedded profile only (the cluster demo stops its PostgreSQL)")
    ran: list[dict[str, Any]] = []
    if cluster:
        from statwatch_dev.cluster import run_cluster_demo

        r, ran = run_cluster_demo(publisher_port=port, say=lambda s: click.echo(s, err=True),
                                  ui_port=ui_port or None)
    else:
        r = run_demo(publisher_port=port, say=lambda s: click.echo(s, err=True), keep=keep, ui_port=ui_port or None)
    try:
        _summary(r, ran)
        if keep:
            click.echo("")
            click.echo(f"Airflow keeps running: {r.ui_url}  (Ctrl-C stops it)")
            _wait_for_stop()
    finally:
        if r.stop is not None:
            click.echo("stopping Airflow, the publisher and the SMTP sink", err=True)
            r.stop()


def _summary(r: Any, ran: list[dict[str, Any]]) -> None:
    click.echo("")
    click.echo(f"statwatch demo finished in {r.seconds:.0f} s")
    click.echo(f"  documents      {r.documents}")
    click.echo(f"  facts          {r.facts} ({r.facts_current} current)")
    click.echo(f"  alerts         {', '.join(f'{k} {v}' for k, v in r.alerts.items()) or 'none'}")
    click.echo(f"  e-mails        {len(r.emails_this_run)} this run, {r.emails_total} in {r.outbox}")
    for s, links in zip(r.emails_this_run, r.evidence_this_run, strict=True):
        click.echo(f"                 {s}")
        for link in links:
            click.echo(f"                   查看证据 {link}")
    for subject in r.approvals:
        click.echo(f"  approved       {subject} (through the REST API, as admin)")
    facts = sorted(x["facts_s"] for x in r.latencies if "facts_s" in x)
    mails = sorted(x["email_s"] for x in r.latencies if "email_s" in x)
    if facts:
        click.echo(f"  latency        publication → facts committed: median {facts[len(facts) // 2]:.1f} s, "
                   f"max {facts[-1]:.1f} s ({len(facts)} releases)")
    if mails:
        click.echo(f"                 publication → e-mail accepted: median {mails[len(mails) // 2]:.1f} s, "
                   f"max {mails[-1]:.1f} s ({len(mails)} e-mails)")
    if ran:
        from statwatch_dev.cluster import describe_runs

        counts: dict[str, int] = {}
        for row in ran:
            counts[row["edge_worker"] or "-"] = counts.get(row["edge_worker"] or "-", 0) + 1
        click.echo(f"  workers        {', '.join(f'{w} ran {n} tasks' for w, n in sorted(counts.items()))}; per run:")
        for line in describe_runs(ran):
            click.echo(f"                 {line}")
    click.echo("")
    click.echo("Query the warehouse:")
    click.echo('  .venv/bin/statwatch query "SELECT day, trains, wagons, trains_cumulative FROM rail_daily ORDER BY day DESC LIMIT 10"')
    click.echo("")
    click.echo(f"Airflow UI {r.ui_url} (user admin; the password is in {r.password_file}), evidence pages under "
               f"{r.ui_url}/statwatch/alerts" + ("" if r.stop else "; `make ui` runs the demo and keeps them up"))


@click.command()
@click.option("--seed", type=int, default=1, show_default=True, help="Seed of the kill schedule (same seed, same plan).")
@click.option("--start", "start", default="2022-04-21", show_default=True, help="Story day of the backfill.")
@click.option("--end", "end", default="2022-04-30", show_default=True, help="Last story day.")
@click.option("--port", default=0, show_default=True, help="Port of the sample publisher (0: a free one).")
@click.option("--kills", "kills", default=None, metavar="VICTIM=N,...",
              help="Kills per victim instead of the default mix (scheduler, triggerer, dag-processor, api-server, "
                   "task, supervisor, writer, notifier, smtp-sink).")
def chaos(seed: int, start: str, end: str, port: int, kills: str | None) -> None:
    """Run the demo story through Airflow while a seeded schedule SIGKILLs its parts, then check that nothing
    was lost: facts equal a clean run's, every e-mail arrived (duplicates only with the same Message-ID), no
    outbox row left 'sending', every article archived. Exits 1 on any loss.

    Example: make chaos SEED=7   (or: statwatch chaos --seed 7)
    """
    from statwatch_dev.chaos import MIN_KILLS, VICTIMS, run_chaos

    mix = None
    if kills:
        try:
            mix = {k.strip(): int(v) for k, v in (part.split("=") for part in kills.split(","))}
        except ValueError:
            raise click.BadParameter("expected VICTIM=N,... such as scheduler=2,writer=1", param_hint="--kills") from None
        if unknown := set(mix) - set(VICTIMS):
            raise click.BadParameter(f"unknown victim(s) {', '.join(sorted(unknown))}", param_hint="--kills")
    r = run_chaos(seed=seed, start=date.fromisoformat(start), end=date.fromisoformat(end), mix=mix,
                  publisher_port=port, min_kills=MIN_KILLS if mix is None else 1,
                  say=lambda s: click.echo(s, err=True))
    click.echo("")
    click.echo(f"statwatch chaos (seed {seed}) finished in {r.seconds:.0f} s; kills logged in {r.folder / 'kills.jsonl'}")
    for c in r.checks:
        click.echo(f"  check {c.name:<12} {'ok  ' if c.ok else 'LOST'} {c.line}")
        for line in c.lost[:20]:
            click.echo(f"      lost: {line}")
        if len(c.lost) > 20:
            click.echo(f"      … and {len(c.lost) - 20} more")
    click.echo(r.summary())
    if not r.ok:
        raise SystemExit(1)
