"""Quotes are found verbatim under a lawyer's normalisation, never fuzzily."""

from pathlib import Path

from dossier.check.quotes import SourceIndex, normalise
from dossier.case.model import Grading, Source, SourceDocument
from dossier.case.readers import LineLocator


def index_of(text: str) -> SourceIndex:
    source = Source(id="S", file="s.txt", sha256="", title="t", author=None, publisher=None,
                    published=None, kind="other", language="en", url=None, obtained="test",
                    derived_from=None, grading=Grading(reliability="F", credibility=6, reason="t"))
    return SourceIndex(SourceDocument(source=source, path=Path("s.txt"), data=text.encode(), text=text,
                                      locator=LineLocator.of(text)))


def test_typographic_quotes_dashes_and_whitespace_are_equivalent():
    assert normalise("“Peru’s   police”\n– said") == normalise('"Peru\'s police" - said')


def test_decomposed_accents_match_composed_ones():
    source = index_of("Inca Manco Ca\u0301pac airport")
    passage = source.find("Inca Manco Cápac airport")
    assert passage is not None and passage.text == "Inca Manco Ca\u0301pac airport"


def test_passage_records_line_and_offsets_in_the_original():
    source = index_of("first line\nsecond  line with “the quote” in it\n")
    passage = source.find('with "the quote" in')
    assert (passage.line, passage.start, passage.end) == (2, 24, 43)
    assert passage.text == "with “the quote” in"


def test_elision_joins_two_parts_of_one_paragraph_in_order():
    source = index_of("Alpha beta gamma delta.\n\nEpsilon zeta.")
    assert source.find("Alpha ... delta.") is not None
    assert source.find("delta ... Alpha") is None
    assert source.find("Alpha ... zeta") is None  # across paragraphs


def test_letters_digits_and_case_must_match():
    source = index_of("killing at least 17 protesters")
    assert source.find("killing at least 18 protesters") is None
    assert source.find("Killing at least 17 protesters") is None


def test_near_miss_names_the_line_and_the_first_difference():
    source = index_of("Title\n\nPolice opened fire, killing at least 17 protesters and injuring 68.\n")
    message = source.near_miss("Police opened fire, killing at least 18 protesters")
    assert message == ('closest passage at line 3: "...Police opened fire, killing at least 17 protesters and injuring..."; '
                       'after ", killing at least 1" the quote has "8 protesters" where the source has '
                       '"7 protesters and injuring"')


def test_near_miss_says_when_nothing_resembles_the_quote():
    assert index_of("abc def").near_miss("something else entirely") == \
        "no passage of the source resembles it"


def test_the_fast_normalisation_of_quotes_equals_the_one_that_maps_offsets():
    from dossier.check.quotes import _normalise_with_offsets

    samples = ["  “Peru’s”\n\t police – said…  ", "Ca\u0301pac\u00a0airport", "a\u2003b\u200ac",
               "e\u0301\u0301 x", "\n\n", "“dozens” — of\r\nthem"]
    for text in samples:
        assert normalise(text) == _normalise_with_offsets(text)[0], repr(text)


def test_composed_text_is_normalised_as_character_by_character_with_the_same_offsets():
    from dossier.check.quotes import _normalise_char_by_char, _normalise_with_offsets

    samples = ["  “Peru’s”\n\t police – said…  ", "Cápac\u00a0airport", "a\u2003b\u200ac",
               "a … b", "…", " \n ", "x\r\n\r\ny ", "“dozens” — of\r\nthem", ""]
    samples += [p.read_text(encoding="utf-8")
                for p in sorted((Path(__file__).parents[1] / "corpus" / "juliaca-2023" / "sources").iterdir())]
    for text in samples:
        assert _normalise_with_offsets(text) == _normalise_char_by_char(text), repr(text[:40])
