"""The extraction loop: paragraphs → sentences → clauses → numbers, each number handed to its measure handler."""

from __future__ import annotations

import bisect
import re
from datetime import date
from operator import itemgetter

from statwatch.extract import compare, earlier, measures, rail, rankings, ranklists, structure, tables, timing
from statwatch.extract.dates import UNTIL_WORDS, Period, PeriodMatch, over
from statwatch.extract.document import DocumentContext
from statwatch.extract.facts import FactSink
from statwatch.extract.lexicon import CJK
from statwatch.extract.normalize import TITLE_MAX
from statwatch.extract.rules import Rules, load_rules
from statwatch.extract.scan import Num, ends_in_subject, heading_codes
from statwatch.extract.sentence import (
    VIEW,
    Focus,
    Sentence,
    Site,
    Subject,
    TimeCtx,
    aside,
    listed_places,
    outside_asides,
)
from statwatch.model import Fact

# (a reference mark with a gap after it ends what an encyclopedia page states before it: 超4500亿美元 [1] - 2016年至…;
# a footnote mark inside a sentence does not: 居民消费价格指数[1]上涨2.5%)
SENT_END_PLAIN = r"[。!?;\n]+|\s?\[\d{1,2}\](?:\s?-\s|\s)"
# the same opening with one class, so that re skips to it (\s? first made re try the pattern at every character); the
# lookbehinds then ask which form the first character starts
_SENT_END = re.compile(r"[。!?;\n\s\[](?:(?<=[。!?;\n])[。!?;\n]*|(?<=\s)\[\d{1,2}\](?:\s?-\s|\s)|(?<=\[)\d{1,2}\](?:\s?-\s|\s))")
_CLAUSE_PUNCT = re.compile(r"[,。;:]")
MAX_SENTENCE = 800  # real sentences are far shorter; longer runs are split at commas
_DATELINE_AFTER = re.compile(r"\s?[电讯]")  # 新华社北京5月28日电: the day the story was filed, not the one it tells
_SINCE_THEN = re.compile(r"[\s,]*至此")  # 至此，…已达217列: counted to the day the sentence before named
# a line opening with an amount (not a date: 5月份，…)
_FIGURE = re.compile(r"\s*\d[\d.,]*\s?(?:万|亿)?(?![年月日季号时点])[\u4e00-\u9fff%]")
_STOPS = ("。", ";", "!", "?", ":")
_SECTION = re.compile(r"\s*(去程|回程)\s*:")  # a section heading that says which way what follows goes
_SHARE_OF = re.compile(r"\s*(?:约|近|接近|超过|超|分别)?占")
# a list of goals: its heading is short and states no figure; its items are short lines; a section heading ends it
_HEAD_MAX, _ITEM_MAX = 40, 60
_FIGURE_IN = re.compile(r"\d\s*(?:%|亿|万|个|家|元)")
_SECTION_HEAD = re.compile(r"\s*(?:[一二三四五六七八九十]+、|\([一二三四五六七八九十]+\)|#)")
# a number, an ordinal, a fraction, tenths, a weekly schedule, a count in words: the first character is read first so
# that re skips to it (an alternation that opens with classes is tried at every character); the lookbehinds then ask
# which form it starts, in the order of the plain pattern (WORTH_PLAIN, which the tests compare it with)
WORTH_PLAIN = r"[\d第首]|分之|[一二两三四五六七八九]成|去[一二两三四五六七八九十]回|[一二两三四五六七八九十百千万][多余]?[列班个家座条车人台名辆吨]"
_WORTH = re.compile(r"[\d第首分一二两三四五六七八九十百千万去](?:(?<=[\d第首])|(?<=分)之|(?<=[一二两三四五六七八九])成"
                    r"|(?<=去)[一二两三四五六七八九十]回|(?<=[一二两三四五六七八九十百千万])[多余]?[列班个家座条车人台名辆吨])")


# a list of places opened by 分别为: (六区地区生产总值分别为:甲区…;乙区…)
_LIST_OPENED = re.compile(r"分别[为是]\s*:")


