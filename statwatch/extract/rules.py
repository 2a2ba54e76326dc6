"""Load the indicator catalogue and the extraction rules (YAML data) into compiled matchers."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from statwatch import settings
from statwatch.errors import ConfigError
from statwatch.extract.normalize import normalise


@dataclass
class Indicator:
    """One catalogue entry as the extractor uses it."""

    code: str
    unit: str
    kinds: tuple[str, ...]
    timing: str
    counted: tuple[str, ...] = ()
    cues: tuple[str, ...] = ()


@dataclass(eq=False)
class Rules:
    """Everything the engine matches against, compiled once."""

    indicators: dict[str, Indicator]
    subject_re: re.Pattern[str]          # any subject name; group name → codes via subject_codes
    subject_codes: dict[str, tuple[str, ...]]
    short_forms: dict[str, str]          # short name → code, valid after the full name was seen
    licensing_re: re.Pattern[str]        # full names of the codes that have short forms
    licensing_codes: dict[str, str]
    counted_re: re.Pattern[str]
    counted_codes: dict[str, list[str]]
    raw: dict[str, Any] = field(default_factory=dict)

    def words(self, key: str) -> list[str]:
        """A word list from the rules file, normalised."""
        return [normalise(w) for w in self.raw.get(key, [])]


def _alternation(words: list[str]) -> str:
    return trie_pattern(words)


def trie_pattern(words: list[str]) -> str:
    """A regex matching any of `words`, longest first, factored as a trie (re scans it far faster than a|b|c)."""
    trie: dict = {}
    for w in set(words):
        if not w:
            continue
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = True

    def build(node: dict) -> str:
        end = "" in node
        branches = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if end else body

    return build(trie) or r"(?!x)x"


def _load_yaml(path: Path) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as e:
        raise ConfigError(f"{path}: cannot read ({e.strerror})") from None
    except yaml.YAMLError as e:
        raise ConfigError(f"{path}: not valid YAML ({' '.join(str(e).split())})") from None


@cache
def load_rules(catalogue: str | None = None, rules: str | None = None) -> Rules:
    """Compile warehouse/indicators.yaml and warehouse/extract_rules.yaml (or the given paths)."""
    cat_path = Path(catalogue) if catalogue else settings.warehouse_dir() / "indicators.yaml"
    rules_path = Path(rules) if rules else settings.warehouse_dir() / "extract_rules.yaml"
    cat = _load_yaml(cat_path) or {}
    raw = _load_yaml(rules_path) or {}
    entries = cat.get("indicators", []) if isinstance(cat, dict) else cat
    indicators: dict[str, Indicator] = {}
    names: dict[str, set[str]] = {}
    patterns: list[tuple[str, str]] = []
    short: dict[str, str] = {}
    counted: dict[str, list[str]] = {}
    for i, e in enumerate(entries or []):
        if not isinstance(e, dict) or "code" not in e:
            raise ConfigError(f"{cat_path}: entry {i + 1} has no code")
        code = e["code"]
        ind = Indicator(code=code, unit=e.get("unit", ""), kinds=tuple(e.get("kinds") or ("stats", "rail", "ops")),
                        timing=e.get("timing", "flow"), counted=tuple(normalise(w) for w in e.get("counted") or ()),
                        cues=tuple(normalise(w) for w in e.get("cues") or ()))
        indicators[code] = ind
        for n in e.get("names") or ():
            names.setdefault(normalise(str(n)), set()).add(code)
        for p in e.get("patterns") or ():
            patterns.append((code, normalise(p)))
        for s in e.get("short") or ():
            short[normalise(s)] = code
        for w in ind.counted:
            counted.setdefault(w, []).append(code)
    for phrase, codes in (raw.get("list_subjects") or {}).items():
        names.setdefault(normalise(phrase), set()).update(["|".join(codes)])
    subject_codes: dict[str, tuple[str, ...]] = {}
    alts: list[str] = []
    for k, (code, pat) in enumerate(patterns):
        alts.append(f"(?P<p{k}>{pat})")
        subject_codes[f"p{k}"] = (code,)
    alts.append(f"(?P<names>{trie_pattern(list(names))})")
    if short:
        alts.append(f"(?P<short>{trie_pattern(list(short))})")
    for w, cs in names.items():
        codes = sorted(cs)
        subject_codes[w] = tuple(codes[0].split("|")) if len(codes) == 1 else tuple(codes)
    for w, code in short.items():
        subject_codes["?" + w] = ("?" + code,)
    try:
        subject_re = re.compile("|".join(alts))
        counted_re = re.compile(_alternation(list(counted))) if counted else re.compile(r"(?!x)x")
    except re.error as e:
        raise ConfigError(f"{cat_path}: a pattern does not compile ({e})") from None
    licensed = set(short.values())
    licensing = {w: next(iter(cs)) for w, cs in names.items() if len(cs) == 1 and next(iter(cs)) in licensed}
    return Rules(indicators=indicators, subject_re=subject_re, subject_codes=subject_codes, short_forms=short,
                 licensing_re=re.compile(trie_pattern(list(licensing))), licensing_codes=licensing,
                 counted_re=counted_re, counted_codes=counted, raw=raw)
