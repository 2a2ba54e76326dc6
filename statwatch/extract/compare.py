"""Comparisons with other regions: gaps in percentage points (高于全省0.7个百分点) and ranks (居全省第3位)."""

from __future__ import annotations

import re

from statwatch.extract import timing
from statwatch.extract.dates import Period
from statwatch.extract.facts import Draft, FactSink
from statwatch.extract.numbers import parse_number
from statwatch.extract.rules import ExtractRules
from statwatch.extract.sentence import Focus, Sentence, Site, Subject, TimeCtx

_DOWN = ("低", "慢", "少", "小", "差")
# 比全省(7.7%)和全国平均水平(7.0%)分别高0.7、1.4个百分点: 比 + comparators + a direction
_THAN = re.compile(r"(?:比|较)(?P<body>[^,:;]{1,40}?)(?:分别)?(?P<dir>高出|高|快|多|大|好|低|慢|少|小|差)(?:了)?(?:分别)?\s*$")
# (比全省平均月增速高: the month's or the running rate of the comparator)
_THAN_FILL = re.compile(r"平均水平|平均增幅|平均增速|平均|水平|(?:月度|当月|月|累计)?增速|增幅|同期|[和、及与的\s]")
# 在全国62个城市中位居第8: the population ranked, before the verb
_AMONG = re.compile(r"在(?P<pop>[^,;:]{2,24}?)中\s*$")
_RANKS = re.compile(r"第?(\d{1,3}|[一二三四五六七八九十]{1,3})")

_ALL = re.compile(r"(?:均|都|全部)\s*$")

_PAST_VERB = re.compile(r"^.*?(?:位列|位居|排名|排在|名列|居|列)(?=.)")


def _comparators_between(sent: Sentence, a: int, b: int) -> list[str]:
    return [m.group(0) for m in sent.doc.lex.comparators.finditer(sent.text, a, b)]


def _sign(v: ExtractRules, word: str, sign: int, before: str) -> int:
    """降幅低于全省: a smaller decline is a higher growth; 好于/优于 and 差于 say better or worse whatever is compared."""
    if word in (*v.pp_better, *v.pp_worse, "好", "差") or not any(w in before for w in v.decline_words):
        return sign
    return -sign


_SHORT = "国省市"
_SHORT_COMPARATORS = re.compile(r"[国省市](?:[、和与及][国省市])+")


def _gaps(site: Site) -> list[tuple[str, int]] | None:
    """(comparator, sign) for each member of the number's list, or None when the clause compares with nothing."""
    sent, members = site.sent, site.members or [site.n]
    left = site.left_masked
    than = _THAN.search(left)
    v = sent.doc.rules.vocab
    if than and not _THAN_FILL.sub("", sent.doc.lex.comparators.sub("", than.group("body"))):
        sign = _sign(v, than.group("dir"), -1 if than.group("dir") in _DOWN else 1, left[:than.start()])
        cmps = [m.group(0) for m in sent.doc.lex.comparators.finditer(than.group("body"))]
    else:
        cues = list(sent.doc.lex.pp.finditer(left))
        if not cues:
            return None
        cue = cues[-1]
        word = cue.group("cue")
        sign = _sign(v, word, -1 if word in v.pp_down + v.pp_worse else 1, left[:cue.start()])
        cue_end = site.cs + cue.end()
        # 高于全国0.7、全省2.3个百分点: each number after its own comparator
        own = [_comparators_between(sent, cue_end if i == 0 else members[i - 1].end, n.start)
               for i, n in enumerate(members)]
        if len(members) > 1 and all(len(c) == 1 for c in own):
            return [(c[0], sign) for c in own]
        cmps = [m.group(0) for m in sent.doc.lex.comparators.finditer(left[cue.end():])]
        if not cmps and (short := _SHORT_COMPARATORS.match(left, cue.end())):
            # 分别高于国、省2.6和3.1个百分点: the country, the province and the city by their last character
            cmps = ["全" + c for c in short.group(0) if c in _SHORT]
    if not cmps:
        return None
    if len(cmps) == 1:
        return [(cmps[0], sign)] * len(members)
    return [(c, sign) for c in cmps] if len(cmps) == len(members) else None


