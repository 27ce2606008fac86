"""The figures of the dossier model: every figure as stated, grouped by wording, and reconciled.

Input: the case's figures. Output: one `Reconciled` per quantity and scope, in the case's
order: each figure as its source states it, the values grouped for the summary, and the low /
high / best of `reconcile`.
"""

from __future__ import annotations

from collections import defaultdict

from dossier.case.model import Case, CasualtyFigure
from dossier.compose import model as doc
from dossier.compose.reconcile import counted, date_key, estimate, plainness
from dossier.compose.statements import Statements

Key = tuple[str, str | None]  # quantity id, scope id (None: not stated by the source)


class Figures:
    """The figures of a case, reconciled once."""

    def __init__(self, case: Case, statements: Statements):
        self.case = case
        self.statements = statements
        self.rule = case.info.rules.best_estimate
        self.scope_label = {s.id: s.label for s in case.info.scopes}
        self.quantity_label = {q.id: q.label for q in case.info.quantities}
        self.quantity_kind = {q.id: q.kind for q in case.info.quantities}
        self.by_key = self._reconcile_all()  # (quantity id, scope id) -> its reconciliation
        self.reconciled = tuple(self.by_key.values())

    def _reconcile_all(self) -> dict[Key, doc.Reconciled]:
        """Every quantity and scope the figures count, in the case's order (unstated scopes last)."""
        groups: dict[Key, list[CasualtyFigure]] = defaultdict(list)
        for figure in self.case.figures:
            groups[(figure.quantity, figure.scope)].append(figure)
        order = {s.id: i for i, s in enumerate(self.case.info.scopes)}
        qorder = {q.id: i for i, q in enumerate(self.case.info.quantities)}
        keys = sorted(groups, key=lambda k: (k[1] is None, order.get(k[1] or "", 0), qorder[k[0]]))
        return {key: self._reconcile(key, groups[key]) for key in keys}

    def _reconcile(self, key: Key, figures: list[CasualtyFigure]) -> doc.Reconciled:
        quantity, scope = key
        figures = sorted(figures, key=lambda f: (date_key(f.as_of), f.id))
        values = self._by_value(figures)
        rule = estimate(figures, self.rule, self.statements.origin)

        def group_of(figure: CasualtyFigure | None) -> doc.ValueGroup | None:
            if figure is None:
                return None
            return next(g for g in values if g.counted and g.as_given == figure.as_given
                        and g.value == figure.value)
        return doc.Reconciled(
            quantity=self.quantity_label[quantity], scope=self.scope_label[scope] if scope else None,
            kind=self.quantity_kind[quantity], low=group_of(rule.low), high=group_of(rule.high),
            best=group_of(rule.best), no_best=rule.no_best, values=values,
            figures=tuple(self.entry(f) for f in figures))

    def entry(self, figure: CasualtyFigure) -> doc.FigureEntry:
        return doc.FigureEntry(value=figure.value, as_given=figure.as_given, as_of=figure.as_of,
                               as_of_derived=figure.as_of_derived, attributed_to=figure.attributed_to,
                               counted=counted(figure),
                               statement=self.statements.statement(figure, figure.as_given))

    def _by_value(self, figures: list[CasualtyFigure]) -> tuple[doc.ValueGroup, ...]:
        """The stated values, each wording with all who state it: by count, then words, then
        parties' figures and allegations. A source's own figure and a party's figure it quotes
        are never merged, even when they are the same."""
        groups: dict[tuple[str, object, bool, str | None], list[CasualtyFigure]] = defaultdict(list)
        for figure in figures:
            party = figure.attributed_to or (figure.alleged_by if not counted(figure) else None)
            groups[(figure.as_given, figure.value, counted(figure), party)].append(figure)

        def order(item: tuple[tuple[str, object, bool, str | None], list[CasualtyFigure]]) -> tuple:
            (_, _, own, party), figs = item
            least = figs[0].value.least
            return (not own, least is None, least or 0, plainness(figs[0]), party or "")
        return tuple(doc.ValueGroup(
            value=figs[0].value, as_given=as_given,
            sources=self.statements.sources_of([c for f in figs for c in f.citations]),
            attributed_to=(party,) if party else (), alleged=any(f.status == "alleged" for f in figs),
            counted=own, cites=self.statements.cites([c for f in figs for c in f.citations]))
            for (as_given, _, own, party), figs in sorted(groups.items(), key=order))
