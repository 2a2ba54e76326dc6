"""`statwatch extract`: one JSON object per fact per line."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

import click

from statwatch.errors import StatwatchError


def _doc_date(ctx: click.Context, param: click.Parameter, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"not a date (YYYY-MM-DD): {value!r}") from None


@click.command()
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
