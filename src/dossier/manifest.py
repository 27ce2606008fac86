"""The manifest a dossier carries inside its PDF: what was built, and where its headings landed.

A finishing step embeds it in the PDF as a JSON file; `verify` reads it back from the PDF
alone, so that any copy of a dossier can be checked without its case folder or the build that
made it. Both sides agree on it through this module only.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass

from dossier.edition import Edition

ATTACHMENT = "dossier-manifest.json"  # the embedded file's name
FORMAT = 1  # raised when a field changes meaning, so that an old reader refuses a new manifest


@dataclass(frozen=True, kw_only=True)
class Heading:
    """A heading of the dossier, on its 1-based page, at its outline level (0 for a section)."""

    level: int
    title: str
    page: int


@dataclass(frozen=True, kw_only=True)
class Manifest:
    """What the build knew of the dossier when it wrote it."""

    tool: str  # "dossier 0.1.0"
    case: str  # the case's id
    edition: Edition
    pages: int
    headings: tuple[Heading, ...]

    def to_json(self) -> bytes:
        """Canonical JSON: the same manifest always gives the same bytes."""
        record = {"format": FORMAT, **asdict(self)}
        return json.dumps(record, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")

    @classmethod
    def from_json(cls, data: bytes) -> Manifest:
        """Read a manifest; raise ValueError saying what is wrong with it."""
        try:
            record = json.loads(data.decode("utf-8"))
            if record.get("format") != FORMAT:
                raise ValueError(f"manifest format {record.get('format')!r}, this dossier reads {FORMAT}")
            return cls(tool=str(record["tool"]), case=str(record["case"]),
                       edition=Edition(**record["edition"]), pages=int(record["pages"]),
                       headings=tuple(Heading(level=int(h["level"]), title=str(h["title"]),
                                              page=int(h["page"])) for h in record["headings"]))
        except (UnicodeDecodeError, json.JSONDecodeError, KeyError, TypeError, AttributeError) as exc:
            raise ValueError(f"the manifest cannot be read ({exc})") from None
