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
        """One marker per source shown, linking to its first passage, with a destination for
        each passage it cites. A copy cited beside its original is shown as the
        original (`Cite.shown_as`): [S2], not [S2][S1], which would look like two sources.
        """
        parts = []
        for source in dict.fromkeys(c.shown_as for c in cites):
            # The marker opens the source's own passage first, then those of its copies.
            passages = [c.passage for c in cites if c.source == source] + \
                [c.passage for c in cites if c.shown_as == source and c.source != source]
            label = escape(self.terms["cite_marker"].format(source=source))
            pages = "".join(self._landing(p) for p in passages)
            parts.append(f'<a href="#{passages[0]}" color="{ACCENT}">{label}</a>{pages}')
        return Markup("".join(parts))

    def _landing(self, passage: str) -> str:
        """A destination where the marker lands, recorded as one that cites `passage`."""
        key = f"m{len(self.landings) + 1}"
        self.landings[key] = passage
        return f'<a name="{key}"/>'
