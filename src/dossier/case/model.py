"""The case as typed, frozen data: what `corpus` reads and every later stage only reads.

Field names are the keys of the case files (docs/corpus-format.md); a field typed `X | None`
accepts the value `unknown`, which becomes None. No I/O and no renderer imports here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

# Imported for real, not only for type checkers: corpus resolves these annotations with
# typing.get_type_hints to parse the case files.
from dossier.case.readers import Locator
from dossier.case.values import FigureValue, PartialDate, Precision, Time
from dossier.edition import Edition

Status = Literal["established", "reported", "alleged", "disputed", "unsupported"]


@dataclass(frozen=True, order=True)
class Loc:
    """Where a record stands: its file, its 1-based line, and the line of each of its keys."""

    path: Path
    line: int
    keys: tuple[tuple[str, int], ...] = ()

    def at(self, key: str) -> Loc:
        """Where one key of the record stands (the record's own line if it has no such key)."""
        return Loc(self.path, dict(self.keys).get(key, self.line))

    def __str__(self) -> str:
        return f"{self.path}:{self.line}"


NOWHERE = Loc(Path("."), 0)


@dataclass(frozen=True, kw_only=True)
class Citation:
    """A verbatim passage of a source that supports a claim."""

    source: str
    quote: str
    loc: Loc = NOWHERE


@dataclass(frozen=True, kw_only=True)
class Claim:
    """Something the dossier may say, with its status and the passages it rests on."""

    status: Status
    alleged_by: str | None = None
    note: str | None = None
    citations: tuple[Citation, ...]
    loc: Loc = NOWHERE


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
    end: PartialDate | None = None
    precision: Precision
    approximate: bool = False
    timezone: str | None = None  # when it is not the case's (case.yaml timezone)
    other_times: tuple[OtherTime, ...] = ()
    place: str | None
    phase: str
    actors: tuple[str, ...] = ()
    description: str
    short: str | None = None


@dataclass(frozen=True, kw_only=True)
class CasualtyFigure(Claim):
    """One figure as one source gives it; disagreeing figures each keep their record."""

    id: str
    quantity: str
    scope: str
    value: FigureValue
    as_of: PartialDate | None
    attributed_to: str | None = None


@dataclass(frozen=True, kw_only=True)
class Victim(Claim):
    """A person killed or injured whom the sources describe (Every Casualty minimum fields)."""

    id: str
    name: str | None
    label: str
    harm: Literal["killed", "injured", "shot"]
    age: int | None
    age_band: Literal["child", "adult"] | None
    sex: Literal["male", "female"] | None
    date: PartialDate | None
    place: str | None
    cause: str | None
    weapon: str | None
    civilian_status: Literal["civilian", "security forces"] | None
    origin: str | None
    protected: tuple[Literal["minor", "living"], ...] = ()


@dataclass(frozen=True, kw_only=True)
class Member:
    """A person, institution or group that belongs to an actor group."""

    id: str
    name: str
    kind: Literal["person", "institution", "group"]
    role: str
    citations: tuple[Citation, ...]
    loc: Loc = NOWHERE


@dataclass(frozen=True, kw_only=True)
class Conduct(Claim):
    """What an actor group did, as the sources describe it."""

    text: str


@dataclass(frozen=True, kw_only=True)
class Responsibility(Claim):
    """A characterisation of responsibility and who makes it."""

    characterisation: Literal["direct", "indirect", "other"]
    text: str
    by: str


@dataclass(frozen=True, kw_only=True)
class LegalProvision:
    """A legal provision a source cites, with what the source says it provides."""

    provision: str
    text: str
    citations: tuple[Citation, ...]
    loc: Loc = NOWHERE


@dataclass(frozen=True, kw_only=True)
class OpenQuestion:
    """A question the sources leave open."""

    text: str
    citations: tuple[Citation, ...]
    loc: Loc = NOWHERE


@dataclass(frozen=True, kw_only=True)
class ActorGroup:
    """One group of the accountability framework."""

    id: str
    name: str
    description: str
    citations: tuple[Citation, ...]
    members: tuple[Member, ...] = ()
    conduct: tuple[Conduct, ...] = ()
    responsibility: tuple[Responsibility, ...] = ()
    legal_provisions: tuple[LegalProvision, ...] = ()
    investigations: tuple[str, ...] = ()
    open_questions: tuple[OpenQuestion, ...] = ()
    loc: Loc = NOWHERE


@dataclass(frozen=True, kw_only=True)
class Framework:
    """The accountability framework the groups come from."""

    name: str
    author: str
    citations: tuple[Citation, ...]
    loc: Loc = NOWHERE


@dataclass(frozen=True, kw_only=True)
class Investigation(Claim):
    """An investigation or inquiry, with its outcome as the sources last report it."""

    id: str
    title: str
    opened: PartialDate | None
    by: str | None
    concerns: tuple[str, ...] = ()
    outcome: str


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
    """What a figure counts; `counts_within` names a broader quantity it is compared with."""

    id: str
    label: str
    counts_within: str | None = None
    loc: Loc = NOWHERE


@dataclass(frozen=True, kw_only=True)
class Rules:
    """The case's rules for statuses and figures."""

    established_min_independent_sources: int = 2
    vague_words: dict[str, int | None] = field(default_factory=dict)
    loc: Loc = NOWHERE


@dataclass(frozen=True, kw_only=True)
class FigureKey:
    """A quantity in a scope: what the executive summary leads with."""

    quantity: str
    scope: str
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
    prepared_by: str
    prepared_for: str
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
class Actors:
    """actors.yaml: the accountability framework, its groups, other actors, investigations."""

    framework: Framework
    groups: tuple[ActorGroup, ...]
    other_actors: tuple[Member, ...] = ()
    investigations: tuple[Investigation, ...] = ()

    def all_actors(self) -> list[ActorGroup | Member]:
        """Every actor an event or investigation may name: groups, their members, the others."""
        return [*self.groups, *(m for g in self.groups for m in g.members), *self.other_actors]


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

    @property
    def sources(self) -> tuple[Source, ...]:
        return tuple(d.source for d in self.documents)
