"""The `statwatch` command: a thin layer over the library."""

from __future__ import annotations

import json
import logging
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from statwatch import __version__
from statwatch.errors import StatwatchError

if TYPE_CHECKING:
    from importlib.metadata import EntryPoint

db_option = click.option(
    "--db", "db", type=click.Path(dir_okay=False, path_type=Path), default=None,
    help="Warehouse file (default: $STATWATCH_WAREHOUSE, else $STATWATCH_DB or warehouse/statwatch.duckdb).",
)


COMMANDS_GROUP = "statwatch.commands"


class _Group(click.Group):
    """Turns statwatch errors into one clean line and exit code 1; adds the commands that other distributions
    (the statwatch-dev harness) declare in the entry-point group `statwatch.commands`, each imported only
    when it is run or its help is shown."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except StatwatchError as e:
            raise click.ClickException(str(e)) from None

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *_plugin_commands()})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        command = super().get_command(ctx, cmd_name)
        if command is None and cmd_name in (plugins := _plugin_commands()):
            command = plugins[cmd_name].load()
            if not isinstance(command, click.Command):
                raise TypeError(f"entry point {plugins[cmd_name].value!r} is not a click command")
            self.add_command(command, cmd_name)
        return command


def _plugin_commands() -> dict[str, EntryPoint]:
    """Entry points of the group `statwatch.commands` by name (not loaded)."""
    from importlib.metadata import entry_points

    return {ep.name: ep for ep in entry_points(group=COMMANDS_GROUP)}


@click.group(cls=_Group)
@click.version_option(__version__, prog_name="statwatch")
@click.option("-v", "--verbose", is_flag=True, help="Log progress to stderr.")
def cli(verbose: bool) -> None:
    """statwatch: watch published numbers, extract facts, alert on events."""
    root = logging.getLogger()
    if not any(isinstance(h, _StderrHandler) for h in root.handlers):
        handler = _StderrHandler()
        handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
        root.addHandler(handler)
    root.setLevel(logging.INFO if verbose else logging.WARNING)


class _StderrHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to whatever sys.stderr is at the time (a test runner swaps and closes it)."""

    def emit(self, record: logging.LogRecord) -> None:
        self.stream = sys.stderr
        super().emit(record)


def _emit(rows: list[dict[str, Any]], fmt: str) -> None:
    """Rows as JSON, CSV or a table. Cells are data, never markup, and lose the control characters that would
    steer a terminal (scraped text ends up in these rows)."""
    from statwatch.text import json_safe, printable

    if fmt == "json":
        click.echo(json_safe(json.dumps(rows, ensure_ascii=False, default=str, indent=2)))
    elif fmt == "csv":
        import csv

        if rows:
            w = csv.writer(sys.stdout)
            w.writerow([printable(str(k)) for k in rows[0]])
            w.writerows([printable("" if v is None else str(v)) for v in r.values()] for r in rows)
    else:
        from rich.console import Console
        from rich.table import Table
        from rich.text import Text

        if not rows:
            click.echo("(no rows)")
            return
        t = Table()
        for k in rows[0]:
            t.add_column(Text(printable(str(k))))
        for r in rows:
            t.add_row(*(Text(printable("" if v is None else str(v))) for v in r.values()))
        Console().print(t)


def output_options(f: Any) -> Any:
    """--table (default) / --csv / --json."""
    f = click.option("--json", "fmt", flag_value="json", help="Output JSON.")(f)
    f = click.option("--csv", "fmt", flag_value="csv", help="Output CSV.")(f)
    return click.option("--table", "fmt", flag_value="table", default=True, help="Output a table (default).")(f)


@cli.command()
@db_option
@click.option("--list", "list_", is_flag=True, help="List migrations and whether they are applied.")
def migrate(db: Path | None, list_: bool) -> None:
    """Apply pending warehouse migrations and (re)create views.

    Example: statwatch migrate --list
    """
    from statwatch import warehouse as wh

    if list_:
        where = wh.locate(db)
        exists = where.lake or (where.path is not None and where.path.exists())
        done = wh.applied_migrations(wh.connect(db, reader=True)) if exists else {}
        for p in wh.migration_files():
            click.echo(f"{'[x]' if p.stem in done else '[ ]'} {p.stem}" + (f"  {done[p.stem]}" if p.stem in done else ""))
        return
    with wh.writer(db, auto_migrate=False) as con:
        applied = wh.migrate(con)
    click.echo(f"applied {len(applied)} migration(s)" + (": " + ", ".join(applied) if applied else ""))


