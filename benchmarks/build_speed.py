"""Build speed and memory of a dossier, side by side with a bare ReportLab build of the same pages.

    python benchmarks/build_speed.py [CASE_DIR] [--runs N]

Every number is measured in a fresh process, in this run:
- check: `python -m dossier check CASE_DIR`;
- cold build: `python -m dossier build` with an empty chart cache (matplotlib draws every chart);
- warm build: the same again, with the charts cached (matplotlib is not imported);
- bare ReportLab: the same rendered pages (the same flowables, fonts and chart images) laid out
  by ReportLab's own `SimpleDocTemplate.build`, with no case loading, quote checking, contents,
  page references or verification: the floor a ReportLab pipeline cannot go below.
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

# Runs in a child process: the command, then its own peak memory on stderr's last line.
CHILD = """
import resource, sys, runpy
sys.argv = {argv!r}
try:
    runpy.run_module("dossier", run_name="__main__")
except SystemExit as exc:
    code = exc.code
else:
    code = 0
print("PEAK_KB", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)
sys.exit(code)
"""

BARE = """
import json, resource, sys
from pathlib import Path
from reportlab.platypus import SimpleDocTemplate
from reportlab.lib.pagesizes import A4
from dossier.layout import Layout
from dossier.pdf import CitationIndex, frame_size
sections = [tuple(s) for s in json.loads(Path(sys.argv[1]).read_text())]
charts = {k: Path(v) for k, v in json.loads(Path(sys.argv[2]).read_text()).items()}
from PIL import Image
from dossier.layout import define_chart_form
layout = Layout({k: Image.open(v).size for k, v in charts.items()}, CitationIndex(), *frame_size("a4"))
story = layout.story(sections)
class Canvas(__import__("reportlab.pdfgen.canvas", fromlist=["Canvas"]).Canvas):
    def __init__(self, *a, **k):
        super().__init__(*a, **k)
        self.setNamedCB("cite", lambda *args: None)
        self.doForm = lambda name: None if not name.startswith("chart-") else type(self).doForm(self, name)
        self.defer_page_number = lambda *args: None
    def save(self):
        for chart_id, path in charts.items():
            define_chart_form(self, chart_id, path)
        super().save()
class Doc(SimpleDocTemplate):
    def afterFlowable(self, flowable):  # the bookmarks any linked ReportLab document needs
        if hasattr(flowable, "key") and hasattr(flowable, "level"):
            self.canv.bookmarkPage(flowable.key)
doc = Doc(sys.argv[3], pagesize=A4, leftMargin=56.7, rightMargin=56.7,
          topMargin=68, bottomMargin=56.7, initialFontName="DejaVuSerif")
doc.build(story, canvasmaker=Canvas)
print("PEAK_KB", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)
"""


def run(code: str, *args: str) -> tuple[float, int]:
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", code, *args], cwd=PROJECT, capture_output=True,
                          text=True, env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"})
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        sys.exit(f"benchmark step failed:\n{done.stderr}")
    peak = int(done.stderr.strip().splitlines()[-1].split()[1])
    return elapsed, peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("case", nargs="?", type=Path, default=PROJECT / "corpus" / "juliaca-2023")
    parser.add_argument("--runs", type=int, default=3, help="take the best of N runs (default 3)")
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
        warm = min(run(CHILD.format(argv=build)) for _ in range(args.runs))
        bare = min(run(BARE, *_bare_inputs(args.case, work)) for _ in range(args.runs))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    cold = min(colds)
    pages = _pages
    print(f"dossier build of {args.case.name}: {pages} pages, best of {args.runs} runs, 2-core target in brackets")
    print(f"{'':22}{'time':>9}{'peak memory':>14}")
    print(f"{'check':22}{check[0]:8.2f}s{check[1] / 1024:11.0f} MB   (< 1 s)")
    print(f"{'cold build':22}{cold[0]:8.2f}s{cold[1] / 1024:11.0f} MB   (< 3 s)")
    print(f"{'warm build':22}{warm[0]:8.2f}s{warm[1] / 1024:11.0f} MB   (< 2 s)")
    print(f"{'bare ReportLab build':22}{bare[0]:8.2f}s{bare[1] / 1024:11.0f} MB")
    print(f"{'warm / bare':22}{warm[0] / bare[0]:8.2f}x{'':14}   (<= 1.3 x)")


_pages = 0


def _bare_inputs(case: Path, work: Path) -> tuple[str, str, str]:
    """The rendered sections and chart images of the case, for the bare build to lay out."""
    global _pages
    from dossier.build import TEMPLATES, check_case
    from dossier.compile import compile_dossier
    from dossier.templates import load_terms, render_sections
    from pypdf import PdfReader

    checked = check_case(case)
    dossier = compile_dossier(checked.case, checked.passages)
    sections, charts = work / "sections.json", work / "charts.json"
    sections.write_text(json.dumps(render_sections(dossier, TEMPLATES, load_terms(TEMPLATES, dossier.meta.language))))
    charts.write_text(json.dumps({c.id: str(work / "out" / "figures" / f"{c.id}.print.png")
                                  for c in dossier.charts}))
    _pages = len(PdfReader(next((work / "out").glob("*.pdf"))).pages)
    return str(sections), str(charts), str(work / "bare.pdf")


if __name__ == "__main__":
    main()
