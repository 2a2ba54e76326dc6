"""Golden outputs of `statwatch extract`: every change to what the extractor prints is a deliberate one.

`python tests/golden_extract.py --update` rewrites the files under tests/golden/ from the current extractor;
tests/test_extract_golden.py compares against them. The sample publisher's pages are the project's own text and
are kept whole; the labelled real documents (../shared/labelled, not ours to copy) are kept as a digest per
document.
"""

from __future__ import annotations

import hashlib
import json
import sys
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = Path(__file__).resolve().parent / "golden"
LABELLED = ROOT.parent / "shared" / "labelled"
PUBLISHER_FILE = GOLDEN / "extract_publisher.jsonl"
LABELLED_FILE = GOLDEN / "extract_labelled.sha256.json"


def _lines(facts: list) -> list[str]:
    return [json.dumps(f.to_json_dict(), ensure_ascii=False) for f in facts]


def publisher_output() -> list[str]:
    """JSON lines of every sample publisher article, as served (bytes and Content-Type), in path order."""
    from statwatch.extract import extract_bytes
    from statwatch_dev.publisher.documents import documents
    from statwatch_dev.publisher.site import render

    out: list[str] = []
    for doc in sorted(documents(), key=lambda d: d.path):
        page = render(doc.path, date(2030, 1, 1), "http://127.0.0.1:8765")
        assert page is not None, doc.path
        _, facts = extract_bytes(page.body, content_type=page.content_type, doc_date=doc.day, kind="auto",
                                 doc=doc.path)
        out += _lines(facts)
    return out


def labelled_digests() -> dict[str, str]:
    """Document id → sha256 of its JSON-lines output (as `score_extract.py` runs it: text, doc_date, url, kind)."""
    from statwatch.extract import extract_text

    out = {}
    for path in sorted(LABELLED.glob("*/*.json")):
        d = json.loads(path.read_text(encoding="utf-8"))
        if "text" not in d:
            continue
        doc_date = date.fromisoformat(d["doc_date"]) if d.get("doc_date") else None
        facts = extract_text(d["text"], doc_date=doc_date, kind=d.get("kind") or "auto", doc=d.get("url") or "")
        out[d["id"]] = hashlib.sha256("\n".join(_lines(facts)).encode("utf-8")).hexdigest()
    return out


def update() -> None:
    GOLDEN.mkdir(exist_ok=True)
    PUBLISHER_FILE.write_text("\n".join(publisher_output()) + "\n", encoding="utf-8")
    if LABELLED.is_dir():
        LABELLED_FILE.write_text(json.dumps(labelled_digests(), indent=1, sort_keys=True) + "\n", encoding="utf-8")


if __name__ == "__main__":
    if sys.argv[1:] != ["--update"]:
        sys.exit("usage: python tests/golden_extract.py --update")
    update()