@cli.command()
@db_option
@click.argument("source_id")
@click.option("--url", "urls", multiple=True, help="Also ingest this item URL (as announced by a feed trigger).")
@click.option("--no-validate", is_flag=True, help="Skip Great Expectations (benchmarks only).")
def ingest(db: Path | None, source_id: str, urls: tuple[str, ...], no_validate: bool) -> None:
    """Fetch and load everything new from one source.

    Example: statwatch ingest zz_rail
    """
    from statwatch import pipeline

    click.echo(json.dumps(pipeline.run_ingest(source_id, db=db, urls=list(urls), validate=not no_validate),
                          ensure_ascii=False))


@cli.command()
@db_option
@click.argument("source_id")
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), default=None, help="Only items published on or after.")
def backfill(db: Path | None, source_id: str, since: Any) -> None:
    """Load a source's history with alerts suppressed.

    Example: statwatch backfill zz_rail --since 2022-03-01
    """
    from rich.progress import Progress

    from statwatch import pipeline

    with Progress(transient=True) as bar:
        task = bar.add_task(f"backfill {source_id}", total=None)
        summary = pipeline.run_ingest(source_id, db=db, mode="backfill", since=since.date() if since else None,
                                      progress=lambda n, total: bar.update(task, completed=n, total=total))
    click.echo(json.dumps(summary, ensure_ascii=False))


@cli.command()
@db_option
@click.option("--source", "source_id", default=None, help="Only this source's documents.")
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), default=None, help="Only documents published on or after.")
def reextract(db: Path | None, source_id: str | None, since: Any) -> None:
    """Read archived documents again with the current extractor (those an older parser version read).

    Changed facts enter as new vintages, facts no longer stated are closed; the alerts this causes are recorded
    as corrections and not sent.

    Example: statwatch reextract --source jinshui_stats --since 2022-01-01
    """
    from statwatch import pipeline

    click.echo(json.dumps(pipeline.run_reextract(source_id=source_id, since=since.date() if since else None, db=db),
                          ensure_ascii=False))


@cli.command()
@db_option
def detect(db: Path | None) -> None:
    """Run the detection rules over newly loaded facts.

    Example: statwatch detect
    """
    from statwatch import pipeline

    click.echo(json.dumps(pipeline.run_detect(db=db), ensure_ascii=False))


@cli.command()
@db_option
@click.option("--smtp", "smtp_url", envvar="STATWATCH_SMTP_URL", default="smtp://127.0.0.1:8025", show_default=True,
              help="SMTP server URL (smtp://host:port, smtps://…, ?starttls=true); $STATWATCH_SMTP_URL.")
def notify(db: Path | None, smtp_url: str) -> None:
    """Deliver pending notifications by e-mail.

    Example: statwatch notify --smtp smtp://127.0.0.1:8025
    """
    from statwatch import pipeline
    from statwatch.notify import SmtpSettings

    click.echo(json.dumps(pipeline.run_notify(SmtpSettings.from_url(smtp_url), db=db), ensure_ascii=False))


@cli.command()
@db_option
@click.argument("query", required=False)
@click.option("--file", "sql_file", type=click.File(encoding="utf-8"), help="Read the SQL from a file.")
@output_options
def query(db: Path | None, query: str | None, sql_file: Any, fmt: str) -> None:
    """Run one read-only SQL query against the warehouse.

    One statement that reads (SELECT, WITH, FROM, VALUES, TABLE, DESCRIBE, SHOW, SUMMARIZE, EXPLAIN); no files,
    network, extensions or settings. Cells are printed as plain text.

    Example: statwatch query "SELECT * FROM rail_daily ORDER BY day DESC LIMIT 5"

    Example: statwatch query --file warehouse/queries/revisions.sql --csv
    """
    from statwatch import warehouse as wh

    if bool(query) == bool(sql_file):
        raise click.UsageError("give either QUERY or --file")
    query = query or sql_file.read()
    con = wh.connect(db, reader=True)
    try:
        rows = wh.read_query(con, query)
    except StatwatchError:
        raise
    except Exception as e:  # duckdb raises many types; the analyst needs the message, not a traceback
        raise click.ClickException(str(e).splitlines()[0]) from None
    finally:
        con.close()
    _emit(rows, fmt)


