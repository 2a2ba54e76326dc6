"""Assessment rankings written as lists (考核/评价 results in prose): lines 第一名:甲县,得分91.3分 under a heading;
总分居前3位的县市区分别是甲县、乙区、丙县 (and 居第4位至第7位的…分别是…); 甲街道、乙街道位居一二名; and a single unit's
place (乙街道…位列第十二) once the document has ranked units of its kind, or names the population in the sentence.

A ranking is an assessment's only when an assessment word (考核, 评价 …) stands in its heading, its sentence or the text
just before, and no indicator is named before the rank (GDP居前三位的县 ranks GDP). The category comes from the last
category word before the rank (项目建设 → assessment.projects; 综合, 总分 or none → assessment.overall), the population
from the words naming the units ranked (7个评价区域, 县市区, 全市74个街道办事处), the period from the last period the text
named before the ranking (the month, quarter or half year evaluated; never a day, a year not over, or a title in 《》).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from statwatch.extract.dates import Period
from statwatch.extract.document import DocumentContext
from statwatch.extract.facts import Draft, FactSink
from statwatch.extract.normalize import normalise
from statwatch.extract.numbers import parse_chinese_int
from statwatch.extract.rules import Rules, first_chars, trie_pattern

_N = r"(?:\d{1,3}|[一二两三四五六七八九十]{1,3})"
_CN = "一二三四五六七八九"
_CJK_NAME = r"[\u4e00-\u9fff][\u4e00-\u9fff()·]{1,15}?"
# 第一名:甲县,得分91.26分 / 第2名 乙区 (88.5分): one line per unit
_LINE = re.compile(r"^[ \t]*第(?P<n>" + _N + r")(?:名|位)[ \t]*[:,]?[ \t]*(?P<unit>" + _CJK_NAME + r")[ \t]*"
                   r"(?:[,;]?[ \t]*\(?[ \t]*(?:综合|总)?(?:得分|分数|总分|评分|成绩)?[ \t]*(?:为|是|:)?[ \t]*"
                   r"(?P<score>\d{1,3}(?:\.\d{1,3})?)[ \t]*分\)?)?[ \t]*[。;,]?[ \t]*$", re.M)
# 第一名为甲县(92.5分)，第二名为乙区…: items in a sentence, each unit's name ending as a unit's does
_SCORE = r"(?:\(?(?:综合|总)?(?:得分|分数|总分|评分)?(?:为|是|:)?(?P<score>\d{1,3}(?:\.\d{1,3})?)分\)?)?"
_ITEM = re.compile(r"(?=第)第(?P<n>" + _N + r")(?:名|位)(?:为|是|:)?\s?(?P<unit>" + _CJK_NAME + r")(?=[,;、。(\s\d]|得分|$)"
                   + r"(?:,?" + _SCORE + ")")
_ITEM_GAP = re.compile(r"[,;、\s]*")
# 前3位的县市区分别是 / 第4位至第7位的…分别是 / 前三名依次为: the places, then the units in order
_RANGE = (r"(?:前(?P<top>" + _N + r")(?:位|名)?|第(?P<a>" + _N + r")(?:位|名)?(?:至|到|-|~)第?(?P<b>" + _N
          + r")(?:位|名)?)")
_SEQ = re.compile(r"(?=[前第位名排居列])(?:位居|位列|名列|排名|排在|居|列)?" + _RANGE + r"(?P<pop>的?[\u4e00-\u9fff()、]{0,10}?)(?:分别|依次)(?:是|为)[ :]?"
                  r"(?P<list>[^,。;:\n]{2,200})")
# 甲街道、乙街道位居一二名 / 分列第一、二位 / 位列前两名: the units before, in order
_VERB = r"(?:分别|依次)?(?:位居|位列|名列|排名|排在|分列|居|列|获得|荣获|夺得)"
_BY_UNITS = re.compile(r"(?=[分依位名排居列获荣夺])" + _VERB + r"(?P<cmp>全市|全省|全区|全县|全州)?(?:第?(?P<digits>[" + _CN
                       + r"]{2,9})(?:名|位)|第(?P<ns>" + _N + r"(?:、第?" + _N + r")+)(?:位|名)?|" + _RANGE + r")")
# 乙街道…位列第十二: one unit's place
_ONE = re.compile(r"(?=[位名排居列获荣取夺])(?:位居|位列|名列|排名|排在|排|居|列|获得|荣获|取得|夺得)(?P<cmp>全市|全省|全区|全县|全州|市内[一二三四五六七八九十]区)?"
                  r"第(?P<n>" + _N + r")(?:位|名)?(?![\u4e00-\u9fff\d])")
_WITH_SCORE = re.compile(r"以(?:总分|得分)?(\d{1,3}(?:\.\d{1,3})?)分(?=的?(?:总分|得分|成绩)?$)")
_QUARTER = re.compile(r"(?<![前至到\-~])[二三四2-4]季度$")
_NAME = re.compile(r"[\u4e00-\u9fff()·]+")
_OPENERS = r"(?:只有|唯有|仅有|其中|而且|而|但|且|仅)?"
_CLAUSE_STOPS = ",。;:\n!?"
_SENT_STOPS = "。;\n!?"
_CONTEXT = 300  # characters before a ranking where the assessment word may stand
_REACH = 1200  # …so a ranking stands at most this far after one (its sentence may be long)
_LIST_CUT = re.compile(r"[、]")
_LAST_AND = re.compile(r"(?:和|及|与)")


@dataclass(frozen=True)
class _Grammar:
    assessed: re.Pattern[str]
    population: re.Pattern[str]  # a counted population (全市74个街道办事处, 7个评价区域)
    bare_population: re.Pattern[str]  # a population's word by itself (各县市区排名)
    kinds: dict[str, tuple[str, ...]]  # population word → endings of its units
    unit_end: re.Pattern[str]  # a unit's name ends in one of these
    unit_any: tuple[str, ...]
    categories: list[tuple[str, str]]  # (category word, code), longest first
    category_re: re.Pattern[str]
    by_first: tuple[tuple[str, tuple[str, ...]], ...]  # the assessment words by their first character
    kinds_read: frozenset[str]  # the kinds of document an assessment is read in


@cache
def _grammar(rules: Rules) -> _Grammar:
    a = rules.vocab.assessment
    kinds = {k: tuple(v) for k, v in a.populations.items()}
    kind_alt = trie_pattern(list(kinds))
    cats = sorted(((h, code) for code, ind in rules.indicators.items() for h in ind.headings), key=lambda p: -len(p[0]))
    return _Grammar(
        assessed=re.compile(first_chars(a.words) + trie_pattern(a.words)),
        population=re.compile(r"(?:全市|全省|全区|全县|全州)?(?:\d{1,3}|[一二两三四五六七八九十]{1,3})个"
                              r"[\u4e00-\u9fff]{0,4}?(?P<kind>" + kind_alt + ")"),
        bare_population=re.compile(kind_alt),
        kinds=kinds,
        unit_end=re.compile(r"(?:" + trie_pattern(a.units) + r")$"),
        unit_any=tuple(a.units),
        categories=cats,
        category_re=re.compile(trie_pattern([h for h, _ in cats])),
        by_first=tuple((c, tuple(w for w in a.words if w[0] == c)) for c in sorted({w[0] for w in a.words})),
        kinds_read=frozenset(k for code, ind in rules.indicators.items() if code.startswith("assessment.")
                             for k in ind.kinds),
    )


def _int(s: str) -> int:
    return int(s) if s.isdigit() else parse_chinese_int(s)


def _back(text: str, pos: int, stops: str) -> int:
    """Where the clause or sentence holding pos starts."""
    return max(text.rfind(c, 0, pos) for c in stops) + 1


class _Reader:
    """One document's assessment rankings in prose."""

    def __init__(self, doc: DocumentContext, sink: FactSink, g: _Grammar, windows: list[tuple[int, int]]):
        self.doc, self.sink, self.g = doc, sink, g
        self.windows = windows  # where a ranking may stand: within reach after an assessment word
        # the rankings read so far: (where, unit endings, comparator, code, period)
        self.ranked: list[tuple[int, tuple[str, ...] | None, str, str, Period]] = []

    def found(self, rx: re.Pattern[str]) -> list[re.Match[str]]:
        """rx's matches in the windows, in text order."""
        return [m for a, b in self.windows for m in rx.finditer(self.doc.text, a, b)]

    # ---- context ---------------------------------------------------------------------------------------------

    def assessed(self, a: int, b: int) -> bool:
        """An assessment word (考核, 评价 …) stands between a and b."""
        return bool(self.g.assessed.search(self.doc.text, max(0, a), b))

    def names_indicator(self, a: int, b: int) -> bool:
        """An indicator is named between a and b (GDP居前三位的县: a ranking by GDP)."""
        groups = self.doc.rules.subject_groups
        return any((g := groups.get(m.lastgroup or "", "")) == "names" or g.startswith("p")
                   for m in self.doc.rules.subject_re.finditer(self.doc.text, a, b))

    def code(self, a: int, b: int) -> str | None:
        """The category the words between a and b name last (综合/总分/none → the overall ranking)."""
        found = list(self.g.category_re.finditer(self.doc.text, a, b))
        word = found[-1].group(0) if found else ""
        code = next((c for h, c in self.g.categories if h == word), "assessment.overall")
        return code if self.doc.kind in self.doc.rules.indicators[code].kinds else None

    def period(self, pos: int) -> Period | None:
        """The last period named before pos that an assessment can cover: a month, a quarter, a half, a year over."""
        t, dd = self.doc.text, self.doc.doc_date
        for pm in reversed(self.doc.periods):
            if pm.start >= pos:
                continue
            p = pm.period
            if p.kind not in ("month", "months", "year") or p.year is None or self.doc.page_dated(pm.start):
                continue
            if t.rfind("《", 0, pm.start) > t.rfind("》", 0, pm.start):
                continue  # a title (《2023年度考核办法》)
            if p.kind == "year" and p.year >= dd.year:
                continue  # a year not over is a plan's or a meeting's, not the one evaluated
            if p.kind == "months" and p.m2 - p.m1 > 2 and _QUARTER.search(t, pm.start, pm.end):
                # a release's 三季度 runs from January; an assessment's is the quarter (as in its tables)
                return Period("months", p.year, p.m2 - 2, p.m2, explicit_year=p.explicit_year)
            return p
        return None

    def population(self, a: int, b: int) -> tuple[str, tuple[str, ...] | None]:
        """The last counted population named between a and b, as written, and the endings of its units."""
        found = list(self.g.population.finditer(self.doc.text, max(0, a), b))
        if not found:
            return "", None
        m = found[-1]
        return self.doc.orig_span(m.start(), m.end()), self.g.kinds[m.group("kind")] or None

    def unit_ok(self, name: str, ends: tuple[str, ...] | None) -> bool:
        # (an ending alone, 街道 or 园区, is no unit's name; 高新区 may be)
        if not 2 <= len(name) <= 16 or not _NAME.fullmatch(name) or (len(name) <= 2 and name in self.g.unit_any):
            return False
        return name.endswith(ends) if ends else bool(self.g.unit_end.search(name))

    def units(self, a: int, b: int, ends: tuple[str, ...] | None) -> list[tuple[str, int, int]] | None:
        """甲县、乙区和丙县: the units listed between a and b, in order (None unless every one is a unit's name)."""
        t = self.doc.text
        out: list[tuple[int, int]] = []
        at = a
        for m in [*_LIST_CUT.finditer(t, a, b), None]:
            end = m.start() if m else b
            out.append((at, end))
            at = m.end() if m else b
        # the last item may hold two joined by 和/及/与 (甲县和乙区)
        s, e = out[-1]
        last = list(_LAST_AND.finditer(t, s, e))
        if last:
            k = last[-1]
            if self.unit_ok(t[s:k.start()].strip(), ends) and self.unit_ok(t[k.end():e].strip(), ends):
                out[-1:] = [(s, k.start()), (k.end(), e)]
        names = []
        for s, e in out:
            while s < e and t[s] == " ":
                s += 1
            while e > s and t[e - 1] == " ":
                e -= 1
            if not self.unit_ok(t[s:e], ends):
                return None
            names.append((self.doc.orig_span(s, e), s, e))
        return names

    def emit_ranks(self, code: str, period: Period, ranks: list[int], units: list[tuple[str, int, int]], cmp: str,
                   span: tuple[int, int], ends: tuple[str, ...] | None) -> None:
        for r, (name, _, _) in zip(ranks, units, strict=True):
            self.sink.emit(Draft(code, "rank", period, float(r), "rank", region=name, comparator=cmp, span=span))
        self.ranked.append((span[0], ends, cmp, code, period))

    # ---- the forms -------------------------------------------------------------------------------------------

    def lines(self) -> None:
        """第一名:甲县,得分91.26分 lines under a heading that says what was assessed."""
        t = self.doc.text
        blocks: list[list[re.Match[str]]] = []
        done = 0
        for m in self.found(_LINE):
            if m.start() < done:
                continue
            blocks.append([m])
            while (nxt := _LINE.match(t, _next_line(t, blocks[-1][-1].end()))) is not None:
                blocks[-1].append(nxt)  # (past the window: a long list goes on)
            done = blocks[-1][-1].end()
        for block in blocks:
            ranks = [_int(m.group("n")) for m in block]
            if len(block) < 2 or ranks != sorted(ranks) or ranks[0] < 1:
                continue
            head_end = block[0].start() - 1
            head_start = t.rfind("\n", 0, max(0, head_end)) + 1
            while head_end > 0 and not t[head_start:head_end].strip():  # blank lines between heading and list
                head_end = head_start - 1
                head_start = t.rfind("\n", 0, max(0, head_end)) + 1
            if not self.assessed(head_start - _CONTEXT, head_end) or self.names_indicator(head_start, head_end):
                continue
            code, period = self.code(head_start, head_end), self.period(block[0].start())
            if code is None or period is None:
                continue
            cmp, ends = self.population(head_start, head_end)
            if not cmp:
                cmp = self._bare(head_start, head_end)
            units = []
            for m in block:
                units.append((self.doc.orig_span(m.start("unit"), m.end("unit")), m.start("unit"), m.end("unit")))
                self.sink.emit(Draft(code, "rank", period, float(_int(m.group("n"))), "rank", region=units[-1][0],
                                     comparator=cmp, span=(m.start() + len(m.group(0)) - len(m.group(0).lstrip()),
                                                           m.end("unit"))))
                if m.group("score"):
                    self.sink.emit(Draft(code, "level", period, float(m.group("score")), "分", region=units[-1][0],
                                         comparator=cmp, span=(m.start("unit"), m.end("score") + 1)))
            self.ranked.append((block[0].start(), ends, cmp, code, period))

    def _bare(self, a: int, b: int) -> str:
        """县市区 named by itself in a heading (各县市区排名): the population as written."""
        found = list(self.g.bare_population.finditer(self.doc.text, a, b))
        return self.doc.orig_span(found[-1].start(), found[-1].end()) if found else ""

    def items(self) -> None:
        """第一名为甲县(92.5分)，第二名为乙区…: a sentence listing the places in turn."""
        t = self.doc.text
        runs: list[list[re.Match[str]]] = []
        for m in self.found(_ITEM) if "名" in t or "位" in t else ():
            prev = runs[-1][-1] if runs else None
            if prev is not None and _ITEM_GAP.fullmatch(t, prev.end(), m.start()):
                runs[-1].append(m)
            else:
                runs.append([m])
        for run in runs:
            ranks = [_int(m.group("n")) for m in run]
            if len(run) < 2 or ranks != list(range(ranks[0], ranks[0] + len(ranks))) or self._read(run[0].start()):
                continue
            sent = _back(t, run[0].start(), _SENT_STOPS)
            if not self.assessed(min(sent, run[0].start() - _CONTEXT), run[0].start()) \
                    or self.names_indicator(sent, run[0].start()):
                continue
            units = [(self.doc.orig_span(m.start("unit"), m.end("unit")), m.start("unit"), m.end("unit")) for m in run]
            if not all(self.unit_ok(t[a:b], None) for _, a, b in units):
                continue
            code, period = self.code(sent, run[0].start()), self.period(run[0].start())
            if code is None or period is None:
                continue
            cmp, ends = self.population(sent - _CONTEXT, run[0].start())
            for m, (name, _, _) in zip(run, units, strict=True):
                self.sink.emit(Draft(code, "rank", period, float(_int(m.group("n"))), "rank", region=name, comparator=cmp,
                                     span=(m.start(), m.end("unit"))))
                if m.group("score"):
                    self.sink.emit(Draft(code, "level", period, float(m.group("score")), "分", region=name,
                                         comparator=cmp, span=(m.start("unit"), m.end("score") + 1)))
            self.ranked.append((run[0].start(), ends, cmp, code, period))

    def sequences(self) -> None:
        """总分居前3位的县市区分别是甲县、乙区、丙县 / 居第4位至第7位的…分别是…."""
        t = self.doc.text
        for m in self.found(_SEQ) if "分别" in t or "依次" in t else ():
            ranks = self._ranks(m)
            sent = _back(t, m.start(), _SENT_STOPS)
            if not ranks or not self.assessed(min(sent, m.start() - _CONTEXT), m.start()) \
                    or self.names_indicator(sent, m.start()):
                continue
            pop = m.group("pop").lstrip("的")
            ends = self.g.kinds.get(pop) or None
            if pop and pop not in self.g.kinds:
                continue
            units = self.units(m.start("list"), m.end("list"), ends)
            if units is None or len(units) != len(ranks):
                continue
            code, period = self.code(sent, m.start()), self.period(m.start())
            if code is None or period is None:
                continue
            cmp = self.doc.orig_span(m.start("pop") + (m.group("pop").startswith("的")), m.end("pop")) if pop else \
                self.population(sent - _CONTEXT, m.start())[0]
            start = next((c.start() for c in self.g.category_re.finditer(t, _back(t, m.start(), _CLAUSE_STOPS),
                                                                         m.start())), m.start())
            self.emit_ranks(code, period, ranks, units, cmp, (start, units[-1][2]), ends)

    def by_units(self) -> None:
        """甲街道、乙街道位居一二名 / 甲县、乙县分列第一、二位: the units listed right before the places."""
        t = self.doc.text
        for m in self.found(_BY_UNITS) if "、" in t else ():
            ranks = self._ranks(m)
            if ranks is None or len(ranks) < 2:
                continue
            cs = _back(t, m.start(), _CLAUSE_STOPS)
            sent = _back(t, m.start(), _SENT_STOPS)
            if not self.assessed(min(sent, m.start() - _CONTEXT), m.start()) or self.names_indicator(sent, m.start()):
                continue
            head = re.match(_OPENERS, t[cs:m.start()])
            units = self.units(cs + (head.end() if head else 0), m.start(), None)
            if units is None or len(units) != len(ranks):
                continue
            code, period = self.code(sent, m.start()), self.period(m.start())
            if code is None or period is None:
                continue
            cmp, ends = self.population(sent - _CONTEXT, m.start())
            if ends and not all(u[0].endswith(ends) for u in units):
                ends = None
            self.emit_ranks(code, period, ranks, units, cmp or (m.group("cmp") or ""), (units[0][1], m.end()), ends)

    def single(self) -> None:
        """乙街道…位列第十二: one unit's place, where the document ranked units of its kind (the last one of that kind
        named before the rank in its sentence), or the sentence says what was assessed and names the unit: one of the
        population it counts (在全区12个街道综合考核中，乙街道位列第四) or the document's own place (我县位列全市第二)."""
        t = self.doc.text
        for m in self.found(_ONE) if "第" in t else ():
            sent = _back(t, m.start(), _SENT_STOPS)
            if self.names_indicator(sent, m.start()) or self._read(m.start()):
                continue
            code: str | None = None
            period: Period | None = None
            unit: tuple[str, int, int] | None = None
            before = [r for r in self.ranked if r[0] < m.start()]
            if before and before[-1][1] and self.assessed(sent - _CONTEXT, m.start()):
                # (5个县市的16个办事处中，只有乙街道…位列第十二: a part of the population the document ranked)
                _, ends, cmp, code, period = before[-1]
                unit = self._last_unit(sent, m.start(), ends) if ends else None
            elif self.assessed(sent, m.start()):
                cmp, ends = self.population(sent, m.start())
                code, period = self.code(sent, m.start()), self.period(m.start())
                unit = self._last_unit(sent, m.start(), ends) if ends else None
                own = self._own(sent, m.start())
                if own is not None and (unit is None or own[2] > unit[2]):
                    # 在全市…考核中，我县排名第一: the comparator the sentence names before the place
                    named = list(self.doc.lex.comparators.finditer(t, sent, own[1]))
                    unit, cmp = own, cmp or m.group("cmp") or (named[-1].group(0) if named else "")
            if code is None or period is None or unit is None:
                continue
            name, a, b = unit
            if name in self.doc.lex.own_place_words:
                name = self.doc.canon_region(name, a, b)
            self.sink.emit(Draft(code, "rank", period, float(_int(m.group("n"))), "rank", region=name, comparator=cmp,
                                 span=(m.start(), m.end())))
            score = _WITH_SCORE.search(t, b, m.start())
            if score:  # 乙街道以96.5分位列第一
                self.sink.emit(Draft(code, "level", period, float(score.group(1)), "分", region=name, comparator=cmp,
                                     span=(b, score.end())))

    def _read(self, pos: int) -> bool:
        """A rank at pos was already read (with the indicator it ranks, or in a list)."""
        at = self.doc.norm.span(pos, pos + 1)[0]
        return any(f.measure == "rank" and f.start <= at < f.end for f in self.sink.facts)

    def _own(self, a: int, b: int) -> tuple[str, int, int] | None:
        """The document's own place (我县, 本区, or the place its title names) named last between a and b."""
        t, doc = self.doc.text, self.doc
        found = [(m.group(0), m.start(), m.end()) for m in doc.lex.own_place.finditer(t, a, b)
                 if m.group(0)[0] in "我本"]
        named = normalise(doc.named_region) if doc.named_region else ""
        if named:
            i = t.rfind(named, a, b)
            if i >= 0:
                found.append((doc.named_region, i, i + len(named)))
        return max(found, key=lambda f: f[2], default=None)

    def _last_unit(self, a: int, b: int, ends: tuple[str, ...]) -> tuple[str, int, int] | None:
        """The last unit of the kind named between a and b at the start of a clause or after 的 (…的乙街道…)."""
        t = self.doc.text
        rx = _unit_pattern(ends)
        best: tuple[int, int] | None = None
        for s in [a, *(i + 1 for i in range(a, b) if t[i] in ",、:;的")]:
            m = rx.match(t, s, b)
            if m and (best is None or m.end("u") > best[1] or (m.end("u") == best[1] and m.start("u") < best[0])):
                best = (m.start("u"), m.end("u"))
        if best is None or not self.unit_ok(t[best[0]:best[1]], ends):
            return None
        return self.doc.orig_span(*best), best[0], best[1]

    @staticmethod
    def _ranks(m: re.Match[str]) -> list[int] | None:
        g = m.groupdict()
        if g.get("digits"):
            ranks = [_CN.index(c) + 1 for c in g["digits"]]
            return ranks if ranks == list(range(ranks[0], ranks[0] + len(ranks))) else None
        if g.get("ns"):
            ranks = [_int(x) for x in re.findall(_N, g["ns"])]
            return ranks if ranks == sorted(ranks) and len(set(ranks)) == len(ranks) else None
        if g.get("top"):
            n = _int(g["top"])
            return list(range(1, n + 1)) if 1 < n <= 30 else None
        if g.get("a") and g.get("b"):
            a, b = _int(g["a"]), _int(g["b"])
            return list(range(a, b + 1)) if 1 <= a < b and b - a < 30 else None
        return None


