"""Turn the dossier model into section markup through the Jinja2 templates of its language.

Each section template (`templates/<language>/<section>.xml.j2`) renders the small XML
vocabulary of `render.markup`, which the layout turns into flowables: every sentence of the
dossier is in a template, never here. What this module adds is formatting that follows the
language's terms (dates, values, citation markers), and a check of what each template wrote,
so that a broken template is reported at its own file and line, not later in the layout.
"""

from __future__ import annotations

import re
from xml.parsers import expat
from pathlib import Path
from typing import TYPE_CHECKING

from dossier.case.values import Time
from dossier.errors import DossierError
from dossier.files import cache_key
from dossier.render.markers import CitationMarkers
from dossier.render.markup import ACCENT, BLOCKS, Rendered

if TYPE_CHECKING:
    import jinja2

    from dossier.compose.model import Dossier, Exhibit
    from dossier.render.terms import Terms

SECTIONS = ("cover", "contents", "summary", "chronology", "casualties", "accountability",
            "methodology", "not_relied_on", "appendix", "warnings")
EXHIBIT = ("exhibit",)  # a source as an exhibit of its own: the template sees it as `x`


def render_sections(dossier: Dossier, templates_dir: Path, terms: Terms,
                    compiled_dir: Path | None = None, sections: tuple[str, ...] = SECTIONS,
                    exhibit: Exhibit | None = None) -> Rendered:
    """Render every section of the dossier, in reading order (or these sections: EXHIBIT, for
    one exhibit).

    A template that renders nothing (the warnings of a build that passed) adds no section.
    Compiled templates are kept in compiled_dir, when given, for the next build.
    """
    import jinja2  # here, not at the top: the layout reads this package's names without rendering

    folder = templates_dir / dossier.edition.language
    markers = CitationMarkers(terms)
    env = _environment(folder, terms, dossier, markers, _compiled_templates(compiled_dir))
    rendered = []
    for name in sections:
        path = folder / f"{name}.xml.j2"
        try:
            markup = env.get_template(path.name).render(d=dossier, terms=terms, x=exhibit)
        except jinja2.TemplateNotFound as exc:
            raise DossierError(f"template {exc.name} is missing for language "
                               f"'{dossier.edition.language}'; copy it from templates/en/",
                               folder, 0, "template") from None
        except jinja2.TemplateSyntaxError as exc:
            raise DossierError(f"template syntax: {exc.message}", Path(exc.filename or path),
                               exc.lineno, "template") from None
        except (jinja2.TemplateError, TypeError, ValueError, AttributeError, KeyError,
                IndexError) as exc:
            # Templates are edited by users: say where in the template rendering failed.
            where, line = _template_frame(exc, path)
            raise DossierError(f"template failed while rendering: {exc}", where, line,
                               "template") from None
        if markup.strip():  # a section may have nothing to say (warnings outside a draft)
            _check_markup(markup, path)
            rendered.append((name, markup))
    return Rendered(sections=rendered, landings=markers.landings)


def render_text(templates_dir: Path, language: str, name: str, terms: Terms, **context: object) -> str:
    """A plain-text template of the language (the index of a filing), with its terms' dates."""
    import jinja2

    folder = templates_dir / language
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(folder), undefined=jinja2.StrictUndefined,
                             keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True)
    env.filters["date"] = terms.date
    try:
        return env.get_template(name).render(**context)
    except jinja2.TemplateError as exc:
        where, line = _template_frame(exc, folder / name)
        raise DossierError(f"template failed while rendering: {exc}", where, line, "template") from None


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


def _check_markup(markup: str, template: Path) -> None:
    """What a template wrote must be well-formed and use only the markup's block tags.

    Checked with expat as the markup streams by, without building a tree: the layout builds
    the one tree it needs.
    """
    parser = expat.ParserCreate()
    depth = 0
    unknown: list[tuple[str, int]] = []

    def start(tag: str, attributes: dict[str, str]) -> None:
        nonlocal depth
        depth += 1
        if depth == 2 or (depth == 3 and parent[-1] == "keep"):
            if tag not in BLOCKS and not unknown:
                unknown.append((tag, parser.CurrentLineNumber))
        parent.append(tag)

    def end(tag: str) -> None:
        nonlocal depth
        depth -= 1
        parent.pop()

    parent: list[str] = []
    parser.StartElementHandler, parser.EndElementHandler = start, end
    try:
        parser.Parse(markup, True)
    except expat.ExpatError as exc:
        written = markup.splitlines()[exc.lineno - 1].strip()
        raise DossierError(f"the template wrote markup that is not well-formed XML "
                           f"({expat.errors.messages[exc.code]}) in the line \"{written[:80]}\"; "
                           "check the tags on this line", template, _line_that_wrote(template, written),
                           "template") from None
    if unknown:
        tag, line = unknown[0]
        written = markup.splitlines()[line - 1].strip()
        raise DossierError(f"the template wrote an unknown block <{tag}>; use one of: "
                           f"{', '.join(sorted(BLOCKS))}", template, _line_that_wrote(template, written),
                           "template")


def _line_that_wrote(template: Path, written: str) -> int:
    """The line of a template whose literal text best matches a line it wrote (0 if none does).

    Jinja maps errors it raises to template lines, but not the text a template writes; so the
    line is found by matching each template line's literal parts, with its expressions and
    statements as wildcards, against what was written.
    """
    best, best_length = 0, 0
    for number, line in enumerate(template.read_text(encoding="utf-8").splitlines(), 1):
        literals = [part for part in re.split(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", line) if part.strip()]
        length = sum(len(part.strip()) for part in literals)
        if length > best_length and re.search(".*?".join(re.escape(p.strip()) for p in literals), written):
            best, best_length = number, length
    return best


def _environment(folder: Path, terms: Terms, dossier: Dossier, markers: CitationMarkers,
                 compiled: jinja2.BytecodeCache | None) -> jinja2.Environment:
    import jinja2

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(folder), undefined=jinja2.StrictUndefined,
                             autoescape=True, trim_blocks=True, lstrip_blocks=True,
                             keep_trailing_newline=False, bytecode_cache=compiled)
    env.filters.update(
        date=terms.date,
        time=lambda t: str(t) if isinstance(t, Time) else terms["unknown"],
        value=terms.value,
        known=lambda v: terms["unknown"] if v is None else v,
        stated=lambda v: terms["not_stated"] if v is None else v,
        sentence=lambda text: text[:1].upper() + text[1:],
    )
    env.globals.update(cite=markers.markup, source=dossier.source, terms=terms,
                       accent=ACCENT)
    return env


def _compiled_templates(folder: Path | None) -> jinja2.BytecodeCache | None:
    """Compiled templates kept in folder between builds; None compiles them every time.

    Jinja2 recompiles a template whose source changed, not one whose environment changed
    (escaping, whitespace, filters). The environment is set in this module, so the cached files
    are named by the key of this module and Jinja2's version (`files.cache_key`), and files of
    any other key are removed. A folder that cannot be written costs time, nothing else.
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

    made_by = cache_key(code=[__file__], libraries=["jinja2"])[:16]
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for cached in folder.glob("*.cache"):
            if not cached.name.startswith(made_by):
                cached.unlink()
    except OSError:
        return None
    return QuietBytecodeCache(str(folder), f"{made_by}-%s.cache")
