"""Verify that every quote stands verbatim in its source, and find where.

Matching is exact after the normalisation a lawyer accepts: Unicode NFC, runs of whitespace,
typographic versus straight quotes and apostrophes, dash variants. Nothing is fuzzy: a quote
that is not found is an error that shows the closest passage and where the two first differ.
Each source is normalised once into a `SourceIndex`, with a map back to original offsets, so a
case of hundreds of quotes checks in milliseconds.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass
from typing import Iterable, Mapping, Sequence
from pathlib import Path

from dossier.errors import Diagnostic
from dossier.case.model import CasualtyFigure, Citation, SourceDocument

_FOLD = str.maketrans({
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u00ab": '"', "\u00bb": '"',
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-",
    "\u2212": "-", "\u2026": "...",
})
_SPACES = re.compile(r"\s+")
# What normalising changes in composed text besides one-to-one folds: whitespace other than a
# single space, and the ellipsis character.
_CHANGES = re.compile(r"\s{2,}|[^\S ]|\u2026")
_ELISION = re.compile(r"\s*(?:\.\.\.|\u2026)\s*")
_MIN_RESEMBLANCE = 8


@dataclass(frozen=True)
class Passage:
    """Where a quoted passage stands in its source: 1-based line and character offsets."""

    source: str
    line: int
    start: int
    end: int
    text: str


def normalise(text: str) -> str:
    """The form in which quotes and sources are compared (as _normalise_with_offsets, faster)."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text).translate(_FOLD)).strip(" ")


def _normalise_with_offsets(text: str) -> tuple[str, list[int]]:
    """Normalise text; also return, for each output character, its offset in the input."""
    if not unicodedata.is_normalized("NFC", text) or any(map(unicodedata.combining, text)):
        return _normalise_char_by_char(text)
    # Text already composed, with no combining marks: only folds and whitespace runs change it,
    # so it is copied a run at a time (a source of 100,000 characters takes milliseconds).
    pieces: list[str] = []
    offsets: list[int] = []
    done = len(text) - len(text.lstrip())  # leading whitespace is dropped
    for match in _CHANGES.finditer(text, done):
        start, end = match.span()
        pieces.append(text[done:start].translate(_FOLD))
        offsets.extend(range(done, start))
        if match.group() == "\u2026":
            pieces.append("...")
            offsets.extend((start, start, start))
        else:
            pieces.append(" ")
            offsets.append(start)
        done = end
    pieces.append(text[done:].translate(_FOLD))
    offsets.extend(range(done, len(text)))
    out = "".join(pieces)
    if out.endswith(" "):
        out, offsets = out[:-1], offsets[:-1]
    return out, offsets


def _normalise_char_by_char(text: str) -> tuple[str, list[int]]:
    """The general case: each character with its combining marks, composed then folded."""
    out: list[str] = []
    offsets: list[int] = []
    i, n = 0, len(text)
    while i < n:
        j = i + 1
        while j < n and unicodedata.combining(text[j]):
            j += 1
        piece = unicodedata.normalize("NFC", text[i:j]).translate(_FOLD)
        if piece.isspace():
            if out and out[-1] != " ":
                out.append(" ")
                offsets.append(i)
        else:
            for ch in piece:
                out.append(ch)
                offsets.append(i)
        i = j
    if out and out[-1] == " ":
        out.pop()
        offsets.pop()
    return "".join(out), offsets


