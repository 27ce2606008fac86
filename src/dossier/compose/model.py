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
    from dossier.case.model import CharacterisationLabels, Grading, Status
    from dossier.case.values import FigureValue, PartialDate, Precision, Time


@dataclass(frozen=True, kw_only=True)
class Cite:
    """A reference from the text to one quoted passage of a source ([S3] in the PDF)."""

    source: str
    passage: str  # anchor of the passage in the source appendix, e.g. "S3-2"; "" when not found
    shown_as: str  # the source whose marker shows it: a copy cited beside its original is the original
    found: bool = True  # False only in a draft: the quote is not in its source


@dataclass(frozen=True, kw_only=True)
class DisputeRef:
    """A link to a point the sources dispute, as the summary numbers it."""

    key: str  # the destination of the point: dispute-D1
    number: int


@dataclass(frozen=True, kw_only=True)
class Statement:
    """A claim as the dossier may state it: fact only when established."""

    text: str
    status: Status
    alleged_by: str | None
    note: str | None
    cites: tuple[Cite, ...]
    sources: tuple[str, ...]  # cited source ids, in order of first citation
    disputed_in: tuple[DisputeRef, ...] = ()  # the disputed points it bears on


@dataclass(frozen=True, kw_only=True)
class FigureEntry:
    """One figure as one source states it: its words, its date and whose figure it is."""

    value: FigureValue
    as_given: str  # the source's words
    as_of: PartialDate | None
    as_of_derived: str | None  # how the date was worked out, when the source does not state it
    attributed_to: str | None  # a party whose figure the source quotes
    counted: bool  # a source's own report: it may be the lowest, highest or best figure
    statement: Statement  # status, who alleges it, the curator's note, citations


@dataclass(frozen=True, kw_only=True)
class ValueGroup:
    """One value in one wording, with every source (or party) that states it: a summary line."""

    value: FigureValue
    as_given: str
    sources: tuple[str, ...]
    attributed_to: tuple[str, ...]  # parties whose figure a source quotes
    alleged: bool  # an allegation: shown, not counted
    counted: bool
    cites: tuple[Cite, ...]


@dataclass(frozen=True, kw_only=True)
class Reconciled:
    """Everything the sources say about one quantity in one scope, read together."""

    quantity: str  # the quantity's label
    scope: str | None  # the scope's label; None: not stated by the source
    kind: str  # casualties, count or proportion
    low: ValueGroup | None  # the lowest count a source states as its own
    high: ValueGroup | None
    best: ValueGroup | None  # only under the case's rule (methodology)
    no_best: str | None  # why there is none: no-rule, tie, no-number
    values: tuple[ValueGroup, ...]  # numbers by count, then words, then parties' figures
    figures: tuple[FigureEntry, ...]  # every figure, oldest first


@dataclass(frozen=True, kw_only=True)
class ChronologyEntry:
    date: PartialDate
    time: Time | None
    end: PartialDate | None
    end_time: Time | None
    precision: Precision
    approximate: bool
    bound: str | None  # no-later-than, no-earlier-than: the date or time is a limit
    date_derived: str | None  # how the date was worked out, when no source states it
    timezone: str | None  # only when it differs from the case's
    other_times: tuple[tuple[Time, str], ...]  # (time, source id)
    place: str | None
    actors: tuple[str, ...]  # names of the actors the event involves
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
    value: FigureValue | None  # drawn at its number; a word has none and is only named
    as_given: str | None  # the source's words
    sources: tuple[str, ...]
    also_given: tuple[str, ...] = ()  # the same source's other wordings of the same figure
    span: tuple[str, str] | None = None  # lowest and highest figure stated, in their words
    open_high: bool = False  # the highest figure stated is itself a lower bound ("at least 68")
    as_of: PartialDate | None = None
    time: Time | None = None
    claim: bool = False  # a party's figure or an allegation: drawn apart, not counted
    approximate: bool = False  # a time given as "around"
    bound: str | None = None  # a time given as a limit: "no-later-than" or "no-earlier-than"
    end_time: Time | None = None  # when an event drawn at its time ended


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
    """A person as the sources describe them; None: no source establishes it."""

    label: str
    name: str | None  # None when unknown or protected
    identity_withheld: str | None
    harm: str
    age: int | None
    age_band: str | None
    sex: str | None
    date: PartialDate | None  # of the injury or attack
    time: Time | None
    place: str | None
    death_date: PartialDate | None
    death_time: Time | None
    death_place: str | None
    cause: str | None
    manner: str | None
    weapon: str | None
    responsible: str | None
    responsible_according_to: str | None
    civilian_status: str | None
    origin: str | None
    protected: tuple[str, ...]
    statement: Statement


