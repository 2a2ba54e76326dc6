"""Shared helpers of the benchmarks: the machine line, a publisher subprocess, timers (not a benchmark itself)."""

from __future__ import annotations

import os
import platform
import statistics
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import metadata
from pathlib import Path
from typing import Any

from statwatch_dev.airflow_local import free_port

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def machine() -> str:
    """CPU, RAM, OS, Python and the versions that matter, on one line."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    versions = []
    for dist in ("duckdb", "apache-airflow", "great_expectations", "pandas"):
        try:
            versions.append(f"{dist} {metadata.version(dist)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{dist} -")
    return (f"machine: {os.cpu_count()} CPUs ({cpu}), {ram:.1f} GiB RAM, {platform.system()} {platform.release()}, "
            f"Python {platform.python_version()}, {', '.join(versions)}")


@contextmanager
def publisher(*, history_years: int, start: str) -> Iterator[str]:
    """The sample publisher in its own process on 127.0.0.1 (so it shares no GIL with what is measured)."""
    port = free_port()
    cmd = [str(BIN / "statwatch"), "publisher", "--port", str(port), "--start", start,
           "--history-years", str(history_years)]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)  # noqa: S603
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(url + "/_clock", timeout=2):  # noqa: S310 - loopback URL
                    break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"publisher did not start ({' '.join(cmd)})") from None
                time.sleep(0.2)
        yield url
    finally:
        stop_process(proc)


def stop_process(proc: subprocess.Popen[Any]) -> None:
    """SIGTERM a helper process, SIGKILL it after 10 s, and reap it."""
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


class Timers:
    """Seconds spent per named stage (wrap functions with `wrap`)."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self.calls: dict[str, int] = {}

    def wrap(self, module: object, name: str, label: str) -> None:
        """Replace module.name by a timed wrapper (a measurement hook only; behaviour is unchanged)."""
        inner = getattr(module, name)

        def timed(*args, **kwargs):  # type: ignore[no-untyped-def]
            t0 = time.perf_counter()
            try:
                return inner(*args, **kwargs)
            finally:
                self.seconds[label] = self.seconds.get(label, 0.0) + time.perf_counter() - t0
                self.calls[label] = self.calls.get(label, 0) + 1

        setattr(module, name, timed)


def median(xs: list[float]) -> float:
    """The median (a name to import beside the others)."""
    return statistics.median(xs)


def pct(xs: list[float], q: float) -> float:
    """The q-quantile (0..1) by linear interpolation between closest ranks."""
    s = sorted(xs)
    if not s:
        return float("nan")
    k = (len(s) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(s) - 1)
    return s[lo] + (s[hi] - s[lo]) * (k - lo)


class TimedConnection:
    """A DuckDB connection whose execute() is timed per statement kind (COMMIT, UPDATE documents, SELECT …)."""

    def __init__(self, con: object) -> None:
        self._con = con
        self.seconds: dict[str, float] = {}
        self.calls: dict[str, int] = {}

    @staticmethod
    def kind(sql: str) -> str:
        """COMMIT / BEGIN / SELECT, or the verb and table of a write (`UPDATE documents`)."""
        lines = sql.strip().splitlines()
        if lines and lines[0].startswith("--"):  # a named SQL file: its first comment line says what it is
            return lines[0].lstrip("- ")[:40]
        words = sql.split(None, 6)
        if not words:
            return "?"
        verb = words[0].upper()
        if verb in ("INSERT", "UPDATE", "DELETE"):
            rest = [w for w in words[1:] if w.upper() not in ("OR", "REPLACE", "IGNORE", "INTO", "FROM")]
            return f"{verb} {rest[0].split('(')[0] if rest else ''}".strip()
        return verb

    def execute(self, sql: str, *args: object, **kwargs: object) -> object:
        """Run the statement on the real connection, adding its time to its kind."""
        t0 = time.perf_counter()
        try:
            return self._con.execute(sql, *args, **kwargs)  # type: ignore[attr-defined]
        finally:
            k = self.kind(sql)
            self.seconds[k] = self.seconds.get(k, 0.0) + time.perf_counter() - t0
            self.calls[k] = self.calls.get(k, 0) + 1

    def __getattr__(self, name: str) -> object:
        return getattr(self._con, name)
