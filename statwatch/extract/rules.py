"""The vocabulary of extraction as data: warehouse/indicators.yaml and warehouse/extract_rules.yaml, validated
(pydantic, unknown keys refused, errors naming the file and the key) and compiled into matchers."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from statwatch import settings
from statwatch.errors import ConfigError
from statwatch.extract.normalize import normalise, normalise_chars

Kind = Literal["stats", "rail", "ops"]
_ALL_KINDS: tuple[Kind, ...] = ("stats", "rail", "ops")


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class IndicatorEntry(_Model):
    """One catalogue entry (warehouse/indicators.yaml)."""

    code: str
    name_zh: str = ""
    names: list[str] = Field(default_factory=list)      # subjects written before the number
    patterns: list[str] = Field(default_factory=list)   # regexes for subjects with infixes
    short: list[str] = Field(default_factory=list)      # valid only after the full name was seen
    licensed_by: list[str] = Field(default_factory=list)  # words that also license `short` (规模以上工业 as a theme)
    counted: list[str] = Field(default_factory=list)    # nouns written after a count (30多个国家)
    cues: list[str] = Field(default_factory=list)       # one must be in the sentence for `counted`
    names_after: list[str] = Field(default_factory=list)  # valid only right after one of `after` was named
    after: list[str] = Field(default_factory=list)
    headings: list[str] = Field(default_factory=list)   # column headings of ranking tables (发展质效, 综合得分)
    kinds: list[Kind] = Field(default_factory=lambda: list(_ALL_KINDS))
    unit: str = ""
    timing: Literal["flow", "asof"] = "flow"


class Catalogue(_Model):
    indicators: list[IndicatorEntry]


class UnitSpec(_Model):
    """A unit as written: the catalogue unit, its family, the factor from the written number to the catalogue unit."""

    unit: str
    family: str
    scale: float = 1.0


class RailRules(_Model):
    cumulative: list[str]
    running_words: list[str] = Field(default_factory=list)
    dispatch_words: list[str]
    trade_parts: list[str]
    single_train: list[str]
    since_start: list[str]
    count_verbs: list[str]
    weekly: list[str]
    schedule_words: list[str]
    ratio_words: list[str]
    outbound: list[str]
    inbound: list[str]
    route_verbs: list[str]
    direction_places: list[str] = Field(default_factory=list)
    record_claims: list[str]
    milestone_words: list[str]
    milestone_marks: list[str] = Field(default_factory=list)
    reach_words: list[str] = Field(default_factory=list)
    bare_marks: dict[str, int] = Field(default_factory=dict)
    year_count_words: list[str]
    other_services: list[str]
    border_services: list[str] = Field(default_factory=list)  # 中欧, 中亚: a bulletin naming none is about another
    sea_rail: list[str] = Field(default_factory=list)  # 海铁联运: a port's rail traffic, a story's own when it names no other
    subset_trains: list[str] = Field(default_factory=list)
    home_words: list[str] = Field(default_factory=list)
    origin_words: list[str] = Field(default_factory=list)
    departure_words: list[str] = Field(default_factory=list)
    abroad_words: list[str] = Field(default_factory=list)
    pulled: list[str] = Field(default_factory=list)
    cargo_words: list[str] = Field(default_factory=list)
    goods_after: list[str] = Field(default_factory=list)  # 8万多吨防疫物资: a kind of goods, not the cargo
    part_nouns: list[str]
    unit_indicators: dict[str, str]
    entity_patterns: list[str]


class OpsRules(_Model):
    unit_indicators: dict[str, str]
    inspect_words: list[str] = Field(default_factory=list)  # 排查: looked at, not worked on
    trip_units: list[str]
    needs_noun: list[str]
    noun_measures: list[str] = Field(default_factory=list)
    deploy_verbs: list[str]
    deployed_nouns: list[str]
    equipment_nouns: list[str] = Field(default_factory=list)
    devices: list[str] = Field(default_factory=list)  # 水泵60台: devices counted in 台, never vehicles
    stock_words: list[str]
    call_up_words: list[str] = Field(default_factory=list)
    standby_words: list[str] = Field(default_factory=list)
    # people a bulletin counts who are not its crews: rescued or moved (before), hurt or lost (after the count)
    people_not_crews_before: list[str] = Field(default_factory=list)
    people_not_crews_after: list[str] = Field(default_factory=list)
    event_words: list[str]
    running_words: list[str] = Field(default_factory=list)
    lately_words: list[str] = Field(default_factory=list)
    reason_words: list[str] = Field(default_factory=list)
    verb_indicators: dict[str, str]
    special_refuse: list[str] = Field(default_factory=list)  # 餐厨垃圾: a stream apart from the refuse weighed before


class HolidayRules(_Model):
    """Named holidays: their names, the words after a name, the calendar of festival days and days off."""

    names: dict[str, tuple[str, Literal["day", "eve", "days_off", ""]]]
    day_words: list[str]
    days_off_words: list[str]
    back_words: list[str] = Field(default_factory=list)
    not_after: list[str]
    festival_days: dict[str, dict[int, str]]
    days_off: dict[str, dict[int, str]]


class AssessmentRules(_Model):
    """Assessment rankings written as lists: the words that make a ranking an assessment's, the units ranked."""

    words: list[str]
    populations: dict[str, list[str]]  # the word naming the units ranked → the endings of their names
    units: list[str]                   # the endings any unit ranked in prose may have


