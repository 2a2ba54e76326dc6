"""The extractor against the labelled real documents in ../shared/labelled (skipped when the folder is absent).

Scored as ../shared/tools/score_extract.py scores them: a labelled fact is found when indicator, measure, period and
unit agree and the value is within rounding; a contradiction is another value for a labelled indicator, measure,
period and region; a distractor hit is an output taken from a span the labels list under `distractors`."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest

from statwatch.extract import extract_text

LABELLED = Path(__file__).resolve().parents[1].parent / "shared" / "labelled"
CLAIMS = ("rail.record", "rail.milestone")
MIN_RECALL = 0.97
_NUM = re.compile(r"\d+(?:\.\d+)?")

pytestmark = pytest.mark.skipif(not LABELLED.is_dir(), reason="../shared/labelled is not present")


def _docs() -> list[dict]:
    if not LABELLED.is_dir():
        return []
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(LABELLED.glob("*/*.json"))]


def _extract(doc: dict) -> list[dict]:
    facts = extract_text(doc["text"], doc_date=date.fromisoformat(doc["doc_date"]), kind=doc.get("kind") or "auto",
                         doc=doc.get("url") or "")
    return [f.to_json_dict() for f in facts]


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= max(1e-6, 1e-4 * abs(b))


def _key(f: dict) -> tuple:
    return f["indicator"], f["measure"], str(f["period"]), f["unit"]


def _region(r: str | None) -> str:
    r = (r or "").strip()
    return "*" if r in ("", "全区", "全市", "全县", "全省") else r


def _overlaps(a: str, b: str) -> bool:
    a, b = a.strip(), b.strip()
    return bool(a and b) and (a in b or b in a or any(a[i:i + 4] in b for i in range(len(a) - 3)))


def _score(doc: dict) -> tuple[int, int, list[str], list[str]]:
    """(found, labelled, contradictions, distractor hits) of one document."""
    got = _extract(doc)
    labelled = [f for f in doc["facts"] if f["indicator"] not in CLAIMS]
    matches = [any(_key(g) == _key(f) and _close(g["value"], f["value"]) for f in labelled) for g in got]
    found = sum(1 for f in labelled if any(_key(g) == _key(f) and _close(g["value"], f["value"]) for g in got))
    contradictions, hits = [], []
    for g, matched in zip(got, matches, strict=True):
        if matched or g["indicator"] in CLAIMS:
            continue
        if any(_key(f)[:3] == _key(g)[:3] and _region(f.get("region")) in ("*", _region(g["region"])) for f in labelled):
            contradictions.append(f"{doc['id']}: {g['indicator']} {g['measure']} {g['period']} {g['value']} «{g['quote']}»")
        for d in doc.get("distractors", []):
            nums = [float(x) for x in _NUM.findall(d.get("quote", ""))]
            if _overlaps(g["quote"], d.get("quote", "")) and any(
                    _close(g["value"], x) or _close(g["value"], x * 1e4) or _close(g["value"], x / 1e4) for x in nums):
                hits.append(f"{doc['id']}: {g['indicator']} {g['value']} from «{d['quote']}»")
                break
    return found, len(labelled), contradictions, hits


def test_recall_contradictions_and_distractors() -> None:
    found = total = 0
    contradictions: list[str] = []
    hits: list[str] = []
    for doc in _docs():
        f, n, c, h = _score(doc)
        found, total = found + f, total + n
        contradictions += c
        hits += h
    assert contradictions == []
    assert hits == []
    assert found / total >= MIN_RECALL, f"recall {found}/{total} = {found / total:.3f}"


@pytest.mark.parametrize("doc", _docs(), ids=lambda d: d["id"])
def test_quotes_point_into_the_original_text(doc: dict) -> None:
    for f in _extract(doc):
        assert doc["text"][f["start"]:f["end"]] == f["quote"]
        assert f["quote"].strip()
