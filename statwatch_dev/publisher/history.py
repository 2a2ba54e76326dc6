"""Long-history mode: seeded rail days and quarterly releases before the story, for benchmarks and backfills.

The story (2022-03-01 … 2022-04-30, five releases) is left as it is; history is generated *backwards* from the
day before its first bulletin, so the running total stays monotone and ends where the story begins, and one year
of history is the last year of ten (same seed, same numbers).
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from functools import lru_cache

from statwatch_dev.publisher import story
from statwatch_dev.publisher.story import RailDay, Release

MAX_YEARS = 10
_LAST_DAY = date(2022, 4, 30)
# (label, months, publication month and day offset into the next quarter); annual releases appear next January.
_QUARTERS = (("一季度", 3, 4), ("上半年", 6, 7), ("前三季度", 9, 10), ("全年", 12, 1))
_SHARE = {3: 0.235, 6: 0.48, 9: 0.728, 12: 1.0}  # share of the year's level reached by each quarter
_INCOME_SHARE = {3: 0.283, 6: 0.514, 9: 0.765, 12: 1.0}  # per-capita income accrues more evenly
_NAME = {3: "q1", 6: "h1", 9: "q3"}
_KEY = {3: "Q1", 6: "H1", 9: "Q3"}


def first_day(years: int) -> date:
    """The first day of a site with `years` years of history, ending 2022-04-30."""
    if not 0 <= years <= MAX_YEARS:
        raise ValueError(f"history_years must be between 0 and {MAX_YEARS}, got {years!r}")
    return _LAST_DAY.replace(year=_LAST_DAY.year - years) + timedelta(days=1) if years else story.RAIL_FIRST


def _trains_on(day: date, rng: random.Random) -> int:
    """Fewer trains in earlier years: 1 a day to 2015, 1–2 to 2019, 1–3 after."""
    if day.year <= 2015:
        return 1
    return rng.randint(1, 2) if day.year <= 2019 else rng.randint(1, 3)


@lru_cache(maxsize=4)
def rail_history(years: int) -> tuple[RailDay, ...]:
    """Generated bulletins from first_day(years) to 2022-02-28, oldest first (empty for 0 years)."""
    first = first_day(years)
    rng = random.Random(20120501)  # noqa: S311 -- a fixed seed makes the history deterministic, not secret
    total = story.rail_days()[0].cumulative - story.rail_days()[0].trains  # the running total on 2022-02-28
    out: list[RailDay] = []
    day = story.RAIL_FIRST - timedelta(days=1)
    while day >= first:
        trains = _trains_on(day, rng)
        routes = story._split(trains, rng)
        wagons = sum(rng.randint(38, 43) for _ in range(trains))  # ≤ 3 × 43 < 215: the story's earlier high holds
        out.append(RailDay(day, trains, wagons, routes, total))
        total -= trains
        day -= timedelta(days=1)
    if total < 0:
        raise ValueError("history longer than the running total allows")
    return tuple(reversed(out))


def _release_dates(year: int, months: int, rng: random.Random) -> tuple[date, str]:
    pub_year = year + 1 if months == 12 else year
    pub_month = 1 if months == 12 else months + 1
    published = date(pub_year, pub_month, rng.randint(20, 27))
    name = f"y{year}" if months == 12 else _NAME[months]
    return published, f"/stats/{pub_year}/t{published:%Y%m%d}_{name}.html"


def _backwards(value: float, growth_pct: float) -> float:
    return value / (1 + growth_pct / 100)


@lru_cache(maxsize=4)
def stats_history(years: int) -> tuple[Release, ...]:
    """Generated 金水区 quarterly releases published from first_day(years) until before the story's first."""
    first = first_day(years)
    story_first = story.stats_releases()[0].published
    rng = random.Random(20120725)  # noqa: S311 -- deterministic history
    a2021 = story.stats_releases()[3].values  # the 2021 annual levels anchor the years before
    annual = {k: a2021[k] for k in ("gdp", "retail", "budget", "tax_wan", "income")}
    out: list[Release] = []
    for year in range(2020, story.RAIL_FIRST.year - MAX_YEARS - 1, -1):
        growth = {"gdp": rng.uniform(5.5, 9.5), "retail": rng.uniform(6.0, 12.0), "budget": rng.uniform(3.0, 10.0),
                  "tax_wan": rng.uniform(3.0, 10.0), "income": rng.uniform(6.0, 9.0)}
        # the level of `year` is the next year's level shrunk by that year's growth
        annual = {k: _backwards(v, growth[k]) for k, v in annual.items()}
        for label, months, _ in reversed(_QUARTERS):
            published, path = _release_dates(year, months, rng)
            if published < first or published >= story_first:
                continue
            share = _SHARE[months]
            v: dict[str, float] = {
                "gdp": round(annual["gdp"] * share, 1), "gdp_yoy": round(rng.uniform(5.0, 10.0), 1),
                "gdp_pp": round(rng.uniform(-0.5, 1.5), 1),
                "industrial_va_yoy": round(rng.uniform(4.0, 11.0), 1), "fai_yoy": round(rng.uniform(3.0, 15.0), 1),
                "retail": round(annual["retail"] * share, 1), "retail_yoy": round(rng.uniform(6.0, 13.0), 1),
                "budget": round(annual["budget"] * share, 1), "budget_yoy": round(rng.uniform(2.0, 12.0), 1),
                "tax_wan": int(annual["tax_wan"] * share), "tax_yoy": round(rng.uniform(2.0, 12.0), 1),
                "income": int(annual["income"] * _INCOME_SHARE[months]),
                "income_yoy": round(rng.uniform(6.0, 9.5), 1),
            }  # fmt: skip
            if v["gdp_pp"] == 0:
                v["gdp_pp"] = 0.1  # 高于全市0.0个百分点 reads oddly
            key = str(year) if months == 12 else f"{year}-{_KEY[months]}"
            period = str(year) if months == 12 else f"{year}-01/{year}-{months:02d}"
            title = f"{year}年金水区经济运行情况" if months == 12 else f"{year}年{label}金水区经济运行情况"
            out.append(Release(key, published, path, period, label, year, title, v))
    return tuple(sorted(out, key=lambda r: r.published))


