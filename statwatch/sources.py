"""The source configuration model (`config/sources.yaml`) and its loader."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from statwatch import settings
from statwatch.errors import ConfigError

_ENV = re.compile(r"\$\{(\w+)(?::-([^}]*))?\}")


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
        ids = [s.id for s in v]
        dup = {i for i in ids if ids.count(i) > 1}
        if dup:
            raise ValueError(f"duplicate source ids: {sorted(dup)}")
        return v


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


def load_sources(path: Path | None = None) -> list[Source]:
    """Load and validate sources.yaml (default: the config folder)."""
    path = path or settings.config_dir() / "sources.yaml"
    raw = read_yaml(path)
    try:
        return SourcesFile.model_validate(expand_env(raw)).sources
    except ValidationError as e:
        raise config_error(path, raw, e) from None


def get_source(source_id: str, path: Path | None = None) -> Source:
    """One source by id, or ConfigError listing the known ids."""
    sources = load_sources(path)
    for s in sources:
        if s.id == source_id:
            return s
    raise ConfigError(f"unknown source {source_id!r}; known: {', '.join(s.id for s in sources)}")