class SourceIndex:
    """One source, normalised once, with offsets and paragraphs to map matches back to it."""

    def __init__(self, document: SourceDocument):
        self.document = document
        self.id = document.source.id
        self.original = document.text
        self.text, self._offsets = _normalise_with_offsets(self.original)
        self._locator = document.locator
        self._paragraph_starts = [0] + [m.end() for m in re.finditer(r"\n[ \t]*\n\s*", self.original)]

    def original_offset(self, pos: int) -> int:
        return self._offsets[pos] if pos < len(self._offsets) else len(self.original)

    def line_of(self, pos: int) -> int:
        return self._locator.locate(self.original_offset(pos)).line

    def paragraph_of(self, pos: int) -> int:
        return bisect.bisect_right(self._paragraph_starts, self.original_offset(pos))

    def find(self, quote: str) -> Passage | None:
        """The first passage that matches quote (with elisions), or None."""
        parts = [p for p in (normalise(x) for x in _ELISION.split(quote)) if p]
        if not parts:
            return None
        start = self.text.find(parts[0])
        while start != -1:
            end = self._match_rest(parts, start)
            if end is not None:
                begin, stop = self.original_offset(start), self.original_offset(end - 1) + 1
                return Passage(self.id, self.line_of(start), begin, stop, self.original[begin:stop])
            start = self.text.find(parts[0], start + 1)
        return None

    def _match_rest(self, parts: list[str], start: int) -> int | None:
        paragraph = self.paragraph_of(start)
        end = start + len(parts[0])
        for part in parts[1:]:
            at = self.text.find(part, end)
            if at == -1 or self.paragraph_of(at) != paragraph:
                return None
            end = at + len(part)
        return end

    def near_miss(self, quote: str) -> str:
        """Say where the closest passage is and where it first differs from the quote."""
        parts = [p for p in (normalise(x) for x in _ELISION.split(quote)) if p]
        for part in parts:  # report the first part that is not found on its own
            if self.text.find(part) == -1:
                return self._describe_miss(part)
        return ("every part of the quote is in the source, but not in this order within one "
                "paragraph; an elision '...' may only join parts of one paragraph")

    def _describe_miss(self, part: str) -> str:
        prefix = _longest(lambda k: self.text.find(part[:k]), len(part))
        suffix = _longest(lambda k: self.text.find(part[len(part) - k:]), len(part))
        if max(prefix, suffix) < _MIN_RESEMBLANCE:
            return "no passage of the source resembles it"
        if prefix >= suffix:
            at = self.text.find(part[:prefix])
            split = at + prefix
            quote_has, source_has = part[prefix:prefix + 25], self.text[split:split + 25]
            context = self.text[max(at, split - 40):split]
            return (f"closest passage at line {self.line_of(at)}: \"...{context}{source_has}...\"; "
                    f"after \"{context[-20:]}\" the quote has \"{quote_has}\" where the source has "
                    f"\"{source_has}\"")
        at = self.text.find(part[len(part) - suffix:])
        quote_has, source_has = part[max(0, len(part) - suffix - 25):len(part) - suffix], \
            self.text[max(0, at - 25):at]
        context = self.text[at:at + min(suffix, 40)]
        return (f"closest passage at line {self.line_of(at)}: \"...{source_has}{context}...\"; "
                f"before \"{context[:20]}\" the quote has \"{quote_has}\" where the source has "
                f"\"{source_has}\"")


def _longest(position_of, length: int) -> int:
    """The largest k <= length for which position_of(k) finds something (monotone in k)."""
    low, high = 0, length
    while low < high:
        mid = (low + high + 1) // 2
        if position_of(mid) != -1:
            low = mid
        else:
            high = mid - 1
    return low


def verify_quotes(citations: list[Citation], documents: tuple[SourceDocument, ...],
                  problems: list[Diagnostic]) -> dict[Citation, Passage]:
    """Locate every citation's quote in its source; report each one that is not there."""
    indexes = {d.source.id: SourceIndex(d) for d in documents}
    passages: dict[Citation, Passage] = {}
    for citation in citations:
        index = indexes.get(citation.source)
        if index is None:
            continue  # an unknown source id is reported by validate
        passage = index.find(citation.quote)
        if passage is not None:
            passages[citation] = passage
            continue
        elsewhere = [(i, found) for i in indexes.values() if i is not index
                     for found in [i.find(citation.quote)] if found is not None]
        if elsewhere:
            other, found = elsewhere[0]
            hint = f"it is in {other.id} at line {found.line}; is the source id right?"
        else:
            hint = index.near_miss(citation.quote)
        where = citation.loc.at("quote")
        problems.append(Diagnostic(where.path, where.line,
                                   f"quote not found in {citation.source} "
                                   f"({Path(index.document.source.file).name}): {hint}", "quote"))
    return passages


