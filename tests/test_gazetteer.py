"""warehouse/places.txt and the script that regenerates it (statwatch_dev/gazetteer.py)."""

from __future__ import annotations

from statwatch.extract.rules import load_places, load_rules
from statwatch_dev.gazetteer import STOP, short_names

DIVISIONS = """adcode,name,longitude,latitude
350000000000,福建省,0,0
350100000000,福州市,0,0
350181000000,福清市,0,0
350102000000,鼓楼区,0,0
522300000000,黔西南布依族苗族自治州,0,0
652826000000,焉耆回族自治县,0,0
350128000000,平潭县,0,0
130925000000,盐山县,0,0
330402000000,南湖区,0,0
341126000000,凤阳县,0,0
500233000000,忠县,0,0
"""
NATIONS = "汉族\n回族\n布依族\n苗族\n"
WORDS = "鼓楼 141 n\n盐山 80 ns\n福清 30 ns\n凤阳 208 ns\n"


def test_short_names_drop_suffixes_peoples_provinces_and_common_words() -> None:
    names = short_names(DIVISIONS, NATIONS, WORDS)
    # 福建省 is a province (region_names), 忠县 leaves one character, 南湖 is in the stop list
    assert names == ["凤阳", "平潭", "焉耆", "盐山", "福州", "福清", "黔西南", "鼓楼"]


def test_short_names_drop_a_county_level_name_jieba_counts_as_an_ordinary_word() -> None:
    names = short_names(DIVISIONS, NATIONS, WORDS.replace("鼓楼 141 n", "鼓楼 941 n"))
    assert "鼓楼" not in names and "福州" in names


def test_the_committed_list_loads_with_the_rules_and_holds_no_stop_word() -> None:
    rules = load_rules()
    assert {"郑州", "济源", "拱墅", "义乌", "昆山"} <= set(rules.places)
    assert not STOP & set(rules.places)
    assert all(len(w) >= 2 for w in rules.places)


def test_no_places_file_means_no_places(tmp_path) -> None:
    assert load_places(tmp_path / "places.txt") == ()
