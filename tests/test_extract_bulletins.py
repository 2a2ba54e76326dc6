"""Rail and operations bulletins, and the ways numbers are written, on sentences written for these tests (never text
of the labelled documents)."""

from __future__ import annotations

from datetime import date

import pytest

from statwatch.extract import extract_text

Case = tuple[str, date, str, list[tuple], list[float]]

RAIL: list[Case] = [
    # a mark crossed with no period of its own is the running total
    ("rail", date(2024, 3, 9), "中欧班列(长沙)8日迎来新的里程碑，开行量突破20000列。",
     [("rail.trains_cumulative", "level", "2024-03-08", 20000)], []),
    ("rail", date(2024, 3, 9), "截至目前，中欧班列累计开行突破60000列。",
     [("rail.trains_cumulative", "level", "2024-03-09", 60000)], []),
    # a total compared with last year's same span is this year's, not the running total since the start
    ("rail", date(2024, 11, 5), "截至10月底，中欧班列(厦门)累计开行1500列，同比增长15%。",
     [("rail.trains", "level", "2024-01-01/2024-10-31", 1500), ("rail.trains", "yoy_pct", "2024-01-01/2024-10-31", 15)],
     []),
    # the end of a year is a day
    ("rail", date(2024, 1, 20), "截至2023年底，中欧班列(西安)累计开行突破2万列。截至上年末，货值达到380亿美元。",
     [("rail.trains_cumulative", "level", "2023-12-31", 20000), ("rail.cargo_value", "level", "2023-12-31", 380)], []),
    # a number of days is not a day
    ("rail", date(2024, 11, 12), "今年1至10月，中欧班列开行15000列，较去年提前10日完成，历时15日运抵欧洲。",
     [("rail.trains", "level", "2024-01/2024-10", 15000)], []),
    # counted since the service began, whatever period an earlier clause named
    ("rail", date(2024, 5, 21), "2018年开行80班，2019年开行120班，迄今已累计开行350班，总货值达9.6亿美元。",
     [("rail.trains", "level", "2018", 80), ("rail.trains", "level", "2019", 120),
      ("rail.trains_cumulative", "level", "2024-05-21", 350), ("rail.cargo_value", "level", "2024-05-21", 9.6)], []),
    ("rail", date(2024, 5, 21), "截至5月20日，中欧班列(厦门)今年开行1200列，从开行至今累计开行9800列。",
     [("rail.trains", "level", "2024-01-01/2024-05-20", 1200), ("rail.trains_cumulative", "level", "2024-05-20", 9800)],
     []),
    # the parts of a count by direction, in parentheses
    ("rail", date(2020, 1, 10), "2019年开行120班(70班去程、50班回程)。",
     [("rail.trains", "level", "2019", 120), ("rail.trains", "level", "2019", 70), ("rail.trains", "level", "2019", 50)],
     []),
    # a weekly schedule written 去N回M
    ("rail", date(2020, 1, 10), "班列已实现“去四回三”的常态化运行。",
     [("rail.weekly_outbound", "level", "2020-01-10", 4), ("rail.weekly_inbound", "level", "2020-01-10", 3)], []),
    # section headings say which way
    ("rail", date(2024, 1, 15), "2023年全年，中欧班列(西安)开行5200列。\n去程:开行3100列，同比增长5.1%;发送集装箱28.5万标箱。",
     [("rail.trains", "level", "2023", 3100), ("rail.teu", "level", "2023", 285000)], []),
    # peaks, capacities, plans and batches are not counts
    ("rail", date(2024, 6, 1), "今年以来，中欧班列(合肥)开行860列，最高单日开行15列，每周最高往返20列，单日最高可发运30列。",
     [("rail.trains", "level", "2024-01-01/2024-06-01", 860)], [15, 20, 30]),
    ("rail", date(2024, 6, 1), "下一步，班列将逐步过渡为每周去程5班、回程4班。3地4列中欧班列同时发车。",
     [], [5, 4]),
    # ranks among a group of regions
    ("rail", date(2024, 11, 5), "今年1至10月，中欧班列(济南)累计开行1500列，同比增长20%，开行量位列中西部第一。",
     [("rail.trains", "rank", "2024-01/2024-10", 1), ("rail.trains", "yoy_pct", "2024-01/2024-10", 20)], []),
    # a share written as a fraction
    ("rail", date(2024, 11, 5), "截至10月31日，今年中欧班列(济南)开行1500列，其中到欧洲方向开行量约占全国的五分之一。",
     [("rail.trains", "share_pct", "2024-01-01/2024-10-31", 20)], []),
    # several kinds of numbers: 万 counts, Chinese numerals
    ("rail", date(2024, 1, 5), "2023年，中欧班列开行1.7万列，发送货物120.6万标箱；2015年开行百余列。截至目前累计开行五千列。",
     [("rail.trains", "level", "2023", 17000), ("rail.teu", "level", "2023", 1206000),
      ("rail.trains", "level", "2015", 100), ("rail.trains_cumulative", "level", "2024-01-05", 5000)], []),
]

