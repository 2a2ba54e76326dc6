"""The sample site's story as data: rail days, statistics releases, 2022 targets and the expected facts."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

RAIL_FIRST = date(2022, 3, 1)
RAIL_LAST = date(2022, 4, 30)
RECORD_DAY = date(2022, 4, 22)
MILESTONE_DAY = date(2022, 4, 26)
# The bulletin of this day claims 创历史新高 for 5列, which the 6列 of RECORD_DAY contradicts: a 【待核实】 claim
# that waits for an analyst's approval.
CLAIM_DAY = date(2022, 4, 27)
MILESTONE = 6000
DEFAULT_START = date(2022, 4, 21)

RAIL_COMPANY = "中国铁路郑州局集团"
RAIL_BRAND = "中欧班列(中豫号)"
STATS_REGION = "金水区"

# (origin, border crossing, consignee phrase); the first three are the routes of the record day.
ROUTES: tuple[tuple[str, str, str], ...] = (
    ("郑州(圃田)", "霍尔果斯", "货物出境后运往哈萨克斯坦、乌兹别克斯坦"),
    ("郑州(圃田)", "阿拉山口", "货物出境后运往德国汉堡"),
    ("洛阳", "二连浩特", "货物出境后运往俄罗斯莫斯科"),
    ("郑州(圃田)", "二连浩特", "货物出境后运往白俄罗斯明斯克"),
    ("郑州(圃田)", "满洲里", "货物出境后运往俄罗斯叶卡捷琳堡"),
    ("新乡", "阿拉山口", "货物出境后运往波兰马拉舍维奇"),
)

# Which pages are served how. Everything not listed: rail/feed/root UTF-8, stats GBK with a correct header.
ENCODINGS: dict[str, str] = {
    "/rail/2022/04/23.html": "gbk-no-header-charset",  # header `text/html`, body GBK, <meta charset="gbk">
    "/stats/2021/t20211025_q3.html": "gbk-wrong-header",  # header says utf-8, body GBK, meta says gbk
}


@dataclass(frozen=True)
class RailDay:
    """One day of 郑州局集团 中欧班列: trains, wagons, trains per route and the running total."""

    day: date
    trains: int
    wagons: int
    routes: tuple[tuple[str, str, int], ...]  # (origin, destination, trains)
    cumulative: int

    @property
    def path(self) -> str:
        """The bulletin's URL path."""
        return f"/rail/{self.day:%Y/%m/%d}.html"


@dataclass(frozen=True)
class Release:
    """One 金水区统计局 quarterly release: cumulative levels, growth rates and comparisons."""

    key: str  # 2021-Q1, 2021-H1, 2021-Q3, 2021, 2022-Q1
    published: date
    path: str
    period: str  # ISO 8601 as in FACTS_SPEC.md
    label: str  # 一季度, 上半年, 前三季度, 全年
    year: int
    title: str
    values: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class Target:
    """One 2022 target of 金水区 as the plan states it."""

    indicator: str
    measure: str  # target_level / target_yoy_pct
    comparison: str  # >= or >
    value: float
    unit: str
    period: str = "2022"
    region: str = STATS_REGION


def _days(first: date, last: date) -> list[date]:
    return [first + timedelta(n) for n in range((last - first).days + 1)]


def _split(trains: int, rng: random.Random) -> tuple[tuple[str, str, int], ...]:
    """Deal a day's trains over one to three routes."""
    k = rng.randint(1, min(3, trains))
    picks = rng.sample(range(len(ROUTES)), k)
    counts = [1] * k
    for _ in range(trains - k):
        counts[rng.randrange(k)] += 1
    return tuple((ROUTES[i][0], ROUTES[i][1], c) for i, c in zip(sorted(picks), counts, strict=True))


