"""A case is built in the editions it declares: one typed value each, with files of its own."""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import build_pdf, edit, errors_of
from pypdf import PdfReader

from dossier.build import build_case
from dossier.edition import Edition, EditionOverrides
from dossier.verify.pdf import read_pdf


def test_an_edition_refuses_what_it_cannot_be_built_as():
    with pytest.raises(ValueError, match="paper 'a5' is not known; use one of: a4, letter"):
        Edition(language="en", paper="a5")
    with pytest.raises(ValueError, match="language 'English' is not a language code"):
        Edition(language="English")
    with pytest.raises(ValueError, match="paper 'A5' is not known"):
        EditionOverrides(paper="A5")


def test_a_change_for_one_build_applies_to_every_declared_edition_once():
    declared = (Edition(language="en"), Edition(language="en", paper="letter"))
    assert EditionOverrides(paper="A4").apply(declared) == (Edition(language="en", paper="a4"),)
    assert EditionOverrides(draft=True).apply(declared) == (
        Edition(language="en", draft=True), Edition(language="en", paper="letter", draft=True))
    assert EditionOverrides().apply(declared) == declared


def test_each_edition_has_its_own_file_and_cache_folder():
    assert Edition(language="en").file_name("mini") == "mini-en-a4.pdf"
    assert Edition(language="es", paper="letter", draft=True).file_name("mini") == "mini-es-letter-DRAFT.pdf"
    assert Edition(language="es", paper="letter", draft=True).key == "es-letter-draft"


def test_a_case_builds_every_edition_it_declares_without_overwriting_either(mini, tmp_path):
    edit(mini / "case.yaml", "language: en\n",
         "language: en\neditions:\n  - {language: en, paper: a4}\n  - {language: en, paper: letter}\n")
    results = build_case(mini, out_dir=tmp_path, figures_dir=tmp_path / "figures")
    assert [r.pdf.name for r in results] == ["mini-en-a4.pdf", "mini-en-letter.pdf"]
    sizes = [tuple(round(x) for x in PdfReader(r.pdf).pages[0].mediabox[2:]) for r in results]
    assert sizes == [(595, 842), (612, 792)]
    assert sorted(p.name for p in (tmp_path / "figures").iterdir()) == ["en-a4", "en-letter"]
    manifests = [read_pdf(r.pdf.read_bytes()).attachments["dossier-manifest.json"] for r in results]
    assert b'"paper": "a4"' in manifests[0] and b'"paper": "letter"' in manifests[1]


def test_an_edition_the_case_cannot_be_built_in_is_an_error_at_its_line(mini):
    edit(mini / "case.yaml", "language: en\n", "language: en\neditions:\n  - {language: en, paper: A4}\n")
    assert errors_of(mini) == [
        "case.yaml:6: error: 'paper': 'A4' is not allowed; did you mean 'a4'? [case]"]


def test_a_case_language_that_is_not_a_language_code_is_an_error(mini):
    edit(mini / "case.yaml", "language: en\n", "language: English\n")
    assert errors_of(mini) == [
        "case.yaml:4: error: language 'English' is not a language code; write one such as en or es "
        "(the language of the case's default edition) [case]"]


def test_paper_in_either_case_from_the_api_and_the_command_line(mini, tmp_path):
    pdf = build_pdf(mini, tmp_path, paper="LETTER")
    assert pdf.name == "mini-en-letter.pdf"
    run = subprocess.run([sys.executable, "-m", "dossier", "build", str(mini), "--out", str(tmp_path / "cli"),
                          "--paper", "A4"], capture_output=True, text=True)
    assert (run.returncode, run.stdout) == (0, f"{tmp_path / 'cli' / 'mini-en-a4.pdf'}\n"), run.stderr
