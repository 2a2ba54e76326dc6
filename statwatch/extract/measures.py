"""Measure handlers: a number in its clause becomes a level, a growth rate, a share, a gap in points or a rank."""

from __future__ import annotations

import re
from datetime import date

from statwatch.extract import compare, earlier, rail, timing
from statwatch.extract.dates import YEAR_RANGE_RE, Period, month_last_day
from statwatch.extract.facts import Draft, FactSink
from statwatch.extract.lexicon import CJK
from statwatch.extract.numbers import convert
from statwatch.extract.scan import Num
from statwatch.extract.sentence import Sentence, Site, Subject, listed_places

_RATE_TO = re.compile(r"(?:增速|增幅|增长速度)[^,:;]{0,8}?(?:至|到)\s*-?$")
_PRIOR_IS = re.compile(r"(?<![比较与同超过于])(?:上年|去年)同期(?:为|是)?\s*$")  # not 已超去年同期50%: a comparison
_NOUN = re.compile(r"[\u4e00-\u9fff]{1,8}")
_MODIFIER = re.compile(r"[^\d\s,;:。、()!?]{2,16}?(?=国家|城市)")
_VEHICLE_BEFORE = re.compile(r"车辆?\s*$")
_FROM = re.compile(r"(?:从|由)\s*$")
_TO = re.compile(r"(?:到|至)\s*$")
# (每2.6小时发出一列; 一日一班: so many a day)
_EVERY = re.compile(r"每\s*[\d.]+\s*(?:个)?(?:小时|分钟|天|日)|[一每](?:日|天)(?=[一二两三四五六七八九十\d]{1,3}(?:班|列|趟))")

_FROM_PRIOR = re.compile(r"由(?:上年|去年)(?:同期)?的?\s*$")
_COUNT_OF = re.compile(r"[\d一二两三四五六七八九十百千万]+[余多]?[支个名人辆台只队部](?!小时|钟头)")  # 146支 (not 24个小时)
_SUMMED = re.compile(r"累计|共计|合计|总计|共")  # 2014年至2017年累计…: a total over the years
# 年开行量4年时间增长了近10倍, 从2017年的178列到2022年…增长了49倍, 与去年黄金周的38.75吨相比增加了4倍多: a multiple
# against an early year or a named period, not a rate year on year
# (2016年至2020年…增长2倍, 为2010年2.6倍, 自2016年首发至2022年…增长了11倍: from a year named as a start)
_MULTIPLE_AGAINST = re.compile(r"\d{4}年(?:的|至|到|~|-|以来|首|开)|为\d{4}年|[\d一二两三四五六七八九十]+年(?:时间|時間|间|間|来|來)"
                               r"|相比|以来|以來|初期")
_CONTINUE = ("同比", "增长", "下降", "比上", "较上", "较去", "比去", "居", "位", "排", "占", "的", "创", "为", "已", "和",
             "及", "与", "增", "高", "低", "分别", "出境", "左右", "以上", "较", "比", "同", "、", "共", "发运", "实现", "其中",
             "从", "由", "自", "经", "相比", "相较", "货物", "计", "合计", "总计", "累计",
             "起步", "到", "增至", "增长至", "发展到", "大关", "关口", "台阶", "新台阶")  # 260列从南昌开出: a place after a count is no noun it qualifies


def number(site: Site) -> None:
    """Dispatch a number on its unit family and the cue words before it."""
    sent, n, t = site.sent, site.n, site.sent.text
    left = site.left
    lex = sent.doc.lex
    if lex.blockers.search(left) and not rail.pulled_trade(site):
        subj = sent.subject(n.start, site.cs, site.focus) if lex.progress.search(left) else None
        # 一般公共预算收入完成年度目标的80.2%，同比增长6.1%: progress against a goal, and the clauses after it go on about
        # the indicator
        site.focus.current = subj
        return
    if sent.forecast(n.start, site.cs) or _WITHOUT_PLACE.match(t, sent.s):
        return  # (不含固始县，上半年，全市规模以上工业企业增加值增长4.5%: the city without a county is no indicator's scope)
    if sent.doc.kind == "rail" and (rail.other_service(sent, n.start) or rail.one_train(sent, n)):
        return
    if n.chinese and sent.doc.kind == "rail" and sent.doc.lex.bare_mark.match(t, n.start - 1) \
            and any(x.family == "trains" and x is not n and x.value >= n.value for x in sent.nums):
        # 累计开行10556列，…提前20天破万列: a mark crossed, read as a milestone of the count before it (rail.bare_marks);
        # with no count before it, 今年…提前22天突破万列 is the count itself, over ten thousand
        return
    if rail.port_trade(site):
        # 进口运量已突破600万吨，同比增长4%: a port's trade, and the growth after it is that trade's too
        site.focus.current = None
        return
    if sent.doc.kind == "rail" and lex.subset_trains.search(t, site.cs, n.start):
        # 为企业开行定制班列423列，同比增长26.65%: a subset of the trains, and the growth after it is the subset's
        site.focus.current = None
        return
    if sent.doc.kind == "rail" and site.cs > sent.s \
            and lex.subset_trains.search(t, sent.clause_of(site.cs - 1), site.cs) \
            and next(lex.entity.finditer(t, site.cs, n.start), None) is None and not sent.mentions_in(site.cs, n.start):
        # 开通了汽车、家电等专列，累计开行40列: a count with no subject of its own after a clause naming a subset of the
        # trains is the subset's
        site.focus.current = None
        return
    if sent.doc.kind == "ops" and _standby(site):
        return
    if lex.not_counts.search(t, site.cs, sent.clause_end(n.start)) \
            or (site.cs > sent.s and sent.doc.kind != "stats" and lex.peak_open.match(t, site.cs)):
        # 最高单日返程7列, 单日最高可发运40列; 多次刷新单日纪录，最高达1405车: a peak or a capacity, not the period's total
        return
    stats = sent.doc.kind == "stats"
    target = stats and sent.goal(n.start, n.end)
    if not stats and sent.target_cued and lex.target.search(t, site.cs, n.start):
        # 力争货值突破70亿美元 in a bulletin: a plan, not a fact (goals are a release's targets); 为确保汛期安全，
        # 出动人员500人次 states a purpose in another clause
        return
    if n.family == "pct":
        percent(site, target)
    elif n.family == "pp":
        compare.pp_diff(site)
    elif sent.doc.lex.change.search(t, max(site.cs, (at := _pair_start(sent, n)) - 6), at):
        # 同比增加1.2亿元 is a change, not a level; the clause still names the subject of what follows
        subj = sent.subject(n.start, site.cs, site.focus)
        if subj is not None:
            site.focus.current = subj
    else:
        level(site, target)


