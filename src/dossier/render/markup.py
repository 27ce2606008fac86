"""What templates and the layout agree on besides the tags: callback names and the accent colour.

The section markup is a small XML vocabulary (see `dossier.pdf.markup`) with ReportLab's inline
markup inside paragraphs. Citation markers call back into the layout as they are drawn, under
the name given here, so that the source appendix can list the pages that cite each passage.
"""

from __future__ import annotations

MARKER_CALLBACK = "cite"  # the <onDraw> name of a citation marker, with the passage as its label
ACCENT = "#1f4e79"  # headings and links: one colour, also in the templates (`accent`)

# The block tags a section may contain; inside paragraphs and cells, ReportLab's inline markup.
BLOCKS = frozenset({"h2", "h3", "p", "ul", "table", "chart", "toc", "backrefs", "keep", "spacer",
                    "pagebreak"})
