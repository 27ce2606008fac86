"""What a draft can show of a case that fails check: every record whose references resolve.

A draft is built from a case that still has problems. The records `check` reported stay in
the case, so a figure may name a quantity that does not exist, or a claim cite a source that is
not in sources.yaml. The dossier cannot print those truthfully, so a draft leaves them out (the
warnings page lists why), and keeps everything else.
"""

from __future__ import annotations

import dataclasses
from typing import Any, TypeVar

from dossier.case.model import Case
from dossier.check.evidence import citations_in

R = TypeVar("R")


def usable(case: Case) -> Case:
    """The case without the records that refer to what it does not define."""
    info, actors = case.info, case.actors
    sources = {s.id for s in case.sources}
    phases, scopes = {p.id for p in info.phases}, {s.id for s in info.scopes}
    quantities = {q.id for q in info.quantities}
    actor_ids = {a.id for a in actors.all_actors()}
    investigations = {i.id for i in actors.investigations}
    records = {*actor_ids, *investigations, *(e.id for e in case.events), *(f.id for f in case.findings),
               *(f.id for f in case.figures), *(v.id for v in case.victims)}

    def cited(record: Any) -> bool:
        """Every citation of the record (and of what it holds) names a known source."""
        return all(c.source in sources for c in citations_in(record))

    def keep(records: tuple[R, ...], *tests: Any) -> tuple[R, ...]:
        return tuple(r for r in records if cited(r) and all(test(r) for test in tests))

    groups = tuple(dataclasses.replace(
        g, members=keep(g.members), conduct=keep(g.conduct), responsibility=keep(g.responsibility),
        legal_provisions=keep(g.legal_provisions), open_questions=keep(g.open_questions),
        investigations=(g.investigations if g.reports_no_investigation else
                        tuple(i for i in g.investigation_ids if i in investigations)))
        for g in actors.groups if cited(g))
    return dataclasses.replace(
        case,
        info=dataclasses.replace(info, key_figures=tuple(
            k for k in info.key_figures if k.quantity in quantities and k.scope in scopes)),
        events=tuple(dataclasses.replace(e, actors=tuple(a for a in e.actors if a in actor_ids),
                                         other_times=tuple(o for o in e.other_times if o.source in sources))
                     for e in keep(case.events, lambda e: e.phase in phases)),
        figures=keep(case.figures, lambda f: f.quantity in quantities and (f.scope is None or f.scope in scopes)),
        victims=keep(case.victims),
        actors=dataclasses.replace(
            actors, groups=groups, other_actors=keep(actors.other_actors),
            framework=actors.framework if cited(actors.framework) else
            dataclasses.replace(actors.framework, citations=()),
            investigations=tuple(dataclasses.replace(i, concerns=tuple(a for a in i.concerns if a in actor_ids))
                                 for i in keep(actors.investigations))),
        findings=keep(case.findings), not_relied_on=keep(case.not_relied_on),
        disputes=tuple(dataclasses.replace(d, concerns=tuple(c for c in d.concerns if c in records),
                                           related=tuple(r for r in d.related if r in records))
                       for d in keep(case.disputes)),
        charts=tuple(c for c in case.charts
                     if set(c.quantities) <= quantities and set(c.scopes) <= scopes))
