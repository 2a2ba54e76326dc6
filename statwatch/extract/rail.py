"""Rail bulletins: trains as period totals, running totals or weekly schedules; directions, routes, record claims."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from statwatch.extract import timing
from statwatch.extract.dates import Period
from statwatch.extract.facts import Draft, FactSink
from statwatch.extract.lexicon import CJK
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


SERVED = ("rail.cities_served", "rail.countries_served")  # coverage abroad
STOCK_LIKE = ("rail.cargo_value", "rail.cargo_weight", "rail.teu")
_TRAINS_NAMED = re.compile(r"另一[列趟]|[两二2]列")  # trains listed one by one (一列…，另一列…)
_CARGO = ("teu", "money", "money_usd", "weight", "wagons")
_ANNUAL = re.compile(r"年度?(?:开行|发送|运)|每年|全年|年均")
_DIGIT = r"(?:\d{1,3}|[一二两三四五六七八九十]{1,3})"
_SERIES = re.compile(r"其中[,\s]*(?P<s>[\u4e00-\u9fff]{2,10}?班列)(?!\()")
_OWN = re.compile(r"[,\s]*(?P<s>(?:(?![年月日的来])[\u4e00-\u9fff]){2,6}?班列)(?!\()")
_YOY_AFTER = re.compile(r"[^。;]{0,30}?(?:同比|较去年同期|比去年同期|较上年同期|比上年同期)")
_ITEM = re.compile(r"[^、]+")
_YEAR_WRITTEN = re.compile(r"(?:19|20)\d{2}年")
_NATIONAL = re.compile(r"全国|我国")
_NOT_OWNER = ("首个", "首列", "第一", "前列", "唯一", "领先")
_NUMERAL = r"(?:\d+|[一二两三四五六七八九十]+)"
_WEEKLY_BOTH = re.compile(r"每周去程(?:、|和|与|及)回程(?:均|各)(?:开行|开)?(?P<n>" + _NUMERAL + r")(?:(?:至|到|-|~)(?P<n2>"
                          + _NUMERAL + r"))?(?:班|列)")
_WEEKLY_PAIR = re.compile(r"去(?P<o>" + _DIGIT + r")回(?P<i>" + _DIGIT + r")")


def listed_parts(sent: Sentence, end: int, count: int) -> list[str]:
    """西、中、东三条通道…分别: the parts of the service a list of numbers goes over, in order (西通道, 中通道, 东通道);
    empty unless the sentence lists as many parts as there are numbers."""
    doc = sent.doc
    found = None
    for m in doc.lex.parts.finditer(sent.text, sent.s, end):
        found = m
    if found is None:
        return []
    items = [(m.start(), m.end()) for m in _ITEM.finditer(sent.text, found.start("items"), found.end("items"))]
    if len(items) != count:
        return []
    noun = doc.orig_span(found.start("noun"), found.end("noun"))
    return [doc.orig_span(a, b) + ("" if sent.text.endswith(found.group("noun"), a, b) else noun) for a, b in items]


def national(sent: Sentence, cs: int, pos: int) -> bool:
    """2023年，全国中欧班列开行1.7万列; 我国已开行1万余列: the country's count, not the operator's named elsewhere in
    the story (全国 opening its clause, no operator named after it)."""
    m = _NATIONAL.search(sent.text, cs, pos)
    if m is None or not sent.transparent(cs, m.start()) or sent.text.startswith(_NOT_OWNER, m.end()):
        return False
    return not any(e.group(0) not in ("中欧班列", "班列") for e in sent.doc.lex.entity.finditer(sent.text, m.end(), pos))


def other_service(sent: Sentence, pos: int) -> bool:
    """铁海联运班列也增势迅猛，累计发运10000余个标箱: a number after another service named in its clause or the one
    before is not the China–Europe trains' (unless they are named after it: …铁海联运班列开行，中欧班列站点增至…)."""
    t = sent.text
    cs = sent.clause_of(pos)
    start = sent.clause_of(cs - 1) if cs > sent.s else cs  # its clause or the one before
    if not sent.doc.lex.other_service.search(t, start, pos):
        return False  # (most clauses name none: one scan before a search per word)
    other, word = max((t.rfind(w, start, pos), w) for w in sent.doc.rules.vocab.rail.other_services)
    if other < 0 or t.rfind("中欧", other, pos) >= 0:
        return False
    # a story that names no China–Europe or China–Asia trains at all is about the sea-rail trains it names
    # (西部陆海新通道铁海联运班列…发送17万标箱), or the sea-rail traffic (厦门港完成集装箱海铁联运10.68万标箱): those are
    # its service, not another
    doc = sent.doc
    return not (doc.lone_service and (t.startswith("班列", other + len(word))
                                      or not doc.names_border and word in doc.rules.vocab.rail.sea_rail))


