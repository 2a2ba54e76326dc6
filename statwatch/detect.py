"""Detection rules: turn newly merged facts into alert edges (records, claims, milestones, targets, comparators,
rank changes, campaigns, revisions) and watch sources for staleness."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import duckdb

from statwatch import warehouse as wh
from statwatch.archive import TERMINAL
from statwatch.catalogue import indicator_name
from statwatch.config import Campaign, load_detection_rules
from statwatch.extract.rankings import population_size
from statwatch.ids import now
from statwatch.model import Edge, fingerprint
from statwatch.periods import parse_period
from statwatch.targets import Pace, campaign_pace, load_targets, sync_campaigns, sync_targets, ytd_months
from statwatch.wording import GRANULARITY_ZH, MEASURE_ZH, day_zh, num, period_zh, signed, ytd_label

CLAIM_UNITS = {"列": "rail.trains", "车": "rail.wagons", "标箱": "rail.teu"}  # the series a 创新高 claim is about
COMPARATORS = ["全市", "全省", "全国"]
TARGET_RULES = ("target_pace", "growth_target", "comparator")  # held back while their source is stale
# Facts of these batches are not news: history loaded by a backfill, a correction found by re-extraction.
SUPPRESSED_MODES = {"backfill": "backfill", "reextract": "correction (re-extraction)"}


@dataclass
class Detection:
    """What one detection pass found: the batches it looked at and the alert edges their facts make."""

    batches: int = 0
    edges: list[Edge] = field(default_factory=list)


def topic_for(indicator: str, rule: str = "") -> str:
    """The routing topic: target rules → targets; rail.* → rail; assessment ranks → rankings; operations counts →
    campaigns; everything else → economy."""
    if rule in ("target_pace", "growth_target"):
        return "targets"
    for prefix, topic in (("rail.", "rail"), ("assessment.", "rankings"), ("ops.", "campaigns")):
        if indicator.startswith(prefix):
            return topic
    return "economy"


def detect(con: duckdb.DuckDBPyConnection) -> Detection:
    """Run every rule over the batches merged since the last pass; returns their alert edges (nothing written but
    the targets table: the caller applies the edges and then marks the batches detected, in one transaction)."""
    found = Detection()
    found.batches = int(wh.scalar(con, wh.sql("detect_pending_batches"), [list(TERMINAL)]))
    if found.batches:
        # Revisions first: a record that a revision withdraws or changes is settled before records fire anew.
        for rule in (_revisions, _records, _claims, _milestones, _targets, _comparators, _ranks, _campaigns,
                     _quarantined):
            rule(con, found.edges)
    return found


def mark_detected(con: duckdb.DuckDBPyConnection) -> None:
    """The watermark: every finished batch has been seen by detection."""
    con.execute("UPDATE batches SET detected_at = ? WHERE detected_at IS NULL AND list_contains(?, status)",
                [now(), list(TERMINAL)])


def _emit(out: list[Edge], rule: str, row: dict[str, Any], title: str, payload: dict[str, Any],
          key: str | None = None, event: str = "firing", topic: str | None = None, quiet: str | None = None) -> None:
    """One edge of a rule about a fact's row; `quiet` records it without telling anyone (why, in the alert)."""
    out.append(Edge(rule=rule, topic=topic or topic_for(row["indicator"], rule), title=title, payload=payload,
                    indicator=row["indicator"], region=row["region"], period=row["period"], key=key, event=event,
                    doc_id=row["doc_id"], source_id=row["source_id"],
                    suppressed_reason=SUPPRESSED_MODES.get(row["mode"]) or quiet,
                    inhibitable=rule in TARGET_RULES and event == "firing"))


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
    title = (f"{row['region']}{gran}{name}{num(row['value'])}{row['unit']}，创新纪录"
             f"（此前纪录{num(previous['value'])}{row['unit']}，{previous['period']}）")
    claim = con.execute(wh.sql("detect_record_claim"), [row["doc_id"], row["period"], row["unit"]]).fetchone()
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


