"""The validation gate: GX suites from expectations/, cross-document context, quarantine and release."""

from __future__ import annotations

import hashlib
import json
import logging
import math
import time
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from statwatch import settings
from statwatch.errors import ValidationFailed

if TYPE_CHECKING:  # heavy modules stay out of the import path of DAG files and the CLI
    import duckdb
    import pandas as pd

log = logging.getLogger(__name__)

CRITICAL = "critical"
WARNING = "warning"
SEVERITIES = (CRITICAL, WARNING)

# Columns added by release() for re-validation; never part of the staged row itself.
OVERRIDES_COLUMN = "quality_overrides"
QUARANTINE_IDS_COLUMN = "quarantine_ids"
_INTERNAL = (OVERRIDES_COLUMN, QUARANTINE_IDS_COLUMN, "_row")

# A row held back only because another row of a batch whose rows are not independent failed.
BATCH_BLOCKED = "batch_not_independent"


def expectations_dir() -> Path:
    """The folder with one GX suite per table."""
    return settings.project_dir() / "expectations"


@cache
def load_suite(table: str = "facts") -> dict[str, Any]:
    """The suite expectations/<table>.json as plain JSON (no GX import)."""
    path = expectations_dir() / f"{table}.json"
    if not path.is_file():
        raise ValueError(f"no expectation suite for table {table!r}: {path} does not exist")
    suite = json.loads(path.read_text(encoding="utf-8"))
    checks: set[str] = set()
    for i, exp in enumerate(suite.get("expectations", [])):
        meta = exp.setdefault("meta", {})
        if meta.get("severity") not in SEVERITIES:
            raise ValueError(f"{path}: expectation {i} ({exp.get('type')}) has severity {meta.get('severity')!r}, not one of {SEVERITIES}")
        # The check name ties GX's results (which do not keep suite order) back to the suite's entries.
        meta.setdefault("check", f"{i}:{exp.get('type')}")
        if meta["check"] in checks:
            raise ValueError(f"{path}: check name {meta['check']!r} is used twice")
        checks.add(meta["check"])
    return suite


def expectation_key(expectation: str, kwargs: dict[str, Any]) -> str:
    """A stable name of one expectation (type + canonical kwargs), the unit of an override."""
    return expectation + json.dumps(kwargs, sort_keys=True, ensure_ascii=False, default=str)


@dataclass(frozen=True)
class Failure:
    """One failed expectation: on one row (failed_rows) or over a batch (warnings)."""

    expectation: str
    kwargs: dict[str, Any]
    severity: str
    why: str
    check: str = ""
    rows: tuple[int, ...] = ()
    observed: dict[str, Any] = field(default_factory=dict)

    @property
    def key(self) -> str:
        return expectation_key(self.expectation, self.kwargs)

    def reason(self) -> str:
        """A one-line explanation with the observed values."""
        seen = ", ".join(f"{k}={v:.6g}" if isinstance(v, float) else f"{k}={v!r}" for k, v in self.observed.items())
        return f"[{self.check or self.expectation}] {self.why}" + (f" (observed {seen})" if seen else "")


