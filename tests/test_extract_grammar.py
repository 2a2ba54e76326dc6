"""The grammar of extraction on sentences written for these tests (never text of the labelled documents): periods,
enumerations, comparisons, structures, attachments. Each case: the facts that must come out, and values that must
not come out as facts."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from statwatch.extract import extract_text
from statwatch.extract.holidays import days_off, festival_day
from statwatch.extract.normalize import normalise
from statwatch.extract.rules import load_rules

Case = tuple[str, date, str, list[tuple], list[float]]

PERIODS: list[Case] = [
    # a release's bare 三季度 reports January to September; 第三季度 is the quarter itself
    ("stats", date(2022, 10, 28), "三季度，全县实现地区生产总值88.6亿元，同比增长4.1%。",
     [("gdp", "level", "2022-01/2022-09", 88.6), ("gdp", "yoy_pct", "2022-01/2022-09", 4.1)], []),
    ("stats", date(2022, 10, 28), "第三季度，全县地区生产总值同比增长3.9%。",
     [("gdp", "yoy_pct", "2022-07/2022-09", 3.9)], []),
    # 9月，…累计完成: January to September
    ("stats", date(2023, 10, 12), "9月，全区税收收入累计完成52340万元，增长6.2%，居中心城区第三位。",
     [("tax_revenue", "level", "2023-01/2023-09", 5.234), ("tax_revenue", "yoy_pct", "2023-01/2023-09", 6.2),
      ("tax_revenue", "rank", "2023-01/2023-09", 3)], []),
    # 今年以来 is commentary in a release; the quarter dates the figures
    ("stats", date(2024, 4, 26), "今年以来，全区经济稳中向好，一季度经济开局良好。全区实现地区生产总值215.4亿元，增长5.2%。",
     [("gdp", "level", "2024-01/2024-03", 215.4), ("gdp", "yoy_pct", "2024-01/2024-03", 5.2)], []),
    # a monthly release: the month dates what names no period
    ("stats", date(2024, 6, 15), "2024年5月全市经济运行简况\n全市规模以上工业增加值增长5.1%，社会消费品零售总额增长4.2%。",
     [("industrial_va", "yoy_pct", "2024-05", 5.1), ("retail_sales", "yoy_pct", "2024-05", 4.2)], []),
    # a year named in a comparison does not become the year of what follows
    ("stats", date(2021, 6, 20), "全市规模以上工业增加值同比增长9.2%，比2019年同期增长15.1%。其中，5月份全市规模以上工业增加值增长7.7%，"
     "居全省第6位。",
     [("industrial_va", "yoy_pct", "2021-05", 7.7), ("industrial_va", "rank", "2021-05", 6)], [15.1]),
    ("rail", date(2024, 12, 20), "今年1至11月，中欧班列累计开行9800列，已超2023年全年总量。截至12月18日，今年阿拉山口口岸通行中欧班列"
     "突破6000列。",
     [("rail.trains", "level", "2024-01/2024-11", 9800), ("rail.trains", "level", "2024-01-01/2024-12-18", 6000)], []),
]

COMPARISONS: list[Case] = [
    # each number after its own comparator
    ("stats", date(2023, 7, 25), "上半年，全县社会消费品零售总额增长6.4%，高于全国1.2、全省0.8个百分点。",
     [("retail_sales", "pp_diff", "2023-01/2023-06", 1.2), ("retail_sales", "pp_diff", "2023-01/2023-06", 0.8)], []),
    # 比 + comparators with their own values in parentheses + 分别高
    ("stats", date(2023, 10, 25), "前三季度，全市地区生产总值增长5.9%，比全省(5.1%)和全国(4.8%)分别高0.8、1.1个百分点。",
     [("gdp", "pp_diff", "2023-01/2023-09", 0.8), ("gdp", "pp_diff", "2023-01/2023-09", 1.1),
      ("gdp", "yoy_pct", "2023-01/2023-09", 5.9)], [5.1, 4.8]),
    ("stats", date(2023, 10, 25), "前三季度，全市固定资产投资增长3.2%，比全省平均水平低0.6个百分点。",
     [("fixed_asset_investment", "pp_diff", "2023-01/2023-09", -0.6)], []),
    # the sentence after goes on about the same indicator
    ("stats", date(2023, 6, 20), "1-5月，全区规上工业增加值同比增长6.8%。累计增速高于全省(5.2%)1.6个百分点，居全省第4位。",
     [("industrial_va", "pp_diff", "2023-01/2023-05", 1.6), ("industrial_va", "rank", "2023-01/2023-05", 4)], [5.2]),
    # the same growth as the comparator is a gap of 0; flat against last year is no gap
    ("stats", date(2021, 4, 20), "一季度，全区社会消费品零售总额增长35.2%，与全市持平。全区粮食播种面积与上年持平。",
     [("retail_sales", "pp_diff", "2021-01/2021-03", 0)], []),
    # the first place
    ("stats", date(2023, 7, 25), "上半年，全区地区生产总值增长6.3%，增速居全市首位。",
     [("gdp", "rank", "2023-01/2023-06", 1)], []),
    # a rank after a two-year average; the indicator named inside the ranking; the ranked population before the verb
    ("stats", date(2021, 7, 28), "上半年，全县地区生产总值增长8.1%，两年平均增长4.2%，全市排名第五。",
     [("gdp", "rank", "2021-01/2021-06", 5)], [4.2]),
    ("rail", date(2024, 1, 12), "2023年，中欧班列(西安)开行量突破5200列，连续4年保持全国开行量第一。",
     [("rail.trains", "level", "2023", 5200), ("rail.trains", "rank", "2023", 1)], []),
    ("rail", date(2020, 1, 20), "2019年，中欧班列(济南)发运410列，超过前三年的总和，在全国58个开行城市中位居第9，位列华东区域第二。",
     [("rail.trains", "rank", "2019", 9), ("rail.trains", "rank", "2019", 2)], []),
    # several indicators ranked at once, one place each in order
    ("stats", date(2024, 4, 25), "一季度，全区GDP、规上工业增加值、固定资产投资增速分别居全市第3、第5、第2位。",
     [("gdp", "rank", "2024-01/2024-03", 3), ("industrial_va", "rank", "2024-01/2024-03", 5),
      ("fixed_asset_investment", "rank", "2024-01/2024-03", 2)], []),
    # several places ranked at once
    ("stats", date(2023, 7, 25), "上半年，地区生产总值增速金水区、二七区和中原区分列全市第二、三、四位。",
     [("gdp", "rank", "2023-01/2023-06", 2), ("gdp", "rank", "2023-01/2023-06", 3), ("gdp", "rank", "2023-01/2023-06", 4)],
     []),
    # shares of several indicators in order
    ("stats", date(2023, 7, 25), "上半年，全区地区生产总值、一般公共预算收入全省占比分别为11.2%、9.6%。",
     [("gdp", "share_pct", "2023-01/2023-06", 11.2), ("budget_revenue", "share_pct", "2023-01/2023-06", 9.6)], []),
    # a share written as an aside
    ("stats", date(2023, 7, 25), "上半年，全区固定资产投资完成153.8亿元，其中工业投资42.3亿元(占全部投资的 27.5%)，增长12.0%。",
     [("industrial_investment", "share_pct", "2023-01/2023-06", 27.5),
      ("industrial_investment", "level", "2023-01/2023-06", 42.3),
      ("industrial_investment", "yoy_pct", "2023-01/2023-06", 12.0)], []),
]

WORDING: list[Case] = [
    # asides of method, rates written as 增长率为, short names, a share of a short name
    ("stats", date(2024, 1, 28), "2023年，全县实现地区生产总值123.45亿元，按可比价计算，同比增长6.1%。全县规模工业增加值增长率为8.3%。"
     "一般公共预算收入完成5.2亿元，其中税收收入3.1亿元，税收占一般公共预算收入的比重为59.6%。",
     [("gdp", "yoy_pct", "2023", 6.1), ("industrial_va", "yoy_pct", "2023", 8.3), ("tax_revenue", "share_pct", "2023", 59.6)],
     []),
    # the rate a growth came to (增速回落至3.2%) is a rate, not a fall
    ("stats", date(2024, 9, 20), "1-7月，全县规上工业增加值增速回落至3.2%。1-8月，全县固定资产投资增幅提高到6.1%，增速比1-7月提升0.5个百分点。",
     [("industrial_va", "yoy_pct", "2024-01/2024-07", 3.2), ("fixed_asset_investment", "yoy_pct", "2024-01/2024-08", 6.1)],
     [-3.2, 0.5]),
    # last year's rate, said after this year's
    ("stats", date(2024, 4, 20), "一季度，全县地区生产总值增长4.5%，上年同期为3.2%。全县固定资产投资增长6.1%(上年同期增长2.4%)。",
     [("gdp", "yoy_pct", "2024-01/2024-03", 4.5), ("gdp", "yoy_pct", "2023-01/2023-03", 3.2),
      ("fixed_asset_investment", "yoy_pct", "2024-01/2024-03", 6.1),
      ("fixed_asset_investment", "yoy_pct", "2023-01/2023-03", 2.4)], []),
]

NAMES: list[Case] = [
    # short names of indicators: 工业固投, 规模工业 growing, a scope word before the subject, CPI without 指数, 万平米
    ("stats", date(2022, 4, 20), "1-3月，全县工业固投完成8.6亿元，同比增长23.5%，位列全市第三名。",
     [("industrial_investment", "level", "2022-01/2022-03", 8.6), ("industrial_investment", "yoy_pct", "2022-01/2022-03", 23.5),
      ("industrial_investment", "rank", "2022-01/2022-03", 3)], []),
    ("stats", date(2019, 7, 25), "上半年，全市规模工业增长6.8%，高于全省0.5个百分点。",
     [("industrial_va", "yoy_pct", "2019-01/2019-06", 6.8), ("industrial_va", "pp_diff", "2019-01/2019-06", 0.5)], []),
    ("stats", date(2020, 4, 10), "2019年区属实现地区生产总值(GDP)215.6亿元，增长7.1%。",
     [("gdp", "level", "2019", 215.6), ("gdp", "yoy_pct", "2019", 7.1)], []),
    ("stats", date(2020, 2, 20), "2019年，市区居民消费价格累计上涨3.1%。",
     [("cpi", "yoy_pct", "2019", 3.1)], []),
    ("stats", date(2021, 4, 20), "一季度，全区商品房销售面积8.4万平米，增长12.5%。",
     [("housing_sales_area", "level", "2021-01/2021-03", 8.4)], []),
]

ATTACHMENTS: list[Case] = [
    # a group of sub-units is not the city
    ("stats", date(2023, 7, 25), "上半年，全市规模以上工业增加值212.4亿元，增长8.0%。全市三个省级开发区实现工业增加值64.1亿元，"
     "同比增长11.2%。",
     [("industrial_va", "level", "2023-01/2023-06", 212.4)], [64.1, 11.2]),
    # the earlier structure has the earlier year
    ("stats", date(2023, 3, 20), "2022年，全县实现地区生产总值98.7亿元。三次产业结构由2021年的8.2:40.1:51.7调整为7.9:39.5:52.6。",
     [("primary_va", "share_pct", "2021", 8.2), ("tertiary_va", "share_pct", "2021", 51.7),
      ("primary_va", "share_pct", "2022", 7.9), ("tertiary_va", "share_pct", "2022", 52.6)], []),
    ("stats", date(2023, 3, 20), "2022年，全县实现地区生产总值98.7亿元，三次产业结构由上年的8.2∶40.1∶51.7调整为7.9∶39.5∶52.6。",
     [("secondary_va", "share_pct", "2021", 40.1), ("secondary_va", "share_pct", "2022", 39.5)], []),
    # a release's figures are dated by its months, not by a holiday named as a cause
    ("stats", date(2024, 3, 18), "1-2月，受春节假期错月影响，全市规模以上工业增加值增长5.2%，规模工业总产值增长6.0%。",
     [("industrial_va", "yoy_pct", "2024-01/2024-02", 5.2), ("industrial_output", "yoy_pct", "2024-01/2024-02", 6.0)], []),
    ("stats", date(2024, 3, 1), "2023年，全县三次产业比重由上年的15.1%、40.2%、44.7%调整为14.8%、39.9%、45.3%。",
     [("primary_va", "share_pct", "2022", 15.1), ("tertiary_va", "share_pct", "2023", 45.3)], []),
    # the three shares as a list of percentages; contribution rates after a structure are not shares
    ("stats", date(2024, 3, 20), "2023年，全县产业结构持续优化，三次产业结构由上年的18.2%、35.4%和46.4%调整为17.6%、34.9%和47.5%，"
     "三次产业对经济增长的贡献率分别为5.1%、40.2%和54.7%。",
     [("primary_va", "share_pct", "2022", 18.2), ("tertiary_va", "share_pct", "2022", 46.4),
      ("secondary_va", "share_pct", "2023", 34.9), ("tertiary_va", "share_pct", "2023", 47.5)], [5.1, 40.2, 54.7]),
    # the year of the structure before (由2018年的) does not date what follows; a part of the economy and its sectors
    # are not the region's
    ("stats", date(2020, 3, 30), "2019年，全县地区生产总值150.2亿元，增长7.0%。其中，第一产业增加值20.1亿元，增长3.0%。三次产业结构由"
     "2018年的14:41:45调整为13.4:41.2:45.4。\n全年民营经济增加值90.5亿元，增长7.5%。其中，第一产业增加值11.2亿元，增长2.9%；"
     "第二产业增加值40.3亿元，增长8.1%。民营经济三次产业结构为12.4:44.5:43.1。全年规模以上工业增加值增长8.2%。",
     [("primary_va", "level", "2019", 20.1), ("primary_va", "share_pct", "2018", 14), ("primary_va", "share_pct", "2019", 13.4),
      ("industrial_va", "yoy_pct", "2019", 8.2)], [11.2, 40.3, 2.9, 8.1, 12.4, 44.5, 43.1]),
]


def _check(kind: str, doc_date: date, text: str, expected: list[tuple], absent: list[float]) -> list:
    facts = extract_text(text, doc_date=doc_date, kind=kind)
    got = {(f.indicator, f.measure, f.period, round(f.value, 6)) for f in facts}
    for e in expected:
        assert (*e[:3], round(float(e[3]), 6)) in got, (e, sorted(got))
    assert not [f for f in facts if any(abs(f.value - a) < 1e-9 for a in absent)], facts
    for f in facts:
        assert text[f.start:f.end] == f.quote
    return facts


@pytest.mark.parametrize(("kind", "doc_date", "text", "expected", "absent"), PERIODS + COMPARISONS + WORDING + NAMES + ATTACHMENTS,
                         ids=lambda x: str(x)[:14])
def test_grammar(kind: str, doc_date: date, text: str, expected: list[tuple], absent: list[float]) -> None:
    _check(kind, doc_date, text, expected, absent)


def test_a_place_named_in_the_clause_owns_the_number() -> None:
    facts = _check("stats", date(2023, 7, 25), "上半年，全市地区生产总值增长5.3%，其中金牛区增长6.1%。",
                   [("gdp", "yoy_pct", "2023-01/2023-06", 5.3), ("gdp", "yoy_pct", "2023-01/2023-06", 6.1)], [])
    assert {f.value: f.region for f in facts} == {5.3: "全市", 6.1: "金牛区"}


def test_comparators_of_a_gap_in_order() -> None:
    facts = _check("stats", date(2023, 10, 25), "前三季度，全市地区生产总值增长5.9%，比全省(5.1%)和全国(4.8%)分别高0.8、1.1个百分点。",
                   [], [])
    assert {f.value: f.comparator for f in facts if f.measure == "pp_diff"} == {0.8: "全省", 1.1: "全国"}
    facts = _check("stats", date(2023, 7, 25), "上半年，全县社会消费品零售总额增长6.4%，高于全国1.2、全省0.8个百分点。", [], [])
    assert {f.value: f.comparator for f in facts if f.measure == "pp_diff"} == {1.2: "全国", 0.8: "全省"}


def test_ranks_of_listed_places() -> None:
    facts = _check("stats", date(2023, 7, 25), "上半年，地区生产总值增速金水区、二七区和中原区分列全市第二、三、四位。", [], [])
    assert sorted((f.value, f.region) for f in facts if f.measure == "rank") == [
        (2, "金水区"), (3, "二七区"), (4, "中原区")]


TABLE_CELLS = """2024年5月规模以上工业生产情况

