"""Build speed and memory of a dossier, side by side with a bare ReportLab build of the same pages.

    python benchmarks/build_speed.py [CASE_DIR] [--runs N] [--against CHECKOUT]

Every number is measured in a fresh process, in this run:
- check: `python -m dossier check CASE_DIR`;
- cold build: `python -m dossier build` into an empty folder (matplotlib draws every chart,
  Jinja2 compiles every template);
- warm build: the same again, with charts and compiled templates cached (matplotlib is not
  imported);
- bare ReportLab: the same pages written by a plain ReportLab program that is handed everything
  already resolved: the same flowables, fonts, chart images, header and footer, links and
  bookmarks, with every page number known beforehand. It imports nothing of dossier but its
  layout primitives, loads no case, checks no quote, renders no template, defers no number and
  verifies nothing: the floor a ReportLab pipeline cannot go below. The benchmark stops if its
  pages do not have the dossier's text.
With --against, check, cold and warm builds are measured for another checkout too (a git
worktree of an earlier commit: `git worktree add /tmp/before <commit>`), each of its runs next
to one of this checkout's, so that a change can be shown to cost nothing in the same run.
Time is wall-clock; CPU adds up both processes of a build, which work at once on two cores;
memory is the peak of the build's process plus that of its second process (an upper bound of
what the two hold at once).
Targets on a 2-core machine: cold within 3 s, warm within 2 s, warm at most 1.3 x bare.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]

# Ends each measured program: on stderr's last line, its peak memory plus that of its largest
# child (the build's second process), and the CPU time of both.
STATS = """
import resource as _r
_s, _c = _r.getrusage(_r.RUSAGE_SELF), _r.getrusage(_r.RUSAGE_CHILDREN)
print("STATS", _s.ru_maxrss + _c.ru_maxrss, _s.ru_utime + _s.ru_stime + _c.ru_utime + _c.ru_stime,
      file=sys.stderr)
"""

# The dossier command, run in a child process.
CHILD = """
import sys, runpy
sys.argv = {argv!r}
try:
    runpy.run_module("dossier", run_name="__main__")
except SystemExit as exc:
    code = exc.code
else:
    code = 0
""" + STATS + """
sys.exit(code)
"""

BARE = """
import json, sys
from pathlib import Path
from PIL import Image
from reportlab import rl_config
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate
from dossier.pdf.flowables import CitationIndex, HeadingParagraph
from dossier.pdf.images import define_chart_form
from dossier.pdf.keeping import KeepWithNext
from dossier.pdf.markup import Layout
import functools

page = json.loads(Path(sys.argv[1]).read_text())
charts = {k: Path(v) for k, v in page["charts"].items()}
margin, (width, height) = page["margin"], page["size"]
rl_config.useA85 = 0  # binary streams, as the dossier writes them

class KnownNumbers:  # the contents' (and page references') page numbers, known beforehand
    def place(self, canv, key, x, y, font, size, left=False):
        canv.setFont(font, size)
        (canv.drawString if left else canv.drawRightString)(x, y, str(page["headings"][key]))

index = CitationIndex(page["landings"])  # where each citation marker landed, for the appendix
layout = Layout({k: Image.open(v).size for k, v in charts.items()}, index, KnownNumbers(),
                width - 2 * margin, height - 2 * margin - 4 * mm)
story = layout.story([tuple(s) for s in page["sections"]])

class PlainCanvas(Canvas):
    def bookmarkHorizontal(self, key, x, y, **kw):
        super().bookmarkHorizontal(key, x, y, **kw)
        index.landed(key, self.getPageNumber())
    def save(self):
        for chart_id, path in charts.items():
            define_chart_form(self, chart_id, path)
        super().save()

def header(canv, doc):
    canv.saveState()
    canv.setFont("DejaVuSans", 7.5)
    canv.drawString(margin, height - margin + 2 * mm, page["header"])
    canv.drawRightString(width - margin, height - margin + 2 * mm, page["marking"])
    canv.setLineWidth(0.4)
    canv.line(margin, height - margin, width - margin, height - margin)
    canv.restoreState()

def footer(canv, doc):
    canv.saveState()
    canv.setFont("DejaVuSans", 7.5)
    canv.setLineWidth(0.4)
    canv.line(margin, margin - 4 * mm, width - margin, margin - 4 * mm)
    canv.drawString(margin, margin - 8 * mm, page["footer"])
    canv.drawRightString(width - margin, margin - 8 * mm,
                         page["page_of"].format(page=doc.page, pages=page["pages"]))
    canv.restoreState()

class Doc(BaseDocTemplate):
    def afterFlowable(self, flowable):
        if isinstance(flowable, HeadingParagraph):
            self.canv.bookmarkPage(flowable.key)
            self.canv.addOutlineEntry(flowable.title, flowable.key, level=flowable.level, closed=True)

