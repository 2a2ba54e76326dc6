"""Annual targets (config/targets.yaml and extracted target facts) and their pace against 序时进度."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb

from statwatch import warehouse as wh
from statwatch.config import load_targets
from statwatch.ids import now, short_hash
from statwatch.wording import num


def sync_targets(con: duckdb.DuckDBPyConnection, path: Path | None = None) -> int:
    """Write configured targets, then extracted target facts not covered by config, into `targets`."""
    cfg = load_targets(path)
    ts = now()
    for t in cfg.targets:
        con.execute(wh.sql("targets_upsert"), {
            "target_id": "t" + short_hash(t.indicator, t.measure, t.region, t.year), "indicator": t.indicator,
            "measure": t.measure, "region": t.region, "period": str(t.year), "comparison": t.comparison,
            "value": t.value, "unit": t.unit, "origin": "config", "quote": t.quote, "doc_id": None, "updated_at": ts})
    for row in wh.fetch_dicts(con, wh.sql("targets_extracted")):
        con.execute(wh.sql("targets_insert_new"), {
            "target_id": "t" + short_hash(row["indicator"], row["measure"], row["region"], row["period"]),
            **row, "origin": "extracted", "updated_at": ts})
    return len(cfg.targets)


@dataclass(frozen=True)
class Pace:
    """A cumulative target against 序时进度 at the end of a year-to-date period."""

    target: float
    months: int
    actual: float
    tolerance: float

    @property
    def share(self) -> float:
        return self.months / 12

    @property
    def expected(self) -> float:
        return self.target * self.share

    @property
    def behind(self) -> bool:
        return self.actual < self.expected * (1 - self.tolerance)

    @property
    def progress(self) -> float:
        """Actual as a share of what the pace asks for (1.0 = exactly on pace)."""
        return self.actual / self.expected if self.expected else float("inf")

    def arithmetic(self, unit: str) -> str:
        """The comparison spelled out, in Chinese, for the e-mail."""
        gap = self.expected - self.actual
        word = "落后" if gap > 0 else "超出"
        return (f"全年目标{num(self.target, 2)}{unit} × {self.months}/12 = 序时进度{num(self.expected, 2)}{unit}；"
                f"实际{num(self.actual, 2)}{unit}，{word}{num(abs(gap), 2)}{unit}（为序时进度的{self.progress:.1%}，"
                f"完成全年目标的{self.actual / self.target:.1%}）")


def ytd_months(start: date, end: date) -> int | None:
    """Months covered by a year-to-date period (Jan 1 … end of a month), else None."""
    if start.month != 1 or start.day != 1 or start.year != end.year:
        return None
    return end.month
