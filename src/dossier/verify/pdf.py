"""Read a written PDF back and check what its reader relies on, from the file alone.

Input: PDF bytes. Output: a list of problems (empty when the PDF is sound). `build` runs this on
every PDF before putting it in place, and the tests run the same checks: every font embedded,
every internal link and citation marker resolving, the outline pointing where the manifest the
PDF carries says its headings are, the page count it states, the document metadata present.
Nothing comes from the build's memory, so any copy of a dossier can be checked the same way.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import cast

from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

from dossier.manifest import ATTACHMENT, Manifest, page_digests


@dataclass(frozen=True, kw_only=True)
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
    attachments: dict[str, bytes]  # embedded file name -> its content


def read_pdf(data: bytes) -> PdfFacts:
    reader = PdfReader(io.BytesIO(data))
    page_index = {getattr(page.indirect_reference, "idnum", -1): i for i, page in enumerate(reader.pages)}
    direct_links: list[tuple[int, int]] = []
    destinations: dict[str, int] = {}
    for name, dest in reader.named_destinations.items():
        target = reader.get_destination_page_number(dest)
        destinations[str(name)] = -1 if target is None else target
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
    language = cast(DictionaryObject, reader.trailer["/Root"].get_object()).get("/Lang")
    attachments = {str(name): contents[0] for name, contents in reader.attachments.items()}
    return PdfFacts(pages=len(reader.pages), fonts=fonts, destinations=destinations, links=links,
                    direct_links=direct_links, outline=outline, metadata=metadata,
                    language=str(language) if language else None, attachments=attachments)


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
            page = reader.get_destination_page_number(item)
            out.append((level, str(item.title), -1 if page is None else page))  # -1: a page removed


def verify_pdf(data: bytes, manifest: Manifest | None = None, carries_manifest: bool = True,
               facts: PdfFacts | None = None) -> list[str]:
    """Every problem a reader of this PDF would meet; empty when there is none.

    The pages and headings are checked against the manifest the PDF carries, or against
    `manifest` for a PDF that may carry no attachment; an exhibit (`carries_manifest` False,
    no manifest given) has no headings to check against.
    """
    facts = facts or read_pdf(data)  # what the caller read already, or read now
    problems: list[str] = []
    if manifest is None and carries_manifest:
        manifest = _manifest(facts, problems)
    if manifest is not None:
        written = [(level, title, page + 1) for level, title, page in facts.outline]
        expected = [(h.level, h.title, h.page) for h in manifest.headings]
        if written != expected:
            wrong = [f"{t} (page {p}, outline says {w})"
                     for (_, t, p), (_, _, w) in zip(expected, written) if p != w]
            problems.append(f"the outline does not point where the headings are: "
                            f"{'; '.join(wrong[:5]) or f'{len(written)} entries, {len(expected)} headings'}")
        if facts.pages != manifest.pages:
            problems.append(f"{facts.pages} pages written, {manifest.pages} laid out")
        if manifest.page_digests:
            changed = [n for n, (found, built) in enumerate(zip(page_digests(data), manifest.page_digests), 1)
                       if found != built]
            if changed:
                problems.append(f"the content of page{'s' if len(changed) > 1 else ''} "
                                f"{', '.join(map(str, changed[:10]))} is not what was built: "
                                "its text, images or fonts were changed")
    broken = sorted({page + 1 for page, target in facts.direct_links if target < 0})
    if broken:
        problems.append(f"links to no page on pages {', '.join(map(str, broken[:10]))}")
    unembedded = sorted(name for name, ok in facts.fonts.items() if not ok)
    if unembedded:
        problems.append(f"fonts not embedded: {', '.join(unembedded)}")
    dangling = sorted({name for _, name in facts.links if name not in facts.destinations})
    if dangling:
        problems.append(f"links to missing destinations: {', '.join(dangling[:10])}")
    for key in ("/Title", "/Author", "/Subject", "/Keywords"):
        if not facts.metadata.get(key):
            problems.append(f"metadata {key[1:]} is empty")
    if not facts.language:
        problems.append("the document language (/Lang) is not set")
    if not facts.outline:
        problems.append("the PDF has no outline (bookmarks)")
    return problems


def _manifest(facts: PdfFacts, problems: list[str]) -> Manifest | None:
    """The manifest the PDF carries, or None with the reason among the problems."""
    if ATTACHMENT not in facts.attachments:
        problems.append(f"it carries no {ATTACHMENT}: it is not a dossier, or was changed after it was built")
        return None
    try:
        return Manifest.from_json(facts.attachments[ATTACHMENT])
    except ValueError as exc:
        problems.append(str(exc))
        return None
