"""What an alert stands on, for the evidence pages: the alert list with filters, and for one alert the archived
document with the quoted span, the facts and their vintages, the series and the arithmetic, its state history
and the e-mails sent. Reads only (pages open the warehouse with `warehouse.connect(reader=True)`)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

import duckdb

from statwatch import warehouse as wh
from statwatch.alerts import alert_id
from statwatch.catalogue import indicator_name
from statwatch.notify import TAGS
from statwatch.wording import CST, num

STATES = ("firing", "awaiting_approval", "suppressed", "resolved", "withdrawn", "rejected")


@dataclass(frozen=True)
class AlertFilter:
    """Which alerts a list shows: every given field must match; dates are Beijing days of first_seen."""

    rule: str | None = None
    state: str | None = None
    source: str | None = None
    since: date | None = None
    until: date | None = None
    limit: int = 500


def _day_start(d: date) -> datetime:
    return datetime.combine(d, time(), tzinfo=CST)


def list_alerts(con: duckdb.DuckDBPyConnection, flt: AlertFilter | None = None) -> list[dict[str, Any]]:
    """Alerts newest first, filtered; each with its id, tag and the values the filters offer."""
    f = flt or AlertFilter()
    rows = wh.fetch_dicts(con, wh.sql("evidence_alerts"), {
        "rule": f.rule or None, "state": f.state or None, "source": f.source or None,
        "since": _day_start(f.since) if f.since else None,
        "until": _day_start(f.until + timedelta(days=1)) if f.until else None, "limit": f.limit})
    for r in rows:
        r["alert_id"] = alert_id(r["fingerprint"])
        r["tag"] = TAGS.get((r["rule"], "firing"), "【提醒】")
    return rows


def filter_choices(con: duckdb.DuckDBPyConnection) -> dict[str, list[str]]:
    """The rules, states and sources present, for the list's filter menus."""
    def distinct(col: str) -> list[str]:
        return [r[0] for r in con.execute(f"SELECT DISTINCT {col} FROM alerts WHERE {col} IS NOT NULL ORDER BY 1"
                                          ).fetchall()]

    return {"rule": distinct("rule"), "state": distinct("state"), "source": distinct("source_id")}


def find_alert(con: duckdb.DuckDBPyConnection, aid: str) -> str | None:
    """The fingerprint of the alert with this id (see alerts.alert_id), or None."""
    if not (len(aid) == 16 and all(c in "0123456789abcdef" for c in aid)):
        return None
    row = con.execute("SELECT fingerprint FROM alerts WHERE sha256(fingerprint)[1:16] = ?", [aid]).fetchone()
    return row[0] if row else None


def segments(text: str, spans: list[tuple[int, int]]) -> list[dict[str, Any]]:
    """The text cut into pieces, each marked or not: spans (start, end) merged where they overlap; the piece
    holding the first span is `primary` (the one a page scrolls to). Pieces stay plain text (pages escape them)."""
    spans = [(max(0, s), min(len(text), e)) for s, e in spans if e > s and s < len(text)]
    first = spans[0] if spans else None
    cut = sorted(spans)
    merged: list[list[int]] = []
    for s, e in cut:
        if merged and s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    out, pos = [], 0
    for s, e in merged:
        if s > pos:
            out.append({"text": text[pos:s], "mark": False, "primary": False})
        out.append({"text": text[s:e], "mark": True, "primary": first is not None and s <= first[0] < e})
        pos = e
    if pos < len(text):
        out.append({"text": text[pos:], "mark": False, "primary": False})
    return out


def _quote_spans(text: str, facts: list[dict[str, Any]], quotes: list[str]) -> list[tuple[int, int]]:
    """Where the alert's own quote is (first: the span a page scrolls to), then the facts' quotes (their offsets
    into documents.text when they still match, else where the quote is found in the text). A quote found more than
    once (a 创新高 claim in the headline and in the sentence) is taken where it is nearest the facts."""
    facts_at = []
    for f in facts:
        s, e = f.get("quote_start"), f.get("quote_end")
        if s is not None and e is not None and text[s:e] == f["quote"]:
            facts_at.append((s, e))
        elif f.get("quote") and (i := text.find(f["quote"])) >= 0:
            facts_at.append((i, i + len(f["quote"])))
    spans = []
    for q in quotes:
        found = [m for m in range(len(text)) if q and text.startswith(q, m)]
        if found:
            at = min(found, key=lambda i: min((abs(i - s) for s, _ in facts_at), default=0))
            spans.append((at, at + len(q)))
    return spans + facts_at


