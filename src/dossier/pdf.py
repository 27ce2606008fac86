"""Lay out the story on pages and write the PDF bytes: page furniture, contents, outline, links.

Input: the flowables from `layout` and the dossier's metadata. Output: the PDF as bytes and a
`PageMap` (the page of each heading and of each citation marker) for verification. The build
takes as many passes as the contents and the appendix's page references need to settle
(normally two), and the "Page x of y" footer is drawn once the page count is known.
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
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, NextPageTemplate, PageTemplate

from dossier.document import Meta
from dossier.layout import INK, RULE, SANS, SERIF, HeadingParagraph, Layout
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


class CitationIndex(Flowable):
    """Records the page of every citation marker; settles when two passes agree.

    Each marker calls back here as it is drawn (ReportLab's <onDraw>), and gets a destination
    at its position so that the source appendix can link back to it.
    """

    def __init__(self):
        super().__init__()
        self.current: dict[str, list[tuple[int, str]]] = {}
        self.previous: dict[str, list[tuple[int, str]]] = {}
        self._count = 0
        self.passes = 0

    def __call__(self, canv: Canvas, kind: str, label: str) -> None:
        self._count += 1
        key = f"m{self._count}"
        info = canv._curr_tx_info
        canv.bookmarkHorizontal(key, info["cur_x"], info["cur_y"] + info["leading"])
        page = canv.getPageNumber()
        places = self.current.setdefault(label, [])
        if not places or places[-1][0] != page:
            places.append((page, key))

    def isIndexing(self):
        return 1

    def beforeBuild(self):
        self.previous, self.current, self._count = self.current, {}, 0
        self.passes += 1

    def afterBuild(self):
        pass

    def notify(self, kind, stuff):
        pass  # contents entries are the TableOfContents' business

    def isSatisfied(self):
        # The first pass only measures (its page references are not known yet), so it is never
        # the one saved; that lets it skip drawing the charts.
        return self.passes > 1 and self.current == self.previous

    @property
    def measuring(self) -> bool:
        return self.passes <= 1

    def wrap(self, available_width, available_height):
        return 0, 0

    def draw(self):
        pass


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

    def beforeDocument(self):
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
                self.setNamedCB(MARKER_CALLBACK, document.index)

            def showPage(self):
                self._pages.append(dict(self.__dict__))
                self._startPage()

            def save(self):
                total = len(self._pages)
                for state in self._pages:
                    self.__dict__.update(state)
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
    story.insert(1, NextPageTemplate("body"))
    story.insert(0, index)
    buffer = io.BytesIO()
    document = _Document(buffer, meta, terms, paper, index)
    _preload_contents(layout)
    with _pinned_date(meta), _plain_streams():
        document.multiBuild(story, canvasmaker=document.canvas_maker())
    page_map = document.page_map
    page_map.markers = index.current
    page_map.toc = layout.toc_entries
    return buffer.getvalue(), page_map


def _preload_contents(layout: Layout) -> None:
    """Give the contents its entries before the first pass so it has its final size at once."""
    layout.toc._lastEntries = [(level, title, 0, key) for level, title, key in layout.toc_entries]
    layout.toc._entries = list(layout.toc._lastEntries)


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
