"""Lay out the story on pages and write the PDF bytes: page furniture, contents, outline, links.

Input: the rendered sections, the charts' sizes, the dossier's metadata and its edition.
Output: the PDF as bytes and a `PageMap` (the page count and the page of each heading). Layout
is a single pass: what depends on where things land later (the contents' page numbers, "Page
x of y") is placed as forms and defined when the document is saved, and the source appendix,
which comes after every citation, reads the pages of the citations as it is laid out.
"""

from __future__ import annotations

import functools
import io
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reportlab import rl_config
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, NextPageTemplate, PageTemplate

from dossier.pdf.flowables import CitationIndex, HeadingParagraph, PageNumberForms
from dossier.pdf.fonts import SANS, SERIF
from dossier.pdf.images import define_chart_form
from dossier.pdf.keeping import KeepWithNext
from dossier.pdf.markup import Layout
from dossier.pdf.reportlab_private import pinned_date
from dossier.pdf.styles import INK, RULE
from dossier.pdf.typography import fit_field, fit_text

if TYPE_CHECKING:
    from dossier.compose.model import Meta
    from dossier.edition import Edition
    from dossier.profiles import Bates
    from dossier.render.markup import Rendered
    from dossier.render.terms import Terms

PAPER = {"a4": A4, "letter": LETTER}
MARGIN = 20 * mm
FURNITURE = (SANS, 7.5)  # running header and footer
GAP = 6 * mm  # at least this between the left and the right text of the header and the footer


@dataclass
class PageMap:
    """Where things landed: the page count and the page of each heading (1-based)."""

    pages: int = 0
    headings: list[tuple[int, int, str, str]] = field(default_factory=list)  # level, page, title, key
    anchors: dict[str, tuple[int, float, float]] = field(default_factory=dict)  # name -> page, left, top


class _Document(BaseDocTemplate):
    def __init__(self, buffer: io.BytesIO, meta: Meta, terms: Terms, edition: Edition,
                 index: CitationIndex, numbers: PageNumberForms,
                 charts_ready: Callable[[], dict[str, Path]], bates: tuple[Bates, int] | None = None):
        super().__init__(
            buffer, pagesize=PAPER[edition.paper], leftMargin=MARGIN, rightMargin=MARGIN,
            topMargin=MARGIN + 4 * mm, bottomMargin=MARGIN, title=meta.title, author=meta.prepared_by,
            subject=meta.subtitle, keywords=list(meta.keywords), creator="dossier",
            lang=edition.language, invariant=1, initialFontName=SERIF, initialFontSize=9.5,
            displayDocTitle=1,
            keepTogetherClass=functools.partial(KeepWithNext, frame_height=frame_size(edition.paper)[1]))
        self.meta, self.terms, self.edition = meta, terms, edition
        self.index, self.numbers, self.charts_ready = index, numbers, charts_ready
        self.bates = bates  # the numbering, and the number of this file's first page
        # overlapAttachedSpace as KeepWithNext measures: the larger of two spaces, not both.
        frame = Frame(self.leftMargin, self.bottomMargin, self.width, self.height, id="body",
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0,
                      overlapAttachedSpace=1)
        # Header before the page's text and footer after it, so text is extracted in reading order.
        self.addPageTemplates([PageTemplate(name, [frame], onPage=self._furniture, onPageEnd=self._footer)
                               for name in ("cover", "body")])
        self.page_map = PageMap()

    def afterFlowable(self, flowable: Flowable) -> None:
        if isinstance(flowable, HeadingParagraph):
            self.canv.bookmarkPage(flowable.key)
            self.canv.addOutlineEntry(flowable.title, flowable.key, level=flowable.level, closed=True)
            self.page_map.headings.append((flowable.level, self.canv.getPageNumber(), flowable.title,
                                           flowable.key))

    def afterPage(self) -> None:
        self.page_map.pages = self.page

    def _furniture(self, canv: Canvas, doc: BaseDocTemplate) -> None:
        """Running header and draft stamp of every page, the cover too: a page separated from
        the rest (a court exhibit, a photocopy) still says what it belongs to and its marking."""
        width, height = doc.pagesize
        canv.saveState()
        canv.setFont(*FURNITURE)
        canv.setFillColor(INK)
        title, marking = _left_and_right(self.meta.title, self.meta.confidentiality or "", width - 2 * MARGIN)
        canv.drawString(MARGIN, height - MARGIN + 2 * mm, title)
        if marking:
            canv.drawRightString(width - MARGIN, height - MARGIN + 2 * mm, marking)
        canv.setStrokeColor(RULE)
        canv.setLineWidth(0.4)
        canv.line(MARGIN, height - MARGIN, width - MARGIN, height - MARGIN)
        if self.edition.draft:
            canv.setFont(f"{SANS}-Bold", 40)
            canv.setFillGray(0.55, 0.35)
            canv.translate(width / 2, height / 2)
            canv.rotate(52)
            canv.drawCentredString(0, 0, self.terms["draft_stamp"])
        canv.restoreState()

    def _footer(self, canv: Canvas, doc: BaseDocTemplate | None = None) -> None:
        width, _ = self.pagesize
        canv.saveState()
        canv.setFont(*FURNITURE)
        canv.setFillColor(INK)
        canv.setStrokeColor(RULE)
        canv.setLineWidth(0.4)
        canv.line(MARGIN, MARGIN - 4 * mm, width - MARGIN, MARGIN - 4 * mm)
        canv.translate(MARGIN, MARGIN - 8 * mm)
        # The footer's text says "Page x of y", so it is defined once y is known (_Canvas.save).
        canv.doForm(_footer_form(canv.getPageNumber()))
        canv.restoreState()
        if self.edition.draft:
            canv.saveState()
            canv.setFont(f"{SANS}-Bold", 8)
            canv.drawCentredString(width / 2, MARGIN - 12 * mm, self.terms["draft_stamp"])
            canv.restoreState()
        if self.bates is not None:  # in the page furniture, not an overlay: part of the page
            numbering, first = self.bates
            canv.saveState()
            canv.setFont(f"{SANS}-Bold", 8)
            canv.setFillColor(INK)
            canv.drawRightString(width - MARGIN, MARGIN - 12 * mm,
                                 numbering.label(first + canv.getPageNumber() - 1))
            canv.restoreState()

    def define_footer(self, canv: Canvas, page: int, total: int) -> None:
        """The footer's text on one page, as a form placed at the frame's left edge: the
        document, its version and date at the left, the document shortened if need be, and
        "Page x of y" ending at the frame's right edge."""
        width = self.pagesize[0] - 2 * MARGIN
        values = {"document": self.meta.document_id or self.meta.title, "version": self.meta.version,
                  "compiled": self.terms.date(self.meta.compiled)}
        page_of = self.terms["page_of"].format(page=page, pages=total)
        room = width - pdfmetrics.stringWidth(page_of, *FURNITURE) - GAP
        left = fit_field(self.terms["footer_left"], values, "document", *FURNITURE, room)
        font, size = FURNITURE
        canv.beginForm(_footer_form(page), lowerx=0, lowery=-size, upperx=width + 1, uppery=size * 1.5)
        canv.setFont(font, size)
        canv.setFillColor(INK)
        canv.drawString(0, 0, left)
        canv.drawRightString(width, 0, page_of)
        canv.endForm()

    def canvas_maker(self) -> type[Canvas]:
        document = self

        class _Canvas(Canvas):
            """Defines, when the PDF is saved, every form placed before it could be drawn: the
            charts, the contents' page numbers and "Page x of y". Pages themselves are written as
            they come, so links and bookmarks point at the right page objects."""

            def bookmarkHorizontal(self, key: str, relativeX: float, relativeY: float, **kw: Any) -> None:
                # Every <a name="..."/> in a paragraph lands here: a citation marker's page goes to
                # the index, any other anchor (a quoted passage) is a destination to name.
                super().bookmarkHorizontal(key, relativeX, relativeY, **kw)
                if not document.index.landed(key, self.getPageNumber()):
                    left, top = self.absolutePosition(relativeX, relativeY)
                    document.page_map.anchors[key] = (self.getPageNumber(), left, top)

            def save(self) -> None:
                for chart_id, path in document.charts_ready().items():
                    define_chart_form(self, chart_id, path)
                document.numbers.define(self, {key: page for _, page, _, key in document.page_map.headings})
                total = document.page_map.pages
                for page in range(1, total + 1):
                    document.define_footer(self, page, total)
                if document.bates is not None:  # the range, in the metadata too
                    numbering, first = document.bates
                    self.setKeywords([*document.meta.keywords, f"Bates {numbering.label(first)} to "
                                      f"{numbering.label(first + total - 1)}"])
                super().save()

        return _Canvas


