"""Ways real documents phrase what the grammar already knows, one general rule per family, each written here in
several sentences of our own (other words, order, script, indicator, unit) — never text of the labelled documents.

Each case: the facts that must come out; what must not: a value (no fact with it) or (indicator, measure, period)."""

from __future__ import annotations

from datetime import date

import pytest

from statwatch.extract import extract_text
from statwatch.extract.normalize import normalise

Case = tuple[str, date, str, list[tuple], list]

# A count stated inside a comparison (较2022年的4310列, 与上年同期的960列相比) is the earlier period's count, and the growth
# that follows is the later period's, year on year only when the earlier period is the year before.
EARLIER_COUNTS: list[Case] = [
    ("rail", date(2024, 1, 10), "2023年，中欧班列(长沙)开行5120列，较2022年的4310列增长18.8%，比2021年的3650列增长40.3%。",
     [("rail.trains", "level", "2023", 5120), ("rail.trains", "level", "2022", 4310),
      ("rail.trains", "yoy_pct", "2023", 18.8), ("rail.trains", "level", "2021", 3650)],
     [("rail.trains", "yoy_pct", "2022"), 40.3]),
    ("rail", date(2023, 7, 10), "上半年，中欧班列(南昌)开行1130列，比上年同期的960列增长17.7%。",
     [("rail.trains", "level", "2023-01/2023-06", 1130), ("rail.trains", "level", "2022-01/2022-06", 960),
      ("rail.trains", "yoy_pct", "2023-01/2023-06", 17.7)], []),
    ("rail", date(2020, 1, 6), "2019年，合肥中欧班列共发运508列。与2018年全年发运的310列相比，提高63.9%。",
     [("rail.trains", "level", "2019", 508), ("rail.trains", "level", "2018", 310), ("rail.trains", "yoy_pct", "2019", 63.9)],
     [("rail.trains", "yoy_pct", "2018")]),
    ("rail", date(2024, 6, 3), "相較於去年同期的77列，今年1-5月開行109列，增長41.6%。",
     [("rail.trains", "level", "2023-01/2023-05", 77), ("rail.trains", "level", "2024-01/2024-05", 109),
      ("rail.trains", "yoy_pct", "2024-01/2024-05", 41.6)], []),
    ("stats", date(2024, 1, 30), "2023年东湖区生产总值达到318亿元，与上年的297亿元相比，增长7.1%。",
     [("gdp", "level", "2023", 318), ("gdp", "level", "2022", 297), ("gdp", "yoy_pct", "2023", 7.1)], []),
    # 比…多开行52列 is a change, the growth after it the later year's
    ("rail", date(2019, 1, 3), "2018年中欧班列(南昌)开行241列，比2017年全年多开行52列，增长27.5%。",
     [("rail.trains", "level", "2018", 241), ("rail.trains", "yoy_pct", "2018", 27.5)], [52]),
    # with no later period stated, the growth against an earlier count is no year-on-year rate
    ("rail", date(2019, 1, 3), "与2016年全年开出的262列相比，多出14.5%。", [("rail.trains", "level", "2016", 262)], [14.5]),
]

# 去年/上年/前年 by itself is a year before the publication (or the dateline), never before a year written earlier, and
# dates what follows in its sentence without a year of its own (去年，…全年开行96列); not in a comparison (比去年,
# 去年同期, 与去年相比).
LAST_YEAR: list[Case] = [
    ("rail", date(2016, 3, 24), "2011年起，保税区着手培育国际货运班列。去年，三条线路全年开行96列，同比增长175%。",
     [("rail.trains", "level", "2015", 96), ("rail.trains", "yoy_pct", "2015", 175)], [("rail.trains", "level", "2011")]),
    ("rail", date(2021, 5, 10), "2018年起步以來，班列發展迅速。去年共開行85列，貨值3.2億美元。",
     [("rail.trains", "level", "2020", 85), ("rail.cargo_value", "level", "2020", 3.2)], []),
    ("stats", date(2024, 2, 20), "2019年以来，青山区经济稳步增长。上年，青山区生产总值为276亿元，比上年增长5.3%。",
     [("gdp", "level", "2023", 276), ("gdp", "yoy_pct", "2023", 5.3)], []),
    # 去年 dates its own sentence only (a written year goes on; a relative one does not)
    ("stats", date(2024, 6, 20), "去年，临河县生产总值498亿元。1-5月，临河县规上工业增加值增长6%。",
     [("gdp", "level", "2023", 498), ("industrial_va", "yoy_pct", "2024-01/2024-05", 6)], []),
    ("rail", date(2016, 6, 3), "今年1-5月开行118列，去年同期为93列，比去年增长26.9%。前年开行58列。",
     [("rail.trains", "level", "2016-01/2016-05", 118), ("rail.trains", "level", "2015-01/2015-05", 93),
      ("rail.trains", "yoy_pct", "2016-01/2016-05", 26.9), ("rail.trains", "level", "2014", 58)], []),
]

# A rail story whose lead opens with the day a train left or arrived counts its running totals and coverage to that day
# (FACTS_SPEC: the day of the dispatch it reports), as a dateline does; the publication day only when no day is given.
DISPATCH_DAY: list[Case] = [
    ("rail", date(2024, 8, 28), "8月26日下午，一列装满家电的中欧班列从赣州南站开出。至此，中欧班列(赣州)累计开行突破900列，通达14个国家。",
     [("rail.trains_cumulative", "level", "2024-08-26", 900), ("rail.countries_served", "level", "2024-08-26", 14)], []),
    ("rail", date(2019, 1, 3), "2018年12月29日夜，X9127次班列抵达南昌向塘站，它是本年度最后一列到站的中欧班列(南昌)。中欧班列(南昌)"
     "开行以来共往返开行690列。", [("rail.trains_cumulative", "level", "2018-12-29", 690)], []),
    ("rail", date(2022, 5, 12), "5月10日，一列中歐班列從合肥北站鳴笛啟程。截至目前，中歐班列(合肥)已累計開行2.3萬列。",
     [("rail.trains_cumulative", "level", "2022-05-10", 23000)], []),
    ("rail", date(2022, 5, 12), "一列中欧班列从合肥北站鸣笛启程。截至目前，中欧班列(合肥)已累计开行2.3万列。",
     [("rail.trains_cumulative", "level", "2022-05-12", 23000)], []),
    # a year over by publication is the whole year, though the story's day lies in it; a year not over is the year so far
    ("rail", date(2019, 1, 3), "2018年12月29日夜，X9127次班列抵达南昌向塘站。据统计，2018年中欧班列(南昌)共发运241列，计19860标箱。",
     [("rail.trains", "level", "2018", 241), ("rail.teu", "level", "2018", 19860)], []),
    ("rail", date(2024, 1, 2), "2023年12月28日，X9351次班列驶出，2023年中欧班列(青岛)开行830列。",
     [("rail.trains", "level", "2023", 830)], []),
    ("rail", date(2021, 1, 27), "1月25日，一列中欧班列从乌鲁木齐驶出，标志着2021年中欧班列(乌鲁木齐)发送车数突破600车。",
     [("rail.wagons", "level", "2021-01-01/2021-01-25", 600)], []),
    # the service's first train, years ago, is its history, not the story's day
    ("rail", date(2024, 8, 28), "2019年5月6日，首列中欧班列从赣州发出。截至目前，中欧班列(赣州)累计开行910列。",
     [("rail.trains_cumulative", "level", "2024-08-28", 910)], []),
]

# Spans of days written by their length or part of a month: 4月前15天 (the 1st to the 15th), 今年前50天 (from 1 January),
# 3月上旬/下旬; and 截至 + a month in a bulletin is a day, the month's last (or the publication day when the month is not
# over), so 截至2025年10月…累计 is a running total, not October's count.
DAY_SPANS: list[Case] = [
    ("rail", date(2021, 4, 16), "1月份开出9列，3月份开出17列，到4月前15天已开出14列。",
     [("rail.trains", "level", "2021-03", 17), ("rail.trains", "level", "2021-04-01/2021-04-15", 14)], []),
    ("rail", date(2020, 3, 13), "今年前50天，中欧班列(西安)开行420列。三月前十天，班列開行30列。",
     [("rail.trains", "level", "2020-01-01/2020-02-19", 420), ("rail.trains", "level", "2020-03-01/2020-03-10", 30)], []),
    ("rail", date(2020, 4, 2), "3月上旬，中欧班列(成都)开行96列；3月下旬開行110列。今年前两个月，中欧班列(长沙)开行62列。",
     [("rail.trains", "level", "2020-03-01/2020-03-10", 96), ("rail.trains", "level", "2020-03-21/2020-03-31", 110),
      ("rail.trains", "level", "2020-01/2020-02", 62)], []),
    ("rail", date(2025, 10, 20), "自2015年4月首趟班列开出以来，截至2025年10月，经满洲里口岸出入境的中欧班列累计已突破2.6万列。",
     [("rail.trains_cumulative", "level", "2025-10-20", 26000)], [("rail.trains", "level", "2025-01/2025-10")]),
    ("rail", date(2023, 8, 1), "截止2023年6月，中歐班列(重慶)累計開行超1.5萬列。",
     [("rail.trains_cumulative", "level", "2023-06-30", 15000)], []),
    ("rail", date(2024, 11, 5), "截至10月，今年中欧班列(济南)开行1500列，同比增长20%。",
     [("rail.trains", "level", "2024-01-01/2024-10-31", 1500), ("rail.trains", "yoy_pct", "2024-01-01/2024-10-31", 20)], []),
]

def test_the_years_count_named_in_a_month_is_a_milestone_then() -> None:
    """年度开行量突破1000列 in March: the year's count crossed the mark in March, which is not March's count."""
    for text in ("3月，中欧班列(长沙)年度开行量突破1000列，3月当月开行180列。", "此前在3月，其年度通行量已突破1000列。",
                 "3月份，班列年度開行量突破1000列。"):
        facts = check("rail", date(2026, 4, 17), text, [("rail.milestone", "level", "2026-03", 1000)],
                      [("rail.trains", "level", "2026-03")] if "当月" not in text else [])
        assert not [f for f in facts if f.indicator == "rail.trains" and f.value == 1000]


def test_marks_written_bare_or_reached_as_a_train_leaves_are_milestones() -> None:
    """突破万列大关, 破千列 after the count just stated; 标志着…已达5000列 (a round mark a train marks reaching)."""
    facts = check("rail", date(2022, 6, 3), "截至6月1日，经阿拉山口口岸进出境的中欧班列累计开行10320列，累计开行数量突破万列大关。",
                  [("rail.trains_cumulative", "level", "2022-06-01", 10320), ("rail.milestone", "level", "2022-06-01", 10000)],
                  [("rail.trains_cumulative", "level", "2022-06-01", 10000)])
    assert [f.quote for f in facts if f.indicator == "rail.milestone"] == ["突破万列"]
    check("rail", date(2022, 6, 3), "今年以來，中歐班列(長沙)開行1012列，較去年提前20天破千列。",
          [("rail.trains", "level", "2022-01-01/2022-06-03", 1012), ("rail.milestone", "level", "2022-06-03", 1000)], [])
    check("rail", date(2023, 9, 12), "9月10日，一列中欧班列从长沙北站驶出，标志着今年中欧班列(长沙)累计开行达到5000列。",
          [("rail.trains", "level", "2023-01-01/2023-09-10", 5000), ("rail.milestone", "level", "2023-09-10", 5000)], [])
    # a count that is no round mark, or not marked by a train leaving, is no milestone
    for text in ("9月10日，一列中欧班列从长沙北站驶出，标志着今年中欧班列(长沙)累计开行达到5037列。",
                 "9月10日，今年中欧班列(长沙)累计开行达到5000列。"):
        assert not [f for f in extract_text(text, doc_date=date(2023, 9, 12), kind="rail") if f.indicator == "rail.milestone"]


# Cargo in the catalogue's units whatever the written one: 标准集装箱 are 标箱, 亿元人民币 is 亿元 (the currency written
# after the unit), a weight in 吨 (货量6120吨, 9815吨货物) is turned into 万吨; a count before the goods it measures
# (1500车货物) is still the count.
CARGO_UNITS: list[Case] = [
    ("rail", date(2015, 2, 3), "2014年，海关共监管出境班列41列、3390个标准集装箱，货量6120吨。",
     [("rail.trains", "level", "2014", 41), ("rail.teu", "level", "2014", 3390), ("rail.cargo_weight", "level", "2014", 0.612)],
     []),
    ("rail", date(2023, 6, 5), "今年1-5月，中歐班列(長沙)發送1.2萬個標準集裝箱，貨值達18.6億元人民幣，裝運1500車貨物。",
     [("rail.teu", "level", "2023-01/2023-05", 12000), ("rail.cargo_value", "level", "2023-01/2023-05", 18.6),
      ("rail.wagons", "level", "2023-01/2023-05", 1500)], []),
    ("rail", date(2017, 5, 3), "截至4月30日，两条线路今年已发运19列830车计9815吨货物，货物价值5600万元人民币。",
     [("rail.trains", "level", "2017-01-01/2017-04-30", 19), ("rail.wagons", "level", "2017-01-01/2017-04-30", 830),
      ("rail.cargo_weight", "level", "2017-01-01/2017-04-30", 0.9815), ("rail.cargo_value", "level", "2017-01-01/2017-04-30", 0.56)],
     []),
    ("rail", date(2016, 5, 3), "截至目前，这条线路已为欧洲客户运去价值逾9.3亿元人民币的电子产品。",
     [("rail.cargo_value", "level", "2016-05-03", 9.3)], []),
]

# The countries or cities a service's routes reach, pass through or extend to (通达, 途经, 穿越, 延伸至, 直达) are its
# coverage; the countries one train heads for are not.
COVERAGE: list[Case] = [
    ("rail", date(2020, 3, 12), "南昌中欧班列开通3年多，途經9個國家、25个城市。",
     [("rail.countries_served", "level", "2020-03-12", 9), ("rail.cities_served", "level", "2020-03-12", 25)], []),
    ("rail", date(2020, 3, 12), "目前，班列线路穿越8个国家，直达欧洲20余个城市。",
     [("rail.countries_served", "level", "2020-03-12", 8), ("rail.cities_served", "level", "2020-03-12", 20)], []),
    ("rail", date(2020, 3, 12), "中欧班列(义乌)线路延伸至52个国家。", [("rail.countries_served", "level", "2020-03-12", 52)], []),
    ("rail", date(2020, 3, 12), "这列班列将驶向波兰、德国、荷兰等5个国家。", [], [5]),
]


def test_services_named_with_their_place_in_brackets_own_their_numbers() -> None:
    facts = check("rail", date(2017, 9, 6), "截至9月5日，中欧中亚(南昌)班列累计开行212列。其中，中欧(赣欧)班列共开行130列，"
                  "中亚班列(南昌至塔什干)开行82列。", [("rail.trains_cumulative", "level", "2017-09-05", 212)], [])
    assert {f.value: f.region for f in facts} == {212: "中欧中亚(南昌)班列", 130: "中欧(赣欧)班列", 82: "中亚班列(南昌至塔什干)"}
    # another corridor opening the count's clause owns it too, the operator's own trains keep the operator
    facts = check("rail", date(2024, 1, 3), "2023年中欧班列(长沙)开行1200列。中亚班列开行300列，增长10%。长沙中欧班列回程开行500列。",
                  [], [])
    assert {f.value: f.region for f in facts} == {1200: "中欧班列(长沙)", 300: "中亚班列", 10: "中亚班列",
                                                  500: "长沙中欧班列 回程"}


# Cargo said of one train or one batch (这趟中欧班列…货值, 该批货物共计84标箱, X9527次列车…) is its load, not a statistic of
# the service, unless a period or a running total is spoken of between the train and the number.
ONE_TRAIN: list[Case] = [
    ("rail", date(2024, 9, 3), "9月2日，X9527次中欧班列从赣州驶出，该批货物共计84标箱，货值185万美元。今年以来，中欧班列(赣州)"
     "货值达3.5亿美元。", [("rail.cargo_value", "level", "2024-01-01/2024-09-02", 3.5)], [84, 0.0185]),
    ("rail", date(2022, 3, 8), "這趟中歐班列裝載著電子元件、五金工具等貨物，價值約290萬美元，計劃18天後抵達華沙。",
     [], [0.029]),
    ("rail", date(2023, 3, 2), "此列班列共装载50个标箱的光伏组件，货物总重1200吨。",
     [], [50, 0.12]),
    ("rail", date(2022, 3, 16), "3月15日，一列中欧班列从合肥北站驶出，标志着2022年中欧班列(合肥)发送货物突破4万标箱。",
     [("rail.teu", "level", "2022-01-01/2022-03-15", 40000)], []),
    # the ordinal of a train names that one train (今年第5000列中欧班列装有96标箱货物)
    ("rail", date(2023, 9, 12), "9月10日，中欧班列(长沙)今年累计开行达到5000列。今年第5000列中欧班列装有96标准箱货物，货值约380万美元。",
     [("rail.trains", "level", "2023-01-01/2023-09-10", 5000)], [96, 0.038]),
    ("rail", date(2023, 9, 12), "第二千列中歐班列載有80個標箱，今年以來中歐班列(長沙)發送標箱4.6萬標箱。",
     [("rail.teu", "level", "2023-01-01/2023-09-12", 46000)], [80]),
]

# Not the service's statistics: 去N回M in a clause about a balance or a ratio (the weekly schedule is 每周“去四回二”); the
# throughput of a base, a yard or a port (进出库量, 进出场量, 装卸量, 作业量, 过货量, the port's 铁路货运量) and road freight
# (公路); what a forecast or a plan (有望, 预计, 计划) governs, up to a clause that says what has happened (已, 实际, 累计, a
# period of its own).
NOT_THE_SERVICE: list[Case] = [
    ("rail", date(2020, 3, 12), "中欧班列(南昌)已发展到每周“去四回二”。",
     [("rail.weekly_outbound", "level", "2020-03-12", 4), ("rail.weekly_inbound", "level", "2020-03-12", 2)], []),
    ("rail", date(2024, 12, 9), "园区在中亚线路加密班次上下功夫，力求实现“去3回2”的均衡格局。目前每周开行的班列中去程与回程之比约为去4回1。",
     [], [3, 2, 4, 1]),
    ("rail", date(2024, 12, 9), "截至10月底，物流园区累计完成货物进出库量1860万吨，中欧班列到发4120列，集装箱进出场量88.6万标箱。",
     [("rail.trains_cumulative", "level", "2024-10-31", 4120)], [1860, 886000]),
    ("rail", date(2024, 12, 9), "今年以来，园区完成装卸量1200万吨，开行中欧班列800列。今年1-10月，場站集裝箱作業量達45萬標箱，中歐班列發送"
     "貨物12萬標箱。", [("rail.trains", "level", "2024-01-01/2024-12-09", 800), ("rail.teu", "level", "2024-01/2024-10", 120000)],
     [1200, 450000]),
    ("rail", date(2023, 9, 4), "截至8月31日，今年经二连浩特口岸出入境的中欧班列达2260列，同比增长9.2%；口岸铁路货运量达1030万吨，同比增长"
     "6.4%，公路货物运输量56.2万吨，同比增长61.5%。今年1-6月，中欧班列(成都)发送货物120万吨，口岸过货量达900万吨。",
     [("rail.trains", "level", "2023-01-01/2023-08-31", 2260), ("rail.cargo_weight", "level", "2023-01/2023-06", 120)],
     [1030, 6.4, 56.2, 61.5, 900]),
    ("rail", date(2020, 4, 8), "4月份，南昌站开行中欧班列有望实现每天两列、合计2400车，比去年同期多42%，发送货物约9.6万吨。",
     [], [2400, 42, 9.6]),
    ("rail", date(2020, 4, 2), "预计全年开行300列，1-3月已开行120列，同比增长20%。今年1-3月計劃開行10列回程班列，實際開行12列。",
     [("rail.trains", "level", "2020-01/2020-03", 120), ("rail.trains", "yoy_pct", "2020-01/2020-03", 20),
      ("rail.trains", "level", "2020-01/2020-03", 12)], [300, 10]),
]

# Rates listed after 分别 go with as many levels stated before them, in order; with another number of levels the pairing is
# a guess, and none is read.
PAIRED_RATES: list[Case] = [
    ("rail", date(2024, 1, 10), "2023年，中欧班列(西安)开行5300列，发送货物57.6万标箱，货值达到260亿元，同比分别增长15%、20%、18%。",
     [("rail.trains", "yoy_pct", "2023", 15), ("rail.teu", "yoy_pct", "2023", 20), ("rail.cargo_value", "yoy_pct", "2023", 18)],
     []),
    ("rail", date(2016, 4, 12), "今年一季度，出境班列共开行14列，运送1130标箱，货值8210万美元，货量7360吨，分别增长17%、32%、11%。",
     [("rail.trains", "level", "2016-01/2016-03", 14), ("rail.cargo_weight", "level", "2016-01/2016-03", 0.736)],
     [17, 32, 11]),
    ("rail", date(2023, 7, 10), "上半年開行820列、發送6.2萬標箱，同比分別增長12%、8%、5%。",
     [("rail.trains", "level", "2023-01/2023-06", 820)], [12, 8, 5]),
]

# A sector named by itself (第一产业实现12.4亿元, 二产增长6.2%) right after GDP or another sector is that sector's value
# added; after investment (固定资产投资…分产业看，第一产业增长29.2%) it is the investment in it. The structure is written
# 三次产业构成/之比/比例; contributions in a:b:c form are not the structure.
SECTORS: list[Case] = [
    ("stats", date(2022, 2, 10), "2021年，青山区生产总值202.8亿元，增长7.9%。分产业看，第一产业实现12.4亿元，增长6.2%；第二产业实现"
     "增加值88.1亿元，增长7.5%；第三产业为102.3亿元，增长9.0%。三次产业构成为6.0:42.7:51.3。",
     [("primary_va", "level", "2021", 12.4), ("primary_va", "yoy_pct", "2021", 6.2), ("secondary_va", "level", "2021", 88.1),
      ("tertiary_va", "level", "2021", 102.3), ("tertiary_va", "yoy_pct", "2021", 9.0),
      ("primary_va", "share_pct", "2021", 6.0), ("tertiary_va", "share_pct", "2021", 51.3)], []),
    ("stats", date(2021, 7, 20), "上半年，臨河縣生產總值為45.1億元。第一產業完成5.6億元，第二產業完成30.2億元，同比下降1.2%。",
     [("primary_va", "level", "2021-01/2021-06", 5.6), ("secondary_va", "level", "2021-01/2021-06", 30.2),
      ("secondary_va", "yoy_pct", "2021-01/2021-06", -1.2)], []),
    ("stats", date(2022, 2, 10), "2021年，青山区GDP为120亿元，增长6%，其中，一产增加值12.4亿元；分产业看，二产增长6.2%，三产增长6.5%。",
     [("primary_va", "level", "2021", 12.4), ("secondary_va", "yoy_pct", "2021", 6.2), ("tertiary_va", "yoy_pct", "2021", 6.5)],
     []),
    ("stats", date(2022, 2, 10), "2021年，青山区固定资产投资同比增长9.7%。分产业看，第一产业增长29.2%；第二产业增长31.4%，第三产业比重"
     "提高1.2个百分点。按三次产业结构划分，贡献率分别为5.1:40.2:54.7。",
     [("fixed_asset_investment", "yoy_pct", "2021", 9.7)], [29.2, 31.4, 1.2, 5.1, 40.2, 54.7]),
    ("stats", date(2019, 1, 20), "2018年，东湖区三次产业之比为4.2:45.1:50.7。",
     [("primary_va", "share_pct", "2018", 4.2), ("secondary_va", "share_pct", "2018", 45.1),
      ("tertiary_va", "share_pct", "2018", 50.7)], []),
]

# An indicator goes by several names in official prose: 地方税收收入 is 税收收入, 房地产/商品房屋销售面积 is 商品房销售面积,
# 规上营利性服务业营业收入 is 规上服务业营业收入, 服务业增加值 is 第三产业增加值, 规上工业产值 is 规上工业总产值,
# 财政一般预算收入 is 一般公共预算收入; a part keeps its own name (生产性服务业增加值 is no indicator of ours).
SYNONYMS: list[Case] = [
    # 地方财政收入 is the revenue the place keeps; 财政总收入 (with what goes up to higher levels) has no code
    ("stats", date(2021, 7, 26), "上半年，全县财政总收入6.3亿元，增长9.1%；地方财政收入38200万元，同比增长11.4%。",
     [("budget_revenue", "level", "2021-01/2021-06", 3.82), ("budget_revenue", "yoy_pct", "2021-01/2021-06", 11.4)],
     [6.3, 9.1]),
    ("stats", date(2020, 6, 20), "1-5月，临河县财政一般预算收入5.2亿元，其中地方税收收入为3.1亿元，同比减少4.3%。",
     [("budget_revenue", "level", "2020-01/2020-05", 5.2), ("tax_revenue", "level", "2020-01/2020-05", 3.1),
      ("tax_revenue", "yoy_pct", "2020-01/2020-05", -4.3)], []),
    ("stats", date(2019, 10, 28), "前三季度，青山區服務業增加值同比增長5.4%，房地產銷售面積同比回落12.7%，規上營利性服務業營業收入20.5億元。",
     [("tertiary_va", "yoy_pct", "2019-01/2019-09", 5.4), ("housing_sales_area", "yoy_pct", "2019-01/2019-09", -12.7),
      ("services_revenue", "level", "2019-01/2019-09", 20.5)], []),
    ("stats", date(2020, 6, 20), "5月份，临河县规上工业产值为60.2亿元；1-5月，规模以上工业产值累计280.4亿元，商品房屋销售额15.2亿元。",
     [("industrial_output", "level", "2020-05", 60.2), ("industrial_output", "level", "2020-01/2020-05", 280.4),
      ("housing_sales_value", "level", "2020-01/2020-05", 15.2)], []),
    ("stats", date(2020, 6, 20), "1-5月，东湖区现代服务业增加值增长8%，生产性服务业增加值增长6%。",
     [("modern_services_va", "yoy_pct", "2020-01/2020-05", 8)], [6]),
    # a town's or township's own release: 全镇/我镇/本乡 stand where a district's 全区 would
    ("stats", date(2016, 7, 25), "上半年，全镇完成地区生产总值36.4亿元，同比增长7.2%；我镇规上工业增加值增长9.1%。",
     [("gdp", "level", "2016-01/2016-06", 36.4), ("gdp", "yoy_pct", "2016-01/2016-06", 7.2),
      ("industrial_va", "yoy_pct", "2016-01/2016-06", 9.1)], []),
    ("stats", date(2013, 10, 22), "1-9月，本鄉完成固定資產投資8.6億元，其中工業性投資達5.1億元，同比增長22%。",
     [("fixed_asset_investment", "level", "2013-01/2013-09", 8.6), ("industrial_investment", "level", "2013-01/2013-09", 5.1),
      ("industrial_investment", "yoy_pct", "2013-01/2013-09", 22)], []),
    # 高达 and 仅 between the growth word and its rate
    ("stats", date(2022, 4, 20), "一季度，临河县社会消费品零售总额增长高达15.3%，一般公共预算收入增速仅为1.2%。",
     [("retail_sales", "yoy_pct", "2022-01/2022-03", 15.3), ("budget_revenue", "yoy_pct", "2022-01/2022-03", 1.2)], []),
]

# Symbols that are no part of Chinese prose, injected into words by spam mirrors (规上工♀业, 第↑2位, 零▲售), are read as
# nothing; the quote keeps them as found.
INJECTED: list[Case] = [
    ("stats", date(2020, 6, 20), "1-5月份，临河县规上工♀业增加值61.3亿元，同比下降2.4%，增速居全市第↑2位。",
     [("industrial_va", "level", "2020-01/2020-05", 61.3), ("industrial_va", "yoy_pct", "2020-01/2020-05", -2.4),
      ("industrial_va", "rank", "2020-01/2020-05", 2)], []),
    ("stats", date(2020, 10, 28), "前三季度，东湖区生▽产总值为320.5亿元，同比增长≡6.2%。",
     [("gdp", "level", "2020-01/2020-09", 320.5), ("gdp", "yoy_pct", "2020-01/2020-09", 6.2)], []),
    ("stats", date(2020, 4, 28), "一季度，青山区固定资产█投资增长8.8%，社会消费品零▲售总额120.4亿元。",
     [("fixed_asset_investment", "yoy_pct", "2020-01/2020-03", 8.8), ("retail_sales", "level", "2020-01/2020-03", 120.4)], []),
]

# A narrative through successive periods dates each rate by the period written right before it, for the same indicator
# (从一季度下降3.2%到上半年增长2.5%，前三季度增长6.8%); a sentence naming no indicator of its own goes on about the one
# before when it opens with 其中, or with a period and a growth rate (其中，8月份增长9.6%，居全市第2位; 9月当月增长11.2%: the
# month's growth and its rank); one that names its own, or opens with another figure (9月份，完成投资3亿元), does not.
NARRATIVES: list[Case] = [
    ("stats", date(2020, 11, 20), "临河县规模以上工业增加值增速从一季度下降3.2%到上半年增长2.5%，前三季度增长6.8%。",
     [("industrial_va", "yoy_pct", "2020-01/2020-03", -3.2), ("industrial_va", "yoy_pct", "2020-01/2020-06", 2.5),
      ("industrial_va", "yoy_pct", "2020-01/2020-09", 6.8)], []),
    ("stats", date(2020, 11, 20), "東湖區生產總值一季度增長3.1%，上半年增長4.5%，前三季度增長5.0%。",
     [("gdp", "yoy_pct", "2020-01/2020-03", 3.1), ("gdp", "yoy_pct", "2020-01/2020-06", 4.5),
      ("gdp", "yoy_pct", "2020-01/2020-09", 5.0)], []),
    ("stats", date(2023, 9, 20), "1-8月，青山区规上工业增加值增长5.2%；其中8月当月增长9.6%，增速居全市第2位。",
     [("industrial_va", "yoy_pct", "2023-01/2023-08", 5.2), ("industrial_va", "yoy_pct", "2023-08", 9.6),
      ("industrial_va", "rank", "2023-08", 2)], [("industrial_va", "rank", "2023-01/2023-08")]),
    ("stats", date(2023, 9, 20), "1-8月，青山区规上工业增加值增长5.2%。其中，8月份增长9.6%，居全市第2位。其中，轻工业增长3.1%。",
     [("industrial_va", "yoy_pct", "2023-08", 9.6), ("industrial_va", "rank", "2023-08", 2)], [3.1]),
    ("stats", date(2023, 10, 20), "1-9月，临河县规上工业增加值增长4.4%。9月当月增长11.2%，增速居全市第3位。9月份，完成投资3亿元。",
     [("industrial_va", "yoy_pct", "2023-09", 11.2), ("industrial_va", "rank", "2023-09", 3)],
     [("industrial_va", "level", "2023-09")]),
    ("stats", date(2024, 3, 20), "1-2月，东湖区固定资产投资下降6.1%。其中，东湖区本级固定资产投资占比39.2%，同比下降12.9%。",
     [("fixed_asset_investment", "yoy_pct", "2024-01/2024-02", -6.1)], [-12.9]),
]

# Comparisons with other places: comparators listed before their gaps (高于全国、全省2.1、0.6个百分点), several ranks after one
# verb each among its own population (居全省第5位、成渝经济区第2位; 六县(区)第1位); a sentence on 增长速度 goes on about the
# growth before it, across a spread of its own rates (各季度增速波动幅度仅为0.2个百分点). A gap in the size of a decline has the
# opposite sign of a gap in growth (降幅低于/小于 is +, 降幅高于 −); 好于/优于 are better (+), 差于 worse (−).
COMPARISONS: list[Case] = [
    ("stats", date(2017, 2, 20), "2016年，东湖区生产总值512.6亿元，比上年增长8.4%，各季度增速波动幅度仅为0.2个百分点。增长速度分别高于"
     "全国、全省2.1、0.6个百分点，居全省第5位、成渝经济区第2位。",
     [("gdp", "pp_diff", "2016", 2.1), ("gdp", "pp_diff", "2016", 0.6), ("gdp", "rank", "2016", 5), ("gdp", "rank", "2016", 2)],
     [0.2]),
    ("stats", date(2020, 6, 20), "1-5月，临河县规上工业增加值同比下降2.4%，降幅好于全市0.3个百分点，增速居全市第2位，六县(区)第1位。",
     [("industrial_va", "pp_diff", "2020-01/2020-05", 0.3), ("industrial_va", "rank", "2020-01/2020-05", 2),
      ("industrial_va", "rank", "2020-01/2020-05", 1)], []),
    ("stats", date(2020, 4, 20), "一季度，青山区生产总值下降2.3%，降幅比全省小0.8个百分点。",
     [("gdp", "pp_diff", "2020-01/2020-03", 0.8)], [-0.8]),
    ("stats", date(2019, 10, 20), "前三季度，臨河縣固定資產投資下降5.2%，降幅高於全市1.5個百分點。",
     [("fixed_asset_investment", "pp_diff", "2019-01/2019-09", -1.5)], [1.5]),
    ("stats", date(2020, 6, 20), "1-5月，东湖区规上工业增加值增长3.1%，增速低于全市0.5个百分点，好于全省0.3个百分点，差于全国0.2个百分点。",
     [("industrial_va", "pp_diff", "2020-01/2020-05", -0.5), ("industrial_va", "pp_diff", "2020-01/2020-05", 0.3),
      ("industrial_va", "pp_diff", "2020-01/2020-05", -0.2)], []),
]