def _pair_start(sent: Sentence, n: Num) -> int:
    """Where the count right before n starts when nothing stands between them (5267列28万车, 423列2.3万车), else n's."""
    return next((x.start for x in sent.nums if x.end == n.start), n.start)


def is_rate(site: Site) -> bool:
    """日均开行12列, 平均都有24870名环卫工人, 每2.6小时发出一列: a rate, not a total. The rate word stands between
    the number and the one before it in the clause (平均每月1班…如今每周去程16班 is a weekly schedule)."""
    sent, n = site.sent, site.n
    # (日均过货车5267列28万车: a count right after another shares its rate)
    start = sent.number_end(site.cs, _pair_start(sent, n))
    if sent.doc.lex.rates.search(sent.text, start, n.start) or _EVERY.search(sent.text, site.cs, n.end):
        return True
    # 每天投入150名人员，出动车辆30辆: a clause going on with the next verb of the same rate
    if site.cs <= sent.s or not sent.text.startswith(_series_verbs(sent), site.cs):
        return False
    prev = sent.clause_of(site.cs - 1)
    return bool(sent.doc.lex.rates.search(sent.text, prev, site.cs))


def _standby(site: Site) -> bool:
    """成立了…650余名保洁员组成的清雪队伍，…，24小时待命: resources on standby, said later in the sentence, and no verb
    in the sentence that sends anything out (…8万名环卫工人走上街头，出动车辆…，另有设备严阵以待 counts)."""
    sent, n, v = site.sent, site.n, site.sent.doc.rules.vocab.ops
    t = sent.text
    at = min((i for w in v.standby_words if (i := t.find(w, n.end, sent.e)) >= 0), default=-1)
    if at < 0:
        return False
    own = sent.clause_of(at)
    if own > n.start and _COUNT_OF.search(t, own, at):
        return False  # (…2.1万余名环卫工人上岗值守，146支应急队伍待命: the clause of 待命 counts what is on standby)
    return not any(w in t[sent.s:sent.e] for w in v.deploy_verbs)


def _stock(site: Site) -> bool:
    """共有23000座雨水井 in a bulletin: what there is, not what was done (共有环卫工人2800人次 counts turnouts; 调用储备
    除雪设备出动铲雪车35辆, 动用储备车辆50台: a stock called up is)."""
    sent, n = site.sent, site.n
    if sent.doc.kind != "ops" or n.raw_unit.endswith("次"):
        return False
    before, ops = sent.text[site.cs:n.start], sent.doc.rules.vocab.ops
    return any(w in before for w in ops.stock_words) \
        and not any(w in before for w in ops.deploy_verbs) and not any(w in before for w in ops.call_up_words)


def _not_crews(site: Site) -> bool:
    """共转移群众3563人, 救助被困人员134人, 其中2名环卫工人受伤: people rescued, moved or hurt, not people turned out."""
    sent, n = site.sent, site.n
    if sent.doc.kind != "ops" or n.family != "staff":
        return False
    v = sent.doc.rules.vocab.ops
    after = sent.text[n.end:sent.clause_end(n.start)]
    return any(w in sent.text[site.cs:n.start] for w in v.people_not_crews_before) \
        or any(w in after for w in v.people_not_crews_after)


def _series_verbs(sent: Sentence) -> tuple[str, ...]:
    v = sent.doc.rules.vocab
    return (*v.ops.deploy_verbs, *v.rail.count_verbs)


_SHOW_CARS = frozenset("花彩婚灵")


def _terminal(site: Site) -> bool:
    """A count ends its phrase (发往霍尔果斯三列,) rather than qualifying a noun (一列中欧班列早已…); 开行6列中欧班列
    counts, 5地6列中欧班列 names a batch."""
    sent, n = site.sent, site.n
    nxt = sent.text[n.end:n.end + 8]
    if not nxt or not CJK.match(nxt[0]) or nxt.startswith(_CONTINUE) or n.family in ("staff", "vehicles", "weight"):
        return True
    if sent.doc.kind != "rail" or n.chinese:
        return False
    # 开行了352趟中欧(中亚)班列: a service named with its place or corridor in brackets is the trains too
    trains = nxt.startswith(("中欧班列", "班列")) or bool((m := sent.doc.lex.entity.match(sent.text, n.end))
                                                       and m.group(0).endswith("班列"))
    return trains and any(v in sent.text[site.cs:n.start] for v in sent.doc.rules.vocab.rail.count_verbs)


