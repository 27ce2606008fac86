"""Charts in the PDF: each chart's print PNG, embedded as it is, in a form placed on its page.

A chart is placed on its page as a form whose image is defined when the PDF is saved, so the
pages can be laid out while the chart is still being drawn (see `charts.job`).
"""

from __future__ import annotations

import hashlib
import struct
from pathlib import Path
from typing import TYPE_CHECKING

from dossier.errors import DossierError
from dossier.pdf.reportlab_private import embed_png_form

if TYPE_CHECKING:
    from reportlab.pdfgen.canvas import Canvas


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


def chart_form(chart_id: str) -> str:
    """The name of the form a chart is drawn in."""
    return f"chart-{chart_id}"


def define_chart_form(canv: Canvas, chart_id: str, path: Path) -> None:
    """Define a chart's form: its PNG, embedded without re-encoding, filling the unit square."""
    embed_png_form(canv, chart_form(chart_id), PngData(path))