# Fixed days of the story; the rest is dealt by a seeded generator.
_FIXED_TRAINS = {
    date(2022, 4, 8): 5,  # the earlier high: 5列215车
    date(2022, 4, 23): 3,
    date(2022, 4, 24): 2,
    date(2022, 4, 25): 3,
    date(2022, 4, 26): 4,
}
_FIXED_WAGONS = {date(2022, 4, 8): 215, RECORD_DAY: 252}
_RECORD_ROUTES = (("郑州(圃田)", "霍尔果斯", 3), ("郑州(圃田)", "阿拉山口", 2), ("洛阳", "二连浩特", 1))
_TOTAL_ON_0425 = 5998  # below 6000 through 04-25; 04-26 (4 trains) makes 6002


@lru_cache(maxsize=1)
def rail_days() -> tuple[RailDay, ...]:
    """Every daily bulletin of the story, 2022-03-01 … 2022-04-30, oldest first."""
    rng = random.Random(20220422)  # noqa: S311 -- a fixed seed makes the story deterministic, not secret
    rows: list[tuple[date, int, int, tuple[tuple[str, str, int], ...]]] = []
    routes: tuple[tuple[str, str, int], ...]
    for d in _days(RAIL_FIRST, RAIL_LAST):
        if d == RECORD_DAY:
            trains, routes = 6, _RECORD_ROUTES
        else:
            trains = _FIXED_TRAINS.get(d) or rng.choice((2, 3, 3, 4, 4, 5))
            if d < RECORD_DAY and trains == 5 and d != date(2022, 4, 8):
                trains = 4  # keep the earlier high a single, known day
            routes = _split(trains, rng)
        # 40–43 wagons a train before the record keeps every earlier day at or under 215车.
        top = 43 if d < RECORD_DAY else 44
        wagons = _FIXED_WAGONS.get(d) or sum(rng.randint(40, top) for _ in range(trains))
        rows.append((d, trains, wagons, routes))
    before = sum(t for d, t, _, _ in rows if d <= date(2022, 4, 25))
    total = _TOTAL_ON_0425 - before
    out = []
    for d, trains, wagons, routes in rows:
        total += trains
        out.append(RailDay(d, trains, wagons, routes, total))
    return tuple(out)


def rail_day(day: date) -> RailDay:
    """The bulletin data of one day."""
    for r in rail_days():
        if r.day == day:
            return r
    raise ValueError(f"no rail bulletin on {day}")


_RELEASE_VALUES: dict[str, dict[str, float]] = {
    # levels in 亿元 unless noted; tax in 万元 as printed; income in 元; growth in %; pp vs 全市.
    "2021-Q1": {
        "gdp": 437.0, "gdp_yoy": 16.8, "gdp_pp": 0.6, "industrial_va_yoy": 12.6, "fai_yoy": 20.3,
        "retail": 228.6, "retail_yoy": 32.4, "budget": 32.1, "budget_yoy": 18.5,
        "tax_wan": 263512, "tax_yoy": 19.2, "income": 14236, "income_yoy": 11.2,
    },
    "2021-H1": {
        "gdp": 921.6, "gdp_yoy": 12.1, "gdp_pp": 0.5, "industrial_va_yoy": 9.8, "fai_yoy": 13.5,
        "retail": 468.3, "retail_yoy": 21.6, "retail_pp": 1.1, "budget": 61.5, "budget_yoy": 14.2,
        "tax_wan": 508947, "tax_yoy": 13.1, "income": 25874, "income_yoy": 10.1,
    },
    "2021-Q3": {
        "gdp": 1388.4, "gdp_yoy": 9.0, "gdp_pp": 0.7, "industrial_va_yoy": 8.1, "industrial_va_pp": -1.2,
        "fai_yoy": 9.2, "retail": 712.5, "retail_yoy": 14.3, "budget": 88.7, "budget_yoy": 11.3,
        "tax_wan": 731206, "tax_yoy": 10.4, "income": 38512, "income_yoy": 9.3,
    },
    "2021": {
        "gdp": 1905.3, "gdp_yoy": 7.6, "gdp_pp": 0.9, "tertiary": 1702.6, "tertiary_yoy": 8.0,
        "industrial_va_yoy": 7.3, "fai_yoy": 7.8, "retail": 973.9, "retail_yoy": 11.2, "retail_pp": 1.5,
        "budget": 118.2, "budget_yoy": 9.6, "tax_wan": 962385, "tax_yoy": 8.9, "income": 50367,
        "income_yoy": 8.4, "modern": 1258.3, "modern_yoy": 9.1, "emerging_yoy": 13.8, "projects": 181,
        "signed": 452.6,
    },
    "2022-Q1": {
        "gdp": 489.5, "gdp_yoy": 10.3, "gdp_pp": 0.8, "industrial_va_yoy": 10.5, "fai_yoy": 15.6,
        "retail": 258.9, "retail_yoy": 13.3, "retail_pp": 2.1, "budget": 36.6, "budget_yoy": 14.0,
        "tax_wan": 298463, "tax_yoy": 13.3, "income": 15398, "income_yoy": 8.2, "projects": 56,
        "signed": 98.6, "modern": 372.4, "modern_yoy": 9.8, "emerging_yoy": 12.6,
    },
}  # fmt: skip