def _level_subject(site: Site) -> tuple[str | None, Subject | None]:
    """The indicator of a level: a counted noun after it, the subject before it, or what its unit means here."""
    sent, n, t, doc = site.sent, site.n, site.sent.text, site.sent.doc
    rules = doc.rules
    # 30多个国家, 130余个境外城市, 18143个雨污水井
    m = rules.counted_re.match(t, n.end + 2 if t.startswith("境外", n.end) else n.end)
    if m is None and n.raw_unit in ("个", "座") and (gap := _MODIFIER.match(t, n.end)):
        # 通达23个上合组织和共建“一带一路”国家: the counted noun after a modifier
        m = rules.counted_re.match(t, gap.end())
        if m is not None and not rules.indicators[rules.counted_codes[m.group(0)][0]].cues:
            m = None
    if m is None and doc.kind == "ops" and n.raw_unit in rules.vocab.ops.noun_measures:
        # 5000余名首都环卫工人, 8000余座雨水收集井: a measure word, a short modifier, then the counted noun
        m = doc.lex.counted_gap.match(t, n.end)
        if m is not None and m.group("noun") == "车" and t[m.start("noun") - 1] in _SHOW_CARS:
            m = None  # 40辆主题花车, 彩车: a parade's floats, no vehicles sent out
    if is_rate(site) or _stock(site) or _not_crews(site):
        return None, None
    if doc.kind == "rail" and n.family in ("weight", "money", "money_usd") and doc.lex.goods_after.match(t, n.end):
        return None, None  # 8万多吨防疫物资通过中欧班列运抵欧洲: a kind of goods
    if doc.kind == "ops" and (_equipment(site) if n.family == "vehicles" else n.family == "weight" and _kind_of_refuse(site)):
        return None, None
    if m is not None:
        fits = False  # the noun counts things of the number's family (30多个国家, not 1500车货物)
        for code in rules.counted_codes[m.group("noun") if m.re is doc.lex.counted_gap else m.group(0)]:
            ind = rules.indicators[code]
            if n.family not in rules.vocab.unit_families.get(ind.unit, [n.family]):
                continue
            fits = True
            clause = t[site.cs:sent.clause_end(n.start)]
            if not t[site.cs:n.start].strip() and site.cs > sent.s:
                # 通达欧洲13个国家，28个城市: a count standing alone goes on the clause before
                clause = t[sent.clause_of(site.cs - 1):sent.clause_end(n.start)]
            if doc.kind not in ind.kinds or (ind.cues and not any(c in clause for c in ind.cues)):
                continue
            if code in rail.SERVED and rail.collected(sent, site.cs, n.start, m.end()):
                return None, None
            n.quote_end = m.end()
            return code, None
        if fits and n.family != "teu":
            return None, None
    if not _terminal(site):
        return None, None
    subj = sent.subject(n.start, site.cs, site.focus)
    if subj is not None and len(subj.codes) > 1:
        return (subj.codes[n.index], subj) if len(site.members) == len(subj.codes) else (None, None)
    if subj is not None and subj.codes:
        code = subj.codes[0]
        ind = rules.indicators[code]
        fams = rules.vocab.unit_families.get(ind.unit, [])
        if n.unit != ind.unit and fams and ind.unit in rules.vocab.counters.get(n.raw_unit, []) \
                and sent.mentions_in(site.cs, n.start):
            # 发送标箱2.3万个, 作业车辆35余次: a counter right after the indicator counts the indicator's own unit
            n.unit, n.family = ind.unit, fams[0]
        if n.family in fams:
            if doc.kind == "ops" and ind.cues and _inspected(site, ind.cues):
                return None, None  # 累计排查道路39条、井口410个: wells looked at, not cleared
            if doc.kind == "rail" and code in ("rail.trains", "rail.trains_cumulative"):
                # (a running total carried as the subject: 累计开行3012列。其中今年开行410列 is this year's count)
                return rail.trains_code(site.sent, n, site.cs), subj
            return code, subj
    ops = rules.vocab.ops
    verb = doc.lex.ops_verb.search(t, site.cs, n.start) if doc.kind == "ops" else None
    if verb is not None and verb.end() == n.start:
        # 除夕夜间清运254吨: what the verb clears, in the indicator's family
        code = ops.verb_indicators[verb.group("verb")]
        if n.family in rules.vocab.unit_families.get(rules.indicators[code].unit, []):
            return code, None
    if doc.kind == "ops" and n.raw_unit in ops.needs_noun \
            and not any(v in t[site.cs:n.start] for v in ops.deploy_verbs) and not _listed(site):
        # 300人, 20台 say what was counted only next to a noun (环卫工人, 车辆) or a verb (出动)
        return None, None
    if doc.kind == "ops" and n.raw_unit in ops.trip_units and _VEHICLE_BEFORE.search(t, site.cs, n.start):
        # 出动道路作业车272班次: the trips of the vehicles named before the count are turnouts
        n.unit, n.family = "台次", "vehicles"
    unit_map = {"rail": rules.vocab.rail.unit_indicators, "ops": rules.vocab.ops.unit_indicators}.get(doc.kind, {})
    if n.unit in unit_map:
        mapped: str | None = unit_map[n.unit]
        if mapped == "rail.trains":
            mapped = rail.trains_code(site.sent, n, site.cs)
        return mapped, None
    return None, None


def _inspected(site: Site, cues: tuple[str, ...]) -> bool:
    """An inspection word and none of the indicator's work words in the number's clause."""
    clause = site.sent.text[site.cs:site.n.start]
    return any(w in clause for w in site.sent.doc.rules.vocab.ops.inspect_words) and not any(c in clause for c in cues)


def _places(sent: Sentence, pos: int) -> list[str]:
    """The places listed before 分别 in a sentence (甲市和乙市分别增长…), comparators and generic words aside."""
    t, vocab = sent.text, sent.doc.rules.vocab
    end = t.rfind("分别", sent.s, pos)
    out = []
    for m in sent.doc.region_re.finditer(t, sent.s, end):
        if m.group(0) in sent.doc.lex.region_words or m.group(0) in vocab.comparators:
            continue
        out.append(sent.doc.region_at(m))
    # (突泉、扎旗、前旗…: a list of names, some only a gazetteer of the prefecture would know)
    return listed_places(sent, pos) or out


_RATE_NAMED = re.compile(r"(?:增速|增幅|增长速度)")
# what a sentence says of rates in brackets when they are growth rates (not 经济增长, which the parts contribute to)
_GROWTH_AFTER = re.compile(r"增速|增幅|降幅|(?<!经济)增长|下降|高于|快于|低于|慢于|加快|回落|收窄|领先|百分点")
_NOT_GROWTH = re.compile(r"贡献|拉动|比重|占比|结构")
# a comparison right before the places with rates in brackets listed up to this one (低于甲区(8.1%)和乙县(7.9%)…增速:
# the places compared with; not 超过全市的甲区(13.0%), places the comparison describes)
_COMPARED_LIST = re.compile(r"(?:高于|低于|快于|慢于|超过|比|较)(?:[^\W\d_的]{1,8}?\(-?\d+(?:\.\d+)?%\)\s*[、和及与]\s*)*$")
_FIRMS = frozenset({"家", "户"})  # firms counted (62家限上法人企业)
_SAME_SPAN = re.compile(r"同期")  # (比上年同期规上工业增加值(4.5%): last year's rate, named before it)
_AFTER_RATES = re.compile(r"(?:\([^()]{0,16}\)|[、和及与\s]|[\u4e00-\u9fff]{1,12}?(?:区|县|市|旗))*")