class ListPair(_Model):
    """Two indicators named in one phrase, spelled by parts: every first × joiner × second × tail."""

    first: list[str]
    joiners: list[str]
    second: list[str]
    tail: list[str]
    codes: list[str]

    def phrases(self) -> dict[str, list[str]]:
        return {a + j + b + t: self.codes for a in self.first for j in self.joiners for b in self.second
                for t in self.tail}


class ExtractRules(_Model):
    """warehouse/extract_rules.yaml: every key is read by the engine."""

    units: dict[str, UnitSpec]
    not_units: list[str]
    counters: dict[str, list[str]]
    conversions: dict[str, dict[str, float]]
    count_families: list[str]
    unit_families: dict[str, list[str]]
    qualifiers_before: dict[str, Literal["over", "about", "under"]]
    qualifiers_after: dict[str, Literal["over", "about", "under"]]
    range_words: list[str]
    growth_up: list[str]
    growth_down: list[str]
    growth_fill: list[str]
    earlier_period: list[str]
    earlier_view: list[str]
    bare_rate: list[str]
    prior_year_paren: list[str]
    share_cues: list[str]
    pp_up: list[str]
    pp_down: list[str]
    pp_better: list[str]
    pp_worse: list[str]
    decline_words: list[str]
    average_growth: list[str]
    change_words: list[str]
    rate_words: list[str]
    today_words: list[str]
    same_day_words: list[str] = Field(default_factory=list)
    asof_words: list[str]
    span_start_words: list[str]
    span_end_words: list[str]
    target_cues: list[str]
    release_goals: list[str] = Field(default_factory=list)  # 计划: a goal in a release, a plan in a bulletin
    goal_refs: list[str] = Field(default_factory=list)  # 完成年度目标, 围绕全年目标: a goal referred to, not stated
    goal_heads: list[str] = Field(default_factory=list)  # 主要预期目标: a line ending so heads a list of goals
    goal_done: list[str] = Field(default_factory=list)  # 目标的, 目标任务圆满完成: after a goal noun, a goal referred to
    goal_not: list[str] = Field(default_factory=list)  # 确保了, 计划总投资: right after a goal word, none
    forecast_cues: list[str]
    forecast_end: list[str]
    estimate_cues: list[str]
    not_counts: list[str]
    peak_openers: list[str] = Field(default_factory=list)  # 最高达: a clause opening so states a peak
    blockers: list[str]
    progress: list[str] = Field(default_factory=list)  # 完成年度目标的N%, 超序时进度: progress, the subject goes on
    institution_suffixes: list[str]
    rank_verbs: list[str]
    rank_moves: list[str]
    rank_populations: list[str]
    rank_counted: list[str]
    assessment: AssessmentRules
    anaphora: list[str]
    part_openers: list[str]
    comparators: list[str]
    region_words: list[str]
    region_kinds: list[str] = Field(default_factory=list)  # 全省56个城区: all the places of a kind in the whole
    region_lead_verbs: list[str] = Field(default_factory=list)  # 前往宁乡市: the verb is no part of the place
    region_suffixes: list[str]
    zone_suffixes: list[str] = Field(default_factory=list)  # a zone's long name (高新技术产业开发区) ends in one
    region_names: list[str]
    place_names: list[str] = Field(default_factory=list)  # 和平区, 日照市: characters the place pattern refuses
    region_suffixes_releases: list[str]
    filler: list[str]
    # filler that names an activity of its own (招商引资增长25.9%达87.7亿元): it lets a subject named after it through,
    # but a clause of it alone speaks of it, not of the indicator before
    lead_nouns: list[str] = Field(default_factory=list)
    filler_patterns: list[str]
    remark_patterns: list[str]
    subset_scopes: list[str]
    sector_objects: list[str] = Field(default_factory=list)  # 第一产业完成投资: the sector's investment, not its VA
    gdp_parts: list[str] = Field(default_factory=list)  # codes whose share of GDP is a share (value added)
    list_subjects: dict[str, list[str]]
    list_pairs: list[ListPair] = Field(default_factory=list)
    structure_ratios: dict[str, list[str]]
    structure_heads: list[str]
    structure_words: list[str]
    structure_of: list[str] = Field(default_factory=list)  # 占GDP: what the shares are of, before the word
    prior_year_words: list[str]
    holidays: HolidayRules
    rail: RailRules
    ops: OpsRules
    statement_verbs: list[str]
    kind_words: dict[Kind, list[str]]


