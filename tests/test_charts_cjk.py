"""Charts speak Chinese on any machine that has a CJK font, even when matplotlib's font cache predates it."""

from __future__ import annotations

import subprocess
import sys

import pytest

from statwatch import charts

PAYLOAD = {"series": [["2022-04-20", 5], ["2022-04-21", 3], ["2022-04-22", 6]], "period": "2022-04-22",
           "previous": {"value": 5}, "unit": "列"}

needs_cjk = pytest.mark.skipif(charts.cjk_font_file() is None,
                               reason="no CJK font known to fontconfig (Debian: apt-get install fonts-noto-cjk); "
                                      "charts fall back to English labels")


@needs_cjk
def test_a_font_cache_that_predates_the_cjk_font_still_draws_chinese(tmp_path):
    """matplotlib's cache (built before the font was installed) does not list the CJK font; the file fontconfig
    reports is registered, so no glyph is missing (no box)."""
    code = (
        "import warnings; warnings.simplefilter('error')\n"
        "from matplotlib import font_manager as fm\n"
        "fm.fontManager.ttflist = [f for f in fm.fontManager.ttflist if 'CJK' not in f.name]  # a stale cache\n"
        "from statwatch import charts\n"
        f"png = charts.chart_png('record', {PAYLOAD!r})\n"
        "assert png and png.startswith(b'\\x89PNG')\n"
        "print(sorted({f.name for f in fm.fontManager.ttflist if 'CJK' in f.name})[:1])\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                          env={"MPLCONFIGDIR": str(tmp_path), "PATH": "/usr/bin:/bin"})
    assert done.returncode == 0, done.stderr
    assert "CJK" in done.stdout


@needs_cjk
def test_the_svg_chart_keeps_its_chinese_labels_as_escaped_text():
    svg = charts.chart_svg("record", {**PAYLOAD, "unit": "<script>列"}).decode()
    assert "此前纪录" in svg and charts.cjk_font() in svg
    assert "<script>" not in svg and "&lt;script&gt;列" in svg


def test_without_a_cjk_font_labels_fall_back_to_english(monkeypatch):
    monkeypatch.setattr(charts, "cjk_font", lambda: None)
    svg = charts.chart_svg("record", PAYLOAD).decode()
    assert "previous max" in svg and "此前纪录" not in svg


def test_prepare_keeps_no_failed_font_lookup_for_the_processes_it_forks(monkeypatch):
    """The warm workers call charts.prepare() before forking: a fc-list that fails there must not leave every task
    with 'no CJK font' (boxes for Chinese labels) until the worker restarts."""
    from statwatch import charts

    def failing(*args, **kwargs):
        raise OSError("fc-list: not found")
    charts.cjk_font_file.cache_clear()
    monkeypatch.setattr(charts.subprocess, "run", failing)
    charts.prepare()
    assert charts.cjk_font_file.cache_info().currsize == 0
    monkeypatch.undo()
    charts.cjk_font_file.cache_clear()
