"""Lay out the story on pages and write the PDF bytes: page furniture, contents, outline, links.

Input: the flowables from `layout` and the dossier's metadata. Output: the PDF as bytes and a
`PageMap` (the page of each heading and of each citation marker) for verification. Layout is a
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

from reportlab import rl_config
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Frame, NextPageTemplate, PageTemplate

from dossier.document import Meta
from dossier.layout import INK, RULE, SANS, SERIF, BackReferences, HeadingParagraph, Layout
from dossier.templates import MARKER_CALLBACK, Terms

PAPER = {"a4": A4, "letter": LETTER}
MARGIN = 20 * mm


@dataclass
class PageMap:
    """Where things landed: headings and citation markers by page (1-based)."""

    pages: int = 0
    headings: list[tuple[int, int, str, str]] = field(default_factory=list)  # level, page, title, key
    markers: dict[str, list[tuple[int, str]]] = field(default_factory=dict)  # passage -> (page, key)
    toc: list[tuple[int, str, str]] = field(default_factory=list)  # level, title, key


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
    def __init__(self, buffer, meta: Meta, terms: Terms, paper: str, index: CitationIndex):
        size = PAPER[paper]
        super().__init__(
            buffer, pagesize=size, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN + 4 * mm,
            bottomMargin=MARGIN, title=meta.title, author=meta.prepared_by, subject=meta.subtitle,
            keywords=list(meta.keywords), creator="dossier", lang=meta.language, invariant=1,
            initialFontName=SERIF, initialFontSize=9.5, displayDocTitle=1)
        self.meta, self.terms, self.index = meta, terms, index
        frame = Frame(self.leftMargin, self.bottomMargin, self.width, self.height, id="body",
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        self.addPageTemplates([PageTemplate("cover", [frame], onPage=self._furniture),
                               PageTemplate("body", [frame], onPage=self._furniture)])
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
        """Running header, draft stamp; the footer waits for the page count (see _PagedCanvas)."""
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

        class _PagedCanvas(Canvas):
            """Holds each page until the end so the footer can say 'Page x of y'."""

            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                self._pages: list[dict] = []
                self._deferred: list[tuple] = []
                self.setNamedCB(MARKER_CALLBACK, document.index)

            def defer_page_number(self, key, x, y, font, size):
                """Draw the page of heading `key` here once every heading has landed."""
                self._deferred.append((key, *self.absolutePosition(x, y), font, size))

            def showPage(self):
                self._pages.append(dict(self.__dict__))
                self._deferred = []
                self._startPage()

            def save(self):
                total = len(self._pages)
                pages = {key: page for _, page, _, key in document.page_map.headings}
                for state in self._pages:
                    self.__dict__.update(state)
                    for key, x, y, font, size in self._deferred:
                        self.setFont(font, size)
                        self.drawRightString(x, y, str(pages[key]))
                    document._footer(self, total)
                    super().showPage()
                document.page_map.pages = total
                super().save()

        return _PagedCanvas

    def _footer(self, canv: Canvas, total: int) -> None:
        width, _ = self.pagesize
        page = canv.getPageNumber()
        canv.saveState()
        canv.setFont(SANS, 7.5)
        canv.setFillColor(INK)
        canv.setStrokeColor(RULE)
        canv.setLineWidth(0.4)
        canv.line(MARGIN, MARGIN - 4 * mm, width - MARGIN, MARGIN - 4 * mm)
        canv.drawRightString(width - MARGIN, MARGIN - 8 * mm,
                             self.terms["page_of"].format(page=page, pages=total))
        canv.drawString(MARGIN, MARGIN - 8 * mm, self.terms["footer_left"].format(
            title=self.meta.title, version=self.meta.version,
            compiled=self.terms.date(self.meta.compiled)))
        if self.meta.draft:
            canv.setFont(f"{SANS}-Bold", 8)
            canv.drawCentredString(width / 2, MARGIN - 12 * mm, self.terms["draft_stamp"])
        canv.restoreState()


def frame_width(paper: str) -> float:
    return PAPER[paper][0] - 2 * MARGIN


def write_pdf(sections: list[tuple[str, str]], charts: dict, meta: Meta, terms: Terms,
              paper: str = "a4") -> tuple[bytes, PageMap]:
    """Lay out the rendered sections and return the PDF bytes with where things landed."""
    index = CitationIndex()
    layout = Layout(charts, index, frame_width(paper))
    story = layout.story(sections)
    back_references = [f for f in story if isinstance(f, BackReferences)]
    story.insert(1, NextPageTemplate("body"))
    buffer = io.BytesIO()
    document = _Document(buffer, meta, terms, paper, index)
    with _pinned_date(meta), _plain_streams():
        document.build(story, canvasmaker=document.canvas_maker())
    for flowable in back_references:
        # Every marker must precede the appendix; a template that breaks this is a bug.
        if flowable.shown != index.places.get(flowable.passage, []):
            raise RuntimeError(f"citation markers of {flowable.passage} landed after the appendix "
                               "listed them; the appendix must be the last section that cites")
    page_map = document.page_map
    page_map.markers = index.places
    page_map.toc = layout.toc_entries
    return buffer.getvalue(), page_map


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