def _footer_form(page: int) -> str:
    return f"footer-{page}"


def _left_and_right(left: str, right: str, width: float) -> tuple[str, str]:
    """Two texts on one line of this width, the left one shortened so as never to reach the
    right one; the right one (the confidentiality marking) is shortened only if it alone would
    take more than two thirds of the line."""
    right = fit_text(right, *FURNITURE, width * 2 / 3)
    room = width - pdfmetrics.stringWidth(right, *FURNITURE) - (GAP if right else 0)
    return fit_text(left, *FURNITURE, room), right


def frame_size(paper: str) -> tuple[float, float]:
    """The width and height of the text frame on a page of this paper."""
    width, height = PAPER[paper]
    return width - 2 * MARGIN, height - 2 * MARGIN - 4 * mm


def write_pdf(rendered: Rendered, chart_sizes: dict[str, tuple[int, int]],
              charts_ready: Callable[[], dict[str, Path]], meta: Meta, terms: Terms,
              edition: Edition, bates: tuple[Bates, int] | None = None) -> tuple[bytes, PageMap]:
    """Lay out the rendered sections and return the PDF bytes with where things landed.

    chart_sizes gives each chart's size in pixels for the layout; charts_ready is called when
    the PDF is saved and returns the chart files, waiting for them if they are being drawn.
    bates, when given, is the numbering and the number of the first page, stamped on each.
    """
    index, numbers = CitationIndex(rendered.landings), PageNumberForms()
    layout = Layout(chart_sizes, index, numbers, *frame_size(edition.paper))
    story = layout.story(rendered.sections)
    story.insert(1, NextPageTemplate("body"))
    buffer = io.BytesIO()
    document = _Document(buffer, meta, terms, edition, index, numbers, charts_ready, bates)
    with pinned_date(meta.compiled), _plain_streams():
        document.build(story, canvasmaker=document.canvas_maker())
    for flowable in layout.back_references:
        # Every marker must precede the appendix; a template that breaks this is a bug.
        if flowable.shown != index.places.get(flowable.passage, []):
            raise RuntimeError(f"citation markers of {flowable.passage} landed after the appendix "
                               "listed them; the appendix must be the last section that cites")
    return buffer.getvalue(), document.page_map


@contextmanager
def _plain_streams() -> Iterator[None]:
    """Binary (not ASCII85) streams: 14 % smaller files and much less time on images."""
    saved = rl_config.useA85
    rl_config.useA85 = 0
    try:
        yield
    finally:
        rl_config.useA85 = saved
