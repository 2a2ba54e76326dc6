"""Named holidays as periods: 春节长假, 除夕夜间, 元宵节, 国庆中秋假期, 2016年春节以来 — the festival day or the days
off, from the calendar of festival days and days off in extract_rules.yaml."""

from __future__ import annotations

import re
from datetime import date, timedelta

from statwatch.extract.dates import COMPARED_BEFORE, Period, PeriodMatch
from statwatch.extract.numbers import parse_chinese_int
from statwatch.extract.rules import HolidayRules, first_chars, trie_pattern

_FIXED = {"national": (10, 1), "labour": (5, 1), "new_year": (1, 1)}  # holidays on a fixed Gregorian day
_TO = re.compile(r"\s*(?:至|到|~|-)\s*")
_AND = re.compile(r"\s*(?:及|和|与|、)\s*")  # 除夕夜及年初四夜间: listed days, a span from the first to the last
_LUNAR = "[一二三四五六七八九十]"
# the part of a lunar day (初五凌晨, 年初四晚): the same day
_DAY_PART = "(?:晚上?|凌晨|早上|早晨|清晨|上午|中午|下午|傍晚)?"
_FROM_NEW_YEAR = {"spring": 0, "eve": -1, "lantern": 14}  # days from 正月初一


def holiday_pattern(h: HolidayRules) -> re.Pattern[str]:
    """A holiday name with an optional year before it, a word after it and 以来; never before a word of not_after."""
    names = list(h.names)
    back = r"|(?:(?<![\u4e00-\u9fff])|(?<=[的个此该本这整]))(?P<back>" + trie_pattern(h.back_words) + ")" \
        if h.back_words else ""
    return re.compile(
        # (the characters a match starts with, and 年初: 年 alone is too common to try a match at each one)
        "(?=" + first_chars([*names, *h.back_words, "今", "去", "上", "当", "1", "2", "大", "正", "初"])[3:-1] + "|年初)"
        + r"(?:(?P<y>(?:19|20)\d{2})年|(?P<rel>今年|去年|上年|当年))?(?:(?P<name>" + trie_pattern(names) + r")"
        # 大年初六, 正月初三, …至初一: a day of the first lunar month
        r"|(?:大年|正月|(?<=[至到]))初(?P<lunar>" + _LUNAR + ")" + _DAY_PART
        # 年初四晚, 年初五凌晨 (never 今年年初一直…, 年初三个月: the start of a year)
        + r"|(?<![今去明当本上年])年初(?P<lunar2>" + _LUNAR + r")(?=晚|夜|凌晨|早上|早晨|清晨|上午|中午|下午|傍晚|当天|当日|、|至|到|,)"
        + _DAY_PART
        # 黄金周期间, 长假中: the holiday named before, by a word of its own (never 暑假期间: a word's last part)
        + back + r")”?"
        r"(?P<day>" + trie_pattern(h.day_words) + r")?+(?P<off>" + trie_pattern(h.days_off_words) + r")?+"
        r"(?P<since>以来)?+(?!" + trie_pattern(h.not_after) + ")")


def _md(year: int, md: str) -> date | None:
    m, d = md.split("-")
    try:
        return date(year, int(m), int(d))
    except ValueError:
        return None


def festival_day(h: HolidayRules, holiday: str, year: int) -> date | None:
    """The festival's own day in a year: 正月初一, 除夕, 元宵, 端午, 中秋, or the fixed day (10-01, 05-01, 01-01)."""
    if holiday in _FIXED:
        m, d = _FIXED[holiday]
        return date(year, m, d)
    if holiday in _FROM_NEW_YEAR:
        first = h.festival_days.get("lunar_new_year", {}).get(year)
        day = _md(year, first) if first else None
        return day + timedelta(days=_FROM_NEW_YEAR[holiday]) if day else None
    md = h.festival_days.get(holiday, {}).get(year)
    return _md(year, md) if md else None


_LUNAR_SEASON = 20  # days around a lunar festival within which a span of days is read as that festival's