def _records(con: duckdb.DuckDBPyConnection, out: list[Edge]) -> None:
    """A level above every earlier value of its series; the first value of a series is a baseline."""
    for row in wh.fetch_dicts(con, wh.sql("detect_records"), [load_detection_rules().records]):
        previous = None if row["prev_value"] is None else {
            "value": row["prev_value"], "period": row["prev_period"], "quote": row["prev_quote"],
            "qualifier": row["prev_qualifier"], "doc_id": row["prev_doc_id"]}
        if previous is None or not _is_record(row["value"], row["qualifier"], previous):
            continue
        title, payload = _record_alert(con, row, previous)
        _emit(out, "record", row, title, payload)


def _claims(con: duckdb.DuckDBPyConnection, out: list[Edge]) -> None:
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
        title = (f"{claim['region']}{gran}{name}{num(claim['value'])}{claim['unit']}称“创新高”，与历史数据不符"
                 f"（此前最高{num(previous['value'])}{claim['unit']}，{previous['period']}）")
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
        _emit(out, "claim_unconfirmed", row, title, payload, topic="rail")


def _milestones(con: duckdb.DuckDBPyConnection, out: list[Edge]) -> None:
    """A running total crossing a multiple of its step."""
    steps = load_detection_rules().milestones
    for row in wh.fetch_dicts(con, wh.sql("detect_milestones"), [list(steps)]):
        step = steps[row["indicator"]]
        if row["prev_value"] is None:
            continue
        crossed = math.floor(row["value"] / step) * step
        if crossed <= row["prev_value"] or row["value"] < crossed:
            continue
        name = indicator_name(row["indicator"])
        title = f"{row['region']}{_without_prefix_in(name, row['region'])}突破{num(crossed)}{row['unit']}（截至{row['period']}：{num(row['value'])}{row['unit']}）"
        payload = {
            "indicator_name": name, "threshold": crossed, "value": row["value"], "unit": row["unit"],
            "period": row["period"], "qualifier": row["qualifier"], "quote": row["quote"], "region": row["region"],
            "previous": {"value": row["prev_value"], "period": row["prev_period"]},
            "series": _series(con, row["indicator"], "level", row["region"], row["granularity"], row["period_end"]),
            **_evidence(con, row["doc_id"]),
        }
        _emit(out, "milestone", row, title, payload, key=num(crossed))


def _targets(con: duckdb.DuckDBPyConnection, out: list[Edge]) -> None:
    """Cumulative targets against 序时进度 and growth targets; back on pace sends a 恢复 notice."""
    sync_targets(con)
    tolerance = load_targets().tolerance
    for row in wh.fetch_dicts(con, wh.sql("detect_targets")):
        months = ytd_months(row["period_start"], row["period_end"])
        if not row["is_new"] or months is None or row["fact_unit"] != row["unit"]:
            continue
        name = indicator_name(row["indicator"])
        span = ytd_label(months)
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
                title = (f"{row['region']}{name}落后序时进度：{span}{num(row['actual'])}{row['unit']}，"
                         f"应达{num(pace.expected, 2)}{row['unit']}（全年目标{cmp_zh}{num(row['target'])}{row['unit']}）")
                _emit(out, "target_pace", keyed, title, payload)
            else:
                title = (f"{row['region']}{name}回到序时进度：{span}{num(row['actual'])}{row['unit']}，"
                         f"序时进度{num(pace.expected, 2)}{row['unit']}")
                _emit(out, "target_pace", keyed, title, payload, event="resolved")
        else:
            short = row["actual"] < row["target"] if row["comparison"] == ">=" else row["actual"] <= row["target"]
            payload = {**base, "expected": row["target"],
                       "arithmetic": f"{span}增长{num(row['actual'])}%，全年目标增长{cmp_zh}{num(row['target'])}%，"
                                     f"差{num(row['target'] - row['actual'], 2)}个百分点"}
            if short:
                title = (f"{row['region']}{name}{span}增长{num(row['actual'])}%，"
                         f"低于全年目标{num(row['target'])}%")
                _emit(out, "growth_target", keyed, title, payload)
            else:
                title = f"{row['region']}{name}{span}增长{num(row['actual'])}%，达到全年目标{num(row['target'])}%"
                _emit(out, "growth_target", keyed, title, payload, event="resolved")


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
    if measure == "rank":
        return f"{_rank_label(indicator)}（{comparator}）" if comparator else _rank_label(indicator)
    return name + MEASURE_ZH.get(measure, "")


