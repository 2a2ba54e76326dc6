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
_UNIT_ONLY = re.compile(r"\(\s*(?P<u>[^()]{1,6})\s*\)")
_LABEL = re.compile(r"^[#\s*]*(?P<name>[^()]+?)\s*(?:\((?P<u>[^()]{1,6})\))?$")
_RUNNING = re.compile(r"^(?:1|一)\s*[-~至到]\s*(?:本月|\d{1,2}月)|本年累计|累计")
_MONTH = re.compile(r"本月|当月")
_GROWTH = re.compile(r"增长|增速|增幅|同比")


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


def _column(text: str) -> str:
    """growth / running / month / other."""
    if _GROWTH.search(text) and ("%" in text or "±" in text):
        return "growth"
    if _RUNNING.search(text):
        return "running"
    if _MONTH.search(text):
        return "month"
    return "other"


def read_tables(doc: DocumentContext, sink: FactSink) -> None:
    """Every table of the document whose rows name a catalogue indicator."""
    if doc.kind != "stats" or "\n" not in doc.text:
        return
    cells = _cells(doc.text)
    i = 0
    while i < len(cells):
        kinds = []
        j = i
        while j < len(cells) and (kind := _column(cells[j].text)) != "other" and not _NUMBER.fullmatch(cells[j].text):
            kinds.append(kind)
            j += 1
        if len(kinds) >= 2 and any(k != "growth" for k in kinds):
            i = _rows(doc, sink, cells, (i, j, kinds))
        else:
            i += 1


def _table_period(doc: DocumentContext, pos: int) -> Period | None:
    months = [p.period for p in doc.periods if pos - 300 <= p.start < pos and p.period.kind in ("month", "months", "year")]
    return months[-1] if months else None


def _rows(doc: DocumentContext, sink: FactSink, cells: list[Cell], header: tuple[int, int, list[str]]) -> int:
    """Read the rows after a header; returns the index after the last row read."""
    start, end, kinds = header
    base = _table_period(doc, cells[start].start)
    if base is None or base.year is None:
        return end
    month = base.m2 if base.kind != "year" else 12
    periods: list[Period] = []
    for kind in kinds:
        if kind == "month":
            periods.append(Period("month", base.year, month, month))
        elif kind == "running":
            periods.append(Period("months", base.year, 1, month))
        else:  # growth: the period of the column before it
            periods.append(periods[-1] if periods else base)
    k = len(kinds)
    i = end
    while i + k < len(cells) + 1 and i < len(cells):
        label, values = cells[i], cells[i + 1:i + 1 + k]
        if _NUMBER.fullmatch(label.text) or len(values) < k or not all(_NUMBER.fullmatch(v.text) for v in values):
            break
        _row(doc, sink, label, list(zip(kinds, periods, values, strict=True)))
        i += 1 + k
    return i


def _row(doc: DocumentContext, sink: FactSink, label: Cell, columns: list[tuple[str, Period, Cell]]) -> None:
    m = _LABEL.match(label.text)
    if m is None:
        return
    subject = doc.rules.subject_re.fullmatch(m.group("name"))
    if subject is None or subject.lastgroup == "short":
        return
    key = subject.group(0) if subject.lastgroup == "names" else subject.lastgroup or ""
    codes = doc.rules.subject_codes.get(key, ())
    if len(codes) != 1 or doc.kind not in doc.rules.indicators[codes[0]].kinds:
        return
    code = codes[0]
    unit = m.group("u") or doc.rules.indicators[code].unit
    for kind, period, cell in columns:
        value = float(cell.text)
        if kind == "growth":
            sink.emit(Draft(code, "yoy_pct", period, value, "%", span=(label.start, cell.end)))
            continue
        scaled, spec = scale_unit(value, "", unit, doc.rules.vocab.units)
        if spec is not None:
            sink.emit(Draft(code, "level", period, scaled, spec.unit, span=(label.start, cell.end)))