def paren_rate(sent: Sentence, m: re.Match[str], sink: FactSink) -> None:
    """A bare rate in brackets after what grew, in a sentence that goes on about growth: 地区生产总值(7.5%)、规模以上工业
    增加值(12.7%)分别高于预期目标…; 西夏区(13.0%)和灵武市(8.2%)地区生产总值增速分别位列… (the places' rates, for the
    indicator whose 增速 the list is followed by); 较一季度地区生产总值(5.2%)加快… (the earlier period's). Not a
    comparator's (高于全国(5.5%), 高于郑州市(6.1%)…增速), last year's same span (比上年同期…(4.5%)), a goal (力争…(6.5%)),
    a share or a contribution (第三产业增加值(52.3%)对经济增长贡献最大), nor a part's after 其中 (其中税收收入(78.5%))."""
    doc, t = sent.doc, sent.text
    pos, end = sent.s + m.start(), sent.s + m.end()
    cs = sent.clause_of(pos)
    ce = sent.clause_end(pos)
    # (what the bracket's own clause says of it: 对经济增长贡献最大, 比上年同期…(4.5%), 力争…(6.5%)…; a later clause's
    # 比上年同期加快 or 拉动经济增长 is about the rates, not instead of them)
    if doc.kind != "stats" or _NOT_GROWTH.search(t, cs, ce) or _SAME_SPAN.search(t, cs, pos) or doc.lex.blockers.search(t, cs, end) \
            or doc.lex.goal_verb.search(t, cs, pos) or any(w in t[cs:ce] for w in doc.rules.vocab.share_cues):
        return
    named = next((x for x in sent.mentions if x.end == pos), None)
    region = ""
    if named is None:
        place = next((x for x in doc.region_re.finditer(t, max(sent.s, pos - 16), pos) if x.end() == pos), None)
        if place is None or place.group(0) in doc.lex.region_words or place.group(0) in doc.rules.vocab.comparators:
            return
        # the indicator named after the places listed with their rates, with its 增速
        named = next((x for x in sent.mentions if x.start >= end), None)
        region, first = doc.region_at(place), doc.region_start(place)  # (a filler the match took in cut off)
        if named is None or not _AFTER_RATES.fullmatch(t, end, named.start) or not _RATE_NAMED.match(t, named.end) \
                or _COMPARED_LIST.search(t, cs, first):
            return  # (高于郑州市(6.1%)和洛阳市(5.2%)…增速: the cities compared with)
        pos = first
    elif not _GROWTH_AFTER.search(t, end, sent.e) or "其中" in t[cs:named.start] \
            and not (_RATE_NAMED.search(t, end, sent.e) or "百分点" in t[end:sent.e]):
        return  # (其中税收收入(78.5%)稳步增长: a part's share as likely as its growth, unless its 增速 is spoken of)
    if len(named.codes) != 1:
        return
    period = timing.flow_period(sent, named.start, sent.ctx, cs)
    if period is None:
        return
    v = float(m.group("v")) * (-1 if m.group("neg") else 1)
    sink.emit(Draft(named.codes[0], "yoy_pct", period, v, "%", "exact", region or sent.sentence_region(named.start),
                    span=(min(named.start, pos), end)))


def _listed(site: Site) -> bool:
    """出动铲雪车35辆，融雪剂撒布车12辆，除雪机18台: an item of a list after one deploy verb, a noun and its count."""
    sent, ops = site.sent, site.sent.doc.rules.vocab.ops
    left = sent.text[site.cs:site.n.start].strip(" 、")
    return bool(_NOUN.fullmatch(left)) and left.endswith(tuple(ops.deployed_nouns)) and not left.startswith("其中") \
        and any(v in sent.text[sent.s:site.cs] for v in ops.deploy_verbs)


def _equipment(site: Site) -> bool:
    """出动作业车辆8600余台，设备9800余台次: equipment counted beside all the vehicles (车辆) the sentence counted before
    it is not more vehicles (机械设备900台(套) by itself, or 其他设备269台 after 推雪车411辆, 除雪机60台, still is)."""
    sent, n, ops = site.sent, site.n, site.sent.doc.rules.vocab.ops
    t = sent.text
    return t[site.cs:n.start].strip(" 、").endswith(tuple(ops.equipment_nouns)) \
        and any(p.family == "vehicles" and p.end <= site.cs and "车辆" in (t[p.start - 2:p.start], t[p.end:p.end + 2])
                for p in sent.nums)


def _kind_of_refuse(site: Site) -> bool:
    """共清除各类生活垃圾1.05万吨，其中烟花爆竹垃圾4.35吨: a weight after 其中 with no day of its own is a kind of
    what the sentence weighed before, a sub-item with no code (其中除夕清理58吨 is the eve's)."""
    sent, n = site.sent, site.n
    before = any(p.family == "weight" and p.end <= site.cs for p in sent.nums)
    if before and any(w in sent.text[site.cs:n.start] for w in sent.doc.rules.vocab.ops.special_refuse):
        # 清运生活垃圾3.64万吨，集中收处餐厨垃圾1897吨: a stream kept apart, after the refuse weighed first
        return True
    return sent.text[site.cs:n.start].lstrip(" ,").startswith("其中") \
        and not any(site.cs <= p.start < n.start for p in sent.periods) and before


_YEAR_FLOWS = frozenset({"rail.teu", "rail.cargo_weight", "rail.cargo_value"})


def _last_day(p: Period | None) -> date | None:
    """The last day of a year's or months' period (截至11月30日 closes 1-11月)."""
    return None if p is None or p.year is None else month_last_day(p.year, 12 if p.kind == "year" else p.m2)