@dataclass(frozen=True)
class Indicator:
    """One catalogue entry as the extractor uses it (words normalised)."""

    code: str
    unit: str
    kinds: tuple[str, ...]
    timing: str
    counted: tuple[str, ...] = ()
    cues: tuple[str, ...] = ()
    after: frozenset[str] = frozenset()  # names_after count only right after one of these codes was named
    headings: tuple[str, ...] = ()  # column headings of ranking tables


@dataclass(eq=False)
class Rules:
    """Everything the engine matches against, compiled once."""

    indicators: dict[str, Indicator]
    vocab: ExtractRules                  # extract_rules.yaml, validated; words normalised
    subject_re: re.Pattern[str]          # any subject name; group name → codes via subject_codes
    subject_codes: dict[str, tuple[str, ...]]
    # subject_re's group that matched (its lastgroup) → the group the codes are keyed by: p0…, names, short, after
    subject_groups: dict[str, str]
    short_forms: dict[str, str]          # short name → code, valid after the full name was seen
    licensing_re: re.Pattern[str]        # full names of the codes that have short forms
    licensing_codes: dict[str, str]
    counted_re: re.Pattern[str]
    counted_codes: dict[str, list[str]]
    list_keys: frozenset[str]            # subject keys that name several indicators in order
    places: tuple[str, ...] = ()         # warehouse/places.txt: places by their short names (拱墅, 济源, 郑州)


def trie_pattern(words: list[str]) -> str:
    """A regex matching any of `words`, longest first, factored as a trie (re scans it far faster than a|b|c)."""
    return _trie_body(_trie(words)) or r"(?!x)x"


def _trie(words: list[str]) -> dict[str, Any]:
    trie: dict[str, Any] = {}
    for w in set(words):
        if not w:
            continue
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = True
    return trie


