"""The casualty figures of the dossier model: every stated value, grouped and reconciled.

Input: the case's figures. Output: one `Reconciled` per quantity and scope, in the case's
order, with each value as stated and by whom, and the low / best / high of `reconcile`.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Iterable

from dossier.case.model import Case, CasualtyFigure
from dossier.case.values import FigureValue
from dossier.compose import model as doc
from dossier.compose.reconcile import COUNTED, counts, date_key, estimate
from dossier.compose.statements import Statements


class Figures:
    """The reconciliation of a case's figures, computed once."""

    def __init__(self, case: Case, statements: Statements):
        self.case = case
        self.statements = statements
        self.words = case.info.rules.vague_words
        self.scope_label = {s.id: s.label for s in case.info.scopes}
        self.quantity_label = {q.id: q.label for q in case.info.quantities}
        self.by_key = self._reconcile_all()  # (quantity id, scope id) -> its reconciliation
        self.reconciled = tuple(self.by_key.values())

    def low(self, value: FigureValue) -> int | None:
        """The least count a stated value stands for; None for a word that counts as nothing."""
        found = counts(value, self.words)
        return min(found) if found else None

    def _reconcile_all(self) -> dict[tuple[str, str], doc.Reconciled]:
        """Every quantity and scope the figures count, reconciled, in the case's order."""
        groups: dict[tuple[str, str], list[CasualtyFigure]] = defaultdict(list)
        for figure in self.case.figures:
            groups[(figure.quantity, figure.scope)].append(figure)
        order = {s.id: i for i, s in enumerate(self.case.info.scopes)}
        qorder = {q.id: i for i, q in enumerate(self.case.info.quantities)}
        keys = sorted(groups, key=lambda k: (order[k[1]], qorder[k[0]]))
        return {(q, s): self._reconcile(q, s, groups[(q, s)]) for q, s in keys}

    def _reconcile(self, quantity: str, scope: str, figures: list[CasualtyFigure]) -> doc.Reconciled:
        figures = sorted(figures, key=lambda f: (date_key(f.as_of), f.id))
        values = tuple(doc.StatedValue(value=f.value, statement=self.statements.statement(f, str(f.value)))
                       for f in figures)
        rule = estimate(figures, self.words, self.statements.origin)
        return doc.Reconciled(
            quantity=self.quantity_label[quantity], scope=self.scope_label[scope], low=rule.low, best=rule.best, high=rule.high,
            values=values, low_stated=rule.low_stated, best_stated=rule.best_stated,
            high_stated=rule.high_stated, by_value=self._by_value(figures))

    def _by_value(self, figures: Iterable[CasualtyFigure]) -> tuple[doc.ValueGroup, ...]:
        """The stated values, each with all who state it; ordered by count, claims last."""
        # A source's own figure and a party's figure it quotes are never merged, even if equal.
        groups: dict[tuple[FigureValue, bool, str | None], list[CasualtyFigure]] = defaultdict(list)
        for figure in figures:
            party = figure.attributed_to or (figure.alleged_by if figure.status not in COUNTED else None)
            groups[(figure.value, figure.status not in COUNTED, party)].append(figure)
        ordered = sorted(groups.items(), key=lambda item: (
            item[0][1], counts(item[0][0], self.words)[:1] or [0], item[0][0].kind, item[0][2] or ""))
        return tuple(doc.ValueGroup(
            value=value,
            sources=self.statements.sources_of([c for f in figs for c in f.citations]),
            attributed_to=(party,) if party else (),
            alleged=alleged,
            cites=self.statements.cites([c for f in figs for c in f.citations]))
            for (value, alleged, party), figs in ordered)
