"""What stays together across a page break, without leaving most of a page empty.

A heading must not end a page, nor a list's introduction stand apart from its first items.
ReportLab keeps a flowable marked `keepWithNext` with the next one by moving both to the next
page whenever both do not fit here, even when the next one is a long table or list that would
split anyway: a heading over a page-long chronology left two-thirds of a page empty. Here the
flowables kept with the next one stay whole, and the next one only has to begin on this page:
a table with its header and a row or more, a paragraph with two lines or more, or whatever its
own `split` allows (a short table, which moves whole, does not begin at all).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from reportlab.platypus import Flowable

from dossier.pdf.reportlab_private import KeptFlowables

if TYPE_CHECKING:
    from reportlab.pdfgen.canvas import Canvas

UNBOUNDED = 0xFFFFFF  # taller than any frame
TOP_TOLERANCE = 0.5  # points: a frame this close to its full height has nothing on it yet


class KeepWithNext(KeptFlowables):
    """Flowables that start on one page: all but the last whole, the last at least begun.

    The document makes one for every run of flowables marked `keepWithNext` and the flowable
    after them (its `keepTogetherClass`). A <keep> block is one that moves whole while it is no
    taller than `whole_up_to`: a taller one moving whole would leave that much of a page empty.
    Its flowables are laid out one by one, never drawn by it, so that each heading still
    reaches the document and its bookmark.
    """

    def __init__(self, flowables: Iterable[Flowable], frame_height: float, whole_up_to: float = 0.0):
        super().__init__(flowables)
        self.frame_height = frame_height
        self.whole_up_to = whole_up_to

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        # Too tall to be drawn whole, so the frame always asks it to split (see split).
        return available_width, UNBOUNDED

    def needed_height(self, canv: Canvas, width: float) -> float:
        """The height its flowables take one after another at this width."""
        return _stacked_height(canv, self.content, width)

    def getSpaceBefore(self) -> float:
        return float(self.content[0].getSpaceBefore()) if self.content else 0.0

    def getSpaceAfter(self) -> float:
        return float(self.content[-1].getSpaceAfter()) if self.content else 0.0

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        canv = self.canv
        at_top = available_height >= self.frame_height - TOP_TOLERANCE
        needed = self.needed_height(canv, available_width)
        if at_top or needed <= available_height:
            return list(self.content)  # fits, or no page would do better: laid out as they come
        *leaders, last = self.content
        if needed > self.whole_up_to and leaders:
            room = available_height - _stacked_height(canv, leaders, available_width) \
                - max(leaders[-1].getSpaceAfter(), last.getSpaceBefore())
            if room > 0:
                _height_of(canv, last, available_width)  # a split reads what its wrap measured
                parts = last.splitOn(canv, available_width, room)
                if parts:
                    return [*leaders, *parts]
        return []  # the document moves it to the next page and asks again


def _height_of(canv: Canvas, flowable: Flowable, width: float) -> float:
    if isinstance(flowable, KeepWithNext):
        return flowable.needed_height(canv, width)
    return float(flowable.wrapOn(canv, width, UNBOUNDED)[1])


def _stacked_height(canv: Canvas, flowables: list[Flowable], width: float) -> float:
    """Their heights and the space between them, as a frame stacks them: the larger of one's
    space after and the next one's space before (the frames' overlapAttachedSpace)."""
    total, previous = 0.0, None
    for flowable in flowables:
        if previous is not None:
            total += max(previous.getSpaceAfter(), flowable.getSpaceBefore())
        total += _height_of(canv, flowable, width)
        previous = flowable
    return total