2024年5月

指标

本月

比去年同月增长(%)

1-本月

比去年同期增长(%)

规模以上工业增加值(亿元)

86.42

6.3

402.17

5.8

  # 制造业

70.11

7.0

330.05

6.1
"""

TABLE_ROWS = """1-6月全区主要经济指标
指标 | 1-6月 | 同比增长(%)
地区生产总值(亿元) | 512.36 | 5.4
社会消费品零售总额(万元) | 1865300 | 7.1
  其中：限额以上 | 623100 | 9.8
"""


TABLE_PLACES = """上半年各县（市、区）主要经济指标
县区 | 地区生产总值(亿元) | 增长(%) | 社会消费品零售总额(亿元) | 增长(%)
全市 | 1523.4 | 5.6 | 612.3 | 6.1
甲县 | 212.5 | 6.2 | 80.1 | 5.9
"""


def test_tables_of_places_by_indicator() -> None:
    got = {(f.indicator, f.measure, f.period, f.value, f.region) for f in
           extract_text(TABLE_PLACES, doc_date=date(2024, 7, 25), kind="stats")}
    p = "2024-01/2024-06"
    assert {("gdp", "level", p, 212.5, "甲县"), ("gdp", "yoy_pct", p, 6.2, "甲县"), ("retail_sales", "level", p, 80.1, "甲县"),
            ("retail_sales", "yoy_pct", p, 5.9, "甲县")} <= got
    assert {(c, m, v) for c, m, _, v, r in got if r != "甲县"} == {
        ("gdp", "level", 1523.4), ("gdp", "yoy_pct", 5.6), ("retail_sales", "level", 612.3), ("retail_sales", "yoy_pct", 6.1)}


def test_tables_are_read_as_header_by_cell() -> None:
    got = {(f.indicator, f.measure, f.period, f.value) for f in
           extract_text(TABLE_CELLS, doc_date=date(2024, 6, 18), kind="stats")}
    assert got == {("industrial_va", "level", "2024-05", 86.42), ("industrial_va", "yoy_pct", "2024-05", 6.3),
                   ("industrial_va", "level", "2024-01/2024-05", 402.17),
                   ("industrial_va", "yoy_pct", "2024-01/2024-05", 5.8)}
    got = {(f.indicator, f.measure, f.period, f.value) for f in
           extract_text(TABLE_ROWS, doc_date=date(2024, 7, 20), kind="stats")}
    assert got == {("gdp", "level", "2024-01/2024-06", 512.36), ("gdp", "yoy_pct", "2024-01/2024-06", 5.4),
                   ("retail_sales", "level", "2024-01/2024-06", 186.53), ("retail_sales", "yoy_pct", "2024-01/2024-06", 7.1)}


@pytest.mark.parametrize("text", [
    "上半年，全区規(guī)模以上工業(yè)增加值增長(zhǎng)5.3%。",
    "上半年，全区规模以上工业增加值增长（zēng zhǎng）5.3％。",
    "上半年，全區規模以上工業增加值增長５．３%。",
])
def test_script_width_and_readings(text: str) -> None:
    facts = extract_text(text, doc_date=date(2024, 7, 20), kind="stats")
    assert [(f.indicator, f.measure, f.period, f.value) for f in facts] == [
        ("industrial_va", "yoy_pct", "2024-01/2024-06", 5.3)]
    assert text[facts[0].start:facts[0].end] == facts[0].quote


def test_readings_of_a_word_and_counts_in_wan() -> None:
    text = "截至目前，中欧班列(苏州)累计开行(kāi xíng)超1.2万列。"
    facts = [f for f in extract_text(text, doc_date=date(2024, 7, 20), kind="rail") if f.indicator == "rail.trains_cumulative"]
    assert [(f.value, f.qualifier) for f in facts] == [(12000, "over")]
    assert "(kāi xíng)" in facts[0].quote


def test_holiday_calendar() -> None:
    """The festival days and the days off come from the calendar in extract_rules.yaml (2000-2040)."""
    h = load_rules().vocab.holidays
    assert festival_day(h, "eve", 2016) == date(2016, 2, 7) and festival_day(h, "lantern", 2016) == date(2016, 2, 22)
    assert festival_day(h, "mid_autumn", 2033) == date(2033, 9, 8) and festival_day(h, "national", 2030) == date(2030, 10, 1)
    assert days_off(h, "spring", 2011) == (date(2011, 2, 2), date(2011, 2, 8))
    assert days_off(h, "spring", 2005) == (date(2005, 2, 9), date(2005, 2, 15))
    assert days_off(h, "new_year", 2024) == (date(2023, 12, 30), date(2024, 1, 1))
    assert days_off(h, "labour", 2035) == (date(2035, 5, 1), date(2035, 5, 5))
    for year in range(2000, 2041):
        eve, off = festival_day(h, "eve", year), days_off(h, "spring", year)
        assert eve is not None and off is not None and off[0] <= eve + timedelta(days=1) <= off[1]


def test_tables_with_a_unit_and_a_value_column() -> None:
    """指标 | 单位 | 绝对值 | 增长(%): each row's unit is its own (万元 → 亿元); a header never starts with a growth column,
    whether the cells come a row per line or one per line."""
    rows = [("指标", "单位", "绝对值", "比上年同期增长(%)"), ("地区生产总值", "亿元", "88.4", "4.9"),
            ("固定资产投资", "万元", "216000", "-2.7"), ("农林牧渔业", "亿元", "11.2", "3.0")]
    for sep in (" | ", " |\n"):
        text = "一季度主要指标(2024年1-3月)\n" + "\n".join(sep.join(r) + " |" for r in rows)
        got = {(f.indicator, f.measure, f.period, f.value) for f in extract_text(text, doc_date=date(2024, 4, 20), kind="stats")}
        assert got == {("gdp", "level", "2024-01/2024-03", 88.4), ("gdp", "yoy_pct", "2024-01/2024-03", 4.9),
                       ("fixed_asset_investment", "level", "2024-01/2024-03", 21.6),
                       ("fixed_asset_investment", "yoy_pct", "2024-01/2024-03", -2.7)}, (sep, got)


TABLE_TWO_LINE_HEADER = """一至八月经济数据 | ||
一、地区生产总值 | ||
8月 | 1-8月累计 | 累计 | |
增长% | ||
地区生产总值(亿元) | —— | 812.30 | 6.1 |
第一产业 | —— | 40.10 | 3.2 |
第二产业 | —— | 300.20 | 7.0 |
  其中:工业 | —— | 250.00 | 7.4 |
