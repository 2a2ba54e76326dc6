"""One sentence: its clauses, numbers, mentions and periods, and who each number is about."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from datetime import date

from statwatch.extract.dates import PERIOD_RE, Period, PeriodMatch, over
from statwatch.extract.document import DocumentContext
from statwatch.extract.facts import FactSink
from statwatch.extract.lexicon import CJK, COMPARING
from statwatch.extract.scan import Mention, Num, scan_mentions, scan_numbers

# asides in parentheses are masked (下同, GDP, 不含军工, a comparator's own value), except a share (占总投资的32.1%) and
# a bulletin's boxes beside its trains (开行中欧班列13列(1430标准箱)), and the cities beside the counties of a kind of
# places (全省118个县(市), 各县(市、区))
_MASK = re.compile(r"\((?!占|[\d.,]+万?个?(?:标准箱|标箱)\)|市\)|市、区\))[^()\n]{0,60}\)|“[^“”\n]{0,0}”")
# a count before a place class names several units (五个省级园区): a part, not the region
_COUNTED_PLACE = re.compile(r"[\d一二三四五六七八九十两几多]+个\s*$")
# a comma (not a thousands separator: 1,234) or a colon ends a clause; written to open with its literals so that re
# skips to them (CLAUSE_PLAIN, the same matches, opens with a lookbehind tried at every character)
CLAUSE_PLAIN = r"(?<!\d),|,(?!\d{3})|:"
_CLAUSE = re.compile(r",(?:(?<!\d,)|(?!\d{3}))|:")
_COMPARISON_CUE = re.compile(f"[{COMPARING}]$")
# (地区生产总值(7.5%)、规模以上工业增加值(12.7%)分别高于…: an aside may close an item of the list)
_LIST_JOIN = re.compile(r"(?:\([^()]{0,16}\))?\s*(?:、|和|及|与)\s*")
_GOALS_NAMED = re.compile(r"目标(?:任务)?(?:是|为|:)")
_GOAL_INTRO = ("是", "为", "如下", "是如下", "有")  # 目标是，… / 目标如下，…: a goal noun introducing the goals after it
_SENTENCE_ENDS = "。!?;\n"  # the characters that end a sentence (engine._SENT_END)
_AFTER_NUMBER = re.compile(r"\d(?:\.\d+)?\s*[^\d\s,;:。()]{0,4}$")


_NOTE_OPENS = ("", "截至", "截止", "数据截至", "数据截止")  # (截至11月28日): an as-of note in parentheses


def outside_asides(t: str, s: int, e: int, periods: list[PeriodMatch]) -> list[PeriodMatch]:
    """The periods of [s, e) outside the asides the sentence masks (新增的中亚班列到发量8标箱(2019年发货量为0)，货量约23吨:
    the aside's year dates nothing after it); a period in parentheses right after a number (its own) kept, and one that
    is all the parentheses hold (整个春节期间(除夕到正月十五): the days of the period just named), and an as-of note
    (今年以来(截至11月28日))."""
    if "(" not in t[s:e] or not periods:
        return periods
    spans = [m.span() for m in _MASK.finditer(t, s, e) if m.group(0).startswith("(")]

    def inside(p: PeriodMatch, a: int, b: int) -> bool:
        return a < p.start < b and not (p.end == b - 1 and t[a + 1:p.start] in _NOTE_OPENS)

    return [p for p in periods if aside(t, p) or not any(inside(p, a, b) for a, b in spans)]


def aside(t: str, p: PeriodMatch) -> bool:
    """A period in parentheses right after a number (57.9亿元(1-10月), 增长7.1%(1-11月)): that number's alone."""
    return t.startswith("(", p.start - 1) and t.startswith(")", p.end) \
        and bool(_AFTER_NUMBER.search(t, max(0, p.start - 14), p.start - 1))


@dataclass
class Subject:
    """What a number is about: one or more indicator codes, where it was named, which region, which period."""

    codes: tuple[str, ...]
    start: int
    region: str = ""
    period: Period | None = None


@dataclass
class Focus:
    """The subject a sentence is talking about, the levels it stated (for 同比分别增长 x、y), the sentence before's."""

    current: Subject | None = None
    levels: list[tuple[str, Subject]] = field(default_factory=list)
    previous: Subject | None = None
    level_end: int = -1  # where the last level stated ends (开行13列(1430标准箱): boxes in brackets are that count's)


@dataclass
class TimeCtx:
    """What a sentence says about time: its flow period, its day, whether it speaks of running totals."""

    period: Period | None = None
    day: date | None = None
    cumulative: bool = False
    days: Period | None = None  # the last day or span of days the sentence names (not a service's first day)
    carried: Period | None = None  # the day or span of days an earlier sentence of the paragraph named (bulletins)
    until: date | None = None  # the day the sentence counts to (截至5月2日), which closes a span since a day


_REPORT_SEASON_END = 4  # work reports on the year before are published by April


class Sentence:
    """A sentence of the normalised text [s, e) with its tokens; clauses are cut at commas and colons."""

    def __init__(self, doc: DocumentContext, span: tuple[int, int], periods: list[PeriodMatch],
                 para_period: Period | None, ctx: TimeCtx):
        self.doc = doc
        self.text = doc.text  # the whole normalised text: offsets index into it
        self.s, self.e = span
        self.raw = doc.text[self.s:self.e]
        self.periods = periods
        self.para_period = para_period
        self.ctx = ctx
        self.masked = _MASK.sub(lambda m: " " * len(m.group(0)), self.raw) if "(" in self.raw or "“" in self.raw \
            else self.raw
        self.mentions: list[Mention] = scan_mentions(doc, self.masked, self.s)
        self._mention_starts = [mm.start for mm in self.mentions]  # ascending: mentions are found left to right
        self._number_spans: list[tuple[int, int]] = []
        self.nums: list[Num] = scan_numbers(doc, self.masked, self.s, self._number_spans)
        # 57.9亿元(1-10月): a period in parentheses right after a number dates that number only
        self.asides = [p for p in periods if aside(self.text, p)]
        if self.asides:
            self.periods = [p for p in periods if p not in self.asides]
        self.bounds = [self.s] + [self.s + m.end() for m in _CLAUSE.finditer(self.masked)] + [self.e + 1]
        self._opaque: str | None = None
        self._groups: dict[int, list[Num]] | None = None
        self._forecasts: list[tuple[int, int]] | None = None
        self.section = ""  # the heading the sentence stands under (去程:), for what the sentence leaves unsaid
        # a goal's cue word (力争, 目标 …) stands somewhere in the sentence: lex.target can match only there (an
        # attribute, not a cached_property: that would build the instance's __dict__ and slow every later attribute read)
        self.target_cued = doc.lex.target_cue.search(self.raw) is not None
        self._goals: list[tuple[int, int, int | None]] | None = None
        # set by the extractor for a sentence in a list of goals (2024年主要预期目标 / 地区生产总值增长6%左右；…): the
        # goals' year, when the heading names one
        self.in_goals = False
        self.goal_year: Period | None = None

    # ---- clauses -------------------------------------------------------------------------------------

    def clause_of(self, pos: int) -> int:
        """Start of the clause holding pos."""
        return self.bounds[bisect.bisect_right(self.bounds, pos) - 1]

    def clause_end(self, pos: int) -> int:
        """The comma or colon ending the clause holding pos (or the sentence end)."""
        return self.bounds[bisect.bisect_right(self.bounds, pos)] - 1

    def group(self, n: Num) -> list[Num]:
        """The members of n's list (2.2个和1.7个百分点), n included (one list per group, shared: read only)."""
        if self._groups is None:
            self._groups = {}
            for x in self.nums:
                self._groups.setdefault(x.group, []).append(x)
        return self._groups.get(n.group, [])

    def number_end(self, a: int, b: int) -> int:
        """Where the last number ending in [a, b] ends, else a."""
        end = a
        for x in self.nums:
            if x.start >= b:
                break  # numbers come in text order: none from here on ends by b
            if a <= x.end <= b and x.end > end:
                end = x.end
        return end

    def mentions_from(self, a: int, b: int) -> list[Mention]:
        """Mentions that start in [a, b)."""
        starts = self._mention_starts
        i = bisect.bisect_left(starts, a)
        return self.mentions[i:bisect.bisect_left(starts, b, i)]

    def mentions_in(self, a: int, b: int) -> list[Mention]:
        """Mentions wholly inside [a, b)."""
        return [m for m in self.mentions if a <= m.start and m.end <= b]

    # ---- transparency: text no rule explains ends a subject's reach ---------------------------------

    def _blanked(self) -> str:
        """The masked sentence with filler, regions, periods, numbers and subjects blanked out: the Chinese left is
        text no rule explains."""
        if self._opaque is None:
            masked, s = self.masked, self.s
            region_re = self.doc.region_re
            spans = [m.span() for m in self.doc.lex.filler.finditer(masked)]
            spans += [m.span() for m in region_re.finditer(masked) if not _COUNTED_PLACE.search(masked, 0, m.start())]
            spans += self._period_spans()
            spans += self._number_spans
            spans += [(mm.start - s, mm.end - s) for mm in self.mentions]
            spans += [(p.start - s, p.end - s) for p in self.periods]
            short = self.doc.short_place
            at = masked.find(short) if short else -1
            while at >= 0:
                # 2021年拱墅GDP修订为…: the document's own place by its short name
                spans.append((at, at + len(short)))
                at = masked.find(short, at + len(short))
            spans.sort()
            pieces, last = [], 0
            for a, b in spans:
                if b <= last:
                    continue
                if a > last:
                    pieces.append(masked[last:a])
                    last = a
                pieces.append(" " * (b - last))
                last = b
            pieces.append(masked[last:])
            self._opaque = "".join(pieces)
        return self._opaque

    def _period_spans(self) -> list[tuple[int, int]]:
        """The spans of PERIOD_RE's matches in the masked sentence: those of the document's own scan when nothing is
        masked, the sentence stands between sentence ends and no match of that scan crosses its edges (its lookarounds
        ask for no sentence end, so the sentence alone would be read the same), else a scan of the sentence."""
        doc, s, e = self.doc, self.s, self.e
        t = doc.text
        found = doc.period_spans
        if found is not None and self.masked is self.raw and (s == 0 or t[s - 1] in _SENTENCE_ENDS) \
                and (e == len(t) or t[e] in _SENTENCE_ENDS):
            out: list[tuple[int, int]] = []
            for i in range(bisect.bisect_right(doc.period_ends, s), len(found)):
                a, b = found[i]
                if a >= e:
                    return out
                if a < s or b > e:
                    break  # a match across the sentence's edge: the sentence alone may be read otherwise
                out.append((a - s, b - s))
            else:
                return out
        return [m.span() for m in PERIOD_RE.finditer(self.masked) if m.end() > m.start()]

    def transparent(self, x: int, y: int) -> bool:
        """True when [x, y) holds only filler, regions, periods, numbers and subjects."""
        blanked = self._opaque
        if blanked is None:
            if CJK.search(self.masked, x - self.s, y - self.s) is None:
                return True  # blanking only clears: no Chinese here to explain, and the map need not be built
            blanked = self._blanked()
        left = CJK.search(blanked, x - self.s, y - self.s)  # (once the map is built, it alone tells)
        return left is None or self._places_only(blanked, left.start(), y - self.s)

    def _places_only(self, blanked: str, a: int, b: int) -> bool:
        """True when each Chinese character left in blanked[a:b] stands in a place named by its short name (上半年,济源
        固定资产投资…; 郑州5月份工业增速…). Looked up only here, where blanking left something: a scan of every sentence
        for thousands of names would cost more than the rest of the blanking."""
        lex = self.doc.lex
        names, lengths = lex.place_short, lex.place_lengths
        if not names:
            return False
        masked = self.masked
        covered = a  # characters before this one are explained
        for i in range(a, b):
            if i < covered or not CJK.match(blanked, i):
                continue
            if masked[i:i + 2] not in lex.place_pairs and masked[i - 1:i + 1] not in lex.place_pairs:
                return False  # (most text left opaque is no place: two lookups tell)
            # a name holding i: it may start a little before i (高邮: 高 was blanked as filler)
            end = 0
            for j in range(max(0, i - lengths[0] + 1), i + 1):
                end = next((j + n for n in lengths if j + n > i and masked[j:j + n] in names), 0)
                if end:
                    break
            if not end:
                return False
            covered = end
        return True

    def aside_period(self, end: int) -> Period | None:
        """The period written in parentheses right after a number ending at `end` (57.9亿元(1-10月))."""
        return next((p.period for p in self.asides if p.start == end + 1), None)

    def forecast(self, pos: int, cs: int) -> bool:
        """A forecast or a plan governs pos: 有望/预计 in its clause (or just before it), or earlier in the sentence with
        nothing since that says what has happened (已, 累计, 截至, a period of its own)."""
        if self._forecasts is None:
            rx = self.doc.lex.forecast_release if self.doc.kind == "stats" else self.doc.lex.forecast
            self._forecasts = [(self.s + m.start(), self.s + m.end()) for m in rx.finditer(self.masked)
                               if not (m.group(0) in self.doc.rules.vocab.estimate_cues and self._ended(self.s + m.end()))]
        if not self._forecasts:
            return False  # (most sentences forecast nothing)
        before = [f for f in self._forecasts if f[1] <= pos]
        if not before:
            return False
        if before[-1][0] >= min(cs, max(self.s, pos - 12)):
            return True
        earlier = [f for f in before if f[1] <= cs]
        if not earlier:
            return False
        b = earlier[-1][1]
        t = self.text
        if any(w in t[b:pos] for w in self.doc.rules.vocab.forecast_end):
            return False
        return not any(b <= p.start < pos for p in self.periods)

    def _ended(self, cue_end: int) -> bool:
        """The period an estimate (预计) is of had ended when the release was published: 预计全年完成地区生产总值164亿元
        in a work report of the next February estimates what happened (a fact); 预计全年增长6% in July, or 预计2024年…
        in February 2024, forecasts. The period is the one written after the cue, else the sentence's, the
        paragraph's or the document's."""
        after = next((q.period for q in self.periods if q.start >= cue_end), None)
        p = after or self.ctx.period or self.para_period or self.doc.doc_period
        day = self.doc.doc_date
        if self.doc.kind != "stats" or p is None or day is None or p.year is None:
            return False
        if p.kind not in ("year", "months", "month") or (p.year, p.m2) >= (day.year, day.month):
            return False
        # 全年 with no year of its own is the year just ended only in the season of work reports
        return p.explicit_year or (p.year == day.year - 1 and day.month <= _REPORT_SEASON_END)

    # ---- goals ---------------------------------------------------------------------------------------

    def goal(self, pos: int, end: int) -> bool:
        """A goal governs the number at [pos, end): the list of goals the sentence is in, or a goal's cue before it in
        the sentence that states a goal (力争, 年度目标：, 预期增长) rather than refers to one (完成年度目标, 围绕全年目标
        任务), with nothing since that says what has happened (实际, 已, a period that is over); or a goal named right
        after it (增长6%的目标)."""
        if self.in_goals and not self._happened(self.s, pos, self.goal_year.year if self.goal_year else None):
            return True
        if not self.target_cued:
            return False  # (most sentences name no goal)
        if self.doc.lex.goal_after.match(self.text, end):
            return True
        if self._goals is None:
            self._goals = self._goal_cues()
        cue = next((g for g in reversed(self._goals) if g[0] <= pos <= g[1]), None)
        return cue is not None and not self._happened(cue[0], pos, cue[2])

    def _goal_cues(self) -> list[tuple[int, int, int | None]]:
        """Each cue that states a goal (a release's 计划 is its publisher's goal): where it ends, how far it reaches and
        the year written before it. A cue whose clause goes on to a goal referred to (力争实现全年目标, 确保完成年度目标
        任务) states none; one whose clause names no figure and no indicator (确保粮食生产稳定，) governs only that clause,
        unless the clause ends with a colon (2024年度目标：…) or introduces what follows (预期目标是，…)."""
        lex = self.doc.lex
        cues = []
        for m in lex.goal_words.finditer(self.masked):
            a, end = self.s + m.start(), self.s + m.end()
            cs = self.clause_of(a)
            ref = bool(lex.goal_refs.search(self.text, cs, a)) \
                or m.group(0).endswith("目标") and lex.goal_done.match(self.text, end) is not None
            cues.append((cs, a, end, ref))
        out = []
        for cs, a, end, ref in cues:
            if ref or any(c == cs and e > end and r for c, _, e, r in cues):
                continue
            ce = self.clause_end(a)
            # 预期目标是，地区生产总值增长7%: a goal noun that introduces what follows reaches on as a colon does
            rest = self.text[end:ce].strip()
            wide = self.text.startswith(":", ce) or any(end <= x.start < ce for x in self.nums) \
                or bool(self.mentions_from(end, ce)) or rest in _GOAL_INTRO \
                or not rest and self.text.endswith(("目标", "任务"), a, end)
            year = next((p.period.year for p in reversed(self.periods) if p.end <= a and p.period.kind == "year"
                         and p.period.explicit_year), None)
            out.append((end, self.e if wide else ce, year))
        return out

    def _happened(self, a: int, b: int, plan: int | None) -> bool:
        """[a, b) says what has happened: 实际, 已, 累计 (forecast_end), a period that is over at publication or a year
        other than the plan's."""
        t = self.text
        if any(w in t[a:b] for w in self.doc.rules.vocab.forecast_end):
            return True
        return any(a <= p.start < b and over(t, p, self.doc.doc_date, plan) for p in self.periods)

    # ---- subjects and regions -------------------------------------------------------------------------

    def subject(self, pos: int, cs: int, focus: Focus) -> Subject | None:
        """The indicator named last in the clause before pos (a list of them joined by 、), else the focus."""
        # (规模以上工业企业数量突破4000家，实现增加值增长12.1%: a name that runs across the clause's start)
        ms = self.mentions_in(cs, pos) or self._across(cs, pos)
        if ms:
            m = ms[-1]
            if not self.transparent(m.end, pos):
                return None
            first = m
            codes = list(m.codes)
            # 班次、货值、货重: a list of subjects joined by 、
            for prev in reversed(ms[:-1]):
                if _LIST_JOIN.fullmatch(self.text, prev.end, first.start):
                    # 管理人员和环卫工 name one indicator twice; 班次、货值、货重 three
                    codes = [c for c in prev.codes if c not in codes] + codes
                    first = prev
                else:
                    break
            # 固定资产投资增长24.6%、建筑业增长20.1%、社零总额增长13.1%: an item of a list starts after the 、 before it
            left = self.number_end(cs, first.start)
            left = left + 1 if left > cs and self.text.startswith("、", left) else cs
            if "stats" in self.doc.rules.indicators[codes[0]].kinds and not self.transparent(left, first.start):
                # 工作报告提到的主要预期目标是地区生产总值增长7%: what stands before the goals a goal noun introduces
                intro = max((m.end() for m in _GOALS_NAMED.finditer(self.text, left, first.start)), default=-1)
                if intro < 0 or not self.transparent(intro, first.start):
                    return None
            return Subject(tuple(codes), first.start, self.region_before(cs, first.start))
        if (self.transparent(cs, pos) or (focus.current is not None and self._after_count(cs, pos))) \
                and not any(w in self.text[cs:pos] for w in self.doc.rules.vocab.lead_nouns):
            cur = focus.current
            region = self.own_region(cs, pos) if cur is not None else ""
            # 其中金水区增长7.2%: the clause's own place, not the one the subject was stated for
            return Subject(cur.codes, cur.start, region, cur.period) if cur is not None and region else cur
        return None

    def _across(self, cs: int, pos: int) -> list[Mention]:
        """The mention that starts before cs and ends in [cs, pos), if any."""
        i = bisect.bisect_left(self._mention_starts, cs) - 1
        return [self.mentions[i]] if i >= 0 and cs < self.mentions[i].end <= pos else []

    def _after_count(self, cs: int, pos: int) -> bool:
        """发运368列、同比增长102%: only filler stands between pos and the number before it in the clause."""
        after = self.number_end(cs, pos)
        return after > cs and self.transparent(after, pos)

    def own_region(self, cs: int, pos: int) -> str:
        """A named place in [cs, pos) that is not a comparator (高于全省, 居中心城区) nor a generic word (全区)."""
        t = self.text
        found = None
        for m in self.doc.region_re.finditer(t, cs, pos):
            word = m.group(0)
            if word in self.doc.lex.region_words or word in self.doc.rules.vocab.comparators \
                    or word[0] in COMPARING and word[1:] in self.doc.rules.vocab.comparators:
                # (比河南省 is read as one place: the province it compares with)
                continue
            if _COMPARISON_CUE.search(t, max(cs, m.start() - 3), m.start()) or _COUNTED_PLACE.search(t, cs, m.start()):
                continue
            whole = next((c for c in ("全国", "全省", "全市", "全区", "全县") if t.endswith(c, cs, m.start())), "")
            if whole and _COMPARISON_CUE.search(t, max(cs, m.start() - len(whole) - 1), m.start() - len(whole)):
                continue  # (高于全省国家级经济技术开发区平均水平: the places of a kind compared with)
            found = m
        return self.doc.region_at(found) if found else self._short_region(cs, pos)

    def region_before(self, cs: int, pos: int) -> str:
        """The last region word in [cs, pos), else a place named there by its short name."""
        found = None
        for m in self.doc.region_re.finditer(self.text, cs, pos):
            found = m
        return self.doc.region_at(found) if found else self._short_region(cs, pos)

    def _short_region(self, cs: int, pos: int) -> str:
        """上半年,洛阳规上工业增加值…: in a release, another place than the document's own named by its short name
        before the subject. The document's own place (its title's) stays the default region, which names it in full."""
        doc = self.doc
        if doc.kind != "stats" or not doc.lex.place_short:
            return ""
        masked, s, pairs = self.masked, self.s, doc.lex.place_pairs
        found, at = "", 0
        i, end = cs - s, pos - s
        while i < end - 1:
            if masked[i:i + 2] in pairs:
                n = next((n for n in doc.lex.place_lengths if i + n <= end and masked[i:i + n] in doc.lex.place_short), 0)
                if n and not _COMPARISON_CUE.search(self.text, max(cs, s + i - 3), s + i):
                    found = masked[i:i + n]
                    at = s + i
                    i += n
                    continue
            i += 1
        return doc.orig_span(at, at + len(found)) if found and not doc.own_short(found) else ""

    def sentence_region(self, pos: int) -> str:
        """The last region in the sentence before pos, the province and the country aside."""
        found = None
        for m in self.doc.region_re.finditer(self.text, self.s, pos):
            if m.group(0) not in ("全省", "全国"):
                found = m
        return self.doc.region_at(found) if found else ""


@dataclass
class Site:
    """A number where it stands: its sentence and clause, the focus of the sentence, where facts go."""

    sent: Sentence
    n: Num
    cs: int
    focus: Focus
    sink: FactSink
    members: list[Num] = field(init=False)  # the members of the number's list, itself included
    left: str = field(init=False)  # the clause before the number (before the first member of its list)
    _left_end: int = field(init=False)

    def __post_init__(self) -> None:
        self.members = self.sent.group(self.n)
        first = self.members[0] if self.members else self.n
        self._left_end = first.start if first.start >= self.cs else self.n.start
        self.left = self.sent.text[self.cs:self._left_end]

    @property
    def left_masked(self) -> str:
        """The same, asides in parentheses blanked out."""
        return self.sent.masked[self.cs - self.sent.s:self._left_end - self.sent.s]

    @property
    def ctx(self) -> TimeCtx:
        return self.sent.ctx


# 从6个旗县市增速看，…: a view that opens a sentence of places (it names no subject of its own)
VIEW = re.compile(r"\s*从[^,;。:]{0,12}?看\s*,")
_LIST_SEP = re.compile(r"、|和|及|与")
# where the last name of a list ends: its predicate (突泉、扎旗、前旗高于全盟平均水平; 乌市、中旗分别增长…)
_LIST_END = re.compile(r"高于|低于|快于|慢于|分别|同比|增长|下降|增速|均|的|,")


def listed_places(sent: Sentence, first: int, start: int | None = None) -> list[str]:
    """The places a clause lists before the numbers they are each given (突泉、扎旗、前旗高于全盟平均水平，同比分别增长
    193.5%、99.5%、37.6%): two to eight names of two to four characters, at least one of them a place the patterns know
    (a county by its short name, 突泉, among them); [] when the clause opens with no such list."""
    t, a = sent.text, sent.s if start is None else start
    view = VIEW.match(t, a)
    if view is not None:
        a = view.end()
    a += len(t[a:first]) - len(t[a:first].lstrip(" "))
    end = _LIST_END.search(t, a, first)
    if end is None:
        return []
    names = _LIST_SEP.split(t[a:end.start()])
    if not 2 <= len(names) <= 8 or not all(2 <= len(x) <= 4 and all(CJK.match(c) for c in x) for x in names):
        return []
    doc = sent.doc
    if not any(doc.region_re.fullmatch(x) or x in doc.lex.place_short for x in names):
        return []
    out, pos = [], a
    for x in names:
        at = t.index(x, pos)
        out.append(doc.orig_span(at, at + len(x)))
        pos = at + len(x)
    return out

