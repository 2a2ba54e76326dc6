"""What task bodies need from Airflow's context, turned into plain values for the statwatch library."""

from __future__ import annotations

from datetime import date
from typing import Any


def announced_urls(context: dict[str, Any]) -> list[str]:
    """Every item URL announced by the triggering asset events (there may be several events per run)."""
    urls: list[str] = []
    for events in (context.get("triggering_asset_events") or {}).values():
        for ev in events:
            payload = (ev.extra or {}).get("payload") or {}
            for item in payload.get("items", []):
                if isinstance(item, dict) and item.get("url") and item["url"] not in urls:
                    urls.append(item["url"])
    return urls


def smtp_settings(conn_id: str = "smtp_default") -> Any:
    """statwatch SmtpSettings from an Airflow SMTP connection (host, port, login, password, TLS extras)."""
    from airflow.sdk import BaseHook

    from statwatch.notify import SmtpSettings

    conn = BaseHook.get_connection(conn_id)
    extra = conn.extra_dejson or {}

    def flag(name: str, default: bool) -> bool:
        v = extra.get(name, default)
        return v if isinstance(v, bool) else str(v).lower() in ("1", "true", "yes")

    use_ssl = not flag("disable_ssl", False)
    return SmtpSettings(
        host=conn.host or "127.0.0.1",
        port=int(conn.port or (465 if use_ssl else 25)),
        user=conn.login or None,
        password=conn.password or None,
        ssl=use_ssl,
        starttls=not use_ssl and not flag("disable_tls", False),
        sender=extra.get("from_email") or None,
        timeout=float(extra.get("timeout", 10)),
        cafile=extra.get("cafile") or None,
    )


def run_date(value: str | None) -> date | None:
    """A YYYY-MM-DD DAG param (JSON schema format 'date') as a date; None stays None."""
    return date.fromisoformat(value) if value else None


def announce_facts(context: dict[str, Any], merged: dict[str, Any]) -> dict[str, Any]:
    """Emit the facts asset event through the task's alias outlet, only when the merge changed something
    detection reads (new or revised facts, rows held for an ops alert); returns the merge summary."""
    from airflow.sdk import Asset, AssetAlias

    from statwatch_airflow.operators import FACTS_CHANGED_ALIAS, FACTS_URI

    if merged.get("changed"):
        context["outlet_events"][AssetAlias(FACTS_CHANGED_ALIAS)].add(
            Asset(FACTS_URI), extra={"merged": merged.get("merged", 0), "quarantined": merged.get("quarantined", 0)})
    return merged
