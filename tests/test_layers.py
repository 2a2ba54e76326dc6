"""The library's modules import one way, in the order of the flow (DESIGN.md: lower layers never import higher
ones), and hide no import inside a function except a heavy library's."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "statwatch"

# Bottom to top. A module may import modules of lower layers only (and its own package's modules).
LAYERS: list[set[str]] = [
    {"__init__", "errors", "ids", "settings", "text"},  # version, error tree, clock, where things live, safe text
    {"charset", "data_docs"},  # bytes → text: one decoder for pages, listings and feeds; Data Docs offline
    {"model", "periods"},  # plain data passed between stages
    {"config", "wording", "warehouse", "airflow_api"},  # configuration, voice, connections
    {"fetch"},  # HTTP
    {"archive"},  # raw documents and the conditional-GET cache
    {"discover"},  # feeds and listings → items
    {"extract"},  # documents → facts (pure)
    {"catalogue"},  # indicator names, from the extractor's catalogue model
    {"health"},  # what went wrong with a source, recorded by every stage
    {"staging"},  # extract stage: archived documents → staged facts
    {"quality"},  # validate stage: GX, quarantine
    {"merge"},  # merge stage: facts and their vintages
    {"targets"},  # annual targets and 序时进度
    # One layer: neither imports the other. Ingest (one source's run, stage after stage) ends where detection
    # (rules → alert edges) begins; they meet only in tables (staged claims, source_health, batches).
    {"ingest", "detect"},
    {"alerts", "charts"},  # edges → alert states and the outbox
    {"notify"},  # the outbox → e-mail
    {"evidence"},  # what an alert stands on, for the evidence pages (reads only)
    {"pipeline"},  # the stages on the write path: what Airflow tasks and the CLI call
    {"cli"},
]
LAYER = {name: i for i, names in enumerate(LAYERS) for name in names}
# Imported inside functions so that importing statwatch (a DAG file, the CLI) stays light.
HEAVY = ("great_expectations", "matplotlib", "airflow")


def _modules() -> list[tuple[str, Path]]:
    out = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE).with_suffix("")
        out.append((rel.parts[0], path))
    return out


def _statwatch_imports(tree: ast.AST) -> list[tuple[str, int]]:
    """(top-level statwatch module, line) of every `import statwatch.x` / `from statwatch(.x) import y`."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            parts = node.module.split(".")
            if parts[0] != "statwatch":
                continue
            names = [parts[1]] if len(parts) > 1 else [
                a.name if (PACKAGE / a.name).exists() or (PACKAGE / f"{a.name}.py").exists() else "__init__"
                for a in node.names]
            found += [(n, node.lineno) for n in names]
        elif isinstance(node, ast.Import):
            found += [(a.name.split(".")[1], node.lineno) for a in node.names
                      if a.name.startswith("statwatch.")]
    return found


def test_every_module_has_a_layer() -> None:
    missing = sorted({m for m, _ in _modules()} - set(LAYER))
    assert not missing, f"modules without a layer in tests/test_layers.py: {missing}"


@pytest.mark.parametrize(("module", "path"), _modules(), ids=lambda v: str(v) if isinstance(v, str) else v.name)
def test_imports_go_down_the_layers(module: str, path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    wrong = [f"{path.name}:{line} imports statwatch.{name} (layer {LAYER.get(name)}, "
             f"{module} is layer {LAYER[module]})"
             for name, line in _statwatch_imports(tree)
             if name != module and (name not in LAYER or LAYER[name] >= LAYER[module])]
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize(("module", "path"), _modules(), ids=lambda v: str(v) if isinstance(v, str) else v.name)
def test_no_import_hides_inside_a_function(module: str, path: Path) -> None:
    if module == "cli":
        return  # the top layer imports per command so that `statwatch --help` and `statwatch extract` start fast
    tree = ast.parse(path.read_text(encoding="utf-8"))
    hidden = []
    for fn in ast.walk(tree):
        if not isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for node in ast.walk(fn):
            if isinstance(node, ast.Import | ast.ImportFrom):
                name = node.module if isinstance(node, ast.ImportFrom) else node.names[0].name
                if (name or "").split(".")[0] not in HEAVY:
                    hidden.append(f"{path.relative_to(PACKAGE.parent)}:{node.lineno} imports {name} in {fn.name}()")
    assert not hidden, "\n".join(hidden)


def test_the_layer_test_catches_ingest_importing_detect(tmp_path: Path) -> None:
    """The check above fails for the imports the layering exists to forbid: ingest and detect never import each
    other (ingest stages facts and claims; detection reads their tables)."""
    for importer, imported in (("ingest", "detect"), ("detect", "ingest")):
        path = tmp_path / "statwatch" / f"{importer}.py"
        path.parent.mkdir(exist_ok=True)
        path.write_text((PACKAGE / f"{importer}.py").read_text(encoding="utf-8")
                        + f"\nfrom statwatch.{imported} import something\n", encoding="utf-8")
        with pytest.raises(AssertionError, match=f"imports statwatch.{imported}"):
            test_imports_go_down_the_layers(importer, path)


# -- what no code of the project does (issue 16: the holds) ---------------------------------------------------

CODE = [PACKAGE, PACKAGE.parent / "statwatch_airflow", PACKAGE.parent / "statwatch_dev", PACKAGE.parent / "dags"]
_UNSAFE_MODULES = {"pickle", "cPickle", "_pickle", "dill", "shelve", "marshal"}


def _unsafe(tree: ast.AST) -> list[tuple[int, str]]:
    """(line, what) of every unsafe loader or shell: yaml.load/unsafe_load/full_load and yaml's Loader classes,
    pickle-like modules, and any call with shell=True."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import | ast.ImportFrom):
            names = [node.module or ""] if isinstance(node, ast.ImportFrom) else [a.name for a in node.names]
            found += [(node.lineno, f"imports {n}") for n in names if n.split(".")[0] in _UNSAFE_MODULES]
        elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "yaml" and (
                node.attr in ("load", "load_all", "unsafe_load", "unsafe_load_all", "full_load", "full_load_all")
                or node.attr in ("Loader", "UnsafeLoader", "FullLoader")):
            found.append((node.lineno, f"yaml.{node.attr}"))
        elif isinstance(node, ast.Call):
            found += [(node.lineno, "shell=True") for k in node.keywords
                      if k.arg == "shell" and not (isinstance(k.value, ast.Constant) and k.value.value is False)]
    return found


def test_no_unsafe_yaml_pickle_or_shell() -> None:
    """Configuration is read with yaml.safe_load only; nothing unpickles; no subprocess goes through a shell."""
    bad = [f"{path.relative_to(PACKAGE.parent)}:{line} {what}"
           for folder in CODE for path in sorted(folder.rglob("*.py"))
           for line, what in _unsafe(ast.parse(path.read_text(encoding="utf-8")))]
    assert not bad, "\n".join(bad)


def test_the_unsafe_check_catches_what_it_is_for() -> None:
    code = ("import yaml, pickle, subprocess\nfrom shelve import open\nyaml.load(s, Loader=yaml.Loader)\n"
            "yaml.safe_load(s)\nsubprocess.run('ls', shell=True)\nsubprocess.run(['ls'], shell=False)\n")
    assert [what for _, what in sorted(_unsafe(ast.parse(code)))] == [
        "imports pickle", "imports shelve", "yaml.Loader", "yaml.load", "shell=True"]
