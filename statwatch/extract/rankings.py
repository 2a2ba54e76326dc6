"""Ranking tables (考核 such as 四挂钩): a header of categories × (score, rank) over rows of ranked units.

Read as header × cell: merged header cells arrive expanded (decode.py writes a cell spanning columns once per column
and one spanning rows in every row it covers), so each column's meaning is its header cells read top to bottom: a
category of the catalogue (发展质效, 综合 …) and a measure (得分 → the score in 分, 排名 → the rank). The ranked
population (17个街道, 市内六区, 全市) comes from the table's caption, the period from the page's title. A "change"
column (较上期, 升降) is not a fact. A row whose rank cell is empty still yields its scores, so that validation
sees a population with a rank missing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from statwatch.extract.dates import Period
from statwatch.extract.document import DocumentContext
from statwatch.extract.facts import Draft, FactSink
from statwatch.extract.numbers import parse_chinese_int

_RANK_HEAD = re.compile(r"(?:综合|总|总体|考核)?(?:排名|名次|位次|排序)")
_SCORE_HEAD = re.compile(r"(?:综合|总|考核)?(?:得分|分值|分数|总分|评分)(?:\(分\))?")
_CHANGE_HEAD = re.compile(r"较上|变化|升降|进退|变动|增减|上升|下降")
_SCORE = re.compile(r"[+-]?\d+(?:\.\d+)?")
_RANK = re.compile(r"第?\s*(\d{1,4})\s*(?:名|位)?")
_CN = "一二两三四五六七八九十"
# the ranked population as a caption writes it: 17个街道, 4个园区, 市内六区, 全市县(市)区和开发区 → 全市
_POPULATION = re.compile(
    rf"市内[{_CN}\d]+区|[{_CN}\d]+个(?:街道|园区|乡镇|县\(市\)区|县区|区县|开发区|功能区|单位|区)|全市|全省|全区")
_TITLE_PERIOD = re.compile(r"(?P<y>(?:19|20)\d{2})\s*年\s*(?:(?:第\s*)?(?P<q>[一二三四1-4])\s*季度|(?P<h>上|下)半年|(?P<a>度|全年))?")
_LOOKBACK = 4  # lines above a header where its caption may stand


@dataclass(frozen=True)
class _Cell:
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class _Col:
    kind: str  # label / score / rank / skip
    code: str = ""


def _rows(text: str) -> list[tuple[int, int, list[_Cell] | None]]:
    """Each line as (start, end, cells), cells None for a line that is not a table row (a | b)."""
    out: list[tuple[int, int, list[_Cell] | None]] = []
    pos = 0
    for line in text.split("\n"):
        start, pos = pos, pos + len(line) + 1
        if " | " not in line and not line.rstrip().endswith(" |"):
            out.append((start, start + len(line), None))
            continue
        cells: list[_Cell] = []
        at = 0
        for part in line.split("|"):
            stripped = part.strip()
            a = start + at + (len(part) - len(part.lstrip()))
            cells.append(_Cell(stripped, a, a + len(stripped)))
            at += len(part) + 1
        out.append((start, start + len(line), cells))
    return out


def _categories(doc: DocumentContext) -> list[tuple[str, str]]:
    """(heading, code) of the catalogue's ranking-table headings, longest first."""
    pairs = [(h, code) for code, ind in doc.rules.indicators.items() for h in ind.headings]
    return sorted(pairs, key=lambda p: -len(p[0]))


def _columns(upper: list[_Cell] | None, lower: list[_Cell], cats: list[tuple[str, str]]) -> list[_Col] | None:
    cols: list[_Col] = []
    label = False
    for j, cell in enumerate(lower):
        heads = [upper[j].text, cell.text] if upper else [cell.text]
        joined = "".join(dict.fromkeys(heads))
        code = next((c for name, c in cats if any(h.startswith(name) for h in heads)), "")
        if _CHANGE_HEAD.search(joined):
            cols.append(_Col("skip"))
        elif _RANK_HEAD.fullmatch(cell.text) or (_RANK_HEAD.search(cell.text) and code):
            cols.append(_Col("rank", code or "assessment.overall"))
        elif _SCORE_HEAD.fullmatch(cell.text) or (code and not _RANK_HEAD.search(joined)):
            cols.append(_Col("score", code or "assessment.overall"))
        elif not label and cell.text and not _SCORE.fullmatch(cell.text):
            cols.append(_Col("label"))
            label = True
        else:
            cols.append(_Col("skip"))
    if not label or not any(c.kind == "rank" for c in cols):
        return None
    return cols


