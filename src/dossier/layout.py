"""Turn rendered section markup into ReportLab flowables: the one home of fonts and styles.

The markup is the small XML vocabulary the templates write: <section>, <h2>, <h3>, <p>, <ul>/<li>,
<table>/<tr>/<th>/<td>, <chart>, <toc>, <backrefs>, <spacer>, <pagebreak>. Inline markup inside
paragraphs and cells (<b>, <i>, <a>, <font>, <br/>, <onDraw>) is ReportLab's own and passes through.
"""

from __future__ import annotations

import hashlib
import importlib.util
import struct
import xml.etree.ElementTree as ET
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (CondPageBreak, Flowable, KeepTogether, ListFlowable,
                                ListItem, PageBreak, Paragraph, Spacer, Table, TableStyle)

from dossier.errors import DossierError

SERIF, SANS, MONO = "DejaVuSerif", "DejaVuSans", "DejaVuSansMono"
INK = colors.HexColor("#1a1a1a")
ACCENT = colors.HexColor("#1f4e79")
RULE = colors.HexColor("#9a9a9a")
SHADE = colors.HexColor("#e8edf2")
SHORT_TABLE = 0.3  # of the frame's height


def font_dir() -> Path:
    """The DejaVu fonts matplotlib ships, found without importing matplotlib (it is slow)."""
    spec = importlib.util.find_spec("matplotlib")
    return Path(spec.submodule_search_locations[0]) / "mpl-data" / "fonts" / "ttf"


def register_fonts() -> None:
    """Embed DejaVu (the charts' font too) so that every glyph of any case is available."""
    if SERIF in pdfmetrics.getRegisteredFontNames():
        return
    folder = font_dir()
    files = {
        SERIF: "DejaVuSerif.ttf", f"{SERIF}-Bold": "DejaVuSerif-Bold.ttf",
        f"{SERIF}-Italic": "DejaVuSerif-Italic.ttf", f"{SERIF}-BoldItalic": "DejaVuSerif-BoldItalic.ttf",
        SANS: "DejaVuSans.ttf", f"{SANS}-Bold": "DejaVuSans-Bold.ttf",
        f"{SANS}-Oblique": "DejaVuSans-Oblique.ttf", f"{SANS}-BoldOblique": "DejaVuSans-BoldOblique.ttf",
        MONO: "DejaVuSansMono.ttf",
    }
    for name, file in files.items():
        pdfmetrics.registerFont(TTFont(name, str(folder / file)))
    pdfmetrics.registerFontFamily(SERIF, normal=SERIF, bold=f"{SERIF}-Bold", italic=f"{SERIF}-Italic",
                                  boldItalic=f"{SERIF}-BoldItalic")
    pdfmetrics.registerFontFamily(SANS, normal=SANS, bold=f"{SANS}-Bold", italic=f"{SANS}-Oblique",
                                  boldItalic=f"{SANS}-BoldOblique")
    pdfmetrics.registerFontFamily(MONO, normal=MONO, bold=MONO, italic=MONO, boldItalic=MONO)


