"""The extraction engine: sentences → clauses → numbers, each number tied to a subject, a measure and a period."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from datetime import date
from functools import cache

from statwatch.extract.dates import (
    PERIOD_RE,
    YEAR_RANGE_RE,
    Period,
    PeriodMatch,
    find_periods,
    make_day,
)
from statwatch.extract.normalize import Normalised, normalise, strip_pinyin
from statwatch.extract.numbers import normalise_value, parse_number
from statwatch.extract.rules import Rules, load_rules, trie_pattern
from statwatch.model import Fact

CJK = re.compile(r"[\u4e00-\u9fff]")
_SENT_END = re.compile(r"[。!?;\n]+")
_MASK = re.compile(r"\([^()\n]{0,60}\)|“[^“”\n]{0,0}”")
_UNIT_ALT = ("美元|元|%|个百分点|百分点|个标准箱|个标箱|标准箱|标箱|TEU|吨|人次|台次|班次|列|班|车|个|家|座|条|平方米|千伏安")
_CN = "零〇一二两三四五六七八九十百千"
NUM_RE = re.compile(
    r"(?<![\d.A-Za-z])(?P<num>\d+(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
    r"|[" + _CN + r"]+(?:[万亿][" + _CN + r"]+)*(?=[万亿]?[多余]?(?:列|班次|班|个|家|座|条|车|人次|台次)))"
    r"(?:(?P<rsep>至|到|~|-)(?P<num2>\d+(?:\.\d+)?|[一二两三四五六七八九十]+)(?=[万亿多余]?(?:" + _UNIT_ALT + r")))?"
    r"(?:\s?(?P<mult>万|亿))?(?P<post>多|余)?(?:\s?)(?P<unit>" + _UNIT_ALT + r")?(?P<post2>以上|左右|多|余|以下)?"
)
_BASE_UNIT = {"个百分点": "百分点", "个标准箱": "标箱", "个标箱": "标箱", "标准箱": "标箱", "TEU": "标箱", "班次": "列", "班": "列"}
_FAMILY = {"亿元": "money", "元": "money", "亿美元": "money_usd", "%": "pct", "百分点": "pp", "标箱": "teu", "万吨": "weight",
           "吨": "weight", "列": "trains", "车": "wagons", "万平方米": "area", "万千伏安": "power"}
_COUNT_UNITS = {"列", "班", "班次", "车", "个", "家", "座", "条", "人次", "台次", "标箱", "个标箱"}
_CONTINUE = ("同比", "增长", "下降", "比上", "较上", "较去", "比去", "居", "位", "排", "占", "的", "创", "为", "已", "和",
             "及", "与", "增", "高", "低", "分别", "出境", "左右", "以上", "较", "比", "同", "、", "共", "发运", "实现", "其中")
_RATIO = re.compile(r"(?P<a>\d+(?:\.\d+)?):(?P<b>\d+(?:\.\d+)?):(?P<c>\d+(?:\.\d+)?)")
_FRACTION = re.compile(r"(?P<den>十|百)分之(?P<num>[一二三四五六七八九]|\d+)")
_PP_THAN = re.compile(r"(?:比|较)(?P<cmp>全国|全省|全市|全区|全县)(?:平均水平|平均|水平|增速|增幅)*(?P<dir>高出|高|快|多|低|慢|少)"
                      r"(?:了)?\s*$")
MAX_SENTENCE = 800  # real sentences are far shorter; longer runs are split at commas
_WORTH = re.compile(r"[\d第首]|[一二两三四五六七八九十百千万][多余]?[列班个家座条车人台]")
_PRIOR_SAME = re.compile(r"(?<![比较与同])(?:上年|去年)同期(?!相比|比较)")
_COMPARED = re.compile(r"(?:超过?|较|比|高于|低于|相比|多于|少于)$")


def _value(raw: str) -> float:
    """A number already normalised to ASCII digits, or a Chinese numeral."""
    return float(raw.replace(",", "")) if raw[0].isdigit() else parse_number(raw)


@dataclass
class Num:
    """A number with its unit as found in a sentence (offsets into the normalised text)."""

    start: int
    end: int
    value: float
    unit: str
    family: str
    raw_unit: str
    qualifier: str
    chinese: bool
    upper: float | None = None
    group: int = -1
    index: int = 0
    quote_end: int = 0


@dataclass
class Subject:
    """What a number is about: one or more indicator codes, where it was named, which region."""

    codes: tuple[str, ...]
    start: int
    region: str = ""
    period: Period | None = None


@dataclass
class Mention:
    start: int
    end: int
    codes: tuple[str, ...]


@dataclass
class Ctx:
    """What a sentence says about time: its flow period, its day, whether it speaks of running totals."""

    period: Period | None = None
    day: date | None = None
    cumulative: bool = False


@dataclass
class _Compiled:
    filler: re.Pattern[str]
    region: re.Pattern[str]
    growth: re.Pattern[str]
    share: re.Pattern[str]
    pp: re.Pattern[str]
    rank: re.Pattern[str]
    comparators: re.Pattern[str]
    entity: re.Pattern[str]
    record: re.Pattern[str]
    statement: re.Pattern[str]
    prior_paren: re.Pattern[str]
    route: re.Pattern[str]
    change: re.Pattern[str]
    today: re.Pattern[str]
    span_start: re.Pattern[str]
    span_end: re.Pattern[str]
    rates: re.Pattern[str]
    q_before: re.Pattern[str]
    target: re.Pattern[str]
    words: dict[str, list[str]] = field(default_factory=dict)


def _alt(words: list[str]) -> str:
    return trie_pattern(words)


@cache
def _compiled(rules: Rules) -> _Compiled:
    w = {k: rules.words(k) for k in ("filler", "growth_up", "growth_down", "growth_fill", "earlier_period",
                                      "share_cues", "pp_up", "pp_down", "average_growth", "target_cues",
                                      "forecast_cues", "blockers", "rank_verbs", "comparators", "region_words",
                                      "region_suffixes", "prior_year_words", "statement_verbs", "prior_year_paren",
                                      "change_words", "today_words", "span_start_words", "span_end_words", "rate_words")}
    raw = rules.raw
    w["q_before"] = list((raw.get("qualifiers_before") or {}).keys())
    rail = raw.get("rail") or {}
    for k in ("cumulative", "weekly", "outbound", "inbound", "route_verbs", "milestone_words"):
        w["rail_" + k] = [str(x) for x in rail.get(k, [])]
    cover = (w["filler"] + w["growth_up"] + w["growth_down"] + w["growth_fill"] + w["pp_up"] + w["pp_down"]
             + w["rank_verbs"] + w["comparators"] + w["target_cues"] + w["q_before"] + w["share_cues"])
    region_generic = (r"[^\x00-\u4dff\ua000-\U0010ffff地季度年月日全的据在是和与及为以之各本我该其城市县区]{1,4}?(?:"
                      + _alt(w["region_suffixes"]) + r")")
    growth = (r"(?P<avg>" + _alt(w["average_growth"]) + r")?(?P<verb>" + _alt(w["growth_up"] + w["growth_down"])
              + r")(?:" + _alt(w["growth_fill"]) + r"){0,3}\s*-?$")
    rank = (r"(?P<verb>" + _alt(w["rank_verbs"]) + r")?(?P<cmp>" + _alt(w["comparators"])
            + r"|[\u4e00-\u9fff]{2,4}(?:城区|县市区|区县))?(?:第(?P<n>\d{1,3}|[一二三四五六七八九十]{1,3})(?:位|名)?|(?P<top>首位))")
    ents = [str(p) for p in rail.get("entity_patterns", [])]
    return _Compiled(
        filler=re.compile(_alt(cover)),
        region=re.compile(_alt(w["region_words"]) + "|" + region_generic),
        growth=re.compile(growth),
        share=re.compile(r"(?:" + _alt(w["share_cues"]) + r")[^,:]{0,16}?(?:的)?(?:为|达|达到|是)?\s*$"),
        pp=re.compile(r"(?P<cue>" + _alt(w["pp_up"] + w["pp_down"]) + r")"),
        rank=re.compile(rank),
        comparators=re.compile(_alt(w["comparators"])),
        entity=re.compile("|".join(f"(?:{p})" for p in ents)) if ents else re.compile(r"(?!x)x"),
        record=re.compile("|".join(str(p) for p in rail.get("record_claims", [])) or r"(?!x)x"),
        statement=re.compile(r"(?<!\d)(?=\d)(?:(?P<y>(?:19|20)\d{2})年)?(?:(?P<m>\d{1,2})月)?(?P<d>\d{1,2})日[^。;\n]{0,16}?(?:"
                             + _alt(w["statement_verbs"]) + ")"),
        route=re.compile(r"(?P<o>[\u4e00-\u9fff]{2,8}(?:\([\u4e00-\u9fff]{1,6}\))?)(?:" + _alt(w["rail_route_verbs"])
                         + r")(?P<d>[\u4e00-\u9fff]{2,6}?)(?P<n>\d+|[一二两三四五六七八九十]{1,3})(?:列|班)(?=[,;。、\s)]|$)"),
        change=re.compile(r"(?:" + _alt(w["change_words"]) + r")(?:了)?\s*$"),
        today=re.compile(_alt(w["today_words"])),
        span_start=re.compile(_alt(w["span_start_words"])),
        span_end=re.compile(_alt(w["span_end_words"])),
        rates=re.compile(_alt(w["rate_words"])),
        prior_paren=re.compile(r"(?P<w>" + _alt(w["prior_year_paren"]) + r")\((?P<neg>-)?(?P<v>\d+(?:\.\d+)?)%\)"),
        q_before=re.compile(r"(?:" + _alt(w["q_before"]) + r")$"),
        # 年度目标的62%, 完成全年目标任务 speak of progress, not of a goal
        target=re.compile(r"(?<!年度)(?<!全年)(?<!完成)(?:" + _alt(w["target_cues"]) + r")(?!任务|的|进度)"),
        words=w,
    )


def detect_kind(text: str, rules: Rules) -> str:
    """Guess rail / ops / stats from the words a document uses (the title counts three times)."""
    words = rules.raw.get("kind_words") or {}
    title = text.lstrip().split("\n", 1)[0]
    scores = {k: sum(text.count(str(x)) + 3 * title.count(str(x)) for x in v) for k, v in words.items()}
    best = max(scores, key=lambda k: scores[k], default="stats")
    return best if scores.get(best, 0) >= 2 else "stats"


class Extractor:
    """One document's extraction state: context year, as-of day, regions seen, facts found."""

    def __init__(self, text: str, *, doc_date: date | None, kind: str, doc: str, rules: Rules | None = None):
        self.rules = rules or load_rules()
        self.c = _compiled(self.rules)
        self.norm = Normalised(text)
        self.t = self.norm.text
        self.doc = doc
        self.kind = kind if kind in ("rail", "stats", "ops") else detect_kind(self.t, self.rules)
        self.doc_date = doc_date or date.today()
        self.facts: list[Fact] = []
        self._heading = False
        self._heading_facts: set[int] = set()
        self._q_after = {str(k): str(v) for k, v in (self.rules.raw.get("qualifiers_after") or {}).items()}
        self._q_before = {str(k): str(v) for k, v in (self.rules.raw.get("qualifiers_before") or {}).items()}
        self._q_before_re = self.c.q_before
        self.seen_codes: set[str] = set()
        self._setup_dates()
        self.named_region = self._named_region()
        self.default_region = self._default_region()

    # ---- document-level context -------------------------------------------------------------------------

    def _setup_dates(self) -> None:
        t, dd = self.t, self.doc_date
        first_full = re.search(r"(?:(?P<y>(?:19|20)\d{2})年)?(?P<m>\d{1,2})月(?P<d>\d{1,2})日", t)
        month_hint = int(first_full.group("m")) if first_full else dd.month
        self.statement_day: date | None = None
        # only the lead dates a story: a statement quoted further down is history
        for m in self.c.statement.finditer(t, 0, 400):
            pre = t[max(0, m.start() - 1):m.start()]
            if pre == "自":
                continue
            y = int(m.group("y")) if m.group("y") else dd.year
            mo = int(m.group("m")) if m.group("m") else month_hint
            day = make_day(y, mo, int(m.group("d")), dd, bool(m.group("y")))
            if day and day <= dd and (dd - day).days <= 366:
                self.statement_day = day
                break
        self.ref_date = self.statement_day or dd
        self.ref_year = self.ref_date.year
        self.asof = self.statement_day or dd
        dateline = None
        if first_full and first_full.start() < 300:
            y = int(first_full.group("y")) if first_full.group("y") else self.ref_year
            dateline = make_day(y, int(first_full.group("m")), int(first_full.group("d")), dd, bool(first_full.group("y")))
        self.today = dateline or self.asof

    def _named_region(self) -> str:
        head = "\n".join(self.t.split("\n")[:4])[:200]
        for suffix in ("区", "县", "市"):
            m = re.search(r"([^\x00-\u4dff\ua000-\U0010ffff地季度年月日全的据在是和与及为以之各本我该其城市县区]{2,4}?"
                          + suffix + r")(?![\u4e00-\u9fff]{0,1}(?:场|长|委|民))", head)
            if m and m.group(1) not in ("全区", "全县", "全市", "城区", "市区"):
                return self._orig_span(m.start(1), m.end(1))
        return ""

    def _default_region(self) -> str:
        m = re.search(r"全区|全县|全市|我市|我区|我县|本市", self.t)
        return self._canon_region(m.group(0), m.start(), m.end()) if m else self.named_region

    @property
    def doc_period(self) -> Period | None:
        """The release's own period (the first span it names), for sentences that name none."""
        if not hasattr(self, "_doc_period_cache"):
            self._doc_period_cache = self._doc_period()
        return self._doc_period_cache

    def _doc_period(self) -> Period | None:
        for pm in find_periods(self.t, self.ref_year, self.ref_year, self.doc_date)[0]:
            if pm.cumulative and pm.period.kind in ("months", "year"):
                return pm.period
        return None

    def _orig_span(self, start: int, end: int) -> str:
        a, b = self.norm.span(start, end)
        return strip_pinyin(self.norm.original[a:b])

    def _canon_region(self, word: str, start: int, end: int) -> str:
        if word in ("全区", "全县", "全市", "我市", "我区", "我县", "本市", "本区") and self.named_region:
            if self.norm.text[self._named_end() - 1] == word[-1]:
                return self.named_region
        return self._orig_span(start, end)

    def _named_end(self) -> int:
        if not hasattr(self, "_named_end_pos"):
            n = normalise(self.named_region)
            i = self.t.find(n)
            self._named_end_pos = i + len(n) if i >= 0 else 0
        return self._named_end_pos

    # ---- main loop --------------------------------------------------------------------------------------

    def run(self) -> list[Fact]:
        context_year = self.ref_year
        pos = 0
        for para in self.t.split("\n"):
            start = pos
            pos += len(para) + 1
            if not CJK.search(para) or not _WORTH.search(para):
                self._license(para)
                context_year = self._advance_year(para, context_year)
                continue
            periods, context_year = find_periods(para, context_year, self.ref_year, self.doc_date)
            periods = [PeriodMatch(p.start + start, p.end + start, p.period, p.cumulative) for p in periods]
            # a headline (no clause punctuation) often repeats the body's numbers
            self._heading = not re.search(r"[,。;:]", para)
            self._paragraph(start, start + len(para), periods)
        return self._dedupe()

    def _advance_year(self, para: str, year: int) -> int:
        return find_periods(para, year, self.ref_year, self.doc_date)[1] if "年" in para else year

    def _paragraph(self, a: int, b: int, periods: list[PeriodMatch]) -> None:
        para_period: Period | None = None
        prev_ctx = Ctx()
        starts = [p.start for p in periods]
        begin = a
        joined = False
        for m in list(_SENT_END.finditer(self.t, a, b)) + [None]:
            for s, e in self._pieces(begin, m.start() if m else b):
                sp = periods[bisect.bisect_left(starts, s):bisect.bisect_left(starts, e)]
                ctx = self._sentence_ctx(s, e, sp)
                # 其中… and a clause after ";" go on with the sentence before
                if (joined or self.t[s:e].lstrip(" ,").startswith("其中")) and ctx.period is None and ctx.day is None:
                    ctx = Ctx(prev_ctx.period, prev_ctx.day, prev_ctx.cumulative or ctx.cumulative)
                self._sentence(s, e, sp, para_period, ctx)
                flows = [p.period for p in sp if p.period.kind in ("months", "year", "ytd", "month")
                         and not self._compared(p)]
                if flows:
                    para_period = flows[0] if self.kind == "stats" else flows[-1]
                prev_ctx = ctx
            joined = m is not None and ";" in m.group(0) and "\n" not in m.group(0)
            begin = m.end() if m is not None else b

    def _pieces(self, s: int, e: int) -> list[tuple[int, int]]:
        """A sentence, cut at commas into pieces of at most MAX_SENTENCE characters (work per sentence is quadratic)."""
        out = []
        while e - s > MAX_SENTENCE:
            cut = self.t.rfind(",", s + MAX_SENTENCE // 2, s + MAX_SENTENCE)
            cut = cut + 1 if cut > s else s + MAX_SENTENCE
            out.append((s, cut))
            s = cut
        if e > s:
            out.append((s, e))
        return out

    def _day_is_marker(self, p: PeriodMatch) -> bool:
        """A day that ends a span (截至11月28日) or starts a service (自2013年7月18日…以来) dates no count itself."""
        before = self.t[max(0, p.start - 2):p.start]
        return before.endswith(("截至", "截止", "至", "自", "到")) or "以来" in self.t[p.end:p.end + 12]

    def _compared(self, p: PeriodMatch) -> bool:
        """A period named only as a comparison (较一季度, 与上半年相比, 已超去年全年)."""
        return bool(_COMPARED.search(self.t, max(0, p.start - 3), p.start)) \
            or self.t.startswith(("相比", "比较", "持平"), p.end)

    def _sentence_ctx(self, s: int, e: int, sp: list[PeriodMatch]) -> Ctx:
        text = self.t[s:e]
        day = None
        for p in sp:
            if p.period.kind == "day" and self.t[max(0, p.start - 1):p.start] != "自" and "以来" not in self.t[p.end:p.end + 12]:
                day = p.period.day
                break
        if day is None and self.c.today.search(text):
            day = self.today
        flow = next((p.period for p in sp if p.period.kind in ("months", "year", "ytd", "month")
                     and not self._compared(p)), None)
        cum = any(w in text for w in self.c.words["rail_cumulative"])
        return Ctx(flow, day, cum)

    # ---- one sentence -----------------------------------------------------------------------------------

    def _sentence(self, s: int, e: int, sp: list[PeriodMatch], para_period: Period | None, ctx: Ctx) -> None:
        t = self.t
        raw = t[s:e]
        if not _WORTH.search(raw):
            self._license(raw)
            return
        masked = _MASK.sub(lambda m: " " * len(m.group(0)), raw)
        mentions = self._mentions(masked, s)
        nums = self._numbers(masked, s)
        self._last_nums = nums
        self._sp = sp
        consumed: set[int] = set()
        if self.kind == "rail":
            consumed |= self._routes(raw, s, ctx, nums)
        lazy: list[list[int]] = []

        def opaque_list() -> list[int]:
            if not lazy:
                lazy.append(self._opaque(masked, s, mentions, nums, sp))
            return lazy[0]
        bounds = [s] + [s + m.end() for m in re.finditer(r"(?<!\d),|,(?!\d{3})|:", masked)] + [e + 1]
        clause_of = lambda pos: bounds[bisect.bisect_right(bounds, pos) - 1]  # noqa: E731
        cs_next = lambda pos: bounds[bisect.bisect_right(bounds, pos)] - 1  # noqa: E731

        def transparent(x: int, y: int) -> bool:
            opaque = opaque_list()
            i = bisect.bisect_left(opaque, x)
            return i >= len(opaque) or opaque[i] >= y

        state: dict = {"current": None, "levels": []}
        self._structure(raw, s, sp, para_period)
        events: list[tuple[int, str, object]] = [(n.start, "num", n) for n in nums if n.start not in consumed]
        for m in self.c.rank.finditer(masked):
            if m.group("verb") or m.group("cmp"):
                nxt = masked[m.end():m.end() + 1]
                if nxt and CJK.match(nxt):
                    continue
                events.append((s + m.start(), "rank", m))
        events.sort(key=lambda x: x[0])
        clause_starts = bounds[:-1]
        ci = 0
        for pos, _kind, obj in events:
            cs = clause_of(pos)
            # clauses before this one that hold no number still move the subject (惠济区GDP增速降幅最大,同比下跌4.8%)
            while ci < len(clause_starts) and clause_starts[ci] < cs:
                c0, c1 = clause_starts[ci], (clause_starts[ci + 1] if ci + 1 < len(clause_starts) else e)
                if not any(c0 <= ev[0] < c1 for ev in events):
                    self._carry(c0, c1, mentions, transparent, state)
                ci += 1
            if ci < len(clause_starts) and clause_starts[ci] == cs:
                # a clause with its own, unexplained subject ends the previous subject's reach
                first_mention = next((mm for mm in mentions if cs <= mm.start < pos), None)
                if first_mention is None and not transparent(cs, pos):
                    state["current"] = None
                ci += 1
            if isinstance(obj, Num):
                self._number(obj, s, e, cs, mentions, nums, transparent, state, sp, para_period, ctx, masked)
            elif isinstance(obj, re.Match):
                self._rank(obj, s, pos, cs, mentions, transparent, state, sp, para_period, masked, cs_next)
        self._prior_paren(raw, s, sp, para_period, state, mentions, clause_of, transparent)
        if self.kind == "rail":
            self._claims(raw, s, e)

    def _carry(self, c0: int, c1: int, mentions: list[Mention], transparent, state: dict) -> None:
        ms = [m for m in mentions if c0 <= m.start < c1]
        if ms:
            subj = self._subject(ms[-1].end, c0, mentions, transparent, state)
            if subj is not None:
                state["current"] = subj
        elif not transparent(c0, c1):
            state["current"] = None

    def _license(self, text: str) -> None:
        """Full names in text without numbers still license their short forms later (规上工业增加值 → 工业增加值)."""
        for m in self.rules.licensing_re.finditer(text):
            self.seen_codes.add(self.rules.licensing_codes[m.group(0)])

    def _mentions(self, masked: str, s: int) -> list[Mention]:
        out = []
        for m in self.rules.subject_re.finditer(masked):
            group = m.lastgroup or ""
            key = m.group(0) if group == "names" else "?" + m.group(0) if group == "short" else group
            codes = self.rules.subject_codes[key]
            if codes[0].startswith("?"):
                code = codes[0][1:]
                if code not in self.seen_codes:
                    continue
                codes = (code,)
            # statistics indicators are read in any document; rail and ops ones only in their own kind
            codes = tuple(c for c in codes if self.kind in self.rules.indicators[c].kinds
                          or "stats" in self.rules.indicators[c].kinds)
            if not codes:
                continue
            out.append(Mention(s + m.start(), s + m.end(), codes))
        for mm in out:
            self.seen_codes.update(mm.codes)
        return out

    def _numbers(self, masked: str, s: int) -> list[Num]:
        out: list[Num] = []
        for m in NUM_RE.finditer(masked):
            raw_num = m.group("num")
            chinese = not raw_num[0].isdigit()
            unit = m.group("unit") or ""
            mult = m.group("mult") or ""
            if chinese:
                if unit not in _COUNT_UNITS or masked[max(0, m.start() - 1):m.start()] == "第":
                    continue
                nxt = masked[m.end():m.end() + 1]
                if nxt and (CJK.match(nxt) or nxt in "“\""):
                    continue
            if not unit and mult != "亿":
                # a bare number matters only inside a list whose last member has the unit (2.2个和1.7个百分点)
                if not mult and masked[m.end():m.end() + 1] in ("、", "和", "及", "与", ",", "个") and m.end() < len(masked):
                    out.append(Num(s + m.start(), s + m.end(), _value(raw_num), "", "", "", "exact", chinese))
                continue
            try:
                value = _value(raw_num)
            except ValueError:
                continue
            base = _BASE_UNIT.get(unit, unit)
            value, canonical = normalise_value(value, mult, base)
            upper = None
            if m.group("num2"):
                try:
                    upper = normalise_value(parse_number(m.group("num2")), mult, base)[0]
                except ValueError:
                    upper = None
            family = _FAMILY.get(canonical, "count")
            after = (m.group("post") or "") + (m.group("post2") or "")
            q = self._qualifier(masked[:m.start()], after)
            if upper is not None:
                q = "over"
            # a minus sign, not a range or a date: (-1.1%), 增长-2.1%
            neg = masked[max(0, m.start() - 1):m.start()] == "-" and not masked[max(0, m.start() - 2):m.start() - 1].isdigit()
            out.append(Num(s + m.start(), s + m.end(), -value if neg else value, canonical, family, unit, q, chinese, upper))
        for m in _FRACTION.finditer(masked):
            # 占全国开行数量的十分之一 → 10%
            den = 10 if m.group("den") == "十" else 100
            value = _value(m.group("num")) * 100 / den
            out.append(Num(s + m.start(), s + m.end(), value, "%", "pct", "%", "exact", True))
        out.sort(key=lambda x: x.start)
        # lists: 2.2个和1.7个百分点, 6.9%、8.6%和8.3% — the last unit speaks for the list
        g = 0
        for i, n in enumerate(out):
            if i and re.fullmatch(r"\s*(?:、|和|及|与|,)\s*", self.t[out[i - 1].end:n.start]):
                n.group = out[i - 1].group
                n.index = out[i - 1].index + 1
            else:
                g += 1
                n.group, n.index = g, 0
        by_group: dict[int, list[Num]] = {}
        for n in out:
            by_group.setdefault(n.group, []).append(n)
        for members in by_group.values():
            last = members[-1]
            for n in members[:-1]:
                if last.unit in ("百分点", "%") and n.raw_unit in ("", "个"):
                    n.unit, n.family, n.raw_unit = last.unit, last.family, last.raw_unit
        return [n for n in out if n.unit]

    def _qualifier(self, before: str, after: str) -> str:
        if after:
            for word, q in self._q_after.items():
                if word in after:
                    return q
        m = self._q_before_re.search(before, max(0, len(before) - 4))
        return self._q_before[m.group(0)] if m else "exact"

    def _opaque(self, masked: str, s: int, mentions: list[Mention], nums: list[Num], sp: list[PeriodMatch]) -> list[int]:
        """Offsets of CJK characters no rule explains (filler, region, period, number, subject)."""
        arr = list(masked)
        for rx in (self.c.filler, self.c.region, PERIOD_RE, NUM_RE):
            for m in rx.finditer(masked):
                arr[m.start():m.end()] = " " * (m.end() - m.start())
        for a, b in [(mm.start - s, mm.end - s) for mm in mentions] + [(p.start - s, p.end - s) for p in sp]:
            arr[a:b] = " " * (b - a)
        return [s + m.start() for m in CJK.finditer("".join(arr))]

    # ---- subjects, periods, regions ---------------------------------------------------------------------

    def _subject(self, pos: int, cs: int, mentions: list[Mention], transparent, state: dict) -> Subject | None:
        ms = [m for m in mentions if cs <= m.start and m.end <= pos]
        if ms:
            m = ms[-1]
            if not transparent(m.end, pos):
                return None
            first = m
            codes = list(m.codes)
            # 班次、货值、货重: a list of subjects joined by 、
            for prev in reversed(ms[:-1]):
                if re.fullmatch(r"\s*(?:、|和|及|与)\s*", self.t[prev.end:first.start]):
                    codes = list(prev.codes) + codes
                    first = prev
                else:
                    break
            if "stats" in self.rules.indicators[codes[0]].kinds and not transparent(cs, first.start):
                return None
            return Subject(tuple(codes), first.start, self._region_before(cs, first.start))
        if transparent(cs, pos):
            return state["current"]
        return None

    def _region_before(self, cs: int, pos: int) -> str:
        seg = self.t[cs:pos]
        found = None
        for m in self.c.region.finditer(seg):
            found = m
        if found:
            return self._canon_region(found.group(0), cs + found.start(), cs + found.end())
        return ""

    def _years_since(self, s: int, pos: int) -> tuple[int, int] | None:
        """'2011年…10年来' → (2011, 2020): the span a retrospective sentence covers."""
        m = re.search(r"(\d{1,2}|[二三四五六七八九十]{1,3})年(?:来|以来)", self.t[s:pos])
        y = re.search(r"((?:19|20)\d{2})年", self.t[s:pos])
        if not m or not y or y.start() > m.start():
            return None
        n = int(m.group(1)) if m.group(1).isdigit() else int(parse_number(m.group(1)))
        y0 = int(y.group(1))
        return (y0, y0 + n - 1) if 1 < n < 100 and y0 + n - 1 <= self.doc_date.year else None

    def _sentence_region(self, s: int, pos: int) -> str:
        found = None
        for m in self.c.region.finditer(self.t, s, pos):
            if m.group(0) not in ("全省", "全国"):
                found = m
        return self._canon_region(found.group(0), found.start(), found.end()) if found else ""

    def _flow_period(self, pos: int, sp: list[PeriodMatch], para_period: Period | None, ctx: Ctx,
                     cs: int | None = None) -> Period | None:
        # a period named in a comparison (已超去年全年开行总量) dates only its own clause
        before = [p for p in sp if p.end <= pos and p.period.kind in ("months", "year", "ytd", "month", "day")
                  and (cs is None or p.start >= cs or not self._compared(p))
                  and not (p.period.kind == "day" and self._day_is_marker(p))]
        if before and before[-1].period.kind == "day" and self.kind != "stats":
            # 4月21日开行5列，4月22日开行6列: each count is dated by the day written before it
            return before[-1].period
        before = [p for p in before if p.period.kind != "day"]
        p = before[-1].period if before else (ctx.period or para_period)
        if p is None and self.kind == "stats":
            p = self.doc_period
        if p is None:
            return Period("day", ctx.day.year, day=ctx.day) if ctx.day and self.kind != "stats" else None
        return self._finish(p, ctx)

    def _finish(self, p: Period, ctx: Ctx) -> Period:
        if p.kind == "ytd":
            end = ctx.day or self.asof
            return Period("ytd", end.year, end_day=end)
        if p.kind == "month" and ctx.day and ctx.day.month == p.m1 and ctx.day.year == p.year:
            return Period("monthdays", p.year, p.m1, p.m1, end_day=ctx.day)
        return p

    def _asof_period(self, pos: int, sp: list[PeriodMatch], ctx: Ctx, cs: int | None = None) -> Period:
        if ctx.day:
            return Period("day", ctx.day.year, day=ctx.day)
        for p in sp:
            # 从今年第四季度开始…将过渡为每周去程3班: a coming quarter dates what 将 announces, not today's state
            if p.end <= pos and p.period.kind == "months" and not p.cumulative \
                    and (cs is None or p.start >= cs or "将" in self.t[cs:pos]):
                return p.period
        return Period("day", self.asof.year, day=self.asof)

    # ---- facts ------------------------------------------------------------------------------------------

    def _emit(self, code: str, measure: str, period: Period | None, value: float, unit: str, qualifier: str,
              region: str, qstart: int, qend: int, comparator: str = "", extra: dict | None = None) -> None:
        if period is None:
            return
        a, b = self.norm.span(qstart, qend)
        quote = self.norm.original[a:b]
        if self._heading:
            self._heading_facts.add(len(self.facts))
        self.facts.append(Fact(indicator=code, measure=measure, period=period.iso(), value=value, unit=unit,
                               qualifier=qualifier, region=region or self.default_region, comparator=comparator,
                               quote=quote, start=a, end=b, doc=self.doc, extra=extra or {}))

    def _number(self, n: Num, s: int, e: int, cs: int, mentions, nums, transparent, state, sp, para_period,
                ctx: Ctx, masked: str) -> None:
        t = self.t
        members = self._group(n)
        left = t[cs:members[0].start] if members and members[0].start >= cs else t[cs:n.start]
        sent_left = t[s:n.start]
        if any(b in left for b in self.c.words["blockers"]):
            state["current"] = None
            return
        if any(w in t[max(s, n.start - 12):n.start] for w in self.c.words["forecast_cues"]):
            return
        target = bool(self.c.target.search(sent_left))
        if n.family == "pct":
            self._percent(n, s, cs, left, mentions, nums, transparent, state, sp, para_period, ctx, target)
            return
        if n.family == "pp":
            self._pp(n, s, cs, left, mentions, transparent, state, sp, para_period, ctx)
            return
        if self.c.change.search(t, max(cs, n.start - 6), n.start):
            # 同比增加1.2亿元 is a change, not a level; the clause still names the subject of what follows
            subj = self._subject(n.start, cs, mentions, transparent, state)
            if subj is not None:
                state["current"] = subj
            return
        nxt = t[n.end:n.end + 8]
        code, subject = self._level_subject(n, s, e, cs, mentions, transparent, state, ctx, nxt, sent_left)
        if code is None:
            return
        ind = self.rules.indicators[code]
        measure = "target_level" if target and self.kind == "stats" else "level"
        period: Period | None
        if measure == "target_level":
            period = self._target_period(n.start, sp)
        elif ind.timing == "asof" or (self.kind != "stats" and ctx.cumulative and ctx.period is None
                                      and not any(p.end <= n.start and p.period.kind in ("months", "year", "ytd", "month") for p in sp)):
            period = self._asof_period(n.start, sp, ctx, cs)
        else:
            period = self._flow_period(n.start, sp, para_period, ctx, cs)
            decade = self._years_since(s, n.start)
            if decade:
                # 10年来…从开始时的不足20列,发展到突破1.2万列: the first and the last year of the span
                tail = self.t[cs:n.start]
                if self.c.span_start.search(tail):
                    period = Period("year", decade[0])
                elif self.c.span_end.search(tail):
                    period = Period("year", decade[1])
            span = YEAR_RANGE_RE.search(self.t, s, n.start)
            if span and len(members) > 1 and int(span.group("y2")) - int(span.group("y1")) + 1 == len(members):
                # 2019年至2021年…逐年突破2000列、3000列、3800列: one value per year
                period = Period("year", int(span.group("y1")) + n.index)
        if period is not None and measure == "level" and _PRIOR_SAME.search(t, cs, n.start):
            # 上年同期为230.1亿元: the same span a year earlier
            period = period.with_year((period.year or self.ref_year) - 1)
        region = (subject.region if subject and subject.region else "") or self._rail_region(s, n.start) \
            or self._sentence_region(s, n.start)
        if self.kind == "rail":
            if not code.startswith("rail.weekly"):
                region = self._direction(region, cs, n.start, s, trains=code.startswith("rail.trains"))
        qstart = subject.start if subject and subject.start >= s else cs
        extra = {"upper": n.upper} if n.upper is not None else None
        self._emit(code, measure, period, n.value, n.unit, n.qualifier, region, qstart, max(n.end, n.quote_end),
                   extra=extra)
        many = subject is not None and len(subject.codes) > 1
        state["current"] = Subject(subject.codes if many else (code,), qstart, region, period)
        state["levels"].append((code, Subject((code,), qstart, region, period)))
        if self.kind == "rail" and n.qualifier == "over" and period \
                and any(w in t[max(s, n.start - 4):n.start] for w in self.c.words["rail_milestone_words"]) \
                and (code == "rail.trains_cumulative" or (code == "rail.trains" and period.kind == "ytd")):
            day = period if code == "rail.trains_cumulative" else Period("day", (ctx.day or self.asof).year,
                                                                          day=ctx.day or self.asof)
            self._emit("rail.milestone", "level", day, n.value, n.unit, "over", region, qstart, n.end)

    def _level_subject(self, n: Num, s, e, cs, mentions, transparent, state, ctx: Ctx, nxt: str, sent_left: str):
        t = self.t
        # 30多个国家, 130余个境外城市, 18143个雨污水井
        m = self.rules.counted_re.match(t, n.end + 2 if t.startswith("境外", n.end) else n.end)
        if m is not None:
            for code in self.rules.counted_codes[m.group(0)]:
                ind = self.rules.indicators[code]
                if self.kind not in ind.kinds:
                    continue
                if ind.cues and not any(c in t[s:e] for c in ind.cues):
                    continue
                n.quote_end = m.end()
                return code, None
            if n.family != "teu":
                return None, None
        if not self._terminal(n, nxt):
            return None, None
        unit_map = ((self.rules.raw.get(self.kind) or {}).get("unit_indicators") or {}) if self.kind in ("rail", "ops") else {}
        subj = self._subject(n.start, cs, mentions, transparent, state)
        if subj is not None and len(subj.codes) > 1:
            members = [x for x in self._group(n)]
            if len(members) == len(subj.codes):
                return subj.codes[n.index], subj
            return None, None
        if subj is not None and subj.codes:
            code = subj.codes[0]
            ind = self.rules.indicators[code]
            fams = (self.rules.raw.get("unit_families") or {}).get(ind.unit, [])
            if n.unit == "个" and ind.unit == "标箱":
                # 发送标箱2.3万个: the counter 个 counts the indicator's own unit
                n.unit, n.family = "标箱", "teu"
            if n.family in fams:
                if self.kind == "rail" and code == "rail.trains":
                    return self._rail_trains(n, s, cs, ctx, sent_left), subj
                return code, subj
        if n.unit in unit_map:
            mapped: str | None = unit_map[n.unit]
            if mapped == "rail.trains":
                mapped = self._rail_trains(n, s, cs, ctx, sent_left)
            return mapped, None
        if n.unit == "标箱" and self.kind == "rail":
            return "rail.teu", None
        return None, None

    def _group(self, n: Num) -> list[Num]:
        return [x for x in self._last_nums if x.group == n.group] if hasattr(self, "_last_nums") else [n]

    def _terminal(self, n: Num, nxt: str) -> bool:
        if not nxt:
            return True
        c = nxt[0]
        if not CJK.match(c):
            return True
        if nxt.startswith(_CONTINUE):
            return True
        if self.kind == "rail" and not n.chinese and nxt.startswith(("中欧班列", "班列")):
            return True
        return False

    def _rail_trains(self, n: Num, s: int, cs: int, ctx: Ctx, sent_left: str) -> str | None:
        t = self.t
        clause_left = t[cs:n.start]
        if any(w in t[s:n.start] for w in self.c.words["rail_weekly"]):
            last_out = max((clause_left.rfind(w) for w in self.c.words["rail_outbound"]), default=-1)
            last_in = max((clause_left.rfind(w) for w in self.c.words["rail_inbound"]), default=-1)
            if last_out < 0 and last_in < 0:
                whole = t[s:n.start]
                last_out = max((whole.rfind(w) for w in self.c.words["rail_outbound"]), default=-1)
                last_in = max((whole.rfind(w) for w in self.c.words["rail_inbound"]), default=-1)
                if "往返" in clause_left:
                    return None
            if last_out < 0 and last_in < 0:
                return None
            return "rail.weekly_outbound" if last_out > last_in else "rail.weekly_inbound"
        if self.c.rates.search(t, max(s, n.start - 8), n.start):
            return None
        return "rail.trains_cumulative" if self._is_cumulative(n, s, ctx) else "rail.trains"

    def _is_cumulative(self, n: Num, s: int, ctx: Ctx) -> bool:
        # a period of its own (2021年, 今年, 1-7月) makes a count a period total, not a running total
        if any(p.end <= n.start and p.period.kind in ("months", "year", "ytd", "month") for p in self._sp):
            return False
        if ctx.period is not None and ctx.period.kind != "day":
            return False
        return ctx.cumulative or any(w in self.t[s:n.start] for w in self.c.words["rail_cumulative"])

    def _direction(self, region: str, cs: int, pos: int, s: int, trains: bool = True) -> str:
        left = self.t[cs:pos]
        # 发送/到达 say direction for trains; for boxes and cargo only 去程/回程 do
        outw = self.c.words["rail_outbound"] if trains else ["去程"]
        inw = self.c.words["rail_inbound"] if trains else ["回程"]
        last_out = max((left.rfind(w) for w in outw), default=-1)
        last_in = max((left.rfind(w) for w in inw), default=-1)
        if last_out < 0 and last_in < 0:
            return region
        return f"{region} {'去程' if last_out > last_in else '回程'}".strip()

    def _rail_region(self, s: int, pos: int) -> str:
        if self.kind != "rail":
            return ""
        if not hasattr(self, "_entities"):
            # named operators and brands (a bare 中欧班列 names nobody), in text order
            self._entities = [m for m in self.c.entity.finditer(self.t) if m.group(0) not in ("中欧班列", "班列")]
            self._entity_starts = [m.start() for m in self._entities]
            bare = self.c.entity.search(self.t)
            self._bare_entity = self._entity_name(bare) if bare else ""
        i = bisect.bisect_left(self._entity_starts, pos)
        # the one named last before the number: in this sentence, else earlier in the story
        while i > 0 and self._entities[i - 1].end() > pos:
            i -= 1
        if i > 0:
            return self._entity_name(self._entities[i - 1])
        if self._entities:
            return self._entity_name(self._entities[0])
        return self._bare_entity

    def _entity_name(self, m: re.Match[str]) -> str:
        name = self._orig_span(m.start(), m.end())
        return re.sub(r"(有限责任公司|股份有限公司|有限公司|公司)$", "", name)

    def _percent(self, n: Num, s, cs, left, mentions, nums, transparent, state, sp, para_period, ctx, target) -> None:
        t = self.t
        if any(w in left for w in self.c.words["earlier_period"]):
            return
        if any(p.end <= n.start and self._compared(p) and not t.startswith(("去年", "上年"), p.start) for p in sp):
            # 与一季度相比…增长6.1%: a change against the region's own earlier period
            return
        share = self.c.share.search(left)
        growth = self.c.growth.search(left)
        if share and (not growth or share.start() > growth.start()):
            subj = state["current"]
            ms = [m for m in mentions if cs <= m.start and m.end <= n.start]
            zhan = t.rfind("占", cs, n.start)
            if zhan >= 0:
                # 税收收入占一般公共预算收入的比重: the indicator after 占 is the denominator, not the subject
                before = [m for m in ms if m.end <= zhan]
                if before:
                    subj = self._subject(zhan, cs, mentions, transparent, state)
                elif not transparent(cs, zhan):
                    return
            elif ms:
                subj = self._subject(n.start, cs, mentions, transparent, state)
            if subj is None or len(subj.codes) != 1:
                return
            cmp = self.c.comparators.search(left)
            period = subj.period or self._flow_period(n.start, sp, para_period, ctx)
            self._emit(subj.codes[0], "share_pct", period, n.value, "%", n.qualifier, subj.region,
                       max(cs, s), n.end, comparator=cmp.group(0) if cmp else "")
            return
        if not growth:
            return
        subj = self._subject(n.start, cs, mentions, transparent, state)
        if subj is None:
            return
        sign = -1 if growth.group("verb") in self.c.words["growth_down"] else 1
        avg = bool(growth.group("avg"))
        members = self._group(n)
        if len(subj.codes) > 1:
            if len(members) != len(subj.codes):
                return
            code = subj.codes[n.index]
        elif len(members) > 1:
            # 累计开行15000列、发送货物160万标箱，同比分别增长8%、10%: one growth per level just stated
            levels = state["levels"]
            if "分别" not in left or len(levels) < len(members):
                return
            code, lsubj = levels[len(levels) - len(members) + n.index]
            subj = lsubj
        else:
            code = subj.codes[0]
        measure = "yoy_pct"
        period = subj.period if subj.period and not [m for m in mentions if cs <= m.start < n.start] else None
        if target:
            measure, period = "target_yoy_pct", self._target_period(n.start, sp)
        elif avg:
            # 年均增长: an average over the years the sentence spans (从2013年…到2021年)
            years = sorted({int(y) for y in re.findall(r"((?:19|20)\d{2})年", t[s:n.start])})
            span = (years[0], years[-1]) if len(years) > 1 else self._years_since(s, n.start)
            if span is None:
                return
            period = Period("years", span[0], y2=span[1])
        elif period is None:
            period = self._flow_period(n.start, sp, para_period, ctx, cs)
        if measure == "yoy_pct" and not avg and _PRIOR_SAME.search(t, cs, n.start):
            # 上年同期增长3.2%: last year's growth for the same span
            base = self._flow_period(n.start, sp, para_period, ctx, cs)
            period = base.with_year((base.year or self.ref_year) - 1) if base else None
        qstart = subj.start if subj.start >= cs else cs
        self._emit(code, measure, period, sign * n.value, "%", n.qualifier, subj.region, qstart, n.end)
        if len(subj.codes) == 1:
            state["current"] = Subject(subj.codes, subj.start, subj.region, period if measure == "yoy_pct" else subj.period)

    def _pp(self, n: Num, s, cs, left, mentions, transparent, state, sp, para_period, ctx) -> None:
        cues = list(self.c.pp.finditer(left))
        alt = _PP_THAN.search(left)
        if alt:
            # 比全省高0.7个百分点, 较全国平均水平低0.3个百分点
            cmps, sign = [alt.group("cmp")], (-1 if alt.group("dir") in ("低", "慢", "少") else 1)
        elif cues:
            cue = cues[-1]
            cmps = [m.group(0) for m in self.c.comparators.finditer(left[cue.end():])]
            sign = -1 if cue.group("cue") in self.c.words["pp_down"] else 1
        else:
            return
        if not cmps:
            return
        members = self._group(n)
        subj = self._subject(members[0].start if members else n.start, cs, mentions, transparent, state)
        if subj is None or len(subj.codes) != 1:
            return
        if len(cmps) > 1:
            if len(members) != len(cmps):
                return
            cmp = cmps[n.index]
        else:
            cmp = cmps[0]
        period = subj.period or self._flow_period(n.start, sp, para_period, ctx, cs)
        self._emit(subj.codes[0], "pp_diff", period, sign * n.value, "百分点", n.qualifier, subj.region,
                   cs, n.end, comparator=cmp)
        state["current"] = Subject(subj.codes, subj.start, subj.region, period)

    def _rank(self, m: re.Match[str], s, pos, cs, mentions, transparent, state, sp, para_period, masked, cs_next) -> None:
        t = self.t
        left = t[cs:pos]
        if any(b in left for b in self.c.words["blockers"]) or "由" in left:
            return
        n = m.group("n")
        value = 1 if m.group("top") else (int(n) if n.isdigit() else int(parse_number(n)))
        ms = [mm for mm in mentions if cs <= mm.start and mm.end <= pos]
        codes: list[str] = []
        region = ""
        if ms:
            for mm in ms:
                for c in mm.codes:
                    if c not in codes:
                        codes.append(c)
            region = self._region_before(cs, ms[0].start)
            base = state["current"]
            period = base.period if base and base.codes[0] in codes else None
        elif transparent(cs, pos):
            base = state["current"]
            region = self._region_before(cs, pos)
            if base is None and region:
                nxt = cs_next(pos) + 1
                ahead = [mm for mm in mentions if nxt <= mm.start <= nxt + 4]
                if ahead:
                    base = Subject(ahead[0].codes, ahead[0].start, region)
            if base is None:
                return
            codes = list(base.codes)
            period = base.period
            region = region or base.region
        else:
            return
        if len(codes) > 3:
            return
        if period is None:
            period = self._flow_period(pos, sp, para_period, Ctx())
        cmp = m.group("cmp") or ""
        if not cmp and (c := self.c.comparators.search(left)):
            cmp = c.group(0)
        for code in codes:
            if self.kind not in self.rules.indicators[code].kinds:
                continue
            self._emit(code, "rank", period, float(value), "rank", "exact", region, cs if not ms else ms[0].start,
                       pos + (m.end() - m.start()), comparator=cmp)

    def _target_period(self, pos: int, sp: list[PeriodMatch]) -> Period:
        for p in sp:
            if p.end <= pos and p.period.kind == "year":
                # 力争全年…: the plan's year, which may lie ahead of publication
                return p.period if p.period.explicit_year else Period("year", self.ref_year)
        for p in sp:
            if p.end <= pos and p.period.kind == "ytd":
                return Period("year", p.period.year)
        return Period("year", self.ref_year)

    def _structure(self, raw: str, s: int, sp: list[PeriodMatch], para_period: Period | None) -> None:
        if self.kind != "stats":
            return
        ratios = (self.rules.raw.get("structure_ratios") or {})
        key = next((k for k in sorted(ratios, key=len, reverse=True) if k in raw), None)
        if key is None:
            return
        codes = ratios[key]
        start = raw.find(key)
        for m in _RATIO.finditer(raw, start):
            period = self._flow_period(s + m.start(), sp, para_period, Ctx())
            if period is None:
                continue
            if any(w in raw[max(start, m.start() - 6):m.start()] for w in self.c.words["prior_year_words"]):
                period = period.with_year((period.year or self.ref_year) - 1)
            region = self._region_before(s, s + start) or ""
            for code, g in zip(codes, ("a", "b", "c"), strict=False):
                self._emit(code, "share_pct", period, float(m.group(g)), "%", "exact", region, s + m.start(), s + m.end())

    def _prior_paren(self, raw, s, sp, para_period, state, mentions, clause_of, transparent) -> None:
        for m in self.c.prior_paren.finditer(raw):
            pos = s + m.start()
            cs = clause_of(pos)
            subj = self._subject(pos, cs, mentions, transparent, {"current": self._last_subject()})
            if subj is None or len(subj.codes) != 1:
                continue
            period = self._flow_period(pos, sp, para_period, Ctx())
            if period is None or period.year is None:
                continue
            v = float(m.group("v")) * (-1 if m.group("neg") else 1)
            self._emit(subj.codes[0], "yoy_pct", period.with_year(period.year - 1), v, "%", "exact", subj.region,
                       pos, s + m.end())

    def _last_subject(self) -> Subject | None:
        for f in reversed(self.facts):
            if f.measure in ("level", "yoy_pct"):
                return Subject((f.indicator,), 0, f.region)
        return None

    def _routes(self, raw: str, s: int, ctx: Ctx, nums: list[Num]) -> set[int]:
        used: set[int] = set()
        for m in self.c.route.finditer(raw):
            origin = re.split(r"[,、;:]", m.group("o"))[-1]
            origin = re.sub(r"^.*?(?:班列|其中)", "", origin) or origin
            origin = re.sub(r"^(?:由|从|自|经)", "", origin) or origin
            try:
                value = parse_number(m.group("n"))
            except ValueError:
                continue
            day = ctx.day or self.today
            o0 = s + m.start("o") + (len(m.group("o")) - len(origin))
            region = f"{self._orig_span(o0, s + m.end('o'))}→{self._orig_span(s + m.start('d'), s + m.end('d'))}"
            self._emit("rail.route_trains", "level", Period("day", day.year, day=day), value, "列", "exact", region,
                       o0, s + m.end())
            used.add(s + m.start("n"))
        return used

    def _claims(self, raw: str, s: int, e: int) -> None:
        m = self.c.record.search(raw)
        if not m:
            return
        trains = [f for f in self.facts if f.indicator == "rail.trains" and f.measure == "level"]
        if not trains:
            return
        # the claim is about the whole count, not the 去程/回程 part stated just before it
        whole = [f for f in trains[-4:] if not f.region.endswith(("去程", "回程"))]
        f = whole[-1] if whole else trains[-1]
        a, b = self.norm.span(s + m.start(), s + m.end())
        self.facts.append(Fact("rail.record", "level", f.period, f.value, f.unit, f.qualifier, f.region,
                               "", self.norm.original[a:b], a, b, self.doc))

    def _dedupe(self) -> list[Fact]:
        """One fact per statement: repeats drop out, and a headline repeating the body gives way to it."""
        body = {(f.indicator, f.measure, f.period, f.value, f.comparator)
                for i, f in enumerate(self.facts) if i not in self._heading_facts}
        seen, out = set(), []
        for i, f in enumerate(self.facts):
            key = (f.indicator, f.measure, f.period, f.region, f.value, f.comparator)
            if key in seen or (i in self._heading_facts and key[:3] + key[4:] in body):
                continue
            seen.add(key)
            out.append(f)
        return out


def extract(text: str, *, doc_date: date | None = None, kind: str = "auto", doc: str = "") -> list[Fact]:
    """Every fact a text states (quote/start/end index into `text`)."""
    ex = Extractor(text, doc_date=doc_date, kind=kind, doc=doc)
    return ex.run()