def test_the_ranked_population_as_written() -> None:
    facts = check("stats", date(2020, 6, 20), "1-5月，临河县规上工业增加值下降2.4%，增速居全市第2位，六县(区)第1位。", [], [])
    assert {(f.value, f.comparator) for f in facts if f.measure == "rank"} == {(2, "全市"), (1, "六县(区)")}


# A period's own rate in parentheses: after an earlier period compared with (比一季度(3.1%)加快1.1个百分点) it is the subject's
# growth then; after a number (57.9亿元(1-10月)) the period dates that number alone; after 上年同期 last year's — always of
# the subject in focus, never of one stated sentences before (农林牧渔业… names none of ours).
RATES_IN_PARENTHESES: list[Case] = [
    ("stats", date(2023, 7, 20), "上半年，东湖区生产总值同比增长4.2%，比一季度(3.1%)加快1.1个百分点。",
     [("gdp", "yoy_pct", "2023-01/2023-06", 4.2), ("gdp", "yoy_pct", "2023-01/2023-03", 3.1)], [1.1]),
    ("stats", date(2023, 7, 20), "1-6月，临河县规上工业增加值增长6.5%，较1-5月(5.9%)提高0.6个百分点。",
     [("industrial_va", "yoy_pct", "2023-01/2023-06", 6.5), ("industrial_va", "yoy_pct", "2023-01/2023-05", 5.9)], []),
    ("stats", date(2023, 10, 20), "前三季度，青山區固定資產投資下降3.5%，降幅比上半年(-5.2%)收窄1.7個百分點。",
     [("fixed_asset_investment", "yoy_pct", "2023-01/2023-09", -3.5),
      ("fixed_asset_investment", "yoy_pct", "2023-01/2023-06", -5.2)], []),
    ("stats", date(2023, 7, 20), "上半年，临河县第三产业增加值40亿元，增长3%。全县农林牧渔业增加值为18.1亿元，增长11.6%，较上年同期(2.7%)"
     "大幅增长。临河县社会消费品零售总额20亿元，增长5%，较上年同期(-1.1%)明显回升。",
     [("retail_sales", "yoy_pct", "2022-01/2022-06", -1.1)], [2.7, 11.6]),
    ("stats", date(2019, 1, 25), "2018年，东湖区规上服务业营业收入57.9亿元(1-10月)，同比增长18.3%。东湖区社会消费品零售总额410.5亿元"
     "(1-11月)，增长7.6%；一般公共预算收入26.2亿元，增长3.8%。東湖區規上工業增加值增長7.1%(1-11月)。",
     [("services_revenue", "level", "2018-01/2018-10", 57.9), ("services_revenue", "yoy_pct", "2018-01/2018-10", 18.3),
      ("retail_sales", "level", "2018-01/2018-11", 410.5), ("budget_revenue", "level", "2018", 26.2),
      ("budget_revenue", "yoy_pct", "2018", 3.8), ("industrial_va", "yoy_pct", "2018-01/2018-11", 7.1)], []),
]

# A bulletin's event has the days its lead gives it (7月3-5日, 6月19至21日, 12月1日至2日): a sentence referring back to it
# (暴雨期间, 本轮降雨中, 这场/此次降雪中) and the paragraph after it are dated by them, not by the day the sentence before
# named; 从1日开始 runs from the 1st;
# the story's day is said in the lead, not in a quotation further down; 截至2日 is no span.
EVENT_DAYS: list[Case] = [
    ("ops", date(2024, 7, 8), "7月3-5日，我区遭遇持续暴雨，多处路段积水。5日上午，环卫工人逐段清理路面。暴雨期间，区城管局共出动人员410人次。"
     "共清运淤泥12吨。",
     [("ops.staff_deployed", "level", "2024-07-03/2024-07-05", 410), ("ops.sludge_removed", "level", "2024-07-03/2024-07-05", 12)],
     []),
    ("ops", date(2025, 6, 23), "6月19至21日，我市遭遇强降雨。20日，出动人员500人次。本轮降雨中，全市共清掏雨水井3200个。",
     [("ops.staff_deployed", "level", "2025-06-20", 500), ("ops.wells_cleared", "level", "2025-06-19/2025-06-21", 3200)], []),
    ("ops", date(2015, 12, 3), "12月1日下午开始降雪。从1日开始，全市出动清雪人员5000人次。",
     [("ops.staff_deployed", "level", "2015-12-01/2015-12-03", 5000)], []),
    ("ops", date(2015, 12, 3), "1日至2日，我市出现降雪。2日，各区持续清雪。此次降雪中，全市投入除雪机械320台(套)。",
     [("ops.vehicles_deployed", "level", "2015-12-01/2015-12-02", 320)], []),
    ("ops", date(2015, 12, 3), "12月1日至2日，長春迎來大雪。這場降雪中，全市累計投入清雪人員8000人次。",
     [("ops.staff_deployed", "level", "2015-12-01/2015-12-02", 8000)], []),
    ("ops", date(2018, 1, 5), "本报1月5日讯 截至5日上午，全市出动除雪人员3.6万人次。\n一名清雪工人告诉记者：“昨天夜里一点我们就上路了，"
     "到现在还没歇。”\n朝阳区共投入除雪人员5200多人次。",
     [("ops.staff_deployed", "level", "2018-01-05", 36000), ("ops.staff_deployed", "level", "2018-01-05", 5200)],
     [("ops.staff_deployed", "level", "2018-01-04")]),
]

# What was deployed, listed after one verb (出动铲雪车35辆，融雪剂撒布车12辆，除雪机18台), is counted item by item; a part of
# it (其中党员干部50人) is not another turnout. A unit written with part of it in parentheses ((台)套, 人(次)) is the whole unit.
DEPLOYED: list[Case] = [
    ("ops", date(2020, 1, 8), "截至7日8时，共出动环卫工人6800人，出动铲雪车35辆，融雪剂撒布车12辆，除雪机18台，其他机械41台。",
     [("ops.staff_deployed", "level", "2020-01-07", 6800), ("ops.vehicles_deployed", "level", "2020-01-07", 35),
      ("ops.vehicles_deployed", "level", "2020-01-07", 12), ("ops.vehicles_deployed", "level", "2020-01-07", 18),
      ("ops.vehicles_deployed", "level", "2020-01-07", 41)], []),
    ("ops", date(2019, 1, 23), "22日，全区出动人员300人，其中党员干部50人，清理垃圾3吨。",
     [("ops.staff_deployed", "level", "2019-01-22", 300), ("ops.sludge_removed", "level", "2019-01-22", 3)], [50]),
    ("ops", date(2019, 1, 23), "22日，全区共出動作業人員520人、志願者130人，鏟車25台，清運垃圾12噸。",
     [("ops.staff_deployed", "level", "2019-01-22", 520), ("ops.staff_deployed", "level", "2019-01-22", 130),
      ("ops.vehicles_deployed", "level", "2019-01-22", 25), ("ops.sludge_removed", "level", "2019-01-22", 12)], []),
    ("ops", date(2023, 12, 15), "截至14日18时，全区共投入清雪人员2.1万余人（次），除雪机械设备870余(台)套，洒水车45(辆)次。",
     [("ops.staff_deployed", "level", "2023-12-14", 21000), ("ops.vehicles_deployed", "level", "2023-12-14", 870),
      ("ops.vehicles_deployed", "level", "2023-12-14", 45)], []),
]


# Pages typeset with a space between Chinese and a number (as some CMSs and Word exports do): the same facts.
SPACED: list[Case] = [
    ("stats", date(2023, 7, 20), "上半年，东山区实现地区生产总值 356.8 亿元，同比增长 5.6 %，高于全市 0.4 个百分点。",
     [("gdp", "level", "2023-01/2023-06", 356.8), ("gdp", "yoy_pct", "2023-01/2023-06", 5.6),
      ("gdp", "pp_diff", "2023-01/2023-06", 0.4)], []),
    ("stats", date(2021, 10, 22), "1-9月，全縣規模以上工業增加值增長 12.3%，居全市第 2 位。",
     [("industrial_va", "yoy_pct", "2021-01/2021-09", 12.3), ("industrial_va", "rank", "2021-01/2021-09", 2)], []),
    ("rail", date(2024, 3, 5), "2024 年 1-2 月，中欧班列（西安）开行 612 列，同比增长 8.1％。",
     [("rail.trains", "level", "2024-01/2024-02", 612), ("rail.trains", "yoy_pct", "2024-01/2024-02", 8.1)], []),
    ("ops", date(2022, 6, 18), "6月17日，全区共出动作业人员\u3000560 人次，清掏雨水井 1320 个。",
     [("ops.staff_deployed", "level", "2022-06-17", 560), ("ops.wells_cleared", "level", "2022-06-17", 1320)], []),
]


# A running total, then this year's part of it (其中今年…), in one sentence or two: the total stays a running total and
# the part is the year so far; a direction's part of a running total stays a running total.
PART_OF_THE_TOTAL: list[Case] = [
    ("rail", date(2016, 11, 6), "截至11月4日，中欧班列(蓉欧)累计开行3012列，其中今年开行410列。",
     [("rail.trains_cumulative", "level", "2016-11-04", 3012), ("rail.trains", "level", "2016-01-01/2016-11-04", 410)],
     [("rail.trains", "level", "2016-01-01/2016-11-04", 3012)]),
    ("rail", date(2020, 5, 20), "截至5月18日，西安中欧班列累計開行2650列。其中今年開行522列，同比增長46%。",
     [("rail.trains_cumulative", "level", "2020-05-18", 2650), ("rail.trains", "level", "2020-01-01/2020-05-18", 522)],
     [("rail.trains_cumulative", "level", "2020-05-18", 522)]),
    ("rail", date(2019, 9, 2), "截至8月31日，齐鲁号中欧班列累计开行1860列，其中去程1100列，回程760列。",
     [("rail.trains_cumulative", "level", "2019-08-31", 1860), ("rail.trains_cumulative", "level", "2019-08-31", 1100),
      ("rail.trains_cumulative", "level", "2019-08-31", 760)], []),
    ("rail", date(2021, 4, 2), "今年以来，中欧班列累计开行390列，同比增长52%。",
     [("rail.trains", "level", "2021-01-01/2021-04-02", 390)], [("rail.trains_cumulative", "level", "2021-04-02")]),
]


def test_a_space_beside_a_number_is_read_as_nothing_only_between_chinese_and_digits() -> None:
    assert normalise("增长 5.6 %，2024 年 1 月") == "增长5.6%,2024年1月"
    assert normalise("1 234 列, Copyright 2022 All, ICP 12345678") == "1 234列, Copyright 2022 All, ICP 12345678"


def test_a_latin_point_ends_a_sentence_only_where_no_number_or_address_goes_on() -> None:
    assert normalise("增长5.1%.全年开行1000列．今年") == "增长5.1%。全年开行1000列。今年"
    assert normalise("较上月提升2位.8月当月增长6.9%,.") == "较上月提升2位。8月当月增长6.9%。"
    kept = "2023.4.22,增长5.1%,见www.gov.cn,1.地区生产总值,No.1"
    assert normalise(kept) == kept
    facts = extract_text("一季度，全区地区生产总值完成120.5亿元.同比增长5.1%.", doc_date=date(2023, 4, 20), kind="stats")
    assert {(f.indicator, f.measure, f.value) for f in facts} == {("gdp", "level", 120.5), ("gdp", "yoy_pct", 5.1)}


def test_the_pages_record_of_itself_dates_nothing() -> None:
    # a line under the title saying when the page went up, where from, how often read: the lead's day is the story's
    text = ("中欧班列（郑州）开行第400班\n2016年8月28日 10:05 来源：大河报 阅读：356次\n"
            "8月26日，总第400班中欧班列从郑州圃田站开出。\n自开通以来，班列开行越来越密，迄今已累计开行400班，货重18.01万吨。\n"
            "发布时间：2016-08-28 10:05:12 浏览次数：1,236\n")
    facts = extract_text(text, doc_date=date(2016, 8, 28), kind="rail")
    assert {(f.indicator, f.period, f.value) for f in facts} == {
        ("rail.trains_cumulative", "2016-08-26", 400), ("rail.cargo_weight", "2016-08-26", 18.01)}
    # and its year passes on to no period: 全年 in a January release is the year before
    text = "全区经济运行情况\n2020年1月25日 09:00 来源：区统计局\n全年，全区地区生产总值完成156.3亿元，同比增长5.2%。\n"
    assert {(f.measure, f.period) for f in extract_text(text, doc_date=date(2024, 1, 25), kind="stats")} == {
        ("level", "2023"), ("yoy_pct", "2023")}


def test_days_said_with_hao_comparisons_written_out_and_jiezhi_read_as_their_usual_forms() -> None:
    def got(kind: str, day: date, text: str) -> set[tuple[str, str, str, float]]:
        return {(f.indicator, f.measure, f.period, f.value) for f in extract_text(text, doc_date=day, kind=kind)}

    # 号 after a month and its day is 日; 3号线 and 1号文件 are no days
    assert normalise("4月22号、十月一号、3号线、1号文件") == "4月22日、十月一日、3号线、1号文件"
    assert got("rail", date(2023, 5, 12), "5月11号，中欧班列（长沙）全天发运5列。") == {
        ("rail.trains", "level", "2023-05-11", 5)}
    assert got("stats", date(2025, 10, 20), "前三季度，全县规模以上工业增加值与上年同期相比增长8.1%，"
                                            "社会消费品零售总额30.2亿元，和去年相比下降1.5%。") == {
        ("industrial_va", "yoy_pct", "2025-01/2025-09", 8.1), ("retail_sales", "level", "2025-01/2025-09", 30.2),
        ("retail_sales", "yoy_pct", "2025-01/2025-09", -1.5)}
    # 截止 is 截至: in a paragraph about this year so far, a total counted to a day since the service began
    assert got("rail", date(2018, 12, 13), "今年以来，班列运量迅速提升。截止2018年12月7日，义乌开行的中欧班列已往返运行604列，"
                                           "发运4.87万个标箱。") == {
        ("rail.trains_cumulative", "level", "2018-12-07", 604), ("rail.teu", "level", "2018-12-07", 48700)}


def test_ranks_said_with_mingle_or_zai_and_more_names_of_gdp_and_budget_revenue() -> None:
    def got(text: str) -> set[tuple[str, str, float]]:
        return {(f.indicator, f.measure, f.value) for f in extract_text(text, doc_date=date(2022, 10, 20), kind="stats")}

    assert got("1-9月，全市社会消费品零售总额增长8.1%，名列全省第3。") == {("retail_sales", "yoy_pct", 8.1),
                                                                    ("retail_sales", "rank", 3)}
    assert got("1-9月，全市固定资产投资增长5.2%，增速在全省排第6位。") == {("fixed_asset_investment", "yoy_pct", 5.2),
                                                                 ("fixed_asset_investment", "rank", 6)}
    assert got("1-9月，全区实现经济总量291.9亿元，同比增长6.2%；地方财政一般公共预算收入完成16.6亿元，增长5%。") == {
        ("gdp", "level", 291.9), ("gdp", "yoy_pct", 6.2), ("budget_revenue", "level", 16.6),
        ("budget_revenue", "yoy_pct", 5)}


def test_terse_growth_words_yici_for_fenbie_and_two_sectors_sharing_one_name() -> None:
    facts = extract_text("前三季度，全区规模以上工业增加值同比增8.1%，固定资产投资同比降9.7%；第一产业、第二产业增加值依次"
                         "增长3.5%和6.2%。", doc_date=date(2025, 10, 20), kind="stats")
    assert {(f.indicator, f.measure, f.value) for f in facts} == {
        ("industrial_va", "yoy_pct", 8.1), ("fixed_asset_investment", "yoy_pct", -9.7),
        ("primary_va", "yoy_pct", 3.5), ("secondary_va", "yoy_pct", 6.2)}
    # two sectors sharing one 增加值
    facts = extract_text("前三季度，全区第二、三产业增加值分别为10亿元、20亿元。", doc_date=date(2025, 10, 20), kind="stats")
    assert {(f.indicator, f.value) for f in facts} == {("secondary_va", 10), ("tertiary_va", 20)}
    # a count added is no growth rate
    assert not extract_text("前三季度，全区新增市场主体1200户。", doc_date=date(2025, 10, 20), kind="stats")


def test_places_whose_names_hold_characters_a_place_pattern_refuses() -> None:
    def got(text: str) -> set[tuple[str, str, float, str]]:
        return {(f.indicator, f.measure, f.value, f.region)
                for f in extract_text(text, doc_date=date(2025, 7, 20), kind="stats")}

    assert got("1-6月，全市地区生产总值增长5.1%。其中，西城区增长6.1%，和平区增长4.2%，市中区增长3.3%。") == {
        ("gdp", "yoy_pct", 5.1, "全市"), ("gdp", "yoy_pct", 6.1, "西城区"), ("gdp", "yoy_pct", 4.2, "和平区"),
        ("gdp", "yoy_pct", 3.3, "市中区")}
    assert got("城中区2025年上半年经济运行情况\n上半年，全区地区生产总值增长5.1%，居全市第2位。") == {
        ("gdp", "yoy_pct", 5.1, "城中区"), ("gdp", "rank", 2, "城中区")}
    # a generic 城区 is still no place (对城区18143个雨污水井 is the district's)
    facts = extract_text("经开区汛前清掏\n截至4月25日，经开区对城区18143个雨污水井进行清掏。", doc_date=date(2022, 4, 26),
                         kind="ops")
    assert [(f.value, f.region) for f in facts] == [(18143, "经开区")]


def test_a_place_by_its_short_name_is_the_region_in_a_release_unless_it_is_the_documents_own() -> None:
    def got(text: str) -> set[tuple[str, str, float, str]]:
        return {(f.indicator, f.measure, f.value, f.region)
                for f in extract_text(text, doc_date=date(2024, 7, 20), kind="stats")}

    assert got("全省上半年经济运行情况\n上半年，全省生产总值增长4.8%。南阳规上工业增加值增长6.9%，許昌固定资产投资增长8.3%。") == {
        ("gdp", "yoy_pct", 4.8, "全省"), ("industrial_va", "yoy_pct", 6.9, "南阳"),
        ("fixed_asset_investment", "yoy_pct", 8.3, "許昌")}
    # the title's place, by its short name in the text, keeps the name the title gives it
    assert got("洛阳市上半年经济运行情况\n上半年，洛阳固定资产投资增长10.1%，高于全省2.3个百分点。") == {
        ("fixed_asset_investment", "yoy_pct", 10.1, "洛阳市"), ("fixed_asset_investment", "pp_diff", 2.3, "洛阳市")}
    # a place compared with is no region (高于南阳)
    assert {r for *_, r in got("上半年，全市规上工业增加值增长7.5%，高于南阳1.1个百分点。")} == {"全市"}


def test_industry_named_a_clause_before_its_bare_value_added() -> None:
    def got(text: str) -> set[tuple[str, str, str, float]]:
        return {(f.indicator, f.measure, f.period, f.value)
                for f in extract_text(text, doc_date=date(2025, 8, 20), kind="stats")}

    assert got("1-7月，全市规模以上工业运行回稳向好，增加值同比增长6.2%，居全省第8位。") == {
        ("industrial_va", "yoy_pct", "2025-01/2025-07", 6.2), ("industrial_va", "rank", "2025-01/2025-07", 8)}
    # a sentence that opens with a point of view (从月度增速看) goes on about the subject before
    assert got("1-7月，全市规上工业增加值增长6.2%。从月度增速看，7月份增长5.9%，居全省第11位。") == {
        ("industrial_va", "yoy_pct", "2025-01/2025-07", 6.2), ("industrial_va", "yoy_pct", "2025-07", 5.9),
        ("industrial_va", "rank", "2025-07", 11)}
    # a bare 增加值 of another industry, in a later sentence, is not the industry's above the size threshold
    assert got("1-7月，全区规上工业增加值增长6%。建筑业平稳，增加值增长3%。") == {
        ("industrial_va", "yoy_pct", "2025-01/2025-07", 6)}


def test_injected_symbols_go_but_marks_of_prose_stay() -> None:
    assert normalise("二○二二年∶第↑一『好』") == "二○二二年:第一“好”"
    assert normalise("下降−1.6%，2∼3列，≥5%") == "下降-1.6%,2~3列,≥5%"

# Release subjects written with what stands between the industry and its figure (累计实现增加值, 规上企业完成工业总产值,
# the firms counted before them), a province named bare as the region, a theme heading that licenses 工业增加值, and a
# year compared with (2021年同期基数) that does not date what follows.
RELEASE_SUBJECTS: list[Case] = [
    ("stats", date(2019, 10, 20), "1-9月，全县规模以上工业累计实现增加值38.6亿元，同比增长6.1%。",
     [("industrial_va", "level", "2019-01/2019-09", 38.6), ("industrial_va", "yoy_pct", "2019-01/2019-09", 6.1)], []),
    ("stats", date(2020, 5, 18), "前4个月，全市规上工業企業完成增加值112.4億元，增長3.2%。",
     [("industrial_va", "level", "2020-01/2020-04", 112.4), ("industrial_va", "yoy_pct", "2020-01/2020-04", 3.2)], []),
    ("stats", date(2022, 7, 21), "1-6月，全区规上企业工业增加值增长4.7%。",
     [("industrial_va", "yoy_pct", "2022-01/2022-06", 4.7)], []),
    ("stats", date(2022, 7, 21), "上半年，全县37户规上企业完成工业总产值88.2亿元，同比下降2.5%。",
     [("industrial_output", "level", "2022-01/2022-06", 88.2), ("industrial_output", "yoy_pct", "2022-01/2022-06", -2.5)],
     [37]),
    ("stats", date(2022, 7, 21), "1-6月，全市一般公共预算支出完41.7亿元，增长9.0%。",
     [("budget_expenditure", "level", "2022-01/2022-06", 41.7), ("budget_expenditure", "yoy_pct", "2022-01/2022-06", 9.0)], []),
    ("stats", date(2023, 4, 26), "一季度，甘肃实现地区生产总值2609亿元，同比增长6.7%，高于全国2.2个百分点。",
     [("gdp", "level", "2023-01/2023-03", 2609), ("gdp", "yoy_pct", "2023-01/2023-03", 6.7),
      ("gdp", "pp_diff", "2023-01/2023-03", 2.2)], []),
    ("stats", date(2023, 10, 26), "前三季度，湖北省地区生产总值完成40000亿元，增长6.0%；海东州规模以上工业增加值增长7.4%。",
     [("gdp", "level", "2023-01/2023-09", 40000), ("industrial_va", "yoy_pct", "2023-01/2023-09", 7.4)], []),
    # a prefecture or a county named after a province (海南州, 河南县) is that place
    ("stats", date(2023, 10, 26), "前三季度，海南州地区生产总值增长4.4%，河南县地区生产总值增长3.9%。",
     [("gdp", "yoy_pct", "2023-01/2023-09", 4.4), ("gdp", "yoy_pct", "2023-01/2023-09", 3.9)], []),
    ("stats", date(2023, 10, 26), "前三季度，广西壮族自治区固定资产投资下降2.3%。",
     [("fixed_asset_investment", "yoy_pct", "2023-01/2023-09", -2.3)], []),
    ("stats", date(2021, 8, 2), "上半年，廣西社會消費品零售總額4380億元，增長19.1%。",
     [("retail_sales", "level", "2021-01/2021-06", 4380), ("retail_sales", "yoy_pct", "2021-01/2021-06", 19.1)], []),
    ("stats", date(2023, 10, 25), "二、规模以上工业平稳运行\n1-9月，全县规上工业企业用电量3.1亿千瓦时。工业增加值增长5.6%。",
     [("industrial_va", "yoy_pct", "2023-01/2023-09", 5.6)], []),
    # a remark on the figure (是全省首个…的县) keeps the subject; 三次产业占比为a:b:c is the structure
    ("stats", date(2021, 3, 1), "全年地区生产总值实现512.3亿元，是全市唯一突破五百亿的区，按可比价格计算，比上年增长4.1%。"
     "三次产业占比为3.1:40.2:56.7。",
     [("gdp", "yoy_pct", "2020", 4.1), ("primary_va", "share_pct", "2020", 3.1), ("tertiary_va", "share_pct", "2020", 56.7)], []),
    # places listed before 分别 each take one rate, in a sentence of their own or after 其中
    ("stats", date(2024, 7, 28), "上半年，甲县和乙县地区生产总值分别增长5.3%和6.1%。",
     [("gdp", "yoy_pct", "2024-01/2024-06", 5.3), ("gdp", "yoy_pct", "2024-01/2024-06", 6.1)], []),
    ("stats", date(2024, 7, 28), "上半年，丙县规模以上工业增加值增长8.8%。丁县和戊县分别增长7.2%、4.5%。",
     [("industrial_va", "yoy_pct", "2024-01/2024-06", 8.8), ("industrial_va", "yoy_pct", "2024-01/2024-06", 7.2),
      ("industrial_va", "yoy_pct", "2024-01/2024-06", 4.5)], []),
    ("stats", date(2024, 7, 28), "上半年，己县地区生产总值增长6.6%。庚市和辛市作为全州经济的重要支撑，分别增长5.9%和7.7%。",
     [("gdp", "yoy_pct", "2024-01/2024-06", 5.9), ("gdp", "yoy_pct", "2024-01/2024-06", 7.7)], []),
    # 均排名全国第1 ranks every indicator named before it; an item of a 、 list starts after the 、 (建筑业 has no code)
    ("stats", date(2016, 7, 30), "上半年，全省工业投资增长19.2%、建筑业增加值增长9.8%、社会消费品零售总额增长12.4%，均居全国第2位。",
     [("industrial_investment", "rank", "2016-01/2016-06", 2), ("retail_sales", "rank", "2016-01/2016-06", 2),
      ("retail_sales", "yoy_pct", "2016-01/2016-06", 12.4)], [9.8]),
    ("stats", date(2016, 7, 30), "上半年，全县地区生产总值增长6%，居全市第3位，固定资产投资增长10%、社会消费品零售总额增长8%，"
     "均居全市第1位。",
     [("gdp", "rank", "2016-01/2016-06", 3), ("fixed_asset_investment", "rank", "2016-01/2016-06", 1),
      ("retail_sales", "rank", "2016-01/2016-06", 1)], []),
    # a goal for a span still to come (今年下半年) is that span's; 将确保 states the goal
    ("stats", date(2016, 7, 30), "今年下半年，全市将确保完成地区生产总值2100亿元，全年达到3950亿元。",
     [("gdp", "target_level", "2016-07/2016-12", 2100), ("gdp", "target_level", "2016", 3950)], []),
    # 前8月 without 个 is the first eight months too
    ("stats", date(2015, 9, 20), "前8月，全县固定资产投资完成96.2亿元，同比增长14.0%。",
     [("fixed_asset_investment", "level", "2015-01/2015-08", 96.2)], [("fixed_asset_investment", "level", "2015-08")]),
    ("stats", date(2022, 3, 20), "受2021年同期基数较高影响，部分指标增速放缓。\n1-2月，全区固定资产投资增长8.8%。",
     [("fixed_asset_investment", "yoy_pct", "2022-01/2022-02", 8.8)], [("fixed_asset_investment", "yoy_pct", "2021-01/2021-02")]),
]

# Rail counts: rates listed without 分别 after as many levels of different indicators pair with them; 到发标箱 and a
# breakdown by trade in parentheses; 年均 is a rate; 至此 turns what follows into a running total, dated by the day a
# statement in the lead gives (…12月30日上午，…全年开行数据发布); 历史最高 claims a record.
RAIL_COUNTS: list[Case] = [
    ("rail", date(2021, 9, 3), "1-8月，中欧班列(西安)开行2210列、发送货物18.6万标箱，同比增长31.2%、27.4%。",
     [("rail.trains", "yoy_pct", "2021-01/2021-08", 31.2), ("rail.teu", "yoy_pct", "2021-01/2021-08", 27.4)], []),
    ("rail", date(2024, 4, 8), "一季度，沙坪坝铁路口岸到发标箱8620个(进口1210个、出口7410个)。",
     [("rail.teu", "level", "2024-01/2024-03", 8620), ("rail.teu", "level", "2024-01/2024-03", 1210),
      ("rail.teu", "level", "2024-01/2024-03", 7410)], []),
    ("rail", date(2023, 1, 2), "开通初期，这条线路年均开行不足100列。2022年，中欧班列(蓉欧)开行1580列。",
     [("rail.trains", "level", "2022", 1580)], [100]),
    ("rail", date(2024, 1, 2), "2023年12月30日上午，中欧班列(长安号)全年开行数据正式发布。至此，长安号累计开行量达到2.3万列。",
     [("rail.trains_cumulative", "level", "2023-12-30", 23000)], [("rail.trains", "level", "2023")]),
    # 列次 and 趟次 count trains
    ("rail", date(2023, 12, 28), "今年以来，中欧班列(渝新欧)开行2400列次，同比增长10%；经阿拉山口出境1300趟次。",
     [("rail.trains", "level", "2023-01-01/2023-12-28", 2400), ("rail.trains", "yoy_pct", "2023-01-01/2023-12-28", 10),
      ("rail.trains", "level", "2023-01-01/2023-12-28", 1300)], []),
    # 从…的N列起步, 到…的M列: counts of their years; the state a change began from (由原来的, 从最初的) is not dated
    ("rail", date(2025, 1, 6), "从2022年的86列起步，到2023年的190列，再到2024年的265列，开行量逐年攀升。",
     [("rail.trains", "level", "2022", 86), ("rail.trains", "level", "2023", 190), ("rail.trains", "level", "2024", 265)], []),
    ("rail", date(2023, 5, 6), "口岸站每月开行数量稳步增加，由原来的2至3列增长至现在的十余列。", [], [2]),
    ("rail", date(2023, 5, 6), "中欧班列(厦门)服务的企业从最初的60余家增长至1200多家外贸企业。",
     [("rail.partners", "level", "2023-05-06", 1200)], [60]),
    # 过去一年 is last year; a part of the service's trains as a share of the whole named after 占 (总量三成)
    ("rail", date(2022, 1, 12), "过去一年，经阿拉山口口岸进出境的中欧班列占全国中欧班列开行总量四成。",
     [("rail.trains", "share_pct", "2021", 40)], []),
    # 年内 after 过去一年 is within that year; a total compared year on year is the year's; a claim written right
    # before a count (首次突破3500列) is that count's
    ("rail", date(2022, 1, 20), "过去一年，中欧班列开行量稳步增长。其中，经二连浩特口岸进出境班列年内首次突破2600列，同比增长12.4%，"
     "经满洲里口岸进出境班列累计开行4800列，同比增长8.1%。",
     [("rail.trains", "level", "2021", 2600), ("rail.trains", "yoy_pct", "2021", 12.4), ("rail.trains", "level", "2021", 4800),
      ("rail.trains", "yoy_pct", "2021", 8.1), ("rail.record", "level", "2021", 2600)],
     [("rail.trains_cumulative", "level", "2022-01-20")]),
    # a counted noun after a modifier (23个上合组织…国家); a count standing alone after the clause with the cue
    ("rail", date(2024, 3, 2), "目前，中欧班列(西安)已通达26个共建“一带一路”国家，45个城市。",
     [("rail.countries_served", "level", "2024-03-02", 26), ("rail.cities_served", "level", "2024-03-02", 45)], []),
    # the lead's 截至 day dates the running totals of the story, later paragraphs' 目前 too
    ("rail", date(2022, 6, 12), "记者获悉，截至6月10日，经二连浩特口岸进出境的中欧班列累计开行8230列。\n目前，班列已通达欧洲11个国家。",
     [("rail.trains_cumulative", "level", "2022-06-10", 8230), ("rail.countries_served", "level", "2022-06-10", 11)], []),
    # 今年开出的第600趟: this year's count so far; 趟 counts trains
    ("rail", date(2023, 9, 8), "9月7日，一列中欧班列从石龙站驶出。这是东莞今年开出的第450趟中欧班列，增幅达30%。",
     [("rail.trains", "level", "2023-01-01/2023-09-07", 450), ("rail.trains", "yoy_pct", "2023-01-01/2023-09-07", 30)], []),
    # 从2016年至2021年…从45列到385列: the first year's and the last year's counts
    ("rail", date(2022, 5, 4), "从2017年至2021年，中欧班列(东莞)开行量逐年递增，从38列到402列。",
     [("rail.trains", "level", "2017", 38), ("rail.trains", "level", "2021", 402)], []),
    # 1至12月底 is the whole year; 服务的企业已有N家 the partners
    ("rail", date(2019, 1, 9), "去年1至12月底，中欧班列“营满欧”进出口合计31240标箱。目前，班列服务的企业已有860余家。",
     [("rail.teu", "level", "2018", 31240), ("rail.partners", "level", "2019-01-09", 860)], []),
    ("rail", date(2023, 3, 2), "今年以来截至2月28日，满洲里站共开行中欧班列410列，达到了历史最高水平。",
     [("rail.trains", "level", "2023-01-01/2023-02-28", 410), ("rail.record", "level", "2023-01-01/2023-02-28", 410)], []),
]