doc = Doc(sys.argv[2], pagesize=(width, height), leftMargin=margin, rightMargin=margin,
          topMargin=margin + 4 * mm, bottomMargin=margin, initialFontName="DejaVuSerif",
          initialFontSize=9.5, invariant=1,
          keepTogetherClass=functools.partial(KeepWithNext, frame_height=height - 2 * margin - 4 * mm))
frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, leftPadding=0,
              rightPadding=0, topPadding=0, bottomPadding=0, overlapAttachedSpace=1)
doc.addPageTemplates([PageTemplate("page", [frame], onPage=header, onPageEnd=footer)])
doc.build(story, canvasmaker=PlainCanvas)
""" + STATS


# The layout and each finishing step of one edition, timed inside one process (charts cached).
FINISH = """
import sys, time
from pathlib import Path
from PIL import Image
from dossier.build import TEMPLATES, _manifest, finishing_steps
from dossier.build.manuscripts import write_manuscripts
from dossier.edition import EditionOverrides
from dossier.pdf.fonts import register_fonts
from dossier.pdf.writer import write_pdf

case, figures = Path(sys.argv[1]), Path(sys.argv[2])
register_fonts()
m = write_manuscripts(case, EditionOverrides(), TEMPLATES, figures)[0]
charts = {c.id: figures / m.edition.key / f"{c.id}.print.png" for c in m.charts}
start = time.perf_counter()
data, pages = write_pdf(m.rendered, {k: Image.open(v).size for k, v in charts.items()}, lambda: charts,
                        m.meta, m.terms, m.edition)
times = [time.perf_counter() - start]
for step in finishing_steps(_manifest(m, pages.pages, pages.headings), pages.anchors, m):
    start = time.perf_counter()
    data = step.run(data)
    times.append(time.perf_counter() - start)
