"""Which period a number belongs to: the period written before it, the sentence's, the paragraph's, the release's;
for running totals the day they are counted to; for goals the plan's year."""

from __future__ import annotations

import re
from datetime import date, timedelta

from statwatch.extract.dates import COMPARED_BEFORE, UNTIL_WORDS, YEAR_RANGE_RE, Period, PeriodMatch
from statwatch.extract.document import DocumentContext
from statwatch.extract.numbers import parse_number
from statwatch.extract.sentence import Sentence, TimeCtx

FLOW_KINDS = ("months", "year", "ytd", "month", "span", "since")
_YEARS_SINCE = re.compile(r"(\d{1,2}|[二三四五六七八九十]{1,3})年(?:来|以来)")
_YEAR = re.compile(r"((?:19|20)\d{2})年")

# 截止到今天17:30: counted to today, whatever day the sentence named before
_THIS_MONTH = re.compile(r"(?:当|本)月(?!份?(?:累计|以来))")
_UNTIL_TODAY = re.compile(r"截[至止]到?(?:今天|今日|今晨|当天|当日)")


def until_today(t: str, a: int, b: int) -> bool:
    """截止到今天17:30 in [a, b): what follows is counted to today."""
    return bool(_UNTIL_TODAY.search(t, a, b))


def to_today(doc: DocumentContext, p: PeriodMatch) -> Period:
    """What a sentence counting to today (截止到今天17:30) is dated by: today, or the span from the day it started
    from (从昨天台风预警高挂再到今天 → yesterday to today)."""
    return doc.span_to_today(p) or Period("day", doc.today.year, day=doc.today)


def in_reason(doc: DocumentContext, p: PeriodMatch) -> bool:
    """考虑到春节期间…激增，…: a period in a clause that gives a reason (bulletins)."""
    t, lo = doc.text, max(0, p.start - 40)
    a = max(t.rfind(c, lo, p.start) for c in ",:;。!?\n") + 1
    return bool(a) and t[a:p.start].lstrip(" “\"").startswith(tuple(doc.rules.vocab.ops.reason_words))


def narrowed(t: str, flows: list[PeriodMatch], region: re.Pattern[str]) -> int:
    """Which of a sentence's flow periods dates it: the first, unless it is a year and a part of that year follows with
    only a place between them and what the part did right after it (2024年，神木市前三季度实现…: the first three quarters
    of 2024; not 2023年，全区一季度开局良好，全年…, 2023年，面对一季度…, 2023年，全区二季度起…)."""
    if len(flows) < 2 or flows[0].period.kind != "year" or flows[1].period.kind not in ("months", "month") \
            or flows[1].period.year != flows[0].period.year:
        return 0
    a, b = flows[0].end, flows[1].start
    between = t[a:b].strip(" ,，")
    if between and not region.fullmatch(between):
        return 0
    return 1 if _PART_DID.match(t, flows[1].end) else 0


def compared(t: str, p: PeriodMatch) -> bool:
    """A period named only as a comparison (较一季度, 与上半年相比, 已超去年全年)."""
    # (是2019年的1.7倍: a multiple of that year's; 超过自2014年至2018年…的列数总和: a clause that compares)
    if COMPARED_BEFORE.search(t, max(0, p.start - 3), p.start) or t.startswith(("相比", "比较", "持平"), p.end) \
            or t.endswith("是", 0, p.start) and _TIMES_OF.match(t, p.end) is not None:
        return True
    stop = _LAST_STOP.search(t, max(0, p.start - 16), p.start)
    return stop is not None and _COMPARING_CLAUSE.match(t, stop.end(), p.start) is not None