STORY_DAYS: list[Case] = [
    # 年内 is this year so far; a lead crossing a mark dates the story; a goal in a bulletin is a plan
    ("rail", date(2023, 12, 30), "12月29日，随着X9096次班列驶出，中欧班列(齐鲁号)年内开行突破2000列，达2003列，同比增长11.2%。\n"
     "据介绍，齐鲁号累计开行已达7600余列。今年，班列力争货值突破70亿美元。",
     [("rail.trains", "level", "2023-01-01/2023-12-29", 2003), ("rail.trains", "yoy_pct", "2023-01-01/2023-12-29", 11.2),
      ("rail.trains_cumulative", "level", "2023-12-29", 7600)], [70]),
    ("rail", date(2024, 1, 9), "本报1月8日讯 截至目前，长沙中欧班列累计开行突破5000列。",
     [("rail.trains_cumulative", "level", "2024-01-08", 5000)], []),
    # a dateline dates what 截至目前 counts, the headline before it too
    ("rail", date(2024, 3, 6), "中欧班列(成都)累计开行逾2万列\n新华社成都3月5日电 截至目前，中欧班列(成都)累计开行超2.1万列，通达欧洲"
     "30个国家。",
     [("rail.trains_cumulative", "level", "2024-03-05", 20000), ("rail.trains_cumulative", "level", "2024-03-05", 21000),
      ("rail.countries_served", "level", "2024-03-05", 30)], []),
    # a lead reporting a running total reaching a mark dates the story's totals
    ("rail", date(2024, 3, 6), "3月5日，随着X9001次班列驶出，中欧班列(成都)累计开行突破2万列。\n目前，班列业务覆盖欧洲30个国家。",
     [("rail.trains_cumulative", "level", "2024-03-05", 20000), ("rail.countries_served", "level", "2024-03-05", 30)],
     []),
]

OPS: list[Case] = [
    ("ops", date(2024, 6, 10), "自6月1日至今，区城管局共出动人员1230人(次)，各种车辆150台，出动扫地车45辆次，清理垃圾约3.2吨，"
     "清理下水井口1560个，先后完成5230雨水口清理。",
     [("ops.staff_deployed", "level", "2024-06-01/2024-06-10", 1230),
      ("ops.vehicles_deployed", "level", "2024-06-01/2024-06-10", 150),
      ("ops.vehicles_deployed", "level", "2024-06-01/2024-06-10", 45),
      ("ops.sludge_removed", "level", "2024-06-01/2024-06-10", 3.2),
      ("ops.wells_cleared", "level", "2024-06-01/2024-06-10", 1560),
      ("ops.wells_cleared", "level", "2024-06-01/2024-06-10", 5230)], []),
    # days of events and the span they make; the paragraph goes on in it; yesterday
    ("ops", date(2024, 7, 12), "此前，全市已于6月3日、12日、24日组织了三次集中清理。活动中，共出动人员5600人次，清运垃圾320吨。"
     "而昨天的清理中，全市出动近两万人，清运垃圾85吨。",
     [("ops.staff_deployed", "level", "2024-06-03/2024-06-24", 5600), ("ops.sludge_removed", "level", "2024-06-03/2024-06-24", 320),
      ("ops.staff_deployed", "level", "2024-07-11", 20000), ("ops.sludge_removed", "level", "2024-07-11", 85)], []),
    # a span of days without months; the next paragraph goes on in the story's days
    ("ops", date(2024, 2, 18), "从9日除夕到15日正月初六，全市共清理烟花爆竹残屑3120吨，比去年减少了8.5%。\n节日期间，全市6.3万名环卫工人上街保洁，"
     "共出动4210台套环卫车辆。",
     [("ops.sludge_removed", "level", "2024-02-09/2024-02-15", 3120), ("ops.sludge_removed", "yoy_pct", "2024-02-09/2024-02-15", -8.5),
      ("ops.staff_deployed", "level", "2024-02-09/2024-02-15", 63000),
      ("ops.vehicles_deployed", "level", "2024-02-09/2024-02-15", 4210)], []),
    # standby, averages and inventories are not counts; roads count only while inspecting
    ("ops", date(2024, 7, 1), "截至6月30日，全区共出动人员800人次，另有200台抢险设备待命，平均每天有3000名环卫工人在岗，"
     "在50处风险点预置值守人员500名，排查道路45条，对80条道路进行清扫。",
     [("ops.staff_deployed", "level", "2024-06-30", 800), ("ops.roads_inspected", "level", "2024-06-30", 45)],
     [200, 3000, 500, 80]),
    # a purpose in another clause is no plan
    ("ops", date(2024, 6, 1), "为确保汛期安全，区城管局出动人员500人次，清掏雨水井1200个。",
     [("ops.staff_deployed", "level", "2024-06-01", 500), ("ops.wells_cleared", "level", "2024-06-01", 1200)], []),
    # tonnes of what was cleared, not of what was spread; truckloads are no count, the tonnes after them are
    ("ops", date(2024, 1, 23), "22日，全市共出动扫雪人员1.2万人次、除雪机械860台次，撒布融雪剂3200吨，清理淤泥、垃圾30余车，约3吨。",
     [("ops.staff_deployed", "level", "2024-01-22", 12000), ("ops.vehicles_deployed", "level", "2024-01-22", 860),
      ("ops.sludge_removed", "level", "2024-01-22", 3)], [3200, 30]),
]

