"""Tables: a header of columns (本月, 1-本月, 增长(%)) and rows of an indicator with one number per column, read as
header × cell. Rows come one per line (a | b | c, as decode.py writes HTML tables) or one cell per line (flattened)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from statwatch.extract.dates import Period
from statwatch.extract.document import DocumentContext
from statwatch.extract.facts import Draft, FactSink
from statwatch.extract.numbers import scale_unit

_NUMBER = re.compile(r"[+-]?\d+(?:\.\d+)?")
# a row of cells (a | b | c) or two lines holding only a number: the document may hold a table
_TABLEISH = re.compile(r"\|[^|\n]*\||\n[ \t]*[+-]?\d+(?:\.\d+)?[ \t|]*\n\s*[+-]?\d+(?:\.\d+)?[ \t|]*\n")
_UNIT_ONLY = re.compile(r"\(\s*(?P<u>[^()]{1,6})\s*\)")
_LABEL = re.compile(r"^[#\s*]*(?P<name>[^()]+?)\s*(?:\((?P<u>[^()]{1,6})\))?$")
_RUNNING = re.compile(r"^(?:1|一)\s*[-~至到]\s*(?:本月|\d{1,2}月)|本年累计|累计")
_MONTH = re.compile(r"本月|当月")
_GROWTH = re.compile(r"增长|增速|增幅|同比")


_LABEL_HEADS = frozenset({"指标", "指标名称", "项目", "主要指标"})
_UNIT_HEADS = frozenset({"单位", "计量单位"})
_VALUE_HEADS = frozenset({"绝对值", "绝对数", "总量", "数值", "本期", "完成"})


@dataclass(frozen=True)
class Cell:
    text: str
    start: int
    end: int


def _cells(text: str) -> list[Cell]:
    """The document cut into cells: at | and at line ends; a cell holding only a unit joins the one before it."""
    out: list[Cell] = []
    for m in re.finditer(r"[^|\n]+", text):
        raw = m.group(0)
        stripped = raw.strip()
        if not stripped:
            continue
        a = m.start() + (len(raw) - len(raw.lstrip()))
        cell = Cell(stripped, a, a + len(stripped))
        if out and _UNIT_ONLY.fullmatch(stripped) and not _NUMBER.fullmatch(out[-1].text):
            prev = out.pop()
            cell = Cell(prev.text + stripped, prev.start, cell.end)
        out.append(cell)
    return out


@dataclass(frozen=True)
class Column:
    """A header cell: a period (month, running months), a growth rate, or an indicator with its unit (orientation
    rows × indicators, as in tables of places)."""

    kind: str  # month / running / growth / indicator
    code: str = ""
    unit: str = ""


def _indicator(doc: DocumentContext, text: str) -> tuple[str, str] | None:
    """(code, unit) of a cell that is exactly an indicator's name, its unit in parentheses: 社会消费品零售总额(亿元)."""
    m = _LABEL.match(text)
    if m is None:
        return None
    subject = doc.rules.subject_re.fullmatch(m.group("name"))
    if subject is None or subject.lastgroup == "short":
        return None
    key = subject.group(0) if subject.lastgroup == "names" else subject.lastgroup or ""
    codes = doc.rules.subject_codes.get(key, ())
    if len(codes) != 1 or doc.kind not in doc.rules.indicators[codes[0]].kinds:
        return None
    return codes[0], m.group("u") or doc.rules.indicators[codes[0]].unit


def _column(doc: DocumentContext, text: str) -> Column | None:
    if _NUMBER.fullmatch(text):
        return None
    # 指标 | 单位 | 绝对值 | 比上年增长(%): the label's column, the unit's, the value's
    if text in _LABEL_HEADS:
        return Column("label")
    if text in _UNIT_HEADS:
        return Column("unit")
    if text in _VALUE_HEADS:
        return Column("value")
    if _GROWTH.search(text) and ("%" in text or "±" in text):
        return Column("growth")
    if _RUNNING.search(text):
        return Column("running")
    if _MONTH.search(text):
        return Column("month")
    found = _indicator(doc, text)
    return Column("indicator", *found) if found else None