def _revisions(con: duckdb.DuckDBPyConnection, out: list[Edge]) -> None:
    """A new vintage that differs from the one it replaced beyond rounding; records it touches are updated or withdrawn."""
    record_series = load_detection_rules().records
    for row in wh.fetch_dicts(con, wh.sql("detect_revisions")):
        if row["unit"] != row["old_unit"] or not is_revision(row["old_value"], row["value"]):
            continue
        diff = row["value"] - row["old_value"]
        pct = diff / abs(row["old_value"]) * 100 if row["old_value"] else None
        when = period_zh(row["period"], row["granularity"], row["period_start"], row["period_end"])
        if row["unit"] == "rank":  # 第8名 → 第9名（下降1位）: a rank's percentage change means nothing
            unit, pct = "名", None
            old, new = f"第{num(row['old_value'])}名", f"第{num(row['value'])}名"
            change = f"{'下降' if diff > 0 else '上升'}{num(abs(diff))}位"
        else:
            unit = row["unit"]
            old, new = f"{num(row['old_value'])}{unit}", f"{num(row['value'])}{unit}"
            change = f"{signed(diff)}{unit}" + (f"，{signed(pct, 2)}%" if pct is not None else "")
        title = (f"{row['region']}{_label(row['indicator'], row['measure'], row['comparator'])}（{when}）数据修订："
                 f"{old} → {new}（{change}）")
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
        _emit(out, "revision", row, title, payload, key=key)
        if (row["indicator"] in record_series and row["measure"] == "level"
                and row["granularity"] in GRANULARITY_ZH):
            _record_revised(con, out, row)


def _record_revised(con: duckdb.DuckDBPyConnection, out: list[Edge], row: dict[str, Any]) -> None:
    """A record whose value was revised: still a record → an update; no longer → a withdrawal."""
    # Only a record staff may have heard of is updated or withdrawn (any state: a suppressed one resolves quietly).
    if not con.execute("SELECT 1 FROM alerts WHERE rule = 'record' AND indicator = ? AND region = ? AND period = ?",
                       [row["indicator"], row["region"], row["period"]]).fetchall():
        return
    previous = _previous_max(con, row["indicator"], row["region"], row["granularity"], row["period_end"])
    revised_from = {"value": row["old_value"], "quote": row["old_quote"], "valid_from": row["old_valid_from"]}
    name = indicator_name(row["indicator"])
    gran = GRANULARITY_ZH.get(row["granularity"], "")
    unit = row["unit"]
    if previous is not None and _is_record(row["value"], row["qualifier"], previous):
        _, payload = _record_alert(con, row, previous)
        title = (f"{row['region']}{gran}{name}纪录数值修订：{num(row['old_value'])}{unit} → {num(row['value'])}{unit}，"
                 f"仍为新纪录（此前纪录{num(previous['value'])}{unit}，{previous['period']}）")
        _emit(out, "record", row, title, {**payload, "revised_from": revised_from}, event="updated")
        return
    beaten = (f"未超过此前纪录{num(previous['value'])}{unit}（{previous['period']}）" if previous
              else "此前无可比数据")
    title = (f"{row['region']}{gran}{name}新纪录撤回：{row['period']}数值修订为{num(row['value'])}{unit}"
             f"（原{num(row['old_value'])}{unit}），{beaten}")
    payload = {
        "indicator_name": name, "value": row["value"], "unit": unit, "period": row["period"],
        "qualifier": row["qualifier"], "quote": row["quote"], "region": row["region"],
        "previous": ({"value": previous["value"], "period": previous["period"], "quote": previous["quote"]}
                     if previous else None),
        "revised_from": revised_from,
        "series": _series(con, row["indicator"], "level", row["region"], row["granularity"], row["period_end"]),
        **_evidence(con, row["doc_id"]),
    }
    _emit(out, "record", row, title, payload, event="withdrawn")