def _population(doc: DocumentContext, lines: list[tuple[int, int, list[_Cell] | None]], i: int) -> str:
    """The population the caption above header line `i` names (the nearest line first)."""
    for start, end, cells in reversed(lines[max(0, i - _LOOKBACK):i]):
        if cells is not None and len(cells) > 1:
            continue
        found = list(_POPULATION.finditer(doc.text, start, end))
        if found:
            m = found[-1]
            return doc.orig_span(m.start(), m.end())
    return ""


def _period(doc: DocumentContext, before: int) -> Period | None:
    """The period of the ranking: the one the caption or the page's title names (2022年一季度, 2021年度)."""
    found = [m for m in _TITLE_PERIOD.finditer(doc.text, 0, before) if m.group("q") or m.group("h") or m.group("a")]
    head = found[-1] if found else None
    if head is None:
        return None
    year = int(head.group("y"))
    if head.group("a"):
        return Period("year", year)
    if head.group("h"):
        return Period("months", year, 1, 6) if head.group("h") == "上" else Period("months", year, 7, 12)
    q = head.group("q")
    n = int(q) if q.isdigit() else parse_chinese_int(q)
    return Period("months", year, 3 * n - 2, 3 * n) if 1 <= n <= 4 else None


_COUNT = re.compile(r"(\d+|[零〇一二两三四五六七八九十百]+)")


def population_size(comparator: str) -> int | None:
    """How many units a ranking's population names: 17个街道 → 17, 市内六区 → 6; 全市 → None (count the table)."""
    m = _COUNT.search(comparator)
    if not m:
        return None
    return int(m.group(1)) if m.group(1).isdigit() else parse_chinese_int(m.group(1))


def read_rankings(doc: DocumentContext, sink: FactSink) -> None:
    """Every ranking table of the document: a rank (and the score, where published) per unit and category."""
    if "|" not in doc.text or not any(w in doc.text for w in ("排名", "名次", "位次", "排序")):
        return
    cats = _categories(doc)
    lines = _rows(doc.text)
    i = 0
    while i < len(lines):
        cells = lines[i][2]
        if cells is None or not any(_RANK_HEAD.fullmatch(c.text) or _RANK_HEAD.search(c.text) for c in cells) \
                or any(_SCORE.fullmatch(c.text) for c in cells):
            i += 1
            continue
        prev = lines[i - 1][2] if i else None
        upper = prev if prev is not None and len(prev) == len(cells) \
            and not any(_SCORE.fullmatch(c.text) for c in prev) else None
        cols = _columns(upper, cells, cats)
        if cols is None:
            i += 1
            continue
        first = i - 1 if upper else i
        period = _period(doc, lines[first][0])
        comparator = _population(doc, lines, first)
        i += 1
        while i < len(lines) and (row := lines[i][2]) is not None and len(row) == len(cols):
            _row(doc, sink, cols, row, period, comparator)
            i += 1


def _row(doc: DocumentContext, sink: FactSink, cols: list[_Col], row: list[_Cell], period: Period | None,
         comparator: str) -> None:
    label = next((c for col, c in zip(cols, row, strict=True) if col.kind == "label"), None)
    if label is None or not label.text or _SCORE.fullmatch(label.text):
        return
    region = doc.orig_span(label.start, label.end)
    for col, cell in zip(cols, row, strict=True):
        if col.kind == "score" and _SCORE.fullmatch(cell.text):
            sink.emit(Draft(col.code, "level", period, float(cell.text), "分", region=region, comparator=comparator,
                            span=(cell.start, cell.end)))
        elif col.kind == "rank" and (m := _RANK.fullmatch(cell.text)) and int(m.group(1)) > 0:
            sink.emit(Draft(col.code, "rank", period, float(m.group(1)), "rank", region=region,
                            comparator=comparator, span=(cell.start, cell.end)))
