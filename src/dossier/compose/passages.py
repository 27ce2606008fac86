"""The passages the dossier quotes, as the source appendix lists them: each once, numbered.

Quotes of one source that overlap (fragments of one sentence, a sentence and a phrase in it)
become one excerpt of the source, covering all of them, so that the appendix prints each text
once. Excerpts are numbered within their source in the order they stand in it (S2-1, S2-2...):
that number is what a citation marker prints, so that a reader on paper finds the quote.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from dossier.case.model import SourceDocument
from dossier.check.quotes import Passage


@dataclass(frozen=True, kw_only=True)
class Excerpt:
    """A stretch of a source that the dossier quotes, in the source's own characters."""

    anchor: str  # S2-7
    source: str
    start: int  # Unicode characters from the start of the text, 0-based
    end: int  # exclusive
    line: int  # of its first character
    text: str


class QuotedPassages:
    """Every quoted passage of a case, merged into excerpts, with the excerpt of each passage."""

    def __init__(self, passages: Iterable[Passage], documents: Iterable[SourceDocument]):
        by_source: dict[str, list[tuple[int, int]]] = {}
        for passage in passages:
            by_source.setdefault(passage.source, []).append((passage.start, passage.end))
        self.excerpts: dict[str, list[Excerpt]] = {}
        self._anchor: dict[tuple[str, int, int], str] = {}
        for document in documents:
            source = document.source.id
            spans = sorted(by_source.get(source, []))
            merged = _merge(spans)
            excerpts = [Excerpt(anchor=f"{source}-{number}", source=source, start=start, end=end,
                                line=document.locator.locate(start).line, text=document.text[start:end])
                        for number, (start, end) in enumerate(merged, 1)]
            self.excerpts[source] = excerpts
            for start, end in spans:
                self._anchor[(source, start, end)] = next(
                    e.anchor for e in excerpts if e.start <= start and end <= e.end)

    def anchor(self, passage: Passage) -> str:
        """The anchor of the excerpt that holds a passage."""
        return self._anchor[(passage.source, passage.start, passage.end)]


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted spans with every overlapping run joined into one."""
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged
