"""Detection rules: turn newly merged facts into alert edges (records, claims, milestones, targets, comparators,
revisions) and watch sources for staleness."""

from __future__ import annotations

import logging
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import duckdb
from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from statwatch import settings
from statwatch import warehouse as wh
from statwatch.alerts import fingerprint, firing_alert, upsert_alert
from statwatch.catalogue import indicator_name
from statwatch.model import Fact
from statwatch.periods import parse_period
from statwatch.sources import Calendar, Source, config_error, read_yaml

log = logging.getLogger(__name__)



class Rules(BaseModel):
    """config/rules.yaml: the series that records and milestones are kept for."""

    model_config = ConfigDict(extra="forbid")
    records: list[str] = ["rail.trains", "rail.wagons", "rail.teu"]
    milestones: dict[str, float] = {"rail.trains_cumulative": 1000.0}

    @field_validator("milestones")
    @classmethod
    def _positive(cls, v: dict[str, float]) -> dict[str, float]:
        bad = [k for k, step in v.items() if step <= 0]
        if bad:
            raise ValueError(f"milestone steps must be positive: {bad}")
        return v


def load_rules(path: Path | None = None) -> Rules:
    """config/rules.yaml (defaults when the file is absent)."""
    path = path or settings.config_dir() / "rules.yaml"
    if not path.exists():
        return Rules()
    raw = read_yaml(path)
    try:
        return Rules.model_validate(raw or {})
    except ValidationError as e:
        raise config_error(path, raw, e) from None
GRANULARITY_ZH = {"day": "单日", "month": "单月", "year": "年度"}
CLAIM_UNITS = {"列": "rail.trains", "车": "rail.wagons", "标箱": "rail.teu"}  # the series a 创新高 claim is about
COMPARATORS = ["全市", "全省", "全国"]
TARGET_RULES = ("target_pace", "growth_target", "comparator")  # inhibited while their source is stale
BROKEN_AFTER = 3  # failed fetches or fact-less documents in a row that make a source 'broken'
PERIOD_ZH = {3: "一季度", 6: "上半年", 9: "前三季度", 12: "全年"}
MEASURE_ZH = {"yoy_pct": "增速", "share_pct": "占比", "rank": "排名", "target_level": "目标",
              "target_yoy_pct": "增速目标"}
CST = ZoneInfo("Asia/Shanghai")


@dataclass
class DetectSummary:
    """What one detection run found."""

    batches: int = 0
    alerts: int = 0
    suppressed: int = 0
    rules: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)

    def count(self, rule: str, suppressed: bool) -> None:
        """Count one new alert edge."""
        self.rules[rule] = self.rules.get(rule, 0) + 1
        if suppressed:
            self.suppressed += 1
        else:
            self.alerts += 1


def topic_for(indicator: str, rule: str = "") -> str:
    """The routing topic: target rules → targets; rail.* → rail; everything else → economy."""
    if rule in ("target_pace", "growth_target"):
        return "targets"
    return "rail" if indicator.startswith("rail.") else "economy"


def _fmt(v: float) -> str:
    return f"{v:g}" if v != int(v) else str(int(v))


def _signed(v: float) -> str:
    return ("+" if v > 0 else "") + _fmt(round(v, 6))


def period_zh(period: str, granularity: str | None = None, start: date | None = None, end: date | None = None) -> str:
    """A period as staff say it: 2022年一季度, 2022年1-4月, 2022年4月22日, 2022年3月; else the ISO form."""
    if start is None or end is None:
        try:
            span = parse_period(period)
        except ValueError:
            return period
        granularity, start, end = span.granularity, span.start, span.end
    if granularity == "months" and start.month == 1 and start.year == end.year:
        return f"{end.year}年{PERIOD_ZH.get(end.month, f'1-{end.month}月')}"
    if granularity == "day":
        return f"{start.year}年{start.month}月{start.day}日"
    if granularity == "month":
        return f"{start.year}年{start.month}月"
    if granularity == "year":
        return f"{start.year}年"
    return period


def detect(con: duckdb.DuckDBPyConnection, *, sources: Sequence[Source] | None = None,
           today: date | None = None) -> DetectSummary:
    """Run every rule over batches not yet detected; alerts, notifications and the watermark commit together.

    With `sources` (the enabled ones), staleness is checked too, as of `today` (default: today in Beijing).
    """
    summary = DetectSummary()
    with wh.transaction(con):
        if sources is not None:
            check_staleness(con, sources, today or datetime.now(CST).date(), summary=summary)
        pending = con.execute(
            "SELECT count(*) FROM batches WHERE detected_at IS NULL AND status IN ('loaded', 'partial')"
        ).fetchall()[0][0]
        summary.batches = int(pending)
        if pending:
            # Revisions first: a record that a revision withdraws or changes is settled before records fire anew.
            _revisions(con, summary)
            _records(con, summary)
            _claims(con, summary)
            _milestones(con, summary)
            _targets(con, summary)
            _comparators(con, summary)
        con.execute(
            "UPDATE batches SET detected_at = ? WHERE detected_at IS NULL AND status NOT IN ('fetched')", [wh.now()]
        )
    return summary


def staleness_fingerprint(source_id: str) -> str:
    """The one staleness alert of a source."""
    return fingerprint("staleness", None, None, None, source_id)


def _emit(con: duckdb.DuckDBPyConnection, summary: DetectSummary, rule: str, row: dict[str, Any], title: str,
          payload: dict[str, Any], key: str | None = None, event: str = "firing", topic: str | None = None) -> bool:
    suppressed = "backfill" if row["mode"] == "backfill" else None
    stale = staleness_fingerprint(row["source_id"])
    if suppressed is None and event == "firing" and rule in TARGET_RULES and firing_alert(con, stale):
        # Figures from a source that stopped publishing are not news; a 恢复 of what staff were told still goes out.
        suppressed = f"inhibited by {stale}"
    created = upsert_alert(
        con, rule=rule, topic=topic or topic_for(row["indicator"], rule), indicator=row["indicator"],
        region=row["region"], period=row["period"], title=title, payload=payload, doc_id=row["doc_id"],
        source_id=row["source_id"], suppressed_reason=suppressed, key=key, event=event,
    )
    if created:
        # A silence can suppress too: count what was stored, not what was asked for.
        fp = fingerprint(rule, row["indicator"], row["region"], row["period"], key)
        state = wh.scalar(con, "SELECT state FROM alerts WHERE fingerprint = ?", [fp])
        summary.count(rule, state == "suppressed" and event == "firing")
    return created


def _without_prefix_in(name: str, region: str) -> str:
    """累计开行 rather than 中欧班列累计开行 after a region that already says 中欧班列(中豫号)."""
    for prefix in ("中欧班列",):
        if name.startswith(prefix) and prefix in region:
            return name[len(prefix):]
    return name


def _evidence(con: duckdb.DuckDBPyConnection, doc_id: str | None) -> dict[str, Any]:
    row = con.execute("SELECT url, title, published_at, fetched_at FROM documents WHERE doc_id = ?", [doc_id]).fetchone()
    if not row:
        return {}
    return {"url": row[0], "doc_title": row[1], "published_at": row[2], "fetched_at": row[3]}


def _series(con: duckdb.DuckDBPyConnection, indicator: str, measure: str, region: str, granularity: str,
            period_end: date) -> list[list[Any]]:
    """The chart's points: the last 60 values of the series up to this period."""
    rows = con.execute(wh.sql("detect_series"), [indicator, measure, region, granularity, period_end]).fetchall()
    return [[p, v] for p, v in rows]


def _previous_max(con: duckdb.DuckDBPyConnection, indicator: str, region: str, granularity: str,
                  period_end: date) -> dict[str, Any] | None:
    rows = wh.fetch_dicts(con, wh.sql("detect_series_max"), [indicator, region, granularity, period_end])
    return rows[0] if rows else None


# --- records and the claims documents make about them ---


def _is_record(value: float, qualifier: str, previous: dict[str, Any] | None) -> bool:
    """Above the earlier maximum: ties are not records, and 约/不足 values are too vague to beat anything."""
    return previous is not None and qualifier not in ("about", "under") and value > previous["value"]


