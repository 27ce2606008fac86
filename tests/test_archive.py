"""The archival dossier: PDF/A-3b with its sources inside, read back as a reader years later would."""

from __future__ import annotations

import hashlib
import io
import re

import pikepdf
import pytest
from pikepdf.pdfa import validate_written
from pypdf import PdfReader

from conftest import JULIACA
from pdfread import page_texts
from dossier.build import check_case
from dossier.errors import OutputInvalid
from dossier.finish.archive import Original, make_archival
from dossier.manifest import ATTACHMENT, Manifest


@pytest.fixture(scope="module")
def archive(juliaca_pdf) -> pikepdf.Pdf:
    return pikepdf.open(juliaca_pdf)


@pytest.fixture(scope="module")
def documents():
    return check_case(JULIACA).case.documents


def test_the_dossier_passes_pikepdf_pdfa_validation_of_its_written_bytes(juliaca_pdf):
    report = validate_written(juliaca_pdf, "3b")
    assert report.passed, [str(f) for f in report.findings][:5]


def test_its_xmp_declares_pdfa_3b_and_agrees_with_the_info_dictionary(archive):
    meta = archive.open_metadata()
    assert (meta["pdfaid:part"], meta["pdfaid:conformance"]) == ("3", "B")
    assert meta["dc:title"] == str(archive.docinfo["/Title"]) == "Killings in Juliaca, 9 January 2023"
    assert str(archive.docinfo["/Author"]) in meta["dc:creator"]
    intent = archive.Root.OutputIntents[0]
    assert intent.S == pikepdf.Name.GTS_PDFA1 and "sRGB" in str(intent.OutputConditionIdentifier)


def test_every_source_is_inside_byte_for_byte_as_an_associated_file(archive, documents):
    attached = archive.attachments
    associated = {str(spec.get("/UF", spec.get("/F"))) for spec in archive.Root.AF}
    for document in documents:
        spec = attached[document.path.name]
        assert spec.get_file().read_bytes() == document.data
        assert spec.obj.AFRelationship == pikepdf.Name.Source
        assert spec.get_file().mime_type == "text/plain"
        assert spec.description == f"{document.source.id}: {document.source.title}"
        assert document.path.name in associated
    assert attached[ATTACHMENT].obj.AFRelationship == pikepdf.Name.Supplement


def test_the_manifest_beside_the_pdf_is_the_one_inside_and_pins_every_source_and_passage(
        juliaca_pdf, archive, documents):
    inside = archive.attachments[ATTACHMENT].get_file().read_bytes()
    assert juliaca_pdf.with_suffix(".manifest.json").read_bytes() == inside
    manifest = Manifest.from_json(inside)
    texts = {d.source.id: d.text for d in documents}
    assert {s.id: s.sha256 for s in manifest.sources} == {
        d.source.id: hashlib.sha256(d.data).hexdigest() for d in documents}
    appendix = re.findall(r"(S\d+-\d+), line \d+, characters", " ".join(page_texts(juliaca_pdf)))
    assert [p.anchor for p in manifest.passages] == appendix
    for passage in manifest.passages:
        text = texts[passage.source][passage.start:passage.end]
        assert hashlib.sha256(text.encode()).hexdigest() == passage.sha256, passage.anchor
    paths = [i.path for i in manifest.inputs]
    assert "case/events.yaml" in paths and "templates/en/summary.xml.j2" in paths
    assert f"case/sources/{documents[0].path.name}" in paths


def test_page_labels_are_the_printed_page_numbers(juliaca_pdf):
    reader = PdfReader(juliaca_pdf)
    total = len(reader.pages)
    assert reader.page_labels == [str(n) for n in range(1, total + 1)]
    assert f"Page {total} of {total}" in reader.pages[-1].extract_text()


def test_no_empty_transition_javascript_or_forms(archive):
    assert all("/Trans" not in page.obj for page in archive.pages)
    assert "/AcroForm" not in archive.Root and "/JavaScript" not in archive.Root.get("/Names", {})
    assert not archive.is_encrypted


def test_a_pdf_that_cannot_be_made_pdfa_is_refused_not_returned():
    # A standard font is never embedded: no preparation can make this PDF/A.
    from reportlab.pdfgen.canvas import Canvas
    out = io.BytesIO()
    canvas = Canvas(out, invariant=1)
    canvas.setFont("Helvetica", 12)
    canvas.drawString(72, 720, "not embedded")
    canvas.save()
    with pytest.raises(OutputInvalid, match="not valid PDF/A-3b, so it was not written"):
        make_archival(out.getvalue(), (Original(name="a.txt", mime="text/plain", description="A: a",
                                                data=b"a"),), "2026-01-01T00:00:00Z")

