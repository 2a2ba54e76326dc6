"""The harness is not the product: the library's CLI loads it only on demand, and its wheel does not ship it."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parents[1]
HARNESS = ("aiosmtpd", "statwatch_dev", "statwatch_dev.publisher")


def _loaded_after(code: str) -> list[str]:
    """Harness modules in sys.modules after running `code` in a fresh interpreter."""
    probe = (f"{code}\nimport sys\n"
             f"print('loaded:', *(m for m in sys.modules if m.split('.')[0] in {HARNESS[:2]!r} "
             f"or m == {HARNESS[2]!r} or m.startswith({HARNESS[2] + '.'!r})))")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, check=True)
    return done.stdout.splitlines()[-1].split()[1:]


@pytest.mark.parametrize("code", [
    "import statwatch.cli",
    "from statwatch.cli import cli\ntry:\n    cli(['--version'])\nexcept SystemExit:\n    pass",
    "from statwatch.cli import cli\ntry:\n    cli(['query', '--help'])\nexcept SystemExit:\n    pass",
], ids=["import", "version", "query-help"])
def test_the_library_cli_loads_no_harness(code):
    assert _loaded_after(code) == []


def test_harness_commands_are_listed_and_load_on_demand():
    from importlib.metadata import entry_points

    from statwatch.cli import cli

    assert {ep.name for ep in entry_points(group="statwatch.commands")} == {"demo", "publisher", "smtp-sink", "chaos"}

    runner = CliRunner()
    listing = runner.invoke(cli, ["--help"])
    assert listing.exit_code == 0, listing.output
    for name in ("demo", "publisher", "smtp-sink", "chaos"):
        assert f"  {name} " in listing.output
    for name in ("demo", "publisher", "smtp-sink", "chaos"):
        shown = runner.invoke(cli, [name, "--help"])
        assert shown.exit_code == 0, shown.output
        assert f"Usage: cli {name}" in shown.output
    assert "--history-years" in runner.invoke(cli, ["publisher", "--help"]).output


def test_the_installed_command_runs_publisher_help():
    statwatch = Path(sys.executable).parent / "statwatch"
    done = subprocess.run([str(statwatch), "publisher", "--help"], capture_output=True, text=True, timeout=120,
                          check=False)
    assert done.returncode == 0, done.stderr
    assert "Serve the sample site" in done.stdout


def test_the_library_wheel_holds_no_harness(tmp_path):
    # A copy, so that no stale build/ folder of the checkout leaks into the wheel. Build isolation fetches
    # setuptools the way `make install` does; the venv's own setuptools cannot build wheels without `wheel`.
    src = tmp_path / "src"
    ignore = shutil.ignore_patterns("__pycache__", "*.egg-info", "build")
    for name in ("statwatch", "statwatch_airflow", "statwatch_dev"):
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, src / name, ignore=ignore)
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, src / name)
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path / "dist"), str(src)],
                   check=True, timeout=300, capture_output=True)
    (wheel,) = (tmp_path / "dist").glob("statwatch-*.whl")
    with zipfile.ZipFile(wheel) as z:
        names = z.namelist()
        metadata = next(z.read(n).decode() for n in names if n.endswith(".dist-info/METADATA"))
    assert {n.split("/")[0] for n in names if not n.split("/")[0].endswith(".dist-info")} == {
        "statwatch", "statwatch_airflow"}
    # The publisher's templates, wherever the checkout keeps them (statwatch/templates/ are the e-mail's own).
    publisher_templates = {p.name for p in ROOT.glob("statwatch*/*/templates/*")}
    assert publisher_templates
    assert not [n for n in names if n.startswith("statwatch_dev/") or n.rsplit("/", 1)[-1] in publisher_templates]
    assert "statwatch/templates/alert_email.html.j2" in names
    # The evidence pages' templates and stylesheet ship with the plugin.
    assert {"statwatch_airflow/templates/alert.html.j2", "statwatch_airflow/static/evidence.css"} <= set(names)
    requires = [line for line in metadata.splitlines() if line.startswith("Requires-Dist:")]
    assert [r for r in requires if "aiosmtpd" in r] == ['Requires-Dist: aiosmtpd<2,>=1.4.6; extra == "dev"']
