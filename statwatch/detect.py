"""Detection rules: turn newly merged facts into alert edges (records, milestones)."""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass, field
from typing import Any

import duckdb

from statwatch import warehouse as wh
from statwatch.alerts import upsert_alert
from statwatch.catalogue import indicator_name

log = logging.getLogger(__name__)

RECORD_INDICATORS = ["rail.trains", "rail.wagons", "rail.teu"]
MILESTONE_STEPS = {"rail.trains_cumulative": 1000.0}
TOPIC = {"rail": "rail"}
GRANULARITY_ZH = {"day": "单日", "month": "单月", "year": "年度"}


@dataclass
class DetectSummary:
    """What one detection run found."""

    batches: int = 0
    alerts: int = 0
    suppressed: int = 0
    rules: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def topic_for(indicator: str, rule: str = "") -> str:
    """The routing topic: target rules → targets; rail.* → rail; everything else → economy."""
    if rule in ("target_pace", "growth_target"):
        return "targets"
    return "rail" if indicator.startswith("rail.") else "economy"


def _fmt(v: float) -> str:
    return f"{v:g}" if v != int(v) else str(int(v))


def detect(con: duckdb.DuckDBPyConnection) -> DetectSummary:
    """Run every rule over batches not yet detected; alerts, notifications and the watermark commit together."""
    summary = DetectSummary()
    with wh.transaction(con):
        pending = con.execute(
            "SELECT count(*) FROM batches WHERE detected_at IS NULL AND status IN ('loaded', 'partial')"
        ).fetchone()[0]
        summary.batches = int(pending)
        if pending:
            _records(con, summary)
            _milestones(con, summary)
            _targets(con, summary)
        con.execute(
            "UPDATE batches SET detected_at = ? WHERE detected_at IS NULL AND status NOT IN ('fetched')", [wh.now()]
        )
    return summary


def _emit(con: duckdb.DuckDBPyConnection, summary: DetectSummary, rule: str, row: dict[str, Any], title: str,
          payload: dict[str, Any], key: str | None = None, event: str = "firing") -> None:
    suppressed = "backfill" if row["mode"] == "backfill" else None
    created = upsert_alert(
        con, rule=rule, topic=topic_for(row["indicator"], rule), indicator=row["indicator"], region=row["region"],
        period=row["period"], title=title, payload=payload, doc_id=row["doc_id"], source_id=row["source_id"],
        suppressed_reason=suppressed, key=key, event=event,
    )
    if created:
        summary.rules[rule] = summary.rules.get(rule, 0) + 1
        if suppressed:
            summary.suppressed += 1
        else:
            summary.alerts += 1


def _evidence(con: duckdb.DuckDBPyConnection, doc_id: str) -> dict[str, Any]:
    row = con.execute("SELECT url, title, published_at, fetched_at FROM documents WHERE doc_id = ?", [doc_id]).fetchone()
    if not row:
        return {}
    return {"url": row[0], "doc_title": row[1], "published_at": row[2], "fetched_at": row[3]}


def _records(con: duckdb.DuckDBPyConnection, summary: DetectSummary) -> None:
    """A level above every earlier value of its series; the first value of a series is a baseline."""
    for row in wh.fetch_dicts(con, wh.sql("detect_records"), [RECORD_INDICATORS]):
        if row["prev_value"] is None or row["qualifier"] in ("about", "under"):
            continue  # baseline, or a value too vague to beat anything
        if not row["value"] > row["prev_value"]:
            continue  # ties are not records
        name = indicator_name(row["indicator"])
        gran = GRANULARITY_ZH.get(row["granularity"], "")
        title = (f"{row['region']}{gran}{name}{_fmt(row['value'])}{row['unit']}，创新纪录"
                 f"（此前纪录{_fmt(row['prev_value'])}{row['unit']}，{row['prev_period']}）")
        payload = {
            "indicator_name": name, "value": row["value"], "unit": row["unit"], "period": row["period"],
            "qualifier": row["qualifier"], "quote": row["quote"], "region": row["region"],
            "previous": {"value": row["prev_value"], "period": row["prev_period"], "quote": row["prev_quote"],
                         "qualifier": row["prev_qualifier"], "doc_id": row["prev_doc_id"]},
            "margin": row["value"] - row["prev_value"],
            **_evidence(con, row["doc_id"]),
        }
        _emit(con, summary, "record", row, title, payload)


