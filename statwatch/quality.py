"""The validation gate: GX suites from expectations/, cross-document context, quarantine and release.

GX is used as its users know it: a ValidationDefinition (suite × the staged batch) run by a Checkpoint, whose
result gets its Data Docs page at once and the site's index once per stage (build_docs_index); expectations carry
GX's own `severity` and `description`; failing rows are named by `fact_id` (unexpected_index_column_names).
"""

from __future__ import annotations

import json
import logging
import math
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from statwatch import settings
from statwatch import warehouse as wh
from statwatch.archive import document_rows
from statwatch.data_docs import make_offline, page_path
from statwatch.errors import ValidationFailed
from statwatch.ids import now, short_hash
from statwatch.staging import read_staged

log = logging.getLogger(__name__)

CRITICAL = "critical"
WARNING = "warning"
SEVERITIES = (CRITICAL, WARNING)
CHUNK = 2000  # batches processed together (an ingest chunk; one GX run): a GX run costs ~2.5 s whatever its size

# Columns added by release() for re-validation; never part of the staged row itself.
OVERRIDES_COLUMN = "quality_overrides"
QUARANTINE_IDS_COLUMN = "quarantine_ids"
_INTERNAL = (OVERRIDES_COLUMN, QUARANTINE_IDS_COLUMN, "_row", "passed", "row_index")

# A row held back only because another row of a batch whose rows are not independent failed.
BATCH_BLOCKED = "batch_not_independent"
_SITE = "statwatch"
SUITE_TABLES = ("facts",)  # the tables with a suite in expectations/ (their pages head the Data Docs site)
INDEX_LIMIT = 200  # validations the Data Docs index lists, newest first (every page stays on disk)


def expectations_dir() -> Path:
    """The folder with one GX suite per table."""
    return settings.project_dir() / "expectations"


@cache
def load_suite(table: str = "facts") -> dict[str, Any]:
    """The suite expectations/<table>.json as plain JSON (no GX import), checked: every expectation has GX's
    `severity` (critical or warning), a `description` saying why it exists, and a unique `meta.check` name."""
    path = expectations_dir() / f"{table}.json"
    if not path.is_file():
        raise ValueError(f"no expectation suite for table {table!r}: {path} does not exist")
    suite = json.loads(path.read_text(encoding="utf-8"))
    checks: set[str] = set()
    for i, exp in enumerate(suite.get("expectations", [])):
        where = f"{path}: expectation {i} ({exp.get('type')})"
        if exp.get("severity") not in SEVERITIES:
            raise ValueError(f"{where} has severity {exp.get('severity')!r}, not one of {SEVERITIES}")
        if not str(exp.get("description") or "").strip():
            raise ValueError(f"{where} has no description (why it exists)")
        meta = exp.setdefault("meta", {})
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
    data_docs: str | None = None  # file:// URL of this validation's Data Docs page, when they were built
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
            "data_docs": self.data_docs,
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


# --- GX: a context per Data Docs folder, a ValidationDefinition and a Checkpoint per table -----------------


@cache
def _gx_context(docs_dir: str | None) -> Any:
    """An ephemeral GX context (GX imported here, lazily); with docs_dir, validation results are kept as JSON
    under docs_dir/.gx_results (so the index lists the batches of earlier processes) and Data Docs are built
    in docs_dir."""
    import great_expectations as gx
    from great_expectations.data_context.types.base import (
        DataContextConfig,
        InMemoryStoreBackendDefaults,
        ProgressBarsConfig,
    )

    cfg = DataContextConfig(store_backend_defaults=InMemoryStoreBackendDefaults())
    cfg.data_docs_sites = {}  # else GX makes a temporary docs folder per process
    if docs_dir:
        cfg.stores[cfg.validation_results_store_name] = {
            "class_name": "ValidationResultsStore",
            "store_backend": {"class_name": "TupleFilesystemStoreBackend", "base_directory": f"{docs_dir}/.gx_results"},
        }
        cfg.data_docs_sites = {_SITE: {
            "class_name": "SiteBuilder",
            "store_backend": {"class_name": "TupleFilesystemStoreBackend", "base_directory": docs_dir},
            # The index lists the newest INDEX_LIMIT validations: it is read from the stored results each time.
            "site_index_builder": {"class_name": "DefaultSiteIndexBuilder", "validation_results_limit": INDEX_LIMIT},
        }}
    ctx = gx.get_context(mode="ephemeral", project_config=cfg)
    ctx.variables.progress_bars = ProgressBarsConfig(globally=False)  # tqdm bars would flood task logs
    ctx.data_sources.add_pandas("statwatch_staged")
    return ctx