def one_train(sent: Sentence, n: Num) -> bool:
    """这趟班列装运…，价值约290万美元; X9527次中欧班列…，该批货物共计84标箱: cargo said of one train is its load,
    unless a period or a running total is spoken of between the train and the number."""
    if n.family not in _CARGO:
        return False
    t = sent.text
    last = None
    for m in sent.doc.lex.one_train.finditer(t, sent.s, n.start):
        last = m
    if last is None or sent.doc.lex.cumulative.search(t, last.end(), n.start):
        return False
    if t.startswith("等", last.end()):
        return False  # 包含冷藏集装箱专列、木材专列等: kinds of trains listed, not one train
    if last.group(0) in ("前者", "后者") and not _TRAINS_NAMED.search(t, max(0, last.start() - 80), last.start()):
        return False  # 前者/后者 after two services or two years, not after trains listed one by one
    return not any(last.end() <= p.start < n.start and p.period.kind in FLOW_KINDS for p in sent.periods)


def port_trade(site: Site) -> bool:
    """满洲里铁路口岸站进口运量已突破600万吨, 经由满洲里站进口煤炭177.97万吨: a weight right after an import or export
    (trade_parts) and a noun other than the cargo (货物) is a port's trade in that noun, not the trains' cargo."""
    sent, n = site.sent, site.n
    t = sent.text
    if sent.doc.kind != "rail" or n.family != "weight":
        return False
    at = max(t.rfind(w, site.cs, n.start) for w in sent.doc.rules.vocab.rail.trade_parts)
    if at < 0:
        return False
    noun = at + 2
    if t.startswith("货", noun):
        return False  # 进口货物12万吨: the cargo
    for k in range(1, min(4, n.start - noun) + 1):  # the noun: a few characters, then only filler (已突破)
        if not CJK.match(t, noun + k - 1):
            return False
        if sent.transparent(noun + k, n.start):
            return True
    return False


def pulled_trade(site: Site) -> bool:
    """累计开行已超4600列，拉动进出口贸易额超200亿美元: in a bulletin, an amount of money after a blocker that says what
    the trains pulled along (拉动) and an indicator named after it is the cargo's value, not a contribution."""
    sent, n = site.sent, site.n
    if sent.doc.kind != "rail" or n.family not in ("money", "money_usd"):
        return False
    left = site.left
    last = None
    for m in sent.doc.lex.blockers.finditer(left):
        last = m
    if last is None or last.group(0) not in sent.doc.rules.vocab.rail.pulled:
        return False
    return bool(sent.mentions_from(site.cs + last.end(), n.start))


def covered_part(sent: Sentence, code: str, cs: int, pos: int) -> str:
    """欧洲地区涵盖俄罗斯、波兰等25个国家: a part of the network (a direction place) named before the coverage word of
    the number's clause is what the count covers; "" when the place follows the word (覆盖欧亚大陆的36个国家)."""
    t = sent.text
    cues = sent.doc.rules.indicators[code].cues
    cue = min((i for i in (t.find(c, cs, pos) for c in cues) if i >= 0), default=-1)
    if cue < 0:
        return ""
    at = max((t.rfind(w, cs, cue), w) for w in sent.doc.rules.vocab.rail.direction_places)
    return sent.doc.orig_span(at[0], at[0] + len(at[1])) if at[0] >= 0 else ""