@dataclass
class ValidationReport:
    """The outcome of validating one staged batch against its table's suite."""

    batch_id: str
    table: str
    rows: int
    rows_independent: bool
    failed_rows: dict[int, list[Failure]]
    warnings: list[Failure]
    overridden: dict[int, list[Failure]]
    expectations: list[dict[str, Any]]
    gx_version: str
    seconds: float
    gx_result: Any = field(default=None, repr=False, compare=False)

    @property
    def success(self) -> bool:
        """True when no row failed a critical expectation (overrides excepted)."""
        return not self.failed_rows

    def failed_checks(self) -> list[str]:
        """Names of the critical checks that failed, in suite order."""
        failed = {f.check for fs in self.failed_rows.values() for f in fs}
        return [e["check"] for e in self.expectations if e["check"] in failed]

    def passing_mask(self, df: pd.DataFrame) -> pd.Series:
        """Rows that may be merged: all, the non-failing ones (rows independent), or none."""
        import pandas as pd

        if len(df) != self.rows:
            raise ValueError(f"report is for {self.rows} rows, the frame has {len(df)}")
        if self.success:
            ok = [True] * len(df)
        elif self.rows_independent:
            ok = [i not in self.failed_rows for i in range(len(df))]
        else:
            ok = [False] * len(df)
        return pd.Series(ok, index=df.index, dtype=bool)

    def summary(self) -> dict[str, Any]:
        """A JSON-able summary for batches.validation, XCom and alerts."""
        return {
            "batch_id": self.batch_id,
            "table": self.table,
            "success": self.success,
            "rows": self.rows,
            "rows_failed": len(self.failed_rows),
            "rows_independent": self.rows_independent,
            "evaluated": len(self.expectations),
            "successful": sum(1 for e in self.expectations if e["success"]),
            "critical_failures": sum(1 for e in self.expectations if not e["success"] and e["severity"] == CRITICAL),
            "warnings": sum(1 for e in self.expectations if not e["success"] and e["severity"] == WARNING),
            "overridden": sum(len(v) for v in self.overridden.values()),
            "failed_checks": self.failed_checks(),
            "expectations": self.expectations,
            "gx_version": self.gx_version,
            "seconds": round(self.seconds, 3),
        }

    def raise_for_failure(self) -> None:
        """Raise ValidationFailed naming the failed critical checks, if any."""
        if not self.success:
            checks = self.failed_checks()
            raise ValidationFailed(
                f"batch {self.batch_id}: {len(self.failed_rows)} of {self.rows} rows failed {', '.join(checks)}",
                batch_id=self.batch_id,
                failed=checks,
            )


# --- GX: one ephemeral context, data source and suite per process -------------------------------------


@cache
def _gx_context() -> Any:
    """The process-wide ephemeral GX context with a pandas data source (GX imported here, lazily)."""
    import great_expectations as gx
    from great_expectations.data_context.types.base import (
        DataContextConfig,
        InMemoryStoreBackendDefaults,
        ProgressBarsConfig,
    )

    cfg = DataContextConfig(store_backend_defaults=InMemoryStoreBackendDefaults())
    cfg.data_docs_sites = {}  # else GX makes a temporary docs folder per process; write_data_docs has its own
    ctx = gx.get_context(mode="ephemeral", project_config=cfg)
    # tqdm bars would flood Airflow task logs.
    ctx.variables.progress_bars = ProgressBarsConfig(globally=False)
    ctx.data_sources.add_pandas("statwatch_staged")
    return ctx


@cache
def _gx_suite_and_batch(table: str) -> tuple[Any, Any]:
    """The GX suite built from expectations/<table>.json and a whole-dataframe batch definition."""
    from great_expectations.core.expectation_suite import ExpectationSuite

    ctx = _gx_context()
    spec = load_suite(table)
    suite = ctx.suites.add(
        ExpectationSuite(
            name=spec["name"],
            # A deep copy: GX must not alter the cached JSON that failures and overrides are read from.
            expectations=json.loads(json.dumps(spec["expectations"])),
            meta=json.loads(json.dumps(spec.get("meta", {}))),
        )
    )
    asset = ctx.data_sources.get("statwatch_staged").add_dataframe_asset(table)
    return suite, asset.add_batch_definition_whole_dataframe(f"{table}_batch")


def _json_safe(v: Any) -> Any:
    """A JSON-able scalar: NaN/NaT/NA → None, dates → ISO text, numpy scalars → Python."""
    if isinstance(v, list | tuple):
        return [_json_safe(x) for x in v]
    if hasattr(v, "tolist") and not isinstance(v, str | bytes):  # numpy scalars and arrays
        v = v.tolist()
        if isinstance(v, list):
            return [_json_safe(x) for x in v]
    if v is None or type(v).__name__ in ("NAType", "NaTType"):
        return None
    if isinstance(v, float) and math.isnan(v):
        return None
    if isinstance(v, datetime | date):
        return v.isoformat()
    return v