# 比去年提前3天突破4000列: a mark reached sooner (or later) in the year than last year: this year's count, no earlier one
SOONER = re.compile(r"(?:比|较)(?:去年|上年)(?:同期)?(?:提前|提早|推迟|延后|早|晚)了?[\d一二两三四五六七八九十]+(?:天|日|个月|周)")
_PLANNED = re.compile(r"的?(?:目标|任务|计划)")
_COMPARING_CLAUSE = re.compile(r"\s*(?:超过|超出|多于|少于)自?")
# the last comma, semicolon, full stop or colon before the end (one scan instead of an rfind per character)
_LAST_STOP = re.compile(r"[,;。:](?=[^,;。:]*$)")
_TIMES_OF = re.compile(r"(?:同期)?的[\d.一二两三四五六七八九十]+倍")


def planned(t: str, p: PeriodMatch) -> bool:
    """全年目标, 年度任务: a period named as a goal's dates nothing stated (完成全年目标的57.5%)."""
    return bool(_PLANNED.match(t, p.end))


def dating(kind: str, p: PeriodMatch) -> bool:
    """A period that dates the flows after it; in a release 今年以来 is commentary, the release's period dates."""
    return p.period.kind in FLOW_KINDS and not (kind == "stats" and p.period.kind == "ytd")


_DIGIT = re.compile(r"\d")
_LIST_JOIN = re.compile(r"\s?[、和及与]\s?")  # (一季度、上半年和前三季度)
# what a part of the year did, right after it (前三季度实现…, 上半年，全市完成…, 1-9月全县地区生产总值…)
_PART_DID = re.compile(r"[,，]?\s*(?:全[区县市省州盟旗]|我[区县市]|共|累计|实现|完成|规模以上|规上|地区生产总值|生产总值|GDP|全社会|社会消费品|一般公共预算)")


def running_months(t: str, sp: list[PeriodMatch], e: int) -> list[PeriodMatch]:
    """6月，…累计完成: a month followed in its sentence by 累计 before its first figure (and no 当月 or 单月) is the running
    total of the year to it (5月份开行116列，…，累计和单月发运量均创新高 is May's)."""
    out = []
    for p in sp:
        q = p.period
        if q.kind != "month" or "累计" not in t[p.end:e]:
            out.append(p)
            continue
        figure = _DIGIT.search(t, p.end, e)
        if "累计" in t[p.end:figure.start() if figure else e] and "当月" not in t[p.end:e] and "单月" not in t[p.end:e]:
            p = PeriodMatch(p.start, p.end, Period("months", q.year, 1, q.m2, explicit_year=q.explicit_year), True)
        out.append(p)
    return out


def day_is_marker(t: str, p: PeriodMatch) -> bool:
    """A day that ends a span (截至11月28日) or starts a service (自2013年7月18日…以来) dates no count itself."""
    return t[max(0, p.start - 2):p.start].endswith(("截至", "截止", "至", "自", "到")) or "以来" in t[p.end:p.end + 12]


def finish(doc: DocumentContext, p: Period, ctx: TimeCtx) -> Period:
    """Close open periods: 今年以来 ends on the sentence's day (else the as-of day); 3月…截至3月20日 is a span of days."""
    if p.kind == "ytd":
        # 记者11月30日获悉，截至29日，…今年以来发送130万标箱: the year so far to the day the sentence counts to
        end = ctx.until or ctx.day or p.end_day or doc.asof
        if (end.month, end.day) == (12, 31) and doc.kind == "rail":
            return Period("year", end.year, explicit_year=True)  # (the year so far on 31 December is the year)
        return Period("ytd", end.year, end_day=end)
    if p.kind == "since" and p.day:
        # 截至5月2日，自5月1日启动以来: the span ends on the day the sentence counts to
        end = (ctx.until if ctx.until and ctx.until >= p.day else None) or ctx.day or p.end_day or doc.asof
        return Period("span", p.day.year, day=p.day, end_day=max(end, p.day))
    if p.kind == "month" and ctx.day and ctx.day.month == p.m1 and ctx.day.year == p.year:
        return Period("monthdays", p.year, p.m1, p.m1, end_day=ctx.day)
    end = ctx.day or doc.asof
    if p.kind == "year" and doc.kind != "stats" and p.year == end.year == doc.doc_date.year and (end.month, end.day) != (12, 31):
        # a bulletin's year that has not ended (标志着2021年…已经突破10000车, on 26 January): the year so far
        return Period("ytd", p.year, end_day=end)
    return p


