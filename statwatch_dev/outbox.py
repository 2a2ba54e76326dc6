"""The SMTP sink's outbox as the harness reads it: one .eml file per accepted message, numbered in arrival order.

One reader for the demo (subjects and 查看证据 links), the chaos run (Message-IDs, recipients) and the benches; it
does not import aiosmtpd (the sink's writer lives in `statwatch_dev.smtp_sink`)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from email import message_from_bytes, policy
from pathlib import Path


@dataclass(frozen=True)
class Mail:
    """One accepted message of the sink's outbox."""

    path: Path
    message_id: str
    subject: str
    to: str
    evidence: tuple[str, ...]  # the 查看证据 links of its plain-text part


def read_mail(path: Path) -> Mail:
    """One .eml file of the outbox."""
    msg = message_from_bytes(path.read_bytes(), policy=policy.default)
    body = msg.get_body(preferencelist=("plain",))
    text = body.get_content() if body is not None else ""  # type: ignore[attr-defined]
    return Mail(path, str(msg["Message-ID"] or ""), str(msg["Subject"] or ""), str(msg["To"] or ""),
                tuple(re.findall(r"查看证据：(\S+)", text)))


def mail_files(outbox: Path) -> list[Path]:
    """The outbox's .eml files in the order they were accepted."""
    return sorted(outbox.glob("*.eml"), key=lambda p: int(p.stem))


def read_outbox(outbox: Path) -> list[Mail]:
    """The sink's messages in the order they were accepted."""
    return [read_mail(p) for p in mail_files(outbox)]
