"""Layout: text whose lines were broken where a page's width ran out (PDF copies, fixed-width mirrors, e-paper pages)
reads as the paragraphs it was, while real paragraph ends, titles, headings, label lines and table rows keep their
lines. Documents of our own wording."""

from __future__ import annotations

from datetime import date

import pytest

from statwatch.extract import extract_text
from statwatch.extract.normalize import Normalised, wrapped_breaks

RELEASE = ("青山区2023年前三季度经济运行简况\n"
           "前三季度，全区实现地区生产总值412.8亿元，按不变价格计算，同比增长5.6%，高于全市0.3个百分点。其中，第一产业增加值"
           "12.4亿元，增长3.1%；第二产业增加值158.2亿元，增长6.4%；第三产业增加值242.2亿元，增长5.2%。\n"
           "一、工业生产\n"
           "前三季度，全区规模以上工业增加值同比增长7.3%，居全市第2位。\n"
           "二、固定资产投资\n"
           "前三季度，全区固定资产投资同比增长9.8%，其中工业投资增长14.2%。\n"
           "三、消费市场\n"
           "前三季度，全区实现社会消费品零售总额156.7亿元，同比增长6.1%。\n"
           "四、财政收支\n"
           "前三季度，全区一般公共预算收入23.5亿元，同比增长4.4%，其中税收收入17.9亿元，增长3.8%。\n")
RELEASE_DAY = date(2023, 10, 25)


def wrap(text: str, width: int, end: str = "\n") -> str:
    """Every line cut every `width` characters."""
    return end.join(line[i:i + width] for line in text.split("\n") for i in range(0, max(len(line), 1), width))


def keyed(facts: list) -> list[tuple]:
    return sorted((f.indicator, f.measure, f.period, f.value, f.region, f.comparator, f.qualifier) for f in facts)


def found(text: str, kind: str, day: date) -> list:
    facts = extract_text(text, doc_date=day, kind=kind)
    for f in facts:
        assert text[f.start:f.end] == f.quote, f
        assert "\n" not in f.region, f
    return facts


@pytest.mark.parametrize("end", ["\n", "\r\n"])
@pytest.mark.parametrize("width", [12, 16, 20, 24, 32, 40])
def test_a_release_cut_at_its_width_gives_the_facts_of_its_paragraphs(width: int, end: str) -> None:
    text = wrap(RELEASE, width, end)
    facts = found(text, "stats", RELEASE_DAY)
    assert keyed(facts) == keyed(found(RELEASE, "stats", RELEASE_DAY))
    # the quotes are the original text's, line breaks and all
    assert width > 24 or any(end in f.quote for f in facts)


def test_a_page_broken_anywhere_reads_as_its_sentences() -> None:
    # an amount cut from its unit, a verb cut in two, a name on one line and its figure on the next, a day cut from
    # its month
    text = ("东湖区一季度经济运行情况\n"
            "一季度，全区实现地区生产总值489.5亿\n"
            "元，同比增长5.1%，增速高于全市0.6个百分\n"
            "点。规模以上工业增加值\n"
            "同比增长6.2%；固定资产投资同比增\n"
            "长8.4%，其中工业投资增长15.3%。社会消费品零售总额\n"
            "162.3亿元，同比增长4.7%。\n")
    facts = found(text, "stats", date(2024, 4, 20))
    assert {(f.indicator, f.measure, f.value) for f in facts} == {
        ("gdp", "level", 489.5), ("gdp", "yoy_pct", 5.1), ("gdp", "pp_diff", 0.6), ("industrial_va", "yoy_pct", 6.2),
        ("fixed_asset_investment", "yoy_pct", 8.4), ("industrial_investment", "yoy_pct", 15.3),
        ("retail_sales", "level", 162.3), ("retail_sales", "yoy_pct", 4.7)}
    assert {f.quote for f in facts if f.measure == "level"} == {"地区生产总值489.5亿\n元", "社会消费品零售总额\n162.3亿元"}
    # a paragraph that opens with its number (（二）…。) is no heading: it goes on as well
    text = ("（一）经济总量稳步扩大。1-2月，全县规模以上工业增加值同比增\n"
            "长6.6%，社会消费品零售总额45.2亿元，\n"
            "同比增长5.9%。（二）投资降幅收窄。全县固定资产投资同比\n"
            "下降3.4%，降幅比上年全年收窄2.1个百分点。\n")
    facts = found(text, "stats", date(2024, 3, 20))
    assert {(f.indicator, f.measure, f.value) for f in facts} >= {
        ("industrial_va", "yoy_pct", 6.6), ("retail_sales", "level", 45.2), ("retail_sales", "yoy_pct", 5.9),
        ("fixed_asset_investment", "yoy_pct", -3.4)}
    text = ("中欧班列(长沙)开行再创新高\n"
            "本报长沙4月23日讯 截至4月\n"
            "22日，中欧班列(长沙)今年累计开行\n"
            "520列，同比增长31.6%，发送货物4.8万标\n"
            "箱。其中，4月份单月开\n"
            "行136列，创历史新高。\n")
    facts = found(text, "rail", date(2024, 4, 23))
    assert {(f.indicator, f.measure, f.period, f.value) for f in facts if f.indicator != "rail.record"} == {
        ("rail.trains", "level", "2024-01-01/2024-04-22", 520), ("rail.trains", "yoy_pct", "2024-01-01/2024-04-22", 31.6),
        ("rail.teu", "level", "2024-01-01/2024-04-22", 48000), ("rail.trains", "level", "2024-04", 136)}


