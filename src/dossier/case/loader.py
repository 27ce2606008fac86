"""Turn a case folder (YAML files and source documents) into a typed `Case`.

Parsing is driven by the dataclasses of `model`: each key of a record is checked against the
fields of its type, so a new field needs no parsing code. Problems are collected as
diagnostics with file and line; judging the data (references, statuses, quotes) is left to
`validate` and `citations`.
"""

from __future__ import annotations

import dataclasses
import difflib
import functools
import types
import typing
from pathlib import Path
from typing import Any

from dossier.errors import CaseInvalid, Diagnostic, DossierError
from dossier.case.folder import (ChartsFile, DisputesFile, EventsFile, FiguresFile, FindingsFile,
                                 SourcesFile, VictimsFile)
from dossier.case.model import Actors, Case, CaseInfo, Loc, SourceDocument
from dossier.case.readers import UnreadableSource, read_source
from dossier.case.values import FigureValue, PartialDate, Time
from dossier.case.yamlfile import YamlList, YamlMap, load_yaml

UNKNOWN = "unknown"
CASE_FILES = {
    "case.yaml": CaseInfo, "sources.yaml": SourcesFile, "events.yaml": EventsFile,
    "figures.yaml": FiguresFile, "victims.yaml": VictimsFile, "actors.yaml": Actors,
    "findings.yaml": FindingsFile, "charts.yaml": ChartsFile, "disputes.yaml": DisputesFile,
}
OPTIONAL_FILES = {"victims.yaml", "charts.yaml", "disputes.yaml"}
FOUNDATIONS = {"case.yaml", "sources.yaml"}


def load_case(root: Path) -> tuple[Case, list[Diagnostic]]:
    """Read every file of the case at root; return the case and the problems found reading it.

    A record with a problem is left out and the rest is read, so that one run reports as much
    as it can. Only what the rest cannot do without (case.yaml, the sources, a file that cannot
    be read at all) stops here, with CaseInvalid.
    """
    if not root.is_dir():
        what = "is a file, not a case folder" if root.exists() else "does not exist"
        raise DossierError(f"{root} {what}; name a case folder such as corpus/juliaca-2023")
    if not (root / "case.yaml").is_file():
        cases = sorted(p.parent.name for p in root.glob("*/case.yaml"))
        hint = f"; its case folders are: {', '.join(cases)}" if cases else " (see docs/corpus-format.md)"
        raise DossierError(f"{root} is not a case folder: it has no case.yaml{hint}")
    problems: list[Diagnostic] = []
    parsed: dict[str, Any] = {}  # each file as its type, or None when it could not be read
    fatal = False
    for name, cls in CASE_FILES.items():
        path = root / name
        if name in OPTIONAL_FILES and not path.exists():
            parsed[name] = cls()
            continue
        before = len(problems)
        try:
            data, yaml_problems = load_yaml(path)
            problems += yaml_problems
            parsed[name] = parse_record(cls, data, Loc(path, 1), problems)
        except DossierError as exc:
            problems.append(exc.diagnostic)
            parsed[name] = None
        if parsed[name] is None:
            parsed[name] = _empty(cls)  # a missing or unreadable data file: read on without it
        if parsed[name] is None or (name in FOUNDATIONS and len(problems) > before):
            fatal = True  # everything else refers to these: go on and errors would only cascade
    documents = _read_documents(root, parsed.get("sources.yaml"), problems)
    if fatal:
        raise CaseInvalid(root, problems)
    case = Case(
        root=root, info=parsed["case.yaml"], documents=documents,
        events=parsed["events.yaml"].events, figures=parsed["figures.yaml"].figures,
        victims=parsed["victims.yaml"].victims, actors=parsed["actors.yaml"],
        findings=parsed["findings.yaml"].findings,
        not_relied_on=parsed["findings.yaml"].not_relied_on,
        charts=parsed["charts.yaml"].charts,
        disputes=parsed["disputes.yaml"].disputes,
    )
    return case, problems


