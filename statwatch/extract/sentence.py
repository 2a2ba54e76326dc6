"""One sentence: its clauses, numbers, mentions and periods, and who each number is about."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from datetime import date

from statwatch.extract.dates import PERIOD_RE, Period, PeriodMatch
from statwatch.extract.document import DocumentContext
from statwatch.extract.lexicon import CJK
from statwatch.extract.scan import Mention, Num, scan_mentions, scan_numbers

_MASK = re.compile(r"\([^()\n]{0,60}\)|“[^“”\n]{0,0}”")
_CLAUSE = re.compile(r"(?<!\d),|,(?!\d{3})|:")
_LIST_JOIN = re.compile(r"\s*(?:、|和|及|与)\s*")


@dataclass
class Subject:
    """What a number is about: one or more indicator codes, where it was named, which region, which period."""

    codes: tuple[str, ...]
    start: int
    region: str = ""
    period: Period | None = None


@dataclass
class Focus:
    """The subject a sentence is talking about, and the levels it stated (for 同比分别增长 x、y)."""

    current: Subject | None = None
    levels: list[tuple[str, Subject]] = field(default_factory=list)


@dataclass
class TimeCtx:
    """What a sentence says about time: its flow period, its day, whether it speaks of running totals."""

    period: Period | None = None
    day: date | None = None
    cumulative: bool = False


class Sentence:
    """A sentence of the normalised text [s, e) with its tokens; clauses are cut at commas and colons."""

    def __init__(self, doc: DocumentContext, span: tuple[int, int], periods: list[PeriodMatch],
                 para_period: Period | None, ctx: TimeCtx):
        self.doc = doc
        self.s, self.e = span
        self.raw = doc.text[self.s:self.e]
        self.periods = periods
        self.para_period = para_period
        self.ctx = ctx
        self.masked = _MASK.sub(lambda m: " " * len(m.group(0)), self.raw)
        self.mentions: list[Mention] = scan_mentions(doc, self.masked, self.s)
        self.nums: list[Num] = scan_numbers(doc, self.masked, self.s)
        self.bounds = [self.s] + [self.s + m.end() for m in _CLAUSE.finditer(self.masked)] + [self.e + 1]
        self._opaque: list[int] | None = None

    @property
    def text(self) -> str:
        return self.doc.text

    # ---- clauses -------------------------------------------------------------------------------------

    def clause_of(self, pos: int) -> int:
        """Start of the clause holding pos."""
        return self.bounds[bisect.bisect_right(self.bounds, pos) - 1]

    def clause_end(self, pos: int) -> int:
        """The comma or colon ending the clause holding pos (or the sentence end)."""
        return self.bounds[bisect.bisect_right(self.bounds, pos)] - 1

    def group(self, n: Num) -> list[Num]:
        """The members of n's list (2.2个和1.7个百分点), n included."""
        return [x for x in self.nums if x.group == n.group]

    def mentions_in(self, a: int, b: int) -> list[Mention]:
        """Mentions wholly inside [a, b)."""
        return [m for m in self.mentions if a <= m.start and m.end <= b]

    # ---- transparency: text no rule explains ends a subject's reach ---------------------------------

    def _opaque_positions(self) -> list[int]:
        if self._opaque is None:
            lex, s = self.doc.lex, self.s
            arr = list(self.masked)
            for rx in (lex.filler, lex.region, PERIOD_RE, lex.number):
                for m in rx.finditer(self.masked):
                    arr[m.start():m.end()] = " " * (m.end() - m.start())
            for a, b in [(mm.start - s, mm.end - s) for mm in self.mentions] + [(p.start - s, p.end - s) for p in self.periods]:
                arr[a:b] = " " * (b - a)
            self._opaque = [s + m.start() for m in CJK.finditer("".join(arr))]
        return self._opaque

    def transparent(self, x: int, y: int) -> bool:
        """True when [x, y) holds only filler, regions, periods, numbers and subjects."""
        opaque = self._opaque_positions()
        i = bisect.bisect_left(opaque, x)
        return i >= len(opaque) or opaque[i] >= y

    # ---- subjects and regions -------------------------------------------------------------------------

    def subject(self, pos: int, cs: int, focus: Focus) -> Subject | None:
        """The indicator named last in the clause before pos (a list of them joined by 、), else the focus."""
        ms = self.mentions_in(cs, pos)
        if ms:
            m = ms[-1]
            if not self.transparent(m.end, pos):
                return None
            first = m
            codes = list(m.codes)
            # 班次、货值、货重: a list of subjects joined by 、
            for prev in reversed(ms[:-1]):
                if _LIST_JOIN.fullmatch(self.text, prev.end, first.start):
                    codes = list(prev.codes) + codes
                    first = prev
                else:
                    break
            if "stats" in self.doc.rules.indicators[codes[0]].kinds and not self.transparent(cs, first.start):
                return None
            return Subject(tuple(codes), first.start, self.region_before(cs, first.start))
        if self.transparent(cs, pos):
            return focus.current
        return None

    def region_before(self, cs: int, pos: int) -> str:
        """The last region word in [cs, pos)."""
        found = None
        for m in self.doc.lex.region.finditer(self.text, cs, pos):
            found = m
        return self.doc.canon_region(found.group(0), found.start(), found.end()) if found else ""

    def sentence_region(self, pos: int) -> str:
        """The last region in the sentence before pos, the province and the country aside."""
        found = None
        for m in self.doc.lex.region.finditer(self.text, self.s, pos):
            if m.group(0) not in ("全省", "全国"):
                found = m
        return self.doc.canon_region(found.group(0), found.start(), found.end()) if found else ""
