"""What task bodies need from Airflow's context, turned into plain values for the statwatch library."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, NoReturn


def announced_urls(context: dict[str, Any]) -> list[str]:
    """Every item URL announced by the triggering asset events (there may be several events per run)."""
    urls: list[str] = []
    for events in (context.get("triggering_asset_events") or {}).values():
        for ev in events:
            payload = (ev.extra or {}).get("payload") or {}
            for item in payload.get("items", []):
                if isinstance(item, dict) and item.get("url") and item["url"] not in urls:
                    urls.append(item["url"])
    return urls


def smtp_settings(conn_id: str = "smtp_default") -> Any:
    """statwatch SmtpSettings from an Airflow SMTP connection (host, port, login, password, TLS extras)."""
    from airflow.sdk import BaseHook

    from statwatch.notify import SmtpSettings

    conn = BaseHook.get_connection(conn_id)
    extra = conn.extra_dejson or {}

    def flag(name: str, default: bool) -> bool:
        v = extra.get(name, default)
        return v if isinstance(v, bool) else str(v).lower() in ("1", "true", "yes")

    use_ssl = not flag("disable_ssl", False)
    return SmtpSettings(
        host=conn.host or "127.0.0.1",
        port=int(conn.port or (465 if use_ssl else 25)),
        user=conn.login or None,
        password=conn.password or None,
        ssl=use_ssl,
        starttls=not use_ssl and not flag("disable_tls", False),
        sender=extra.get("from_email") or None,
        timeout=float(extra.get("timeout", 10)),
        cafile=extra.get("cafile") or None,
    )


def run_date(value: str | None) -> date | None:
    """A YYYY-MM-DD DAG param (JSON schema format 'date') as a date; None stays None."""
    return date.fromisoformat(value) if value else None


def announce_facts(context: dict[str, Any], merged: dict[str, Any]) -> dict[str, Any]:
    """Emit the facts asset event through the task's alias outlet, only when the merge changed something
    detection reads (new or revised facts, rows held for an ops alert); returns the merge summary."""
    from airflow.sdk import Asset, AssetAlias

    from statwatch_airflow.operators import FACTS_CHANGED_ALIAS, FACTS_URI

    if merged.get("changed"):
        context["outlet_events"][AssetAlias(FACTS_CHANGED_ALIAS)].add(
            Asset(FACTS_URI), extra={"merged": merged.get("merged", 0), "quarantined": merged.get("quarantined", 0)})
    return merged


APPROVAL_TASK = "approve_alert"


def required_actions_url(context: dict[str, Any], map_index: int) -> str:
    """The Airflow UI page where an analyst answers the map_index-th approval request of this run (the UI's
    public address from routes.yaml `ui_url`, else Airflow's `[api] base_url`)."""
    from urllib.parse import quote

    from airflow.sdk import conf

    from statwatch.config import load_routes

    base = (load_routes().ui_url or conf.get("api", "base_url", fallback="") or "").rstrip("/")
    ti = context["ti"]
    # The UI's route of a mapped task instance (a `?map_index=` query finds no task instance in Airflow 3.3's UI).
    return (f"{base}/dags/{quote(ti.dag_id, safe='')}/runs/{quote(ti.run_id, safe='')}/tasks/{APPROVAL_TASK}"
            f"/mapped/{map_index}/required_actions")


def decisions(context: dict[str, Any], requests: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The answers of this run's approval tasks (one per request, in order) as plain values for the library:
    approved or not, who (None when the timeout's default answered), when; a task with no answer at all
    (failed, cleared) gives approved None."""
    ti = context["ti"]
    out = []
    for i, req in enumerate(requests):
        answer = ti.xcom_pull(task_ids=APPROVAL_TASK, map_indexes=i, key="return_value")
        if not isinstance(answer, dict) or not answer.get("chosen_options"):
            out.append({"fingerprint": req["fingerprint"], "approved": None, "reason": "the approval task gave no answer"})
            continue
        user = answer.get("responded_by_user") or {}
        out.append({"fingerprint": req["fingerprint"], "approved": answer["chosen_options"][0] == "Approve",
                    "by": (user.get("name") or user.get("id")) if user and not answer.get("timedout") else None,
                    "at": _as_datetime(answer.get("responded_at"))})
    return out


def _as_datetime(value: Any) -> Any:
    from datetime import UTC, datetime

    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value if isinstance(value, datetime) else datetime.now(UTC)


def announce_alerts(context: dict[str, Any], changed: bool, extra: dict[str, Any]) -> None:
    """Emit the alerts asset event through the task's alias outlet only when the outbox or alerts changed (an
    unconditional event would start this DAG again, and again)."""
    from airflow.sdk import Asset, AssetAlias

    if changed:
        context["outlet_events"][AssetAlias(ALERTS_CHANGED_ALIAS)].add(Asset(ALERTS_URI), extra=extra)


ALERTS_URI = "statwatch://warehouse/alerts"
ALERTS_CHANGED_ALIAS = "statwatch-alerts-changed"


def ingest_live(context: dict[str, Any], source_id: str) -> NoReturn:
    """A live run's whole path in its first task: fetch → extract → validate → merge (each stage its own
    transaction, the same calls as the stage tasks), then detection (when the merge brought news) and delivery at
    once, and last the Data Docs index (the validations' own pages are built in validate). Hands over what it
    leaves through the assets: the facts event when detection did not run here (it failed), the alerts event when
    there are new alerts (approvals may wait) or a delivery failed, so detect_events, notify_staff and
    approve_alerts take over. Ends by skipping the stage tasks: a live release costs one task process before its
    e-mail instead of six and two DAG runs, and holds the warehouse's write lock only while a stage writes
    (docs/airflow.md, "The live short path")."""
    from statwatch.pipeline import run_docs_index

    seconds, timed = _timer()
    summary = _stages(source_id, timed, mode="live", urls=announced_urls(context), docs_index=False)
    summary.update(_detect_and_deliver(context, timed, detect=bool(summary["merged"].get("changed"))))
    if "detected" not in summary:  # detection is left to detect_events: hand the news over
        announce_facts(context, summary["merged"])
    summary["docs"] = timed("docs index", run_docs_index())  # after the e-mail; best effort (see refresh_docs_index)
    _skip_stage_tasks(context, "live_path", {**summary, "seconds": seconds})


def backfill_in_one_task() -> bool:
    """Whether a backfill runs its four stages in its first task: on a DuckLake (the cluster profile), whose pool
    lets several writers in at once, yes; on the embedded DuckDB file, whose one writer slot a live release must
    get between the stages, no."""
    from statwatch import warehouse as wh

    return wh.locate().lake


def ingest_backfill(context: dict[str, Any], source_id: str, since: date | None) -> NoReturn:
    """A backfill's four stages in its first task (the same calls as the stage tasks, each its own transaction, so a
    retry picks up every unfinished batch), then the facts event when the merge brought news (detect_events runs
    on it, as after merge_facts); skips the stage tasks. Saves a ten-year backfill on the cluster three task
    processes, Edge pickups and scheduler hops per source (docs/benchmarks.md, section 5)."""
    seconds, timed = _timer()
    summary = _stages(source_id, timed, mode="backfill", urls=announced_urls(context), since=since)
    announce_facts(context, summary["merged"])
    _skip_stage_tasks(context, "backfill_path", {**summary, "seconds": seconds})


def _timer() -> tuple[dict[str, float], Callable[[str, dict[str, Any]], dict[str, Any]]]:
    """Each stage's seconds, and `timed(stage, out)` that records the time since the previous call and returns out."""
    import time

    seconds: dict[str, float] = {}
    started = time.perf_counter()

    def timed(stage: str, out: dict[str, Any]) -> dict[str, Any]:
        nonlocal started
        seconds[stage], started = round(time.perf_counter() - started, 3), time.perf_counter()
        return out

    return seconds, timed


def _stages(source_id: str, timed: Callable[[str, dict[str, Any]], dict[str, Any]], *, mode: str,
            urls: list[str] | None = None, since: date | None = None, docs_index: bool = True) -> dict[str, Any]:
    """fetch → extract → validate → merge of one source, each stage its own transaction; their summaries
    (`docs_index` False: the Data Docs index is left to the caller, see run_docs_index)."""
    from statwatch.pipeline import run_extract, run_fetch, run_merge, run_validate

    fetched = timed("fetch", run_fetch(source_id, mode=mode, urls=urls, since=since))
    ids = fetched["batch_ids"]
    return {"fetched": fetched, "extracted": timed("extract", run_extract(ids)),
            "validated": timed("validate", run_validate(ids, docs_index=docs_index)),
            "merged": timed("merge", run_merge(ids, source_id=source_id))}


def _skip_stage_tasks(context: dict[str, Any], key: str, summary: dict[str, Any]) -> NoReturn:
    """Keep the summary in the XCom `key` and skip the stage tasks after this one."""
    from airflow.sdk.exceptions import DownstreamTasksSkipped

    context["ti"].xcom_push(key=key, value=summary)
    raise DownstreamTasksSkipped(tasks=sorted(context["task"].downstream_task_ids))


def _detect_and_deliver(context: dict[str, Any], timed: Callable[[str, dict[str, Any]], dict[str, Any]], *,
                        detect: bool) -> dict[str, Any]:
    """Detection (when asked), then delivery of everything due — also what an earlier try of this task left
    'sending' when it died after the server accepted it. Neither may fail the task: its events must go out (a
    failed task emits none), and detect_events / notify_staff own these stages: they run on the events, retry,
    and turn red with the ops e-mail when a failure is theirs to show."""
    import logging

    from statwatch.pipeline import run_detect, run_notify

    log = logging.getLogger(__name__)
    out: dict[str, Any] = {}
    tell = False  # whether notify_staff and approve_alerts should run after this task
    if detect:
        try:
            out["detected"] = detected = timed("detect", run_detect())
        except Exception:  # noqa: BLE001 - handed to detect_events (see the docstring)
            log.exception("detection in the live run failed; detect_events will run it on the facts event")
            return out
        tell = detected.get("alerts", 0) > 0
    try:
        out["delivered"] = timed("deliver", run_notify(smtp_settings("smtp_default")))
    except Exception:  # noqa: BLE001 - handed to notify_staff (see the docstring)
        log.exception("delivery in the live run failed; notify_staff will retry it on the alerts event")
        tell = True
    announce_alerts(context, tell, {"live_run": True, **out.get("detected", {})})
    return out
