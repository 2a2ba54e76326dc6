"""Rail bulletins: trains as period totals, running totals or weekly schedules; directions, routes, record claims."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from statwatch.extract.dates import Period
from statwatch.extract.facts import Draft, FactSink
from statwatch.extract.numbers import parse_number
from statwatch.extract.scan import Num
from statwatch.extract.sentence import Sentence
from statwatch.extract.timing import FLOW_KINDS

if TYPE_CHECKING:
    from statwatch.extract.sentence import Site

_ROUTE_HEAD = re.compile(r"^.*?(?:班列|其中)")
_ROUTE_FROM = re.compile(r"^(?:由|从|自|经)")
_ROUTE_CUT = re.compile(r"[,、;:]")


def _last(text: str, words: list[str]) -> int:
    return max((text.rfind(w) for w in words), default=-1)


def is_cumulative(sent: Sentence, n: Num) -> bool:
    """A count since the service began (累计, 以来, 截至 …) unless the sentence gives it a period of its own."""
    if any(p.end <= n.start and p.period.kind in FLOW_KINDS for p in sent.periods):
        return False
    if sent.ctx.period is not None and sent.ctx.period.kind != "day":
        return False
    return sent.ctx.cumulative or any(w in sent.text[sent.s:n.start] for w in sent.doc.rules.vocab.rail.cumulative)


def trains_code(sent: Sentence, n: Num, cs: int) -> str | None:
    """A count of trains: a weekly schedule (每周去程…), a running total, a period total; rates are none of these."""
    t, r = sent.text, sent.doc.rules.vocab.rail
    clause_left = t[cs:n.start]
    if any(w in t[sent.s:n.start] for w in r.weekly):
        last_out, last_in = _last(clause_left, r.outbound), _last(clause_left, r.inbound)
        if last_out < 0 and last_in < 0:
            whole = t[sent.s:n.start]
            last_out, last_in = _last(whole, r.outbound), _last(whole, r.inbound)
            if "往返" in clause_left:
                return None
        if last_out < 0 and last_in < 0:
            return None
        return "rail.weekly_outbound" if last_out > last_in else "rail.weekly_inbound"
    if sent.doc.lex.rates.search(t, max(sent.s, n.start - 8), n.start):
        return None
    return "rail.trains_cumulative" if is_cumulative(sent, n) else "rail.trains"


def direction(sent: Sentence, region: str, span: tuple[int, int], trains: bool) -> str:
    """The region with 去程/回程 appended when the clause says which way (发送/到达 say it for trains only)."""
    left = sent.text[span[0]:span[1]]
    r = sent.doc.rules.vocab.rail
    last_out = _last(left, r.outbound if trains else ["去程"])
    last_in = _last(left, r.inbound if trains else ["回程"])
    if last_out < 0 and last_in < 0:
        return region
    return f"{region} {'去程' if last_out > last_in else '回程'}".strip()


def milestone(site: Site, code: str, period: Period | None, region: str, qstart: int) -> None:
    """突破N列 on a running or year-to-date total is also a milestone claim."""
    sent, n = site.sent, site.n
    if sent.doc.kind != "rail" or n.qualifier != "over" or period is None:
        return
    if not any(w in sent.text[max(sent.s, n.start - 4):n.start] for w in sent.doc.rules.vocab.rail.milestone_words):
        return
    if code == "rail.trains_cumulative":
        day = period
    elif code == "rail.trains" and period.kind == "ytd":
        d = sent.ctx.day or sent.doc.asof
        day = Period("day", d.year, day=d)
    else:
        return
    site.sink.emit(Draft("rail.milestone", "level", day, n.value, n.unit, "over", region, span=(qstart, n.end)))


def routes(sent: Sentence, sink: FactSink) -> set[int]:
    """X发往Y N列: trains on one route; returns the offsets of the numbers read."""
    used: set[int] = set()
    doc, s = sent.doc, sent.s
    for m in doc.lex.route.finditer(sent.raw):
        origin = _ROUTE_CUT.split(m.group("o"))[-1]
        origin = _ROUTE_HEAD.sub("", origin) or origin
        origin = _ROUTE_FROM.sub("", origin) or origin
        try:
            value = parse_number(m.group("n"))
        except ValueError:
            continue
        day = sent.ctx.day or doc.today
        o0 = s + m.start("o") + (len(m.group("o")) - len(origin))
        region = f"{doc.orig_span(o0, s + m.end('o'))}→{doc.orig_span(s + m.start('d'), s + m.end('d'))}"
        sink.emit(Draft("rail.route_trains", "level", Period("day", day.year, day=day), value, "列", "exact", region,
                        span=(o0, s + m.end())))
        used.add(s + m.start("n"))
    return used


def claims(sent: Sentence, sink: FactSink) -> None:
    """创…新高, 历史新高, 之最: a record claim about the trains the story just counted."""
    m = sent.doc.lex.record.search(sent.raw)
    if not m:
        return
    trains = [f for f in sink.facts if f.indicator == "rail.trains" and f.measure == "level"]
    if not trains:
        return
    # the claim is about the whole count, not the 去程/回程 part stated just before it
    whole = [f for f in trains[-4:] if not f.region.endswith(("去程", "回程"))]
    sink.claim(whole[-1] if whole else trains[-1], "rail.record", (sent.s + m.start(), sent.s + m.end()))
