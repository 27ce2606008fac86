"""Turn rendered section markup into ReportLab flowables.

The markup is the small XML vocabulary the templates write (`render.markup.BLOCKS`): <section>,
<h2>, <h3>, <p>, <ul>/<li>, <table>/<tr>/<th>/<td>, <chart>, <toc>, <backrefs>, <keep>,
<spacer>, <pagebreak>. Inline markup inside paragraphs and cells (<b>, <i>, <a>, <font>, <br/>,
<onDraw>) is ReportLab's own and passes through.
"""

from __future__ import annotations

import copy
import xml.etree.ElementTree as ET
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, PageBreak, Spacer, Table, TableStyle

from dossier.errors import DossierError
from dossier.pdf.flowables import (BackReferences, ChartImage, CitationIndex, Contents,
                                   HeadingParagraph, PageNumberForms, PageReference,
                                   TextParagraph,
                                   WholeIfShortTable, escape_text)
from dossier.pdf.fonts import register_fonts
from dossier.pdf.keeping import KeepWithNext
from dossier.pdf.styles import CELL_FONT, INK, RULE, SHADE, paragraph_styles
from dossier.pdf.typography import bind_numbers_within

SHORT_TABLE = 0.3  # of the frame's height: a table shorter than this moves whole, never splits
# A <keep> block (a heading and its table, a victim's record) moves whole to the next page up to
# this part of the frame's height; a taller one begins where it is, or half a page stays empty.
KEEP_WHOLE = 0.5


