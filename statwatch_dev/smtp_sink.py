"""A local SMTP sink (aiosmtpd) that writes every accepted message to <outbox>/<n>.eml."""

from __future__ import annotations

import logging
import socket
import threading
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller

log = logging.getLogger(__name__)


class OutboxHandler:
    """Stores each accepted message as the next numbered .eml file."""

    def __init__(self, outbox: Path):
        self.outbox = outbox
        self.outbox.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()

    def _next_path(self) -> Path:
        numbers = [int(p.stem) for p in self.outbox.glob("*.eml") if p.stem.isdigit()]
        return self.outbox / f"{max(numbers, default=0) + 1}.eml"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802 (aiosmtpd's name)
        with self._lock:
            path = self._next_path()
            tmp = path.with_suffix(".tmp")
            tmp.write_bytes(envelope.original_content or envelope.content)
            tmp.replace(path)
        log.info("accepted message for %s -> %s", ",".join(envelope.rcpt_tos), path)
        return "250 Message accepted for delivery"


def start_sink(outbox: Path, *, host: str = "127.0.0.1", port: int = 8025) -> Controller:
    """Start the sink on a thread; call .stop() on the result (its `.port` is the port it listens on: port 0 picks
    a free one, since aiosmtpd itself cannot: it checks its server by connecting to the port it was given)."""
    if port == 0:
        with socket.socket() as s:
            s.bind((host, 0))
            port = int(s.getsockname()[1])
    controller = Controller(OutboxHandler(outbox), hostname=host, port=port)
    controller.start()
    return controller
