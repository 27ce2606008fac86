"""Statements and their citations: how a claim of the case becomes what the dossier may say.

A statement keeps its status and cites the excerpts its quotes stand in (`passages`: S2-3).
One rule about copies lives here for every stage: a source that copies another counts as that
other source when it is cited beside it, so it is never named as a second source, and its
passages are marked right after the original's.
"""

from __future__ import annotations

from typing import Iterable

from dossier.case.model import Citation, Claim, Status
from dossier.check.evidence import shown_as
from dossier.check.quotes import Passage
from dossier.compose import model as doc
from dossier.compose.passages import QuotedPassages


class Statements:
    """Turns claims and citations of one case into the dossier model's statements and cites."""

    def __init__(self, passages: dict[Citation, Passage], quoted: QuotedPassages,
                 origin: dict[str, str], established_min: int,
                 disputed: dict[str, tuple[doc.DisputeRef, ...]] | None = None):
        self.passages = passages
        self.quoted = quoted
        self.origin = origin
        self.established_min = established_min
        self.disputed = disputed or {}  # record id -> the disputed points it bears on

    def cites(self, citations: Iterable[Citation]) -> tuple[doc.Cite, ...]:
        """The cites of some citations, each passage once, in order; shown as their originals."""
        citations = list(citations)
        shown = shown_as([c.source for c in citations], self.origin)
        result: list[doc.Cite] = []
        for citation in citations:
            passage = self.passages.get(citation)
            if passage is None:  # its quote was not found: only a draft is built so
                cite = doc.Cite(source=citation.source, passage="", shown_as=shown[citation.source],
                                found=False)
            else:
                cite = doc.Cite(source=citation.source, passage=self.quoted.anchor(passage),
                                shown_as=shown[citation.source])
            if cite not in result:
                result.append(cite)
        return tuple(result)

    def sources_of(self, citations: Iterable[Citation]) -> tuple[str, ...]:
        """Cited source ids in order, each shown once: a copy is left out beside its original."""
        shown = shown_as([c.source for c in citations], self.origin)
        return tuple(source for source, as_ in shown.items() if as_ == source)

    def statement(self, claim: Claim, text: str) -> doc.Statement:
        """A claim as the case states it, with the status the curator gave it."""
        return doc.Statement(text=text, status=claim.status, alleged_by=claim.alleged_by, note=claim.note,
                             cites=self.cites(claim.citations), sources=self.sources_of(claim.citations),
                             disputed_in=self.disputed.get(getattr(claim, "id", ""), ()))

    def derived(self, text: str, citations: tuple[Citation, ...]) -> doc.Statement:
        """A statement whose status the evidence decides: established only when corroborated."""
        independent = {self.origin[c.source] for c in citations}
        status: Status = "established" if len(independent) >= self.established_min else "reported"
        return doc.Statement(text=text, status=status, alleged_by=None, note=None,
                             cites=self.cites(citations), sources=self.sources_of(citations))

    def reported(self, text: str, citations: tuple[Citation, ...]) -> doc.Statement:
        """What the cited sources say, never stated as fact."""
        return doc.Statement(text=text, status="reported", alleged_by=None, note=None,
                             cites=self.cites(citations), sources=self.sources_of(citations))
