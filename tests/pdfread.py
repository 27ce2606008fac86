"""Read a built PDF the way its reader would: text per page, contents entries, page images."""

from __future__ import annotations

import re
from pathlib import Path

from pypdf import PdfReader


def page_texts(path: Path) -> list[str]:
    """The text of each page, with runs of whitespace made single spaces."""
    return [re.sub(r"\s+", " ", page.extract_text()) for page in PdfReader(path).pages]


def contents_entries(path: Path) -> list[tuple[str, int]]:
    """(title, page number) of each line of the contents, in the order they are drawn.

    Each line is drawn as its title, its dot leader, then its page number.
    """
    entries: list[tuple[str, int]] = []
    for page in PdfReader(path).pages:
        fragments: list[str] = []
        page.extract_text(visitor_text=lambda text, *_: fragments.append(text.strip()))
        fragments = [f for f in fragments if f and not re.fullmatch(r"[. ]+", f)]
        if "Contents" not in fragments[:3]:  # the running header, then the heading
            if entries:
                break
            continue
        title = None
        for fragment in fragments[fragments.index("Contents") + 1:]:
            if re.fullmatch(r"\d+", fragment) and title:
                entries.append((title, int(fragment)))
                title = None
            elif not re.match(r"Page \d+ of \d+$", fragment) and "·" not in fragment:
                title = fragment
    return entries


def render_page(path: Path, index: int, dpi: int = 50):
    """One page as an RGB image (pypdfium2, installed with the test extra)."""
    import pypdfium2

    document = pypdfium2.PdfDocument(str(path))
    try:
        return document[index].render(scale=dpi / 72).to_pil().convert("RGB")
    finally:
        document.close()


def links_to_destinations(path: Path) -> list[tuple[int, str]]:
    """(1-based page, destination name) of every internal link that lands on a named destination.

    ReportLab writes a link's target as an explicit page and position, so each link is matched to
    the named destination at that place (positions rounded to a hundredth of a point).
    """
    reader = PdfReader(path)
    page_of = {page.indirect_reference.idnum: number for number, page in enumerate(reader.pages, 1)}
    named = {(reader.get_destination_page_number(dest) + 1, round(float(dest.left), 2),
              round(float(dest.top), 2)): str(name) for name, dest in reader.named_destinations.items()}
    found = []
    for number, page in enumerate(reader.pages, 1):
        for annotation in page.get("/Annots", []) or []:
            annotation = annotation.get_object()
            target = annotation.get("/Dest")
            if annotation.get("/Subtype") != "/Link" or target is None or len(target) < 4:
                continue
            place = (page_of.get(target[0].idnum, -1), round(float(target[2]), 2), round(float(target[3]), 2))
            if place in named:
                found.append((number, named[place]))
    return found


def replace_attachment(data: bytes, name: str, content: bytes) -> bytes:
    """The PDF with one embedded file's content replaced, as someone tampering with a copy would."""
    import io

    import pikepdf
    pdf = pikepdf.open(io.BytesIO(data))
    spec = pdf.attachments[name]
    pdf.attachments[name] = pikepdf.AttachedFileSpec(pdf, content, filename=name,
                                                     mime_type=spec.get_file().mime_type)
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()