def _columns_of(kwargs: dict[str, Any]) -> list[str]:
    cols = [kwargs[k] for k in ("column", "column_A", "column_B") if k in kwargs]
    return cols + list(kwargs.get("column_list", []))


def validate_batch(df: pd.DataFrame, *, batch_id: str, table: str = "facts") -> ValidationReport:
    """Validate a staged (and enriched) batch against expectations/<table>.json with GX."""
    import great_expectations as gx

    if not batch_id:
        raise ValueError("batch_id is required")
    spec = load_suite(table)
    meta = spec.get("meta", {})
    missing = [c for c in meta.get("context_columns", []) if c not in df.columns]
    if missing:
        raise ValueError(f"batch {batch_id} lacks context columns {missing}: call quality.enrich(con, df) first")

    t0 = time.perf_counter()
    suite, batch_definition = _gx_suite_and_batch(table)
    # Positional index so that GX's unexpected_index_list are row positions; list-valued helper columns
    # are dropped because GX fingerprints the frame.
    frame = df.drop(columns=[c for c in _INTERNAL if c in df.columns]).reset_index(drop=True)
    batch = batch_definition.get_batch(batch_parameters={"dataframe": frame})
    result = batch.validate(suite, result_format={"result_format": "COMPLETE", "unexpected_index_column_names": []})
    seconds = time.perf_counter() - t0

    overrides = _overrides_of(df)
    failed: dict[int, list[Failure]] = {}
    overridden: dict[int, list[Failure]] = {}
    warnings: list[Failure] = []
    summary: list[dict[str, Any]] = []
    # GX returns results in its own order: match them by check name. kwargs and meta come from our JSON,
    # not GX's echo (which adds batch_id and rewrites row_condition), so that quarantine rows and
    # overrides use the suite's own words.
    by_check = {r.expectation_config.meta["check"]: r for r in result.results}
    for exp in spec["expectations"]:
        kwargs, m = exp["kwargs"], exp["meta"]
        res = by_check[m["check"]]
        error = _exception_message(res)
        rows = res.result.get("unexpected_index_list") if res.result else None
        if not res.success and (error or rows is None):
            # A batch-level expectation, or one that could not run (missing column): every row fails it.
            rows = list(range(len(frame)))
        rows = sorted(int(i) for i in rows or []) if not res.success else []
        summary.append(
            {
                "check": m.get("check", ""),
                "expectation": exp["type"],
                "column": ",".join(_columns_of(kwargs)),
                "severity": m["severity"],
                "success": bool(res.success),
                "unexpected_count": len(rows),
                "error": error,
            }
        )
        if res.success:
            continue
        base = Failure(exp["type"], kwargs, m["severity"], m.get("why", ""), m.get("check", ""))
        if m["severity"] == WARNING:
            warnings.append(replace(base, rows=tuple(rows)))
            continue
        for i in rows:
            f = replace(base, rows=(i,), observed=_observed(frame, i, kwargs))
            (overridden if f.key in overrides.get(i, ()) else failed).setdefault(i, []).append(f)
    report = ValidationReport(
        batch_id=batch_id,
        table=table,
        rows=len(frame),
        rows_independent=bool(meta.get("rows_independent", False)),
        failed_rows=failed,
        warnings=warnings,
        overridden=overridden,
        expectations=summary,
        gx_version=gx.__version__,
        seconds=seconds,
        gx_result=result,
    )
    log.info(
        "batch %s: %d rows, %d failed (%s), %d warnings, %.2fs",
        batch_id, report.rows, len(failed), ", ".join(report.failed_checks()) or "-", len(warnings), seconds,
    )
    return report