@dataclass(frozen=True, kw_only=True)
class Account:
    """One account of a disputed point, with the sources (or party) that give it."""

    text: str
    by: str | None  # a party the sources quote; else the account is the sources' own
    sources: tuple[str, ...]
    cites: tuple[Cite, ...]


@dataclass(frozen=True, kw_only=True)
class DisputedPoint:
    """A point on which the sources give different accounts, none of them settled."""

    ref: DisputeRef
    question: str
    accounts: tuple[Account, ...]
    analysis: str | None  # the compiler's inference, printed as such
    analysis_cites: tuple[Cite, ...]
    note: str | None


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
    disputed_in: tuple[DisputeRef, ...]
    members: tuple[Member, ...]
    conduct: tuple[Statement, ...]
    responsibility: tuple[Responsibility, ...]
    provisions: tuple[Provision, ...]
    investigations: tuple[InvestigationEntry, ...]
    none_reported: bool  # the case records that the sources report no investigation
    open_questions: tuple[Statement, ...]


@dataclass(frozen=True, kw_only=True)
class Translation:
    """The compiler's translation of a quote, which stays verbatim in its own language."""

    quote: str
    text: str


@dataclass(frozen=True, kw_only=True)
class PassageEntry:
    """A passage the dossier quotes, as the source appendix lists it."""

    anchor: str
    line: int
    start: int
    end: int
    text: str
    translations: tuple[Translation, ...]  # the curator's translations of quotes within it


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
    on_behalf_of: str | None
    recipient: str | None
    reference: str | None
    annex: str | None
    document_id: str | None  # printed in the footer of every page when set
    compiled: PartialDate
    version: str
    confidentiality: str | None
    keywords: tuple[str, ...]


@dataclass(frozen=True, kw_only=True)
class Exhibit:
    """A source reproduced as an exhibit of its own, for a recipient that takes no attachments:
    its text line by line, numbered as the appendix counts lines."""

    label: str  # "A", "B", ... in the order of the sources
    source: SourceEntry
    lines: tuple[str, ...]


@dataclass(frozen=True, kw_only=True)
class Dossier:
    """The whole dossier, in reading order."""

    meta: Meta
    edition: Edition
    key_figures: tuple[Reconciled, ...]
    findings: tuple[Statement, ...]
    disputes: tuple[DisputedPoint, ...]
    phases: tuple[Phase, ...]
    charts: tuple[Chart, ...]
    reconciliation: tuple[Reconciled, ...]
    victims: tuple[Victim, ...]
    framework_name: str
    framework_author: str
    framework_labels: CharacterisationLabels  # the framework's words; None: the dossier's plain ones
    framework_cites: tuple[Cite, ...]
    groups: tuple[GroupSection, ...]
    other_investigations: tuple[InvestigationEntry, ...]  # those no group lists
    other_actors: tuple[Member, ...]
    not_relied_on: tuple[NotReliedOn, ...]
    sources: tuple[SourceEntry, ...]
    independent_sources: int
    established_min: int
    best_estimate: str  # the case's rule for a best estimate; "none" if it declares none
    not_covered: tuple[str, ...]
    warnings: tuple[str, ...]  # what failed `check`, in a draft
    exhibits: tuple[Exhibit, ...] = ()  # every source as an exhibit, for a filing that files them so
    sources_inside: bool = True  # the sources are attached to the PDF (not for every recipient)

    def source(self, source_id: str) -> SourceEntry:
        return next(s for s in self.sources if s.id == source_id)