def home_scope(sent: Sentence, n: Num, cs: int) -> str:
    """已联接境内14个城市, 超过100个国内出发城市: the home word (as written) of cities counted at home, which the region
    keeps apart from the cities served abroad; "" for those. It counts in the number's own item, after the number
    before it and after any place abroad (境内14个城市、境外23个城市; 100个国内出发城市通达欧洲…216个城市), or between the
    number and its noun."""
    t, lex = sent.text, sent.doc.lex
    item = max([cs, *(x.end for x in sent.nums if x.end <= n.start)])
    home = [m for m in lex.home.finditer(t, item, n.start)]
    if home and not lex.abroad.search(t, home[-1].end(), n.start):
        return sent.doc.orig_span(home[-1].start(), home[-1].end())
    after = lex.home.search(t, n.end, n.quote_end)
    if after:
        return sent.doc.orig_span(after.start(), after.end())
    # 由全国50个城市始发, 开行城市达12个: cities the trains leave from are at home
    departs = tuple(sent.doc.rules.vocab.rail.departure_words)
    if t.startswith(departs, n.quote_end) or any(w + "城市" in t[item:n.start] for w in departs):
        return "境内"
    return ""


def collected(sent: Sentence, cs: int, pos: int, noun: int) -> bool:
    """集货地主要包括…，覆盖天津、长沙等60个城市: where the cargo is collected (its clause or the one before says so), no
    coverage, unless a place abroad is named after that (货源地集中在省内，班列已通达境外40个城市)."""
    t, lex = sent.text, sent.doc.lex
    before = sent.clause_of(cs - 1) if cs > sent.s else cs
    origin = [m.end() for m in lex.origin.finditer(t, before, pos)]
    return bool(origin) and not lex.abroad.search(t, origin[-1], noun)


def since_start(sent: Sentence, pos: int) -> bool:
    """迄今已累计开行400班, 从开行至今…: counted since the service began, unless a period is written after the marker."""
    t = sent.text
    if not sent.doc.lex.since_start.search(t, sent.s, pos):
        return False  # (most sentences name none: one scan before a search per word)
    mark = [m.start() for m in sent.doc.lex.since_start.finditer(t, sent.s, pos)][-1]
    if any(p.start < mark < p.end for p in sent.periods):
        return False  # 年初至今: the marker closes a period of its own (this year so far)
    return not any(mark <= p.start < pos and p.period.kind in FLOW_KINDS for p in sent.periods)


def this_year(sent: Sentence, n: Num) -> bool:
    """截至10月底，累计开行1500列，同比增长15%: a total compared with the same span of last year is this year's."""
    t = sent.text
    running = sent.ctx.cumulative or bool(sent.doc.lex.cumulative.search(t, sent.s, n.start))
    para = sent.para_period
    return running and (para is None or para.kind == "ytd") and not since_start(sent, n.start) \
        and bool(_YOY_AFTER.match(t, n.end, sent.e)) \
        and not any(p.end <= n.start and p.period.kind in FLOW_KINDS for p in sent.periods) \
        and (sent.ctx.period is None or sent.ctx.period.kind == "day")


# the year's count by its name (年度开行量, 年开行量); not 每年/全年/年均 (averages and periods of their own)
_YEAR_COUNT = re.compile(r"(?<![每全])年度?(?:开行|发送|发运)量")
# marks reached one after another (先后突破1000列、1500列、1800列): each in a year the sentence does not name
SUCCESSIVE = re.compile(r"先后|相继|陆续|接连|逐年")