def _exception_message(res: Any) -> str | None:
    """First line of the error an expectation raised, else None."""
    info = res.exception_info or {}
    # Either {"raised_exception": …} or, for metric errors, {metric id: {"raised_exception": …}}.
    infos = [info] if "raised_exception" in info else [v for v in info.values() if isinstance(v, dict)]
    for i in infos:
        if i.get("raised_exception"):
            msg = str(i.get("exception_message") or "expectation raised")
            return msg.splitlines()[0]
    return None


def _observed(frame: pd.DataFrame, i: int, kwargs: dict[str, Any]) -> dict[str, Any]:
    """The values the expectation looked at on row i (plus the history behind context columns)."""
    cols = [c for c in _columns_of(kwargs) if c in frame.columns]
    if "ratio_to_prev" in cols:
        cols += ["value", "prev_value", "prev_period"]
    if "cumulative_delta" in cols:
        cols += ["value", "cumulative_prev_period"]
    return {c: _json_safe(frame.at[i, c]) for c in dict.fromkeys(cols) if c in frame.columns}


def _overrides_of(df: pd.DataFrame) -> dict[int, set[str]]:
    """Expectation keys overridden per row position, from the column release() adds."""
    if OVERRIDES_COLUMN not in df.columns:
        return {}
    out: dict[int, set[str]] = {}
    for i, v in enumerate(df[OVERRIDES_COLUMN].tolist()):
        if isinstance(v, str):
            v = json.loads(v)
        if v is not None and len(v):
            out[i] = {str(k) for k in v}
    return out


# --- cross-document context --------------------------------------------------------------------------


@cache
def stage_sql(name: str) -> str:
    """The text of warehouse/stage/<name>.sql."""
    return (settings.warehouse_dir() / "stage" / f"{name}.sql").read_text(encoding="utf-8")


def enrich(con: duckdb.DuckDBPyConnection, df: pd.DataFrame, *, table: str = "facts") -> pd.DataFrame:
    """A copy of the batch with the suite's context columns computed in DuckDB against current facts."""
    meta = load_suite(table).get("meta", {})
    cols = list(meta.get("context_columns", []))
    out = df.drop(columns=[c for c in cols if c in df.columns]).copy()
    if not cols:
        return out
    staged = df.drop(columns=[c for c in (*_INTERNAL, *cols) if c in df.columns]).reset_index(drop=True)
    staged.insert(0, "_row", range(len(staged)))
    con.register("quality_staged", staged)
    try:
        ctx = con.execute(
            stage_sql("context"),
            {
                "running": list(meta.get("running_total_indicators", [])),
                "ytd": list(meta.get("monotone_ytd_indicators", [])),
            },
        ).df()
    finally:
        con.unregister("quality_staged")
    if len(ctx) != len(out) or list(ctx["_row"]) != list(range(len(out))):
        raise ValueError("context query must return one row per staged row, in order")
    for c in cols:
        # Python objects so that GX sees None (no history = pass) rather than pandas NA.
        out[c] = [_json_safe(v) for v in ctx[c].tolist()]
        if c in ("prev_value", "ratio_to_prev", "cumulative_delta"):
            out[c] = out[c].astype("float64")
    return out


# --- quarantine -----------------------------------------------------------------------------------------


def _staged_columns(df: pd.DataFrame, table: str = "facts") -> list[str]:
    context = set(load_suite(table).get("meta", {}).get("context_columns", []))
    return [c for c in df.columns if c not in context and c not in _INTERNAL]


def _row_data(df: pd.DataFrame, i: int, columns: list[str]) -> dict[str, Any]:
    return {c: _json_safe(df.iloc[i][c]) for c in columns}


def _canonical(row: dict[str, Any]) -> str:
    return json.dumps(row, sort_keys=True, ensure_ascii=False, default=str)


