"""Plain data types passed between stages."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
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