def _level_period(site: Site, code: str, target: bool) -> Period | None:
    sent, n, ctx = site.sent, site.n, site.ctx
    ind = sent.doc.rules.indicators[code]
    if target:
        return timing.target_period(sent, n.start)
    own_flow = any(p.end <= n.start and p.period.kind in timing.FLOW_KINDS for p in sent.periods)
    kind = sent.doc.kind
    if kind == "rail" and (code == "rail.trains" and (
            rail.this_year(sent, n) or rail.year_so_far(sent, n) or rail.sooner_than_last_year(sent, n, site.cs)
            or rail.year_count(sent, n, site.cs)) or code in _YEAR_FLOWS and rail.this_year(sent, n)):
        # (截至12月17日，累计开行4554列、发送货物436632标箱，同比分别增长25.1%、31.5%: the boxes too, and the tonnes and
        # the value)
        return timing.finish(sent.doc, Period("ytd", (ctx.day or sent.doc.asof).year), ctx)
    para = sent.para_period
    if kind == "rail" and (code == "rail.trains" or code in _YEAR_FLOWS and not rail.since_start(sent, n.start)
                           and (ctx.until is None or ctx.until == _last_day(para))) \
            and ctx.cumulative and ctx.period is None \
            and para is not None and para.kind in ("year", "months") and rail.compared_after(sent, n):
        # 一季度，…。数据显示，…累计开行423列，同比增长21%: the paragraph's period's total (as rail.is_cumulative reads it)
        return timing.finish(sent.doc, para, ctx)
    if kind == "rail" and code in _YEAR_FLOWS and ctx.cumulative and ctx.period is None and not rail.since_start(sent, n.start):
        # 截至11月30日，…实现4712标箱，同比增长137%，货量约79015吨，货值约224891万元: the tonnes and the value listed
        # after the year's boxes in the sentence are the year's too
        listed = next((sb.period for c, sb in reversed(site.focus.levels) if c in _YEAR_FLOWS), None)
        if listed is not None and listed.kind in ("ytd", "months"):
            return listed
    members = site.members
    if kind == "rail" and len(members) > 1 and rail.SUCCESSIVE.search(sent.text, site.cs, members[0].start) \
            and not YEAR_RANGE_RE.search(sent.text, sent.s, n.start):
        # 年度开行量先后突破1000列、1500列、1800列: marks of years the sentence does not name
        return None
    early = sent.doc.lex.span_start.search(sent.text, site.cs, n.start)
    if early and not any(early.end() <= p.start < n.start for p in sent.periods) and not timing.years_since(sent, n.start) \
            and not any(early.end() <= x.start < n.start and x.group != n.group for x in sent.nums):
        # 从最初的100余家增长至…, 由原来的4至5列增长至…: the state the change began from, not dated
        return None
    # (a period the sentence names only after the number, 截至29日，累计…500万标箱，其中今年以来…, dates it not)
    later = ctx.period is not None and ctx.until is not None and any(
        p.period is ctx.period and p.start >= n.end for p in sent.periods)
    if ind.timing == "asof" or (kind != "stats" and ctx.cumulative and (ctx.period is None or later) and not own_flow) \
            or (kind == "rail" and rail.since_start(sent, n.start)):
        return timing.asof_period(sent, n.start, ctx, site.cs)
    period = sent.aside_period(n.end) or timing.flow_period(sent, n.start, ctx, site.cs)
    tail = sent.text[site.cs:n.start]
    decade = timing.years_since(sent, n.start)
    if decade:
        # 10年来…从开始时的不足20列,发展到突破1.2万列: the first and the last year of the span
        # 从2016年至2021年…从45列到385列: the count after 从 is the first year's, after 到 the last's
        if sent.doc.lex.span_start.search(tail) or _FROM.search(tail):
            period = Period("year", decade[0])
        elif sent.doc.lex.span_end.search(tail) or _TO.search(tail):
            period = Period("year", decade[1])
    elif (early := sent.doc.lex.span_start.search(sent.text, sent.s, n.start)) \
            and not any(early.end() <= p.start < n.start for p in sent.periods):
        # 最初，…年开行量只有百余列: the early years, not dated
        return None
    if period is None and kind == "rail" and code in rail.STOCK_LIKE and not sent.periods:
        # 运输货值超4000亿元 with no period: what the service has carried so far
        return timing.asof_period(sent, n.start, ctx, site.cs)
    span = YEAR_RANGE_RE.search(sent.text, sent.s, n.start)
    members = site.members
    if span and len(members) > 1 and int(span.group("y2")) - int(span.group("y1")) + 1 == len(members):
        # 2019年至2021年…逐年突破2000列、3000列、3800列: one value per year
        period = Period("year", int(span.group("y1")) + n.index)
    elif span and len(members) <= 1 and period is not None and period.kind == "year" \
            and period.year == int(span.group("y2")) and _SUMMED.search(sent.text, span.end(), n.start) \
            and not any(span.end() <= p.start < n.start for p in sent.periods):
        # 2014年至2017年累计发运50万吨: the total over the span of years
        period = Period("years", int(span.group("y1")), y2=int(span.group("y2")))
    elif len(members) > 1 and "分别" in sent.text[sent.s:members[0].start] \
            and (in_turn := timing.listed_periods(sent, members[0].start, len(members))):
        # 一季度、上半年、前三季度分别完成…100亿元、210亿元和330亿元: one value per period listed
        period = in_turn[n.index]
    elif period is not None and period.kind == "months" and len(members) > 1 and period.m2 - period.m1 + 1 == len(members) \
            and "分别" in sent.text[site.cs:members[0].start]:
        # 1-4月份，…分别开行81列、87列、131列和164列: one value per month
        period = Period("month", period.year, period.m1 + n.index, period.m1 + n.index, explicit_year=period.explicit_year)
    elif sent.doc.kind == "rail" and len(members) > 1 and "分别" in sent.text[site.cs:members[0].start] \
            and not rail.listed_parts(sent, n.start, len(members)) and not rail.direction_list(sent, members):
        # 分别开行81列、87列 with nothing they are spread over (months, years, parts, directions): which is the
        # period's count is a guess
        return None
    return period


