"""A checked case: the case, where each quoted passage stands, its conflicts and its problems."""

from __future__ import annotations

from dataclasses import dataclass

from dossier.case.model import Case, CasualtyFigure, Citation
from dossier.check.evidence import Conflict, origins
from dossier.check.quotes import Passage
from dossier.errors import Diagnostic


@dataclass(frozen=True, kw_only=True)
class CheckedCase:
    """A case that was loaded, validated and whose quotes were located."""

    case: Case
    passages: dict[Citation, Passage]
    conflicts: list[Conflict]
    problems: list[Diagnostic]

    def summary(self) -> str:
        """What `check` prints for a clean case: its counts, then each conflict among its figures."""
        case = self.case
        independent = len(set(origins(case.sources).values()))
        conflicts = "".join(
            f"\n  {c.quantity} / {c.scope}: " + ", ".join(
                f"\"{figs[0].as_given}\"{_narrower(figs[0], c)} ({'+'.join(sorted({f.citations[0].source for f in figs}))})"
                for value, figs in c.values)
            for c in self.conflicts)
        return (f"{case.info.id}: {len(case.sources)} sources ({independent} independent), "
                f"{len(case.events)} events, {len(case.figures)} figures, "
                f"{len(case.victims)} victims, {len(self.passages)} citations verified, "
                f"{len(self.conflicts)} conflict{'s' if len(self.conflicts) != 1 else ''}"
                + (f":{conflicts}" if conflicts else ""))


def _narrower(figure: CasualtyFigure, conflict: Conflict) -> str:
    return "" if figure.quantity == conflict.quantity else f" {figure.quantity}"
