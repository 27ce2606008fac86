"""Lay out the story on pages and write the PDF bytes: page furniture, contents, outline, links.

Input: the flowables from `layout` and the dossier's metadata. Output: the PDF as bytes and a
`PageMap` (the page count and the page of each heading) for verification. Layout is a
single pass: what depends on where things land later (the contents' page numbers, "Page x of
y") is drawn when the document is saved, and the source appendix, which comes after every
citation, reads the pages of the citations as it is laid out.
"""

from __future__ import annotations

import calendar
import io
import os
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from reportlab import rl_config
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Frame, NextPageTemplate, PageTemplate

from dossier.layout import (INK, RULE, SANS, SERIF, BackReferences, HeadingParagraph, Layout,
                            define_chart_form)
from dossier.templates import MARKER_CALLBACK, Terms

if TYPE_CHECKING:
    from dossier.document import Meta

PAPER = {"a4": A4, "letter": LETTER}
MARGIN = 20 * mm


@dataclass
class PageMap:
    """Where things landed: the page count and the page of each heading (1-based)."""

    pages: int = 0
    headings: list[tuple[int, int, str, str]] = field(default_factory=list)  # level, page, title, key


class CitationIndex:
    """Records the page of every citation marker as it is drawn.

    Each marker calls back here (ReportLab's <onDraw>) and gets a destination at its position,
    so that the source appendix can link back to it.
    """

    def __init__(self):
        self.places: dict[str, list[tuple[int, str]]] = {}  # passage -> (page, marker key)
        self._count = 0

    def __call__(self, canv: Canvas, kind: str, label: str) -> None:
        self._count += 1
        key = f"m{self._count}"
        info = canv._curr_tx_info
        canv.bookmarkHorizontal(key, info["cur_x"], info["cur_y"] + info["leading"])
        page = canv.getPageNumber()
        places = self.places.setdefault(label, [])
        if not places or places[-1][0] != page:
            places.append((page, key))


