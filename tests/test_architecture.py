"""The house keeps its shape: data flows one way, the model knows no renderer, the CLI is documented."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from conftest import PROJECT

from dossier.cli import _parser

PACKAGE = PROJECT / "src" / "dossier"
# Each stage, in pipeline order, with what it may import from the package.
STAGES = ["errors", "files", "processes", "yamlfile", "values", "model", "corpus", "evidence", "validate", "citations", "document",
          "compile", "templates", "charts", "layout", "pdf", "verify", "build", "cli"]
RENDERERS = {"reportlab", "matplotlib", "jinja2", "pypdf", "PIL"}


def imports_of(module: str) -> set[str]:
    tree = ast.parse((PACKAGE / f"{module}.py").read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            if node.module == "dossier":
                names |= {f"dossier.{alias.name}" for alias in node.names}
        elif isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
    return names


def test_every_module_is_a_known_stage():
    modules = {p.stem for p in PACKAGE.glob("*.py")} - {"__init__", "__main__"}
    assert modules == set(STAGES)


def test_no_stage_reaches_back_to_a_later_one():
    for position, module in enumerate(STAGES):
        for name in imports_of(module):
            if name.startswith("dossier."):
                target = name.split(".")[1]
                assert STAGES.index(target) < position, f"{module} imports the later stage {target}"


def test_only_build_and_the_cli_call_more_than_one_stage_of_the_pipeline():
    pipeline = {"corpus", "validate", "citations", "compile", "templates", "charts", "pdf", "verify"}
    for module in STAGES:
        used = {n.split(".")[1] for n in imports_of(module) if n.startswith("dossier.")} & pipeline
        if module not in ("build", "cli"):
            assert len(used) <= 1, f"{module} calls {sorted(used)}"


def test_the_model_and_the_dossier_model_know_no_renderer_and_do_no_io():
    for module in ("values", "model", "document", "evidence", "compile"):
        roots = {name.split(".")[0] for name in imports_of(module)}
        assert not roots & RENDERERS, f"{module} imports {roots & RENDERERS}"
        source = (PACKAGE / f"{module}.py").read_text(encoding="utf-8")
        assert "open(" not in source and "read_text" not in source and "write_" not in source


def prose_in(module: str) -> list[str]:
    """String constants of four words or more, other than docstrings and error messages."""
    tree = ast.parse((PACKAGE / f"{module}.py").read_text(encoding="utf-8"))
    skip: set[int] = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr) \
                and isinstance(body[0].value, ast.Constant):
            skip.add(id(body[0].value))  # a docstring
        if isinstance(node, ast.Raise):
            skip |= {id(n) for n in ast.walk(node)}  # an error message, for the user of the tool
    return [node.value for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip
            and len(re.findall(r"[A-Za-z]{2,}", node.value)) >= 4]


def test_no_sentence_of_the_dossier_is_written_in_python():
    # What a reader of the PDF reads comes from templates/<language>/, never from these modules.
    for module in ("compile", "document", "layout", "pdf", "charts", "templates"):
        assert prose_in(module) == [], module


def test_the_readme_documents_every_command_and_option():
    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    parser = _parser()
    commands = parser._subparsers._group_actions[0].choices
    for name, command in commands.items():
        assert f"python -m dossier {name}" in readme
        for action in command._actions:
            for flag in action.option_strings:
                if flag not in ("-h", "--help"):
                    assert flag in readme, f"{name} {flag} is not in the README"


def test_ci_runs_exactly_the_readme_test_command():
    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    test_command = re.search(r"## Test\s+```sh\n(.+?)\n```", readme).group(1)
    ci = (PROJECT / ".ci" / "run").read_text(encoding="utf-8")
    assert test_command in ci.splitlines()


def test_the_case_format_doc_names_every_key_the_loader_accepts():
    import dataclasses
    import typing

    from dossier.corpus import _SCALARS, CASE_FILES

    doc = (PROJECT / "docs" / "corpus-format.md").read_text(encoding="utf-8")
    seen, missing = set(), []

    def walk(cls):
        if cls in seen or not dataclasses.is_dataclass(cls) or cls in _SCALARS:
            return
        seen.add(cls)
        hints = typing.get_type_hints(cls)
        for field in dataclasses.fields(cls):
            if field.name == "loc":
                continue
            if not re.search(rf"\b{field.name}:", doc):
                missing.append(f"{cls.__name__}.{field.name}")
            for inner in re.findall(r"[A-Z]\w+", str(hints[field.name])):
                walk(getattr(__import__("dossier.model", fromlist=[inner]), inner, None))

    for cls in CASE_FILES.values():
        walk(cls)
    assert missing == []
