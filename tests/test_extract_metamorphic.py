"""Metamorphic tests: rewriting a labelled document in another script, with pinyin readings, with full-width digits,
with 亿元 amounts restated in 万元, with spaces around its numbers or with its lines cut at a fixed width must not change
the facts extracted from it (quotes stay exact substrings of the rewritten text). They test generality rather than phrasing; the documents are read from ../shared/labelled."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
import zhconv

from statwatch.extract import extract_text
from statwatch.extract.normalize import normalise

LABELLED = Path(__file__).resolve().parents[1].parent / "shared" / "labelled"

# readings of our own for frequent characters (simplified and traditional forms), and of a few words
_READINGS = {
    "开": "kāi", "開": "kāi", "行": "xíng", "增": "zēng", "长": "zhǎng", "長": "zhǎng", "产": "chǎn", "產": "chǎn",
    "业": "yè", "業": "yè", "区": "qū", "區": "qū", "规": "guī", "規": "guī", "计": "jì", "計": "jì", "累": "lěi",
    "发": "fā", "發": "fā", "达": "dá", "達": "dá", "运": "yùn", "運": "yùn", "个": "gè", "個": "gè", "国": "guó",
    "國": "guó", "实": "shí", "實": "shí", "现": "xiàn", "現": "xiàn", "总": "zǒng", "總": "zǒng", "额": "é",
    "額": "é", "值": "zhí", "比": "bǐ", "同": "tóng", "全": "quán", "市": "shì", "县": "xiàn", "縣": "xiàn",
    "省": "shěng", "位": "wèi", "居": "jū", "列": "liè", "班": "bān", "标": "biāo", "標": "biāo", "箱": "xiāng",
    "清": "qīng", "井": "jǐng", "收": "shōu", "入": "rù", "投": "tóu", "资": "zī", "資": "zī", "费": "fèi",
    "費": "fèi", "零": "líng", "售": "shòu", "城": "chéng", "镇": "zhèn", "鎮": "zhèn", "居民": "jū mín",
    "车": "chē", "車": "chē", "动": "dòng", "動": "dòng", "出": "chū", "完": "wán", "成": "chéng", "下": "xià",
    "降": "jiàng", "高": "gāo", "于": "yú", "於": "yú", "点": "diǎn", "點": "diǎn", "欧": "ōu", "歐": "ōu",
    "郑": "zhèng", "鄭": "zhèng", "州": "zhōu", "程": "chéng", "回": "huí", "去": "qù", "周": "zhōu", "覆": "fù",
    "盖": "gài", "蓋": "gài", "城市": "chéng shì", "的": "de", "了": "le",
}
_WORDS = {"开行": "kāi xíng", "開行": "kāi xíng", "增长": "zēng zhǎng", "增長": "zēng zhǎng", "累计": "lěi jì",
          "累計": "lěi jì", "生产": "shēng chǎn", "生產": "shēng chǎn"}
_WORD_RE = re.compile("|".join(_WORDS))
_FULL = str.maketrans("0123456789%", "０１２３４５６７８９％")
_YI = re.compile(r"(\d+(?:\.\d+)?)(\s*)(亿|億)元")


def to_traditional(text: str) -> str:
    return zhconv.convert(text, "zh-hant")


def with_pinyin(text: str) -> str:
    """Readings after words (开行(kāi xíng)) and after every third character that has one (規(guī))."""
    text = _WORD_RE.sub(lambda m: f"{m.group(0)}({_WORDS[m.group(0)]})" if text[m.end():m.end() + 1] != "(" else m.group(0),
                        text)
    out, k = [], 0
    for i, ch in enumerate(text):
        out.append(ch)
        if ch in _READINGS and text[i + 1:i + 2] != "(":
            k += 1
            if k % 3 == 0:
                out.append(f"({_READINGS[ch]})")
    return "".join(out)


def full_width(text: str) -> str:
    """Digits, decimal points inside numbers and % written full-width."""
    text = re.sub(r"(?<=\d)\.(?=\d)", "．", text)
    return text.translate(_FULL)


def in_wan_yuan(text: str) -> str:
    """489.5亿元 → 4895000万元."""
    def restate(m: re.Match[str]) -> str:
        wan = (Decimal(m.group(1)) * 10000).normalize()
        return f"{wan:f}{m.group(2)}{'萬' if m.group(3) == '億' else '万'}元"
    return _YI.sub(restate, text)


_NUMBER_AMID_CHINESE = re.compile(r"(?<=[\u4e00-\u9fff])(\d[\d.,]*)(?=[\u4e00-\u9fff%])")


def spaced(text: str) -> str:
    """A space on both sides of every number written against Chinese (增长 5.2 %, 2022 年 4 月), as some CMSs set it."""
    return _NUMBER_AMID_CHINESE.sub(r" \1 ", text)


def latin_stops(text: str) -> str:
    """Every full stop typed as a Latin point (增长5.1%. 今年…), as pages typed with a Latin keyboard layout have it."""
    return text.replace("。", ".")


def page_record(text: str) -> str:
    """The page's record of itself under the title and at the foot (when it went up, where from, how often read)."""
    title, _, body = text.partition("\n")
    return (f"{title}\n2020年1月1日 10:05 来源：本站 作者：王某 阅读：356次\n当前位置：首页 > 新闻\n2020-01-01\n{body}"
            "\n发布时间：2020-01-01 10:05:12 浏览次数：1,236 字号：大 中 小\n")


