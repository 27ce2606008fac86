"""The dossier's own flowables, and the records they share with the page writer.

Two things are known only as pages are laid out, yet drawn before the end: the page on which
each citation marker lands (`CitationIndex`, which the source appendix's `BackReferences` read)
and the page of each heading (`PageNumberForms`, which the `Contents` place as forms filled in
when the PDF is saved). So one layout pass is enough.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Flowable, Paragraph, Table

from dossier.pdf.images import chart_form
from dossier.pdf.reportlab_private import has_broken_lines, line_count, table_height
from dossier.pdf.styles import INK, RULE
from dossier.render.markup import ACCENT

if TYPE_CHECKING:
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfgen.canvas import Canvas


def escape_text(text: str) -> str:
    """Text as ReportLab's paragraph markup reads it literally."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class TextParagraph(Paragraph):
    """A paragraph that breaks its lines once per width until it is drawn.

    Its lines depend only on the width, yet ReportLab wraps a paragraph again and again as it
    fits tables and pages (more than half the wraps of a dossier repeat one): those reuse the
    lines already broken. Drawing may change the lines (right-to-left text is reversed in
    place), so a paragraph drawn again, as a table's repeated header is, breaks them anew.
    """

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        # ReportLab's split drops the lines when the paragraph must move whole: break them again.
        if available_width == getattr(self, "_wrapped_at", None) and has_broken_lines(self):
            return self.width, self.height
        size = super().wrap(available_width, available_height)
        if size[0] == available_width:  # a width too narrow to break lines is not remembered
            self._wrapped_at = available_width
        return size

    def draw(self) -> None:
        super().draw()
        self.__dict__.pop("_wrapped_at", None)


class HeadingParagraph(TextParagraph):
    """A heading paragraph that knows its outline level, bookmark key and title."""

    def __init__(self, text: str, style: ParagraphStyle, level: int, key: str, title: str):
        super().__init__(text, style)
        self.level, self.key, self.title = level, key, title


class CitationIndex:
    """The page on which each citation marker landed, so that the appendix can link back to it.

    Each marker leaves a named destination (`<a name="m12"/>`) for every passage it cites;
    `landings` says which passage that is. The page writer tells this index the page of every
    destination as it is drawn (`landed`).
    """

    def __init__(self, landings: dict[str, str]):
        self.landings = landings  # destination -> passage
        self.places: dict[str, list[tuple[int, str]]] = {}  # passage -> (page, destination), once a page

    def landed(self, key: str, page: int) -> bool:
        """Record the page of a marker's destination; False if `key` is not a marker's."""
        passage = self.landings.get(key)
        if passage is None:
            return False
        places = self.places.setdefault(passage, [])
        if not places or places[-1][0] != page:
            places.append((page, key))
        return True


class PageNumberForms:
    """Page numbers known only once every heading has landed, placed now and defined at save.

    A form XObject may be placed before it is defined: the contents place one per entry, and
    the page writer defines each with the page its heading landed on.
    """

    def __init__(self) -> None:
        self.placed: dict[str, tuple[str, float, str, bool]] = {}  # form -> (key, size, font, left)

    def place(self, canv: Canvas, key: str, x: float, y: float, font: str, size: float,
              left: bool = False) -> None:
        """Place the page number of heading `key` here, at (x, y): right-aligned, or `left`."""
        name = f"toc-{len(self.placed)}"
        self.placed[name] = (key, size, font, left)
        canv.saveState()
        canv.translate(x, y)
        canv.doForm(name)
        canv.restoreState()

    def define(self, canv: Canvas, pages: dict[str, int]) -> None:
        """Define every placed number, now that `pages` gives each heading's page."""
        for name, (key, size, font, left) in self.placed.items():
            define_number_form(canv, name, str(pages[key]), font, size, left)


def define_number_form(canv: Canvas, name: str, text: str, font: str, size: float,
                       left: bool = False) -> None:
    """A form that draws text right-aligned at its origin (a page number, "Page 3 of 46"), or
    starting there."""
    canv.beginForm(name, lowerx=-300, lowery=-size, upperx=300, uppery=size * 1.5)
    canv.setFont(font, size)
    canv.setFillColor(INK)
    if left:
        canv.drawString(0, 0, text)
    else:
        canv.drawRightString(0, 0, text)
    canv.endForm()


class PageReference(Flowable):
    """"Accountability, group 2, page 34": where a later heading is, for a reader on paper.

    Its page is known only once the heading lands, so the number is a form filled in at save
    time, like the contents' numbers; the whole line links to the heading.
    """

    def __init__(self, label: str, key: str, style: ParagraphStyle, numbers: PageNumberForms):
        super().__init__()
        self.label, self.key, self.style, self.numbers = label, key, style, numbers

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        self.lines = self._lines(available_width)
        return available_width, self.style.leading * len(self.lines)

    def _lines(self, width: float) -> list[str]:
        """The label broken between words, its last line leaving room for a number."""
        font, size = self.style.fontName, self.style.fontSize
        room = width - pdfmetrics.stringWidth(" 000", font, size)
        lines: list[str] = []
        for word in self.label.split():
            if lines and pdfmetrics.stringWidth(f"{lines[-1]} {word}", font, size) <= room:
                lines[-1] += f" {word}"
            else:
                lines.append(word)
        return lines or [""]

    def draw(self) -> None:
        canv, style = self.canv, self.style
        canv.setFont(style.fontName, style.fontSize)
        canv.setFillColor(ACCENT)
        top = style.leading * len(self.lines)
        for number, line in enumerate(self.lines, start=1):
            canv.drawString(0, top - style.leading * number + (style.leading - style.fontSize), line)
        last = self.lines[-1] + " "
        x = pdfmetrics.stringWidth(last, style.fontName, style.fontSize)
        self.numbers.place(canv, self.key, x, style.leading - style.fontSize, style.fontName,
                           style.fontSize, left=True)
        canv.linkRect("", self.key, (0, 0, self.width, top), relative=1, thickness=0)


