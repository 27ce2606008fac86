"""Filing profiles: what a recipient's system accepts, read from profiles.toml.

Recipients' rules conflict (a court refuses a PDF with attachments; an archive wants the sources
inside), so each is a profile: the PDF/A flavour, whether files are embedded, where the sources
go (inside the dossier, one exhibit PDF each, or one annex bundle in parts), the paper, and the
limits a preflight checks on the finished files before they are put in place.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal, cast

from dossier.errors import DossierError

PROFILES = Path(__file__).with_name("profiles.toml")
DEFAULT = "archive"
MB = 1_000_000

Annexes = Literal["inside", "exhibits", "bundle"]


@dataclass(frozen=True, kw_only=True)
class Profile:
    """One recipient's rules for the files of a filing."""

    name: str
    description: str
    pdfa: Literal["2b", "3b"]
    embedded_files: bool  # the sources and the manifest inside the main PDF
    annexes: Annexes
    paper: Literal["a4", "letter"] | None  # None: each edition's own
    main_limit: int | None  # bytes, of the main document
    file_limit: int | None  # bytes, of any file
    max_files: int | None  # files in one submission, the index not counted
    file_types: tuple[str, ...]  # suffixes the recipient accepts
    language: str | None = None  # its edition in this language, when the case has one

    def with_main_limit(self, megabytes: float | None) -> Profile:
        """The profile with another limit on the main document (`--size-limit`)."""
        if megabytes is None:
            return self
        from dataclasses import replace
        return replace(self, main_limit=int(megabytes * MB))


def load_profile(name: str) -> Profile:
    """The profile called `name`; DossierError naming the known ones if there is none."""
    data = _profiles()
    if name not in data:
        raise DossierError(f"no filing profile '{name}'; use one of: {', '.join(data)}")
    entry = data[name]

    def limit(key: str) -> int | None:
        value = entry.get(key)
        return None if value is None else int(float(value) * MB)
    return Profile(name=name, description=str(entry["description"]), pdfa=cast("Literal['2b', '3b']",
                   str(entry["pdfa"])), embedded_files=bool(entry["embedded_files"]),
                   annexes=cast(Annexes, entry["annexes"]), paper=entry.get("paper"),
                   main_limit=limit("main_limit_mb"), file_limit=limit("file_limit_mb"),
                   max_files=entry.get("max_files"), file_types=tuple(entry["file_types"]),
                   language=entry.get("language"))


def _profiles() -> dict:
    # TOML, not YAML: the process that lays out pages reads it, and never loads a YAML parser.
    import tomllib
    with PROFILES.open("rb") as file:
        return tomllib.load(file)


@dataclass(frozen=True, kw_only=True)
class Bates:
    """Bates numbering of a filing: PREFIX-000001, gap-free across every file, from `start`."""

    prefix: str
    start: int = 1
    digits: int = 6

    @classmethod
    def parse(cls, text: str) -> Bates:
        """`PREFIX` or `PREFIX:START`, as `--bates` takes it."""
        prefix, _, start = text.partition(":")
        if not prefix or not all(c.isalnum() or c in "-_" for c in prefix):
            raise DossierError(f"--bates {text}: the prefix must be letters, digits, - or _, as in "
                               "--bates JUL or --bates JUL:101")
        try:
            number = int(start) if start else 1
        except ValueError:
            number = 0
        if number < 1:
            raise DossierError(f"--bates {text}: the start must be a whole number from 1, as in "
                               "--bates JUL:101")
        return cls(prefix=prefix, start=number)

    def label(self, number: int) -> str:
        """The stamp of one page: JUL-000042."""
        return f"{self.prefix}-{number:0{self.digits}d}"