def flow_period(sent: Sentence, pos: int, ctx: TimeCtx, cs: int | None = None) -> Period | None:
    """The period of a flow (a period total) at pos."""
    doc = sent.doc
    # a period named in a comparison (已超去年全年开行总量) dates only its own clause
    # (前三季度…完成全年计划的78%，同比增长11.2%: the goal's 全年 dates nothing stated)
    before = [p for p in sent.periods if p.end <= pos and (dating(doc.kind, p) or p.period.kind == "day")
              and (cs is None or p.start >= cs or not compared(sent.text, p))
              and (p.period.explicit_year or not planned(sent.text, p))
              and not (p.period.kind == "day" and day_is_marker(sent.text, p))]
    if before and before[-1].period.kind == "day" and doc.kind != "stats":
        # 4月21日开行5列，4月22日开行6列: each count is dated by the day written before it; 从昨天…截至今天17时 by today
        if until_today(sent.text, before[-1].end, pos):
            return to_today(doc, before[-1])
        return before[-1].period
    ends = [p for p in sent.periods if p.end <= pos and p.period.kind == "day"
            and sent.text.endswith(UNTIL_WORDS, 0, p.start)] if doc.kind == "stats" else []
    until = ends[-1].period.day if ends and not any(p.start > ends[-1].start for p in before) else None
    if until is None and not before and not sent.periods and doc.kind == "stats" and ctx.period is None:
        until = ctx.until  # 截止到4月末，…。其中，签约项目11个: the sentence before counted to that day
    before = [p for p in before if p.period.kind != "day"]
    chosen = before[-1].period if before else (ctx.period or sent.para_period)
    named = [p for p in sent.periods if p.period is ctx.period]
    if not before and sent.para_period is not None and ctx.period is not None and named \
            and all(p.start >= pos for p in named):
        # 其中，义乌回程班列127列…，改变2020年一至五月…无回程班列状况: a period the sentence names only after the
        # figure, in a clause of its own, dates it not; the paragraph's does
        chosen = sent.para_period
    if not before and until is not None:
        # 截至10月底，全县一般公共预算收入累计完成12.36亿元: the year's months to that month's end, or the year's days
        # to the day (截至11月6日)
        last = (until + timedelta(days=1)).day == 1
        chosen = Period("months", until.year, 1, until.month) if last else Period("ytd", until.year, end_day=until)
    if chosen is None and doc.kind == "stats":
        chosen = doc.doc_period
    if chosen is None:
        return Period("day", ctx.day.year, day=ctx.day) if ctx.day and doc.kind != "stats" else None
    clause = sent.text[sent.s if cs is None else cs:pos]
    if chosen.kind == "months" and chosen.year is not None and _THIS_MONTH.search(clause):
        # 1-3月…；其中，当月…增长9.9%: the last month of the running span
        chosen = Period("month", chosen.year, chosen.m2, chosen.m2, explicit_year=chosen.explicit_year)
    if chosen.kind == "month" and chosen.year is not None:
        if "累计" in clause and "当月" not in clause:
            # 6月，…累计完成: the running total of the year to June
            chosen = Period("months", chosen.year, 1, chosen.m2, explicit_year=chosen.explicit_year)
    return finish(doc, chosen, ctx)


_STORY_DAYS = 31  # (a story's start more days before the day it counts to is no start of the same count)