def _record_alert(con: duckdb.DuckDBPyConnection, row: dict[str, Any], previous: dict[str, Any]) -> tuple[str, dict]:
    """Title and payload of a record alert (the claim of the same document, if any, confirmed)."""
    name = indicator_name(row["indicator"])
    gran = GRANULARITY_ZH.get(row["granularity"], "")
    title = (f"{row['region']}{gran}{name}{_fmt(row['value'])}{row['unit']}，创新纪录"
             f"（此前纪录{_fmt(previous['value'])}{row['unit']}，{previous['period']}）")
    claim = con.execute("SELECT quote FROM claims WHERE doc_id = ? AND period = ? AND unit = ? AND indicator LIKE "
                        "'%.record' ORDER BY claim_id LIMIT 1", [row["doc_id"], row["period"], row["unit"]]).fetchone()
    payload = {
        "indicator_name": name, "value": row["value"], "unit": row["unit"], "period": row["period"],
        "qualifier": row["qualifier"], "quote": row["quote"], "region": row["region"],
        "previous": {"value": previous["value"], "period": previous["period"], "quote": previous["quote"],
                     "qualifier": previous["qualifier"], "doc_id": previous["doc_id"]},
        "margin": row["value"] - previous["value"],
        "claim": {"quote": claim[0], "verdict": "属实"} if claim else None,
        "series": _series(con, row["indicator"], "level", row["region"], row["granularity"], row["period_end"]),
        **_evidence(con, row["doc_id"]),
    }
    return title, payload


def _records(con: duckdb.DuckDBPyConnection, summary: DetectSummary) -> None:
    """A level above every earlier value of its series; the first value of a series is a baseline."""
    for row in wh.fetch_dicts(con, wh.sql("detect_records"), [load_rules().records]):
        previous = None if row["prev_value"] is None else {
            "value": row["prev_value"], "period": row["prev_period"], "quote": row["prev_quote"],
            "qualifier": row["prev_qualifier"], "doc_id": row["prev_doc_id"]}
        if previous is None or not _is_record(row["value"], row["qualifier"], previous):
            continue
        title, payload = _record_alert(con, row, previous)
        _emit(con, summary, "record", row, title, payload)


def split_claims(facts: Iterable[Fact]) -> tuple[list[Fact], list[Fact]]:
    """(facts to merge, claims to check): 创新高/突破 statements are about history, not numbers of their own."""
    facts = list(facts)
    claims = [f for f in facts if f.indicator.endswith((".record", ".milestone"))]
    return [f for f in facts if f not in claims], claims


def write_claims(con: duckdb.DuckDBPyConnection, doc_id: str, claims: Iterable[Fact]) -> int:
    """Keep a document's claims (idempotent: reprocessing a document writes nothing twice)."""
    n = 0
    for c in claims:
        cid = "c" + wh.short_hash(doc_id, c.indicator, c.region, c.period, c.value, c.quote)
        n += len(con.execute(
            "INSERT INTO claims VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING claim_id",
            [cid, doc_id, c.indicator, c.region or "", c.period, c.value, c.unit, c.quote, wh.now()]).fetchall())
    return n


def _claims(con: duckdb.DuckDBPyConnection, summary: DetectSummary) -> None:
    """A document's 创新高 that history does not bear out (a confirmed one is said in the record alert)."""
    for claim in wh.fetch_dicts(con, wh.sql("detect_claims")):
        indicator = CLAIM_UNITS.get(claim["unit"] or "")
        if indicator is None or claim["value"] is None:
            continue  # a claim that names no series we keep cannot be checked
        try:
            span = parse_period(claim["period"])
        except ValueError:
            continue
        previous = _previous_max(con, indicator, claim["region"], span.granularity, span.end)
        if previous is None or _is_record(claim["value"], "exact", previous):
            continue  # no history to check against, or confirmed (the record alert says so)
        name = indicator_name(indicator)
        gran = GRANULARITY_ZH.get(span.granularity, "")
        title = (f"{claim['region']}{gran}{name}{_fmt(claim['value'])}{claim['unit']}称“创新高”，与历史数据不符"
                 f"（此前最高{_fmt(previous['value'])}{claim['unit']}，{previous['period']}）")
        payload = {
            "indicator_name": name, "value": claim["value"], "unit": claim["unit"], "period": claim["period"],
            "region": claim["region"], "quote": claim["quote"],
            "previous": {"value": previous["value"], "period": previous["period"], "quote": previous["quote"],
                         "doc_id": previous["doc_id"]},
            "shortfall": previous["value"] - claim["value"],
            "series": _series(con, indicator, "level", claim["region"], span.granularity, span.end),
            **_evidence(con, claim["doc_id"]),
        }
        row = {**claim, "indicator": indicator}
        _emit(con, summary, "claim_unconfirmed", row, title, payload, topic="rail")


