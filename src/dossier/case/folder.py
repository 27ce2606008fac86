"""The YAML files of a case folder, one type each: the loader parses a file into its type.

See `loader.CASE_FILES`; what the later stages read is `model.Case`, made from these.
"""

from __future__ import annotations

from dataclasses import dataclass

from dossier.case.model import (CasualtyFigure, ChartSpec, Dispute, Event, Finding, NotReliedOn,
                                Source, Victim)


@dataclass(frozen=True, kw_only=True)
class SourcesFile:
    sources: tuple[Source, ...]


@dataclass(frozen=True, kw_only=True)
class EventsFile:
    events: tuple[Event, ...] = ()


@dataclass(frozen=True, kw_only=True)
class FiguresFile:
    figures: tuple[CasualtyFigure, ...] = ()


@dataclass(frozen=True, kw_only=True)
class VictimsFile:
    victims: tuple[Victim, ...] = ()


@dataclass(frozen=True, kw_only=True)
class FindingsFile:
    findings: tuple[Finding, ...] = ()
    not_relied_on: tuple[NotReliedOn, ...] = ()


@dataclass(frozen=True, kw_only=True)
class ChartsFile:
    charts: tuple[ChartSpec, ...] = ()


@dataclass(frozen=True, kw_only=True)
class DisputesFile:
    disputes: tuple[Dispute, ...] = ()