def verify_figure_words(figures: Iterable[CasualtyFigure], passages: dict[Citation, Passage],
                        problems: list[Diagnostic],
                        qualifiers: Mapping[str, Sequence[str]] | None = None,
                        numerals: Mapping[str, Sequence[str]] | None = None) -> None:
    """A figure's `as_given` must stand in a passage it cites: they are the source's own words.

    They must stand there whole: not part of a longer number ("8" in "18"), and, for a figure
    recorded as exact, not after a word that makes it a bound or an estimate ("18" in "at least
    18"). `qualifiers` gives those words for each source id, in the source's language. And the
    typed `value` must say what the words say: the numbers the words give (in digits, or as the
    language's `numerals`, "ten"), and a bound only where the words give one. Only the passages
    found are searched: a quote not in its source is reported already.
    """
    for figure in figures:
        found = [(c.source, passages[c]) for c in figure.citations if c in passages]
        if not found:
            continue
        words = normalise(figure.as_given)  # as the source writes them: "At least", not "at least"
        standing = [(source, before) for source, p in found
                    for before in _words_before(words, normalise(p.text))]
        where = figure.loc.at("as_given")
        if not standing:
            problems.append(Diagnostic(where.path, where.line, f"figure {figure.id}: as_given "
                                       f"\"{figure.as_given}\" is not in the passages it cites; write "
                                       "the source's own words for the figure, as they stand there", "figure"))
            continue
        language = (qualifiers or {}).get(found[0][0], ())
        disagreement = _value_disagrees(figure, language, (numerals or {}).get(found[0][0], ()))
        if disagreement:
            where = figure.loc.at("value")
            problems.append(Diagnostic(where.path, where.line, f"figure {figure.id}: {disagreement}",
                                       "figure"))
            continue
        if figure.value.kind != "exact":
            continue
        qualified = [_qualifier(before, (qualifiers or {}).get(source, ())) for source, before in standing]
        if all(qualified):
            whole = f"{qualified[0]} {figure.as_given}"
            problems.append(Diagnostic(where.path, where.line, f"figure {figure.id}: as_given "
                                       f"\"{figure.as_given}\" stands in its passage as \"{whole}\"; "
                                       f"write as_given: \"{whole}\" with a value that says so "
                                       "(at_least, more_than, about), or cite a passage that gives the "
                                       "figure alone", "figure"))


def _value_disagrees(figure: CasualtyFigure, qualifiers: Sequence[str], numerals: Sequence[str]) -> str | None:
    """What is wrong with a figure's typed value, read against its words; None when they agree."""
    value, words = figure.value, normalise(figure.as_given).casefold()
    stated = [int(re.sub(r"[.,]", "", n)) for n in re.findall(r"\d+(?:[.,]\d{3})*", words)]
    names = [n.casefold() for n in numerals]
    stated += [names.index(w) for w in re.findall(r"[^\W\d_]+", words) if w in names]
    wanted = [n for n in (value.low, value.high if value.kind in ("range", "ratio") else None) if n is not None]
    shown = f'"{figure.as_given}"'
    if value.kind == "word":
        return (f"as_given {shown} gives the number {stated[0]}, but value is a word; write the "
                "number as value") if stated else None
    if not stated:  # in a language whose number words are not known, words cannot be judged
        return (f"as_given {shown} gives no number, but value is {value}; write value: "
                f"{{word: {figure.as_given}}}, so that no word becomes a number") if names else None
    missing = [n for n in wanted if n not in stated]
    if missing:
        return (f"value {value} says {missing[0]}, but as_given {shown} says "
                f"{' and '.join(map(str, stated))}; correct the value or the words")
    first = re.search(r"\d" + (r"|\b(?:" + "|".join(map(re.escape, names)) + r")\b" if names else ""),
                      words)
    if value.kind == "exact" and first and _qualifier(words[:first.start()], qualifiers):
        return (f"value {value} is exact, but as_given {shown} is qualified; write value: "
                f"{{at_least: {value.low}}}, {{more_than: {value.low}}} or {{about: {value.low}}}")
    return None


def _words_before(words: str, text: str) -> list[str]:
    """The text before each place where `words` stand whole in `text`."""
    return [text[:match.start()] for match in re.finditer(re.escape(words), text)
            if not (match.start() and text[match.start() - 1].isalnum())
            and not (match.end() < len(text) and text[match.end()].isalnum())]


def _qualifier(before: str, qualifiers: Sequence[str]) -> str | None:
    """The qualifying words that `before` ends with, if any."""
    tail = before.rstrip().casefold()
    for qualifier in sorted(qualifiers, key=len, reverse=True):
        q = qualifier.casefold()
        if tail.endswith(q) and (len(tail) == len(q) or not tail[-len(q) - 1].isalnum()):
            return qualifier
    return None