RESULT_FORMAT = {"result_format": "COMPLETE", "unexpected_index_column_names": ["fact_id"]}


@cache
def _gx_gate(docs_dir: str | None, table: str) -> tuple[Any, Any]:
    """(ValidationDefinition, Checkpoint or None): the table's suite over a whole-dataframe batch; the checkpoint
    (only with a docs folder) runs it and stores the result, whose Data Docs page `_run_gx` builds (the index is
    `build_docs_index`'s: GX's UpdateDataDocsAction would rebuild it from the stored results at every run)."""
    import great_expectations as gx
    from great_expectations.checkpoint import Checkpoint
    from great_expectations.core.expectation_suite import ExpectationSuite

    ctx = _gx_context(docs_dir)
    spec = load_suite(table)
    suite = ctx.suites.add(ExpectationSuite(
        name=spec["name"],
        # A deep copy: GX must not alter the cached JSON that failures and overrides are read from.
        expectations=json.loads(json.dumps(spec["expectations"])),
        meta=json.loads(json.dumps(spec.get("meta", {}))),
    ))
    batch = ctx.data_sources.get("statwatch_staged").add_dataframe_asset(table).add_batch_definition_whole_dataframe(
        f"{table}_batch")
    definition = ctx.validation_definitions.add(gx.ValidationDefinition(name=f"{table}_gate", data=batch, suite=suite))
    if not docs_dir:
        return definition, None
    checkpoint = ctx.checkpoints.add(Checkpoint(
        name=f"{table}_checkpoint", validation_definitions=[definition], result_format=RESULT_FORMAT))
    return definition, checkpoint


def _run_gx(frame: pd.DataFrame, batch_id: str, table: str, docs_dir: Path | None) -> tuple[Any, str | None]:
    """The GX validation result of the frame, and the URL of its Data Docs page when docs_dir is given."""
    from great_expectations.core.run_identifier import RunIdentifier

    key = str(Path(docs_dir).resolve()) if docs_dir else None
    if key:
        Path(key).mkdir(parents=True, exist_ok=True)
    definition, checkpoint = _gx_gate(key, table)
    if checkpoint is None:
        return definition.run(batch_parameters={"dataframe": frame}, result_format=RESULT_FORMAT), None
    run = checkpoint.run(batch_parameters={"dataframe": frame},
                         run_id=RunIdentifier(run_name=batch_id, run_time=now()))
    ((identifier, result),) = run.run_results.items()
    ctx = _gx_context(key)
    ctx.build_data_docs(site_names=[_SITE], resource_identifiers=[identifier], build_index=False)  # this page only
    urls = ctx.get_docs_sites_urls(resource_identifier=identifier, site_name=_SITE)
    url = urls[0]["site_url"] if urls else None
    if url:  # the page loads its scripts and styles from the docs folder, not from CDNs
        make_offline(Path(str(key)), pages=[page_path(url, str(key))])
    return result, url


