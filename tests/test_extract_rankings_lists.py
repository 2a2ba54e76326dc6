"""Assessment rankings written as lists in prose (extract/ranklists.py), in sentences of our own: lines 第N名：单位，得分X分
under a heading, 前N位的…分别是…, 第N位至第M位的…依次为…, 甲、乙位居一二名, a single unit's 位列第N, and what is no
assessment (a list of places by an indicator, a list with no assessment word near it).

Each case: (kind, doc_date, text, expected, absent); expected facts are (indicator, measure, period, value, region,
comparator), comparator None when not checked; absent: (indicator, measure, period) or an indicator prefix."""

from __future__ import annotations

from datetime import date

import pytest

from statwatch.extract import extract_text

Case = tuple[str, date, str, list[tuple], list]

LINES: list[Case] = [
    # a heading naming the population, one line per unit with its score
    ("stats", date(2024, 4, 20),
     "关于2024年第一季度各县区营商环境考评结果的通报\n根据考评办法，对各县区一季度工作进行了考评。\n"
     "(一)5个县区排名及得分：\n第一名：东平县，得分95.4分\n第二名：西河区，得分93.1分\n第三名：南岭县，得分90.05分\n",
     [("assessment.overall", "rank", "2024-01/2024-03", 1, "东平县", "5个县区"),
      ("assessment.overall", "level", "2024-01/2024-03", 95.4, "东平县", None),
      ("assessment.overall", "rank", "2024-01/2024-03", 3, "南岭县", "5个县区"),
      ("assessment.overall", "level", "2024-01/2024-03", 90.05, "南岭县", None)], []),
    # a category's heading, numbered ranks, the score in brackets, no population counted
    ("stats", date(2023, 8, 5),
     "2023年7月份各街道项目建设考核情况\n各街道项目建设考核排名：\n第1名 北山街道（96.2分）\n第2名 青松街道（94.8分）\n",
     [("assessment.projects", "rank", "2023-07", 1, "北山街道", "街道"),
      ("assessment.projects", "level", "2023-07", 94.8, "青松街道", None)], ["assessment.overall"]),
    # traditional script
    ("stats", date(2022, 7, 15),
     "2022年上半年綜合考評結果\n6個鄉鎮排名及得分：\n第一名：柳林鎮，得分88.5分\n第二名：白沙鄉，得分86分\n",
     [("assessment.overall", "rank", "2022-01/2022-06", 2, "白沙鄉", "6個鄉鎮"),
      ("assessment.overall", "level", "2022-01/2022-06", 86, "白沙鄉", None)], []),
]

# the places in turn inside one sentence
ITEMS: list[Case] = [
    ("stats", date(2023, 11, 8),
     "全市2023年10月份乡村振兴工作考评结果出炉：第一名为东城区(95.1分)，第二名为西城区(93.6分)，第三名为北城县(90.2分)。",
     [("assessment.overall", "rank", "2023-10", 1, "东城区", None),
      ("assessment.overall", "level", "2023-10", 95.1, "东城区", None),
      ("assessment.overall", "rank", "2023-10", 3, "北城县", None),
      ("assessment.overall", "level", "2023-10", 90.2, "北城县", None)], []),
    ("stats", date(2022, 1, 25), "2021年度全县8个乡镇综合考核中，第1名是红星镇，第2名是向阳乡，得分分别为97分和95分。",
     [("assessment.overall", "rank", "2021", 1, "红星镇", "全县8个乡镇"),
      ("assessment.overall", "rank", "2021", 2, "向阳乡", "全县8个乡镇")], [8]),
    # no assessment: a contest's winners
    ("stats", date(2023, 11, 8), "全市2023年书法比赛结果揭晓：第一名为东城区，第二名为西城区。", [], ["assessment"]),
]

SEQUENCES: list[Case] = [
    # an assessment's quarter is the quarter alone (a release's 三季度 runs from January); 前三季度 is the nine months
    ("stats", date(2021, 10, 12), "区考核办对三季度各街道工作进行了考核，综合得分前两名的街道依次为东风街道、光明街道。",
     [("assessment.overall", "rank", "2021-07/2021-09", 2, "光明街道", "街道")], [("assessment.overall", "rank", "2021-01/2021-09")]),
    ("stats", date(2023, 2, 10),
     "2022年度目标考核结果显示，综合得分居前4位的乡镇分别是青石镇、白沙乡、柳林镇和桃源镇；居第5位至第6位的乡镇依次为河口镇、石门乡。",
     [("assessment.overall", "rank", "2022", 1, "青石镇", "乡镇"),
      ("assessment.overall", "rank", "2022", 4, "桃源镇", "乡镇"),
      ("assessment.overall", "rank", "2022", 5, "河口镇", "乡镇"),
      ("assessment.overall", "rank", "2022", 6, "石门乡", "乡镇")], [("assessment.overall", "level", "2022")]),
    # a category named in the sentence; Chinese numerals
    ("stats", date(2021, 10, 12),
     "市考核办对前三季度各园区工作进行了考核，招商引资排名前三名的园区依次是临港园区、高新区、东部新区。",
     [("assessment.investment", "rank", "2021-01/2021-09", 1, "临港园区", "园区"),
      ("assessment.investment", "rank", "2021-01/2021-09", 3, "东部新区", "园区")], ["assessment.overall"]),
]

