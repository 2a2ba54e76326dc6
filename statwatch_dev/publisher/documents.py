"""The articles of the sample site: sentences written for the story, each with the facts it states."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from functools import lru_cache

from statwatch_dev.publisher import story
from statwatch_dev.publisher.story import RAIL_BRAND, RAIL_COMPANY, STATS_REGION, RailDay, Release

CST = timezone(timedelta(hours=8))
RAIL_HOUR = time(18, 0)
STATS_HOUR = time(10, 0)


@dataclass
class Document:
    """One article page: title, publication time, paragraphs and the facts they state."""

    path: str
    kind: str  # rail / stats
    title: str
    published: datetime
    source: str
    paragraphs: list[str] = field(default_factory=list)
    facts: list[dict] = field(default_factory=list)

    @property
    def day(self) -> date:
        """The publication date (the simulated clock shows the page from this day on)."""
        return self.published.date()

    def add(self, text: str, *facts: dict) -> None:
        """Append a paragraph and the facts it states; every fact's quote must be in it."""
        for f in facts:
            if f["quote"] not in text:
                raise ValueError(f"quote {f['quote']!r} not in paragraph {text!r}")
        self.paragraphs.append(text)
        self.facts.extend(facts)


def _fact(quote: str, indicator: str, measure: str, period: str, value: float, unit: str, *,
          qualifier: str = "exact", region: str, comparator: str | None = None) -> dict:  # fmt: skip
    f = {"indicator": indicator, "measure": measure, "period": period, "value": value, "unit": unit,
         "qualifier": qualifier, "region": region}  # fmt: skip
    if comparator:
        f["comparator"] = comparator
    f["quote"] = quote
    return f


_CARGO = (
    "班列货物以机械设备、汽车配件、电子产品和日用百货为主。",
    "所运货物主要为工程机械、光伏组件、纺织服装等，货源覆盖河南及周边省份。",
    "铁路部门提前对接客户需求，优化装车组织，保障班列安全准点开行。",
    "郑州局集团公司持续加强与口岸站的联系，压缩班列在途时间。",
)


