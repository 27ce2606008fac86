"""What the layout receives of each edition: its markup, words and metadata, and what the
finishing steps need (the sources to embed, the manifest's records), made in the second process.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from dossier.build import TEMPLATES, FIGURES, COMPILED_TEMPLATES, check_case
from dossier.edition import Edition, EditionOverrides
from dossier.errors import CaseInvalid

if TYPE_CHECKING:
    from dossier.case.model import Case
    from dossier.compose.model import Chart, Dossier, Meta
    from dossier.finish.archive import Original
    from dossier.manifest import InputRecord, PassageRecord, SourceRecord
    from dossier.render.markup import Rendered
    from dossier.render.terms import Terms


@dataclass(frozen=True, kw_only=True)
class Manuscript:
    """What the layout needs of one edition: its sections' markup, words, metadata and charts.

    It is all of the dossier the process that lays out pages ever receives.
    """

    edition: Edition
    rendered: Rendered
    terms: Terms
    meta: Meta
    charts: tuple[Chart, ...]
    figures_dir: Path  # this edition's charts and compiled templates
    quotes_verified: int
    problems: int
    originals: tuple[Original, ...]  # the sources, to embed
    sources: tuple[SourceRecord, ...]  # and what the manifest says of them
    passages: tuple[PassageRecord, ...]
    inputs: tuple[InputRecord, ...]
    exhibits: tuple[ExhibitManuscript, ...] = ()  # the sources as exhibits, when the filing needs them


@dataclass(frozen=True, kw_only=True)
class ExhibitManuscript:
    """One source as an exhibit of its own: its markup and the metadata of its pages."""

    label: str  # A, B, ...
    source: str  # its source id
    rendered: Rendered
    meta: Meta


def write_manuscripts(root: Path, overrides: EditionOverrides, templates_dir: Path = TEMPLATES,
                      figures_root: Path | None = None, exhibits: bool = False,
                      language: str | None = None, sources_inside: bool = True) -> list[Manuscript]:
    """Check the case once, then compose and render each edition it is built in.

    The figures folder of an edition (default: figures/<case id>/<edition>) also keeps its
    compiled templates. A case with problems is rendered only if every edition is a draft.
    With `exhibits`, each source is rendered as an exhibit too; `sources_inside` says whether
    the PDF will carry them. With `language`, only the
    editions in that language are built, if the case has any (a recipient's preference).
    """
    from dossier.check.usable import usable
    from dossier.compose.dossier import compose_dossier
    from dossier.render.templates import EXHIBIT, render_sections
    from dossier.render.terms import load_terms

    checked = check_case(root, allow_problems=True, templates_dir=templates_dir)
    info = checked.case.info
    editions = overrides.apply(info.editions or (Edition(language=info.language),))
    preferred = tuple(e for e in editions if e.language == language)
    editions = preferred or editions
    if checked.problems and not all(edition.draft for edition in editions):
        raise CaseInvalid(root, checked.problems)
    # A draft lists the problems, with paths as the curator knows them, and leaves out the
    # records whose references do not resolve.
    warnings = tuple(str(p).replace(f"{root}/", "", 1) for p in checked.problems)
    case = usable(checked.case) if checked.problems else checked.case
    manuscripts = []
    for edition in editions:
        dossier = compose_dossier(case, checked.passages, edition, warnings, sources_inside, exhibits)
        figures_dir = (figures_root or FIGURES / info.id) / edition.key
        terms = load_terms(templates_dir, edition.language)
        compiled = figures_dir / COMPILED_TEMPLATES
        rendered = render_sections(dossier, templates_dir, terms, compiled)
        originals, sources = _originals(case)
        exhibit_manuscripts = tuple(ExhibitManuscript(
            label=x.label, source=x.source.id,
            rendered=render_sections(dossier, templates_dir, terms, compiled, EXHIBIT, x),
            meta=replace(dossier.meta, title=terms["exhibit_title"].format(
                label=x.label, document=dossier.meta.title)))
            for x in dossier.exhibits)
        manuscripts.append(Manuscript(
            edition=edition, rendered=rendered, terms=terms, meta=dossier.meta,
            charts=dossier.charts, figures_dir=figures_dir,
            quotes_verified=len(checked.passages), problems=len(checked.problems),
            originals=originals, sources=sources, passages=_passages(dossier),
            inputs=_inputs(root, templates_dir / edition.language), exhibits=exhibit_manuscripts))
    return manuscripts


def _originals(case: Case) -> tuple[tuple[Original, ...], tuple[SourceRecord, ...]]:
    """Each source's file as received, to embed, and the manifest's record of it."""
    import hashlib
    import mimetypes

    from dossier.finish.archive import Original
    from dossier.manifest import TEXT_READER, SourceRecord

    originals, records = [], []
    for document in case.documents:
        source = document.source
        mime = mimetypes.guess_type(document.path.name)[0] or "application/octet-stream"
        originals.append(Original(name=document.path.name, mime=mime, data=document.data,
                                  description=f"{source.id}: {source.title}"))
        records.append(SourceRecord(id=source.id, title=source.title, file=document.path.name, mime=mime,
                                    sha256=hashlib.sha256(document.data).hexdigest(), reader=TEXT_READER))
    return tuple(originals), tuple(records)


def _passages(dossier: Dossier) -> tuple[PassageRecord, ...]:
    import hashlib

    from dossier.manifest import PassageRecord
    return tuple(PassageRecord(anchor=p.anchor, source=s.id, line=p.line, start=p.start, end=p.end,
                               sha256=hashlib.sha256(p.text.encode("utf-8")).hexdigest())
                 for s in dossier.sources for p in s.passages)


def _inputs(root: Path, templates: Path) -> tuple[InputRecord, ...]:
    """Every file of the case folder and of the edition's templates, by path and hash."""
    import hashlib

    from dossier.manifest import InputRecord
    files = [(f"case/{p.relative_to(root).as_posix()}", p) for p in sorted(root.rglob("*")) if p.is_file()]
    files += [(f"templates/{templates.name}/{p.relative_to(templates).as_posix()}", p)
              for p in sorted(templates.rglob("*")) if p.is_file() and "__pycache__" not in p.parts]
    return tuple(InputRecord(path=name, sha256=hashlib.sha256(path.read_bytes()).hexdigest())
                 for name, path in files)
