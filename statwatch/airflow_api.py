"""Telling Airflow, from outside a DAG, that facts changed: an asset event through its REST API.

A merge made from the CLI (releasing quarantined rows) must start detection just as a DAG's merge task does.
Configured by the environment: STATWATCH_AIRFLOW_URL (the api-server, e.g. http://127.0.0.1:8080) and either
STATWATCH_AIRFLOW_TOKEN or STATWATCH_AIRFLOW_USER + STATWATCH_AIRFLOW_PASSWORD. Without them nothing is sent and
the hourly detection run picks the change up.
"""

from __future__ import annotations

import os
from typing import Any

import requests

from statwatch.errors import StatwatchError

FACTS_URI = "statwatch://warehouse/facts"
TIMEOUT = (5.0, 15.0)


class AirflowUnreachable(StatwatchError):
    """Airflow's REST API refused or failed the request."""


def configured() -> bool:
    """Whether an api-server to tell is configured."""
    return bool(os.environ.get("STATWATCH_AIRFLOW_URL"))


def _token(base: str) -> str:
    if token := os.environ.get("STATWATCH_AIRFLOW_TOKEN"):
        return token
    user, password = os.environ.get("STATWATCH_AIRFLOW_USER"), os.environ.get("STATWATCH_AIRFLOW_PASSWORD")
    if not user or not password:
        raise AirflowUnreachable("STATWATCH_AIRFLOW_URL is set but neither STATWATCH_AIRFLOW_TOKEN nor "
                                 "STATWATCH_AIRFLOW_USER and STATWATCH_AIRFLOW_PASSWORD are")
    r = requests.post(f"{base}/auth/token", json={"username": user, "password": password}, timeout=TIMEOUT)
    if r.status_code >= 400:
        raise AirflowUnreachable(f"Airflow refused the login of {user!r}: HTTP {r.status_code}")
    return str(r.json()["access_token"])


def emit_asset_event(uri: str = FACTS_URI, extra: dict[str, Any] | None = None) -> int | None:
    """Create an asset event for `uri` (the asset must exist: a DAG uses it); its id, or None when not configured."""
    base = (os.environ.get("STATWATCH_AIRFLOW_URL") or "").rstrip("/")
    if not base:
        return None
    try:
        headers = {"Authorization": f"Bearer {_token(base)}"}
        found = requests.get(f"{base}/api/v2/assets", params={"uri_pattern": uri}, headers=headers, timeout=TIMEOUT)
        found.raise_for_status()
        ids = [a["id"] for a in found.json().get("assets", []) if a.get("uri") == uri]
        if not ids:
            raise AirflowUnreachable(f"Airflow knows no asset {uri!r} (are the statwatch DAGs loaded?)")
        made = requests.post(f"{base}/api/v2/assets/events", json={"asset_id": ids[0], "extra": extra or {}},
                             headers=headers, timeout=TIMEOUT)
        made.raise_for_status()
        return int(made.json()["id"])
    except requests.RequestException as e:
        raise AirflowUnreachable(f"cannot reach Airflow at {base}: {str(e).splitlines()[0][:200]}") from None
