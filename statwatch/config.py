"""Configuration: read YAML, validate it with pydantic, and say what is wrong with file, line and key.

Every configuration model lives here: sources (config/sources.yaml), routes (routes.yaml), targets
(targets.yaml), campaigns (campaigns.yaml) and detection rules (rules.yaml).
"""

from __future__ import annotations

import os
import re
from datetime import date
from pathlib import Path
from typing import Any, Literal, TypeVar
from urllib.parse import urlsplit

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, ValidationInfo, field_validator

from statwatch import settings
from statwatch.errors import ConfigError

M = TypeVar("M", bound=BaseModel)

_ENV = re.compile(r"\$\{(\w+)(?::-([^}]*))?\}")


def expand_env(value: Any) -> Any:
    """Replace ${VAR} and ${VAR:-default} in every string of a loaded YAML tree."""
    if isinstance(value, str):
        return _ENV.sub(lambda m: os.environ.get(m.group(1)) or (m.group(2) or ""), value)
    if isinstance(value, list):
        return [expand_env(v) for v in value]
    if isinstance(value, dict):
        return {k: expand_env(v) for k, v in value.items()}
    return value


def read_yaml(path: Path) -> Any:
    """Read a YAML file, turning every failure into a ConfigError naming the file and line."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as e:
        raise ConfigError(f"{path}: cannot read: {e.strerror}") from None
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f" line {mark.line + 1}" if mark else ""
        raise ConfigError(f"{path}{where}: invalid YAML: {getattr(e, 'problem', e)}") from None


def config_error(path: Path, raw: Any, err: ValidationError) -> ConfigError:
    """A one-line-per-problem error naming the file, the line (when known) and the key."""
    lines = []
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    for item in err.errors():
        loc = ".".join(str(p) for p in item["loc"])
        line = _line_of(text, raw, item["loc"])
        where = f" line {line}" if line else ""
        lines.append(f"{path}{where}: {loc}: {item['msg']}")
    return ConfigError("\n".join(lines))


def _line_of(text: str, raw: Any, loc: tuple[Any, ...]) -> int | None:
    """Best-effort line number of the last string key in loc."""
    keys = [p for p in loc if isinstance(p, str)]
    if not keys or not text:
        return None
    idx = None
    # Walk to the n-th list item when the location names one, then find the key after it.
    node, offset = raw, 0
    for p in loc:
        if isinstance(p, int) and isinstance(node, list):
            pos = -1
            for _ in range(p + 1):
                pos = text.find("\n  - ", pos + 1)
            if pos >= 0:
                offset = pos
            node = node[p] if p < len(node) else None
        elif isinstance(node, dict):
            node = node.get(p)
    idx = text.find(keys[-1] + ":", offset)
    if idx < 0:
        idx = offset if offset else -1
    return text.count("\n", 0, idx) + 1 if idx >= 0 else None


def load_model(path: Path, model: type[M], *, default: M | None = None) -> M:
    """Read a YAML file and validate it as `model` (${VAR} expanded); `default` when the file is absent."""
    if default is not None and not path.exists():
        return default
    raw = read_yaml(path)
    try:
        return model.model_validate(expand_env(raw) if raw is not None else {})
    except ValidationError as e:
        raise config_error(path, raw, e) from None


def unique_ids(ids: list[str], what: str) -> None:
    """ValueError naming the ids that occur more than once in a list of configured things."""
    dup = {i for i in ids if ids.count(i) > 1}
    if dup:
        raise ValueError(f"duplicate {what} ids: {sorted(dup)}")


# --- sources.yaml ---


class Feed(BaseModel):
    """Where new items are discovered: an RSS/Atom feed or an HTML listing."""

    model_config = ConfigDict(extra="forbid")
    type: Literal["rss", "listing"]
    url: str
    max_pages: int = Field(default=5, ge=1, le=100)

    @field_validator("url")
    @classmethod
    def _http_url(cls, v: str) -> str:
        if urlsplit(v).scheme not in ("http", "https") or not urlsplit(v).hostname:
            raise ValueError(f"expected an http(s) URL, got {v!r}")
        return v


class Calendar(BaseModel):
    """When releases are expected, so that a missing one can be noticed."""

    model_config = ConfigDict(extra="forbid")
    every: Literal["day", "month", "quarter"]
    day_of_month: int | None = Field(default=None, ge=1, le=31)
    window_days: int = Field(default=2, ge=0, le=90)


class Source(BaseModel):
    """One watched publisher."""

    model_config = ConfigDict(extra="forbid")
    id: str = Field(pattern=r"^[a-z][a-z0-9_]{1,40}$")
    name: str
    kind: Literal["rail", "stats", "ops"]
    feed: Feed | None = None
    item_pattern: str
    encoding: str = "auto"
    poll_interval: float = Field(default=60.0, ge=1.0, le=86400.0)
    timeout: float = Field(default=20.0, gt=0.0, le=300.0)
    max_bytes: int = Field(default=10 * 1024 * 1024, ge=1024, le=200 * 1024 * 1024)
    cron: str | None = None
    calendar: Calendar | None = None
    allowed_hosts: list[str] = Field(default_factory=list)
    # Host names must resolve to public addresses; an IP literal in the feed URL or allowed_hosts is used as given.
    allow_private_addresses: bool = False
    region_aliases: dict[str, str] = Field(default_factory=dict)
    enabled: bool = True

    def canonical_region(self, region: str | None) -> str:
        """The region as the warehouse names it (全区 in a district's release is that district)."""
        region = region or ""
        return self.region_aliases.get(region, region)

    @field_validator("item_pattern")
    @classmethod
    def _regex(cls, v: str) -> str:
        try:
            re.compile(v)
        except re.error as e:
            raise ValueError(f"not a regular expression: {e}") from None
        return v

    @property
    def hosts(self) -> set[str]:
        """Hosts this source may fetch from: the feed's host plus allowed_hosts."""
        hosts = {h.lower() for h in self.allowed_hosts}
        if self.feed:
            hosts.add((urlsplit(self.feed.url).hostname or "").lower())
        return hosts


class SourcesFile(BaseModel):
    """The whole sources.yaml."""

    model_config = ConfigDict(extra="forbid")
    sources: list[Source]

    @field_validator("sources")
    @classmethod
    def _unique(cls, v: list[Source]) -> list[Source]:
        unique_ids([s.id for s in v], "source")
        return v


def load_sources(path: Path | None = None) -> list[Source]:
    """Load and validate sources.yaml (default: the config folder)."""
    return load_model(path or settings.config_dir() / "sources.yaml", SourcesFile).sources


def get_source(source_id: str, path: Path | None = None) -> Source:
    """One source by id, or ConfigError listing the known ids."""
    sources = load_sources(path)
    for s in sources:
        if s.id == source_id:
            return s
    raise ConfigError(f"unknown source {source_id!r}; known: {', '.join(s.id for s in sources)}")


# --- routes.yaml ---


class Route(BaseModel):
    """Where alerts of one topic go; with `regions`, only alerts about those regions (a unit's own contacts)."""

    model_config = ConfigDict(extra="forbid")
    topic: str
    recipients: list[str] = Field(min_length=1)
    mode: Literal["digest", "single"] = "digest"
    regions: list[str] = Field(default_factory=list)

    def takes(self, topic: str, region: str | None) -> bool:
        """Whether an alert of this topic about this region goes this way."""
        return self.topic == topic and (not self.regions or (region or "") in self.regions)


class RoutesFile(BaseModel):
    """The whole routes.yaml."""

    model_config = ConfigDict(extra="forbid")
    sender: str
    # The Airflow UI's public address (its evidence pages are linked from every e-mail); empty: no link.
    ui_url: str | None = None
    routes: list[Route]

    @field_validator("ui_url")
    @classmethod
    def _web_url(cls, v: str | None) -> str | None:
        if not v:
            return None
        if urlsplit(v).scheme not in ("http", "https") or not urlsplit(v).hostname:
            raise ValueError(f"ui_url must be an http(s) URL with a host, got {v!r}")
        return v.rstrip("/")


def load_routes(path: Path | None = None) -> RoutesFile:
    """Load and validate routes.yaml."""
    return load_model(path or settings.config_dir() / "routes.yaml", RoutesFile)


# --- targets.yaml ---


class Target(BaseModel):
    """One annual target."""

    model_config = ConfigDict(extra="forbid")
    indicator: str
    measure: Literal["level", "yoy_pct"]
    region: str
    year: int = Field(ge=2000, le=2100)
    comparison: Literal[">=", ">"]
    value: float
    unit: str
    quote: str | None = None


class TargetsFile(BaseModel):
    """The whole targets.yaml."""

    model_config = ConfigDict(extra="forbid")
    tolerance: float = Field(default=0.0, ge=0.0, lt=1.0)
    targets: list[Target]


def load_targets(path: Path | None = None) -> TargetsFile:
    """Load and validate targets.yaml."""
    return load_model(path or settings.config_dir() / "targets.yaml", TargetsFile)


# --- campaigns.yaml ---


class Campaign(BaseModel):
    """One operations campaign: a cumulative count (a span-of-days fact from `start`) against a plan by `deadline`."""

    model_config = ConfigDict(extra="forbid")
    id: str = Field(pattern=r"^[a-z][a-z0-9_]{1,40}$")
    name: str = Field(min_length=1)
    indicator: str
    region: str
    unit: str
    start: date
    deadline: date
    plan: float = Field(gt=0)
    tolerance: float = Field(default=0.0, ge=0.0, lt=1.0)  # behind when actual < expected × (1 − tolerance)

    @field_validator("deadline")
    @classmethod
    def _after_start(cls, v: date, info: ValidationInfo) -> date:
        start = info.data.get("start")
        if start is not None and v < start:
            raise ValueError(f"deadline {v} is before start {start}")
        return v


class CampaignsFile(BaseModel):
    """The whole campaigns.yaml."""

    model_config = ConfigDict(extra="forbid")
    campaigns: list[Campaign] = Field(default_factory=list)

    @field_validator("campaigns")
    @classmethod
    def _unique(cls, v: list[Campaign]) -> list[Campaign]:
        unique_ids([c.id for c in v], "campaign")
        return v


def load_campaigns(path: Path | None = None) -> CampaignsFile:
    """Load and validate campaigns.yaml (no campaigns when the file is absent)."""
    return load_model(path or settings.config_dir() / "campaigns.yaml", CampaignsFile, default=CampaignsFile())


# --- rules.yaml ---


class Approval(BaseModel):
    """How long an alert waits for an analyst, and what happens when nobody answers."""

    model_config = ConfigDict(extra="forbid")
    timeout_hours: float = Field(default=24.0, gt=0)
    on_timeout: Literal["reject", "approve"] = "reject"  # nothing unverified is sent unattended


# Alerts of these rules always wait for an analyst: a 创新高 that history contradicts must not reach staff unread.
ALWAYS_NEEDS_APPROVAL = ("claim_unconfirmed",)


class RankRules(BaseModel):
    """When a unit's rank in an assessment is news (rank_change)."""

    model_config = ConfigDict(extra="forbid")
    moved: int = Field(default=3, ge=1)  # places up or down between two periods of the same granularity
    bottom: int = Field(default=3, ge=1)  # the bottom N, two periods running
    # Bottom-N only where it singles units out: in a population of 4 (4个园区), 3 of 4 are always "bottom 3".
    bottom_min_population: int = Field(default=10, ge=2)


class DetectionRules(BaseModel):
    """config/rules.yaml: the series that records and milestones are kept for; rank changes; which alerts wait for
    approval."""

    model_config = ConfigDict(extra="forbid")
    records: list[str] = ["rail.trains", "rail.wagons", "rail.teu"]
    milestones: dict[str, float] = {"rail.trains_cumulative": 1000.0}
    ranks: RankRules = RankRules()
    needs_approval: list[str] = []
    approval: Approval = Approval()

    def approval_needed(self, rule: str) -> bool:
        """Whether a firing alert of this rule waits for an analyst before staff are told."""
        return rule in ALWAYS_NEEDS_APPROVAL or rule in self.needs_approval

    @field_validator("milestones")
    @classmethod
    def _positive(cls, v: dict[str, float]) -> dict[str, float]:
        bad = [k for k, step in v.items() if step <= 0]
        if bad:
            raise ValueError(f"milestone steps must be positive: {bad}")
        return v


def load_detection_rules(path: Path | None = None) -> DetectionRules:
    """config/rules.yaml (defaults when the file is absent)."""
    return load_model(path or settings.config_dir() / "rules.yaml", DetectionRules, default=DetectionRules())