def quarantine_id(batch_id: str, row: dict[str, Any], key: str) -> str:
    """Deterministic id from batch, row content and expectation: re-quarantining adds nothing."""
    h = hashlib.sha256("\x00".join((batch_id, _canonical(row), key)).encode("utf-8"))
    return "q" + h.hexdigest()[:16]


def quarantine_rows(con: duckdb.DuckDBPyConnection, df: pd.DataFrame, report: ValidationReport) -> int:
    """Insert the rows that may not be merged into quarantine (status held); returns rows newly added."""
    if len(df) != report.rows:
        raise ValueError(f"report is for {report.rows} rows, the frame has {len(df)}")
    if report.success:
        return 0
    columns = _staged_columns(df, report.table)
    now = datetime.now(UTC)
    records: list[list[Any]] = []
    for i in range(len(df)):
        row = _row_data(df, i, columns)
        failures = report.failed_rows.get(i)
        if failures:
            entries = [(f.expectation, f.kwargs, f.severity, f.reason(), f.key) for f in failures]
        elif not report.rows_independent:
            why = f"held with its batch: rows of a {report.table} batch are not independent and rows failed"
            entries = [(BATCH_BLOCKED, {"failed_checks": report.failed_checks()}, CRITICAL, why, BATCH_BLOCKED)]
        else:
            continue
        doc_id = row.get("doc_id")
        # A frame may hold several documents' batches validated together: each row keeps its own batch.
        batch_id = row.get("batch_id") or report.batch_id
        for expectation, kwargs, severity, reason, key in entries:
            records.append(
                [
                    quarantine_id(batch_id, row, key),
                    batch_id,
                    doc_id,
                    i,
                    json.dumps(row, ensure_ascii=False),
                    expectation,
                    json.dumps(kwargs, ensure_ascii=False, default=str),
                    severity,
                    reason,
                    now,
                ]
            )
    if not records:
        return 0
    ids = [r[0] for r in records]
    before = _count_ids(con, ids)
    con.executemany(
        "INSERT INTO quarantine (quarantine_id, batch_id, doc_id, row_index, row_data, expectation, "
        "expectation_kwargs, severity, reason, status, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'held', ?) ON CONFLICT (quarantine_id) DO NOTHING",
        records,
    )
    added = _count_ids(con, ids) - before
    log.info("batch %s: %d quarantine rows added (%d already held)", report.batch_id, added, len(set(ids)) - added)
    return added


def _count_ids(con: duckdb.DuckDBPyConnection, ids: list[str]) -> int:
    row = con.execute("SELECT count(*) FROM quarantine WHERE list_contains(?, quarantine_id)", [ids]).fetchone()
    return int(row[0]) if row else 0


def _dicts(con: duckdb.DuckDBPyConnection, query: str, params: list[Any]) -> list[dict[str, Any]]:
    cur = con.execute(query, params)
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]


def list_quarantine(con: duckdb.DuckDBPyConnection, status: str | None = "held") -> list[dict[str, Any]]:
    """Quarantine rows with the given status (None: all), oldest first; JSON columns decoded."""
    rows = _dicts(
        con,
        "SELECT * FROM quarantine WHERE ? IS NULL OR status = ? ORDER BY created_at, batch_id, row_index, expectation",
        [status, status],
    )
    for r in rows:
        for c in ("row_data", "expectation_kwargs"):
            if isinstance(r.get(c), str):
                r[c] = json.loads(r[c])
    return rows


