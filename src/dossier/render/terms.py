"""The fixed words of one language (templates/<language>/terms.yaml), checked when they are read.

Code places these words where templates cannot: page furniture, chart labels, dates and
stated values. Every key the code uses is declared in `SCHEMA` with the placeholders its text
may contain, so that a translator's missing key, misspelt key or unknown placeholder is one
located error when the terms are read, never a KeyError in the middle of a build.
"""

from __future__ import annotations

import string
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dossier.case.values import FigureValue, PartialDate
from dossier.errors import Diagnostic, DossierError

# Each key with the placeholders its text may use; a nested dict is a group of keys, a number
# the length of a list of names (the months, January first).
SCHEMA: dict[str, Any] = {
    "months": 12,
    "date_day": {"day", "month", "year"},
    "date_month": {"month", "year"},
    "date_year": {"year"},
    "approximate": {"text"},
    "range": {"start", "end"},
    "bound": {"no-later-than": {"text"}, "no-earlier-than": {"text"}},
    "value": {"exact": {"n"}, "at_least": {"n"}, "more_than": {"n"}, "about": {"n"},
              "range": {"low", "high"}, "word": {"word"}},
    "cite": {"open": set(), "close": set(), "sources": set(), "passages": set(), "not_found": {"source"}},
    "page_of": {"page", "pages"},
    "draft_stamp": set(),
    "footer_left": {"document", "version", "compiled"},
    "unknown": set(),
    "not_stated": set(),
    "chart": {"people": set(), "as_of": set(), "no_number": set(), "claim": set(), "hour": set(),
              "total": {"n"}},
    "figure_qualifiers": list,
    "number_words": list,
    "exhibit_title": {"label", "document"},
}


@dataclass(frozen=True)
class Terms:
    """The fixed words of one language, as plain data that any process can receive."""

    raw: dict[str, Any]

    def __getitem__(self, key: str) -> Any:
        return self.raw[key]

    def date(self, value: PartialDate | None) -> str:
        if value is None:
            return str(self.raw["unknown"])
        if value.day:
            pattern = "date_day"
        elif value.month:
            pattern = "date_month"
        else:
            pattern = "date_year"
        month = self.raw["months"][value.month - 1] if value.month else ""
        return str(self.raw[pattern]).format(day=value.day, month=month, year=value.year)

    def value(self, value: FigureValue) -> str:
        pattern = self.raw["value"][value.kind]
        return str(pattern).format(n=value.low, low=value.low, high=value.high, word=value.word)


def load_terms(templates_dir: Path, language: str) -> Terms:
    """Read and check the terms of a language; raise DossierError at the first problem found."""
    from dossier.case.yamlfile import YamlMap, load_yaml  # here: the layout loads this module, not YAML

    path = templates_dir / language / "terms.yaml"
    if not path.is_file():
        known = sorted(p.parent.name for p in templates_dir.glob("*/terms.yaml"))
        raise DossierError(f"no templates for language '{language}' (looked for {path}); "
                           f"build in one of: {', '.join(known) or 'none'}", path, 0, "language")
    data, problems = load_yaml(path)
    if not isinstance(data, YamlMap):
        problems.append(Diagnostic(path, 1, "expected a mapping of terms; see templates/en/terms.yaml",
                                   "terms"))
    else:
        problems += _check(data, SCHEMA, "")
    if problems:
        first = problems[0]
        raise DossierError(first.message, first.path, first.line, first.kind)
    return Terms(_plain(data))


def _check(data: Any, schema: dict[str, Any], prefix: str) -> list[Diagnostic]:
    problems = []
    for key in data:
        if key not in schema:
            problems.append(Diagnostic(data.path, data.line_of(key), f"unknown term '{prefix}{key}'; "
                                       f"the terms are: {', '.join(prefix + k for k in schema)}", "terms"))
    for key, expected in schema.items():
        name = prefix + key
        if key not in data:
            problems.append(Diagnostic(data.path, data.line, f"the term '{name}' is missing; add it "
                                       "(templates/en/terms.yaml has every term)", "terms"))
            continue
        value, line = data[key], data.line_of(key)
        if isinstance(expected, dict):
            if not hasattr(value, "line_of"):
                problems.append(Diagnostic(data.path, line, f"'{name}' must be a group of terms", "terms"))
            else:
                problems += _check(value, expected, f"{name}.")
        elif expected is list:  # words of the language, as many as it has
            if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
                problems.append(Diagnostic(data.path, line, f"'{name}' must be a list of words", "terms"))
        elif isinstance(expected, int):  # the month names
            if not isinstance(value, list) or len(value) != expected or not all(isinstance(v, str) for v in value):
                problems.append(Diagnostic(data.path, line, f"'{name}' must be a list of {expected} names",
                                           "terms"))
        elif not isinstance(value, str):
            problems.append(Diagnostic(data.path, line, f"'{name}' must be text", "terms"))
        else:
            problems += _placeholders(value, expected, name, data.path, line)
    return problems


def _placeholders(text: str, allowed: set[str], name: str, path: Path, line: int) -> list[Diagnostic]:
    try:
        used = {field for _, field, _, _ in string.Formatter().parse(text) if field is not None}
    except ValueError as exc:
        return [Diagnostic(path, line, f"'{name}': {exc}; write a literal brace as {{{{ or }}}}", "terms")]
    unknown = sorted(used - allowed)
    if unknown:
        offer = ", ".join(f"{{{a}}}" for a in sorted(allowed)) or "none"
        return [Diagnostic(path, line, f"'{name}' uses {{{unknown[0]}}}, which is not given; "
                           f"it may use: {offer}", "terms")]
    return []


def _plain(value: Any) -> Any:
    """Located YAML as plain dicts and lists, the same in every process."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value