def _empty(cls: type):
    """The file's type with nothing in it, if it can be empty; else None."""
    try:
        return cls()
    except TypeError:
        return None


def _read_documents(root: Path, sources_file: SourcesFile | None,
                    problems: list[Diagnostic]) -> tuple[SourceDocument, ...]:
    if sources_file is None:
        return ()
    documents = []
    for source in sources_file.sources:
        path = root / source.file
        try:
            read = read_source(path)
        except OSError:
            problems.append(Diagnostic(source.loc.path, source.loc.line,
                                       f"source {source.id}: file {source.file} not found in {root}; "
                                       "put the document there byte-for-byte as received", "source"))
            continue
        except UnreadableSource as exc:
            problems.append(Diagnostic(path, exc.line, f"source {source.id} {exc}", "source"))
            continue
        documents.append(SourceDocument(source=source, path=path, data=read.data, text=read.text,
                                        locator=read.locator))
    return tuple(documents)


def parse_record(cls: type, data: object, where: Loc, problems: list[Diagnostic]):
    """Build a `cls` dataclass from a YAML mapping; None (with diagnostics) when it cannot."""
    if not isinstance(data, YamlMap):
        problems.append(Diagnostic(where.path, where.line,
                                   f"expected a mapping of keys for {_name(cls)}, found {_kind(data)}"))
        return None
    hints, fields = _schema(cls)
    values: dict[str, object] = {}
    ok = True
    for key in data:
        if key not in fields:
            close = difflib.get_close_matches(key, fields, n=1)
            hint = f"; did you mean '{close[0]}'?" if close else f"; known keys: {', '.join(fields)}"
            problems.append(Diagnostic(data.path, data.line_of(key),
                                       f"unknown key '{key}' in {_name(cls)}{hint}"))
            ok = False
    for name, fld in fields.items():
        if name not in data:
            required = fld.default is dataclasses.MISSING and fld.default_factory is dataclasses.MISSING
            if required:
                problems.append(Diagnostic(data.path, data.line,
                                           f"{_name(cls)} is missing '{name}'"
                                           f"{_unknown_hint(hints[name])}"))
                ok = False
            continue
        value_loc = Loc(data.path, data.line_of(name))
        try:
            values[name] = _convert(hints[name], data[name], value_loc, problems, name)
        except _Invalid:
            ok = False
        except ValueError as exc:
            problems.append(Diagnostic(data.path, value_loc.line, f"'{name}': {exc}"))
            ok = False
    if not ok:
        return None
    if "loc" in {f.name for f in dataclasses.fields(cls)}:
        values["loc"] = Loc(data.path, data.line, tuple(data.key_lines.items()))
    try:
        return cls(**values)
    except ValueError as exc:  # a record that checks itself (an edition) said what is wrong
        problems.append(Diagnostic(data.path, data.line, f"{_name(cls)}: {exc}"))
        return None


@functools.cache
def _schema(cls: type) -> tuple[dict, dict]:
    """A record type's field types and fields, worked out once per type (it is not cheap)."""
    return typing.get_type_hints(cls), {f.name: f for f in dataclasses.fields(cls) if f.name != "loc"}


class _Invalid(ValueError):
    """A nested record already reported its own problems."""