def _rail(r: RailDay) -> Document:
    d, n, w = r.day, r.trains, r.wagons
    md = f"{d.month}月{d.day}日"
    iso = d.isoformat()
    variant = d.toordinal() % 3
    if d in (story.RECORD_DAY, story.CLAIM_DAY):
        title = f"郑州局集团中欧班列单日装车{n}列{w}车 创历史新高"
    elif d == story.MILESTONE_DAY:
        title = f"{RAIL_BRAND}累计开行突破{story.MILESTONE}列"
    else:
        title = f"{md}郑州局集团中欧班列装车{n}列{w}车"
    doc = Document(r.path, "rail", title, datetime.combine(d, RAIL_HOUR, CST), "中国铁路郑州局集团有限公司")
    q = f"装车{n}列{w}车"
    facts = [
        _fact(q, "rail.trains", "level", iso, n, "列", region=RAIL_COMPANY),
        _fact(q, "rail.wagons", "level", iso, w, "车", region=RAIL_COMPANY),
    ]
    if d in (story.RECORD_DAY, story.CLAIM_DAY):
        claim = "单日开行数量创历史新高"
        text = f"{md}，中国铁路郑州局集团有限公司中欧班列全天{q}，{claim}。"
        # The claim itself names no number: quote the count together with it.
        facts.append(_fact(f"{q}，{claim}", "rail.record", "level", iso, n, "列", region=RAIL_COMPANY))
    elif variant == 0:
        text = f"{md}，中国铁路郑州局集团有限公司中欧班列全天{q}。"
    elif variant == 1:
        text = f"{md}，中国铁路郑州局集团有限公司中欧班列全天共计{q}，班列运行平稳有序。"
    else:
        text = f"{md}，记者从中国铁路郑州局集团有限公司获悉，当日该集团公司中欧班列全天{q}。"
    doc.add(text, *facts)

    consignee = {(o, dst): phrase for o, dst, phrase in story.ROUTES}
    parts, facts = [], []
    for o, dst, c in r.routes:
        q = f"{o}发往{dst}{c}列"
        parts.append(q + (f"，{consignee[(o, dst)]}" if variant != 2 or len(r.routes) == 1 else ""))
        facts.append(_fact(q, "rail.route_trains", "level", iso, c, "列", region=f"{o}→{dst}"))
    lead = "其中，" if len(r.routes) > 1 else "当日班列由"
    doc.add(lead + "；".join(parts) + "。", *facts)

    if d == date(2022, 4, 16):
        doc.add("当日起，河南省内各地开行的中欧班列启用统一品牌“中欧班列(中豫号)”。")
    doc.add(_CARGO[d.toordinal() % len(_CARGO)])

    cum = r.cumulative
    if d == story.MILESTONE_DAY:
        over = f"累计开行突破{story.MILESTONE}列"
        exact = f"达到{cum}列"
        doc.add(
            f"截至{md}，{RAIL_BRAND}{over}，{exact}，班列线路通达境外30多个国家的130多座城市。",
            _fact(
                over,
                "rail.trains_cumulative",
                "level",
                iso,
                story.MILESTONE,
                "列",
                qualifier="over",
                region=RAIL_BRAND,
            ),
            _fact(exact, "rail.trains_cumulative", "level", iso, cum, "列", region=RAIL_BRAND),
            _fact(
                over,
                "rail.milestone",
                "level",
                iso,
                story.MILESTONE,
                "列",
                qualifier="over",
                region=RAIL_BRAND,
            ),
            _fact(
                "30多个国家",
                "rail.countries_served",
                "level",
                iso,
                30,
                "个",
                qualifier="over",
                region=RAIL_BRAND,
            ),
            _fact(
                "130多座城市",
                "rail.cities_served",
                "level",
                iso,
                130,
                "座",
                qualifier="over",
                region=RAIL_BRAND,
            ),
        )
    else:
        q = f"累计开行{cum}列"
        lead = "自2013年7月郑州开行首趟中欧班列以来，" if variant == 1 and d >= date(2013, 7, 1) else ""
        doc.add(
            f"{lead}截至{md}，{RAIL_BRAND}{q}。",
            _fact(q, "rail.trains_cumulative", "level", iso, cum, "列", region=RAIL_BRAND),
        )
    return doc


def _f1(x: float) -> str:
    return f"{x:.1f}"


def _pp(x: float) -> str:
    return f"{'高于' if x >= 0 else '低于'}全市{abs(x):.1f}个百分点"