_MONTH_DAY = re.compile(r"(\d{1,2})(\s*)(月)(\d{1,2})日")


def spoken_days(text: str) -> str:
    """4月22日 → 4月22号, as spoken and as many news pages write it."""
    return _MONTH_DAY.sub(r"\1\2\3\4号", text)


def written_out_comparison(text: str) -> str:
    """同比增长 → 与上年同期相比增长: the comparison year on year written out."""
    return re.sub("同比(增长|下降|增長|下降)", r"与上年同期相比\1", text)


def wrapped(text: str, width: int = 28) -> str:
    """Every line cut every `width` characters, with Windows line ends (a PDF's or a fixed-width mirror's lines);
    table rows (cells between bars) are left whole."""
    return "\r\n".join(part for line in text.split("\n") for part in (
        [line] if "|" in line or len(line) <= width else [line[i:i + width] for i in range(0, len(line), width)]))


TRANSFORMS: dict[str, Callable[[str], str]] = {"traditional": to_traditional, "pinyin": with_pinyin,
                                               "full_width": full_width, "wan_yuan": in_wan_yuan, "spaced": spaced,
                                               "latin_stops": latin_stops, "page_record": page_record,
                                               "spoken_days": spoken_days, "written_out_comparison": written_out_comparison,
                                               "wrapped": wrapped}


def _docs() -> list[dict]:
    if not LABELLED.is_dir():
        return []
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(LABELLED.glob("*/*.json"))]


def _facts(doc: dict, text: str) -> list:
    return extract_text(text, doc_date=date.fromisoformat(doc["doc_date"]), kind=doc.get("kind", "auto"),
                        doc=doc["id"])


def _keyed(facts: list) -> dict[tuple, list[float]]:
    out: dict[tuple, list[float]] = {}
    for f in facts:
        key = (f.indicator, f.measure, f.period, f.unit, f.qualifier, normalise(f.region), normalise(f.comparator))
        out.setdefault(key, []).append(f.value)
    return {k: sorted(v) for k, v in out.items()}


def _same(a: list[float], b: list[float]) -> bool:
    return len(a) == len(b) and all(abs(x - y) <= 1e-6 * max(1.0, abs(x)) for x, y in zip(a, b, strict=True))


@pytest.mark.skipif(not LABELLED.is_dir(), reason="../shared/labelled is not present")
@pytest.mark.parametrize("name", list(TRANSFORMS))
@pytest.mark.parametrize("doc", _docs(), ids=lambda d: d["id"])
def test_rewritten_document_gives_the_same_facts(doc: dict, name: str) -> None:
    text = TRANSFORMS[name](doc["text"])
    assert text != doc["text"] or name != "pinyin", "the transform changed nothing"
    want = _keyed(_facts(doc, doc["text"]))
    got_facts = _facts(doc, text)
    for f in got_facts:
        assert text[f.start:f.end] == f.quote, f
    got = _keyed(got_facts)
    missing = sorted(k for k in want if k not in got or not _same(want[k], got[k]))
    extra = sorted(k for k in got if k not in want)
    assert not missing and not extra, f"{name}: lost {missing[:3]} gained {extra[:3]}"


def test_transforms_do_what_they_say() -> None:
    text = "1-6月，全区一般公共预算收入31.6亿元，增长17.2%，累计开行1,200列。"
    assert in_wan_yuan(text).count("316000万元") == 1
    assert "１７．２％" in full_width(text)
    assert "(kāi xíng)" in with_pinyin(text) and normalise(with_pinyin(text)) == normalise(text)
    assert to_traditional("规模以上工业增加值增长") == "規模以上工業增加值增長"
    assert spaced(text) == "1-6月，全区一般公共预算收入 31.6 亿元，增长 17.2 %，累计开行 1,200 列。"
    assert latin_stops(text).endswith("1,200列.") and "31.6亿元" in latin_stops(text)
    assert spoken_days("截至4月22日，") == "截至4月22号，"
    assert written_out_comparison("同比增长5%，同比下降2%") == "与上年同期相比增长5%，与上年同期相比下降2%"
    assert wrapped("一、综合\n甲 | 1 |\n" + "增长" * 20, 16).split("\r\n") == ["一、综合", "甲 | 1 |", "增长" * 8, "增长" * 8,
                                                                             "增长" * 4]
