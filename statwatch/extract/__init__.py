"""Fact extraction: decode a document, find every number, tie it to an indicator, a measure and a period."""

from __future__ import annotations

import hashlib
from datetime import date
from functools import cache
from pathlib import Path

from statwatch import settings
from statwatch.extract.decode import MAX_BYTES, DecodedDocument, read_document
from statwatch.extract.engine import extract as _extract
from statwatch.model import Fact

ENGINE_VERSION = "extract-2.0"


def parser_version() -> str:
    """Engine version, a digest of the extractor's code and one of the rule files in use: an edit to either is a new
    parser version, and `statwatch reextract` reads again the documents an older one read."""
    return _version(settings.warehouse_dir().resolve())


@cache
def code_digest() -> str:
    """A digest of this package's Python sources (a change of grammar in code reads the archive again, as a rules
    edit does)."""
    h = hashlib.sha256()
    for path in sorted(Path(__file__).parent.glob("*.py")):
        h.update(path.name.encode())
        h.update(path.read_bytes())
    return h.hexdigest()[:8]


@cache
def _version(folder: Path) -> str:
    h = hashlib.sha256()
    for name in ("indicators.yaml", "extract_rules.yaml"):
        try:
            h.update((folder / name).read_bytes())
        except OSError:
            h.update(name.encode())
    return f"{ENGINE_VERSION}.{code_digest()}+{h.hexdigest()[:8]}"


PARSER_VERSION = parser_version()  # of the rules found at import; the pipeline asks parser_version() each time
MAX_CHARS = 2_000_000

__all__ = ["MAX_BYTES", "PARSER_VERSION", "parser_version", "DecodedDocument", "extract_bytes", "extract_text", "read_document"]


def extract_text(text: str, *, doc_date: date | None = None, kind: str = "auto", doc: str = "") -> list[Fact]:
    """Facts stated in `text`; quote/start/end index into `text`. Text past MAX_CHARS is not read."""
    if not text or not text.strip():
        return []
    return _extract(text[:MAX_CHARS], doc_date=doc_date, kind=kind, doc=doc)


def extract_bytes(data: bytes, *, content_type: str | None = None, doc_date: date | None = None, kind: str = "auto",
                  doc: str = "", hint: str | None = None) -> tuple[DecodedDocument, list[Fact]]:
    """Decode a fetched body (HTML or text, any common Chinese encoding; `hint` = the source's encoding hint, used
    when nothing is declared) and extract its facts."""
    decoded = read_document(data, content_type=content_type, hint=hint)
    return decoded, extract_text(decoded.text, doc_date=doc_date, kind=kind, doc=doc)
