"""The pipeline, top to bottom: the only module that calls more than one stage.

check: read the case -> check it (references, statuses, quotes).
build: check -> for each edition: compose the dossier model -> render the templates -> lay out
the pages while the charts are drawn -> finish (the chain of finishing steps: the manifest,
then PDF/A with the sources inside) -> verify the finished PDF -> put it in place, with its
manifest beside it. A second process, where the machine allows one (see
`processes`), takes every stage but the layout, so that on two cores they overlap. Every
edition is gathered before anything is written, and the previous PDFs stay intact until the
new ones have passed their own verification.
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from dossier import __version__
from dossier.edition import Edition, EditionOverrides
from dossier.errors import CaseInvalid, Diagnostic, DossierError, OutputInvalid
from dossier.processes import second_process

# The stages are imported where they are used, not here: the process that lays out pages never
# loads the case model, and the second process is started before anything heavy is loaded.
if TYPE_CHECKING:
    from dossier.case.model import Case
    from dossier.check.checked import CheckedCase
    from dossier.compose.model import Chart, Dossier, Meta
    from dossier.finish.chain import FinishingStep
    from dossier.finish.archive import Original
    from dossier.manifest import InputRecord, Manifest, PassageRecord, SourceRecord
    from dossier.render.markup import Rendered
    from dossier.render.terms import Terms

TEMPLATES = (Path(__file__).parent / "templates").resolve()  # a link to the project's templates/
OUTPUT, FIGURES = Path("output"), Path("figures")  # default folders, under the current one
COMPILED_TEMPLATES = ".compiled-templates"  # kept beside the cached charts of each edition


def check_case(root: Path, allow_problems: bool = False, templates_dir: Path = TEMPLATES) -> CheckedCase:
    """Read, validate and verify a case; raise CaseInvalid with every problem found.

    The languages of its editions must have templates in templates_dir.
    """
    from dossier.case.loader import load_case
    from dossier.check.checked import CheckedCase
    from dossier.check.evidence import citations_in, find_conflicts
    from dossier.check.quotes import verify_figure_words, verify_quotes
    from dossier.check.rules import validate_case

    case, problems = load_case(root)
    problems += validate_case(case)
    problems += _missing_templates(case, templates_dir)
    passages = verify_quotes(citations_in(case), case.documents, problems)
    verify_figure_words(case.figures, passages, problems, _figure_qualifiers(case, templates_dir))
    problems.sort(key=lambda d: (str(d.path), d.line))
    if problems and not allow_problems:
        raise CaseInvalid(root, problems)
    within = {q.id: q.counts_within for q in case.info.quantities}
    return CheckedCase(case=case, passages=passages, conflicts=find_conflicts(case.figures, within),
                       problems=problems)


def _figure_qualifiers(case: Case, templates_dir: Path) -> dict[str, list[str]]:
    """For each source, the words of its language that make a number a bound ("at least")."""
    from dossier.render.terms import load_terms

    words: dict[str, list[str]] = {}
    for language in {s.language for s in case.sources}:
        if (templates_dir / language / "terms.yaml").is_file():  # else: no such words known
            words[language] = load_terms(templates_dir, language)["figure_qualifiers"]
    return {s.id: words.get(s.language, []) for s in case.sources}


def refuse_shared_ids(roots: list[Path]) -> None:
    """Two case folders with one id would write the same files: say so before building either."""
    from dossier.case.yamlfile import YamlMap, load_yaml

    seen: dict[str, Path] = {}
    for root in roots:
        try:
            data, _ = load_yaml(root / "case.yaml")
        except DossierError:
            continue  # its own build reports what is wrong with it
        if not isinstance(data, YamlMap):
            continue
        case_id = data.get("id")
        if isinstance(case_id, str) and case_id in seen:
            raise DossierError(f"{seen[case_id]} and {root} both have id '{case_id}', so one would "
                               "overwrite the other's dossier; give each case its own id",
                               root / "case.yaml", data.line_of("id"), "case")
        if isinstance(case_id, str):
            seen[case_id] = root


def _missing_templates(case: Case, templates_dir: Path) -> list[Diagnostic]:
    """An edition in a language without templates could be checked but never built."""
    known = sorted(p.parent.name for p in templates_dir.glob("*/terms.yaml"))
    info = case.info
    wanted = [(e.language, info.loc.at("editions")) for e in info.editions] or \
        [(info.language, info.loc.at("language"))]
    return [Diagnostic(where.path, where.line, f"there are no templates for language '{language}' "
                       f"(templates/{language}/); build in one of: {', '.join(known)}, or add them",
                       "language")
            for language, where in dict(wanted).items() if language not in known and _is_code(language)]


def _is_code(language: str) -> bool:
    """A language code, not a name: what is not one is reported by check's rules."""
    try:
        Edition(language=language)
    except ValueError:
        return False
    return True