@cli.group()
def alerts() -> None:
    """Look at alerts and their notifications."""


@alerts.command("list")
@db_option
@click.option("--state", type=click.Choice(["firing", "resolved", "suppressed"]), default=None)
@output_options
def alerts_list(db: Path | None, state: str | None, fmt: str) -> None:
    """List alerts, newest first.

    Example: statwatch alerts list --state firing
    """
    from statwatch import warehouse as wh

    con = wh.connect(db, reader=True)
    rows = wh.fetch_dicts(con, wh.sql("alerts_list"), [state, state])
    _emit(rows, fmt)


@alerts.command("show")
@db_option
@click.argument("fingerprint")
def alerts_show(db: Path | None, fingerprint: str) -> None:
    """Show one alert with its evidence and notifications.

    Example: statwatch alerts show "record|rail.trains|中国铁路郑州局集团|2022-04-22"
    """
    from statwatch import warehouse as wh

    con = wh.connect(db, reader=True)
    rows = wh.fetch_dicts(con, "SELECT * FROM alerts WHERE fingerprint = ?", [fingerprint])
    if not rows:
        raise click.ClickException(f"no alert {fingerprint!r}")
    alert = rows[0]
    alert["payload"] = json.loads(alert["payload"])
    alert["notifications"] = wh.fetch_dicts(con, wh.sql("alert_notifications"), [fingerprint])
    click.echo(json.dumps(alert, ensure_ascii=False, default=str, indent=2))


@cli.group()
def silence() -> None:
    """Silence alerts by topic, indicator or region, with a reason and an expiry."""


@silence.command("add")
@db_option
@click.option("--topic", default=None)
@click.option("--indicator", default=None)
@click.option("--region", default=None)
@click.option("--reason", required=True)
@click.option("--hours", type=float, default=24.0, show_default=True, help="Expires after this many hours.")
@click.option("--by", default=None, help="Who set it.")
def silence_add(db: Path | None, topic: str | None, indicator: str | None, region: str | None, reason: str,
                hours: float, by: str | None) -> None:
    """Add a silence.

    Example: statwatch silence add --topic targets --reason "一季度数据待核实" --hours 48 --by wang
    """
    from datetime import timedelta

    from statwatch import warehouse as wh
    from statwatch.alerts import add_silence
    from statwatch.ids import now

    try:
        with wh.writer(db) as con:
            click.echo(add_silence(con, reason=reason, expires_at=now() + timedelta(hours=hours), topic=topic,
                                   indicator=indicator, region=region, by=by))
    except ValueError as e:
        raise click.UsageError(str(e)) from None


@silence.command("list")
@db_option
@click.option("--all", "all_", is_flag=True, help="Include expired silences.")
@output_options
def silence_list(db: Path | None, all_: bool, fmt: str) -> None:
    """List silences (active ones unless --all).

    Example: statwatch silence list
    """
    from statwatch import warehouse as wh
    from statwatch.ids import now

    con = wh.connect(db, reader=True)
    _emit(wh.fetch_dicts(con, "SELECT * FROM silences WHERE ? OR expires_at > ? ORDER BY created_at",
                         [all_, now()]), fmt)


@silence.command("expire")
@db_option
@click.argument("silence_id")
def silence_expire(db: Path | None, silence_id: str) -> None:
    """End a silence now.

    Example: statwatch silence expire s1a2b3c4d5
    """
    from statwatch import warehouse as wh
    from statwatch.alerts import expire_silence

    with wh.writer(db) as con:
        ended = expire_silence(con, silence_id)
    if not ended:
        raise click.ClickException(f"no active silence {silence_id!r}")
    click.echo(f"expired {silence_id}")


# --- quarantine: rows the validation gate held back ---


@cli.group()
def quarantine() -> None:
    """Rows held back by the validation gate.

    \b
    Example:
        statwatch quarantine list
        statwatch quarantine release q1a2b3c4d5e6f7a8b --by 'Wang Li'
    """