def level(site: Site, target: bool) -> None:
    """A level (or a goal for it): 全区生产总值完成489.5亿元, 累计开行突破6000列."""
    sent, n, t, doc = site.sent, site.n, site.sent.text, site.sent.doc
    code, subject = _level_subject(site)
    if code is None:
        named = sent.mentions_in(site.cs, n.start)
        if named and doc.kind == "ops" and subject is None:
            # 清理淤泥、垃圾40余车，约4吨: truckloads are no fact, but the clause named what the next one weighs
            subject = sent.subject(n.start, site.cs, site.focus)
            if subject is not None:
                site.focus.current = subject
        elif named and subject is None and named[-1].start >= max((x.end for x in sent.nums if site.cs <= x.end <= n.start),
                                                                  default=site.cs) \
                and sent.subject(n.start, site.cs, site.focus) is None:
            # 限额以上社会消费品零售额4.0亿元，同比增长9.6%: a part the clause names, not the indicator, is what the
            # growth after it is about
            site.focus.current = None
        elif doc.kind == "stats" and any(site.cs <= x.start and x.end <= n.start and x.raw_unit in _FIRMS for x in sent.nums):
            # 其中62家限上法人企业完成消费品零售额11.6亿元，同比增长6.1%: an amount of the firms the clause counts, no
            # indicator's, and the growth after it is theirs too
            site.focus.current = None
        return
    if code == "ops.vehicles_deployed" and t[site.cs:n.start].rstrip(" 、").endswith(tuple(doc.rules.vocab.ops.devices)):
        return  # (出动泵车2台、强排水泵60台: pumps are devices, not vehicles)
    period = _level_period(site, code, target)
    # 上年同期为230.1亿元, 较2022年的4600列: an earlier period's count; what follows is about the later one
    period, later = (period, period) if target else earlier.level_periods(site, period)
    region = (subject.region if subject and subject.region else "") or doc.rail_region(n.start) \
        or sent.sentence_region(n.start)
    if doc.kind == "stats" and len(site.members) > 1 and "分别" in t[sent.s:site.members[0].start]:
        # 北京、天津、河北地区生产总值分别为19228亿元、7375亿元和18200亿元: one level per place listed before 分别
        places = _places(sent, site.members[0].start)
        region = places[n.index] if len(places) == len(site.members) else region
    if doc.kind == "rail":
        region = "全国" if rail.national(sent, site.cs, n.start) else rail.series(sent, (sent.s, n.start), site.cs) or region
    if doc.kind == "rail" and not code.startswith("rail.weekly"):
        region = rail.direction(sent, region, (site.cs, n.start), code.startswith("rail.trains"))
        parts = rail.listed_parts(sent, n.start, len(site.members)) if len(site.members) > 1 else []
        region = parts[n.index] if parts and "分别" in t[sent.s:n.start] else region
        scope = rail.home_scope(sent, n, site.cs) if code == "rail.cities_served" else ""
        scope = scope or (rail.covered_part(sent, code, site.cs, n.start) if code in rail.SERVED else "")
        region = f"{region} {scope}".strip() if scope else region
    qstart = subject.start if subject and subject.start >= site.cs else site.cs
    if doc.kind == "rail" and rail.year_in_month(site, code, period):
        rail.milestone(site, code, period, region, qstart)
        return
    target_unit, table = doc.rules.indicators[code].unit, doc.rules.vocab.conversions
    value, unit = convert(n.value, n.unit, target_unit, table)
    if doc.kind == "ops" and n.family == "count" and unit in doc.rules.vocab.unit_families:
        # 雨水井2.3万座, 窨井200余只: what a bulletin counts is in the catalogue's unit
        unit = target_unit
    extra = {"upper": convert(n.upper, n.unit, target_unit, table)[0]} if n.upper is not None else None
    # 开行中欧班列13列(1430标准箱): a count in parentheses after another is an aside; what follows goes on about the first
    aside = t[n.start - 1:n.start] == "(" and t[n.end:n.end + 1] == ")"
    if aside and (site.focus.level_end != n.start - 1 or not site.focus.levels
                  or not site.focus.levels[-1][0].startswith("rail.trains")):
        return  # (较上年同期增加10列(1000标箱): the boxes of a change; 150列(去年同期120列)(1.5万标箱): of which count?)
    site.sink.emit(Draft(code, "target_level" if target else "level", period, value, unit, n.qualifier, region,
                         span=(qstart, max(n.end + aside, n.quote_end)), extra=extra))
    if aside:
        return
    many = subject is not None and len(subject.codes) > 1
    site.focus.level_end = max(n.end, n.quote_end) if period is not None else -1
    site.focus.current = Subject(subject.codes if many and subject else (code,), qstart, region, later)
    site.focus.levels.append((code, Subject((code,), qstart, region, later)))
    rail.milestone(site, code, period, region, qstart)
    if doc.kind == "rail" and period is not None:
        rail.breakdown(site, code, period, region)


_ALIKE = re.compile(r"(?<![年平日月周])均(?:同比)?$|都(?:同比)?$")  # 箱量和货值均增长48% (not 年均增长, 平均增长)
# (a named place: not 小区, 社区, 超市, 跨区, 县区, 城区, 园区 …)
_WITHOUT_PLACE = re.compile(r"\s*(?:不含|不包括|不包含)[\u4e00-\u9fff]{1,7}?(?<![小社超跨县市城园景厂校街片辖库矿灾商宅])[县区市镇旗]\s*,")
_PER = re.compile(r"均|每")  # 日均, 月均, 每列: a rate per day, per month or per train
_REAL_RATE = re.compile(r"扣除价格因素|剔除价格因素")  # a rate in real terms after the one stated first
# 中欧回程班列同比增长11.2倍, 陆海新通道班列同比增长2.5%: a service named right before its growth grew in trains
_SERVICE_GREW = re.compile(r"(?P<s>[\u4e00-\u9fff“”()]{0,12}班列)(?:同比|较去年同期|比去年同期)?$")


def _service_grew(site: Site, growth_at: int) -> Subject | None:
    """The trains of a service named right before the growth word, the clause holding nothing else before it."""
    sent = site.sent
    m = _SERVICE_GREW.search(site.left, 0, growth_at)
    if m is None or not sent.transparent(site.cs, site.cs + m.start()) or _PER.search(site.left, 0, growth_at):
        return None  # (日均开行班列, 每列班列, 月均班列: a rate per day, per train or per month, no fact)
    return Subject(("rail.trains",), site.cs + m.start(), m.group("s"))


def _rate_stated_before(site: Site) -> bool:
    """A rate stated for the subject earlier in the sentence, in a clause before this one (not one at current prices:
    现价增长6.8%，可比增长5.1% keeps the comparable rate)."""
    sent, n, t = site.sent, site.n, site.sent.text
    subject_at = max((m.start for m in sent.mentions if m.start < n.start), default=sent.s)
    return any(x.family == "pct" and subject_at <= x.start < site.cs and "现价" not in t[sent.clause_of(x.start):x.start]
               for x in sent.nums)


