"""The alert manager: alert edges from detection become alert states (fingerprints, edge-triggered), pass
silences and inhibition, and are routed into the notifications outbox."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import quote

import duckdb

from statwatch import settings
from statwatch import warehouse as wh
from statwatch.config import DetectionRules, Route, load_detection_rules, load_routes
from statwatch.data_docs import page_path
from statwatch.ids import now, short_hash
from statwatch.model import Edge, fingerprint

log = logging.getLogger(__name__)


@dataclass
class AlertCounts:
    """What applying a pass of edges did: new firing edges told or suppressed, per rule."""

    alerts: int = 0
    suppressed: int = 0
    rules: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def apply(con: duckdb.DuckDBPyConnection, edges: Iterable[Edge], *, routes: list[Route] | None = None,
          rules: DetectionRules | None = None) -> AlertCounts:
    """Record each edge in order (a staleness edge before the target edges it inhibits); count what changed."""
    counts = AlertCounts()
    routes = routes if routes is not None else load_routes().routes
    snapshot = wh.snapshot_id(con)  # what detection read (DuckLake), kept with each alert and notice
    rules = rules or load_detection_rules()
    for e in edges:
        suppressed = e.suppressed_reason
        stale = staleness_fingerprint(e.source_id) if e.source_id else None
        if suppressed is None and e.inhibitable and stale and firing_alert(con, stale):
            # Figures from a source that stopped publishing are not news; a 恢复 of what staff were told still goes out.
            suppressed = f"inhibited by {stale}"
        if not upsert_alert(con, e, suppressed_reason=suppressed, routes=routes, snapshot_id=snapshot,
                            approval=rules.approval_needed(e.rule)):
            continue
        counts.rules[e.rule] = counts.rules.get(e.rule, 0) + 1
        # A silence can suppress too: count what was stored, not what was asked for.
        state = wh.scalar(con, "SELECT state FROM alerts WHERE fingerprint = ?", [edge_fingerprint(e)])
        if state == "suppressed" and e.event == "firing":
            counts.suppressed += 1
        else:
            counts.alerts += 1
    return counts


def edge_fingerprint(e: Edge) -> str:
    """The fingerprint of the alert an edge is about."""
    return fingerprint(e.rule, e.indicator, e.region, e.period, e.key)


def staleness_fingerprint(source_id: str) -> str:
    """The one staleness alert of a source."""
    return fingerprint("staleness", None, None, None, source_id)


def active_silence(con: duckdb.DuckDBPyConnection, topic: str, indicator: str | None, region: str | None) -> str | None:
    """The id of a silence that matches, if any."""
    row = con.execute(wh.sql("silence_matching"), [now(), topic, indicator, region]).fetchone()
    return row[0] if row else None


EVENT_STATE = {"firing": "firing", "resolved": "resolved", "withdrawn": "withdrawn"}


def upsert_alert(con: duckdb.DuckDBPyConnection, e: Edge, *, suppressed_reason: str | None,
                 routes: list[Route], snapshot_id: int | None = None, approval: bool = False) -> bool:
    """Record an alert edge; queue notifications unless suppressed. Returns True when something new happened.

    Edge-triggered: an alert whose fingerprint already exists in the same state does nothing. `resolved`,
    `withdrawn` and `updated` change an existing alert and are told only to those who were told it fired.
    With `approval`, a firing edge waits as `awaiting_approval` (nothing queued) until an analyst decides
    (`decide`); an alert that was rejected stays rejected. Every change is appended to `alert_history`.
    """
    if e.event not in (*EVENT_STATE, "updated"):
        raise ValueError(f"unknown alert event {e.event!r}")
    fp = edge_fingerprint(e)
    ts = now()
    row = con.execute("SELECT state FROM alerts WHERE fingerprint = ?", [fp]).fetchone()
    old_state = row[0] if row else None
    if e.event != "firing" and old_state is None:
        return False  # nothing to resolve, withdraw or update
    new_state = old_state if e.event == "updated" else EVENT_STATE[e.event]
    if suppressed_reason is None and e.event == "firing":
        silence = active_silence(con, e.topic, e.indicator, e.region)
        if silence:
            suppressed_reason = f"silence {silence}"
    if suppressed_reason and e.event == "firing":
        new_state = "suppressed"
    elif approval and e.event == "firing":
        if old_state == "rejected":
            new_state = "rejected"  # an analyst said no: the same evidence does not ask again
        elif old_state != "firing":
            new_state = "awaiting_approval"
    if old_state == new_state and e.event != "updated":
        con.execute("UPDATE alerts SET last_seen = ? WHERE fingerprint = ?", [ts, fp])
        return False
    body = json.dumps(e.payload, ensure_ascii=False, default=str)
    values = {"fingerprint": fp, "rule": e.rule, "topic": e.topic, "indicator": e.indicator, "region": e.region,
              "period": e.period, "state": new_state, "title": e.title, "payload": body, "doc_id": e.doc_id,
              "source_id": e.source_id, "ts": ts, "suppressed_reason": suppressed_reason, "snapshot_id": snapshot_id}
    con.execute(wh.sql("alerts_insert" if row is None else "alerts_update"),
                values if row is None else {k: values[k] for k in ("fingerprint", "state", "title", "payload",
                                                                    "doc_id", "ts", "suppressed_reason",
                                                                    "snapshot_id")})
    event = new_state if new_state in ("suppressed", "awaiting_approval") else e.event
    record_history(con, fp, event=event, state=str(new_state), at=ts, detail=suppressed_reason)
    # Staff hear of a change only to what they were told: a suppressed alert resolves or is withdrawn quietly.
    told = new_state == "firing" if e.event in ("firing", "updated") else old_state == "firing"
    if told and not (suppressed_reason and e.event != "firing"):
        queue_notifications(con, fp, topic=e.topic, event=e.event, group_key=e.doc_id or fp, created_at=ts,
                            title=e.title, payload=body, routes=routes, snapshot_id=snapshot_id, region=e.region)
    return True


def alert_id(fp: str) -> str:
    """The short id of an alert in URLs (its evidence page): the first 16 hex digits of sha256(fingerprint)."""
    return short_hash(fp)


EVIDENCE_PATH = "/statwatch/alerts"  # where the Airflow plugin serves the evidence pages, under the UI's address


def data_docs_url(page: str | None, base_url: str | None = None) -> str | None:
    """The public address of a Data Docs page the validate stage built (a file:// URL under var/data_docs), served
    by the evidence pages' app; None when it is elsewhere or the UI address is not configured."""
    base = base_url if base_url is not None else load_routes().ui_url
    if not (base and page and page.startswith("file://")):
        return None
    root = settings.data_docs_dir().resolve()
    path = page_path(page, root).resolve()
    if not path.is_relative_to(root):
        return None
    return f"{base.rstrip('/')}/statwatch/data-docs/{quote(path.relative_to(root).as_posix())}"


def evidence_url(fp: str, base_url: str | None = None) -> str | None:
    """The public address of an alert's evidence page (routes.yaml `ui_url`), or None when it is not configured."""
    base = base_url if base_url is not None else load_routes().ui_url
    return f"{base.rstrip('/')}{EVIDENCE_PATH}/{alert_id(fp)}" if base else None


def record_history(con: duckdb.DuckDBPyConnection, fp: str, *, event: str, state: str, at: datetime,
                   actor: str | None = None, detail: str | None = None) -> None:
    """Append one change of an alert to alert_history."""
    seq = wh.scalar(con, "SELECT count(*) FROM alert_history WHERE fingerprint = ?", [fp])
    con.execute(wh.sql("alert_history_insert"), {
        "history_id": "h" + short_hash(fp, seq), "fingerprint": fp, "seq": seq, "event": event, "state": state,
        "happened_at": at, "actor": actor, "detail": detail})


# --- approval: alerts that wait for an analyst (Airflow's Required Actions) before staff are told ---


def awaiting_approval(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """Alerts waiting for an analyst that nobody has been asked about yet (payload decoded), oldest first."""
    rows = wh.fetch_dicts(con, wh.sql("alerts_awaiting"))
    for r in rows:
        r["payload"] = json.loads(r["payload"]) if isinstance(r["payload"], str) else r["payload"]
        r["alert_id"] = alert_id(r["fingerprint"])
    return rows


def request_approval(con: duckdb.DuckDBPyConnection, fp: str, *, approval_url: str, routes: list[Route] | None = None,
                     ) -> int:
    """Record that an analyst was asked (the Required Actions link) and queue the notice to the `analysts`
    route; returns the outbox rows queued."""
    ts = now()
    if not wh.changed(con, wh.sql("alerts_approval_url"), {"approval_url": approval_url, "fingerprint": fp}):
        return 0
    _topic, _region, title, payload = _alert_text(con, fp)
    record_history(con, fp, event="approval_requested", state="awaiting_approval", at=ts, detail=approval_url)
    payload["approval_url"] = approval_url
    return queue_notifications(con, fp, topic="analysts", event="approval_requested", group_key=fp, created_at=ts,
                               title=title, payload=json.dumps(payload, ensure_ascii=False, default=str),
                               routes=routes if routes is not None else load_routes().routes)


def _alert_text(con: duckdb.DuckDBPyConnection, fp: str) -> tuple[str, str | None, str | None, dict[str, Any]]:
    """An alert's topic, region, title and payload (decoded), to build a notice about it."""
    topic, region, title, body = con.execute("SELECT topic, region, title, payload FROM alerts WHERE fingerprint = ?",
                                             [fp]).fetchone() or ("", None, None, None)
    return topic, region, title, json.loads(body) if isinstance(body, str) else dict(body or {})


def reopen_request(con: duckdb.DuckDBPyConnection, fp: str, reason: str) -> bool:
    """An approval request that got no answer at all (its task failed or was cleared): ask again next time."""
    done = wh.changed(con, wh.sql("alerts_approval_url"), {"approval_url": None, "fingerprint": fp})
    if done:
        record_history(con, fp, event="approval_reopened", state="awaiting_approval", at=now(), detail=reason)
    return bool(done)


def decide(con: duckdb.DuckDBPyConnection, fp: str, *, approved: bool, by: str | None, at: datetime,
           routes: list[Route] | None = None) -> bool:
    """An analyst's answer (or the timeout's default, `by` None): approved → firing and staff are told, the
    e-mail saying who approved and when; rejected → rejected, nobody is told. False when the alert was not
    waiting (already decided)."""
    state = "firing" if approved else "rejected"
    actor = by or "timeout"
    if not wh.changed(con, wh.sql("alerts_decide"), {"fingerprint": fp, "state": state, "decided_by": actor,
                                                     "decided_at": at}):
        return False
    record_history(con, fp, event="approved" if approved else "rejected", state=state, at=at, actor=actor)
    if approved:
        topic, region, title, payload = _alert_text(con, fp)
        payload["approval"] = {"by": actor, "at": at.isoformat()}
        queue_notifications(con, fp, topic=topic, event="firing", group_key=fp, created_at=now(), title=title,
                            payload=json.dumps(payload, ensure_ascii=False, default=str),
                            routes=routes if routes is not None else load_routes().routes, region=region)
    return True


def firing_alert(con: duckdb.DuckDBPyConnection, fp: str) -> bool:
    """Whether the alert with this fingerprint is firing now."""
    return bool(con.execute("SELECT 1 FROM alerts WHERE fingerprint = ? AND state = 'firing'", [fp]).fetchall())


def recipients_for(routes: list[Route], topic: str, region: str | None) -> dict[str, Route]:
    """Each recipient of the routes that take an alert of this topic and region, with the first such route of
    routes.yaml (its mode): a recipient on several of them (the district office and a unit's contacts) is told once."""
    out: dict[str, Route] = {}
    for route in routes:
        if route.takes(topic, region):
            for rcpt in route.recipients:
                out.setdefault(rcpt, route)
    return out


def queue_notifications(con: duckdb.DuckDBPyConnection, fp: str, *, topic: str, event: str, group_key: str,
                        created_at: datetime, title: str | None, payload: str | None, routes: list[Route],
                        snapshot_id: int | None = None, region: str | None = None) -> int:
    """One outbox row per (alert event, recipient, channel) of the routes that take the topic (and the alert's
    region), with the event's title and evidence."""
    recipients = recipients_for(routes, topic, region)
    if not recipients:
        log.warning("no route for topic %r (region %r): alert %s is recorded but nobody is told", topic, region, fp)
    n = 0
    for rcpt, route in recipients.items():
        # The n-th notice of this alert to this recipient: a target that falls behind again is told again.
        seq = con.execute("SELECT count(*) FROM notifications WHERE fingerprint = ? AND recipient = ?",
                          [fp, rcpt]).fetchall()[0][0]
        nid = "n" + short_hash(fp, event, rcpt, "email", seq)
        gk = group_key if route.mode == "digest" else nid
        n += wh.changed(con, wh.sql("notifications_queue"), {
            "notification_id": nid, "fingerprint": fp, "event": event, "recipient": rcpt, "group_key": gk,
            "created_at": created_at, "title": title, "payload": payload, "snapshot_id": snapshot_id})
    return n


def add_silence(con: duckdb.DuckDBPyConnection, *, reason: str, expires_at: datetime, topic: str | None = None,
                indicator: str | None = None, region: str | None = None, by: str | None = None) -> str:
    """Create a silence; matching alerts are recorded as suppressed until it expires."""
    if not reason.strip():
        raise ValueError("a silence needs a reason")
    if not (topic or indicator or region):
        raise ValueError("a silence needs at least one matcher (topic, indicator or region)")
    ts = now()
    if expires_at <= ts:
        raise ValueError("expiry must be in the future")
    sid = "s" + short_hash(topic, indicator, region, reason, ts.isoformat(), n=10)
    con.execute(wh.sql("silence_insert"), [sid, topic, indicator, region, reason, by, ts, expires_at])
    return sid


def expire_silence(con: duckdb.DuckDBPyConnection, silence_id: str) -> bool:
    """End a silence now; False when it does not exist or already ended."""
    ts = now()
    return bool(wh.changed(con, wh.sql("silence_expire"), [ts, silence_id, ts]))
