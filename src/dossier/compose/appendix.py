"""The source appendix of the dossier model: every source, and every passage quoted from it."""

from __future__ import annotations

from collections import defaultdict

from dossier.case.model import Case
from dossier.check.quotes import Passage
from dossier.compose import model as doc
from dossier.compose.statements import Statements


def source_entries(case: Case, statements: Statements) -> tuple[doc.SourceEntry, ...]:
    """Each source with its metadata as its copy shows it, and its passages in source order."""
    by_source: dict[str, dict[str, Passage]] = defaultdict(dict)
    for passage in statements.passages.values():
        anchor = statements.anchors[(passage.source, passage.start, passage.end)]
        by_source[passage.source][anchor] = passage
    entries = []
    for d in case.documents:
        s = d.source
        passages = sorted(by_source[s.id].items(), key=lambda item: (item[1].start, item[1].end))
        entries.append(doc.SourceEntry(
            id=s.id, title=s.title, cite_as=s.cite_as or s.title, author=s.author,
            publisher=s.publisher, published=s.published, kind=s.kind, language=s.language,
            url=s.url, obtained=s.obtained, derived_from=s.derived_from,
            origin=statements.origin[s.id], grading=s.grading, sha256=s.sha256.lower(), file=s.file,
            size=len(d.data), notes=s.notes,
            passages=tuple(doc.PassageEntry(anchor=a, line=p.line, start=p.start, end=p.end, text=p.text)
                           for a, p in passages)))
    return tuple(entries)