# --- a region's growth against its comparator (高于全市 turned around) ---


def _relation(pp: float, comparator: str) -> str:
    if pp > 0:
        return f"高于{comparator}{num(pp)}个百分点"
    if pp < 0:
        return f"低于{comparator}{num(-pp)}个百分点"
    return f"与{comparator}持平"


def _comparators(con: duckdb.DuckDBPyConnection, out: list[Edge]) -> None:
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
            _emit(out, "comparator", {**row, "period": str(year)}, title, payload, key=c)
        else:
            title = f"{row['region']}{name}增速回到{c}以上（{story}）"
            _emit(out, "comparator", {**row, "period": str(row["prev_end"].year)}, title, payload, key=c,
                  event="resolved")


# --- assessment ranks (四挂钩): moves, first place, the bottom of the table ---

def _rank_label(indicator: str) -> str:
    """综合考核排名, 发展质效排名: the category as a ranking."""
    name = indicator_name(indicator)
    return name if name.endswith("排名") else name + "排名"


def rank_events(new: int, prev: int, size: int, prev_size: int, moved: int, bottom: int,
                bottom_min_population: int) -> list[str]:
    """What a unit's move from rank `prev` to rank `new` (of `size` units, `prev_size` before) is news for: first
    place reached or lost (which says the move too), else a move by at least `moved` places; and the bottom `bottom`
    two periods running, in a population of at least `bottom_min_population`."""
    events = []
    if new == 1 and prev != 1:
        events.append("first_reached")
    elif prev == 1 and new != 1:
        events.append("first_lost")
    elif abs(prev - new) >= moved:
        events.append("up" if new < prev else "down")
    if (min(size, prev_size) >= bottom_min_population and new > size - bottom and prev > prev_size - bottom):
        events.append("bottom")
    return events


def _rank_title(event: str, region: str, label: str, comparator: str, new: int, prev: int, bottom: int) -> str:
    if event == "first_reached":
        return f"{region} {label} {comparator}第一（上期第{prev}）"
    if event == "first_lost":
        return f"{region} {label} 失去{comparator}第一（第1→第{new}）"
    if event in ("up", "down"):
        word = "上升" if event == "up" else "下降"
        return f"{region} {label}{word}{abs(prev - new)}位（第{prev}→第{new}，{comparator}）"
    return f"{region} {label} 连续两期{comparator}倒数前{bottom}（上期第{prev}，本期第{new}）"


def _ranks(con: duckdb.DuckDBPyConnection, out: list[Edge]) -> None:
    """A unit's rank against the previous period of the same length: moved by N places, first place reached or lost,
    in the bottom three two periods running. One alert per unit, category, population, period and kind of event:
    a revised ranking page (a new vintage of the same period) does not tell the same event again."""
    cfg = load_detection_rules().ranks
    for row in wh.fetch_dicts(con, wh.sql("detect_ranks")):
        new, prev = int(row["value"]), int(row["prev_value"])
        named = population_size(row["comparator"])
        size, prev_size = named or int(row["ranked"]), named or int(row["prev_ranked"])
        events = rank_events(new, prev, size, prev_size, cfg.moved, cfg.bottom, cfg.bottom_min_population)
        told = _rank_alerts(con, row)
        keys = {_rank_key(row["comparator"], event) for event in events}
        if not events and not told:
            continue
        label = _rank_label(row["indicator"])
        when = period_zh(row["period"], row["granularity"], row["period_start"], row["period_end"])
        before = period_zh(row["prev_period"], row["prev_granularity"], row["prev_start"], row["prev_end"])
        change = prev - new
        move = "持平" if change == 0 else f"{'上升' if change > 0 else '下降'}{abs(change)}位"
        payload = {
            "indicator_name": label, "region": row["region"], "comparator": row["comparator"], "population": size,
            "value": new, "unit": "名", "period": row["period"], "period_zh": when, "quote": row["quote"],
            "previous": {"value": prev, "period": row["prev_period"], "period_zh": before, "quote": row["prev_quote"],
                         "doc_id": row["prev_doc_id"], "population": prev_size},
            "change": change,
            "arithmetic": f"{before}第{prev}名 → {when}第{new}名，{move}（{row['comparator']}，共{size}个单位）",
            **_evidence(con, row["doc_id"]),
        }
        for event in events:
            title = _rank_title(event, row["region"], label, row["comparator"], new, prev, cfg.bottom)
            _emit(out, "rank_change", row, title, {**payload, "event": event}, key=_rank_key(row["comparator"], event))
        # A revised page on which an event told before no longer holds (第8名 revised to 第6名: no longer down 3
        # places): that alert is withdrawn (【数据修订】, to those who were told). One that still holds is not told
        # again; the revision alert says the new rank.
        for key, (old_title, old_event) in told.items():
            if key not in keys:
                title = (f"{row['region']} {label}提醒撤回：{when}修订为第{new}名（上期第{prev}名，"
                         f"{row['comparator']}），原提醒“{old_title}”不再成立")
                _emit(out, "rank_change", row, title, {**payload, "event": old_event, "withdrawn_title": old_title},
                      key=key, event="withdrawn")


