"""actors.yaml as typed data: the accountability framework, its groups of actors, what the
sources say each did and who holds whom responsible, and the investigations recorded."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from dossier.case.claims import NOWHERE, Citation, Claim, Loc
from dossier.case.values import PartialDate


@dataclass(frozen=True, kw_only=True)
class Member:
    """A person, institution or group that belongs to an actor group."""

    id: str
    name: str
    kind: Literal["person", "institution", "group", "state"]
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
    # The ids of its investigations, or "none reported" where the sources report none.
    investigations: tuple[str, ...] | Literal["none reported"] = ()
    open_questions: tuple[OpenQuestion, ...] = ()
    loc: Loc = NOWHERE

    @property
    def investigation_ids(self) -> tuple[str, ...]:
        """The investigations it lists; none where it records that none is reported."""
        return self.investigations if isinstance(self.investigations, tuple) else ()

    @property
    def reports_no_investigation(self) -> bool:
        """Whether the case records that the sources report no investigation of the group."""
        return self.investigations == "none reported"


@dataclass(frozen=True, kw_only=True)
class Framework:
    """The accountability framework the groups come from."""

    name: str
    author: str
    citations: tuple[Citation, ...]
    labels: CharacterisationLabels = field(default_factory=lambda: CharacterisationLabels())
    loc: Loc = NOWHERE


@dataclass(frozen=True, kw_only=True)
class CharacterisationLabels:
    """The framework's own words for each characterisation of responsibility; when a case gives
    none, the dossier's plain ones are printed."""

    direct: str | None = None
    indirect: str | None = None
    other: str | None = None
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
class Actors:
    """actors.yaml: the accountability framework, its groups, other actors, investigations."""

    framework: Framework
    groups: tuple[ActorGroup, ...]
    other_actors: tuple[Member, ...] = ()
    investigations: tuple[Investigation, ...] = ()

    def all_actors(self) -> list[ActorGroup | Member]:
        """Every actor an event or investigation may name: groups, their members, the others."""
        return [*self.groups, *(m for g in self.groups for m in g.members), *self.other_actors]
