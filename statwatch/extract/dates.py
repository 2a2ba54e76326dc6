"""Period expressions in normalised Chinese text (1-7月, 一季度, 上半年, 4月22日, 从22日到28日, 昨天 …) and their
ISO 8601 form."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from statwatch.extract.numbers import parse_chinese_int

_N = r"(?:\d{1,2}|[一二三四五六七八九十]{1,3})"
# 2025以来: the year's 年 left out before 以来 (never the last digits of a longer number)
_YEAR = r"(?:(?P<y>(?:19|20)\d{2})(?:年|(?<![\d.]\d{4})(?=以来))|(?P<rel>今年|去年|上年|前年|本年|当年|明年|过去一年))?"
_D = r"\d{1,2}"
# the words before the day a count is counted to (截至11月6日, 截止到4月末)
UNTIL_WORDS = ("截至", "截止", "截至到", "截止到")
_CD = r"(?:[一二三]?十[一二三四五六七八九]?|[一二三四五六七八九])"  # a day of the month in words (十四, 二十八)

# the characters a period starts with (a bare 底 after 年 starts none)
PERIOD_FIRST = r"(?=[\d一二三四五六七八九十今去上下本当明元前第首全以从自昨年过])"
# the same starts with what each form needs next: the scan rejects most positions here, above all the digits inside
# amounts (a period's digits are at most four before 年, 月, 日, 季 or a range mark); the tests check that it finds
# the periods PERIOD_FIRST does
PERIOD_START = (r"(?=\d{1,4}[年月日季\s~至到-]|\d{4}以来|[一二三四五六七八九十][一二三四五六七八九十月季日\s~至到-]|[今去本当明]年|上[年半]"
                r"|下半|元[月\s~至到-]|前[年一二两三四五六七八九十\d]|第[一二三四1234]|首季|全年|以来|[从自]\d|昨[天日晚夜起]|年内|过去"
                r"|年初(?:以来|[至到]))")
PERIOD_RE = re.compile(
    PERIOD_FIRST  # one class rejects most characters before the alternation of PERIOD_START is tried
    + PERIOD_START
    + _YEAR
    + r"(?:"
    r"(?P<ytd>以来)"
    # 年初至3月14日, 年初以来, 年初至今: from the first of the year (the day after 至 closes it)
    r"|(?<![\d一二三四五六七八九十两几多])(?P<ystart>年初(?:以来|至今|(?=[至到])))"
    r"|(?<![\d一二三四五六七八九十两几多])(?P<inyear>年内)"
    r"|(?<=年)(?P<yend>底|末)"
    r"|(?P<months>(?:1|一|元)(?:月份?)?\s?[-~至到]\s?(?P<m2>" + _N + r")月(?:份)?)"
    # 5-6月份, 七至九月: a span of months not from January (no day after it: 5月至6月30日 is a span of days)
    r"|(?<![\d.])(?P<mspan>(?P<ma>\d{1,2}|[二三四五六七八九十]{1,2})(?:月份?)?\s?[-~至到]\s?(?P<mb>" + _N + r")月(?:份)?(?![\d上中下末初底]))"
    r"|(?P<first>前(?P<fq>[一二三四1234])季度?)"
    r"|(?P<firstm>前(?P<fm>\d{1,2}|[一二两三四五六七八九十]{1,3})个?月(?:份)?)"
    r"|(?P<quarter>(?P<nth>第)?(?P<q>[一二三四1234])季度)"
    r"|(?P<first_q>首季)"
    r"|(?P<h1>上半年)|(?P<h2>下半年)|(?P<full>全年)"
    # 从22日除夕夜到28日, 5月29日至6月2日: a span of days
    # (from the 22nd's 5 o'clock: 自2月22日元宵节早上5时至2月23日早5时)
    # (7月3-5日: the first day's 日 left out before the second)
    r"|(?P<dspan>(?:从|自)?(?:(?P<s1m>" + _D + r")月)?(?P<s1d>" + _D + r")(?:日|(?=[-~至到]\d))"
    r"(?:[^,。;:\d日]|\d{1,2}(?:时|点|:\d\d)){0,10}?"
    r"(?:到|(?<![截])至|-|~)"
    r"(?:(?P<s2m>" + _D + r")月)?(?P<s2d>" + _D + r")日)"
    # 自5月29日至今, 从1日开始: a span of days up to the as-of day
    # (4月1日至目前, 4月1日至当日: to the as-of day or the story's day)
    # (12月14日降雪以来, 6月1日入汛以来: the weather or the campaign that began that day, then 以来)
    r"|(?P<dsince>(?:从|自)?(?:(?P<sm>" + _D + r")月)?(?P<sd>" + _D + r")日(?:至(?:今天|今日|今|目前|当日|当天)|以来|起|开始"
    r"|(?:降雪|降雨|强降雨|强降雪|暴雨|入汛|进入汛期|启动|行动开展|行动启动|专项行动开展)以来))"
    # 8月以来, 8月份起, 4月初开始: from the first of the month
    r"|(?P<msince>(?:从|自)?(?P<ms>\d{1,2}|[一二三四五六七八九十]{1,2})月(?:份|初)?(?:以来|起|开始))"
    # 6月5日、14日、26日: days of events, a span from the first to the last
    r"|(?P<dlist>(?P<lm>" + _D + r")月(?P<ld>" + _D + r")日(?:、(?:" + _D + r"月)?" + _D + r"日)+)"
    r"|(?P<day>(?P<dm>" + _D + r")月(?P<dd>" + _D + r")日)(?P<dafter>以?后(?![来续期]))?"
    r"|(?P<mend>(?P<me>" + _D + r")月(?:底|末))"
    # 4月前15天, 今年前50天: the first days of a month or of the year; 3月上旬: the first ten days
    r"|(?P<yfirst>(?<=年)前(?P<ydn>\d{1,3}|[一二三四五六七八九十]{1,3})(?:天|日))"
    r"|(?P<month>(?P<mm>\d{1,2}|[一二三四五六七八九十]{1,2})月(?:份)?)"
    r"(?:(?P<mfirst>前(?P<fdn>\d{1,3}|[一二三四五六七八九十]{1,3})(?:天|日))|(?P<xun>(?P<x>上|中|下)旬)|(?![上中下末初底以]))"
    # 23日迎来…: a day of the month of publication
    # (截至十四日止: a day in words after the words of an as-of day)
    r"|(?<![\d月.:/第-])(?P<donly>(?P<od>" + _D + r"|(?:" + "|".join(f"(?<={w})" for w in UNTIL_WORDS) + ")" + _CD + r")日)(?![内前后])"
    # (昨天和今天: the two days; 昨起, 昨天以来: from yesterday to the as-of day)
    r"|(?P<yday>昨天|昨日|昨晚|昨夜|昨(?=起))(?:(?P<ytoday>(?:和|与|及|、|至|到)(?:今天|今日|今晨))|(?P<ysince>起|以来|开始))?"
    # 2020年度 (the year as a whole: 2020年度全区完成生产总值…)
    r"|(?P<yearonly>(?<=年)度?)"
    r")"
)
YEAR_RANGE_RE = re.compile(r"(?P<y1>(?:19|20)\d{2})年?(?:至|到|-|~)(?P<y2>(?:19|20)\d{2})年")
COMPARED_BEFORE = re.compile(r"(?:超过?|较|比|高于|低于|相比|多于|少于|由)$")  # 由2018年的a:b:c: the state before
# 与2019年啤酒节基本持平, 和2020年相比: a year named to compare with (its clause ends on what compares)
_ALONGSIDE = ("与", "和", "同", "跟")
_ALONGSIDE_END = re.compile(r"[^,;:。!?\n]{0,16}?(?:相比|持平|比较|相当|同期)")
_MEETING = re.compile(r"的?(?:例行|月度)?(?:新闻)?(?:发布会|会议|例会|座谈会|常务会)")
_DURATION = re.compile(r"(?:提前|历时|用时|耗时|仅用|缩短|延长|每隔)$")
_PAST = ("去年", "上年", "前年", "过去一年")
_PAST_NOT = ("同期", "相比", "比较", "持平", "水平", "的", "同月", "以来", "年", "度")
_YEAR_TO_DAY = re.compile(r"[至到](?:(?P<y2>(?:19|20)\d{2})年|今年)(?P<m>\d{1,2})月(?P<d>\d{1,2})日")
_LAST_DAY = re.compile(r"(?:(\d{1,2})月)?(\d{1,2})日$")
# 自5月1日启动以来, 自5月1日开展专项行动以来: what began on the day (a few words, no clause break) and 以来
_OPENED_SINCE = re.compile(r"[^\d\s,;:。、()“”]{1,10}?以来")
_SENTENCE_BREAK = re.compile(r"[。;!?\n]")


def over(t: str, p: PeriodMatch, day: date, plan: int | None = None) -> bool:
    """A period over (or running) on the day, or a year other than the plan's, not named as a comparison (比上年): what
    is said of it has happened. 今年 by itself is the year of a plan."""
    q = p.period
    if COMPARED_BEFORE.search(t, max(0, p.start - 3), p.start):
        return False
    if q.kind == "year":
        # 全年 by itself is the year of the plan or of the release
        return q.explicit_year and q.year is not None and (q.year < day.year or plan is not None and q.year != plan)
    if q.kind in ("months", "month"):
        return q.year is not None and (q.year, q.m2) < (day.year, day.month)
    if q.kind == "years":
        return q.y2 is not None and q.y2 < day.year
    return not (q.kind == "ytd" and t[p.start:p.end] in ("今年", "本年"))


def _int(s: str) -> int:
    return int(s) if s.isdigit() else parse_chinese_int(s)


@dataclass(frozen=True)
class Period:
    """A parsed period: kind plus the fields it needs; `iso()` gives the contract form."""

    kind: str  # months / year / day / month / ytd / years / monthdays / span (day to day) / since (day to as-of)
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
        if self.kind == "year" or (self.kind == "months" and self.m1 == 1 and self.m2 == 12):
            # 1-12月, 1至12月底: the whole year
            return f"{self.year}"
        if self.kind == "years":
            return f"{self.year}/{self.y2}"
        if self.kind == "month" or (self.kind == "months" and self.m1 == self.m2):
            # 1月…累计: the running months to January are January
            return f"{self.year}-{self.m1:02d}"
        if self.kind == "ytd" and self.end_day:
            return f"{self.end_day.year}-01-01/{self.end_day.isoformat()}"
        if self.kind == "monthdays" and self.end_day:
            return f"{self.year}-{self.m1:02d}-01/{self.end_day.isoformat()}"
        if self.kind in ("span", "since") and self.day and self.end_day:
            return f"{self.day.isoformat()}/{self.end_day.isoformat()}"
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
    if rel == "当年":
        # that year: the last year written (于2021年1月1日发出第一趟列车，当年开行超4800列)
        return context_year, True
    if rel in ("今年", "本年"):
        return ref_year, True
    if rel in ("去年", "上年", "过去一年"):
        return ref_year - 1, True
    if rel == "前年":
        return ref_year - 2, True
    if rel == "明年":
        return ref_year + 1, True
    return context_year, False


_PAGE_SLACK = 7  # days a page's stamp may lag the story it carries


def make_day(y: int, m: int, d: int, not_after: date | None, explicit: bool) -> date | None:
    """A calendar day; a day without a written year that would lie in the future belongs to the year before (unless it
    lies a few days after the page's date in the same month)."""
    try:
        day = date(y, m, d)
    except ValueError:
        return None
    if not explicit and not_after and day > not_after + timedelta(days=1) \
            and not (day.month == not_after.month and day <= not_after + timedelta(days=_PAGE_SLACK)):
        # (a day a few days after the page's date in the same month is the page's date being off, not last year's: 11月26日
        # in a page stamped 23 November)
        try:
            day = date(y - 1, m, d)
        except ValueError:
            return None
    return day


def _month_day(d: int, not_after: date | None) -> date | None:
    """A day written without its month (23日): in the month of publication, else the month before."""
    if not_after is None:
        return None
    y, m = not_after.year, not_after.month
    if d > not_after.day:
        y, m = (y, m - 1) if m > 1 else (y - 1, 12)
    try:
        return date(y, m, d)
    except ValueError:
        return None


@dataclass(frozen=True)
class _Where:
    """How to resolve a match: the year it falls in, whether written, the publication day, cumulative quarters."""

    year: int
    explicit: bool
    not_after: date | None
    quarters_cumulative: bool


def _day(w: _Where, m: int | None, d: int) -> date | None:
    return make_day(w.year, m, d, w.not_after, w.explicit) if m else _month_day(d, w.not_after)


def _days(g: re.Match[str], w: _Where) -> Period | None:
    """The day-based forms: spans, lists, single days (with or without the month), yesterday."""
    if g["dspan"]:
        m1 = int(g["s1m"]) if g["s1m"] else None
        m2 = int(g["s2m"]) if g["s2m"] else m1
        m1 = m1 or m2
        d1, d2 = int(g["s1d"] or 0), int(g["s2d"] or 0)
        if m1 is not None and m2 is not None and not g["s1m"] and d1 > d2:
            m1 = m2 - 1 if m2 > 1 else 12
        end = _day(w, m2, d2)
        start = _day(w, m1, d1) if m1 else (_month_day(d1, end) if end else None)
        if start is None or end is None or start > end:
            return None
        if start == end:
            return Period("day", start.year, day=start, explicit_year=w.explicit)
        return Period("span", start.year, day=start, end_day=end, explicit_year=w.explicit)
    if g["dsince"]:
        start = _day(w, int(g["sm"]) if g["sm"] else None, int(g["sd"] or 0))
        return Period("since", start.year, day=start, explicit_year=w.explicit) if start else None
    if g["msince"]:
        mo = _int(g["ms"] or "")
        if not w.explicit and w.not_after and 1 <= mo <= 12 and date(w.year, mo, 1) > w.not_after:
            return None  # (计划自5月初开始… in April: a plan, not last year's May)
        first = make_day(w.year, mo, 1, w.not_after, w.explicit) if 1 <= mo <= 12 else None
        return Period("since", first.year, day=first, explicit_year=w.explicit) if first else None
    if g["dlist"]:
        last = _LAST_DAY.search(g["dlist"] or "")
        m1 = int(g["lm"] or 0)
        first = _day(w, m1, int(g["ld"] or 0))
        end = _day(w, int(last.group(1)) if last and last.group(1) else m1, int(last.group(2))) if last else None
        if first is None or end is None or first > end:
            return None
        return Period("span", first.year, day=first, end_day=end, explicit_year=w.explicit)
    if g["mfirst"] or g["xun"] or g["yfirst"]:
        return _first_days(g, w)
    single: date | None = None
    if g["day"]:
        single = make_day(w.year, int(g["dm"] or 0), int(g["dd"] or 0), w.not_after, w.explicit)
    elif g["donly"]:
        single = _month_day(_int(g["od"] or "0"), w.not_after)
    elif g["yday"] and w.not_after:
        single = w.not_after - timedelta(days=1)
        if g["ytoday"]:
            return Period("span", single.year, day=single, end_day=w.not_after, explicit_year=w.explicit)
        if g["ysince"]:
            return Period("since", single.year, day=single, explicit_year=w.explicit)
    elif g["yend"] and (g["y"] or g["rel"]):
        # 截至2023年底, 上年末: the last day of the year
        single = date(w.year, 12, 31)
    elif g["mend"]:
        mo = int(g["me"] or 0)
        if not 1 <= mo <= 12:
            return None
        last_day = month_last_day(w.year, mo).day
        single = make_day(w.year, mo, last_day, w.not_after, w.explicit)
    return Period("day", single.year, day=single, explicit_year=w.explicit) if single else None


def _first_days(g: re.Match[str], w: _Where) -> Period | None:
    """4月前15天 (the 1st to the 15th), 今年前50天 (from 1 January), 3月上旬/中旬/下旬 (1-10, 11-20, 21 to the end)."""
    mo = _int(g["mm"] or "1") if g["month"] else 1
    if not 1 <= mo <= 12:
        return None
    first = make_day(w.year, mo, 1, w.not_after, w.explicit)
    if first is None:
        return None
    if g["xun"]:
        a, b = {"上": (1, 10), "中": (11, 20), "下": (21, 31)}[g["x"] or "上"]
        last = (first.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
        start, end = first.replace(day=a), min(first.replace(day=1) + timedelta(days=b - 1), last)
    else:
        start, end = first, first + timedelta(days=_int(g["fdn"] or g["ydn"] or "1") - 1)
    return Period("span", start.year, day=start, end_day=end, explicit_year=w.explicit) if start <= end else None


def _months(g: re.Match[str], w: _Where, after: str) -> tuple[Period | None, bool]:
    """The month-based forms and the year; (period, cumulative)."""
    y, ex = w.year, w.explicit
    if g["months"]:
        return Period("months", y, 1, _int(g["m2"] or ""), explicit_year=ex), True
    if g["mspan"]:
        ma, mb = _int(g["ma"] or ""), _int(g["mb"] or "")
        return (Period("months", y, ma, mb, explicit_year=ex), False) if 1 < ma < mb <= 12 else (None, False)
    if g["firstm"]:
        return Period("months", y, 1, _int(g["fm"] or ""), explicit_year=ex), True
    if g["first"]:
        return Period("months", y, 1, 3 * _int(g["fq"] or ""), explicit_year=ex), True
    if g["quarter"]:
        q = _int(g["q"] or "")
        if w.quarters_cumulative and not g["nth"]:
            # a release's 三季度 reports January to September
            return Period("months", y, 1, 3 * q, explicit_year=ex), True
        return Period("months", y, 3 * q - 2, 3 * q, explicit_year=ex), q == 1
    if g["first_q"]:
        return Period("months", y, 1, 3, explicit_year=ex), True
    if g["h1"]:
        return Period("months", y, 1, 6, explicit_year=ex), True
    if g["h2"]:
        return Period("months", y, 7, 12, explicit_year=ex), False
    if g["full"]:
        return Period("year", y, explicit_year=ex), True
    if g["month"]:
        mm = _int(g["mm"] or "")
        return (Period("month", y, mm, mm, explicit_year=ex), False) if 1 <= mm <= 12 else (None, False)
    if g["y"]:
        if after.startswith(("截至", "截止")):
            # 2018年截至目前: this year so far
            return Period("ytd", y, explicit_year=True), True
        if after.startswith(("起", "以后", "之前", "至", "到", "-", "以来")):
            return None, False
        return Period("year", y, explicit_year=True), True
    if g["rel"] in ("今年", "本年"):
        return Period("ytd", y, explicit_year=True), True
    if g["rel"] == "当年":
        return Period("year", y, explicit_year=True), True
    return None, False


# 自2013年…以来, 自2016年正式实施《条例》之后: the year a change began, not the year of what follows
_SINCE_ENDS = ("以来", "之后", "以后")


def month_last_day(year: int, month: int) -> date:
    """The last day of a month (截至11月30日 closes 1-11月)."""
    return date(year + (month == 12), month % 12 + 1, 1) - timedelta(days=1)


def _sentence_end(text: str, pos: int) -> int:
    # (去年开行…1006列……自开行以来，截至3月15日: an ellipsis ends what 去年 dates)
    ends = [i for i in (text.find("。", pos), text.find("\n", pos), text.find("……", pos)) if i >= 0]
    return min(ends) if ends else len(text)


def _next_quarter(text: str, out: list[PeriodMatch], m: re.Match[str]) -> bool:
    """m is a quarter named in the same sentence right after the single quarter before it (一季度…，二季度…，三季度…):
    a list of quarters, each its own three months, in a release too."""
    if not m["quarter"] or not out:
        return False
    prev, q = out[-1], _int(m["q"] or "")
    return prev.period.kind == "months" and (prev.period.m1, prev.period.m2) == (3 * q - 5, 3 * q - 3) \
        and not _SENTENCE_BREAK.search(text, prev.end, m.start())


def find_periods(text: str, context_year: int, ref_year: int, not_after: date | None, *,
                 quarters_cumulative: bool = False, spans: list[tuple[int, int]] | None = None
                 ) -> tuple[list[PeriodMatch], int]:
    """Every period expression in `text` (normalised), with years resolved; and the context year after it. `spans`
    receives the span of every match of PERIOD_RE, read or not."""
    out: list[PeriodMatch] = []
    restore: tuple[int, int] | None = None  # (where, year): the year before a 去年 that dates its sentence only
    last_past: tuple[int, int] | None = None  # (where, year) of the last 去年/过去一年 by itself
    covered = 0  # the end of a span read with the day that closes it (从2015年至今年2月29日)
    for m in PERIOD_RE.finditer(text):
        if m.start() == m.end():
            continue
        if spans is not None:
            spans.append(m.span())
        if m.start() < covered:
            continue
        if restore is not None and m.start() >= restore[0]:
            context_year, restore = restore[1], None
        g = m  # read by group name (m["rel"]); groupdict() would build a dict of every group per match
        year, explicit = resolve_year(g["rel"], g["y"], context_year, ref_year)
        since = text[max(0, m.start() - 1):m.start()] == "自" and not g["ystart"]
        since_start = since and any(w in text[m.end():m.end() + 24].split("起")[0] for w in _SINCE_ENDS) \
            or (g["y"] is not None and g["ytd"] is None and text.startswith(("以来", "至今", "到今"), m.end()))
        in_comparison = bool(COMPARED_BEFORE.search(text, max(0, m.start() - 3), m.start())) or (
            g["y"] is not None and text[m.start() - 1:m.start()] in _ALONGSIDE and bool(_ALONGSIDE_END.match(text, m.end())))
        # 去年，…全年开行96列: last year by itself, relative to the publication whatever year was written before;
        # not 比去年, 去年同期, 与去年相比 (a comparison)
        past = g["rel"] in _PAST and m.end() - m.start() == len(g["rel"]) and not in_comparison \
            and not text.startswith(_PAST_NOT, m.end())
        if (g["y"] or g["rel"] in ("今年", "本年") or past) and (not not_after or year <= not_after.year) \
                and not since_start and not in_comparison and not (g["y"] and text.startswith("同期", m.end())):
            # a written year sets the year of the periods that follow without one (not 自2013年…以来, not 比2019年同期,
            # not 受2020年同期基数较低影响);
            # 去年 those of its sentence (去年，…全年开行96列。1-5月，… is this year's)
            if past:
                last_past = (m.end(), year)
            if past and restore is None:
                restore = (_sentence_end(text, m.end()), context_year)
            elif not past:
                restore = None
            context_year = year
        if since:
            # 自5月1日启动以来, 自23日夜间降水以来: counted from the day something began; like 自2013年7月18日以来, a day with
            # its year written (自2013年7月18日开行以来) is a service's start and dates nothing
            opened = _OPENED_SINCE.match(text, m.end()) if (g["day"] or g["donly"]) and not g["y"] else None
            near = not_after
            if g["donly"]:
                # (8月24日，…自23日夜间降水以来: the day of the month the story named last)
                named = (pm.period.end_day or pm.period.day for pm in reversed(out) if pm.period.day is not None)
                near = next((d for d in named if d is not None and (not_after is None or d <= not_after)), not_after)
            first = _days(g, _Where(year, explicit, near, quarters_cumulative)) if opened else None
            if opened and first is not None and first.day is not None:
                since_p = Period("since", first.day.year, day=first.day, explicit_year=explicit)
                out.append(PeriodMatch(m.start() - 1, opened.end(), since_p, False))
            continue
        p: Period | None
        to_day = _YEAR_TO_DAY.match(text, m.end()) if g["y"] and g["yearonly"] is not None else None
        if to_day is not None:
            # 从2015年至今年2月29日: from the first day of the year to the day
            y2 = int(to_day["y2"]) if to_day["y2"] else ref_year
            end = make_day(y2, int(to_day["m"]), int(to_day["d"]), not_after, True)
            if end is not None and year < y2:
                out.append(PeriodMatch(m.start(), to_day.end(), Period("span", year, day=date(year, 1, 1), end_day=end),
                                       True))
                covered = to_day.end()
            continue
        if g["ystart"]:
            if g["rel"] not in (None, "今年", "本年"):
                continue  # 去年年初以来: a span into this year, no period of the contract
            p, cumulative = Period("ytd", year, explicit_year=explicit), True
        elif g["ytd"] is not None and m.group("ytd"):
            if not (g["y"] or g["rel"]):
                continue
            p, cumulative = Period("ytd", year, explicit_year=explicit), True
        elif past:
            p, cumulative = Period("year", year, explicit_year=True), True
        elif g["inyear"] and last_past is not None and m.start() - last_past[0] < 200 \
                and "\n" not in text[last_past[0]:m.start()]:
            # 过去一年…。其中，…年内突破3500列: within the year the paragraph just named
            p, cumulative = Period("year", last_past[1], explicit_year=True), True
        elif g["inyear"]:
            # 年内开行突破2000列: this year so far
            p, cumulative = Period("ytd", ref_year, explicit_year=True), True
        else:
            w = _Where(year, explicit, not_after, quarters_cumulative and not _next_quarter(text, out, m))
            if g["donly"] and _DURATION.search(text, max(0, m.start() - 2), m.start()):
                continue  # 提前10日, 历时15日: a number of days, not a day
            if g["dafter"]:
                continue  # 8月18日后: the days after it, not that day
            if _MEETING.match(text, m.end()):
                continue  # 在4月份新闻发布会上表示: the month of a meeting, no period of figures
            p = _days(g, w)
            cumulative = False
            if p is None:
                p, cumulative = _months(g, w, text[m.end():m.end() + 3])
                if p is not None and p.kind in ("months", "month") and not quarters_cumulative and not_after \
                        and text.startswith("以来", m.end()) and p.year \
                        and date(p.year, p.m1, 1) <= not_after <= month_last_day(p.year, p.m2):
                    # 三季度以来 in a bulletin of 27 September: since the quarter began, to the day counted to
                    p = Period("since", p.year, day=date(p.year, p.m1, 1), explicit_year=explicit)
        if p is None or not (1 <= p.m1 <= p.m2 <= 12):
            continue
        if p.kind in ("months", "year", "month") and not explicit and not_after and p.year \
                and date(p.year, p.m2 if p.kind != "year" else 12, 1) > not_after:
            # a period that has not begun its last month by publication is last year's (全年 in a January release)
            p = p.with_year(p.year - 1)
        out.append(PeriodMatch(m.start(), m.end(), p, cumulative))
    return out, context_year