# the Chinese characters most frequent in the labelled releases and bulletins, most frequent first: a trie lists its
# branches for these first. Branches open with different characters, so their order changes no match, only how many
# branches re tests (one after another) before it reaches the one for the character in hand
_COMMON = ("增中列长业班全的年产开欧行一区比国同市上发个元值工郑月运路日分总新量州水和加为第亿成出实经高货下展大现清通在万地城等计"
           "点以品资作人道生三物至了进入面公车来次南动务境前安力位重集收其河度稳多到线济家百有对理标定保省零今西目持额时已降社铁程从期")
_RANK = {ch: i for i, ch in enumerate(_COMMON)}


def by_frequency(ch: str) -> tuple[int, str]:
    """The order of alternatives that open with different characters: the frequent characters first."""
    return _RANK.get(ch, len(_RANK)), ch


def _trie_body(node: dict[str, Any]) -> str:
    end = "" in node
    branches = [re.escape(ch) + _trie_body(child) for ch, child in sorted(node.items(), key=lambda kv: by_frequency(kv[0]))
                if ch]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if end else body


def _literal_first(pattern: str) -> bool:
    """The pattern opens with a plain character that is not repeated and has no alternation outside brackets (then
    `pattern(?P<g>)` is one branch that re can reject by its first character)."""
    if len(pattern) < 2 or pattern[0] in "\\([.^$*+?{|)" or pattern[1] in "*+?{":
        return False
    depth, i, in_class = 0, 0, False
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
            if pattern.startswith(("[]", "[^]"), i):
                i += 2 if pattern[i + 1] == "]" else 3
                continue
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            return False
        i += 1
    return True


def branches_by_first_char(patterns: list[str], words: list[str]) -> str | None:
    """`patterns|trie(words)` as one alternation whose every branch opens with its first character (re skips to those
    characters and tests the branches for the frequent ones first; a pattern and a word that open alike keep their
    order); None when a pattern opens otherwise."""
    if not all(_literal_first(p) for p in patterns):
        return None
    branches = [(p[0], p) for p in patterns] + [(ch, re.escape(ch) + _trie_body(child)) for ch, child in _trie(words).items()]
    return "|".join(b for _, b in sorted(branches, key=lambda b: by_frequency(b[0]))) or r"(?!x)x"


def _subject_pattern(patterns: list[tuple[str, str]], groups: list[tuple[str, list[str]]]) -> tuple[str, dict[str, str]]:
    """subject_re as one alternation whose every branch opens with its first character (re then skips to the
    characters a subject starts with and tries only the branches for that character): the patterns in order, then
    each group's words by their first character, as the trie would try them; an empty group at the end of a branch
    names it. Without a plain first character in some pattern, the alternation of groups behind a lookahead."""
    branches: list[str] = []
    names: dict[str, str] = {}
    if all(_literal_first(p) for _, p in patterns):
        for k, (_, p) in enumerate(patterns):
            branches.append(f"{p}(?P<p{k}>)")
            names[f"p{k}"] = f"p{k}"
        for group, words in groups:
            for i, (ch, child) in enumerate(sorted(_trie(words).items(), key=lambda kv: by_frequency(kv[0]))):
                branches.append(f"{re.escape(ch)}{_trie_body(child)}(?P<{group}{i}>)")
                names[f"{group}{i}"] = group
        return "|".join(branches) or r"(?!x)x", names
    alts = [f"(?P<p{k}>{p})" for k, (_, p) in enumerate(patterns)] + [f"(?P<{g}>{trie_pattern(w)})" for g, w in groups]
    words = [w for _, ws in groups for w in ws]
    return first_chars(words, [p for _, p in patterns]) + "(?:" + "|".join(alts) + ")", \
        {**{f"p{k}": f"p{k}" for k in range(len(patterns))}, **{g: g for g, _ in groups}}


def first_chars(words: list[str], patterns: Sequence[str] = ()) -> str:
    """A lookahead for the characters the words and patterns can start with (re tries a long alternation at every
    position otherwise); empty when a pattern does not start with a plain character."""
    chars = {w[0] for w in words if w}
    for p in patterns:
        if not p or p[0] in "\\([.^$*+?{|":
            return ""
        chars.add(p[0])
    return "(?=[" + "".join(re.escape(c) for c in sorted(chars)) + "])" if chars else ""


