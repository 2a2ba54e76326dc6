"""The lookaheads that let a pattern skip where no match can start are only that: the guarded patterns find what
the unguarded ones find, in random text made of the characters the grammar reads and in the labelled documents."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from statwatch import settings as statwatch_settings
from statwatch.extract import dates, document, engine, normalize, sentence, timing
from statwatch.extract import rules as rules_module
from statwatch.extract.lexicon import _alt, _any_of, _number_pattern, _region_guard, lexicon, scan_near
from statwatch.extract.normalize import Normalised
from statwatch.extract.rules import Rules, first_chars, load_rules

LABELLED = Path(__file__).resolve().parents[2] / "shared" / "labelled"
PIECES = [*"0123456789一二三四五六七八九十两几百千万今去上下本当明元前第首全以从自昨年过月日季度份半底末内来起至到天目旬初后截止",
          *"期比较由同个时点天,。;:、.:/-~() \n区县市省州镇乡街道中原金水郑州新河南自治族", "以来", "年内", "过去一年", "2020年",
          "19", "20", "月份", "季度", "分之", "成", "回", "列", "余", "1,234", "电", "讯", "说", "表示", "金水区", "郑东新区", "全区", "河南省", "全市",
          "和平区", "东城区", "城区", "市中区", "日照市", "GDP", "X9", "亿元", "13万5400吨", "%", "个百分点",
          "[1]", "[12]", "[", "]", " - ", "\t", "!", "?"]
TEXT = st.lists(st.sampled_from(PIECES), max_size=24).map("".join)


def _labelled() -> list[str]:
    return [Normalised(json.loads(p.read_text(encoding="utf-8"))["text"]).text for p in sorted(LABELLED.glob("*/*.json"))]


def _same(guarded: re.Pattern[str], plain: re.Pattern[str], text: str) -> None:
    def found(rx: re.Pattern[str]) -> list[tuple[tuple[int, int], tuple[str | None, ...]]]:
        return [(m.span(), m.groups()) for m in rx.finditer(text) if m.end() > m.start()]

    assert found(guarded) == found(plain), text


def _pairs() -> list[tuple[re.Pattern[str], re.Pattern[str]]]:
    rules = load_rules()
    lex, v = lexicon(rules), rules.vocab
    period = dates.PERIOD_RE.pattern
    region = _region_guard(v.region_words + v.place_names, v.region_suffixes, v.zone_suffixes)
    named = _region_guard(v.region_words + v.region_names + v.place_names, v.region_suffixes + v.region_suffixes_releases,
                          v.zone_suffixes)
    day = r"(?=\d{1,4}[年月])"
    cover = (v.filler + v.growth_up + v.growth_down + v.growth_fill + v.pp_up + v.pp_down + v.pp_better + v.pp_worse
             + v.decline_words + v.rank_verbs + v.comparators + v.target_cues + v.release_goals + v.progress
             + list(v.qualifiers_before) + v.share_cues)
    assert period.startswith(dates.PERIOD_FIRST + dates.PERIOD_START) and lex.region.pattern.startswith(region) \
        and lex.region_named.pattern.startswith(named) and document._FIRST_DAY.pattern.startswith(day)
    return [
        (dates.PERIOD_RE, re.compile(dates.PERIOD_FIRST + period.removeprefix(dates.PERIOD_FIRST + dates.PERIOD_START))),
        (sentence._CLAUSE, re.compile(sentence.CLAUSE_PLAIN)),
        (engine._WORTH, re.compile(engine.WORTH_PLAIN)),
        (engine._SENT_END, re.compile(engine.SENT_END_PLAIN)),
        (lex.region, re.compile(lex.region.pattern.removeprefix(region))),
        (lex.region_named, re.compile(lex.region_named.pattern.removeprefix(named))),
        (document._FIRST_DAY, re.compile(document._FIRST_DAY.pattern.removeprefix(day))),
        (lex.dateline, re.compile(lex.dateline.pattern.replace(day, "", 1))),
        (lex.statement, re.compile(lex.statement.pattern.replace(r"(?=\d{1,4}[年月日])", r"(?=\d)", 1))),
        (lex.number, _number_pattern(rules, plain=True)),
        (lex.filler, re.compile(first_chars(cover, v.filler_patterns) + "(?:" + "|".join([*v.filler_patterns, _alt(cover)])
                                + ")")),
    ]


PAIRS = _pairs()


@settings(max_examples=400)
@given(TEXT)
def test_guards_find_what_the_plain_patterns_find(text: str) -> None:
    for guarded, plain in PAIRS:
        _same(guarded, plain, text)


@pytest.mark.skipif(not LABELLED.is_dir(), reason="../shared/labelled is not present (a user's clone)")
def test_guards_on_the_labelled_documents() -> None:
    texts = _labelled()
    assert texts
    for text in texts:
        for guarded, plain in PAIRS:
            _same(guarded, plain, text)


RANK_TEXT = st.lists(st.sampled_from(PIECES + ["排名", "首位", "位居", "居", "名", "位", "全省", "全国", "县市", "个县区",
                                              "地区生产总值", "规上工业增加值", "16", "前列", "2024年", "5月28日", "电", "说",
                                              "表示", "新华社北京"]), max_size=30).map("".join)


def _near_scans() -> list[tuple[re.Pattern[str], Callable[[str, int], Iterator[re.Match[str]]]]]:
    """Each pattern scanned from near its anchors, and the scan (text, endpos → matches) the code uses for it."""
    lex = lexicon(load_rules())
    return [(lex.rank, lex.ranks),
            (document._FIRST_DAY,
             lambda t, end: scan_near(document._FIRST_DAY, t, (("月", 0),), document._FIRST_DAY_REACH, end)),
            (lex.statement, lambda t, end: scan_near(lex.statement, t, (("日", 0),), lex.day_reach, end)),
            (lex.dateline, lambda t, end: scan_near(lex.dateline, t, (("日", 0),), lex.day_reach, end))]


NEAR_SCANS = _near_scans()


def _same_near(text: str, endpos: int) -> None:
    for rx, scan in NEAR_SCANS:
        assert [(m.span(), m.groups()) for m in scan(text, endpos)] \
            == [(m.span(), m.groups()) for m in rx.finditer(text, 0, endpos)], (rx.pattern[:20], text, endpos)


@settings(max_examples=400)
@given(RANK_TEXT, st.integers(0, 40))
def test_scans_from_near_each_anchor_find_what_one_scan_finds(text: str, cut: int) -> None:
    for endpos in (len(text), cut):
        _same_near(text, endpos)


@pytest.mark.skipif(not LABELLED.is_dir(), reason="../shared/labelled is not present (a user's clone)")
def test_scans_from_near_each_anchor_on_the_labelled_documents() -> None:
    for text in _labelled():
        _same_near(text, len(text))
        _same_near(text, 400)


WORD_LISTS = [[], [""], ["以来"], ["累计", "累", "以来", "开行以来"], ["月", "日", "年内", "过去一年"]]


@settings(max_examples=200)
@given(TEXT)
def test_one_scan_for_a_word_list_says_what_any_word_in_says(text: str) -> None:
    for words in WORD_LISTS:
        assert (_any_of(words).search(text) is not None) == any(w in text for w in words), (words, text)


def _subject_pair() -> tuple[Rules, Rules]:
    """The rules' subject pattern (one branch per first character) and the alternation of groups it replaces."""
    paths = (rules_module._real(statwatch_settings.warehouse_dir() / "indicators.yaml"),
             rules_module._real(statwatch_settings.warehouse_dir() / "extract_rules.yaml"))
    fast = rules_module._compile(*paths)
    original = rules_module._literal_first
    rules_module._literal_first = lambda pattern: False  # every pattern "needs" the plain form
    try:
        plain = rules_module._compile.__wrapped__(*paths)
    finally:
        rules_module._literal_first = original
    assert fast.subject_re.pattern != plain.subject_re.pattern
    return fast, plain


