"""Read a YAML file into plain dicts, lists and scalars that remember their line numbers.

PyYAML's own loader forgets where values came from and silently resolves some scalars in ways
that hurt case data ("14:00" becomes 840, duplicate keys keep the last). Here the node tree is
composed and converted by hand: every mapping is a `YamlMap` that knows the line of each key,
every sequence a `YamlList` that knows the line of each item, and scalars are kept as text
unless they are plainly null, a boolean or an integer.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import cast

import yaml

from dossier.errors import Diagnostic, DossierError

_INT = re.compile(r"[-+]?[0-9]+")
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: same nodes, faster


class YamlMap(dict):
    """A mapping with the line of the mapping itself and of each of its keys (1-based)."""

    path: Path
    line: int
    key_lines: dict[str, int]

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class YamlList(list):
    """A sequence with its own line and the line of each item (1-based)."""

    path: Path
    line: int
    item_lines: list[int]


# What a case file holds when it has nothing yet, where that is not one empty list.
EMPTY_FILE = {"actors": "framework: {name: ..., author: ..., citations: [...]}' and 'groups: []"}


def load_yaml(path: Path) -> tuple[object, list[Diagnostic]]:
    """Load one YAML file; return the located data and the problems found while converting."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        start = EMPTY_FILE.get(path.stem, f"{path.stem}: []")
        raise DossierError(f"{path.name} is missing; every case needs it, even if it has nothing yet "
                           f"(write '{start}'; see docs/corpus-format.md)", path, 0,
                           "missing-file") from None
    except UnicodeDecodeError as exc:
        raise DossierError(f"not UTF-8 text (byte {exc.start}); save the file as UTF-8",
                           path, 1, "encoding") from None
    try:
        node = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 0
        raise DossierError(f"YAML syntax: {exc.problem or exc.context}; check indentation and quoting",
                           path, line, "yaml") from None
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow, such as a null byte
        line = text[:exc.position].count("\n") + 1
        code = exc.character if isinstance(exc.character, int) else ord(exc.character)  # libyaml: int
        raise DossierError(f"the character U+{code:04X} is not allowed in YAML; remove "
                           "it (was the file saved as text?)", path, line, "yaml") from None
    problems: list[Diagnostic] = []
    if node is None:
        return YamlMap(), problems
    return _convert(node, path, problems), problems


def _convert(node: yaml.Node, path: Path, problems: list[Diagnostic]) -> object:
    line = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        result = YamlMap()
        result.path, result.line, result.key_lines = path, line, {}
        for key_node, value_node in node.value:
            key = str(_convert(key_node, path, problems))
            key_line = key_node.start_mark.line + 1
            if key in result:
                problems.append(Diagnostic(path, key_line, f"duplicate key '{key}' (first at line "
                                           f"{result.key_lines[key]}); keep one", "yaml"))
                continue
            result[key] = _convert(value_node, path, problems)
            result.key_lines[key] = key_line
        return result
    if isinstance(node, yaml.SequenceNode):
        result_list = YamlList(_convert(item, path, problems) for item in node.value)
        result_list.path, result_list.line = path, line
        result_list.item_lines = [item.start_mark.line + 1 for item in node.value]
        return result_list
    return _scalar(cast(yaml.ScalarNode, node))  # composing makes only these three kinds of node


def _scalar(node: yaml.ScalarNode) -> object:
    value = node.value
    if node.style:  # quoted or block scalar: always text (plain is None, or "" from libyaml)
        return value
    if value in ("", "~", "null", "Null", "NULL"):
        return None
    if value in ("true", "True", "TRUE"):
        return True
    if value in ("false", "False", "FALSE"):
        return False
    if _INT.fullmatch(value):
        return int(value)
    return value