def compared_after(sent: Sentence, n: Num) -> bool:
    """…累计开行423列，同比增长21%: a rate year on year follows the count."""
    return bool(_YOY_AFTER.match(sent.text, n.end, sent.e))


def year_count(sent: Sentence, n: Num, cs: int) -> bool:
    """年度开行量突破2000列 with no period of its own: the count of the year so far (the whole year on 31 December)."""
    t = sent.text
    # (not 10年来…年开行量从开始时的不足20列, 最初…年开行量只有百余列: the early years; nor under a day or period of its own)
    # (10月14日，…年度开行量突破4000列: the year so far to the lead's day)
    return bool(_YEAR_COUNT.search(t, cs, n.start)) and not SUCCESSIVE.search(t, cs, n.start) \
        and not any(p.end <= n.start and p.period.kind != "day" for p in sent.periods) \
        and not sent.doc.lex.span_start.search(t, sent.s, n.start)


def sooner_than_last_year(sent: Sentence, n: Num, cs: int) -> bool:
    """比去年提前3天突破4000列: the count of this year so far, reached sooner than last year's."""
    return bool(timing.SOONER.search(sent.text, cs, n.start)) and not since_start(sent, n.start)


def year_so_far(sent: Sentence, n: Num) -> bool:
    """今年以来，…。3月20日，…班列数量突破2000列; 截至3月23日，…通行1588列: in a paragraph about this year so far (and
    not about the service since it began), a count its sentence does not call a running total (累计, 总量) is this
    year's."""
    t, lex = sent.text, sent.doc.lex
    para = sent.para_period
    if para is None or para.kind != "ytd" or sent.ctx.period is not None or _YEAR_WRITTEN.search(t, sent.s, n.start):
        # (a sentence writing a year of its own, 2011年3月19日…10年来, speaks of another time)
        return False
    start = t.rfind("\n", 0, sent.s) + 1
    return not lex.running.search(t, sent.s, n.start) and not lex.since_start.search(t, start, n.start)


def is_cumulative(sent: Sentence, n: Num) -> bool:
    """A count since the service began (累计, 以来, 截至 …) unless the sentence gives it a period of its own."""
    if since_start(sent, n.start):
        return True
    if this_year(sent, n):
        return False
    t, r = sent.text, sent.doc.rules.vocab.rail
    para = sent.para_period
    if year_so_far(sent, n):
        return False
    if para is not None and para.kind in ("year", "months") and compared_after(sent, n):
        # 去年，…其中，…累计开行217列，同比增长77.9%: a total compared year on year is the paragraph's period's
        return False
    flows = [p for p in sent.periods if p.end <= n.start and p.period.kind in FLOW_KINDS]
    if flows and sent.doc.lex.asof_words.search(t, flows[-1].end, n.start) \
            and sent.doc.lex.running.search(t, sent.clause_of(n.start), n.start):
        # 2024年首月，…。截至目前，…已累计发运超3700列: counted to the as-of day since the start, not in the period before
        return True
    if flows:
        # 今年已开行680列，同比增长20%，累计开行4200列: the period's count was given; 累计 now counts from the start
        cs = sent.clause_of(n.start)
        return bool(sent.doc.lex.cumulative.search(t, cs, n.start)) and flows[-1].end <= cs \
            and any(flows[-1].end <= x.start < cs and x.family == n.family for x in sent.nums)
    if sent.ctx.period is not None and sent.ctx.period.kind != "day":
        # the sentence's period is written after the number (no flow period stands before it): 累计开行3012列，其中今年
        # 开行410列 — what its clause calls a running total is one, the part after it is the period's
        return bool(sent.doc.lex.cumulative.search(t, sent.clause_of(n.start), n.start))
    if t.endswith("第", sent.s, n.start):
        # 这是中欧班列(合肥)开行的第1000列: the ordinal of a train is the running total it reaches
        return True
    if any(w in t[max(sent.s, n.start - 4):n.start] for w in r.milestone_words) and not _ANNUAL.search(t, sent.s, n.start):
        # 开行量突破10000列 with no period of its own: the running total crossing a mark
        return True
    return sent.ctx.cumulative or bool(sent.doc.lex.cumulative.search(t, sent.s, n.start))


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

    return "rail.trains_cumulative" if is_cumulative(sent, n) and not sooner_than_last_year(sent, n, cs) else "rail.trains"