def _milestones(con: duckdb.DuckDBPyConnection, summary: DetectSummary) -> None:
    """A running total crossing a multiple of its step."""
    steps = load_rules().milestones
    for row in wh.fetch_dicts(con, wh.sql("detect_milestones"), [list(steps)]):
        step = steps[row["indicator"]]
        if row["prev_value"] is None:
            continue
        crossed = math.floor(row["value"] / step) * step
        if crossed <= row["prev_value"] or row["value"] < crossed:
            continue
        name = indicator_name(row["indicator"])
        title = f"{row['region']}{_without_prefix_in(name, row['region'])}突破{_fmt(crossed)}{row['unit']}（截至{row['period']}：{_fmt(row['value'])}{row['unit']}）"
        payload = {
            "indicator_name": name, "threshold": crossed, "value": row["value"], "unit": row["unit"],
            "period": row["period"], "qualifier": row["qualifier"], "quote": row["quote"], "region": row["region"],
            "previous": {"value": row["prev_value"], "period": row["prev_period"]},
            "series": _series(con, row["indicator"], "level", row["region"], row["granularity"], row["period_end"]),
            **_evidence(con, row["doc_id"]),
        }
        _emit(con, summary, "milestone", row, title, payload, key=_fmt(crossed))


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
            ytd = con.execute(wh.sql("detect_ytd_series"), [row["indicator"], "level", row["region"],
                                                             int(row["year"])]).fetchall()
            payload = {**base, "expected": pace.expected, "share": pace.share, "progress": pace.progress,
                       "arithmetic": pace.arithmetic(row["unit"]), "series": [[m, v] for m, v in ytd]}
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


# --- revisions, and what they do to records already announced ---


def _decimals(v: float) -> int:
    text = f"{v:.10f}".rstrip("0")
    return len(text.split(".")[1]) if "." in text else 0


def is_revision(old: float, new: float) -> bool:
    """A change beyond rounding: relative 1e-6, and different at the coarser of the two published precisions."""
    if abs(new - old) <= 1e-6 * max(abs(old), abs(new)):
        return False
    quantum = Decimal(1).scaleb(-min(_decimals(old), _decimals(new)))
    return Decimal(repr(old)).quantize(quantum, ROUND_HALF_UP) != Decimal(repr(new)).quantize(quantum, ROUND_HALF_UP)


def _label(indicator: str, measure: str, comparator: str) -> str:
    name = indicator_name(indicator)
    if measure == "pp_diff":
        return f"{name}增速与{comparator}之差"
    return name + MEASURE_ZH.get(measure, "")