第三产业 | —— | 472.00 | 5.8 |
二、生产总值构成 | ||
8月 | 1-8月累计 | 累计 | |
增减百分点 | ||
地区生产总值(%) | —— | 100.0 | —— |
第一产业 | —— | 4.9 | 0.2 |
第二产业 | —— | 37.0 | -0.5 |
第三产业 | —— | 58.1 | 持平 |
三、工业 | ||
8月 | 1-8月累计 | 累计 | |
增长% | ||
规模以上工业增加值(亿元) | 31.5 | 240.8 | 8.8 |
"""


def _table_facts(text: str, doc_date: date) -> set[tuple[str, str, str, float]]:
    return {(f.indicator, f.measure, f.period, f.value) for f in extract_text(text, doc_date=doc_date, kind="stats")}


def test_tables_with_a_heading_over_two_lines_and_empty_cells() -> None:
    """累计 | at a line's end and 增长% alone on the next are one heading; —— is an empty cell; 第一产业 under GDP is its
    value added in GDP's unit; in a table of shares (地区生产总值(%) | 100.0) it is its share, the total and the change
    in points (增减百分点) are not read; a month column (8月) holds the month's value."""
    p, m = "2023-01/2023-08", "2023-08"
    assert _table_facts(TABLE_TWO_LINE_HEADER, date(2023, 9, 20)) == {
        ("gdp", "level", p, 812.3), ("gdp", "yoy_pct", p, 6.1), ("primary_va", "level", p, 40.1),
        ("primary_va", "yoy_pct", p, 3.2), ("secondary_va", "level", p, 300.2), ("secondary_va", "yoy_pct", p, 7.0),
        ("tertiary_va", "level", p, 472.0), ("tertiary_va", "yoy_pct", p, 5.8),
        ("primary_va", "share_pct", p, 4.9), ("secondary_va", "share_pct", p, 37.0), ("tertiary_va", "share_pct", p, 58.1),
        ("industrial_va", "level", m, 31.5), ("industrial_va", "level", p, 240.8), ("industrial_va", "yoy_pct", p, 8.8)}


