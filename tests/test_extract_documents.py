"""Whole documents: decoding, HTML bodies, the CLI contract, bad input, the sample site's own articles."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from statwatch.cli import extract as extract_cmd
from statwatch.errors import ParseError
from statwatch.extract import PARSER_VERSION, extract_bytes, extract_text, read_document

FIX = Path(__file__).parent / "fixtures" / "extract"
STATWATCH = str(Path(sys.executable).parent / "statwatch")


def _facts(name: str, doc_date: date, **kw) -> dict[tuple, object]:
    _, facts = extract_bytes((FIX / name).read_bytes(), doc_date=doc_date, **kw)
    return {(f.indicator, f.measure, f.period): f for f in facts}


def test_gbk_page_that_declares_utf8() -> None:
    doc = read_document((FIX / "release_gbk_declared_utf8.html").read_bytes())
    assert doc.declared == "utf-8"
    assert doc.encoding == "gb18030"
    assert doc.title == "二七区2023年上半年经济运行情况"
    assert "var visits" not in doc.text and "font-size" not in doc.text and "统计信息" not in doc.text
    assert "二、消费市场" in doc.text.split("\n")[3]


def test_release_facts() -> None:
    f = _facts("release_gbk_declared_utf8.html", date(2023, 7, 20))
    p = "2023-01/2023-06"
    assert f[("gdp", "level", p)].value == 412.7
    assert f[("gdp", "yoy_pct", p)].value == 5.6
    assert (f[("gdp", "pp_diff", p)].value, f[("gdp", "pp_diff", p)].comparator) == (0.8, "全市")
    assert (f[("gdp", "rank", p)].value, f[("gdp", "rank", p)].unit) == (4, "rank")
    assert f[("retail_sales", "level", p)].value == pytest.approx(185.642)
    assert f[("budget_revenue", "yoy_pct", p)].value == -2.4
    assert f[("tax_revenue", "yoy_pct", p)].value == -3.1
    assert f[("disposable_income", "level", p)].unit == "元"
    # 限额以上单位零售额 is a subset, not the parent indicator
    assert all(x.value != 61.2 for x in f.values())
    assert {x.region for x in f.values()} == {"二七区"}


def test_big5_traditional_release_without_declared_charset() -> None:
    decoded, facts = extract_bytes((FIX / "release_big5.txt").read_bytes(), doc_date=date(2022, 10, 25))
    assert decoded.encoding == "big5"
    f = {(x.indicator, x.measure, x.period): x for x in facts}
    p = "2022-01/2022-09"
    assert f[("industrial_va", "yoy_pct", p)].value == -1.7
    assert f[("retail_sales", "pp_diff", p)].value == -0.3
    assert f[("gdp", "level", p)].quote == "地區生產總值301.5億元"


def test_rail_bulletin_full_width_pinyin_and_chinese_numerals() -> None:
    text = (FIX / "rail_fullwidth_pinyin.txt").read_text(encoding="utf-8")
    facts = extract_text(text, doc_date=date(2023, 5, 13))
    got = {(f.indicator, f.period, f.value, f.region) for f in facts}
    assert ("rail.trains", "2023-05-12", 7, "中国铁路郑州局集团") in got
    assert ("rail.wagons", "2023-05-12", 294, "中国铁路郑州局集团") in got
    assert ("rail.route_trains", "2023-05-12", 4, "郑州(圃田)→霍尔果斯") in got
    assert ("rail.route_trains", "2023-05-12", 2, "郑州(圃田)→阿拉山口") in got
    assert ("rail.trains_cumulative", "2023-05-13", 8000, "中欧班列(中豫号)") in got
    cum = next(f for f in facts if f.indicator == "rail.trains_cumulative")
    assert cum.qualifier == "over" and text[cum.start:cum.end] == cum.quote and "(lěi)" in cum.quote
    # 一列中欧班列 is an article, X8012次 a train number, 8时 a time
    assert not any(f.value in (8012, 8) for f in facts)
    assert sum(1 for f in facts if f.indicator == "rail.trains") == 1


def test_ops_bulletin_qualifiers() -> None:
    f = _facts("ops_bulletin.txt", date(2023, 5, 30))
    d = "2023-05-30"
    assert (f[("ops.staff_deployed", "level", d)].value, f[("ops.staff_deployed", "level", d)].qualifier) == (1350, "over")
    assert f[("ops.vehicles_deployed", "level", d)].qualifier == "about"
    assert f[("ops.sludge_removed", "level", d)].qualifier == "about"
    assert f[("ops.wells_cleared", "level", d)].value == 9120
    assert f[("ops.roads_inspected", "level", d)].value == 45


def test_targets() -> None:
    f = _facts("targets_2024.txt", date(2024, 1, 20))
    assert (f[("gdp", "target_yoy_pct", "2024")].value, f[("gdp", "target_yoy_pct", "2024")].qualifier) == (6, "over")
    assert f[("retail_sales", "target_yoy_pct", "2024")].qualifier == "about"
    assert f[("budget_revenue", "target_level", "2024")].value == 42
    assert f[("investment_projects", "target_level", "2024")].value == 120
    assert f[("investment_signed", "target_level", "2024")].qualifier == "over"
    assert len(f) == 5  # 签约重点外资项目2至3个 has no catalogue code


def test_page_without_numbers() -> None:
    decoded, facts = extract_bytes((FIX / "no_numbers.html").read_bytes())
    assert facts == [] and decoded.title == "关于开展文明城市创建工作的通知"


@pytest.mark.parametrize("data", [b"", b"   \n", "\ufeff".encode()])
def test_empty_input_gives_no_facts(data: bytes) -> None:
    assert extract_bytes(data)[1] == []


@pytest.mark.parametrize("data", [b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj", bytes(range(256)) * 8, b"PK\x03\x04\x14\x00"])
def test_binary_input_is_refused(data: bytes) -> None:
    with pytest.raises(ParseError):
        read_document(data)


def test_undecodable_bytes_are_refused() -> None:
    with pytest.raises(ParseError):
        read_document(b"\x81\xff\xfe\x80" * 500)


def test_too_large_is_refused() -> None:
    with pytest.raises(ParseError, match="too large"):
        read_document(b"a" * (21 * 1024 * 1024))


def test_bom_and_header_charset() -> None:
    text = "一季度，全区生产总值完成489.5亿元。"
    assert read_document(b"\xef\xbb\xbf" + text.encode()).text == text
    assert read_document(text.encode("utf-16-le").join([b"\xff\xfe", b""])).encoding == "utf-16-le"
    doc = read_document(text.encode("gbk"), content_type="text/plain; charset=GBK")
    assert (doc.text, doc.declared, doc.encoding) == (text, "gbk", "gb18030")


def test_big5_page_that_declares_gb2312() -> None:
    html = "<html><head><meta charset=\"gb2312\"><title>管城區經濟</title></head><body><p>前三季度，全區實現地區生產總值301.5億元。</p></body></html>"
    doc = read_document(html.encode("big5"))
    assert (doc.encoding, doc.declared, doc.title) == ("big5", "gb2312", "管城區經濟")
    assert "地區生產總值301.5億元" in doc.text


def test_latin1_header_on_a_gbk_page() -> None:
    text = "前三季度，全县实现地区生产总值56.7亿元。"
    doc = read_document(text.encode("gbk"), content_type="text/html; charset=ISO-8859-1")
    assert doc.text == text and doc.encoding == "gb18030"


ALPHABET = list("0123456789一二三四五六七八九十百千万亿两零.,，。；;:：、%％()（）“”年月日至到-—~第位名列班车个家座条吨元"
                "标箱季度上半全前以来截至目前今去同比增长下降高于低于百分点居分别其中占比重为累计开行規(guī)\n ")


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(ALPHABET), max_size=160).map("".join),
       st.sampled_from(["auto", "rail", "stats", "ops"]), st.sampled_from([None, date(2022, 5, 1)]))
def test_any_text_gives_facts_whose_quotes_are_in_it(text: str, kind: str, doc_date: date | None) -> None:
    for f in extract_text(text, doc_date=doc_date, kind=kind):
        assert text[f.start:f.end] == f.quote and f.period and f.unit


def _run(args: list[str]) -> tuple[int, list[dict], str]:
    result = CliRunner().invoke(extract_cmd, args)
    lines = [json.loads(x) for x in result.stdout.splitlines() if x.startswith("{")]
    return result.exit_code, lines, result.stderr if hasattr(result, "stderr") else ""


def test_cli_prints_json_lines_with_url(tmp_path: Path) -> None:
    code, lines, _ = _run(["--doc-date", "2023-07-20", "--url", "http://example.org/a.html", "--kind", "stats",
                           str(FIX / "release_gbk_declared_utf8.html")])
    assert code == 0 and lines
    assert {x["doc"] for x in lines} == {"http://example.org/a.html"}
    assert set(lines[0]) >= {"indicator", "measure", "period", "value", "unit", "qualifier", "region", "comparator",
                             "quote", "start", "end", "doc"}


def test_cli_doc_is_file_name_and_zero_facts_exit_0(tmp_path: Path) -> None:
    p = tmp_path / "empty.txt"
    p.write_bytes(b"")
    assert _run([str(p), str(FIX / "no_numbers.html")])[:2] == (0, [])
    code, lines, _ = _run(["--doc-date", "2023-05-30", str(FIX / "ops_bulletin.txt")])
    assert code == 0 and {x["doc"] for x in lines} == {"ops_bulletin.txt"}


@pytest.mark.parametrize("content", [b"\x00\x01\x02binary" * 100, b"\x81\xff\xfe\x80" * 500])
def test_cli_bad_input_is_one_line_error(tmp_path: Path, content: bytes) -> None:
    p = tmp_path / "bad.bin"
    p.write_bytes(content)
    out = subprocess.run([STATWATCH, "extract", str(p)], capture_output=True, text=True,
                         timeout=60)
    assert out.returncode != 0 and out.stdout == ""
    assert len(out.stderr.strip().splitlines()) == 1 and "Traceback" not in out.stderr


def test_cli_missing_file_and_50mb_file(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    with big.open("wb") as fh:
        fh.truncate(50 * 1024 * 1024)
    for path in (big, tmp_path / "missing.txt"):
        out = subprocess.run([STATWATCH, "extract", str(path)], capture_output=True,
                             text=True, timeout=60)
        assert out.returncode != 0 and len(out.stderr.strip().splitlines()) == 1 and "Traceback" not in out.stderr


def test_cli_bad_date_is_usage_error() -> None:
    assert _run(["--doc-date", "2023-13-01", str(FIX / "ops_bulletin.txt")])[0] == 2


def test_parser_version_names_the_code_and_the_rules() -> None:
    import hashlib

    from statwatch import extract

    h = hashlib.sha256()
    for path in sorted(Path(extract.__file__).parent.glob("*.py")):
        h.update(path.name.encode())
        h.update(path.read_bytes())
    engine, _, rules = PARSER_VERSION.partition("+")
    assert engine == f"{extract.ENGINE_VERSION}.{h.hexdigest()[:8]}" and len(rules) == 8


def test_publisher_articles() -> None:
    """Every fact the sample publisher writes into its articles comes back out, and nothing contradicts it."""
    from statwatch_dev.publisher.documents import documents
    from statwatch_dev.publisher.site import article_html

    found = total = 0
    wrong = []
    for d in documents():
        _, got = extract_bytes(article_html(d).encode("utf-8"), content_type="text/html; charset=utf-8",
                               doc_date=d.day, kind=d.kind)
        keyed: dict[tuple, set[float]] = {}
        for g in got:
            keyed.setdefault((g.indicator, g.measure, g.period, g.unit), set()).add(round(g.value, 6))
        labelled = [f for f in d.facts if f["indicator"] not in ("rail.record", "rail.milestone")]
        truth: dict[tuple, set[float]] = {}
        for f in labelled:
            truth.setdefault((f["indicator"], f["measure"], f["period"], f["unit"]), set()).add(round(f["value"], 6))
        for k, values in truth.items():
            total += len(values)
            found += len(values & keyed.get(k, set()))
        wrong += [(d.path, k, v) for k, v in keyed.items() if k in truth and v - truth[k]]
    assert wrong == []
    assert found == total


PHRASINGS = [
    # (kind, doc date, text, facts expected as (indicator, measure, period, value), values that must not appear)
    ("stats", date(2023, 9, 20), "1-8月，全市地区生产总值完成1234.5亿元，同比增长5.2%，增速比全省高0.7个百分点，居全省第2位。",
     [("gdp", "level", "2023-01/2023-08", 1234.5), ("gdp", "pp_diff", "2023-01/2023-08", 0.7),
      ("gdp", "rank", "2023-01/2023-08", 2)], []),
    ("stats", date(2023, 7, 20), "上半年，全县税收收入9.1亿元，占一般公共预算收入的比重为74.0%。",
     [("tax_revenue", "share_pct", "2023-01/2023-06", 74.0)], []),
    ("stats", date(2023, 10, 20), "前三季度，全区税收收入同比增加1.2亿元，增长8.1%。",
     [("tax_revenue", "yoy_pct", "2023-01/2023-09", 8.1)], [1.2]),
    ("stats", date(2023, 4, 20), "一季度，全区地区生产总值完成489.5亿元，同比增长-2.1%，完成年度目标的26%。",
     [("gdp", "level", "2023-01/2023-03", 489.5), ("gdp", "yoy_pct", "2023-01/2023-03", -2.1)], [26]),
    ("stats", date(2023, 9, 20), "前8个月，全市规模以上工业增加值同比增长6.2%，比1-7月提高0.3个百分点。",
     [("industrial_va", "yoy_pct", "2023-01/2023-08", 6.2)], [0.3]),
    ("stats", date(2024, 1, 25), "2023年，全市GDP增速为5.5%；三次产业结构为5.1∶38.2∶56.7。",
     [("gdp", "yoy_pct", "2023", 5.5), ("primary_va", "share_pct", "2023", 5.1), ("tertiary_va", "share_pct", "2023", 56.7)], []),
    ("stats", date(2023, 7, 20), "上半年，全区实现地区生产总值412.7亿元，同比增长5.6%，两年平均增长4.8%。",
     [("gdp", "yoy_pct", "2023-01/2023-06", 5.6)], [4.8]),
    ("stats", date(2023, 7, 20), "2023年上半年全区经济运行情况\n全区规上工业增加值增长7.4%，增速比一季度加快0.3个百分点；"
     "固定资产投资增长5%。\n与一季度相比，全区社会消费品零售总额增长6.1%。",
     [("industrial_va", "yoy_pct", "2023-01/2023-06", 7.4), ("fixed_asset_investment", "yoy_pct", "2023-01/2023-06", 5)],
     [0.3, 6.1]),
    ("rail", date(2023, 5, 6), "截至目前，中欧班列累计开行两万列，其中回程班列八千列。开行十年以来，一列中欧班列早已完成集结。",
     [("rail.trains_cumulative", "level", "2023-05-06", 20000), ("rail.trains_cumulative", "level", "2023-05-06", 8000)],
     [1, 10]),
    ("stats", date(2022, 4, 25), "一季度，全区社会消费品零售总额258.9亿元，同比增长12.5%，上年同期为230.1亿元，上年同期增长3.2%。"
     "全区固定资产投资比上年同期增长8%。",
     [("retail_sales", "level", "2022-01/2022-03", 258.9), ("retail_sales", "level", "2021-01/2021-03", 230.1),
      ("retail_sales", "yoy_pct", "2021-01/2021-03", 3.2), ("fixed_asset_investment", "yoy_pct", "2022-01/2022-03", 8)],
     []),
    ("rail", date(2022, 4, 23), "4月21日，郑州局集团中欧班列开行5列，4月22日开行6列，创新高。",
     [("rail.trains", "level", "2022-04-21", 5), ("rail.trains", "level", "2022-04-22", 6)], []),
    ("rail", date(2022, 8, 23), "8月22日，记者从中豫国际港务集团获悉，今年中欧班列(中豫号)累计开行数量突破1000班，"
     "占全国中欧班列开行数量的十分之一。",
     [("rail.trains", "level", "2022-01-01/2022-08-22", 1000), ("rail.trains", "share_pct", "2022-01-01/2022-08-22", 10)],
     []),
    ("rail", date(2023, 11, 20), "据统计，今年1至10月，中欧班列累计开行15000列、发送货物160万标箱，同比分别增长8%、10%。",
     [("rail.trains", "level", "2023-01/2023-10", 15000), ("rail.teu", "level", "2023-01/2023-10", 1_600_000),
      ("rail.trains", "yoy_pct", "2023-01/2023-10", 8), ("rail.teu", "yoy_pct", "2023-01/2023-10", 10)], []),
    ("rail", date(2023, 11, 20), "截至10月底，中欧班列累计开行突破8万列。日均开行12列。",
     [("rail.trains_cumulative", "level", "2023-10-31", 80000)], [12]),
    ("rail", date(2023, 9, 20), "3月份，郑州局集团开行中欧班列286列，同比增长8.3%，发送标箱2.3万个。",
     [("rail.trains", "level", "2023-03", 286), ("rail.teu", "level", "2023-03", 23000)], []),
]


@pytest.mark.parametrize(("kind", "doc_date", "text", "expected", "absent"), PHRASINGS, ids=lambda x: str(x)[:12])
def test_phrasings(kind: str, doc_date: date, text: str, expected: list[tuple], absent: list[float]) -> None:
    facts = extract_text(text, doc_date=doc_date, kind=kind)
    got = {(f.indicator, f.measure, f.period, round(f.value, 6)) for f in facts}
    for e in expected:
        assert (*e[:3], round(float(e[3]), 6)) in got, (e, got)
    assert not [f for f in facts if f.value in absent]
