"""The case as typed, frozen data: what `corpus` reads and every later stage only reads.

Field names are the keys of the case files (docs/corpus-format.md); a field typed `X | None`
accepts the value `unknown`, which becomes None. No I/O and no renderer imports here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

# Imported for real, not only for type checkers: the loader resolves these annotations with
# typing.get_type_hints to parse the case files. The records of actors.yaml and disputes.yaml,
# and what every record is built from, live in modules of their own and are named here too.
from dossier.case.actors import (ActorGroup, Actors, CharacterisationLabels, Conduct, Framework,
                                 Investigation, LegalProvision, Member, OpenQuestion, Responsibility)
from dossier.case.claims import NOWHERE, Citation, Claim, Loc, Status
from dossier.case.disputes import Account, Analysis, Dispute
from dossier.case.readers import Locator
from dossier.case.values import FigureValue, PartialDate, Precision, Time
from dossier.edition import Edition

__all__ = ["ActorGroup", "Actors", "CharacterisationLabels", "Conduct", "Framework", "Investigation", "LegalProvision", "Member",
           "OpenQuestion", "Responsibility", "NOWHERE", "Citation", "Claim", "Loc", "Status", "Account",
           "Analysis", "Dispute"]


@dataclass(frozen=True, kw_only=True)
class Grading:
    """Admiralty-scale grading: source reliability A-F, information credibility 1-6."""

    reliability: Literal["A", "B", "C", "D", "E", "F"]
    credibility: Literal[1, 2, 3, 4, 5, 6]
    reason: str
    loc: Loc = NOWHERE


@dataclass(frozen=True, kw_only=True)
class Source:
    """A source document's metadata, as its copy shows it."""

    id: str
    file: str
    sha256: str
    title: str
    author: str | None
    publisher: str | None
    published: PartialDate | None
    kind: Literal["news report", "encyclopedia", "opinion", "NGO/IGO statement",
                  "official document", "excerpt", "other"]
    language: str
    url: str | None
    obtained: str
    derived_from: str | None
    grading: Grading
    cite_as: str | None = None
    notes: str | None = None
    loc: Loc = NOWHERE


@dataclass(frozen=True, kw_only=True)
class OtherTime:
    """A time another source gives for the same event."""

    time: Time
    source: str
    loc: Loc = NOWHERE


@dataclass(frozen=True, kw_only=True)
class Event(Claim):
    """One entry of the chronology."""

    id: str
    date: PartialDate
    time: Time | None = None
    end: PartialDate | None = None  # the last day of a range
    end_time: Time | None = None  # when it ended, on its last day
    precision: Precision
    approximate: bool = False
    # A date or time the sources give only as a limit: "no later than 06:00", "on or after".
    bound: Literal["no-later-than", "no-earlier-than"] | None = None
    # How a date the sources do not state was worked out ("on Wednesday", in an article of 13
    # January 2023); the chronology prints it beside the date.
    date_derived: str | None = None
    timezone: str | None = None  # when it is not the case's (case.yaml timezone)
    other_times: tuple[OtherTime, ...] = ()
    place: str | None
    phase: str
    actors: tuple[str, ...] = ()
    description: str
    short: str | None = None


@dataclass(frozen=True, kw_only=True)
class CasualtyFigure(Claim):
    """One figure as one source gives it; disagreeing figures each keep their record.

    `as_given` is the source's own words for it ("upwards of 50"), which the dossier prints and
    `check` finds in a quote; `value` is what they mean as a number. A figure the source quotes
    from someone else names them in `attributed_to`, and may leave scope and date unknown when
    the source does not give them.
    """

    id: str
    quantity: str
    scope: str | None  # None: the source does not say what the figure covers
    value: FigureValue
    as_given: str
    as_of: PartialDate | None
    as_of_derived: str | None = None  # how a date the source does not state was worked out
    attributed_to: str | None = None


@dataclass(frozen=True, kw_only=True)
class Victim(Claim):
    """A person killed, injured or attacked whom the sources describe individually.

    The fields answer the Minnesota Protocol's questions about each person (and hold the Every
    Casualty minimum); a field the sources do not answer is `unknown`, printed "not established".
    `date`, `time` and `place` are those of the injury or attack; a death later or elsewhere has
    its own.
    """

    id: str
    name: str | None
    identity_withheld: str | None = None  # why the name is not given, when a source knows it
    label: str
    harm: Literal["killed", "injured", "attacked"]
    age: int | None
    age_band: Literal["child", "teenager", "adult"] | None  # teenager: whether a minor is not known
    sex: Literal["male", "female"] | None
    date: PartialDate | None
    time: Time | None = None
    place: str | None
    death_date: PartialDate | None = None
    death_time: Time | None = None
    death_place: str | None = None
    cause: str | None  # of death, or of the injury
    manner: str | None = None  # of death, as a source characterises it
    weapon: str | None
    responsible: str | None = None  # who is said to be responsible
    responsible_according_to: str | None = None  # who says so
    civilian_status: Literal["civilian", "security forces"] | None
    origin: str | None
    protected: tuple[Literal["minor", "living"], ...] = ()


