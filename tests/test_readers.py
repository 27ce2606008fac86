"""Source readers: the bytes stay what is hashed, quotes are verified against the text read."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import edit, errors_of

from dossier.build import check_case
from dossier.case.readers import LineLocator, Location, UnreadableSource, read_source


def test_a_text_file_is_read_as_it_is_with_lines_counted_as_an_editor_counts_them(tmp_path: Path):
    path = tmp_path / "a.txt"
    path.write_bytes("première ligne\nsecond\n\nfourth".encode())
    read = read_source(path)
    assert read.data == path.read_bytes()
    assert read.text == "première ligne\nsecond\n\nfourth"
    offsets = {0: 1, 13: 1, 14: 1, 15: 2, 22: 3, 23: 4, len(read.text): 4}
    assert {offset: read.locator.locate(offset).line for offset in offsets} == offsets


def test_a_file_type_without_a_reader_of_its_own_is_read_as_plain_text(tmp_path: Path):
    path = tmp_path / "notes.md"
    path.write_text("# Notes\nline two\n", encoding="utf-8")
    assert read_source(path).locator.locate(9) == Location(line=2)


def test_text_that_is_not_utf8_says_where_and_what_to_do(tmp_path: Path):
    path = tmp_path / "latin1.txt"
    path.write_bytes("one\ntwo\ncaf\xe9\n".encode("latin-1"))
    with pytest.raises(UnreadableSource) as caught:
        read_source(path)
    assert (caught.value.line, str(caught.value)) == (
        3, "is not UTF-8 text; keep the original and add a UTF-8 transcript as a derived source")


def test_check_reports_an_unreadable_source_at_its_file(mini):
    (mini / "sources" / "excerpt.txt").write_bytes(b"Police \xe9 opened fire\n")
    errors = errors_of(mini)
    assert errors[0] == ("sources/excerpt.txt:1: error: source X is not UTF-8 text; keep the original "
                         "and add a UTF-8 transcript as a derived source [source]")


def test_passages_are_located_by_the_reader_of_their_source(mini):
    edit(mini / "sources.yaml", "file: sources/article.txt", "file: sources/article.md")
    (mini / "sources" / "article.txt").rename(mini / "sources" / "article.md")
    checked = check_case(mini)
    passage = next(p for c, p in checked.passages.items() if c.quote == "killing 4 people")
    document = next(d for d in checked.case.documents if d.source.id == "A")
    assert passage.line == document.locator.locate(passage.start).line == 3
    assert isinstance(document.locator, LineLocator)
