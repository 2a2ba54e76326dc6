"""The statwatch Airflow plugin: the Data Docs link, and the evidence pages (a FastAPI app the api-server mounts
under /statwatch, every route behind Airflow's login) with their entry in the UI's navigation."""

from __future__ import annotations

from functools import cache
from typing import Any

from airflow.plugins_manager import AirflowPlugin

from statwatch_airflow.operators import DataDocsLink


@cache
def _fastapi_apps() -> list[dict[str, Any]]:
    from statwatch_airflow.evidence_app import PREFIX, app

    return [{"app": app, "url_prefix": PREFIX, "name": "statwatch evidence"}]


class _BuiltWhenAsked:
    """The app is built only when the api-server asks for it (about 1 s of imports every other process that
    loads plugins — scheduler, workers, triggerer — does not need)."""

    def __get__(self, obj: object, owner: type | None = None) -> list[dict[str, Any]]:
        return _fastapi_apps()


class StatwatchPlugin(AirflowPlugin):
    """statwatch's additions to the Airflow UI."""

    name = "statwatch"
    operator_extra_links = [DataDocsLink()]
    fastapi_apps = _BuiltWhenAsked()  # type: ignore[assignment]
    external_views = [{"name": "告警证据 (statwatch)", "href": "/statwatch/alerts", "destination": "nav",
                       "category": "browse", "url_route": "statwatch"}]