# A change in tenths or times after its verb is a rate (同比增长2.5倍 = 250%, 较去年少两成 = -20%); a multiple against an
# early year is none (4年增长了近10倍); a headline's rate in tenths rounds the body's and gives way.
TENTHS_AND_TIMES: list[Case] = [
    ("rail", date(2023, 4, 6), "一季度，中欧班列(沈阳)开行回程班列61列，同比增长1.8倍。",
     [("rail.trains", "yoy_pct", "2023-01/2023-03", 180)], []),
    ("ops", date(2019, 2, 12), "春节七天长假，城区共清扫烟花爆竹残屑410吨，比去年少三成左右。",
     [("ops.sludge_removed", "yoy_pct", "2019-02-04/2019-02-10", -30)], []),
    ("rail", date(2023, 4, 6), "自开行以来，中欧班列(贵阳)年开行量5年时间增长了近12倍。", [], [1200]),
    ("rail", date(2023, 3, 8), "中欧班列(昆明)前两月开行量同比增长近三成\n\n今年前两个月，中欧班列(昆明)开行82列，同比增长27.9%。",
     [("rail.trains", "yoy_pct", "2023-01/2023-02", 27.9)], [30]),
]

# Operations: trips counted after a vehicle are its turnouts (作业车272班次); visitors in 人次 are not crews; a lead
# counting 从昨天…截止到今天17时 counts from yesterday to today, and the story goes on in those days; a span's first day (从8月3日至今) is not the story's dateline.
OPS_COUNTS: list[Case] = [
    ("ops", date(2019, 10, 8), "国庆长假期间，环卫中心共出动冲洗作业车186班次、垃圾清运车92班次，出动保洁人员540人。",
     [("ops.vehicles_deployed", "level", "2019-10-01/2019-10-07", 186), ("ops.vehicles_deployed", "level", "2019-10-01/2019-10-07", 92),
      ("ops.staff_deployed", "level", "2019-10-01/2019-10-07", 540)], []),
    ("ops", date(2019, 10, 8), "国庆长假期间，景区接待游客超过63万人次，环卫部门出动人员1200人次。",
     [("ops.staff_deployed", "level", "2019-10-01/2019-10-07", 1200)], [630000]),
    ("ops", date(2021, 7, 26), "从昨天暴雨预警发布到今天，全市排水部门连续作战，截止到今天16时，共出动抢险人员3650人次。\n"
     "同时，市政部门出动车辆420台次，从7月20日至今累计清掏雨水井1.2万个。",
     [("ops.staff_deployed", "level", "2021-07-25/2021-07-26", 3650),
      ("ops.vehicles_deployed", "level", "2021-07-25/2021-07-26", 420)],
     [("ops.staff_deployed", "level", "2021-07-25"), ("ops.staff_deployed", "level", "2021-07-26")]),
    # openings counted in 个次, drains in 处, wells in 只; what was cleared called 废弃物
    ("ops", date(2020, 6, 2), "昨天，全区共清除了12.6万个次道路排水口周边杂物，疏通下水道86余处，清理窨井140余只，清运废弃物75吨。",
     [("ops.wells_cleared", "level", "2020-06-01", 126000), ("ops.wells_cleared", "level", "2020-06-01", 86),
      ("ops.wells_cleared", "level", "2020-06-01", 140), ("ops.sludge_removed", "level", "2020-06-01", 75)], []),
    # water trucks by size and garbage trucks counted after their number; one truck in a story is no count, nor a fleet
    ("ops", date(2023, 6, 6), "6月5日，全区出动作业人员300人次，出动5辆高压水车、12台小水车冲洗路面，另有一辆垃圾车抛锚。"
     "该区共有垃圾车40辆。",
     [("ops.staff_deployed", "level", "2023-06-05", 300), ("ops.vehicles_deployed", "level", "2023-06-05", 5),
      ("ops.vehicles_deployed", "level", "2023-06-05", 12)], [1, 40]),
    # a team's members and sanitation staff counted after their number
    ("ops", date(2022, 7, 12), "7月11日，3支抢险队260余名队员全部投入排涝一线，全区1.2万名环卫职工上岗作业。",
     [("ops.staff_deployed", "level", "2022-07-11", 260), ("ops.staff_deployed", "level", "2022-07-11", 12000)], [3]),
    # a Chinese numeral with 余/多 is a tally even when a verb follows its unit (an article has no 余); 一 stays an article
    ("ops", date(2023, 9, 3), "9月2日，区环卫所连夜派出两千余人开展道路保洁，另调集八十多辆清运车转运垃圾，一名保洁员轻伤。",
     [("ops.staff_deployed", "level", "2023-09-02", 2000), ("ops.vehicles_deployed", "level", "2023-09-02", 80)], [1]),
    # a short modifier between the measure word and the counted noun; a float in a parade is no vehicle the bulletin
    # counts, and a stock of wells is no clearing
    ("ops", date(2024, 5, 21), "5月20日，全市4200余名一线环卫工人坚守岗位，对城区1500余座雨水收集井开展清掏。"
     "广场上摆放了40辆主题花车。全市共有6000余座雨水收集井。",
     [("ops.staff_deployed", "level", "2024-05-20", 4200), ("ops.wells_cleared", "level", "2024-05-20", 1500)], [40, 6000]),
    # 万 before the counted noun without a measure word; a weight right after 清扫; a bare number before a truck is loads
    ("ops", date(2020, 1, 2), "元旦当天，全市2.6万环卫职工共清扫了860吨垃圾，另清理杂物35压缩车。",
     [("ops.staff_deployed", "level", "2020-01-01", 26000), ("ops.sludge_removed", "level", "2020-01-01", 860)], [35]),
    # 支援 sends people out too; people left waiting are none
    ("ops", date(2019, 8, 12), "截至11日晚8时，区里动员保洁人员1200人，并由消防支队支援150人，另有80人原地待命。",
     [("ops.staff_deployed", "level", "2019-08-11", 1200), ("ops.staff_deployed", "level", "2019-08-11", 150)], [80]),
    # equipment counted after all the vehicles (车辆) is not more vehicles; after vehicles by type it is one more item
    ("ops", date(2022, 12, 13), "截至今晨6时，全区出动扫雪人员3200人次，出动作业车辆410余台，设备620余台次。"
     "另一区出动推雪车30辆，铲车12辆，其他设备25台。",
     [("ops.staff_deployed", "level", "2022-12-13", 3200), ("ops.vehicles_deployed", "level", "2022-12-13", 410),
      ("ops.vehicles_deployed", "level", "2022-12-13", 25)], [620]),
    # a weight after 其中 with no day of its own is a kind of the refuse weighed before (no code); 其中除夕 is the eve's
    ("ops", date(2021, 2, 27), "春节长假期间，全县共清运烟花爆竹垃圾310吨，其中除夕夜清理64吨。\n"
     "元宵节当晚，全县共清运各类垃圾520吨，其中烟花爆竹垃圾12余吨。",
     [("ops.sludge_removed", "level", "2021-02-11/2021-02-17", 310), ("ops.sludge_removed", "level", "2021-02-11", 64),
      ("ops.sludge_removed", "level", "2021-02-26", 520)], [12]),
    # 7月9日后 is the days after that day, not the day: a running count after it keeps the paragraph's span
    ("ops", date(2020, 7, 12), "7月8日至10日，全县连降暴雨。7月9日后，排水所累计投入抢险人员215人，车辆60余车次。",
     [("ops.staff_deployed", "level", "2020-07-08/2020-07-10", 215), ("ops.vehicles_deployed", "level", "2020-07-08/2020-07-10", 60)],
     [("ops.staff_deployed", "level", "2020-07-09")]),
    # a lane's settling pit (沉淀池) is a drainage opening cleared
    ("ops", date(2022, 7, 30), "截至目前，已清理背街巷道沉淀池45个、雨水篦子300余个、排水沟200余米。",
     [("ops.wells_cleared", "level", "2022-07-30", 45), ("ops.wells_cleared", "level", "2022-07-30", 300)], [200]),
]

# A release's own period when its figures name none: the running span of its heading or opening, never a year not over at
# publication (a plan's year: 围绕2024年目标任务, in May); 当月 after a running span is its last month; a population
# counted or a comparator right before the rank verb (五区县排名第二, 全市排名第四) is the ranked population.
RELEASE_PERIODS: list[Case] = [
    # 分季度看: quarters listed one after another are each their own three months, and the release's span goes on after
    ("stats", date(2019, 10, 22), "前三季度，全市生产总值2210.4亿元，同比增长6.9%。分季度看，一季度增长6.5%，二季度增长7.0%，"
     "三季度增长7.2%。分产业看，第二产业增加值905.2亿元，增长6.3%。",
     [("gdp", "yoy_pct", "2019-01/2019-03", 6.5), ("gdp", "yoy_pct", "2019-04/2019-06", 7.0),
      ("gdp", "yoy_pct", "2019-07/2019-09", 7.2), ("secondary_va", "level", "2019-01/2019-09", 905.2),
      ("secondary_va", "yoy_pct", "2019-01/2019-09", 6.3)], [("secondary_va", "level", "2019-01/2019-03")]),
    # a quarter alone in a release still reports the months from January
    ("stats", date(2019, 10, 22), "三季度，全县规模以上工业增加值增长5.1%。", [("industrial_va", "yoy_pct", "2019-01/2019-09", 5.1)],
     []),
    ("stats", date(2024, 5, 20), "今年以来，全区围绕2024年目标任务，狠抓落实。前四个月经济运行平稳。\n"
     "一、1-4月主要指标\n全区生产总值完成61.3亿元，同比增长5.2%。",
     [("gdp", "level", "2024-01/2024-04", 61.3), ("gdp", "yoy_pct", "2024-01/2024-04", 5.2)], [("gdp", "level", "2024")]),
    ("stats", date(2019, 8, 15), "全县紧盯2019年发展目标。\n一、上半年经济运行情况\n全县規模以上工業增加值增長8.1%。",
     [("industrial_va", "yoy_pct", "2019-01/2019-06", 8.1)], [("industrial_va", "yoy_pct", "2019")]),
    # a year that is over stays the release's period
    ("stats", date(2024, 2, 1), "2023年全市经济运行情况\n全市生产总值完成820亿元，增长6.0%。",
     [("gdp", "level", "2023", 820)], []),
    ("stats", date(2022, 10, 20), "1-9月，全县规上工业增加值同比增长6.3%，其中，当月规上工业增加值增长8.8%。",
     [("industrial_va", "yoy_pct", "2022-01/2022-09", 6.3), ("industrial_va", "yoy_pct", "2022-09", 8.8)],
     [("industrial_va", "yoy_pct", "2022-01/2022-09", 8.8)]),
    ("stats", date(2021, 4, 28), "一季度，全区社会消费品零售总额18.6亿元，增长9.4%，五区县排名第二。",
     [("retail_sales", "rank", "2021-01/2021-03", 2)], []),
    ("stats", date(2021, 4, 28), "一季度，全县一般公共预算收入3.2亿元，同比增长4.1%(全市5.0%)，全市排名第四。",
     [("budget_revenue", "rank", "2021-01/2021-03", 4)], []),
    # the sum signed named with 总 (总签约额, 签约总额) is the amount signed
    ("stats", date(2021, 8, 25), "1-7月，全县新签约项目32个，總簽約額126億元。", [("investment_signed", "level", "2021-01/2021-07", 126)], []),
    # progress against a goal is no share (占年度目标任务的N%, 完成全年目标的N%), and the goal's 全年 dates nothing
    ("stats", date(2021, 8, 25), "1-7月，全县總簽約額126億元，占年度目标任务的63.2%；一般公共预算收入8.1亿元，完成全年目标的57.5%。",
     [("investment_signed", "level", "2021-01/2021-07", 126), ("budget_revenue", "level", "2021-01/2021-07", 8.1)],
     [63.2, 57.5]),
    # the population ranked written 在…中 with its own count (在全国15个副省级城市中) is no number and keeps the subject
    ("stats", date(2021, 8, 25), "1-7月，全市固定资产投资同比增长9.5%，在全国15个副省级城市中排名第3位，在全省11个地市中位居首位。",
     [("fixed_asset_investment", "rank", "2021-01/2021-07", 3), ("fixed_asset_investment", "rank", "2021-01/2021-07", 1)], [15, 11]),
    # a change against its own earlier period (比去年同期加快/放缓…个百分点) keeps the subject for the rank after it
    ("stats", date(2021, 4, 28), "一季度，全区生产总值增长6.3%，比上年同期加快1.9个百分点，七区县排名第二；固定资产投资增长4%，较去年同期放缓2个百分点，"
     "全市排名第六。",
     [("gdp", "rank", "2021-01/2021-03", 2), ("fixed_asset_investment", "rank", "2021-01/2021-03", 6)], [1.9]),
    # a sector by itself followed by investment (第二产业完成投资) is the sector's investment, never its value added
    ("stats", date(2018, 7, 25), "上半年，全县第三产业增加值增长8.0%。\n上半年，第一产业完成投资3.1亿元，下降12.5%；第二產業投資"
     "41.7億元，增長9.9%。",
     [("tertiary_va", "yoy_pct", "2018-01/2018-06", 8.0)], [("primary_va", "level", "2018-01/2018-06"), 41.7, -12.5, 9.9]),
    ("stats", date(2018, 7, 25), "上半年，全县生产总值增长6.6%，第一产业实现7.2亿元，第二产业增长5.1%。",
     [("primary_va", "level", "2018-01/2018-06", 7.2), ("secondary_va", "yoy_pct", "2018-01/2018-06", 5.1)], []),
]

# A subset of the service's trains named in the count's clause (定制班列, 专列, trains above a cargo value) is no total of
# the service, nor is the growth after it; the cargo of one dispatch (本次发运…, 为某企业专列…) is that train's load.
SUBSETS: list[Case] = [
    ("rail", date(2024, 2, 5), "2023年，中欧班列(襄阳)共发运412列，同比增长9.6%。其中，为汽车企业开行定制班列97列，同比增长31.2%。",
     [("rail.trains", "level", "2023", 412), ("rail.trains", "yoy_pct", "2023", 9.6)], [97, 31.2]),
    ("rail", date(2022, 8, 3), "7月，中欧班列(宜昌)開行58列，其中為外貿企業開行冷鏈專列12列。",
     [("rail.trains", "level", "2022-07", 58)], [12]),
    ("rail", date(2022, 8, 3), "7月，中欧班列(宜昌)开行58列，发运货值超五百万美元班列超9列。",
     [("rail.trains", "level", "2022-07", 58)], [9]),
    ("rail", date(2023, 5, 4), "5月3日，一列中欧班列从南站驶出。这是今年开行的第210列中欧班列，本次发运共计50车，货重800吨。",
     [], [50, 0.08]),
    ("rail", date(2023, 5, 4), "5月3日上午发运的去程班列为家电企业专列，共装载86TEU。", [], [86]),
    # 个TEU is a count of containers
    ("rail", date(2026, 2, 25), "春节假期，中欧班列(株洲)累计发运超900个TEU。", [("rail.teu", "level", "2026-02-15/2026-02-23", 900)], []),
]

# Teams formed and put on standby (成立了…组成的队伍，…，随时待命) are resources, not a deployment; a sentence that sends
# something out (出动) counts its people and vehicles though it puts others on standby.
STANDBY: list[Case] = [
    ("ops", date(2019, 1, 8), "1月7日，全县迎来降雪。县城管局成立了60余人组成的抢险队和420余名环卫工人组成的扫雪队伍，配备撒盐车5辆，24小时待命。",
     [], [60, 420, 5]),
    ("ops", date(2019, 1, 8), "1月7日，全縣迎來降雪。縣城管局出動環衛工人420余名、撒鹽車5輛，其餘人員嚴陣以待。",
     [("ops.staff_deployed", "level", "2019-01-07", 420), ("ops.vehicles_deployed", "level", "2019-01-07", 5)], []),
    ("ops", date(2019, 1, 8), "1月7日，全县1.2万名环卫工人走上街头，共出动车辆310台次，另有200余台除雪设备严阵以待。",
     [("ops.staff_deployed", "level", "2019-01-07", 12000), ("ops.vehicles_deployed", "level", "2019-01-07", 310)], []),
    # manpower (人力) and cleaners called 人工保洁员 are people sent out; 动员 sends them out
    ("ops", date(2016, 9, 16), "昨日风灾过后，全市動員清潔人力2150人，另共动员600多名人力支援。",
     [("ops.staff_deployed", "level", "2016-09-15", 2150), ("ops.staff_deployed", "level", "2016-09-15", 600)], []),
    ("ops", date(2016, 9, 16), "昨日风灾过后，街道安排了80名人工保洁员分段清扫。", [("ops.staff_deployed", "level", "2016-09-15", 80)], []),
]

# A running span of months followed by 分别 and as many numbers as it has months gives one value per month, and rates
# listed after them pair with them; a clause describing the trend in between (呈逐月上升态势) keeps the subject.
MONTH_LISTS: list[Case] = [
    ("rail", date(2021, 4, 8), "今年1-3月，中欧班列(西宁)分别开行12列、15列和21列，呈稳步增长态势，且同比分别增长20%、25%和31.3%。",
     [("rail.trains", "level", "2021-01", 12), ("rail.trains", "level", "2021-02", 15), ("rail.trains", "level", "2021-03", 21),
      ("rail.trains", "yoy_pct", "2021-01", 20), ("rail.trains", "yoy_pct", "2021-03", 31.3)],
     [("rail.trains", "level", "2021-01/2021-03")]),
    ("rail", date(2021, 7, 8), "5-6月份，中歐班列(銀川)分別開行9列和13列。",
     [("rail.trains", "level", "2021-05", 9), ("rail.trains", "level", "2021-06", 13)], []),
    # a 分别 list with nothing to spread it over (more numbers than months, directions listed before 分别) is a guess
    ("rail", date(2021, 7, 8), "今年上半年，中欧班列(西宁)分别开行52列、60列。", [], [52, 60]),
    ("rail", date(2021, 4, 8), "今年一季度，中欧班列(西宁)去程、回程分别开行30列和18列。", [], [30, 18]),
    # as many numbers as months but no 分别: no month by month reading
    ("rail", date(2021, 4, 8), "今年1-3月，中欧班列(西宁)开行48列，其中回程3列。", [("rail.trains", "level", "2021-01/2021-03", 48)],
     [("rail.trains", "level", "2021-01")]),
]

# Running totals and the year so far: 截至目前…已累计发运 after a period named earlier in the sentence counts from the start;
# 突破N列大关 is a count; in a paragraph about this year so far (今年以来) a count not called a running total is this year's.
RUNNING: list[Case] = [
    ("rail", date(2023, 2, 3), "2023年开年，车站一派繁忙……记者3日获悉，截至目前，中欧班列(襄阳)已累计发运超1200列，通达9个国家。",
     [("rail.trains_cumulative", "level", "2023-02-03", 1200)], [("rail.trains", "level", "2023-02-03")]),
    ("rail", date(2022, 6, 2), "六年来，中欧班列(西宁)累计开行突破900列大关。", [("rail.trains_cumulative", "level", "2022-06-02", 900)], []),
    ("rail", date(2024, 4, 12), "本报4月12日电 记者获悉。\n今年以来，口岸班列保持增长。4月8日，二连浩特铁路口岸通行中欧班列数量突破800列，"
     "比去年提前9天。截至4月10日，满洲里铁路口岸通行中欧班列1210列。",
     [("rail.trains", "level", "2024-01-01/2024-04-08", 800), ("rail.trains", "level", "2024-01-01/2024-04-10", 1210)],
     [("rail.trains_cumulative", "level", "2024-04-10")]),
    # 1月…累计 is January itself; trains counted in 标准列 are trains; 已超去年同期N% compares with last year, it is no rate
    # of last year's
    ("rail", date(2022, 2, 3), "至此，中欧班列(襄阳)2022年1月累计开行41列标准列，一月份开行量已超去年同期30%以上。",
     [("rail.trains", "level", "2022-01", 41)], [("rail.trains", "yoy_pct", "2021-01")]),
    # the paragraph also speaks of the service since it began: 截至… stays a running total
    ("rail", date(2018, 12, 10), "自2015年首发以来，班列发展迅速，今年以来运量提升。截至2018年12月7日，中欧班列(赣州)已往返运行410列。",
     [("rail.trains_cumulative", "level", "2018-12-07", 410)], []),
]

# Rates after 分别 pair with the levels stated since the last rate when those are as many, each of its own indicator;
# with one level too many since that rate the pairing is a guess and nothing is read.
RATES_SINCE: list[Case] = [
    ("stats", date(2022, 3, 30), "2021年全区生产总值205.6亿元，比上年增长7.1%，其中第一产业增加值9.8亿元、第二产业增加值88.1亿元、"
     "第三产业增加值107.7亿元，分别增长2.2%、8.4%和6.9%。",
     [("gdp", "yoy_pct", "2021", 7.1), ("primary_va", "yoy_pct", "2021", 2.2), ("secondary_va", "yoy_pct", "2021", 8.4),
      ("tertiary_va", "yoy_pct", "2021", 6.9)], []),
    ("stats", date(2022, 3, 30), "2021年全区生产总值205.6亿元，增长7.1%，社会消费品零售总额60.2亿元，第一产业增加值9.8亿元、"
     "第二产业增加值88.1亿元，分别增长2.2%和8.4%。",
     [("gdp", "yoy_pct", "2021", 7.1)], [2.2, 8.4]),
]


# Campaign bulletins (issue 14): a count since the day something began (自5月1日启动以来) is a span of days closed on the day
# counted to (截至…); a span written start 至 end may end on 今/目前/当日; a blocker word opening an institution's name
# (综合行政执法局) blocks nothing, so the day's counts after it or after a purpose clause are read. A day with its year
# written (自2013年7月18日开行以来) stays a service's start: its running total is the as-of day's.
CAMPAIGN_SPANS: list[Case] = [
    ("ops", date(2023, 5, 3), "截至5月2日，自5月1日启动以来，城管局累计清掏雨污水井1520个，出动人员230余人次。",
     [("ops.wells_cleared", "level", "2023-05-01/2023-05-02", 1520), ("ops.staff_deployed", "level", "2023-05-01/2023-05-02", 230)],
     [("ops.wells_cleared", "level", "2023-05-02")]),
    ("ops", date(2024, 6, 10), "自6月1日开展排水设施专项整治以来，截至6月9日，我区累计疏通雨水口860个。",
     [("ops.wells_cleared", "level", "2024-06-01/2024-06-09", 860)], []),
    ("ops", date(2022, 4, 6), "4月6日，经开区综合行政执法局开展汛前排查。4月1日至当日，经开区综合行政执法局累计排查道路31条。",
     [("ops.roads_inspected", "level", "2022-04-01/2022-04-06", 31)], []),
    ("ops", date(2021, 7, 20), "7月1日至目前，区综合执法大队累计巡查道路142条，出动车辆96台次。",
     [("ops.roads_inspected", "level", "2021-07-01/2021-07-20", 142), ("ops.vehicles_deployed", "level", "2021-07-01/2021-07-20", 96)], []),
    ("ops", date(2022, 4, 3), "为做好汛前准备工作，4月3日，经开区综合行政执法局出动人员105人次、车辆15台次，排查道路5条。",
     [("ops.staff_deployed", "level", "2022-04-03", 105), ("ops.vehicles_deployed", "level", "2022-04-03", 15),
      ("ops.roads_inspected", "level", "2022-04-03", 5)], []),
    ("ops", date(2023, 6, 12), "6月12日，市综合行政执法局开展防汛巡查。当日，市综合行政执法局出动人员88人次、车辆12台次。",
     [("ops.staff_deployed", "level", "2023-06-12", 88), ("ops.vehicles_deployed", "level", "2023-06-12", 12)], []),
    ("rail", date(2022, 4, 23), "截至4月22日，中欧班列(郑州)自2013年7月18日开行以来累计开行6000列。",
     [("rail.trains_cumulative", "level", "2022-04-22", 6000)], []),
]


# 年初至4月20日, 年初以来, 年初至今 (no year written): from the first of the year, closed on the day after 至 (else the
# as-of day); 去年年初以来 runs into this year and dates nothing of the contract.
YEAR_START: list[Case] = [
    ("rail", date(2024, 4, 25), "年初至4月20日，经二连浩特铁路口岸进出境的中欧班列达812列8.6万标箱，同比分别增长6.1%、9.4%。",
     [("rail.trains", "level", "2024-01-01/2024-04-20", 812), ("rail.teu", "level", "2024-01-01/2024-04-20", 86000),
      ("rail.trains", "yoy_pct", "2024-01-01/2024-04-20", 6.1), ("rail.teu", "yoy_pct", "2024-01-01/2024-04-20", 9.4)],
     [("rail.trains", "level", "2024-04-20")]),
    ("rail", date(2021, 9, 8), "自年初以來，長沙中歐班列共開行603列。",
     [("rail.trains", "level", "2021-01-01/2021-09-08", 603)], [("rail.trains_cumulative", "level", "2021-09-08")]),
    ("rail", date(2022, 11, 2), "年初至今，中欧班列(成都)开行1420列，较去年同期增长3.2%。",
     [("rail.trains", "level", "2022-01-01/2022-11-02", 1420), ("rail.trains", "yoy_pct", "2022-01-01/2022-11-02", 3.2)],
     [("rail.trains_cumulative", "level", "2022-11-02")]),
]

# Trains counted in converted trains (开行500折算列) are trains.
CONVERTED_TRAINS: list[Case] = [
    ("rail", date(2023, 1, 9), "2022年，南京中欧班列全年开行进出口班列318折算列，其中回程班列62折算列。",
     [("rail.trains", "level", "2022", 318)], []),
]

# 这次/此次 name one dispatch, like 本次: the cargo after it in its sentence is that train's load.
THIS_DISPATCH: list[Case] = [
    ("rail", date(2023, 5, 6), "“这次装的主要是汽车配件和小家电，共有50个标准集装箱，货重约410吨。”货主张某说。",
     [], [50, 0.041]),
    ("rail", date(2023, 5, 6), "此次开出的班列共45车，货值约2300万元。", [], [45, 0.23]),
    ("rail", date(2023, 5, 6), "此次发布的数据显示，今年1-4月，中欧班列(西安)运送货物8.1万标箱。",
     [("rail.teu", "level", "2023-01/2023-04", 81000)], []),
]

# A dateline's day (本报北京5月28日电) gives way to a day the sentence tells after it; a rail sentence opening with 至此
# counts its running totals to the day the sentence before told.
TOLD_DAY: list[Case] = [
    ("rail", date(2024, 9, 12), "新华社乌鲁木齐9月11日电 9月9日，随着一列中欧班列驶出霍尔果斯站，霍尔果斯铁路口岸今年通行中欧班列突破5000列。",
     [("rail.trains", "level", "2024-01-01/2024-09-09", 5000), ("rail.milestone", "level", "2024-09-09", 5000)],
     [("rail.trains", "level", "2024-01-01/2024-09-11")]),
    ("rail", date(2019, 6, 4), "某网6月4日讯 6月2日上午，一列满载陶瓷的班列从佛山站出发，预计6月18日到达莫斯科。至此，佛山站开行中欧班列已达166列，"
     "运送货物3.1万吨。",
     [("rail.trains_cumulative", "level", "2019-06-02", 166), ("rail.cargo_weight", "level", "2019-06-02", 3.1)],
     [("rail.trains_cumulative", "level", "2019-06-04")]),
    # the dateline dates the story's running totals, whatever earlier day its sentence tells (LABELS: rail_20 at the
    # dispatch's dateline)
    ("rail", date(2021, 3, 10), "新华社重庆3月9日电 记者在8日举行的中欧班列推介会上了解到，截至目前，中欧班列(重庆)累计开行超1.2万列。\n"
     "目前，中欧班列(重庆)已通达欧洲30个国家、110个城市。",
     [("rail.countries_served", "level", "2021-03-09", 30), ("rail.cities_served", "level", "2021-03-09", 110)],
     [("rail.countries_served", "level", "2021-03-08")]),
    ("rail", date(2021, 3, 10), "新华社重庆3月9日电 截至目前，中欧班列(重庆)累计开行超1.2万列。\n2011年3月19日，首列班列开出。"
     "目前，中欧班列(重庆)已通达欧洲30个国家。",
     [("rail.trains_cumulative", "level", "2021-03-09", 12000), ("rail.countries_served", "level", "2021-03-09", 30)], []),
]


# A rail rate year on year that would be dated by a single day takes the year so far of the count its sentence stated
# up to that day (今年第800列18日开行，…，开行数量同比增长35%); a day's own count keeps the day.
RATE_OF_THE_YEAR_SO_FAR: list[Case] = [
    ("rail", date(2021, 6, 20), "中欧班列(郑州)2021年度第800列18日顺利发车，比去年提前30天，开行数量同比增长35%。",
     [("rail.trains", "level", "2021-01-01/2021-06-18", 800), ("rail.trains", "yoy_pct", "2021-01-01/2021-06-18", 35)],
     [("rail.trains", "yoy_pct", "2021-06-18")]),
    ("rail", date(2021, 6, 20), "6月18日，中欧班列(郑州)开行12列，同比增长20%。",
     [("rail.trains", "level", "2021-06-18", 12), ("rail.trains", "yoy_pct", "2021-06-18", 20)], []),
]


# A headline's 突破N列 over a body that counts the period's trains just above N (and states no running total near it)
# rounds that count down: it is the period's count, not a running total.
ROUNDED_HEADLINES: list[Case] = [
    ("rail", date(2024, 11, 5), "二连浩特铁路口岸中欧班列通行量突破3200列\n今年以来，经二连浩特铁路口岸进出境的中欧班列达3267列，"
     "运送货物32.1万标箱。",
     [("rail.trains", "level", "2024-01-01/2024-11-05", 3200), ("rail.trains", "level", "2024-01-01/2024-11-05", 3267)],
     [("rail.trains_cumulative", "level", "2024-11-05")]),
    ("rail", date(2024, 11, 5), "中欧班列(厦门)开行量突破3000列\n今年以来，中欧班列(厦门)开行410列；截至11月4日，累计开行3012列。",
     [("rail.trains_cumulative", "level", "2024-11-04", 3000), ("rail.trains", "level", "2024-01-01/2024-11-04", 410)], []),
]


# 从2015年至今年2月29日 (a year, then 至 and a day with its year): the span from the year's first day to that day, not a
# running total (the 至今 inside it is no marker); a bare 自2014年至今 stays a running total. 车厢/车箱 count wagons.
YEAR_TO_DAY: list[Case] = [
    ("rail", date(2017, 4, 2), "“蓉欧快铁”從2014年至今年3月31日，已開行班列126趟、5120車廂、貨重6.2萬噸。",
     [("rail.trains", "level", "2014-01-01/2017-03-31", 126), ("rail.wagons", "level", "2014-01-01/2017-03-31", 5120),
      ("rail.cargo_weight", "level", "2014-01-01/2017-03-31", 6.2)], [("rail.trains_cumulative", "level", "2017-03-31")]),
    ("rail", date(2017, 4, 2), "自2014年至今，中欧班列(成都)累计开行1260列。",
     [("rail.trains_cumulative", "level", "2017-04-02", 1260)], []),
]


