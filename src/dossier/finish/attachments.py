"""Publish what the layout knows inside the PDF: embedded files, and named destinations.

One incremental update after the PDF's last byte adds the catalog's /Names dictionary with
- /EmbeddedFiles: the dossier's manifest (so that `verify` can check any copy of the PDF from
  the file alone), which every reader shows as an attachment and `pdfdetach` extracts;
- /Dests: a named destination for every quoted passage of the source appendix (S2-14), so that a
  reader, or a link from another document (`dossier.pdf#S2-14`), opens the PDF at the passage.
"""

from __future__ import annotations

import functools

from dossier.finish.chain import FinishingStep
from dossier.finish.increment import IncrementalUpdate, pdf_string
from dossier.manifest import ATTACHMENT, Manifest

Destination = tuple[int, float, float]  # 1-based page, left, top


def publish_step(manifest: Manifest | None, destinations: dict[str, Destination]) -> FinishingStep:
    """The finishing step that embeds this manifest (none: for a recipient that refuses
    attachments) and names these destinations."""
    if manifest is None:
        return FinishingStep("name the passages", functools.partial(
            publish, files=(), destinations=tuple(sorted(destinations.items()))))
    return FinishingStep("embed the manifest, with a digest of every page, and name the passages",
                         functools.partial(publish_with_manifest, manifest=manifest,
                                           destinations=tuple(sorted(destinations.items()))))


def publish_with_manifest(data: bytes, manifest: Manifest,
                          destinations: tuple[tuple[str, Destination], ...]) -> bytes:
    """The PDF with its manifest embedded, the manifest recording a digest of each page as laid
    out (so that `verify` can tell a page changed afterwards), and the destinations named."""
    from dataclasses import replace

    from dossier.manifest import page_digests
    recorded = replace(manifest, page_digests=page_digests(data))
    return publish(data, ((ATTACHMENT, "application/json", recorded.to_json()),), destinations)


def publish(data: bytes, files: tuple[tuple[str, str, bytes], ...],
            destinations: tuple[tuple[str, Destination], ...] = ()) -> bytes:
    """The PDF with these (name, MIME type, content) files embedded and destinations named."""
    update = IncrementalUpdate(data)
    names = []
    for name, mime, content in files:
        stream = update.add(b"<< /Type /EmbeddedFile /Subtype /%s /Params << /Size %d >> "
                            b"/Length %d >>\nstream\n%s\nendstream"
                            % (_name(mime), len(content), len(content), content))
        spec = update.add(b"<< /Type /Filespec /F %s /UF %s /EF << /F %d 0 R /UF %d 0 R >> >>"
                          % (pdf_string(name), pdf_string(name), stream, stream))
        names.append((pdf_string(name), b"%d 0 R" % spec))
    trees = []
    if names:
        trees.append(b"/EmbeddedFiles %d 0 R" % update.add(_name_tree(names)))
    if destinations:
        pages = update.pages()
        trees.append(b"/Dests %d 0 R" % update.add(_name_tree(
            [(pdf_string(key), b"[%d 0 R /XYZ %.2f %.2f 0]" % (pages[page - 1], left, top))
             for key, (page, left, top) in destinations])))
    if trees:
        update.add_to_catalog(b"/Names", b"<< " + b" ".join(trees) + b" >>")
    return update.to_bytes()


def _name_tree(entries: list[tuple[bytes, bytes]]) -> bytes:
    """A name tree of one node; its keys in byte order, as PDF readers search them."""
    return b"<< /Names [%s] >>" % b" ".join(key + b" " + value for key, value in sorted(entries))


def _name(text: str) -> bytes:
    """A PDF name for text: "application/json" is /application#2Fjson."""
    return "".join(c if c.isalnum() or c in "-." else f"#{ord(c):02X}" for c in text).encode("ascii")
