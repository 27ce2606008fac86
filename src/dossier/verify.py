"""Read a written PDF back and check what its reader relies on.

Input: PDF bytes. Output: a list of problems (empty when the PDF is sound). `build` runs this on
every PDF before putting it in place, and the tests run the same checks: every font embedded,
every internal link and citation marker resolving, the outline pointing at real pages, the
document metadata present.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject


@dataclass(frozen=True)
class PdfFacts:
    """What was read back from the PDF."""

    pages: int
    fonts: dict[str, bool]  # base font name -> embedded
    destinations: dict[str, int]  # named destination -> 0-based page index
    links: list[tuple[int, str]]  # (0-based page, destination name) of each named internal link
    direct_links: list[tuple[int, int]]  # (0-based page, 0-based target page) of each direct link
    outline: list[tuple[int, str, int]]  # (level, title, 0-based page)
    metadata: dict[str, str]
    language: str | None


def read_pdf(data: bytes) -> PdfFacts:
    reader = PdfReader(io.BytesIO(data))
    page_index = {page.indirect_reference.idnum: i for i, page in enumerate(reader.pages)}
    direct_links: list[tuple[int, int]] = []
    destinations = {}
    for name, dest in reader.named_destinations.items():
        destinations[str(name)] = reader.get_destination_page_number(dest)
    fonts: dict[str, bool] = {}
    links: list[tuple[int, str]] = []
    for number, page in enumerate(reader.pages):
        _collect_fonts(page.get("/Resources"), fonts, set())
        for annotation in page.get("/Annots", []) or []:
            annotation = annotation.get_object()
            if annotation.get("/Subtype") != "/Link":
                continue
            target = annotation.get("/Dest")
            action = annotation.get("/A")
            if target is None and action is not None and action.get_object().get("/S") == "/GoTo":
                target = action.get_object().get("/D")
            if isinstance(target, ArrayObject):
                page_ref = target[0]
                direct_links.append((number, page_index.get(getattr(page_ref, "idnum", -1), -1)))
            elif target is not None:
                links.append((number, str(target)))
    outline: list[tuple[int, str, int]] = []
    _walk_outline(reader, reader.outline, 0, outline)
    metadata = {k: str(v) for k, v in (reader.metadata or {}).items()}
    language = reader.trailer["/Root"].get("/Lang")
    return PdfFacts(len(reader.pages), fonts, destinations, links, direct_links, outline, metadata,
                    str(language) if language else None)


def _collect_fonts(resources, fonts: dict[str, bool], seen: set[int]) -> None:
    if resources is None:
        return
    resources = resources.get_object()
    for font in (resources.get("/Font") or {}).values():
        font = font.get_object()
        name = str(font.get("/BaseFont", "?"))
        fonts[name] = fonts.get(name, True) and _embedded(font)
    for xobject in (resources.get("/XObject") or {}).values():
        ref = xobject.idnum if isinstance(xobject, IndirectObject) else id(xobject)
        if ref in seen:
            continue
        seen.add(ref)
        xobject = xobject.get_object()
        if xobject.get("/Subtype") == "/Form":
            _collect_fonts(xobject.get("/Resources"), fonts, seen)


def _embedded(font: DictionaryObject) -> bool:
    if font.get("/Subtype") == "/Type0":
        return all(_embedded(d.get_object()) for d in font.get("/DescendantFonts", []))
    if font.get("/Subtype") == "/Type3":
        return True  # glyphs are drawn by the font's own content streams
    descriptor = font.get("/FontDescriptor")
    if descriptor is None:
        return False
    descriptor = descriptor.get_object()
    return any(NameObject(k) in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))


def _walk_outline(reader: PdfReader, items, level: int, out: list) -> None:
    for item in items:
        if isinstance(item, list):
            _walk_outline(reader, item, level + 1, out)
        else:
            out.append((level, str(item.title), reader.get_destination_page_number(item)))


def verify_pdf(data: bytes, expected_pages: int | None = None,
               heading_pages: list[tuple[str, int]] | None = None) -> list[str]:
    """Every problem a reader of this PDF would meet; empty when there is none.

    heading_pages, (title, 1-based page) as the layout placed them, is compared with where the
    outline of the written file points.
    """
    facts = read_pdf(data)
    problems = []
    broken = sorted({page + 1 for page, target in facts.direct_links if target < 0})
    if broken:
        problems.append(f"links to no page on pages {', '.join(map(str, broken[:10]))}")
    if heading_pages is not None:
        written = [(title, page + 1) for _, title, page in facts.outline]
        if written != list(heading_pages):
            wrong = [f"{t} (page {p}, outline says {w})" for (t, p), (_, w) in zip(heading_pages, written) if p != w]
            problems.append(f"the outline does not point where the headings are: {'; '.join(wrong[:5])}")
    unembedded = sorted(name for name, ok in facts.fonts.items() if not ok)
    if unembedded:
        problems.append(f"fonts not embedded: {', '.join(unembedded)}")
    dangling = sorted({name for _, name in facts.links if name not in facts.destinations})
    if dangling:
        problems.append(f"links to missing destinations: {', '.join(dangling[:10])}")
    if expected_pages is not None and facts.pages != expected_pages:
        problems.append(f"{facts.pages} pages written, {expected_pages} laid out")
    for key in ("/Title", "/Author", "/Subject", "/Keywords"):
        if not facts.metadata.get(key):
            problems.append(f"metadata {key[1:]} is empty")
    if not facts.language:
        problems.append("the document language (/Lang) is not set")
    if not facts.outline:
        problems.append("the PDF has no outline (bookmarks)")
    return problems