def _stats(rel: Release) -> Document:
    v, p, reg = rel.values, rel.period, STATS_REGION
    annual = rel.label == "全年"
    first = f"{rel.year}年" if annual else f"{rel.year}年{rel.label}"
    when = first if annual else rel.label  # the annual release appears the next year: always name the year
    doc = Document(
        rel.path, "stats", rel.title, datetime.combine(rel.published, STATS_HOUR, CST), "金水区统计局"
    )

    def F(quote: str, ind: str, measure: str, value: float, unit: str, **kw) -> dict:  # noqa: N802
        return _fact(quote, ind, measure, p, value, unit, region=reg, **kw)

    opening = (
        "主要经济指标保持较快增长，经济运行实现良好开局"
        if rel.label == "一季度"
        else "经济运行稳中有进、稳中向好"
    )
    doc.add(f"{first}，全区上下坚持稳中求进工作总基调，统筹推进疫情防控和经济社会发展，{opening}。")

    doc.add("一、地区生产总值")
    q1, q2 = f"全区实现地区生产总值{_f1(v['gdp'])}亿元", f"同比增长{_f1(v['gdp_yoy'])}%"
    facts = [F(q1, "gdp", "level", v["gdp"], "亿元"), F(q2, "gdp", "yoy_pct", v["gdp_yoy"], "%")]
    text = f"根据郑州市地区生产总值统一核算结果，{first}，{q1}，按可比价格计算，{q2}"
    if "gdp_pp" in v:
        q3 = "增速" + _pp(v["gdp_pp"])
        text += "，" + q3
        facts.append(F(q3, "gdp", "pp_diff", v["gdp_pp"], "百分点", comparator="全市"))
    if "tertiary" in v:
        qa, qb = f"第三产业增加值{_f1(v['tertiary'])}亿元", f"增长{_f1(v['tertiary_yoy'])}%"
        text += f"。其中，{qa}，{qb}"
        facts += [
            F(qa, "tertiary_va", "level", v["tertiary"], "亿元"),
            F(qb, "tertiary_va", "yoy_pct", v["tertiary_yoy"], "%"),
        ]
    doc.add(text + "。", *facts)

    doc.add("二、工业生产")
    q1 = f"全区规模以上工业增加值同比增长{_f1(v['industrial_va_yoy'])}%"
    facts = [F(q1, "industrial_va", "yoy_pct", v["industrial_va_yoy"], "%")]
    text = f"{when}，{q1}"
    if "industrial_va_pp" in v:
        q2 = "增速" + _pp(v["industrial_va_pp"])
        text += f"，{q2}，主要受部分重点企业产量下降影响"
        facts.append(F(q2, "industrial_va", "pp_diff", v["industrial_va_pp"], "百分点", comparator="全市"))
    doc.add(text + "。", *facts)

    doc.add("三、固定资产投资")
    q1 = f"全区固定资产投资同比增长{_f1(v['fai_yoy'])}%"
    doc.add(
        f"{when}，{q1}，重点项目建设有序推进。", F(q1, "fixed_asset_investment", "yoy_pct", v["fai_yoy"], "%")
    )

    doc.add("四、消费市场")
    q1, q2 = f"全区实现社会消费品零售总额{_f1(v['retail'])}亿元", f"同比增长{_f1(v['retail_yoy'])}%"
    facts = [
        F(q1, "retail_sales", "level", v["retail"], "亿元"),
        F(q2, "retail_sales", "yoy_pct", v["retail_yoy"], "%"),
    ]
    text = f"{when}，{q1}，{q2}"
    if "retail_pp" in v:
        q3 = "增速" + _pp(v["retail_pp"])
        text += "，" + q3
        facts.append(F(q3, "retail_sales", "pp_diff", v["retail_pp"], "百分点", comparator="全市"))
    doc.add(text + "。", *facts)

    doc.add("五、财政收入")
    tax = int(v["tax_wan"])
    q1, q2 = f"全区完成一般公共预算收入{_f1(v['budget'])}亿元", f"同比增长{_f1(v['budget_yoy'])}%"
    q3, q4 = f"税收收入{tax}万元", f"增长{_f1(v['tax_yoy'])}%"
    doc.add(
        f"{when}，{q1}，{q2}；其中{q3}，{q4}，税收结构持续优化。",
        F(q1, "budget_revenue", "level", v["budget"], "亿元"),
        F(q2, "budget_revenue", "yoy_pct", v["budget_yoy"], "%"),
        F(q3, "tax_revenue", "level", round(tax / 10000, 4), "亿元"),
        F(q4, "tax_revenue", "yoy_pct", v["tax_yoy"], "%"),
    )

    doc.add("六、居民收入")
    q1, q2 = f"全区居民人均可支配收入{int(v['income'])}元", f"同比增长{_f1(v['income_yoy'])}%"
    doc.add(
        f"{when}，{q1}，{q2}，居民收入与经济增长基本同步。",
        F(q1, "disposable_income", "level", int(v["income"]), "元"),
        F(q2, "disposable_income", "yoy_pct", v["income_yoy"], "%"),
    )

    if "modern" in v:
        doc.add("七、产业发展和招商引资")
        qm, qmy = f"现代服务业增加值{_f1(v['modern'])}亿元", f"同比增长{_f1(v['modern_yoy'])}%"
        qe = f"新兴产业增加值同比增长{_f1(v['emerging_yoy'])}%"
        qp, qs = f"招商引资产业项目{int(v['projects'])}个", f"签约额{_f1(v['signed'])}亿元"
        facts = [
            F(qm, "modern_services_va", "level", v["modern"], "亿元"),
            F(qmy, "modern_services_va", "yoy_pct", v["modern_yoy"], "%"),
            F(qe, "emerging_industries_va", "yoy_pct", v["emerging_yoy"], "%"),
            F(qp, "investment_projects", "level", int(v["projects"]), "个"),
            F(qs, "investment_signed", "level", v["signed"], "亿元"),
        ]
        if annual:
            doc.add(f"{when}，全区{qm}，{qmy}；{qe}。全年新引进{qp}，{qs}。", *facts)
        else:
            doc.add(f"{when}，全区新引进{qp}，{qs}；{qm}，{qmy}；{qe}。", *facts)
            doc.add("从年度目标完成情况看，招商引资产业项目数和现代服务业增加值快于序时进度，"
                    "签约额和新兴产业增加值增速慢于序时进度，需进一步加力推进。")  # fmt: skip
    doc.add(
        "注：地区生产总值、规模以上工业增加值增速按可比价格计算，其余指标按现价计算；部分数据因四舍五入的原因，存在总计与分项合计不等的情况。"
    )
    return doc


