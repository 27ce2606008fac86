"""What every record of a case is built from: where it stands, the passages it cites, its status."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

Status = Literal["established", "reported", "alleged", "disputed", "unsupported"]


@dataclass(frozen=True, order=True)
class Loc:
    """Where a record stands: its file, its 1-based line, and the line of each of its keys."""

    path: Path
    line: int
    keys: tuple[tuple[str, int], ...] = ()

    def at(self, key: str) -> Loc:
        """Where one key of the record stands (the record's own line if it has no such key)."""
        return Loc(self.path, dict(self.keys).get(key, self.line))

    def __str__(self) -> str:
        return f"{self.path}:{self.line}"


NOWHERE = Loc(Path("."), 0)


@dataclass(frozen=True, kw_only=True)
class Citation:
    """A verbatim passage of a source that supports a claim."""

    source: str
    quote: str
    # The curator's translation of a quote in another language; the quote stays verbatim and the
    # appendix prints the translation beside it, marked as the curator's.
    translation: str | None = None
    loc: Loc = NOWHERE


@dataclass(frozen=True, kw_only=True)
class Claim:
    """Something the dossier may say, with its status and the passages it rests on."""

    status: Status
    alleged_by: str | None = None
    note: str | None = None
    citations: tuple[Citation, ...]
    loc: Loc = NOWHERE