def read_tables(doc: DocumentContext, sink: FactSink) -> None:
    """Every table of the document: periods × indicators (rows name an indicator) or indicators × places."""
    if not _TABLEISH.search(doc.text):
        return
    cells = _cells(doc.text)
    i = 0
    while i < len(cells):
        header: list[Column] = []
        j = i
        while j < len(cells) and (col := _column(doc, cells[j].text)) is not None:
            if col.kind == "label":
                if header:
                    break
                i = j = j + 1  # the rows' labels stand under it
                continue
            if col.kind == "growth" and not header:
                break  # a growth rate is of the column before it
            kinds = {c.kind for c in header if c.kind != "growth"}
            if col.kind != "growth" and kinds and (col.kind == "indicator") != ("indicator" in kinds):
                break  # a header is all periods or all indicators
            header.append(col)
            j += 1
        if len(header) >= 2 and any(c.kind != "growth" for c in header):
            i = _rows(doc, sink, cells, (i, j, header))
        else:
            i += 1


def _table_period(doc: DocumentContext, pos: int) -> Period | None:
    """The period a table is about: the last one written before it (a day for a bulletin's running counts)."""
    kinds = ("month", "months", "year") if doc.kind == "stats" else ("day", "span", "month", "months", "year")
    before = [p.period for p in doc.periods if pos - 300 <= p.start < pos and p.period.kind in kinds]
    if before:
        return before[-1]
    if doc.kind == "stats":
        return None
    return doc.news_period or Period("day", doc.asof.year, day=doc.asof)


def _periods(base: Period, header: list[Column]) -> list[Period]:
    month = base.m2 if base.kind in ("month", "months") else base.day.month if base.day else 12
    out: list[Period] = []
    for col in header:
        if col.kind == "month" and base.year is not None:
            out.append(Period("month", base.year, month, month))
        elif col.kind == "running" and base.year is not None:
            out.append(Period("months", base.year, 1, month))
        elif col.kind == "growth" and out:  # the period of the column before it
            out.append(out[-1])
        else:
            out.append(base)
    return out


def _rows(doc: DocumentContext, sink: FactSink, cells: list[Cell], header: tuple[int, int, list[Column]]) -> int:
    """Read the rows after a header; returns the index after the last row read."""
    start, end, cols = header
    base = _table_period(doc, cells[start].start)
    if base is None:
        return end
    periods = _periods(base, cols)
    k = len(cols)
    i = end
    while i < len(cells):
        label, values = cells[i], cells[i + 1:i + 1 + k]
        if _NUMBER.fullmatch(label.text) or len(values) < k \
                or not all(_NUMBER.fullmatch(v.text) or (c.kind == "unit" and not _NUMBER.search(v.text))
                           for c, v in zip(cols, values, strict=False)):
            break
        _row(doc, sink, label, list(zip(cols, periods, values, strict=True)))
        i += 1 + k
    return i


def _row(doc: DocumentContext, sink: FactSink, label: Cell, columns: list[tuple[Column, Period, Cell]]) -> None:
    """One row: its label names the indicator (columns are periods) or the place (columns are indicators)."""
    own = _indicator(doc, label.text)
    region = "" if own else _place(doc, label)
    code, unit = own or ("", "")
    for col, period, cell in columns:
        if col.kind == "unit":
            unit = cell.text  # 亿元, 万元: the row's own unit for its value
            continue
        if col.kind == "indicator":
            code, unit = col.code, col.unit
        if not code or (not own and col.kind != "indicator" and col.kind != "growth"):
            continue
        value = float(cell.text)
        timing = doc.rules.indicators[code].timing
        if col.kind == "growth":
            sink.emit(Draft(code, "yoy_pct", period, value, "%", region=region, span=(label.start, cell.end)))
            continue
        scaled, spec = scale_unit(value, "", unit, doc.rules.vocab.units)
        if spec is not None and (timing == "flow" or period.kind in ("day", "span")):
            sink.emit(Draft(code, "level", period, scaled, spec.unit, region=region, span=(label.start, cell.end)))


def _place(doc: DocumentContext, label: Cell) -> str:
    """The place a row is about; 合计/总计 rows are the document's own region."""
    text = label.text.strip("#* ")
    if text in ("合计", "总计", "全市", "全县", "全区", "全省") or not text:
        return ""
    return doc.orig_span(label.start + label.text.find(text), label.start + label.text.find(text) + len(text))