def _targets() -> Document:
    doc = Document(story.TARGETS_PATH, "stats", story.TARGETS_TITLE,
                   datetime.combine(story.TARGETS_PUBLISHED, STATS_HOUR, CST), "金水区发展和改革委员会")  # fmt: skip
    t = {x.indicator: x for x in story.targets_2022()}

    def F(quote: str, ind: str) -> dict:  # noqa: N802
        x = t[ind]
        return _fact(quote, ind, x.measure, x.period, x.value, x.unit, qualifier="over", region=STATS_REGION)

    doc.add("2022年是实施“十四五”规划承上启下的关键之年。全区将坚持稳中求进工作总基调，完整、准确、全面贯彻新发展理念，"
            "以项目建设和产业升级为抓手，推动经济社会高质量发展。")  # fmt: skip
    doc.add("一、主要预期目标")
    qp, qs = "招商引资产业项目200个以上", "签约额超500亿元"
    doc.add(f"项目建设方面，坚持项目为王，力争全年新引进{qp}、{qs}，重点外资项目签约取得新突破。",
            F(qp, "investment_projects"), F(qs, "investment_signed"))  # fmt: skip
    qm, qe = "现代服务业增加值达到1400亿元以上", "新兴产业增加值增长15%以上"
    doc.add(f"产业发展方面，做强商务服务、科技服务和数字经济，力争{qm}；培育壮大新一代信息技术、生物医药等产业，确保{qe}。",
            F(qm, "modern_services_va"), F(qe, "emerging_industries_va"))  # fmt: skip
    doc.add("二、保障措施")
    doc.add(
        "建立目标任务分解机制，将各项目标逐项分解到街道、园区和部门，按季度通报完成情况，对进度滞后的单位开展督导。"
    )
    return doc


@lru_cache(maxsize=4)
def documents(history_years: int = 0) -> tuple[Document, ...]:
    """Every article of the site, oldest first; `history_years` adds generated history before the story."""
    from statwatch_dev.publisher import history

    rail = history.rail_history(history_years) + story.rail_days()
    releases = history.stats_history(history_years) + story.stats_releases()
    docs = [_rail(r) for r in rail] + [_stats(r) for r in releases] + [_targets()]
    return tuple(sorted(docs, key=lambda d: (d.published, d.path)))


@lru_cache(maxsize=4)
def _by_path(history_years: int = 0) -> dict[str, Document]:
    return {d.path: d for d in documents(history_years)}


def document(path: str, history_years: int = 0) -> Document | None:
    """The article at `path`, or None."""
    return _by_path(history_years).get(path) or _pages_by_path(history_years).get(path)


@lru_cache(maxsize=4)
def _pages_by_path(history_years: int = 0) -> dict[str, Document]:
    return {d.path: d for d in site_pages(history_years)}


# ---- the assessment site and the operations site (issue 14) -----------------------------------------------------
ASSESS_HOUR = time(16, 0)
OPS_HOUR = time(19, 0)


