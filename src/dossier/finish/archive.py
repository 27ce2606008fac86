"""Make the finished PDF archival: PDF/A-3b, with the original sources inside it (or PDF/A-2b
without attachments, for a recipient that refuses them).

A dossier may be read years later by someone who has only the file. PDF/A-3b fixes how it is
to be rendered (fonts embedded, an sRGB output intent, metadata in XMP) and lets it carry
other files: each source, byte for byte, as an associated file of relationship Source, so
that every quote can be checked against its original from the PDF alone (`dossier verify`).

pikepdf's `pdfa` module prepares the document (XMP with the PDF/A identification and Dublin
Core agreeing with the Info dictionary, the output intent with the sRGB profile pikepdf ships,
printable link annotations) and validates the written bytes: that validation is the gate, and
a PDF that fails it is never returned. ReportLab writes an empty /Trans on every page, which
PDF/A forbids and pikepdf leaves alone, so it is removed here. The clock is pinned (the XMP
metadata date is the document's own date) and the file ID derived from the content, so the
same inputs give the same bytes.
"""

from __future__ import annotations

import functools
import io
from dataclasses import dataclass

from dossier.errors import OutputInvalid
from dossier.finish.chain import FinishingStep
from dossier.manifest import ATTACHMENT



@dataclass(frozen=True, kw_only=True)
class Original:
    """A file to carry inside the PDF, as it was received."""

    name: str
    mime: str
    description: str
    data: bytes


def archive_step(originals: tuple[Original, ...], date: str, flavour: str = "3b") -> FinishingStep:
    """The step that embeds these originals (none for a recipient that refuses attachments) and
    makes the PDF PDF/A of this flavour (3b, or 2b); `date` (ISO 8601) is what the XMP records as
    the metadata's date."""
    return FinishingStep(f"make it PDF/A-{flavour}" + (" with the sources inside" if originals else ""),
                         functools.partial(make_archival, originals=originals, date=date, flavour=flavour))


def make_archival(data: bytes, originals: tuple[Original, ...], date: str, flavour: str = "3b") -> bytes:
    import pikepdf
    from pikepdf import Name
    from pikepdf.pdfa import prepare, resolve_save_kwargs, validate_written

    pdf = pikepdf.open(io.BytesIO(data))
    for page in pdf.pages:
        if "/Trans" in page.obj and len(page.obj.Trans) == 0:
            del page.obj["/Trans"]
    pdf.Root.PageLabels = pikepdf.Dictionary(Nums=[0, pikepdf.Dictionary(S=Name.D)])
    for original in originals:
        pdf.attachments[original.name] = pikepdf.AttachedFileSpec(
            pdf, original.data, description=original.description, filename=original.name,
            mime_type=original.mime, relationship=Name.Source)
    if ATTACHMENT in pdf.attachments:  # the manifest, embedded by an earlier step
        manifest = pdf.attachments[ATTACHMENT].obj
        manifest.AFRelationship = Name.Supplement
        manifest.Desc = pikepdf.String("what this dossier was built from, read by dossier verify")
    prepare(pdf, flavour)
    with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as xmp:
        xmp["xmp:MetadataDate"] = date  # prepare() stamps the time of the build
    settings = resolve_save_kwargs(flavour, deterministic_id=True)
    out = io.BytesIO()
    pdf.save(out, **settings)
    report = validate_written(io.BytesIO(out.getvalue()), flavour, settings)
    if not report.passed:
        findings = "; ".join(str(f) for f in list(report.findings)[:3])
        raise OutputInvalid(f"the PDF is not valid PDF/A-{flavour}, so it was not written: {findings}",
                            None, 0, "output")
    return out.getvalue()
