"""A short chaos run through the real stack (the long one is `make chaos`, docs/reliability.md): the backfill and one
story day while the seeded schedule SIGKILLs six parts during that day, then every check of the long run."""

from __future__ import annotations

from datetime import date

from conftest import free_port


def test_a_short_chaos_run_loses_nothing(tmp_path, monkeypatch):
    from statwatch_dev.chaos import run_chaos

    monkeypatch.setenv("STATWATCH_PUBLISHER_URL", "restored-after-the-test")
    mix = {"scheduler": 1, "triggerer": 1, "dag-processor": 1, "smtp-sink": 1, "writer": 1, "notifier": 1}
    result = run_chaos(seed=11, start=date(2022, 4, 21), end=date(2022, 4, 22), mix=mix, folder=tmp_path / "chaos",
                       publisher_port=free_port(), min_kills=5, kill_phases=["2022-04-22"], say=print)
    for c in result.checks:
        print(c.name, "ok" if c.ok else "LOST", c.line, *c.lost)
    print(result.summary())
    assert result.ok, result.lost
    assert result.survived == len(result.kills) >= 5
    assert {k.victim for k in result.kills} >= {"scheduler", "triggerer", "dag-processor", "smtp-sink", "writer"}
    assert (result.expected, result.delivered) == (1, 1)  # the 04-22 record; a resend would be a duplicate, counted
    assert result.duplicates <= sum(1 for k in result.kills if k.victim == "notifier")
