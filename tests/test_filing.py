"""Filing profiles, their preflight, and Bates numbers: the files a recipient's system receives."""

from __future__ import annotations

import csv
import dataclasses
import hashlib
import io
import re
from pathlib import Path

import pikepdf
import pytest
from pikepdf.pdfa import validate_written
from pypdf import PdfReader

from conftest import JULIACA
from dossier.build import build_case, check_case
from dossier.errors import DossierError, OutputInvalid
from dossier.profiles import Bates, load_profile
from dossier.verify.preflight import FiledFile, preflight


@pytest.fixture(scope="module")
def cmecf(tmp_path_factory) -> Path:
    """The Juliaca filing for a US federal court, Bates-numbered from JUL-000001."""
    out = tmp_path_factory.mktemp("cmecf")
    [result] = build_case(JULIACA, out_dir=out, figures_dir=out / "figures",
                          profile=load_profile("cmecf"), bates=Bates.parse("JUL"))
    assert result.folder is not None
    return result.folder


def uploads(folder: Path) -> list[Path]:
    """The files to upload, in the order the index gives them."""
    names = re.findall(r"^\d+\. (\S+)$", (folder / "filing.txt").read_text(), re.M)
    return [folder / name for name in names]


def test_a_court_filing_has_no_attachments_is_letter_and_pdfa_2b(cmecf):
    for pdf in uploads(cmecf):
        assert PdfReader(pdf).attachments == {}
        assert {(round(float(p.mediabox.width)), round(float(p.mediabox.height)))
                for p in PdfReader(pdf).pages} == {(612, 792)}
        report = validate_written(pdf, "2b")
        assert report.passed, (pdf.name, [str(f) for f in report.findings][:3])


def test_each_source_is_an_exhibit_with_its_hash_and_every_line(cmecf):
    documents = check_case(JULIACA).case.documents
    exhibits = [p for p in uploads(cmecf) if "-exhibit-" in p.name]
    assert len(exhibits) == len(documents)
    for pdf, document in zip(exhibits, documents):
        text = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in PdfReader(pdf).pages))
        assert hashlib.sha256(document.data).hexdigest() in text.replace(" ", "")
        assert f"-{document.source.id}_JUL-" in pdf.name
        lines = [line for line in document.text.splitlines() if len(line) > 20]
        words = [" ".join(line.split()[:6]) for line in lines]
        assert all(w in text for w in words), [w for w in words if w not in text][:3]


def test_bates_numbers_run_without_gaps_across_every_file_in_the_index_order(cmecf):
    expected = 1
    for pdf in uploads(cmecf):
        first, last = map(int, re.search(r"_JUL-(\d+)-JUL-(\d+)\.pdf$", pdf.name).groups())
        pages = PdfReader(pdf).pages
        assert (first, last) == (expected, expected + len(pages) - 1)
        for number, page in enumerate(pages, first):
            assert f"JUL-{number:06d}" in page.extract_text()
        assert f"Bates JUL-{first:06d} to JUL-{last:06d}" in str(PdfReader(pdf).metadata["/Keywords"])
        expected = last + 1
    assert expected > 60


def test_the_production_log_and_the_index_give_each_files_range_and_hash(cmecf):
    rows = list(csv.DictReader(io.StringIO((cmecf / "production-log.csv").read_text())))
    files = uploads(cmecf)
    assert [r["file"] for r in rows] == [f.name for f in files]
    index = (cmecf / "filing.txt").read_text()
    for row, pdf in zip(rows, files):
        digest = hashlib.sha256(pdf.read_bytes()).hexdigest()
        assert row["sha256"] == digest and f"SHA-256 {digest}" in index
        assert int(row["pages"]) == len(PdfReader(pdf).pages)
        assert pdf.name.endswith(f"_{row['first']}-{row['last']}.pdf")


def test_the_dossier_says_its_sources_are_exhibits_not_attachments(cmecf):
    main = uploads(cmecf)[0]
    text = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in PdfReader(main).pages))
    assert "filed as an exhibit of its own" in text and "Exhibit E ([S5])" in text
    assert "attached to this PDF file" not in text