# 共发运和到达…班列82列, 到发: trains both ways, no direction
_BOTH_WAYS = re.compile(r"(?:发运|发送|发出|开行)(?:和|及|与|、)(?:到达|抵达)|到发")


def _way(text: str, sent: Sentence, trains: bool) -> str:
    if not sent.doc.lex.directions.search(text) or _BOTH_WAYS.search(text):
        return ""  # (most counts name no direction: one scan before a search per word)
    r = sent.doc.rules.vocab.rail
    last_out = _last(text, r.outbound if trains else ["去程"])
    last_in = _last(text, r.inbound if trains else ["回程"])
    if last_out < 0 and last_in < 0:
        return ""
    return "去程" if last_out > last_in else "回程"


def series(sent: Sentence, span: tuple[int, int], cs: int) -> str:
    """其中，西部陆海新通道班列发送货物86万标箱; …，中亚班列开行300列: a part of the service or another corridor named
    after 其中 or opening the count's clause owns its numbers (中欧班列 itself and operators named by a place do not)."""
    m = _SERIES.search(sent.masked, span[0] - sent.s, span[1] - sent.s) or _OWN.match(sent.masked, cs - sent.s, span[1] - sent.s)
    if m is not None and m.re is _OWN and ("中欧" in m.group("s") or sent.doc.lex.entity.fullmatch(m.group("s"))):
        # 河南中欧班列开行…: the China–Europe trains themselves, whose operator the region names
        return ""
    if m is None or any(w in m.group("s") for w in (*sent.doc.rules.vocab.rail.outbound, *sent.doc.rules.vocab.rail.inbound)):
        return ""
    if sent.text.startswith("(", sent.s + m.end("s")):
        # 其中中欧班列(成都)…: an operator, named by its brand (the aside is masked)
        return ""
    return sent.doc.orig_span(sent.s + m.start("s"), sent.s + m.end("s"))


def direction_list(sent: Sentence, members: list[Num]) -> bool:
    """分别开行去程12列、回程15列: a direction named between the numbers of a list (directions listed before 分别 are
    not paired with the numbers yet)."""
    r = sent.doc.rules.vocab.rail
    t = sent.text
    words = (*r.outbound, *r.inbound)
    return any(w in t[a.end:b.start] for a, b in zip(members, members[1:], strict=False) for w in words)


def direction(sent: Sentence, region: str, span: tuple[int, int], trains: bool) -> str:
    """The region with 去程/回程 appended when the clause says which way (发送/到达 say it for trains only), else the
    section the sentence stands in (去程:开行2.1万列…); a heading covering many routes (开往欧洲) as written."""
    heading = None
    if trains and any(v in sent.text[span[0]:span[1]] for v in sent.doc.rules.vocab.rail.route_verbs):
        heading = next(reversed(list(sent.doc.lex.heading.finditer(sent.text, span[0], span[1]))), None)
    if heading is not None:
        region = f"{region} {sent.doc.orig_span(heading.start(), heading.end())}".strip()
    way = _way(sent.text[span[0]:span[1]], sent, trains) or sent.section
    if not way:
        return region
    base = region[:-3] if region.endswith((" 去程", " 回程")) else region
    return f"{base} {way}".strip()


