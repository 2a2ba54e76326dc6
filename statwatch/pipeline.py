"""The stages as single calls (what Airflow tasks and the CLI invoke): ingest, detect, notify."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from statwatch import warehouse as wh
from statwatch.sources import get_source

log = logging.getLogger(__name__)


def run_ingest(source_id: str, *, db: Path | str | None = None, mode: str = "live", urls: list[str] | None = None,
               since: date | None = None, validate: bool = True,
               progress: Callable[[int, int], None] | None = None) -> dict[str, Any]:
    """Ingest one source into the warehouse; returns a JSON-able summary."""
    from statwatch.ingest import ingest_source

    source = get_source(source_id)
    with wh.writer(db) as con:
        summary = ingest_source(source, con=con, mode=mode, urls=urls or [], since=since, validate=validate,
                                progress=progress)
    log.info("ingest %s: %s", source_id, summary.as_dict())
    return summary.as_dict()


def run_detect(*, db: Path | str | None = None) -> dict[str, Any]:
    """Run detection over newly merged batches, and check every enabled source for missing releases."""
    from statwatch import settings
    from statwatch.detect import detect
    from statwatch.sources import load_sources

    sources = [s for s in load_sources() if s.enabled] if settings.staleness_checks() else None
    with wh.writer(db) as con:
        return detect(con, sources=sources).as_dict()


def run_notify(smtp: Any, *, db: Path | str | None = None) -> dict[str, Any]:
    """Deliver every due notification (raises DeliveryFailed when some stay pending)."""
    from statwatch.notify import deliver_pending

    with wh.writer(db) as con:
        return deliver_pending(con, smtp).as_dict()
