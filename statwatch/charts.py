"""Small PNG charts for alert e-mails, drawn from the alert payload (no database needed at render time)."""

from __future__ import annotations

import io
import logging
import subprocess
from functools import cache
from typing import Any

from statwatch.wording import num

log = logging.getLogger(__name__)

MAX_BYTES = 80 * 1024
SIZE = (6.4, 2.8)  # inches: fits a 720 px e-mail column at 100 dpi


@cache
def cjk_font_file() -> tuple[str, tuple[str, ...]] | None:
    """(family, its files) of an installed font that can draw Chinese, as fontconfig reports it
    (`fc-list :lang=zh`); Sans SC faces first (they read better at chart sizes), any CJK face beats boxes."""
    try:
        out = subprocess.run(["fc-list", ":lang=zh", "family", "file"], capture_output=True, text=True,  # noqa: S607
                             timeout=10, check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    found = []
    for line in out.splitlines():
        path, _, families = line.partition(": ")
        for family in families.split(","):
            family = family.strip().removeprefix("family=").strip()
            if path and family:
                found.append((family, path.strip()))
    if not found:
        return None
    found.sort(key=lambda f: ("Sans" not in f[0], "SC" not in f[0], "Mono" in f[0], f))
    family = found[0][0]
    return family, tuple(sorted({path for fam, path in found if fam == family}))


def cjk_font() -> str | None:
    """The family name of an installed font that can draw Chinese, if any."""
    found = cjk_font_file()
    return found[0] if found else None


def prepare() -> None:
    """What a process's first chart does before it draws: matplotlib (Agg) with its figure and PNG backend imported,
    the CJK font found (fontconfig) and registered. A process that forks the task processes (WarmLocalExecutor)
    does it once for all of them: ≈ 0.5 s less in each task's first e-mail with a chart."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.backends import backend_agg  # noqa: F401 - imported for the processes forked after this
    from matplotlib.figure import Figure  # noqa: F401 - likewise

    found = cjk_font_file()
    if found:
        _register(found[1])
    else:  # not found (or fc-list failed): each task process looks again, as without preparing
        cjk_font_file.cache_clear()


@cache
def _register(paths: tuple[str, ...]) -> None:
    """Tell matplotlib about the font files fontconfig knows: its own font cache may predate the font (a CJK font
    installed after matplotlib first ran would otherwise draw boxes)."""
    from matplotlib import font_manager

    for path in paths:
        font_manager.fontManager.addfont(path)


def _drawer(rule: str, payload: dict[str, Any]) -> Any:
    series = payload.get("series") or []
    if rule in ("record", "milestone", "claim_unconfirmed") and len(series) >= 2:
        return _series_chart
    if rule == "target_pace" and series and payload.get("target"):
        return _pace_chart
    return None


def has_chart(rule: str, payload: dict[str, Any]) -> bool:
    """Whether an alert's payload has a series to draw."""
    return _drawer(rule, payload) is not None


def chart_svg(rule: str, payload: dict[str, Any]) -> bytes | None:
    """The same chart as SVG with its labels kept as text (the evidence pages; a browser draws them with its
    own CJK font, and a test can read them); None when there is nothing to draw."""
    draw = _drawer(rule, payload)
    return draw(payload, 100, "svg") if draw else None


def chart_png(rule: str, payload: dict[str, Any]) -> bytes | None:
    """A chart for a record, milestone or target_pace alert; None when the payload has no series to draw."""
    draw = _drawer(rule, payload)
    if draw is None:
        return None
    for dpi in (100, 72):
        png = draw(payload, dpi)
        if len(png) <= MAX_BYTES:
            return png
    log.warning("chart for %s larger than %d bytes: left out", rule, MAX_BYTES)
    return None


def _figure(dpi: int) -> tuple[Any, Any, bool]:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    font = cjk_font()
    found = cjk_font_file()
    if font and found and found[0] == font:
        _register(found[1])
    if font:
        matplotlib.rcParams["font.family"] = [font, "sans-serif"]
        matplotlib.rcParams["axes.unicode_minus"] = False
    fig = Figure(figsize=SIZE, dpi=dpi)
    ax = fig.add_subplot()
    ax.spines[["top", "right"]].set_visible(False)
    ax.tick_params(labelsize=8)
    return fig, ax, font is not None


def _render(fig: Any, fmt: str = "png") -> bytes:
    import matplotlib

    buf = io.BytesIO()
    fig.tight_layout()
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "statwatch"}):
        fig.savefig(buf, format=fmt, dpi=fig.dpi)
    return buf.getvalue()


def _series_chart(payload: dict[str, Any], dpi: int, fmt: str = "png") -> bytes:
    """The series, the earlier maximum (or milestone) as a dashed line, the new point highlighted."""
    fig, ax, zh = _figure(dpi)
    labels = [str(p) for p, _ in payload["series"]]
    values = [float(v) for _, v in payload["series"]]
    xs = range(len(values))
    ax.plot(xs, values, color="#7f8c8d", linewidth=1.2, marker="o", markersize=2.5)
    level = payload.get("threshold") or (payload.get("previous") or {}).get("value")
    if level is not None:
        ax.axhline(float(level), color="#2c3e50", linestyle="--", linewidth=1)
        milestone = payload.get("threshold") is not None
        text = (("里程碑 " if milestone else "此前纪录 ") if zh else ("milestone " if milestone else "previous max ")) \
            + num(level)
        ax.annotate(text, (0, float(level)), xytext=(2, 3), textcoords="offset points", fontsize=8, color="#2c3e50")
    if payload.get("period") in labels:
        i = labels.index(payload["period"])
        ax.plot([i], [values[i]], marker="o", markersize=7, color="#c0392b", zorder=3)
        ax.annotate(num(values[i]), (i, values[i]), xytext=(-4, 6), textcoords="offset points", ha="right",
                    fontsize=9, color="#c0392b", fontweight="bold")
    step = max(1, len(labels) // 6)
    ax.set_xticks(list(xs)[::step], [lb[5:] if len(lb) == 10 else lb for lb in labels[::step]])
    ax.set_ylabel(payload.get("unit", "") if zh else "")
    return _render(fig, fmt)


def _pace_chart(payload: dict[str, Any], dpi: int, fmt: str = "png") -> bytes:
    """Cumulative actual by month against the 序时进度 line (target × months / 12)."""
    fig, ax, zh = _figure(dpi)
    target = float(payload["target"])
    months = list(range(0, 13))
    ax.plot(months, [target * m / 12 for m in months], color="#2c3e50", linestyle="--", linewidth=1,
            label="序时进度" if zh else "pace")
    xs = [0] + [int(m) for m, _ in payload["series"]]
    ys = [0.0] + [float(v) for _, v in payload["series"]]
    ax.plot(xs, ys, color="#e67e22", marker="o", markersize=4, linewidth=1.5, label="实际累计" if zh else "actual")
    ax.set_xlim(0, 12)
    ax.set_xticks(months[1:], [f"{m}月" if zh else str(m) for m in months[1:]])
    ax.set_ylabel(payload.get("unit", "") if zh else "")
    ax.legend(fontsize=8, frameon=False, loc="upper left")
    return _render(fig, fmt)