def breakdown(site: Site, code: str, period: Period, region: str) -> None:
    """87班(78班去程、9班回程), 1.4万个(进口563个、出口13476个): the parts of a count by direction or trade, in
    parentheses after it."""
    sent, n = site.sent, site.n
    t = sent.text
    if not t.startswith("(", n.end):
        return
    close = t.find(")", n.end, min(sent.e, n.end + 40))
    if close < 0:
        return
    for m in sent.doc.lex.number.finditer(t, n.end + 1, close):
        if m.group("unit") != n.raw_unit or m.group("mult"):
            continue
        item = t[max(n.end + 1, t.rfind("、", n.end, m.start()) + 1):_item_end(t, m.end(), close)]
        way = _way(item, sent, trains=True) or next((w for w in sent.doc.rules.vocab.rail.trade_parts if w in item), "")
        if way:
            site.sink.emit(Draft(code, "level", period, parse_number(m.group("num")), n.unit, "exact",
                                 f"{region.split(' ')[0]} {way}".strip(), span=(m.start(), m.end())))


def _item_end(t: str, pos: int, close: int) -> int:
    nxt = t.find("、", pos, close)
    return close if nxt < 0 else nxt


def weekly_pairs(sent: Sentence, sink: FactSink) -> None:
    """去三回三: the weekly schedule, trains out and trains back, in a sentence about the timetable."""
    r = sent.doc.rules.vocab.rail
    if not sent.doc.lex.schedule.search(sent.masked):
        return
    for m in _WEEKLY_BOTH.finditer(sent.masked) if "均" in sent.masked or "各" in sent.masked else ():
        # 每周去程、回程均开行6至7班: as many each way (a range by its lower bound)
        day = timing.asof_period(sent, sent.s + m.start(), sent.ctx)
        region = sent.doc.rail_region(sent.s + m.start())
        for code in ("rail.weekly_outbound", "rail.weekly_inbound"):
            sink.emit(Draft(code, "level", day, parse_number(m.group("n")), "列", "over" if m.group("n2") else "exact",
                            region, span=(sent.s + m.start(), sent.s + m.end())))
    for m in _WEEKLY_PAIR.finditer(sent.masked):
        clause = sent.text[sent.clause_of(sent.s + m.start()):sent.clause_end(sent.s + m.start())]
        if any(w in clause for w in r.ratio_words):
            continue
        day = timing.asof_period(sent, sent.s + m.start(), sent.ctx)
        region = sent.doc.rail_region(sent.s + m.start())
        for code, g in (("rail.weekly_outbound", "o"), ("rail.weekly_inbound", "i")):
            sink.emit(Draft(code, "level", day, parse_number(m.group(g)), "列", "exact", region,
                            span=(sent.s + m.start(), sent.s + m.end())))


def year_in_month(site: Site, code: str, period: Period | None) -> bool:
    """2月，年度开行量已突破1000列: the year's count named in a month, which crossed a mark then (not the month's)."""
    return code == "rail.trains" and period is not None and period.kind == "month" \
        and any(w in site.sent.text[site.cs:site.n.start] for w in site.sent.doc.rules.vocab.rail.year_count_words)


def _year_to_date(sent: Sentence, period: Period) -> bool:
    """The year so far read on 31 December (timing.finish makes it the year): its count crossed the mark that day."""
    d = sent.ctx.day or sent.doc.asof
    return period.year == d.year and (d.month, d.day) == (12, 31)


def _round(value: float) -> bool:
    """1000, 1500, 10000: a mark (at most two digits that are not zeros)."""
    return value >= 1000 and value == int(value) and len(str(int(value)).rstrip("0")) <= 2


def milestone(site: Site, code: str, period: Period | None, region: str, qstart: int) -> None:
    """突破N列 on a running or year-to-date total is also a milestone claim, and so is a round count a train marks
    reaching (标志着今年中欧班列累计开行已达10000列)."""
    sent, n = site.sent, site.n
    if sent.doc.kind != "rail" or period is None:
        return
    r = sent.doc.rules.vocab.rail
    before = sent.text[max(sent.s, n.start - 4):n.start]
    if n.qualifier == "over" and any(w in before for w in r.milestone_words):
        pass
    elif not (n.qualifier == "exact" and _round(n.value) and any(w in before for w in r.reach_words)
              and any(w in sent.text[sent.s:n.start] for w in r.milestone_marks)):
        return
    if code == "rail.trains_cumulative" or year_in_month(site, code, period):
        day = period
    elif code == "rail.trains" and (period.kind == "ytd" or period.kind == "year" and _year_to_date(sent, period)):
        d = sent.ctx.day or sent.doc.asof
        day = Period("day", d.year, day=d)
    else:
        return
    site.sink.emit(Draft("rail.milestone", "level", day, n.value, n.unit, n.qualifier, region, span=(qstart, n.end)))