def test_tables_with_the_unit_in_the_heading_and_outer_pipes() -> None:
    """| 指 标 | 绝对数(万元) | 比上年增长(%) |: the value column's unit scales every row; 其中:第一产业 is a part; an
    industry (工 业) is no indicator of the catalogue; the caption dates the table."""
    text = ("2022年全区生产总值及其增长速度\n| 指 标 | 绝对数(万元) | 比上年增长(%) |\n| 地区生产总值 | 3456789 | 4.5 |\n"
            "| 其中:第一产业 | 123456 | 3.1 |\n| 第二产业 | 1500000 | 5.2 |\n| 第三产业 | 1833333 | 4.0 |\n"
            "| 其中:农林牧渔业 | 130000 | 3.0 |\n| 工 业 | 1200000 | 5.5 |\n")
    assert _table_facts(text, date(2023, 3, 20)) == {
        ("gdp", "level", "2022", 345.6789), ("gdp", "yoy_pct", "2022", 4.5), ("primary_va", "level", "2022", 12.3456),
        ("primary_va", "yoy_pct", "2022", 3.1), ("secondary_va", "level", "2022", 150.0),
        ("secondary_va", "yoy_pct", "2022", 5.2), ("tertiary_va", "level", "2022", 183.3333),
        ("tertiary_va", "yoy_pct", "2022", 4.0)}