class Contents(Flowable):
    """The contents: clickable titles with dot leaders; page numbers are filled in at save time.

    Its size never depends on the page numbers, so one layout pass is enough: the numbers are
    drawn once every heading has landed, like the "Page x of y" footer.
    """

    NUMBER_WIDTH = 28

    def __init__(self, entries: list[tuple[int, str, str]], styles: list[ParagraphStyle],
                 numbers: PageNumberForms):
        super().__init__()
        self.entries, self.styles, self.numbers = entries, styles, numbers
        self._lines: list[tuple[Paragraph, float, str]] = []

    def _paragraphs(self, width: float) -> list[tuple[Paragraph, float, str]]:
        lines = []
        for level, title, key in self.entries:
            style = self.styles[min(level, len(self.styles) - 1)]
            para = Paragraph(f'<a href="#{key}">{escape_text(title)}</a>', style)
            para.title = title
            _, height = para.wrap(width - self.NUMBER_WIDTH, 10_000)
            lines.append((para, height + style.spaceBefore, key))
        return lines

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self._lines = self._paragraphs(available_width)
        self.width = available_width
        return available_width, sum(h for _, h, _ in self._lines)

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        lines = self._lines or self._paragraphs(available_width)
        used, count = 0.0, 0
        for _, height, _ in lines:
            if used + height > available_height:
                break
            used, count = used + height, count + 1
        if count == 0:
            return []
        if count == len(lines):
            return [self]
        return [Contents(self.entries[:count], self.styles, self.numbers),
                Contents(self.entries[count:], self.styles, self.numbers)]

    def draw(self) -> None:
        canv = self.canv
        y = sum(h for _, h, _ in self._lines)
        for para, height, key in self._lines:
            style = para.style
            y -= height
            para.drawOn(canv, 0, y)
            baseline = y + style.fontSize * 0.25
            title_width = pdfmetrics.stringWidth(para.title, style.fontName, style.fontSize)
            right = self.width - self.NUMBER_WIDTH + 4
            if line_count(para) == 1:  # dot leaders only after a title on one line
                leader = ". "
                step = pdfmetrics.stringWidth(leader, style.fontName, style.fontSize * 0.8)
                count = int((right - style.leftIndent - title_width - 6) / step)
                canv.saveState()
                canv.setFont(style.fontName, style.fontSize * 0.8)
                canv.setFillColor(RULE)
                canv.drawRightString(right, baseline, leader * max(count, 0))
                canv.restoreState()
            self.numbers.place(canv, key, self.width, baseline, style.fontName, style.fontSize)
            canv.linkRect("", key, (0, y, self.width, y + height), relative=1, thickness=0)


class BackReferences(Flowable):
    """'Cited on page 4, 9': the pages on which a passage's citation markers landed.

    The appendix comes after every marker, so when it is laid out every marker is on its page
    already; the page writer checks after the build that nothing changed what this showed.
    """

    def __init__(self, passage: str, labels: tuple[str, str, str], index: CitationIndex,
                 style: ParagraphStyle):
        super().__init__()
        self.passage, self.labels = passage, labels
        self.index, self.style = index, style
        self._para: Paragraph | None = None
        self.shown: list[tuple[int, str]] = []

    def _paragraph(self) -> Paragraph:
        places = list(self.index.places.get(self.passage, []))
        self.shown = places
        one, many, none = self.labels
        if places:
            links = ", ".join(f'<a href="#{key}" color="{ACCENT}">{page}</a>' for page, key in places)
            text = f"{escape_text(one if len(places) == 1 else many)} {links}"
        else:
            text = escape_text(none)
        return Paragraph(text, self.style)

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self._para = self._paragraph()
        return self._para.wrap(available_width, available_height)

    def draw(self) -> None:
        if self._para is None:
            raise RuntimeError("BackReferences drawn before it was wrapped")
        self._para.drawOn(self.canv, 0, 0)


class WholeIfShortTable(Table):
    """A table that moves whole to the next page when it is short, and splits when it is tall.

    A short table split leaves a lone row on the next page, which reads as lost; a tall one
    splits with its header repeated rather than leave half a page empty.
    """

    def __init__(self, *args: object, short: float = 0.0, **kwargs: object):  # split parts: 0
        super().__init__(*args, **kwargs)
        self.short = short

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        if table_height(self) < self.short:  # measured by the wrap that found it does not fit
            return []
        return super().split(available_width, available_height)


class ChartImage(Flowable):
    """A chart at the frame's width, placed as a form whose image is added when the PDF is saved.

    Its size is known from the chart's data, so the page can be laid out while the chart is
    still being drawn (see `charts.job`).
    """

    def __init__(self, chart_id: str, pixels: tuple[int, int], width: float):
        super().__init__()
        self.chart_id = chart_id
        self.width, self.height = width, width * pixels[1] / pixels[0]

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        self.canv.saveState()
        self.canv.scale(self.width, self.height)
        self.canv.doForm(chart_form(self.chart_id))
        self.canv.restoreState()
