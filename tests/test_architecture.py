"""The house keeps its shape: one package per stage, data flowing one way, the CLI documented."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from conftest import PROJECT, case_format_keys

from dossier.cli import _parser

PACKAGE = PROJECT / "src" / "dossier"

# What each part of dossier may import from the rest of it, in pipeline order: read the case,
# check it, compose the dossier model, render it, draw its charts, lay out the PDF, finish it,
# verify it. Only build runs more than one stage; the CLI only calls build.
LAYERS: dict[str, set[str]] = {
    "errors": set(),
    "processes": set(),
    "edition": {"errors"},
    "profiles": {"errors"},  # a filing's rules and Bates numbering, as values
    "files": {"errors"},
    "manifest": {"errors", "edition"},
    "case": {"errors", "edition"},
    "check": {"errors", "edition", "case"},
    "compose": {"errors", "edition", "case", "check"},
    "render": {"errors", "edition", "files", "case", "compose"},
    "charts": {"errors", "files", "case", "compose", "render"},
    "pdf": {"errors", "edition", "profiles", "case", "compose", "render"},
    "finish": {"errors", "manifest"},  # never the layout: a step works on bytes alone
    "verify": {"errors", "manifest", "profiles"},  # nothing that made the PDF: it must judge any copy
    "build": {"errors", "processes", "edition", "profiles", "files", "manifest", "case", "check",
              "compose", "render", "charts", "pdf", "finish", "verify"},
    "cli": {"errors", "edition", "profiles", "build", "verify"},  # verify: one stage, on a finished file
}
# Within a stage that reads the dossier model, only these modules of earlier stages: templates,
# charts and layout see the dossier model and the case's values, never the case or its checks.
NARROW = {
    "render": {"dossier.compose.model", "dossier.case.values", "dossier.case.yamlfile"},
    "charts": {"dossier.compose.model", "dossier.case.values", "dossier.render.terms"},
    "pdf": {"dossier.compose.model", "dossier.case.values", "dossier.render.terms",
            "dossier.render.markup", "dossier.profiles"},
}
RENDERERS = {"reportlab", "matplotlib", "jinja2", "pypdf", "PIL"}
# ReportLab attributes that are not its public API: they may change in any release.
REPORTLAB_PRIVATE = {"_doc", "_code", "_content", "_formsinuse", "_curr_tx_info", "_height", "blPara",
                     "SOURCE_DATE_EPOCH"}
PRIVATE_MODULE = "pdf/reportlab_private.py"


def modules() -> dict[str, Path]:
    """Every module of dossier, by its path under src/dossier (e.g. 'check/quotes.py')."""
    return {p.relative_to(PACKAGE).as_posix(): p for p in sorted(PACKAGE.rglob("*.py"))
            if "templates" not in p.relative_to(PACKAGE).parts}


def part_of(module: str) -> str:
    """The part of the house a module belongs to: its package, or its own name at the top."""
    first = module.split("/")[0]
    return first[:-3] if first.endswith(".py") else first


def imports_of(path: Path) -> set[str]:
    """Every module a file imports, including inside functions and TYPE_CHECKING blocks."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names |= {f"{node.module}.{alias.name}" for alias in node.names}
        elif isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
    return names


def dossier_parts(path: Path) -> dict[str, str]:
    """The parts of dossier a file imports, each with the first import that reaches it."""
    parts: dict[str, str] = {}
    for name in sorted(imports_of(path)):
        if name.startswith("dossier.") and name.split(".")[1] not in ("__version__",):
            parts.setdefault(name.split(".")[1], name)
    return parts


def test_every_module_belongs_to_a_part_of_the_table():
    assert {part_of(m) for m in modules()} - {"__init__", "__main__"} == set(LAYERS)


def test_each_part_imports_only_what_its_row_of_the_table_allows():
    for module, path in modules().items():
        part = part_of(module)
        if part in ("__init__", "__main__"):
            continue
        for target, name in dossier_parts(path).items():
            assert target == part or target in LAYERS[part], f"{module} imports {name}"


def test_templates_charts_and_layout_see_only_the_dossier_model_and_values():
    for module, path in modules().items():
        part = part_of(module)
        if part not in NARROW:
            continue
        for name in imports_of(path):
            if name.startswith("dossier.") and name.split(".")[1] != part \
                    and name.split(".")[1] not in ("errors", "edition", "files"):
                allowed = any(name == n or name.startswith(n + ".") for n in NARROW[part])
                assert allowed, f"{module} imports {name}"


