"""Build speed and memory of a dossier, side by side with a bare ReportLab build of the same pages.

    python benchmarks/build_speed.py [CASE_DIR] [--runs N]

Every number is measured in a fresh process, in this run:
- check: `python -m dossier check CASE_DIR`;
- cold build: `python -m dossier build` with an empty chart cache (matplotlib draws every chart);
- warm build: the same again, with the charts cached (matplotlib is not imported);
- bare ReportLab: the same pages written by a plain ReportLab program that is handed everything
  already resolved: the same flowables, fonts, chart images, header and footer, links and
  bookmarks, with every page number known beforehand. It loads no case, checks no quote,
  renders no template, defers no number and verifies nothing: the floor a ReportLab pipeline
  cannot go below. The benchmark stops if its pages do not have the dossier's text.
Targets on a 2-core machine: cold within 3 s, warm within 2 s, warm at most 1.3 x bare.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]

# Runs in a child process: the command, then on stderr's last line the peak memory of the
# largest process it used (the build's second process included).
CHILD = """
import resource, sys, runpy
sys.argv = {argv!r}
try:
    runpy.run_module("dossier", run_name="__main__")
except SystemExit as exc:
    code = exc.code
else:
    code = 0
peak = max(resource.getrusage(who).ru_maxrss for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
print("PEAK_KB", peak, file=sys.stderr)
sys.exit(code)
"""

BARE = """
import json, resource, sys
from pathlib import Path
from PIL import Image
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate
from dossier.layout import HeadingParagraph, Layout, define_chart_form
from dossier.pdf import MARGIN, PAPER, CitationIndex, frame_size

page = json.loads(Path(sys.argv[1]).read_text())
charts = {k: Path(v) for k, v in page["charts"].items()}
index = CitationIndex()
layout = Layout({k: Image.open(v).size for k, v in charts.items()}, index, *frame_size(page["paper"]))
story = layout.story([tuple(s) for s in page["sections"]])

class PlainCanvas(Canvas):
    def __init__(self, *a, **k):
        super().__init__(*a, **k)
        self.setNamedCB("cite", index)
    def defer_page_number(self, key, x, y, font, size):  # the contents' numbers, known beforehand
        self.setFont(font, size)
        self.drawRightString(x, y, str(page["headings"][key]))
    def save(self):
        for chart_id, path in charts.items():
            define_chart_form(self, chart_id, path)
        super().save()

def header(canv, doc):
    width, height = doc.pagesize
    if doc.page > 1:
        canv.saveState()
        canv.setFont("DejaVuSans", 7.5)
        canv.drawString(MARGIN, height - MARGIN + 2 * mm, page["header"])
        canv.setLineWidth(0.4)
        canv.line(MARGIN, height - MARGIN, width - MARGIN, height - MARGIN)
        canv.restoreState()

def footer(canv, doc):
    width, height = doc.pagesize
    canv.saveState()
    canv.setFont("DejaVuSans", 7.5)
    canv.setLineWidth(0.4)
    canv.line(MARGIN, MARGIN - 4 * mm, width - MARGIN, MARGIN - 4 * mm)
    canv.drawString(MARGIN, MARGIN - 8 * mm, page["footer"])
    canv.drawRightString(width - MARGIN, MARGIN - 8 * mm,
                         page["page_of"].format(page=doc.page, pages=page["pages"]))
    canv.restoreState()

class Doc(BaseDocTemplate):
    def afterFlowable(self, flowable):
        if isinstance(flowable, HeadingParagraph):
            self.canv.bookmarkPage(flowable.key)
            self.canv.addOutlineEntry(flowable.title, flowable.key, level=flowable.level, closed=True)

size = PAPER[page["paper"]]
doc = Doc(sys.argv[2], pagesize=size, leftMargin=MARGIN, rightMargin=MARGIN,
          topMargin=MARGIN + 4 * mm, bottomMargin=MARGIN, initialFontName="DejaVuSerif",
          initialFontSize=9.5)
frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, leftPadding=0,
              rightPadding=0, topPadding=0, bottomPadding=0)
