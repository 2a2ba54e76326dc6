"""Plans and their pace against 序时进度: annual targets (config/targets.yaml and extracted target facts) and
operations campaigns (config/campaigns.yaml)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb

from statwatch import warehouse as wh
from statwatch.config import Campaign, load_campaigns, load_targets
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
    """A cumulative goal against 序时进度 part-way through its window: expected = target × elapsed / window.

    Annual targets count months of a year (the default window, 12); campaigns count days from their start to their
    deadline (`window` days, `goal` 计划, `per` 天)."""

    target: float
    elapsed: float
    actual: float
    tolerance: float
    window: float = 12
    goal: str = "全年目标"  # how the e-mail names the goal
    per: str = ""  # the unit elapsed and window are counted in, as the arithmetic says it

    def __post_init__(self) -> None:
        if self.window <= 0 or not 0 <= self.elapsed <= self.window:
            raise ValueError(f"elapsed {self.elapsed} must lie within a positive window of {self.window}")

    @property
    def share(self) -> float:
        return self.elapsed / self.window

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

    @property
    def done(self) -> float:
        """Actual as a share of the whole goal."""
        return self.actual / self.target

    def arithmetic(self, unit: str) -> str:
        """The comparison spelled out, in Chinese, for the e-mail."""
        gap = self.expected - self.actual
        word = "落后" if gap > 0 else "超出"
        return (f"{self.goal}{num(self.target, 2)}{unit} × {num(self.elapsed)}/{num(self.window)}{self.per} = "
                f"序时进度{num(self.expected, 2)}{unit}；实际{num(self.actual, 2)}{unit}，{word}{num(abs(gap), 2)}{unit}"
                f"（为序时进度的{self.progress:.1%}，完成{self.goal}的{self.done:.1%}）")


def campaign_pace(c: Campaign, actual: float, as_of: date) -> Pace:
    """A campaign's cumulative count on `as_of` against the days of its window (the as-of day and the start both
    count: on the start day one day of the window has passed; after the deadline, all of it)."""
    window = (c.deadline - c.start).days + 1
    elapsed = min(max((as_of - c.start).days + 1, 0), window)
    return Pace(c.plan, elapsed, actual, c.tolerance, window=window, goal="计划", per="天")


def sync_campaigns(con: duckdb.DuckDBPyConnection, path: Path | None = None) -> list[Campaign]:
    """Write the configured campaigns into `campaigns` (SQL sees them: the campaign_progress view); returns them."""
    campaigns = load_campaigns(path).campaigns
    ts = now()
    for c in campaigns:
        con.execute(wh.sql("campaigns_upsert"), {**c.model_dump(), "updated_at": ts})
    return campaigns


def ytd_months(start: date, end: date) -> int | None:
    """Months covered by a year-to-date period (Jan 1 … end of a month), else None."""
    if start.month != 1 or start.day != 1 or start.year != end.year:
        return None
    return end.month