def test_the_case_its_checks_and_the_dossier_model_know_no_renderer_and_do_no_io():
    for module, path in modules().items():
        if part_of(module) not in ("case", "check", "compose", "edition"):
            continue
        roots = {name.split(".")[0] for name in imports_of(path)}
        assert not roots & RENDERERS, f"{module} imports {roots & RENDERERS}"
        if part_of(module) == "compose" or module == "case/model.py":
            source = path.read_text(encoding="utf-8")
            assert "open(" not in source and "read_text" not in source and "write_" not in source


def test_finishing_never_touches_the_layout_and_verify_nothing_that_made_the_pdf():
    for module, path in modules().items():
        roots = {name.split(".")[0] for name in imports_of(path)}
        if part_of(module) in ("finish", "verify"):
            assert "reportlab" not in roots, module


def test_reportlab_internals_are_used_in_one_module_only():
    for module, path in modules().items():
        if module == PRIVATE_MODULE:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        used = {node.attr for node in ast.walk(tree) if isinstance(node, ast.Attribute)}
        used |= {node.value for node in ast.walk(tree)
                 if isinstance(node, ast.Constant) and isinstance(node.value, str)}
        assert not used & REPORTLAB_PRIVATE, f"{module} uses {used & REPORTLAB_PRIVATE}"


def test_every_module_stays_under_400_lines():
    for module, path in modules().items():
        lines = path.read_text(encoding="utf-8").count("\n")
        assert lines < 400, f"{module} has {lines} lines"


def prose_in(path: Path) -> list[str]:
    """String constants of four words or more, other than docstrings and error messages."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip: set[int] = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr) \
                and isinstance(body[0].value, ast.Constant):
            skip.add(id(body[0].value))  # a docstring
        if isinstance(node, ast.Raise) or (isinstance(node, ast.Call) and getattr(node.func, "id", "")
                                           == "Diagnostic"):
            skip |= {id(n) for n in ast.walk(node)}  # an error message, for the user of the tool
    return [node.value for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip
            and len(re.findall(r"[A-Za-z]{2,}", node.value)) >= 4]


def test_no_sentence_of_the_dossier_is_written_in_python():
    # What a reader of the PDF reads comes from templates/<language>/, never from these modules.
    for module, path in modules().items():
        if part_of(module) in ("compose", "render", "charts", "pdf"):
            assert prose_in(path) == [], module


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
    doc = (PROJECT / "docs" / "corpus-format.md").read_text(encoding="utf-8")
    missing = [f"{record}.{key}" for record, key in case_format_keys()
               if not re.search(rf"\b{key}:", doc)]
    assert missing == []


def readers_of_the_dossier_model() -> str:
    """What reads the dossier model: the templates, and the charts, layout and render code."""
    text = "".join(p.read_text(encoding="utf-8") for p in sorted((PROJECT / "templates").rglob("*.j2")))
    return text + "".join(path.read_text(encoding="utf-8") for module, path in modules().items()
                          if part_of(module) in ("render", "charts", "pdf", "build"))


def test_every_field_of_the_dossier_model_is_read_by_something():
    import dataclasses

    from dossier.compose import model

    readers = readers_of_the_dossier_model()
    unread = [f"{cls.__name__}.{field.name}" for cls in vars(model).values()
              if isinstance(cls, type) and dataclasses.is_dataclass(cls) and cls.__module__ == model.__name__
              for field in dataclasses.fields(cls)
              if not re.search(rf'\.{field.name}\b|attribute="{field.name}"', readers)]
    assert unread == []


def test_every_term_is_used_by_the_templates_or_the_code():
    from dossier.render.terms import SCHEMA

    # The code that reads terms, without the schema that declares them.
    code = readers_of_the_dossier_model().replace(
        (PACKAGE / "render" / "terms.py").read_text(encoding="utf-8").split("class Terms")[0], "")

    def leaves(schema, prefix=""):
        for key, value in schema.items():
            if isinstance(value, dict) and value and all(isinstance(v, (set, dict)) for v in value.values()) \
                    and key not in ("value", "bound"):  # these two are looked up by a model value
                yield from leaves(value, f"{prefix}{key}.")
            else:
                yield prefix, key
    unused = [prefix + key for prefix, key in leaves(SCHEMA)
              if not re.search(rf'["\']{key}["\']|terms\.{key}\b', code)]
    assert unused == []