def over_story(doc: DocumentContext, day: date) -> Period:
    """2019年7月21日夜间，…降雨。本次抢险，共出动人员40余人次。截止7月22日…: counts without a day of their own in a
    bulletin that says it counts to a day after its story began are over the days from that start; the day alone
    otherwise. (A count that names the day it runs to, 截至26日…共出动, is as of that day: FACTS_SPEC's as-of day.)"""
    start = doc.story_start
    if doc.kind == "ops" and start is not None and start < day and (day - start).days <= _STORY_DAYS:
        return Period("span", start.year, day=start, end_day=day)
    return Period("day", day.year, day=day)


def _story_to(news: Period | None, day: date) -> Period | None:
    """The story's days when they end on `day` (2019年春节期间: 4 to 10 February, counted 截止02月10日), else None."""
    if news is not None and news.kind == "span" and news.day is not None and news.end_day == day and news.day < day:
        return news
    return None


def service_start(t: str, p: PeriodMatch) -> bool:
    """自2013年7月18日…开行以来: the day a service began, not a day anything is counted on."""
    return t[max(0, p.start - 1):p.start] == "自" or "以来" in t[p.end:p.end + 12]


def lately(doc: DocumentContext, a: int, b: int) -> Period | None:
    """6月28日，…启动应急响应。…连日来，共出动应急队伍150人次: counts of the days since the story's day, from that day
    to the as-of day (and the paragraph goes on in them)."""
    news, asof = doc.news_period, doc.asof
    if news is None or news.kind != "day" or news.day is None or news.day >= asof or not doc.lex.ops_lately.search(
            doc.text, a, b):
        return None
    return Period("span", news.day.year, day=news.day, end_day=asof)


def days_of(doc: DocumentContext, ctx: TimeCtx) -> Period | None:
    """The day or span of days a sentence names, closed (自5月29日至今 ends on the as-of day)."""
    if ctx.days is not None and ctx.days.kind in ("span", "since"):
        return finish(doc, ctx.days, ctx)
    return ctx.days


def asof_period(sent: Sentence, pos: int, ctx: TimeCtx, cs: int | None = None) -> Period:
    """The day (or the span of days) a running total or a state is counted to: the sentence's own, the paragraph's,
    the story's (a bulletin's 昨天 or lead day), else the as-of day of the document."""
    # the last day or span of days written before it (春节长假…，其中除夕清理58吨: the eve)
    owned = [p for p in sent.periods if p.end <= pos and (p.period.kind in ("span", "since") or (
        p.period.kind == "day" and not service_start(sent.text, p)))]
    own = [p.period for p in owned]
    if own and own[-1].kind == "day" and until_today(sent.text, sent.s, pos):
        return to_today(sent.doc, owned[-1])
    if len(own) > 1 and own[-1].kind == "day" and own[-1].day == ctx.until and own[-2].kind == "since":
        # 自5月1日启动以来，截至5月2日，累计…: the span since the day, closed on the day counted to
        return finish(sent.doc, own[-2], ctx)
    news = sent.doc.news_period
    months = _months_before(sent, pos) if sent.doc.kind == "ops" else None
    if months is not None and not (owned and owned[-1].start > months.start) \
            and not sent.doc.lex.asof_words.search(sent.text, months.end, pos):
        # 统计今年1月至8月底，已动员环保志工逾22万6255人次: counted over the months written before it (not …，截至目前
        # 累计出动…, counted to the as-of day)
        return months.period
    if own:
        story = _story_to(news, own[-1].day) if own[-1].kind == "day" and own[-1].day else None
        if story is not None and sent.text.endswith(("截至", "截止"), 0, owned[-1].start):
            # 2019年春节期间，…。截止02月10日18时，共计出动…: counted to the last day of the days the story named, over them
            return story
        return finish(sent.doc, own[-1], ctx) if own[-1].kind != "day" else own[-1]
    if ctx.day:
        story = _story_to(news, ctx.day) if ctx.until == ctx.day else None
        if story is not None:
            return story  # (…；出动抽运车辆90余车次: the clause after the semicolon)
        # (记者8日获悉，截至11月3日，…；发送货物超2780万吨: the day counted to, not the day it was told)
        day = ctx.until or ctx.day
        return Period("day", day.year, day=day)
    asof = sent.doc.asof
    para = sent.text.rfind("\n", 0, sent.s) + 1
    if sent.doc.lex.asof_words.search(sent.text, para, pos):
        # 截至目前 (in the paragraph, before it) counts to the as-of day, not over the days the story named
        return Period("day", asof.year, day=asof)
    if news is not None and news.kind == "day" and sent.doc.story_end:
        # (本次抢险，共出动人员40余人次 in a story that says it counts to 22日: over the story's days)
        news = over_story(sent.doc, sent.doc.story_end)
    since_story = lately(sent.doc, sent.s, pos)
    if since_story is not None:
        return since_story
    if news is not None and sent.doc.lex.event_words.search(sent.text, sent.s, pos):
        # 7月3-5日，持续暴雨…。5日上午…。暴雨期间，共出动人员410人次: the event's days
        return news
    if ctx.carried is not None:
        c = ctx.carried
        if news is not None and news.kind == "span" and c.kind == "day" and news.day and news.end_day and c.day \
                and news.day <= c.day <= news.end_day and sent.doc.lex.ops_running.search(sent.text, sent.s, pos):
            # 8月17日至19日…。当天夜间…投入车辆40辆。…累计投入346人: over the story's days, not the night before
            return news
        return c
    if news is not None:
        return news
    return Period("day", asof.year, day=asof)