def release(con: duckdb.DuckDBPyConnection, quarantine_ids: Iterable[str], *, by: str) -> pd.DataFrame:
    """Mark quarantine rows released by `by`; return their staged rows (+ quality_overrides, quarantine_ids)."""
    # One frame row per distinct staged row. quality_overrides lists the expectation keys released for that
    # row: validate_batch records those as overridden instead of failing; any other critical failure blocks.
    import pandas as pd

    ids = list(dict.fromkeys(quarantine_ids))
    if not by or not by.strip():
        raise ValueError("release needs the name of who releases (--by)")
    if not ids:
        raise ValueError("no quarantine ids given")
    found = _dicts(con, "SELECT quarantine_id, status FROM quarantine WHERE list_contains(?, quarantine_id)", [ids])
    unknown = sorted(set(ids) - {r["quarantine_id"] for r in found})
    if unknown:
        raise ValueError(f"unknown quarantine ids: {', '.join(unknown)}")
    closed = sorted(r["quarantine_id"] for r in found if r["status"] not in ("held", "released"))
    if closed:
        raise ValueError(f"quarantine rows already merged or rejected: {', '.join(closed)}")
    con.execute(
        "UPDATE quarantine SET status = 'released', released_at = ?, released_by = ? "
        "WHERE list_contains(?, quarantine_id) AND status = 'held'",
        [datetime.now(UTC), by.strip(), ids],
    )
    # Every released entry of the same staged row (same batch, same content) counts as an override.
    rows = _dicts(
        con,
        "SELECT q.* FROM quarantine q JOIN (SELECT DISTINCT batch_id, row_data::VARCHAR AS rd FROM quarantine "
        "WHERE list_contains(?, quarantine_id)) r ON q.batch_id = r.batch_id AND q.row_data::VARCHAR = r.rd "
        "WHERE q.status = 'released' ORDER BY q.batch_id, q.row_index, q.quarantine_id",
        [ids],
    )
    groups: dict[tuple[str, str], dict[str, Any]] = {}
    for r in rows:
        data = json.loads(r["row_data"]) if isinstance(r["row_data"], str) else r["row_data"]
        kwargs = json.loads(r["expectation_kwargs"]) if isinstance(r["expectation_kwargs"], str) else r["expectation_kwargs"]
        g = groups.setdefault((r["batch_id"], _canonical(data)), {"row": data, "keys": [], "ids": []})
        key = BATCH_BLOCKED if r["expectation"] == BATCH_BLOCKED else expectation_key(r["expectation"], kwargs or {})
        g["keys"].append(key)
        g["ids"].append(r["quarantine_id"])
    out = pd.DataFrame([{**g["row"], OVERRIDES_COLUMN: g["keys"], QUARANTINE_IDS_COLUMN: g["ids"]} for g in groups.values()])
    return _restore_types(out)


def _restore_types(df: pd.DataFrame) -> pd.DataFrame:
    """Turn the JSON texts of date and timestamp columns back into dates and timestamps."""
    import pandas as pd

    for c in ("period_start", "period_end"):
        if c in df.columns:
            df[c] = [date.fromisoformat(v[:10]) if isinstance(v, str) else None for v in df[c]]
    for c in ("valid_from", "valid_to", "recorded_at"):
        if c in df.columns:
            df[c] = pd.to_datetime(df[c], utc=True)
    return df


def revalidate_released(
    con: duckdb.DuckDBPyConnection, released: pd.DataFrame, *, table: str = "facts"
) -> list[tuple[str, pd.DataFrame, ValidationReport]]:
    """Re-validate released rows per batch against today's facts: [(batch_id, mergeable rows, report)]."""
    # What still fails is re-quarantined; mergeable rows keep quarantine_ids for mark_merged().
    out: list[tuple[str, pd.DataFrame, ValidationReport]] = []
    if released.empty:
        return out
    for batch_id, part in released.groupby("batch_id", sort=True):
        part = part.reset_index(drop=True)
        enriched = enrich(con, part, table=table)  # keeps quality_overrides for validate_batch
        report = validate_batch(enriched, batch_id=str(batch_id), table=table)
        quarantine_rows(con, enriched, report)
        passing = part[report.passing_mask(part).to_numpy()].reset_index(drop=True)
        out.append((str(batch_id), passing, report))
    return out