class _Document(BaseDocTemplate):
    def __init__(self, buffer, meta: Meta, terms: Terms, paper: str, index: CitationIndex,
                 charts_ready: Callable[[], dict[str, Path]]):
        size = PAPER[paper]
        super().__init__(
            buffer, pagesize=size, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN + 4 * mm,
            bottomMargin=MARGIN, title=meta.title, author=meta.prepared_by, subject=meta.subtitle,
            keywords=list(meta.keywords), creator="dossier", lang=meta.language, invariant=1,
            initialFontName=SERIF, initialFontSize=9.5, displayDocTitle=1)
        self.meta, self.terms, self.index, self.charts_ready = meta, terms, index, charts_ready
        frame = Frame(self.leftMargin, self.bottomMargin, self.width, self.height, id="body",
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        # Header before the page's text and footer after it, so text is extracted in reading order.
        self.addPageTemplates([PageTemplate(name, [frame], onPage=self._furniture, onPageEnd=self._footer)
                               for name in ("cover", "body")])
        self.page_map = PageMap()

    def afterFlowable(self, flowable):
        if isinstance(flowable, HeadingParagraph):
            page = self.canv.getPageNumber()
            self.canv.bookmarkPage(flowable.key)
            self.canv.addOutlineEntry(flowable.title, flowable.key, level=flowable.level, closed=True)
            self.page_map.headings.append((flowable.level, page, flowable.title, flowable.key))
            if flowable.in_toc:
                self.notify("TOCEntry", (flowable.level, flowable.title, page, flowable.key))

    def _furniture(self, canv: Canvas, doc) -> None:
        """Running header, draft stamp and footer of every page."""
        width, height = doc.pagesize
        canv.saveState()
        if doc.page > 1:
            canv.setFont(SANS, 7.5)
            canv.setFillColor(INK)
            canv.drawString(MARGIN, height - MARGIN + 2 * mm, self.meta.title)
            if self.meta.confidentiality:
                canv.drawRightString(width - MARGIN, height - MARGIN + 2 * mm, self.meta.confidentiality)
            canv.setStrokeColor(RULE)
            canv.setLineWidth(0.4)
            canv.line(MARGIN, height - MARGIN, width - MARGIN, height - MARGIN)
        if self.meta.draft:
            canv.setFont(f"{SANS}-Bold", 40)
            canv.setFillGray(0.55, 0.35)
            canv.translate(width / 2, height / 2)
            canv.rotate(52)
            canv.drawCentredString(0, 0, self.terms["draft_stamp"])
        canv.restoreState()

    def canvas_maker(self):
        document = self

        class _Canvas(Canvas):
            """Draws numbers known only at the end (page total, contents pages) as forms.

            A form XObject may be placed before it is defined; they are all defined in save(),
            once every page and heading has landed. Pages themselves are written as they come,
            so links and bookmarks point at the right page objects.
            """

            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                self.setNamedCB(MARKER_CALLBACK, document.index)
                self._late: dict[str, tuple[str, float, str]] = {}  # form -> (heading key, font size, font)

            def defer_page_number(self, key, x, y, font, size):
                """Place the page number of heading `key` here, right-aligned at (x, y)."""
                name = f"toc-{len(self._late)}"
                self._late[name] = (key, size, font)
                self.saveState()
                self.translate(x, y)
                self.doForm(name)
                self.restoreState()

            def save(self):
                for chart_id, path in document.charts_ready().items():
                    define_chart_form(self, chart_id, path)
                pages = {key: page for _, page, _, key in document.page_map.headings}
                total = document.page_map.pages
                for name, (key, size, font) in self._late.items():
                    self._number_form(name, str(pages[key]), font, size)
                for page in range(1, total + 1):
                    self._number_form(f"page-{page}", document.terms["page_of"].format(page=page, pages=total),
                                      SANS, 7.5)
                super().save()

            def _number_form(self, name, text, font, size):
                self.beginForm(name, lowerx=-300, lowery=-size, upperx=1, uppery=size * 1.5)
                self.setFont(font, size)
                self.setFillColor(INK)
                self.drawRightString(0, 0, text)
                self.endForm()

        return _Canvas

    def afterPage(self):
        self.page_map.pages = self.page

    def _footer(self, canv: Canvas, doc=None) -> None:
        width, _ = self.pagesize
        canv.saveState()
        canv.setFont(SANS, 7.5)
        canv.setFillColor(INK)
        canv.setStrokeColor(RULE)
        canv.setLineWidth(0.4)
        canv.line(MARGIN, MARGIN - 4 * mm, width - MARGIN, MARGIN - 4 * mm)
        canv.drawString(MARGIN, MARGIN - 8 * mm, self.terms["footer_left"].format(
            title=self.meta.title, version=self.meta.version,
            compiled=self.terms.date(self.meta.compiled)))
        canv.translate(width - MARGIN, MARGIN - 8 * mm)
        canv.doForm(f"page-{canv.getPageNumber()}")  # "Page x of y", defined once y is known
        canv.restoreState()
        if self.meta.draft:
            canv.saveState()
            canv.setFont(f"{SANS}-Bold", 8)
            canv.drawCentredString(width / 2, MARGIN - 12 * mm, self.terms["draft_stamp"])
            canv.restoreState()


def frame_size(paper: str) -> tuple[float, float]:
    """The width and height of the text frame on a page of this paper."""
    width, height = PAPER[paper]
    return width - 2 * MARGIN, height - 2 * MARGIN - 4 * mm


def write_pdf(sections: list[tuple[str, str]], chart_sizes: dict[str, tuple[int, int]],
              charts_ready: Callable[[], dict[str, Path]], meta: Meta, terms: Terms,
              paper: str = "a4") -> tuple[bytes, PageMap]:
    """Lay out the rendered sections and return the PDF bytes with where things landed.

    chart_sizes gives each chart's size in pixels for the layout; charts_ready is called when
    the PDF is saved and returns the chart files, waiting for them if they are being drawn.
    """
    index = CitationIndex()
    layout = Layout(chart_sizes, index, *frame_size(paper))
    story = layout.story(sections)
    back_references = [f for f in story if isinstance(f, BackReferences)]
    story.insert(1, NextPageTemplate("body"))
    buffer = io.BytesIO()
    document = _Document(buffer, meta, terms, paper, index, charts_ready)
    with _pinned_date(meta), _plain_streams():
        document.build(story, canvasmaker=document.canvas_maker())
    for flowable in back_references:
        # Every marker must precede the appendix; a template that breaks this is a bug.
        if flowable.shown != index.places.get(flowable.passage, []):
            raise RuntimeError(f"citation markers of {flowable.passage} landed after the appendix "
                               "listed them; the appendix must be the last section that cites")
    return buffer.getvalue(), document.page_map


@contextmanager
def _plain_streams():
    """Binary (not ASCII85) streams: 14 % smaller files and much less time on images."""
    saved = rl_config.useA85
    rl_config.useA85 = 0
    try:
        yield
    finally:
        rl_config.useA85 = saved


@contextmanager
def _pinned_date(meta: Meta):
    """The PDF's dates are the case's compilation date, never the clock or the environment."""
    compiled = meta.compiled
    epoch = calendar.timegm((compiled.year, compiled.month or 1, compiled.day or 1, 12, 0, 0))
    saved = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    try:
        yield
    finally:
        if saved is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = saved