def build_docs_index(data_docs: Path | None = None) -> Path | None:
    """Rebuild the Data Docs index page (the newest INDEX_LIMIT validations) of `data_docs` (default
    var/data_docs), once the validations of a stage have their pages; None when nothing was validated there. One
    process at a time (a lock file in the folder: GX writes the page in place)."""
    from great_expectations.data_context.types.resource_identifiers import ExpectationSuiteIdentifier

    docs = Path(data_docs or settings.data_docs_dir()).resolve()
    if not (docs / ".gx_results").is_dir():
        return None
    for table in SUITE_TABLES:  # registered in this context (a no-op after a validation in this process)
        _gx_gate(str(docs), table)
    suites = [ExpectationSuiteIdentifier(load_suite(table)["name"]) for table in SUITE_TABLES]
    with wh.file_lock(docs / ".index.lock", timeout=60.0, what="the Data Docs index lock"):
        # The suites' pages and the index; resource_identifiers None or [] would rebuild every validation's page.
        _gx_context(str(docs)).build_data_docs(site_names=[_SITE], build_index=True, resource_identifiers=suites)
        index = docs / "index.html"
        make_offline(docs, pages=[index, *(docs / "expectations").glob("*.html")])
    return index


def refresh_docs_index(data_docs: Path | None = None) -> Path | None:
    """build_docs_index at the end of a stage's validations, whose pages are done: a failure is logged, never
    raised (it must not cost the stage its write, nor a live run its events); the next validation rebuilds it."""
    try:
        return build_docs_index(data_docs)
    except Exception:  # noqa: BLE001 - see the docstring
        log.exception("the Data Docs index was not rebuilt; the next validation rebuilds it")
        return None


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


def validate_batch(df: pd.DataFrame, *, batch_id: str, table: str = "facts",
                   data_docs: Path | None = None) -> ValidationReport:
    """Validate a staged (and enriched) batch against expectations/<table>.json with GX; with `data_docs`, through
    the table's Checkpoint, which also updates the Data Docs site in that folder."""
    import great_expectations as gx

    if not batch_id:
        raise ValueError("batch_id is required")
    spec = load_suite(table)
    meta = spec.get("meta", {})
    missing = [c for c in meta.get("context_columns", []) if c not in df.columns]
    if missing:
        raise ValueError(f"batch {batch_id} lacks context columns {missing}: call quality.enrich(con, df) first")
    # List-valued helper columns are dropped because GX fingerprints the frame.
    frame = df.drop(columns=[c for c in _INTERNAL if c in df.columns]).reset_index(drop=True)
    ids = frame["fact_id"].tolist() if "fact_id" in frame.columns else []
    if len(set(ids)) != len(frame):
        raise ValueError(f"batch {batch_id}: fact_id must name every row once (GX reports failing rows by it)")
    position = {fid: i for i, fid in enumerate(ids)}

    t0 = time.perf_counter()
    result, docs_url = _run_gx(frame, batch_id, table, data_docs)
    seconds = time.perf_counter() - t0

    overrides = _overrides_of(df)
    failed: dict[int, list[Failure]] = {}
    overridden: dict[int, list[Failure]] = {}
    warnings: list[Failure] = []
    summary: list[dict[str, Any]] = []
    # GX returns results in its own order: match them by check name. kwargs come from our JSON, not GX's echo
    # (which adds batch_id and rewrites row_condition), so that quarantine rows and overrides use the suite's words.
    by_check = {r.expectation_config.meta["check"]: r for r in result.results}
    for exp in spec["expectations"]:
        kwargs, check, severity = exp["kwargs"], exp["meta"]["check"], exp["severity"]
        res = by_check[check]
        error = _exception_message(res)
        named = res.result.get("unexpected_index_list") if res.result else None
        if res.success:
            rows: list[int] = []
        elif error or named is None:
            # A batch-level expectation, or one that could not run (missing column): every row fails it.
            rows = list(range(len(frame)))
        else:
            rows = sorted({position[r["fact_id"]] for r in named})
        summary.append({"check": check, "expectation": exp["type"], "column": ",".join(_columns_of(kwargs)),
                        "severity": severity, "success": bool(res.success), "unexpected_count": len(rows),
                        "error": error})
        if res.success:
            continue
        base = Failure(exp["type"], kwargs, severity, exp["description"], check)
        if severity == WARNING:
            warnings.append(replace(base, rows=tuple(rows)))
            continue
        for i in rows:
            f = replace(base, rows=(i,), observed=_observed(frame, i, kwargs))
            (overridden if f.key in overrides.get(i, ()) else failed).setdefault(i, []).append(f)
    report = ValidationReport(
        batch_id=batch_id, table=table, rows=len(frame), rows_independent=bool(meta.get("rows_independent", False)),
        failed_rows=failed, warnings=warnings, overridden=overridden, expectations=summary,
        gx_version=gx.__version__, seconds=seconds, data_docs=docs_url, gx_result=result,
    )
    log.info("batch %s: %d rows, %d failed (%s), %d warnings, %.2fs", batch_id, report.rows, len(failed),
             ", ".join(report.failed_checks()) or "-", len(warnings), seconds)
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
            wh.sql("quality_context"),
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
    return "q" + short_hash(batch_id, _canonical(row), key)


