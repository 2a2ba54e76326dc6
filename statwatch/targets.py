"""Annual targets (config/targets.yaml and extracted target facts) and their pace against 序时进度."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Literal

import duckdb
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from statwatch import settings
from statwatch import warehouse as wh
from statwatch.sources import config_error, read_yaml


class Target(BaseModel):
    """One annual target."""

    model_config = ConfigDict(extra="forbid")
    indicator: str
    measure: Literal["level", "yoy_pct"]
    region: str
    year: int = Field(ge=2000, le=2100)
    comparison: Literal[">=", ">"]
    value: float
    unit: str
    quote: str | None = None


class TargetsFile(BaseModel):
    """The whole targets.yaml."""

    model_config = ConfigDict(extra="forbid")
    tolerance: float = Field(default=0.0, ge=0.0, lt=1.0)
    targets: list[Target]


def load_targets(path: Path | None = None) -> TargetsFile:
    """Load and validate targets.yaml."""
    path = path or settings.config_dir() / "targets.yaml"
    raw = read_yaml(path)
    try:
        return TargetsFile.model_validate(raw)
    except ValidationError as e:
        raise config_error(path, raw, e) from None


def sync_targets(con: duckdb.DuckDBPyConnection, path: Path | None = None) -> int:
    """Write configured targets, then extracted target facts not covered by config, into `targets`."""
    cfg = load_targets(path)
    ts = wh.now()
    n = 0
    for t in cfg.targets:
        tid = "t" + wh.short_hash(t.indicator, t.measure, t.region, t.year)
        con.execute(
            "INSERT OR REPLACE INTO targets VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'config', ?, NULL, ?)",
            [tid, t.indicator, t.measure, t.region, str(t.year), t.comparison, t.value, t.unit, t.quote, ts])
        n += 1
    rows = con.execute(
        """SELECT indicator, CASE measure WHEN 'target_level' THEN 'level' ELSE 'yoy_pct' END, region, period,
                  CASE qualifier WHEN 'over' THEN '>' ELSE '>=' END, value, unit, quote, doc_id
           FROM facts_current WHERE measure IN ('target_level', 'target_yoy_pct') AND granularity = 'year'""").fetchall()
    for ind, measure, region, period, cmp, value, unit, quote, doc_id in rows:
        tid = "t" + wh.short_hash(ind, measure, region, period)
        con.execute(
            "INSERT INTO targets VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'extracted', ?, ?, ?) ON CONFLICT DO NOTHING",
            [tid, ind, measure, region, period, cmp, value, unit, quote, doc_id, ts])
    return n


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
        return (f"全年目标{_n(self.target)}{unit} × {self.months}/12 = 序时进度{_n(self.expected)}{unit}；"
                f"实际{_n(self.actual)}{unit}，{word}{_n(abs(gap))}{unit}（为序时进度的{self.progress:.1%}，"
                f"完成全年目标的{self.actual / self.target:.1%}）")


def ytd_months(start: date, end: date) -> int | None:
    """Months covered by a year-to-date period (Jan 1 … end of a month), else None."""
    if start.month != 1 or start.day != 1 or start.year != end.year:
        return None
    return end.month


def _n(v: float) -> str:
    return str(int(v)) if float(v) == int(v) else f"{v:.2f}".rstrip("0").rstrip(".")