class Extractor:
    """One document's extraction: its context, the facts found so far."""

    def __init__(self, text: str, *, doc_date: date | None, kind: str, doc: str, rules: Rules | None = None):
        self.doc = DocumentContext(text, doc_date=doc_date, kind=kind, doc=doc, rules=rules or load_rules())
        self.sink = FactSink(self.doc)
        self._previous: Subject | None = None
        self._section = ""
        self._doc_flow: Period | None = None
        self._scoped = False  # the sentence before spoke of a part of the economy (民营经济增加值…)
        self._joined = False  # the sentence goes on after a semicolon
        # a list of goals: under a heading (2024年主要预期目标) while its lines are items, and the year it names; the goal
        # a sentence ends in, for the one after its semicolon (主要预期目标是：…增长6.5%左右；规上工业增加值增长8%；…)
        self._goal_list = False
        self._goal_year: Period | None = None
        self._goal_carry: Period | None = None
        # 三、固定资产投资 (a heading that names an indicator): the subject of the first sentence under it that names none
        self._heading: tuple[str, ...] | None = None
        self._under: tuple[str, ...] | None = None

    def run(self) -> list[Fact]:
        """Every fact of the document, repeats removed."""
        doc = self.doc
        all_periods = doc.periods
        starts = [p.start for p in all_periods]
        pos = 0
        lines = doc.text.split("\n")
        soft = -1  # a line break that goes on: a label line and its figure (一般公共预算支出 / 949.49亿元 增长12.9%)
        for k, para in enumerate(lines):
            start = pos
            pos += len(para) + 1
            if soft >= 0 and soft == start - 1:
                continue  # read with the label line before it
            if k + 1 < len(lines) and CJK.search(para) and (
                    _FIGURE.match(lines[k + 1]) and not _WORTH.search(para) and ends_in_subject(doc, para)
                    # 税收收入增长66.4% / 占一般公共预算收入比重为80.5%: a share broken onto the next line
                    or lines[k + 1].startswith("占") and not para.rstrip().endswith(_STOPS)):
                soft = pos - 1
                para = para + "\n" + lines[k + 1]
            periods = all_periods[bisect.bisect_left(starts, start):bisect.bisect_left(starts, start + len(para))]
            meta = doc.page_meta and doc.in_page_meta(start)
            if doc.kind == "stats" and not meta:
                self._goal_line(para, start, periods)
            if not CJK.search(para) or not _WORTH.search(para) or meta:
                doc.license(para)
                if para.strip():
                    self._heading = heading_codes(doc, para) if doc.kind == "stats" and not meta else None
                continue
            # a headline (no clause punctuation; the title line, short and without a full stop: 辽宁：前两月…增长近四成)
            # often repeats the body's numbers
            title = not doc.text[:start].strip() and len(para.strip()) <= TITLE_MAX and "。" not in para
            self.sink.heading = title or not _CLAUSE_PUNCT.search(para)
            self._paragraph(start, start + len(para), periods, soft)
        self.sink.heading = False
        tables.read_tables(doc, self.sink)
        rankings.read_rankings(doc, self.sink)
        ranklists.read_ranked_lists(doc, self.sink)
        return self.sink.result()

    # ---- paragraphs and sentences ---------------------------------------------------------------------

    def _goal_line(self, line: str, at: int, periods: list[PeriodMatch]) -> None:
        """A short line that names goals as a noun (2024年主要预期目标, 主要目标任务：) opens a list of goals; a section
        heading (二、…), a line too long for an item or one naming a period that is over closes it."""
        s, lex = line.strip(), self.doc.lex
        if not s:
            return
        if len(s) <= _HEAD_MAX and lex.goal_head.search(s, max(0, len(s) - 12)) and not _FIGURE_IN.search(s) \
                and not lex.goal_refs.search(s) and not lex.goal_verb.search(s):
            self._goal_list = True
            self._goal_year = timing.goal_year(self.doc, periods, line, at)
            return
        if self._goal_list and (len(s) > _ITEM_MAX or _SECTION_HEAD.match(s) or any(
                over(self.doc.text, p, self.doc.doc_date, self._goal_year.year if self._goal_year else None)
                for p in periods)):
            self._goal_list = False

    def _paragraph(self, a: int, b: int, periods: list[PeriodMatch], soft: int = -1) -> None:
        t = self.doc.text
        # a bulletin's paragraphs go on in the period the one before named (去程:开行9120列… under 2023年全年…)
        para_period: Period | None = self._doc_flow if self.doc.kind == "rail" else None
        self._previous = None
        self._section = ""
        self._scoped = False
        self._under, self._heading = self._heading, None
        prev_ctx = TimeCtx()
        carried: Period | None = None
        starts = [p.start for p in periods]
        begin = a
        joined = False
        for m in [*(m for m in _SENT_END.finditer(t, a, b) if m.start() != soft or m.end() != soft + 1), None]:
            for s, e in self._pieces(begin, m.start() if m else b):
                sp = timing.running_months(t, periods[bisect.bisect_left(starts, s):bisect.bisect_left(starts, e)], e)
                sp = outside_asides(t, s, e, sp)
                if sp and self.doc.kind == "ops":
                    # 考虑到春节期间…激增，…出动…: a reason's time dates nothing
                    sp = [p for p in sp if not timing.in_reason(self.doc, p)]
                ctx = self._time_ctx(s, e, [p for p in sp if not aside(t, p)])
                # 其中… and a clause after ";" go on with the sentence before
                if (joined or t[s:e].lstrip(" ,").startswith("其中")) and ctx.period is None and ctx.day is None:
                    ctx = TimeCtx(prev_ctx.period, prev_ctx.day, prev_ctx.cumulative or ctx.cumulative, prev_ctx.days,
                                  until=prev_ctx.until)
                elif ctx.day is None and ctx.period is None and prev_ctx.day is not None and self.doc.kind == "rail" \
                        and _SINCE_THEN.match(t, s):
                    # 2月3日，一列班列…出发。至此，…已达217列: the running totals as of the day just told
                    ctx = TimeCtx(None, prev_ctx.day, True, ctx.days)
                ctx.carried = carried
                self._joined = joined
                if not joined:
                    self._goal_carry = None
                self._sentence((s, e), sp, para_period, ctx)
                if self.doc.kind == "ops":
                    # 于6月5日、14日、26日组织了三次集中活动…。活动中，出动人员9430人次: the days go on
                    carried = timing.days_of(self.doc, ctx) or timing.lately(self.doc, s, e) or carried
                found = [p for p in sp if timing.dating(self.doc.kind, p) and not timing.compared(t, p)
                         and not aside(t, p) and not timing.planned(t, p)] if sp else []
                flows = [p.period for p in found[timing.narrowed(t, found, self.doc.region_re):]]
                if flows and not (self.doc.kind == "stats" and _month_of(flows[0], para_period)):
                    # the paragraph goes on in that period (今年…截至11月20日 closes on the 20th); in a release a month
                    # of the running span it is in (1-5月…。5月份…。) is an aside, the span goes on
                    para_period = timing.finish(self.doc, flows[0] if self.doc.kind == "stats" else flows[-1], ctx)
                    self._doc_flow = para_period
                prev_ctx = ctx
            joined = m is not None and ";" in m.group(0) and "\n" not in m.group(0)
            begin = m.end() if m is not None else b

    def _pieces(self, s: int, e: int) -> list[tuple[int, int]]:
        """A sentence, cut at commas into pieces of at most MAX_SENTENCE characters (work per sentence is quadratic)."""
        out = []
        while e - s > MAX_SENTENCE:
            cut = self.doc.text.rfind(",", s + MAX_SENTENCE // 2, s + MAX_SENTENCE)
            cut = cut + 1 if cut > s else s + MAX_SENTENCE
            out.append((s, cut))
            s = cut
        if e > s:
            out.append((s, e))
        return out

    def _time_ctx(self, s: int, e: int, sp: list[PeriodMatch]) -> TimeCtx:
        t, doc = self.doc.text, self.doc
        day: date | None = None
        flow: Period | None = None
        days: list[Period] = []
        until: date | None = None
        if sp:  # (two sentences in three name no period: nothing below to look through)
            for p in sp:
                if p.period.kind == "day" and t[max(0, p.start - 1):p.start] != "自" and "以来" not in t[p.end:p.end + 12]:
                    day = p.period.day
                    if not _DATELINE_AFTER.match(t, p.end):
                        break
                    # 本报北京5月28日电 5月26日，…突破3000列: the day the sentence tells, when it names one after the dateline
            flowing = [p for p in sp if timing.dating(doc.kind, p) and not timing.compared(t, p) and not timing.planned(t, p)]
            flow = flowing[timing.narrowed(t, flowing, doc.region_re)].period if flowing else None
            dated = [p for p in sp if p.period.kind in ("day", "span", "since") and not timing.service_start(t, p)]
            days = [p.period for p in dated]
            if dated and dated[-1].period.kind == "day" and timing.until_today(t, dated[-1].end, e):
                # 从昨天…再到今天，截止到今天17:30: the sentence counts from yesterday to today
                days[-1] = timing.to_today(doc, dated[-1])
            until = next((p.period.day for p in sp if p.period.kind == "day" and t.endswith(UNTIL_WORDS, 0, p.start)),
                         None)
        today = doc.lex.today.search(t, s, e) if day is None else None
        if today:
            day = doc.today
            back = doc.day_before(s) if today.group(0) in doc.rules.vocab.same_day_words else None
            if back is not None and not days:
                # 7月28日，…。当天，共出动应急人员450人次: that day, and the paragraph goes on in it
                day = back
                days = [Period("day", back.year, day=back)]
        cum = bool(doc.lex.cumulative.search(t, s, e))
        if not days and doc.news_period is not None and doc.lex.event_words.search(t, s, e):
            # 强降雨期间，…: the event's days, and the paragraph goes on in them
            days = [doc.news_period]
        return TimeCtx(flow, day, cum, days[-1] if days else None, until=until)

    def _sentence(self, span: tuple[int, int], sp: list[PeriodMatch], para_period: Period | None, ctx: TimeCtx) -> None:
        doc, sink = self.doc, self.sink
        raw = doc.text[span[0]:span[1]]
        if not _WORTH.search(raw):
            doc.license(raw)
            return
        sent = Sentence(doc, span, sp, para_period, ctx)
        if self._goal_list or self._goal_carry is not None:
            sent.in_goals = True
            sent.goal_year = self._goal_year if self._goal_list else self._goal_carry
        head = _SECTION.match(raw)
        if head:
            self._section = head.group(1)
        sent.section = self._section
        consumed: set[int] = set()
        if doc.kind == "rail":
            consumed = rail.routes(sent, sink)
            rail.weekly_pairs(sent, sink)
        focus = Focus(previous=self._previous)
        first = sent.nums[0].start if sent.nums else sent.e  # (numbers come in text order)
        under, self._under = self._under, None
        if under is not None and not any(m.start < first for m in sent.mentions) and sent.transparent(sent.s, first):
            # 三、固定资产投资 / 1-6月，全县完成投资56.2亿元，同比增长8.3%: the heading names what the sentence states
            focus.current = Subject(under, sent.s, "", None)
        if self._previous is not None and (doc.lex.anaphora.match(sent.masked) or self._goes_on(sent, first)):
            # …同比增长7.5%。累计增速高于全国3.6个百分点; 其中，8月份增长9.6%: the sentence goes on about the subject before
            focus.current = self._previous
        if self._scoped and (raw.lstrip(" ,").startswith("其中") or self._joined):
            # 民营经济增加值119亿元…。其中，第一产业增加值17亿元;第二产业…: the parts of a part of the economy are not
            # the region's
            self._previous = None
            return
        self._scoped = bool(doc.lex.scope.search(doc.text, sent.s, first))
        structure.ratios(sent, sink)
        cut = doc.text.find("其中", first, sent.e) if self._scoped else -1
        events: list[tuple[int, Num | re.Match[str]]] = [(n.start, n) for n in sent.nums if n.start not in consumed
                                                          and (cut < 0 or n.start < cut)]
        for m in doc.lex.ranks(sent.masked) if "第" in sent.masked or "首位" in sent.masked \
                or "排名" in sent.masked else ():
            if m.group("verb") or m.group("cmp") \
                    or compare.moved_from(sent, sent.clause_of(sent.s + m.start()), sent.s + m.start()) is not None:
                # (位次由第一位下滑到第六位: a rank that moved is read where it moved to)
                nxt = sent.masked[m.end():m.end() + 1]
                if nxt and CJK.match(nxt):
                    continue
                pos = sent.s + m.start()
                among = compare.among(sent, sent.clause_of(pos), pos)
                if among is not None:
                    # 在全国9个国家中心城市中排名第4位: the count of the population is no number of the text's own
                    events = [ev for ev in events if not among <= ev[0] < pos]
                events.append((pos, m))
        for m in doc.lex.level_with.finditer(sent.masked) if "持平" in sent.masked else ():
            events.append((sent.s + m.start(), m))
        for rx in (doc.lex.prior_paren, doc.lex.earlier_rate, doc.lex.paren_rate) if "%)" in sent.raw else ():
            events += [(sent.s + m.start(), m) for m in rx.finditer(sent.raw)]
        events.sort(key=itemgetter(0))
        self._walk(sent, events, focus)
        if doc.kind == "rail":
            rail.claims(sent, sink)
            rail.bare_marks(sent, sink)
        self._previous = focus.current
        # 主要预期目标是：…增长6.5%左右；…: a sentence that ends under a goal goes on in the next after its semicolon
        self._goal_carry = timing.target_period(sent, sent.e) if doc.kind == "stats" and sent.goal(sent.e, sent.e) \
            else None

    def _goes_on(self, sent: Sentence, first: int) -> bool:
        """其中，8月份增长9.6%; 8月当月增长9.6%: a sentence naming no indicator before its first number goes on about
        the one before when it opens with 其中, or with a period and a growth rate."""
        opening = sent.masked.lstrip(" ,")
        share = _SHARE_OF.match(opening)
        if share and self.doc.lex.comparators.match(opening, share.end()):
            # …同比增长7.5%;占全区地区生产总值的比重为51.2%: the share of the whole the subject before is a part of
            return True
        if any(m.start < first for m in sent.mentions):
            return False
        if opening.startswith(tuple(self.doc.rules.vocab.part_openers)):
            return True
        lead = len(sent.masked) - len(opening)
        place = self.doc.region_re.match(sent.masked, lead)  # (the same match as on the opening: no lookbehind)
        if place is not None and sent.s + place.end() == first \
                and _LIST_OPENED.search(self.doc.text, self.doc.text.rfind("\n", 0, sent.s) + 1, sent.s):
            # 六区地区生产总值分别为:思明区2503.88亿元,增长5.2%;湖里区1681.94亿元,…: the places of a list go on
            return True
        view = VIEW.match(sent.text, sent.s)
        # (从6个旗县市增速看，…: the view's count of places is not the sentence's first figure)
        after_view = next((n for n in sent.nums if n.start >= view.end()), None) if view is not None else None
        head = after_view or next((n for n in sent.nums if n.start == first), None)
        if head is not None and head.family == "pct" and "分别" in self.doc.text[sent.s:head.start] \
                and (place is not None or listed_places(sent, head.start)) \
                and self._clear(sent, head.start):
            # 甲市和乙市分别增长9.1%和9.2%; 从各县区增速看，突泉、扎旗、前旗高于全盟平均水平，同比分别增长…: places listed
            # after the one the sentence before spoke of
            return True
        return head is not None and head.family == "pct" and bool(sent.periods) \
            and sent.transparent(sent.s, sent.periods[0].start) and sent.transparent(sent.s, first)

    @staticmethod
    def _clear(sent: Sentence, first: int) -> bool:
        """Only filler, places and remarks on them (甲市和乙市作为全州经济的重要支撑，) stand before the first number."""
        for c0 in [b for b in sent.bounds if b < first]:
            c1 = min(sent.clause_end(c0) + 1, first)
            if not sent.transparent(c0, c1) and not sent.doc.lex.remark.match(sent.text, c0) \
                    and not (c0 == sent.s and VIEW.match(sent.text, c0)) and not listed_places(sent, first, c0):
                return False
        return True

    def _walk(self, sent: Sentence, events: list[tuple[int, Num | re.Match[str]]], focus: Focus) -> None:
        """Numbers and ranks in text order; clauses between them still move or end the subject."""
        clause_starts = sent.bounds[:-1]
        at = [ev[0] for ev in events]  # in order: events come sorted
        ci = 0
        for pos, obj in events:
            cs = sent.clause_of(pos)
            # clauses before this one that hold no number still move the subject (惠济区GDP增速降幅最大,同比下跌4.8%)
            while ci < len(clause_starts) and clause_starts[ci] < cs:
                c0 = clause_starts[ci]
                c1 = clause_starts[ci + 1] if ci + 1 < len(clause_starts) else sent.e
                first = bisect.bisect_left(at, c0)
                if first == len(at) or at[first] >= c1:  # no event in the clause
                    self._carry(sent, (c0, c1), focus)
                ci += 1
            if ci < len(clause_starts) and clause_starts[ci] == cs:
                # a clause with its own, unexplained subject ends the previous subject's reach
                named = bool(sent.mentions_from(cs, pos))
                # 在全国9个国家中心城市中排名第4位: the population ranked does not end the subject's reach either
                among = None
                if not isinstance(obj, Num) and obj.re is self.doc.lex.rank:
                    # (由第五位上升至第二位: nor does the rank it moved from)
                    among = compare.among(sent, cs, pos)
                    among = compare.moved_from(sent, cs, pos) if among is None else among
                end = among if among is not None else pos
                # 占全国中欧班列的30%: the whole a share is of does not end the subject's reach
                if not named and not sent.transparent(cs, end) and not _SHARE_OF.match(sent.masked, cs - sent.s):
                    focus.current = None
                ci += 1
            if isinstance(obj, Num):
                measures.number(Site(sent, obj, cs, focus, self.sink))
            elif obj.re is self.doc.lex.level_with:
                compare.level_with(sent, obj, focus, self.sink)
            elif obj.re is self.doc.lex.prior_paren:
                earlier.prior_rate(sent, obj, focus, self.sink)
            elif obj.re is self.doc.lex.earlier_rate:
                earlier.earlier_rate(sent, obj, focus, self.sink)
            elif obj.re is self.doc.lex.paren_rate:
                measures.paren_rate(sent, obj, self.sink)
            else:
                compare.rank(sent, obj, focus, self.sink)

    @staticmethod
    def _carry(sent: Sentence, clause: tuple[int, int], focus: Focus) -> None:
        c0, c1 = clause
        ms = sent.mentions_from(c0, c1)
        if ms:
            subj = sent.subject(ms[-1].end, c0, focus)
            if subj is not None:
                focus.current = subj
        elif not sent.transparent(c0, c1) and not sent.doc.lex.remark.match(sent.text, c0):
            # a remark about the figure just stated (是全省首个突破千亿的县) keeps the subject; other text ends it
            focus.current = None


def _month_of(p: Period, running: Period | None) -> bool:
    """p is the last month of the running span of months (5月份 after 1-5月份), or one month or quarter inside it
    (分季度看，一季度…，二季度… after 前三季度)."""
    if running is None or running.kind != "months" or running.m1 != 1 or p.year != running.year:
        return False
    return (p.kind == "month" and p.m1 == running.m2) or (
        p.kind in ("month", "months") and p.m2 - p.m1 <= 2 and p.m2 < running.m2)


def extract(text: str, *, doc_date: date | None = None, kind: str = "auto", doc: str = "") -> list[Fact]:
    """Every fact a text states (quote/start/end index into `text`)."""
    return Extractor(text, doc_date=doc_date, kind=kind, doc=doc).run()
