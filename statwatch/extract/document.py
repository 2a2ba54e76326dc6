"""What a whole document establishes: its kind, its dates (publication, dateline, as-of day), its regions."""

from __future__ import annotations

import bisect
import re
from datetime import date, timedelta

from statwatch.extract.dates import Period, PeriodMatch, find_periods, make_day, month_last_day
from statwatch.extract.holidays import find_holidays, merge
from statwatch.extract.lexicon import COMPARING, Lexicon, lexicon, reach, scan_near
from statwatch.extract.normalize import Normalised, normalise, strip_pinyin, unwrap
from statwatch.extract.numbers import parse_number
from statwatch.extract.rules import Rules

# (not a part after 其中: 其中金水区 is no title's place, nor 中金水区)
_TITLE_PLACE = r"(?<!其)(?<!其中)([^\x00-\u4dff\ua000-\U0010ffff地季度年月日今昨晨全的据在是和与及为以之各本我该其城市县区]{2,4}?"
# a title's place: 金水区, then a county, then a city
_TITLE_PLACES = [(suffix, re.compile(_TITLE_PLACE + suffix + r")(?!场|长|委|民|政|容|级|域|统计|人大)")) for suffix in ("区", "县", "市")]
# (高于全省国家级…开发区, 与中牟县相比: a place compared with; a title's kicker before a space or ！ is no comparison)
_COMPARED_PLACE = re.compile(r"(?:高于|低于|快于|慢于|超过|比|较|与)[^,，。;\n !！\u3000]{0,10}$")
_SPAN_START = re.compile(r"至|以来|起")  # 从8月13日至今, 4月1日至当日, 5月1日起: a span's first day
_FIRST_DAY_MONTH = r"(?:(?P<y>(?:19|20)\d{2})年)?(?P<m>\d{1,2})"
_FIRST_DAY = re.compile(r"(?=\d{1,4}[年月])" + _FIRST_DAY_MONTH + r"月(?P<d>\d{1,2})日")
# 经过七天七夜的奋战, 历时5天, 连续三天: a length of days that ends on the day written after it
_LASTED = re.compile(r"(?:经过|历时|连续|持续|奋战)了?(?P<n>\d{1,2}|[二两三四五六七八九十][一二两三四五六七八九十]{0,2})(?:个)?(?:天|日)(?![内后前])"
                     r"|(?P<n2>\d{1,2}|[二两三四五六七八九十][一二两三四五六七八九十]{0,2})天(?P=n2)夜")
_TITLE_YEAR = re.compile(r"(?<![\d比较与同自从從])((?:19|20)\d{2})年(?!以来|来|前|底前|起|之前|以前|同期|度?目标|计划|将|至|到)")
TITLE_LINE = 60  # (a first line longer than this is text, not a title)
_MORE_DAYS = re.compile(r"(?:[、和](?P<d>\d{1,2})日)+")  # 8月9日、10日: more days of the same month
_FIRST_DAY_REACH = reach(_FIRST_DAY_MONTH)  # (how far before its 月 a day can start)
# a lead that reports a running total reaching a mark: 第400班, 累计开行达2000列, 开行量突破10000列
_MILESTONE = re.compile(r"第[\d,]{3,}(?:列|班)|(?:累计|开行量|总量|开行|到发|发运)[^。,]{0,6}?(?:突破|达)\s*[\d.]+\s*万?(?:列|班)")
_LEAD = 300  # a bulletin's lead: the story's day is said within it
# a word before a place that compares with it (高于全州, 居全市第3位, 比全国, 与全县平均水平相比), or takes a share of it
# or exceeds it (占全省的, 超全市)
_COMPARED = re.compile(f"[{COMPARING}占超]$")
_QUOTED = re.compile(r"“[^“”\n]*”")
# a page's record of itself, a line of its own under the title or at the foot: when it went up, where from, who wrote it,
# how often it was read (2022年4月24日 10:05 来源:区政府办公室 阅读:356次): no part of the story, and its date is the
# page's, not the day the story tells (a clock time alone is no mark: 截至今天17:30,共出动…)
_PAGE_META = re.compile(r"^(?:[^\n。]{0,80}?(?:(?:19|20)\d{2}[-/.年]\d{1,2}[-/.月]\d{1,2}日?\s*\d{1,2}:\d{2}"
                        r"|(?:来源|发布时间|发布日期|发布机构|信息来源|文章来源|浏览次数|浏览量|阅读次数|阅读量|点击数|点击量|访问量"
                        r"|字号|作者|当前位置|您的位置|您当前的位置)\s?:)[^\n。]{0,120}"
                        # or a line that is only a date written the web's way (2010-07-10, 2010/07/10 09:30)
                        r"|\s*(?:19|20)\d{2}[-/]\d{1,2}[-/]\d{1,2}(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?\s*)$", re.M)
