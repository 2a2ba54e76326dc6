"""The indicator catalogue (warehouse/indicators.yaml) as seen by detection and e-mails."""

from __future__ import annotations

from functools import cache
from typing import Any

import yaml

from statwatch import settings


@cache
def catalogue() -> dict[str, dict[str, Any]]:
    """Indicator code → its catalogue entry (empty when the file is absent)."""
    path = settings.warehouse_dir() / "indicators.yaml"
    if not path.exists():
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    items = data.get("indicators", data) if isinstance(data, dict) else data
    if isinstance(items, dict):
        return {code: (v or {}) for code, v in items.items()}
    return {i["code"]: i for i in items if isinstance(i, dict) and "code" in i}


def indicator_name(code: str) -> str:
    """The Chinese display name of an indicator."""
    entry = catalogue().get(code, {})
    for key in ("name_zh", "name", "label"):
        if isinstance(entry.get(key), str):
            return entry[key]
    names = entry.get("names") or entry.get("synonyms")
    if isinstance(names, list) and names:
        return str(names[0])
    return code