# ---- the assessment rankings and the flood seasons before the story (issue 14's sites) ------------------------
_QUARTER_LABELS = ("一季度", "二季度", "三季度", "四季度")


def _assess_periods(year: int) -> list[tuple[str, str, str, date]]:
    """A year's four quarters and the year itself, as story.ASSESS_PERIODS writes them, oldest first."""
    out = [(f"{year}q{q}", f"{year}年{_QUARTER_LABELS[q - 1]}", f"{year}-{3 * q - 2:02d}/{year}-{3 * q:02d}",
            date(year + 1, 1, 27) if q == 4 else date(year, 3 * q + 1, 28)) for q in range(1, 5)]
    return out + [(str(year), f"{year}年度", str(year), date(year + 1, 2, 25))]


@lru_cache(maxsize=1)
def _all_assess() -> dict[str, dict[str, story.Ranking]]:
    """MAX_YEARS years of rankings before 2021, generated backwards from the story's 2021-Q1 orders: each quarter one
    or two places from the next, each year's ranking close to its fourth quarter's, first places kept."""
    rng = random.Random(20110428)  # noqa: S311 -- deterministic history
    first = story.rankings()["2021q1"]
    nxt = {pop: {code: r.order(code) for code in r.categories} for pop, r in first.items()}
    out: dict[str, dict[str, story.Ranking]] = {}
    first_year = story.ASSESS_PERIODS[0][3].year
    for year in range(first_year - 1, first_year - 1 - MAX_YEARS, -1):
        quarters = [p for p in _assess_periods(year) if "q" in p[0]]
        for key, _, period, _ in reversed(quarters):
            orders = {pop: {code: story._perturb(o, rng, len(o) // 2, keep_first=False) for code, o in codes.items()}
                      for pop, codes in nxt.items()}
            out[key] = {pop: story._ranking(pop, period, o, rng) for pop, o in orders.items()}
            nxt = orders
        q4 = out[f"{year}q4"]
        out[str(year)] = {
            pop: story._ranking(pop, str(year), {code: story._perturb(r.order(code), rng, 2, keep_first=True)
                                                 if pop != "市内六区" else r.order(code) for code in r.categories}, rng)
            for pop, r in q4.items()}
    return out


def assess_history(years: int) -> tuple[tuple[tuple[str, str, str, date], ...], dict[str, dict[str, story.Ranking]]]:
    """The rankings of the `years` years before the story's first (2021): periods oldest first and their rankings."""
    first_day(years)
    first_year = story.ASSESS_PERIODS[0][3].year
    periods = tuple(p for y in range(first_year - years, first_year) for p in _assess_periods(y))
    every = _all_assess() if years else {}
    return periods, {key: every[key] for key, *_ in periods}


@lru_cache(maxsize=1)
def _all_seasons() -> tuple[tuple[story.OpsSeason, tuple[story.OpsDay, ...]], ...]:
    """MAX_YEARS flood seasons before the story's, newest first: bulletins 1 April … 31 August, a campaign from 1 May
    with a plan that grew with the city (fewer wells each year back) and was done between 22 and 31 May."""
    rng = random.Random(20210501)  # noqa: S311 -- deterministic history
    out = []
    plan = story.CAMPAIGN_PLAN
    for year in range(story.OPS_FIRST.year - 1, story.OPS_FIRST.year - 1 - MAX_YEARS, -1):
        plan = int(plan / rng.uniform(1.02, 1.06))
        s = story.OpsSeason(story.OPS_FIRST.replace(year=year), story.OPS_LAST.replace(year=year),
                            story.CAMPAIGN_START.replace(year=year), story.CAMPAIGN_DEADLINE.replace(year=year),
                            date(year, 5, rng.randint(22, 31)), plan)
        out.append((s, story.season_days(s, rng)))
    return tuple(out)


def ops_history(years: int) -> tuple[tuple[story.OpsSeason, tuple[story.OpsDay, ...]], ...]:
    """The `years` flood seasons before the story's (2022), oldest first, each with its published bulletins."""
    first_day(years)
    return tuple(reversed(_all_seasons()[:years]))
