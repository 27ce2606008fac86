"""Errors a user can fix come out as one located line, never as a traceback."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURES, JULIACA, build_pdf, edit, errors_of

from dossier.build import TEMPLATES
from dossier.errors import DossierError


@pytest.fixture
def templates(tmp_path: Path) -> Path:
    """A writable copy of the templates, as a translator or an NGO would edit them."""
    copy = tmp_path / "templates"
    shutil.copytree(TEMPLATES, copy)
    return copy


def build_error(templates: Path, tmp_path: Path) -> str:
    with pytest.raises(DossierError) as caught:
        build_pdf(FIXTURES / "mini", tmp_path / "out", templates_dir=templates)
    assert not list((tmp_path / "out").glob("*.pdf"))
    return str(caught.value).replace(f"{templates}/", "")


def test_a_term_missing_from_terms_yaml_is_named_with_its_file(templates, tmp_path):
    edit(templates / "en" / "terms.yaml", 'page_of: "Page {page} of {pages}"\n', "")
    assert build_error(templates, tmp_path) == (
        f"en/terms.yaml:{line_of(templates / 'en' / 'terms.yaml', 'months:')}: error: the term 'page_of' "
        "is missing; add it (templates/en/terms.yaml has every term) [terms]")


def line_of(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text in line)


def test_a_misspelt_term_or_placeholder_is_named_at_its_line(templates, tmp_path):
    terms = templates / "en" / "terms.yaml"
    edit(terms, 'page_of: "Page {page} of {pages}"', 'page_of: "Page {page} of {total}"')
    assert build_error(templates, tmp_path) == (
        f"en/terms.yaml:{line_of(terms, 'page_of:')}: error: 'page_of' uses {{total}}, which is not "
        "given; it may use: {page}, {pages} [terms]")
    edit(terms, "  hour:", "  houre:")
    assert build_error(templates, tmp_path).startswith(
        f"en/terms.yaml:{line_of(terms, 'page_of:')}: error: 'page_of' uses {{total}}")  # first in the file
    edit(terms, 'page_of: "Page {page} of {total}"', 'page_of: "Page {page} of {pages}"')
    assert build_error(templates, tmp_path).startswith(
        f"en/terms.yaml:{line_of(terms, 'houre:')}: error: unknown term 'chart.houre'; the terms are: "
        "chart.people, ")


def test_markup_a_template_breaks_is_reported_at_the_template_line_that_wrote_it(templates, tmp_path):
    summary = templates / "en" / "summary.xml.j2"
    lines = summary.read_text(encoding="utf-8").splitlines()
    lines.insert(3, "<p>What the <b>sources</i> say</p>")
    summary.write_text("\n".join(lines), encoding="utf-8")
    assert build_error(templates, tmp_path) == (
        'en/summary.xml.j2:4: error: the template wrote markup that is not well-formed XML (mismatched '
        'tag) in the line "<p>What the <b>sources</i> say</p>"; check the tags on this line [template]')


def test_a_block_the_layout_does_not_know_is_reported_at_its_template_line(templates, tmp_path):
    summary = templates / "en" / "summary.xml.j2"
    line = summary.read_text(encoding="utf-8").splitlines().index("<h2>What happened</h2>") + 1
    edit(summary, "<h2>What happened</h2>", "<h4>What happened</h4>")
    message = build_error(templates, tmp_path)
    assert message.startswith(f"en/summary.xml.j2:{line}: error: the template wrote an unknown block <h4>; "
                              "use one of: backrefs, chart, h2, h3, keep, p, pagebreak, spacer, table, ")


def test_a_null_byte_in_a_case_file_is_a_located_error(mini):
    path = mini / "events.yaml"
    path.write_bytes(path.read_bytes().replace(b"phase: the-day", b"phase: the\x00day", 1))
    assert errors_of(mini) == [
        "events.yaml:6: error: the character U+0000 is not allowed in YAML; remove it (was the file "
        "saved as text?) [yaml]"]


@pytest.mark.parametrize("reader", ["head -c 20", "true"])
def test_check_into_a_pipe_that_closes_early_ends_quietly(reader):
    run = subprocess.run(f"{sys.executable} -m dossier check {JULIACA} {FIXTURES / 'mini'} | {reader}",
                         shell=True, capture_output=True, text=True, executable="/bin/bash")
    assert run.returncode == 0 and "Traceback" not in run.stderr and "Error" not in run.stderr, run.stderr
