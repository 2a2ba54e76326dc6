"""Scraped text on its way to people: the characters that steer terminals, mail headers and layout come out."""

from __future__ import annotations

import re

# C0 and C1 controls (ESC, CR/LF, NEL U+0085, CSI U+009B …), DEL, Unicode line and paragraph separators, and the
# bidirectional overrides and isolates that can make a line read differently from what it says.
_BEYOND_C0 = "\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069"
_CONTROL = re.compile(f"[\x00-\x1f{_BEYOND_C0}]+")
_CONTROL_KEEP_LINES = re.compile(f"[\x00-\x08\x0b-\x1f{_BEYOND_C0}]+")
_JSON_RAW = re.compile(f"[{_BEYOND_C0}]")  # what json.dumps(ensure_ascii=False) leaves unescaped


def one_line(text: str, limit: int | None = None) -> str:
    """The text on one line with every control character a space (mail headers, one-line messages)."""
    out = _CONTROL.sub(" ", text).strip()
    return out[:limit] if limit else out


def printable(text: str) -> str:
    """The text with controls removed but its line breaks and tabs kept (table cells, CSV fields)."""
    return _CONTROL_KEEP_LINES.sub("", text)


def json_safe(text: str) -> str:
    """JSON text with the controls json leaves raw (C1, separators, bidi) written as \\u escapes."""
    return _JSON_RAW.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
