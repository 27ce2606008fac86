"""Citation markers: `[S2]` linking to a quoted passage, with a destination the appendix links back to.

Each marker is a link to its passage in the source appendix, then, for each passage it cites,
a named destination (`<a name="m12"/>`). `landings` records which passage each destination
belongs to, so that the layout, which learns the page of every destination as it is drawn
(`pdf.flowables.CitationIndex`), can list the pages that cite each passage.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from markupsafe import Markup, escape

from dossier.render.markup import ACCENT

if TYPE_CHECKING:
    from dossier.compose.model import Cite
    from dossier.render.terms import Terms


class CitationMarkers:
    """Writes the markers of a group of citations: one per source shown, in order of citation."""

    def __init__(self, terms: Terms):
        self.terms = terms
        self.landings: dict[str, str] = {}  # destination (m1, m2... in reading order) -> passage

    def markup(self, cites: tuple[Cite, ...]) -> Markup:
        """One bracket for a group of citations: every passage by its number, grouped by source,
        each a link to the passage in the appendix: [S2-79, S2-81; S4-3]. A copy's passages follow
        its original's (`Cite.shown_as`), so one text never reads as two sources.
        """
        if not cites:
            return Markup("")
        words = self.terms["cite"]
        sources: list[str] = []  # each original, then its copies cited beside it
        for shown in dict.fromkeys(c.shown_as for c in cites):
            sources += dict.fromkeys(c.source for c in sorted(cites, key=lambda c: c.source != shown)
                                     if c.shown_as == shown)
        groups = [str(escape(words["passages"])).join(
            self._marker(c) for c in cites if c.source == source) for source in sources]
        between = str(escape(words["sources"]))
        return Markup(f'{escape(words["open"])}{between.join(groups)}{escape(words["close"])}')

    def _marker(self, cite: Cite) -> str:
        if not cite.found:  # a draft's citation whose quote is not in its source: said where it stands
            return f'<b>{escape(self.terms["cite"]["not_found"].format(source=cite.source))}</b>'
        return f'<a href="#{cite.passage}" color="{ACCENT}">{cite.passage}</a>{self._landing(cite.passage)}'

    def _landing(self, passage: str) -> str:
        """A destination where the marker lands, recorded as one that cites `passage`."""
        key = f"m{len(self.landings) + 1}"
        self.landings[key] = passage
        return f'<a name="{key}"/>'