def test_markdown_tables_with_a_rule_under_the_header() -> None:
    """| 指标 | 9月 | 1-9月 | 增长(%) | over |---|:---:|: the rule under the header holds no cell; the month column and
    the running months read as in a plain table."""
    text = ("前三季度主要经济指标\n| 指标 | 9月 | 1-9月 | 增长(%) |\n|---|:---:|---:|---|\n"
            "| 规模以上工业总产值(万元) | 88120 | 790400 | 7.7 |\n| 一般公共预算收入(万元) | - | 215600 | -3.4 |\n")
    assert _table_facts(text, date(2023, 10, 20)) == {
        ("industrial_output", "level", "2023-09", 8.812), ("industrial_output", "level", "2023-01/2023-09", 79.04),
        ("industrial_output", "yoy_pct", "2023-01/2023-09", 7.7), ("budget_revenue", "level", "2023-01/2023-09", 21.56),
        ("budget_revenue", "yoy_pct", "2023-01/2023-09", -3.4)}


def test_a_table_flattened_into_the_prose_it_restates() -> None:
    """A table on the prose's line (表1 … 单位:亿元 指标名称 | 增加值 | 同比增长% | 地区生产总值 | 88.12 | 4.1 | …): rows
    by the header's width, the unit from the caption, the period the release's (not 2021 of the sentence before);
    the numbers the prose already stated come out once."""
    text = ("2022年,全县实现地区生产总值88.12亿元,增长4.1%。其中第一产业增加值10.5亿元,增长3.0%。三次产业结构由2021年的"
            "12:30:58调整为11.9:30.1:58.0。 表1 地区生产总值 单位:亿元 指标名称 | 增加值 | 同比增长% | 地区生产总值 | "
            "88.12 | 4.1 | 其中:第一产业 | 10.50 | 3.0 | 第二产业 | 26.52 | 5.0 | 其中:工业 | 20.1 | 5.3 | 建筑业 | 6.4 | 4.2 | "
            "第三产业 | 51.10 | 3.9 | 其中:金融业 | 5")
    facts = extract_text(text, doc_date=date(2023, 4, 1), kind="stats")
    got = [(f.indicator, f.measure, f.period, f.value) for f in facts if f.measure != "share_pct"]
    assert sorted(got) == sorted([
        ("gdp", "level", "2022", 88.12), ("gdp", "yoy_pct", "2022", 4.1), ("primary_va", "level", "2022", 10.5),
        ("primary_va", "yoy_pct", "2022", 3.0), ("secondary_va", "level", "2022", 26.52),
        ("secondary_va", "yoy_pct", "2022", 5.0), ("tertiary_va", "level", "2022", 51.1),
        ("tertiary_va", "yoy_pct", "2022", 3.9)])
    assert "|" not in next(f.quote for f in facts if f.indicator == "gdp" and f.measure == "level")  # the prose's


