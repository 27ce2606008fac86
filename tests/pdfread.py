"""Read a built PDF the way its reader would: text per page, contents entries, page images."""

from __future__ import annotations

import re
from pathlib import Path

from pypdf import PdfReader


def page_texts(path: Path) -> list[str]:
    """The text of each page, with runs of whitespace made single spaces."""
    return [re.sub(r"\s+", " ", page.extract_text()) for page in PdfReader(path).pages]


def contents_entries(path: Path) -> list[tuple[str, int]]:
    """(title, page number) of each line of the contents, in the order they are drawn.

    Each line is drawn as its title, its dot leader, then its page number.
    """
    entries: list[tuple[str, int]] = []
    for page in PdfReader(path).pages:
        fragments: list[str] = []
        page.extract_text(visitor_text=lambda text, *_: fragments.append(text.strip()))
        fragments = [f for f in fragments if f and not re.fullmatch(r"[. ]+", f)]
        if "Contents" not in fragments[:3]:  # the running header, then the heading
            if entries:
                break
            continue
        title = None
        for fragment in fragments[fragments.index("Contents") + 1:]:
            if re.fullmatch(r"\d+", fragment) and title:
                entries.append((title, int(fragment)))
                title = None
            elif not re.match(r"Page \d+ of \d+$", fragment) and "·" not in fragment:
                title = fragment
    return entries


def render_page(path: Path, index: int, dpi: int = 50):
    """One page as an RGB image (pypdfium2, installed with the test extra)."""
    import pypdfium2

    document = pypdfium2.PdfDocument(str(path))
    try:
        return document[index].render(scale=dpi / 72).to_pil().convert("RGB")
    finally:
        document.close()
