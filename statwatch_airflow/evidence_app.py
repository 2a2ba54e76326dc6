"""The evidence pages: a FastAPI app the Airflow api-server mounts under /statwatch (plugin `fastapi_apps`).

Every route — pages, JSON, charts, static files, Data Docs — sits behind Airflow's own authentication and
authorisation, put on the app itself so that no route can escape it (Airflow 3 mounts plugin apps without it).
The pages are thin: the data comes from `statwatch.evidence`, read through the hardened read-only connection
(`warehouse.connect(reader=True)` opens the published file, which the pipeline never locks). Templates autoescape;
no scraped text reaches a script.
"""

from __future__ import annotations

import mimetypes
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import jinja2
from airflow.api_fastapi.auth.managers.models.resource_details import AccessView
from airflow.api_fastapi.core_api.security import requires_access_view
from fastapi import Depends, FastAPI, HTTPException, Request
from fastapi.encoders import jsonable_encoder
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from statwatch import charts, evidence, settings
from statwatch import warehouse as wh
from statwatch.errors import StatwatchError
from statwatch.wording import beijing_time, num

HERE = Path(__file__).resolve().parent
PREFIX = "/statwatch"
# Defence in depth behind the escaping: no inline script or style runs, nothing is loaded from elsewhere, and
# only the Airflow UI (same origin) may frame the pages.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
       "base-uri 'none'; form-action 'self'; frame-ancestors 'self'")
# GX Data Docs carry their own inline scripts and styles (and, vendored, only local files).
DATA_DOCS_CSP = ("default-src 'self'; script-src 'self' 'unsafe-inline' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; "
                 "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; "
                 "frame-ancestors 'self'")

_env = jinja2.Environment(loader=jinja2.FileSystemLoader(HERE / "templates"), autoescape=True,
                          undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
_env.filters["bjt"] = beijing_time
_env.filters["num"] = num


def _secured(response: Response, csp: str = CSP) -> Response:
    response.headers["Content-Security-Policy"] = csp
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers["Cache-Control"] = "no-store"
    return response


def _page(name: str, **ctx: Any) -> HTMLResponse:
    return _secured(HTMLResponse(_env.get_template(name).render(prefix=PREFIX, **ctx)))


@contextmanager
def _reader() -> Iterator[duckdb.DuckDBPyConnection]:
    try:
        con = wh.connect(reader=True, wait=5.0)
    except StatwatchError as e:
        raise HTTPException(503, f"the warehouse cannot be read now: {e}") from None
    try:
        yield con
    finally:
        con.close()


def _filter(rule: str | None, state: str | None, source: str | None, since: str | None,
            until: str | None) -> evidence.AlertFilter:
    try:
        return evidence.AlertFilter(rule=rule or None, state=state or None, source=source or None,
                                    since=date.fromisoformat(since) if since else None,
                                    until=date.fromisoformat(until) if until else None)
    except ValueError:
        raise HTTPException(400, "since/until must be dates (YYYY-MM-DD)") from None


def create_app() -> FastAPI:
    """The app, every route behind Airflow's login and the PLUGINS view permission."""
    app = FastAPI(title="statwatch evidence", docs_url=None, redoc_url=None, openapi_url=None,
                  dependencies=[Depends(requires_access_view(AccessView.PLUGINS))])

    @app.exception_handler(StarletteHTTPException)
    async def _refused(request: Request, exc: StarletteHTTPException) -> Response:
        if "text/html" in request.headers.get("accept", "") and exc.status_code in (401, 403):
            html = _env.get_template("refused.html.j2").render(prefix=PREFIX, status=exc.status_code)
            return _secured(HTMLResponse(html, status_code=exc.status_code))
        return _secured(JSONResponse({"detail": exc.detail}, status_code=exc.status_code))

    @app.get("/", include_in_schema=False)
    def home() -> Response:
        return RedirectResponse(f"{PREFIX}/alerts")

    @app.get("/alerts", response_class=HTMLResponse)
    def alert_list(rule: str | None = None, state: str | None = None, source: str | None = None,
                   since: str | None = None, until: str | None = None) -> Response:
        flt = _filter(rule, state, source, since, until)
        with _reader() as con:
            rows = evidence.list_alerts(con, flt)
            choices = evidence.filter_choices(con)
        return _page("alerts.html.j2", alerts=rows, choices=choices, flt=flt)

    @app.get("/alerts/{aid}", response_class=HTMLResponse)
    def alert_page(aid: str, doc: str | None = None) -> Response:
        with _reader() as con:
            ev = evidence.alert_evidence(con, aid, doc_id=doc)
        if ev is None:
            raise HTTPException(404, "no such alert")
        a = ev["alert"]
        return _page("alert.html.j2", ev=ev, a=a, p=a["payload"], has_chart=charts.has_chart(a["rule"], a["payload"]))

    @app.get("/alerts/{aid}/chart.svg")
    def alert_chart(aid: str) -> Response:
        with _reader() as con:
            ev = evidence.alert_evidence(con, aid)
        svg = charts.chart_svg(ev["alert"]["rule"], ev["alert"]["payload"]) if ev else None
        if svg is None:
            raise HTTPException(404, "no chart for this alert")
        return _secured(Response(svg, media_type="image/svg+xml"), "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'self'")

    @app.get("/api/alerts")
    def api_alerts(rule: str | None = None, state: str | None = None, source: str | None = None,
                   since: str | None = None, until: str | None = None) -> Response:
        flt = _filter(rule, state, source, since, until)
        with _reader() as con:
            rows = evidence.list_alerts(con, flt)
        return _secured(JSONResponse(jsonable_encoder({"alerts": rows})))

    @app.get("/api/alerts/{aid}")
    def api_alert(aid: str) -> Response:
        with _reader() as con:
            ev = evidence.alert_evidence(con, aid)
        if ev is None:
            raise HTTPException(404, "no such alert")
        return _secured(JSONResponse(jsonable_encoder(ev)))

    @app.get("/static/{name}")
    def static(name: str) -> Response:
        path = HERE / "static" / name
        if "/" in name or name.startswith(".") or not path.is_file():
            raise HTTPException(404, "not found")
        return _secured(Response(path.read_bytes(), media_type=mimetypes.guess_type(name)[0] or "text/plain"))

    @app.get("/data-docs/{path:path}")
    def data_docs(path: str) -> Response:
        root = settings.data_docs_dir().resolve()
        target = (root / (path or "index.html")).resolve()
        if not target.is_relative_to(root) or ".gx_results" in target.parts or not target.is_file():
            raise HTTPException(404, "not found")
        if target.is_dir():
            target = target / "index.html"
        kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        return _secured(Response(target.read_bytes(), media_type=kind), DATA_DOCS_CSP)

    @app.get("/{rest:path}", include_in_schema=False)
    def unknown(rest: str) -> Response:
        raise HTTPException(404, "not found")  # after the login check, like every route: nothing is told anonymously

    return app


app = create_app()
