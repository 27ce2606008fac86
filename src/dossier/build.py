"""The pipeline, top to bottom: the only module that calls more than one stage.

check: load the corpus -> validate -> verify quotes.
build: check -> compile the dossier model -> render the templates -> lay out the PDF while the
charts are drawn -> verify the output -> put it in place. A second process, where the machine
allows one (see `processes`), takes every stage but the layout, so that on two cores they
overlap. Everything is gathered before anything is written, and the previous PDF stays intact
until the new one has passed its own verification.
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from dossier.errors import CaseInvalid, Diagnostic, DossierError, OutputInvalid
from dossier.processes import second_process

# The stages are imported where they are used, not here: the process that lays out pages never
# loads the case model, and the second process is started before anything heavy is loaded.
if TYPE_CHECKING:
    from dossier.citations import Passage
    from dossier.document import Chart, Meta
    from dossier.evidence import Conflict
    from dossier.model import Case, Citation
    from dossier.templates import Terms

TEMPLATES = Path(__file__).parent / "templates"  # a link to the project's templates/
OUTPUT, FIGURES = Path("output"), Path("figures")  # default folders, under the current one
COMPILED_TEMPLATES = ".compiled-templates"  # kept beside the cached charts, in the figures folder


@dataclass(frozen=True)
class CheckedCase:
    """A case that was loaded, validated and whose quotes were located."""

    case: Case
    passages: dict[Citation, Passage]
    conflicts: list[Conflict]
    problems: list[Diagnostic]

    def summary(self) -> str:
        from dossier.evidence import origins
        case = self.case
        independent = len(set(origins(case.sources).values()))
        conflicts = "".join(
            f"\n  {c.quantity} / {c.scope}: " + ", ".join(
                f"{value}{_narrower(figs[0], c)} ({'+'.join(sorted({f.citations[0].source for f in figs}))})"
                for value, figs in c.values)
            for c in self.conflicts)
        return (f"{case.info.id}: {len(case.sources)} sources ({independent} independent), "
                f"{len(case.events)} events, {len(case.figures)} figures, "
                f"{len(case.victims)} victims, {len(self.passages)} citations verified, "
                f"{len(self.conflicts)} conflict{'s' if len(self.conflicts) != 1 else ''}"
                + (f":{conflicts}" if conflicts else ""))


def _narrower(figure, conflict: Conflict) -> str:
    return "" if figure.quantity == conflict.quantity else f" {figure.quantity}"


def check_case(root: Path, allow_problems: bool = False) -> CheckedCase:
    """Load, validate and verify a case; raise CaseInvalid with every problem found."""
    from dossier.citations import verify_quotes
    from dossier.corpus import load_case
    from dossier.evidence import citations_in, find_conflicts
    from dossier.validate import validate_case

    case, problems = load_case(root)
    problems += validate_case(case)
    passages = verify_quotes(citations_in(case), case.documents, problems)
    problems.sort(key=lambda d: (str(d.path), d.line))
    if problems and not allow_problems:
        raise CaseInvalid(root, problems)
    within = {q.id: q.counts_within for q in case.info.quantities}
    return CheckedCase(case, passages, find_conflicts(case.figures, within), problems)


@dataclass(frozen=True)
class BuildResult:
    pdf: Path
    pages: int
    charts: dict[str, Path]
    problems: int  # what check found in the case: only a draft is built with any


class Progress:
    """Stage by stage progress on a terminal; silent otherwise."""

    def __init__(self, stream=None, enabled: bool | None = None):
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


@dataclass(frozen=True)
class Manuscript:
    """What the layout needs of a checked case: its sections' markup, words, metadata and charts.

    It is all the dossier model the process that lays out pages ever receives.
    """

    sections: list[tuple[str, str]]
    terms: Terms
    meta: Meta
    charts: tuple[Chart, ...]
    figures_dir: Path
    quotes_verified: int
    problems: int


def write_manuscript(root: Path, templates_dir: Path = TEMPLATES, draft: bool = False,
                     figures_dir: Path | None = None) -> Manuscript:
    """Check the case, compile its dossier model and render every section's markup.

    The figures folder (default: figures/<case id>) also keeps the compiled templates.
    """
    from dossier.compile import compile_dossier
    from dossier.templates import load_terms, render_sections

    checked = check_case(root, allow_problems=draft)
    dossier = compile_dossier(checked.case, checked.passages, draft=draft,
                              warnings=[str(p) for p in checked.problems])
    figures_dir = figures_dir or FIGURES / dossier.meta.case_id
    terms = load_terms(templates_dir, dossier.meta.language)
    sections = render_sections(dossier, templates_dir, terms, figures_dir / COMPILED_TEMPLATES)
    return Manuscript(sections, terms, dossier.meta, dossier.charts, figures_dir,
                      len(checked.passages), len(checked.problems))


def build_case(root: Path, out_dir: Path | None = None, figures_dir: Path | None = None,
               templates_dir: Path = TEMPLATES, draft: bool = False, paper: str = "a4",
               progress: Progress | None = None) -> BuildResult:
    """Build the PDF dossier of one case; the previous PDF stays until the new one is verified.

    The PDF goes to out_dir (default: output/<case id>), the charts to figures_dir (default:
    figures/<case id>). A second process works alongside this one, which only lays out pages:
    it checks and renders the case while the layout's libraries and fonts load here, then
    draws the charts that are not cached and readies the verifier while the pages are laid
    out, and finally verifies the PDF.
    """
    progress = progress or Progress(enabled=False)
    with second_process() as helper:
        progress.stage("load, verify and compile the case")
        pending = helper.submit(write_manuscript, root, templates_dir, draft, figures_dir)
        from dossier.charts import start_charts
        from dossier.layout import font_dir, register_fonts
        from dossier.pdf import write_pdf
        register_fonts()
        manuscript = pending.result()
        meta, terms = manuscript.meta, manuscript.terms
        progress.done(f"{manuscript.quotes_verified} quotes verified")

        progress.stage("lay out the pages, drawing the charts alongside")
        charts = start_charts(manuscript.charts, manuscript.figures_dir, terms, font_dir(), helper)
        helper.submit(_load_verifier)
        data, page_map = write_pdf(manuscript.sections, charts.sizes, charts.wait, meta, terms, paper)
        progress.done(f"{page_map.pages} pages, {len(charts.paths)} charts")

        progress.stage("verify the PDF")
        headings = [(title, page) for _, page, title, _ in page_map.headings]
        problems = helper.submit(_verify, data, page_map.pages, headings).result()
    if problems:
        raise OutputInvalid(f"the PDF failed its own verification, so it was not written: "
                            f"{'; '.join(problems)}", root, 0, "output")
    progress.done()

    out_dir = out_dir or OUTPUT / meta.case_id
    target = out_dir / f"{meta.case_id}{'-DRAFT' if draft else ''}.pdf"
    _replace_atomically(target, data)
    return BuildResult(target, page_map.pages, charts.paths, manuscript.problems)


def _load_verifier() -> None:
    import dossier.verify  # noqa: F401  (pypdf loads in the second process during the layout)


def _verify(data: bytes, pages: int, headings: list[tuple[str, int]]) -> list[str]:
    # Sent by name to the second process, so that this one never loads pypdf.
    from dossier.verify import verify_pdf
    return verify_pdf(data, pages, headings)


def _replace_atomically(target: Path, data: bytes) -> None:
    """Put the PDF in place only whole: a reader never sees a half-written one."""
    from dossier.files import write_atomically
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(target, data)
    except OSError as exc:
        raise DossierError(f"cannot write {target}: {exc.strerror}; check the folder and its "
                           "permissions", target, 0, "output") from None
