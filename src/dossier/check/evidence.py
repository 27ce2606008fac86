"""What the case data implies about corroboration and disagreement.

Turns sources and figures into: the independent origin of each source (derived copies collapse
into what they copy), the independent sources behind a set of citations, and the conflicts
among figures (one quantity and scope, different stated values).
"""

from __future__ import annotations

import dataclasses
import functools
from collections import defaultdict
from dataclasses import dataclass
from typing import Iterable

from dossier.case.model import CasualtyFigure, Citation, FigureValue, Source


def origins(sources: Iterable[Source]) -> dict[str, str]:
    """Map each source id to the id of the independent source it comes from."""
    by_id = {s.id: s for s in sources}
    result: dict[str, str] = {}
    for source in by_id.values():
        seen, current = {source.id}, source
        while current.derived_from in by_id and current.derived_from not in seen:
            seen.add(current.derived_from)
            current = by_id[current.derived_from]
        result[source.id] = current.id
    return result


def shown_as(cited: Iterable[str], origin: dict[str, str]) -> dict[str, str]:
    """Each cited source id, once and in order, with the source it is shown as.

    A copy cited beside its original is shown as the original, so that one text is never named
    or marked as two sources; a copy cited alone is shown as itself.
    """
    ids = dict.fromkeys(cited)
    return {s: origin[s] if origin[s] in ids else s for s in ids}


def independent_sources(citations: Iterable[Citation], origin: dict[str, str]) -> set[str]:
    """The independent sources behind some citations (a copy counts as its original)."""
    return {origin.get(c.source, c.source) for c in citations}


@dataclass(frozen=True)
class Conflict:
    """Figures of one quantity (with the narrower ones counted within it) and scope that differ."""

    quantity: str
    scope: str
    values: tuple[tuple[FigureValue, tuple[CasualtyFigure, ...]], ...]


def find_conflicts(figures: Iterable[CasualtyFigure],
                   counts_within: dict[str, str | None] | None = None) -> list[Conflict]:
    """Every quantity and scope for which the sources state more than one value.

    A figure of a narrower quantity ("severely injured", counted within "injured") is compared
    with the broader one: the sources disagreeing on how many were hurt is one conflict.
    """
    counts_within = counts_within or {}
    groups: dict[tuple[str, str], dict[tuple[str, FigureValue], list[CasualtyFigure]]] = defaultdict(dict)
    for figure in figures:
        if figure.scope is None:
            continue  # a figure whose source does not say what it covers is compared with none
        broad = counts_within.get(figure.quantity) or figure.quantity
        groups[(broad, figure.scope)].setdefault((figure.quantity, figure.value), []).append(figure)
    return [
        Conflict(quantity, scope, tuple((value, tuple(figs)) for (_, value), figs in values.items()))
        for (quantity, scope), values in groups.items() if len(values) > 1
    ]


def could_both_be_true(stated: FigureValue, other: FigureValue) -> bool:
    """Whether another figure leaves a stated one true: "at least 17" survives 18, "18" does not
    survive 17, and nothing survives a word, which gives no number to compare."""
    if other.least is None or stated.least is None:
        return False
    other_low, other_high = other.least, (other.high if other.kind == "range" else
                                          None if other.kind in ("at_least", "more_than") else other.least)
    if stated.kind in ("at_least", "more_than"):  # a lower bound: true if the other can reach it
        return other_high is None or other_high >= stated.least
    low, high = stated.least, stated.most
    assert high is not None
    return other_low <= high and (other_high is None or other_high >= low)


def citations_in(record: object) -> list[Citation]:
    """Every citation inside a record, however deeply nested, in the order they are written."""
    found: list[Citation] = []
    pending = [record]
    while pending:
        item = pending.pop()
        if isinstance(item, Citation):
            found.append(item)
        elif isinstance(item, (tuple, list)):
            pending.extend(reversed(item))
        elif dataclasses.is_dataclass(item) and not isinstance(item, type):
            pending.extend(getattr(item, name) for name in reversed(_field_names(type(item))))
    return found


@functools.cache
def _field_names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(cls))