def test_tables_with_a_unit_line_and_a_share_column() -> None:
    """单位:万元 under the caption; 同比±%, 增速(%) and 比重(%) columns; a sector's share of GDP, never GDP's 100."""
    text = "表2 1-6月主要指标\n单位:万元\n指标 | 本期 | 同比±%\n一般公共预算收入 | 123456 | 5.5\n税收收入 | 98765 | -2.1\n"
    assert _table_facts(text, date(2023, 7, 20)) == {
        ("budget_revenue", "level", "2023-01/2023-06", 12.3456), ("budget_revenue", "yoy_pct", "2023-01/2023-06", 5.5),
        ("tax_revenue", "level", "2023-01/2023-06", 9.8765), ("tax_revenue", "yoy_pct", "2023-01/2023-06", -2.1)}
    text = ("2022年地区生产总值构成\n指标 | 总量(亿元) | 增速(%) | 比重(%)\n地区生产总值 | 500.0 | 5.0 | 100.0\n"
            "第一产业 | 50.0 | 3.0 | 10.0\n")
    assert _table_facts(text, date(2023, 3, 1)) == {
        ("gdp", "level", "2022", 500.0), ("gdp", "yoy_pct", "2022", 5.0), ("primary_va", "level", "2022", 50.0),
        ("primary_va", "yoy_pct", "2022", 3.0), ("primary_va", "share_pct", "2022", 10.0)}


@pytest.mark.parametrize("text, expected", [
    # money without a unit anywhere: 万元 or 亿元 cannot be told (the growth rate can)
    ("1-6月主要指标\n指标 | 本期 | 同比增长(%)\n一般公共预算收入 | 123456 | 5.5\n",
     {("budget_revenue", "yoy_pct", "2023-01/2023-06", 5.5)}),
    # sectors under investment are investment in them, not their value added
    ("1-6月固定资产投资\n指标 | 本期(亿元) | 增长(%)\n固定资产投资 | 120.0 | 8.0\n第一产业 | 5.0 | 3.0\n",
     {("fixed_asset_investment", "level", "2023-01/2023-06", 120.0),
      ("fixed_asset_investment", "yoy_pct", "2023-01/2023-06", 8.0)}),
    # a column of unknown meaning: the table is not read
    ("2022年主要指标\n指标 | 年末数(人) | 比重(%)\n地区生产总值 | 500 | 100\n", set()),
    ("1-6月主要指标\n指标 | 本期(亿元) | 备注 | 增长(%)\n地区生产总值 | 90 | 1 | 5.9\n", set()),
    # headings over two rows of groups (9月: 绝对值, 增长%; 1-9月: …) are not told apart
    ("2023年1-9月主要指标\n指标 | 9月 | | 1-9月 |\n| | 绝对值 | 增长% | 绝对值 | 增长% |\n地区生产总值(亿元) | 10 | 5 | 90 | 6 |\n",
     set()),
    # last year's column is not this year's; a price index (101.0) is no growth rate
    ("2023年1-9月主要指标\n指标 | 本期(亿元) | 上年同期(亿元) | 增长(%)\n地区生产总值 | 90.0 | 85.0 | 5.9\n",
     {("gdp", "level", "2023-01/2023-09", 90.0), ("gdp", "yoy_pct", "2023-01/2023-09", 5.9)}),
    ("表2 2022年居民消费价格指数\n指标 | 比上年涨跌(%) |\n居民消费价格总指数 | 101.0 |\n", set()),
])
def test_tables_read_only_as_far_as_their_columns_are_told(text: str, expected: set) -> None:
    assert _table_facts(text, date(2023, 10, 20)) == expected