def _load_yaml(path: Path) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as e:
        raise ConfigError(f"{path}: cannot read ({e.strerror})") from None
    except yaml.YAMLError as e:
        raise ConfigError(f"{path}: not valid YAML ({' '.join(str(e).split())})") from None


def _validate(model: type[_Model], data: Any, path: Path) -> Any:
    try:
        return model.model_validate(data if data is not None else {})
    except ValidationError as e:
        first = e.errors()[0]
        key = ".".join(str(x) for x in first["loc"]) or "(top level)"
        more = f" (and {e.error_count() - 1} more)" if e.error_count() > 1 else ""
        raise ConfigError(f"{path}: {key}: {first['msg']}{more}") from None


def _normalised(value: Any) -> Any:
    """Every word of the rules in the matching form (simplified, half-width), keys and values alike; patterns keep
    every character (normalise would read `,:` in `[^,:;。]` as a mirror's doubled separator and drop the comma)."""
    if isinstance(value, str):
        return normalise_chars(value)
    if isinstance(value, list):
        return [_normalised(v) for v in value]
    if isinstance(value, dict):
        return {_normalised(k) if isinstance(k, str) else k: _normalised(v) for k, v in value.items()}
    return value


def load_vocab(path: Path) -> ExtractRules:
    """extract_rules.yaml, validated, its words in matching form."""
    raw = _load_yaml(path)
    vocab: ExtractRules = _validate(ExtractRules, raw, path)
    return ExtractRules.model_validate(_normalised(vocab.model_dump()))