def percent(site: Site, target: bool) -> None:
    """A % after a growth word (yoy_pct), after 占…比重 (share_pct); a goal when the sentence states one."""
    sent, n, t, doc = site.sent, site.n, site.sent.text, site.sent.doc
    vocab = doc.rules.vocab
    left = site.left
    view = doc.lex.earlier_view.search(t, sent.s, site.cs)
    if doc.lex.earlier_period.search(left) or (view and "同比" not in t[view.end():n.start]):
        # 环比增长1.2%; 从环比看，…增长0.5%: against the month before, not year on year; the subject named goes on
        # (规上工业增加值环比增长1.2%，同比增长5.6%)
        subj = sent.subject(n.start, site.cs, site.focus)
        if subj is not None and len(subj.codes) == 1 and subj.start >= site.cs:
            site.focus.current = Subject(subj.codes, subj.start, subj.region, None)
        return
    later = site.focus.current.period if site.focus.current else None
    # (高于一季度41.1个百分点，占全部投资的比重达16.8%: a comparison a number before answered is over)
    since = max((x.end for x in sent.nums if x.end <= n.start and x.group != n.group and x.family in ("pct", "pp")),
                default=sent.s)
    if any(since <= p.start and p.end <= n.start and (timing.compared(t, p) or earlier.opened(t, p))
           and not t.startswith(("去年", "上年"), p.start) and not earlier.year_before(sent, p, later)
           for p in sent.periods):
        # 与一季度相比…增长6.1%: a change against the region's own earlier period
        return
    share = doc.lex.share.search(left)
    growth = doc.lex.growth.search(left)
    if not growth and left.endswith(")"):
        # 同比增长(按可比价格计算)6.2%: an aside between the growth word and its rate
        growth = doc.lex.growth.search(site.left_masked.rstrip())
    if not growth and _PRIOR_IS.search(left):
        _prior_rate(site)
        return
    if share and (not growth or share.start() > growth.start()) or (n.raw_unit == "分之" and not growth):
        _share(site)
        return
    if n.raw_unit == "分之" and site.sink.heading:
        # a headline rounds the body's rate in tenths (增长近四成 over 增长36.8%)
        return
    if n.raw_unit == "倍" and not any(w in left for w in vocab.prior_year_words + ["同比"]) \
            and _MULTIPLE_AGAINST.search(t, sent.s, n.start):
        # 同比增长2.5倍 and 1-8月…工业投资增长2.2倍 are rates year on year; 4年增长了近10倍 against an early year is none
        return
    if (_REAL_RATE.search(left) or "实际" in left and "名义" in t[sent.s:site.cs]
            or growth and growth.group("verb").startswith("可比")) and _rate_stated_before(site):
        # 同比名义增长6.1%，扣除价格因素，实际增长5.6%; 总产值…同比增长2.7%，可比增长5.6%; 增长6.1%，扣除价格因素后增长
        # 4.2%: the rate stated first is the one, not a second in real terms after it
        return
    reached = _RATE_TO.search(left)
    # 确保地区生产总值增长6%、力争7%: a second goal for the growth just stated
    if not growth and not reached and not (target and doc.lex.goal_again.search(left)):
        return
    subj = sent.subject(n.start, site.cs, site.focus)
    if subj is None and doc.kind == "rail" and growth is not None and len(site.members) == 1:
        subj = _service_grew(site, growth.start())
    if subj is None:
        return
    # 增速回落至3.2%: the rate it came to, not a fall of 3.2%
    # (下降-1.4%: a decline written with its minus too is still a decline)
    sign = -1 if growth and not reached and growth.group("verb") in vocab.growth_down and n.value >= 0 else 1
    avg = bool(growth and growth.group("avg"))
    members = site.members
    listed: Period | None = None  # the period listed for this rate (一季度、上半年分别增长…)
    # 运输箱量和货值均增长48%: one rate for every indicator named
    alike = len(subj.codes) > 1 and len(members) == 1 and growth is not None \
        and _ALIKE.search(left, max(0, growth.start() - 3), growth.start()) is not None
    if len(subj.codes) > 1 and not alike:
        if len(members) != len(subj.codes):
            return
        code = subj.codes[n.index]
    elif len(members) > 1:
        # 累计开行15000列、发送货物160万标箱，同比分别增长8%、10%: one growth per level just stated
        levels = site.focus.levels
        parts = rail.listed_parts(sent, n.start, len(members)) if doc.kind == "rail" else []
        # as many levels as rates, else the pairing is a guess (14列、1130标箱、8210万美元、7360吨，分别增长17%、32%、11%);
        # without 分别 only levels of as many indicators (开行49列4900标箱，同比增长16.6%、16.6%)
        paired = len(levels) == len(members) and ("分别" in left or len({c for c, _ in levels}) == len(levels))
        if not paired and "分别" in left and len(levels) > len(members):
            # GDP…增长8.0%，第一产业…13亿元、第二产业…、第三产业…，分别增长4.6%、7.7%和8.7%: the levels stated since
            # the last rate, when they are as many as the rates and of as many indicators
            last_rate = max((x.end for x in sent.nums if x.family == "pct" and x.end <= members[0].start), default=sent.s)
            tail = levels[-len(members):]
            if all(sb.start >= last_rate for _, sb in tail) and len({c for c, _ in tail}) == len(tail) \
                    and not any(sb.start >= last_rate for _, sb in levels[:-len(members)]):
                levels, paired = tail, True
        if not paired and "分别" in left and levels:
            slot = _amount_slot(sent, members, n.index, levels)
            if slot is not None:
                # 工业总产值97亿元、销售产值99亿元，同比分别增长38.9%、38.6%: as many amounts as rates, some of no
                # indicator: each rate is the amount's in its place (the one of no indicator none)
                if not slot:
                    return
                levels, paired = [slot[0]] * len(members), True
        # 格尔木市和德令哈市分别增长9.1%和9.2%: one growth per place listed before 分别
        places = _places(sent, n.start) if doc.kind == "stats" and "分别" in left and not paired else []
        # 一季度、上半年、前三季度分别增长5.1%、6.2%和7.0%: one growth per period listed before 分别
        spans = timing.listed_periods(sent, n.start, len(members)) \
            if "分别" in left and not paired and len(places) != len(members) and len(subj.codes) == 1 else []
        if not paired and not ("分别" in left and parts) and len(places) != len(members) and not spans:
            return
        if spans:
            code, listed = subj.codes[0], spans[n.index]
        elif paired:
            code, subj = levels[n.index]
        elif len(places) == len(members):
            code, subj = subj.codes[0], Subject(subj.codes, subj.start, places[n.index], subj.period)
        else:
            # 西、中、东三条通道开行数同比分别增长25%、9%、10%: one growth per part listed
            code, subj = subj.codes[0], Subject(subj.codes, subj.start, parts[n.index], subj.period)
    else:
        code = subj.codes[0]
    measure = "yoy_pct"
    named_here = bool(sent.mentions_from(site.cs, n.start))
    # 从一季度下降3.2%到上半年增长2.5%，前三季度增长6.8%; 其中，8月份增长9.6%: a period of its own, written before it
    dated_here = any(site.cs <= p.start and p.end <= n.start and timing.dating(doc.kind, p) and not timing.compared(t, p)
                     for p in sent.periods)
    period = listed or sent.aside_period(n.end) \
        or (subj.period if subj.period and not named_here and not dated_here else None)
    if target:
        measure, period = "target_yoy_pct", timing.target_period(sent, n.start)
    elif avg:
        span = timing.average_span(sent, n.start)
        if span is None:
            return
        period = Period("years", span[0], y2=span[1])
    elif period is None:
        period = timing.flow_period(sent, n.start, site.ctx, site.cs)
    if doc.kind == "rail" and measure == "yoy_pct" and period is not None and period.kind == "day":
        # 今年第500列12日开行，…，开行数量同比增长40%: no day's rate, the year so far the count just stated reached that day
        period = next((sb.period for c, sb in reversed(site.focus.levels) if c == code and sb.start >= sent.s
                       and sb.period is not None and sb.period.kind == "ytd" and sb.period.end_day == period.day), period)
        if period.kind == "day" and period.day == site.ctx.until:
            # 截至3月15日，…开行量同比增长20%: a rate counted to a day is the year so far to it
            period = Period("ytd", period.year, end_day=period.day)
    if measure == "yoy_pct" and not avg and earlier.PRIOR_SAME.search(t, site.cs, n.start):
        # 上年同期增长3.2%: last year's growth for the same span
        base = timing.flow_period(sent, n.start, site.ctx, site.cs)
        period = base.with_year((base.year or doc.ref_year) - 1) if base else None
    qstart = subj.start if subj.start >= site.cs else site.cs
    for each in subj.codes if alike else (code,):
        site.sink.emit(Draft(each, measure, period, sign * n.value, "%", n.qualifier, subj.region, span=(qstart, n.end)))
    # (城乡居民人均可支配收入分别增长12%和13%，分别达43366元和13835元: the indicators listed go on after their last rate,
    # in their order)
    if len(subj.codes) == 1 or len(site.members) == len(subj.codes) and n.index == len(subj.codes) - 1:
        site.focus.current = Subject(subj.codes, subj.start, subj.region, period if measure == "yoy_pct" else subj.period)