# a page's stamp inside a line: a word of posting, editing or reposting and the full date after it (编辑最后更新 2025年07月03日,
# 发布于2025-07-03), or a date written the web's way with the word after it (2025-07-03 10:05 发布): the page's date,
# not the story's, though a mirror's teaser of the story goes on after it on the same line
_STAMP_DATE = r"(?:19|20)\d{2}(?:[-/.]\d{1,2}[-/.]\d{1,2}|年\d{1,2}月\d{1,2}日)(?:\s*\d{1,2}:\d{2}(?::\d{2})?)?"
_STAMP_VERBS = r"(?:更新|发布|发表|编辑|转载|修改|录入|上传)"
_STAMP_AFTER = r"(?:时间|日期|于)?\s?:?\s*" + _STAMP_DATE
_STAMP_WEB = (r"\d{2}(?:[-/.]\d{1,2}[-/.]\d{1,2}(?:\s*\d{1,2}:\d{2}(?::\d{2})?)?"
              r"|年\d{1,2}月\d{1,2}日\s*\d{1,2}:\d{2}(?::\d{2})?)\s*(?:发布|发表|更新|转载|编辑)")
STAMP_PLAIN = r"(?=[最更发编转修录上])(?:最后|最近)?" + _STAMP_VERBS + _STAMP_AFTER + "|(?:19|20)" + _STAMP_WEB
# the same with every branch opening with its first character, so that re skips to those (STAMP_PLAIN, which the tests
# compare it with, opens with a lookahead and a group, tried at every character)
_STAMP = re.compile("|".join([f"最[后近]{_STAMP_VERBS}{_STAMP_AFTER}",
                              *(f"{verb}{_STAMP_AFTER}" for verb in ("更新", "发[布表]", "编辑", "转载", "修改", "录入", "上传")),
                              f"19{_STAMP_WEB}", f"20{_STAMP_WEB}"]))
_BARE_DAY = re.compile(r"\d{1,2}[日号]")  # a day of the month, written without its month
_DEADLINE_AFTER = ("前", "以前", "之前")  # 5月31日前完成: a deadline, no day the story tells
_PLANNED_BEFORE = ("计划于", "将于", "拟于", "预计于", "计划", "预计", "将")
_UNTIL_BEFORE = ("截至", "截止", "至")  # 截至26日上午10点, 至6日上午10点: the day counted to
_ONSET = re.compile(r"[^,;。]{0,10}?(?:开始|以来|起)")  # 12月1日下午2时开始的本轮降雪: when the event began
_STORY_BEFORE = 3  # (a day the lead names this many days before its story day at most is when the story began)
_NEWS_DAYS = 10  # a train's departure reported as news lies at most this many days before publication
def _photo(t: str, end: int) -> bool:
    """(2020年12月23日摄): the day a picture was taken dates no story."""
    return "摄" in t[end:end + 3]


_SHORTENED = frozenset("区县市旗")  # a place written without these once its full name was given
_COMPANY = re.compile(r"(有限责任公司|股份有限公司|有限公司|公司)$")


def detect_kind(text: str, rules: Rules) -> str:
    """Guess rail / ops / stats from the words a document uses (the title counts three times)."""
    words = rules.vocab.kind_words
    title = text.lstrip().split("\n", 1)[0]
    scores: dict[str, int] = {k: sum(text.count(x) + 3 * title.count(x) for x in v) for k, v in words.items()}
    best = max(scores, key=lambda k: scores[k], default="stats")
    return best if scores.get(best, 0) >= 2 else "stats"


