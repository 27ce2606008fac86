"""Nothing the curator writes is lost: every documented field of a case reaches the PDF.

The fixture tests/fixtures/every-field uses every key the case format has, and gives each
free-text value a word of its own (Qz...); values that are not the curator's prose (ids,
dates, numbers, choices from a list, source hashes) have none, and other tests read them. The build must print every such word; and a key the
loader accepts but the fixture leaves out fails here, so that a new field is tried too.
"""

from __future__ import annotations

import dataclasses
import re
import typing
from pathlib import Path

import pytest

from conftest import FIXTURES, build_pdf
from pdfread import page_texts

EVERY_FIELD = FIXTURES / "every-field"

def fixture_words() -> list[str]:
    text = "".join(p.read_text(encoding="utf-8") for p in sorted(EVERY_FIELD.glob("*.yaml")))
    return sorted(set(re.findall(r"Qz[a-z]+", text)))


@pytest.fixture(scope="module")
def every_field_text(tmp_path_factory) -> str:
    pdf = build_pdf(EVERY_FIELD, tmp_path_factory.mktemp("every-field"))
    return " ".join(page_texts(pdf))


def test_every_word_the_curator_wrote_is_printed(every_field_text):
    missing = [word for word in fixture_words() if word not in every_field_text]
    assert missing == []


def test_the_fixture_uses_every_key_the_loader_accepts():
    from dossier.case import model
    from dossier.case.loader import _SCALARS, CASE_FILES

    keys = set(re.findall(r"^\s*(?:- )?\{?([a-z_0-9]+):", "".join(
        p.read_text(encoding="utf-8") for p in EVERY_FIELD.glob("*.yaml")), re.M))
    keys |= set(re.findall(r"[{,]\s*([a-z_0-9]+):", "".join(
        p.read_text(encoding="utf-8") for p in EVERY_FIELD.glob("*.yaml"))))
    seen, missing = {model.Loc}, []

    def walk(cls):
        if cls in seen or not dataclasses.is_dataclass(cls) or cls in _SCALARS:
            return
        seen.add(cls)
        hints = typing.get_type_hints(cls)
        for field in dataclasses.fields(cls):
            if field.name != "loc" and field.name not in keys:
                missing.append(f"{cls.__name__}.{field.name}")
            for inner in re.findall(r"[A-Z]\w+", str(hints.get(field.name, ""))):
                walk(getattr(model, inner, None))

    for cls in CASE_FILES.values():
        walk(cls)
    assert missing == []


def test_the_filing_identity_is_on_every_page(every_field_text, tmp_path):
    pages = page_texts(build_pdf(EVERY_FIELD, tmp_path))
    assert all("Qzdocumentid" in page and "Qzconfidentiality" in page for page in pages[1:])


def test_a_group_without_investigations_says_none_is_reported(every_field_text):
    assert "The sources report no investigation of this group's conduct." in every_field_text


def test_a_limit_and_an_end_time_print_with_the_date(every_field_text):
    assert "no later than 12 March 2021, around 16:30 to 17:45" in every_field_text


def test_the_compilers_translation_is_marked_as_such(every_field_text):
    assert re.search(r"Translation by the compiler, not part of the source(, of “[^”]+”)?: Qztranslation",
                     every_field_text)