def quarantine_rows(con: duckdb.DuckDBPyConnection, df: pd.DataFrame, report: ValidationReport, *,
                    rows: Iterable[int] | None = None) -> int:
    """Insert the rows that may not be merged into quarantine (status held), of all rows or of the given positions;
    returns rows newly added."""
    if len(df) != report.rows:
        raise ValueError(f"report is for {report.rows} rows, the frame has {len(df)}")
    if report.success:
        return 0
    columns = _staged_columns(df, report.table)
    created = now()
    records: list[list[Any]] = []
    for i in sorted(rows) if rows is not None else range(len(df)):
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
                    created,
                ]
            )
    if not records:
        return 0
    ids = [r[0] for r in records]
    before = _count_ids(con, ids)
    con.executemany(wh.sql("quarantine_insert"), records)
    added = _count_ids(con, ids) - before
    log.info("batch %s: %d quarantine rows added (%d already held)", report.batch_id, added, len(set(ids)) - added)
    return added


def _count_ids(con: duckdb.DuckDBPyConnection, ids: list[str]) -> int:
    row = con.execute("SELECT count(*) FROM quarantine WHERE list_contains(?, quarantine_id)", [ids]).fetchone()
    return int(row[0]) if row else 0


def list_quarantine(con: duckdb.DuckDBPyConnection, status: str | None = "held") -> list[dict[str, Any]]:
    """Quarantine rows with the given status (None: all), oldest first; JSON columns decoded."""
    rows = wh.fetch_dicts(con, wh.sql("quarantine_list"), [status, status])
    for r in rows:
        for c in ("row_data", "expectation_kwargs"):
            if isinstance(r.get(c), str):
                r[c] = json.loads(r[c])
    return rows


