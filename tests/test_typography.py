"""Type a court can read, read back from the built PDF: sizes, page furniture, page breaks.

Text is read with PDFium (pypdfium2, from the test extra): each character with its font, size
and place on the page, forms included (the footer is one), as a reader's viewer draws them.
"""

from __future__ import annotations

import ctypes
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import JULIACA, build_pdf, edit

from dossier.build import check_case
from dossier.pdf.typography import (ELLIPSIS, NO_BREAK_SPACE, bind_numbers, bind_numbers_within,
                                    fit_field, fit_text)
from dossier.pdf.writer import MARGIN
from dossier.verify.pdf import read_pdf

MM = 72 / 25.4
LIST_INDENT = 12  # where a list item's text starts, right of its bullet (styles "item")
CITED = re.compile(r"(Cited on pages? )?[\d, ]+|Not cited by a marker in the text\.")  # appendix
HEADING_SIZE = 9.5  # the smallest heading (h3)


@dataclass(frozen=True)
class Char:
    text: str
    font: str
    size: float
    x: float  # origin
    y: float  # baseline
    right: float  # right edge of the glyph's box


@dataclass
class Line:
    """Characters on one baseline, left to right (a table row's cells are one line)."""

    chars: list[Char]

    @property
    def text(self) -> str:
        return "".join(c.text for c in self.chars).replace(NO_BREAK_SPACE, " ").strip()

    @property
    def y(self) -> float:
        return self.chars[0].y

    @property
    def left(self) -> float:
        return min(c.x for c in self.chars if not c.text.isspace())

    def is_heading(self) -> bool:
        visible = [c for c in self.chars if not c.text.isspace()]
        return all(c.font == "DejaVuSans-Bold" and c.size >= HEADING_SIZE for c in visible)


@dataclass
class Page:
    height: float
    chars: list[Char]  # in the order they are drawn

    def lines(self, low: float = float("-inf"), high: float = float("inf")) -> list[Line]:
        """Lines with baselines between low and high, top to bottom."""
        rows: dict[float, list[Char]] = {}
        for char in self.chars:
            if low < char.y < high:
                rows.setdefault(round(char.y, 1), []).append(char)
        return [Line(sorted(rows[y], key=lambda c: c.x)) for y in sorted(rows, reverse=True)]

    def body(self) -> list[Line]:
        """The lines of the text block, between the header's rule and the footer's."""
        return self.lines(MARGIN - 4 * MM, self.height - MARGIN)

    def header(self) -> list[Char]:
        return [c for c in self.chars if c.y > self.height - MARGIN]

    def footer(self) -> list[Char]:
        return [c for c in self.chars if c.y < MARGIN - 4 * MM]


def read_pages(path: Path) -> list[Page]:
    import pypdfium2
    import pypdfium2.raw as raw

    document = pypdfium2.PdfDocument(str(path))
    pages = []
    try:
        for index in range(len(document)):
            page = document[index]
            textpage = page.get_textpage()
            handle = textpage.raw  # what PDFium's functions take, in pypdfium2 4 and 5 alike
            chars = []
            name = ctypes.create_string_buffer(128)
            flags = ctypes.c_int()
            x, y = ctypes.c_double(), ctypes.c_double()
            box = [ctypes.c_double() for _ in range(4)]
            for i in range(textpage.count_chars()):
                if raw.FPDFText_IsGenerated(handle, i):  # a space or line end PDFium adds
                    continue
                raw.FPDFText_GetFontInfo(handle, i, name, len(name), ctypes.byref(flags))
                raw.FPDFText_GetCharOrigin(handle, i, ctypes.byref(x), ctypes.byref(y))
                raw.FPDFText_GetCharBox(handle, i, *(ctypes.byref(b) for b in box))
                chars.append(Char(chr(raw.FPDFText_GetUnicode(handle, i)),
                                  name.value.decode().split("+")[-1], round(raw.FPDFText_GetFontSize(handle, i), 2),
                                  x.value, y.value, box[1].value))
            pages.append(Page(page.get_size()[1], chars))
            textpage.close()
            page.close()
    finally:
        document.close()
    return pages


@pytest.fixture(scope="module")
def pages(juliaca_pdf) -> list[Page]:
    return read_pages(juliaca_pdf)


@pytest.fixture(scope="module")
def outline(juliaca_pdf) -> list[tuple[int, str, int]]:
    """(level, title, 1-based page) of every heading."""
    return [(level, title, page + 1) for level, title, page in read_pdf(juliaca_pdf.read_bytes()).outline]