def alert_evidence(con: duckdb.DuckDBPyConnection, aid: str, *, doc_id: str | None = None) -> dict[str, Any] | None:
    """Everything the evidence page of one alert shows, or None for an unknown id. `doc_id` shows another
    document of the alert's vintages instead of the one that raised it."""
    fp = find_alert(con, aid)
    if fp is None:
        return None
    [alert] = wh.fetch_dicts(con, "SELECT * FROM alerts WHERE fingerprint = ?", [fp])
    alert["payload"] = _json(alert["payload"])
    alert["alert_id"] = aid
    alert["tag"] = TAGS.get((alert["rule"], "firing"), "【提醒】")
    p = alert["payload"]
    vintages = wh.fetch_dicts(con, wh.sql("evidence_vintages"), [alert["indicator"], alert["region"],
                                                                  alert["period"]]) if alert["indicator"] else []
    for v in vintages:
        v["indicator_name"] = indicator_name(v["indicator"])
    shown = doc_id if doc_id and any(v["doc_id"] == doc_id for v in vintages) else alert["doc_id"]
    document = None
    if shown:
        docs = wh.fetch_dicts(con, wh.sql("evidence_document"), [shown])
        if docs:
            document = docs[0]
            text = document.pop("text") or ""
            facts = [v for v in vintages if v["doc_id"] == shown]
            quotes = [p.get("quote") or ""] if shown == alert["doc_id"] else []
            document["segments"] = segments(text, _quote_spans(text, facts, quotes))
    history = wh.fetch_dicts(con, "SELECT event, state, happened_at, actor, detail FROM alert_history WHERE fingerprint = ? "
                                  "ORDER BY seq", [fp])
    emails = wh.fetch_dicts(con, wh.sql("evidence_emails"), [fp])
    return {"alert": alert, "document": document, "facts": [v for v in vintages if v["doc_id"] == alert["doc_id"]],
            "vintages": vintages, "history": history, "emails": emails, "series": p.get("series") or [],
            "arithmetic": arithmetic(alert["rule"], p)}


def arithmetic(rule: str, p: dict[str, Any]) -> list[tuple[str, str]]:
    """(label, text) lines of the comparison behind an alert, as the e-mail states it."""
    unit = p.get("unit") or ""
    out: list[tuple[str, str]] = []
    prev = p.get("previous") or {}
    if rule in ("record", "claim_unconfirmed") and prev:
        out.append(("本期数值", f"{num(p.get('value'))}{unit}（{p.get('period')}）"))
        out.append(("此前纪录" if rule == "record" else "历史最高", f"{num(prev.get('value'))}{unit}（{prev.get('period')}）"))
        if rule == "record" and p.get("margin") is not None:
            out.append(("超出", f"{num(p['margin'])}{unit}"))
        if rule == "claim_unconfirmed":
            out.append(("核对结果", f"未超过历史最高，差{num(p.get('shortfall'))}{unit}"))
    elif rule == "milestone":
        out.append(("累计数值", f"{num(p.get('value'))}{unit}（截至{p.get('period')}）"))
        out.append(("越过", f"{num(p.get('threshold'))}{unit}"))
    elif rule == "revision" and p.get("old"):
        out.append(("修订前", f"{num(p['old'].get('value'))}{unit}"))
        out.append(("修订后", f"{num(p.get('value'))}{unit}"))
        out.append(("变化", f"{num(p.get('difference'))}{unit}"))
    if p.get("expected") is not None:
        out.append(("实际", f"{num(p.get('actual'))}{unit}"))
        out.append(("全年目标" if rule == "growth_target" else "序时进度应达", f"{num(p['expected'])}{unit}"))
    if p.get("arithmetic"):
        out.append(("计算", str(p["arithmetic"])))
    return out


def _json(v: Any) -> dict[str, Any]:
    return json.loads(v) if isinstance(v, str) else dict(v or {})
