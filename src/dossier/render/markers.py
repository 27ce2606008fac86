"""Citation markers: `[S2]` linking to a quoted passage, and recording the page it lands on.

Each marker is a link to its passage in the source appendix, then, for each passage it cites,
a named destination (the appendix links back to it) and a callback that tells the layout the
page it landed on (`pdf.flowables.CitationIndex`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from markupsafe import Markup, escape

from dossier.render.markup import ACCENT, MARKER_CALLBACK

if TYPE_CHECKING:
    from dossier.compose.model import Cite
    from dossier.render.terms import Terms


class CitationMarkers:
    """Writes the markers of a group of citations: one per source shown, in order of citation."""

    def __init__(self, terms: Terms):
        self.terms = terms
        self.count = 0  # markers are named m1, m2... in reading order, which is drawing order

    def markup(self, cites: tuple[Cite, ...]) -> Markup:
        """One marker per source shown, linking to its first passage; every passage records
        the page the marker lands on. A copy cited beside its original is shown as the
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
        """A destination where the marker lands, and a callback recording its page for `passage`."""
        self.count += 1
        key = f"m{self.count}"
        return f'<a name="{key}"/><onDraw name="{MARKER_CALLBACK}" label="{passage} {key}"/>'
