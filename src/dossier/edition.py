"""What one build of a case makes: an edition of its dossier, as one typed and validated value.

A case declares the editions it is built in (case.yaml `editions`; by default one, in the
case's language on A4 paper), and the command line may change them for one build. Every stage
that depends on the edition receives it whole: composing (a draft lists its warnings), rendering
(the language's templates), charts (their words), layout (the paper, the draft stamp) and the
manifest. The chart cache, the compiled-template cache and the output file are all named by the
edition's `key`, so that two editions of one case never overwrite or reuse each other's files.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal, cast

Paper = Literal["a4", "letter"]
PAPERS: tuple[Paper, ...] = ("a4", "letter")
_LANGUAGE = re.compile(r"[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*")  # a BCP 47 tag: en, es, pt-BR


@dataclass(frozen=True, kw_only=True)
class Edition:
    """One edition of a case's dossier. Invalid values raise ValueError at construction."""

    language: str
    """The language of the dossier's own words: its templates (templates/<language>/), its
    dates and numbers, and the language the PDF declares. Quotes stay in their source's."""

    paper: Paper = "a4"
    """The paper the pages are laid out on: a4 (210 x 297 mm) or letter (8.5 x 11 in)."""

    draft: bool = False
    """A draft is built even when the case fails `check`: every page is stamped "not for
    filing", a last page lists the problems, and the file name ends in -DRAFT."""

    def __post_init__(self) -> None:
        if not isinstance(self.language, str) or not _LANGUAGE.fullmatch(self.language):
            raise ValueError(f"language '{self.language}' is not a language code; write one such "
                             "as en or es")
        if self.paper not in PAPERS:
            raise ValueError(f"paper '{self.paper}' is not known; use one of: {', '.join(PAPERS)}")
        if not isinstance(self.draft, bool):
            raise ValueError(f"draft must be true or false, not '{self.draft}'")

    @property
    def key(self) -> str:
        """A name for this edition in file and folder names: en-a4, es-letter-draft."""
        return "-".join([self.language, self.paper] + (["draft"] if self.draft else []))

    def file_name(self, case_id: str) -> str:
        """The PDF's file name: juliaca-2023-en-a4.pdf, or juliaca-2023-en-a4-DRAFT.pdf."""
        return f"{case_id}-{self.language}-{self.paper}{'-DRAFT' if self.draft else ''}.pdf"


@dataclass(frozen=True, kw_only=True)
class EditionOverrides:
    """What one build changes in every edition its case declares; None keeps the case's value."""

    language: str | None = None
    paper: str | None = None  # in either case: A4 is a4
    draft: bool | None = None

    def __post_init__(self) -> None:
        if self.language is not None and not _LANGUAGE.fullmatch(self.language):
            raise ValueError(f"language '{self.language}' is not a language code; write one such as "
                             "en or es")
        if self.paper is not None and self.paper.lower() not in PAPERS:
            raise ValueError(f"paper '{self.paper}' is not known; use one of: {', '.join(PAPERS)}")

    def apply(self, declared: tuple[Edition, ...]) -> tuple[Edition, ...]:
        """The editions to build: the declared ones with these changes, each once, in order."""
        paper = cast(Paper, self.paper.lower()) if self.paper is not None else None
        editions = [Edition(language=self.language or edition.language, paper=paper or edition.paper,
                            draft=edition.draft if self.draft is None else self.draft)
                    for edition in declared]
        return tuple(dict.fromkeys(editions))