_RELEASES = (
    ("2021-Q1", date(2021, 4, 23), "/stats/2021/t20210423_q1.html", "2021-01/2021-03", "一季度", 2021),
    ("2021-H1", date(2021, 7, 26), "/stats/2021/t20210726_h1.html", "2021-01/2021-06", "上半年", 2021),
    ("2021-Q3", date(2021, 10, 25), "/stats/2021/t20211025_q3.html", "2021-01/2021-09", "前三季度", 2021),
    ("2021", date(2022, 1, 24), "/stats/2022/t20220124_y2021.html", "2021", "全年", 2021),
    ("2022-Q1", date(2022, 4, 25), "/stats/2022/t20220425_q1.html", "2022-01/2022-03", "一季度", 2022),
)

TARGETS_PATH = "/stats/2022/t20220126_targets.html"
TARGETS_PUBLISHED = date(2022, 1, 26)
TARGETS_TITLE = "2022年金水区经济社会发展主要目标"


@lru_cache(maxsize=1)
def stats_releases() -> tuple[Release, ...]:
    """The five quarterly releases, oldest first."""
    out = []
    for key, pub, path, period, label, year in _RELEASES:
        title = f"{year}年金水区经济运行情况" if label == "全年" else f"{year}年{label}金水区经济运行情况"
        out.append(Release(key, pub, path, period, label, year, title, dict(_RELEASE_VALUES[key])))
    return tuple(out)


def targets_2022() -> tuple[Target, ...]:
    """The four 2022 targets of 金水区 (published on the targets page, 2022-01-26)."""
    return (
        Target("investment_projects", "target_level", ">=", 200, "个"),
        Target("investment_signed", "target_level", ">", 500, "亿元"),
        Target("modern_services_va", "target_level", ">=", 1400, "亿元"),
        Target("emerging_industries_va", "target_yoy_pct", ">=", 15, "%"),
    )


def target_progress_2022q1() -> dict[str, dict[str, float]]:
    """Q1 2022 actual vs the 25 % pro-rata pace (序时进度) of each target; growth targets compare the rate."""
    v = _RELEASE_VALUES["2022-Q1"]
    actual = {"investment_projects": v["projects"], "investment_signed": v["signed"],
              "modern_services_va": v["modern"], "emerging_industries_va": v["emerging_yoy"]}  # fmt: skip
    out = {}
    for t in targets_2022():
        expected = t.value if t.measure == "target_yoy_pct" else t.value * 0.25
        out[t.indicator] = {
            "actual": actual[t.indicator],
            "expected": expected,
            "ahead": actual[t.indicator] >= expected,
        }
    return out


def encoding_of(path: str) -> str:
    """How a page is served: utf-8, gbk, gbk-no-header-charset or gbk-wrong-header."""
    if path in ENCODINGS:
        return ENCODINGS[path]
    return "gbk" if path.startswith("/stats/") else "utf-8"