@dataclass(frozen=True, kw_only=True)
class BuildResult:
    """One edition of a case, built and in place."""

    pdf: Path
    edition: Edition
    pages: int
    charts: dict[str, Path]
    problems: int  # what check found in the case: only a draft is built with any


class Progress:
    """Stage by stage progress on a terminal; silent otherwise."""

    def __init__(self, stream: TextIO | None = None, enabled: bool | None = None):
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = self.stream.isatty() if enabled is None else enabled
        self._started = 0.0

    def stage(self, name: str) -> None:
        if self.enabled:
            self._started = time.perf_counter()
            self.stream.write(f"  {name}...")
            self.stream.flush()

    def done(self, detail: str = "") -> None:
        if self.enabled:
            elapsed = time.perf_counter() - self._started
            self.stream.write(f" {detail + ', ' if detail else ''}{elapsed:.1f} s\n")
            self.stream.flush()


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


def write_manuscripts(root: Path, overrides: EditionOverrides, templates_dir: Path = TEMPLATES,
                      figures_root: Path | None = None) -> list[Manuscript]:
    """Check the case once, then compose and render each edition it is built in.

    The figures folder of an edition (default: figures/<case id>/<edition>) also keeps its
    compiled templates. A case with problems is rendered only if every edition is a draft.
    """
    from dossier.check.usable import usable
    from dossier.compose.dossier import compose_dossier
    from dossier.render.templates import render_sections
    from dossier.render.terms import load_terms

    checked = check_case(root, allow_problems=True, templates_dir=templates_dir)
    info = checked.case.info
    editions = overrides.apply(info.editions or (Edition(language=info.language),))
    if checked.problems and not all(edition.draft for edition in editions):
        raise CaseInvalid(root, checked.problems)
    # A draft lists the problems, with paths as the curator knows them, and leaves out the
    # records whose references do not resolve.
    warnings = tuple(str(p).replace(f"{root}/", "", 1) for p in checked.problems)
    case = usable(checked.case) if checked.problems else checked.case
    manuscripts = []
    for edition in editions:
        dossier = compose_dossier(case, checked.passages, edition, warnings)
        figures_dir = (figures_root or FIGURES / info.id) / edition.key
        terms = load_terms(templates_dir, edition.language)
        rendered = render_sections(dossier, templates_dir, terms, figures_dir / COMPILED_TEMPLATES)
        originals, sources = _originals(case)
        manuscripts.append(Manuscript(
            edition=edition, rendered=rendered, terms=terms, meta=dossier.meta,
            charts=dossier.charts, figures_dir=figures_dir,
            quotes_verified=len(checked.passages), problems=len(checked.problems),
            originals=originals, sources=sources, passages=_passages(dossier),
            inputs=_inputs(root, templates_dir / edition.language)))
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


