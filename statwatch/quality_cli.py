"""`statwatch quarantine`: list held rows, release them for re-validation."""

from __future__ import annotations

import json
from pathlib import Path

import click

from statwatch import settings
from statwatch.errors import StatwatchError


def _connect(db: Path | None, *, read_only: bool = False):  # noqa: ANN202 - duckdb imported lazily
    from statwatch import warehouse

    return warehouse.connect(db or settings.db_path(), read_only=read_only)


@click.group()
def quarantine() -> None:
    """Rows held back by the validation gate.

    \b
    Example:
        statwatch quarantine list
        statwatch quarantine release q1a2b3c4d5e6f7a8b --by 'Wang Li'
    """


@quarantine.command("list")
@click.option("--db", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Warehouse file (default: $STATWATCH_DB or warehouse/statwatch.duckdb).")
@click.option("--status", type=click.Choice(["held", "released", "merged", "rejected", "all"]), default="held",
              show_default=True)
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line.")
def list_cmd(db: Path | None, status: str, as_json: bool) -> None:
    """List quarantined rows: id, batch, failed check, the fact and why.

    Example: statwatch quarantine list --status all --json
    """
    from statwatch import quality

    try:
        con = _connect(db, read_only=True)
    except StatwatchError as e:
        raise click.ClickException(str(e)) from None
    try:
        rows = quality.list_quarantine(con, None if status == "all" else status)
    finally:
        con.close()
    for r in rows:
        if as_json:
            click.echo(json.dumps(r, ensure_ascii=False, default=str))
            continue
        d = r["row_data"]
        fact = f"{d.get('indicator')} {d.get('measure')} {d.get('region')} {d.get('period')} = {d.get('value')} {d.get('unit')}"
        click.echo(f"{r['quarantine_id']}  {r['status']:<8}  {r['batch_id']}  {r['severity']:<8}  {fact}")
        click.echo(f"    {r['reason']}")
        if r.get("released_by"):
            click.echo(f"    released by {r['released_by']} at {r['released_at']:%Y-%m-%d %H:%M:%S%z}")
    if not as_json:
        click.echo(f"{len(rows)} row(s) {status}")


@quarantine.command("release")
@click.argument("ids", nargs=-1)
@click.option("--by", "by", required=True, help="Who overrides the failed expectation (recorded).")
@click.option("--batch", "batches", multiple=True, help="Release every held row of this batch (repeatable).")
@click.option("--db", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Warehouse file (default: $STATWATCH_DB or warehouse/statwatch.duckdb).")
def release_cmd(ids: tuple[str, ...], by: str, batches: tuple[str, ...], db: Path | None) -> None:
    """Release quarantined rows: record the override, then re-validate them.

    A released row overrides only the expectation it was held for; any other critical
    failure (or a new one against today's facts) holds it again.

    Example: statwatch quarantine release q1a2b3c4d5e6f7a8b --by 'Wang Li'
    """
    from statwatch import quality
    from statwatch import warehouse as wh
    from statwatch.ingest import STAGE_COLUMNS, merge

    try:
        with wh.writer(db) as con:
            wanted = list(ids)
            for b in batches:
                wanted += [r["quarantine_id"] for r in quality.list_quarantine(con) if r["batch_id"] == b]
            if not wanted:
                raise click.UsageError("give quarantine ids or --batch")
            with wh.transaction(con):
                released = quality.release(con, wanted, by=by)
                results = quality.revalidate_released(con, released)
                for batch_id, passing, report in results:
                    counts = merge(con, passing[[c for c in STAGE_COLUMNS if c in passing.columns]])
                    # Released facts are new to detection: the next detect run looks at their batch again.
                    con.execute("UPDATE batches SET detected_at = NULL WHERE batch_id = ?", [batch_id])
                    quality.mark_merged(con, [i for ids_ in passing[quality.QUARANTINE_IDS_COLUMN] for i in ids_])
                    state = "passes" if report.success else f"still fails {', '.join(report.failed_checks())}"
                    click.echo(f"{batch_id}: {len(passing)} of {report.rows} released row(s) merged "
                               f"({counts['new']} new, {counts['revised']} revised, {counts['same']} same); {state}")
    except (ValueError, StatwatchError) as e:
        raise click.ClickException(str(e)) from None