def _amount_slot(sent: Sentence, members: list[Num], index: int,
                 levels: list[tuple[str, Subject]]) -> list[tuple[str, Subject]] | None:
    """The level stated at the amount in the rate's place, when as many amounts of one unit as rates stand since
    the last rate ([] when that amount is of no indicator); None when they are not as many. A bulletin's amounts may be
    of several units (开行班列60列、搭载40呎集装箱2520个、货重3.22万吨、货值2.87亿美元，同比分别增长…: trains, boxes,
    tonnes and value, the service's usual four); a release's (工业总产值64.3亿元、新增企业12家) pair only in one unit."""
    last_rate = max((x.end for x in sent.nums if x.family == "pct" and x.end <= members[0].start), default=sent.s)
    amounts = [x for x in sent.nums if last_rate <= x.start and x.end <= members[0].start]
    if len(amounts) != len(members) or (sent.doc.kind != "rail" and len({(x.family, x.unit) for x in amounts}) != 1):
        return None
    lo, hi = amounts[index - 1].end if index else last_rate, amounts[index].start
    return [lv for lv in levels if lo <= lv[1].start <= hi][-1:]


def _prior_rate(site: Site) -> None:
    """…增长4.5%，上年同期为3.2%: the subject's rate a year earlier."""
    subj = site.focus.current
    if subj is None or subj.period is None or subj.period.year is None or len(subj.codes) != 1:
        return
    period = subj.period.with_year(subj.period.year - 1)
    site.sink.emit(Draft(subj.codes[0], "yoy_pct", period, site.n.value, "%", site.n.qualifier, subj.region,
                         span=(site.cs, site.n.end)))


def _share(site: Site) -> None:
    sent, n, t, cs = site.sent, site.n, site.sent.text, site.cs
    subj = site.focus.current
    ms = sent.mentions_in(cs, n.start)
    zhan = t.rfind("占", cs, n.start)
    if zhan >= 0 and any(zhan < p.start < n.start for p in sent.periods):
        # 占2017年全年开行总量的92.3%: a share of its own earlier period, no share of a whole
        return
    if zhan >= 0:
        # 税收收入占一般公共预算收入的比重: the indicator after 占 is the denominator, not the subject
        whole = [m for m in ms if m.start > zhan]
        if [m for m in ms if m.end <= zhan]:
            subj = sent.subject(zhan, cs, site.focus)
            if subj is not None and any("gdp" in m.codes for m in whole) \
                    and not set(subj.codes) <= set(sent.doc.rules.vocab.gdp_parts):
                # 税收收入占GDP比重为9.7%: of GDP only value added is a part (a tax, a budget, an investment is none)
                return
        elif sent.doc.kind == "rail" and whole and t[cs:zhan].rstrip().endswith("班列"):
            # 经中俄口岸的中欧班列占全国中欧班列开行总量三成: a part of the service's trains, the whole named after 占
            subj = Subject(whole[-1].codes, zhan)
        elif not sent.transparent(cs, zhan):
            return
    elif ms:
        subj = sent.subject(n.start, cs, site.focus)
    if subj is None:
        return
    members = site.members
    if len(subj.codes) > 1 and len(subj.codes) != len(members):
        return
    # 地区生产总值、一般公共预算收入全省占比分别为11.2%、9.6%: one share per indicator, in order
    code = subj.codes[n.index] if len(subj.codes) > 1 else subj.codes[0]
    cmp = sent.doc.lex.comparators.search(site.left)
    period = subj.period or timing.flow_period(sent, n.start, site.ctx)
    if period is not None and _FROM_PRIOR.search(site.left):
        # 比重由上年的19.2%提高到19.8%: the share it rose from is the year before's
        period = period.with_year((period.year or sent.doc.ref_year) - 1)
    site.sink.emit(Draft(code, "share_pct", period, n.value, "%", n.qualifier, subj.region,
                         cmp.group(0) if cmp else "", span=(max(cs, sent.s), n.end)))