def _revisions(con: duckdb.DuckDBPyConnection, summary: DetectSummary) -> None:
    """A new vintage that differs from the one it replaced beyond rounding; records it touches are updated or withdrawn."""
    record_series = load_rules().records
    for row in wh.fetch_dicts(con, wh.sql("detect_revisions")):
        if row["unit"] != row["old_unit"] or not is_revision(row["old_value"], row["value"]):
            continue
        diff = row["value"] - row["old_value"]
        pct = diff / abs(row["old_value"]) * 100 if row["old_value"] else None
        unit = row["unit"]
        change = f"{_signed(diff)}{unit}" + (f"，{_signed(round(pct, 2))}%" if pct is not None else "")
        when = period_zh(row["period"], row["granularity"], row["period_start"], row["period_end"])
        title = (f"{row['region']}{_label(row['indicator'], row['measure'], row['comparator'])}（{when}）数据修订："
                 f"{_fmt(row['old_value'])}{unit} → {_fmt(row['value'])}{unit}（{change}）")
        old_doc = _evidence(con, row["old_doc_id"])
        payload = {
            "indicator_name": indicator_name(row["indicator"]), "measure": row["measure"],
            "comparator": row["comparator"], "region": row["region"], "period": row["period"], "period_zh": when,
            "unit": unit, "value": row["value"], "quote": row["quote"], "valid_from": row["valid_from"],
            "old": {"value": row["old_value"], "quote": row["old_quote"], "doc_id": row["old_doc_id"],
                    "valid_from": row["old_valid_from"], "url": old_doc.get("url"),
                    "published_at": old_doc.get("published_at") or row["old_valid_from"]},
            "difference": diff, "percent": pct,
            **_evidence(con, row["doc_id"]),
        }
        key = f"{row['measure']}{'/' + row['comparator'] if row['comparator'] else ''}@{row['valid_from'].isoformat()}"
        _emit(con, summary, "revision", row, title, payload, key=key)
        if (row["indicator"] in record_series and row["measure"] == "level"
                and row["granularity"] in GRANULARITY_ZH):
            _record_revised(con, summary, row)


def _record_revised(con: duckdb.DuckDBPyConnection, summary: DetectSummary, row: dict[str, Any]) -> None:
    """A record whose value was revised: still a record → an update; no longer → a withdrawal."""
    fp = fingerprint("record", row["indicator"], row["region"], row["period"])
    if not con.execute("SELECT fingerprint FROM alerts WHERE fingerprint = ?", [fp]).fetchall():
        return
    previous = _previous_max(con, row["indicator"], row["region"], row["granularity"], row["period_end"])
    revised_from = {"value": row["old_value"], "quote": row["old_quote"], "valid_from": row["old_valid_from"]}
    name = indicator_name(row["indicator"])
    gran = GRANULARITY_ZH.get(row["granularity"], "")
    unit = row["unit"]
    if previous is not None and _is_record(row["value"], row["qualifier"], previous):
        _, payload = _record_alert(con, row, previous)
        title = (f"{row['region']}{gran}{name}纪录数值修订：{_fmt(row['old_value'])}{unit} → {_fmt(row['value'])}{unit}，"
                 f"仍为新纪录（此前纪录{_fmt(previous['value'])}{unit}，{previous['period']}）")
        _emit(con, summary, "record", row, title, {**payload, "revised_from": revised_from}, event="updated")
        return
    beaten = (f"未超过此前纪录{_fmt(previous['value'])}{unit}（{previous['period']}）" if previous
              else "此前无可比数据")
    title = (f"{row['region']}{gran}{name}新纪录撤回：{row['period']}数值修订为{_fmt(row['value'])}{unit}"
             f"（原{_fmt(row['old_value'])}{unit}），{beaten}")
    payload = {
        "indicator_name": name, "value": row["value"], "unit": unit, "period": row["period"],
        "qualifier": row["qualifier"], "quote": row["quote"], "region": row["region"],
        "previous": ({"value": previous["value"], "period": previous["period"], "quote": previous["quote"]}
                     if previous else None),
        "revised_from": revised_from,
        "series": _series(con, row["indicator"], "level", row["region"], row["granularity"], row["period_end"]),
        **_evidence(con, row["doc_id"]),
    }
    _emit(con, summary, "record", row, title, payload, event="withdrawn")


# --- a region's growth against its comparator (高于全市 turned around) ---


def _relation(pp: float, comparator: str) -> str:
    if pp > 0:
        return f"高于{comparator}{_fmt(round(pp, 6))}个百分点"
    if pp < 0:
        return f"低于{comparator}{_fmt(round(-pp, 6))}个百分点"
    return f"与{comparator}持平"