def bare_marks(sent: Sentence, sink: FactSink) -> None:
    """累计开行10556列，…累计开行数量突破万列大关; 提前10天破万列: a mark written as a bare 万 or 千, crossed by the count
    of trains the sentence states before it (a milestone on that count's day)."""
    if "破" not in sent.raw:
        return  # (most sentences cross no mark)
    norm, r = sent.doc.norm, sent.doc.rules.vocab.rail
    for m in sent.doc.lex.bare_mark.finditer(sent.raw):
        value = r.bare_marks[m.group("mark")]
        at = norm.orig(sent.s + m.start())
        counts = [f for f in sink.facts if f.indicator in ("rail.trains", "rail.trains_cumulative") and f.measure == "level"
                  and norm.orig(sent.s) <= f.start < at and f.value >= value]
        if not counts:
            continue
        f = counts[-1]
        day = f.period.split("/")[-1]
        a, b = norm.span(sent.s + m.start() - 1 if sent.raw.startswith("突破", m.start() - 1) else sent.s + m.start(),
                         sent.s + m.end())
        sink.facts.append(replace(f, indicator="rail.milestone", period=day, value=float(value), qualifier="over",
                                  quote=norm.original[a:b], start=a, end=b))


def routes(sent: Sentence, sink: FactSink) -> set[int]:
    """X发往Y N列: trains on one route; returns the offsets of the numbers read."""
    used: set[int] = set()
    doc, s = sent.doc, sent.s
    if not any(v in sent.raw for v in doc.rules.vocab.rail.route_verbs):
        return used  # every route names its verb (发往); the pattern tries each character before it otherwise
    for m in doc.lex.route.finditer(sent.raw):
        if doc.lex.heading.match(sent.text, s + m.end("o")):
            continue  # 开往欧洲的有8841趟: a direction, not one route
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
    """创…新高, 历史新高, 之最, 首次突破, 率先: a record claim about the trains the story just counted."""
    m = sent.doc.lex.record.search(sent.raw)
    if not m:
        return
    # a claim is about a count of its own paragraph (a headline of another story embedded in the page claims nothing
    # about this one)
    norm = sent.doc.norm
    para = norm.orig(sent.text.rfind("\n", 0, sent.s) + 1)
    trains = [f for f in sink.facts if f.indicator in ("rail.trains", "rail.trains_cumulative") and f.measure == "level"
              and f.start >= para]
    if not trains:
        return
    span = (sent.s + m.start(), sent.s + m.end())
    if sent.raw[max(0, m.start() - 2):m.start()].endswith(("均", "都", "分别")):
        # 分别开行4324列、1563列、2754列，…均创历史同期新高: each count of the sentence
        for f in [f for f in trains if f.start >= norm.orig(sent.s)]:
            sink.claim(f, "rail.record", span)
        return
    # 首次突破3500列: a claim written right before a count is that count's
    at = norm.orig(sent.s + m.end())
    right = [f for f in trains if f.start <= at < f.end and f.end - at <= 12]
    if right:
        sink.claim(right[0], "rail.record", span)
        return
    # the claim is about the whole count, not the 去程/回程 part stated just before it
    whole = [f for f in trains[-4:] if not f.region.endswith(("去程", "回程"))]
    sink.claim(whole[-1] if whole else trains[-1], "rail.record", span)
