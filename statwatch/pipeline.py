"""The stages as single calls, each on the one write path: what Airflow tasks and the CLI invoke.

The ingest DAG runs fetch → extract → validate → merge as four tasks (`run_fetch` … `run_merge`), passing batch
ids; `run_ingest` runs the four in one call for the CLI. `run_detect` and `run_notify` are the other two DAGs.
On a DuckLake every stage but delivery writes in one transaction, run again after a commit conflict; the ingest
stages compute first (HTTP, extraction, GX) outside it (`warehouse.planned_stage`), so only their writes are
repeated. Delivery commits its claim before each SMTP conversation, as on a DuckDB file.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import duckdb

from statwatch import airflow_api, alerts, merge, quality, staging
from statwatch import warehouse as wh
from statwatch.config import Source, get_source, load_detection_rules, load_sources
from statwatch.detect import detect, mark_detected
from statwatch.health import staleness_edges
from statwatch.ingest import ingest_source, plan_fetch, reextract
from statwatch.notify import SENDING_TIMEOUT, SmtpSettings, approval_request, deliver_pending
from statwatch.settings import staleness_checks
from statwatch.wording import beijing_today

log = logging.getLogger(__name__)
Db = Path | str | None


@dataclass
class DetectSummary:
    """What one detection run found and told (small enough for XCom)."""

    batches: int = 0
    alerts: int = 0
    suppressed: int = 0
    rules: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _stage(work: Callable[[duckdb.DuckDBPyConnection], dict[str, Any]], db: Db) -> dict[str, Any]:
    """A stage on the write path, all of it in its transaction (see _planned)."""
    return _planned(lambda con: work, db, snapshot=False)


def _planned(plan: Callable[[duckdb.DuckDBPyConnection], Callable[[duckdb.DuckDBPyConnection], dict[str, Any]]],
             db: Db, *, snapshot: bool = True) -> dict[str, Any]:
    """A stage whose plan computes outside the transaction and returns its write (warehouse.planned_stage); on a
    DuckLake the summary says how often its commit was retried, if it was."""
    before = wh.STATS.retries
    out = wh.planned_stage(plan, db, snapshot=snapshot)
    if wh.STATS.retries > before:
        out["commit_retries"] = wh.STATS.retries - before
    return out


def detect_alerts(con: duckdb.DuckDBPyConnection, *, sources: Sequence[Source] | None = None,
                  today: date | None = None) -> DetectSummary:
    """Staleness (with `sources`, as of `today`), then every rule over new batches; the edges become alerts and
    outbox rows, and the batches are marked detected, in one transaction."""
    with wh.transaction(con):
        edges = staleness_edges(con, sources, today or beijing_today()) if sources is not None else []
        found = detect(con)
        counts = alerts.apply(con, [*edges, *found.edges])
        mark_detected(con)
    return DetectSummary(found.batches, counts.alerts, counts.suppressed, counts.rules)


def run_fetch(source_id: str, *, db: Db = None, mode: str = "live", urls: list[str] | None = None,
              since: date | None = None) -> dict[str, Any]:
    """Discover, fetch and archive a source's new items (HTTP before the transaction); returns the batch ids the next
    stages take."""
    source = get_source(source_id)

    def plan(con: duckdb.DuckDBPyConnection) -> Callable[[duckdb.DuckDBPyConnection], dict[str, Any]]:
        write = plan_fetch(con, source, mode=mode, urls=urls or [], since=since)
        return lambda c: write(c).as_dict()

    return _planned(plan, db)


def run_extract(batch_ids: list[str], *, db: Db = None) -> dict[str, Any]:
    """Extract the facts of archived batches into staged rows (extraction before the transaction)."""
    def plan(con: duckdb.DuckDBPyConnection) -> Callable[[duckdb.DuckDBPyConnection], dict[str, Any]]:
        write = staging.plan_extract(con, batch_ids)
        return lambda c: asdict(write(c))

    return _planned(plan, db)


def run_validate(batch_ids: list[str], *, db: Db = None, validate: bool = True,
                 docs_index: bool = True) -> dict[str, Any]:
    """Validate staged batches with Great Expectations (held rows quarantined; each validation's Data Docs page
    built, then the index unless `docs_index` is False: see run_docs_index); GX runs before the transaction."""
    def plan(con: duckdb.DuckDBPyConnection) -> Callable[[duckdb.DuckDBPyConnection], dict[str, Any]]:
        write = quality.plan_validate(con, batch_ids, validate=validate, docs_index=docs_index)
        return lambda c: asdict(write(c))

    return _planned(plan, db)


def run_docs_index() -> dict[str, Any]:
    """Rebuild the Data Docs index (what run_validate(docs_index=False) left), best effort (a failure is logged);
    no warehouse access."""
    index = quality.refresh_docs_index()
    return {"index": str(index) if index else None}


def run_merge(batch_ids: list[str], *, source_id: str | None = None, db: Db = None) -> dict[str, Any]:
    """Merge validated batches into facts (staged rows read before the transaction); `changed` says whether
    detection has anything new from these batches or, with `source_id`, from any batch of the source (a merge of an
    earlier, killed try that detection never saw)."""
    def plan(con: duckdb.DuckDBPyConnection) -> Callable[[duckdb.DuckDBPyConnection], dict[str, Any]]:
        write = merge.plan_merge(con, batch_ids, source_id)

        def done(c: duckdb.DuckDBPyConnection) -> dict[str, Any]:
            out = write(c)
            return {**asdict(out), "changed": out.changed}

        return done

    return _planned(plan, db)


def run_ingest(source_id: str, *, db: Db = None, mode: str = "live", urls: list[str] | None = None,
               since: date | None = None, validate: bool = True,
               progress: Callable[[int, int], None] | None = None) -> dict[str, Any]:
    """Ingest one source into the warehouse (all four stages); returns a JSON-able summary."""
    source = get_source(source_id)
    summary = _stage(lambda con: ingest_source(source, con=con, mode=mode, urls=urls or [], since=since,
                                               validate=validate, progress=progress).as_dict(), db)
    log.info("ingest %s: %s", source_id, summary)
    return summary


def run_reextract(*, source_id: str | None = None, since: date | None = None, db: Db = None) -> dict[str, Any]:
    """Re-extract what an older parser version read (see ingest.reextract)."""
    if source_id is not None:
        get_source(source_id)  # an unknown id is a one-line error, not an empty run
    return _stage(lambda con: reextract(con, source_id=source_id, since=since).as_dict(), db)


def run_detect(*, db: Db = None) -> dict[str, Any]:
    """Run detection over newly merged batches, and check every enabled source for missing releases."""
    sources = [s for s in load_sources() if s.enabled] if staleness_checks() else None
    return _stage(lambda con: detect_alerts(con, sources=sources).as_dict(), db)


def run_notify(smtp: SmtpSettings, *, db: Db = None) -> dict[str, Any]:
    """Deliver every due notification (raises DeliveryFailed when some stay pending).

    On a DuckDB file the write lock is held for the whole delivery, so no other delivery can be in its SMTP
    conversation: rows left 'sending' belong to a run that died, and are sent again at once with their Message-ID
    (by the task's retry). A DuckLake has no such lock (deliveries claim rows instead), so a row another run left
    'sending' may be in a live conversation: it is taken over only after SENDING_TIMEOUT."""
    held = SENDING_TIMEOUT if wh.locate(db).lake else timedelta(0)
    with wh.writer(db) as con:
        return deliver_pending(con, smtp, sending_timeout=held).as_dict()


def run_release(ids: list[str], *, by: str, batches: list[str] | None = None, db: Db = None) -> list[str]:
    """Release quarantined rows, re-validate and merge them, and tell Airflow (when configured) that facts changed,
    as an ingest DAG's merge would; one line per batch for people."""
    released = wh.stage(lambda con: merge.release_quarantined(con, ids, by=by, batches=batches), db)
    lines = [r.line() for r in released]
    merged = sum(r.merged for r in released)
    if merged and airflow_api.configured():
        try:
            event = airflow_api.emit_asset_event(extra={"released_by": by, "merged": merged})
            lines.append(f"told Airflow: asset event {event} on {airflow_api.FACTS_URI}")
        except airflow_api.AirflowUnreachable as e:
            lines.append(f"merged, but Airflow was not told ({e}); the hourly detection run will see the facts")
    return lines


def run_request_approvals(*, approval_url: Callable[[int], str], db: Db = None) -> list[dict[str, Any]]:
    """Ask an analyst about every alert that waits and nobody was asked about: the i-th gets the Required Actions
    link `approval_url(i)` (recorded, and e-mailed to the `analysts` route); returns one request per alert
    (fingerprint, subject, Markdown body) in that order."""
    rules = load_detection_rules()

    def work(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
        requests = []
        with wh.transaction(con):
            for i, alert in enumerate(alerts.awaiting_approval(con)):
                url = approval_url(i)
                alerts.request_approval(con, alert["fingerprint"], approval_url=url)
                subject, body = approval_request(alert, evidence=alerts.evidence_url(alert["fingerprint"]),
                                                 timeout_hours=rules.approval.timeout_hours,
                                                 on_timeout=rules.approval.on_timeout)
                requests.append({"fingerprint": alert["fingerprint"], "subject": subject, "body": body})
        return requests

    return wh.stage(work, db)


def run_record_decisions(decisions: list[dict[str, Any]], *, db: Db = None) -> dict[str, int]:
    """Store each analyst's answer (`fingerprint`, `approved`, `by`, `at`; no answer at all: `approved` None, the
    request is asked again); approved alerts are queued for staff. Returns counts."""
    def work(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
        counts = {"approved": 0, "rejected": 0, "reopened": 0}
        with wh.transaction(con):
            for d in decisions:
                if d.get("approved") is None:
                    counts["reopened"] += alerts.reopen_request(con, d["fingerprint"], d.get("reason") or "no answer")
                elif alerts.decide(con, d["fingerprint"], approved=bool(d["approved"]), by=d.get("by"), at=d["at"]):
                    counts["approved" if d["approved"] else "rejected"] += 1
        return counts

    return wh.stage(work, db)