HOLIDAYS: list[Case] = [
    # the days off of a named holiday (2024: 初一 to 初八 as published), the eve, a weight in 万吨 in the indicator's unit,
    # vehicles counted in 部
    ("ops", date(2024, 2, 19), "春节七天长假，全市环卫部门共出动作业人员5200人次，各类作业车辆860部、1900车次，清运垃圾1.6万吨。"
     "其中，除夕夜间清运烟花爆竹残屑96.5吨。",
     [("ops.staff_deployed", "level", "2024-02-10/2024-02-17", 5200), ("ops.vehicles_deployed", "level", "2024-02-10/2024-02-17", 860),
      ("ops.vehicles_deployed", "level", "2024-02-10/2024-02-17", 1900), ("ops.sludge_removed", "level", "2024-02-10/2024-02-17", 16000),
      ("ops.sludge_removed", "level", "2024-02-09", 96.5)], [1.6]),
    # the national day and mid-autumn together (2023: 29 September to 6 October); since the days off began; 少 is a fall
    ("ops", date(2023, 10, 9), "国庆中秋假期，区城管局累计出动保洁人员3100人次。据统计，2023年国庆节以来，共清理垃圾420吨，比去年少6.2%。",
     [("ops.staff_deployed", "level", "2023-09-29/2023-10-06", 3100), ("ops.sludge_removed", "level", "2023-09-29/2023-10-09", 420),
      ("ops.sludge_removed", "yoy_pct", "2023-09-29/2023-10-09", -6.2)], []),
    # hours inside a span of days; the festival's name inside it
    ("ops", date(2019, 2, 20), "自2月19日元宵节晚8时至2月20日早6时，全区共出动环卫工人860人次，清运烟花爆竹残屑12.4吨。",
     [("ops.staff_deployed", "level", "2019-02-19/2019-02-20", 860), ("ops.sludge_removed", "level", "2019-02-19/2019-02-20", 12.4)],
     []),
    # before the festival is no period; a road named after a holiday neither
    ("ops", date(2024, 2, 5), "春节前，五一路街道共清掏雨水井320个。",
     [("ops.wells_cleared", "level", "2024-02-05", 320)], []),
    # a holiday in quotes; from one festival day to another; a day of the first lunar month
    ("ops", date(2024, 5, 6), "“五一”假期，全区共出动保洁人员3200人次。",
     [("ops.staff_deployed", "level", "2024-05-01/2024-05-05", 3200)], []),
    ("ops", date(2025, 2, 4), "除夕夜至大年初一，全市共清运烟花爆竹残屑1200余吨。大年初五当天，全市出动环卫工人8600人次。",
     [("ops.sludge_removed", "level", "2025-01-28/2025-01-29", 1200), ("ops.staff_deployed", "level", "2025-02-02", 8600)], []),
    # a weight right after a clearing verb is what was cleared
    ("ops", date(2024, 2, 11), "从除夕到初一，全市共清运烟花爆竹残屑1320吨，其中除夕当晚清运860吨。",
     [("ops.sludge_removed", "level", "2024-02-09", 860)], []),
]

