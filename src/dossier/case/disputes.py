"""disputes.yaml as typed data: the points on which the sources give different accounts.

A disputed point is not settled by the dossier: each account is shown with the sources that
give it, and the compiler's analysis, when there is one, is printed as an inference. The
records that state one side (`concerns`) may not be marked established; they, and the records
it bears on without taking a side (`related`), link to it.
"""

from __future__ import annotations

from dataclasses import dataclass

from dossier.case.claims import NOWHERE, Citation, Loc


@dataclass(frozen=True, kw_only=True)
class Account:
    """One account of the point, in neutral words, with the passages that give it."""

    account: str
    by: str | None = None  # who gives it, when the sources quote someone (else: the sources)
    citations: tuple[Citation, ...]
    loc: Loc = NOWHERE


@dataclass(frozen=True, kw_only=True)
class Analysis:
    """The compiler's reading of the accounts: an inference, never a finding."""

    text: str
    citations: tuple[Citation, ...] = ()
    loc: Loc = NOWHERE


@dataclass(frozen=True, kw_only=True)
class Dispute:
    """A point on which the sources disagree, with every account of it."""

    id: str
    question: str
    accounts: tuple[Account, ...]
    analysis: Analysis | None = None
    concerns: tuple[str, ...] = ()  # records that state one of the accounts: never established
    related: tuple[str, ...] = ()  # records it bears on without taking a side
    note: str | None = None
    loc: Loc = NOWHERE