def _styles() -> dict[str, ParagraphStyle]:
    body = ParagraphStyle("body", fontName=SERIF, fontSize=9.5, leading=13.2, textColor=INK,
                          spaceAfter=5, alignment=TA_LEFT)
    cell = ParagraphStyle("cell", parent=body, fontName=SANS, fontSize=7.6, leading=9.6, spaceAfter=0)
    return {
        "body": body,
        "small": ParagraphStyle("small", parent=body, fontSize=8, leading=10.5),
        "caption": ParagraphStyle("caption", parent=body, fontName=SANS, fontSize=7.8, leading=10,
                                  spaceBefore=2, spaceAfter=6, textColor=colors.HexColor("#333333")),
        "passage": ParagraphStyle("passage", parent=body, fontSize=8.4, leading=11, leftIndent=8,
                                  spaceAfter=1),
        "backrefs": ParagraphStyle("backrefs", parent=body, fontName=SANS, fontSize=7.4, leading=9.5,
                                   leftIndent=8, spaceAfter=6, textColor=colors.HexColor("#444444")),
        "warning": ParagraphStyle("warning", parent=body, fontName=f"{SANS}-Bold", fontSize=10,
                                  textColor=colors.HexColor("#8b0000")),
        "h1": ParagraphStyle("h1", fontName=f"{SANS}-Bold", fontSize=17, leading=21, textColor=ACCENT,
                             spaceBefore=0, spaceAfter=10, keepWithNext=1),
        "h2": ParagraphStyle("h2", fontName=f"{SANS}-Bold", fontSize=11.5, leading=14.5, textColor=ACCENT,
                             spaceBefore=10, spaceAfter=5, keepWithNext=1),
        "h3": ParagraphStyle("h3", fontName=f"{SANS}-Bold", fontSize=9.5, leading=12, textColor=INK,
                             spaceBefore=6, spaceAfter=3, keepWithNext=1),
        "cell": cell,
        "th": ParagraphStyle("th", parent=cell, fontName=f"{SANS}-Bold"),
        "cover-title": ParagraphStyle("cover-title", fontName=f"{SANS}-Bold", fontSize=28, leading=34,
                                      textColor=ACCENT, alignment=TA_CENTER, spaceAfter=12),
        "cover-subtitle": ParagraphStyle("cover-subtitle", fontName=SANS, fontSize=13, leading=17,
                                         alignment=TA_CENTER, textColor=INK),
        "cover-meta": ParagraphStyle("cover-meta", parent=body, fontSize=10.5, leading=15,
                                     alignment=TA_CENTER, spaceAfter=2),
        "cover-note": ParagraphStyle("cover-note", parent=body, fontSize=8.6, leading=11.5,
                                     leftIndent=30, rightIndent=30, textColor=colors.HexColor("#333333")),
        "toc1": ParagraphStyle("toc1", fontName=SANS, fontSize=10.5, leading=15, leftIndent=0,
                               firstLineIndent=0),
        "toc2": ParagraphStyle("toc2", fontName=SANS, fontSize=8.8, leading=12, leftIndent=16,
                               firstLineIndent=0, textColor=colors.HexColor("#333333")),
    }


class TextParagraph(Paragraph):
    """A paragraph that breaks its lines once per width until it is drawn.

    Its lines depend only on the width, yet ReportLab wraps a paragraph again and again as it
    fits tables and pages (more than half the wraps of a dossier repeat one): those reuse the
    lines already broken. Drawing may change the lines (right-to-left text is reversed in
    place), so a paragraph drawn again, as a table's repeated header is, breaks them anew.
    """

    def wrap(self, available_width, available_height):
        # ReportLab's split drops the lines when the paragraph must move whole: break them again.
        if available_width == getattr(self, "_wrapped_at", None) and hasattr(self, "blPara"):
            return self.width, self.height
        size = super().wrap(available_width, available_height)
        if size[0] == available_width:  # a width too narrow to break lines is not remembered
            self._wrapped_at = available_width
        return size

    def draw(self):
        super().draw()
        self.__dict__.pop("_wrapped_at", None)


class HeadingParagraph(TextParagraph):
    """A heading paragraph that knows its outline level, bookmark key and contents entry."""

    def __init__(self, text: str, style: ParagraphStyle, level: int, key: str, title: str, toc: bool):
        super().__init__(text, style)
        self.level, self.key, self.title, self.in_toc = level, key, title, toc