def _finds(t: str, w: str) -> list[int]:
    out, i = [], t.find(w)
    while i >= 0:
        out.append(i)
        i = t.find(w, i + 1)
    return out


def _next_line(t: str, pos: int) -> int:
    """Where the next line that is not blank starts after pos."""
    n = len(t)
    while pos < n and t[pos] in " \t\r\n":
        pos += 1
    return n if pos >= n else t.rfind("\n", 0, pos) + 1


@cache
def _unit_pattern(ends: tuple[str, ...]) -> re.Pattern[str]:
    """A unit's name with one of these endings, after an opener (只有乙街道), never across a 的."""
    return re.compile(_OPENERS + r"(?P<u>(?:(?!的)[\u4e00-\u9fff]){1,10}?(?:" + trie_pattern(list(ends)) + "))")


def read_ranked_lists(doc: DocumentContext, sink: FactSink) -> None:
    """Every assessment ranking the document writes as a list: a rank per unit (and the score, where given)."""
    t, g = doc.text, _grammar(doc.rules)
    if doc.kind not in g.kinds_read:
        return
    # (str.find by first character: far cheaper than a pattern over the whole text, and most documents hold none)
    at = [i for c, ws in g.by_first for i in _finds(t, c) if t.startswith(ws, i)]
    if not at:
        return
    at.sort()
    windows: list[tuple[int, int]] = []
    for a in at:
        b = t.find("\n", min(len(t), a + _REACH))  # (whole lines: a line cut short is no line)
        b = len(t) if b < 0 else b
        if windows and a <= windows[-1][1]:
            windows[-1] = (windows[-1][0], b)
        else:
            windows.append((a, b))
    r = _Reader(doc, sink, g, windows)
    r.lines()
    r.items()
    r.sequences()
    r.by_units()
    r.single()
