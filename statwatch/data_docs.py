"""GX Data Docs that work offline: the pages GX generates load bootstrap, bootstrap-table, jQuery, Font Awesome and
vega from CDNs, so on a network without internet they render unstyled with empty result tables. The assets are
vendored at install time (`make install` → `python -m statwatch_dev.vendor`, from the npm registry) into
`vendor/data_docs/`; each time pages are built their CDN links are rewritten to copies inside the docs folder."""

from __future__ import annotations

import logging
import os
import shutil
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from urllib.parse import unquote

from statwatch import settings

log = logging.getLogger(__name__)

# CDN URL as GX writes it → (npm package@version, file in the package). One list for the vendoring script and
# the rewrite. A few GX links name 1.19.0 of bootstrap-table's extension: served by 1.19.1's copy.
ASSETS: dict[str, tuple[str, str]] = {
    "https://maxcdn.bootstrapcdn.com/bootstrap/4.3.1/css/bootstrap.min.css": ("bootstrap@4.3.1", "dist/css/bootstrap.min.css"),
    "https://stackpath.bootstrapcdn.com/bootstrap/4.3.1/js/bootstrap.min.js": ("bootstrap@4.3.1", "dist/js/bootstrap.min.js"),
    "https://code.jquery.com/jquery-3.7.1.min.js": ("jquery@3.7.1", "dist/jquery.min.js"),
    "https://cdnjs.cloudflare.com/ajax/libs/popper.js/1.12.9/umd/popper.min.js": ("popper.js@1.12.9", "dist/umd/popper.min.js"),
    "https://unpkg.com/bootstrap-table@1.19.1/dist/bootstrap-table.min.css": ("bootstrap-table@1.19.1", "dist/bootstrap-table.min.css"),
    "https://unpkg.com/bootstrap-table@1.19.1/dist/bootstrap-table.min.js": ("bootstrap-table@1.19.1", "dist/bootstrap-table.min.js"),
    "https://unpkg.com/bootstrap-table@1.19.1/dist/extensions/filter-control/bootstrap-table-filter-control.min.js": (
        "bootstrap-table@1.19.1", "dist/extensions/filter-control/bootstrap-table-filter-control.min.js"),
    "https://unpkg.com/bootstrap-table@1.19.0/dist/extensions/filter-control/bootstrap-table-filter-control.min.css": (
        "bootstrap-table@1.19.1", "dist/extensions/filter-control/bootstrap-table-filter-control.min.css"),
    "https://unpkg.com/bootstrap-table@1.19.0/dist/extensions/filter-control/bootstrap-table-filter-control.css": (
        "bootstrap-table@1.19.1", "dist/extensions/filter-control/bootstrap-table-filter-control.css"),
    "https://cdnjs.cloudflare.com/ajax/libs/bootstrap-datepicker/1.9.0/css/bootstrap-datepicker.min.css": (
        "bootstrap-datepicker@1.9.0", "dist/css/bootstrap-datepicker.min.css"),
    "https://cdnjs.cloudflare.com/ajax/libs/bootstrap-datepicker/1.9.0/js/bootstrap-datepicker.min.js": (
        "bootstrap-datepicker@1.9.0", "dist/js/bootstrap-datepicker.min.js"),
    "https://cdnjs.cloudflare.com/ajax/libs/font-awesome/6.6.0/css/all.min.css": (
        "@fortawesome/fontawesome-free@6.6.0", "css/all.min.css"),
    "https://cdn.jsdelivr.net/npm/@forevolve/bootstrap-dark@1.1.0/dist/css/bootstrap-prefers-dark.css": (
        "@forevolve/bootstrap-dark@1.1.0", "dist/css/bootstrap-prefers-dark.css"),
    "https://cdn.jsdelivr.net/npm/vega@5": ("vega@5.33.1", "build/vega.min.js"),
    "https://cdn.jsdelivr.net/npm/vega-lite@5": ("vega-lite@5.23.0", "build/vega-lite.min.js"),
    "https://cdn.jsdelivr.net/npm/vega-embed@6": ("vega-embed@6.29.0", "build/vega-embed.min.js"),
}
# Files a vendored stylesheet refers to (Font Awesome's css/all.min.css loads ../webfonts/*).
EXTRA_FOLDERS: dict[str, str] = {"@fortawesome/fontawesome-free@6.6.0": "webfonts"}
SITE_FOLDER = "_vendor"  # inside the docs folder: the pages link here


def vendor_dir() -> Path:
    """Where `make install` put the vendored packages: STATWATCH_VENDOR, else vendor/data_docs of the checkout that
    holds the package (an installation's files, whatever STATWATCH_HOME points the warehouse and config at)."""
    env = os.environ.get("STATWATCH_VENDOR")
    return Path(env) if env else settings.PACKAGE_DIR.parent / "vendor" / "data_docs"


def local_name(package: str, path: str) -> str:
    """The vendored file's path under vendor_dir() and the site's _vendor/: <package without version>/<path>."""
    return f"{package.rsplit('@', 1)[0]}/{path}"


def vendored() -> bool:
    """Whether every asset was vendored (else pages keep their CDN links)."""
    root = vendor_dir()
    return all((root / local_name(pkg, path)).is_file() for pkg, path in ASSETS.values())


@cache
def _warn_once(folder: str) -> None:
    log.warning("Data Docs assets are not vendored (%s; make install vendors them): pages load them from CDNs", folder)


def page_path(url: str, folder: Path | str) -> Path:
    """The file a Data Docs page's `file://` URL names, for the site in `folder` (the resolved path the site was
    configured with): GX writes the folder as it is and quotes only the page's path below it, so only that part is
    unquoted (a folder named `100%25` stays `100%25`). A URL outside the folder: the whole path unquoted."""
    path, base = url.removeprefix("file://"), str(folder).rstrip("/") + "/"
    if path.startswith(base):
        return Path(base) / unquote(path[len(base):])
    return Path(unquote(path))


def make_offline(docs_dir: Path, pages: Iterable[Path] | None = None) -> int:
    """Copy the vendored assets into docs_dir/_vendor (once) and point the CDN links of `pages` (default: every
    page under docs_dir) at them; returns the pages rewritten. Without vendored assets nothing changes (the pages
    then need the internet)."""
    if not vendored():
        _warn_once(str(vendor_dir()))
        return 0
    site = docs_dir / SITE_FOLDER
    if not (site / ".complete").exists():
        shutil.copytree(vendor_dir(), site, dirs_exist_ok=True)
        (site / ".complete").touch()
    changed = 0
    for page in docs_dir.rglob("*.html") if pages is None else (p for p in pages if p.is_file()):
        if SITE_FOLDER in page.relative_to(docs_dir).parts:
            continue
        text = page.read_text(encoding="utf-8")
        if "https://" not in text:
            continue
        rel = os.path.relpath(site, page.parent)
        new = text
        # Longest URLs first: "…/npm/vega@5" is a prefix of nothing else, but keep it safe anyway.
        for url in sorted(ASSETS, key=len, reverse=True):
            pkg, path = ASSETS[url]
            new = new.replace(f'"{url}"', f'"{rel}/{local_name(pkg, path)}"')
        if new != text:
            page.write_text(new, encoding="utf-8")
            changed += 1
    return changed