def year_before(h: HolidayRules, p: Period) -> Period | None:
    """The same days of a lunar festival a year before (除夕夜 2017-01-27/28 → 2016-02-07/08: 去年同期 of a festival is
    last year's festival, not the same dates); None for days far from every lunar festival."""
    if p.kind not in ("day", "span") or p.day is None:
        return None
    end = p.end_day or p.day
    for key in h.festival_days:
        this, last = festival_day(h, key, p.day.year), festival_day(h, key, p.day.year - 1)
        if this is None or last is None or abs((p.day - this).days) > _LUNAR_SEASON:
            continue
        shift = this - last
        if p.kind == "day":
            return Period("day", (p.day - shift).year, day=p.day - shift, explicit_year=True)
        return Period("span", (p.day - shift).year, day=p.day - shift, end_day=end - shift, explicit_year=True)
    return None


def days_off(h: HolidayRules, holiday: str, year: int) -> tuple[date, date] | None:
    """The days off in a row around a holiday (a span written 12-31/01-03 begins in the year before)."""
    written = h.days_off.get(holiday, {}).get(year)
    if not written:
        return None
    a, _, b = written.partition("/")
    start, end = _md(year, a), _md(year, b or a)
    if start is not None and end is not None and start > end:
        start = _md(year - 1, a)
    return (start, end) if start is not None and end is not None else None


def _context_year(text: str, before: list[PeriodMatch], pos: int) -> int | None:
    """The year of the last period written with its year before pos (not one named in a comparison)."""
    for p in reversed(before):
        if p.start >= pos:
            continue
        if p.period.explicit_year and p.period.year is not None \
                and not COMPARED_BEFORE.search(text, max(0, p.start - 3), p.start):
            return p.period.year
    return None


def _period(h: HolidayRules, m: re.Match[str], year: int, explicit: bool) -> Period | None:
    lunar = m.group("lunar") or m.group("lunar2")
    if lunar:
        first = festival_day(h, "spring", year)
        day = first + timedelta(days=parse_chinese_int(lunar) - 1) if first else None
        return Period("day", day.year, day=day, explicit_year=explicit) if day else None
    holiday, meaning = h.names[m.group("name")]
    if m.group("day"):
        meaning = "eve" if meaning == "eve" else "day"
    elif m.group("off") or (m.group("since") and meaning in ("", "days_off")):
        meaning = "days_off"
    if not meaning:
        return None
    key = "eve" if meaning == "eve" else holiday
    span = days_off(h, holiday, year) if meaning == "days_off" else None
    first = span[0] if span else festival_day(h, key, year)
    if first is None:
        return None
    if m.group("since"):
        return Period("since", first.year, day=first, explicit_year=explicit)
    if span is not None:
        return Period("span", span[0].year, day=span[0], end_day=span[1], explicit_year=explicit)
    return Period("day", first.year, day=first, explicit_year=explicit)


def find_holidays(text: str, rx: re.Pattern[str], h: HolidayRules, found: list[PeriodMatch], ref_year: int,
                  not_after: date | None) -> list[PeriodMatch]:
    """Every named holiday of the text as a period; its year written before it, else the year of the periods before
    it, else the reference year (a holiday that has not begun by publication is last year's)."""
    out: list[PeriodMatch] = []
    last: tuple[str, int, bool, Period | None] | None = None  # the holiday named last, its year, the span holding it
    for m in rx.finditer(text):
        if m.group("back"):
            p = _back(h, m, last) if last else None
            if p is not None:
                out.append(PeriodMatch(m.start(), m.end(), p, False))
            continue
        rel = m.group("rel")
        if m.group("y"):
            year, explicit = int(m.group("y")), True
        elif rel in ("去年", "上年"):
            year, explicit = ref_year - 1, True
        elif rel == "今年":
            year, explicit = ref_year, True
        else:
            ctx = _context_year(text, found, m.start())
            year, explicit = (ctx, True) if ctx is not None else (ref_year, False)
        p = _period(h, m, year, explicit)
        if p is not None and not explicit and not_after and p.day and p.day > not_after + timedelta(days=1):
            year -= 1
            p = _period(h, m, year, explicit)
        if p is not None:
            out.append(PeriodMatch(m.start(), m.end(), p, False))
            if m.group("name"):
                # 从9日除夕到15日正月初六，…。节日期间: the span written around the holiday is the one referred to
                held = next((f.period for f in found if f.start <= m.start() and m.end() <= f.end
                             and f.end - f.start > m.end() - m.start() and f.period.kind == "span"), None)
                last = h.names[m.group("name")][0], year, explicit, held
    return _spans(text, out)


