"""Period expressions in normalised Chinese text (1-7月, 一季度, 上半年, 4月22日 …) and their ISO 8601 form."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from statwatch.extract.numbers import parse_chinese_int

_N = r"(?:\d{1,2}|[一二三四五六七八九十]{1,3})"
_YEAR = r"(?:(?P<y>(?:19|20)\d{2})年|(?P<rel>今年|去年|上年|本年|当年|明年))?"

PERIOD_RE = re.compile(
    r"(?=[\d一二三四五六七八九十今去上下本当明元前第首全以])"
    + _YEAR
    + r"(?:"
    r"(?P<ytd>以来)"
    r"|(?P<months>(?:1|一|元)(?:月份?)?\s?[-~至到]\s?(?P<m2>" + _N + r")月(?:份)?)"
    r"|(?P<first>前(?P<fq>[一二三四1234])季度?)"
    r"|(?P<firstm>前(?P<fm>\d{1,2}|[一二三四五六七八九十]{1,3})个月)"
    r"|(?P<quarter>(?:第)?(?P<q>[一二三四1234])季度)"
    r"|(?P<first_q>首季)"
    r"|(?P<h1>上半年)|(?P<h2>下半年)|(?P<full>全年)"
    r"|(?P<day>(?P<dm>\d{1,2})月(?P<dd>\d{1,2})日)"
    r"|(?P<mend>(?P<me>\d{1,2})月(?:底|末))"
    r"|(?P<month>(?P<mm>\d{1,2}|[一二三四五六七八九十]{1,2})月(?:份)?)(?![上中下末初底以])"
    r"|(?P<yearonly>)"
    r")"
)
YEAR_RANGE_RE = re.compile(r"(?P<y1>(?:19|20)\d{2})年?(?:至|到|-|~)(?P<y2>(?:19|20)\d{2})年")


def _int(s: str) -> int:
    return int(s) if s.isdigit() else parse_chinese_int(s)


@dataclass(frozen=True)
class Period:
    """A parsed period: kind plus the fields it needs; `iso()` gives the contract form."""

    kind: str  # months / year / day / month / ytd / years
    year: int | None
    m1: int = 1
    m2: int = 12
    day: date | None = None
    explicit_year: bool = False
    end_day: date | None = None
    y2: int | None = None

    def iso(self) -> str:
        """The ISO 8601 form of the contract."""
        if self.kind == "day" and self.day:
            return self.day.isoformat()
        if self.kind == "year":
            return f"{self.year}"
        if self.kind == "years":
            return f"{self.year}/{self.y2}"
        if self.kind == "month":
            return f"{self.year}-{self.m1:02d}"
        if self.kind == "ytd" and self.end_day:
            return f"{self.end_day.year}-01-01/{self.end_day.isoformat()}"
        if self.kind == "monthdays" and self.end_day:
            return f"{self.year}-{self.m1:02d}-01/{self.end_day.isoformat()}"
        return f"{self.year}-{self.m1:02d}/{self.year}-{self.m2:02d}"

    def with_year(self, year: int) -> Period:
        """The same period moved to another year (29 February becomes the 28th)."""
        shift = year - (self.year if self.year is not None else year)

        def move(d: date | None) -> date | None:
            if d is None:
                return None
            y = d.year + shift
            return d.replace(year=y, day=28) if (d.month, d.day) == (2, 29) else d.replace(year=y)

        return Period(self.kind, year, self.m1, self.m2, move(self.day), self.explicit_year, move(self.end_day), self.y2)


@dataclass(frozen=True)
class PeriodMatch:
    """A period expression found in text."""

    start: int
    end: int
    period: Period
    cumulative: bool  # a span ending in the period (1-7月, 上半年, 今年以来), not a day or a single month


def resolve_year(rel: str | None, explicit: str | None, context_year: int, ref_year: int) -> tuple[int, bool]:
    """Year of a period: written, relative (今年/去年) or the context year."""
    if explicit:
        return int(explicit), True
    if rel in ("今年", "本年", "当年"):
        return ref_year, True
    if rel in ("去年", "上年"):
        return ref_year - 1, True
    if rel == "明年":
        return ref_year + 1, True
    return context_year, False


def make_day(y: int, m: int, d: int, not_after: date | None, explicit: bool) -> date | None:
    """A calendar day; a day without a written year that would lie in the future belongs to the year before."""
    try:
        day = date(y, m, d)
    except ValueError:
        return None
    if not explicit and not_after and day > not_after + timedelta(days=1):
        try:
            day = date(y - 1, m, d)
        except ValueError:
            return None
    return day


def find_periods(text: str, context_year: int, ref_year: int,
                 not_after: date | None) -> tuple[list[PeriodMatch], int]:
    """Every period expression in `text` (normalised), with years resolved; and the context year after it."""
    out: list[PeriodMatch] = []
    for m in PERIOD_RE.finditer(text):
        if m.start() == m.end():
            continue
        g = m.groupdict()
        year, explicit = resolve_year(g["rel"], g["y"], context_year, ref_year)
        since = text[max(0, m.start() - 1):m.start()] == "自"
        since_start = since and "以来" in text[m.end():m.end() + 24].split("起")[0]
        if (g["y"] or g["rel"] in ("今年", "本年")) and (not not_after or year <= not_after.year) and not since_start:
            # a written year sets the year of the periods that follow without one (but not 自2013年…以来)
            context_year = year
        if since:
            continue
        p: Period | None = None
        cumulative = False
        if g["ytd"] is not None and m.group("ytd"):
            if not (g["y"] or g["rel"]):
                continue
            p, cumulative = Period("ytd", year, explicit_year=explicit), True
        elif g["months"]:
            p, cumulative = Period("months", year, 1, _int(g["m2"]), explicit_year=explicit), True
        elif g["firstm"]:
            p, cumulative = Period("months", year, 1, _int(g["fm"]), explicit_year=explicit), True
        elif g["first"]:
            p, cumulative = Period("months", year, 1, 3 * _int(g["fq"]), explicit_year=explicit), True
        elif g["quarter"]:
            q = _int(g["q"])
            p, cumulative = Period("months", year, 3 * q - 2, 3 * q, explicit_year=explicit), q == 1
        elif g["first_q"]:
            p, cumulative = Period("months", year, 1, 3, explicit_year=explicit), True
        elif g["h1"]:
            p, cumulative = Period("months", year, 1, 6, explicit_year=explicit), True
        elif g["h2"]:
            p = Period("months", year, 7, 12, explicit_year=explicit)
        elif g["full"]:
            p, cumulative = Period("year", year, explicit_year=explicit), True
        elif g["day"]:
            day = make_day(year, int(g["dm"]), int(g["dd"]), not_after, explicit)
            if day is None:
                continue
            p = Period("day", day.year, day=day, explicit_year=explicit)
        elif g["mend"]:
            mo = int(g["me"])
            if not 1 <= mo <= 12:
                continue
            last = (date(year + (mo == 12), mo % 12 + 1, 1) - timedelta(days=1)).day
            day = make_day(year, mo, last, not_after, explicit)
            if day is None:
                continue
            p = Period("day", day.year, day=day, explicit_year=explicit)
        elif g["month"]:
            mm = _int(g["mm"])
            if not 1 <= mm <= 12:
                continue
            p = Period("month", year, mm, mm, explicit_year=explicit)
        elif g["y"]:
            after = text[m.end():m.end() + 3]
            before = text[max(0, m.start() - 1):m.start()]
            if before == "自" or after.startswith(("起", "以后", "之前", "至", "到", "-")) or after[:1].isdigit():
                continue
            if after.startswith("以来"):
                continue
            p, cumulative = Period("year", year, explicit_year=True), True
        elif g["rel"] in ("今年", "本年"):
            p, cumulative = Period("ytd", year, explicit_year=True), True
        if p is not None and not (1 <= p.m1 <= p.m2 <= 12):
            continue
        if p is not None:
            if p.kind in ("months", "year", "month") and not explicit and not_after and p.year \
                    and date(p.year, p.m2 if p.kind != "year" else 12, 1) > not_after:
                # a period that has not begun its last month by publication is last year's (全年 in a January release)
                p = p.with_year(p.year - 1)
            out.append(PeriodMatch(m.start(), m.end(), p, cumulative))
    return out, context_year
