"""Read a source document into the text its quotes are verified against, and a locator.

Every reader keeps to one contract: `read(path) -> SourceText`, the file's bytes as they are
(what the case pins by SHA-256 and the dossier identifies), the text a reader of the original
sees, and a `Locator` that maps a character offset of that text to where a reader of the
original finds it. The reader is chosen by the file's type; plain text is the first, and the
one used for any type no other reader claims. Readers only read: judging the text is `check`'s.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol


class UnreadableSource(ValueError):
    """A source file that its reader cannot turn into text; `line` is where, 0 if nowhere."""

    def __init__(self, message: str, line: int = 0):
        super().__init__(message)
        self.line = line


@dataclass(frozen=True, kw_only=True)
class Location:
    """Where a passage begins in the original, as precisely as its format allows."""

    line: int  # 1-based line of the text (page and paragraph will join for PDF and HTML)


@dataclass(frozen=True)
class LineLocator:
    """Locates offsets of plain text by line: the start of each line, in order."""

    line_starts: tuple[int, ...]

    @classmethod
    def of(cls, text: str) -> LineLocator:
        return cls((0, *(m.end() for m in re.finditer("\n", text))))

    def locate(self, offset: int) -> Location:
        """Where the character at `offset` (0-based, in Unicode characters) stands."""
        return Location(line=bisect.bisect_right(self.line_starts, offset))


class Locator(Protocol):
    """Maps an offset of a source's text to where a reader of the original finds it."""

    def locate(self, offset: int) -> Location: ...


@dataclass(frozen=True, kw_only=True)
class SourceText:
    """A source file as read: its bytes, its text, and where each offset of the text is."""

    data: bytes
    text: str
    locator: Locator


def read_plain_text(path: Path) -> SourceText:
    """A UTF-8 text file, as it is; lines are counted as in any editor."""
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UnreadableSource("is not UTF-8 text; keep the original and add a UTF-8 transcript "
                               "as a derived source", data[:exc.start].count(b"\n") + 1) from None
    return SourceText(data=data, text=text, locator=LineLocator.of(text))


# The reader of each file type, by suffix; any other suffix is read as plain text.
READERS: dict[str, Callable[[Path], SourceText]] = {".txt": read_plain_text}


def read_source(path: Path) -> SourceText:
    """Read a source with the reader of its type. Raises OSError if the file cannot be read,
    UnreadableSource if its content cannot be turned into text."""
    return READERS.get(path.suffix.lower(), read_plain_text)(path)