def _rank_key(comparator: str, event: str) -> str:
    """The alert key of a rank event: a move up or down is one alert (a revision may turn one into the other)."""
    return f"{comparator}/{'moved' if event in ('up', 'down') else event}"


def _rank_alerts(con: duckdb.DuckDBPyConnection, row: dict[str, Any]) -> dict[str, tuple[str, str]]:
    """The rank events told of this unit, category, population and period that still stand (not withdrawn nor
    resolved): key → (title, event)."""
    base = fingerprint("rank_change", row["indicator"], row["region"], row["period"]) + "|"
    rows = con.execute(wh.sql("detect_rank_alerts"), [f"{base}{row['comparator']}/"]).fetchall()
    return {fp[len(base):]: (title, event or "") for fp, title, event in rows}


# --- operations campaigns: 序时进度 over the campaign's days, completion, a digest a day ---


def _campaigns(con: duckdb.DuckDBPyConnection, out: list[Edge]) -> None:
    """Each campaign's latest cumulative count, when it is new: behind pace (【落后】, once; 【恢复】 when caught up),
    completed (【完成】, once per campaign), and the day's digest (【进度】) while the campaign runs."""
    campaigns = {c.id: c for c in sync_campaigns(con)}
    if not campaigns:
        return
    for row in wh.fetch_dicts(con, wh.sql("detect_campaigns"), [list(campaigns)]):
        if not row["is_new"]:
            continue
        c = campaigns[row["campaign_id"]]
        as_of: date = row["as_of"]
        pace = campaign_pace(c, row["cumulative"], as_of)
        keyed = {**row, "indicator": c.indicator, "region": c.region, "period": f"{c.start}/{c.deadline}"}
        base = {"campaign_id": c.id, "campaign": c.name, "indicator_name": indicator_name(c.indicator),
                "region": c.region, "unit": c.unit, "start": c.start, "deadline": c.deadline, "plan": c.plan,
                "as_of": as_of, "period": row["period"], "actual": row["cumulative"], "cumulative": row["cumulative"],
                "expected": pace.expected, "share": pace.share, "progress": pace.progress, "done_share": pace.done,
                "elapsed_days": pace.elapsed, "window_days": pace.window, "days_left": max((c.deadline - as_of).days, 0),
                "arithmetic": pace.arithmetic(c.unit), "quote": row["quote"], **_evidence(con, row["doc_id"])}
        cum = f"{num(row['cumulative'])}{c.unit}"
        done_on: date | None = row["done_on"]
        if done_on is not None:
            lead = (f"逾期{(done_on - c.deadline).days}天" if done_on > c.deadline
                    else f"提前{(c.deadline - done_on).days}天" if done_on < c.deadline else "按期")
            took = f"用时{(done_on - c.start).days + 1}天，{lead}"
            title = (f"{c.name}完成计划{num(c.plan)}{c.unit}：截至{day_zh(as_of)}累计{cum}（{took}）" if done_on == as_of
                     else f"{c.name}已于{day_zh(done_on)}完成计划{num(c.plan)}{c.unit}（{took}；截至{day_zh(as_of)}累计{cum}）")
            _emit(out, "campaign_done", keyed, title, {**base, "done_on": done_on}, key=c.id)
            # Completion says all there is: a behind-pace alert staff were told ends without a 【恢复】 of its own.
            _emit(out, "campaign_pace", keyed, f"{c.name}已完成计划", base, key=c.id, event="resolved",
                  quiet="completed (told by campaign_done)")
        elif as_of <= c.deadline:
            if pace.behind:
                title = (f"{c.name}落后序时进度：截至{day_zh(as_of)}累计{cum}，应达{num(pace.expected, 2)}{c.unit}"
                         f"（计划{num(c.plan)}{c.unit}，{day_zh(c.deadline)}前完成）")
                _emit(out, "campaign_pace", keyed, title, base, key=c.id)
            else:
                title = (f"{c.name}回到序时进度：截至{day_zh(as_of)}累计{cum}，"
                         f"序时进度{num(pace.expected, 2)}{c.unit}")
                _emit(out, "campaign_pace", keyed, title, base, key=c.id, event="resolved")
        if c.start <= as_of <= c.deadline and (done_on is None or done_on >= as_of):
            _campaign_digest(con, out, c, row, base, pace)


