"""Bring a dossier's chart files up to date, beside the layout: their sizes now, pixels later.

Each chart is written twice: `<id>.png` (150 dpi, for slides and the web) and `<id>.print.png`
(300 dpi, RGB, the form the PDF embeds). A chart is drawn again only when its key changes: the
key covers its data, its words, the drawing code and the versions of matplotlib and Pillow
(`files.cache_key`), and `charts.json` records the key each file was drawn from. A build whose
charts are all current never imports matplotlib.
"""

from __future__ import annotations

import dataclasses
import gc
import json
from concurrent.futures import Executor, Future
from pathlib import Path
from typing import TYPE_CHECKING

from dossier.errors import DossierError
from dossier.files import cache_key, write_atomically

if TYPE_CHECKING:
    from dossier.compose.model import Chart
    from dossier.render.terms import Terms

WIDTH_IN = 6.7
WEB_DPI, PRINT_DPI = 150, 300  # the web form is the print form reduced by a whole factor
FONTS = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf")  # the DejaVu matplotlib ships, as in the text
DRAWN_BY = [__file__, str(Path(__file__).with_name("draw.py"))]  # the code that decides the pixels
RECORD = "charts.json"


class ChartJob:
    """The charts of a dossier: their files and pixel sizes now, their pixels once `wait` returns.

    Layout needs only each chart's size, which follows from its data; the pixels are needed
    when the PDF is saved. So charts that must be drawn are drawn by a second process while the
    pages are laid out: on two cores, matplotlib costs the build almost nothing.
    """

    def __init__(self, paths: dict[str, Path], sizes: dict[str, tuple[int, int]], drawn: Future[None]):
        self.paths, self.sizes = paths, sizes
        self._drawn = drawn

    def wait(self) -> dict[str, Path]:
        """Block until every chart file is written; return chart id -> the print PNG."""
        self._drawn.result()
        return self.paths


def start_charts(charts: tuple[Chart, ...], folder: Path, terms: Terms, font_dir: Path,
                 executor: Executor) -> ChartJob:
    """Have the executor bring the cached chart files up to date; return their sizes at once."""
    paths = {c.id: folder / f"{c.id}.print.png" for c in charts}
    sizes = {c.id: pixel_size(c) for c in charts}
    return ChartJob(paths, sizes, executor.submit(draw_stale_charts, charts, folder, terms, font_dir))


def draw_stale_charts(charts: tuple[Chart, ...], folder: Path, terms: Terms, font_dir: Path) -> None:
    """Draw the charts whose files are missing or whose key has changed since they were drawn."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DossierError(f"cannot write the charts to {folder}: {exc.strerror}; check the folder "
                           "and its permissions, or choose another with --out", folder, 0, "output") from None
    record = folder / RECORD
    recorded = _recorded_keys(record)
    keys = {chart.id: chart_key(chart, terms) for chart in charts}
    stale = [c for c in charts if recorded.get(c.id) != keys[c.id]
             or not (folder / f"{c.id}.png").exists() or not (folder / f"{c.id}.print.png").exists()]
    if not stale:
        return
    from dossier.charts.draw import draw_chart, use_fonts
    use_fonts(font_dir, FONTS)
    for chart in stale:
        printed, web = draw_chart(chart, terms, pixel_size(chart), PRINT_DPI, WEB_DPI)
        write_atomically(folder / f"{chart.id}.png", web)
        write_atomically(folder / f"{chart.id}.print.png", printed)
    recorded.update({chart.id: keys[chart.id] for chart in stale})
    write_atomically(record, json.dumps(recorded, indent=1, sort_keys=True).encode())
    gc.collect()  # a figure is a web of cycles: free its buffers now, before the verifier loads


def chart_key(chart: Chart, terms: Terms) -> str:
    """The key of a chart's files: everything that decides their pixels."""
    words = [terms["chart"], terms["value"], terms["months"], terms["range"], terms["approximate"]]
    return cache_key(code=DRAWN_BY, libraries=["matplotlib", "pillow"],
                     data=[dataclasses.asdict(chart), words, FONTS])


def _recorded_keys(path: Path) -> dict[str, str]:
    """The key each cached chart was drawn from; a record that cannot be read means redraw all."""
    try:
        recorded = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return recorded if isinstance(recorded, dict) else {}


def pixel_size(chart: Chart) -> tuple[int, int]:
    """The size in pixels of a chart's print PNG, known before it is drawn."""
    return round(WIDTH_IN * PRINT_DPI), round(_height(chart) * PRINT_DPI)


def _height(chart: Chart) -> float:
    """The chart's height in inches: its rows, and a line for each figure stated only in words."""
    words = [p for p in chart.points if p.value is not None and p.value.least is None]
    band = 0.25 + 0.14 * sum(1 + len(p.label) // 60 for p in words) if words else 0.0
    numbered = [p for p in chart.points if p not in words]
    if chart.kind == "breakdown":
        return 1.0 + 0.4 * len(numbered) + band
    if chart.kind == "by-source":
        groups = len({p.group for p in numbered})
        lines = sum(max(1, len(p.label) // 40) for p in numbered)
        return min(9.0, 0.8 + 0.27 * lines + 0.45 * groups + band)
    if chart.kind == "compare-scopes":  # a panel per quantity, a row per scope
        return min(9.0, 0.8 + 0.27 * len(numbered) + 0.45 * len({p.group for p in numbered}) + band)
    return (3.0 if chart.kind != "timeline" else 3.4) + band