def pp_diff(site: Site) -> None:
    """个百分点 after 高于/低于 + 全国/全省/全市, or 比全省高: the gap to a comparator region."""
    sent, n = site.sent, site.n
    gaps = _gaps(site)
    if gaps is None:
        return
    members = site.members
    subj = sent.subject(members[0].start if members else n.start, site.cs, site.focus)
    if subj is None:
        return
    if len(subj.codes) == 1:
        code = subj.codes[0]
    elif len(subj.codes) == len(members) and "分别" in sent.text[subj.start:n.start]:
        # 地区生产总值、规模以上工业增加值分别高于全区1.0和5.5个百分点: one gap per indicator, in order
        code = subj.codes[n.index]
    else:
        return
    cmp, sign = gaps[min(n.index, len(gaps) - 1)]
    # (上半年、前三季度…分别增长5.6%和6.2%，分别高于全市0.6和0.8个百分点: one gap per period listed)
    # (not when each gap has its own comparator: 分别高于全市、全省0.5和1.2个百分点)
    listed = timing.periods_for(sent, n.start, len(members)) if len(members) > 1 and len({g for g, _ in gaps}) == 1 else []
    period = listed[n.index] if listed else subj.period or timing.flow_period(sent, n.start, site.ctx, site.cs)
    site.sink.emit(Draft(code, "pp_diff", period, sign * n.value, "百分点", n.qualifier, subj.region, cmp,
                         span=(site.cs, n.end)))
    site.focus.current = Subject(subj.codes, subj.start, subj.region, period)


def level_with(sent: Sentence, m: re.Match[str], focus: Focus, sink: FactSink) -> None:
    """…同比增长48.0%，与全市持平: the growth just stated equals the comparator's, a gap of 0 points."""
    pos = sent.s + m.start()
    cs = sent.clause_of(pos)
    subj = focus.current
    if subj is None or len(subj.codes) != 1 or subj.period is None or not sent.transparent(cs, pos):
        return
    if not any(f.indicator == subj.codes[0] and f.measure == "yoy_pct" and f.period == subj.period.iso()
               for f in sink.facts[-3:]):
        return
    sink.emit(Draft(subj.codes[0], "pp_diff", subj.period, 0.0, "百分点", "exact", subj.region, m.group("cmp"),
                    span=(pos, sent.s + m.end())))


def _rank_values(m: re.Match[str]) -> list[int]:
    """第N(位), 首位, or a list 第二、三、四位."""
    if m.group("top"):
        return [1]
    if m.group("nb"):
        return [int(m.group("nb"))]
    return [int(x) if x.isdigit() else int(parse_number(x)) for x in _RANKS.findall(m.group("ns") or "")]


def among(sent: Sentence, cs: int, pos: int) -> int | None:
    """Where 在…中 naming the population ranked starts, when it ends right before the rank at pos."""
    m = _AMONG.search(sent.text, cs, pos)
    return m.start() if m else None


def moved_from(sent: Sentence, cs: int, pos: int) -> int | None:
    """Where 由第五位上升至 (the rank a rank moved from) starts, when it ends right before the rank at pos."""
    lex = sent.doc.lex
    m = lex.rank_to.search(sent.text, max(cs, pos - lex.rank_to_reach), pos)
    return m.start() if m else None


def rank(sent: Sentence, m: re.Match[str], focus: Focus, sink: FactSink) -> None:
    """居/位列/排名 … 第N(位), 首位: a position in a ranking, for the subject of the clause; 甲、乙分列第二、三位;
    保持全国开行量第一 names what is ranked; 在全国62个城市中位居第8 names the ranked population before the verb."""
    t, doc = sent.text, sent.doc
    pos = sent.s + m.start()
    cs = sent.clause_of(pos)
    left = t[cs:pos]
    moved = moved_from(sent, cs, pos)
    if doc.lex.blockers.search(left) or "由" in left and moved is None:
        return
    if moved is not None and not m.group("verb") and doc.lex.blockers.search(t, sent.s, pos):
        return  # 在…经济指标综合排名中，我县由第12位上升到第6位: a composite's rank, named a clause before
    among = _AMONG.search(left)
    # the population as written (五县(市): the aside is masked in the match)
    cmp = next((doc.orig_span(sent.s + m.start(g), sent.s + m.end(g)).strip() for g in ("cmp", "pop") if m.group(g)),
               among.group("pop") if among else "")
    # (增速位列县区第5: the population is 县区; the words before it the pattern took in are the verb and its subject)
    cmp = _PAST_VERB.sub("", cmp)
    if among:
        left, pos = left[:among.start()], cs + among.start()
    values = _rank_values(m)
    if len(values) == 1 and _ALL.search(left) and not sent.mentions_in(cs, pos):
        # 固定资产投资增长24.6%、社会消费品零售总额增长13.1%，均排名全国第1: each indicator named before ranks so
        if not cmp and (c := doc.lex.comparators.search(left)):
            cmp = c.group(0)
        period = timing.flow_period(sent, pos, TimeCtx())
        done: set[str] = set()
        # the indicators named since the rank before it (GDP…居全省第3位，投资…、消费…，均居全省第1位)
        since = max((sent.s + r.end() for r in doc.lex.ranks(sent.masked, cs - sent.s)
                     if r.group("verb") or r.group("cmp")), default=sent.s)
        for mm in sent.mentions_in(since, cs):
            code = mm.codes[0]
            if len(mm.codes) == 1 and code not in done and doc.kind in doc.rules.indicators[code].kinds:
                done.add(code)
                sink.emit(Draft(code, "rank", period, float(values[0]), "rank", "exact",
                                sent.region_before(sent.clause_of(mm.start), mm.start), cmp,
                                span=(cs, sent.s + m.end())))
        return
    ranked = _ranked(sent, m, focus)
    if ranked is None:
        return
    codes, period, regions = ranked
    if len(values) > 1 and len(codes) == len(values) and len(regions) != len(values):
        # GDP、规上工业增加值、固定资产投资增速分别居全市第3、第5、第2位: one place per indicator, in order
        ranks = [(c, v, sent.region_before(cs, pos)) for c, v in zip(codes, values, strict=True)]
    elif len(codes) > 3 or (len(values) > 1 and len(values) != len(regions)) \
            or (len(codes) > 1 and len(values) == 1 and "分别" in left):
        return
    else:
        ranks = [(c, v, r) for c in codes for v, r in zip(values, regions, strict=False)]
    if period is None:
        # (由二季度的第12位上升到第6位: the period named for the rank it moved from is no period of this one)
        period = timing.flow_period(sent, pos if moved is None else moved, TimeCtx())
    if not cmp and moved is not None and (c := doc.lex.comparators.search(t, moved, pos)):
        cmp = c.group(0)  # (由一季度的全省第8位前移至第6位: the population the rank moved within)
    if not cmp and (c := doc.lex.comparators.search(left)):
        cmp = c.group(0)
    ms = sent.mentions_in(cs, pos)
    span = (cs if not ms else ms[0].start, sent.s + m.end())
    for code, value, region in ranks:
        if doc.kind in doc.rules.indicators[code].kinds:
            sink.emit(Draft(code, "rank", period, float(value), "rank", "exact", region, cmp, span=span))
    if focus.current is None and len(codes) == 1 and ms:
        # 甲区和乙县地区生产总值增速分别位列全市第2位和第6位，丙县居第9位: the next place's rank is the same indicator's
        focus.current = Subject(tuple(codes), ms[0].start, "", period)


