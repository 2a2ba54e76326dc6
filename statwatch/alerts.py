"""The alert model: fingerprints, states, silences, routing into the notifications outbox."""

from __future__ import annotations

import json
import logging
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any, Literal

import duckdb
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from statwatch import settings
from statwatch import warehouse as wh
from statwatch.sources import config_error, read_yaml

log = logging.getLogger(__name__)


class Route(BaseModel):
    """Where alerts of one topic go."""

    model_config = ConfigDict(extra="forbid")
    topic: str
    recipients: list[str] = Field(min_length=1)
    mode: Literal["digest", "single"] = "digest"


class RoutesFile(BaseModel):
    """The whole routes.yaml."""

    model_config = ConfigDict(extra="forbid")
    sender: str
    routes: list[Route]


@cache
def _load_routes(path: Path) -> RoutesFile:
    raw = read_yaml(path)
    try:
        return RoutesFile.model_validate(raw)
    except ValidationError as e:
        raise config_error(path, raw, e) from None


def load_routes(path: Path | None = None) -> RoutesFile:
    """Load and validate routes.yaml."""
    return _load_routes((path or settings.config_dir() / "routes.yaml").resolve())


def fingerprint(rule: str, indicator: str | None, region: str | None, period: str | None, key: str | None = None) -> str:
    """rule|indicator|region|period[|key]: the identity of an alert."""
    parts = [rule, indicator or "", region or "", period or ""]
    if key:
        parts.append(key)
    return "|".join(parts)


def active_silence(con: duckdb.DuckDBPyConnection, topic: str, indicator: str | None, region: str | None) -> str | None:
    """The id of a silence that matches, if any."""
    row = con.execute(
        """SELECT silence_id FROM silences
           WHERE expires_at > ? AND (matcher_topic IS NULL OR matcher_topic = ?)
             AND (matcher_indicator IS NULL OR matcher_indicator = ?)
             AND (matcher_region IS NULL OR matcher_region = ?)
           ORDER BY created_at LIMIT 1""",
        [wh.now(), topic, indicator, region],
    ).fetchone()
    return row[0] if row else None


EVENT_STATE = {"firing": "firing", "resolved": "resolved", "withdrawn": "withdrawn"}


def upsert_alert(
    con: duckdb.DuckDBPyConnection,
    *,
    rule: str,
    topic: str,
    indicator: str | None,
    region: str | None,
    period: str | None,
    title: str,
    payload: dict[str, Any],
    doc_id: str | None,
    source_id: str | None,
    suppressed_reason: str | None,
    key: str | None = None,
    event: str = "firing",
) -> bool:
    """Record an alert edge; queue notifications unless suppressed. Returns True when something new happened.

    Edge-triggered: an alert whose fingerprint already exists in the same state does nothing. `resolved`,
    `withdrawn` and `updated` change an existing alert and are told only to those who were told it fired.
    """
    if event not in (*EVENT_STATE, "updated"):
        raise ValueError(f"unknown alert event {event!r}")
    fp = fingerprint(rule, indicator, region, period, key)
    ts = wh.now()
    row = con.execute("SELECT state FROM alerts WHERE fingerprint = ?", [fp]).fetchone()
    old_state = row[0] if row else None
    if event != "firing" and old_state is None:
        return False  # nothing to resolve, withdraw or update
    new_state = old_state if event == "updated" else EVENT_STATE[event]
    if suppressed_reason is None and event == "firing":
        silence = active_silence(con, topic, indicator, region)
        if silence:
            suppressed_reason = f"silence {silence}"
    if suppressed_reason and event == "firing":
        new_state = "suppressed"
    if old_state == new_state and event != "updated":
        con.execute("UPDATE alerts SET last_seen = ? WHERE fingerprint = ?", [ts, fp])
        return False
    body = json.dumps(payload, ensure_ascii=False, default=str)
    if row is None:
        con.execute(
            "INSERT INTO alerts VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?)",
            [fp, rule, topic, indicator, region, period, new_state, title, body, doc_id, source_id, ts, ts,
             suppressed_reason],
        )
    else:
        con.execute(
            "UPDATE alerts SET state = ?, title = ?, payload = ?, doc_id = ?, last_seen = ?, "
            "resolved_at = CASE WHEN ? IN ('resolved', 'withdrawn') THEN ? ELSE NULL END, suppressed_reason = ? "
            "WHERE fingerprint = ?",
            [new_state, title, body, doc_id, ts, new_state, ts, suppressed_reason, fp],
        )
    # Staff hear of a change only to what they were told: a suppressed alert resolves or is withdrawn quietly.
    told = new_state == "firing" if event in ("firing", "updated") else old_state == "firing"
    if told and not (suppressed_reason and event != "firing"):
        queue_notifications(con, fp, topic=topic, event=event, group_key=doc_id or fp, created_at=ts, title=title,
                            payload=body)
    return True


def firing_alert(con: duckdb.DuckDBPyConnection, fp: str) -> bool:
    """Whether the alert with this fingerprint is firing now."""
    return bool(con.execute("SELECT 1 FROM alerts WHERE fingerprint = ? AND state = 'firing'", [fp]).fetchall())


def queue_notifications(con: duckdb.DuckDBPyConnection, fp: str, *, topic: str, event: str, group_key: str,
                        created_at: datetime, title: str | None = None, payload: str | None = None) -> int:
    """One outbox row per (alert event, recipient, channel) of the topic's route, with the event's title and evidence."""
    routes = [r for r in load_routes().routes if r.topic == topic]
    if not routes:
        log.warning("no route for topic %r: alert %s is recorded but nobody is told", topic, fp)
    n = 0
    for route in routes:
        for rcpt in route.recipients:
            # The n-th notice of this alert to this recipient: a target that falls behind again is told again.
            seq = con.execute("SELECT count(*) FROM notifications WHERE fingerprint = ? AND recipient = ?",
                              [fp, rcpt]).fetchall()[0][0]
            nid = "n" + wh.short_hash(fp, event, rcpt, "email", seq)
            gk = group_key if route.mode == "digest" else nid
            n += len(con.execute(
                "INSERT INTO notifications (notification_id, fingerprint, event, recipient, channel, group_key, "
                "status, attempts, created_at, next_attempt_at, title, payload) "
                "VALUES (?, ?, ?, ?, 'email', ?, 'pending', 0, ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING notification_id",
                [nid, fp, event, rcpt, gk, created_at, created_at, title, payload]).fetchall())
    return n


def add_silence(con: duckdb.DuckDBPyConnection, *, reason: str, expires_at: datetime, topic: str | None = None,
                indicator: str | None = None, region: str | None = None, by: str | None = None) -> str:
    """Create a silence; matching alerts are recorded as suppressed until it expires."""
    if not reason.strip():
        raise ValueError("a silence needs a reason")
    if not (topic or indicator or region):
        raise ValueError("a silence needs at least one matcher (topic, indicator or region)")
    ts = wh.now()
    if expires_at <= ts:
        raise ValueError("expiry must be in the future")
    sid = "s" + wh.short_hash(topic, indicator, region, reason, ts.isoformat(), n=10)
    con.execute("INSERT INTO silences VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [sid, topic, indicator, region, reason, by, ts, expires_at])
    return sid


def expire_silence(con: duckdb.DuckDBPyConnection, silence_id: str) -> bool:
    """End a silence now; False when it does not exist or already ended."""
    ts = wh.now()
    return bool(con.execute("UPDATE silences SET expires_at = ? WHERE silence_id = ? AND expires_at > ? "
                            "RETURNING silence_id", [ts, silence_id, ts]).fetchall())