def load_places(path: Path) -> tuple[str, ...]:
    """warehouse/places.txt beside the rules (one short name a line, # comments), or none when there is no such file."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return ()
    except OSError as e:
        raise ConfigError(f"{path}: cannot read ({e.strerror})") from None
    return tuple(normalise(w) for w in (x.strip() for x in lines) if w and not w.startswith("#"))


def load_catalogue(path: Path) -> list[IndicatorEntry]:
    """indicators.yaml, validated."""
    cat: Catalogue = _validate(Catalogue, _load_yaml(path), path)
    codes = [e.code for e in cat.indicators]
    dup = sorted({c for c in codes if codes.count(c) > 1})
    if dup:
        raise ConfigError(f"{path}: indicators: code {dup[0]} is listed twice")
    return cat.indicators


def load_rules(catalogue: str | None = None, rules: str | None = None) -> Rules:
    """Compile warehouse/indicators.yaml and warehouse/extract_rules.yaml (or the given paths), once per pair."""
    if not catalogue and not rules:
        return _in_folder(settings.warehouse_dir())  # asked once per document: no path arithmetic each time
    cat_path = Path(catalogue) if catalogue else settings.warehouse_dir() / "indicators.yaml"
    rules_path = Path(rules) if rules else settings.warehouse_dir() / "extract_rules.yaml"
    return _compile(_real(cat_path), _real(rules_path))


@cache
def _in_folder(folder: Path) -> Rules:
    return _compile(_real(folder / "indicators.yaml"), _real(folder / "extract_rules.yaml"))


@cache
def _real(path: Path) -> Path:
    return path.resolve()


@cache
def _compile(cat_path: Path, rules_path: Path) -> Rules:
    entries = load_catalogue(cat_path)
    vocab = load_vocab(rules_path)
    indicators: dict[str, Indicator] = {}
    names: dict[str, set[str]] = {}
    patterns: list[tuple[str, str]] = []
    short: dict[str, str] = {}
    themes: dict[str, str] = {}
    bare: dict[str, str] = {}
    counted: dict[str, list[str]] = {}
    for e in entries:
        ind = Indicator(code=e.code, unit=e.unit, kinds=tuple(e.kinds), timing=e.timing, after=frozenset(e.after),
                        counted=tuple(normalise(w) for w in e.counted), cues=tuple(normalise(w) for w in e.cues),
                        headings=tuple(normalise(w) for w in e.headings))
        indicators[e.code] = ind
        bare.update({normalise(w): e.code for w in e.names_after})
        for n in e.names:
            names.setdefault(normalise(n), set()).add(e.code)
        patterns += [(e.code, normalise_chars(p)) for p in e.patterns]
        short.update({normalise(s): e.code for s in e.short})
        themes.update({normalise(w): e.code for w in e.licensed_by})
        for w in ind.counted:
            counted.setdefault(w, []).append(e.code)
    list_keys: set[str] = set()
    for pair in vocab.list_pairs:
        vocab.list_subjects.update({k: c for k, c in pair.phrases().items() if k not in vocab.list_subjects})
    for where, table in (("list_subjects", vocab.list_subjects), ("structure_ratios", vocab.structure_ratios)):
        for phrase, codes in table.items():
            unknown = [c for c in codes if c not in indicators]
            if unknown:
                raise ConfigError(f"{rules_path}: {where}.{phrase}: unknown indicator {unknown[0]}")
    for phrase, codes in vocab.list_subjects.items():
        names.setdefault(phrase, set()).add("|".join(codes))
        list_keys.add(phrase)
    unknown_after = sorted({c for i in indicators.values() for c in i.after if c not in indicators})
    if unknown_after:
        raise ConfigError(f"{cat_path}: after: unknown indicator {unknown_after[0]}")
    unknown_parts = [c for c in vocab.gdp_parts if c not in indicators]
    if unknown_parts:
        raise ConfigError(f"{rules_path}: gdp_parts: unknown indicator {unknown_parts[0]}")
    for where, umap in (("rail.unit_indicators", vocab.rail.unit_indicators), ("ops.unit_indicators", vocab.ops.unit_indicators),
                        ("ops.verb_indicators", vocab.ops.verb_indicators)):
        for unit, code in umap.items():
            if code not in indicators:
                raise ConfigError(f"{rules_path}: {where}.{unit}: unknown indicator {code}")
    subject_codes: dict[str, tuple[str, ...]] = {}
    for k, (code, _) in enumerate(patterns):
        subject_codes[f"p{k}"] = (code,)
    groups = [("names", list(names))] + ([("short", list(short))] if short else [])
    for w, cs in names.items():
        codes = sorted(cs)
        subject_codes[w] = tuple(codes[0].split("|")) if len(codes) == 1 else tuple(codes)
    for w, code in short.items():
        subject_codes["?" + w] = ("?" + code,)
    if bare:
        groups.append(("after", list(bare)))
    for w, code in bare.items():
        subject_codes["^" + w] = ("^" + code,)
    try:
        subject_alt, subject_groups = _subject_pattern(patterns, groups)
        subject_re = re.compile(subject_alt)
        # (26国, 229城: not the start of 国内, 国际, 城区, 城乡)
        counted_re = re.compile("(?:" + trie_pattern(list(counted)) + r")(?!(?<=国)[内际外])(?!(?<=城)[区市乡镇内])") \
            if counted else re.compile(r"(?!x)x")
    except re.error as e:
        raise ConfigError(f"{cat_path}: a pattern does not compile ({e})") from None
    licensed = set(short.values())
    licensing = {w: next(iter(cs)) for w, cs in names.items() if len(cs) == 1 and next(iter(cs)) in licensed}
    licensing.update({w: code for w, code in themes.items() if code in licensed})
    return Rules(indicators=indicators, vocab=vocab, subject_re=subject_re, subject_codes=subject_codes,
                 subject_groups=subject_groups,
                 short_forms=short, licensing_re=re.compile(trie_pattern(list(licensing))), licensing_codes=licensing,
                 counted_re=counted_re, counted_codes=counted, list_keys=frozenset(list_keys),
                 places=load_places(rules_path.parent / "places.txt"))
