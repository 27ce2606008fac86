"""The source appendix of the dossier model: every source, and every excerpt quoted from it."""

from __future__ import annotations

from dossier.case.model import Case
from dossier.compose import model as doc
from dossier.compose.statements import Statements


def source_entries(case: Case, statements: Statements) -> tuple[doc.SourceEntry, ...]:
    """Each source with its metadata as its copy shows it, and its excerpts in source order."""
    translations: dict[str, list[doc.Translation]] = {}
    for citation, passage in statements.passages.items():
        anchor = statements.quoted.anchor(passage)
        if citation.translation:
            translation = doc.Translation(quote=citation.quote, text=citation.translation)
            if translation not in translations.setdefault(anchor, []):
                translations[anchor].append(translation)
    entries = []
    for d in case.documents:
        s = d.source
        entries.append(doc.SourceEntry(
            id=s.id, title=s.title, cite_as=s.cite_as or s.title, author=s.author,
            publisher=s.publisher, published=s.published, kind=s.kind, language=s.language,
            url=s.url, obtained=s.obtained, derived_from=s.derived_from,
            origin=statements.origin[s.id], grading=s.grading, sha256=s.sha256.lower(), file=s.file,
            size=len(d.data), notes=s.notes,
            passages=tuple(doc.PassageEntry(anchor=e.anchor, line=e.line, start=e.start, end=e.end,
                                            text=e.text, translations=tuple(translations.get(e.anchor, ())))
                           for e in statements.quoted.excerpts.get(s.id, []))))
    return tuple(entries)


def exhibits(case: Case, entries: tuple[doc.SourceEntry, ...]) -> tuple[doc.Exhibit, ...]:
    """Every source as an exhibit, lettered in the order of the sources (A to Z, then AA...)."""
    return tuple(doc.Exhibit(label=_letters(number), source=entry, lines=tuple(d.text.splitlines()))
                 for number, (d, entry) in enumerate(zip(case.documents, entries)))


def _letters(number: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA: exhibit labels as courts letter them."""
    label = ""
    number += 1
    while number:
        number, rest = divmod(number - 1, 26)
        label = chr(ord("A") + rest) + label
    return label
