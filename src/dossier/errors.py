"""The errors a user of dossier can see, and how they are printed.

When to use what:
- A problem the user can fix in their files (a bad key, a quote not in its source, a changed
  source) is a `Diagnostic`. Stages collect every diagnostic they find and carry on, so that one
  run reports all of them; the caller raises `CaseInvalid` once at the end.
- A problem that stops a stage at once (a missing folder, unreadable YAML, an output that cannot
  be written) raises a `DossierError` directly.
- Anything else is a bug in dossier and stays a traceback.
The CLI prints `DossierError`s as one line each, without a traceback, and exits non-zero.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Diagnostic:
    """One problem, located in a file: printed as `path:line: error: message [kind]`."""

    path: Path
    line: int
    message: str
    kind: str = "case"
    severity: str = "error"

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else f"{self.path}"
        return f"{where}: {self.severity}: {self.message} [{self.kind}]"


class DossierError(Exception):
    """A problem the user can fix; printed as one line, never as a traceback."""

    def __init__(self, message: str, path: Path | None = None, line: int = 0, kind: str = "usage"):
        super().__init__(message)
        self.diagnostic = Diagnostic(path or Path("."), line, message, kind)
        self.has_location = path is not None

    def __str__(self) -> str:
        if self.has_location:
            return str(self.diagnostic)
        return f"error: {self.diagnostic.message}"

    def __reduce__(self):
        # Rebuilt whole, every attribute included, when it crosses from the build's second
        # process (see `processes`); pickle's default would call __init__ with the message only.
        return _rebuilt, (type(self), self.args, self.__dict__)


class CaseInvalid(DossierError):
    """A case has one or more errors; all are carried so they can be reported together."""

    def __init__(self, case_dir: Path, diagnostics: list[Diagnostic]):
        self.case_dir = case_dir
        self.diagnostics = sorted(diagnostics, key=lambda d: (str(d.path), d.line))
        count = len(diagnostics)
        super().__init__(f"{case_dir}: {count} error{'s' if count != 1 else ''}; nothing was built")

    def __str__(self) -> str:
        return "\n".join([*(str(d) for d in self.diagnostics), self.summary])

    @property
    def summary(self) -> str:
        count = len(self.diagnostics)
        return f"{self.case_dir}: {count} error{'s' if count != 1 else ''} found"


class OutputInvalid(DossierError):
    """The PDF that was laid out fails its own verification; it is not put in place."""


def _rebuilt(cls: type[DossierError], args: tuple, state: dict) -> DossierError:
    error = cls.__new__(cls, *args)
    error.args = args
    error.__dict__.update(state)
    return error
