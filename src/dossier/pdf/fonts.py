"""The fonts of the dossier: the DejaVu family matplotlib ships, embedded in every PDF.

Charts use the same files, so that text and charts match and any script DejaVu covers prints.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from dossier.errors import DossierError

# No monospaced face: ReportLab's subset of DejaVuSansMono gives glyph widths that disagree with
# the font dictionary's (the PDF/A validator refuses it), so hashes are set in DejaVuSans.
SERIF, SANS = "DejaVuSerif", "DejaVuSans"


def font_dir() -> Path:
    """The DejaVu fonts matplotlib ships, found without importing matplotlib (it is slow)."""
    spec = importlib.util.find_spec("matplotlib")
    if spec is None or not spec.submodule_search_locations:
        raise DossierError("matplotlib is not installed, and its DejaVu fonts are the dossier's; "
                           "install dossier with pip, which brings it")
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
    }
    for name, file in files.items():
        pdfmetrics.registerFont(TTFont(name, str(folder / file)))
    pdfmetrics.registerFontFamily(SERIF, normal=SERIF, bold=f"{SERIF}-Bold", italic=f"{SERIF}-Italic",
                                  boldItalic=f"{SERIF}-BoldItalic")
    pdfmetrics.registerFontFamily(SANS, normal=SANS, bold=f"{SANS}-Bold", italic=f"{SANS}-Oblique",
                                  boldItalic=f"{SANS}-BoldOblique")