class Layout:
    """Builds the story of flowables from section markup."""

    def __init__(self, charts: dict[str, tuple[int, int]], citation_index: CitationIndex,
                 page_numbers: PageNumberForms, frame_width: float, frame_height: float):
        register_fonts()
        self.styles = paragraph_styles()
        self.charts = charts
        self.citation_index = citation_index
        self.page_numbers = page_numbers
        self.width, self.frame_height = frame_width, frame_height
        self.toc_entries: list[tuple[int, str, str]] = []
        self.toc = Contents(self.toc_entries, [self.styles["toc1"], self.styles["toc2"]], page_numbers)
        self.back_references: list[BackReferences] = []  # checked once every marker has landed

    def story(self, sections: list[tuple[str, str]]) -> list[Flowable]:
        story: list[Flowable] = []
        for index, (name, markup) in enumerate(sections):
            root = ET.fromstring(markup)  # rendering checked it is well-formed (render.templates)
            if index:
                story.append(PageBreak())
            story += self.section(root)
        return story

    def section(self, root: ET.Element) -> list[Flowable]:
        flowables: list[Flowable] = []
        title = root.get("title")
        key = root.get("key", "")
        if title:
            flowables.append(self.heading(title, 0, key, root.get("toc") != "no"))
        for element in root:
            blocks = self.block(element, key)
            if element.tag == "ul" and flowables and _introduces(flowables[-1]):
                flowables[-1].keepWithNext = 1  # the paragraph that introduces a list stays with it
            flowables += blocks
        return flowables

    def heading(self, title: str, level: int, key: str, toc: bool = True) -> HeadingParagraph:
        style = self.styles[("h1", "h2", "h3")[level]]
        if toc and level < 2:
            self.toc_entries.append((level, title, key))
        shown = bind_numbers_within(title, style.fontName, style.fontSize, self.width)
        return HeadingParagraph(escape_text(shown), style, level, key, title)

    def block(self, element: ET.Element, section_key: str) -> list[Flowable]:
        tag = element.tag
        if tag in ("h2", "h3"):
            level = 1 if tag == "h2" else 2
            key = element.get("key") or f"{section_key}-{len(self.toc_entries)}-{_slug(element.text or '')}"
            heading = self.heading("".join(element.itertext()), level, key)
            return [CondPageBreak(40 * mm), heading] if tag == "h2" else [heading]
        if tag == "p":
            style = self.styles[element.get("style", "body")]
            if style.name == "cover-title":
                element = _bound(element, style.fontName, style.fontSize, self.width)
            return [TextParagraph(_inner(element), style)]
        if tag == "ul":
            # Items are paragraphs of their own, not a ListFlowable: a heading or an introduction
            # can be kept with them (ReportLab keeps nothing with a ListFlowable), and the first
            # item with the second, so that a list never breaks after its first item.
            items = [TextParagraph(_inner(li), self.styles["item"], bulletText="•") for li in element]
            if len(items) > 1:
                items[0].keepWithNext = 1
            return list(items)
        if tag == "table":
            return [self.table(element)]
        if tag == "chart":
            return [self.chart(element.get("ref"))]
        if tag == "toc":
            return [self.toc]
        if tag == "backrefs":
            labels = (element.get("one", ""), element.get("many", ""), element.get("none", ""))
            back_references = BackReferences(element.get("passage", ""), labels, self.citation_index,
                                             self.styles["backrefs"])
            self.back_references.append(back_references)
            return [back_references]
        if tag == "keep":
            return [KeepWithNext([f for child in element for f in self.block(child, section_key)],
                                 self.frame_height, whole_up_to=self.frame_height * KEEP_WHOLE)]
        if tag == "spacer":
            return [Spacer(0, float(element.get("h", "12")))]
        if tag == "pagebreak":
            return [PageBreak()]
        raise RuntimeError(f"<{tag}> is not a block of the markup; rendering should have refused it")

    def table(self, element: ET.Element) -> Table:
        widths = [float(w) for w in element.get("widths", "").split(",") if w]
        rows, header_rows = [], 0
        for tr in element:
            cells = []
            for cell in tr:
                style = self.styles["th" if cell.tag == "th" else "cell"]
                references = [r for r in cell if r.tag == "pageref"]
                for reference in references:
                    cell.remove(reference)
                cells.append([TextParagraph(_inner(cell), style),
                              *(PageReference(r.text or "", r.get("to", ""), style, self.page_numbers)
                                for r in references)])
            if all(cell.tag == "th" for cell in tr):
                header_rows += 1
            rows.append(cells)
        col_widths = [self.width * w / sum(widths) for w in widths] if widths else None
        plain = element.get("style") == "plain"
        commands = [("FONT", (0, 0), (-1, -1), *CELL_FONT), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3),
                    ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5)]
        if not plain:
            commands += [("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE),
                         ("LINEABOVE", (0, 0), (-1, 0), 0.6, INK)]
        if header_rows:
            commands += [("BACKGROUND", (0, 0), (-1, header_rows - 1), SHADE),
                         ("LINEBELOW", (0, header_rows - 1), (-1, header_rows - 1), 0.6, INK)]
        return WholeIfShortTable(rows, colWidths=col_widths, repeatRows=header_rows,
                                 style=TableStyle(commands), hAlign="LEFT", spaceBefore=2, spaceAfter=8,
                                 short=self.frame_height * SHORT_TABLE)

    def chart(self, ref: str | None) -> Flowable:
        pixels = self.charts.get(ref or "")
        if ref is None or pixels is None:
            raise DossierError(f"the templates place chart '{ref}', which the case does not declare "
                               "in charts.yaml; place only the charts of d.charts", Path("templates"), 0,
                               "template")
        return ChartImage(ref, pixels, self.width)


def _inner(element: ET.Element) -> str:
    """The inline markup inside an element, as ReportLab's paragraph parser reads it."""
    text = escape_text(element.text or "")
    for child in element:
        text += ET.tostring(child, encoding="unicode")
    return text.strip()


def _introduces(flowable: Flowable) -> bool:
    """Whether a flowable just before a list introduces it: a paragraph of text, not a heading
    (kept with what follows anyway) nor the last item of another list."""
    return isinstance(flowable, TextParagraph) and not isinstance(flowable, HeadingParagraph) \
        and flowable.style.name != "item"


def _bound(element: ET.Element, font: str, size: float, width: float) -> ET.Element:
    """A copy of an element whose text keeps each number with its neighbouring words."""
    bound = copy.deepcopy(element)
    for node in bound.iter():
        node.text = node.text and bind_numbers_within(node.text, font, size, width)
        node.tail = node.tail and bind_numbers_within(node.tail, font, size, width)
    return bound


def _slug(text: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in text.lower())[:30]
