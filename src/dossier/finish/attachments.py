"""Embed files in a finished PDF, as an incremental update after its last byte.

Today this embeds the dossier's manifest, so that `verify` can check any copy of the PDF from
the file alone. The embedded files are listed in the catalog's /EmbeddedFiles name tree, where
every PDF reader shows them as attachments and `pdfdetach` extracts them.
"""

from __future__ import annotations

import functools

from dossier.finish.chain import FinishingStep
from dossier.finish.increment import IncrementalUpdate, pdf_string
from dossier.manifest import ATTACHMENT, Manifest


def manifest_step(manifest: Manifest) -> FinishingStep:
    """The finishing step that embeds this manifest."""
    return FinishingStep("embed the manifest", functools.partial(
        embed_files, files=((ATTACHMENT, "application/json", manifest.to_json()),)))


def embed_files(data: bytes, files: tuple[tuple[str, str, bytes], ...]) -> bytes:
    """The PDF with these (name, MIME type, content) files embedded, in this order."""
    update = IncrementalUpdate(data)
    names = []
    for name, mime, content in files:
        stream = update.add(b"<< /Type /EmbeddedFile /Subtype /%s /Params << /Size %d >> "
                            b"/Length %d >>\nstream\n%s\nendstream"
                            % (_name(mime), len(content), len(content), content))
        spec = update.add(b"<< /Type /Filespec /F %s /UF %s /EF << /F %d 0 R /UF %d 0 R >> >>"
                          % (pdf_string(name), pdf_string(name), stream, stream))
        names.append(b"%s %d 0 R" % (pdf_string(name), spec))
    # A name tree's keys are in byte order of the names.
    tree = update.add(b"<< /Names [%s] >>" % b" ".join(sorted(names)))
    update.add_to_catalog(b"/Names", b"<< /EmbeddedFiles %d 0 R >>" % tree)
    return update.to_bytes()


def _name(text: str) -> bytes:
    """A PDF name for text: "application/json" is /application#2Fjson."""
    return "".join(c if c.isalnum() or c in "-." else f"#{ord(c):02X}" for c in text).encode("ascii")
