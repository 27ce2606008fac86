"""The pipeline, top to bottom: the only module that calls more than one stage.

check: load the corpus -> validate -> verify quotes.
build: check -> compile the dossier model -> draw charts -> lay out the PDF -> post-process ->
verify the output -> put it in place. Everything is gathered before anything is written, and
the previous PDF stays intact until the new one has passed its own verification.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from dossier.citations import Passage, verify_quotes
from dossier.corpus import load_case
from dossier.errors import CaseInvalid, Diagnostic
from dossier.evidence import Conflict, citations_in, find_conflicts, origins
from dossier.model import Case, Citation
from dossier.validate import validate_case


@dataclass(frozen=True)
class CheckedCase:
    """A case that was loaded, validated and whose quotes were located."""

    case: Case
    passages: dict[Citation, Passage]
    conflicts: list[Conflict]
    problems: list[Diagnostic]

    def summary(self) -> str:
        case = self.case
        independent = len(set(origins(case.sources).values()))
        conflicts = "; ".join(
            f"{c.quantity} / {c.scope}: " + ", ".join(
                f"{value} ({'+'.join(sorted({f.citations[0].source for f in figs}))})"
                for value, figs in c.values)
            for c in self.conflicts)
        return (f"{case.info.id}: {len(case.sources)} sources ({independent} independent), "
                f"{len(case.events)} events, {len(case.figures)} figures, "
                f"{len(case.victims)} victims, {len(self.passages)} citations verified, "
                f"{len(self.conflicts)} conflict{'s' if len(self.conflicts) != 1 else ''}" + (f": {conflicts}" if conflicts else ""))


def check_case(root: Path, allow_problems: bool = False) -> CheckedCase:
    """Load, validate and verify a case; raise CaseInvalid with every problem found."""
    case = load_case(root)
    problems = validate_case(case)
    passages = verify_quotes(list(citations_in(case)), case.documents, problems)
    problems.sort(key=lambda d: (str(d.path), d.line))
    if problems and not allow_problems:
        raise CaseInvalid(root, problems)
    return CheckedCase(case, passages, find_conflicts(case.figures), problems)
