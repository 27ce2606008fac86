"""The data of each chart the case asks for (charts.yaml), as the dossier model's `Chart`.

A chart shows figures as their sources state them: each point keeps its stated value, the count
it is drawn at under the reconciliation rule, and the sources behind it.
"""

from __future__ import annotations

from collections.abc import Callable

from dossier.case.model import Case, CasualtyFigure, ChartSpec, Citation, Event
from dossier.case.values import FigureValue
from dossier.compose import model as doc
from dossier.compose.figures import Figures
from dossier.compose.reconcile import counted, date_key, plainness
from dossier.compose.statements import Statements


class ChartData:
    """Works out the points of each chart of one case."""

    def __init__(self, case: Case, statements: Statements, figures: Figures):
        self.case, self.statements, self.figures = case, statements, figures
        self.cite_as = {s.id: s.cite_as or s.title for s in case.sources}

    def chart(self, spec: ChartSpec) -> doc.Chart:
        citations: list[Citation] = []
        reference = None
        if spec.kind in ("by-source", "over-time", "breakdown"):
            points, reference = self._stated(spec, citations)
        elif spec.kind == "compare-scopes":
            points = self._compared(spec, citations)
        else:
            points = self._timeline(spec, citations)
        return doc.Chart(id=spec.id, kind=spec.kind, title=spec.title, points=tuple(points),
                         cites=self.statements.cites(citations),
                         sources=self.statements.sources_of(citations), reference=reference)

    def _stated(self, spec: ChartSpec, citations: list[Citation]) -> tuple[list[doc.ChartPoint], int | None]:
        """Each figure of the chart's quantities in its one scope, as stated, oldest first."""
        scope, points, reference = spec.scopes[0], [], None
        for quantity in spec.quantities:
            chosen = sorted((f for f in self.case.figures if f.quantity == quantity and f.scope == scope),
                            key=lambda f: (date_key(f.as_of), f.id))
            if spec.kind == "breakdown" and quantity == spec.quantities[0]:
                exact = [f for f in chosen if f.value.kind == "exact"]  # the total, drawn as a line
                reference = exact[0].value.low if exact else None
                citations += [c for f in exact[:1] for c in f.citations]
                continue
            if spec.kind == "over-time":
                chosen = [f for f in chosen if f.as_of is not None]
            for figs in _one_figure_each(chosen, self.statements.sources_of):
                # Drawn as its most guarded wording states it: "at least 17" over "17", so that
                # the chart never reads as more certain than the source's every wording.
                figs = sorted(figs, key=plainness, reverse=True)
                f = figs[0]
                citations += [c for g in figs for c in g.citations]
                points.append(doc.ChartPoint(
                    group=self.figures.quantity_label[quantity], label=self._figure_label(f),
                    value=f.value, as_given=f.as_given,
                    also_given=tuple(dict.fromkeys(g.as_given for g in figs[1:] if g.as_given != f.as_given)),
                    sources=self.statements.sources_of([c for g in figs for c in g.citations]),
                    as_of=f.as_of, claim=not counted(f)))
        return points, reference

    def _compared(self, spec: ChartSpec, citations: list[Citation]) -> list[doc.ChartPoint]:
        """Each quantity in each scope, from the lowest to the highest figure a source states."""
        points = []
        for quantity in spec.quantities:
            for scope in spec.scopes:
                r = self.figures.by_key.get((quantity, scope))
                if r is None or r.low is None or r.high is None:
                    continue
                low, high = r.low.value.least, r.high.value.most
                assert low is not None and high is not None  # the lowest and highest have numbers
                if r.low.sources == r.high.sources and r.low.value.low == r.high.value.low:
                    value = r.low.value  # one source's figure in two wordings ("100+", "over 100")
                elif low == high:
                    value = FigureValue(kind="exact", low=low, high=low)
                else:
                    value = FigureValue(kind="range", low=low, high=high)
                sources = tuple(dict.fromkeys((*r.low.sources, *r.high.sources)))
                citations += [c for f in self.case.figures if (f.quantity, f.scope) == (quantity, scope)
                              and (f.as_given, f.value) in ((r.low.as_given, r.low.value),
                                                            (r.high.as_given, r.high.value))
                              for c in f.citations]
                points.append(doc.ChartPoint(
                    group=self.figures.quantity_label[quantity], label=self.figures.scope_label[scope],
                    value=value, as_given=None, sources=sources,
                    span=(r.low.as_given, r.high.as_given if value.kind != "exact" else r.low.as_given),
                    open_high=r.high.value.kind in ("at_least", "more_than")))
        # What the sources give for these in words only: named under the chart, never drawn.
        for quantity in spec.quantities:
            for scope in spec.scopes:
                for f in self.case.figures:
                    if (f.quantity, f.scope) == (quantity, scope) and f.value.least is None:
                        citations += f.citations
                        points.append(doc.ChartPoint(
                            group=self.figures.quantity_label[quantity],
                            label=f"{self._figure_label(f)}; {self.figures.quantity_label[quantity]}, "
                                  f"{self.figures.scope_label[scope]}",
                            value=f.value, as_given=f.as_given,
                            sources=self.statements.sources_of(f.citations), claim=not counted(f)))
        return points

    def _timeline(self, spec: ChartSpec, citations: list[Citation]) -> list[doc.ChartPoint]:
        """The timed events of one day, in order."""
        day = spec.date or self.case.info.event_date
        events = sorted((e for e in self.case.events if e.date == day and e.time is not None),
                        key=event_order)
        points = []
        for e in events:
            citations += e.citations
            points.append(doc.ChartPoint(group=str(e.time), label=e.short or e.description,
                                         value=None, as_given=None,
                                         sources=self.statements.sources_of(e.citations),
                                         as_of=e.date, time=e.time, approximate=e.approximate,
                                         bound=e.bound, end_time=e.end_time))
        return points

    def _figure_label(self, figure: CasualtyFigure) -> str:
        """[S4] Wadhwa, or [S2] IACHR when the source quotes someone else's figure."""
        source = figure.citations[0].source
        return f"[{source}] {figure.attributed_to or self.cite_as[source]}"


def _one_figure_each(figures: list[CasualtyFigure],
                     sources_of: Callable[[tuple[Citation, ...]], tuple[str, ...]]) -> list[list[CasualtyFigure]]:
    """The figures grouped so that one source's wordings of one count, as of one date ("17" and
    "at least 17", "100+" and "over 100"), are one bar, not two: in the order of each group's
    first figure. A copy of a source counts as the source (`sources_of`)."""
    groups: dict[tuple, list[CasualtyFigure]] = {}
    for f in figures:
        key = (sources_of(f.citations), f.as_of, f.value.low, counted(f), f.attributed_to)
        groups.setdefault(key, []).append(f)
    return list(groups.values())


def event_order(event: Event) -> tuple[tuple[int, int, int], tuple[int, int], str]:
    """Events by date, then time (untimed first), then id."""
    time = (event.time.hour, event.time.minute) if event.time else (-1, -1)
    return (date_key(event.date), time, event.id)