def _milestones(con: duckdb.DuckDBPyConnection, summary: DetectSummary) -> None:
    """A running total crossing a multiple of its step."""
    for row in wh.fetch_dicts(con, wh.sql("detect_milestones"), [list(MILESTONE_STEPS)]):
        step = MILESTONE_STEPS[row["indicator"]]
        if row["prev_value"] is None:
            continue
        crossed = math.floor(row["value"] / step) * step
        if crossed <= row["prev_value"] or row["value"] < crossed:
            continue
        name = indicator_name(row["indicator"])
        title = f"{row['region']}{name}突破{_fmt(crossed)}{row['unit']}（截至{row['period']}：{_fmt(row['value'])}{row['unit']}）"
        payload = {
            "indicator_name": name, "threshold": crossed, "value": row["value"], "unit": row["unit"],
            "period": row["period"], "qualifier": row["qualifier"], "quote": row["quote"], "region": row["region"],
            "previous": {"value": row["prev_value"], "period": row["prev_period"]},
            **_evidence(con, row["doc_id"]),
        }
        _emit(con, summary, "milestone", row, title, payload, key=_fmt(crossed))


PERIOD_ZH = {3: "一季度", 6: "上半年", 9: "前三季度", 12: "全年"}


def _targets(con: duckdb.DuckDBPyConnection, summary: DetectSummary) -> None:
    """Cumulative targets against 序时进度 and growth targets; back on pace sends a 恢复 notice."""
    from statwatch.targets import Pace, load_targets, sync_targets, ytd_months

    sync_targets(con)
    tolerance = load_targets().tolerance
    for row in wh.fetch_dicts(con, wh.sql("detect_targets")):
        months = ytd_months(row["period_start"], row["period_end"])
        if not row["is_new"] or months is None or row["fact_unit"] != row["unit"]:
            continue
        name = indicator_name(row["indicator"])
        span = PERIOD_ZH.get(months, f"1-{months}月")
        cmp_zh = "超" if row["comparison"] == ">" else "不低于"
        base = {"indicator_name": name, "target": row["target"], "comparison": row["comparison"],
                "target_origin": row["origin"], "target_quote": row["target_quote"], "actual": row["actual"],
                "unit": row["unit"], "period": row["period"], "months": months, "quote": row["quote"],
                "region": row["region"], **_evidence(con, row["doc_id"])}
        keyed = {**row, "period": row["year"]}
        if row["measure"] == "level":
            pace = Pace(row["target"], months, row["actual"], tolerance)
            payload = {**base, "expected": pace.expected, "share": pace.share, "progress": pace.progress,
                       "arithmetic": pace.arithmetic(row["unit"])}
            if pace.behind:
                title = (f"{row['region']}{name}落后序时进度：{span}{_fmt(row['actual'])}{row['unit']}，"
                         f"应达{_fmt(round(pace.expected, 2))}{row['unit']}（全年目标{cmp_zh}{_fmt(row['target'])}{row['unit']}）")
                _emit(con, summary, "target_pace", keyed, title, payload)
            else:
                title = (f"{row['region']}{name}回到序时进度：{span}{_fmt(row['actual'])}{row['unit']}，"
                         f"序时进度{_fmt(round(pace.expected, 2))}{row['unit']}")
                _emit(con, summary, "target_pace", keyed, title, payload, event="resolved")
        else:
            short = row["actual"] < row["target"] if row["comparison"] == ">=" else row["actual"] <= row["target"]
            payload = {**base, "expected": row["target"],
                       "arithmetic": f"{span}增长{_fmt(row['actual'])}%，全年目标增长{cmp_zh}{_fmt(row['target'])}%，"
                                     f"差{_fmt(round(row['target'] - row['actual'], 2))}个百分点"}
            if short:
                title = (f"{row['region']}{name}{span}增长{_fmt(row['actual'])}%，"
                         f"低于全年目标{_fmt(row['target'])}%")
                _emit(con, summary, "growth_target", keyed, title, payload)
            else:
                title = f"{row['region']}{name}{span}增长{_fmt(row['actual'])}%，达到全年目标{_fmt(row['target'])}%"
                _emit(con, summary, "growth_target", keyed, title, payload, event="resolved")