def expected_facts(path: str) -> list[dict]:
    """The facts a perfect extractor produces from the page at `path` (FACTS_SPEC.md fields plus `quote`)."""
    from statwatch_dev.publisher.documents import document

    doc = document(path)
    if doc is None:
        raise ValueError(f"no article page at {path!r}")
    return [dict(f) for f in doc.facts]


# ---- 四挂钩 assessment (金水区 ranks its 17 街道 and 4 园区; the city ranks its districts) -------------------------
ASSESS_REGION = "金水区"
# The 2022-Q1 pages go live on this day: 金水区 first among 市内六区 (second in 2021-Q4), and one 街道 down three places.
RANKING_DAY = date(2022, 4, 28)
STREETS: tuple[str, ...] = (
    "经八路街道", "花园路街道", "人民路街道", "杜岭街道", "大石桥街道", "南阳路街道", "南阳新村街道", "文化路街道",
    "丰产路街道", "东风路街道", "北林路街道", "未来路街道", "凤凰台街道", "国基路街道", "丰庆路街道", "兴达路街道",
    "杨金路街道",
)  # fmt: skip
PARKS: tuple[str, ...] = ("金水科教园区", "金水数字经济园区", "杨金产业园区", "金水文化创意园区")
CITY_SIX: tuple[str, ...] = ("中原区", "二七区", "管城回族区", "金水区", "惠济区", "上街区")
CITY_ALL: tuple[str, ...] = CITY_SIX + (
    "巩义市", "荥阳市", "新密市", "新郑市", "登封市", "中牟县", "郑东新区", "高新区", "经开区", "航空港区",
)  # fmt: skip
# (code, heading, weight of the category's score in 分)
CATEGORIES: tuple[tuple[str, str, float], ...] = (
    ("assessment.development_quality", "发展质效", 30.0),
    ("assessment.projects", "项目建设", 25.0),
    ("assessment.market_vitality", "市场活力", 25.0),
    ("assessment.investment", "招商引资", 20.0),
)
STREET_DOWN = "文化路街道"  # 2022-Q1: 5th → 8th overall among the 17 街道 (the story's one big move)
# (key, label as a title writes it, ISO period, published, district page path, city page path)
ASSESS_PERIODS: tuple[tuple[str, str, str, date], ...] = (
    ("2021q1", "2021年一季度", "2021-01/2021-03", date(2021, 4, 28)),
    ("2021q2", "2021年二季度", "2021-04/2021-06", date(2021, 7, 28)),
    ("2021q3", "2021年三季度", "2021-07/2021-09", date(2021, 10, 28)),
    ("2021q4", "2021年四季度", "2021-10/2021-12", date(2022, 1, 27)),
    ("2021", "2021年度", "2021", date(2022, 2, 25)),
    ("2022q1", "2022年一季度", "2022-01/2022-03", RANKING_DAY),
)
# The 2021-Q3 district page is corrected after publication (a score typo); ranks do not change.
ASSESS_REVISED = ("2021q3", date(2021, 11, 5))


@dataclass(frozen=True)
class Ranking:
    """One population's ranking in one period: per category code, unit → (score, rank)."""

    population: str  # 17个街道, 4个园区, 市内六区, 全市
    period: str
    categories: dict[str, dict[str, tuple[float, int]]]

    def order(self, code: str) -> list[str]:
        """Units from first to last in a category."""
        cat = self.categories[code]
        return sorted(cat, key=lambda u: cat[u][1])


def _perturb(order: list[str], rng: random.Random, swaps: int, keep_first: bool) -> list[str]:
    """Adjacent swaps: units move one or two places from one period to the next."""
    out = list(order)
    lo = 1 if keep_first else 0
    for _ in range(swaps):
        i = rng.randrange(lo, len(out) - 1)
        out[i], out[i + 1] = out[i + 1], out[i]
    return out


def _scores(order: list[str], top: float, step: float, rng: random.Random) -> dict[str, tuple[float, int]]:
    """Scores strictly falling with the rank (step > the noise), rounded to 0.01."""
    return {u: (round(top - step * r - rng.uniform(0, step / 2), 2), r + 1) for r, u in enumerate(order)}