OPS_PRECISION: list[Case] = [
    # 7月以来 dates the story; trips counted in a bare 次 after the vehicles; 等 closes a list of what was cleared
    ("ops", date(2024, 7, 3), "7月以来，全县遭遇三轮强降雨。\n抢险中，全县累计出动防汛作业车辆48余次，出动抢险人员260余人次，"
     "清理淤泥、杂物等12余吨。",
     [("ops.vehicles_deployed", "level", "2024-07-01/2024-07-03", 48), ("ops.staff_deployed", "level", "2024-07-01/2024-07-03", 260),
      ("ops.sludge_removed", "level", "2024-07-01/2024-07-03", 12)], []),
    # a stock of wells, a daily deployment and a vague few are not counts of what was done
    ("ops", date(2024, 6, 20), "全区建成区内共有雨水井9800座、5200余座检查井。每天投入养护人员120名，出动吸污车、疏通车共25辆，"
     "对雨水井进行轮流清掏。街道上，五六名环卫工正在清扫路面。截至目前，已清掏雨水井6400个。",
     [("ops.wells_cleared", "level", "2024-06-20", 6400)], [9800, 5200, 120, 25, 56, 5]),
    # 5部门 counts departments; a day from which the work ran
    ("ops", date(2024, 6, 20), "6月1日起，5部门联合出动人员900人次，清运垃圾35吨。",
     [("ops.staff_deployed", "level", "2024-06-01/2024-06-20", 900), ("ops.sludge_removed", "level", "2024-06-01/2024-06-20", 35)],
     [5]),
]

MIRRORS: list[Case] = [
    # a mirror's doubled separators (,, and ,、); a list of growth rates over the parts of the service listed before it
    ("rail", date(2023, 6, 10), "记者9日获悉,,今年1至5月,,中欧班列累计开行7200列,,发送货物78万标箱,,同比分别增长12%,、20%,。"
     "西,、中,、东三条通道1至5月份开行数同比分别增长14%、8%,、11%。",
     [("rail.trains", "level", "2023-01/2023-05", 7200), ("rail.teu", "level", "2023-01/2023-05", 780000),
      ("rail.trains", "yoy_pct", "2023-01/2023-05", 12), ("rail.teu", "yoy_pct", "2023-01/2023-05", 20),
      ("rail.trains", "yoy_pct", "2023-01/2023-05", 14), ("rail.trains", "yoy_pct", "2023-01/2023-05", 8),
      ("rail.trains", "yoy_pct", "2023-01/2023-05", 11)], []),
]

RAIL_PERIODS: list[Case] = [
    # a year with 截至目前 is this year so far, to the dateline
    ("rail", date(2022, 9, 2), "本报兰州9月1日电 集结中心2020年开行160列，2021年开行420列，2022年截至目前开行390列，同比增长41.2%。",
     [("rail.trains", "level", "2020", 160), ("rail.trains", "level", "2021", 420),
      ("rail.trains", "level", "2022-01-01/2022-09-01", 390), ("rail.trains", "yoy_pct", "2022-01-01/2022-09-01", 41.2)], []),
    # a year that has not ended is the year so far; 截至 a day with last year's growth after a sentence dated so
    ("rail", date(2022, 3, 16), "3月15日，一列满载50车货物的中欧班列从西安驶出，标志着2022年中欧班列(西安)发送车数突破5000车。"
     "截至3月15日，中欧班列(西安)已开行460列，同比增长12.4%。",
     [("rail.wagons", "level", "2022-01-01/2022-03-15", 5000), ("rail.trains", "level", "2022-01-01/2022-03-15", 460),
      ("rail.trains", "yoy_pct", "2022-01-01/2022-03-15", 12.4)], [50]),
    # 当年 is the year just written; a share of the country's trains; tenths as a share
    ("rail", date(2023, 2, 10), "该品牌于2022年1月10日开出首趟班列，当年开行超1200列，占全国中欧班列的7%，运输货值超300亿元。",
     [("rail.trains", "level", "2022", 1200), ("rail.trains", "share_pct", "2022", 7), ("rail.cargo_value", "level", "2022", 300)],
     []),
    ("rail", date(2021, 4, 20), "一季度，口岸海关监管进出境中欧班列1600列，同比增长9.5%，约占全国开行中欧班列总量的六成。",
     [("rail.trains", "level", "2021-01/2021-03", 1600), ("rail.trains", "share_pct", "2021-01/2021-03", 60)], []),
    # the lead's day dates the story when its paragraph reports the mark
    ("rail", date(2024, 5, 11), "5月10日，X8001次班列从成都国际铁路港驶出。今年以来，中欧班列(成都)开行量突破2000列。",
     [("rail.trains", "level", "2024-01-01/2024-05-10", 2000)], []),
    # the ordinal of a train is the running total; a count followed by where the trains left from; growth after 、
    ("rail", date(2021, 6, 9), "8日上午，一列中欧班列从合肥北站出发，这是中欧班列(合肥)开行的第1500列。今年以来，已有中欧班列260列从合肥"
     "开出或到达。2020年，合肥中欧班列发运520列、同比增长41%。",
     [("rail.trains_cumulative", "level", "2021-06-08", 1500), ("rail.trains", "level", "2021-01-01/2021-06-08", 260),
      ("rail.trains", "level", "2020", 520), ("rail.trains", "yoy_pct", "2020", 41)], []),
]

