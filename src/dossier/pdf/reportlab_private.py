"""Every use of ReportLab beyond its public API, in one place.

ReportLab documents its platypus and canvas API; what is below reaches into attributes and
classes it may change in any release. Each use says why the public API does not serve. They
were verified with ReportLab 4.0.9 to 5.1.0 (the range pyproject.toml allows): the test suite
builds and reads back a dossier with each, and a build that no longer works fails it.
"""

from __future__ import annotations

import calendar
import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from reportlab.pdfbase import pdfdoc
from reportlab.platypus import Flowable

if TYPE_CHECKING:
    from collections.abc import Iterable

    from reportlab.pdfgen.canvas import Canvas
    from reportlab.platypus import Paragraph, Table

    from dossier.case.values import PartialDate
    from dossier.pdf.images import PngData


def has_broken_lines(paragraph: Paragraph) -> bool:
    """Whether a paragraph still holds the lines its last wrap broke.

    ReportLab keeps them in `blPara` and drops them when a split moves the paragraph whole;
    there is no public way to ask.
    """
    return hasattr(paragraph, "blPara")


def line_count(paragraph: Paragraph) -> int:
    """How many lines a wrapped paragraph has (its broken lines, `blPara`)."""
    return len(paragraph.blPara.lines)


def table_height(table: Table) -> float:
    """The height a table found when it was last wrapped (`_height`; `wrap` returns it too, but
    `split` is called without a wrap of its own)."""
    return float(table._height)


class KeptFlowables(Flowable):
    """Flowables kept together, as a document's `keepTogetherClass` must hold them.

    The document makes one of the class for each run of flowables marked keepWithNext and the
    flowable after them, then clears keepWithNext on all but the last, reading them from the
    instance's `_content` (BaseDocTemplate.handle_keepWithNext); no public API names it.
    """

    def __init__(self, flowables: Iterable[Flowable]):
        super().__init__()
        self._content = list(flowables)

    @property
    def content(self) -> list[Flowable]:
        return self._content


def embed_png_form(canv: Canvas, form_name: str, png: PngData) -> None:
    """Define a form that draws a PNG's rows, embedded as they are, filling the unit square.

    `drawImage` decodes an image and compresses it again at every build. PDF reads
    PNG-compressed rows natively (FlateDecode with a PNG predictor), so the file's rows become
    the image stream: that needs ReportLab's document object (`canv._doc`), its content
    stream (`_code`) and the list of forms the current form uses (`_formsinuse`).
    """
    name = f"chart{png.digest}"
    canv.beginForm(form_name, lowerx=0, lowery=0, upperx=1, uppery=1)
    document = canv._doc
    registered = document.getXObjectName(name)
    if registered not in document.idToObject:
        image = _PngXObject(name, png)
        document.Reference(image, registered)
        document.addForm(name, image)
    canv._code.append(f"/{registered} Do")
    canv._formsinuse.append(name)  # lists the image in the form's resources
    canv.endForm()


class _PngXObject(pdfdoc.PDFImageXObject):
    """An 8-bit RGB PNG's compressed rows as an image XObject (ReportLab's `pdfdoc` layer)."""

    def __init__(self, name: str, png: PngData):
        self.name, self.png = name, png
        self.mask = None

    def format(self, document: pdfdoc.PDFDocument) -> bytes:
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


@contextmanager
def pinned_date(compiled: PartialDate) -> Iterator[None]:
    """The PDF's dates (and its /ID, which ReportLab seeds from them) are the case's compilation
    date, never the clock or the caller's environment.

    ReportLab reads SOURCE_DATE_EPOCH from the environment when a document is created, and it
    overrides the invariant date. `Canvas.setDateFormatter` changes only how the date is written,
    not the time stamp that seeds the /ID, and an inherited variable would still change the
    bytes; so the variable is set for the build and restored after it.
    """
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