class DocumentContext:
    """One document as the grammar sees it: normalised text, kind, reference dates, regions, codes named so far."""

    def __init__(self, text: str, *, doc_date: date | None, kind: str, doc: str, rules: Rules):
        self.rules = rules
        self.lex: Lexicon = lexicon(rules)
        self.norm = Normalised(text)
        self.text = self.norm.text
        self.doc = doc
        self.kind = kind if kind in ("rail", "stats", "ops") else detect_kind(self.text, rules)
        # a province named bare is a region in a release; in a bulletin it is where a service runs (河南中欧班列)
        self.region_re = self.lex.region_named if self.kind == "stats" else self.lex.region
        self.doc_date = doc_date or date.today()
        # a bulletin naming no trains across a border, or naming its other service's trains (铁海联运班列) first (并与中欧班列
        # 无缝衔接 further on): those trains are its own
        border = self._border_named(rules) if self.kind == "rail" else -1
        self.names_border = border >= 0  # the bulletin names trains across a border (中欧班列, 中亚班列 …)
        self.lone_service = self.kind == "rail" and self._lone_service(rules, border)
        self.seen_codes: set[str] = set()
        self.last_codes: tuple[str, ...] = ()  # the indicator named last so far
        self._entity_index: tuple[list[re.Match[str]], list[int], list[str], str] | None = None
        self.page_meta: list[tuple[int, int]] = [m.span() for m in _PAGE_META.finditer(self.text)] \
            if ":" in self.text else []
        self.stamps: list[tuple[int, int]] = [m.span() for m in _STAMP.finditer(self.text)
                                              if not self.in_page_meta(m.start())] if "20" in self.text else []
        # the lead is read past the page's record of itself: its lines do not use up the lead's length
        self._lead_shift = sum(b - a for a, b in self.page_meta + self.stamps if a < _LEAD + 100)
        self._dates()
        self.named_region = self._named_region()
        # 拱墅 after 拱墅区 in the title: the place by its short name
        short = self.named_region[:-1] if self.named_region[-1:] in _SHORTENED else ""
        self.short_place = short if len(short) >= 2 else ""
        self.default_region = self._default_region()
        # computed here, not as cached properties: a cached_property stores into the instance's __dict__, which makes
        # CPython (3.11) give up the compact attribute layout, and every later doc.text or doc.lex read gets slower
        self.news_period = self._news_period()
        # the day a bulletin's story began (its lead's day, or the first of its days), and a later day it says it
        # counts to (截至1月26日13时, 9月15日以来): counts without a day of their own are over the days between
        self.story_start = self._story_start(self.news_period)
        self.story_end = self._story_end()
        self.doc_period = self._doc_period()

    # ---- dates -----------------------------------------------------------------------------------------

    def _dates(self) -> None:
        t, dd = self.text, self.doc_date
        # each pattern below needs a 日: without one, none is tried at every character
        first_full = next((m for m in scan_near(_FIRST_DAY, t, (("月", 0),), _FIRST_DAY_REACH)
                           if not self.page_dated(m.start()) and not _photo(t, m.end())),
                          None) if "日" in t else None
        month_hint = int(first_full.group("m")) if first_full else dd.month
        self.statement_day: date | None = None
        told_month = False  # the lead wrote the statement day's month (乌鲁木齐1月16日电), not just its day (6日消息)
        # only the lead dates a story: a dateline (新华社西安11月28日电) or a statement (赵立坚5月19日说); a statement
        # quoted further down is history
        head = 400 + self._lead_shift
        for rx in (self.lex.dateline, self.lex.statement) if "日" in t[:head] else ():
            for m in scan_near(rx, t, (("日", 0),), self.lex.day_reach, head):
                if t[max(0, m.start() - 1):m.start()] == "自" or self.page_dated(m.start()) or _photo(t, m.end()):
                    continue
                y = int(m.group("y")) if m.group("y") else dd.year
                mo = int(m.group("m")) if m.group("m") else month_hint
                day = make_day(y, mo, int(m.group("d")), dd, bool(m.group("y")))
                if day and day <= dd and (dd - day).days <= 366:
                    self.statement_day = day
                    told_month = bool(m.group("m"))
                    break
            if self.statement_day:
                break
        self.ref_date = self.statement_day or dd
        self._told_month = told_month
        self.ref_year = self.ref_date.year
        titled = self._title_year() if self.statement_day is None else None
        if titled is not None and titled <= dd.year - 2:
            # 2017年十一黄金周天安门收运垃圾53.5吨 on a mirror dated 2025: the story's 今年 is the title's year
            self.ref_year = titled
        self.periods = self._periods()  # (their years need the reference year; the lead day below reads them)
        self.asof = self.statement_day or self._lead_day() or dd
        told = self.asof
        if self.kind == "ops" and self.statement_day is None:
            # a bulletin's report day, when no dateline gives one, is the day it keeps counting to (its figures without
            # a day of their own are as of it)
            self.asof = self._stated_asof() or dd
        dateline = None
        if first_full and first_full.start() < 300 + self._lead_shift and not t.endswith(("从", "自"), 0, first_full.start()) \
                and not _SPAN_START.match(t, first_full.end()):
            # the first day written in the lead is the story's today, not a day a span starts on (从8月13日至今)
            y = int(first_full.group("y")) if first_full.group("y") else self.ref_year
            dateline = make_day(y, int(first_full.group("m")), int(first_full.group("d")), dd, bool(first_full.group("y")))
            more = _MORE_DAYS.match(t, first_full.end())
            later = make_day(dateline.year, dateline.month, int(more.group("d")), dd, True) if more and dateline else None
            if dateline and later and dateline < later <= dd:
                dateline = later  # 8月9日、10日，全市景观灯光暂时关闭: the story's today is the last of the days listed
        self.today = dateline or told

    def _title_year(self) -> int | None:
        """The year a title opens with as its own (2017年十一黄金周…; not 2016年以来, 2022-2023年度, 回顾2020年, a
        breadcrumb's 首页 > 2019年工作动态), None otherwise."""
        lines = [line for line in self._story().split("\n") if line.strip()]
        if len(lines) < 2 or len(lines[0].strip()) > TITLE_LINE or "。" in lines[0]:
            return None  # (a first line that is a sentence, or the whole text, is no title)
        m = _TITLE_YEAR.match(lines[0].strip())
        return int(m.group(1)) if m else None

    def _stated_asof(self) -> date | None:
        """The day a bulletin says more than once that it counts to (截至2月7日中午，全省…。…截至2月7日中午，全市…):
        the report's; a day said once is the count's own (截至4月16日，已完成…排查。…先后完成…清理 is as of publication)."""
        days = self._counted_to(("截至", "截止"))
        return max((d for d in days if days.count(d) > 1), default=None)

    def _counted_to(self, words: tuple[str, ...]) -> list[date]:
        """The days up to publication the story says it counts to, each time it says so (截至2月7日中午; a deadline,
        5月31日前, is none)."""
        t = self.text
        return [pm.period.day for pm in self.periods if pm.period.kind == "day" and pm.period.day is not None
                and pm.period.day <= self.doc_date and t.endswith(words, 0, pm.start)
                and not t.startswith(_DEADLINE_AFTER, pm.end)]

    def _story(self) -> str:
        """The text with the page's record of itself blanked (offsets kept): its dates date nothing, nor pass on a year."""
        t = self.text
        for a, b in self.page_meta + self.stamps:
            t = t[:a] + " " * (b - a) + t[b:]
        return t

    def in_page_meta(self, pos: int) -> bool:
        """pos lies on a line of the page's record of itself (its publication time, source, author)."""
        return any(a <= pos < b for a, b in self.page_meta)

    def page_dated(self, pos: int) -> bool:
        """pos lies on the page's record of itself or on a stamp of the page inside a line (编辑最后更新 2025年07月03日)."""
        return self.in_page_meta(pos) or any(a <= pos < b for a, b in self.stamps)

    def _lead_day(self) -> date | None:
        """The day a bulletin's lead reports a train leaving or arriving (8月26日…开出, 12月29日…抵达), or the running
        total reaching a mark (8月26日，总第500班…; 9日迎来里程碑——开行量突破8000列): the story's totals are counted
        to that day."""
        if self.kind != "rail":
            return None
        head = self.text[:400 + self._lead_shift]
        for pm in self.periods:
            if pm.start >= len(head):
                break
            if pm.period.kind != "day" or pm.period.day is None or head[max(0, pm.start - 1):pm.start] == "自":
                continue
            asof = head[max(0, pm.start - 2):pm.start] in ("截至", "截止")
            if head[max(0, pm.start - 1):pm.start] == "至" and not asof:
                continue
            # the lead sentence, or its paragraph when longer (3月23日，…驶出。今年以来，…开行量突破1000列)
            para_end = head.find("\n", pm.end)
            stop = head.find("。", pm.end)
            lead = head[pm.end:max(stop, para_end if para_end >= 0 else len(head))].replace("\n", "")
            sentence = head[pm.end:stop if stop >= 0 else len(head)]
            # a dispatch is news when it is recent (于2019年5月6日开出首趟班列 is the service's history)
            recent = 0 <= (self.doc_date - pm.period.day).days <= _NEWS_DAYS
            if asof:
                # 截至2月19日，…累计开行10556列: the lead's running totals are counted to that day
                return pm.period.day if recent and "累计" in sentence else None
            return pm.period.day if _MILESTONE.search(lead) or (recent and self.lex.dispatch.search(sentence)) else None
        return None

    def _periods(self) -> list[PeriodMatch]:
        """Every period expression of the document, years carried from one to the next; named holidays among them."""
        story = self._story()
        # every match of the period pattern in the text, for the sentences' opacity maps (when the story is the text)
        self.period_spans: list[tuple[int, int]] | None = [] if story is self.text else None
        self.period_ends: list[int] = []
        found = find_periods(story, self.ref_year, self.ref_year, self.doc_date,
                             quarters_cumulative=self.kind == "stats", spans=self.period_spans)[0]
        if self.period_spans:
            self.period_ends = [b for _, b in self.period_spans]
        # a release dates its figures by months; 受春节假期错月影响 is commentary
        named = [] if self.kind == "stats" else find_holidays(self.text, self.lex.holiday, self.rules.vocab.holidays, found,
                                                              self.ref_year, self.doc_date)
        return [self._month_end(self._dateline(pm)) for pm in merge(found, named)]

    def _month_end(self, pm: PeriodMatch) -> PeriodMatch:
        """截至2025年10月 in a bulletin is a day: the month's last, or the publication day when the month is not over
        (a release's 截至3月 is January to March); so is a span of months (截至今年上半年: 30 June)."""
        p = pm.period
        if self.kind == "stats" or p.kind not in ("month", "months") or p.year is None \
                or not self.text.endswith(("截至", "截止"), max(0, pm.start - 2), pm.start):
            return pm
        last = month_last_day(p.year, p.m2)
        day = min(last, self.doc_date)
        return PeriodMatch(pm.start, pm.end, Period("day", day.year, day=day, explicit_year=p.explicit_year), False)

    def _dateline(self, pm: PeriodMatch) -> PeriodMatch:
        """The dateline's day is the statement day, whatever year a headline before it named (2021年…\n北京1月24日电)."""
        sd, p = self.statement_day, pm.period
        if sd is None or p.kind != "day" or p.explicit_year or p.day is None:
            return pm
        if self._told_month and (sd.year, sd.month) != (p.day.year, p.day.month) and p.day > sd \
                and _BARE_DAY.fullmatch(self.text, pm.start, pm.end):
            # 乌鲁木齐1月16日电 记者16日获悉 on a page published in November: a day written without its month is in the
            # month the lead dates the story, not the month of publication
            day = make_day(sd.year, sd.month, p.day.day, sd, False)
            if day is not None:
                return PeriodMatch(pm.start, pm.end, Period("day", day.year, day=day), pm.cumulative)
        if (p.day.month, p.day.day) != (sd.month, sd.day):
            return pm
        return PeriodMatch(pm.start, pm.end, Period("day", sd.year, day=sd), pm.cumulative)

    def _news_period(self) -> Period | None:
        """A bulletin's story day: 今天/今晨, else 昨天, else the day or days its lead opens with (11日凌晨,
        从22日除夕夜到28日); its counts are dated by it when their sentence names no day."""
        if self.kind != "ops":
            return None
        # the lead says it, not a quotation further down (“昨天夜里一点我们就上路了”)
        lead_end = _LEAD + self._lead_shift
        lead = _QUOTED.sub(lambda m: " " * len(m.group(0)), self.text[:lead_end])
        today = self.lex.today.search(lead)
        found = self.periods
        since = next((pm for pm in found if pm.start < lead_end and lead.startswith(("昨天", "昨日", "昨晚", "昨夜"), pm.start)
                      and self.span_to_today(pm) is not None), None)
        if today and since is not None and today.start() > since.start:
            # 从昨天台风预警高挂再到今天: the story runs from yesterday to today
            return self.span_to_today(since)
        if today and not (today.group(0) in self.rules.vocab.same_day_words and self.day_before(today.start())):
            # (8月17日至19日…暴雨…。当天夜间…: the day named before, not today; the lead's days below)
            return Period("day", self.today.year, day=self.today)
        for pm in found:
            if pm.start < lead_end and lead.startswith(("昨天", "昨日", "昨晚", "昨夜"), pm.start) and pm.period.day:
                return pm.period
        for pm in found:
            if pm.start > lead_end:
                break
            if pm.period.kind in ("day", "span", "since") and pm.period.day \
                    and not self.text[max(0, pm.start - 2):pm.start].endswith(("截至", "截止", "至", "自")):
                lasted = self._lasted(pm) if pm.period.kind == "day" else None
                if lasted is not None:
                    # 经过七天七夜的奋战，1月31日18时30分…解除Ⅲ级响应。这期间，…: the days that ended on it
                    return lasted
                # 8月以来，…遭遇多轮强降雨: the story runs from the 1st to its day
                end = max(self.today, pm.period.day)
                return pm.period if pm.period.kind != "since" else Period("span", pm.period.year, day=pm.period.day,
                                                                          end_day=end)
        return None

    def _lasted(self, pm: PeriodMatch) -> Period | None:
        """The span of days a sentence says ended on the day pm names (经过七天七夜的奋战，1月31日…; 连续5天…，至8日),
        None when it names no such length."""
        t, day = self.text, pm.period.day
        begin = max(t.rfind("。", 0, pm.start), t.rfind("\n", 0, pm.start)) + 1
        m = _LASTED.search(t, begin, pm.start)
        if m is None or day is None:
            return None
        raw = m.group("n") or m.group("n2")
        n = int(raw) if raw.isdigit() else int(parse_number(raw))
        if not 2 <= n <= 31:
            return None
        first = day - timedelta(days=n - 1)
        return Period("span", first.year, day=first, end_day=day)

    def _story_start(self, news: Period | None) -> date | None:
        """The first day of a bulletin's story: its day, or the first of its days when written as days (7日晚至8日; not
        4月以来, a campaign since a month), or a day at most _STORY_BEFORE earlier on which its lead says the event began
        (东北网12月2日讯 12月1日下午2时开始的本轮降雪)."""
        if news is None or news.day is None or news.kind not in ("day", "span"):
            return None
        lead_end = _LEAD + self._lead_shift
        if news.kind == "span" and not any(pm.start < lead_end and pm.period.day == news.day
                                           and "日" in self.text[pm.start:pm.end] for pm in self.periods):
            return None
        first = news.day
        for pm in self.periods:
            if pm.start >= lead_end:
                break
            day = pm.period.day
            if pm.period.kind == "day" and day is not None and 0 < (first - day).days <= _STORY_BEFORE \
                    and not self.text.endswith(_UNTIL_BEFORE, 0, pm.start) and not self.page_dated(pm.start) \
                    and _ONSET.match(self.text, pm.end):
                first = day  # (not 昨夜今晨, the night before the story's day, nor a forecast's or a meeting's day)
        return first

    def _story_end(self) -> date | None:
        """The last day after the story's start it says it counts to (截至1月26日13时; 9月15日以来 counts to the as-of
        day), None when it names none."""
        start, t = self.story_start, self.text
        if start is None:
            return None
        end = max((d for d in self._counted_to(_UNTIL_BEFORE) if d > start), default=None)
        since = any(pm.period.kind == "since" and pm.period.day == start or pm.period.day == start
                    and t.startswith("以来", pm.end) for pm in self.periods)
        return end or (self.asof if since and self.asof > start else None)

    def span_to_today(self, pm: PeriodMatch) -> Period | None:
        """从昨天…再到今天: the span from a day written after 从/自 to the story's today (None for another day)."""
        first = pm.period.day
        if first is None or first >= self.today or not self.text.endswith(("从", "自"), 0, pm.start):
            return None
        return Period("span", first.year, day=first, end_day=self.today)

    def day_before(self, pos: int) -> date | None:
        """The day the story named last before pos, the first of a span of days (8月17日至19日…。当天夜间…: the 17th);
        never a day a span ends on or a service started on, nor a deadline or a planned day (计划于5月31日前完成)."""
        for pm in reversed(self.periods):
            if pm.start >= pos:
                continue
            if pm.period.kind in ("day", "span") and pm.period.day is not None \
                    and not self.text.endswith(("截至", "截止", "至", "自", "到"), max(0, pm.start - 2), pm.start) \
                    and "以来" not in self.text[pm.end:pm.end + 12] \
                    and not self.text.startswith(_DEADLINE_AFTER, pm.end) \
                    and not self.text.endswith(_PLANNED_BEFORE, max(0, pm.start - 3), pm.start):
                return pm.period.day
        return None

    def _doc_period(self) -> Period | None:
        """The release's own period (the first running span it names, else the first month: a monthly release), for
        sentences that name none. A year not over at publication is a plan's (紧扣2025年重点工作目标, in April), never
        the period a release reports."""
        for pm in self.periods:
            if pm.period.kind == "year" and pm.period.year is not None and pm.period.year >= self.doc_date.year:
                continue
            if pm.cumulative and pm.period.kind in ("months", "year"):
                return pm.period
        return next((pm.period for pm in self.periods if pm.period.kind == "month"), None)

    # ---- regions ---------------------------------------------------------------------------------------

    def orig_span(self, start: int, end: int) -> str:
        """The original text of a normalised span, pinyin readings and a hard wrap's line breaks removed (regions, route
        names)."""
        a, b = self.norm.span(start, end)
        return strip_pinyin(unwrap(self.norm.original[a:b]))

    def _named_region(self) -> str:
        """The place the title names (its first four lines: 金水区, then a county, then a city)."""
        # a line of keywords joined by _ or | (a mirror's injected header) names no place, nor the page's record of
        # itself; offsets stay those of the text
        head, pos, kept = [], 0, 0
        for x in self.text.split("\n", 12)[:12]:
            if x.count("_") + x.count("|") < 2 and kept < 4 and not (self.page_meta and self.in_page_meta(pos)):
                kept += 1
                head.append((pos, x))
            pos += len(x) + 1
        for suffix, rx in [("", self.lex.place_name), *_TITLE_PLACES]:
            room = 200
            for start, line in head:
                # (the pattern tries every character: only on a line holding the suffix; not a place compared with,
                # 高于全省国家级经济技术开发区)
                m = next((x for x in rx.finditer(line, 0, room) if not _COMPARED_PLACE.search(line, max(0, x.start() - 14), x.start())),
                         None) if suffix in line else None
                if m and m.group(m.lastindex or 0) not in ("全区", "全县", "全市", "城区", "市区"):
                    a, b = start + m.start(m.lastindex or 0), start + m.end(m.lastindex or 0)
                    return self.orig_span(self._past_lead_verb(a, b), b)
                room -= len(line) + 1
                if room <= 0:
                    break
        return ""

    def _default_region(self) -> str:
        """The first word by which the document names its own place (全区, 我市, 全旗 …) that is not compared with (高于全州,
        居全市第3位: another level's), else the title's place."""
        for m in self.lex.own_place.finditer(self.text):
            if not _COMPARED.search(self.text, max(0, m.start() - 3), m.start()):
                return self.canon_region(m.group(0), m.start(), m.end())
        return self.named_region

    def _border_named(self, rules: Rules) -> int:
        """Where the text first names trains across a border, -1 when it names none."""
        return min((i for w in rules.vocab.rail.border_services if (i := self.text.find(w)) >= 0), default=-1)

    def _lone_service(self, rules: Rules, border: int) -> bool:
        if border < 0:
            return True
        other = min((i for w in rules.vocab.rail.other_services if (i := self.text.find(w + "班列")) >= 0), default=-1)
        return 0 <= other < border

    def _named_end(self) -> int:
        n = normalise(self.named_region)
        i = self.text.find(n)
        return i + len(n) if i >= 0 else 0

    def own_short(self, name: str) -> bool:
        """A place's short name is the document's own when its title (first line) or its named region holds it."""
        first = self.text.find("\n", 0, 200)
        return name == self.short_place or name in self.named_region or first > 0 and name in self.text[:first]

    def region_at(self, m: re.Match[str]) -> str:
        """A region match, a leading cue or filler word cut off (其中金牛区 → 金牛区, 增速金水区 → 金水区)."""
        a, b = self.region_start(m), m.end()
        return self.canon_region(self.text[a:b], a, b)

    def region_start(self, m: re.Match[str]) -> int:
        """Where the place of a region match starts once a leading cue or filler word is cut off (region_at)."""
        a, b = m.start(), m.end()
        if m.group(0) not in self.lex.region_words and m.group(0) not in self.lex.place_names:
            for f in self.lex.filler.finditer(self.text, max(0, a - 4), b):
                if f.start() <= a < f.end() and b - f.end() >= 2 and f.group(0) not in self.lex.region_words \
                        and not (f.end() - f.start() == 1 and self._name_opens(a, b)):
                    a = f.end()  # (全省56个城区 keeps its whole)
            a = self._past_lead_verb(a, b)
        return a

    def _name_opens(self, a: int, b: int) -> bool:
        """The character at `a`, which a filler word may be (高, 达, 万, 余), opens the place's name in [a, b): the name
        is itself a suffix (高新区; not 仅高新区), a zone's (高新技术产业开发区) or a known place's (达州市, 万州区, 余姚市,
        高邮市)."""
        t, lex = self.text, self.lex
        if t[a:b] in lex.region_suffixes or any(t.endswith(z, a, b) for z in lex.zone_suffixes) and b - a > 5:
            return True
        return any(t[a:b - len(x)] in lex.place_short for x in lex.region_suffixes if t.endswith(x, a, b))

    def _past_lead_verb(self, a: int, b: int) -> int:
        """Where a place matched in [a, b) starts once a verb the place pattern took in is cut off (前往宁乡市: 宁乡市)."""
        verb = next((v for v in self.rules.vocab.region_lead_verbs if self.text.startswith(v, a)), "")
        return a + len(verb) if verb and b - a - len(verb) >= 2 else a

    def canon_region(self, word: str, start: int, end: int) -> str:
        """A region as written; 全区/我市 … become the district the title names when the level matches."""
        if word in self.lex.own_place_words and self.named_region and self.text[self._named_end() - 1] == word[-1]:
            return self.named_region
        return self.orig_span(start, end)

    # ---- rail operators and brands ---------------------------------------------------------------------

    def _entities(self) -> tuple[list[re.Match[str]], list[int], list[str], str]:
        # named operators and brands (a bare 中欧班列 names nobody), in text order, with their names; found on first use
        if self._entity_index is None:
            found = list(self.lex.entity.finditer(self.text))
            named = [m for m in found if m.group(0) not in ("中欧班列", "班列")]
            bare = found[0] if found else None
            self._entity_index = named, [m.start() for m in named], [self.entity_name(m) for m in named], \
                self.entity_name(bare) if bare else ""
        return self._entity_index

    def entity_name(self, m: re.Match[str]) -> str:
        """An operator's name without its company suffix."""
        return _COMPANY.sub("", self.orig_span(m.start(), m.end()))

    def rail_region(self, pos: int) -> str:
        """The operator or brand named last before `pos` (in this sentence, else earlier in the story)."""
        if self.kind != "rail":
            return ""
        named, starts, names, bare = self._entities()
        i = bisect.bisect_left(starts, pos)
        while i > 0 and named[i - 1].end() > pos:
            i -= 1
        if i > 0:
            return names[i - 1]
        if named:
            return names[0]
        return bare

    # ---- short forms ----------------------------------------------------------------------------------

    def license(self, text: str) -> None:
        """Full names in text without numbers still license their short forms later (规上工业增加值 → 工业增加值)."""
        for m in self.rules.licensing_re.finditer(text):
            self.seen_codes.add(self.rules.licensing_codes[m.group(0)])