def _convert(hint, value, loc: Loc, problems: list[Diagnostic], name: str):
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        if type(None) in args and (value == UNKNOWN or value is None):
            return None
        alternatives = [a for a in args if a is not type(None)]
        # A word the field also accepts ("none reported" beside a list) is tried first.
        words = [a for a in alternatives if typing.get_origin(a) is typing.Literal and value in typing.get_args(a)]
        if words:
            return value
        inner = [a for a in alternatives if typing.get_origin(a) is not typing.Literal] or alternatives
        if len(inner) != 1:
            raise TypeError(f"{name}: a union the loader cannot read: {hint}")
        return _convert(inner[0], value, loc, problems, name)
    if value == UNKNOWN:
        raise ValueError("cannot be unknown; give a value")
    if origin is tuple:
        if not isinstance(value, YamlList):
            raise ValueError(f"expected a list, found {_kind(value)}")
        items = []
        for item, line in zip(value, value.item_lines):
            try:
                items.append(_convert(args[0], item, Loc(loc.path, line), problems, name))
            except _Invalid:
                continue  # reported already; the rest of the list is still read
        return tuple(items)
    if origin is dict:
        if not isinstance(value, YamlMap):
            raise ValueError(f"expected a mapping, found {_kind(value)}")
        return {str(k): _convert(args[1], v, Loc(loc.path, value.line_of(k)), problems, name)
                for k, v in value.items()}
    if origin is typing.Literal:
        if value not in args:
            close = [str(a) for a in args if str(a).lower() == str(value).lower()] or \
                difflib.get_close_matches(str(value), [str(a) for a in args], n=1)
            hint_text = f"did you mean '{close[0]}'?" if close else "use one of: " + ", ".join(map(str, args))
            raise ValueError(f"'{value}' is not allowed; {hint_text}")
        return value
    if hint in _SCALARS:
        return _SCALARS[hint](value)
    record = parse_record(hint, value, loc, problems)
    if record is None:
        raise _Invalid()
    return record


def _as_str(value) -> str:
    if isinstance(value, (YamlMap, YamlList)) or isinstance(value, bool):
        raise ValueError(f"expected text, found {_kind(value)}")
    return str(value)


def _as_int(value) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"expected a whole number, found {_kind(value)}")
    return value


def _as_bool(value) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"expected true or false, found {_kind(value)}")
    return value


def _as_date(value) -> PartialDate:
    return PartialDate.parse(_as_str(value))


def _as_time(value) -> Time:
    return Time.parse(_as_str(value))


def _as_figure_value(value) -> FigureValue:
    if isinstance(value, int) and not isinstance(value, bool):
        return FigureValue(kind="exact", low=value, high=value)
    if isinstance(value, YamlMap) and len(value) == 1:
        (kind, number), = value.items()
        if kind in ("at_least", "more_than", "about") and isinstance(number, int):
            return FigureValue(kind=kind, low=number, high=None if kind != "about" else number)
        if kind == "range" and isinstance(number, YamlList) and len(number) == 2 \
                and all(isinstance(n, int) for n in number) and number[0] < number[1]:
            return FigureValue(kind="range", low=number[0], high=number[1])
        if kind == "word" and isinstance(number, str):
            return FigureValue(kind="word", word=number)
        if kind == "percent" and isinstance(number, int) and 0 <= number <= 100:
            return FigureValue(kind="percent", low=number)
        if kind == "ratio" and isinstance(number, YamlList) and len(number) == 2 \
                and all(isinstance(n, int) for n in number) and 0 <= number[0] <= number[1] > 0:
            return FigureValue(kind="ratio", low=number[0], high=number[1])
    raise ValueError("write a number, or one of {at_least: N}, {more_than: N}, {about: N}, "
                     "{range: [LOW, HIGH]}, {word: hundreds}, {percent: 90}, {ratio: [9, 10]}")


_SCALARS = {str: _as_str, int: _as_int, bool: _as_bool, PartialDate: _as_date,
            Time: _as_time, FigureValue: _as_figure_value}


def _kind(value) -> str:
    if isinstance(value, YamlMap):
        return "a mapping"
    if isinstance(value, YamlList):
        return "a list"
    if value is None:
        return "nothing"
    return f"'{value}'"


def _name(cls: type) -> str:
    return {"CaseInfo": "case", "SourcesFile": "sources file", "EventsFile": "events file",
            "FiguresFile": "figures file", "VictimsFile": "victims file",
            "Actors": "actors file", "FindingsFile": "findings file",
            "ChartsFile": "charts file", "DisputesFile": "disputes file"}.get(cls.__name__, _words(cls.__name__))


def _words(name: str) -> str:
    return "".join(f" {c.lower()}" if c.isupper() else c for c in name).strip()


def _unknown_hint(hint) -> str:
    args = typing.get_args(hint)
    return " (write 'unknown' if the sources do not say)" if type(None) in args else ""