def _back(h: HolidayRules, m: re.Match[str], last: tuple[str, int, bool, Period | None]) -> Period | None:
    """黄金周期间 after 国庆中秋八天长假: the days off of the holiday named before (from the first one, with 以来), or the
    span of days written around it."""
    holiday, year, explicit, held = last
    if held is not None and not m.group("y") and not m.group("since"):
        return held
    if m.group("y"):
        year, explicit = int(m.group("y")), True
    span = days_off(h, holiday, year)
    if span is None:
        return None
    if m.group("since"):
        return Period("since", span[0].year, day=span[0], explicit_year=explicit)
    return Period("span", span[0].year, day=span[0], end_day=span[1], explicit_year=explicit)


def _spans(text: str, named: list[PeriodMatch]) -> list[PeriodMatch]:
    """除夕夜至大年初一, 从除夕到正月初六: two holidays joined by 至/到 are the span of days from the first to the last;
    so are days listed with 及/和 (除夕夜及年初四夜间至年初五凌晨), as 6月5日、14日、26日 are."""
    out: list[PeriodMatch] = []
    for pm in named:
        prev = out[-1] if out else None
        if prev is not None and (_TO.fullmatch(text, prev.end, pm.start) or _AND.fullmatch(text, prev.end, pm.start)) \
                and prev.period.day and pm.period.day and prev.period.kind in ("day", "span") \
                and pm.period.kind in ("day", "span"):
            end = pm.period.end_day or pm.period.day
            if end >= prev.period.day:
                start = max(0, prev.start - 1) if text[max(0, prev.start - 1):prev.start] in ("从", "自") else prev.start
                out[-1] = PeriodMatch(start, pm.end, Period("span", prev.period.day.year, day=prev.period.day, end_day=end,
                                                            explicit_year=prev.period.explicit_year), False)
                continue
        out.append(pm)
    return out


def _restates(p: PeriodMatch, n: PeriodMatch) -> bool:
    """15日正月初六, 1月28日农历除夕: a holiday written right after the day it falls on says that day again; 2月11日至
    2月26日春节期间: right after days spanning it, those days are the holiday's."""
    if not 0 <= n.start - p.end <= 3:
        return False
    last = p.period.end_day or p.period.day
    if p.period.kind == "span" and last is not None and p.period.day is not None and n.period.day is not None:
        # (written right after them only: 2月1日至2月29日，其中春节期间… is a part of the days)
        return n.start == p.end and p.period.day <= (n.period.end_day or n.period.day) and n.period.day <= last
    return last is not None and last == n.period.day and n.period.kind == "day"


def merge(found: list[PeriodMatch], named: list[PeriodMatch]) -> list[PeriodMatch]:
    """Periods and named holidays in text order: a year written before a holiday is part of it; a holiday inside a
    longer period (自2月22日元宵节早上5时至2月23日) gives way."""
    if not named:
        return found
    keep_named = [n for n in named if not any((p.start <= n.start and n.end <= p.end and p.end - p.start > n.end - n.start)
                                              or _restates(p, n) for p in found)]
    keep = [p for p in found if not any(n.start <= p.start and p.end <= n.end for n in keep_named)]
    return sorted(keep + keep_named, key=lambda p: p.start)