# Release phrasings (xstats round): a year written before a span that began then (`2016年第三季度以来`) sets no year
# for what follows; `一般预算支出` names the budget's expenditure; the industry above the size threshold with a verb
# before its gross output (`规模以上工业实现总产值`); projects signed (`签约项目`, `新签约亿元以上工业项目`, `签约落户`) and
# their agreed investment (`协议总投资`); a gap `落后于`/`领先于` a comparator; a bare place after `排名` (`总量排名12`);
# rates after `分别` pair with as many amounts of one unit, an amount of no indicator taking none; a share of GDP is read
# for value added only; in a release the last month of the running span (`5月份` after `1-5月`) is an aside, the
# paragraph goes on in the span; a line that ends with an indicator's name and a line that opens with an amount are
# read as one (an infographic's label and its figure), and so is a line opening with `占` after one that ends without a
# full stop (a share broken onto the next line); what leads a whole (`以汽车为代表的`) is filler before it.
RELEASE_XSTATS: list[Case] = [
    ("stats", date(2017, 3, 20), "2016年东山县国民经济统计公报\n2016年，全县经济扭转了2015年第三季度以来下行的局面。\n"
     "全年全县生产总值528610万元，比上年增长6.1%。一般预算支出98265万元，下降1.7%。",
     [("gdp", "level", "2016", 52.861), ("gdp", "yoy_pct", "2016", 6.1), ("budget_expenditure", "level", "2016", 9.8265),
      ("budget_expenditure", "yoy_pct", "2016", -1.7)], [("gdp", "level", "2015")]),
    ("stats", date(2015, 10, 12), "1-9月份，全县规模以上工业实现总产值88.6亿元，增长12.7%。",
     [("industrial_output", "level", "2015-01/2015-09", 88.6), ("industrial_output", "yoy_pct", "2015-01/2015-09", 12.7)], []),
    ("stats", date(2016, 8, 5), "1-7月，全區新簽約億元以上產業項目36個，協議總投資215.4億元，開工項目21個。",
     [("investment_projects", "level", "2016-01/2016-07", 36), ("investment_signed", "level", "2016-01/2016-07", 215.4)],
     [21]),
    # a part of the projects (外资) is not the whole
    ("stats", date(2016, 8, 5), "上半年，全市签约外资项目7个。", [], [7]),
    # 签约招商项目, 签约投资合作项目: the kind of project in investment promotion's words; 签约资金 the amount signed
    ("stats", date(2022, 11, 3), "1-10月，全县共签约招商项目58个，签约资金213.6亿元，新开工项目19个。",
     [("investment_projects", "level", "2022-01/2022-10", 58), ("investment_signed", "level", "2022-01/2022-10", 213.6)],
     [19]),
    ("stats", date(2021, 5, 14), "1-4月，全區新簽約投資合作項目47個、協議投資總額180.2億元。",
     [("investment_projects", "level", "2021-01/2021-04", 47), ("investment_signed", "level", "2021-01/2021-04", 180.2)],
     []),
    ("stats", date(2023, 7, 25), "上半年，全县地区生产总值增速落后于全市平均水平0.8个百分点，规上工业增加值增速领先全省1.6个百分点。",
     [("gdp", "pp_diff", "2023-01/2023-06", -0.8), ("industrial_va", "pp_diff", "2023-01/2023-06", 1.6)], []),
    ("stats", date(2023, 4, 26), "一季度，全镇实现地区生产总值41.2亿元，总量排名12，增长6.3%，增速排名前10。",
     [("gdp", "rank", "2023-01/2023-03", 12), ("gdp", "yoy_pct", "2023-01/2023-03", 6.3)], [10]),
    ("stats", date(2012, 9, 10), "8月，全区规模以上工业企业实现工业总产值64.3亿元、出口交货值12.8亿元，同比分别增长21.5%、9.2%。",
     [("industrial_output", "level", "2012-08", 64.3), ("industrial_output", "yoy_pct", "2012-08", 21.5)], [9.2]),
    # amounts in other units than the rates are many: no pairing is read
    ("stats", date(2012, 9, 10), "8月，全区规模以上工业企业实现工业总产值64.3亿元、新增企业12家，同比分别增长21.5%、9.2%。",
     [("industrial_output", "level", "2012-08", 64.3)], [21.5, 9.2]),
    ("stats", date(2022, 2, 10), "2021年，全市税收收入占GDP比重为8.3%，一般公共预算收入占生产总值比重为7.5%，"
     "第二产业增加值占生产总值的比重为41.2%。",
     [("secondary_va", "share_pct", "2021", 41.2)], [8.3, 7.5]),
    # the last month of the running span (5月份 after 1-5月) dates its own sentence; the paragraph goes on in the span
    ("stats", date(2021, 6, 20), "1-5月，全县规上工业增加值增长6.2%；5月份规上工业增加值增长4.1%。全县规上工业总产值增长9.3%。",
     [("industrial_va", "yoy_pct", "2021-05", 4.1), ("industrial_output", "yoy_pct", "2021-01/2021-05", 9.3)],
     [("industrial_output", "yoy_pct", "2021-05")]),
    # an infographic's label line and its figure on the next line
    ("stats", date(2022, 7, 25), "全市地方\n一般公共预算支出\n612.35亿元 同比增长8.4%\n上半年全市税收收入\n203.6亿元 增长5.1%",
     [("budget_expenditure", "level", "2022-01/2022-06", 612.35), ("budget_expenditure", "yoy_pct", "2022-01/2022-06", 8.4),
      ("tax_revenue", "level", "2022-01/2022-06", 203.6), ("tax_revenue", "yoy_pct", "2022-01/2022-06", 5.1)], []),
    ("stats", date(2022, 7, 25), "1-6月，全县规上工业总产值\n3家企业新投产，增长12%", [], [3, 12]),
    # a share broken onto the next line goes on the line before (a part without a code gets none)
    ("stats", date(2022, 7, 25), "上半年全市税收收入增长7.3%\n占一般公共预算收入比重为76.2%\n其中，全市教育支出88.1亿元\n"
     "占一般公共预算支出的18.2%", [("tax_revenue", "share_pct", "2022-01/2022-06", 76.2)], [18.2]),
    # what leads the whole, named before it (以…为代表的, 以…为龙头的), keeps the whole the subject
    ("stats", date(2013, 8, 12), "7月，以装备制造为龙头的全县规上工业企业完成工业总产值31.5亿元，以纺织为代表的轻工业增长9.2%。",
     [("industrial_output", "level", "2013-07", 31.5)], [9.2]),
]




# Every level of administration names its own place so: a league (全盟), a banner (全旗), a new area (全新区), a
# development zone (全开发区), a park (全园区); and compares with one (高于全盟).
OWN_PLACES: list[Case] = [
    ("stats", date(2023, 7, 28), "上半年，全盟实现地区生产总值612.3亿元，同比增长6.1%，高于全区平均水平0.8个百分点。",
     [("gdp", "level", "2023-01/2023-06", 612.3), ("gdp", "yoy_pct", "2023-01/2023-06", 6.1),
      ("gdp", "pp_diff", "2023-01/2023-06", 0.8)], []),
    ("stats", date(2022, 10, 25), "前三季度，全旗规模以上工业增加值增长9.4%，增速高于全盟2.1个百分点。",
     [("industrial_va", "yoy_pct", "2022-01/2022-09", 9.4), ("industrial_va", "pp_diff", "2022-01/2022-09", 2.1)], []),
    ("stats", date(2021, 4, 20), "一季度，全新区完成固定资产投资83.6亿元，同比增长21.7%。",
     [("fixed_asset_investment", "level", "2021-01/2021-03", 83.6),
      ("fixed_asset_investment", "yoy_pct", "2021-01/2021-03", 21.7)], []),
    ("stats", date(2024, 1, 30), "2023年，全開發區實現規模以上工業總產值1520億元，增長7.9%。",
     [("industrial_output", "level", "2023", 1520), ("industrial_output", "yoy_pct", "2023", 7.9)], []),
    # 该区/该县: a reporter refers back to the place the story has named
    ("stats", date(2024, 8, 2), "记者获悉，今年以来城东区发展势头良好。上半年，该区规模以上工业增加值增长7.3%，高于全市0.9个百分点。",
     [("industrial_va", "yoy_pct", "2024-01/2024-06", 7.3), ("industrial_va", "pp_diff", "2024-01/2024-06", 0.9)], []),
    ("stats", date(2023, 10, 30), "本报讯 前三季度，河口县经济稳步回升，该县固定资产投资同比增长12.4%。",
     [("fixed_asset_investment", "yoy_pct", "2023-01/2023-09", 12.4)], []),
]

# GDP written right before its figure (实现GDP56.8亿元) as before a space; other Latin letters still end no number
# (PM2.5, G20); routes counted in any unit of trains (发往霍尔果斯3趟).
WRITTEN_CLOSE: list[Case] = [
    ("stats", date(2025, 4, 22), "一季度，全县实现GDP56.82亿元，同比增长5.3%。",
     [("gdp", "level", "2025-01/2025-03", 56.82), ("gdp", "yoy_pct", "2025-01/2025-03", 5.3)], []),
    ("stats", date(2016, 2, 20), "2015年全市GDP2443940万元，比上年增长7.1%；PM2.5平均浓度下降8%。",
     [("gdp", "level", "2015", 244.394), ("gdp", "yoy_pct", "2015", 7.1)], [2.5]),
    # 2020年度: the year as a whole
    ("stats", date(2021, 2, 26), "2020年度全区完成生产总值356.6亿元，下降4.2%；2020年度，全县规上工业增加值增长1.5%。",
     [("gdp", "level", "2020", 356.6), ("gdp", "yoy_pct", "2020", -4.2), ("industrial_va", "yoy_pct", "2020", 1.5)], []),
    ("rail", date(2023, 6, 2), "6月1日，中欧班列(西安)全天开行5列。其中，西安发往马拉舍维奇3趟，西安发往杜伊斯堡2趟。",
     [("rail.trains", "level", "2023-06-01", 5), ("rail.route_trains", "level", "2023-06-01", 3),
      ("rail.route_trains", "level", "2023-06-01", 2)], []),
]

# A goal a release states (target_level, target_yoy_pct) for the year it is for: 年度目标：…, …目标为…, 预期增长,
# 确保…、力争…, 计划 (in a release the publisher's plan), 明年, a goal named right after its figure (…的年度目标).
GOALS: list[Case] = [
    # a goal noun that introduces the goals after a comma (预期目标是，…) reaches on as a colon does; 区域 is no place
    ("stats", date(2024, 1, 19), "2024年，我们将锚定区域定位。预期目标是，地区生产总值同比增长7%，固定资产投资同比增长6%。",
     [("gdp", "target_yoy_pct", "2024", 7), ("fixed_asset_investment", "target_yoy_pct", "2024", 6)],
     [("gdp", "yoy_pct", "2024")]),
    ("stats", date(2021, 2, 10), "2021年度目标：全县生产总值增长7%以上，规上工业增加值增长8%。",
     [("gdp", "target_yoy_pct", "2021", 7), ("industrial_va", "target_yoy_pct", "2021", 8)],
     [("gdp", "yoy_pct", "2021"), ("industrial_va", "yoy_pct", "2021")]),
    ("stats", date(2022, 1, 20), "2022年，全市社会消费品零售总额预期增长8%左右，一般公共预算收入预期增速为6%。",
     [("retail_sales", "target_yoy_pct", "2022", 8), ("budget_revenue", "target_yoy_pct", "2022", 6)], []),
    ("stats", date(2022, 3, 1), "今年全市税收收入全年目标为88亿元，年度目标是一般公共预算支出控制在150亿元以内。",
     [("tax_revenue", "target_level", "2022", 88)], [("tax_revenue", "level", "2022")]),
    ("stats", date(2022, 1, 15), "今年確保規上工業增加值增長7%、力爭8%，全縣固定資產投資增速目標設定為10%左右。",
     [("industrial_va", "target_yoy_pct", "2022", 7), ("industrial_va", "target_yoy_pct", "2022", 8),
      ("fixed_asset_investment", "target_yoy_pct", "2022", 10)], []),
    ("stats", date(2023, 1, 18), "2023年全县计划完成一般公共预算收入26亿元，努力实现地区生产总值增长6.5%的年度目标。",
     [("budget_revenue", "target_level", "2023", 26), ("gdp", "target_yoy_pct", "2023", 6.5)], []),
    ("stats", date(2022, 12, 20), "明年，全县力争规上工业增加值增长9%，商品房销售面积预期达到120万平方米。",
     [("industrial_va", "target_yoy_pct", "2023", 9), ("housing_sales_area", "target_level", "2023", 120)], []),
    # 比上年, 同口径 compare: the goal's year stays
    ("stats", date(2023, 2, 1), "全年力争全县生产总值比上年增长7%，确保地方一般公共预算收入同口径增长5%。",
     [("gdp", "target_yoy_pct", "2023", 7), ("budget_revenue", "target_yoy_pct", "2023", 5)], [("gdp", "target_yoy_pct", "2022")]),
    # a bulletin's plan is no fact
    ("rail", date(2023, 1, 12), "今年，中欧班列(齐鲁号)计划开行2500列，力争货值增长20%。", [], [2500, 20]),
]

# A list of goals: under a short line that names them as a noun (2024年主要预期目标, 主要目标任务：), one a line (一是…),
# or after ； in the sentence that opens it; the list ends at a section heading, a long line, or a line naming a period
# that is over or a year other than the goals'.
GOAL_LISTS: list[Case] = [
    ("stats", date(2023, 1, 8), "2023年全市主要预期目标\n地区生产总值增长6.5%左右；\n固定资产投资增长9%；\n\n"
     "一、2022年回顾\n2022年，全市地区生产总值增长4.8%。\n",
     [("gdp", "target_yoy_pct", "2023", 6.5), ("fixed_asset_investment", "target_yoy_pct", "2023", 9),
      ("gdp", "yoy_pct", "2022", 4.8)], [("gdp", "target_yoy_pct", "2022")]),
    ("stats", date(2022, 1, 12), "今年的主要预期目标是：全县生产总值增长7%；规上工业增加值增长8.5%；社会消费品零售总额增长9%。",
     [("gdp", "target_yoy_pct", "2022", 7), ("industrial_va", "target_yoy_pct", "2022", 8.5),
      ("retail_sales", "target_yoy_pct", "2022", 9)], [("industrial_va", "yoy_pct", "2022")]),
    ("stats", date(2024, 12, 18), "2025年全区主要目标任务：\n一是地区生产总值增长5.5%；\n二是一般公共预算收入达到28亿元。\n"
     "2024年，全区规上工业增加值增长8%。",
     [("gdp", "target_yoy_pct", "2025", 5.5), ("budget_revenue", "target_level", "2025", 28),
      ("industrial_va", "yoy_pct", "2024", 8)], [("industrial_va", "target_yoy_pct", "2024")]),
    # a line that only refers to goals heads no list (紧盯年度目标), and a line about results is no heading
    ("stats", date(2023, 7, 20), "上半年全县紧盯全年目标\n地区生产总值增长6.1%。",
     [("gdp", "yoy_pct", "2023-01/2023-06", 6.1)], [("gdp", "target_yoy_pct", "2023")]),
]

# Figures beside words about goals that are achieved, referred goals and forecasts: no goal.
NOT_GOALS: list[Case] = [
    ("stats", date(2023, 1, 25), "2022年，全县生产总值完成268亿元，增长5.1%，超额完成年度目标；2022年，全县社会消费品零售总额"
     "年度目标是增长8%，实际增长6.9%。",
     [("gdp", "level", "2022", 268), ("gdp", "yoy_pct", "2022", 5.1), ("retail_sales", "target_yoy_pct", "2022", 8),
      ("retail_sales", "yoy_pct", "2022", 6.9)], [("gdp", "target_yoy_pct", "2022")]),
    ("stats", date(2023, 10, 20), "紧盯全年目标任务，前三季度全市规上工业增加值增长7.4%。为确保年度目标实现，全市固定资产投资"
     "前三季度增长9.1%。",
     [("industrial_va", "yoy_pct", "2023-01/2023-09", 7.4), ("fixed_asset_investment", "yoy_pct", "2023-01/2023-09", 9.1)],
     [("industrial_va", "target_yoy_pct", "2023"), ("fixed_asset_investment", "target_yoy_pct", "2023")]),
    # a goal reaches until a period that is over (1-2月) or a word of what happened (实际, 已)
    ("stats", date(2023, 3, 20), "力争全年地区生产总值增长6%，1-2月增长5.2%。",
     [("gdp", "target_yoy_pct", "2023", 6), ("gdp", "yoy_pct", "2023-01/2023-02", 5.2)], [("gdp", "target_yoy_pct", "2023-01/2023-02")]),
    # a cue whose clause names no figure or indicator (确保…稳定，) governs only that clause; 确保了 happened
    ("stats", date(2023, 7, 20), "上半年，全县确保粮食生产稳定，规上工业增加值增长6.6%；确保了税收收入增长4%。",
     [("industrial_va", "yoy_pct", "2023-01/2023-06", 6.6), ("tax_revenue", "yoy_pct", "2023-01/2023-06", 4)],
     [("industrial_va", "target_yoy_pct", "2023"), ("tax_revenue", "target_yoy_pct", "2023")]),
    ("stats", date(2023, 12, 5), "预计全年全市地区生产总值增长5%左右，规上工业增加值有望突破800亿元。", [], [5, 800]),
    # 计划总投资 is a project's size, no goal of the release
    ("stats", date(2023, 8, 18), "1-7月，全区在建重点项目64个，计划总投资410亿元，固定资产投资完成88亿元，同比增长7.3%。",
     [("fixed_asset_investment", "level", "2023-01/2023-07", 88), ("fixed_asset_investment", "yoy_pct", "2023-01/2023-07", 7.3)],
     [410, ("fixed_asset_investment", "target_level", "2023")]),
]

# Progress against a goal (完成年度目标的N%, 完成全年计划的N%, 超/快于序时进度N个百分点, 高于年度目标N个百分点) is no
# catalogue measure; the clauses after it go on about the indicator, dated by the release's period, not the goal's year.
PROGRESS: list[Case] = [
    ("stats", date(2023, 9, 20), "1-8月，全市一般公共预算收入完成年度目标的70.1%，超序时进度3.4个百分点，同比增长5.5%。",
     [("budget_revenue", "yoy_pct", "2023-01/2023-08", 5.5)], [70.1, 3.4, ("budget_revenue", "target_yoy_pct", "2023")]),
    ("stats", date(2023, 10, 20), "前三季度，全县固定资产投资完成全年计划的81%，增长12%；税收收入完成全年目标任务的76%，快于时间进度1个百分点。",
     [("fixed_asset_investment", "yoy_pct", "2023-01/2023-09", 12)], [81, 76, 1, ("fixed_asset_investment", "yoy_pct", "2022")]),
    ("stats", date(2023, 7, 20), "上半年，全县地区生产总值增长6.1%，高于年度目标0.6个百分点。",
     [("gdp", "yoy_pct", "2023-01/2023-06", 6.1)], [0.6]),
]

# A page's stamp inside a line (最后更新 2025年06月02日, 2025-06-02 10:30 发布, 发布于2025-06-02) is the page's date, never the
# story's today; a day in prose with 发布 after it (市气象台8月17日发布…) still tells the story.
PAGE_STAMPS: list[Case] = [
    ("ops", date(2024, 10, 8), "区环卫所假日保洁纪实\n编辑最后更新 2025年06月02日,今天，记者从区环卫所获悉，全区共出动保洁人员1800人次。",
     [("ops.staff_deployed", "level", "2024-10-08", 1800)], [("ops.staff_deployed", "level", "2025-06-02")]),
    ("ops", date(2023, 7, 12), "排水所连夜抢险\n发布于2025年6月2日 今天，排水所出动抢险人员260人次，清掏雨水井900个。",
     [("ops.staff_deployed", "level", "2023-07-12", 260), ("ops.wells_cleared", "level", "2023-07-12", 900)],
     [("ops.staff_deployed", "level", "2025-06-02")]),
    ("ops", date(2023, 7, 12), "排水所连夜抢险\n2025-06-02 10:30 发布 今天，排水所出动抢险人员260人次。",
     [("ops.staff_deployed", "level", "2023-07-12", 260)], [("ops.staff_deployed", "level", "2025-06-02")]),
    ("ops", date(2024, 8, 20), "8月17日，市气象台发布暴雨橙色预警。当天，全区出动抢险人员300人次。",
     [("ops.staff_deployed", "level", "2024-08-17", 300)], []),
]

# Holidays named in other ways: “十一”/“五一” in quotes (by themselves the days off), 十一黄金周; a bare word for the
# days off (黄金周期间, 长假期间, 假期中) is the holiday named before, never a holiday of its own (暑假期间) nor the days
# after it (假期结束后); the lunar days written 年初四, 年初五 with the part of the day (年初四晚至年初五凌晨); holidays
# listed with 及 are the span from the first to the last, as listed days are.
HOLIDAY_FORMS: list[Case] = [
    ("ops", date(2024, 10, 9), "今天，记者从景区管委会获悉，“十一”景区共收集垃圾42吨。",
     [("ops.sludge_removed", "level", "2024-10-01/2024-10-07", 42)], [("ops.sludge_removed", "level", "2024-10-09")]),
    ("ops", date(2019, 10, 9), "2019年十一黄金周，全区出动环卫工人2600人次。",
     [("ops.staff_deployed", "level", "2019-10-01/2019-10-07", 2600)], []),
    ("ops", date(2025, 10, 10), "今天，记者从区环卫集团获悉，今年国庆中秋八天长假，景区游客明显增多。\n黄金周期间，区环卫集团共出动作业车150班次、保洁人员900人。",
     [("ops.vehicles_deployed", "level", "2025-10-01/2025-10-08", 150), ("ops.staff_deployed", "level", "2025-10-01/2025-10-08", 900)],
     []),
    ("ops", date(2024, 5, 8), "今年“五一”，区城管局部署节日保洁。整个假期，全区共清运垃圾310吨。",
     [("ops.sludge_removed", "level", "2024-05-01/2024-05-05", 310)], []),
    ("ops", date(2024, 8, 20), "暑假期间，全区共清掏雨水井560个。", [("ops.wells_cleared", "level", "2024-08-20", 560)], []),
    ("ops", date(2024, 2, 20), "春节假期结束后，全区又出动保洁人员500人次。",
     [("ops.staff_deployed", "level", "2024-02-20", 500)], [("ops.staff_deployed", "level", "2024-02-10/2024-02-17")]),
    ("ops", date(2024, 2, 15), "从年初四晚至年初五凌晨，全市共清扫烟花爆竹残屑15吨。",
     [("ops.sludge_removed", "level", "2024-02-13/2024-02-14", 15)], []),
    ("ops", date(2024, 2, 15), "除夕夜及年初四夜间至年初五凌晨，全市共清扫烟花爆竹残屑40吨。",
     [("ops.sludge_removed", "level", "2024-02-09/2024-02-14", 40)], [("ops.sludge_removed", "level", "2024-02-13/2024-02-14")]),
    ("ops", date(2024, 6, 3), "从年初一直到5月底，全区累计清掏雨水井3200个。", [],
     [("ops.wells_cleared", "level", "2024-02-10")]),
]

# 当天/当日 is the day the story named last before it (7月28日，…。当天，…), the first of a span of days (8月17日至19日
# …。当天夜间…), and the paragraph goes on in it; a total 累计 after such a day is over the story's whole span.
SAME_DAY: list[Case] = [
    # a deadline or a planned day is no day the story tells: 当日 is the story's today
    ("ops", date(2012, 5, 1), "经开区雨污水井清掏专项行动进展\n为确保主汛期排水畅通，执法局自5月1日起开展清掏专项行动，计划于5月31日前完成"
     "全部清掏任务。\n当日，执法局组织出动人员113人次、车辆17台次，清掏雨污水井427个。",
     [("ops.staff_deployed", "level", "2012-05-01", 113), ("ops.wells_cleared", "level", "2012-05-01", 427)],
     [("ops.staff_deployed", "level", "2011-05-31"), ("ops.staff_deployed", "level", "2012-05-31")]),
    ("ops", date(2023, 7, 31), "滨江新闻网7月31日讯 受台风影响，我市出现大风天气。7月28日，台风过境，城区多处行道树倒伏。"
     "当天傍晚，园林工人正在清理断枝。据了解，当天，园林部门共出动应急人员300人次，应急车辆60台次。",
     [("ops.staff_deployed", "level", "2023-07-28", 300), ("ops.vehicles_deployed", "level", "2023-07-28", 60)],
     [("ops.staff_deployed", "level", "2023-07-31")]),
    ("ops", date(2020, 8, 6), "受台风影响，8月3日至5日全县连降暴雨。接到预警后，县住建局当天夜间即组织巡查，处置险情30起。投入车辆25辆，"
     "抢险人员80人。8月4日后，积水点增多，该局累计投入抢险人员210人，车辆70余车次。",
     [("ops.vehicles_deployed", "level", "2020-08-03", 25), ("ops.staff_deployed", "level", "2020-08-03", 80),
      ("ops.staff_deployed", "level", "2020-08-03/2020-08-05", 210), ("ops.vehicles_deployed", "level", "2020-08-03/2020-08-05", 70)],
     [("ops.staff_deployed", "level", "2020-08-06")]),
    # with no day named before it, 当天 is the story's today
    ("ops", date(2022, 6, 15), "当天，全区共清掏雨水井800个。", [("ops.wells_cleared", "level", "2022-06-15", 800)], []),
]

# A time named in a clause giving a reason (考虑到春节期间…激增，…; 由于国庆假期…) dates nothing counted after it: the
# story's day does.
REASONS: list[Case] = [
    ("ops", date(2024, 2, 10), "2月10日大年初一，全区环卫工人凌晨上街清扫。\n“考虑到春节期间垃圾量大增，公司共出动清扫车、洒水车等40余台。”"
     "公司负责人说。",
     [("ops.vehicles_deployed", "level", "2024-02-10", 40)], [("ops.vehicles_deployed", "level", "2024-02-09/2024-02-17")]),
    ("ops", date(2023, 10, 3), "10月2日，景区迎来客流高峰。由于国庆假期游客集中，景区管理处出动保洁人员350人次。",
     [("ops.staff_deployed", "level", "2023-10-02", 350)], []),
]

# Weights in kilograms or jin are tonnes; 残渣 is what was cleared; a verb of clearing with its object before the weight
# (清扫烟花爆竹624公斤) says what the weight is; falls written 锐减, 骤降, 减 are growth words.
WEIGHTS: list[Case] = [
    ("ops", date(2024, 2, 15), "2月14日，全市共清扫烟花爆竹800公斤，较去年同期锐减60.5%；生活垃圾清运总量约9500吨。",
     [("ops.sludge_removed", "level", "2024-02-14", 0.8), ("ops.sludge_removed", "yoy_pct", "2024-02-14", -60.5),
      ("ops.sludge_removed", "level", "2024-02-14", 9500)], []),
    ("ops", date(2024, 2, 11), "2月10日，街道组织志愿者清理鞭炮残渣3000斤，清运建筑垃圾1200千克，同比骤降12%。",
     [("ops.sludge_removed", "level", "2024-02-10", 1.5), ("ops.sludge_removed", "level", "2024-02-10", 1.2),
      ("ops.sludge_removed", "yoy_pct", "2024-02-10", -12)], []),
    ("ops", date(2021, 2, 13), "大年初一上午，全县共清理烟花爆竹残渣95吨。", [("ops.sludge_removed", "level", "2021-02-12", 95)], []),
    ("stats", date(2024, 7, 20), "上半年，全县税收收入同比减12.5%。", [("tax_revenue", "yoy_pct", "2024-01/2024-06", -12.5)], []),
]


# A year written without its 年 before 以来 (2024以来) is this year so far, as 2024年以来 is; 截至 before a span of months
# (截至今年上半年, 截至一季度) counts to its last day, as 截至 before a month does; 截至今年 is no 至今 (until now).
YEAR_SO_FAR_AND_AS_OF_SPANS: list[Case] = [
    ("rail", date(2024, 5, 20), "2024以来，中欧班列(长沙)开行420列，同比增长12.5%。",
     [("rail.trains", "level", "2024-01-01/2024-05-20", 420), ("rail.trains", "yoy_pct", "2024-01-01/2024-05-20", 12.5)],
     [("rail.trains", "level", "2024-05-20")]),
    ("rail", date(2024, 9, 20), "2024以來，回程班列發送標箱8600標箱，同比增長9%。",
     [("rail.teu", "level", "2024-01-01/2024-09-20", 8600), ("rail.teu", "yoy_pct", "2024-01-01/2024-09-20", 9)], []),
    ("rail", date(2024, 9, 20), "自2016以来，中欧班列(长沙)累计开行3200列。",
     [("rail.trains_cumulative", "level", "2024-09-20", 3200)], [("rail.trains", "level", "2024-01-01/2024-09-20")]),
    ("rail", date(2024, 4, 12), "自2011年首列班列开出以来，截至今年一季度，中欧班列(重庆)历年累计开行突破1.8万列，运送货物150万标箱。",
     [("rail.trains_cumulative", "level", "2024-03-31", 18000), ("rail.teu", "level", "2024-03-31", 1500000)],
     [("rail.trains", "level", "2024-01/2024-03"), ("rail.teu", "level", "2024-01/2024-03")]),
    ("rail", date(2024, 7, 9), "截至今年上半年，中欧班列(重庆)开行1500列，同比增长20%。",
     [("rail.trains", "level", "2024-01-01/2024-06-30", 1500), ("rail.trains", "yoy_pct", "2024-01-01/2024-06-30", 20)],
     [("rail.trains_cumulative", "level", "2024-06-30")]),
    ("rail", date(2024, 7, 9), "截至今年6月底，中歐班列(重慶)開行1500列，同比增長20%。",
     [("rail.trains", "level", "2024-01-01/2024-06-30", 1500)], [("rail.trains_cumulative", "level", "2024-06-30")]),
]


def test_a_release_is_about_its_own_place_not_one_it_compares_with() -> None:
    text = "一季度，主要指标增速居全盟前列，全旗经济稳中有进。地区生产总值增长5.2%，规上工业增加值增长7.1%。"
    assert {f.region for f in extract_text(text, doc_date=date(2016, 4, 25), kind="stats")} == {"全旗"}
    text = "前三季度，我镇经济运行平稳。地区生产总值增长6.8%。"
    assert {f.region for f in extract_text(text, doc_date=date(2023, 10, 25), kind="stats")} == {"我镇"}


# In a bulletin the trade the trains pulled along (拉动进出口贸易额超200亿美元) is the cargo's value (拉动 still blocks a
# contribution: 拉动经济增长0.5个百分点); the firms served are named with who they are between 服务 and 企业
# (服务省内企业超600家, 服务湖南本土外贸企业1200余家).
PULLED_AND_SERVED: list[Case] = [
    ("rail", date(2022, 3, 2), "截至目前，中欧班列(长沙)累计开行超3000列，拉动进出口贸易额逾120亿美元。",
     [("rail.trains_cumulative", "level", "2022-03-02", 3000), ("rail.cargo_value", "level", "2022-03-02", 120)], []),
    ("rail", date(2022, 3, 2), "中歐班列(長沙)開行以來，拉動地區經濟增長0.5個百分點，拉動進出口貿易額80億元。",
     [("rail.cargo_value", "level", "2022-03-02", 80)], [0.5]),
    ("stats", date(2022, 7, 20), "上半年，全区固定资产投资增长12%，拉动经济增长2.1个百分点，拉动投资30亿元。",
     [("fixed_asset_investment", "yoy_pct", "2022-01/2022-06", 12)], [2.1, 30]),
    ("rail", date(2022, 3, 2), "目前，中欧班列(长沙)已累计服务湖南本土外贸企业1200余家。",
     [("rail.partners", "level", "2022-03-02", 1200)], []),
    ("rail", date(2022, 3, 2), "据悉，中欧班列(长沙)服务省内企业超400家，服务的沿线企业达300家。",
     [("rail.partners", "level", "2022-03-02", 400), ("rail.partners", "level", "2022-03-02", 300)], []),
]


# Counts and growth named by generic nouns: 开行了N趟 before a service named with brackets (中欧(中亚)班列), 班列数量 the
# trains, 标准集装箱…N万个 and 集装箱数量 the containers, 货物量 the cargo in the unit counted last before it in its paragraph
# (标箱 or 吨).
GENERIC_NOUNS: list[Case] = [
    ("rail", date(2024, 3, 5), "1月1日至2月29日，华东地区共开行了410趟中欧(中亚)班列，其中中亚班列有230趟，运送了2.6万标准箱的货物。"
     "与去年同期相比，班列数量增长了12.4%，货物量增长了18%。",
     [("rail.trains", "level", "2024-01-01/2024-02-29", 410), ("rail.trains", "yoy_pct", "2024-01-01/2024-02-29", 12.4),
      ("rail.teu", "yoy_pct", "2024-01-01/2024-02-29", 18)], []),
    ("rail", date(2024, 3, 5), "2023年，中歐班列(蘇州)開行520趟，運送貨物45萬噸，貨物量增長了9.5%。",
     [("rail.cargo_weight", "level", "2023", 45), ("rail.cargo_weight", "yoy_pct", "2023", 9.5)], [("rail.teu", "yoy_pct", "2023")]),
    ("rail", date(2024, 3, 5), "2023年，中欧班列(苏州)开行520趟，运送标准集装箱共计5.3万个，集装箱数量增长了7.2%。",
     [("rail.teu", "level", "2023", 53000), ("rail.teu", "yoy_pct", "2023", 7.2)], []),
    # no cargo counted before it: 货物量 names nothing
    ("rail", date(2024, 3, 5), "2023年，中欧班列(苏州)货物量增长了9.5%。", [], [9.5]),
]

# A route verb before a region of the world (开往欧洲, 发往中亚) names a direction covering many routes: its trains stay the
# service's, with the direction in the region (FACTS_SPEC), not rail.route_trains.
DIRECTIONS: list[Case] = [
    ("rail", date(2024, 3, 5), "自首列班列开行至今，中欧班列(苏州)已开行此类班列9800趟，其中开往欧洲的有6100趟，开往中亚的有3700趟。",
     [("rail.trains_cumulative", "level", "2024-03-05", 9800), ("rail.trains_cumulative", "level", "2024-03-05", 6100),
      ("rail.trains_cumulative", "level", "2024-03-05", 3700)], [("rail.route_trains", "level", "2024-03-05")]),
    ("rail", date(2023, 6, 2), "6月1日，中欧班列(西安)全天开行5列。其中，西安发往杜伊斯堡3趟，西安发往东南亚2趟。",
     [("rail.trains", "level", "2023-06-01", 5), ("rail.route_trains", "level", "2023-06-01", 3),
      ("rail.trains", "level", "2023-06-01", 2)], []),
]