def _ranking(population: str, period: str, orders: dict[str, list[str]], rng: random.Random) -> Ranking:
    cats: dict[str, dict[str, tuple[float, int]]] = {}
    n = len(orders["assessment.overall"])
    for code, _, weight in CATEGORIES:
        if code in orders:
            cats[code] = _scores(orders[code], weight * 0.97, weight * 0.25 / n, rng)
    # the total includes bonus and penalty items (加减分项): not the sum of the categories
    cats["assessment.overall"] = _scores(orders["assessment.overall"], 96.5, 12.0 / n, rng)
    return Ranking(population, period, cats)


def _story_moves(prev: dict[str, list[str]], units: tuple[str, ...], rng: random.Random, key: str,
                 population: str) -> dict[str, list[str]]:
    """The next period's orders; 2022-Q1 follows the story exactly (see RANKING_DAY)."""
    out = {}
    for code, order in prev.items():
        if key != "2022q1":
            out[code] = _perturb(order, rng, len(units) // 2, keep_first=False)
            continue
        new = list(order)
        if population == "17个街道" and code == "assessment.overall":
            i = new.index(STREET_DOWN)
            new.insert(i + 3, new.pop(i))  # down three places; the three below move up one
        elif population == "市内六区" and code == "assessment.overall":
            new.remove(ASSESS_REGION)
            new.insert(0, ASSESS_REGION)  # first place reached (second in 2021-Q4)
        elif len(new) > 3:
            i = 2 + (len(new) - 4) // 2  # one adjacent swap below first place: moves of one place only
            new[i], new[i + 1] = new[i + 1], new[i]
        out[code] = new
    return out


@lru_cache(maxsize=1)
def rankings() -> dict[str, dict[str, Ranking]]:
    """period key → population → Ranking, for every period of ASSESS_PERIODS."""
    rng = random.Random(20220428)  # noqa: S311 -- deterministic story
    pops: dict[str, tuple[str, ...]] = {"17个街道": STREETS, "4个园区": PARKS, "市内六区": CITY_SIX}
    orders: dict[str, dict[str, list[str]]] = {}
    out: dict[str, dict[str, Ranking]] = {}
    for key, _, period, _ in ASSESS_PERIODS:
        out[key] = {}
        for population, units in pops.items():
            codes = ["assessment.overall"] + ([c for c, _, _ in CATEGORIES] if population != "市内六区" else [])
            if key == "2021":
                # the year's ranking: close to the fourth quarter's, first places kept; the quarters go on from Q4
                year = {c: _perturb(o, rng, 2, keep_first=True) if population != "市内六区" else list(o)
                        for c, o in orders[population].items()}
                out[key][population] = _ranking(population, period, year, rng)
                continue
            if population not in orders:
                base = list(units)
                orders[population] = {c: _perturb(base, rng, len(units), keep_first=False) for c in codes}
            else:
                orders[population] = _story_moves(orders[population], units, rng, key, population)
            if population == "市内六区" and key == "2021q4":
                o = orders[population]["assessment.overall"]
                o.remove(ASSESS_REGION)
                o.insert(1, ASSESS_REGION)  # second in 2021-Q4
            if population == "17个街道" and key == "2021q4":
                o = orders[population]["assessment.overall"]
                o.remove(STREET_DOWN)
                o.insert(4, STREET_DOWN)  # fifth in 2021-Q4
            out[key][population] = _ranking(population, period, orders[population], rng)
        if key == "2022q1":
            # the city ranks all its 县(市)区 and 开发区 from 2022 on: a new population (a baseline, no change)
            city = [ASSESS_REGION] + [u for u in CITY_ALL if u != ASSESS_REGION]
            out[key]["全市"] = _ranking("全市", period, {"assessment.overall": city}, rng)
    return out


# ---- 经开区 flood-season operations (综合行政执法局 雨污水井清掏专项行动) ------------------------------------------
OPS_REGION = "经开区"
OPS_FIRST = date(2022, 4, 1)
OPS_LAST = date(2022, 8, 31)
CAMPAIGN_START = date(2022, 5, 1)
CAMPAIGN_DEADLINE = date(2022, 5, 31)
CAMPAIGN_DONE_DAY = date(2022, 5, 25)
CAMPAIGN_PLAN = 18143
OPS_MISSING_DAY = date(2022, 5, 15)  # no bulletin that Sunday
OPS_CORRECTED_DAY = date(2022, 5, 10)  # its bulletin is corrected the next morning (a typo in the day's count)
OPS_CORRECTION_AT = date(2022, 5, 11)


@dataclass(frozen=True)
class OpsDay:
    """One day of the operations: the day's work and the running totals since the campaign began."""

    day: date
    staff: int  # 人次 that day
    vehicles: int  # 台次 that day
    roads: int  # 条 inspected that day
    wells: int  # 个 cleared that day (0 before the campaign and after it is done)
    sludge: float  # 吨 that day
    wells_total: int  # since CAMPAIGN_START
    staff_total: int  # since CAMPAIGN_START (April: since OPS_FIRST)
    vehicles_total: int
    sludge_total: float
    roads_total: int  # April: since OPS_FIRST

    @property
    def path(self) -> str:
        """The bulletin's URL path."""
        return f"/ops/{self.day:%Y/%m/%d}.html"


@dataclass(frozen=True)
class OpsSeason:
    """One flood season of bulletins and its 雨污水井清掏专项行动: first and last bulletin, the campaign's days, its plan."""

    first: date
    last: date
    start: date
    deadline: date
    done: date  # the day the running total reaches the plan
    plan: int
    missing: date | None = None  # a day without a bulletin


STORY_SEASON = OpsSeason(OPS_FIRST, OPS_LAST, CAMPAIGN_START, CAMPAIGN_DEADLINE, CAMPAIGN_DONE_DAY, CAMPAIGN_PLAN,
                         OPS_MISSING_DAY)


def season_days(season: OpsSeason, rng: random.Random, daily: list[int] | None = None) -> tuple[OpsDay, ...]:
    """A season's published bulletins, oldest first: `daily` wells a day of the campaign (else dealt by `rng`), the
    last day's making the plan exactly."""
    campaign = _days(season.start, season.done)
    if daily is None:
        weights = [rng.uniform(0.85, 1.15) for _ in campaign]
        daily = [int(season.plan * x / sum(weights)) for x in weights]
    daily[-1] += season.plan - sum(daily)  # exactly the plan on the day the campaign is done
    wells_on = dict(zip(campaign, daily, strict=True))
    out: list[OpsDay] = []
    wells_t = staff_t = veh_t = roads_t = 0
    sludge_t = 0.0
    for d in _days(season.first, season.last):
        if d == season.start:
            staff_t = veh_t = roads_t = 0  # the campaign counts from its first day
            sludge_t = 0.0
        wells = wells_on.get(d, 0)
        staff = rng.randint(95, 130) if d <= season.done else rng.randint(40, 70)
        vehicles = rng.randint(12, 20) if d <= season.done else rng.randint(5, 10)
        roads = rng.randint(3, 8)
        sludge = round(rng.uniform(1.5, 3.0), 1) if wells else round(rng.uniform(0.3, 0.9), 1)
        wells_t += wells
        staff_t += staff
        veh_t += vehicles
        roads_t += roads
        sludge_t = round(sludge_t + sludge, 1)
        if d != season.missing:
            out.append(OpsDay(d, staff, vehicles, roads, wells, sludge, wells_t, staff_t, veh_t, sludge_t, roads_t))
    return tuple(out)


@lru_cache(maxsize=1)
def ops_days() -> tuple[OpsDay, ...]:
    """Every published bulletin's data, 2022-04-01 … 2022-08-31 without OPS_MISSING_DAY, oldest first."""
    rng = random.Random(20220501)  # noqa: S311 -- deterministic story
    daily = [rng.randint(650, 800) for _ in _days(CAMPAIGN_START, CAMPAIGN_DONE_DAY)]
    return season_days(STORY_SEASON, rng, daily)