RAIL_PRECISION: list[Case] = [
    # another service's containers, a logistics park's yearly throughput, a share of the service's own last year
    ("rail", date(2020, 6, 1), "今年以来，中欧班列(合肥)开行220列。铁海联运班列也发展迅速，累计发运8000余个标箱。周边物流园年吞吐量超300万吨。",
     [("rail.trains", "level", "2020-01-01/2020-06-01", 220)], [8000, 300]),
    ("rail", date(2018, 9, 1), "集结中心2017年开行710列，2018年截至目前开行600列，占2017年全年开行总量的84.5%。",
     [("rail.trains", "level", "2018-01-01/2018-09-01", 600)], [84.5]),
    # the year's count given, a later 累计 counts from the start
    ("rail", date(2023, 8, 2), "截至7月底，中欧班列(长沙)今年已开行680列，同比增长20%，累计开行4200列。",
     [("rail.trains", "level", "2023-01-01/2023-07-31", 680), ("rail.trains_cumulative", "level", "2023-07-31", 4200)], []),
    ("rail", date(2023, 1, 5), "2022年，中欧班列(重庆)开行超5000列，连续3年位居全国第一。",
     [("rail.trains", "rank", "2022", 1)], []),
    # a rounded headline beside the body's figures: 标箱 counted in 个, growth 超过/逾 a rate
    ("rail", date(2023, 1, 20), "中欧班列(金华)2022年进出口标箱突破8万个 同比增长逾20%\n据海关统计，2022年中欧班列(金华)开行720列，"
     "进出口集装箱8.3万标箱，同比分别增长18.2%和21.4%。",
     [("rail.teu", "level", "2022", 80000), ("rail.teu", "yoy_pct", "2022", 20), ("rail.teu", "level", "2022", 83000),
      ("rail.teu", "yoy_pct", "2022", 21.4), ("rail.trains", "yoy_pct", "2022", 18.2)], []),
    # a headline restating a body figure without its period gives way to it
    ("rail", date(2025, 5, 6), "班列发送货物总重2.3万吨\n“五一”假期(5月1日至5日)，中欧班列(长沙)共开行21列，发送货物总重2.3万吨。",
     [("rail.cargo_weight", "level", "2025-05-01/2025-05-05", 2.3)], []),
]


def test_the_country_and_the_operator_in_one_sentence() -> None:
    """全国…开行1.7万列 is the country's; 其中中欧班列(成都)开行5200列 the operator's; 较2022年 is the year before 2023."""
    facts = _check("rail", date(2024, 1, 10), "2023年，全国中欧班列开行1.7万列，其中中欧班列(成都)开行5200列，较2022年增长8%。",
                   [("rail.trains", "yoy_pct", "2023", 8)], [])
    assert {(f.value, f.region) for f in facts if f.measure == "level"} == {(17000, "全国"), (5200, "中欧班列(成都)")}
    facts = _check("rail", date(2018, 9, 1), "据悉，我国已开行1万余列中欧班列，集结中心开行数量约占六分之一。", [], [])
    assert [(f.value, f.region) for f in facts if f.measure == "level"] == [(10000, "全国")]


