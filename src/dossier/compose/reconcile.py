"""The reconciliation rule: what the sources state for one quantity in one scope, read together.

The methodology section of the dossier states this rule in words; this is the rule itself.
- Only a source's own figures are counted (status established or reported, and not a figure
  the source quotes from a party): a party's figure, or an allegation, is shown beside them.
- Low is the counted figure that states the least, high the one that states the most, each in
  the source's own words. A figure without a number ("dozens") is shown but is neither low nor
  high: no word is turned into a number.
- A best estimate exists only under a rule the case declares (`rules.best_estimate`). Under
  "most-independent-sources" it is the count that the most independent sources state, each
  source counting with its own latest figure only; when counts tie there is none. Without a
  rule there is none either, and the dossier says so.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Iterable, Literal, Mapping

from dossier.case.model import CasualtyFigure
from dossier.case.values import PartialDate

COUNTED = ("established", "reported", "disputed")  # a source's own figure, even one another disputes
PLAINNESS = ("exact", "about", "range", "at_least", "more_than", "word", "percent", "ratio")
NoBest = Literal["no-rule", "tie", "no-number"]


@dataclass(frozen=True, kw_only=True)
class Estimate:
    """The figures that state the lowest, highest and (under a rule) best count."""

    low: CasualtyFigure | None
    high: CasualtyFigure | None
    best: CasualtyFigure | None
    no_best: NoBest | None  # why there is no best estimate


def counted(figure: CasualtyFigure) -> bool:
    """Whether a figure is a source's own report, which the estimates may rest on."""
    return figure.status in COUNTED and not figure.attributed_to


def estimate(figures: Iterable[CasualtyFigure], rule: str, origin: Mapping[str, str]) -> Estimate:
    """Low, high and best of figures that all count one quantity in one scope."""
    numbered = [f for f in figures if counted(f) and f.value.least is not None]
    if not numbered:
        return Estimate(low=None, high=None, best=None, no_best="no-number")
    low = min(numbered, key=lambda f: (f.value.least, plainness(f), date_key(f.as_of), f.id))
    high = max(numbered, key=lambda f: (f.value.most, -plainness(f), date_key(f.as_of), f.id))
    if rule != "most-independent-sources":
        return Estimate(low=low, high=high, best=None, no_best="no-rule")
    support: dict[int, set[str]] = defaultdict(set)
    for figure in latest_of_each_source(numbered, origin):
        least = figure.value.least
        assert least is not None
        support[least] |= {origin[c.source] for c in figure.citations}
    ranked = sorted(support.items(), key=lambda item: -len(item[1]))
    if len(ranked) > 1 and len(ranked[0][1]) == len(ranked[1][1]):
        return Estimate(low=low, high=high, best=None, no_best="tie")
    count = ranked[0][0]
    best = min((f for f in numbered if f.value.least == count), key=lambda f: (plainness(f), f.id))
    return Estimate(low=low, high=high, best=best, no_best=None)


def latest_of_each_source(figures: Iterable[CasualtyFigure],
                          origin: Mapping[str, str]) -> list[CasualtyFigure]:
    """The figures that count as support: each independent source's latest only."""
    figures = list(figures)
    newest: dict[str, tuple[int, int, int]] = {}
    for figure in figures:
        for source in {origin[c.source] for c in figure.citations}:
            newest[source] = max(newest.get(source, (0, 0, 0)), date_key(figure.as_of))
    return [f for f in figures if all(date_key(f.as_of) == newest[origin[c.source]] for c in f.citations)]


def plainness(figure: CasualtyFigure) -> int:
    """How plainly a figure states its count: an exact number first, a word last."""
    return PLAINNESS.index(figure.value.kind)


def date_key(date: PartialDate | None) -> tuple[int, int, int]:
    """A date as a sortable key; unknown and missing parts sort first."""
    if date is None:
        return (0, 0, 0)
    return (date.year, date.month or 0, date.day or 0)
