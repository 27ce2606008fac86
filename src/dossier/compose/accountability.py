"""The accountability section of the dossier model: the framework's groups of actors, the
conduct and responsibility the sources attribute to each, and the investigations recorded."""

from __future__ import annotations

from dossier.case.model import ActorGroup, Case, Investigation, Member
from dossier.compose import model as doc
from dossier.compose.statements import Statements


class Accountability:
    """The groups, members and investigations of one case."""

    def __init__(self, case: Case, statements: Statements,
                 disputed: dict[str, tuple[doc.DisputeRef, ...]]):
        self.case, self.statements, self.disputed = case, statements, disputed
        self.actor_name = {actor.id: actor.name for actor in case.actors.all_actors()}
        self.investigations = {i.id: self.investigation(i) for i in case.actors.investigations}

    def groups(self) -> tuple[doc.GroupSection, ...]:
        return tuple(self.group(number, group) for number, group in enumerate(self.case.actors.groups, 1))

    def other_investigations(self) -> tuple[doc.InvestigationEntry, ...]:
        """The investigations no group lists, in the case's order."""
        listed = {i for g in self.case.actors.groups for i in g.investigation_ids}
        return tuple(entry for key, entry in self.investigations.items() if key not in listed)

    def other_actors(self) -> tuple[doc.Member, ...]:
        return tuple(self.member(m) for m in self.case.actors.other_actors)

    def group(self, number: int, g: ActorGroup) -> doc.GroupSection:
        s = self.statements
        return doc.GroupSection(
            number=number, name=g.name, description=s.derived(g.description, g.citations),
            disputed_in=tuple(dict.fromkeys([*self.disputed.get(g.id, ()), *(
                r for m in g.members for r in self.disputed.get(m.id, ()))])),
            members=tuple(self.member(m) for m in g.members),
            conduct=tuple(s.statement(c, c.text) for c in g.conduct),
            responsibility=tuple(doc.Responsibility(characterisation=r.characterisation, by=r.by,
                                                    statement=s.statement(r, r.text))
                                 for r in g.responsibility),
            provisions=tuple(doc.Provision(provision=p.provision, text=p.text, cites=s.cites(p.citations))
                             for p in g.legal_provisions),
            investigations=tuple(self.investigations[i] for i in g.investigation_ids),
            none_reported=g.reports_no_investigation,
            open_questions=tuple(s.reported(q.text, q.citations) for q in g.open_questions),
        )

    def member(self, m: Member) -> doc.Member:
        return doc.Member(name=m.name, kind=m.kind, role=self.statements.derived(m.role, m.citations))

    def investigation(self, i: Investigation) -> doc.InvestigationEntry:
        return doc.InvestigationEntry(title=i.title, opened=i.opened, by=i.by,
                                      concerns=tuple(self.actor_name[a] for a in i.concerns),
                                      outcome=self.statements.statement(i, i.outcome))
