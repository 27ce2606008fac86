"""Turn the dossier model into section markup through the Jinja2 templates of its language.

Each section template (`templates/<language>/<section>.xml.j2`) renders a small XML vocabulary
that `layout` turns into flowables: every sentence of the dossier is in a template, never here.
What this module adds is formatting that follows the language's `terms.yaml` (dates, values,
citation markers) and the citation markers' markup, numbered in reading order.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from markupsafe import Markup, escape

from dossier.errors import DossierError
from dossier.values import FigureValue, PartialDate, Time

if TYPE_CHECKING:
    from dossier.document import Cite, Dossier

SECTIONS = ("cover", "contents", "summary", "chronology", "casualties", "accountability",
            "methodology", "not_relied_on", "appendix", "warnings")
MARKER_CALLBACK = "cite"  # the name `layout` registers for the page of each citation marker


@dataclass(frozen=True)
class Terms:
    """The fixed words of one language, from templates/<language>/terms.yaml."""

    raw: dict

    def __getitem__(self, key: str):
        return self.raw[key]

    def date(self, value: PartialDate | None) -> str:
        if value is None:
            return self.raw["unknown"]
        if value.day:
            pattern = "date_day"
        elif value.month:
            pattern = "date_month"
        else:
            pattern = "date_year"
        month = self.raw["months"][value.month - 1] if value.month else ""
        return self.raw[pattern].format(day=value.day, month=month, year=value.year)

    def value(self, value: FigureValue) -> str:
        pattern = self.raw["value"][value.kind]
        return pattern.format(n=value.low, low=value.low, high=value.high, word=value.word)


def load_terms(templates_dir: Path, language: str) -> Terms:
    path = templates_dir / language / "terms.yaml"
    if not path.is_file():
        raise DossierError(f"no templates for language '{language}' (looked for {path}); "
                           "set case.yaml language to one of: "
                           + ", ".join(sorted(p.parent.name for p in templates_dir.glob("*/terms.yaml"))),
                           path, 0, "language")
    import yaml  # here: the process that lays out pages imports this module for Terms, not YAML
    return Terms(yaml.safe_load(path.read_text(encoding="utf-8")))


def render_sections(dossier: Dossier, templates_dir: Path, terms: Terms,
                    compiled_dir: Path | None = None) -> list[tuple[str, str]]:
    """Render every section of the dossier; return (section name, markup) in reading order.

    A template that renders nothing (the warnings of a build that passed) adds no section.
    Compiled templates are kept in compiled_dir, when given, for the next build.
    """
    import jinja2  # here, not at the top: the layout reads this module's names without rendering

    folder = templates_dir / dossier.meta.language
    env = _environment(folder, terms, dossier, _compiled_templates(compiled_dir))
    rendered = []
    for name in SECTIONS:
        path = folder / f"{name}.xml.j2"
        try:
            markup = env.get_template(path.name).render(d=dossier, terms=terms)
        except jinja2.TemplateNotFound as exc:
            raise DossierError(f"template {exc.name} is missing for language "
                               f"'{dossier.meta.language}'", folder, 0, "template") from None
        except jinja2.TemplateSyntaxError as exc:
            raise DossierError(f"template syntax: {exc.message}", Path(exc.filename or path),
                               exc.lineno, "template") from None
        except (jinja2.TemplateError, TypeError, ValueError, AttributeError, KeyError) as exc:
            # Templates are edited by users: say where in the template rendering failed.
            where, line = _template_frame(exc, path)
            raise DossierError(f"template failed while rendering: {exc}", where, line,
                               "template") from None
        if markup.strip():  # a section may have nothing to say (warnings outside a draft)
            rendered.append((name, markup))
    return rendered


def _template_frame(exc: BaseException, default: Path) -> tuple[Path, int]:
    """The innermost template file and line in an exception's traceback (Jinja maps them)."""
    where, line = default, 0
    tb = exc.__traceback__
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(".j2"):
            where, line = Path(filename), tb.tb_lineno
        tb = tb.tb_next
    return where, line


def _environment(folder: Path, terms: Terms, dossier: Dossier,
                 compiled: jinja2.BytecodeCache | None) -> jinja2.Environment:
    import jinja2

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(folder), undefined=jinja2.StrictUndefined,
                             autoescape=True, trim_blocks=True, lstrip_blocks=True,
                             keep_trailing_newline=False, bytecode_cache=compiled)
    markers = _Markers(terms, {s.id: s.origin for s in dossier.sources})
    env.filters.update(
        date=terms.date,
        time=lambda t: str(t) if isinstance(t, Time) else terms["unknown"],
        value=terms.value,
        known=lambda v: terms["unknown"] if v is None else v,
        stated=lambda v: terms["not_stated"] if v is None else v,
        sentence=lambda text: text[:1].upper() + text[1:],
    )
    env.globals.update(cite=markers.markup, source=dossier.source, terms=terms)
    return env


def _compiled_templates(folder: Path | None) -> jinja2.BytecodeCache | None:
    """Compiled templates kept in folder between builds; None compiles them every time.

    Jinja2 recompiles a template whose source changed, not one whose environment changed
    (escaping, whitespace, filters). The environment is set in this module, so the cached files
    are named by a hash of this module and of Jinja2's version, and files of any other are
    removed. A folder that cannot be written costs time, nothing else.
    """
    if folder is None:
        return None
    import jinja2

    class QuietBytecodeCache(jinja2.FileSystemBytecodeCache):  # defined here: jinja2 loads late
        def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
            try:
                super().dump_bytecode(bucket)
            except OSError:
                pass

    made_by = hashlib.sha256(Path(__file__).read_bytes() + jinja2.__version__.encode()).hexdigest()[:16]
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for cached in folder.glob("*.cache"):
            if not cached.name.startswith(made_by):
                cached.unlink()
    except OSError:
        return None
    return QuietBytecodeCache(str(folder), f"{made_by}-%s.cache")


class _Markers:
    """Citation markers: a link to the passage, and a callback that records its page."""

    def __init__(self, terms: Terms, origin: dict[str, str]):
        self.terms, self.origin = terms, origin

    def markup(self, cites: tuple[Cite, ...]) -> Markup:
        """One marker per source, linking to its first passage; every passage records the page.

        A copy cited beside its original shares the original's marker: [S2], not [S2][S1],
        which would look like two sources.
        """
        cited = {c.source for c in cites}
        owner = {s: (self.origin[s] if self.origin[s] in cited else s) for s in cited}
        parts = []
        for source in dict.fromkeys(owner[c.source] for c in cites):
            # The marker opens the source's own passage first, then those of its copies.
            passages = [c.passage for c in cites if c.source == source] + \
                [c.passage for c in cites if owner[c.source] == source and c.source != source]
            label = escape(self.terms["cite_marker"].format(source=source))
            pages = "".join(f'<onDraw name="{MARKER_CALLBACK}" label="{p}"/>' for p in passages)
            parts.append(f'<a href="#{passages[0]}" color="#1f4e79">{label}</a>{pages}')
        return Markup("".join(parts))