def release(con: duckdb.DuckDBPyConnection, quarantine_ids: Iterable[str], *, by: str) -> pd.DataFrame:
    """Mark quarantine rows released by `by`; return their staged rows (+ quality_overrides, quarantine_ids)."""
    # One frame row per distinct staged row. quality_overrides lists the expectation keys released for that
    # row: validate_batch records those as overridden instead of failing; any other critical failure blocks.
    ids = list(dict.fromkeys(quarantine_ids))
    if not by or not by.strip():
        raise ValueError("release needs the name of who releases (--by)")
    if not ids:
        raise ValueError("no quarantine ids given")
    found = wh.fetch_dicts(con, wh.sql("quarantine_status"), [ids])
    unknown = sorted(set(ids) - {r["quarantine_id"] for r in found})
    if unknown:
        raise ValueError(f"unknown quarantine ids: {', '.join(unknown)}")
    closed = sorted(r["quarantine_id"] for r in found if r["status"] not in ("held", "released"))
    if closed:
        raise ValueError(f"quarantine rows already merged or rejected: {', '.join(closed)}")
    con.execute(wh.sql("quarantine_release"), [now(), by.strip(), ids])
    # Every released entry of the same staged row (same batch, same content) counts as an override.
    rows = wh.fetch_dicts(con, wh.sql("quarantine_released_rows"), [ids])
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
    before = wh.fetch_dicts(
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


# --- the validate stage ---------------------------------------------------------------------------------


@dataclass
class ValidateSummary:
    """What one validate pass did (small enough for XCom)."""

    documents: int = 0
    rows: int = 0
    held: int = 0
    failed_checks: list[str] = field(default_factory=list)
    data_docs: list[str] = field(default_factory=list)  # URLs of the Data Docs pages this pass built


@dataclass
class Checked:
    """One chunk of batches as validation judged it: each staged row passed or held, the report (None when not
    validated) and the enriched rows the report is about."""

    batch_ids: list[str]
    keys: pd.DataFrame  # batch_id, row_index of each staged row
    passing: pd.Series
    report: ValidationReport | None = None
    enriched: pd.DataFrame | None = None


def validate_batches(con: duckdb.DuckDBPyConnection, batch_ids: list[str], *, validate: bool = True,
                     data_docs: Path | None = None) -> ValidateSummary:
    """Validate the staged rows of every given batch that is 'extracted' and write the outcome (one transaction)."""
    return plan_validate(con, batch_ids, validate=validate, data_docs=data_docs)(con)


def plan_validate(con: duckdb.DuckDBPyConnection, batch_ids: list[str], *, validate: bool = True,
                  data_docs: Path | None = None,
                  docs_index: bool = True) -> Callable[[duckdb.DuckDBPyConnection], ValidateSummary]:
    """Validate the staged rows of every given batch that is 'extracted' (one GX run per chunk of batches, each
    with its Data Docs page; then the index, unless `docs_index` is False: the caller builds it later with
    build_docs_index); no warehouse writes; returns the stage's write (see write_validated)."""
    ready = [m["batch_id"] for m in document_rows(con, batch_ids, "extracted")]
    docs = data_docs or settings.data_docs_dir()
    checked = []
    for i in range(0, len(ready), CHUNK):
        chunk = ready[i:i + CHUNK]
        staged = read_staged(con, chunk)
        keys = staged[["batch_id", "row_index"]]
        staged = staged.drop(columns=["passed", "row_index"])
        report = enriched = None
        passing = pd.Series(True, index=staged.index)
        if validate and not staged.empty:
            enriched = enrich(con, staged)
            report = validate_batch(enriched, batch_id=chunk[0] if len(chunk) == 1 else f"run-{short_hash(*chunk, n=10)}",
                                    data_docs=docs)
            passing = report.passing_mask(staged)
        checked.append(Checked(chunk, keys, passing, report, enriched))
    if docs_index and any(c.report is not None for c in checked):
        refresh_docs_index(docs)
    return lambda c: write_validated(c, checked)


def write_validated(con: duckdb.DuckDBPyConnection, checked: list[Checked]) -> ValidateSummary:
    """Write validation's outcome for the batches still 'extracted' now (another run may have taken some): held
    rows go to quarantine, each staged row is marked passed or not, the batch becomes 'validated'."""
    out = ValidateSummary()
    if not checked:
        return out
    with wh.transaction(con):
        still = {r[0] for r in con.execute("SELECT batch_id FROM batches WHERE list_contains(?, batch_id) "
                                           "AND status = 'extracted'", [[b for c in checked for b in c.batch_ids]])
                 .fetchall()}
        for c in checked:
            chunk = [b for b in c.batch_ids if b in still]
            if not chunk:
                continue
            mine = c.keys["batch_id"].isin(chunk).to_numpy()
            report = c.report
            if report is not None and c.enriched is not None and not report.success:
                # Held rows are kept before anything merges.
                quarantine_rows(con, c.enriched, report, rows=[i for i, m in enumerate(mine) if m])
            marks = c.keys[mine].assign(passed=c.passing.to_numpy()[mine])
            wh.changed_over(con, "validated_rows", marks, "stage_mark_passed")
            summary = json.dumps(report.summary() if report else None, ensure_ascii=False, default=str)
            con.execute("UPDATE batches SET status = 'validated', validation = ? WHERE list_contains(?, batch_id)",
                        [summary, chunk])
            out.documents += len(chunk)
            out.rows += int(mine.sum())
            out.held += int((~c.passing.to_numpy()[mine]).sum())
            if report is not None:
                out.failed_checks += [f for f in report.failed_checks() if f not in out.failed_checks]
                if report.data_docs:
                    out.data_docs.append(report.data_docs)
    return out