def test_a_name_cut_by_the_wrap_comes_out_whole() -> None:
    text = ("截至11月20日，中欧班列(西\n"
            "安)今年累计开行4120列，同比增长12.3%，\n"
            "累计发送货物38.6万标箱。截至目前，中欧班\n"
            "列(西安)已通达欧洲26个国家。\n")
    facts = found(text, "rail", date(2023, 11, 21))
    assert {f.region for f in facts} == {"中欧班列(西安)"}
    assert keyed(facts) == keyed(found(text.replace("\n", "") + "\n", "rail", date(2023, 11, 21)))


def test_what_stands_on_its_own_line_stays_there() -> None:
    # a page that is not wrapped: a paragraph without its last full stop, a label line above its figure, a heading, a
    # title, the page's record of itself and a table keep their lines
    page = ("南湖区2024年一季度经济运行简况\n"
            "发布时间：2024-04-20 09:30 来源：区统计局\n"
            "一、地区生产总值\n"
            "一季度，全区地区生产总值完成203.4亿元，同比增长5.4%\n"
            "二、财政收支\n"
            "一般公共预算收入\n"
            "12.6亿元 同比增长3.2%\n"
            "表1 主要指标\n"
            "指标 | 绝对值 | 增长(%)\n"
            "固定资产投资 | 56.1 | 8.8\n")
    assert wrapped_breaks(page) == []
    assert wrapped_breaks(page.replace("\n", "\r\n")) == [(m, m + 1) for m, ch in enumerate(page.replace("\n", "\r\n"))
                                                          if ch == "\r"]
    # a wrapped page: its title, its headings (numbered or not) and its table rows still stand alone
    lines = ["南湖区2024年一季度经济运行简况", "一、工业生产", "工业生产稳中有升", "指标 | 绝对值 | 增长(%)", "工业增加值 | 88.2 | 6.6"]
    body = ("一季度，全区规模以上工业增加值同比增长6.6%，增速比上年同期提高1.2个百分点，高于全市平均水平0.8个百分点，"
            "其中高技术制造业增加值增长12.4%。")
    text = "\n".join([lines[0], lines[1], wrap(body, 18), lines[2], wrap(body, 18), lines[3], lines[4]])
    assert set(lines) <= set(Normalised(text).text.split("\n"))
    assert Normalised(text).text.count(Normalised(body).text) == 2


def test_windows_line_ends_read_as_line_ends() -> None:
    # the label line and the figure line under it (一般公共预算支出 / 949.49亿元) and a share on the next line still join
    text = ("东湖区一季度财政收支情况\n一季度，全区财政运行平稳。\n一般公共预算支出\n949.49亿元 同比增长12.9%\n税收收入增长6.4%\n"
            "占一般公共预算收入比重为80.5%\n")
    want = keyed(found(text, "stats", date(2024, 4, 20)))
    assert ("budget_expenditure", "level", "2024-01/2024-03", 949.49, "东湖区", "", "exact") in want
    assert ("tax_revenue", "share_pct", "2024-01/2024-03", 80.5, "东湖区", "", "exact") in want
    assert keyed(found(text.replace("\n", "\r\n"), "stats", date(2024, 4, 20))) == want
