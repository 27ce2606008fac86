"""`dossier verify`: check a copy of a dossier offline, from the file alone.

What a court clerk, or a reader years later, can rely on without the case folder or the tool's
build: the originals inside the PDF are the ones the dossier was built from (each re-hashed,
against the manifest and against the hash printed in the source appendix), every quoted
passage stands in its original at the recorded place, the file declares and passes PDF/A-3b,
and its structure is sound (fonts, links, bookmarks, pages; see `verify.pdf`). Each check gives
one line; the verdict passes only if every check passes.
"""

from __future__ import annotations

import hashlib
import io
import logging
import re
from dataclasses import dataclass

from dossier.manifest import ATTACHMENT, TEXT_READER, Manifest
from dossier.verify.pdf import PdfFacts, read_pdf, verify_pdf


@dataclass(frozen=True)
class Check:
    """One thing verified: what was checked, and what failed (nothing when it passed)."""

    what: str
    failures: tuple[str, ...] = ()

    @property
    def passed(self) -> bool:
        return not self.failures


@dataclass(frozen=True)
class Verdict:
    """What `verify` found in one file; `dossier` is None when the file is not a dossier."""

    dossier: str | None  # "case juliaca-2023, edition en-a4, 58 pages, built by dossier 0.1.0"
    checks: tuple[Check, ...]

    @property
    def passed(self) -> bool:
        return self.dossier is not None and all(c.passed for c in self.checks)


class NotADossier(ValueError):
    """The file is not a PDF, or carries no dossier manifest: there is nothing to verify."""


def verify_dossier(data: bytes) -> Verdict:
    """Every check of one dossier's bytes. Raises NotADossier for a file that is not one."""
    if not data.startswith(b"%PDF-"):
        raise NotADossier("it is not a PDF (a PDF begins with %PDF-)")
    logger = logging.getLogger("pypdf")
    level, logger.level = logger.level, logging.ERROR  # a damaged file: say it once, below
    try:
        facts = read_pdf(data)
    except Exception as exc:  # pypdf raises many kinds for a damaged PDF
        raise NotADossier(f"it cannot be read as a PDF: the file is damaged or cut short "
                          f"({type(exc).__name__}: {exc})") from None
    finally:
        logger.level = level
    if ATTACHMENT not in facts.attachments:
        raise NotADossier(f"it carries no {ATTACHMENT}, so it was not made by dossier, or its "
                          "attachments were removed")
    try:
        manifest = Manifest.from_json(facts.attachments[ATTACHMENT])
    except ValueError as exc:
        return Verdict(None, (Check("the dossier's manifest", (str(exc),)),))
    described = (f"case {manifest.case}, edition {manifest.edition.key}, {manifest.pages} pages, "
                 f"built by {manifest.tool}")
    return Verdict(described, (_final(manifest), _originals(facts, manifest, data),
                               _passages(facts, manifest), _pdfa(data), _structure(data)))


def _final(manifest: Manifest) -> Check:
    failures = ("it is a DRAFT, stamped \"not for filing\" on every page",) if manifest.edition.draft else ()
    return Check("a final edition, not a draft", failures)


def _originals(facts: PdfFacts, manifest: Manifest, data: bytes) -> Check:
    appendix = re.sub(r"\s+", "", _text(data))
    failures = []
    for source in manifest.sources:
        content = facts.attachments.get(source.file)
        if content is None:
            failures.append(f"{source.id} ({source.file}) is not embedded")
            continue
        found = hashlib.sha256(content).hexdigest()
        if found != source.sha256:
            failures.append(f"{source.id} ({source.file}) has SHA-256 {found}, but the manifest "
                            f"records {source.sha256}: the embedded file was changed")
        if source.sha256 not in appendix:
            failures.append(f"{source.id}: the source appendix of this PDF does not show the SHA-256 "
                            f"the manifest records for it ({source.sha256}): the printed hash or the "
                            "manifest was changed")
    return Check(f"{len(manifest.sources)} sources embedded, each with the SHA-256 recorded in the "
                 "manifest and printed in the source appendix", tuple(failures))


def _passages(facts: PdfFacts, manifest: Manifest) -> Check:
    texts: dict[str, str | None] = {}
    for source in manifest.sources:
        content = facts.attachments.get(source.file)
        texts[source.id] = None
        if content is not None and source.reader == TEXT_READER:
            try:
                texts[source.id] = content.decode("utf-8")
            except UnicodeDecodeError:
                pass
    failures = []
    for passage in manifest.passages:
        text = texts.get(passage.source)
        if text is None:
            failures.append(f"{passage.anchor}: its source {passage.source} cannot be read as text")
        elif hashlib.sha256(text[passage.start:passage.end].encode("utf-8")).hexdigest() != passage.sha256:
            failures.append(f"{passage.anchor}: characters {passage.start}-{passage.end} of "
                            f"{passage.source} are not the passage the manifest records")
    return Check(f"{len(manifest.passages)} quoted passages found in their embedded sources at "
                 "the recorded places", tuple(failures[:10]) + _more(failures, 10))


def _pdfa(data: bytes) -> Check:
    import pikepdf
    from pikepdf.pdfa import validate_written

    with pikepdf.open(io.BytesIO(data)) as pdf:
        meta = pdf.open_metadata()
        declared = (meta.get("pdfaid:part"), meta.get("pdfaid:conformance"))
    failures = []
    if declared != ("3", "B"):
        failures.append(f"its metadata declares PDF/A part {declared[0]}, conformance {declared[1]}, "
                        "not PDF/A-3b")
    report = validate_written(io.BytesIO(data), "3b")
    if not report.passed:
        failures += [f"pikepdf's PDF/A validator: {f}" for f in list(report.findings)[:3]]
    return Check("PDF/A-3b: declared in its metadata, and passed by pikepdf's validator (not veraPDF)",
                 tuple(failures))


def _structure(data: bytes) -> Check:
    return Check("every page shows what was built (its text, images and fonts, by a digest per page); "
                 "fonts embedded, links and bookmarks resolve, headings where they were laid out, "
                 "metadata present", tuple(verify_pdf(data)))


def _text(data: bytes) -> str:
    from pypdf import PdfReader
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def _more(failures: list[str], shown: int) -> tuple[str, ...]:
    return (f"and {len(failures) - shown} more",) if len(failures) > shown else ()