print("FINISH", *times, file=sys.stderr)
"""


# Python's bytecode cache is on, as for any installed tool (pip compiles site-packages when it
# installs them). The development sandbox turns it off for every process, which charges each
# run up to 0.05 s for compiling the project's own modules.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def run(code: str, *args: str, env: dict[str, str] = ENV) -> tuple[float, float, int]:
    """Wall-clock seconds, CPU seconds and peak memory (KB) of one program."""
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", code, *args], cwd=PROJECT, capture_output=True,
                          text=True, env=env)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        sys.exit(f"benchmark step failed:\n{done.stderr}")
    _, peak, cpu = done.stderr.strip().splitlines()[-1].split()
    return elapsed, float(cpu), int(peak)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("case", nargs="?", type=Path, default=PROJECT / "corpus" / "juliaca-2023")
    parser.add_argument("--runs", type=int, default=7,
                        help="run each build N times; the best and the median are shown (default 7)")
    parser.add_argument("--against", type=Path, metavar="CHECKOUT",
                        help="also measure another checkout of dossier (e.g. a git worktree of an "
                             "earlier commit), its runs interleaved with this one's")
    args = parser.parse_args()
    subjects = {"this checkout": ENV}
    cases = {"this checkout": args.case.resolve()}
    if args.against:
        name = args.against.name
        subjects[name] = {**ENV, "PYTHONPATH": str(args.against.resolve() / "src")}
        # A bundled case is taken from the other checkout, in the format that checkout reads.
        inside = args.case.resolve().is_relative_to(PROJECT)
        cases[name] = args.against.resolve() / args.case.resolve().relative_to(PROJECT) if inside \
            else args.case.resolve()
    work = Path(tempfile.mkdtemp(prefix="dossier-bench-"))
    times: dict[str, dict[str, list[tuple[float, float, int]]]] = {
        name: {"check": [], "cold": [], "warm": []} for name in subjects}
    try:
        folders = dict(zip(subjects, ("this", "against")))

        def build(name: str) -> str:
            return CHILD.format(argv=["dossier", "build", str(cases[name]), "--out", str(work / folders[name])])
        # Every kind of run alternates between the subjects (and the bare build), so that a
        # machine slowing down or speeding up during the benchmark weighs on all sides alike.
        for _ in range(args.runs):
            for name, env in subjects.items():
                times[name]["check"].append(run(CHILD.format(argv=["dossier", "check", str(cases[name])]),
                                                env=env))
        for _ in range(args.runs):
            for name, env in subjects.items():
                shutil.rmtree(work / folders[name], ignore_errors=True)
                times[name]["cold"].append(run(build(name), env=env))
        bare_inputs, pages = _bare_inputs(args.case, work / "this")
        bares = []
        for _ in range(args.runs):
            for name, env in subjects.items():
                times[name]["warm"].append(run(build(name), env=env))
            bares.append(run(BARE, *bare_inputs))
        _same_text(next((work / "this").glob("*.pdf")), Path(bare_inputs[1]))
        finishing = [_finish_times(args.case.resolve(), work / "this" / "figures") for _ in range(args.runs)]
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"dossier build of {args.case.name}: {pages} pages, {args.runs} runs each, "
          "2-core target for the best time in brackets")
    print(f"{'':34}{'best':>9}{'median':>9}{'CPU':>9}{'memory':>10}")
    targets = {"check": "(< 1 s)", "cold": "(< 3 s)", "warm": "(< 2 s)"}
    rows = [(f"{kind} ({name})" if len(subjects) > 1 else kind, runs, targets[kind])
            for kind in ("check", "cold", "warm") for name, runs in
            ((name, times[name][kind]) for name in subjects)]
    for label, runs, target in [*rows, ("bare ReportLab build", bares, "")]:
        wall, cpu, peak = min(runs)
        print(f"{label:34}{wall:8.2f}s{statistics.median(r[0] for r in runs):8.2f}s{cpu:8.2f}s"
              f"{peak / 1024:7.0f} MB   {target}")
    layout, publish, archive = (min(t[i] for t in finishing) for i in range(3))
    warm_best = min(times["this checkout"]["warm"])[0]
    print(f"{'layout, in one process':34}{layout:8.2f}s")
    print(f"{'finishing: manifest, page digests':34}{publish:8.2f}s")
    print(f"{'finishing: PDF/A-3b, sources, check':34}{archive:8.2f}s{'':19}"
          f"   ({archive / warm_best:.0%} of the best warm build; target < 15 %)")
    bare = min(bares)
    for name in subjects:
        warms = times[name]["warm"]
        warm = min(warms)
        median = statistics.median(w[0] for w in warms) / statistics.median(b[0] for b in bares)
        label = f"warm / bare ({name})" if len(subjects) > 1 else "warm / bare"
        print(f"{label:34}{warm[0] / bare[0]:8.2f}x{median:8.2f}x{warm[1] / bare[1]:8.2f}x"
              f"{'':10}   (best time <= 1.3 x)")


def _bare_inputs(case: Path, out: Path) -> tuple[tuple[str, str], int]:
    """The same pages with everything already resolved, for the bare build to lay out."""
    from dossier.build import TEMPLATES, check_case
    from dossier.compose.dossier import compose_dossier
    from dossier.edition import Edition
    from dossier.pdf.writer import MARGIN, PAPER, write_pdf
    from dossier.render.templates import render_sections
    from dossier.render.terms import load_terms

    checked = check_case(case)
    edition = Edition(language=checked.case.info.language)
    dossier = compose_dossier(checked.case, checked.passages, edition)
    terms = load_terms(TEMPLATES, edition.language)
    rendered = render_sections(dossier, TEMPLATES, terms)
    charts = {c.id: out / "figures" / edition.key / f"{c.id}.print.png" for c in dossier.charts}
    sizes = {k: _png_size(v) for k, v in charts.items()}
    _, page_map = write_pdf(rendered, sizes, lambda: charts, dossier.meta, terms, edition)
    meta = dossier.meta
    page = {
        "size": PAPER[edition.paper], "margin": MARGIN,
        "sections": rendered.sections, "landings": rendered.landings, "charts": {k: str(v) for k, v in charts.items()},
        "header": meta.title, "marking": meta.confidentiality or "", "page_of": terms["page_of"],
        "pages": page_map.pages,
        "footer": terms["footer_left"].format(document=meta.document_id or meta.title,
                                              version=meta.version, compiled=terms.date(meta.compiled)),
        "headings": {key: number for _, number, _, key in page_map.headings},
    }
    inputs = out.parent / "page.json"
    inputs.write_text(json.dumps(page))
    return (str(inputs), str(out.parent / "bare.pdf")), page_map.pages


def _finish_times(case: Path, figures: Path) -> list[float]:
    """The layout's time and each finishing step's, in seconds, from one fresh process."""
    result = subprocess.run([sys.executable, "-c", FINISH, str(case), str(figures)], env=ENV,
                            capture_output=True, text=True)
    line = [ln for ln in result.stderr.splitlines() if ln.startswith("FINISH")]
    if result.returncode or not line:
        sys.exit(f"timing the finishing steps failed:\n{result.stderr}")
    return [float(t) for t in line[-1].split()[1:]]


def _same_text(dossier: Path, bare: Path) -> None:
    """A baseline that drew less than the dossier would flatter the ratio: it must not."""
    from pypdf import PdfReader

    ours, theirs = PdfReader(dossier).pages, PdfReader(bare).pages
    if len(ours) != len(theirs):
        sys.exit(f"the bare build has {len(theirs)} pages, the dossier {len(ours)}")
    for number, (a, b) in enumerate(zip(ours, theirs), 1):
        if a.extract_text() != b.extract_text():
            sys.exit(f"the bare build's page {number} differs from the dossier's")


def _png_size(path: Path) -> tuple[int, int]:
    from PIL import Image
    with Image.open(path) as image:
        return image.size


if __name__ == "__main__":
    main()
