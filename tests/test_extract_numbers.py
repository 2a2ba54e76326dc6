"""Number parsing: Chinese and Arabic numerals round-trip, unit conversions, qualifier words (property-based)."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from statwatch.extract import extract_text
from statwatch.extract.lexicon import lexicon
from statwatch.extract.numbers import (
    convert,
    normalise_value,
    parse_chinese_int,
    parse_number,
    to_chinese_int,
)
from statwatch.extract.rules import load_rules

FULLWIDTH = str.maketrans("0123456789.,", "０１２３４５６７８９．，")


@given(st.integers(min_value=0, max_value=10**12 - 1))
def test_chinese_numerals_round_trip(n: int) -> None:
    assert parse_chinese_int(to_chinese_int(n)) == n


@given(st.integers(min_value=0, max_value=10**12 - 1))
def test_arabic_with_separators_and_full_width_digits(n: int) -> None:
    grouped = f"{n:,}"
    assert parse_number(grouped) == n
    assert parse_number(grouped.translate(FULLWIDTH)) == n
    assert parse_number(str(n).translate(FULLWIDTH)) == n


@given(st.integers(min_value=1, max_value=99_999), st.integers(min_value=0, max_value=99))
def test_decimal_and_wan_multiplier(whole: int, cents: int) -> None:
    written = f"{whole}.{cents:02d}"
    assert parse_number(written + "万") == float(written) * 10_000


def test_common_chinese_numerals() -> None:
    for written, value in [("三", 3), ("两", 2), ("十", 10), ("十二", 12), ("二十", 20), ("一百零五", 105),
                           ("一万八千", 18000), ("两千三百", 2300), ("一亿零五", 100_000_005)]:
        assert parse_chinese_int(written) == value


@given(st.integers(min_value=1, max_value=10**9))
def test_wan_yuan_becomes_yi_yuan(n: int) -> None:
    value, unit = normalise_value(float(n), "万", "元")
    assert unit == "亿元"
    assert abs(value - n / 10_000) <= 1e-9 * max(1.0, n / 10_000)


@given(st.integers(min_value=1, max_value=10**6))
def test_wan_counts_are_expanded_and_wan_tonnes_kept(n: int) -> None:
    assert normalise_value(float(n), "万", "标箱") == (n * 10_000, "标箱")
    assert normalise_value(float(n), "万", "列") == (n * 10_000, "列")
    assert normalise_value(float(n), "万", "吨") == (n, "万吨")
    assert normalise_value(float(n), "亿", "") == (n, "亿元")


QUALIFIED = [("突破{n}列", "over"), ("超{n}列", "over"), ("{n}列以上", "over"), ("{n}多列", "over"), ("{n}余列", "over"),
             ("逾{n}列", "over"), ("约{n}列", "about"), ("近{n}列", "about"), ("{n}列左右", "about"), ("不足{n}列", "under")]


@given(st.integers(min_value=10, max_value=99_999), st.sampled_from(QUALIFIED))
def test_qualifier_words(n: int, case: tuple[str, str]) -> None:
    phrase, qualifier = case
    text = f"截至目前，中欧班列(郑州)累计开行{phrase.format(n=n)}。"
    facts = [f for f in extract_text(text, doc_date=date(2023, 5, 6), kind="rail") if f.indicator == "rail.trains_cumulative"]
    assert [(f.value, f.qualifier, f.period) for f in facts] == [(n, qualifier, "2023-05-06")]


@given(st.integers(min_value=1, max_value=8))
def test_range_is_lower_bound_over(low: int) -> None:
    text = f"今年以来，义乌中欧班列运量迅速提升，每周发送达到{low}至{low + 1}列。"
    facts = extract_text(text, doc_date=date(2018, 12, 13), kind="rail")
    weekly = [f for f in facts if f.indicator == "rail.weekly_outbound"]
    assert [(f.value, f.qualifier, f.extra.get("upper")) for f in weekly] == [(low, "over", low + 1)]


@given(st.integers(min_value=10_000, max_value=99_999_999))
def test_wan_yuan_amount_in_a_release(n: int) -> None:
    text = f"1-7月，全区完成社会消费品零售总额{n}万元，同比增长4.9%。"
    facts = {(f.indicator, f.measure): f for f in extract_text(text, doc_date=date(2022, 8, 20), kind="stats")}
    level = facts[("retail_sales", "level")]
    assert (level.unit, level.period) == ("亿元", "2022-01/2022-07")
    assert abs(level.value - n / 10_000) < 1e-6
    assert facts[("retail_sales", "yoy_pct")].value == 4.9


def test_rules_are_data() -> None:
    rules = load_rules()
    assert {"gdp", "retail_sales", "rail.trains", "ops.wells_cleared"} <= set(rules.indicators)
    assert rules.indicators["rail.trains_cumulative"].timing == "asof"


def test_a_new_indicator_is_data_only(tmp_path) -> None:
    """A data engineer adds an indicator (and a phrasing) in YAML; the engine is not touched."""
    from pathlib import Path

    import yaml

    from statwatch.extract.engine import Extractor

    warehouse = Path(__file__).resolve().parents[1] / "warehouse"
    cat = yaml.safe_load((warehouse / "indicators.yaml").read_text(encoding="utf-8"))
    cat["indicators"].append({"code": "foreign_investment", "name_zh": "实际利用外资", "names": ["实际利用外资", "實際利用外資"],
                              "kinds": ["stats"], "unit": "亿美元", "timing": "flow"})
    path = tmp_path / "indicators.yaml"
    path.write_text(yaml.safe_dump(cat, allow_unicode=True), encoding="utf-8")
    rules = load_rules(str(path), str(warehouse / "extract_rules.yaml"))
    text = "上半年，全区實際利用外資2.35億美元，同比增長12.4%。"
    facts = Extractor(text, doc_date=date(2023, 7, 20), kind="stats", doc="", rules=rules).run()
    assert [(f.indicator, f.measure, f.value, f.unit) for f in facts] == [
        ("foreign_investment", "level", 2.35, "亿美元"), ("foreign_investment", "yoy_pct", 12.4, "%")]
    assert extract_text(text, doc_date=date(2023, 7, 20), kind="stats") == []


@given(st.integers(min_value=1, max_value=99_999))
def test_chinese_numeral_counts_in_text(n: int) -> None:
    text = f"截至目前，中欧班列(郑州)累计开行{to_chinese_int(n)}列。"
    facts = extract_text(text, doc_date=date(2023, 5, 6), kind="rail")
    assert [(f.indicator, f.value) for f in facts if f.indicator == "rail.trains_cumulative"] == [
        ("rail.trains_cumulative", n)]


def test_spoken_chinese_numerals() -> None:
    """一万八 is 18000 (a bare digit after 万/千/百 counts one place lower), 两万 20000; 一万零八 stays 10008."""
    for written, value in [("一万八", 18000), ("两万", 20000), ("三千五", 3500), ("一百二", 120), ("百", 100),
                           ("两千", 2000), ("一万零八", 10008), ("十二万五", 125000), ("一亿二", 120_000_000)]:
        assert parse_chinese_int(written) == value, written


@given(st.integers(min_value=1, max_value=9), st.sampled_from([("万", 1000), ("千", 100), ("百", 10)]))
def test_spoken_numerals_in_counts(d: int, place: tuple[str, int]) -> None:
    unit, lower = place
    text = f"截至目前，中欧班列累计开行一{unit}{to_chinese_int(d)}列。"
    facts = [f for f in extract_text(text, doc_date=date(2023, 5, 6), kind="rail") if f.indicator == "rail.trains_cumulative"]
    assert [f.value for f in facts] == [lower * 10 + d * lower]


def test_units_table_is_the_one_table() -> None:
    """Every unit the number grammar reads comes from extract_rules.yaml's units, with its scale."""
    units = load_rules().vocab.units
    assert units["万元"].unit == "亿元" and units["万元"].scale == 0.0001
    assert normalise_value(316580.0, "", "万元") == (31.658, "亿元")
    assert normalise_value(8.1, "万", "名") == (81000, "人次")
    assert normalise_value(190.3, "万", "标箱") == (1903000, "标箱")


