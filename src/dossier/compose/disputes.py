"""The disputed points of the dossier model: each with every account the sources give of it."""

from __future__ import annotations

from dossier.case.model import Dispute
from dossier.compose import model as doc
from dossier.compose.statements import Statements


def dispute_refs(disputes: tuple[Dispute, ...]) -> dict[str, tuple[doc.DisputeRef, ...]]:
    """Each record a disputed point concerns, with the points that concern it, numbered in order."""
    refs: dict[str, tuple[doc.DisputeRef, ...]] = {}
    for number, dispute in enumerate(disputes, 1):
        ref = doc.DisputeRef(key=f"dispute-{dispute.id}", number=number)
        for record in dict.fromkeys((*dispute.concerns, *dispute.related)):
            refs[record] = (*refs.get(record, ()), ref)
    return refs


def disputed_points(disputes: tuple[Dispute, ...], statements: Statements) -> tuple[doc.DisputedPoint, ...]:
    return tuple(doc.DisputedPoint(
        ref=doc.DisputeRef(key=f"dispute-{d.id}", number=number), question=d.question,
        accounts=tuple(doc.Account(text=a.account, by=a.by, sources=statements.sources_of(a.citations),
                                   cites=statements.cites(a.citations)) for a in d.accounts),
        analysis=d.analysis.text if d.analysis else None,
        analysis_cites=statements.cites(d.analysis.citations) if d.analysis else (),
        note=d.note)
        for number, d in enumerate(disputes, 1))