# A border port's own freight is not the China–Europe trains': a weight after an import or export and a noun other than
# the cargo (口岸站进口运量已超450万吨, 进口木材86万吨) is the port's trade in that noun, the growth after it too; the port's
# freight trains and loaded wagons at large (入境货运列车, 接重车18列) are another service.
PORT_FREIGHT: list[Case] = [
    ("rail", date(2021, 7, 6), "今年上半年，二连浩特铁路口岸站进口运量已超过450万吨，同比增长6%，经该站出入境中欧班列1200列。",
     [("rail.trains", "level", "2021-01/2021-06", 1200)], [450, 6]),
    ("rail", date(2021, 7, 6), "上半年，經由二連浩特站進口木材86萬噸，同比增長12%，出口鋼材9.5萬噸。中歐班列運送貨物30萬噸。",
     [("rail.cargo_weight", "level", "2021-01/2021-06", 30)], [86, 12, 9.5]),
    ("rail", date(2021, 7, 6), "上半年，中欧班列(西安)回程班列进口货物12万吨，同比增长20%。",
     [("rail.cargo_weight", "level", "2021-01/2021-06", 12), ("rail.cargo_weight", "yoy_pct", "2021-01/2021-06", 20)], []),
    ("rail", date(2021, 7, 6), "上半年，经该站出入境中欧班列1200列。6月20日，口岸站迎来入境货运列车高峰，当日接重车18列。",
     [("rail.trains", "level", "2021-01/2021-06", 1200)], [18]),
]


# A count with no subject of its own right after a clause that names a subset of the trains (开通了…专列，累计开行35列)
# is the subset's, as a count in that clause would be (rail.subset_trains); the service's own count stays.
SUBSET_BEFORE: list[Case] = [
    ("rail", date(2024, 7, 10), "上半年，中欧班列(合肥)开行410列。合肥还开通了家电、光伏等企业专列，累计开行35列，同比增长40%。",
     [("rail.trains", "level", "2024-01/2024-06", 410)], [35, 40]),
    ("rail", date(2024, 7, 10), "今年以来，中歐班列(合肥)開行了汽車定製班列，共發運22列。",
     [], [22]),
    ("rail", date(2024, 7, 10), "今年以来，中欧班列(合肥)开行了汽车专列，中欧班列(合肥)共发运480列。",
     [("rail.trains", "level", "2024-01-01/2024-07-10", 480)], []),
]


# Traditional and Taiwan forms of what a clean-up counts: metric tonnes (公吨), 万 between Arabic digits (13万5400 is one
# number), roads counted in 条次 (roads times inspections), inlets (进水井, 进水口) among the wells cleared.
OPS_FORMS: list[Case] = [
    ("ops", date(2024, 7, 20), "全縣清除淤泥達4萬2600多公噸，出動車輛1萬1500台次。",
     [("ops.sludge_removed", "level", "2024-07-20", 42600), ("ops.vehicles_deployed", "level", "2024-07-20", 11500)],
     [2600, 1500]),
    ("ops", date(2024, 7, 20), "本周共收运垃圾3万0850吨。", [("ops.sludge_removed", "level", "2024-07-20", 30850)], [850]),
    ("ops", date(2024, 7, 20), "当天，清理路面杂物860余公吨。", [("ops.sludge_removed", "level", "2024-07-20", 860)], []),
    ("ops", date(2024, 7, 20), "汛期以来，巡查主次干道450余条次，清掏進水井1.2萬座、进水口3600个。",
     [("ops.roads_inspected", "level", "2024-07-20", 450), ("ops.wells_cleared", "level", "2024-07-20", 12000),
      ("ops.wells_cleared", "level", "2024-07-20", 3600)], []),
    # a money figure keeps to its own grammar
    ("stats", date(2024, 7, 20), "全区实现生产总值12万3400元。", [], [3400]),
]


def test_a_direction_is_kept_in_the_region() -> None:
    facts = extract_text("截至目前，中欧班列(苏州)累计开行9800趟，其中开往欧洲的有6100趟。", doc_date=date(2024, 3, 5), kind="rail")
    assert {(f.value, f.region) for f in facts} == {(9800, "中欧班列(苏州)"), (6100, "中欧班列(苏州) 开往欧洲")}


def test_cities_at_home_are_kept_apart_from_the_cities_served() -> None:
    """境内18个城市, 60多个国内始发城市: coverage at home, its region says so (the cities served abroad keep the
    operator's); the cities where the cargo is collected (货源地…覆盖…30余个城市) are no coverage."""
    def served(text: str) -> set[tuple[float, str]]:
        return {(f.value, f.region) for f in extract_text(text, doc_date=date(2024, 9, 20), kind="rail")
                if f.indicator == "rail.cities_served"}
    assert served("目前，中欧班列(武汉)已联通境内18个城市、境外41个城市。") == {(18, "中欧班列(武汉) 境内"), (41, "中欧班列(武汉)")}
    assert served("截至目前，中歐班列(武漢)覆蓋60多個國內始發城市，通達歐洲24個國家、83個城市。") == {
        (60, "中歐班列(武漢) 國內"), (83, "中歐班列(武漢)")}
    assert served("目前，中欧班列(武汉)已联通境外41个城市和省内9个城市。") == {(41, "中欧班列(武汉)"), (9, "中欧班列(武汉) 省内")}
    assert served("班列的货源地主要是长三角地区，覆盖上海、杭州等30余个城市。") == set()
    assert served("货源地集中在省内，中欧班列(武汉)已通达境外40个城市。") == {(40, "中欧班列(武汉)")}


def test_cities_trains_leave_from_are_at_home_and_places_reached_are_served() -> None:
    """由全国52个城市始发, 在86个城市开通, 开行城市达12个: the cities trains leave from are coverage at home (region
    境内); 抵达/到达欧洲19个国家、60余个城市: the places reached are the coverage abroad."""
    def served(text: str) -> set[tuple[str, float, str]]:
        return {(f.indicator, f.value, f.region) for f in extract_text(text, doc_date=date(2024, 5, 10), kind="rail")
                if f.indicator in ("rail.cities_served", "rail.countries_served")}
    assert served("目前，中欧班列已实现由全国52个城市始发，抵达欧洲19个国家、60余个城市。") == {
        ("rail.cities_served", 52, "中欧班列 境内"), ("rail.countries_served", 19, "中欧班列"),
        ("rail.cities_served", 60, "中欧班列")}
    assert served("目前，中欧班列已在86个城市开通，到达欧洲21个国家的150个城市。") == {
        ("rail.cities_served", 86, "中欧班列 境内"), ("rail.countries_served", 21, "中欧班列"),
        ("rail.cities_served", 150, "中欧班列")}
    assert served("截至4月底，中欧班列(西安)开行城市达12个，通达欧洲18个国家的40个城市。") == {
        ("rail.cities_served", 12, "中欧班列(西安) 境内"), ("rail.countries_served", 18, "中欧班列(西安)"),
        ("rail.cities_served", 40, "中欧班列(西安)")}
    assert served("截至3月底，中歐班列國內出發城市達98個。") == {("rail.cities_served", 98, "中歐班列 國內")}


# A rate whose % the page left out (同比增长6.2，) is still the rate, right after a growth word and before the clause ends;
# a bare number after other words is none.
BARE_RATES: list[Case] = [
    ("stats", date(2023, 7, 20), "1-6月，北塘区地区生产总值完成125.3亿元，同比增长6.2。",
     [("gdp", "level", "2023-01/2023-06", 125.3), ("gdp", "yoy_pct", "2023-01/2023-06", 6.2)], []),
    ("stats", date(2021, 2, 3), "2020年，全縣規模以上工業增加值比上年下降1.7，社會消費品零售總額增長3.4%。",
     [("industrial_va", "yoy_pct", "2020", -1.7), ("retail_sales", "yoy_pct", "2020", 3.4)], []),
    ("stats", date(2024, 4, 25), "一季度，全市固定资产投资增速为10.5；税收收入12.6亿元，增幅8。",
     [("fixed_asset_investment", "yoy_pct", "2024-01/2024-03", 10.5), ("tax_revenue", "level", "2024-01/2024-03", 12.6),
      ("tax_revenue", "yoy_pct", "2024-01/2024-03", 8)], []),
    # 新增 counts something; a bare number after it is no rate
    ("stats", date(2024, 4, 25), "一季度，全市新增市场主体3，社会消费品零售总额增长4.1%。",
     [("retail_sales", "yoy_pct", "2024-01/2024-03", 4.1)], [3]),
]

# 从环比看 opens a point of view: the rates after it in the sentence are against the month or quarter before, not year
# on year, until 同比 is named again. An aside between the growth word and its rate (同比增长(按可比价格计算)6.2%) is
# read through.
VIEWS_AND_ASIDES: list[Case] = [
    ("stats", date(2023, 7, 20), "1-6月，西城区社会消费品零售总额完成25.3亿元，从环比看，增长0.5%。",
     [("retail_sales", "level", "2023-01/2023-06", 25.3)], [0.5]),
    ("stats", date(2023, 11, 20), "10月份，全區規上工業增加值環比來看增長1.2%，同比增長5.6%。",
     [("industrial_va", "yoy_pct", "2023-10", 5.6)], [1.2]),
    # the indicator named before a change against the month before goes on to the rate year on year
    ("stats", date(2024, 5, 18), "4月份，全市社会消费品零售总额环比增长0.8%，同比增长4.4%。",
     [("retail_sales", "yoy_pct", "2024-04", 4.4)], [0.8]),
    ("stats", date(2024, 1, 30), "2023年，全县地区生产总值同比增长(按可比价格计算)6.4%，一般公共预算收入增长（同口径）9.1%。",
     [("gdp", "yoy_pct", "2023", 6.4), ("budget_revenue", "yoy_pct", "2023", 9.1)], []),
]

# A bulletin that names no China–Europe or China–Asia trains at all is about the sea-rail (or road-rail) trains it names
# (某通道铁海联运班列): they are its service, not another one; beside 中欧班列 they stay another service.
SEA_RAIL_ALONE: list[Case] = [
    ("rail", date(2023, 7, 5), "上半年，东南沿海通道铁海联运班列累计发送集装箱8.4万标箱，同比增长21.3%。",
     [("rail.teu", "level", "2023-01/2023-06", 84000), ("rail.teu", "yoy_pct", "2023-01/2023-06", 21.3)], []),
    ("rail", date(2021, 10, 12), "10月11日，一列海铁联运班列从防城港站开出。至此，北港海铁联运班列今年开行突破1500列。",
     [("rail.trains", "level", "2021-01-01/2021-10-11", 1500)], []),
    ("rail", date(2024, 4, 8), "1-3月，南線海鐵聯運班列外貿發運量1.26萬標箱，同比增長18%。",
     [("rail.teu", "level", "2024-01/2024-03", 12600), ("rail.teu", "yoy_pct", "2024-01/2024-03", 18)], []),
    # beside the China–Europe trains the sea-rail trains remain another service
    ("rail", date(2023, 7, 5), "上半年，中欧班列(某地)开行410列；铁海联运班列发送集装箱3.2万标箱。",
     [("rail.trains", "level", "2023-01/2023-06", 410)], [32000]),
    ("rail", date(2023, 7, 5), "上半年，渝新欧班列开行380列；公铁联运班列发送集装箱1.1万标箱。",
     [("rail.trains", "level", "2023-01/2023-06", 380)], [11000]),
]

# A clause that only remarks on the figure just stated (创历史新高, 相当于上年同期的总和) keeps its subject for the rate
# after it, and so does a change against the year before written 比上一年/同比上一年.
REMARKS_KEEP: list[Case] = [
    ("rail", date(2023, 1, 4), "2022年，中欧班列(某港)开行612列，再创历史新高，同比增加150列，增幅32.5%。",
     [("rail.trains", "level", "2022", 612), ("rail.trains", "yoy_pct", "2022", 32.5)], []),
    ("rail", date(2024, 7, 3), "上半年，南线班列发送集装箱5.2万标箱，相当于前年全年的总量，同比增加1.4万标箱，增幅36.8%。",
     [("rail.teu", "level", "2024-01/2024-06", 52000), ("rail.teu", "yoy_pct", "2024-01/2024-06", 36.8)], []),
    ("rail", date(2020, 1, 8), "2019年经二连浩特口岸进出境的中欧班列达2110列，同比上一年增加402列，增幅达到23.5%。",
     [("rail.trains", "level", "2019", 2110), ("rail.trains", "yoy_pct", "2019", 23.5)], []),
    ("stats", date(2024, 1, 25), "2023年，全县规上工业增加值完成86亿元，创历史最高水平，比上一年增长7.7%。",
     [("industrial_va", "level", "2023", 86), ("industrial_va", "yoy_pct", "2023", 7.7)], []),
]

# A sentence that says when it was told (记者6月2日获悉) and the day it counts to (截至1日): its running totals and its
# year so far are counted to that day, whatever period it names after them.
COUNTED_TO: list[Case] = [
    ("rail", date(2024, 6, 2), "记者6月2日从铁路部门获悉，截至1日，某通道班列累计发送集装箱突破80万标箱，其中今年以来发送12.4万标箱，"
     "同比增长20.6%。",
     [("rail.teu", "level", "2024-06-01", 800000), ("rail.teu", "level", "2024-01-01/2024-06-01", 124000),
      ("rail.teu", "yoy_pct", "2024-01-01/2024-06-01", 20.6)], [("rail.teu", "level", "2024-06-02")]),
]

# A day written without its month (记者3日获悉, 当日) in a story whose dateline names the month (昆明2月3日电) lies in that
# month, not in the month a later mirror published the page.
DATELINE_MONTH: list[Case] = [
    ("rail", date(2024, 6, 11), "新华社昆明2月3日电 记者3日获悉，中老铁路国际货运列车累计开行突破2万列。当日上午，一列班列从王家营西站开出，"
     "至此，中欧班列(昆明)累计开行突破1500列。",
     [("rail.trains_cumulative", "level", "2024-02-03", 1500)], [("rail.trains_cumulative", "level", "2024-06-03")]),
]

# A clause opening on a peak (最高达, 最多为) after a series spoken of before it (刷新单日装车纪录) states that peak, not
# the period's total; 前者/后者 after trains listed one by one (一列…，另一列…) is one train, its cargo that train's load.
PEAKS_AND_ONE_OF_TWO: list[Case] = [
    ("rail", date(2024, 12, 1), "今年以来，中欧班列(某站)开行820列。车站今年4次刷新单日装车纪录，最高达316车。",
     [("rail.trains", "level", "2024-01-01/2024-12-01", 820)], [316]),
    ("ops", date(2024, 7, 12), "7月11日，全区出动人员1350人次。各街道连续作战，最多为每日210人次。",
     [("ops.staff_deployed", "level", "2024-07-11", 1350)], [210]),
    ("rail", date(2023, 3, 2), "3月1日，两列中欧班列从某站开出，一列驶往明斯克，另一列驶往杜伊斯堡。后者装载86标箱机电产品。",
     [], [86]),
    # 后者 naming one of two services keeps its cargo
    ("rail", date(2024, 1, 5), "2023年，甲地和乙地中欧班列均保持增长，后者发送集装箱4.6万标箱。",
     [("rail.teu", "level", "2023", 46000)], []),
]

# Roads inspected with the area between the verb and the roads (巡查片区道路), wells counted by their openings (污水井口);
# wells named after an inspection word (排查) and no word of the work are looked at, not cleared.
AREA_AND_OPENINGS: list[Case] = [
    ("ops", date(2024, 6, 3), "截至6月2日，执法队员累计巡查街道内道路27条，清理污水井口385个。",
     [("ops.roads_inspected", "level", "2024-06-02", 27), ("ops.wells_cleared", "level", "2024-06-02", 385)], []),
    # wells only looked at (排查…井口210个) are not cleared; looked at and cleared (检查并清理) they are
    ("ops", date(2023, 7, 8), "7月7日，该镇组织人员排查辖区主次干道16条、雨污水井口210个。",
     [("ops.roads_inspected", "level", "2023-07-07", 16)], [210]),
    ("ops", date(2023, 5, 4), "5月3日，执法队员检查并清理雨水口30个。", [("ops.wells_cleared", "level", "2023-05-03", 30)], []),
]

# 涵盖 is a coverage word as 覆盖 is; a part of the network named before the word (亚洲方向的线路则涵盖5个国家) is what
# the count covers, kept apart in the region from the whole network's coverage.
COVERAGE_PARTS: list[Case] = [
    ("rail", date(2024, 9, 2), "截至目前，中欧班列(某港)线路涵盖了沿线19个国家。",
     [("rail.countries_served", "level", "2024-09-02", 19)], []),
]

# A growth rate counted to a day (截至3月15日，…同比增长20%) with no count stated is the year so far to that day: there
# is no rate of one day.
RATE_TO_A_DAY: list[Case] = [
    ("rail", date(2024, 5, 3), "截至4月30日，中欧班列(某地)开行数量同比增长18%，货值同比增长9.5%。",
     [("rail.trains", "yoy_pct", "2024-01-01/2024-04-30", 18), ("rail.cargo_value", "yoy_pct", "2024-01-01/2024-04-30", 9.5)],
     [("rail.trains", "yoy_pct", "2024-04-30")]),
]


def test_a_part_of_the_network_covers_its_own_countries() -> None:
    """欧洲地区涵盖…14个国家 after the whole network's 31: the part's count says whose it is in the region."""
    facts = extract_text("目前，中欧班列(某港)的线路覆盖亚欧31个国家。其中，欧洲方向涵盖德国、波兰等14个国家。",
                         doc_date=date(2024, 9, 2), kind="rail")
    regions = {f.value: f.region for f in facts if f.indicator == "rail.countries_served"}
    assert regions[31] == "中欧班列(某港)" and regions[14].endswith("欧洲"), regions


# Results set against the goal (增长3.2%，低于目标1.8个百分点) state no goal: the figures of the sentence stay what
# happened. A part the clause names (限额以上…零售额) takes the growth after it from the whole named before. Town and
# country incomes in one phrase pair with 分别 lists; 总产值 right after industry's value added is its gross output; a
# page's 上报/国民经济 before the figures says nothing of them.
RESULTS_AND_PARTS: list[Case] = [
    ("stats", date(2024, 7, 28), "一、主要指标完成情况\n上半年,全县地区生产总值完成152亿元,同比增长4.1%,低于目标1.9个百分点;"
     "一般公共预算收入完成8.6亿元,同比增长2.2%,高于目标0.2个百分点;固定资产投资同比下降12.5%,塌目标20.5个百分点。",
     [("gdp", "level", "2024-01/2024-06", 152), ("gdp", "yoy_pct", "2024-01/2024-06", 4.1),
      ("budget_revenue", "level", "2024-01/2024-06", 8.6), ("budget_revenue", "yoy_pct", "2024-01/2024-06", 2.2),
      ("fixed_asset_investment", "yoy_pct", "2024-01/2024-06", -12.5)],
     [("budget_revenue", "target_level", "2024"), ("fixed_asset_investment", "target_yoy_pct", "2024")]),
    ("stats", date(2023, 8, 2), "1-7月,全市社会消费品零售总额88.1亿元,增长7.7%,其中,限额以上消费品零售额21.4亿元,增长11.2%。",
     [("retail_sales", "level", "2023-01/2023-07", 88.1), ("retail_sales", "yoy_pct", "2023-01/2023-07", 7.7)], [11.2]),
    ("stats", date(2024, 2, 1), "2023年,城乡居民人均可支配收入分别达到41200元、20650元,分别增长5.1%、7.3%。",
     [("disposable_income.urban", "level", "2023", 41200), ("disposable_income.rural", "level", "2023", 20650),
      ("disposable_income.urban", "yoy_pct", "2023", 5.1), ("disposable_income.rural", "yoy_pct", "2023", 7.3)], []),
    ("stats", date(2024, 2, 1), "今年主要预期目标:城镇、农村居民人均可支配收入分別增長6%、7.5%。",
     [("disposable_income.urban", "target_yoy_pct", "2024", 6), ("disposable_income.rural", "target_yoy_pct", "2024", 7.5)],
     []),
    ("stats", date(2020, 4, 22), "一季度,全市规模工业增加值下降11.2%,总产值下降9.8%。",
     [("industrial_va", "yoy_pct", "2020-01/2020-03", -11.2), ("industrial_output", "yoy_pct", "2020-01/2020-03", -9.8)],
     []),
    ("stats", date(2023, 7, 25), "上半年,全区上报完成固定资产投资额63.5亿元,同比增长3.4%。",
     [("fixed_asset_investment", "level", "2023-01/2023-06", 63.5), ("fixed_asset_investment", "yoy_pct",
                                                                      "2023-01/2023-06", 3.4)], []),
    ("stats", date(2024, 3, 20), "国民经济全年实现地区生产总值218.6亿元,比上年增长5.2%。",
     [("gdp", "level", "2023", 218.6), ("gdp", "yoy_pct", "2023", 5.2)], []),
]


# Goals under a year still ahead named earlier in the paragraph (2025年，该县将…。力争…) are that year's; a place by its
# short name after the title gave it in full (临平 after 临平区) and a revised figure (修订为) are the document's own;
# a trillion (1.3万亿元, 萬億); a step the figure took (再上千亿新台阶) between the level and its growth; 城 inside a
# place name (鹤城区, 历城区); a province by name compared with (比湖北省…高, 居湖北省第4位); a comparison a gap answered
# (高于一季度2.1个百分点) is over before the share after it.
PLACES_AND_STEPS: list[Case] = [
    ("stats", date(2024, 12, 20), "2024年,该县获评省级示范县。2025年,该县将坚持工业强县,奋力开创发展新局面。"
     "力争实现地区生产总值增长8%以上,社会消费品零售总额增长9%以上。",
     [("gdp", "target_yoy_pct", "2025", 8), ("retail_sales", "target_yoy_pct", "2025", 9)], []),
    ("stats", date(2023, 4, 10), "临平区2022年国民经济和社会发展统计公报\n2022年全区实现地区生产总值886.2亿元。"
     "(经最终核实,2021年临平GDP修订为850.5亿元,比上年增长8.1%。)",
     [("gdp", "level", "2022", 886.2), ("gdp", "level", "2021", 850.5), ("gdp", "yoy_pct", "2021", 8.1)], []),
    ("stats", date(2024, 1, 25), "2023年,全市生产总值达到1.3万亿元,再上千亿新台阶,同比增长5.6%。",
     [("gdp", "level", "2023", 13000), ("gdp", "yoy_pct", "2023", 5.6)], []),
    ("stats", date(2024, 2, 8), "2023年各区县生产总值分别为:鹤城区318.4亿元,历城区1302.5亿元,芷江县128.6亿元。",
     [("gdp", "level", "2023", 318.4), ("gdp", "level", "2023", 1302.5), ("gdp", "level", "2023", 128.6)], []),
    ("stats", date(2024, 6, 12), "1—5月,全市规上工业增加值累计增长8.2%,比湖北省平均增速(6.1%)高出2.1个百分点,居湖北省第4位,"
     "今年以来一直稳居全省前列。",
     [("industrial_va", "yoy_pct", "2024-01/2024-05", 8.2), ("industrial_va", "pp_diff", "2024-01/2024-05", 2.1),
      ("industrial_va", "rank", "2024-01/2024-05", 4)], []),
    ("stats", date(2024, 7, 26), "上半年,全县工业投资同比增长21.4%,高于一季度6.3个百分点,占全部投资的比重达38.2%。",
     [("industrial_investment", "yoy_pct", "2024-01/2024-06", 21.4),
      ("industrial_investment", "share_pct", "2024-01/2024-06", 38.2)], [6.3]),
    # nominal growth is the rate stated (名义增长), the real one after 扣除价格因素 is not read as a second; the theme word
    # of investment promotion before its projects (招商引资新签约项目)
    ("stats", date(2024, 7, 18), "上半年,全县居民人均可支配收入15608元,同比名义增长6.1%,扣除价格因素,实际增长5.6%。",
     [("disposable_income", "level", "2024-01/2024-06", 15608), ("disposable_income", "yoy_pct", "2024-01/2024-06", 6.1)],
     [5.6]),
    ("stats", date(2024, 11, 5), "1-10月,全县招商引资新签约项目41个,签约总额達208.6亿元。",
     [("investment_projects", "level", "2024-01/2024-10", 41), ("investment_signed", "level", "2024-01/2024-10", 208.6)],
     []),
    # 首次突破 before the level the sentence then states exactly; a comparator's monthly rate (平均月增速)
    ("stats", date(2019, 7, 12), "6月份,全市规模以上工业当月完成增加值首次突破80亿元,达到81.6亿元,增速比江苏省平均月增速高1.4个百分点。",
     [("industrial_va", "level", "2019-06", 81.6), ("industrial_va", "pp_diff", "2019-06", 1.4)], []),
]

# A place written by its bare short name (昆山 for 昆山市, 東莞 for 东莞市, 和布克赛尔 for its autonomous county) is no opaque
# word between the period and the subject: warehouse/places.txt lists the prefecture- and county-level names. Names that
# are ordinary words (城关, 新城, 振兴, 大通道's 大通) are left out: a town's or a project's figure stays unread.
SHORT_PLACE_NAMES: list[Case] = [
    ("stats", date(2023, 10, 25), "前三季度，洛阳规模以上工业增加值同比增长7.2%，高于全省1.4个百分点。",
     [("industrial_va", "yoy_pct", "2023-01/2023-09", 7.2), ("industrial_va", "pp_diff", "2023-01/2023-09", 1.4)], []),
    ("stats", date(2023, 6, 1), "经最终核实，2022年昆山地区生产总值修订为4740.1亿元，比上年增长2.9%。",
     [("gdp", "level", "2022", 4740.1), ("gdp", "yoy_pct", "2022", 2.9)], []),
    ("stats", date(2024, 9, 20), "1-8月，東莞社會消費品零售總額完成2810億元，增長4.1%。",
     [("retail_sales", "level", "2024-01/2024-08", 2810), ("retail_sales", "yoy_pct", "2024-01/2024-08", 4.1)], []),
    ("stats", date(2022, 4, 28), "一季度,和布克赛尔固定资产投资同比增长16.5%。",
     [("fixed_asset_investment", "yoy_pct", "2022-01/2022-03", 16.5)], []),
    # a place named before a place's suffix was blanked as filler still counts (高 of 高邮 is filler by itself)
    ("stats", date(2021, 7, 30), "上半年，高邮一般公共预算收入完成18.3亿元，同比增长11.2%。",
     [("budget_revenue", "level", "2021-01/2021-06", 18.3), ("budget_revenue", "yoy_pct", "2021-01/2021-06", 11.2)], []),
    # a town (城关) or a common word is no place of the list: its figures are not the county's
    ("stats", date(2024, 7, 20), "1-6月，城关规上工业增加值增长9.1%，新城固定资产投资增长12.6%。", [], [9.1, 12.6]),
]



# A heading that is an indicator's name (三、固定资产投资) names what the first sentence under it states when that
# sentence names no indicator of its own.
HEADED_SECTIONS: list[Case] = [
    ("stats", date(2024, 7, 22), "二、固定资产投资\n上半年,全区完成投资41.7亿元,同比增长6.6%。",
     [("fixed_asset_investment", "level", "2024-01/2024-06", 41.7),
      ("fixed_asset_investment", "yoy_pct", "2024-01/2024-06", 6.6)], []),
    ("stats", date(2024, 4, 22), "(四)社会消费品零售总额\n一季度,全县实现12.08亿元,增长4.2%。\n(五)财政收入\n一季度,全县完成3.1亿元。",
     [("retail_sales", "level", "2024-01/2024-03", 12.08), ("retail_sales", "yoy_pct", "2024-01/2024-03", 4.2)],
     [3.1]),
    # the sentence names its own indicator: the heading gives nothing
    ("stats", date(2024, 4, 22), "三、规模以上工业增加值\n一季度,全县工业投资增长9.9%。",
     [("industrial_investment", "yoy_pct", "2024-01/2024-03", 9.9)], [("industrial_va", "yoy_pct", "2024-01/2024-03")]),
]


# A release's figures counted to a month's end (截至10月底) are the year's months to it, to another day (截至11月6日)
# the year's days; a rate written out in Chinese numerals (百分之六点五); 增长速度为; a budget's progress (完成年度预算的
# 86.5%) is no fact and the rate after it goes on about the revenue.
RELEASE_FORMS: list[Case] = [
    ("stats", date(2024, 11, 8), "截至10月底,全区税收收入累计完成20.43亿元,同比增长3.3%。",
     [("tax_revenue", "level", "2024-01/2024-10", 20.43), ("tax_revenue", "yoy_pct", "2024-01/2024-10", 3.3)], []),
    ("stats", date(2024, 11, 8), "截止11月6日,全县一般公共预算收入完成9.8亿元。",
     [("budget_revenue", "level", "2024-01-01/2024-11-06", 9.8)], []),
    ("stats", date(2024, 1, 20), "2023年,全县地区生产总值同比增长百分之六点五,社会消费品零售总额增长百分之十二。",
     [("gdp", "yoy_pct", "2023", 6.5), ("retail_sales", "yoy_pct", "2023", 12)], [6]),
    ("stats", date(2024, 7, 20), "上半年,全区生产总值完成88.2亿元,增长速度为5.1%。",
     [("gdp", "level", "2024-01/2024-06", 88.2), ("gdp", "yoy_pct", "2024-01/2024-06", 5.1)], []),
    ("stats", date(2024, 11, 8), "1-10月,全县一般公共预算收入累计完成7.36亿元,完成年度预算的81.2%,同比增长4.7%。",
     [("budget_revenue", "level", "2024-01/2024-10", 7.36), ("budget_revenue", "yoy_pct", "2024-01/2024-10", 4.7)],
     [81.2]),
    # a milestone's sum in words after its verb (突破三千亿元, 迈上千亿台阶, 跨越两万亿元); a size in words is no level
    ("stats", date(2024, 1, 25), "2023年,全市地区生产总值突破三千亿元,同比增长5.4%。",
     [("gdp", "level", "2023", 3000), ("gdp", "yoy_pct", "2023", 5.4)], []),
    # (the round mark right before the exact level it rounds down says nothing more)
    ("stats", date(2024, 1, 25), "2023年,全县生產總值邁上千億台階,達到1012.8億元。",
     [("gdp", "level", "2023", 1012.8)], [1000]),
    ("stats", date(2024, 1, 25), "2023年,全县生產總值邁上千億台階。",
     [("gdp", "level", "2023", 1000)], []),
    ("stats", date(2024, 1, 25), "2023年,全区新签约一亿元以上项目12个,地区生产总值跨越两万亿元大关。",
     [("gdp", "level", "2023", 20000)], [1, 10000]),
]


# The weather or the campaign that began on a day, then 以来 (12月14日降雪以来, 6月1日入汛以来): the days from it to the
# as-of day.
SINCE_AN_EVENT: list[Case] = [
    ("ops", date(2024, 2, 8), "2月3日降雪以来，全区累计出动扫雪人员6200人次，铲雪车等机械设备410台次，清运积雪5600吨。",
     [("ops.staff_deployed", "level", "2024-02-03/2024-02-08", 6200),
      ("ops.vehicles_deployed", "level", "2024-02-03/2024-02-08", 410),
      ("ops.sludge_removed", "level", "2024-02-03/2024-02-08", 5600)], []),
    ("ops", date(2024, 6, 20), "6月1日入汛以来，全县共清掏雨水井2180座。",
     [("ops.wells_cleared", "level", "2024-06-01/2024-06-20", 2180)], []),
]


# An encyclopedia page's reference mark with a gap after it ends a statement (…超3000亿美元 [2] - 2016年至2023年…); one
# and two characters for countries and cities (欧洲21国185城); a floor kept month after month (保持在千列以上) is no count;
# a stream kept apart after the refuse weighed first (餐厨垃圾); a bulletin whose sea-rail trains are named before a
# passing mention of 中欧班列 counts them as its service.
SUMMARIES_AND_STREAMS: list[Case] = [
    ("rail", date(2024, 5, 6), "中欧班列概况 - 中欧班列累计开行突破9万列,发送货值超3000亿美元,连续48个月单月开行保持在千列以上 [2] - "
     "2016年至2023年,年开行数量从1702列增至1.7万列 [3] 通达欧洲21国185城。",
     [("rail.trains_cumulative", "level", "2024-05-06", 90000), ("rail.cargo_value", "level", "2024-05-06", 3000),
      ("rail.countries_served", "level", "2024-05-06", 21), ("rail.cities_served", "level", "2024-05-06", 185),
      ("rail.trains", "level", "2023", 17000)], [1000]),
    # a release's rate held above a floor is the rate (增速保持在7%以上)
    ("stats", date(2023, 7, 20), "上半年,全县地区生产总值增速保持在7%以上。", [("gdp", "yoy_pct", "2023-01/2023-06", 7)], []),
    ("ops", date(2024, 10, 8), "10月1日至7日,全区清运生活垃圾2.1万吨,集中收运厨余垃圾860吨。",
     [("ops.sludge_removed", "level", "2024-10-01/2024-10-07", 21000)], [860]),
    ("rail", date(2024, 4, 2), "本报南宁4月1日电 截至3月31日,今年西部陆海新通道铁海联运班列发送集装箱货物22.4万标准箱,同比增长9.1%。"
     "该通道已与中欧班列、中老铁路国际货物列车无缝衔接。",
     [("rail.teu", "level", "2024-01-01/2024-03-31", 224000), ("rail.teu", "yoy_pct", "2024-01-01/2024-03-31", 9.1)], []),
]


