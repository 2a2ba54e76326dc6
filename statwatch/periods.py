"""ISO 8601 periods of the extract contract: granularity and first/last day."""

from __future__ import annotations

import calendar
import re
from datetime import date
from typing import NamedTuple

from statwatch.errors import ParseError


class Span(NamedTuple):
    """A period's granularity with its first and last day."""

    granularity: str  # day / month / months / year / years / days
    start: date
    end: date


_DAY = r"(\d{4})-(\d{2})-(\d{2})"
_MONTH = r"(\d{4})-(\d{2})"


def month_end(y: int, m: int) -> date:
    """The last day of a month."""
    return date(y, m, calendar.monthrange(y, m)[1])


def day_in_month(y: int, m: int, day: int) -> date:
    """Day `day` of a month, or its last day when the month is shorter."""
    return date(y, m, min(day, calendar.monthrange(y, m)[1]))


def parse_period(period: str) -> Span:
    """Parse '2022-04-22', '2022-03', '2022-01/2022-03', '2022', '2011/2020' or '2025-01-01/2025-11-06'."""
    p = period.strip()
    try:
        if m := re.fullmatch(_DAY, p):
            d = date(*map(int, m.groups()))
            return Span("day", d, d)
        if m := re.fullmatch(_MONTH, p):
            y, mo = map(int, m.groups())
            return Span("month", date(y, mo, 1), month_end(y, mo))
        if m := re.fullmatch(_MONTH + "/" + _MONTH, p):
            y1, m1, y2, m2 = map(int, m.groups())
            span = Span("months", date(y1, m1, 1), month_end(y2, m2))
        elif m := re.fullmatch(r"(\d{4})", p):
            y = int(m.group(1))
            return Span("year", date(y, 1, 1), date(y, 12, 31))
        elif m := re.fullmatch(r"(\d{4})/(\d{4})", p):
            y1, y2 = map(int, m.groups())
            span = Span("years", date(y1, 1, 1), date(y2, 12, 31))
        elif m := re.fullmatch(_DAY + "/" + _DAY, p):
            g = list(map(int, m.groups()))
            span = Span("days", date(*g[:3]), date(*g[3:]))
        else:
            raise ParseError(f"not an ISO 8601 period: {period!r}")
    except ValueError as e:
        if isinstance(e, ParseError):
            raise
        raise ParseError(f"not a valid period: {period!r} ({e})") from None
    if span.start > span.end:
        raise ParseError(f"period ends before it starts: {period!r}")
    return span