BY_UNITS: list[Case] = [
    # the units before the places; the population counted in the sentence before
    ("stats", date(2020, 3, 2),
     "日前，区考核委公布全区15个街道2019年度综合考核结果。东湖街道、南湖街道位居一二名。",
     [("assessment.overall", "rank", "2019", 1, "东湖街道", "全区15个街道"),
      ("assessment.overall", "rank", "2019", 2, "南湖街道", "全区15个街道")], [15]),
    ("stats", date(2023, 7, 28),
     "在2023年上半年全区12个街道综合考核中，北门街道、西门街道、南门街道分列前三名。",
     [("assessment.overall", "rank", "2023-01/2023-06", 3, "南门街道", "全区12个街道")], [12]),
    # then one unit's place: of the kind the document ranked, the last one named before the rank
    ("stats", date(2020, 3, 2),
     "区考核委公布了全区15个街道2019年度综合考核结果，东湖街道、南湖街道位居一二名。"
     "从考核结果看，新城片区的6个街道中，只有新城区的滨江街道进入前十名，位列第九。",
     [("assessment.overall", "rank", "2019", 9, "滨江街道", "全区15个街道")], [6, 10]),
    # one unit's place, the population and the assessment in its sentence
    ("stats", date(2023, 7, 28), "在2023年上半年全区12个街道综合考核中，北门街道位列第四。",
     [("assessment.overall", "rank", "2023-01/2023-06", 4, "北门街道", "全区12个街道")], []),
    ("stats", date(2024, 1, 12), "在2023年度全区12个街道综合考核中，北门街道以96.5分的成绩位列第一。",
     [("assessment.overall", "rank", "2023", 1, "北门街道", "全区12个街道"),
      ("assessment.overall", "level", "2023", 96.5, "北门街道", None)], []),
    # the document's own place, named by the title or as 我县
    ("stats", date(2024, 1, 20), "临川县2023年度考核再创佳绩\n在全市2023年度高质量发展综合考核中，我县位列全市第二。",
     [("assessment.overall", "rank", "2023", 2, "临川县", "全市")], []),
    ("stats", date(2023, 3, 1), "临川县2022年度考核\n在2022年度全市项目建设考核中，我县获得第一名。",
     [("assessment.projects", "rank", "2022", 1, "临川县", "全市")], ["assessment.overall"]),
    ("stats", date(2024, 1, 20), "青河县获评先进\n全市11个县(市)区2023年度综合考评结果公布，青河县名列第一。",
     [("assessment.overall", "rank", "2023", 1, "青河县", "全市11个县(市)区")], [11]),
]

NOT_ASSESSMENTS: list[Case] = [
    # places ranked by an indicator, whatever the document assesses
    ("stats", date(2023, 2, 10), "全市经济运行考核会议召开。2022年，地区生产总值居前3位的县市区分别是甲山县、乙水区、丙川县。",
     [], ["assessment"]),
    ("stats", date(2023, 2, 10), "在年度考核中，上半年东河县、西河县地区生产总值位居全市一二名。", [], ["assessment"]),
    # a list of places with no assessment word near it
    ("stats", date(2024, 2, 1), "2023年各区旅游接待情况\n第一名：东城区，接待120万人次\n第二名：西城区，接待98万人次\n",
     [], ["assessment"]),
    ("stats", date(2024, 2, 1), "2023年，全市游客人数居前2位的县区分别是甲县、乙区。", [], ["assessment"]),
    # a single place in an assessment document, of another kind than the units it ranked
    ("stats", date(2020, 3, 2), "区考核委公布了全区15个街道2019年度综合考核结果，东湖街道、南湖街道位居一二名。该区位列全市第三。",
     [], [("assessment.overall", "rank", "2019", 3)]),
    # the own place's rank of an indicator, or with no assessment word
    ("stats", date(2024, 1, 20), "临川县2023年度考核再创佳绩\n在全市考核中，我县地区生产总值位列全市第二。", [], ["assessment"]),
    ("stats", date(2024, 1, 20), "临川县2023年发展回顾\n2023年，我县位列全市第二。", [], ["assessment"]),
    # the number of units listed differs from the places named
    ("stats", date(2023, 2, 10), "2022年度考核中，总分居前3位的县区分别是甲县、乙区。", [], ["assessment"]),
]


@pytest.mark.parametrize(("kind", "doc_date", "text", "expected", "absent"),
                         LINES + ITEMS + SEQUENCES + BY_UNITS + NOT_ASSESSMENTS, ids=lambda x: str(x)[:16])
def test_ranking_lists(kind: str, doc_date: date, text: str, expected: list[tuple], absent: list) -> None:
    facts = extract_text(text, doc_date=doc_date, kind=kind)
    got = {(f.indicator, f.measure, f.period, round(f.value, 6), f.region, f.comparator) for f in facts}
    for code, measure, period, value, region, cmp in expected:
        assert [g for g in got if g[:5] == (code, measure, period, round(float(value), 6), region)
                and (cmp is None or g[5] == cmp)], ((code, measure, period, value, region, cmp), sorted(got))
    for a in absent:
        if isinstance(a, tuple):
            assert not [g for g in got if g[:3] == a], (a, sorted(got))
        elif isinstance(a, str):
            assert not [g for g in got if g[0].startswith(a)], (a, sorted(got))
        else:
            assert not [g for g in got if g[0].startswith("assessment") and abs(g[3] - a) < 1e-9], (a, sorted(got))
    for f in facts:
        assert text[f.start:f.end] == f.quote