def build_case(root: Path, overrides: EditionOverrides = EditionOverrides(), *,
               out_dir: Path | None = None, figures_dir: Path | None = None,
               templates_dir: Path = TEMPLATES, progress: Progress | None = None) -> list[BuildResult]:
    """Build every edition of one case; the previous PDFs stay until the new ones are verified.

    The PDFs go to out_dir (default: output/<case id>), each edition's charts to a folder of its
    own under figures_dir (default: figures/<case id>). A second process works alongside this
    one, which only lays out pages: it checks and renders the case while the layout's libraries
    and fonts load here, then draws the charts that are not cached and readies the verifier
    while the pages are laid out, and finally finishes and verifies each PDF.
    """
    progress = progress or Progress(enabled=False)
    finished: list[tuple[Manuscript, bytes, int, dict[str, Path], Manifest]] = []
    with second_process() as helper:
        progress.stage("load, verify and compose the case")
        pending = helper.submit(write_manuscripts, root, overrides, templates_dir, figures_dir)
        from dossier.charts.job import start_charts
        from dossier.finish.chain import finish
        from dossier.pdf.fonts import font_dir, register_fonts
        from dossier.pdf.writer import write_pdf
        register_fonts()
        manuscripts = pending.result()
        progress.done(f"{manuscripts[0].quotes_verified} quotes verified")
        for manuscript in manuscripts:
            edition, terms = manuscript.edition, manuscript.terms
            progress.stage(f"lay out the {edition.key} edition, drawing its charts alongside")
            charts = start_charts(manuscript.charts, manuscript.figures_dir, terms, font_dir(), helper)
            helper.submit(_load_verifier)
            data, page_map = write_pdf(manuscript.rendered, charts.sizes, charts.wait,
                                       manuscript.meta, terms, edition)
            progress.done(f"{page_map.pages} pages, {len(charts.paths)} charts")

            progress.stage("finish the PDF (PDF/A, the sources inside) and verify it")
            manifest = _manifest(manuscript, page_map.pages, page_map.headings)
            steps = finishing_steps(manifest, page_map.anchors, manuscript)
            data = helper.submit(finish, data, steps).result()
            problems = helper.submit(_verify, data).result()
            if problems:
                raise OutputInvalid(f"the {edition.key} PDF failed its own verification, so nothing "
                                    f"was written: {'; '.join(problems)}", root, 0, "output")
            progress.done()
            finished.append((manuscript, data, page_map.pages, charts.paths, manifest))

    results = []
    for manuscript, data, pages, chart_paths, manifest in finished:
        target = (out_dir or OUTPUT / manuscript.meta.case_id) / manuscript.edition.file_name(
            manuscript.meta.case_id)
        _replace_atomically(target, data)
        _replace_atomically(target.with_suffix(".manifest.json"), manifest.to_json())
        results.append(BuildResult(pdf=target, edition=manuscript.edition, pages=pages,
                                   charts=chart_paths, problems=manuscript.problems))
    return results


def finishing_steps(manifest: Manifest, destinations: dict[str, tuple[int, float, float]],
                    manuscript: Manuscript) -> list[FinishingStep]:
    """The finishing chain, in order: the manifest that `verify` reads back and the quoted
    passages named; then PDF/A-3b with every source inside."""
    from dossier.finish.archive import archive_step
    from dossier.finish.attachments import publish_step
    compiled = manuscript.meta.compiled
    date = f"{compiled.year:04d}-{compiled.month or 1:02d}-{compiled.day or 1:02d}T00:00:00Z"
    return [publish_step(manifest, destinations), archive_step(manuscript.originals, date)]


def _manifest(manuscript: Manuscript, pages: int,
              headings: list[tuple[int, int, str, str]]) -> Manifest:
    from dossier.manifest import Heading, Manifest
    return Manifest(tool=f"dossier {__version__}", case=manuscript.meta.case_id,
                    edition=manuscript.edition, pages=pages,
                    headings=tuple(Heading(level=level, title=title, page=page)
                                   for level, page, title, _ in headings),
                    sources=manuscript.sources, passages=manuscript.passages, inputs=manuscript.inputs)


def _load_verifier() -> None:
    import dossier.verify.pdf  # noqa: F401  (pypdf loads in the second process during the layout)


def _verify(data: bytes) -> list[str]:
    # Sent by name to the second process, so that this one never loads pypdf.
    from dossier.verify.pdf import verify_pdf
    return verify_pdf(data)


def _replace_atomically(target: Path, data: bytes) -> None:
    """Put the PDF in place only whole: a reader never sees a half-written one."""
    from dossier.files import write_atomically
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(target, data)
    except OSError as exc:
        raise DossierError(f"cannot write {target}: {exc.strerror}; check the folder and its "
                           "permissions", target, 0, "output") from None