class Contents(Flowable):
    """The contents: clickable titles with dot leaders; page numbers are filled in at save time.

    Its size never depends on the page numbers, so one layout pass is enough: the numbers are
    drawn once every heading has landed (see `pdf`), like the "Page x of y" footer.
    """

    NUMBER_WIDTH = 28

    def __init__(self, entries: list[tuple[int, str, str]], styles: list[ParagraphStyle]):
        super().__init__()
        self.entries, self.styles = entries, styles
        self._lines: list[tuple[Paragraph, float, int, str]] = []

    def _paragraphs(self, width: float) -> list[tuple[Paragraph, float, int, str]]:
        lines = []
        for level, title, key in self.entries:
            style = self.styles[min(level, len(self.styles) - 1)]
            para = Paragraph(f'<a href="#{key}">{_escape(title)}</a>', style)
            para.title = title
            _, height = para.wrap(width - self.NUMBER_WIDTH, 10_000)
            lines.append((para, height + style.spaceBefore, level, key))
        return lines

    def wrap(self, available_width, available_height):
        self._lines = self._paragraphs(available_width)
        self.width = available_width
        return available_width, sum(h for _, h, _, _ in self._lines)

    def split(self, available_width, available_height):
        lines = self._lines or self._paragraphs(available_width)
        used, count = 0.0, 0
        for _, height, _, _ in lines:
            if used + height > available_height:
                break
            used, count = used + height, count + 1
        if count == 0:
            return []
        if count == len(lines):
            return [self]
        return [Contents(self.entries[:count], self.styles), Contents(self.entries[count:], self.styles)]

    def draw(self):
        canv = self.canv
        y = sum(h for _, h, _, _ in self._lines)
        for para, height, level, key in self._lines:
            style = para.style
            y -= height
            para.drawOn(canv, 0, y)
            baseline = y + style.fontSize * 0.25
            title_width = pdfmetrics.stringWidth(para.title, style.fontName, style.fontSize)
            right = self.width - self.NUMBER_WIDTH + 4
            if len(para.blPara.lines) == 1:  # dot leaders only after a title on one line
                leader = ". "
                step = pdfmetrics.stringWidth(leader, style.fontName, style.fontSize * 0.8)
                count = int((right - style.leftIndent - title_width - 6) / step)
                canv.saveState()
                canv.setFont(style.fontName, style.fontSize * 0.8)
                canv.setFillColor(RULE)
                canv.drawRightString(right, baseline, leader * max(count, 0))
                canv.restoreState()
            canv.defer_page_number(key, self.width, baseline, style.fontName, style.fontSize)
            canv.linkRect("", key, (0, y, self.width, y + height), relative=1, thickness=0)


class BackReferences(Flowable):
    """'Cited on page 4, 9': the pages on which a passage's citation markers landed.

    The appendix comes after every marker, so when it is laid out every marker is on its page
    already; `pdf` checks after the build that nothing changed what this showed.
    """

    def __init__(self, passage: str, labels: tuple[str, str, str], index, style: ParagraphStyle):
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
            links = ", ".join(f'<a href="#{key}" color="#1f4e79">{page}</a>' for page, key in places)
            text = f"{_escape(one if len(places) == 1 else many)} {links}"
        else:
            text = _escape(none)
        return Paragraph(text, self.style)

    def wrap(self, available_width, available_height):
        self._para = self._paragraph()
        return self._para.wrap(available_width, available_height)

    def draw(self):
        self._para.drawOn(self.canv, 0, 0)


class PngXObject(pdfdoc.PDFImageXObject):
    """An 8-bit RGB PNG embedded as it is: its compressed rows become the image stream.

    PDF reads PNG-compressed rows natively (FlateDecode with a PNG predictor), so the chart is
    neither decoded nor compressed again at every build, which is most of what images cost.
    """

    def __init__(self, name: str, png: PngData):
        self.name, self.png = name, png
        self.mask = None

    def format(self, document):
        stream = pdfdoc.PDFStream(content=self.png.rows)
        entries = stream.dictionary
        entries["Type"] = pdfdoc.PDFName("XObject")
        entries["Subtype"] = pdfdoc.PDFName("Image")
        entries["Width"], entries["Height"] = self.png.width, self.png.height
        entries["BitsPerComponent"] = 8
        entries["ColorSpace"] = pdfdoc.PDFName("DeviceRGB")
        entries["Filter"] = pdfdoc.PDFName("FlateDecode")
        entries["DecodeParms"] = pdfdoc.PDFDictionary(
            {"Predictor": 15, "Colors": 3, "BitsPerComponent": 8, "Columns": self.png.width})
        entries["Length"] = len(self.png.rows)
        return stream.format(document)