SUBJECTS = _subject_pair()
SUBJECT_WORDS = sorted({k.lstrip("?^") for k in SUBJECTS[0].subject_codes if not re.fullmatch(r"p\d+", k)})
SUBJECT_TEXT = st.lists(st.sampled_from(SUBJECT_WORDS + [w[:2] for w in SUBJECT_WORDS] + PIECES
                                        + ["规上", "规模以上", "工业", "企业", "增长", "累计", "签约", "服务", "实现", "完成"]),
                        max_size=12).map("".join)


def _subjects(r: Rules, text: str, full: bool = False) -> list[tuple[tuple[int, int], str]]:
    found = [r.subject_re.fullmatch(text)] if full else list(r.subject_re.finditer(text))
    return [(m.span(), r.subject_groups[m.lastgroup or ""]) for m in found if m is not None]


@settings(max_examples=400)
@given(SUBJECT_TEXT)
def test_subject_branches_by_first_character_find_what_the_groups_find(text: str) -> None:
    fast, plain = SUBJECTS
    assert _subjects(fast, text) == _subjects(plain, text), text
    assert _subjects(fast, text, full=True) == _subjects(plain, text, full=True), text


@pytest.mark.skipif(not LABELLED.is_dir(), reason="../shared/labelled is not present (a user's clone)")
def test_subject_branches_on_the_labelled_documents() -> None:
    fast, plain = SUBJECTS
    for text in _labelled():
        assert _subjects(fast, text) == _subjects(plain, text)