def test_rules_file_is_validated(tmp_path) -> None:
    """extract_rules.yaml has a schema: an unknown or a mistyped key is an error naming the file and the key."""
    from pathlib import Path

    import pytest
    import yaml

    from statwatch.errors import ConfigError

    warehouse = Path(__file__).resolve().parents[1] / "warehouse"
    good = yaml.safe_load((warehouse / "extract_rules.yaml").read_text(encoding="utf-8"))
    for change, key in [({"growth_upp": ["增长"]}, "growth_upp"), ({"units": {"万元": {"unit": "亿元"}}}, "units.万元.family"),
                        ({"qualifiers_before": {"突破": "above"}}, "qualifiers_before.突破")]:
        path = tmp_path / "extract_rules.yaml"
        path.write_text(yaml.safe_dump({**good, **change}, allow_unicode=True), encoding="utf-8")
        with pytest.raises(ConfigError) as err:
            load_rules(str(warehouse / "indicators.yaml"), str(path))
        assert str(path) in str(err.value) and key in str(err.value)


def test_units_turned_into_the_indicators_unit_and_vague_numerals() -> None:
    """2万吨 of sludge is 20000 吨 (the indicator's unit), 500平方米 of housing 0.05 万平方米; 七八名 is a vague few, not 78."""
    assert convert(2.0, "万吨", "吨", load_rules().vocab.conversions) == (20000, "吨")
    assert convert(500.0, "平方米", "万平方米", load_rules().vocab.conversions) == (0.05, "万平方米")
    assert convert(3.0, "个", "吨", load_rules().vocab.conversions) == (3.0, "个")
    facts = extract_text("昨天，七八名环卫工人清扫路面，全区共出动人员260人次。", doc_date=date(2024, 7, 2), kind="ops")
    assert [f.value for f in facts] == [260]


def test_matchers_keep_their_first_character_lookahead() -> None:
    """The subject and filler matchers are long alternations; a pattern that does not start with a plain character
    (a group, a class) drops the lookahead that lets re skip most positions, and extraction slows several times. The
    subject matcher goes further, one branch per first character (re skips to those characters itself); a pattern
    without a plain first character would send it back to the lookahead."""
    rules = load_rules()
    assert "names0" in rules.subject_groups and not rules.subject_re.pattern.startswith("(?")
    assert not lexicon(rules).filler.pattern.startswith("(?")  # (one branch per first character, as the subjects)
    assert lexicon(rules).holiday.pattern.startswith("(?=[")