class PngData:
    """The size and compressed rows of a non-interlaced 8-bit RGB PNG (what charts writes)."""

    def __init__(self, path: Path):
        data = path.read_bytes()
        if data[:8] != b"\x89PNG\r\n\x1a\n":
            raise DossierError(f"{path} is not a PNG file; delete it so the chart is drawn again",
                               path, 0, "chart")
        position, rows = 8, []
        while position < len(data):
            length, kind = struct.unpack(">I4s", data[position:position + 8])
            body = data[position + 8:position + 8 + length]
            if kind == b"IHDR":
                self.width, self.height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", body)
                if (depth, colour, interlace) != (8, 2, 0):
                    raise DossierError(f"{path} is not an 8-bit RGB PNG; delete it so the chart is "
                                       "drawn again", path, 0, "chart")
            elif kind == b"IDAT":
                rows.append(body)
            position += 12 + length
        self.rows = b"".join(rows)
        self.digest = hashlib.sha256(data).hexdigest()[:20]


class WholeIfShortTable(Table):
    """A table that moves whole to the next page when it is short, and splits when it is tall.

    A short table split leaves a lone row on the next page, which reads as lost; a tall one
    splits with its header repeated rather than leave half a page empty.
    """

    def __init__(self, *args, short: float = 0.0, **kwargs):  # split parts: 0, split freely
        super().__init__(*args, **kwargs)
        self.short = short

    def split(self, available_width, available_height):
        if self._height < self.short:  # measured by the wrap that found it does not fit
            return []
        return super().split(available_width, available_height)


class ChartImage(Flowable):
    """A chart at the frame's width, placed as a form whose image is added when the PDF is saved.

    Its size is known from the chart's data, so the page can be laid out while the chart is
    still being drawn (see `charts.ChartJob`).
    """

    def __init__(self, chart_id: str, pixels: tuple[int, int], width: float):
        super().__init__()
        self.chart_id = chart_id
        self.width, self.height = width, width * pixels[1] / pixels[0]

    def wrap(self, available_width, available_height):
        return self.width, self.height

    def draw(self):
        self.canv.saveState()
        self.canv.scale(self.width, self.height)
        self.canv.doForm(chart_form(self.chart_id))
        self.canv.restoreState()


def chart_form(chart_id: str) -> str:
    return f"chart-{chart_id}"


def define_chart_form(canv, chart_id: str, path: Path) -> None:
    """Define a chart's form: its PNG, embedded without re-encoding, filling the unit square."""
    png = PngData(path)
    name = f"chart{png.digest}"
    canv.beginForm(chart_form(chart_id), lowerx=0, lowery=0, upperx=1, uppery=1)
    registered = canv._doc.getXObjectName(name)
    if registered not in canv._doc.idToObject:
        image = PngXObject(name, png)
        canv._doc.Reference(image, registered)
        canv._doc.addForm(name, image)
    canv._code.append(f"/{registered} Do")
    canv._formsinuse.append(name)  # lists the image in the form's resources
    canv.endForm()