def _campaign_digest(con: duckdb.DuckDBPyConnection, out: list[Edge], c: Campaign, row: dict[str, Any],
                     base: dict[str, Any], pace: Pace) -> None:
    """The day's 【进度】 of a campaign: one per as-of day (the fingerprint's period), whatever number of bulletins
    arrived, summarising the progress since the last digest staff were told."""
    as_of: date = row["as_of"]
    last = con.execute(wh.sql("detect_campaign_digest"),
                       [c.indicator, c.region, c.start.isoformat(), as_of.isoformat(), c.id]).fetchone()
    since_day, since_value = (last[0], last[1]) if last else (None, 0.0)
    today = row["day_count"]
    if today is None and row["prev_day_cumulative"] is not None:
        today = row["cumulative"] - row["prev_day_cumulative"]
    ahead = row["cumulative"] - pace.expected
    relation = f"{'超出' if ahead >= 0 else '落后'}序时进度{num(abs(ahead), 2)}{c.unit}"
    since = f"自{day_zh(date.fromisoformat(since_day))}日报以来" if since_day else f"自{day_zh(c.start)}开始以来"
    payload = {**base, "today": today, "since": {"day": since_day, "cumulative": since_value,
                                                  "increase": row["cumulative"] - since_value, "label": since},
               "relation": relation}
    title = (f"{c.name} {day_zh(as_of)}：累计{num(row['cumulative'])}{c.unit}，完成计划的{pace.done:.1%}"
             f"（序时进度{pace.share:.1%}），剩余{payload['days_left']}天")
    _emit(out, "campaign_digest", {**row, "indicator": c.indicator, "region": c.region, "period": as_of.isoformat()},
          title, payload, key=c.id)


# --- rows the validation gate held back: the data engineers on call hear of every batch ---


def _quarantined(con: duckdb.DuckDBPyConnection, out: list[Edge]) -> None:
    """An ops alert for each newly finished batch with quarantined rows (never held back by a backfill)."""
    for row in wh.fetch_dicts(con, wh.sql("detect_quarantined")):
        payload = {"batch_id": row["batch_id"], "doc_id": row["doc_id"], "url": row["url"], "held": row["held"],
                   "failed_expectations": json.loads(row["failed_checks"]), "data_docs": row["data_docs"]}
        out.append(Edge(rule="quality", topic="ops", title=f"数据质量：{row['held']} 条数据被隔离（{row['source_id']}）",
                        payload=payload, key=row["batch_id"], doc_id=row["doc_id"], source_id=row["source_id"]))