doc.addPageTemplates([PageTemplate("page", [frame], onPage=header, onPageEnd=footer)])
doc.build(story, canvasmaker=PlainCanvas)
print("PEAK_KB", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)
"""


# Python's bytecode cache is on, as for any installed tool (pip compiles site-packages when it
# installs them); some sandboxes turn it off for everything, which would charge every run for
# compiling the project's own modules.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def run(code: str, *args: str) -> tuple[float, int]:
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", code, *args], cwd=PROJECT, capture_output=True,
                          text=True, env=ENV)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        sys.exit(f"benchmark step failed:\n{done.stderr}")
    peak = int(done.stderr.strip().splitlines()[-1].split()[1])
    return elapsed, peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("case", nargs="?", type=Path, default=PROJECT / "corpus" / "juliaca-2023")
    parser.add_argument("--runs", type=int, default=5, help="take the best of N runs (default 5)")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="dossier-bench-"))
    try:
        build = ["dossier", "build", str(args.case), "--out", str(work / "out")]
        check = min(run(CHILD.format(argv=["dossier", "check", str(args.case)]))
                    for _ in range(args.runs))
        colds = []
        for _ in range(args.runs):
            shutil.rmtree(work / "out", ignore_errors=True)
            colds.append(run(CHILD.format(argv=build)))
        # Warm and bare runs alternate, so that a machine slowing down or speeding up during the
        # benchmark weighs on both sides of the ratio alike.
        bare_inputs, pages = _bare_inputs(args.case, work)
        warms, bares = [], []
        for _ in range(args.runs):
            warms.append(run(CHILD.format(argv=build)))
            bares.append(run(BARE, *bare_inputs))
        _same_text(next((work / "out").glob("*.pdf")), Path(bare_inputs[1]))
        warm, bare = min(warms), min(bares)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    cold = min(colds)
    print(f"dossier build of {args.case.name}: {pages} pages, best of {args.runs} runs, 2-core target in brackets")
    print(f"{'':22}{'time':>9}{'peak memory':>14}")
    print(f"{'check':22}{check[0]:8.2f}s{check[1] / 1024:11.0f} MB   (< 1 s)")
    print(f"{'cold build':22}{cold[0]:8.2f}s{cold[1] / 1024:11.0f} MB   (< 3 s)")
    print(f"{'warm build':22}{warm[0]:8.2f}s{warm[1] / 1024:11.0f} MB   (< 2 s)")
    print(f"{'bare ReportLab build':22}{bare[0]:8.2f}s{bare[1] / 1024:11.0f} MB")
    print(f"{'warm / bare':22}{warm[0] / bare[0]:8.2f}x{'':14}   (<= 1.3 x)")


def _bare_inputs(case: Path, work: Path) -> tuple[tuple[str, str], int]:
    """The same pages with everything already resolved, for the bare build to lay out."""
    from dossier.build import TEMPLATES, check_case
    from dossier.compile import compile_dossier
    from dossier.pdf import write_pdf
    from dossier.templates import load_terms, render_sections

    checked = check_case(case)
    dossier = compile_dossier(checked.case, checked.passages)
    terms = load_terms(TEMPLATES, dossier.meta.language)
    sections = render_sections(dossier, TEMPLATES, terms)
    charts = {c.id: work / "out" / "figures" / f"{c.id}.print.png" for c in dossier.charts}
    sizes = {k: _png_size(v) for k, v in charts.items()}
    _, page_map = write_pdf(sections, sizes, lambda: charts, dossier.meta, terms)
    meta = dossier.meta
    page = {
        "paper": "a4", "sections": sections, "charts": {k: str(v) for k, v in charts.items()},
        "header": meta.title, "page_of": terms["page_of"], "pages": page_map.pages,
        "footer": terms["footer_left"].format(title=meta.title, version=meta.version,
                                              compiled=terms.date(meta.compiled)),
        "headings": {key: number for _, number, _, key in page_map.headings},
    }
    inputs = work / "page.json"
    inputs.write_text(json.dumps(page))
    return (str(inputs), str(work / "bare.pdf")), page_map.pages


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