def _sentence_periods(text: str) -> None:
    """A sentence's period spans read off the document's scan are those a scan of the sentence alone finds."""
    spans = [m.span() for m in dates.PERIOD_RE.finditer(text) if m.end() > m.start()]
    doc = SimpleNamespace(text=text, period_spans=spans, period_ends=[b for _, b in spans])
    bounds = [0, *(x for m in engine._SENT_END.finditer(text) for x in (m.start(), m.end())), len(text)]
    for s, e in zip(bounds[::2], bounds[1::2], strict=True):
        raw = text[s:e]
        sent = SimpleNamespace(doc=doc, s=s, e=e, raw=raw, masked=raw)
        alone = [m.span() for m in dates.PERIOD_RE.finditer(raw) if m.end() > m.start()]
        assert sentence.Sentence._period_spans(sent) == alone, (text, raw)  # type: ignore[arg-type]


@settings(max_examples=400)
@given(TEXT)
def test_sentence_periods_from_the_document_scan(text: str) -> None:
    _sentence_periods(text)


@pytest.mark.skipif(not LABELLED.is_dir(), reason="../shared/labelled is not present (a user's clone)")
def test_sentence_periods_from_the_document_scan_on_the_labelled_documents() -> None:
    for text in _labelled():
        _sentence_periods(text)


# normalisation's patterns and the page's stamp read their first character first; the forms that open with lookarounds,
# which they replace
NORMALISING = [
    (document._STAMP, re.compile(document.STAMP_PLAIN)),
    (normalize._DROP, re.compile(normalize.DROP_PLAIN)),
    (normalize._FULL_STOP, re.compile("(?<=[\u4e00-\u9fff%)”\",])\\.(?![A-Za-z])")),
    (normalize._DAY_HAO, re.compile("(?<=月[0-9])号|(?<=月[0-9][0-9])号|(?<=月[一二三四五六七八九十])号"
                                    "|(?<=月[一二三十][十一二三四五六七八九])号|(?<=月[二三]十[一二三四五六七八九])号")),
]
RAW_TEXT = st.lists(st.sampled_from([*"(（)）,， \t\u3000\xa0→■中国台辆人部车套次月号1２3.%％、。;:!?一二三十”\"aZ",
                                     "(zhǎng)", "(de)", "（lǜ）", " 5.2 亿", "增长 5.2 %", "4月22号", "十月一号", "元.",
                                     "最后更新", "最近", "发布于", "时间", "2025-07-03", "2025年07月03日", "10:05", "编辑"]),
                    max_size=16).map("".join)


@settings(max_examples=400)
@given(RAW_TEXT)
def test_normalising_patterns_find_what_their_plain_forms_find(text: str) -> None:
    for fast, plain in NORMALISING:
        _same(fast, plain, text)


@pytest.mark.skipif(not LABELLED.is_dir(), reason="../shared/labelled is not present (a user's clone)")
def test_normalising_patterns_on_the_labelled_documents() -> None:
    for p in sorted(LABELLED.glob("*/*.json")):
        text = json.loads(p.read_text(encoding="utf-8"))["text"]
        for fast, plain in NORMALISING:
            _same(fast, plain, text)
            _same(fast, plain, normalize._translate(text))


@settings(max_examples=400)
@given(TEXT, st.integers(0, 30), st.integers(0, 30))
def test_one_scan_for_the_last_stop_finds_what_an_rfind_per_character_finds(text: str, lo: int, hi: int) -> None:
    stop = timing._LAST_STOP.search(text, lo, hi)
    assert (stop.end() if stop else 0) == max(text.rfind(c, lo, hi) for c in ",;。:") + 1, (text, lo, hi)


ENTITY_TEXT = st.lists(st.sampled_from(PIECES + ["中欧班列", "班列", "郑欧", "河南", "乌鲁木齐", "“长安号”", "长安号", "号", "中亚",
                                                 "中国铁路", "郑州局集团", "局集团", "港务集团", "连云港", "(郑州)", "开行"]),
                       max_size=40).map("".join)


@settings(max_examples=400)
@given(ENTITY_TEXT, st.integers(0, 10))
def test_alternation_scanned_part_by_part_finds_what_the_joined_pattern_finds(text: str, pos: int) -> None:
    entity = lexicon(load_rules()).entity
    for endpos in (len(text), len(text) - 3):
        assert [(m.span(), m.group(0)) for m in entity.finditer(text, pos, endpos)] \
            == [(m.span(), m.group(0)) for m in entity.whole.finditer(text, pos, endpos)], (text, pos, endpos)


@pytest.mark.skipif(not LABELLED.is_dir(), reason="../shared/labelled is not present (a user's clone)")
def test_alternation_on_the_labelled_documents() -> None:
    entity = lexicon(load_rules()).entity
    for text in _labelled():
        assert [m.span() for m in entity.finditer(text)] == [m.span() for m in entity.whole.finditer(text)]
