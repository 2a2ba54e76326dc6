"""Tables: a header of columns (本月, 1-本月, 2023年1-6月, 绝对数(万元), 增长(%), 比重(%)) and rows of an indicator with
one cell per column, read as header × cell. Rows come one per line (a | b | c, as decode.py writes HTML tables, with or
without pipes at the ends; cells apart by a tab or a run of spaces; a label and its numbers one space apart), all on
one line (a flattened table), or one cell per line. A table whose columns cannot all be told is not read: a missed
number is better than a wrong one."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from statwatch.extract.dates import Period
from statwatch.extract.document import DocumentContext
from statwatch.extract.facts import Draft, FactSink
from statwatch.extract.numbers import scale_unit

_NUMBER = re.compile(r"[+-]?\d+(?:\.\d+)?")
_GROUPED = re.compile(r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?")  # 1,262,635
_EMPTY = re.compile(r"[-/.·…xX×\s]*")  # ——, -, /, …: a cell left empty (— is normalised to -)
_LABEL_HEADS = frozenset({"指标", "指标名称", "项目", "主要指标", "产品名称", "名称"})
# a row of cells (a | b | c), two lines holding only a number, or a line opening with a label heading and another cell
# (指标  单位  本期, 指标名称 绝对数 增长(%)) or with another heading and a gap (本期    增长(%)): the document may hold a
# table (the first character is read first, so that re skips to a | or a line end; the text's first line is matched
# apart)
_HEADS = "(?:" + "|".join(sorted(_LABEL_HEADS, key=len, reverse=True)) + ")"
_HEAD_LINE = rf"[ \t]*(?:{_HEADS}[ \t\d]|(?:计量单位|单位|本期|本月|绝对值|绝对数)(?:\t| {{2}}))"
_TABLEISH = re.compile(r"[|\n](?:(?<=\|)[^|\n]*\||(?<=\n)(?:[ \t]*[+-]?\d+(?:\.\d+)?[ \t|]*\n\s*[+-]?\d+(?:\.\d+)?[ \t|]*\n"
                       rf"|{_HEAD_LINE}))")
_OPENS_TABLE = re.compile(_HEAD_LINE)
# a line's cells when no pipe cuts it: apart by a tab or a run of spaces; a label and its numbers (or empty cells) one
# space apart (地区生产总值(亿元) 489.5 5.1); a label heading and the headings after it (指标 本期 增长(%), 指标2023年:
# the space before a year is read as nothing)
_GAP = re.compile(r" *\t[ \t]*| {2,}")
_FIGURES = re.compile(r"(?: +(?:[+-]?\d[\d,]*(?:\.\d+)?|[-/.·…xX×]+))+$")
_HEADS_START = re.compile(_HEADS + r"(?= |\d)")
_CJK_CHAR = re.compile(r"[\u4e00-\u9fff]")
# a unit in a cell of its own: 亿元, 万平方米, 亿千瓦时, 人次, %
_UNIT_WORD = re.compile(r"[^\d\s(:]{0,4}[元吨米时个户人次辆台套家项箱列车亩顷件头只座条%]")
_UNIT_ONLY = re.compile(r"\(\s*(?P<u>[^()]{1,6})\s*\)")
_LABEL = re.compile(r"^[#\s*]*(?P<name>[^()]+?)\s*(?:\((?P<u>[^()]{1,6})\))?$")
_HEAD_UNIT = re.compile(r"^(?P<name>[^()]+?)\s*\((?P<u>[^()]{1,6})\)$")
_PART = re.compile(r"^(?:[#*]|其中\s*[:,]?|内\s*:)+")  # 其中:第一产业, #制造业: a part of the row above
_SPACE = re.compile(r"\s+")
_INDUSTRY = re.compile(r"业(?:\(.*\))?$")
# 9月, 2024年5月, 本月: one month; 1-9月累计, 1-本月, 累计: the months of the year to it
_MONTH = re.compile(r"(?:(?:19|20)\d{2}年)?\d{1,2}月份?|本月|当月")
_RUNNING = re.compile(r"(?:(?:(?:19|20)\d{2}年)?(?:1|一)\s*[-~至到]\s*(?:\d{1,2}月份?|本月)|本年|年初至本月)?累计"
                      r"|(?:(?:19|20)\d{2}年)?(?:1|一)\s*[-~至到]\s*(?:\d{1,2}月份?|本月)")
_GROWTH = re.compile(r"增长|增速|增幅|同比|增减|±")
# a rate by its name, with or without (%): 增速, 同比增幅, 比上年增长
_RATE = re.compile(r"(?:同比|比上年同期|比上年|比去年同期|比去年|较上年同期|较上年)?(?:增长|增速|增幅)")
_SHARE = re.compile(r"比重|占比|构成")
_CHANGE = re.compile(r"百分点")  # 增减百分点: a change of a share against its own earlier period, not a fact
_EARLIER = frozenset({"上年同期", "去年同期", "上年同月", "去年同月", "上年", "同期"})
_EARLIER_RUN = re.compile(r"(?:上年|去年)同期(?:累计|数|值|完成|绝对值|绝对数)?")
# a header cell split over two lines: 累计 | on one, 增长% on the next is the growth of the running months
_BARE = frozenset({"累计", "本年累计", "本月", "当月"})
_ROW_MONTHS = re.compile(r"(?:(?P<m1>\d{1,2})\s*[-~至到])?(?P<m2>\d{1,2})月(?:份)?")  # 地区生产总值(1-6月)
_UNIT_LINE = re.compile(r"(?:计量)?单位\s*:\s*(?P<u>[^\s|,;。()]{1,5})")

_RULE = re.compile(r"[\s|:+-]*-[\s|:+-]*")
_UNIT_HEADS = frozenset({"单位", "计量单位"})
_VALUE_HEADS = frozenset({"绝对值", "绝对数", "绝对额", "总量", "数值", "本期", "本期数", "完成", "完成数", "完成额", "增加值",
                          "产量", "金额", "总额"})
_HEAD_MAX = 14  # a header cell is short; a sentence is not one


@dataclass(frozen=True)
class Cell:
    text: str
    start: int
    end: int
    line: int = 0
    piped: bool = False  # its line holds several cells (cut at |, at a tab or a run of spaces)
    first: bool = True  # the first cell of its line
    last: bool = True  # the last cell of its line

    @property
    def key(self) -> str:
        """The text without spaces (指 标, 工 业: a table pads its cells)."""
        return _SPACE.sub("", self.text)


def _spaced(line: str, pos: int) -> list[tuple[int, str]]:
    """The cells of a line no pipe cuts (pos: where it starts): one, or several apart by a tab or a run of spaces (a
    gap between two characters standing alone pads a word: 工  业), or a label and its numbers, or a label heading and
    the headings after it, one space apart."""
    body = line.strip()
    if " " not in body and "\t" not in body and not _HEADS_START.match(body):
        return [(pos, line)] if body else []
    a = pos + len(line) - len(line.lstrip())
    gaps = [m.span() for m in _GAP.finditer(body)]  # (start, end) in the stripped line
    ends = [0] + [e for _, e in gaps]
    starts = [s for s, _ in gaps] + [len(body)]
    # a gap between two characters standing alone, as narrow as the narrowest such gap, pads a word (工  业 | 1200)
    lone = [k for k in range(len(gaps)) if starts[k] - ends[k] == 1 and starts[k + 1] - ends[k + 1] == 1
            and _CJK_CHAR.match(body, ends[k]) and _CJK_CHAR.match(body, ends[k + 1])]
    narrow = min((gaps[k][1] - gaps[k][0] for k in lone), default=0)
    cuts = [g for k, g in enumerate(gaps) if k not in lone or g[1] - g[0] > narrow]
    if not cuts:
        m = _FIGURES.search(body)
        if m is not None and m.start() > 0 and not body[m.start() - 1].isdigit():
            cuts = [(k, k + 1) for k in range(m.start(), len(body)) if body[k] == " "]
            u = body.rfind(" ", 0, m.start())
            if u >= 2 and body[u - 1] != ":" and _UNIT_WORD.fullmatch(body, u + 1, m.start()):
                cuts.insert(0, (u, u + 1))  # 地区生产总值 亿元 489.5 5.1: the unit's own cell
        elif (h := _HEADS_START.match(body)) is not None:
            cuts = [(h.end(), h.end())] if body[h.end()] != " " else []
            cuts += [(k, k + 1) for k in range(h.end(), len(body)) if body[k] == " "]
    if not cuts:
        return [(pos, line)]
    row, b = [], 0
    for c0, c1 in cuts:
        if c0 > b:
            row.append((a + b, body[b:c0]))
        b = c1
    row.append((a + b, body[b:]))
    return row


def _cells(text: str) -> list[Cell]:
    """The document cut into cells: at | and at line ends, and between the columns of a line no pipe cuts (_spaced).
    Empty cells at a line's ends (| a | b |) go, empty cells between others stay; a cell holding only a unit joins the
    one before it."""
    out: list[Cell] = []
    pos = 0
    for n, line in enumerate(text.split("\n")):
        row: list[tuple[int, str]] = []
        if "|" in line and _RULE.fullmatch(line):
            pos += len(line) + 1  # |---|:---:|: a Markdown table's rule under its header holds no cell
            continue
        if "|" in line:
            a = pos
            for piece in line.split("|"):
                row.append((a, piece))
                a += len(piece) + 1
            while row and not row[0][1].strip():
                row.pop(0)
            while row and not row[-1][1].strip():
                row.pop()
        else:
            row = _spaced(line, pos)
        piped = "|" in line or len(row) > 1
        pos += len(line) + 1
        for k, (a, raw) in enumerate(row):
            stripped = raw.strip()
            a += len(raw) - len(raw.lstrip())
            cell = Cell(stripped, a, a + len(stripped), n, piped, k == 0, k == len(row) - 1)
            if out and not piped and _UNIT_ONLY.fullmatch(stripped) and not _NUMBER.fullmatch(out[-1].text) \
                    and not out[-1].piped:
                prev = out.pop()
                cell = Cell(prev.text + stripped, prev.start, cell.end, n, False, True, True)
            out.append(cell)
    return out


@dataclass(frozen=True)
class Column:
    """A header cell: a value (its period the table's), a month or the running months, a growth rate, a share, a
    column not read (a change in percentage points, last year's value), a unit, or an indicator with its unit
    (orientation rows × indicators, as in tables of places)."""

    kind: str  # label / unit / value / month / running / earlier / growth / share / skip / indicator
    code: str = ""
    unit: str = ""
    period: Period | None = None  # the period the cell itself names (9月, 1-9月累计)
    of: str = ""  # a growth rate's period when its cell says it (累计增长: the running months)


def _indicator(doc: DocumentContext, text: str) -> tuple[str, str] | None:
    """(code, unit) of a cell that is exactly an indicator's name, its unit in parentheses: 社会消费品零售总额(亿元);
    the unit is "" when none is written."""
    m = _LABEL.match(text)
    if m is None:
        return None
    name = m.group("name")
    own = doc.lex.own_place.match(name)
    if own is not None and own.end() < len(name):
        name = name[own.end():]  # 全县生产总值: the document's own place before the name
    subject = doc.rules.subject_re.fullmatch(name)
    group = doc.rules.subject_groups.get(subject.lastgroup or "", "") if subject else ""
    if subject is None or group in ("short", "after"):
        return None
    key = subject.group(0) if group == "names" else group
    codes = doc.rules.subject_codes.get(key, ())
    if len(codes) != 1 or doc.kind not in doc.rules.indicators[codes[0]].kinds:
        return None
    return codes[0], m.group("u") or ""


def _part(doc: DocumentContext, text: str, above: str) -> tuple[str, str] | None:
    """(code, unit) of a sector named by itself (第一产业) right after the whole or another sector (`above`): its value
    added, as in prose (分产业看，第一产业实现12.4亿元)."""
    m = _LABEL.match(text)
    subject = doc.rules.subject_re.fullmatch(m.group("name")) if m else None
    if m is None or subject is None or doc.rules.subject_groups.get(subject.lastgroup or "") != "after":
        return None
    codes = doc.rules.subject_codes.get("^" + subject.group(0), ())
    if len(codes) != 1:
        return None
    code = codes[0].lstrip("^")
    ind = doc.rules.indicators.get(code)
    if ind is None or above not in ind.after or doc.kind not in ind.kinds:
        return None
    return code, m.group("u") or ""


def _own_period(doc: DocumentContext, cell: Cell, *, opening: bool = False) -> Period | None:
    """The period a header cell writes (9月, 1-9月累计), found among the document's periods; with `opening`, only one
    the cell opens with."""
    k = bisect.bisect_left(doc.periods, cell.start, key=lambda p: p.start)
    if k < len(doc.periods) and doc.periods[k].start < (cell.start + 1 if opening else cell.end):
        return doc.periods[k].period
    return None


def _named_period(doc: DocumentContext, cell: Cell) -> Period | None:
    """The period a value heading is (2023年1-6月, 上半年, 2022年度, 2023年3月), alone or before a value word
    (一季度绝对值): the cell opens with it and nothing else is written."""
    k = bisect.bisect_left(doc.periods, cell.start, key=lambda p: p.start)
    if k == len(doc.periods) or doc.periods[k].start != cell.start:
        return None
    pm = doc.periods[k]
    rest = _SPACE.sub("", doc.text[pm.end:cell.end])
    if pm.period.kind not in ("month", "months", "year") or not (rest in ("", "完成", "累计") or rest in _VALUE_HEADS
                                                                 or _UNIT_ONLY.fullmatch(rest)):
        return None
    return pm.period


def _column(doc: DocumentContext, cell: Cell) -> Column | None:
    key = cell.key
    if not key or _NUMBER.fullmatch(key) or len(key) > 24:
        return None
    # 指标 | 单位 | 绝对值 | 比上年增长(%): the label's column, the unit's, the value's
    if key in _LABEL_HEADS:
        return Column("label")
    if key in _UNIT_HEADS:
        return Column("unit")
    m = _HEAD_UNIT.match(key)
    name, unit = (m.group("name"), m.group("u")) if m else (key, "")
    if name in _VALUE_HEADS:
        return Column("value", unit=unit)
    if name in _EARLIER or _EARLIER_RUN.fullmatch(name):
        # 上年同期 | 去年同期累计: the same span a year before, its values that year's
        return Column("earlier")
    if len(key) <= _HEAD_MAX:
        pct = "%" in key or "±" in key
        if _CHANGE.search(key):
            return Column("skip")
        if _SHARE.search(key) and (pct or name in ("比重", "占比")):
            return Column("share")
        if (_GROWTH.search(key) and pct) or _RATE.fullmatch(name):
            # 1-9月增长(%): the rate's own months; 比去年同月增长(%) names the month compared with, not the rate's
            return Column("growth", period=_own_period(doc, cell, opening=True))
        if _RUNNING.fullmatch(key):
            return Column("running", period=_own_period(doc, cell))
        if _MONTH.fullmatch(key):
            return Column("month", period=_own_period(doc, cell))
        named = _named_period(doc, cell)
        if named is not None:
            return Column("value", unit=unit, period=named)
    found = _indicator(doc, cell.text)
    return Column("indicator", *found) if found else None


def _label_head(cell: Cell) -> int | None:
    """Where a label heading starts in a cell: the whole cell (指标), or its last word after a caption run into it
    (表1 生产总值及行业构成 单位:亿元 指标名称, a table flattened into one line)."""
    if cell.key in _LABEL_HEADS:
        return cell.start
    words = cell.text.rsplit(None, 1)
    if len(words) == 2 and words[1] in _LABEL_HEADS:
        return cell.start + len(cell.text) - len(words[1])
    return None


@dataclass
class Header:
    columns: list[Column]
    start: int  # where the table starts in the text (its caption lies before)
    end: int  # index of the first cell after the header
    labelled: bool  # a label heading (指标) stood first
    aligned: bool  # a row per line: the header's cells share lines, its last ends one


def _header(doc: DocumentContext, cells: list[Cell], i: int, seen: dict[int, Column | None]) -> Header | None:
    """The header starting at cell i, if one does (`seen`: the cells' columns as far as told)."""
    cols: list[Column] = []
    head_cells: list[Cell] = []
    start = cells[i].start
    labelled = False
    j = i
    at = _label_head(cells[i])
    if at is not None:
        labelled, start, j = True, at, i + 1
    while j < len(cells):
        cell = cells[j]
        if j not in seen:
            seen[j] = _column(doc, cell)
        col = seen[j]
        if col is None or col.kind == "label":
            break
        if col.kind in ("growth", "share", "skip") and head_cells and _split(head_cells[-1], cell):
            # 累计 | (line end) 增长%: one heading written over two lines
            cols[-1] = Column(col.kind, period=cols[-1].period, of=cols[-1].kind)
            head_cells[-1] = cell
            j += 1
            continue
        if col.kind in ("growth", "share", "skip") and not cols:
            break  # a rate is of the column before it
        kinds = {c.kind for c in cols if c.kind not in ("growth", "share", "skip")}
        if col.kind not in ("growth", "share", "skip") and kinds and (col.kind == "indicator") != ("indicator" in kinds):
            break  # a header is all periods and values or all indicators
        if head_cells and cell.line != head_cells[-1].line and not head_cells[0].last:
            break  # a header written on one line ends with it (but for a heading going on alone, above)
        cols.append(col)
        head_cells.append(cell)
        j += 1
    readable = [c for c in cols if c.kind in ("value", "month", "running", "indicator")]
    if not readable or (not labelled and len(cols) < 2):
        return None
    aligned = head_cells[0].piped and not head_cells[0].last and head_cells[-1].last
    return Header(cols, start, j, labelled, aligned)


def _split(prev: Cell, cell: Cell) -> bool:
    """A heading that goes on alone on the next line of a piped header (9月 | 1-9月累计 | 累计 / 增长%)."""
    return prev.key in _BARE and prev.piped and prev.last and cell.piped and cell.first and cell.last \
        and cell.line == prev.line + 1


def read_tables(doc: DocumentContext, sink: FactSink) -> None:
    """Every table of the document: periods × indicators (rows name an indicator) or indicators × places."""
    if not _TABLEISH.search(doc.text) and not _OPENS_TABLE.match(doc.text):
        return
    cells = _cells(doc.text)
    seen: dict[int, Column | None] = {}
    i = 0
    while i < len(cells):
        header = _header(doc, cells, i, seen)
        i = _rows(doc, sink, cells, header) if header is not None else i + 1


def _caption(doc: DocumentContext, pos: int) -> tuple[int, int]:
    """The span of a table's caption: the lines just before it (at most three), after the last full stop."""
    t = doc.text
    a = t.rfind("\n", 0, pos) + 1
    stop = t.rfind("。", a, pos)
    if stop >= 0:
        return stop + 1, pos
    for _ in range(3):
        if a == 0:
            break
        b = t.rfind("\n", 0, a - 1) + 1
        line = t[b:a - 1]
        stop = line.rfind("。")
        if stop >= 0:
            return b + stop + 1, pos
        if "|" in line and re.search(r"\|\s*[+-]?\d", line):
            break  # a row of the table before
        a = b
    return a, pos


def _table_period(doc: DocumentContext, pos: int) -> Period | None:
    """The period a table is about: a release's, the one its caption writes, else the release's own; a bulletin's,
    the last one written before it (a day for running counts)."""
    if doc.kind == "stats":
        a, b = _caption(doc, pos)
        named = [p.period for p in doc.periods if a <= p.start < b and p.period.kind in ("month", "months", "year")]
        return named[-1] if named else doc.doc_period
    kinds = ("day", "span", "month", "months", "year")
    before = [p.period for p in doc.periods if pos - 300 <= p.start < pos and p.period.kind in kinds]
    if before:
        return before[-1]
    return doc.news_period or Period("day", doc.asof.year, day=doc.asof)


def _periods(base: Period, header: list[Column]) -> list[Period]:
    month = base.m2 if base.kind in ("month", "months") else base.day.month if base.day else 12
    year = base.year if base.year is not None else base.day.year if base.day else None
    out: list[Period] = []
    values: list[Period] = []  # the periods of the value columns since the last rate
    for col in header:
        kind = col.of if col.kind in ("growth", "share", "skip") and col.of else col.kind
        if col.period is not None and col.period.kind in ("month", "months", "year"):
            out.append(col.period)
        elif kind == "month" and year is not None:
            out.append(Period("month", year, month, month))
        elif kind == "running" and year is not None:
            out.append(Period("months", year, 1, month))
        elif col.kind == "earlier":
            # (1-7月累计 | 去年同期累计: the span of the column before it, a year earlier)
            last = values[-1] if values else base
            out.append(last.with_year((last.year or year or 0) - 1))
        elif col.kind in ("growth", "share", "skip") and out:
            # the period of the column before it; the latest year's after values of several (2023年 | 2022年 | 增长%)
            years = {p.year for p in values}
            out.append(max(reversed(values), key=lambda p: (p.year or 0, p.m2)) if len(years) > 1 else out[-1])
        else:
            out.append(base)
        if col.kind in ("growth", "share"):
            values = []
        elif col.kind in ("value", "month", "running", "earlier"):
            values.append(out[-1])
    return out


_RATES = ("growth", "share")


def _value(text: str, rate: bool = False) -> float | None:
    """The number of a cell; a rate's may be written with its per cent sign (5.1%)."""
    t = _SPACE.sub("", text)
    if rate and t.endswith("%"):
        t = t[:-1]
    if _NUMBER.fullmatch(t):
        return float(t)
    if _GROUPED.fullmatch(t):
        return float(t.replace(",", ""))
    return None


def _fits(text: str, col: Column, aligned: bool) -> bool:
    """A cell fits its column: a number or left empty; a unit in a unit column; in a table of one row per line,
    anything with a digit too (1.54个百分点), read as nothing."""
    t = _SPACE.sub("", text)
    if col.kind == "unit":
        return not any(ch.isdigit() for ch in t)
    if _value(t, col.kind in _RATES) is not None or _EMPTY.fullmatch(t) or t == "持平":
        return True
    return aligned and any(ch.isdigit() for ch in t)


def _rows(doc: DocumentContext, sink: FactSink, cells: list[Cell], header: Header) -> int:
    """Read the rows after a header; returns the index after the last row read."""
    cols = header.columns
    # the table's period, else the one its first value heading names (指标 | 2024年 | 增长(%) in a page dating nothing)
    base = _table_period(doc, header.start) or next((c.period for c in cols if c.period is not None), None)
    if base is None:
        return header.end
    a, b = _caption(doc, header.start)
    m = _UNIT_LINE.search(doc.text, a, cells[header.end - 1].end)
    table = Table(doc, sink, cols, _periods(base, cols), m.group("u") if m else "")
    k = len(cols)
    aligned = header.aligned  # one row per line: each row must fill its line
    i = header.end
    while i + k < len(cells):
        label, values = cells[i], cells[i + 1:i + 1 + k]
        if not label.key or _value(label.text) is not None or _EMPTY.fullmatch(label.key):
            break
        if aligned and not (label.first and label.piped and values[-1].last
                            and all(v.line == label.line for v in values)):
            break
        if not all(_fits(v.text, c, aligned) for c, v in zip(cols, values, strict=True)):
            break
        table.row(label, values)
        i += 1 + k
    return i


class Table:
    """The rows of one table, read in order: a sector row (第一产业) is a part of the whole named above it."""

    def __init__(self, doc: DocumentContext, sink: FactSink, cols: list[Column], periods: list[Period], unit: str):
        self.doc, self.sink, self.cols, self.periods, self.unit = doc, sink, cols, periods, unit
        self.places = any(c.kind == "indicator" for c in cols)
        self.above = ""  # the code of the last row naming an indicator
        self.whole: tuple[str, str] = ("", "")  # the last row naming its indicator in full, and its unit
        self.whole_periods = periods  # that row's periods (its own months: 地区生产总值(1-6月))

    def row(self, label: Cell, values: list[Cell]) -> None:
        doc = self.doc
        name = _PART.sub("", label.key)
        if self.places:
            if _indicator(doc, name) is None:
                self._place_row(label, values)
            return
        own = _indicator(doc, name)
        part = None if own else _part(doc, name, self.above)
        if own is None and part is None:
            if not _PART.match(label.key) and not _INDUSTRY.search(name):
                # an industry (工业, 建筑业) goes on breaking the whole down; another item ends what the sectors are
                # parts of (民间投资 | …, then 第一产业 | … is investment)
                self.above = ""
            return
        code, unit = own or part or ("", "")
        # 地区生产总值(1-6月): the row's own months; 一般公共预算收入(自然口径), 居民消费价格指数(CPI): a note, no unit
        months = _ROW_MONTHS.fullmatch(unit)
        if unit and unit not in doc.rules.vocab.units and not _UNIT_WORD.fullmatch(unit):
            unit = ""
        self.above = code
        if own:
            self.whole = (code, unit)
        elif not unit and self.whole[0] in doc.rules.indicators[code].after:
            unit = self.whole[1]
        periods = self.periods
        if months:
            m2 = int(months.group("m2"))
            m1 = int(months.group("m1")) if months.group("m1") else m2
            periods = [Period("months", p.year, m1, m2, explicit_year=p.explicit_year)
                       if p.kind in ("month", "months") and p.year is not None else p for p in periods]
        if own:
            self.whole_periods = periods
        elif part:
            periods = self.whole_periods  # (第一产业 under 地区生产总值(1-6月): the whole's months)
        self._emit(label, values, code, unit, part is not None, periods)

    def _emit(self, label: Cell, values: list[Cell], code: str, unit: str, part: bool,
              periods: list[Period]) -> None:
        ind = self.doc.rules.indicators[code]
        for col, cell in zip(self.cols, values, strict=True):
            if col.kind == "unit":
                unit = unit or cell.key  # 亿元, 万元: the row's own unit for its value
        units = self.doc.rules.vocab.units
        for col, period, cell in zip(self.cols, periods, values, strict=True):
            value = _value(cell.text, col.kind in _RATES)
            if value is None or col.kind in ("unit", "skip", "label"):
                continue
            span = (label.start, cell.end)
            u = unit or col.unit or self.unit
            rate = units.get(u) is not None and units[u].family == "pct"
            if col.kind == "growth":
                # a growth of a share (本地生产总值(%)) is a change in points; of a price index in per cent (居民消费价格指数 |
                # % | 2.1), its rise
                if not rate or ind.unit == "%":
                    self.sink.emit(Draft(code, "yoy_pct", period, value, "%", span=span))
                continue
            if col.kind == "share" or rate:
                # a sector's share of the whole above it (比重(%), or a table of shares: 本地生产总值(%) | 100.0)
                if part and self.whole[0] in ind.after:
                    self.sink.emit(Draft(code, "share_pct", period, value, "%", span=span))
                continue
            if not u and ind.unit in ("亿元", "元", "亿美元"):
                continue  # money without a written unit: 万元 or 亿元 cannot be told
            scaled, spec = scale_unit(value, "", u or ind.unit, units)
            families = self.doc.rules.vocab.unit_families.get(ind.unit, [])
            if spec is None or (families and spec.family not in families):
                continue
            if ind.timing == "flow" or period.kind in ("day", "span"):
                self.sink.emit(Draft(code, "level", period, scaled, spec.unit, span=span))

    def _place_row(self, label: Cell, values: list[Cell]) -> None:
        """A row of a place: each indicator column holds its value, each growth column the growth of the one before."""
        region = _place(self.doc, label)
        units = self.doc.rules.vocab.units
        code = unit = ""
        for col, period, cell in zip(self.cols, self.periods, values, strict=True):
            if col.kind == "indicator":
                code, unit = col.code, col.unit
            value = _value(cell.text, col.kind in _RATES)
            if not code or value is None or col.kind not in ("indicator", "growth"):
                continue
            span = (label.start, cell.end)
            if col.kind == "growth":
                self.sink.emit(Draft(code, "yoy_pct", period, value, "%", region=region, span=span))
                continue
            ind = self.doc.rules.indicators[code]
            if not unit and ind.unit in ("亿元", "元", "亿美元"):
                continue
            scaled, spec = scale_unit(value, "", unit or ind.unit, units)
            if spec is not None and (ind.timing == "flow" or period.kind in ("day", "span")):
                self.sink.emit(Draft(code, "level", period, scaled, spec.unit, region=region, span=span))


def _place(doc: DocumentContext, label: Cell) -> str:
    """The place a row is about; 合计/总计 rows are the document's own region."""
    text = label.text.strip("#* ")
    if text in ("合计", "总计", "全市", "全县", "全区", "全省") or not text:
        return ""
    return doc.orig_span(label.start + label.text.find(text), label.start + label.text.find(text) + len(text))
