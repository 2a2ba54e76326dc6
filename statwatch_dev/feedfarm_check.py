"""The response check that makes Airflow's HttpEventTrigger watch a feed of the feed farm for changes.

HttpEventTrigger sends an unconditional GET every poll and fires when this async callable returns True. The first
answer of a URL is its baseline; later, a different ETag (or body) is a change. HttpEventTrigger re-imports
(`importlib.reload`) this module before every check, so it stays tiny and keeps its memory across reloads.
"""

from __future__ import annotations

import hashlib
from typing import Any

_LAST: dict[str, str] = globals().get("_LAST", {})  # URL -> ETag last seen; survives importlib.reload


async def feed_changed(response: Any) -> bool:
    """True when the feed at response.url answers differently from the last time (never on the first answer)."""
    tag = response.headers.get("ETag") or hashlib.sha256(response.content).hexdigest()
    previous = _LAST.get(response.url)
    _LAST[response.url] = tag
    return previous is not None and previous != tag
