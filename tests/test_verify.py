"""`dossier verify` on a good copy, on tampered copies and on files that are not dossiers."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from pdfread import replace_attachment
from dossier.manifest import ATTACHMENT


def verify(*paths: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "dossier", "verify", *map(str, paths)],
                          capture_output=True, text=True)


@pytest.fixture(scope="module")
def good(juliaca_pdf) -> bytes:
    return juliaca_pdf.read_bytes()


def test_a_good_copy_passes_every_check_with_a_verdict_a_clerk_can_read(juliaca_pdf):
    run = verify(juliaca_pdf)
    assert run.returncode == 0, run.stdout + run.stderr
    lines = run.stdout.splitlines()
    assert lines[0] == f"{juliaca_pdf}: case juliaca-2023, edition en-a4, 58 pages, built by dossier 0.1.0"
    assert [line.split()[0] for line in lines[1:6]] == ["passed"] * 5
    assert "a final edition" in lines[1] and "5 sources embedded" in lines[2]
    assert "quoted passages found" in lines[3] and "PDF/A-3b" in lines[4] and "every page shows" in lines[5]
    assert lines[-1] == "  verdict: PASSED: every check passed"
    assert run.stderr == ""


def test_one_changed_byte_of_an_embedded_source_fails_with_the_reason(good, tmp_path):
    original = json.loads(pdf_manifest(good))["sources"][1]
    name = original["file"]
    content = bytearray(attachment(good, name))
    content[100] ^= 1
    tampered = tmp_path / "tampered.pdf"
    tampered.write_bytes(replace_attachment(good, name, bytes(content)))
    run = verify(tampered)
    assert run.returncode == 1
    assert "FAILED  5 sources embedded" in run.stdout
    assert f"{original['id']} ({name}) has SHA-256" in run.stdout and "the embedded file was changed" in run.stdout
    assert run.stdout.splitlines()[-1] == "  verdict: FAILED: see above"


def test_one_quote_moved_in_the_manifest_fails_with_the_passage_named(good, tmp_path):
    manifest = json.loads(pdf_manifest(good))
    passage = manifest["passages"][7]
    passage["start"] += 1
    tampered = tmp_path / "tampered.pdf"
    tampered.write_bytes(replace_attachment(good, ATTACHMENT, json.dumps(manifest).encode()))
    run = verify(tampered)
    assert run.returncode == 1
    assert (f"{passage['anchor']}: characters {passage['start']}-{passage['end']} of {passage['source']} "
            "are not the passage the manifest records") in run.stdout


def test_a_file_that_is_not_a_dossier_is_refused_politely(tmp_path, laid_out_pdf_without_manifest):
    text = tmp_path / "notes.txt"
    text.write_text("hello")
    run = verify(text, laid_out_pdf_without_manifest)
    assert run.returncode == 2
    assert run.stdout == ""
    assert run.stderr.splitlines() == [
        f"{text}: not a dossier: it is not a PDF (a PDF begins with %PDF-); nothing was checked",
        f"{laid_out_pdf_without_manifest}: not a dossier: it carries no {ATTACHMENT}, so it was not "
        "made by dossier, or its attachments were removed; nothing was checked"]


@pytest.fixture
def laid_out_pdf_without_manifest(tmp_path) -> Path:
    from reportlab.pdfgen.canvas import Canvas
    path = tmp_path / "other.pdf"
    canvas = Canvas(str(path))
    canvas.drawString(72, 720, "Some other PDF")
    canvas.save()
    return path


def pdf_manifest(data: bytes) -> bytes:
    return attachment(data, ATTACHMENT)


def attachment(data: bytes, name: str) -> bytes:
    import io

    from pypdf import PdfReader
    return PdfReader(io.BytesIO(data)).attachments[name][0]


def test_a_word_changed_on_a_page_fails_with_the_page_named(good, tmp_path):
    import io

    import pikepdf
    pdf = pikepdf.open(io.BytesIO(good))
    page = pdf.pages[2]
    content = page.obj.Contents.read_bytes()
    assert b"(" in content  # text is shown as strings: change one character of one of them
    at = content.index(b"(") + 1
    page.obj.Contents = pdf.make_stream(content[:at] + bytes([content[at] ^ 1]) + content[at + 1:])
    tampered = tmp_path / "tampered.pdf"
    pdf.save(tampered)
    run = verify(tampered)
    assert run.returncode == 1
    assert "the content of page 3 is not what was built: its text, images or fonts were changed" in run.stdout


def test_a_copy_with_a_page_removed_fails_without_a_traceback(good, tmp_path):
    import io

    import pikepdf
    pdf = pikepdf.open(io.BytesIO(good))
    del pdf.pages[10]
    tampered = tmp_path / "tampered.pdf"
    pdf.save(tampered)
    run = verify(tampered)
    assert run.returncode == 1 and "Traceback" not in run.stderr
    assert "57 pages written, 58 laid out" in run.stdout


def test_a_draft_does_not_pass(mini, tmp_path):
    from conftest import build_pdf, edit
    edit(mini / "figures.yaml", 'quote: "killing 4 people"', 'quote: "killing 5 people"')
    draft = build_pdf(mini, tmp_path, draft=True)
    run = verify(draft)
    assert run.returncode == 1
    assert 'FAILED  a final edition, not a draft' in run.stdout and "it is a DRAFT" in run.stdout
