"""Vendor the Data Docs assets (statwatch.data_docs.ASSETS) from the npm registry, at install time: `npm pack`
each package once, keep the files the pages use (and Font Awesome's webfonts) with each package's license, in
vendor/data_docs/. Nothing is fetched at run time. `python -m statwatch_dev.vendor` (make install runs it)."""

from __future__ import annotations

import shutil
import subprocess  # noqa: S404 - npm with fixed arguments
import sys
import tarfile
import tempfile
from pathlib import Path

from statwatch.data_docs import ASSETS, EXTRA_FOLDERS, local_name, vendor_dir, vendored


def vendor(dest: Path | None = None) -> list[str]:
    """Fetch what is missing; returns the packages fetched. Raises RuntimeError when npm fails."""
    dest = dest or vendor_dir()
    packages = sorted({pkg for pkg, _ in ASSETS.values()})
    wanted = {pkg: [path for p, path in ASSETS.values() if p == pkg] for pkg in packages}
    fetched = []
    npm = shutil.which("npm")
    if npm is None:
        raise RuntimeError("npm not found (Debian: apt-get install npm)")
    with tempfile.TemporaryDirectory() as tmp:
        for pkg in packages:
            name = pkg.rsplit("@", 1)[0]
            if all((dest / local_name(pkg, path)).is_file() for path in wanted[pkg]):
                continue
            done = subprocess.run([npm, "pack", pkg, "--silent", "--pack-destination", tmp], capture_output=True,  # noqa: S603
                                  text=True, timeout=300, check=False)
            if done.returncode != 0:
                raise RuntimeError(f"npm pack {pkg} failed: {done.stderr.strip()[-300:]}")
            tgz = Path(tmp) / done.stdout.strip().splitlines()[-1]
            out = Path(tmp) / name.replace("/", "_")
            with tarfile.open(tgz) as tar:
                tar.extractall(out, filter="data")
            root = out / "package"
            keep = [*wanted[pkg], *([EXTRA_FOLDERS[pkg]] if pkg in EXTRA_FOLDERS else [])]
            keep += [p.name for p in root.iterdir() if p.name.upper().startswith(("LICENSE", "LICENCE"))]
            for rel in keep:
                src, target = root / rel, dest / name / rel
                target.parent.mkdir(parents=True, exist_ok=True)
                if src.is_dir():
                    shutil.copytree(src, target, dirs_exist_ok=True)
                else:
                    shutil.copy2(src, target)
            fetched.append(pkg)
    return fetched


def main() -> int:
    if vendored():
        return 0
    try:
        got = vendor()
    except (RuntimeError, OSError, subprocess.SubprocessError) as e:
        print(f"Data Docs assets not vendored ({e}): the GX pages will load them from CDNs", file=sys.stderr)
        return 0
    print(f"vendored Data Docs assets into {vendor_dir()}: {', '.join(got)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