@dataclass
class Table:
    """A ranking table: caption, header rows of (text, colspan, rowspan) and body rows of cell texts."""

    caption: str
    header: list[list[tuple[str, int, int]]]
    rows: list[list[str]]


@dataclass
class Page(Document):
    """An article with tables, and corrections its publisher makes after publication (when, old → new)."""

    tables: list[Table] = field(default_factory=list)
    revisions: list[tuple[datetime, dict[str, str]]] = field(default_factory=list)


def _change(prev: int | None, now: int) -> str:
    if prev is None:
        return "—"
    return "持平" if prev == now else (f"↑{prev - now}" if now < prev else f"↓{now - prev}")


def _story_prev(key: str) -> str | None:
    """The story's period a page compares with (较上期): the quarter before within the story, none for its first."""
    keys = [k for k, *_ in story.ASSESS_PERIODS]
    if key == "2022q1":
        return "2021q4"
    return keys[keys.index(key) - 1] if key.startswith("20") and "q" in key and keys.index(key) > 0 else None


def _assess_pages(key: str, label: str, period: str, published: date, by: dict[str, dict[str, story.Ranking]],
                  prev_key: str | None) -> list[Page]:
    when = datetime.combine(published, ASSESS_HOUR, CST)
    region = story.ASSESS_REGION
    district = Page(f"/assess/{published.year}/t{published:%Y%m%d}_{key}_jd.html", "assess",
                    f"金水区{label}经济社会发展“四挂钩”考核结果通报", when, "金水区“四挂钩”考核工作领导小组办公室")
    district.add(f"根据《金水区经济社会发展“四挂钩”考核办法》，区考核办对各街道、园区{label}工作完成情况进行了考核，"
                 "现将考核结果通报如下。")  # fmt: skip
    for n, population in enumerate(("17个街道", "4个园区"), start=1):
        rk = by[key][population]
        prev = by[prev_key][population] if prev_key else None
        header = [[("单位", 1, 2)] + [(h, 2, 1) for _, h, _ in story.CATEGORIES] + [("综合", 2, 1), ("较上期", 1, 2)],
                  [("得分", 1, 1), ("排名", 1, 1)] * 5]  # fmt: skip
        rows = []
        for unit in rk.order("assessment.overall"):
            cells = [unit]
            for code in [c for c, _, _ in story.CATEGORIES] + ["assessment.overall"]:
                score, rank = rk.categories[code][unit]
                cells += [f"{score:.2f}", str(rank)]
                district.facts += [
                    _fact(f"{score:.2f}", code, "level", period, score, "分", region=unit, comparator=population),
                    _fact(str(rank), code, "rank", period, rank, "rank", region=unit, comparator=population),
                ]
            before = prev.categories["assessment.overall"][unit][1] if prev else None
            rows.append(cells + [_change(before, rk.categories["assessment.overall"][unit][1])])
        district.tables.append(Table(f"表{n} {population}考核排名情况", header, rows))
    if key == story.ASSESS_REVISED[0]:
        # published with a typo in one score; corrected days later (ranks unchanged)
        unit = by[key]["17个街道"].order("assessment.development_quality")[8]
        score = by[key]["17个街道"].categories["assessment.development_quality"][unit][0]
        district.revisions.append((datetime.combine(story.ASSESS_REVISED[1], time(9, 30), CST),
                                   {f"<td>{unit}</td><td>{score + 0.09:.2f}</td>": f"<td>{unit}</td><td>{score:.2f}</td>"}))
    city = Page(f"/assess/{published.year}/t{published:%Y%m%d}_{key}_city.html", "assess",
                f"郑州市{label}县(市)区经济社会发展“四挂钩”考核排名", when, "郑州市“四挂钩”考核工作领导小组办公室")
    city.add(f"现将{label}各县(市)区经济社会发展“四挂钩”考核排名情况予以公布。")
    for population, caption in (("市内六区", "市内六区综合排名"), ("全市", "全市县(市)区和开发区综合排名")):
        if population not in by[key]:
            continue
        rk = by[key][population]
        prev = by[prev_key][population] if prev_key and population in by[prev_key] else None
        rows = []
        for unit in rk.order("assessment.overall"):
            score, rank = rk.categories["assessment.overall"][unit]
            before = prev.categories["assessment.overall"][unit][1] if prev else None
            rows.append([str(rank), unit, f"{score:.2f}", _change(before, rank)])
            city.facts += [
                _fact(str(rank), "assessment.overall", "rank", period, rank, "rank", region=unit, comparator=population),
                _fact(f"{score:.2f}", "assessment.overall", "level", period, score, "分", region=unit,
                      comparator=population),
            ]
        header = [[("排名", 1, 1), ("县(市)区", 1, 1), ("综合得分", 1, 1), ("较上期", 1, 1)]]
        city.tables.append(Table(f"表{len(city.tables) + 1} {caption}", header, rows))
    city.add(f"{region}{label}综合考核位居市内六区第一。" if key == "2022q1" else "请各县(市)区对标先进，补齐短板。")
    return [district, city]