def test_record_claims_belong_to_their_paragraph_and_sentence() -> None:
    text = ("今年上半年，西、中、东通道分别开行中欧班列4100列、1500列、2600列，均创历史同期新高。\n"
            "前9个月经满洲里口岸进出境中欧班列突破300列大关 开行数量再创新高\n"
            "该班列在全国率先实现“统一品牌、统一运营”，累计开行超2.2万列。")
    facts = _check("rail", date(2023, 7, 8), text, [], [])
    # 突破300列大关 is a count, and the headline's own claim is about it
    assert sorted(f.value for f in facts if f.indicator == "rail.record") == [300, 1500, 2600, 4100]


def test_parts_of_the_service_listed_before_their_numbers() -> None:
    facts = _check("rail", date(2023, 7, 8), "今年上半年，西、中、东通道分别开行中欧班列4100列、1500列、2600列，同比分别增长18%、22%、6%。",
                   [], [])
    assert sorted((f.measure, f.value, f.region) for f in facts if f.region.endswith("通道")) == [
        ("level", 1500, "中通道"), ("level", 2600, "东通道"), ("level", 4100, "西通道"),
        ("yoy_pct", 6, "东通道"), ("yoy_pct", 18, "西通道"), ("yoy_pct", 22, "中通道")]


def _check(kind: str, doc_date: date, text: str, expected: list[tuple], absent: list[float]) -> list:
    facts = extract_text(text, doc_date=doc_date, kind=kind)
    got = {(f.indicator, f.measure, f.period, round(f.value, 6)) for f in facts}
    for e in expected:
        assert (*e[:3], round(float(e[3]), 6)) in got, (e, sorted(got))
    assert not [f for f in facts if f.indicator not in ("rail.record", "rail.milestone")
                and any(abs(f.value - a) < 1e-9 for a in absent)], facts
    for f in facts:
        assert text[f.start:f.end] == f.quote
    return facts


@pytest.mark.parametrize(("kind", "doc_date", "text", "expected", "absent"), RAIL + RAIL_PERIODS + RAIL_PRECISION + STORY_DAYS + OPS + HOLIDAYS + OPS_PRECISION + MIRRORS,
                         ids=lambda x: str(x)[:14])
def test_bulletins(kind: str, doc_date: date, text: str, expected: list[tuple], absent: list[float]) -> None:
    _check(kind, doc_date, text, expected, absent)


def test_directions_and_parts_of_the_service() -> None:
    facts = _check("rail", date(2024, 1, 15), "2023年全年，中欧班列(西安)开行5200列。\n去程:开行3100列;发送集装箱28.5万标箱。\n"
                   "回程:开行2100列。其中，中亚班列开行900列。", [], [])
    regions = {f.value: f.region for f in facts}
    assert regions[3100] == "中欧班列(西安) 去程" and regions[285000] == "中欧班列(西安) 去程"
    assert regions[2100] == "中欧班列(西安) 回程"
    assert regions[900].startswith("中亚班列")
    facts = _check("rail", date(2020, 1, 10), "2019年开行120班(70班去程、50班回程)。", [], [])
    assert {f.value: f.region.split(" ")[-1] for f in facts if f.value in (70, 50)} == {70: "去程", 50: "回程"}


def test_qualifiers_spread_over_a_list_and_fractions() -> None:
    facts = _check("rail", date(2024, 11, 5), "2021年至2023年，中欧班列(西安)逐年突破3000列、4000列、5000列。", [], [])
    assert sorted((f.period, f.value, f.qualifier) for f in facts if f.indicator == "rail.trains") == [
        ("2021", 3000, "over"), ("2022", 4000, "over"), ("2023", 5000, "over")]
    facts = _check("rail", date(2024, 11, 5), "截至10月31日，今年中欧班列开行1500列，其中到欧洲方向开行量接近全国的三分之一。", [], [])
    share = next(f for f in facts if f.measure == "share_pct")
    assert (round(share.value, 4), share.qualifier, share.comparator) == (33.3333, "about", "全国")


def test_a_table_of_districts() -> None:
    text = ("截至5月31日各区防汛清掏进度\n区域 | 出动人员(人次) | 出动车辆(台次) | 清掏雨污水井(个)\n"
            "东城区 | 520 | 80 | 3200\n西城区 | 430 | 65 | 2800\n合计 | 950 | 145 | 6000\n")
    facts = _check("ops", date(2024, 6, 1), text, [], [])
    got = {(f.indicator, f.value, f.region) for f in facts if f.period == "2024-05-31"}
    assert ("ops.staff_deployed", 520, "东城区") in got and ("ops.wells_cleared", 2800, "西城区") in got
    assert ("ops.vehicles_deployed", 145) in {(i, v) for i, v, r in got if r not in ("东城区", "西城区")}
