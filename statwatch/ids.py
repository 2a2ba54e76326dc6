"""The clock and deterministic ids: the one place statwatch reads the time or derives an id."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime


def now() -> datetime:
    """The current time, timezone-aware (UTC)."""
    return datetime.now(UTC)


def short_hash(*parts: object, n: int = 16) -> str:
    """A stable hex id from the parts (NUL-separated; None counts as empty)."""
    h = hashlib.sha256("\x00".join("" if p is None else str(p) for p in parts).encode("utf-8"))
    return h.hexdigest()[:n]
