"""Plain data types passed between stages."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

MEASURES = ("level", "yoy_pct", "share_pct", "rank", "pp_diff", "target_level", "target_yoy_pct")
QUALIFIERS = ("exact", "over", "about", "under")


@dataclass(frozen=True)
class Fact:
    """One number a document states, normalised (the `statwatch extract` contract)."""

    indicator: str
    measure: str
    period: str
    value: float
    unit: str
    qualifier: str = "exact"
    region: str = ""
    comparator: str = ""
    quote: str = ""
    start: int = 0
    end: int = 0
    doc: str = ""
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def to_json_dict(self) -> dict[str, Any]:
        d = asdict(self)
        if not d["extra"]:
            d.pop("extra")
        return d


@dataclass(frozen=True)
class FeedItem:
    """One item a feed or listing page announces (or a URL a trigger announced)."""

    url: str
    title: str | None = None
    published: datetime | None = None
    guid: str = ""


def fingerprint(rule: str, indicator: str | None, region: str | None, period: str | None, key: str | None = None) -> str:
    """rule|indicator|region|period[|key]: the identity of an alert (detection asks which alerts
    stand, the alert store keys them)."""
    parts = [rule, indicator or "", region or "", period or ""]
    if key:
        parts.append(key)
    return "|".join(parts)


@dataclass
class Edge:
    """A change a detection rule saw: an alert firing, resolving, being updated or withdrawn.

    Rules produce edges; `statwatch.alerts` turns them into alert states and outbox rows (fingerprints, silences,
    inhibition, routing), the way a rule engine hands alerts to an alert manager.
    """

    rule: str
    topic: str
    title: str
    payload: dict[str, Any]
    indicator: str | None = None
    region: str | None = None
    period: str | None = None
    key: str | None = None
    event: str = "firing"  # firing / resolved / updated / withdrawn
    doc_id: str | None = None
    source_id: str | None = None
    suppressed_reason: str | None = None  # 'backfill' for history loaded without alerts
    inhibitable: bool = False  # a target alert that a broken source's staleness alert holds back
