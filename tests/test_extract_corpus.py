"""The extractor against the labelled real documents in ../shared/corpus (skipped when the folder is absent)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from statwatch.extract import extract_text

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
CLAIMS = ("rail.record", "rail.milestone")

pytestmark = pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not present")


def _docs() -> list[dict]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(CORPUS.glob("*/*.json"))] if CORPUS.is_dir() else []


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= max(1e-6, 1e-4 * abs(b))


def _key(f: dict) -> tuple:
    return f["indicator"], f["measure"], str(f["period"]), f["unit"]


def _region(r: str | None) -> str:
    r = (r or "").strip()
    return "*" if r in ("", "全区", "全市", "全县", "全省") else r


def _score(doc: dict) -> tuple[int, int, list[str]]:
    got = [f.to_json_dict() for f in extract_text(doc["text"], doc_date=date.fromisoformat(doc["doc_date"]),
                                                  kind=doc.get("kind", "auto"), doc=doc["id"])]
    labelled = [f for f in doc["facts"] if f["indicator"] not in CLAIMS]
    found = sum(1 for f in labelled if any(_key(g) == _key(f) and _close(g["value"], f["value"]) for g in got))
    contradictions = []
    for g in got:
        if any(_key(g) == _key(f) and _close(g["value"], f["value"]) for f in labelled):
            continue
        for f in labelled:
            if _key(f)[:3] == _key(g)[:3] and _region(f.get("region")) in ("*", _region(g["region"])):
                contradictions.append(f"{doc['id']}: {g['indicator']} {g['measure']} {g['period']} {g['value']} «{g['quote']}»")
                break
    return found, len(labelled), contradictions


def test_recall_and_no_contradictions() -> None:
    found = total = 0
    contradictions: list[str] = []
    for doc in _docs():
        f, n, c = _score(doc)
        found, total = found + f, total + n
        contradictions += c
    assert contradictions == []
    assert found / total >= 0.95, f"recall {found}/{total}"


@pytest.mark.parametrize("doc", _docs(), ids=lambda d: d["id"])
def test_quotes_point_into_the_original_text(doc: dict) -> None:
    for f in extract_text(doc["text"], doc_date=date.fromisoformat(doc["doc_date"]), kind=doc["kind"]):
        assert doc["text"][f.start:f.end] == f.quote
        assert f.quote.strip()


@pytest.mark.parametrize("doc", _docs(), ids=lambda d: d["id"])
def test_distractors_are_not_facts(doc: dict) -> None:
    facts = extract_text(doc["text"], doc_date=date.fromisoformat(doc["doc_date"]), kind=doc["kind"])
    for d in doc.get("distractors", []):
        start = doc["text"].find(d["quote"])
        if start < 0:
            continue
        end = start + len(d["quote"])
        # a distractor may sit inside a longer quote, but no fact may end on its number
        assert not any(start <= f.end - 1 < end and f.start >= start for f in facts), (d, facts)
