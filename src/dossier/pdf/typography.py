"""Where short texts may break, and how they are shortened to fit: titles and page furniture.

Both work on any language's text: a number is recognised by its digits, never by its words.
"""

from __future__ import annotations

import re

from reportlab.pdfbase import pdfmetrics

NO_BREAK_SPACE = "\u00a0"
ELLIPSIS = "\u2026"
# A space with a digit on one side and a letter or digit on the other (not after punctuation:
# "Juliaca, 9" may break, "9 January" and "January 2023" may not).
_BESIDE_NUMBER = re.compile(r"(?<=\d) (?=\w)|(?<=\w) (?=\d)")


def bind_numbers(text: str) -> str:
    """The text with every space between a number and the word beside it made a no-break space.

    "9 January 2023" broken after the 9 reads as two things, and a date or count split over two
    lines of a title is easily misread. ReportLab breaks lines only at breaking spaces, and
    DejaVu draws U+00A0 as a space of the same width.
    """
    return _BESIDE_NUMBER.sub(NO_BREAK_SPACE, text)


def bind_numbers_within(text: str, font: str, size: float, width: float) -> str:
    """`bind_numbers`, unless a bound run of words would be wider than a line: a run that does
    not fit would be cut inside a word instead."""
    bound = bind_numbers(text)
    if any(pdfmetrics.stringWidth(run, font, size) > width for run in bound.split(" ")):
        return text
    return bound


def fit_text(text: str, font: str, size: float, width: float) -> str:
    """The text, or its longest beginning that fits the width with an ellipsis after it: up to
    the last whole word that fits, if one does, else cut inside the first word."""
    if pdfmetrics.stringWidth(text, font, size) <= width:
        return text
    shortest, longest = 0, len(text)  # the longest beginning that fits is in shortest..longest-1
    while longest - shortest > 1:
        middle = (shortest + longest) // 2
        if pdfmetrics.stringWidth(_before_ellipsis(text[:middle]), font, size) <= width:
            shortest = middle
        else:
            longest = middle
    head = text[:shortest]
    inside_a_word = not head[-1:].isspace() and not text[shortest].isspace()
    if inside_a_word and " " in head.strip():
        head = head[:head.rstrip().rindex(" ")]
    return _before_ellipsis(head)


def _before_ellipsis(head: str) -> str:
    return head.rstrip(" ,;:·") + ELLIPSIS


def fit_field(template: str, values: dict[str, str], field: str, font: str, size: float,
              width: float) -> str:
    """The template filled in to fit the width, shortening only the one field if that is enough.

    The footer's document title may be shortened; its version and date must stay whole.
    """
    full = template.format(**values)
    if pdfmetrics.stringWidth(full, font, size) <= width:
        return full
    rest = pdfmetrics.stringWidth(template.format(**{**values, field: ""}), font, size)
    room = width - rest
    if room >= pdfmetrics.stringWidth(values[field][:1] + ELLIPSIS, font, size):
        return template.format(**{**values, field: fit_text(values[field], font, size, room)})
    return fit_text(full, font, size, width)
