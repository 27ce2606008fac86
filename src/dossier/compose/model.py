"""The dossier model: what the dossier says, section by section, as plain frozen data.

`compose` builds it from a checked case, by keyword; templates, charts and layout only read it.
Nothing here is formatted for a language or a page: numbers stay numbers, dates stay dates, and
every statement keeps its status and the passages it rests on.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from dossier.edition import Edition

if TYPE_CHECKING:  # the layout reads this model without loading the case model
    from dossier.case.model import Grading, Status
    from dossier.case.values import FigureValue, PartialDate, Precision, Time


@dataclass(frozen=True, kw_only=True)
class Cite:
    """A reference from the text to one quoted passage of a source ([S3] in the PDF)."""

    source: str
    passage: str  # anchor of the passage in the source appendix, e.g. "S3-2"
    shown_as: str  # the source whose marker shows it: a copy cited beside its original is the original


@dataclass(frozen=True, kw_only=True)
class Statement:
    """A claim as the dossier may state it: fact only when established."""

    text: str
    status: Status
    alleged_by: str | None
    note: str | None
    cites: tuple[Cite, ...]
    sources: tuple[str, ...]  # cited source ids, in order of first citation


@dataclass(frozen=True, kw_only=True)
class StatedValue:
    """One value a source states for a quantity, as the source states it, with its citations."""

    value: FigureValue
    statement: Statement


@dataclass(frozen=True, kw_only=True)
class ValueGroup:
    """One value as stated, with every source (and party) that states it, for a summary line."""

    value: FigureValue
    sources: tuple[str, ...]
    attributed_to: tuple[str, ...]  # parties whose figure a source quotes
    alleged: bool  # a party's claim: shown, not counted
    cites: tuple[Cite, ...]


@dataclass(frozen=True, kw_only=True)
class Reconciled:
    """Everything the sources say about one quantity in one scope, and its low/best/high."""

    quantity: str  # the quantity's label
    scope: str  # the scope's label
    low: int | None
    best: int | None
    high: int | None
    values: tuple[StatedValue, ...]
    low_stated: FigureValue | None  # the stated value behind low, as the source words it
    best_stated: FigureValue | None
    high_stated: FigureValue | None
    by_value: tuple[ValueGroup, ...]  # the values grouped, highest count last


@dataclass(frozen=True, kw_only=True)
class ChronologyEntry:
    date: PartialDate
    time: Time | None
    end: PartialDate | None
    precision: Precision
    approximate: bool
    timezone: str | None  # only when it differs from the case's
    other_times: tuple[tuple[Time, str], ...]  # (time, source id)
    place: str | None
    statement: Statement


@dataclass(frozen=True, kw_only=True)
class Phase:
    label: str
    entries: tuple[ChronologyEntry, ...]


@dataclass(frozen=True, kw_only=True)
class ChartPoint:
    """One drawn value: a bar, bound or marker, with its label and the sources behind it."""

    group: str  # the category it is drawn in (a quantity, a scope or a time)
    label: str  # what it is (the source, a date, an event)
    value: FigureValue | None
    low: int | None  # where it is drawn: a word is drawn at its vague low or not at all
    sources: tuple[str, ...]
    as_of: PartialDate | None = None
    time: Time | None = None
    open_high: bool = False  # the highest value stated is a lower bound ("at least 68")
    alleged: bool = False  # an allegation: drawn apart, not counted
    approximate: bool = False  # a time given as "around"
    stated: tuple[FigureValue, FigureValue] | None = None  # low and high in the sources' words


@dataclass(frozen=True, kw_only=True)
class Chart:
    """A chart's data; the charts stage draws it, the layout embeds the image."""

    id: str
    kind: str
    title: str
    points: tuple[ChartPoint, ...]
    cites: tuple[Cite, ...]
    sources: tuple[str, ...]
    reference: int | None = None  # a total drawn as a line (e.g. bodies examined)


@dataclass(frozen=True, kw_only=True)
class Victim:
    label: str
    name: str | None  # None when unknown or protected
    harm: str
    age: int | None
    age_band: str | None
    sex: str | None
    date: PartialDate | None
    place: str | None
    cause: str | None
    weapon: str | None
    civilian_status: str | None
    origin: str | None
    protected: tuple[str, ...]
    statement: Statement


@dataclass(frozen=True, kw_only=True)
class Member:
    name: str
    kind: str
    role: Statement


@dataclass(frozen=True, kw_only=True)
class Responsibility:
    characterisation: str
    by: str
    statement: Statement


@dataclass(frozen=True, kw_only=True)
class Provision:
    provision: str
    text: str
    cites: tuple[Cite, ...]


@dataclass(frozen=True, kw_only=True)
class InvestigationEntry:
    title: str
    opened: PartialDate | None
    by: str | None
    concerns: tuple[str, ...]  # names
    outcome: Statement


@dataclass(frozen=True, kw_only=True)
class GroupSection:
    number: int
    name: str
    description: Statement
    members: tuple[Member, ...]
    conduct: tuple[Statement, ...]
    responsibility: tuple[Responsibility, ...]
    provisions: tuple[Provision, ...]
    investigations: tuple[InvestigationEntry, ...]
    open_questions: tuple[Statement, ...]


@dataclass(frozen=True, kw_only=True)
class PassageEntry:
    """A passage the dossier quotes, as the source appendix lists it."""

    anchor: str
    line: int
    start: int
    end: int
    text: str


@dataclass(frozen=True, kw_only=True)
class SourceEntry:
    id: str
    title: str
    cite_as: str
    author: str | None
    publisher: str | None
    published: PartialDate | None
    kind: str
    language: str
    url: str | None
    obtained: str
    derived_from: str | None
    origin: str
    grading: Grading
    sha256: str
    file: str
    size: int
    notes: str | None
    passages: tuple[PassageEntry, ...]


@dataclass(frozen=True, kw_only=True)
class NotReliedOn:
    claim: str
    reason: str
    statement: Statement


@dataclass(frozen=True, kw_only=True)
class Meta:
    case_id: str
    title: str
    subtitle: str
    place: str
    event_date: PartialDate
    timezone: str
    prepared_by: str
    prepared_for: str
    compiled: PartialDate
    version: str
    confidentiality: str | None
    keywords: tuple[str, ...]


@dataclass(frozen=True, kw_only=True)
class Dossier:
    """The whole dossier, in reading order."""

    meta: Meta
    edition: Edition
    key_figures: tuple[Reconciled, ...]
    findings: tuple[Statement, ...]
    phases: tuple[Phase, ...]
    charts: tuple[Chart, ...]
    reconciliation: tuple[Reconciled, ...]
    victims: tuple[Victim, ...]
    framework_name: str
    framework_author: str
    framework_cites: tuple[Cite, ...]
    groups: tuple[GroupSection, ...]
    other_investigations: tuple[InvestigationEntry, ...]  # those no group lists
    other_actors: tuple[Member, ...]
    not_relied_on: tuple[NotReliedOn, ...]
    sources: tuple[SourceEntry, ...]
    independent_sources: int
    established_min: int
    vague_words: tuple[tuple[str, int | None], ...]
    not_covered: tuple[str, ...]
    warnings: tuple[str, ...]  # what failed `check`, in a draft

    def source(self, source_id: str) -> SourceEntry:
        return next(s for s in self.sources if s.id == source_id)