def _ranked(sent: Sentence, m: re.Match[str], focus: Focus) -> tuple[list[str], Period | None, list[str]] | None:
    """What a rank is of: the indicator named in it or before it in the clause, else the subject of the sentence (in a
    bulletin, the trains it counted); its period and the places ranked."""
    pos = sent.s + m.start()
    cs = sent.clause_of(pos)
    among = _AMONG.search(sent.text, cs, pos)
    end = among.start() if among else pos
    moved = moved_from(sent, cs, pos)
    if moved is not None:
        end = moved  # 由第五位上升至第二位: the rank it moved from is no subject
    places = len(_rank_values(m))  # (第2位和第6位: two places ranked)
    many = places > 1
    ms = sent.mentions_in(cs, end)
    what = m.group("what")
    if what:
        codes = [c for c in sent.doc.rules.subject_codes.get(what, ()) if c[0] != "?"]
        base = focus.current or _counted(sent, focus, codes)
        period = base.period if base and base.codes[0] in codes else None
        return codes, period, [sent.region_before(cs, pos)]
    if ms:
        codes = []
        for mm in ms:
            codes += [c for c in mm.codes if c not in codes]
        regions = _listed_regions(sent, ms[-1].end, end) if many else [sent.region_before(cs, ms[0].start)]
        if many and len(regions) != places:
            # 西夏区和灵武市地区生产总值增速分别位列全区第2位和第6位: the places listed before what is ranked
            before = _listed_regions(sent, cs, ms[0].start)
            regions = before if len(before) == places else regions
        base = focus.current
        return codes, base.period if base and base.codes[0] in codes else None, regions
    if not sent.transparent(cs, end):
        return None
    base = focus.current or _counted(sent, focus, ["rail.trains"])
    # 居全省第5位、成渝经济区第2位: the population ranked before it is no place ranked
    regions = _listed_regions(sent, cs, end) if many else [sent.own_region(cs, end)]
    if base is None and regions and regions[0]:
        nxt = sent.clause_end(pos) + 1
        ahead = [mm for mm in sent.mentions if nxt <= mm.start <= nxt + 4]
        if ahead:
            base = Subject(ahead[0].codes, ahead[0].start, regions[0])
    if base is None:
        return None
    return list(base.codes), base.period, [r or base.region for r in regions]


def _counted(sent: Sentence, focus: Focus, codes: list[str]) -> Subject | None:
    """In a bulletin, the count the sentence stated (2019年开行368列…，位居第8): what an unnamed rank is of."""
    if sent.doc.kind != "rail":
        return None
    return next((s for code, s in reversed(focus.levels) if code in codes), None)


def _listed_regions(sent: Sentence, cs: int, pos: int) -> list[str]:
    """金水区、二七区和中原区分列…: the places listed before a list of ranks, in order."""
    out = []
    for m in sent.doc.region_re.finditer(sent.text, cs, pos):
        if m.group(0) not in sent.doc.rules.vocab.comparators:  # (在全省、全国分别排第3位和第45位: populations, not places)
            out.append(sent.doc.region_at(m))
    return out