# A dash pair after a goal noun introduces the goals as a colon does (主要预期目标——…); prices held to a goal
# (上涨控制在3%左右); 稳步推动 before the period; how the figure went (保持稳定) keeps the subject for its rank among the
# city's districts (全市各区); a 其中 sentence under a release's 截止到4月末 counts to that day.
GOALS_AND_REMARKS: list[Case] = [
    ("stats", date(2019, 1, 20), "报告提出今年发展的主要预期目标——地区生产总值增长7%,居民消费价格上涨控制在3%左右。",
     [("gdp", "target_yoy_pct", "2019", 7), ("cpi", "target_yoy_pct", "2019", 3)], []),
    ("stats", date(2024, 4, 28), "今年以来,全区上下稳步推动一季度实现地区生产总值512.6亿元,增长4.4%。",
     [("gdp", "level", "2024-01/2024-03", 512.6), ("gdp", "yoy_pct", "2024-01/2024-03", 4.4)], []),
    ("stats", date(2024, 4, 28), "一季度,全区固定资产投资保持稳定,总量位居全市各区第2。",
     [("fixed_asset_investment", "rank", "2024-01/2024-03", 2)], []),
    ("stats", date(2024, 6, 3), "截止到5月末,高新区各类项目累计31个。其中,签约项目14个,协议项目5个。",
     [("investment_projects", "level", "2024-01/2024-05", 14)], [31, 5]),
    # a total over a span of years (2015年至2018年累计…: 2015/2018); a decline written with its minus too (下降-2.3%);
    # a structure with the year written right before its earlier ratio (从2012年a:b:c调整为…)
    ("rail", date(2019, 1, 30), "2015年至2018年,中欧班列(合肥)累计发运货物31万吨。",
     [("rail.cargo_weight", "level", "2015/2018", 31)], []),
    ("stats", date(2020, 7, 30), "上半年,全区第三产业增加值同比下降-2.3%。",
     [("tertiary_va", "yoy_pct", "2020-01/2020-06", -2.3)], [2.3]),
    ("stats", date(2014, 3, 1), "2013年全县三次产业结构从2012年10.2:52.1:37.7调整为9.6:51.8:38.6。",
     [("primary_va", "share_pct", "2012", 10.2), ("primary_va", "share_pct", "2013", 9.6),
      ("tertiary_va", "share_pct", "2013", 38.6)], []),
    # a photo's day (2021年12月20日摄) dates no story: 去年 is the year before the page's; a year named as a multiple's
    # base (是2020年的1.5倍) dates nothing after it
    ("rail", date(2022, 1, 20), "中欧班列在站场集结(2021年12月20日摄)。新华社记者 某某 摄\n记者19日从发布会上了解到,去年,"
     "中欧班列(成渝)全年共开行4800列,是2020年的1.5倍,运送货物总量达390万吨,较2020年增长52%。",
     [("rail.trains", "level", "2021", 4800), ("rail.cargo_weight", "level", "2021", 390),
      ("rail.cargo_weight", "yoy_pct", "2021", 52)], [("rail.cargo_weight", "level", "2020")]),
    # a word's pinyin syllables run together (今年(jīnnián)5月) drop as single ones do; 发运列数, 贸易额; a clause that
    # compares with earlier years (超过自2014年至2018年…的总和) dates nothing after it
    ("rail", date(2025, 6, 15), "截至今年(jīnnián)5月,河北中欧班列累计开行(kāixíng)超6200列。",
     [("rail.trains_cumulative", "level", "2025-05-31", 6200)], [("rail.trains", "level", "2025-01/2025-05")]),
    ("rail", date(2021, 1, 5), "2020年,江西省中欧班列共开行412列,超过自2016年至2019年开行列数的总和,同比发运列数增长88.1%,"
     "实现贸易额16.3亿美元。",
     [("rail.trains", "level", "2020", 412), ("rail.trains", "yoy_pct", "2020", 88.1),
      ("rail.cargo_value", "level", "2020", 16.3)], []),
    # the firms counted in the clause before what they made (规模以上服务业12户，营业收入…; 房地产开发企业9户，完成投资…);
    # 社会消费零售总额 without its 品
    ("stats", date(2023, 4, 20), "全年规模以上服务业12户,营业收入为2.31亿元,比上年增长6.2%。全年房地产开发企业9户,完成投资5.6亿元,"
     "增长3.3%。全年实现社会消费零售总额41.2亿元。",
     [("services_revenue", "level", "2022", 2.31), ("services_revenue", "yoy_pct", "2022", 6.2),
      ("real_estate_investment", "level", "2022", 5.6), ("real_estate_investment", "yoy_pct", "2022", 3.3),
      ("retail_sales", "level", "2022", 41.2)], [12, 9]),
    # as many trains each way a week (每周去程、回程均开行4至5班: the lower bound, over)
    ("rail", date(2023, 3, 1), "目前,中欧班列(株洲)已形成每周去程、回程均开行4至5班的常态化开行格局。",
     [("rail.weekly_outbound", "level", "2023-03-01", 4), ("rail.weekly_inbound", "level", "2023-03-01", 4)], []),
    # the structure a release's changed from, with no period of its own, is the year before's (由a:b:c调整为…); the
    # country's macro-regions (西部地区) are places
    ("stats", date(2016, 3, 10), "2015年,全县三次产業的比例由12.1:48.3:39.6調整為11.4:47.2:41.4。",
     [("primary_va", "share_pct", "2014", 12.1), ("primary_va", "share_pct", "2015", 11.4),
      ("tertiary_va", "share_pct", "2015", 41.4)], []),
    ("stats", date(2014, 8, 26), "2013年,中部地区实现生产总值127306亿元,增长9.7%,占全国国内生产总值比重由上年的20.2%提高到20.3%。",
     [("gdp", "level", "2013", 127306), ("gdp", "yoy_pct", "2013", 9.7), ("gdp", "share_pct", "2012", 20.2),
      ("gdp", "share_pct", "2013", 20.3)], []),
    # what stands before the goals a goal noun introduces (…工作报告提到的主要预期目标是…); 建议; prices' 涨幅
    ("stats", date(2021, 2, 2), "2020年年初,该市政府工作报告提到的全市发展主要预期目标是地区生产总值增长6.5%左右。",
     [("gdp", "target_yoy_pct", "2020", 6.5)], []),
    ("stats", date(2021, 1, 28), "建议2021年GDP增长目标为增长7%以上,居民消费价格涨幅控制在3%左右。",
     [("gdp", "target_yoy_pct", "2021", 7), ("cpi", "target_yoy_pct", "2021", 3)], []),
]


def check(kind: str, doc_date: date, text: str, expected: list[tuple], absent: list) -> list:
    facts = extract_text(text, doc_date=doc_date, kind=kind)
    got = {(f.indicator, f.measure, f.period, round(f.value, 6)) for f in facts}
    for e in expected:
        assert (*e[:3], round(float(e[3]), 6)) in got, (e, sorted(got))
    for a in absent:
        if isinstance(a, tuple):
            assert not [g for g in got if g[:3] == a], (a, sorted(got))
        else:
            assert not [f for f in facts if f.indicator not in ("rail.record", "rail.milestone")
                        and abs(f.value - a) < 1e-9], (a, sorted(got))
    for f in facts:
        assert text[f.start:f.end] == f.quote
    return facts


# An estimate (预计) in a work report on a year that had ended when it was published states the outcome; in a release
# while the year runs it forecasts. A structure of the three sectors is named by a head and a structure word in any
# combination. A rank that moved is read where it moved to, for the period of the sentence, not the one it moved from
# (and not for a composite ranking named before it). A mark reached sooner than last year is this year's count.
ESTIMATES_AND_MOVES: list[Case] = [
    ("stats", date(2021, 1, 28), "过去一年，全区上下砥砺前行。预计全年实现地区生产总值312亿元，增长3.8%；固定资产投资增长6.1%。",
     [("gdp", "level", "2020", 312), ("gdp", "yoy_pct", "2020", 3.8), ("fixed_asset_investment", "yoy_pct", "2020", 6.1)],
     []),
    ("stats", date(2019, 2, 20), "2018年，初步预计全县社会消费品零售总额达到58.3亿元，增长9.6%左右。",
     [("retail_sales", "level", "2018", 58.3), ("retail_sales", "yoy_pct", "2018", 9.6)], []),
    ("stats", date(2022, 8, 5), "上半年，全县地区生产总值增长4.9%。预计全年地区生产总值增长6.5%左右。",
     [("gdp", "yoy_pct", "2022-01/2022-06", 4.9)], [6.5]),
    ("stats", date(2020, 3, 30), "2019年，全区三次产业增加值比重为3.2:41.5:55.3，结构持续优化。",
     [("primary_va", "share_pct", "2019", 3.2), ("secondary_va", "share_pct", "2019", 41.5),
      ("tertiary_va", "share_pct", "2019", 55.3)], []),
    ("stats", date(2020, 3, 30), "2019年，全市三产的占比为9.1:38.0:52.9。",
     [("primary_va", "share_pct", "2019", 9.1), ("tertiary_va", "share_pct", "2019", 52.9)], []),
    ("stats", date(2019, 8, 2), "上半年，全县固定资产投资增长11.4%，在全市的位次由第九位上升至第四位。",
     [("fixed_asset_investment", "yoy_pct", "2019-01/2019-06", 11.4),
      ("fixed_asset_investment", "rank", "2019-01/2019-06", 4)], [9]),
    ("stats", date(2019, 11, 2), "前三季度，全县社会消费品零售总额增长8.8%，位次从上半年的第7位前移2位至第5位。",
     [("retail_sales", "rank", "2019-01/2019-09", 5)], [("retail_sales", "rank", "2019-01/2019-06"), 7]),
    ("stats", date(2019, 11, 2), "前三季度，全县一般公共预算收入增长7.2%。位次由全市第二位下滑到第三位。",
     [("budget_revenue", "rank", "2019-01/2019-09", 3)], [2]),
    ("stats", date(2019, 11, 2), "前三季度，全县地区生产总值增长7.2%，在全市经济指标综合排名中，我县由上半年的第9位上升到第4位。",
     [("gdp", "yoy_pct", "2019-01/2019-09", 7.2)], [4, 9]),
    ("rail", date(2023, 9, 20), "今年以来，二连浩特铁路口岸中欧班列比去年提前12天突破2000列。",
     [("rail.trains", "level", "2023-01-01/2023-09-20", 2000)], [("rail.trains", "level", "2022-01-01/2022-09-20")]),
    ("rail", date(2023, 9, 20), "满洲里铁路口岸进出境中欧班列较去年同期提前5天突破3000列大关。",
     [("rail.trains", "level", "2023-01-01/2023-09-20", 3000)], [("rail.trains_cumulative", "level", "2023-09-20")]),
    # (the year a work report's section looks back on, named in its heading)
    ("stats", date(2024, 2, 6), "一、2023年工作回顾\n一年来，全县上下攻坚克难。预计全县地区生产总值增长5.5%左右，固定资产投资增长8%。",
     [("gdp", "yoy_pct", "2023", 5.5), ("fixed_asset_investment", "yoy_pct", "2023", 8)], []),
    # (in the year's last month it is still a forecast: the year has not ended)
    ("stats", date(2022, 12, 26), "今年以来，全区上下稳中求进。预计全年实现地区生产总值96亿元，同比增长5.2%。", [], [96, 5.2]),
    ("stats", date(2024, 4, 20), "一季度，全县地区生产总值增长6.1%，三次产业结构比由去年同期的9.2:40.1:50.7变化为8.8:39.0:52.2。",
     [("primary_va", "share_pct", "2024-01/2024-03", 8.8), ("primary_va", "share_pct", "2023-01/2023-03", 9.2)], []),
    ("stats", date(2023, 7, 28), "上半年，全市二产业增加值512.4亿元，增长5.5%；三产业增加值806.1亿元，增长6.6%。",
     [("secondary_va", "level", "2023-01/2023-06", 512.4), ("tertiary_va", "level", "2023-01/2023-06", 806.1),
      ("tertiary_va", "yoy_pct", "2023-01/2023-06", 6.6)], []),
    # the country, the province and the city by their last character in a list of comparators
    ("stats", date(2024, 4, 26), "一季度，全市第一产业增加值12.1亿元，增长3.9%，分别高于国、省0.6和0.2个百分点。",
     [("primary_va", "pp_diff", "2024-01/2024-03", 0.6), ("primary_va", "pp_diff", "2024-01/2024-03", 0.2)], []),
    ("stats", date(2024, 4, 26), "一季度，全县规模以上工业增加值增长4.1%，分别低于省、市1.5和2.0个百分点。",
     [("industrial_va", "pp_diff", "2024-01/2024-03", -1.5), ("industrial_va", "pp_diff", "2024-01/2024-03", -2.0)], []),
    # a year written right before a count (2016年3列) dates it
    ("rail", date(2019, 1, 8), "班列开行以来逐年增长：2016年3列，2017年约40列，2018年超百列。",
     [("rail.trains", "level", "2016", 3), ("rail.trains", "level", "2017", 40), ("rail.trains", "level", "2018", 100)],
     [("rail.trains", "level", "2017", 3)]),
    # a month with 累计 after its figures (累计和单月…创新高) is that month's, not the year's to it
    ("rail", date(2024, 7, 3), "今年1—6月，中欧班列(长沙)发运480列。其中，6月份开行102列、发送9010标准箱，累计和单月发运量均创历史新高。",
     [("rail.trains", "level", "2024-06", 102), ("rail.teu", "level", "2024-06", 9010)],
     [("rail.teu", "level", "2024-01/2024-06")]),
    # a period named only after the figures, in a clause of its own (改变2019年…的状况), dates them not
    ("rail", date(2020, 6, 10), "今年1至5月，中欧班列(南昌)开行回程班列96列。其中，赣州回程班列41列，改变2019年同期赣州无回程班列的状况。",
     [("rail.trains", "level", "2020-01/2020-05", 96), ("rail.trains", "level", "2020-01/2020-05", 41)],
     [("rail.trains", "level", "2019-01/2019-05")]),
    # TEU carried (搭载标箱) counted in boxes; stations of international freight served
    ("rail", date(2024, 1, 9), "2023年，安徽中欧班列共开行912列、搭载标箱9.6万箱，同比分别增长12.1%、15.3%。",
     [("rail.trains", "level", "2023", 912), ("rail.teu", "level", "2023", 96000), ("rail.teu", "yoy_pct", "2023", 15.3)],
     []),
    ("rail", date(2024, 1, 9), "截至目前，中欧班列(合肥)线路覆盖了68个国际货运站点。",
     [("rail.destinations", "level", "2024-01-09", 68)], []),
    # volunteers (环保志工), machines counted with vehicles (车辆机具), each vehicle named before its count too
    ("ops", date(2023, 9, 6), "颱風過後，市環保局動員清潔隊員860人、車輛機具215輛，另有3千2百名環保志工協助清理家園。",
     [("ops.staff_deployed", "level", "2023-09-06", 860), ("ops.vehicles_deployed", "level", "2023-09-06", 215)], []),
    ("ops", date(2023, 8, 2), "8月1日，全区出动保洁人员320余人，洒水车12辆、洗扫车8辆、垃圾转运车6辆。",
     [("ops.vehicles_deployed", "level", "2023-08-01", 12), ("ops.vehicles_deployed", "level", "2023-08-01", 8),
      ("ops.vehicles_deployed", "level", "2023-08-01", 6)], []),
    ("ops", date(2024, 10, 6), "連日來各區總計動員180隊環保志工隊，共1萬1520名環保志工攜手清理街道。",
     [("ops.staff_deployed", "level", "2024-10-06", 11520)], [180]),
    # counts of the days since the story's day (连日来) run from that day to the as-of day, and the paragraph goes on in them
    ("ops", date(2023, 7, 6), "7月1日，我区启动防汛应急响应。\n连日来，区城管局共出动抢险人员260人次，抢险车辆31台。同时，环卫所出动环卫工人540人次。",
     [("ops.staff_deployed", "level", "2023-07-01/2023-07-06", 260), ("ops.vehicles_deployed", "level", "2023-07-01/2023-07-06", 31),
      ("ops.staff_deployed", "level", "2023-07-01/2023-07-06", 540)], [("ops.staff_deployed", "level", "2023-07-01")]),
    # last year's same night of a lunar festival, not the same dates
    ("ops", date(2018, 2, 17), "除夕夜至初一凌晨，全市共清运烟花爆竹残屑186.5吨，去年同期为240.2吨，同比下降22.4%。",
     [("ops.sludge_removed", "level", "2018-02-15/2018-02-16", 186.5),
      ("ops.sludge_removed", "level", "2017-01-27/2017-01-28", 240.2)],
     [("ops.sludge_removed", "level", "2017-02-15/2017-02-16")]),
    # a comparison opening with 相比 (相比去年同期降幅达到…), tenths after 了 or in a digit (减少了3成之多)
    ("ops", date(2019, 2, 6), "除夕夜，全区共清扫烟花爆竹残屑12.4吨，相比去年同期降幅达到31.2%。",
     [("ops.sludge_removed", "yoy_pct", "2019-02-04", -31.2)], []),
    ("ops", date(2019, 2, 6), "除夕夜，全区共清运烟花爆竹残屑86吨，比去年同期减少了4成之多。",
     [("ops.sludge_removed", "yoy_pct", "2019-02-04", -40)], []),
    # drain covers and weep holes cleared, counted in pieces (件) or places (处)
    ("ops", date(2023, 9, 4), "截至今天上午8时，各区清洁队动用人力420人次，清除路旁泄水孔3100件及水沟盖2260件，清扫阻塞沟盖880处。",
     [("ops.wells_cleared", "level", "2023-09-04", 3100), ("ops.wells_cleared", "level", "2023-09-04", 2260),
      ("ops.wells_cleared", "level", "2023-09-04", 880)], []),
    # a day in words after the words of an as-of day (截至十四日止)
    ("ops", date(2025, 11, 15), "环境部调度邻近县市支援，截至十三日止累计支援抓斗车八台次及支援人力六十五人次。",
     [("ops.vehicles_deployed", "level", "2025-11-13", 8), ("ops.staff_deployed", "level", "2025-11-13", 65)],
     [("ops.staff_deployed", "level", "2025-11-15")]),
    # sanitation workers on duty (上岗值守, 坚守岗位) are staff turned out; teams on standby (待命) are not
    ("ops", date(2019, 8, 11), "8月10日，全市2.1万余名环卫工人上岗值守，146支应急队伍待命。",
     [("ops.staff_deployed", "level", "2019-08-10", 21000)], [146]),
    ("ops", date(2019, 2, 6), "除夕夜，全市6万多名清洁工坚守岗位，清运烟花爆竹残屑52吨。",
     [("ops.staff_deployed", "level", "2019-02-04", 60000), ("ops.sludge_removed", "level", "2019-02-04", 52)], []),
    # each kind of staff counted after its number is named before it too (抢险队员26人)
    ("ops", date(2025, 8, 18), "8月2日以来，市城管委紧急调度车辆15台、抢险队员32人、保洁人员120人，支援受灾镇村清淤。",
     [("ops.staff_deployed", "level", "2025-08-02/2025-08-18", 32), ("ops.staff_deployed", "level", "2025-08-02/2025-08-18", 120)],
     []),
    # ten-thousands and thousands written with digits (5万6千多人)
    ("ops", date(2017, 1, 29), "除夕夜，全市出动环卫人员3万2千多人，清运烟花爆竹残屑410吨。",
     [("ops.staff_deployed", "level", "2017-01-27", 32000)], [3, 2000]),
    # what those rules must not read (a review's probes): dates written as dates are last year's same dates; an estimate
    # is judged by the period written after it; an inherited month stays; 高技术产业增加值比重 is no structure; a vague
    # weight in words; the weather's 连日; the population a moved rank moved within; 截止到 before a day in words
    ("ops", date(2024, 1, 25), "1月24日，全市共清运生活垃圾3000吨，去年同期为2800吨。",
     [("ops.sludge_removed", "level", "2023-01-24", 2800)], [("ops.sludge_removed", "level", "2023-01-05")]),
    ("stats", date(2024, 8, 20), "今年1-7月，全市地区生产总值增长5.1%，预计全年增长5.5%左右。",
     [("gdp", "yoy_pct", "2024-01/2024-07", 5.1)], [5.5]),
    ("stats", date(2024, 2, 10), "2023年，全市地区生产总值增长5.2%，预计2024年增长6%左右。",
     [("gdp", "yoy_pct", "2023", 5.2)], [6]),
    ("stats", date(2024, 6, 20), "1-5月，全市固定资产投资增长6.2%。5月份，全市完成固定资产投资25亿元，同比增长7.1%。"
     "其中，工业投资10亿元，增长8.3%。",
     [("industrial_investment", "level", "2024-05", 10)], [("industrial_investment", "level", "2024-01/2024-05")]),
    ("stats", date(2024, 2, 10), "2023年，全市高技术产业增加值比重提高1.2个百分点，三次产业结构调整为8.1:40.2:51.7。",
     [("primary_va", "share_pct", "2023", 8.1), ("tertiary_va", "share_pct", "2023", 51.7)], []),
    ("ops", date(2024, 7, 2), "昨天，我市迎来强降雨。受连日降雨影响，全市清运垃圾数十吨，出动抢险人员500人次。",
     [("ops.staff_deployed", "level", "2024-07-01", 500)], [10, ("ops.staff_deployed", "level", "2024-07-01/2024-07-02")]),
    ("ops", date(2024, 7, 20), "截止到十四日，全市共出动环卫工人3000人次。",
     [("ops.staff_deployed", "level", "2024-07-14", 3000)], []),
    # a weight written in words (a composed numeral: not an article such as 一吨)
    ("ops", date(2019, 8, 12), "台风过后，环保局动员清洁队员二千三百人次，清运垃圾约六百四十公吨。",
     [("ops.staff_deployed", "level", "2019-08-12", 2300), ("ops.sludge_removed", "level", "2019-08-12", 640)], []),
    # a lone 全 (a page that lost the place after it) is no subject of its own
    ("stats", date(2021, 6, 25), "1-5月份，全规模以上工业增加值同比增长12.3%，全固定资产投资同比增长8.1%。",
     [("industrial_va", "yoy_pct", "2021-01/2021-05", 12.3), ("fixed_asset_investment", "yoy_pct", "2021-01/2021-05", 8.1)],
     []),
]


SIZES_DAYS_AND_SHARES: list[Case] = [
    # a year a change began (自2016年…之后) is not the year of the days after it
    ("ops", date(2018, 2, 20), "自2016年正式实施《烟花爆竹安全管理条例》之后，燃放情况大大减少。"
     "从2月19日晚至2月20日凌晨，本市共出动环卫工人2.6万人次。",
     [("ops.staff_deployed", "level", "2018-02-19/2018-02-20", 26000)],
     [("ops.staff_deployed", "level", "2016-02-19/2016-02-20")]),
    # ten thousand by itself (上万名, 万余名, 近万名); a size (数千名, 几百人, 成千上万) is no tally
    ("ops", date(2019, 2, 16), "今天凌晨，全市上万名环卫工人上路清雪。", [("ops.staff_deployed", "level", "2019-02-16", 10000)], []),
    ("ops", date(2019, 2, 16), "今天，全市出动万余名环卫工人，出动车辆120台次。",
     [("ops.staff_deployed", "level", "2019-02-16", 10000), ("ops.vehicles_deployed", "level", "2019-02-16", 120)], []),
    ("ops", date(2019, 2, 16), "今天，全市数千名环卫工人上路清雪，几百名志愿者参与，出动车辆120台次。",
     [("ops.vehicles_deployed", "level", "2019-02-16", 120)], [1000, 100]),
    ("ops", date(2019, 2, 16), "今天，成千上万名环卫工人上路清雪，出动车辆120台次。",
     [("ops.vehicles_deployed", "level", "2019-02-16", 120)], [10000]),
    ("ops", date(2019, 2, 16), "每万人拥有环卫工人30名。", [], [10000]),
    # the lead's list of days: the story's today is the last of them
    ("ops", date(2019, 8, 10), "今天，市绿化市容局组织巡查小组继续检查道路。8月9日、10日，全市景观灯光暂时关闭。\n"
     "环卫方面，出动机扫车2181辆次，冲洗车962辆次。",
     [("ops.vehicles_deployed", "level", "2019-08-10", 2181), ("ops.vehicles_deployed", "level", "2019-08-10", 962)], []),
    # the day a bulletin keeps counting to dates its figures without a day; a day said once dates its own count only
    ("ops", date(2022, 2, 10), "截至2月7日中午，全省各地共出动人员约10.15万人次。\n"
     "南京市启动应急预案。截至2月7日中午，全市出动人员约64000人次。\n镇江市全市动员近5000名环卫工人迅速到岗。",
     [("ops.staff_deployed", "level", "2022-02-07", 101500), ("ops.staff_deployed", "level", "2022-02-07", 64000),
      ("ops.staff_deployed", "level", "2022-02-07", 5000)], [("ops.staff_deployed", "level", "2022-02-10")]),
    ("ops", date(2025, 4, 23), "重点针对易积水路段进行体检。截至4月16日，已完成辖区内89条主次干道的排查。\n"
     "本次清淤采取机械加人工联合作业模式，先后完成10629个雨水口清理。",
     [("ops.roads_inspected", "level", "2025-04-16", 89), ("ops.wells_cleared", "level", "2025-04-23", 10629)], []),
    # days that ended on a day (经过七天七夜的奋战，1月31日…): the span, for the paragraph after it too
    ("ops", date(2018, 2, 1), "经过七天七夜的奋战，1月31日18时30分杭州抗雪防冻解除Ⅲ级响应。\n这期间，杭州共出动干部职工412519人次。",
     [("ops.staff_deployed", "level", "2018-01-25/2018-01-31", 412519)], []),
    ("ops", date(2023, 7, 9), "连续5天强降雨后，7月8日全市解除防汛应急响应。期间共出动抢险人员3200人次。",
     [("ops.staff_deployed", "level", "2023-07-04/2023-07-08", 3200)], []),
    # a mirror dated years after the title's year: the story's 今年 is the title's
    ("ops", date(2025, 7, 3), "2017年十一黄金周天安门收运垃圾53.5吨\n今年国庆中秋八天长假，天安门地区共收集垃圾约53.5吨。",
     [("ops.sludge_removed", "level", "2017-10-01/2017-10-08", 53.5)], [("ops.sludge_removed", "level", "2025-10-01/2025-10-08")]),
    # (a title that does not open with its year, or a breadcrumb, moves no 今年)
    ("stats", date(2025, 3, 1), "首页 > 新闻中心 > 2019年工作动态\n今年1-2月，全市规模以上工业增加值增长6.1%。",
     [("industrial_va", "yoy_pct", "2025-01/2025-02", 6.1)], []),
    ("stats", date(2025, 3, 1), "回顾2020年抗疫历程\n今年1-2月，全市规模以上工业增加值增长6.1%。",
     [("industrial_va", "yoy_pct", "2025-01/2025-02", 6.1)], []),
    ("ops", date(2019, 8, 10), "今天，巡查小组继续对全市150余条段道路进行检查。", [("ops.roads_inspected", "level", "2019-08-10", 150)], []),
    # counts without a day in a bulletin that says it counts to a day after its story began are over the days between;
    # a count that names the day it runs to (截至26日…) is as of that day
    ("ops", date(2022, 4, 27), "4月25日晚间，长沙城区迎来今年首场大暴雨。市城管执法局第一时间启动应急响应。\n"
     "各区市政中心及时做好道路排水措施，截至4月26日早7点，共出动应急抢险车辆328车次，应急防汛人员2119人次。",
     [("ops.vehicles_deployed", "level", "2022-04-26", 328), ("ops.staff_deployed", "level", "2022-04-26", 2119)],
     [("ops.vehicles_deployed", "level", "2022-04-25/2022-04-26")]),
    ("ops", date(2019, 7, 22), "2019年7月21日夜间，我市出现持续明显降雨。\n本次抢险，共出动人员40余人次，抢险车辆10辆。\n"
     "截止7月22日下午15时，各处险情已基本控制。",
     [("ops.staff_deployed", "level", "2019-07-21/2019-07-22", 40), ("ops.vehicles_deployed", "level", "2019-07-21/2019-07-22", 10)], []),
    # (the story began on the day its lead says the event began, under a dateline of the next day)
    ("ops", date(2015, 12, 2), "东北网12月2日讯 12月1日下午2时开始的本轮降雪，断断续续持续至2日中午。\n"
     "南岗区为这场雪共动用清雪人员11000多人，出动车辆690多台。\n截至2日下午2时，全市运出积雪80余万立方米。",
     [("ops.staff_deployed", "level", "2015-12-01/2015-12-02", 11000), ("ops.vehicles_deployed", "level", "2015-12-01/2015-12-02", 690)],
     []),
    # (a story that began on the day it counts to, or a campaign since a month, stays on the day)
    ("ops", date(2025, 9, 11), "昨夜今晨郑州市出现中雨。截至9月11日6时，全市共出动防汛人员5230人次。",
     [("ops.staff_deployed", "level", "2025-09-11", 5230)], []),
    ("ops", date(2022, 4, 25), "4月以来，经开区高标准组织开展雨污水井清掏专项行动。\n截至目前，经开区共出动环卫保洁人员2700余人次。",
     [("ops.staff_deployed", "level", "2022-04-25", 2700)], []),
    # 昨天和今天: the two days
    ("ops", date(2017, 7, 2), "昨天和今天，长沙出动环卫清扫、市政处突等人员6000人次，清运垃圾1.5万余吨。",
     [("ops.staff_deployed", "level", "2017-07-01/2017-07-02", 6000), ("ops.sludge_removed", "level", "2017-07-01/2017-07-02", 15000)],
     []),
    # the sectors' structure: of GDP, as three bare numbers making a hundred, or sector by sector
    ("stats", date(2023, 3, 1), "2022年，全市三次产业占GDP比重为14.6:34.6:50.8。",
     [("primary_va", "share_pct", "2022", 14.6), ("secondary_va", "share_pct", "2022", 34.6),
      ("tertiary_va", "share_pct", "2022", 50.8)], []),
    ("stats", date(2022, 3, 1), "2021年，全区三次产业增加值结构为9.3、41.0、49.6。",
     [("primary_va", "share_pct", "2021", 9.3), ("secondary_va", "share_pct", "2021", 41.0),
      ("tertiary_va", "share_pct", "2021", 49.6)], []),
    ("stats", date(2022, 3, 1), "2021年，三次产业结构为12.1、45.0、30.6。", [], [12.1, 45.0, 30.6]),
    ("stats", date(2021, 3, 1), "2020年，三次产业增加值占地区生产总值的比重，第一产业为17.7%，第二产业为36.4%，第三产业为45.9%。",
     [("primary_va", "share_pct", "2020", 17.7), ("secondary_va", "share_pct", "2020", 36.4),
      ("tertiary_va", "share_pct", "2020", 45.9)], []),
    # names a release writes (公共财政收入 before 2014, 居民消费价格总指数, 社会固定资产投资)
    ("stats", date(2021, 3, 1), "2020年，全县地方公共财政收入(不含基金)2.75亿元，增长0.2%；公共财政支出17.24亿元，增长9.9%。"
     "居民消费价格总指数(CPI)比上年上涨3.5%。",
     [("budget_revenue", "level", "2020", 2.75), ("budget_revenue", "yoy_pct", "2020", 0.2),
      ("budget_expenditure", "level", "2020", 17.24), ("budget_expenditure", "yoy_pct", "2020", 9.9),
      ("cpi", "yoy_pct", "2020", 3.5)], []),
    ("stats", date(2019, 7, 30), "2019年上半年，完成社会固定资产投资同比增长11.1%。",
     [("fixed_asset_investment", "yoy_pct", "2019-01/2019-06", 11.1)], []),
    ("stats", date(2023, 1, 11), "初步预计，2022年全省城镇居民、农村居民人均可支配收入分别增长5.2%左右、7.6%左右。",
     [("disposable_income.urban", "yoy_pct", "2022", 5.2), ("disposable_income.rural", "yoy_pct", "2022", 7.6)], []),
    # a table row that names the document's own place before the indicator
    ("stats", date(2021, 4, 1), "2020年全县生产总值\n|\n指标 |\n绝对数(万元) |\n比上年增长% |\n|\n全县生产总值 |\n2229732 |\n2.1 |\n"
     "|\n第一产业 |\n555173 |\n1.0 |\n",
     [("gdp", "level", "2020", 222.9732), ("gdp", "yoy_pct", "2020", 2.1), ("primary_va", "level", "2020", 55.5173)], []),
    # the year's count by its name, with no period of its own (the whole year on 31 December); marks reached one after
    # another in years not named are none of them
    ("rail", date(2022, 12, 31), "圆满收官！中欧班列(齐鲁号)年度开行量突破2000列，再创历史新高\n2022-12-31 随着一声汽笛长鸣，班列缓缓驶出。",
     [("rail.trains", "level", "2022", 2000)], [("rail.trains_cumulative", "level", "2022-12-31")]),
    ("rail", date(2022, 11, 30), "中欧班列(齐鲁号)年度开行量突破1900列。", [("rail.trains", "level", "2022-01-01/2022-11-30", 1900)], []),
    ("rail", date(2024, 10, 15), "10月14日，随着X8024次中欧班列从西安国际港站驶出，西安中欧班列年度开行量突破4000列。",
     [("rail.trains", "level", "2024-01-01/2024-10-14", 4000), ("rail.milestone", "level", "2024-10-14", 4000)], []),
    ("rail", date(2022, 12, 31), "自2018年10月统筹运营以来，班列年度开行量先后突破1000列、1500列、1800列、2000列。", [],
     [1000, 1500, 1800, 2000]),
    # the machines of a clean-up by their kinds
    ("ops", date(2019, 7, 22), "今天，共出动人员40余人次，抢险车辆10辆、挖掘机1辆、装载机2辆、拖车3辆、抽水机4台。",
     [("ops.vehicles_deployed", "level", "2019-07-22", v) for v in (10, 1, 2, 3)], [4]),
    ("ops", date(2020, 5, 25), "今天，环保局立即调度5辆扫街车、6辆洗街车上路清理。",
     [("ops.vehicles_deployed", "level", "2020-05-25", 5), ("ops.vehicles_deployed", "level", "2020-05-25", 6)], []),
    # ten thousands, then the rest with a thousands separator (1万2,781件 is 12781, never 2781)
    ("ops", date(2024, 7, 24), "今天，清除沟盖1万2,781件。", [("ops.wells_cleared", "level", "2024-07-24", 12781)], [2781]),
    # people rescued, moved or hurt are not crews turned out
    ("ops", date(2023, 9, 8), "今天，共转移群众3563人，救助被困人员134人，出动抢险人员500人次，其中2名环卫工人受伤。",
     [("ops.staff_deployed", "level", "2023-09-08", 500)], [3563, 134, 2]),
    # machines broken down are not machines sent out
    ("ops", date(2015, 4, 2), "今天，全市出动清雪车120台，已用坏了30多台。", [("ops.vehicles_deployed", "level", "2015-04-02", 120)], [30]),
    ("ops", date(2015, 4, 2), "今天，全市出動清雪車120臺，已用壞了30多臺。", [("ops.vehicles_deployed", "level", "2015-04-02", 120)], [30]),
    # pick-ups and cleaning carts are vehicles sent out; cars flooded, buses stopped, trucks seized are not
    ("ops", date(2024, 9, 17), "今天，使用了4辆皮卡车和350辆电动保洁车，清理了约15吨树木断枝。",
     [("ops.vehicles_deployed", "level", "2024-09-17", 4), ("ops.vehicles_deployed", "level", "2024-09-17", 350)], []),
    ("ops", date(2024, 7, 20), "7月19日，暴雨造成低洼路段100余辆私家车被淹，全市有40余辆公交车因积水停运。共查处违规渣土车15辆。",
     [], [100, 40, 15]),
    # people counted in 位 (not a place in a ranking: 排名前3位)
    ("ops", date(2020, 5, 25), "另外，盐埕区多条道路积水，环保局立即调度二辆扫街车及二十余位清洁队员，一早就开始清理。",
     [("ops.vehicles_deployed", "level", "2020-05-25", 2), ("ops.staff_deployed", "level", "2020-05-25", 20)], []),
    ("ops", date(2023, 5, 24), "今天，总计63位清沟人力投入工作，全市出动人员300人次，排名前3位。",
     [("ops.staff_deployed", "level", "2023-05-24", 63), ("ops.staff_deployed", "level", "2023-05-24", 300)], [3]),
    # the places of a prefecture listed after a view of them, each given its rate (some known to no gazetteer: 突泉);
    # the county-level total (全盟县域) is a region of its own
    ("stats", date(2021, 3, 25), "1-2月份，全盟县域规模以上工业增加值同比增长30.2%。从6个旗县市增速看，突泉、扎旗、前旗高于全盟平均水平，"
     "同比分别增长193.5%、99.5%、37.6%；乌市、中旗分别增长24.3%、4.8%。",
     [("industrial_va", "yoy_pct", "2021-01/2021-02", v) for v in (30.2, 193.5, 99.5, 37.6, 24.3, 4.8)], [6]),
    ("stats", date(2021, 3, 25), "1-2月份，全市规模以上工业增加值同比增长30.2%。从各县区增速看，金水区、二七区、中原区高于全市平均水平，"
     "同比分别增长19.5%、9.5%、7.6%。",
     [("industrial_va", "yoy_pct", "2021-01/2021-02", v) for v in (30.2, 19.5, 9.5, 7.6)], []),
    # a gap to the province's level or average rate, after 但仍; the firms above the size threshold 共完成产值
    ("stats", date(2022, 6, 20), "1-5月，全县规上工业增加值同比增长1.3%，增速高于全省水平3.3个百分点。",
     [("industrial_va", "pp_diff", "2022-01/2022-05", 3.3)], []),
    ("stats", date(2018, 4, 20), "1—3月，全市规模工业增加值同比增长5.5%，较1—2月份增速提高了2个百分点，但仍低于全省平均增速2.1个百分点，"
     "居全省第12位。",
     [("industrial_va", "pp_diff", "2018-01/2018-03", -2.1), ("industrial_va", "rank", "2018-01/2018-03", 12)], [2]),
    ("stats", date(2023, 7, 20), "1-6月，规模以上工业企业共完成产值299.44亿元，同比下降4.9%。",
     [("industrial_output", "level", "2023-01/2023-06", 299.44), ("industrial_output", "yoy_pct", "2023-01/2023-06", -4.9)], []),
    # counted to the last day of the holiday the story named: over the holiday
    ("ops", date(2019, 2, 11), "2019年春节期间，区环卫中心全体干部职工坚守在街路清扫、垃圾清运等工作岗位上。\n"
     "截止02月10日18时，区环卫中心共计出动专业作业车辆1077部，人员6200人；出动街路清扫保洁人员3538人次。",
     [("ops.vehicles_deployed", "level", "2019-02-04/2019-02-10", 1077), ("ops.staff_deployed", "level", "2019-02-04/2019-02-10", 6200),
      ("ops.staff_deployed", "level", "2019-02-04/2019-02-10", 3538)], []),
    # a bullet's line stands alone (◎…货值约50亿元 / ◎中欧班列(武汉)…); a running total compared year on year in a
    # paragraph about a quarter is the quarter's
    ("rail", date(2022, 4, 10), "◎中欧班列(长安号):一季度累计开行790列\n◎中欧班列(合肥):一季度累计发运225列,同比增长108.33%,货值约50亿元\n"
     "◎中欧班列(武汉):一季度累计发运104列,同比增长60%,货值约25.08亿元\n◎中欧班列(长沙):一季度累计发运263列,同比增长71.9%,货值6.52亿美元",
     [("rail.cargo_value", "level", "2022-01/2022-03", 50), ("rail.cargo_value", "level", "2022-01/2022-03", 25.08),
      ("rail.cargo_value", "level", "2022-01/2022-03", 6.52)], []),
    ("rail", date(2022, 4, 10), "一季度，河南中欧班列表现尤为突出。数据显示，中欧班列(中豫号)累计开行423列，同比增长21%。",
     [("rail.trains", "level", "2022-01/2022-03", 423), ("rail.trains", "yoy_pct", "2022-01/2022-03", 21)], []),
    # a bare 增加值 right after the gross output of the industry above the size threshold is that industry's
    ("stats", date(2025, 2, 1), "2024年，全区规模以上工业总产值达到1587.7亿元，同比增长5.2%，增加值同比增长7.2%，高于全国平均水平1.4个百分点。",
     [("industrial_output", "yoy_pct", "2024", 5.2), ("industrial_va", "yoy_pct", "2024", 7.2), ("industrial_va", "pp_diff", "2024", 1.4)],
     []),
    # the month of a press conference dates no figures
    ("rail", date(2021, 4, 19), "今天(19日)，国家发改委新闻发言人在4月份新闻发布会上表示，一季度，中欧班列开行3398列，发送货物32.2万标箱。"
     "其中，去程1858列，回程1540列。",
     [("rail.trains", "level", "2021-01/2021-03", v) for v in (3398, 1858, 1540)], [("rail.trains", "level", "2021-04-01/2021-04-19")]),
    # twenty-foot containers are TEU; more than last year's same period by a rate
    ("rail", date(2022, 10, 30), "今年中欧班列共开行43列，折合2504个20#集装箱，另有90个40#集装箱。",
     [("rail.trains", "level", "2022-01-01/2022-10-30", 43), ("rail.teu", "level", "2022-01-01/2022-10-30", 2504)], [90]),
    ("rail", date(2022, 2, 4), "至此，合肥中欧班列2022年1月累计开行69列标准列，一月份班列开行量已超去年同期50%以上。",
     [("rail.trains", "level", "2022-01", 69), ("rail.trains", "yoy_pct", "2022-01", 50)], []),
]


