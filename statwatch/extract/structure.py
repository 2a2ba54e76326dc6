"""Statements with a structure of their own: a:b:c sector ratios."""

from __future__ import annotations

import re

from statwatch.extract import timing
from statwatch.extract.dates import Period
from statwatch.extract.facts import Draft, FactSink
from statwatch.extract.sentence import Sentence, TimeCtx

_N = r"\d+(?:\.\d+)?"
# a:b:c, or the three shares as a list of percentages (由上年的22.3%、28.6%和49.1%调整为…)
# (结构为9.3、41.0、49.6: three bare numbers that make a hundred; 第一产业为17.7%,第二产业为36.4%,第三产业为45.9%)
_SECTOR = r"产业(?:增加值)?(?:占比|比重)?(?:为|占|是)?"
# (a ratio's colon lost by a page's decoding, 23.8\ufffdU26.6\ufffdU49.6: a Big5 ∶ read as something else)
_COLON = r"(?::|\ufffd[A-Za-z]?)"
_RATIO = re.compile(rf"(?P<a>{_N}){_COLON}(?P<b>{_N}){_COLON}(?P<c>{_N})"
                    rf"|(?P<pa>{_N})%\s*[、,]\s*(?P<pb>{_N})%\s*(?:、|和|及|与|,)\s*(?P<pc>{_N})%"
                    rf"|(?<![\d.])(?P<la>{_N})、(?P<lb>{_N})(?:、|和)(?P<lc>{_N})(?![\d.%])"
                    rf"|第一{_SECTOR}(?P<na>{_N})%[,;、]\s*第二{_SECTOR}(?P<nb>{_N})%[,;、和]\s*第三{_SECTOR}(?P<nc>{_N})%")
_GROUPS = (("a", "b", "c"), ("pa", "pb", "pc"), ("la", "lb", "lc"), ("na", "nb", "nc"))
_FROM = re.compile(r"(?:由|从)")
# 三次产业比为14.7:30.9:54.4，与上年的15.7:29.6:54.7相比: the structure compared with is the year before's
_COMPARED_WITH = re.compile(r"(?:与|和|同|较|比)(?:上年|去年)(?:同期)?的?$")
_CHANGED_TO = re.compile(r"(?:调整|变化|变动|优化|转变|演变|升级)?(?:为|到|至)")
_YEAR_BEFORE = re.compile(r"((?:19|20)\d{2})年")


def ratios(sent: Sentence, sink: FactSink) -> None:
    """三次产业结构为a:b:c → share_pct of the three sectors; 由上年的… names the year before."""
    doc = sent.doc
    if doc.kind != "stats":
        return
    raw, s = sent.raw, sent.s
    named = doc.lex.structure.search(raw)
    if named is None:
        return  # (most sentences name no structure: one scan before a test per name)
    # the structure named first, by its longest name there (…结构比重由上年的a:b:c调整为…，其中第一、二、三产业增加值占
    # GDP的比重…: not a later name the ratios stand before)
    start = named.start()
    key = next(k for k in doc.lex.structure_names if raw.startswith(k, start))
    table = doc.lex.structure_table
    if not sent.transparent(sent.clause_of(s + start), s + start):
        # 民营经济三次产业结构: the structure of a part of the economy, not the region's
        return
    # the structure's own period is the one written before its name (2015年三次产业结构…), else the paragraph's
    main = timing.flow_period(sent, s + start, TimeCtx())
    prev = start + len(key)
    for m in _RATIO.finditer(raw, start):
        period = main
        lead = raw[prev:m.start()]
        if _FROM.search(lead) or _COMPARED_WITH.search(lead):
            # 由2019年的a:b:c调整为…, 由上年的a:b:c…: the earlier structure has the earlier period
            written = [p.period for p in sent.periods if s + prev <= p.start < s + m.start() and p.period.kind == "year"]
            # (从2010年9.0:55.9:35.1: a year written right before the ratio, which the period scan leaves to a month)
            bare = _YEAR_BEFORE.findall(lead)
            if written:
                period = written[-1]
            elif bare:
                period = Period("year", int(bare[-1]), explicit_year=True)
            elif period is not None and (any(w in lead for w in doc.rules.vocab.prior_year_words)
                                         or _CHANGED_TO.match(raw, m.end())):
                # (由2.7:54.8:42.5调整为…: with no period of its own, the structure it changed from is the year before's)
                period = period.with_year((period.year or doc.ref_year) - 1)
        prev = m.end()
        if period is None or (m.group("pa") and not _plain(sent, lead)) or doc.lex.blockers.search(lead):
            # 按三次产业划分，贡献率分别为…: contributions, not the structure
            continue
        groups = next(g for g in _GROUPS if m.group(g[0]))
        if groups[0] in ("la", "na") and not 99 <= sum(float(m.group(g)) for g in groups) <= 101:
            continue  # three numbers that are no hundred are no structure
        region = sent.region_before(s, s + start) or ""
        for code, g in zip(table[key], groups, strict=False):
            # (each sector named by itself is quoted by itself: 第二产业为36.4%)
            span = (s + raw.rfind("第", m.start(), m.start(g)), s + m.end(g) + 1) if g[0] == "n" else (s + m.start(), s + m.end())
            sink.emit(Draft(code, "share_pct", period, float(m.group(g)), "%", "exact", region, span=span))


def _plain(sent: Sentence, lead: str) -> bool:
    """Percentages after a structure word are its shares unless a growth, a share or a contribution is spoken of."""
    v = sent.doc.rules.vocab
    return not sent.doc.lex.blockers.search(lead) and not any(w in lead for w in (*v.growth_up, *v.growth_down, *v.share_cues))