@quarantine.command("list")
@db_option
@click.option("--status", type=click.Choice(["held", "released", "merged", "rejected", "all"]), default="held",
              show_default=True)
@output_options
def quarantine_list(db: Path | None, status: str, fmt: str) -> None:
    """List quarantined rows: id, batch, failed check, the fact and why.

    Example: statwatch quarantine list --status all --json
    """
    from statwatch import quality
    from statwatch import warehouse as wh

    con = wh.connect(db, reader=True)
    try:
        rows = quality.list_quarantine(con, None if status == "all" else status)
    finally:
        con.close()
    if fmt != "table":
        _emit(rows, fmt)
        return
    for r in rows:
        d = r["row_data"]
        fact = f"{d.get('indicator')} {d.get('measure')} {d.get('region')} {d.get('period')} = {d.get('value')} {d.get('unit')}"
        click.echo(f"{r['quarantine_id']}  {r['status']:<8}  {r['batch_id']}  {r['severity']:<8}  {fact}")
        click.echo(f"    {r['reason']}")
        if r.get("released_by"):
            click.echo(f"    released by {r['released_by']} at {r['released_at']:%Y-%m-%d %H:%M:%S%z}")
    click.echo(f"{len(rows)} row(s) {status}")


@quarantine.command("release")
@click.argument("ids", nargs=-1)
@click.option("--by", "by", required=True, help="Who overrides the failed expectation (recorded).")
@click.option("--batch", "batches", multiple=True, help="Release every held row of this batch (repeatable).")
@db_option
def quarantine_release(ids: tuple[str, ...], by: str, batches: tuple[str, ...], db: Path | None) -> None:
    """Release quarantined rows: record the override, then re-validate and merge them.

    A released row overrides only the expectation it was held for; any other critical
    failure (or a new one against today's facts) holds it again.

    Example: statwatch quarantine release q1a2b3c4d5e6f7a8b --by 'Wang Li'
    """
    from statwatch import pipeline

    try:
        lines = pipeline.run_release(list(ids), by=by, batches=list(batches), db=db)
    except ValueError as e:
        raise click.ClickException(str(e)) from None
    for line in lines:
        click.echo(line)


# --- extract: the contract command ---


def _doc_date(ctx: click.Context, param: click.Parameter, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"not a date (YYYY-MM-DD): {value!r}") from None


@cli.command()
@click.option("--doc-date", callback=_doc_date, metavar="YYYY-MM-DD",
              help="Publication date: the year of periods the text leaves out, the as-of day of running totals.")
@click.option("--url", metavar="URL", help="Where the document was found (printed as `doc`).")
@click.option("--kind", type=click.Choice(["auto", "rail", "stats", "ops"]), default="auto", show_default=True,
              help="Document kind: rail bulletin, statistics release, operations bulletin.")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
def extract(doc_date: date | None, url: str | None, kind: str, files: tuple[Path, ...]) -> None:
    """Extract every number stated in documents (HTML or text, any Chinese encoding) as facts.

    Example: statwatch extract --doc-date 2022-04-25 --kind stats release.html
    """
    from statwatch.extract import MAX_BYTES, extract_bytes

    out = sys.stdout
    if hasattr(out, "reconfigure") and (out.encoding or "").lower().replace("-", "") != "utf8":
        out.reconfigure(encoding="utf-8")  # JSON lines are UTF-8 whatever the locale says
    for path in files:
        try:
            if path.stat().st_size > MAX_BYTES:
                raise click.ClickException(f"{path}: document too large ({path.stat().st_size} bytes, limit {MAX_BYTES})")
            data = path.read_bytes()
        except OSError as e:
            raise click.ClickException(f"{path}: cannot read ({e.strerror or e})") from None
        try:
            _, facts = extract_bytes(data, doc_date=doc_date, kind=kind, doc=url or path.name)
        except StatwatchError as e:
            raise click.ClickException(f"{path}: {e}") from None
        except RecursionError:
            raise click.ClickException(f"{path}: document too deeply nested to read") from None
        except Exception as e:  # noqa: BLE001 - the contract promises a one-line error, never a traceback
            raise click.ClickException(f"{path}: extraction failed ({type(e).__name__}: {e})") from None
        for f in facts:
            out.write(json.dumps(f.to_json_dict(), ensure_ascii=False) + "\n")
    sys.stdout.flush()
