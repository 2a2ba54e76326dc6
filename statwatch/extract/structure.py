"""Statements with a structure of their own: a:b:c sector ratios."""

from __future__ import annotations

import re

from statwatch.extract import timing
from statwatch.extract.dates import Period
from statwatch.extract.facts import Draft, FactSink
from statwatch.extract.sentence import Sentence, TimeCtx

_N = r"\d+(?:\.\d+)?"
# a:b:c, or the three shares as a list of percentages (由上年的22.3%、28.6%和49.1%调整为…)
_RATIO = re.compile(rf"(?P<a>{_N}):(?P<b>{_N}):(?P<c>{_N})"
                    rf"|(?P<pa>{_N})%\s*[、,]\s*(?P<pb>{_N})%\s*(?:、|和|及|与|,)\s*(?P<pc>{_N})%")
_FROM = re.compile(r"(?:由|从)")
_CHANGED_TO = re.compile(r"(?:调整|变化|变动|优化|转变|演变|升级)?(?:为|到|至)")
_YEAR_BEFORE = re.compile(r"((?:19|20)\d{2})年")


def ratios(sent: Sentence, sink: FactSink) -> None:
    """三次产业结构为a:b:c → share_pct of the three sectors; 由上年的… names the year before."""
    doc = sent.doc
    if doc.kind != "stats":
        return
    raw, s = sent.raw, sent.s
    if not doc.lex.structure.search(raw):
        return  # (most sentences name no structure: one scan before a test per name)
    key = next(k for k in doc.lex.structure_names if k in raw)
    table = doc.lex.structure_table
    start = raw.find(key)
    if not sent.transparent(sent.clause_of(s + start), s + start):
        # 民营经济三次产业结构: the structure of a part of the economy, not the region's
        return
    # the structure's own period is the one written before its name (2015年三次产业结构…), else the paragraph's
    main = timing.flow_period(sent, s + start, TimeCtx())
    prev = start + len(key)
    for m in _RATIO.finditer(raw, start):
        period = main
        lead = raw[prev:m.start()]
        if _FROM.search(lead):
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
        region = sent.region_before(s, s + start) or ""
        groups = ("a", "b", "c") if m.group("a") else ("pa", "pb", "pc")
        for code, g in zip(table[key], groups, strict=False):
            sink.emit(Draft(code, "share_pct", period, float(m.group(g)), "%", "exact", region,
                            span=(s + m.start(), s + m.end())))


def _plain(sent: Sentence, lead: str) -> bool:
    """Percentages after a structure word are its shares unless a growth, a share or a contribution is spoken of."""
    v = sent.doc.rules.vocab
    return not sent.doc.lex.blockers.search(lead) and not any(w in lead for w in (*v.growth_up, *v.growth_down, *v.share_cues))
