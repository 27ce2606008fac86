"""The reconciliation rule: the low, best and high count of one quantity in one scope.

The methodology section of the dossier states this rule in words; this is the rule itself.
- a stated value counts as the least it can mean ("at least 17" as 17, "more than 100" as 101,
  "about 40" as 40, a range as both its ends); a word counts as the case's vague_words value,
  or not at all when that is unknown;
- only figures a source reports count (COUNTED): an allegation (a politician's tally) is shown
  beside them but does not move low, best or high;
- low is the lowest count stated, high the highest;
- best is the count supported by the most independent sources, where a source supports only
  its own latest figure (a party's figure it quotes, or a figure it later revised, adds no
  support); a tie goes to the most recent figure.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Iterable, Mapping

from dossier.case.model import CasualtyFigure
from dossier.case.values import FigureValue, PartialDate

COUNTED = ("established", "reported")  # statuses whose figures enter low / best / high
PLAINNESS = ("exact", "about", "range", "at_least", "more_than", "word")  # plainest first


@dataclass(frozen=True, kw_only=True)
class Estimate:
    """Low, best and high counts, each with the stated value behind it in the source's words."""

    low: int | None
    best: int | None
    high: int | None
    low_stated: FigureValue | None
    best_stated: FigureValue | None
    high_stated: FigureValue | None


def counts(value: FigureValue, words: Mapping[str, int | None]) -> list[int]:
    """The counts a stated value stands for: the least it can mean, both ends of a range."""
    if value.kind == "word":
        count = words.get(value.word or "")
        return [] if count is None else [count]
    assert value.low is not None  # every kind but a word states a number
    if value.kind == "range":
        assert value.high is not None
        return [value.low, value.high]
    if value.kind == "more_than":
        return [value.low + 1]
    return [value.low]


def supporting(figures: Iterable[CasualtyFigure], origin: Mapping[str, str]) -> list[CasualtyFigure]:
    """The figures that count as support: each source's own, and only its latest."""
    own = [f for f in figures if not f.attributed_to]
    newest: dict[str, tuple[int, int, int]] = {}
    for figure in own:
        for source in {origin[c.source] for c in figure.citations}:
            newest[source] = max(newest.get(source, (0, 0, 0)), date_key(figure.as_of))
    return [f for f in own if all(date_key(f.as_of) == newest[origin[c.source]] for c in f.citations)]


def estimate(figures: Iterable[CasualtyFigure], words: Mapping[str, int | None],
             origin: Mapping[str, str]) -> Estimate:
    """Low, best and high of figures that all count one quantity in one scope."""
    counted = [f for f in figures if f.status in COUNTED]
    stated: dict[int, list[FigureValue]] = defaultdict(list)
    latest: dict[int, tuple[int, int, int]] = {}
    for figure in counted:
        for count in counts(figure.value, words):
            stated[count].append(figure.value)
            latest[count] = max(latest.get(count, (0, 0, 0)), date_key(figure.as_of))
    support: dict[int, set[str]] = defaultdict(set)
    for figure in supporting(counted, origin):
        for count in counts(figure.value, words):
            support[count] |= {origin[c.source] for c in figure.citations}
    ordered = sorted(stated)
    if not ordered:
        return Estimate(low=None, best=None, high=None, low_stated=None, best_stated=None,
                        high_stated=None)
    best = max(ordered, key=lambda c: (len(support[c]), latest[c]))
    low, high = ordered[0], ordered[-1]
    return Estimate(low=low, best=best, high=high, low_stated=plainest(stated[low]),
                    best_stated=plainest(stated[best]), high_stated=plainest(stated[high]))


def plainest(values: list[FigureValue]) -> FigureValue:
    """Of the stated values behind one count, the one that says it most plainly (exact first)."""
    return min(values, key=lambda v: PLAINNESS.index(v.kind))


def date_key(date: PartialDate | None) -> tuple[int, int, int]:
    """A date as a sortable key; unknown and missing parts sort first."""
    if date is None:
        return (0, 0, 0)
    return (date.year, date.month or 0, date.day or 0)
