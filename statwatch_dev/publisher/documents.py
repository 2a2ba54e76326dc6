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
    return _by_path(history_years).get(path)
