"""Shared fixtures: the small invented case, copied so each test can break it its own way."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from dossier.build import check_case
from dossier.errors import CaseInvalid

FIXTURES = Path(__file__).parent / "fixtures"
PROJECT = Path(__file__).parent.parent
JULIACA = PROJECT / "corpus" / "juliaca-2023"


def build_pdf(root: Path, out: Path, figures: Path | None = None, **changes) -> Path:
    """Build the one edition of a case the test asks for (by default the case's own) into out.

    changes are what the command line may change (paper, draft, language); the charts go to
    figures (default: out/figures).
    """
    from dossier.build import build_case
    from dossier.edition import EditionOverrides

    templates = changes.pop("templates_dir", None)
    extra = {"templates_dir": templates} if templates else {}
    results = build_case(root, EditionOverrides(**changes), out_dir=out,
                         figures_dir=figures or out / "figures", **extra)
    assert len(results) == 1, [r.pdf for r in results]
    return results[0].pdf


@pytest.fixture(scope="session")
def juliaca_pdf(tmp_path_factory) -> Path:
    """The bundled Juliaca case, built once for the whole test session (charts drawn cold)."""
    out = tmp_path_factory.mktemp("juliaca")
    return build_pdf(JULIACA, out)


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    """A writable copy of tests/fixtures/mini."""
    root = tmp_path / "mini"
    shutil.copytree(FIXTURES / "mini", root)
    return root


def edit(path: Path, old: str, new: str) -> None:
    """Replace one exact passage of a case file (the test fails if it is not there once)."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} should occur once in {path.name}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def errors_of(root: Path) -> list[str]:
    """The diagnostics check reports for a case, with the case folder made relative."""
    with pytest.raises(CaseInvalid) as caught:
        check_case(root)
    return [str(d).replace(f"{root}/", "") for d in caught.value.diagnostics]


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true",
                     help="rewrite the golden page images in tests/golden/ from this build")


def case_format_keys() -> list[tuple[str, str]]:
    """(record, key) of every key the loader accepts, record by record from case.yaml down."""
    import dataclasses
    import re
    import typing

    from dossier.case import model
    from dossier.case.loader import _SCALARS, CASE_FILES

    seen: set[type] = {model.Loc}
    keys: list[tuple[str, str]] = []

    def walk(cls) -> None:
        if cls in seen or not dataclasses.is_dataclass(cls) or cls in _SCALARS:
            return
        seen.add(cls)
        hints = typing.get_type_hints(cls)
        for field in dataclasses.fields(cls):
            if field.name == "loc":
                continue
            keys.append((cls.__name__, field.name))
            for inner in re.findall(r"[A-Z]\w+", str(hints[field.name])):
                walk(getattr(model, inner, None))

    for cls in CASE_FILES.values():
        walk(cls)
    return keys