def sizes_by_kind(pages: list[Page]) -> dict[str, list[tuple[float, int, str]]]:
    """(size, page, line) of every visible character, by what it is: page furniture, the
    appendix's "Cited on pages", table text (sans serif, not a heading; the appendix's hashes
    too) and other text. Dot leaders of the contents are not text."""
    kinds: dict[str, list[tuple[float, int, str]]] = {}
    for number, page in enumerate(pages, 1):
        lines = [(line, "furniture") for line in page.lines() if line.y < MARGIN - 4 * MM
                 or line.y > page.height - MARGIN] + [(line, "") for line in page.body()]
        cited = False  # the line is "Cited on pages", or the rest of its page numbers
        for line, kind in lines:
            cited = bool(kind == "" and CITED.fullmatch(line.text)
                         and (cited or not line.text[:1].isdigit()))
            for index, char in enumerate(line.chars):
                if char.text.isspace() or is_leader(line.chars, index):
                    continue
                what = kind or ("cited" if cited
                                else "table" if char.font.startswith("DejaVuSans") and not line.is_heading()
                                and number > 2 else "text")
                kinds.setdefault(what, []).append((char.size, number, line.text[:60]))
    return kinds


def is_leader(chars: list[Char], index: int) -> bool:
    """Whether a character is a dot of a leader: a full stop with spaces (or nothing) around it."""
    around = chars[index - 1:index] + chars[index + 1:index + 2]
    return chars[index].text == "." and all(c.text.isspace() for c in around)


def test_text_a_reader_must_read_is_at_least_8_5_pt(pages):
    kinds = sizes_by_kind(pages)
    assert len(kinds["table"]) > 1000 and len(kinds["text"]) > 1000  # both were measured
    for kind, floor in (("table", 8.5), ("text", 8.5), ("cited", 8), ("furniture", 7.5)):
        assert min(kinds[kind]) >= (floor,), kind


LONG_TITLE = ("The killings at the Villa Norte bridge on 12 March 2021 and in the days after them, "
              "with every figure of the dead and injured that the three invented sources give")
MARKING = "Confidential - for counsel and the court only"


def split_drawn(chars: list[Char], right_text: str) -> tuple[list[Char], list[Char]]:
    """A line of furniture as drawn: its left text, then its right text (given)."""
    visible = [c for c in chars if not c.text.isspace()]
    count = len(right_text.replace(" ", ""))
    return visible[:-count], visible[-count:]


def text_of(chars: list[Char], all_chars: list[Char]) -> str:
    first, last = all_chars.index(chars[0]), all_chars.index(chars[-1])
    return "".join(c.text for c in all_chars[first:last + 1])


def test_every_page_has_header_and_footer_and_long_text_never_overprints(mini, tmp_path):
    edit(mini / "case.yaml", "title: The Villa Norte bridge killings", f"title: {LONG_TITLE}")
    edit(mini / "case.yaml", "confidentiality: unknown", f"confidentiality: {MARKING}")
    pdf_pages = read_pages(build_pdf(mini, tmp_path / "out", tmp_path / "figures"))
    assert len(pdf_pages) > 3
    for number, page in enumerate(pdf_pages, 1):
        header, footer = page.header(), page.footer()
        assert header and footer, f"page {number} lacks its header or its footer"
        title, marking = split_drawn(header, MARKING)
        assert text_of(marking, header) == MARKING, number  # on the cover too
        shown = text_of(title, header)
        assert shown.endswith(ELLIPSIS) and LONG_TITLE.startswith(shown[:-1]), number
        assert max(c.right for c in title) + 5 * MM < min(c.x for c in marking), number

        page_of = f"Page {number} of {len(pdf_pages)}"
        left, right = split_drawn(footer, page_of)
        assert text_of(right, footer) == page_of, number
        shown = text_of(left, footer)
        # The title is shortened, never the version or the date of compilation.
        assert ELLIPSIS in shown and "0.1" in shown and "1 April 2021" in shown, number
        assert max(c.right for c in left) + 5 * MM < min(c.x for c in right), number


def test_fitting_text_shortens_it_with_an_ellipsis_after_the_last_word_that_fits():
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from dossier.pdf.fonts import register_fonts
    register_fonts()
    font = ("DejaVuSans", 7.5)
    assert fit_text("Short", *font, 100) == "Short"
    shortened = fit_text(LONG_TITLE, *font, 100)
    assert shortened == "The killings at the Villa" + ELLIPSIS and stringWidth(shortened, *font) <= 100
    assert stringWidth("The killings at the Villa Norte" + ELLIPSIS, *font) > 100
    assert fit_text("Supercalifragilistic", *font, 30) == "Super" + ELLIPSIS  # no word fits
    footer = fit_field("{document} · version {version}", {"document": LONG_TITLE, "version": "1.0"},
                       "document", *font, 150)
    assert footer.endswith(f"{ELLIPSIS} · version 1.0") and stringWidth(footer, *font) <= 150


def test_no_page_ends_with_a_heading(pages, outline):
    for number, page in enumerate(pages, 1):
        last = page.body()[-1]
        titles = [title for _, title, at in outline if at == number]
        assert not (last.is_heading() and any(last.text in title for title in titles)), \
            f"page {number} ends with the heading {last.text!r}"