def _months_before(sent: Sentence, pos: int) -> PeriodMatch | None:
    """The last month or span of months written before pos that had begun by publication, not one compared with."""
    published = (sent.doc.doc_date.year, sent.doc.doc_date.month)
    return next((p for p in reversed(sent.periods) if p.end <= pos and p.period.kind in ("months", "month")
                 and p.period.year and (p.period.year, p.period.m2) <= published and not compared(sent.text, p)), None)


def target_period(sent: Sentence, pos: int) -> Period:
    """A goal's year: the year written last before it (which may lie ahead: 2025年, 明年), else the year of the list of
    goals it is in, else the reference year; a span still to come (今年下半年) is its own."""
    t = sent.text
    full = False
    marks = [(p.start, p) for p in sent.periods if p.end <= pos and p.period.kind in ("year", "ytd")
             and not compared(t, p)]
    nxt = t.rfind("明年", sent.s, pos)
    for _at, p in sorted(marks + ([(nxt, None)] if nxt >= 0 else []), key=lambda m: m[0], reverse=True):
        if p is None:
            return Period("year", sent.doc.ref_year + 1, explicit_year=True)
        if p.period.kind == "ytd" or p.period.explicit_year:
            # 2023年，力争全年…; 今年力争…: the plan's year, which may lie ahead of publication
            return Period("year", p.period.year, explicit_year=True)
        full = True  # 全年 by itself: the year of the sentence, the list or the release
    ahead = [p.period for p in sent.periods if p.end <= pos and p.period.kind == "months" and p.period.year
             and date(p.period.year, p.period.m2, 1) > sent.doc.doc_date]
    if ahead and not full:
        # 今年下半年，确保完成生产总值5420亿元: a goal for a span still to come
        return ahead[-1]
    return sent.goal_year or _year_ahead(sent) or Period("year", sent.doc.ref_year)


def _year_ahead(sent: Sentence) -> Period | None:
    """2024年，该县将…。力争实现…增长10%: a year still ahead of publication, written last before the sentence in its
    paragraph, is the year its goals are for."""
    doc = sent.doc
    para = doc.text.rfind("\n", 0, sent.s) + 1
    for p in reversed(doc.periods):
        if p.start >= sent.s:
            continue
        if p.start < para:
            break
        year = p.period.year
        if p.period.kind == "year" and p.period.explicit_year and year is not None and not compared(doc.text, p):
            return Period("year", year, explicit_year=True) if year > doc.doc_date.year else None
    return None