MULTIPLES_STARTS_AND_WEIGHTS: list[Case] = [
    # a multiple is a rate year on year unless it is against an early year (增长2.9倍 → 290 %; 4年时间增长了近10倍 none)
    ("stats", date(2018, 9, 10), "1-8月,全县固定资产投资同比增长64.7%,其中项目投资增长51.8%;房地产行业投资增长2.9倍;工业投资增长2.2倍。",
     [("real_estate_investment", "yoy_pct", "2018-01/2018-08", 290), ("industrial_investment", "yoy_pct", "2018-01/2018-08", 220)],
     []),
    ("rail", date(2021, 1, 5), "2020年，合肥中欧班列开行568列，年开行量4年时间增长了近10倍。",
     [("rail.trains", "level", "2020", 568)], [("rail.trains", "yoy_pct")]),
    # names: 地方公共预算收入, 规模以上固定资产投资; 扣除价格因素 between a subject and its rate
    ("stats", date(2018, 9, 10), "1-8月，全县实现地方公共预算收入5.75亿元,同比增长17.4%，规模以上固定资产投资增长11.5%。",
     [("budget_revenue", "level", "2018-01/2018-08", 5.75), ("budget_revenue", "yoy_pct", "2018-01/2018-08", 17.4),
      ("fixed_asset_investment", "yoy_pct", "2018-01/2018-08", 11.5)], []),
    ("stats", date(2019, 4, 1), "2018年，全旗地区生产总值达到938.18亿元,扣除价格因素,比上年增长2%。经济结构比例为1.2:53.8:45。",
     [("gdp", "level", "2018", 938.18), ("gdp", "yoy_pct", "2018", 2), ("primary_va", "share_pct", "2018", 1.2),
      ("secondary_va", "share_pct", "2018", 53.8), ("tertiary_va", "share_pct", "2018", 45)], []),
    # the indicators a list of rates named go on to the amounts after them (分别…，分别达…)
    ("stats", date(2022, 1, 10), "2021年，全县一般公共预算支出增长3.5%达19.4亿元,城乡常住居民人均可支配收入分别增长12%和13%,"
     "分别达43366元和13835元。",
     [("disposable_income.urban", "level", "2021", 43366), ("disposable_income.rural", "level", "2021", 13835)],
     [("budget_expenditure", "level", "2021", 43366)]),
    # investment promotion by itself is no indicator: its clause does not go on with the one before
    ("stats", date(2022, 1, 10), "2021年，全县规模以上固定资产投资增长18.3%,招商引资增长25.9%达87.7亿元。",
     [("fixed_asset_investment", "yoy_pct", "2021", 18.3)], [25.9, 87.7]),
    # a year named to compare with, or a span of years to now, is not the year of the days after it
    ("ops", date(2020, 8, 25), "共清运垃圾37车次约236.94吨,日均清运量与2019年啤酒节基本持平。为将影响最小化,自7月25日起,将清运时间调整至凌晨5时。",
     [("ops.sludge_removed", "level", "2020-07-25/2020-08-25", 236.94)], [("ops.sludge_removed", "level", "2019-07-25/2020-08-25")]),
    ("ops", date(2019, 5, 10), "2013年至今我市连续7年开展清洁月活动,从4月1日至30日开展为期一个月的清洁月活动。\n今年全市共出动车辆9123台次,出动17967人次。",
     [("ops.vehicles_deployed", "level", "2019-04-01/2019-04-30", 9123), ("ops.staff_deployed", "level", "2019-04-01/2019-04-30", 17967)],
     []),
    # since yesterday, since the start of a month, since a day written without its month
    ("ops", date(2025, 8, 12), "楊柳颱風來襲，高雄市水利局加強清疏作業。\n環保局昨起提前防颱，已動員1094人次、各式車輛143車次。",
     [("ops.staff_deployed", "level", "2025-08-11/2025-08-12", 1094), ("ops.vehicles_deployed", "level", "2025-08-11/2025-08-12", 143)],
     []),
    ("ops", date(2021, 4, 20), "为确保城区安全度汛，区执法局提前部署清淤工作。\n自4月初开始,该局共出动人员24人、车辆6台。",
     [("ops.staff_deployed", "level", "2021-04-01/2021-04-20", 24), ("ops.vehicles_deployed", "level", "2021-04-01/2021-04-20", 6)], []),
    # counted over the months written before it; a plan's end later in the month of publication dates nothing
    ("ops", date(2025, 10, 6), "桃園登革熱累積4例，環保局今表示加強防治。\n自10月2日起至10月底，每兩日動員志工巡檢巷弄；統計今年1月至8月底，"
     "環保局已動員環保志工逾22萬6255人次。",
     [("ops.staff_deployed", "level", "2025-01/2025-08", 226255)], [("ops.staff_deployed", "level", "2024-10-31")]),
    # thousands and hundreds after Arabic digits (3千多名, 2百名), 1萬460 (10460), 10余万 (more than 100,000)
    ("ops", date(2018, 4, 14), "大甲媽遶境，環保局動員3千多名環保志工與2百名清潔隊員連夜掃街。",
     [("ops.staff_deployed", "level", "2018-04-14", 3000), ("ops.staff_deployed", "level", "2018-04-14", 200)], []),
    ("ops", date(2025, 10, 6), "登革熱防治，環保局今表示，同時動員各區里環保志工1萬460人次。",
     [("ops.staff_deployed", "level", "2025-10-06", 10460)], [460]),
    ("ops", date(2016, 11, 12), "暴雪过后，哈市目前已累计出动10余万清雪人员连续奋战在街路上。",
     [("ops.staff_deployed", "level", "2016-11-12", 100000)], []),
    # a crowd drawn or carried is no crew; recyclables are refuse removed; volunteers and tricycles are counted
    ("ops", date(2020, 1, 1), "台中市政府31日晚上舉辦跨年活動，共吸引27萬人次民眾參加。1日凌晨出動65位清潔隊員，活動期間接駁疏運1060人。",
     [("ops.staff_deployed", "level", "2020-01-01", 65)], [270000, 1060]),
    ("ops", date(2026, 1, 1), "跨年晚會結束，環保局共動員716名清潔人力，共清理出一般垃圾10.8公噸，資源回收約650公斤。",
     [("ops.staff_deployed", "level", "2026-01-01", 716), ("ops.sludge_removed", "level", "2026-01-01", 10.8),
      ("ops.sludge_removed", "level", "2026-01-01", 0.65)], []),
    ("ops", date(2016, 11, 29), "环西街办于11月29日下午组织开展大清理活动。环卫所、沿街单位、志愿者共计300多人,机动三轮车、人力三轮车40辆。",
     [("ops.staff_deployed", "level", "2016-11-29", 300), ("ops.vehicles_deployed", "level", "2016-11-29", 40)], []),
    # drain holes cleared (泄水井); work a bulletin says is still to come (将清理) is no count
    ("ops", date(2023, 8, 24), "8月22日，市政维护人员当天共清掏泄水井107座、检查井47座。",
     [("ops.wells_cleared", "level", "2023-08-22", 107), ("ops.wells_cleared", "level", "2023-08-22", 47)], []),
    ("ops", date(2016, 4, 28), "從4月7日開始，已經出動施工人員37人。從往年的情況來看,將清理雨水收水井7000多座。",
     [("ops.staff_deployed", "level", "2016-04-07/2016-04-28", 37)], [7000]),
]


COMPARABLE_RATES_AND_LISTS: list[Case] = [
    # growth at comparable prices (可比增长, 按可比价格比上年增长) is the rate stated, unless a rate came first
    ("stats", date(2025, 2, 15), "2024年,全区地区生产总值3029.6亿元,可比增长5.8%,快于全市0.8个百分点。其中,第二产业增加值1210.4亿元,"
     "可比增长4.5%。全口径规模以上工业总产值4694.3亿元,同比增长2.7%,可比增长5.6%。",
     [("gdp", "yoy_pct", "2024", 5.8), ("secondary_va", "yoy_pct", "2024", 4.5), ("industrial_output", "level", "2024", 4694.3),
      ("industrial_output", "yoy_pct", "2024", 2.7)], [5.6]),
    ("stats", date(2020, 4, 30), "2019年,全年实现地区生产总值288.96亿元(现价,下同),按可比价格比上年增长7.8%。",
     [("gdp", "level", "2019", 288.96), ("gdp", "yoy_pct", "2019", 7.8)], []),
    # the places of a list opened by 分别为: go on after its semicolons
    ("stats", date(2023, 3, 23), "2022年,厦门全市地区生产总值7802.66亿元,同比增长4.4%。\n厦门六区地区生产总值分别为:思明区2503.88亿元,"
     "增长5.2%;湖里区1681.94亿元,增长3.3%;海沧区1067.48亿元,增长4.7%。",
     [("gdp", "level", "2022", 1681.94), ("gdp", "yoy_pct", "2022", 3.3), ("gdp", "level", "2022", 1067.48),
      ("gdp", "yoy_pct", "2022", 4.7)], []),
    # a service named right before its growth grew in trains
    ("rail", date(2019, 10, 11), "今年前8个月,甘肃省国际货运班列发运量快速增长,达225列。尤为亮眼的是,前8个月,中欧回程班列同比增长11.2倍。"
     "在这些班列中,南亚班列同比增长1.5倍,陆海新通道班列同比增长2.5%。",
     [("rail.trains", "yoy_pct", "2019-01/2019-08", v) for v in (1120, 150, 2.5)], []),
    # where the trains go (目的地包含…等50多个国家和地区)
    ("rail", date(2022, 9, 1), "开行至今，中欧班列金华平台目的地包含法国、意大利、荷兰等50多个国家和地区，辐射160多个城市。",
     [("rail.countries_served", "level", "2022-09-01", 50), ("rail.cities_served", "level", "2022-09-01", 160)], []),
    # rural residents of herding areas (农村牧区居民); snow-clearing machines by their kinds; work still to come (将处置)
    ("stats", date(2019, 7, 20), "上半年，全区城镇常住居民人均可支配收入20000元，农村牧区常住居民人均可支配收入6069元。",
     [("disposable_income.urban", "level", "2019-01/2019-06", 20000), ("disposable_income.rural", "level", "2019-01/2019-06", 6069)], []),
    ("ops", date(2022, 3, 14), "3月14日，全市出动除雪滚刷9台、除雪铲3台，手推式小型扫雪滚21台，春节7天将处置生活垃圾58500余吨。",
     [("ops.vehicles_deployed", "level", "2022-03-14", v) for v in (9, 3, 21)], [58500]),
    # a day restated in brackets after yesterday (截至昨(二十)日下午): yesterday; what was collected weighed (垃圾量)
    ("ops", date(2020, 8, 21), "颱風過後，市政署共派出三十七台垃圾車以及六百多名人員進行垃圾清運工作。截至昨(二十)日下午二時，"
     "所收集的垃圾量近二千噸。",
     [("ops.vehicles_deployed", "level", "2020-08-20", 37), ("ops.staff_deployed", "level", "2020-08-20", 600),
      ("ops.sludge_removed", "level", "2020-08-20", 2000)], []),
    # counted until now (至今已动员…) is counted to the as-of day, not to the story's 昨(十)日
    ("ops", date(2016, 7, 11), "尼伯特颱風過境，高雄市政府於昨(十)日完成市容恢復。\n環保局指出，至今已動員清潔隊員四千零六十五人次，"
     "車輛機具約七百五十六輛次。",
     [("ops.staff_deployed", "level", "2016-07-11", 4065), ("ops.vehicles_deployed", "level", "2016-07-11", 756)], []),
    # a section's number before the subject its heading states (一、规模工业增加值增长2.2%。)
    ("stats", date(2020, 8, 20), "1-7月，全市经济运行稳步复苏。\n一、规模工业增加值增长2.2%。",
     [("industrial_va", "yoy_pct", "2020-01/2020-07", 2.2)], []),
    # a theme inside a name licenses its short forms (规模以上工业总产值…；实现现价工业增加值…)
    ("stats", date(2013, 4, 24), "一季度，完成规模以上工业总产值23065.3万元,较上年同期增长18.2%;实现现价工业增加值5859.83万元,"
     "较上年同期增长13.5%。",
     [("industrial_va", "level", "2013-01/2013-03", 0.585983), ("industrial_va", "yoy_pct", "2013-01/2013-03", 13.5)], []),
    # militia and cadres turned out; floating debris removed
    ("ops", date(2018, 7, 14), "暴雨中，全县共出动民兵430余人，263名镇村干部，打捞漂浮物3.52万吨。",
     [("ops.staff_deployed", "level", "2018-07-14", 430), ("ops.staff_deployed", "level", "2018-07-14", 263),
      ("ops.sludge_removed", "level", "2018-07-14", 35200)], []),
    # (from a review of these rules) growth from a year named as a start is no rate year on year; a rate at current
    # prices is none; the first rate stated wins over one in real terms after it
    ("stats", date(2021, 2, 1), "2016年至2020年，全县固定资产投资增长2倍。2020年全县地区生产总值120亿元，为2010年2.6倍，增长1.6倍。",
     [("gdp", "level", "2020", 120)], [200, 160]),
    ("stats", date(2025, 2, 15), "2024年，全区地区生产总值320亿元，现价增长6.8%。", [("gdp", "level", "2024", 320)], [6.8]),
    ("stats", date(2022, 1, 20), "2021年，全区城镇常住居民人均可支配收入38000元，增长6.1%，扣除价格因素后增长4.2%。",
     [("disposable_income.urban", "yoy_pct", "2021", 6.1)], [4.2]),
    ("stats", date(2025, 2, 15), "2024年，全区规上工业增加值可比增长6%，全口径工业增加值增长5%。",
     [("industrial_va", "yoy_pct", "2024", 6)], [5]),
    # rates per day or per train; what was built or bought; a plan from a month still to come; counted to now
    ("rail", date(2019, 10, 11), "前8个月，中欧班列开行225列，日均开行班列同比增长40%，每列班列同比增长15%。",
     [("rail.trains", "level", "2019-01/2019-08", 225)], [40, 15]),
    ("ops", date(2023, 7, 20), "入汛以来，全区新建收水井30座，新购置除雪滚刷20台，表彰优秀志愿者50名，全市日产垃圾量1200吨。",
     [], [30, 20, 50, 1200]),
    ("ops", date(2021, 4, 20), "为确保安全度汛，该局计划自5月初开始，出动人员240人次开展清淤。", [], [240]),
    ("ops", date(2025, 10, 6), "今年1至8月，全市清掏雨水井5000座，截至目前累计出动人员3万人次。",
     [("ops.staff_deployed", "level", "2025-10-06", 30000)], [("ops.staff_deployed", "level", "2025-01/2025-08")]),
    ("ops", date(2020, 8, 25), "2019年与今年同期相比，8月24日清运垃圾30吨。", [("ops.sludge_removed", "level", "2020-08-24", 30)], []),
    # a day a few days after the page's stamp in the same month is the stamp being off (not last year's); weeks after
    # it, last year's
    ("rail", date(2024, 11, 23), "11月26日，一列中欧班列由武汉吴家山站始发经阿拉山口出境。这是今年经阿拉山口通行的第6001列中欧班列，"
     "较去年提前23天突破6000列。", [("rail.trains", "level", "2024-01-01/2024-11-26", 6000)], []),
    ("rail", date(2024, 3, 5), "截至3月28日，中欧班列累计开行5000列。", [("rail.trains_cumulative", "level", "2023-03-28", 5000)], []),
]


WHOLE_KINDS_AND_BOX_ASIDES: list[Case] = [
    # all the urban districts of a province (全省城区, 全省21个城区) are the subject of a release about them; some of
    # them counted (12个城区超过…) are not
    ("stats", date(2016, 8, 2), "上半年,全省21个城区地区生产总值实现3120.5亿元,同比增长7.1%。有12个城区地区生产总值超过100亿元。"
     "全省城区税收收入完成264.3亿元,同比增长4.2%。",
     [("gdp", "level", "2016-01/2016-06", 3120.5), ("gdp", "yoy_pct", "2016-01/2016-06", 7.1),
      ("tax_revenue", "level", "2016-01/2016-06", 264.3), ("tax_revenue", "yoy_pct", "2016-01/2016-06", 4.2)], [100]),
    # boxes in brackets beside the trains (13列(1430标准箱)); the growth after them is the trains'
    ("rail", date(2024, 5, 10), "今年以来,某物流园已开行中欧班列26列(2860标准箱),中亚班列41列(4510标箱),同比增长12%。",
     [("rail.trains", "level", "2024-01-01/2024-05-10", 26), ("rail.teu", "level", "2024-01-01/2024-05-10", 2860),
      ("rail.trains", "level", "2024-01-01/2024-05-10", 41), ("rail.teu", "level", "2024-01-01/2024-05-10", 4510),
      ("rail.trains", "yoy_pct", "2024-01-01/2024-05-10", 12)], []),
    # boxes listed after the trains up to a day and compared with last year: this year's too
    ("rail", date(2022, 11, 20), "截至11月18日,经二连浩特口岸进出境的中欧班列累计开行2306列、发送货物21万标箱,同比分别增长8.5%、9.1%。",
     [("rail.trains", "level", "2022-01-01/2022-11-18", 2306), ("rail.teu", "level", "2022-01-01/2022-11-18", 210000),
      ("rail.teu", "yoy_pct", "2022-01-01/2022-11-18", 9.1)], []),
    # people sought (失联人员) are not crews
    ("ops", date(2019, 8, 12), "8月11日,当地出动救援人员320人,对3名失联人员开展搜救。",
     [("ops.staff_deployed", "level", "2019-08-11", 320)], [3]),
]


ALIKE_RATES_STOCKS_AND_GOODS: list[Case] = [
    # one rate for every indicator named (均增长); an average rate (年均增长) with no span is none
    ("rail", date(2021, 1, 9), "2020年,全年某地中欧班列开行超过900班,运输箱量和货值均增长36%。",
     [("rail.teu", "yoy_pct", "2020", 36), ("rail.cargo_value", "yoy_pct", "2020", 36)], []),
    ("stats", date(2022, 7, 20), "上半年,全县规上工业增加值和固定资产投资均同比增长7.4%,社会消费品零售总额和一般公共预算收入年均增长5.5%。",
     [("industrial_va", "yoy_pct", "2022-01/2022-06", 7.4), ("fixed_asset_investment", "yoy_pct", "2022-01/2022-06", 7.4)],
     [5.5]),
    # the revenue named 一般公共预算地方级收入; gross output at current prices (完成现价产值); a stock laid in (储备)
    ("stats", date(2018, 7, 26), "上半年,全镇规模以上工业完成现价产值41.3亿元,同比增长9.2%。全区一般公共预算地方级收入18.6亿元,增长6%。",
     [("industrial_output", "level", "2018-01/2018-06", 41.3), ("industrial_output", "yoy_pct", "2018-01/2018-06", 9.2),
      ("budget_revenue", "level", "2018-01/2018-06", 18.6), ("budget_revenue", "yoy_pct", "2018-01/2018-06", 6)], []),
    ("ops", date(2020, 7, 9), "全区共储备编织袋2万条、排涝设备36台套。7月8日,区城管局出动人员86人次,巡查抢险车辆23次。",
     [("ops.staff_deployed", "level", "2020-07-08", 86), ("ops.vehicles_deployed", "level", "2020-07-08", 23)], [36]),
    # a port's sea-rail boxes in a story that names no trains across a border; the tonnes carried this year so far
    ("rail", date(2023, 11, 15), "今年1-10月,某港累计完成集装箱海铁联运8.2万标箱,同比增长19%。",
     [("rail.teu", "level", "2023-01/2023-10", 82000), ("rail.teu", "yoy_pct", "2023-01/2023-10", 19)], []),
    ("rail", date(2024, 9, 3), "9月2日电 今年以来,某铁路已累计运输货物量达1210万吨,同比增长18%。",
     [("rail.cargo_weight", "level", "2024-01-01/2024-09-02", 1210)], []),
    # boxes in brackets after a change (增加8列(800标箱)) are the change's; sea-rail is the story's service, river-sea
    # (江海联运) and road-rail (公铁联运) are not
    ("rail", date(2024, 7, 20), "6月,中欧班列开行38列,较上年同期增加8列(800标箱)。",
     [("rail.trains", "level", "2024-06", 38)], [800]),
    ("rail", date(2024, 7, 20), "上半年,某港完成海铁联运9万标箱;另外江海联运完成16万标箱,公铁联运完成25万吨。",
     [("rail.teu", "level", "2024-01/2024-06", 90000)], [160000, 25]),
    # a stock called up (动用储备, 调用储备) is a turnout
    ("ops", date(2024, 7, 20), "7月19日,区城管局动用储备车辆42台,紧急调用储备的抽水泵车11台,储备编织袋3000条。",
     [("ops.vehicles_deployed", "level", "2024-07-19", 42), ("ops.vehicles_deployed", "level", "2024-07-19", 11)], [3000]),
    # a kind of goods named right after its tonnes or value is not the service's cargo
    ("rail", date(2021, 1, 19), "去年,尤其是疫情期间,3万多吨防疫物资和价值2亿元医疗产品通过班列运抵欧洲。全年运送货物96.4万吨。",
     [("rail.cargo_weight", "level", "2020", 96.4)], [3, 30000, 2]),
]