def mark_merged(con: duckdb.DuckDBPyConnection, quarantine_ids: Iterable[str]) -> int:
    """Close released quarantine rows whose staged row has been merged into facts."""
    ids = list(dict.fromkeys(quarantine_ids))
    if not ids:
        return 0
    before = _dicts(
        con, "SELECT count(*) AS n FROM quarantine WHERE list_contains(?, quarantine_id) AND status = 'released'", [ids]
    )[0]["n"]
    con.execute("UPDATE quarantine SET status = 'merged' WHERE list_contains(?, quarantine_id) AND status = 'released'", [ids])
    return int(before)


def gate(con: duckdb.DuckDBPyConnection, df: pd.DataFrame, *, batch_id: str, table: str = "facts") -> tuple[pd.DataFrame, ValidationReport]:
    """Enrich, validate and quarantine one staged batch; returns the rows that may be merged and the report."""
    enriched = enrich(con, df, table=table)
    report = validate_batch(enriched, batch_id=batch_id, table=table)
    quarantine_rows(con, enriched, report)
    passing = df.reset_index(drop=True)[report.passing_mask(enriched).to_numpy()]
    return passing.drop(columns=[c for c in _INTERNAL if c in passing.columns]).reset_index(drop=True), report


# --- Data Docs ------------------------------------------------------------------------------------------

_SITE = "statwatch"


@cache
def _docs_context(base_directory: str) -> Any:
    """An ephemeral GX context whose validation results and Data Docs site live under base_directory."""
    # Results are kept as JSON (base_directory/.gx_results) so that the index lists the batches of earlier
    # processes too; everything else stays in memory.
    import great_expectations as gx
    from great_expectations.data_context.types.base import (
        DataContextConfig,
        InMemoryStoreBackendDefaults,
        ProgressBarsConfig,
    )

    cfg = DataContextConfig(store_backend_defaults=InMemoryStoreBackendDefaults())
    cfg.stores[cfg.validation_results_store_name] = {
        "class_name": "ValidationResultsStore",
        "store_backend": {"class_name": "TupleFilesystemStoreBackend", "base_directory": f"{base_directory}/.gx_results"},
    }
    cfg.data_docs_sites = {
        _SITE: {
            "class_name": "SiteBuilder",
            "store_backend": {"class_name": "TupleFilesystemStoreBackend", "base_directory": base_directory},
            "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
        }
    }
    ctx = gx.get_context(mode="ephemeral", project_config=cfg)
    ctx.variables.progress_bars = ProgressBarsConfig(globally=False)
    return ctx


def write_data_docs(report: ValidationReport, path: Path | str | None = None) -> Path:
    """Write GX Data Docs (suite page, this batch's validation page, index of all batches); returns index.html."""
    from great_expectations.core.expectation_suite import ExpectationSuite
    from great_expectations.core.run_identifier import RunIdentifier
    from great_expectations.data_context.types.resource_identifiers import (
        ExpectationSuiteIdentifier,
        ValidationResultIdentifier,
    )

    if report.gx_result is None:
        raise ValueError("the report carries no GX result (was it built by validate_batch?)")
    base = (Path(path) if path else settings.var_dir() / "data_docs").resolve()
    base.mkdir(parents=True, exist_ok=True)
    ctx = _docs_context(str(base))
    spec = load_suite(report.table)
    if not any(s.name == spec["name"] for s in ctx.suites.all()):
        ctx.suites.add(
            ExpectationSuite(
                name=spec["name"],
                expectations=json.loads(json.dumps(spec["expectations"])),
                meta=json.loads(json.dumps(spec.get("meta", {}))),
            )
        )
    key = ValidationResultIdentifier(
        expectation_suite_identifier=ExpectationSuiteIdentifier(name=spec["name"]),
        run_id=RunIdentifier(run_name=report.batch_id, run_time=datetime.now(UTC)),
        batch_identifier=report.batch_id,
    )
    ctx.validation_results_store.set(key, report.gx_result)
    ctx.build_data_docs(site_names=[_SITE])
    log.info("data docs for batch %s under %s", report.batch_id, base)
    return base / "index.html"