def goal_year(doc: DocumentContext, periods: list[PeriodMatch], line: str, at: int) -> Period | None:
    """The year a heading of goals names (2024年主要预期目标, 今年…, 明年…), or None."""
    if "明年" in line:
        return Period("year", doc.ref_year + 1, explicit_year=True)
    for p in periods:
        if at <= p.start < at + len(line) and (p.period.kind == "ytd" or (p.period.kind == "year" and p.period.explicit_year)):
            return Period("year", p.period.year, explicit_year=True)
    return None


def years_since(sent: Sentence, pos: int) -> tuple[int, int] | None:
    """'2011年…10年来' → (2011, 2020), 从2016年至2021年 → (2016, 2021): the span a retrospective sentence covers."""
    seg = sent.text[sent.s:pos]
    if "年" not in seg:
        return None  # each form names years
    r = YEAR_RANGE_RE.search(seg)
    if r and int(r.group("y1")) < int(r.group("y2")) <= sent.doc.doc_date.year:
        return int(r.group("y1")), int(r.group("y2"))
    m = _YEARS_SINCE.search(seg)
    y = _YEAR.search(seg)
    if not m or not y or y.start() > m.start():
        return None
    n = int(m.group(1)) if m.group(1).isdigit() else int(parse_number(m.group(1)))
    y0 = int(y.group(1))
    return (y0, y0 + n - 1) if 1 < n < 100 and y0 + n - 1 <= sent.doc.doc_date.year else None


def average_span(sent: Sentence, pos: int) -> tuple[int, int] | None:
    """年均增长: the years the sentence spans (从2013年…到2021年), else 2011年…10年来."""
    years = sorted({int(y) for y in _YEAR.findall(sent.text, sent.s, pos)})
    return (years[0], years[-1]) if len(years) > 1 else years_since(sent, pos)


def periods_for(sent: Sentence, pos: int, count: int) -> list[Period]:
    """The periods listed before any 分别 of the sentence before pos, one per figure (上半年、前三季度…分别增长5.6%和6.2%，
    分别高于全市0.6和0.8个百分点: the gaps too)."""
    t, at = sent.text, pos
    while (at := t.rfind("分别", sent.s, at)) >= 0:
        if found := listed_periods(sent, at + 1, count):
            # (…分别增长5.1%和6.2%，前三季度增长6.8%，分别高于…: a period named since the list dates what follows)
            last = max(p.end for p in sent.periods if p.end <= at and p.period in found)
            return [] if any(last <= p.start < pos for p in sent.periods) else found
    return []


def listed_periods(sent: Sentence, pos: int, count: int) -> list[Period]:
    """The periods listed before 分别 in a sentence, one per figure after it (一季度、上半年、前三季度分别增长5.1%、6.2%和
    7.0%; 1-7月、1-8月、1-9月分别…): only when exactly `count` periods that date flows stand joined by 、/和/及 right
    before 分别, else none."""
    t = sent.text
    end = t.rfind("分别", sent.s, pos)
    if end < 0 or count < 2:
        return []
    run = [p for p in sent.periods if sent.s <= p.start and p.end <= end]
    if len(run) < count:
        return []
    # the list is the periods joined by 、/和 that end last before 分别: exactly as many as the figures
    k = len(run) - 1
    while k > 0 and _LIST_JOIN.fullmatch(t, run[k - 1].end, run[k].start):
        k -= 1
    run = run[k:]
    # (2024年、2023年同期…: the same span of two years, no years; 去程、回程分别: another list the figures go with)
    if len(run) != count or _DIGIT.search(t, run[-1].end, end) or "、" in t[run[-1].end:end] \
            or t.startswith("同期", run[-1].end):
        return []
    if not all(dating(sent.doc.kind, p) or p.period.kind == "ytd" for p in run) \
            or len({p.period for p in run}) != count:
        return []
    return [p.period for p in run]
