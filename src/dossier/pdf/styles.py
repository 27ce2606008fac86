"""How the dossier looks: its colours and paragraph styles, in one place."""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.styles import ParagraphStyle

from dossier.pdf.fonts import SANS, SERIF
from dossier.render.markup import ACCENT as ACCENT_HEX

INK = colors.HexColor("#1a1a1a")
ACCENT = colors.HexColor(ACCENT_HEX)  # headings and links
RULE = colors.HexColor("#9a9a9a")
SHADE = colors.HexColor("#e8edf2")
CELL_FONT = (SANS, 8.5)  # table cells: also the table's own font, so that none falls back to Helvetica


def paragraph_styles() -> dict[str, ParagraphStyle]:
    body = ParagraphStyle("body", fontName=SERIF, fontSize=9.5, leading=13.2, textColor=INK,
                          spaceAfter=5, alignment=TA_LEFT)
    # Nothing a reader must read is smaller than 8.5 pt (a printed copy, a court's photocopy);
    # only the page furniture and the appendix's "Cited on pages" lines are smaller.
    cell = ParagraphStyle("cell", parent=body, fontName=CELL_FONT[0], fontSize=CELL_FONT[1], leading=10.7,
                          spaceAfter=0)
    return {
        "body": body,
        "small": ParagraphStyle("small", parent=body, fontSize=8.5, leading=11.2),
        "caption": ParagraphStyle("caption", parent=body, fontName=SANS, fontSize=8.5, leading=10.9,
                                  spaceBefore=2, spaceAfter=6, textColor=colors.HexColor("#333333")),
        "item": ParagraphStyle("item", parent=body, leftIndent=12, bulletIndent=0, bulletFontName=SERIF,
                               bulletFontSize=8.5),
        "passage": ParagraphStyle("passage", parent=body, fontSize=8.5, leading=11.1, leftIndent=8,
                                  spaceAfter=1),
        # A line of a source reproduced as an exhibit: its number first, wrapped lines indented.
        "sourceline": ParagraphStyle("sourceline", parent=body, fontName=SANS, fontSize=8.5, leading=11,
                                     leftIndent=24, firstLineIndent=-24, spaceAfter=2),
        "backrefs": ParagraphStyle("backrefs", parent=body, fontName=SANS, fontSize=8, leading=10.3,
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