class Layout:
    """Builds the story of flowables from section markup."""

    def __init__(self, charts: dict[str, tuple[int, int]], citation_index, frame_width: float,
                 frame_height: float):
        register_fonts()
        self.styles = _styles()
        self.charts = charts
        self.citation_index = citation_index
        self.width, self.frame_height = frame_width, frame_height
        self.toc_entries: list[tuple[int, str, str]] = []
        self.toc = Contents(self.toc_entries, [self.styles["toc1"], self.styles["toc2"]])

    def story(self, sections: list[tuple[str, str]]) -> list[Flowable]:
        story: list[Flowable] = []
        for index, (name, markup) in enumerate(sections):
            try:
                root = ET.fromstring(markup)
            except ET.ParseError as exc:
                raise DossierError(f"template {name}.xml.j2 wrote markup that is not well-formed XML "
                                   f"({exc}); check the tags it writes", Path(f"templates/{name}.xml.j2"),
                                   exc.position[0], "template") from None
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
            flowables += self.block(element, key)
        return flowables

    def heading(self, title: str, level: int, key: str, toc: bool = True) -> HeadingParagraph:
        style = self.styles[("h1", "h2", "h3")[level]]
        if toc and level < 2:
            self.toc_entries.append((level, title, key))
        return HeadingParagraph(_escape(title), style, level, key, title, toc and level < 2)

    def block(self, element: ET.Element, section_key: str) -> list[Flowable]:
        tag = element.tag
        if tag in ("h2", "h3"):
            level = 1 if tag == "h2" else 2
            key = element.get("key") or f"{section_key}-{len(self.toc_entries)}-{_slug(element.text or '')}"
            return [CondPageBreak(40 * mm) if tag == "h2" else Spacer(0, 0),
                    self.heading("".join(element.itertext()), level, key)]
        if tag == "p":
            return [TextParagraph(_inner(element), self.styles[element.get("style", "body")])]
        if tag == "ul":
            items = [ListItem(TextParagraph(_inner(li), self.styles["body"]), leftIndent=12)
                     for li in element]
            return [ListFlowable(items, bulletType="bullet", start="•", leftIndent=12,
                                 bulletFontName=SERIF, bulletFontSize=8)]
        if tag == "table":
            return [self.table(element)]
        if tag == "chart":
            return [self.chart(element.get("ref"))]
        if tag == "toc":
            return [self.toc]
        if tag == "backrefs":
            labels = (element.get("one", ""), element.get("many", ""), element.get("none", ""))
            return [BackReferences(element.get("passage"), labels, self.citation_index,
                                   self.styles["backrefs"])]
        if tag == "keep":
            return [KeepTogether([f for child in element for f in self.block(child, section_key)])]
        if tag == "spacer":
            return [Spacer(0, float(element.get("h", "12")))]
        if tag == "pagebreak":
            return [PageBreak()]
        raise DossierError(f"templates wrote an unknown block <{tag}>; use one of: h2, h3, p, ul, "
                           "table, chart, toc, backrefs, keep, spacer, pagebreak", Path("templates"), 0, "template")

    def table(self, element: ET.Element) -> Table:
        widths = [float(w) for w in element.get("widths", "").split(",") if w]
        rows, header_rows = [], 0
        for tr in element:
            cells = []
            for cell in tr:
                style = self.styles["th" if cell.tag == "th" else "cell"]
                cells.append(TextParagraph(_inner(cell), style))
            if all(cell.tag == "th" for cell in tr):
                header_rows += 1
            rows.append(cells)
        col_widths = [self.width * w / sum(widths) for w in widths] if widths else None
        plain = element.get("style") == "plain"
        commands = [("FONT", (0, 0), (-1, -1), SANS, 7.6), ("VALIGN", (0, 0), (-1, -1), "TOP"),
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
        if pixels is None:
            raise DossierError(f"the templates place chart '{ref}', which the case does not declare "
                               "in charts.yaml", Path("templates"), 0, "template")
        return ChartImage(ref, pixels, self.width)


def _inner(element: ET.Element) -> str:
    """The inline markup inside an element, as ReportLab's paragraph parser reads it."""
    text = _escape(element.text or "")
    for child in element:
        text += ET.tostring(child, encoding="unicode")
    return text.strip()


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _slug(text: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in text.lower())[:30]
