"""Citations survive printing: a marker names its passage, and the appendix lists every page
that cites a passage, both ways round, as a reader of the printed PDF would check them."""

from __future__ import annotations

import re
from collections import defaultdict

import pytest
from pdfread import links_to_destinations, page_texts

from dossier.verify.pdf import read_pdf

PASSAGE = re.compile(r"\bS\d+-\d+\b")


@pytest.fixture(scope="module")
def pdf(juliaca_pdf):
    return juliaca_pdf


@pytest.fixture(scope="module")
def appendix_start(pdf) -> int:
    """The 1-based page on which the source appendix begins."""
    return next(page + 1 for _, title, page in read_pdf(pdf.read_bytes()).outline if title == "Source appendix")


@pytest.fixture(scope="module")
def cited_on(pdf, appendix_start) -> dict[str, set[int]]:
    """Each passage of the appendix with the pages its "Cited on" line lists."""
    text = " ".join(page_texts(pdf)[appendix_start - 1:])
    entries = re.findall(r"(S\d+-\d+), line \d+, characters \d+-\d+: .*?"
                         r"(?:Cited on pages? ([\d, ]+)|Not cited by a marker)", text)
    assert len(entries) > 100
    return {passage: {int(n) for n in pages.replace(" ", "").split(",") if n} for passage, pages in entries}


def passage_links(pdf) -> list[tuple[int, str]]:
    """(page, passage) of every link to a quoted passage (other links go to disputed points)."""
    return [(page, name) for page, name in links_to_destinations(pdf) if PASSAGE.fullmatch(name)]


def test_every_passage_is_a_named_destination_that_a_reader_can_open(pdf, cited_on):
    assert {name for _, name in passage_links(pdf)} == set(cited_on)  # and every one is linked to


def test_every_marker_links_to_the_passage_it_names_and_that_passage_lists_its_page(
        pdf, appendix_start, cited_on):
    texts = page_texts(pdf)
    links = [(page, name) for page, name in passage_links(pdf) if page < appendix_start]
    assert len(links) > 300
    for page, passage in links:
        assert passage in PASSAGE.findall(texts[page - 1]), f"page {page} links to {passage} without naming it"
        assert page in cited_on[passage], f"{passage} is cited on page {page} but does not list it"


def test_every_page_a_passage_lists_holds_a_marker_that_links_to_it(pdf, appendix_start, cited_on):
    linked: dict[str, set[int]] = defaultdict(set)
    for page, passage in passage_links(pdf):
        if page < appendix_start:
            linked[passage].add(page)
    for passage, pages in cited_on.items():
        assert pages == linked[passage], passage


def test_every_passage_named_in_the_text_is_in_the_appendix(pdf, appendix_start, cited_on):
    named = {p for text in page_texts(pdf)[:appendix_start - 1] for p in PASSAGE.findall(text)}
    assert named and named <= set(cited_on)


def test_the_appendix_says_how_locations_are_counted(pdf, appendix_start):
    text = " ".join(page_texts(pdf)[appendix_start - 1:appendix_start + 1])
    assert "counted in Unicode characters from the start of the file, the first character being 0" in text