def test_no_list_breaks_after_its_first_item_or_away_from_its_introduction(pages):
    def in_list(line: Line) -> bool:
        return line.text.startswith("•") or abs(line.left - MARGIN - LIST_INDENT) < 0.5

    for number, (page, following) in enumerate(zip(pages, pages[1:]), 1):
        lines, next_first = page.body(), following.body()[0]
        if not in_list(next_first):
            continue
        # The list runs on to the next page: what of it ends this one, and what comes before it.
        start = len(lines)
        while start and in_list(lines[start - 1]):
            start -= 1
        assert start < len(lines), f"the list at the top of page {number + 1} is apart from its introduction"
        if start:  # the list begins on this page
            items = sum(line.text.startswith("•") for line in lines[start:])
            assert items >= 2, f"a list breaks after its first item on page {number}"


def test_no_page_is_left_two_thirds_empty_before_the_end_of_its_section(pages, outline):
    section_starts = {page for level, _, page in outline if level == 0}
    for number, page in enumerate(pages, 1):
        if number == 1 or number + 1 in section_starts or number == len(pages):
            continue  # the cover, and the last page of a section
        last = page.body()[-1]
        assert last.y < page.height * 2 / 3, f"page {number} ends in its top third: {last.text!r}"


def test_numbers_are_bound_to_the_words_beside_them():
    assert bind_numbers("Killings in Juliaca, 9 January 2023") == \
        "Killings in Juliaca, 9\u00a0January\u00a02023"
    assert bind_numbers("15 de enero de 2023") == "15\u00a0de enero de\u00a02023"
    assert bind_numbers("Bodies with 7.62×39 mm rounds") == "Bodies with\u00a07.62×39\u00a0mm rounds"
    assert bind_numbers("Juliaca (9 January 2023) beside Ayacucho") == \
        "Juliaca (9\u00a0January\u00a02023) beside Ayacucho"
    assert bind_numbers("٩ يناير ٢٠٢٣") == "٩\u00a0يناير\u00a0٢٠٢٣"  # any script's digits
    assert bind_numbers("[S2] Juliaca massacre") == "[S2] Juliaca massacre"
    from dossier.pdf.fonts import register_fonts
    register_fonts()
    # A bound run too wide for a line would be cut inside a word: then nothing is bound.
    assert bind_numbers_within("1 2 3 4 5 6 7 8 9 10", "DejaVuSans-Bold", 28, 100) == "1 2 3 4 5 6 7 8 9 10"


def broken_beside_a_number(lines: list[Line]) -> list[str]:
    """Where consecutive lines break between a number and a word (or two numbers)."""
    return [f"{above.text!r} / {below.text!r}" for above, below in zip(lines, lines[1:])
            if re.search(r"\d$", above.text) and re.match(r"\w", below.text)
            or re.search(r"\w$", above.text) and re.match(r"\d", below.text)]


def cover_title(page: Page) -> list[Line]:
    """The lines of the cover's title: its largest type."""
    size = max(c.size for c in page.chars)
    return [line for line in page.body() if line.chars[0].size == size]


def test_the_cover_title_keeps_its_date_on_one_line(pages):
    title = check_case(JULIACA).case.info.title
    lines = cover_title(pages[0])
    assert " ".join(line.text for line in lines) == title
    assert broken_beside_a_number(lines) == []
    for date in re.findall(r"\d+ \w+ \d+", title):
        assert any(date in line.text for line in lines), date


def test_a_title_that_would_break_inside_its_date_does_not(mini, tmp_path):
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from dossier.pdf.fonts import register_fonts
    from dossier.pdf.styles import paragraph_styles
    from dossier.pdf.writer import frame_size
    register_fonts()
    title = "Killings in Villa Norte, 12 March 2021"
    style = paragraph_styles()["cover-title"]
    # Filled word by word, its first line would end after the 12.
    assert stringWidth("Killings in Villa Norte, 12", style.fontName, style.fontSize) \
        <= frame_size("a4")[0] < stringWidth("Killings in Villa Norte, 12 March", style.fontName, style.fontSize)
    edit(mini / "case.yaml", "title: The Villa Norte bridge killings", f"title: {title}")
    lines = cover_title(read_pages(build_pdf(mini, tmp_path / "out", tmp_path / "figures"))[0])
    assert [line.text for line in lines] == ["Killings in Villa Norte,", "12 March 2021"]


def test_headings_break_between_words_that_belong_together(pages):
    for number, page in enumerate(pages, 1):
        lines = page.body()
        runs = [[lines[0]]]
        for above, below in zip(lines, lines[1:]):  # a heading's lines: bold, one leading apart
            if above.is_heading() and below.is_heading() and above.y - below.y < 1.4 * below.chars[0].size:
                runs[-1].append(below)
            else:
                runs.append([below])
        for run in runs:
            assert broken_beside_a_number(run) == [], f"page {number}"
