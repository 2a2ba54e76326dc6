"""Source health: what went wrong with a source (recorded by every stage), and staleness — a release that did
not appear, or a source whose fetches and parses keep failing — as alert edges."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

import duckdb

from statwatch import warehouse as wh
from statwatch.config import Calendar, Source
from statwatch.ids import now, short_hash
from statwatch.model import Edge
from statwatch.periods import day_in_month
from statwatch.wording import CADENCE_ZH, CST

BROKEN_AFTER = 3  # failed fetches or fact-less documents in a row that make a source 'broken'
KINDS = ("fetch_failed", "rejected", "parse_failed", "no_facts", "missing_release")


def record_health(con: duckdb.DuckDBPyConnection, source_id: str, url: str | None, kind: str, reason: str, *,
                  once: str | None = None) -> None:
    """Append a source_health event; with `once`, the event is recorded only the first time that key is seen."""
    if kind not in KINDS:
        raise ValueError(f"unknown source_health kind {kind!r}")
    ts = now()
    event_id = short_hash(source_id, kind, once) if once else short_hash(source_id, url, kind, reason, ts.isoformat())
    con.execute(wh.sql("health_record"), [event_id, source_id, url, kind, reason[:500], ts])


def release_overdue(calendar: Calendar, latest: date, today: date) -> date | None:
    """The expected day of the release after `latest` when its window has passed by `today`, else None.

    Daily: the next day, plus window_days. Monthly/quarterly: day_of_month (default 15) of every month, or of the month
    after each quarter end; a release up to window_days early counts as that release.
    """
    window = timedelta(days=calendar.window_days)
    if calendar.every == "day":
        expected = latest + timedelta(days=1)
    else:
        months = range(1, 13) if calendar.every == "month" else (1, 4, 7, 10)
        day = calendar.day_of_month or 15
        y, m = latest.year, latest.month
        while True:
            if m in months and (expected := day_in_month(y, m, day)) - window > latest:
                break
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return expected if today > expected + window else None


def staleness_edges(con: duckdb.DuckDBPyConnection, sources: Sequence[Source], today: date) -> list[Edge]:
    """One staleness edge per source (topic ops): firing while a release is overdue or the source is broken, else
    resolved; a missing release is also recorded in source_health, once per expected release."""
    edges = []
    for src in sources:
        st = wh.fetch_dicts(con, wh.sql("detect_staleness"), [src.id])[0]
        latest = st["latest_published"].astimezone(CST).date() if st["latest_published"] else None
        latest_text = latest.isoformat() if latest else "—"
        # A source that never published sets no baseline to be late against.
        expected = release_overdue(src.calendar, latest, today) if src.calendar and latest else None
        broken = st["failures"] >= BROKEN_AFTER
        payload = {
            "source_id": src.id, "source_name": src.name, "today": today.isoformat(),
            "latest_published": st["latest_published"], "last_loaded": st["last_loaded"],
            "cadence": CADENCE_ZH.get(src.calendar.every, "") if src.calendar else None,
            "window_days": src.calendar.window_days if src.calendar else None,
            "expected_release": expected.isoformat() if expected else None,
            "overdue_days": (today - expected).days if expected else None,
            "failures": st["failures"], "last_failure": {"kind": st["last_kind"], "reason": st["last_reason"],
                                                         "at": st["last_failure_at"]} if st["failures"] else None,
        }
        if expected is None and not broken:
            edges.append(Edge("staleness", "ops", f"{src.name}：数据源恢复（最近一次发布{latest_text}）", payload,
                              key=src.id, source_id=src.id, event="resolved"))
            continue
        problems = []
        if expected:
            problems.append(f"应于{expected.isoformat()}前后发布的{payload['cadence']}数据逾期"
                            f"{payload['overdue_days']}天未发布（最近一次发布{latest_text}）")
            record_health(con, src.id, None, "missing_release",
                          f"release expected around {expected.isoformat()} (window {payload['window_days']} "
                          f"days) not seen; latest published {latest_text}", once=expected.isoformat())
        if broken:
            problems.append(f"最近{st['failures']}次抓取或解析均失败（最近一次：{st['last_kind']}）")
        edges.append(Edge("staleness", "ops", f"{src.name}：" + "；".join(problems), payload, key=src.id,
                          source_id=src.id))
    return edges