ASIDES_AND_DAYS_COUNTED_TO: list[Case] = [
    # the day counted to (截至11月3日) dates a running total after a semicolon, not the day it was told (记者8日获悉)
    ("rail", date(2023, 11, 8), "记者8日从某铁路公司获悉,截至今年11月3日,某铁路开通运营满23个月,累计发送旅客超1500万人次;"
     "发送货物超1900万吨,其中跨境货物410万吨。",
     [("rail.cargo_weight", "level", "2023-11-03", 1900), ("rail.cargo_weight", "level", "2023-11-03", 410)], []),
    # all the counties (and cities) of a province; a rank among the counties of a city
    ("stats", date(2023, 8, 5), "上半年,全省96个县(市)实现生产总值8123.6亿元,同比增长5.9%。",
     [("gdp", "level", "2023-01/2023-06", 8123.6), ("gdp", "yoy_pct", "2023-01/2023-06", 5.9)], []),
    ("stats", date(2019, 7, 25), "上半年,全县规模工业增加值同比增长8.4%,增速居全市五县(市)第三。",
     [("industrial_va", "rank", "2019-01/2019-06", 3)], []),
    # a year in an aside (2019年发货量为0) dates nothing after it; tonnes and value listed after the year's boxes are the
    # year's
    ("rail", date(2020, 12, 1), "今年前11个月,某地中欧班列到发3712标箱,同比增长97%。\n数据显示,截至11月30日,某地中欧班列到发3712标箱,"
     "同比增长97%,货量约61210吨,货值约18.6亿元。其中,新增的中亚班列到发量12标箱(2019年发货量为0),货量约35吨。",
     [("rail.teu", "level", "2020-01/2020-11", 3712), ("rail.cargo_weight", "level", "2020-01/2020-11", 6.121),
      ("rail.cargo_value", "level", "2020-01/2020-11", 18.6), ("rail.cargo_weight", "level", "2020-11-30", 0.0035)],
     []),
    # the structure compared with (与上年的a:b:c相比) is last year's
    ("stats", date(2024, 3, 1), "2023年,全县三次产业比为12.1:33.4:54.5,与上年的13.0:32.2:54.8相比,第二产业占比提升。",
     [("primary_va", "share_pct", "2023", 12.1), ("primary_va", "share_pct", "2022", 13.0),
      ("tertiary_va", "share_pct", "2022", 54.8)], []),
    # kinds of trains listed (包含…专列、…专列等) are not one train: the cargo after them is the service's
    ("rail", date(2017, 12, 8), "今年前11个月,该口岸共发运和到达国际货运班列64列,共5120标准集装箱,包含冷藏集装箱专列、木材专列等,"
     "货物总重量11.2万吨,总价值1.3亿美元。",
     [("rail.trains", "level", "2017-01/2017-11", 64), ("rail.cargo_weight", "level", "2017-01/2017-11", 11.2),
      ("rail.cargo_value", "level", "2017-01/2017-11", 1.3)], []),
    # the firms counted between the industry's name and its value added (企业数量突破N家，实现增加值)
    ("stats", date(2023, 7, 29), "上半年,全市规模以上工业企业数量突破2600家,实现增加值增长9.4%。",
     [("industrial_va", "yoy_pct", "2023-01/2023-06", 9.4)], []),
    # the year a change starts from (由2017年的…增至2023年的…); an ellipsis ends what 去年 dates
    ("rail", date(2024, 4, 28), "去年开行数量达812列,同比增长21.4%……自某地开行中欧班列以来,截至3月15日,已累计发送2911列。"
     "进出口货值由2018年的0.31亿美元增至2023年的9.6亿美元。",
     [("rail.trains", "level", "2023", 812), ("rail.trains_cumulative", "level", "2024-03-15", 2911),
      ("rail.cargo_value", "level", "2018", 0.31), ("rail.cargo_value", "level", "2023", 9.6)], []),
    # an as-of note in brackets (截至11月28日) still dates; a day counted to that is not the months' end keeps its span;
    # a running total since the service began stays one; 汽运 beside the trains takes nothing from them
    ("rail", date(2023, 12, 5), "今年以来(截至11月28日),中欧班列(某地)开行640列,同比增长17%。",
     [("rail.trains", "level", "2023-01-01/2023-11-28", 640), ("rail.trains", "yoy_pct", "2023-01-01/2023-11-28", 17)], []),
    ("rail", date(2023, 7, 1), "1-6月,中欧班列(某地)开行880列,同比增长14%。截至6月20日,发送集装箱7.5万标箱,同比增长11%。",
     [("rail.teu", "yoy_pct", "2023-01-01/2023-06-20", 11)], []),
    ("rail", date(2023, 10, 5), "1-9月,中欧班列(某地)开行260列。截至9月30日,中欧班列(某地)自开行以来累计发送集装箱13万标箱,同比增长19%。",
     [("rail.teu", "level", "2023-09-30", 130000)], []),
    ("rail", date(2023, 6, 5), "今年以来,中欧班列(某地)开行760列,同比增长11%,汽运接驳货物同比增长28%,发送标箱6.9万个。",
     [("rail.teu", "level", "2023-01-01/2023-06-05", 69000)], []),
    # days spanning a holiday written right before its name (2月11日至2月26日春节期间) are its days
    ("rail", date(2021, 2, 27), "据统计,2月11日至2月26日春节期间,某地共开行中欧班列9趟,发送货物380个标箱。",
     [("rail.trains", "level", "2021-02-11/2021-02-26", 9), ("rail.teu", "level", "2021-02-11/2021-02-26", 380)], []),
    # as many rates after 分别 as amounts of different units: each rate is the amount's in its place (the 40呎集装箱
    # none); what is on board one train (车上…共计100个标箱) is its load; a city's figure without one of its counties
    ("rail", date(2021, 3, 3), "2月28日,一趟中欧班列抵达波兰。车上满载了家用电器,共计86个标箱,总货重近430吨。今年前两个月,某地中欧班列开行"
     "进出口班列48列、搭载40呎集装箱2016个、货重2.61万吨、货值2.3亿美元,同比分别增长了121.5%、136.2%、101.4%、219.8%。",
     [("rail.trains", "yoy_pct", "2021-01/2021-02", 121.5), ("rail.cargo_weight", "yoy_pct", "2021-01/2021-02", 101.4),
      ("rail.cargo_value", "yoy_pct", "2021-01/2021-02", 219.8)], [86, 0.043]),
    ("stats", date(2017, 7, 27), "上半年,全市规模以上工业企业增加值增长5.2%。不含某某县,上半年,全市规模以上工业企业增加值增长4.1%。",
     [("industrial_va", "yoy_pct", "2017-01/2017-06", 5.2)], [4.1]),
    # a count right after another (5267列28万车) shares its rate and its change; since a quarter began (三季度以来) in a
    # bulletin before it ended: a span to the as-of day; the tax revenue of the budget by its long name
    ("rail", date(2022, 9, 26), "8月,全路分界口日均过货车5120列27万车,同比增加398列2.1万车。", [], [270000, 21000, 5120, 398]),
    ("rail", date(2024, 9, 27), "三季度以来,某地始发中越班列累计发运货物4210标箱。",
     [("rail.teu", "level", "2024-07-01/2024-09-27", 4210)], []),
    ("stats", date(2018, 7, 20), "上半年,完成一般公共预算收入41.2亿元,增长8%,其中公共财政预算税收收入30.05亿元,增长12.6%。",
     [("tax_revenue", "level", "2018-01/2018-06", 30.05), ("tax_revenue", "yoy_pct", "2018-01/2018-06", 12.6)], []),
    # 车上 inside other words (汽车上万辆, 货车上) is no single train; a generic area left out (不含老旧小区) is no place;
    # a holiday marked as a part of the days (其中春节期间) keeps its own days
    ("rail", date(2024, 7, 5), "今年以来,中欧班列(某地)出口新能源汽车上万辆,货值26亿元;货车上装载的集装箱达5.1万标箱。",
     [("rail.cargo_value", "level", "2024-01-01/2024-07-05", 26), ("rail.teu", "level", "2024-01-01/2024-07-05", 51000)],
     []),
    ("ops", date(2024, 7, 20), "不含老旧小区,全市共清掏雨污水井3100个。", [("ops.wells_cleared", "level", "2024-07-20", 3100)], []),
    ("rail", date(2024, 3, 2), "2月1日至2月29日,其中春节期间,中欧班列(某地)开行27列。",
     [("rail.trains", "level", "2024-02-10/2024-02-17", 27)], []),
    # the days of a holiday in brackets after its name date what follows
    ("ops", date(2017, 2, 13), "今年整个春节期间(除夕到正月十五),全市共清运烟花爆竹残屑655.3吨,同比减少12.1%。",
     [("ops.sludge_removed", "level", "2017-01-27/2017-02-11", 655.3)], []),
]


# Periods listed before 分别 each take their figure (一季度、上半年、前三季度分别增长…); a year written before a place and a
# part of that year (2024年，某市前三季度…) dates the sentence and the clauses after it by the part; a zone's long name
# (高新技术产业开发区, 某某航空港经济综合实验区) is a place, and 综合 in it blocks nothing; indicators listed before 分别高于…
# 个百分点 take one gap each, and a bare rate in brackets after what grew (地区生产总值(7.5%)、…分别高于…) is its growth;
# places listed with their rates before an indicator's 增速 (甲区(13.0%)和乙市(8.2%)…增速分别位列…第2位和第6位) take
# the rates and the ranks; a structure named first keeps its ratios when a later clause names shares again; a space a
# page set after a decimal point (超2. 2万亿元) is read as nothing.
LISTS_ZONES_AND_BRACKETED_RATES: list[Case] = [
    ("stats", date(2023, 10, 25), "某县经济运行\n2023年全县规上工业增加值一季度、上半年、前三季度分别增长4.3%、5.6%和6.2%。",
     [("industrial_va", "yoy_pct", "2023-01/2023-03", 4.3), ("industrial_va", "yoy_pct", "2023-01/2023-06", 5.6),
      ("industrial_va", "yoy_pct", "2023-01/2023-09", 6.2)], []),
    ("stats", date(2022, 9, 20), "某区经济运行\n今年以来，全区固定资产投资增速逐月回升，1-6月、1-7月、1-8月分别增长2.4%、3.3%和4.8%。",
     [("fixed_asset_investment", "yoy_pct", "2022-01/2022-06", 2.4),
      ("fixed_asset_investment", "yoy_pct", "2022-01/2022-08", 4.8)], [("fixed_asset_investment", "yoy_pct", "2022")]),
    ("stats", date(2021, 10, 22), "某区经济运行\n2021年一季度、上半年、前三季度，全区分别完成地区生产总值81亿元、170亿元和262亿元。",
     [("gdp", "level", "2021-01/2021-03", 81), ("gdp", "level", "2021-01/2021-06", 170),
      ("gdp", "level", "2021-01/2021-09", 262)], []),
    ("rail", date(2022, 1, 10), "2020年、2021年，某地中欧班列分别开行1150列、1420列。",
     [("rail.trains", "level", "2020", 1150), ("rail.trains", "level", "2021", 1420)], []),
    ("stats", date(2023, 10, 30), "某市经济运行\n2023年，某某市前三季度实现地区生产总值812.4亿元，同比增长5.9%；规上工业总产值1210.5亿元，"
     "同比增长3.1%；固定资产投资同比增长7.7%。全市社会消费品零售总额96.3亿元。",
     [("gdp", "level", "2023-01/2023-09", 812.4), ("industrial_output", "level", "2023-01/2023-09", 1210.5),
      ("fixed_asset_investment", "yoy_pct", "2023-01/2023-09", 7.7), ("retail_sales", "level", "2023-01/2023-09", 96.3)],
     [("industrial_output", "level", "2023"), ("retail_sales", "level", "2023")]),
    ("stats", date(2024, 4, 20), "经济运行情况\n一季度，某某航空港经济综合实验区地区生产总值增长9.3%。",
     [("gdp", "yoy_pct", "2024-01/2024-03", 9.3)], []),
    ("stats", date(2024, 4, 20), "经济运行情况\n1-3月，某某高新技术产业开发区规上工业增加值增长11.2%。",
     [("industrial_va", "yoy_pct", "2024-01/2024-03", 11.2)], []),
    ("stats", date(2022, 7, 28), "某市经济运行\n上半年，地区生产总值、规模以上工业增加值、一般公共预算收入分别快于全省0.8、4.1和2.3个百分点。",
     [("gdp", "pp_diff", "2022-01/2022-06", 0.8), ("industrial_va", "pp_diff", "2022-01/2022-06", 4.1),
      ("budget_revenue", "pp_diff", "2022-01/2022-06", 2.3)], []),
    ("stats", date(2022, 7, 28), "某市经济运行\n上半年，地区生产总值(6.1%)、规模以上工业增加值(10.4%)分别高于全省0.8和4.1个百分点。",
     [("gdp", "yoy_pct", "2022-01/2022-06", 6.1), ("industrial_va", "yoy_pct", "2022-01/2022-06", 10.4),
      ("gdp", "pp_diff", "2022-01/2022-06", 0.8), ("industrial_va", "pp_diff", "2022-01/2022-06", 4.1)],
     [("industrial_va", "pp_diff", "2022-01/2022-06", 0.8)]),
    # rates in brackets that are no growth: a contribution, a part after 其中, a goal, last year's same span
    ("stats", date(2022, 7, 28), "某市经济运行\n上半年，全市地区生产总值增长6.1%，其中第三产业增加值(52.3%)对经济增长贡献最大。"
     "全市一般公共预算收入增长8.2%，其中税收收入(78.5%)稳步增长。全市将确保完成全年地区生产总值(6.5%)增长目标。"
     "全市规上工业增加值增长8.2%，比上年同期规上工业增加值(4.5%)提高3.7个百分点。",
     [("gdp", "yoy_pct", "2022-01/2022-06", 6.1)], [52.3, 78.5, 6.5, 4.5]),
    # the comparators' own rates in brackets are none of the region's
    ("stats", date(2022, 7, 28), "某市经济运行\n上半年，全市地区生产总值增长6.1%，增速分别高于全国(2.5%)、全省(5.3%)3.6和0.8个百分点。",
     [("gdp", "yoy_pct", "2022-01/2022-06", 6.1), ("gdp", "pp_diff", "2022-01/2022-06", 3.6)], [2.5, 5.3]),
    ("stats", date(2022, 7, 28), "某市经济运行\n上半年，甲山区(11.5%)和乙水县(7.3%)规模以上工业增加值增速分别位列全省18个县(市)区第3位和第9位。",
     [("industrial_va", "yoy_pct", "2022-01/2022-06", 11.5), ("industrial_va", "yoy_pct", "2022-01/2022-06", 7.3),
      ("industrial_va", "rank", "2022-01/2022-06", 3), ("industrial_va", "rank", "2022-01/2022-06", 9)], []),
    ("stats", date(2022, 3, 20), "某县统计公报\n全年全县地区生产总值增长4.6%。产业结构持续优化，三次产业结构比重由上年的14.2:36.1:49.7调整为"
     "13.8:35.9:50.3，其中第一、二、三产业增加值占GDP的比重较上年分别下降0.4个、下降0.2个、提高0.6个百分点。",
     [("primary_va", "share_pct", "2020", 14.2), ("tertiary_va", "share_pct", "2020", 49.7),
      ("primary_va", "share_pct", "2021", 13.8), ("tertiary_va", "share_pct", "2021", 50.3)], []),
    ("stats", date(2024, 2, 1), "某市政府工作报告\n2023年，全市地区生产总值超1. 6万亿元、增长5.8%。",
     [("gdp", "level", "2023", 16000), ("gdp", "yoy_pct", "2023", 5.8)], [10000]),
    # a share of the whole after a semicolon goes on about the subject before (…位居全省第3位;占全省…的比重为…)
    ("stats", date(2021, 7, 30), "某市经济运行\n上半年全市实现地区生产总值842.6亿元,同比增长9.1%,位居全省第3位;占全省地区生产总值的比重为"
     "12.4%,较去年同期提升0.3个百分点。",
     [("gdp", "share_pct", "2021-01/2021-06", 12.4), ("gdp", "rank", "2021-01/2021-06", 3)], []),
    # what a storm leaves on the streets, weighed, as an item of a list after a clearing verb
    ("ops", date(2022, 8, 3), "截至8月3日9时,全区共出动人员960人次,清理雨水口1500余处、树叶断枝42吨。",
     [("ops.wells_cleared", "level", "2022-08-03", 1500), ("ops.sludge_removed", "level", "2022-08-03", 42)], []),
]

# Finance bureaus' and small releases' wording: the budget's spending named with 财政 before it or 总 inside it; growth
# at comparable prices written 可比价(同比)增长; a budget's progress (为年预算的32.3%, 占年初预算8465万元的41.5%) is no
# share and ends nothing; 降低 is a decline; a change against last month (比上月提高0.4个百分点) leaves the subject to the
# rank after it; the population ranked is not the verb before it (增速位列县区第5). Rail: a bare 万 crossed with no count
# before it (提前22天突破万列) is the count, over ten thousand; so many a day (一日一班) is no count. Operations: pumps
# counted in 台 are devices, not vehicles.
FINANCE_WORDS_MARKS_AND_DEVICES: list[Case] = [
    ("stats", date(2020, 6, 20), "某县经济运行\n1-5月，全县财政一般公共预算支出完成201830万元，同比增长5.4%，位居全市第3位。",
     [("budget_expenditure", "level", "2020-01/2020-05", 20.183), ("budget_expenditure", "yoy_pct", "2020-01/2020-05", 5.4),
      ("budget_expenditure", "rank", "2020-01/2020-05", 3)], []),
    ("stats", date(2018, 3, 1), "某县统计公报\n全年公共财政预算总支出21.37亿元，增长12.9%。",
     [("budget_expenditure", "level", "2017", 21.37), ("budget_expenditure", "yoy_pct", "2017", 12.9)], []),
    ("stats", date(2023, 7, 25), "某区经济运行\n上半年，全区实现地区生产总值103.6亿元，可比价同比增长4.7%。全区规模工业增加值可比价增长2.3%，"
     "低于全市平均增速4.1个百分点，增速位列县区第6。",
     [("gdp", "yoy_pct", "2023-01/2023-06", 4.7), ("industrial_va", "yoy_pct", "2023-01/2023-06", 2.3),
      ("industrial_va", "pp_diff", "2023-01/2023-06", -4.1), ("industrial_va", "rank", "2023-01/2023-06", 6)], []),
    ("stats", date(2020, 6, 20), "某县经济运行\n1-5月，地方一般公共预算收入累计完成41250万元，为年预算的35.1%，同比降低8.6%，位居全市第7位。",
     [("budget_revenue", "yoy_pct", "2020-01/2020-05", -8.6), ("budget_revenue", "rank", "2020-01/2020-05", 7)], [35.1]),
    ("stats", date(2019, 7, 20), "某县经济运行\n1-6月，税收收入4128万元，占年初预算9230万元的44.7%。",
     [("tax_revenue", "level", "2019-01/2019-06", 0.4128)], [44.7]),
    ("stats", date(2022, 12, 20), "某市经济运行\n1-11月，全市固定资产投资同比增长7.4%，比上月提高0.6个百分点，排名全省第五。",
     [("fixed_asset_investment", "yoy_pct", "2022-01/2022-11", 7.4), ("fixed_asset_investment", "rank", "2022-01/2022-11", 5)],
     [0.6]),
    ("rail", date(2023, 8, 10), "8月9日，一列中欧班列从某地开出，标志着今年中欧班列较去年提前15天突破万列。",
     [("rail.trains", "level", "2023-01-01/2023-08-09", 10000), ("rail.milestone", "level", "2023-08-09", 10000)], []),
    ("rail", date(2024, 7, 11), "自7月1日起，跨里海中欧班列实现“一日一班”。", [], [1]),
    ("ops", date(2024, 7, 11), "7月10日，全区共出动人员420人次，出动泵车3台、强排水泵45台。",
     [("ops.staff_deployed", "level", "2024-07-10", 420), ("ops.vehicles_deployed", "level", "2024-07-10", 3)], [45]),
    # against last month (比上个月增长3.5%) is no growth year on year; a mark crossed is over it (破千台次); a mark a
    # forecast will cross (预计…将破万列) is none
    ("stats", date(2024, 10, 20), "某县经济运行情况\n9月份，全县社会消费品零售总额比上个月增长3.5%。", [], [3.5]),
    ("ops", date(2024, 7, 20), "入汛以来，区城管局累计出动人员破万人次，车辆破千台次。",
     [("ops.staff_deployed", "level", "2024-07-20", 10000), ("ops.vehicles_deployed", "level", "2024-07-20", 1000)], []),
    ("rail", date(2023, 10, 20), "预计全年，中欧班列(某地)开行将破万列。", [], [10000]),
    # the firms a clause counts (其中58家限上企业完成…) own the amount and the growth after it; whole trains (个整列)
    ("stats", date(2024, 11, 20), "某县经济运行情况\n1-10月，全县社会消费品零售总额41.3亿元，同比增长4.8%，其中58家限上法人企业完成"
     "消费品零售额12.2亿元，同比增长7.3%。",
     [("retail_sales", "level", "2024-01/2024-10", 41.3), ("retail_sales", "yoy_pct", "2024-01/2024-10", 4.8)], [7.3, 12.2]),
    ("rail", date(2016, 10, 10), "今年1-9月，中欧班列(某地)共开行98列，其中去程57个整列、回程41个整列。",
     [("rail.trains", "level", "2016-01/2016-09", 57), ("rail.trains", "level", "2016-01/2016-09", 41)], []),
    # places listed before 分别: one level and one rate each, by place; places counted but never named (三地GDP, 两地…合计)
    # give nothing; comparators before 分别 (在全省、全国分别排第3位和第45位) are populations, not places ranked
    ("stats", date(2021, 7, 25), "京津冀经济运行\n上半年，北京、天津、河北地区生产总值分别为19228亿元、7375亿元和18200亿元，"
     "分别增长5.0%、4.1%和6.1%。",
     [("gdp", "level", "2021-01/2021-06", 7375), ("gdp", "yoy_pct", "2021-01/2021-06", 4.1)], []),
    ("stats", date(2023, 10, 25), "某市经济运行情况\n前三季度，三地GDP分别为19228亿元、7375亿元和18200亿元。两地地区生产总值合计320.5亿元。"
     "全市规上工业增加值增长7.5%，在全省、全国分别排第3位和第45位。",
     [("industrial_va", "yoy_pct", "2023-01/2023-09", 7.5)], [19228, 7375, 320.5, 45, ("industrial_va", "rank")]),
    # bracketed rates whose sentence goes on comparing them with last year's (比上年同期加快) or with a pull after them
    # are still the rates; places described by a comparison (增速超过全市的甲区(13.0%)) keep theirs, places compared
    # with (低于甲区(8.1%)和乙县(7.9%)) do not
    ("stats", date(2024, 10, 20), "某县经济运行情况\n前三季度，地区生产总值(7.2%)、规上工业增加值(11.4%)增速分别高于全市1.1和3.2个百分点，"
     "比上年同期分别加快0.4和1.6个百分点。",
     [("gdp", "yoy_pct", "2024-01/2024-09", 7.2), ("industrial_va", "yoy_pct", "2024-01/2024-09", 11.4)], []),
    ("stats", date(2024, 10, 20), "某市经济运行情况\n前三季度，增速超过全市的甲区(13.0%)和乙县(8.2%)地区生产总值增速分别位列全市第1位和第2位。"
     "全区地区生产总值增速低于丙区(8.1%)和丁县(7.9%)地区生产总值增速。",
     [("gdp", "yoy_pct", "2024-01/2024-09", 13.0), ("gdp", "yoy_pct", "2024-01/2024-09", 8.2)], [8.1, 7.9]),
    # a gap after a period named since the list of periods is that period's (…前三季度增长6.8%，分别高于全市、全省…)
    ("stats", date(2024, 10, 20), "某区经济运行情况\n一季度、上半年全区地区生产总值分别增长5.1%和6.2%，前三季度增长6.8%，分别高于全市、全省"
     "0.5和1.2个百分点。",
     [("gdp", "pp_diff", "2024-01/2024-09", 0.5), ("gdp", "pp_diff", "2024-01/2024-09", 1.2)],
     [("gdp", "pp_diff", "2024-01/2024-03"), ("gdp", "pp_diff", "2024-01/2024-06")]),
]

ALL_CASES: list[Case] = (EARLIER_COUNTS + LAST_YEAR + DISPATCH_DAY + DAY_SPANS + CARGO_UNITS + ONE_TRAIN + COVERAGE
                         + NOT_THE_SERVICE + PAIRED_RATES + SECTORS + SYNONYMS + INJECTED + NARRATIVES + COMPARISONS
                         + RATES_IN_PARENTHESES + EVENT_DAYS + DEPLOYED + RELEASE_SUBJECTS + RAIL_COUNTS + TENTHS_AND_TIMES + OPS_COUNTS
                         + RELEASE_PERIODS + SUBSETS + STANDBY + MONTH_LISTS + RUNNING + RATES_SINCE
                         + CAMPAIGN_SPANS + SPACED + PART_OF_THE_TOTAL + YEAR_START + CONVERTED_TRAINS
                         + THIS_DISPATCH + TOLD_DAY + RATE_OF_THE_YEAR_SO_FAR + ROUNDED_HEADLINES + YEAR_TO_DAY
                         + RELEASE_XSTATS + OWN_PLACES + WRITTEN_CLOSE + GOALS + GOAL_LISTS + NOT_GOALS + PROGRESS
                         + PAGE_STAMPS + HOLIDAY_FORMS + SAME_DAY + REASONS + WEIGHTS
                         + YEAR_SO_FAR_AND_AS_OF_SPANS + PULLED_AND_SERVED
                         + GENERIC_NOUNS + DIRECTIONS + PORT_FREIGHT + OPS_FORMS + SUBSET_BEFORE
                         + BARE_RATES + VIEWS_AND_ASIDES + RESULTS_AND_PARTS
                         + PLACES_AND_STEPS + HEADED_SECTIONS + RELEASE_FORMS + SHORT_PLACE_NAMES
                         + SEA_RAIL_ALONE + REMARKS_KEEP + COUNTED_TO + DATELINE_MONTH + PEAKS_AND_ONE_OF_TWO
                         + AREA_AND_OPENINGS + COVERAGE_PARTS + RATE_TO_A_DAY
                         + SINCE_AN_EVENT + SUMMARIES_AND_STREAMS + GOALS_AND_REMARKS + ESTIMATES_AND_MOVES
                         + SIZES_DAYS_AND_SHARES + MULTIPLES_STARTS_AND_WEIGHTS
                         + COMPARABLE_RATES_AND_LISTS + WHOLE_KINDS_AND_BOX_ASIDES + ALIKE_RATES_STOCKS_AND_GOODS
                         + ASIDES_AND_DAYS_COUNTED_TO + LISTS_ZONES_AND_BRACKETED_RATES + FINANCE_WORDS_MARKS_AND_DEVICES)


@pytest.mark.parametrize(("kind", "doc_date", "text", "expected", "absent"), ALL_CASES, ids=lambda x: str(x)[:16])
def test_phrasings(kind: str, doc_date: date, text: str, expected: list[tuple], absent: list) -> None:
    check(kind, doc_date, text, expected, absent)


def test_all_the_places_of_a_kind_are_the_region() -> None:
    """全省21个城区地区生产总值…: the region is all the urban districts, not the province."""
    facts = extract_text("上半年,全省21个城区地区生产总值实现3120.5亿元。", doc_date=date(2016, 8, 2), kind="stats")
    assert [(f.indicator, f.region) for f in facts] == [("gdp", "全省21个城区")]


def test_a_level_restated_in_a_finer_unit_is_the_same_figure() -> None:
    """第一产业增加值3.62亿元 … 第一产业(农业)增加值36180万元: the second rounds to the first and gives way."""
    facts = extract_text("全年全区实现生产总值512亿元。其中,第一产业增加值3.62亿元,比上年增长2.1%。\n二、农业\n"
                         "全区实现第一产业(农业)增加值36180万元,同比增长2.1%。", doc_date=date(2023, 3, 1), kind="stats")
    assert [f.value for f in facts if f.indicator == "primary_va" and f.measure == "level"] == [3.62]


def test_a_round_figure_then_the_exact_one_in_a_finer_unit_keeps_the_exact_one() -> None:
    """一般公共预算收入突破2.6亿元 … 26370万元: the mark crossed gives way to the exact figure, which stays."""
    facts = extract_text("上半年,全区一般公共预算收入突破2.6亿元。其中,一般公共预算收入达到26370万元,同比增长5%。",
                         doc_date=date(2024, 7, 20), kind="stats")
    assert [f.value for f in facts if f.measure == "level"] == [2.637]


def test_all_the_places_of_a_kind_compared_with() -> None:
    """增速高于全省城区平均水平1.1个百分点: the comparator is all the urban districts."""
    facts = extract_text("上半年,全区规模以上工业增加值同比增长7.4%,增速高于全省城区平均水平1.3个百分点。",
                         doc_date=date(2024, 7, 20), kind="stats")
    assert [(f.measure, f.value, f.comparator) for f in facts if f.measure == "pp_diff"] == [("pp_diff", 1.3, "全省城区")]


def test_trains_both_ways_have_no_direction() -> None:
    """共发运和到达…班列64列: trains sent and received, neither 去程 nor 回程."""
    facts = extract_text("今年前11个月,该口岸共发运和到达国际货运班列64列。", doc_date=date(2017, 12, 8), kind="rail")
    assert [(f.value, f.region) for f in facts] == [(64, "")]


def test_ops_counts_come_in_the_catalogue_unit() -> None:
    """雨水井1.8万座, 窨井60只: a bulletin's count of wells is in 个 whatever counter the text uses."""
    facts = extract_text("入汛以来，全区共清掏雨水井1.8万座，清理窨井60只。", doc_date=date(2024, 7, 1), kind="ops")
    assert {(f.indicator, f.value, f.unit) for f in facts} == {("ops.wells_cleared", 18000, "个"),
                                                                ("ops.wells_cleared", 60, "个")}


def test_a_rank_for_all_reaches_back_to_the_rank_before() -> None:
    """…增长6%，居全市第3位，投资…、消费…，均居全市第1位: 均 ranks the indicators named since the rank before it."""
    facts = extract_text("上半年，全县地区生产总值增长6%，居全市第3位，固定资产投资增长10%、第一产业增加值增长4%，均居全市第1位。",
                         doc_date=date(2016, 7, 30), kind="stats")
    assert sorted((f.indicator, f.value) for f in facts if f.measure == "rank") == [
        ("fixed_asset_investment", 1), ("gdp", 3), ("primary_va", 1)]


def test_a_bureau_the_reporter_asked_is_no_place() -> None:
    """记者从县统计局获悉: 县统计局 is the bureau, not a place called 记者从县; the story's own place (我县) is the region."""
    facts = extract_text("记者从县统计局获悉，今年上半年，我县地区生产总值完成86.1亿元，同比增长6.2%。",
                         doc_date=date(2024, 7, 30), kind="stats")
    assert {(f.indicator, f.measure, f.region) for f in facts} == {("gdp", "level", "我县"), ("gdp", "yoy_pct", "我县")}


def test_a_rank_that_moved_is_within_the_population_it_moved_in() -> None:
    """由一季度的全省第8位前移至第6位: rank 6 among the province, for the sentence's period (not 全市, its place)."""
    facts = extract_text("上半年，全市地区生产总值总量由一季度的全省第8位前移至第6位。", doc_date=date(2024, 7, 20), kind="stats")
    assert [(f.indicator, f.measure, f.period, f.value, f.comparator) for f in facts] == [
        ("gdp", "rank", "2024-01/2024-06", 6.0, "全省")]


def test_every_family_of_cases_is_run() -> None:
    """Each list of cases in this module is in ALL_CASES (a merge once dropped three from the parametrisation)."""
    families = {k: v for k, v in globals().items() if __annotations__.get(k) == "list[Case]" and k != "ALL_CASES"}
    assert families
    run = {id(c) for c in ALL_CASES}
    assert [k for k, v in families.items() if not all(id(c) in run for c in v)] == []


def test_a_bureau_of_city_appearance_is_no_place() -> None:
    """市绿化市容局: 市容 (the city's appearance) names a bureau, not a city called 绿化市."""
    facts = extract_text("今天，市绿化市容局组织巡查，全市出动机扫车2181辆次。", doc_date=date(2019, 8, 10), kind="ops")
    assert [(f.value, f.region) for f in facts] == [(2181, "全市")]


def test_a_verb_before_a_place_is_no_part_of_it() -> None:
    """前往宁乡市驰援, 清运城区垃圾, 对辖区内…: the place is 宁乡市, 城区, 辖区, not the verb before it."""
    def regions(text: str) -> list[str]:
        return [f.region for f in extract_text(text, doc_date=date(2023, 7, 6), kind="ops")]
    assert regions("7月5日，共组织273名城管环卫人员前往宁乡市驰援。") == ["宁乡市"]
    assert regions("昨天，清运城区垃圾1.5万余吨。") == ["城区"]
    assert regions("昨天，支援宁乡县出动人员300人次。") == ["宁乡县"]


def test_places_listed_each_get_their_rate() -> None:
    """突泉、扎旗、前旗…同比分别增长193.5%、99.5%、37.6%: each rate is its place's, in order."""
    facts = extract_text("1-2月份，全盟县域规模以上工业增加值同比增长30.2%。从6个旗县市增速看，突泉、扎旗、前旗高于全盟平均水平，"
                         "同比分别增长193.5%、99.5%、37.6%。", doc_date=date(2021, 3, 25), kind="stats")
    assert [(f.region, f.value) for f in facts] == [("全盟县域", 30.2), ("突泉", 193.5), ("扎旗", 99.5), ("前旗", 37.6)]


def test_a_zone_keeps_its_whole_name_and_a_part_after_qizhong_is_no_title_place() -> None:
    """高新区 is no 新区 after a filler 高; 达州市, 余姚市 keep their first character; a zone's long name is the region;
    其中金水区 in a body line is no title's place, so 全区 stays 全区."""
    facts = extract_text("经济运行情况\n1-9月，全市规上工业增加值增长9.2%，其中高新技术产业开发区增长7.2%，达州市增长6.1%，"
                         "余姚市增长4.0%，高新区增长3.0%。", doc_date=date(2024, 10, 20), kind="stats")
    assert [(f.region, f.value) for f in facts] == [("全市", 9.2), ("高新技术产业开发区", 7.2), ("达州市", 6.1),
                                                     ("余姚市", 4.0), ("高新区", 3.0)]
    facts = extract_text("经济运行情况\n1-9月，全区规上工业增加值增长9.2%，其中金水区增长7.1%。", doc_date=date(2024, 10, 20),
                         kind="stats")
    assert [(f.region, f.value) for f in facts] == [("全区", 9.2), ("金水区", 7.1)]



def test_a_titles_kicker_before_a_space_is_no_comparison_of_its_place() -> None:
    """比学赶超争先进位 新郑市…, 稳居全市前列 金水区…: the title's place is still the release's own."""
    for title, place in (("比学赶超争先进位 新郑市前三季度经济运行稳中向好", "新郑市"), ("稳居全市前列 金水区前三季度经济运行情况", "金水区")):
        facts = extract_text(title + "\n前三季度，地区生产总值增长5.6%。", doc_date=date(2024, 10, 20), kind="stats")
        assert [(f.region, f.value) for f in facts] == [(place, 5.6)]


def test_places_listed_before_fenbie_each_take_their_level_and_rate() -> None:
    """北京、天津、河北地区生产总值分别为…、…和…，分别增长…: each level and each rate is its place's, in order."""
    facts = extract_text("京津冀经济运行\n上半年，北京、天津、河北地区生产总值分别为19228亿元、7375亿元和18200亿元，分别增长5.0%、4.1%和6.1%。",
                         doc_date=date(2021, 7, 25), kind="stats")
    assert [(f.measure, f.value, f.region) for f in facts] == [
        ("level", 19228, "北京"), ("level", 7375, "天津"), ("level", 18200, "河北"),
        ("yoy_pct", 5.0, "北京"), ("yoy_pct", 4.1, "天津"), ("yoy_pct", 6.1, "河北")]
