"""The chronology of the dossier model: the case's events in order, grouped by phase."""

from __future__ import annotations

from collections import defaultdict
from itertools import groupby

from dossier.case.model import Case, Event
from dossier.compose import model as doc
from dossier.compose.chart_data import event_order
from dossier.compose.reconcile import date_key
from dossier.compose.statements import Statements


def phases(case: Case, statements: Statements) -> tuple[doc.Phase, ...]:
    """Each phase of the case that has events, with its events in chronological order."""
    by_phase: dict[str, list[Event]] = defaultdict(list)
    for event in case.events:
        by_phase[event.phase].append(event)
    names = {actor.id: actor.name for actor in case.actors.all_actors()}
    result = []
    for phase in case.info.phases:
        entries = tuple(doc.ChronologyEntry(
            date=e.date, time=e.time, end=e.end, end_time=e.end_time, precision=e.precision,
            approximate=e.approximate, bound=e.bound, date_derived=e.date_derived,
            timezone=e.timezone if e.timezone != case.info.timezone else None,
            other_times=tuple((o.time, o.source) for o in e.other_times),
            place=e.place, actors=tuple(names[a] for a in e.actors),
            statement=statements.statement(e, e.description))
            for e in chronological(by_phase.get(phase.id, [])))
        if entries:
            result.append(doc.Phase(label=phase.label, entries=entries))
    return tuple(result)


def chronological(events: list[Event]) -> list[Event]:
    """Events by date; on one date, timed events by time, untimed ones where the curator put them."""
    events = sorted(events, key=lambda e: date_key(e.date))
    result: list[Event] = []
    for _, same_day in groupby(events, key=lambda e: date_key(e.date)):
        day = list(same_day)
        timed = iter(sorted((e for e in day if e.time), key=event_order))
        result += [next(timed) if e.time else e for e in day]
    return result