def _quoted(text: str, doc_date: date) -> set[tuple[str, str, str, float]]:
    """The facts of a table text, each quote the exact span its offsets give."""
    facts = extract_text(text, doc_date=doc_date, kind="stats")
    for f in facts:
        assert text[f.start:f.end] == f.quote, f
    return {(f.indicator, f.measure, f.period, round(f.value, 6)) for f in facts}


@pytest.mark.parametrize("gap", ["\t", "  ", "    ", "\u3000\u3000"])
def test_tables_with_cells_apart_by_a_tab_or_a_run_of_spaces(gap: str) -> None:
    """指标名称 单位 本期 增长(%) with a tab or a run of spaces between the cells (a table copied from a page); a word
    padded with narrower gaps (工  业) is one cell; a row naming no indicator of the catalogue (限上零售额, 粮食产量) gives
    nothing and the table goes on."""
    rows = [("指标名称", "单位", "本期", "增长(%)"), ("地区生产总值", "亿元", "356.1", "4.8"),
            ("  其中:第一产业", "亿元", "30.5", "2.9"), ("工  业" if gap == "    " else "工 业", "亿元", "120.3", "5.1"),
            ("限上零售额", "亿元", "88.2", "-3.2"), ("粮食产量", "万吨", "12.5", "1.2"), ("税收收入", "万元", "125000", "-3.2")]
    text = "城西区主要经济指标\n统计时段:2024年1-6月\n" + "\n".join(gap.join(r) for r in rows) + "\n"
    p = "2024-01/2024-06"
    assert _quoted(text, date(2024, 7, 20)) == {
        ("gdp", "level", p, 356.1), ("gdp", "yoy_pct", p, 4.8), ("primary_va", "level", p, 30.5),
        ("primary_va", "yoy_pct", p, 2.9), ("tax_revenue", "level", p, 12.5), ("tax_revenue", "yoy_pct", p, -3.2)}


def test_tables_of_a_label_and_its_numbers_one_space_apart() -> None:
    """地区生产总值(亿元) 356.1 4.8: a label, then its numbers or empty cells one space apart, under a label heading and
    its headings; a unit may stand in a cell of its own (地区生产总值 亿元 356.1 4.8). The space before a number that
    ends its line or stands before another is a cell's edge, not the typesetting read as nothing in prose."""
    assert normalise("地区生产总值 356.1 4.8") == "地区生产总值 356.1 4.8"
    assert normalise("地区生产总值\t356.1") == "地区生产总值\t356.1"
    p = "2024-01/2024-03"
    text = ("一季度主要经济指标\n指标 绝对值 增长(%)\n地区生产总值(亿元) 356.1 4.8\n粮食产量(万吨) 12.5 -3.2\n"
            "规模以上工业增加值(亿元) / 6.6\n城镇居民人均可支配收入(元) 12035 5.0\n")
    assert _quoted(text, date(2024, 4, 25)) == {
        ("gdp", "level", p, 356.1), ("gdp", "yoy_pct", p, 4.8), ("industrial_va", "yoy_pct", p, 6.6),
        ("disposable_income.urban", "level", p, 12035), ("disposable_income.urban", "yoy_pct", p, 5.0)}
    text = "一季度主要经济指标\n指标 单位 本期 增长(%)\n地区生产总值 亿元 356.1 4.8\n税收收入 万元 98000 -3.2\n"
    assert _quoted(text, date(2024, 4, 25)) == {
        ("gdp", "level", p, 356.1), ("gdp", "yoy_pct", p, 4.8), ("tax_revenue", "level", p, 9.8),
        ("tax_revenue", "yoy_pct", p, -3.2)}


@pytest.mark.parametrize("head, period", [
    ("2024年1-6月", "2024-01/2024-06"), ("上半年", "2024-01/2024-06"), ("2023年度", "2023"), ("2024年5月", "2024-05"),
    ("一季度完成", "2024-01/2024-03")])
def test_tables_whose_header_names_the_period(head: str, period: str) -> None:
    """指标 | 单位 | 2024年1-6月 | 同比±%: a heading that is a period (alone or before a value word) is a value column of
    that period, with no period line above the table; its growth column is of the same period."""
    for table in (f"指标 | 单位 | {head} | 同比±%\n地区生产总值 | 亿元 | 356.1 | 4.8\n",
                  f"指标 {head} 增长(%)\n地区生产总值(亿元) 356.1 4.8\n"):
        text = "城西区主要经济指标\n" + table
        assert _quoted(text, date(2024, 7, 20)) == {("gdp", "level", period, 356.1), ("gdp", "yoy_pct", period, 4.8)}


