"""The `publisher` command: serve the sample site until interrupted."""

from __future__ import annotations

import logging
import signal
from datetime import date

import click

from statwatch.sample_site.server import Publisher
from statwatch.sample_site.story import DEFAULT_START


@click.command()
@click.option(
    "--host", default="127.0.0.1", show_default=True, help="Address to bind (loopback unless --allow-remote)."
)
@click.option("--port", default=8765, show_default=True, type=int, help="Port to bind (0 picks a free one).")
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
    logging.getLogger("statwatch.sample_site").setLevel(logging.INFO)
    signal.signal(signal.SIGTERM, signal.default_int_handler)  # `kill` stops as cleanly as Ctrl-C
    click.echo(f"serving the sample site; clock {day}; Ctrl-C to stop", err=True)
    pub.serve_forever()


if __name__ == "__main__":
    publisher()