def test_two_builds_of_a_filing_give_the_same_bytes(cmecf, tmp_path):
    [again] = build_case(JULIACA, out_dir=tmp_path, figures_dir=tmp_path / "figures",
                         profile=load_profile("cmecf"), bates=Bates.parse("JUL"))
    assert sorted(p.name for p in again.folder.iterdir()) == sorted(p.name for p in cmecf.iterdir())
    for path in cmecf.iterdir():
        assert (again.folder / path.name).read_bytes() == path.read_bytes(), path.name


def test_the_commission_gets_the_annexes_in_parts_that_fit(tmp_path, monkeypatch):
    # Under the portal's 40 MB the five exhibits are one bundle (about 0.11 MB); under a limit of
    # 0.1 MB on each file they go in parts (about 0.07 MB each).
    [whole] = build_case(JULIACA, out_dir=tmp_path / "whole", figures_dir=tmp_path / "figures",
                         profile=load_profile("iachr"))
    assert [p.name for p in whole.folder.glob("*-annexes*.pdf")] == ["juliaca-2023-en-a4-annexes.pdf"]
    iachr = dataclasses.replace(load_profile("iachr"), file_limit=100_000, main_limit=None)
    [result] = build_case(JULIACA, out_dir=tmp_path, figures_dir=tmp_path / "figures", profile=iachr)
    parts = sorted(result.folder.glob("*-annexes-part-*.pdf"))
    assert len(parts) >= 2
    assert all(p.stat().st_size <= 100_000 for p in parts)
    outline = [t for p in parts for t in (item.title for item in PdfReader(p).outline)]
    assert [t.split(":")[0] for t in outline] == [f"Exhibit {c}" for c in "ABCDE"]
    assert not list(result.folder.glob("*.json")) or all(
        "manifest" in p.name for p in result.folder.glob("*.json"))  # kept by the filer, not uploaded


def test_preflight_refuses_with_what_to_do_and_writes_nothing(tmp_path):
    peru = load_profile("peru").with_main_limit(0.2)
    with pytest.raises(OutputInvalid, match=r"the peru filing fails its preflight, so nothing was "
                                            r"written: juliaca-2023-en-a4\.pdf is \d\.\d MB, over the "
                                            r"0\.2 MB peru takes for it: its charts are most of its size"):
        build_case(JULIACA, out_dir=tmp_path, figures_dir=tmp_path / "figures", profile=peru)
    assert not [p for p in tmp_path.iterdir() if p.name != "figures"]


def test_preflight_rules_each_with_its_message(juliaca_pdf):
    archive = juliaca_pdf.read_bytes()
    cmecf = load_profile("cmecf")
    problems = preflight([FiledFile(name="d.pdf", data=archive, role="dossier"),
                          FiledFile(name="log.zip", data=b"PK", role="exhibit")], cmecf)
    assert any(p.startswith("d.pdf: it has 6 embedded files, which cmecf refuses") for p in problems)
    assert any(p.startswith("d.pdf: pages 1, 2, 3") and "are not US Letter" in p for p in problems)
    assert any(p.startswith("log.zip: cmecf does not take .zip files") for p in problems)
    many = dataclasses.replace(load_profile("peru"), max_files=1)
    assert preflight([FiledFile(name="a.pdf", data=archive, role="dossier")] * 2, many)[0].startswith(
        "2 files to upload, and peru takes at most 1 in one submission")


def test_a_profile_paper_and_another_paper_conflict_in_one_line(tmp_path):
    from dossier.edition import EditionOverrides
    with pytest.raises(DossierError, match="--paper a4 conflicts with the cmecf profile, which files on letter"):
        build_case(JULIACA, EditionOverrides(paper="a4"), out_dir=tmp_path, profile=load_profile("cmecf"))


def test_bates_options_are_checked(tmp_path):
    assert Bates.parse("JUL:101").label(101) == "JUL-000101"
    with pytest.raises(DossierError, match="the start must be a whole number from 1"):
        Bates.parse("JUL:0")
    with pytest.raises(DossierError, match="no filing profile 'court'; use one of: archive, cmecf"):
        load_profile("court")


def test_a_pdf_a_2b_exhibit_opens_in_pikepdf_without_repair(cmecf):
    for pdf in uploads(cmecf):
        with pikepdf.open(pdf) as document:
            assert document.open_metadata()["pdfaid:part"] == "2"