def test_tables_of_two_years_side_by_side() -> None:
    """指标 | 2023年 | 2022年 | 增长(%): each year's value is its own; the growth rate is the latest year's."""
    for heads in ("2023年 | 2022年", "2022年 | 2023年"):
        a, b = ("356.1", "340.2") if heads.startswith("2023") else ("340.2", "356.1")
        text = f"主要指标\n指标 | {heads} | 增长(%)\n地区生产总值(亿元) | {a} | {b} | 4.7\n"
        assert _quoted(text, date(2024, 3, 1)) == {("gdp", "level", "2023", 356.1), ("gdp", "level", "2022", 340.2),
                                                   ("gdp", "yoy_pct", "2023", 4.7)}


def test_table_rates_written_with_their_sign_and_a_price_index_row() -> None:
    """A rate column named 比上年同期增长 without (%), its cells written 5.1%; a price index's row in per cent (居民消费价格
    指数 | % | | 2.1) gives its rise; a share row's growth (本地生产总值(%)) stays a change in points, not read."""
    p = "2024-01/2024-06"
    text = ("1-6月主要经济指标\n指标 | 单位 | 本期 | 比上年同期增长\n地区生产总值 | 亿元 | 356.1 | 4.8%\n"
            "一般公共预算收入 | 亿元 | 20.3 | -3.2%\n居民消费价格指数 | % | | 2.1\n")
    assert _quoted(text, date(2024, 7, 20)) == {
        ("gdp", "level", p, 356.1), ("gdp", "yoy_pct", p, 4.8), ("budget_revenue", "level", p, 20.3),
        ("budget_revenue", "yoy_pct", p, -3.2), ("cpi", "yoy_pct", p, 2.1)}


def test_prose_with_runs_of_spaces_is_read_as_prose() -> None:
    """Spaces in prose are no table: a run of spaces between a subject and its figure, a line opening with 项目 and a
    year, a telephone number after a label; what the prose states comes out once, from the prose."""
    text = ("上半年，全区地区生产总值  356.1亿元，同比增长  4.8%。\n项目 2024年 开工建设\n地区生产总值\n356.1\n"
            "联系电话 0371 6688123\n")
    facts = extract_text(text, doc_date=date(2024, 7, 20), kind="stats")
    assert sorted((f.indicator, f.measure, f.value, f.quote) for f in facts) == [
        ("gdp", "level", 356.1, "地区生产总值  356.1亿元"), ("gdp", "yoy_pct", 4.8, "同比增长  4.8%")]


def test_rule_patterns_keep_their_separators() -> None:
    """The rules are put in matching form character by character: the `,` of `[^,:;。]` is no doubled separator."""
    assert any(",:" in p for p in load_rules().vocab.filler_patterns)
    # the filler 按…计算 does not reach over a comma into the next clause
    facts = extract_text("上半年，全区生产总值按可比价格计算，增长6.2%。", doc_date=date(2020, 7, 20), kind="stats")
    assert [(f.indicator, f.value) for f in facts] == [("gdp", 6.2)]


def test_a_table_one_cell_per_line_with_last_years_column_and_rows_of_their_own_months() -> None:
    """A monthly bulletin's table as a page's text gives it (each cell on a line of its own, blank lines between):
    去年同期累计 holds last year's values for the same span, the growth after it is this year's; a row naming its own
    months (地区生产总值(1-6月)) is of those months, and so are the sectors under it; a note in brackets (自然口径, CPI)
    is no unit."""
    rows = [("指标名称", "单位", "1-9月累计", "去年同期累计", "累计同比±%"), ("地区生产总值(1-6月)", "亿  元", "410.25", "388.70", "5.2"),
            ("  第三产业", "亿  元", "212.40", "196.15", "7.1"), ("固定资产投资", "亿  元", "260.33", "240.12", "8.4"),
            ("一般公共预算收入(自然口径)", "亿  元", "33.51", "31.02", "8.0"), ("居民消费价格指数(CPI)", "%", "101.8", "100.0", "1.8")]
    text = "某市统计月报 2019第9期\n\n全市主要经济指标\n\n" + "\n\n".join(c for r in rows for c in r) + "\n"
    got = {(f.indicator, f.measure, f.period, f.value) for f in extract_text(text, doc_date=date(2019, 10, 20), kind="stats")}
    assert got == {("gdp", "level", "2019-01/2019-06", 410.25), ("gdp", "level", "2018-01/2018-06", 388.70),
                   ("gdp", "yoy_pct", "2019-01/2019-06", 5.2),
                   ("tertiary_va", "level", "2019-01/2019-06", 212.40), ("tertiary_va", "level", "2018-01/2018-06", 196.15),
                   ("tertiary_va", "yoy_pct", "2019-01/2019-06", 7.1),
                   ("fixed_asset_investment", "level", "2019-01/2019-09", 260.33),
                   ("fixed_asset_investment", "level", "2018-01/2018-09", 240.12),
                   ("fixed_asset_investment", "yoy_pct", "2019-01/2019-09", 8.4),
                   ("budget_revenue", "level", "2019-01/2019-09", 33.51), ("budget_revenue", "level", "2018-01/2018-09", 31.02),
                   ("budget_revenue", "yoy_pct", "2019-01/2019-09", 8.0), ("cpi", "yoy_pct", "2019-01/2019-09", 1.8)}, sorted(got)
