"""After the layout, a chain of finishing steps; then the finished PDF is verified from itself."""

from __future__ import annotations

import functools
import io
import json
import subprocess

import pytest
from conftest import build_pdf
from pdfread import replace_attachment
from pypdf import PdfReader

import dossier.build
from dossier.errors import OutputInvalid
from dossier.finish.attachments import publish
from dossier.finish.chain import FinishingStep, finish
from dossier.manifest import ATTACHMENT, Manifest
from dossier.verify.pdf import verify_pdf


@pytest.fixture(scope="module")
def finished(juliaca_pdf) -> bytes:
    return juliaca_pdf.read_bytes()


@pytest.fixture(scope="module")
def laid_out(tmp_path_factory) -> bytes:
    """The mini case's PDF as the layout wrote it: what comes before the incremental update of
    the first finishing step, when it is the only one."""
    from conftest import FIXTURES
    chain = dossier.build.finishing_steps
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(dossier.build, "finishing_steps", lambda *args: chain(*args)[:1])
        published = build_pdf(FIXTURES / "mini", tmp_path_factory.mktemp("laid-out")).read_bytes()
    return published[:published.rindex(b"%%EOF", 0, len(published) - 10) + len(b"%%EOF\n")]


def test_publishing_appends_to_exactly_the_bytes_the_layout_wrote(laid_out):
    assert b"dossier-manifest" not in laid_out
    assert verify_pdf(laid_out) == [f"it carries no {ATTACHMENT}: it is not a dossier, or was changed "
                                    "after it was built"]
    published = publish(laid_out, ((ATTACHMENT, "application/json", b"{}"),))
    assert published.startswith(laid_out)


def test_the_manifest_says_what_was_built_and_where_its_headings_are(finished):
    manifest = Manifest.from_json(attachment_of(finished))
    outline = outline_of(finished)
    assert manifest.case == "juliaca-2023" and manifest.edition.key == "en-a4"
    assert manifest.pages == len(PdfReader(io.BytesIO(finished)).pages)
    assert [(h.title, h.page) for h in manifest.headings] == outline


def test_verify_reads_what_it_checks_from_the_pdf_alone(finished, tmp_path):
    assert verify_pdf(finished) == []
    manifest = json.loads(attachment_of(finished))
    manifest["pages"] += 1
    manifest["headings"][2]["page"] += 1
    lying = replace_attachment(finished, ATTACHMENT, json.dumps(manifest).encode())
    problems = verify_pdf(lying)
    assert problems[0] == "the outline does not point where the headings are: What happened (page 4, outline says 3)"
    assert problems[1].endswith("pages written, " + str(manifest["pages"]) + " laid out")


def test_an_embedded_file_is_an_incremental_update_that_qpdf_and_poppler_accept(laid_out, tmp_path):
    pdf = tmp_path / "twice.pdf"
    once = publish(laid_out, (("a.txt", "text/plain", b"one"), ("b é.txt", "text/plain", b"two")))
    pdf.write_bytes(once)
    assert once.startswith(laid_out)
    assert {k: v[0] for k, v in PdfReader(pdf).attachments.items()} == {"a.txt": b"one", "b é.txt": b"two"}
    for command in (["qpdf", "--check", str(pdf)], ["pdfdetach", "-list", str(pdf)]):
        try:
            run = subprocess.run(command, capture_output=True, text=True)
        except FileNotFoundError:
            continue  # .ci/run installs them; a machine without them checks with pypdf only
        assert run.returncode == 0, run.stdout + run.stderr


def break_outline(data: bytes) -> bytes:
    """The PDF without its outline."""
    import pikepdf
    pdf = pikepdf.open(io.BytesIO(data))
    del pdf.Root.Outlines
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def refuse(data: bytes) -> bytes:
    raise RuntimeError("this step fails")


def test_a_step_whose_output_fails_verification_writes_nothing(mini, tmp_path, monkeypatch):
    chain = dossier.build.finishing_steps
    monkeypatch.setattr(dossier.build, "finishing_steps",
                        lambda *args: [*chain(*args), FinishingStep("break", break_outline)])
    with pytest.raises(OutputInvalid, match="the en-a4 PDF failed its own verification, so nothing "
                                            "was written: the outline does not point"):
        build_pdf(mini, tmp_path)
    assert not list(tmp_path.glob("*.pdf"))


def test_a_failing_step_leaves_the_previous_pdf_as_it_was(mini, tmp_path, monkeypatch):
    first = build_pdf(mini, tmp_path)
    before = first.read_bytes()
    monkeypatch.setattr(dossier.build, "finishing_steps",
                        lambda *args: [FinishingStep("fail", refuse)])
    with pytest.raises(RuntimeError, match="this step fails"):
        build_pdf(mini, tmp_path)
    assert first.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == [
        first.with_suffix(".manifest.json").name, first.name]


def test_the_chain_runs_its_steps_in_order_and_refuses_a_step_that_returns_no_pdf():
    add = functools.partial(lambda data, tail: data + tail)
    steps = [FinishingStep("one", functools.partial(add, tail=b"1")),
             FinishingStep("two", functools.partial(add, tail=b"2"))]
    assert finish(b"%PDF-x", steps) == b"%PDF-x12"
    with pytest.raises(RuntimeError, match="finishing step 'empty' returned something that is not a PDF"):
        finish(b"%PDF-x", [FinishingStep("empty", lambda data: b"")])


def attachment_of(data: bytes) -> bytes:
    return PdfReader(io.BytesIO(data)).attachments[ATTACHMENT][0]


def outline_of(data: bytes) -> list[tuple[str, int]]:
    from dossier.verify.pdf import read_pdf
    return [(title, page + 1) for _, title, page in read_pdf(data).outline]
