"""`statwatch extract` prints exactly what tests/golden/ holds: refactors change no output; deliberate
extraction changes regenerate the files with `python tests/golden_extract.py --update`."""

from __future__ import annotations

import json

import pytest
from golden_extract import LABELLED, LABELLED_FILE, PUBLISHER_FILE, labelled_digests, publisher_output


def test_publisher_pages_extract_as_golden() -> None:
    want = PUBLISHER_FILE.read_text(encoding="utf-8").splitlines()
    got = publisher_output()
    changed = [(w, g) for w, g in zip(want, got, strict=False) if w != g]
    assert len(got) == len(want), f"{len(got)} facts, golden has {len(want)}"
    assert not changed, f"{len(changed)} facts differ, first: {changed[0]}"


@pytest.mark.skipif(not LABELLED.is_dir(), reason="../shared/labelled is not present (a user's clone)")
def test_labelled_documents_extract_as_golden() -> None:
    want = json.loads(LABELLED_FILE.read_text(encoding="utf-8"))
    got = labelled_digests()
    assert set(got) == set(want)
    changed = sorted(k for k in want if want[k] != got[k])
    assert not changed, f"extraction output changed for {changed}"
