"""How statwatch speaks to staff: the time zone, numbers, periods and times, one voice for subject, body and chart."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from statwatch.ids import now
from statwatch.periods import parse_period

CST = ZoneInfo("Asia/Shanghai")  # publishers' local time; staff read Beijing time

PERIOD_ZH = {3: "一季度", 6: "上半年", 9: "前三季度", 12: "全年"}
QUARTER_ZH = {1: "一季度", 4: "二季度", 7: "三季度", 10: "四季度"}  # by the quarter's first month
GRANULARITY_ZH = {"day": "单日", "month": "单月", "year": "年度"}
MEASURE_ZH = {"yoy_pct": "增速", "share_pct": "占比", "rank": "排名", "target_level": "目标",
              "target_yoy_pct": "增速目标"}
CADENCE_ZH = {"day": "每日", "month": "月度", "quarter": "季度"}


def num(value: Any, places: int = 6) -> str:
    """A number as staff read it: 489.5, 6 (not 6.0), 1234567, rounded to `places` decimals; None → —."""
    if value is None:
        return "—"
    v = round(float(value), places)
    if v == int(v):
        return str(int(v))
    return f"{v:.{places}f}".rstrip("0").rstrip(".")


def signed(value: Any, places: int = 6) -> str:
    """A change with its sign: +0.6, -1.2, 0."""
    if value is None:
        return "—"
    return ("+" if float(value) > 0 else "") + num(value, places)


def ytd_label(months: int) -> str:
    """一季度, 上半年, 前三季度, 全年, else 1-N月."""
    return PERIOD_ZH.get(months, f"1-{months}月")


def period_zh(period: str, granularity: str | None = None, start: date | None = None, end: date | None = None) -> str:
    """A period as staff say it: 2022年一季度, 2022年1-4月, 2022年二季度, 2022年4月22日, 2022年3月; else the ISO
    form."""
    if start is None or end is None:
        try:
            span = parse_period(period)
        except ValueError:
            return period
        granularity, start, end = span.granularity, span.start, span.end
    if granularity == "months" and start.month == 1 and start.year == end.year:
        return f"{end.year}年{ytd_label(end.month)}"
    if (granularity == "months" and start.month in QUARTER_ZH and start.year == end.year
            and end.month == start.month + 2):
        return f"{start.year}年{QUARTER_ZH[start.month]}"
    if granularity == "day":
        return f"{start.year}年{start.month}月{start.day}日"
    if granularity == "month":
        return f"{start.year}年{start.month}月"
    if granularity == "year":
        return f"{start.year}年"
    return period


def day_zh(day: date) -> str:
    """A day within a story staff follow day by day: 5月20日."""
    return f"{day.month}月{day.day}日"


def beijing_time(value: Any) -> str:
    """An instant (datetime or ISO text, UTC in the warehouse) as staff read it: 2022-04-22 18:00（北京时间）."""
    if value is None or value == "":
        return "—"
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return value
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return f"{value.astimezone(CST):%Y-%m-%d %H:%M}（北京时间）"


def beijing_today() -> date:
    """Today's date in Beijing."""
    return now().astimezone(CST).date()