def _comparators(con: duckdb.DuckDBPyConnection, summary: DetectSummary) -> None:
    """The latest YTD growth fell below the comparator's after being at or above it; back at or above → 恢复."""
    for row in wh.fetch_dicts(con, wh.sql("detect_comparators"), [COMPARATORS]):
        below, was_below = row["value"] < 0, row["prev_value"] < 0
        if below == was_below:
            continue  # no edge: still above, or still below (already told)
        year = row["period_end"].year
        cur = period_zh(row["period"], row["granularity"], row["period_start"], row["period_end"])
        prev = period_zh(row["prev_period"], row["prev_granularity"], row["prev_start"], row["prev_end"])
        if row["prev_end"].year == year:
            cur, prev = (label.removeprefix(f"{year}年") or "全年" for label in (cur, prev))
        c = row["comparator"]
        name = indicator_name(row["indicator"])
        story = f"{prev}{_relation(row['prev_value'], c)}，{cur}{_relation(row['value'], c)}"
        payload = {
            "indicator_name": name, "region": row["region"], "comparator": c, "unit": row["unit"],
            "value": row["value"], "period": row["period"], "period_zh": cur, "quote": row["quote"],
            "previous": {"value": row["prev_value"], "period": row["prev_period"], "period_zh": prev,
                         "quote": row["prev_quote"]},
            "change": row["value"] - row["prev_value"], "arithmetic": story,
            **_evidence(con, row["doc_id"]),
        }
        if below:
            title = f"{row['region']}{name}增速低于{c}（{story}）"
            _emit(con, summary, "comparator", {**row, "period": str(year)}, title, payload, key=c)
        else:
            title = f"{row['region']}{name}增速回到{c}以上（{story}）"
            _emit(con, summary, "comparator", {**row, "period": str(row["prev_end"].year)}, title, payload, key=c,
                  event="resolved")


# --- staleness: a release that did not appear, a source that broke ---


def _on_day(y: int, m: int, day: int) -> date:
    """Day `day` of a month, or its last day when the month is shorter."""
    last = (date(y + m // 12, m % 12 + 1, 1) - timedelta(days=1)).day
    return date(y, m, min(day, last))


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
            if m in months and (expected := _on_day(y, m, day)) - window > latest:
                break
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return expected if today > expected + window else None


CADENCE_ZH = {"day": "每日", "month": "月度", "quarter": "季度"}


def check_staleness(con: duckdb.DuckDBPyConnection, sources: Sequence[Source], today: date, *,
                    summary: DetectSummary | None = None) -> DetectSummary:
    """Alert (topic ops) on sources whose expected release is overdue or whose last fetches all failed; 恢复 on load."""
    from statwatch.ingest import record_health

    summary = summary if summary is not None else DetectSummary()
    for src in sources:
        st = wh.fetch_dicts(con, wh.sql("detect_staleness"), [src.id])[0]
        latest = st["latest_published"].astimezone(CST).date() if st["latest_published"] else None
        latest_text = latest.isoformat() if latest else "—"
        # A source that never published sets no baseline to be late against.
        expected = release_overdue(src.calendar, latest, today) if src.calendar and latest else None
        broken = st["failures"] >= BROKEN_AFTER
        row = {"indicator": None, "region": None, "period": None, "doc_id": None, "source_id": src.id,
               "mode": "live"}
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
            title = f"{src.name}：数据源恢复（最近一次发布{latest_text}）"
            _emit(con, summary, "staleness", row, title, payload, key=src.id, event="resolved", topic="ops")
            continue
        problems = []
        if expected:
            problems.append(f"应于{expected.isoformat()}前后发布的{payload['cadence']}数据逾期"
                            f"{payload['overdue_days']}天未发布（最近一次发布{latest_text}）")
        if broken:
            problems.append(f"最近{st['failures']}次抓取或解析均失败（最近一次：{st['last_kind']}）")
        title = f"{src.name}：" + "；".join(problems)
        if _emit(con, summary, "staleness", row, title, payload, key=src.id, topic="ops") and expected:
            record_health(con, src.id, None, "missing_release",
                          f"release expected around {expected.isoformat()} (window {payload['window_days']} "
                          f"days) not seen; latest published {latest_text}")
    return summary
