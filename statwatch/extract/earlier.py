"""Values of earlier periods stated beside the current ones: a count inside a comparison (较2022年的4310列, 与上年同期的
960列相比) is the earlier period's, and what follows it is about the later one; the year compared with may be the year
before the one the sentence or its subject states."""

from __future__ import annotations

import re

from statwatch.extract import holidays, timing
from statwatch.extract.dates import Period, PeriodMatch
from statwatch.extract.facts import Draft, FactSink
from statwatch.extract.sentence import Focus, Sentence, Site, TimeCtx

# a comparison opens before the period it names (较2022年, 与2018年全年, 相比上半年)
_OPEN = re.compile(r"(?:较|比|与|同|相比|相较于?|对比|相对于?)\s*$")
# 比上年同期的960列, 与去年全年开行的77列相比: last year's count, written inside a comparison
_PRIOR = re.compile(r"(?:较|比|与|同|相比|相较于?|对比|相对于?)\s*(?:上年|去年|上一年)(?:同期)?[^,:;]{0,8}?$")
# 上年同期为230.1亿元: last year's count, stated by itself
# 已超去年同期50%, 高于上年同期: a comparison with last year, not last year's own figure
PRIOR_SAME = re.compile(r"(?<![比较与同超过于])(?:上年|去年)同期(?!相比|比较)")


def level_periods(site: Site, period: Period | None) -> tuple[Period | None, Period | None]:
    """(the period of a level, the period its subject goes on in). A level stated for an earlier period (上年同期为…,
    较2022年的4310列, 与2018年全年发运的310列相比) is that period's; the growth after it is the later period's."""
    if period is None:
        return None, None
    sent, n = site.sent, site.n
    t = sent.text
    if ("上年" in t[site.cs:n.start] or "去年" in t[site.cs:n.start] or "上一年" in t[site.cs:n.start]) \
            and (PRIOR_SAME.search(t, site.cs, n.start) or _PRIOR.search(t, site.cs, n.start)) \
            and not timing.SOONER.search(t, site.cs, n.start):
        year = period.year or sent.doc.ref_year
        # (除夕夜…，去年同期为208.7吨: last year's festival, wherever it fell; only for a period a holiday's name gave)
        festival = holidays.year_before(sent.doc.rules.vocab.holidays, period) \
            if sent.doc.kind == "ops" and _named_holiday(sent, period) else None
        return festival or period.with_year(year - 1), period
    own = [p for p in sent.periods if site.cs <= p.start and p.end <= n.start]
    if own and own[-1].period == period and opened(t, own[-1]):
        # the subject goes on in the period the story is about (the sentence's or the one before's), if any
        before = site.focus.current or site.focus.previous
        return period, before.period if before is not None else None
    return period, period


def _named_holiday(sent: Sentence, period: Period) -> bool:
    """period is the days of a holiday the document names (除夕夜, 春节长假), not days written as dates."""
    doc = sent.doc
    return any(pm.period == period and doc.lex.holiday.match(doc.text, pm.start) for pm in doc.periods)


def opened(t: str, p: PeriodMatch) -> bool:
    """A period written after a word that opens a comparison (与2018年…相比)."""
    return bool(_OPEN.search(t, max(0, p.start - 4), p.start))


def year_before(sent: Sentence, p: PeriodMatch, later: Period | None) -> bool:
    """2023年…较2022年增长8%, 与2018年全年发运的310列相比，提高63.9% after a sentence on 2019: the year compared with
    is the year before the one stated (in the sentence, or the subject's), a growth year on year."""
    y = p.period.year
    if p.period.kind != "year" or y is None:
        return False
    if later is not None and later.year == y + 1 and later.kind in ("year", "ytd"):
        return True
    return any(q.end <= p.start and q.period.kind == "year" and q.period.year == y + 1 and not opened(sent.text, q)
               and not timing.compared(sent.text, q) for q in sent.periods)


def prior_rate(sent: Sentence, m: re.Match[str], focus: Focus, sink: FactSink) -> None:
    """较去年同期(-1.1%), (上年同期增长1.8%): the subject's growth a year earlier."""
    pos = sent.s + m.start()
    subj = sent.subject(pos, sent.clause_of(pos), focus)
    if subj is None or len(subj.codes) != 1:
        return
    period = timing.flow_period(sent, pos, TimeCtx())
    if period is None or period.year is None:
        return
    v = float(m.group("v")) * (-1 if m.group("neg") else 1)
    sink.emit(Draft(subj.codes[0], "yoy_pct", period.with_year(period.year - 1), v, "%", "exact", subj.region,
                    span=(pos, sent.s + m.end())))


def earlier_rate(sent: Sentence, m: re.Match[str], focus: Focus, sink: FactSink) -> None:
    """比一季度(3.1%)加快1.1个百分点, 较1-5月(5.9%)提高0.6个百分点: the growth just stated, in the earlier period it is
    compared with."""
    subj = focus.current
    if subj is None or len(subj.codes) != 1:
        return
    a, b = sent.s + m.start("body"), sent.s + m.end("body")
    p = next((p for p in sent.periods if a <= p.start and p.end == b and p.period.kind != "day"), None)
    if p is None or not any(f.indicator == subj.codes[0] and f.measure == "yoy_pct" for f in sink.facts[-4:]):
        return
    v = float(m.group("v")) * (-1 if m.group("neg") else 1)
    sink.emit(Draft(subj.codes[0], "yoy_pct", p.period, v, "%", "exact", subj.region, span=(sent.s + m.start(),
                                                                                           sent.s + m.end())))
