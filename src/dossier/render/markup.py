"""What templates and the layout agree on: the block tags of the markup and the accent colour.

The section markup is a small XML vocabulary (see `dossier.pdf.markup`) with ReportLab's inline
markup inside paragraphs and table cells.
"""

from __future__ import annotations

from dataclasses import dataclass

ACCENT = "#1f4e79"  # headings and links: one colour, also in the templates (`accent`)

# The block tags a section may contain; inside paragraphs and cells, ReportLab's inline markup.
BLOCKS = frozenset({"h2", "h3", "p", "ul", "table", "chart", "toc", "backrefs", "keep", "spacer",
                    "pagebreak"})


@dataclass(frozen=True, kw_only=True)
class Rendered:
    """The dossier as markup: its sections in reading order, and what each marker cites."""

    sections: list[tuple[str, str]]  # (section name, markup)
    landings: dict[str, str]  # marker destination -> the passage it cites
