"""Bytes → article text: decoded by statwatch.charset, then the HTML body without navigation."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from statwatch.charset import decode_bytes
from statwatch.errors import ParseError

MAX_BYTES = 20 * 1024 * 1024  # larger bodies are refused: no real bulletin comes near it


@dataclass
class DecodedDocument:
    """A decoded document: article text, the encoding used, the charset that was declared, the title."""

    text: str
    encoding: str
    declared: str | None = None
    title: str | None = None


_SKIP = {"script", "style", "noscript", "nav", "header", "footer", "aside", "form", "select", "iframe", "template",
         "svg", "button", "head", "option", "textarea", "menu"}
_BLOCK = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "table",
          "ul", "ol", "dd", "dt", "dl", "blockquote", "pre", "hr", "center", "main", "figure", "figcaption"}
_VOID = {"br", "hr", "img", "meta", "link", "input", "area", "base", "col", "embed", "source", "track", "wbr"}
_NAVLIKE = re.compile(r"(?:^|[\s_-])(?:nav|menu|footer|header|breadcrumb|sidebar|share|copyright|crumb|topbar)(?:$|[\s_-])",
                      re.I)


@dataclass
class _Grid:
    """Where a table's reading stands: see _Body.tables."""

    col: int = 0
    down: dict[int, tuple[str, int]] = field(default_factory=dict)
    open: tuple[int, int, int, int] | None = None


def _span(attrs: list[tuple[str, str | None]], name: str) -> int:
    value = next((v for k, v in attrs if k == name), None)
    try:
        return max(1, min(int(value or 1), 100))
    except ValueError:
        return 1


class _Body(HTMLParser):
    """Collect article text: skip non-content elements, turn blocks into lines, drop all-link lines."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.buf: list[str] = []
        self.link_chars = 0
        self.skip_stack: list[str] = []
        self.in_a = 0
        self.in_title = False
        self.title: str | None = None
        # merged cells of the tables being read: per table, the column of the next cell, the cells carried down by
        # rowspan ({column: (text, rows left)}), and the open cell (buffer position, colspan, rowspan)
        self.tables: list[_Grid] = []

    def _flush(self) -> None:
        line = re.sub(r"[ \t\r\f\v\u3000\xa0]+", " ", "".join(self.buf)).strip()
        if line and not (self.link_chars and self.link_chars >= len(line.replace(" ", "")) * 0.8):
            self.lines.append(line)
        self.buf, self.link_chars = [], 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.skip_stack:
            if tag == self.skip_stack[-1] and tag not in _VOID:
                self.skip_stack.append(tag)
            return
        cls = " ".join(v or "" for k, v in attrs if k in ("class", "id", "role"))
        if tag in _SKIP or (tag in ("div", "ul", "section") and _NAVLIKE.search(cls)):
            if tag == "head":
                return
            if tag not in _VOID:
                self.skip_stack.append(tag)
            return
        if tag == "title":
            self.in_title = True
        if tag == "a":
            self.in_a += 1
        if tag == "table":
            self.tables.append(_Grid())
        if tag in _BLOCK:
            self._flush()
        if tag == "tr" and self.tables:
            self.tables[-1].col = 0
        elif tag in ("td", "th"):
            grid = self.tables[-1] if self.tables else None
            if grid is not None:
                self._carried(grid)
            if self.buf:
                self.buf.append(" | ")  # a table row stays one line, its cells separated
            if grid is not None:
                grid.open = (len(self.buf), self.lines_len(), _span(attrs, "colspan"), _span(attrs, "rowspan"))

    def handle_endtag(self, tag: str) -> None:
        if self.skip_stack:
            if tag == self.skip_stack[-1]:
                self.skip_stack.pop()
            return
        if tag == "title":
            self.in_title = False
        if tag == "a" and self.in_a:
            self.in_a -= 1
        if tag in ("td", "th") and self.tables:
            self._close_cell(self.tables[-1])
        if tag == "tr" and self.tables:
            self._carried(self.tables[-1], end=True)
        if tag == "table" and self.tables:
            self.tables.pop()
        if tag in _BLOCK:
            self._flush()

    def lines_len(self) -> int:
        return len(self.lines)

    def _carried(self, grid: _Grid, *, end: bool = False) -> None:
        """Cells of rows above that span down into this row, written again where they stand (header × cell reading
        needs every column of every row); at the row's end, those right of its last cell."""
        self._close_cell(grid)
        while grid.col in grid.down or (end and any(c >= grid.col for c in grid.down)):
            if grid.col in grid.down:
                text, left = grid.down[grid.col]
                if self.buf:
                    self.buf.append(" | ")
                self.buf.append(text)
                grid.down[grid.col] = (text, left - 1)
                if left <= 1:
                    del grid.down[grid.col]
            grid.col += 1

    def _close_cell(self, grid: _Grid) -> None:
        """A cell spanning columns is written once per column; one spanning rows is remembered for the rows below."""
        if grid.open is None:
            return
        at, lines, colspan, rowspan = grid.open
        grid.open = None
        # a cell holding blocks (paragraphs in a layout table) is not a table cell to repeat
        text = "".join(self.buf[at:]).strip() if lines == len(self.lines) and at <= len(self.buf) else ""
        for k in range(colspan):
            if k and text:
                self.buf.append(" | " + text)
            if rowspan > 1 and text:
                grid.down[grid.col] = (text, rowspan - 1)
            grid.col += 1

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title = ((self.title or "") + data).strip() or None
            return
        if self.skip_stack:
            return
        self.buf.append(data)
        if self.in_a:
            self.link_chars += len(data.strip())


def html_to_text(html: str) -> tuple[str, str | None]:
    """(article text, title) of an HTML page."""
    p = _Body()
    try:
        p.feed(html)
        p.close()
    except (AssertionError, ValueError):
        pass  # malformed markup: keep what was read
    p._flush()
    return "\n".join(p.lines), p.title


_HTML_HINT = re.compile(r"<(?:!doctype\s+html|html|head|body|meta|div|p|table|br)[\s/>]", re.I)


def read_document(data: bytes, *, content_type: str | None = None, hint: str | None = None) -> DecodedDocument:
    """Decode a body and take its article text (HTML: the body without navigation, scripts and styles); `hint` is
    the source's encoding hint, used when neither the server nor the page declares a charset."""
    if len(data) > MAX_BYTES:
        raise ParseError(f"document too large: {len(data)} bytes (limit {MAX_BYTES})")
    if not data.strip():
        return DecodedDocument("", "utf-8", None, None)
    text, enc, declared = decode_bytes(data, content_type, hint=hint)
    head = text[:3000].lstrip()
    is_html = bool(content_type and "html" in content_type.lower()) or (head.startswith("<") and bool(_HTML_HINT.search(head)))
    if is_html:
        body, title = html_to_text(text)
        return DecodedDocument(body, enc, declared, title)
    return DecodedDocument(text, enc, declared, None)
