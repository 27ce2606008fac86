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
from dataclasses import dataclass, replace
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
    from dossier.build.filing import Output
    from dossier.build.manuscripts import Manuscript
    from dossier.finish.chain import FinishingStep
    from dossier.manifest import Manifest
    from dossier.profiles import Bates, Profile

TEMPLATES = (Path(__file__).parent.parent / "templates").resolve()  # a link to the project's templates/
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
    verify_figure_words(case.figures, passages, problems, *_figure_words(case, templates_dir))
    problems.sort(key=lambda d: (str(d.path), d.line))
    if problems and not allow_problems:
        raise CaseInvalid(root, problems)
    within = {q.id: q.counts_within for q in case.info.quantities}
    return CheckedCase(case=case, passages=passages, conflicts=find_conflicts(case.figures, within),
                       problems=problems)


def _figure_words(case: Case, templates_dir: Path) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """For each source, the words of its language a figure is read with: the qualifiers that
    make a number a bound ("at least"), and the numbers in words ("ten")."""
    from dossier.render.terms import load_terms

    terms = {language: load_terms(templates_dir, language) for language in {s.language for s in case.sources}
             if (templates_dir / language / "terms.yaml").is_file()}  # else: no such words known

    def by_source(term: str) -> dict[str, list[str]]:
        return {s.id: terms[s.language][term] if s.language in terms else [] for s in case.sources}
    return by_source("figure_qualifiers"), by_source("number_words")


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
    folder: Path | None = None  # a filing's folder (its files and index), for a profile other than the archive


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


def build_case(root: Path, overrides: EditionOverrides = EditionOverrides(), *,
               out_dir: Path | None = None, figures_dir: Path | None = None,
               templates_dir: Path = TEMPLATES, progress: Progress | None = None,
               profile: Profile | None = None, bates: Bates | None = None) -> list[BuildResult]:
    """Build every edition of one case; the previous PDFs stay until the new ones are verified.

    The PDFs go to out_dir (default: output/<case id>), each edition's charts to a folder of its
    own under figures_dir (default: figures/<case id>). A filing profile other than the archive,
    or Bates numbers, make a folder of the filing's files under out_dir instead
    (<case id>-<profile>). A second process works alongside this one, which only lays out pages:
    it checks and renders the case while the layout's libraries and fonts load here, then draws
    the charts that are not cached and readies the verifier while the pages are laid out, and
    finally finishes and verifies each PDF.
    """
    from dossier.build.filing import dossier_output, lay_out_annexes
    from dossier.build.manuscripts import write_manuscripts
    from dossier.profiles import DEFAULT, load_profile

    progress = progress or Progress(enabled=False)
    profile = profile or load_profile(DEFAULT)
    if profile.paper is not None:
        if overrides.paper is not None and overrides.paper.lower() != profile.paper:
            raise DossierError(f"--paper {overrides.paper} conflicts with the {profile.name} profile, "
                               f"which files on {profile.paper}; leave --paper out")
        overrides = replace(overrides, paper=profile.paper)
    number = bates.start if bates else 0
    finished: list[tuple[Manuscript, list[Output], Manifest, dict[str, Path]]] = []
    with second_process() as helper:
        progress.stage("load, verify and compose the case")
        pending = helper.submit(write_manuscripts, root, overrides, templates_dir, figures_dir,
                                profile.annexes != "inside", profile.language, profile.embedded_files)
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
                                       manuscript.meta, terms, edition, (bates, number) if bates else None)
            progress.done(f"{page_map.pages} pages, {len(charts.paths)} charts")

            progress.stage(f"finish the PDF (PDF/A-{profile.pdfa}"
                           f"{', the sources inside' if profile.embedded_files else ''}) and verify it")
            manifest = _manifest(manuscript, page_map.pages, page_map.headings)
            steps = finishing_steps(manifest, page_map.anchors, manuscript, profile)
            data = helper.submit(finish, data, steps).result()
            problems, manifest = helper.submit(_verify_finished, data, manifest,
                                               profile.embedded_files).result()
            if problems:
                raise OutputInvalid(f"the {edition.key} PDF failed its own verification, so nothing "
                                    f"was written: {'; '.join(problems)}", root, 0, "output")
            outputs = [dossier_output(manuscript, data, page_map.pages, bates, number)]
            number += page_map.pages
            progress.done()
            if manuscript.exhibits:
                progress.stage(f"lay out and finish the sources as {profile.annexes}")
                annexes = lay_out_annexes(manuscript, profile, bates, number, _xmp_date(manuscript),
                                          helper)
                number += sum(a.pages for a in annexes)
                outputs += annexes
                progress.done(f"{len(annexes)} file{'s' if len(annexes) != 1 else ''}")
            finished.append((manuscript, outputs, manifest, charts.paths))
    return [_put_in_place(manuscript, outputs, manifest, chart_paths, out_dir, profile, bates,
                          templates_dir)
            for manuscript, outputs, manifest, chart_paths in finished]