@dataclass(frozen=True, kw_only=True)
class Finding(Claim):
    """A finding for the executive summary."""

    id: str
    text: str


@dataclass(frozen=True, kw_only=True)
class NotReliedOn(Claim):
    """A claim a source makes that the dossier does not repeat, and why."""

    id: str
    claim: str
    reason: str


@dataclass(frozen=True, kw_only=True)
class Label:
    """An id with the label the dossier prints for it."""

    id: str
    label: str
    loc: Loc = NOWHERE


@dataclass(frozen=True, kw_only=True)
class Quantity:
    """What a figure counts; `counts_within` names a broader quantity it is compared with.

    Casualties (people killed, injured) are reconciled and charted; other counts (soldiers
    deployed) and proportions (90% of the injuries) are listed as the sources give them.
    """

    id: str
    label: str
    kind: Literal["casualties", "count", "proportion"] = "casualties"
    counts_within: str | None = None
    loc: Loc = NOWHERE


@dataclass(frozen=True, kw_only=True)
class Rules:
    """The case's rules for statuses and figures."""

    established_min_independent_sources: int = 2
    # How a best estimate is chosen among the figures of one quantity and scope; "none": the
    # dossier gives the lowest and highest figures stated, and no best estimate.
    best_estimate: Literal["none", "most-independent-sources"] = "none"
    loc: Loc = NOWHERE


@dataclass(frozen=True, kw_only=True)
class FigureKey:
    """A quantity in a scope: what the executive summary leads with."""

    quantity: str
    scope: str
    loc: Loc = NOWHERE


@dataclass(frozen=True, kw_only=True)
class Filing:
    """What a filed copy says it is: for whom, to whom, under which reference and annex label.

    Every field is optional: a briefing has none of them. The cover prints each one given, and
    the running footer of every page carries `document_id` when it is set.
    """

    on_behalf_of: str | None = None  # the petitioner or client
    recipient: str | None = None  # the court, commission or prosecutor it is addressed to
    reference: str | None = None  # petition or case number
    annex: str | None = None  # the label it carries in the filing ("Annex 4")
    document_id: str | None = None  # the identifier printed on every page
    loc: Loc = NOWHERE


@dataclass(frozen=True, kw_only=True)
class CaseInfo:
    """case.yaml: the case as a whole."""

    id: str
    title: str
    subtitle: str
    language: str
    editions: tuple[Edition, ...] = ()
    place: str
    event_date: PartialDate
    timezone: str
    prepared_by: str  # a person or organisation
    prepared_for: str  # its purpose
    filing: Filing = field(default_factory=Filing)
    compiled: PartialDate
    version: str
    confidentiality: str | None
    rules: Rules = field(default_factory=Rules)
    key_figures: tuple[FigureKey, ...] = ()
    phases: tuple[Label, ...]
    scopes: tuple[Label, ...]
    quantities: tuple[Quantity, ...]
    not_covered: tuple[str, ...] = ()
    loc: Loc = NOWHERE


@dataclass(frozen=True, kw_only=True)
class ChartSpec:
    """A chart the case asks for: its kind, and the quantities and scopes it draws."""

    id: str
    kind: Literal["by-source", "over-time", "breakdown", "compare-scopes", "timeline"]
    title: str
    quantities: tuple[str, ...] = ()
    scopes: tuple[str, ...] = ()
    date: PartialDate | None = None
    loc: Loc = NOWHERE


@dataclass(frozen=True, kw_only=True)
class SourceDocument:
    """A source's metadata with its file as read: its bytes, its text and a locator."""

    source: Source
    path: Path
    data: bytes  # as received: what the case pins by SHA-256
    text: str  # what its quotes are verified against (see `readers`)
    locator: Locator  # where an offset of the text is in the original


@dataclass(frozen=True, kw_only=True)
class Case:
    """A whole case as read from its folder, not yet validated."""

    root: Path
    info: CaseInfo
    documents: tuple[SourceDocument, ...]
    events: tuple[Event, ...]
    figures: tuple[CasualtyFigure, ...]
    victims: tuple[Victim, ...]
    actors: Actors
    findings: tuple[Finding, ...]
    not_relied_on: tuple[NotReliedOn, ...]
    charts: tuple[ChartSpec, ...]
    disputes: tuple[Dispute, ...] = ()

    @property
    def sources(self) -> tuple[Source, ...]:
        return tuple(d.source for d in self.documents)
