"""Facts as they are found: quotes mapped back to the original text, repeats and headlines dropped."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from statwatch.extract.dates import Period
from statwatch.extract.document import DocumentContext
from statwatch.model import Fact


@dataclass(slots=True)
class Draft:
    """A fact before its quote is mapped back: offsets are into the normalised text. Handed straight to the sink,
    which keeps none, so not frozen (a frozen dataclass sets its fields one call at a time)."""

    code: str
    measure: str
    period: Period | None
    value: float
    unit: str
    qualifier: str = "exact"
    region: str = ""
    comparator: str = ""
    span: tuple[int, int] = (0, 0)
    extra: dict[str, Any] | None = None


class FactSink:
    """Collects a document's facts; a headline (a line without clause punctuation) repeating the body gives way."""

    def __init__(self, doc: DocumentContext):
        self.doc = doc
        self.facts: list[Fact] = []
        self.heading = False
        self._heading_facts: set[int] = set()

    def emit(self, d: Draft) -> None:
        """Record a fact; a draft without a period is not a fact."""
        if d.period is None:
            return
        a, b = self.doc.norm.span(*d.span)
        if self.heading:
            self._heading_facts.add(len(self.facts))
        self.facts.append(Fact(indicator=d.code, measure=d.measure, period=d.period.iso(), value=d.value, unit=d.unit,
                               qualifier=d.qualifier, region=d.region or self.doc.default_region,
                               comparator=d.comparator, quote=self.doc.norm.original[a:b], start=a, end=b,
                               doc=self.doc.doc, extra=d.extra or {}))

    def claim(self, like: Fact, code: str, span: tuple[int, int]) -> None:
        """A claim about an earlier fact (创新高): same value and period, its own quote."""
        a, b = self.doc.norm.span(*span)
        self.facts.append(Fact(code, "level", like.period, like.value, like.unit, like.qualifier, like.region, "",
                               self.doc.norm.original[a:b], a, b, self.doc.doc))

    def _rounded_headline(self, f: Fact) -> Fact:
        """A headline's 突破4500列 read as a running total, over a body that counts 4583 trains in its period and no
        running total near it: the headline rounds the period's count down, and takes its period."""
        if f.indicator != "rail.trains_cumulative" or f.qualifier != "over" or f.value < 10 or f.value != int(f.value):
            return f
        n = int(f.value)
        step = 10 ** (len(str(n)) - len(str(n).rstrip("0")))
        near = [g for i, g in enumerate(self.facts) if i not in self._heading_facts and g.measure == "level"
                and g.indicator in ("rail.trains", "rail.trains_cumulative") and n <= g.value < n + step]
        if len(near) != 1 or near[0].indicator != "rail.trains":
            return f
        return replace(f, indicator="rail.trains", period=near[0].period)

    def result(self) -> list[Fact]:
        """One fact per statement: repeats drop out, and a headline repeating the body gives way to it."""
        # a headline restates a body figure, often without its period (承运货物总重1.04万吨 over the story's holiday)
        body = {(f.indicator, f.measure, f.value, f.comparator)
                for i, f in enumerate(self.facts) if i not in self._heading_facts}
        seen: set[tuple[str, str, str, str, float, str]] = set()
        out = []
        for i in self._heading_facts:
            self.facts[i] = self._rounded_headline(self.facts[i])
        for i, f in enumerate(self.facts):
            key = (f.indicator, f.measure, f.period, f.region, f.value, f.comparator)
            if key in seen or (i in self._heading_facts and key[:2] + key[4:] in body):
                continue
            seen.add(key)
            out.append(f)
        # (a bulletin's crossing of a round count is news of its own: kept)
        if self.doc.kind != "stats":
            return out
        out = [f for f in out if not self._rounded_before(f, out)]
        return [f for i, f in enumerate(out) if not _restated_finer(f, out[:i])]

    @staticmethod
    def _rounded_before(f: Fact, facts: list[Fact]) -> bool:
        """首次突破50亿元，达到50.4亿元: in a release, the round mark crossed right before the exact level it rounds down
        says nothing more."""
        if f.qualifier != "over" or f.measure != "level":
            return False
        return any(g.qualifier == "exact" and (g.indicator, g.measure, g.period, g.region)
                   == (f.indicator, f.measure, f.period, f.region) and f.value <= g.value < f.value * 1.2
                   and 0 <= g.start - f.end <= 24 for g in facts)


def _decimals(x: float) -> int:
    """How many decimals a value was written with (2.85 → 2; 28470万元 read as 2.847亿元 → 3)."""
    return len(repr(x).split(".")[1].rstrip("0")) if "." in repr(x) and "e" not in repr(x) else 0


def _restated_finer(f: Fact, before: list[Fact]) -> bool:
    """第一产业增加值2.85亿元 … (a section later) 第一产业(农业)增加值28470万元: a level stated again in a finer unit, that
    rounds to the exact one stated first, is the same figure (超过3.5亿元 … 35400万元 keeps the exact one)."""
    if f.measure != "level":
        return False
    key = (f.indicator, f.measure, f.period, f.region)
    return any((g.indicator, g.measure, g.period, g.region) == key and g.qualifier == "exact" and g.value != f.value
               and 0 < (d := _decimals(g.value)) < _decimals(f.value) and round(f.value, d) == g.value for g in before)
