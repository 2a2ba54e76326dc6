"""The indicator catalogue (warehouse/indicators.yaml) as detection and e-mails name things: one reader of the
file, the extractor's validated model."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from statwatch import settings
from statwatch.extract.rules import load_catalogue


@cache
def _names(path: Path) -> dict[str, str]:
    return {e.code: e.name_zh or (e.names[0] if e.names else e.code) for e in load_catalogue(path)}


def indicator_name(code: str) -> str:
    """The Chinese display name of an indicator (the code itself when the catalogue does not know it)."""
    return _names((settings.warehouse_dir() / "indicators.yaml").resolve()).get(code, code)