def _put_in_place(manuscript: Manuscript, outputs: list[Output], manifest: Manifest,
                  chart_paths: dict[str, Path], out_dir: Path | None, profile: Profile,
                  bates: Bates | None, templates_dir: Path) -> BuildResult:
    """The archive in its usual place (the PDF and its manifest beside it); any other filing
    as a folder of its files with their index, once they pass the profile's preflight."""
    from dossier.build.filing import Output, place_folder, records, sha256
    from dossier.profiles import DEFAULT
    from dossier.render.templates import render_text
    from dossier.verify.preflight import FiledFile, preflight

    folder = out_dir or OUTPUT / manuscript.meta.case_id
    main = outputs[0]
    if profile.name == DEFAULT and bates is None:
        target = folder / main.name
        _replace_atomically(target, main.data)
        _replace_atomically(target.with_suffix(".manifest.json"), manifest.to_json())
        return BuildResult(pdf=target, edition=manuscript.edition, pages=main.pages,
                           charts=chart_paths, problems=manuscript.problems)
    index = render_text(templates_dir, manuscript.edition.language, "filing.txt.j2", manuscript.terms,
                        meta=manuscript.meta, profile=profile, bates=bates, files=outputs,
                        hashes={o.name: sha256(o.data) for o in outputs})
    files = outputs + records(outputs, profile, bates, index) + [
        Output(name=main.name.removesuffix(".pdf") + ".manifest.json", data=manifest.to_json(), pages=0,
               role="record", contents="the manifest")]
    problems = preflight([FiledFile(name=f.name, data=f.data, role=f.role) for f in files], profile)
    if problems:
        raise OutputInvalid(f"the {profile.name} filing fails its preflight, so nothing was written: "
                            f"{'; '.join(problems)}", None, 0, "preflight")
    filing = folder / f"{manuscript.meta.case_id}-{manuscript.edition.key}-{profile.name}"
    place_folder(filing, files)
    return BuildResult(pdf=filing / main.name, edition=manuscript.edition, pages=main.pages,
                       charts=chart_paths, problems=manuscript.problems, folder=filing)


def finishing_steps(manifest: Manifest, destinations: dict[str, tuple[int, float, float]],
                    manuscript: Manuscript, profile: Profile | None = None) -> list[FinishingStep]:
    """The finishing chain, in order: the manifest that `verify` reads back and the quoted
    passages named; then PDF/A with every source inside (for a profile that refuses attachments:
    the passages named, then PDF/A-2b with nothing inside)."""
    from dossier.finish.archive import archive_step
    from dossier.finish.attachments import publish_step
    embedded = profile is None or profile.embedded_files
    flavour = profile.pdfa if profile else "3b"
    return [publish_step(manifest if embedded else None, destinations),
            archive_step(manuscript.originals if embedded else (), _xmp_date(manuscript), flavour)]


def _xmp_date(manuscript: Manuscript) -> str:
    """The date the XMP records: the dossier's compilation date, never the clock."""
    compiled = manuscript.meta.compiled
    return f"{compiled.year:04d}-{compiled.month or 1:02d}-{compiled.day or 1:02d}T00:00:00Z"


def _manifest(manuscript: Manuscript, pages: int,
              headings: list[tuple[int, int, str, str]]) -> Manifest:
    from dossier.manifest import Heading, Manifest
    return Manifest(tool=f"dossier {__version__}", case=manuscript.meta.case_id,
                    edition=manuscript.edition, pages=pages,
                    headings=tuple(Heading(level=level, title=title, page=page)
                                   for level, page, title, _ in headings),
                    sources=manuscript.sources, passages=manuscript.passages, inputs=manuscript.inputs)


def _verify_finished(data: bytes, manifest: Manifest, embedded: bool) -> tuple[list[str], Manifest]:
    """The finished PDF's problems, and its manifest as finished: the one it carries (the pages'
    digests were added when it was embedded), or for a PDF that carries none this one with
    the pages' digests, against which it is then verified."""
    from dossier.manifest import ATTACHMENT, Manifest, page_digests
    from dossier.verify.pdf import read_pdf, verify_pdf
    if embedded:
        facts = read_pdf(data)
        inside = facts.attachments.get(ATTACHMENT)
        finished = Manifest.from_json(inside) if inside is not None else manifest
        return verify_pdf(data, facts=facts), finished
    finished = replace(manifest, page_digests=page_digests(data))
    return verify_pdf(data, finished), finished


def _load_verifier() -> None:
    # The finishing and verifying libraries load in the second process during the layout.
    import dossier.verify.pdf  # noqa: F401  (pypdf)
    import pikepdf.pdfa  # noqa: F401  (and with it lxml, jsonschema, fontTools)


def _verify(data: bytes, manifest: Manifest | None = None, carries_manifest: bool = True) -> list[str]:
    # Sent by name to the second process, so that this one never loads pypdf.
    from dossier.verify.pdf import verify_pdf
    return verify_pdf(data, manifest, carries_manifest)


def _replace_atomically(target: Path, data: bytes) -> None:
    """Put the PDF in place only whole: a reader never sees a half-written one."""
    from dossier.files import write_atomically
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(target, data)
    except OSError as exc:
        raise DossierError(f"cannot write {target}: {exc.strerror}; check the folder and its "
                           "permissions", target, 0, "output") from None
