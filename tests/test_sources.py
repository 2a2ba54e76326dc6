"""The source configuration: validated on load, errors name the file, line and key."""

from __future__ import annotations

import pytest

from statwatch.config import load_sources
from statwatch.errors import ConfigError


def test_shipped_sources_load(monkeypatch):
    monkeypatch.setenv("STATWATCH_PUBLISHER_URL", "http://127.0.0.1:9999")
    sources = {s.id: s for s in load_sources()}
    assert set(sources) == {"zz_rail", "jinshui_stats", "jinshui_assess", "jk_ops"}
    assert sources["zz_rail"].feed.url == "http://127.0.0.1:9999/rail/feed.xml"
    assert sources["zz_rail"].hosts == {"127.0.0.1"}
    assert sources["jinshui_stats"].canonical_region("全区") == "金水区"
    assert sources["jk_ops"].canonical_region("") == "经开区"
    assert sources["jk_ops"].kind == "ops" and sources["jinshui_assess"].kind == "stats"


@pytest.mark.parametrize("snippet,expect", [
    ("feed: {type: rss, url: 'ftp://x'}", r"line \d+: sources.0.feed.url: .*http\(s\) URL"),
    ("feed: {type: atom, url: 'http://a/'}", r"sources.0.feed.type"),
    ("poll_interval: 0", r"sources.0.poll_interval"),
    ("item_pattern: '(['", r"sources.0.item_pattern: .*regular expression"),
    ("colour: red", r"sources.0.colour: Extra inputs"),
])
def test_errors_name_file_line_and_key(tmp_path, snippet, expect):
    path = tmp_path / "sources.yaml"
    base = {"id": "x_src", "name": "X", "kind": "rail", "item_pattern": "/a", "feed": "{type: rss, url: 'http://a/f'}"}
    key = snippet.split(":")[0]
    lines = [f"    {k}: {v}" for k, v in base.items() if k != key]
    path.write_text("sources:\n  - " + "\n".join(lines).lstrip() + f"\n    {snippet}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=expect) as e:
        load_sources(path)
    assert str(path) in str(e.value)


def test_invalid_yaml_names_the_line(tmp_path):
    path = tmp_path / "sources.yaml"
    path.write_text("sources:\n  - id: a\n   bad: [\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"sources.yaml line \d+: invalid YAML"):
        load_sources(path)