def _md(d: date) -> str:
    return f"{d.month}月{d.day}日"


def _ops(o: story.OpsDay, season: story.OpsSeason = story.STORY_SEASON) -> Page:
    d, md, iso = o.day, _md(o.day), o.day.isoformat()
    region = story.OPS_REGION
    v = d.toordinal() % 3
    title = (f"经开区雨污水井清掏专项行动进展（{md}）" if season.start <= d <= season.done
             else f"经开区综合行政执法局防汛工作动态（{md}）")  # fmt: skip
    doc = Page(o.path, "ops", title, datetime.combine(d, OPS_HOUR, CST), "郑州经开区综合行政执法局")

    def F(quote: str, ind: str, value: float, unit: str, period: str = iso, qualifier: str = "exact") -> dict:  # noqa: N802
        return _fact(quote, ind, "level", period, value, unit, qualifier=qualifier, region=region)

    def tens(x: float, k: int) -> int:
        return int(x // k * k)

    # cumulative openers (the campaign's first day is named) and daily openers, in a different order each day; every
    # other run of three days words them as real bulletins also do (自…启动以来, …至今/目前/当日, a purpose clause first)
    w = d.toordinal() // 3 % 2

    def since(first: date, began: str) -> str:
        if w:
            end = ("今", "目前", "当日")[d.toordinal() // 6 % 3]
            return (f"自{_md(first)}以来，累计", f"{_md(first)}至{end}，经开区综合行政执法局累计",
                    f"截至{md}，经开区自{_md(first)}{began}以来累计")[v]
        return (f"自{_md(first)}以来，累计", f"{_md(first)}至{md}，经开区累计",
                f"截至{md}，自{_md(first)}以来经开区累计")[v]

    def today(what: str, purpose: str) -> str:
        if w:
            return (f"为做好{purpose}，{md}，经开区综合行政执法局", f"{md}当日，", "当日，经开区综合行政执法局")[v]
        return (f"{md}，经开区综合行政执法局{what}，当日", f"{md}当日，", "当日，执法局组织")[v]
    if d < season.start:
        span = f"{season.first.isoformat()}/{iso}"
        qs, qv, qr = f"出动人员{o.staff}人次", f"车辆{o.vehicles}台次", f"排查道路{o.roads}条"
        qR = f"排查道路{o.roads_total}条"
        facts = [F(qs, "ops.staff_deployed", o.staff, "人次"), F(qv, "ops.vehicles_deployed", o.vehicles, "台次"),
                 F(qr, "ops.roads_inspected", o.roads, "条")]  # fmt: skip
        daily: tuple[str, list[dict]] = (today("组织开展汛前排查", "汛前排水设施排查工作") + f"{qs}、{qv}，{qr}。", facts)
        if d == season.first:
            doc.add(daily[0], *daily[1])
        else:
            cum: tuple[str, list[dict]] = (since(season.first, "开展汛前排查") + f"{qR}，重点检查雨水篦子、检查井盖等排水设施。",
                                           [F(qR, "ops.roads_inspected", o.roads_total, "条", span)])
            for text, fs in (daily, cum) if v != 1 else (cum, daily):
                doc.add(text, *fs)
        doc.add("下一步，执法局将结合汛期特点，做好雨污水井清掏专项行动的各项准备。")
        return doc

    span = f"{season.start.isoformat()}/{iso}"
    S, V = tens(o.staff_total, 100), tens(o.vehicles_total, 10)
    more = ("余", "多", "余")[v]
    qS, qV, qT = f"出动人员{S}{more}人次", f"车辆{V}{more}台次", f"清运淤泥{o.sludge_total}吨"
    fS, fV = F(qS, "ops.staff_deployed", S, "人次", span, "over"), F(qV, "ops.vehicles_deployed", V, "台次", span, "over")
    fT = F(qT, "ops.sludge_removed", o.sludge_total, "吨", span)
    qW = f"清掏雨污水井{o.wells_total}个"
    fW = F(qW, "ops.wells_cleared", o.wells_total, "个", span)
    qs, qv, qt = f"出动人员{o.staff}人次", f"车辆{o.vehicles}台次", f"清运淤泥{o.sludge}吨"
    day = [F(qs, "ops.staff_deployed", o.staff, "人次"), F(qv, "ops.vehicles_deployed", o.vehicles, "台次"),
           F(qt, "ops.sludge_removed", o.sludge, "吨")]  # fmt: skip
    if d == season.start:
        doc.add(f"为确保主汛期城区排水畅通，经开区综合行政执法局自{_md(season.start)}起开展雨污水井清掏专项行动，"
                f"计划于{_md(season.deadline)}前完成城区全部雨污水井清掏任务。")  # fmt: skip
    if o.wells:
        qw = f"清掏雨污水井{o.wells}个"
        day.append(F(qw, "ops.wells_cleared", o.wells, "个"))
        daily = (today("持续推进雨污水井清掏专项行动", "雨污水井清掏专项行动") + f"{qs}、{qv}，{qw}，{qt}。", day)
        cum = (since(season.start, "启动") + f"{qW}，{qS}、{qV}，{qT}。", [fW, fS, fV, fT])
    else:
        qr = f"排查道路{o.roads}条"
        day.append(F(qr, "ops.roads_inspected", o.roads, "条"))
        daily = (today("开展汛期巡查", "主汛期防汛工作") + f"{qs}、{qv}，{qr}，{qt}。", day)
        done = "，雨污水井清掏专项行动已全部完成" if v != 2 else ""
        cum = (since(season.start, "启动") + f"{qW}{done}，{qS}。", [fW, fS])
    if d == season.start:
        doc.add(daily[0], *daily[1])
    else:
        for text, fs in (cum, daily) if v == 1 else (daily, cum):
            doc.add(text, *fs)
    if d == story.OPS_CORRECTED_DAY:
        # published with a typo in the day's count; corrected the next morning
        right = f"清掏雨污水井{o.wells}个"
        doc.revisions.append((datetime.combine(story.OPS_CORRECTION_AT, time(9, 0), CST),
                              {f"清掏雨污水井{o.wells + 100}个": right}))
    return doc


@lru_cache(maxsize=4)
def site_pages(history_years: int = 0) -> tuple[Page, ...]:
    """The assessment and operations pages (kept apart from `documents()`: the rail and stats story is unchanged);
    `history_years` adds generated rankings and flood seasons before the story."""
    from statwatch_dev.publisher import history

    by = story.rankings()
    pages = [p for args in story.ASSESS_PERIODS for p in _assess_pages(*args, by, _story_prev(args[0]))]
    pages += [_ops(o) for o in story.ops_days()]
    past, past_by = history.assess_history(history_years)
    for key, label, period, published in past:
        year, q = key.partition("q")[::2]
        prev = (f"{year}q{int(q) - 1}" if q != "1" else f"{int(year) - 1}q4") if q else None
        pages += _assess_pages(key, label, period, published, past_by, prev if prev in past_by else None)
    for season, days in history.ops_history(history_years):
        pages += [_ops(o, season) for o in days]
    return tuple(sorted(pages, key=lambda d: (d.published, d.path)))
