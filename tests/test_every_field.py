"""Nothing the curator writes is lost: every documented field of a case reaches the PDF.

The fixture tests/fixtures/every-field uses every key the case format has, and gives each
free-text value a word of its own (Qz...); values that are not the curator's prose (ids,
dates, numbers, choices from a list, source hashes) have none, and other tests read them. The build must print every such word; and a key the
loader accepts but the fixture leaves out fails here, so that a new field is tried too.
"""

from __future__ import annotations

import re

import pytest

from conftest import FIXTURES, build_pdf, case_format_keys
from pdfread import page_texts

EVERY_FIELD = FIXTURES / "every-field"

def fixture_words() -> list[str]:
    text = "".join(p.read_text(encoding="utf-8") for p in sorted(EVERY_FIELD.glob("*.yaml")))
    return sorted(set(re.findall(r"Qz[a-z]+", text)))


@pytest.fixture(scope="module")
def every_field_pages(tmp_path_factory) -> list[str]:
    return page_texts(build_pdf(EVERY_FIELD, tmp_path_factory.mktemp("every-field")))


@pytest.fixture(scope="module")
def every_field_text(every_field_pages) -> str:
    return " ".join(every_field_pages)


def test_every_word_the_curator_wrote_is_printed(every_field_text):
    missing = [word for word in fixture_words() if word not in every_field_text]
    assert missing == []


def test_the_fixture_uses_every_key_the_loader_accepts():
    text = "".join(p.read_text(encoding="utf-8") for p in EVERY_FIELD.glob("*.yaml"))
    keys = set(re.findall(r"^\s*(?:- )?\{?([a-z_0-9]+):", text, re.M))
    keys |= set(re.findall(r"[{,]\s*([a-z_0-9]+):", text))
    missing = [f"{record}.{key}" for record, key in case_format_keys() if key not in keys]
    assert missing == []


def test_the_filing_identity_and_the_marking_are_on_every_page(every_field_pages):
    assert all("Qzdocumentid" in page and "Qzconfidentiality" in page for page in every_field_pages)


def test_a_group_without_investigations_says_none_is_reported(every_field_text):
    assert "The sources report no investigation of this group's conduct." in every_field_text


def test_a_limit_and_an_end_time_print_with_the_date(every_field_text):
    assert "no later than 12 March 2021, around 16:30 to 17:45" in every_field_text


def test_the_compilers_translation_is_marked_as_such(every_field_text):
    assert re.search(r"Translation by the compiler, not part of the source(, of “[^”]+”)?: Qztranslation",
                     every_field_text)


def test_the_timeline_chart_gives_each_time_as_the_chronology_does():
    # E2 is "around 16:30 to 17:45", and its source gives that as a limit: the chart may not
    # drop "no later than" that the chronology prints.
    from matplotlib.figure import Figure
    from matplotlib.text import Text

    from dossier.build import TEMPLATES, check_case
    from dossier.charts.draw import _DRAW
    from dossier.compose.dossier import compose_dossier
    from dossier.edition import Edition
    from dossier.render.terms import load_terms

    checked = check_case(EVERY_FIELD)
    model = compose_dossier(checked.case, checked.passages, Edition(language="en"))
    timeline = next(c for c in model.charts if c.kind == "timeline")
    figure = Figure()
    _DRAW["timeline"](figure, timeline, load_terms(TEMPLATES, "en"))
    texts = [t.get_text() for t in figure.findobj(Text)]
    assert any(t.startswith("no later than around 16:30 to 17:45: ") for t in texts), texts
