"""`build` turns the verified Juliaca case into the PDF a lawyer attaches: read it back and check."""

from __future__ import annotations

import functools
import json
import itertools
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURES, JULIACA, build_pdf, edit
from pdfread import contents_entries, page_texts
from pypdf import PdfReader

from dossier.build import TEMPLATES, check_case
from dossier.compose.dossier import compose_dossier
from dossier.edition import Edition
from dossier.errors import CaseInvalid, DossierError
from dossier.render.terms import load_terms
from dossier.verify.pdf import read_pdf, verify_pdf

SECTIONS = ["Contents", "Executive summary", "Chronology", "Casualties", "Accountability",
            "Methodology and limitations", "Claims not relied on", "Source appendix"]


@pytest.fixture(scope="module")
def juliaca(juliaca_pdf) -> Path:
    return juliaca_pdf


@pytest.fixture(scope="module")
def texts(juliaca) -> list[str]:
    return page_texts(juliaca)


@pytest.fixture(scope="module")
def dossier():
    checked = check_case(JULIACA)
    return compose_dossier(checked.case, checked.passages, Edition(language="en")), checked


@functools.cache
def title() -> str:
    """The running header of every page: the case's title, then its confidentiality marking."""
    info = check_case(JULIACA).case.info
    return " ".join(filter(None, (info.title, info.confidentiality)))


def section_starts(texts: list[str]) -> list[int]:
    """The page each section starts on: the first page, after the previous section's start,
    whose text starts with the running header and the section's title (a subsection of the
    summary may share a section's title, as "Accountability" does)."""
    starts: list[int] = []
    for name in SECTIONS:
        after = starts[-1] + 1 if starts else 0
        starts.append(next(i for i, t in enumerate(texts) if i >= after and t.startswith(f"{title()} {name}")))
    return starts


def pages_of(texts: list[str], heading: str) -> list[int]:
    """0-based indexes of the pages from the one whose text starts with heading to the next section."""
    starts = section_starts(texts)
    begin = starts[SECTIONS.index(heading)]
    end = next((s for s in starts if s > begin), len(texts))
    return list(range(begin, end))


def test_sections_come_in_order_after_the_cover(juliaca, texts):
    assert texts[0].startswith(title())
    outline = read_pdf(juliaca.read_bytes()).outline
    assert [heading for level, heading, _ in outline if level == 0] == SECTIONS
    # Each section's first page, read from its text, is the page its bookmark points to.
    assert section_starts(texts) == [page for level, _, page in outline if level == 0]


def test_the_contents_page_numbers_are_the_pages_the_headings_are_on(juliaca):
    facts = read_pdf(juliaca.read_bytes())
    entries = contents_entries(juliaca)
    assert len(entries) >= 30
    assert entries == [(title, page + 1) for level, title, page in facts.outline
                       if title != "Contents" and level < 2]


def test_the_summary_gives_the_page_of_each_groups_accountability_for_a_reader_on_paper(juliaca, texts):
    outline = read_pdf(juliaca.read_bytes()).outline
    start = next(i for i, (level, heading, _) in enumerate(outline)
                 if (level, heading) == (0, "Accountability"))
    groups = [page + 1 for level, heading, page in itertools.takewhile(lambda o: o[0] > 0, outline[start + 1:])
              if level == 1 and re.match(r"\d+\. ", heading)]
    summary = " ".join(texts[i] for i in pages_of(texts, "Executive summary"))
    assert len(groups) == 4
    assert [int(n) for n in re.findall(r"In detail on page (\d+)", summary)] == groups


def test_the_executive_summary_gives_every_key_figure_in_its_sources_words(texts, dossier):
    model, _ = dossier
    summary = " ".join(texts[i] for i in pages_of(texts, "Executive summary"))
    for figure in model.key_figures:
        for stated in figure.values:
            assert f"“{stated.as_given}”" in summary, (figure.quantity, stated.as_given)
            for cite in stated.cites:
                assert re.search(rf"\[[^\]]*\b{re.escape(cite.passage)}\b", summary), cite.passage
    assert "People killed, Juliaca, 9 January 2023: “17” according to" in summary


def test_the_first_page_of_the_summary_says_that_no_civilian_killed_is_named(texts):
    first = texts[pages_of(texts, "Executive summary")[0]]
    assert "No source names any of the civilians killed." in first


def test_both_sides_of_every_conflict_are_in_the_dossier(texts, dossier):
    _, checked = dossier
    casualties = " ".join(texts[i] for i in pages_of(texts, "Casualties"))
    assert len(checked.conflicts) >= 5
    for conflict in checked.conflicts:
        for value, figures in conflict.values:
            for figure in figures:
                assert f"“{figure.as_given}”" in casualties, (conflict.quantity, figure.as_given)


def test_vague_words_stay_words(texts):
    summary = " ".join(texts[i] for i in pages_of(texts, "Executive summary"))
    assert "“hundreds” according to Peña Jumpa [S3-" in summary
    assert "“dozens” (the encyclopedia article gives it as the figure of the Inter-American Commission" in summary
    words_as_numbers = re.compile(r"\b(200|24)\b")  # what "hundreds" and "dozens" once became
    casualties = " ".join(texts[i] for i in pages_of(texts, "Casualties"))
    # Page numbers and citation markers ([S3-24]) are not figures.
    prose = re.sub(r"Page \d+ of \d+|\[[^\]]*\]", "", summary + casualties)
    assert not words_as_numbers.search(prose)


def test_every_disputed_point_is_in_the_summary_with_each_account_and_its_sources(texts, dossier):
    model, _ = dossier
    summary = " ".join(texts[i] for i in pages_of(texts, "Executive summary"))
    assert len(model.disputes) >= 5
    for point in model.disputes:
        assert f"{point.ref.number}. {point.question}" in summary
        for account in point.accounts:
            assert account.text in summary
            for cite in account.cites:
                assert cite.passage in summary


def test_every_citation_marker_resolves_to_a_passage_in_the_appendix(juliaca):
    facts = read_pdf(juliaca.read_bytes())
    appendix_start = next(page for level, title, page in facts.outline if title == "Source appendix")
    summary_start = next(page for level, title, page in facts.outline if title == "Executive summary")
    heading_pages = {page for _, _, page in facts.outline}
    targets = [target for page, target in facts.direct_links if summary_start <= page < appendix_start]
    markers = [target for target in targets if target >= appendix_start]
    assert len(markers) > 300
    # Every other link in the text goes to a section of the dossier (an actor group) or to a
    # disputed point of the summary.
    disputes = {page for name, page in facts.destinations.items() if name.startswith("dispute-")}
    assert disputes
    assert all(target in heading_pages | disputes for target in targets if target < appendix_start)
    assert verify_pdf(juliaca.read_bytes()) == []


def test_the_appendix_links_each_passage_back_to_the_pages_that_cite_it(juliaca, texts):
    facts = read_pdf(juliaca.read_bytes())
    appendix = pages_of(texts, "Source appendix")
    backlinks = [(page, target) for page, target in facts.direct_links if page in appendix]
    assert len(backlinks) > 100
    cited_on = re.findall(r"Cited on pages? ([\d, ]+)", " ".join(texts[i] for i in appendix))
    shown = sorted({int(n) - 1 for group in cited_on for n in group.split(",")})
    assert sorted({target for _, target in backlinks if target < appendix[0]}) == shown


def test_every_source_sha256_is_in_the_appendix(texts, dossier):
    model, _ = dossier
    appendix = " ".join(texts[i] for i in pages_of(texts, "Source appendix"))
    for source in model.sources:
        assert source.sha256 in appendix.replace(" ", "")


def test_every_quoted_passage_in_the_appendix_is_verbatim_from_its_source(dossier):
    model, checked = dossier
    for source in model.sources:
        text = (JULIACA / source.file).read_text(encoding="utf-8")
        for passage in source.passages:
            assert text[passage.start:passage.end] == passage.text
            assert text[:passage.start].count("\n") + 1 == passage.line


def test_the_charts_are_embedded_as_images(juliaca, dossier):
    model, _ = dossier
    reader = PdfReader(juliaca)
    images = sum(len(page.images) for page in reader.pages)
    assert images == len(model.charts) == 5


def test_every_font_is_embedded(juliaca):
    fonts = read_pdf(juliaca.read_bytes()).fonts
    assert fonts and all(fonts.values()), fonts
    assert not any("Helvetica" in name or "Times" in name for name in fonts)


def test_metadata_says_what_the_document_is(juliaca):
    facts = read_pdf(juliaca.read_bytes())
    info = check_case(JULIACA).case.info
    assert facts.metadata["/Title"] == info.title
    assert facts.metadata["/Subject"] == info.subtitle
    assert "Juliaca" in facts.metadata["/Keywords"]
    assert facts.metadata["/Author"]
    assert facts.language == "en"
    compiled = info.compiled
    assert facts.metadata["/CreationDate"].startswith(  # the case's compilation date, never the clock
        f"D:{compiled.year:04d}{compiled.month:02d}{compiled.day:02d}")


def test_every_page_says_page_x_of_y(texts):
    total = len(texts)
    for number, text in enumerate(texts, 1):
        assert f"Page {number} of {total}" in text


def test_two_builds_give_identical_bytes(juliaca, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1")  # the environment must not change the output
    again = build_pdf(JULIACA, tmp_path, tmp_path / "figures")  # charts drawn again, too
    assert again.read_bytes() == juliaca.read_bytes()


def test_breaking_lines_once_per_width_changes_nothing(juliaca, tmp_path, monkeypatch):
    from reportlab.platypus import Paragraph

    from dossier.pdf.flowables import TextParagraph
    monkeypatch.setattr(TextParagraph, "wrap", Paragraph.wrap)
    monkeypatch.setattr(TextParagraph, "draw", Paragraph.draw)
    again = build_pdf(JULIACA, tmp_path, juliaca.parent / "figures")  # the charts cached
    assert again.read_bytes() == juliaca.read_bytes()


def test_letter_paper(tmp_path):
    pdf = build_pdf(FIXTURES / "mini", tmp_path, tmp_path / "figures", paper="letter")
    box = PdfReader(pdf).pages[0].mediabox
    assert (round(box.width), round(box.height)) == (612, 792)


def test_a_case_that_fails_check_is_not_built_and_the_previous_pdf_stays(mini, tmp_path):
    out = tmp_path / "out"
    first = build_pdf(mini, out, tmp_path / "figures")
    before = first.read_bytes()
    edit(mini / "figures.yaml", 'quote: "killing 4 people"', 'quote: "killing 5 people"')
    with pytest.raises(CaseInvalid):
        build_pdf(mini, out, tmp_path / "figures")
    assert first.read_bytes() == before
    assert sorted(p.name for p in out.iterdir()) == ["mini-en-a4.manifest.json", "mini-en-a4.pdf"]


def test_draft_builds_a_failing_case_stamped_and_with_its_warnings(mini, tmp_path):
    edit(mini / "figures.yaml", 'quote: "killing 4 people"', 'quote: "killing 5 people"')
    pdf = build_pdf(mini, tmp_path, tmp_path / "figures", draft=True)
    texts = page_texts(pdf)
    assert pdf.name == "mini-en-a4-DRAFT.pdf"
    assert all("DRAFT - not for filing" in text for text in texts)
    assert "Warnings: why this draft is not for filing" in texts[-1]
    assert "figures.yaml:21: error: quote not found in A" in texts[-1]
    # Beside the figure itself, where a reader would otherwise take it as cited:
    cite_four = [text for text in texts if "“4”" in text]
    assert len(cite_four) >= 2
    assert all("[A: QUOTE NOT FOUND, see Warnings]" in text for text in cite_four)
    outline = [title for level, title, _ in read_pdf(pdf.read_bytes()).outline if level == 0]
    assert outline[-1] == "Warnings: why this draft is not for filing"


def test_changing_a_sentence_needs_only_a_template(tmp_path):
    import shutil
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    edit(templates / "en" / "summary.xml.j2", 'title="Executive summary"', 'title="Summary for counsel"')
    pdf = build_pdf(FIXTURES / "mini", tmp_path, tmp_path / "figures", templates_dir=templates)
    assert "Summary for counsel" in " ".join(page_texts(pdf))
    # Compiled templates are cached between builds: an edit must still show in the next one.
    edit(templates / "en" / "summary.xml.j2", 'title="Summary for counsel"', 'title="Summary for the court"')
    pdf = build_pdf(FIXTURES / "mini", tmp_path, tmp_path / "figures", templates_dir=templates)
    assert "Summary for the court" in " ".join(page_texts(pdf))


@pytest.mark.parametrize("broken,message", [
    # Inserted as line 14, after "What happened".
    ("{% endif %}", "summary.xml.j2:14: error: template syntax: Encountered unknown tag 'endif'."),
    ("{{ d.no_such_field }}", "summary.xml.j2:14: error: template failed while rendering: "
                              "'dossier.compose.model.Dossier object' has no attribute 'no_such_field'"),
])
def test_a_broken_template_is_named_with_its_line(tmp_path, broken, message):
    import shutil
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    summary = templates / "en" / "summary.xml.j2"
    lines = summary.read_text(encoding="utf-8").splitlines()
    lines.insert(lines.index("<h2>What happened</h2>") + 1, broken)
    summary.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(DossierError) as caught:
        build_pdf(FIXTURES / "mini", tmp_path, tmp_path / "figures", templates_dir=templates)
    assert str(caught.value).startswith(f"{templates}/en/{message}")
    assert not list(tmp_path.glob("*.pdf"))


def test_cli_build_prints_the_pdf_path(tmp_path):
    run = subprocess.run([sys.executable, "-m", "dossier", "build", str(FIXTURES / "mini"),
                          "--out", str(tmp_path)], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert run.stdout == f"{tmp_path / 'mini-en-a4.pdf'}\n"
    assert run.stderr == ""  # quiet when not on a terminal


def test_cli_build_refuses_a_failing_case_in_one_line_per_problem(mini, tmp_path):
    edit(mini / "events.yaml", "phase: the-day\n    actors", "phase: the-dya\n    actors")
    run = subprocess.run([sys.executable, "-m", "dossier", "build", str(mini), "--out", str(tmp_path)],
                         capture_output=True, text=True)
    assert run.returncode == 1
    assert run.stderr.splitlines() == [
        f"{mini}/events.yaml:6: error: unknown phase 'the-dya'; did you mean 'the-day'? [reference]",
        f"{mini}: 1 error found"]
    assert not list(tmp_path.glob("*.pdf"))


def dossier_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "dossier", *args], cwd=cwd, capture_output=True,
                          text=True)


def test_cli_build_without_out_writes_under_the_case_id_in_the_current_folder(tmp_path):
    import shutil
    shutil.copytree(FIXTURES / "mini", tmp_path / "cases" / "a-folder-not-named-mini")
    run = dossier_cli("build", "cases/a-folder-not-named-mini", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert run.stdout == "output/mini/mini-en-a4.pdf\n"
    assert (tmp_path / "output" / "mini" / "mini-en-a4.pdf").is_file()
    assert list((tmp_path / "figures" / "mini" / "en-a4" / ".compiled-templates").glob("*.cache"))


def test_cli_build_without_a_case_needs_a_corpus_folder(tmp_path):
    run = dossier_cli("build", cwd=tmp_path)
    assert (run.returncode, run.stderr) == (1, "error: no corpus folder at corpus; run from the "
                                               "project folder or name a case folder\n")


def test_cli_build_out_takes_one_case(tmp_path):
    import shutil
    for name in ("first", "second"):
        shutil.copytree(FIXTURES / "mini", tmp_path / "corpus" / name)
    run = dossier_cli("build", "--out", "together", cwd=tmp_path)
    assert run.returncode == 1
    assert run.stderr == ("error: --out takes one case and corpus has 2; name the case folder, as in: "
                          "build corpus/first --out together\n")
    assert not (tmp_path / "together").exists()


def test_cli_build_into_a_file_or_from_a_file_says_so_in_one_line(tmp_path):
    (tmp_path / "taken").write_text("not a folder")
    run = dossier_cli("build", str(FIXTURES / "mini"), "--out", "taken", cwd=tmp_path)
    assert (run.returncode, run.stderr) == (
        1, "error: --out taken is a file; give --out a folder (it is made if missing)\n")
    run = dossier_cli("build", "taken", cwd=tmp_path)
    assert (run.returncode, run.stderr) == (
        1, "error: taken is a file, not a case folder; name a case folder such as corpus/juliaca-2023\n")


def test_a_chart_folder_that_cannot_be_made_is_one_line(juliaca, tmp_path):
    (tmp_path / "figures").write_text("not a folder")
    with pytest.raises(DossierError) as raised:
        build_pdf(JULIACA, tmp_path, tmp_path / "figures" / "juliaca")
    assert str(raised.value).startswith(f"{tmp_path}/figures/juliaca/en-a4: error: cannot write the charts to ")


def test_cli_draft_of_a_failing_case_says_so_beside_the_pdf_path(mini, tmp_path):
    edit(mini / "figures.yaml", 'quote: "killing 4 people"', 'quote: "killing 5 people"')
    run = dossier_cli("build", str(mini), "--out", "out", "--draft", "--paper", "Letter", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert run.stdout == "out/mini-en-letter-DRAFT.pdf\n"
    assert run.stderr == ("out/mini-en-letter-DRAFT.pdf: a draft, not for filing: 1 problem of the case, "
                          "listed on its last page\n")
    box = PdfReader(tmp_path / "out" / "mini-en-letter-DRAFT.pdf").pages[0].mediabox
    assert (round(box.width), round(box.height)) == (612, 792)


def test_an_unreadable_chart_record_means_the_charts_are_drawn_again(juliaca, tmp_path):
    import shutil
    shutil.copytree(juliaca.parent / "figures", tmp_path / "figures")
    (tmp_path / "figures" / "en-a4" / "charts.json").write_text("{ half-written")
    again = build_pdf(JULIACA, tmp_path, tmp_path / "figures")
    assert again.read_bytes() == juliaca.read_bytes()
    assert len(json.loads((tmp_path / "figures" / "en-a4" / "charts.json").read_text())) == 5  # anew


def test_the_pdf_and_charts_can_be_read_by_others(tmp_path):
    import os
    import stat
    old = os.umask(0o022)
    try:
        pdf = build_pdf(JULIACA, tmp_path, tmp_path / "figures")
    finally:
        os.umask(old)
    assert stat.S_IMODE(pdf.stat().st_mode) == 0o644
    charts = [p for p in (tmp_path / "figures" / "en-a4").iterdir() if p.is_file()]  # not templates
    assert charts and {stat.S_IMODE(p.stat().st_mode) for p in charts} == {0o644}


def test_compiled_templates_of_another_version_are_removed_not_used(mini, tmp_path):
    from dossier.build import COMPILED_TEMPLATES
    cache = tmp_path / "figures" / "en-a4" / COMPILED_TEMPLATES
    cache.mkdir(parents=True)
    (cache / "0123456789abcdef-0e397e49242ff9e71b8c2f878011bf4b5e3868d5.cache").write_bytes(b"old")
    build_pdf(mini, tmp_path, tmp_path / "figures")
    names = [p.name for p in cache.iterdir()]
    assert names and not any(name.startswith("0123456789abcdef") for name in names)


def test_draft_builds_even_when_a_data_file_is_missing(mini, tmp_path):
    (mini / "figures.yaml").unlink()
    pdf = build_pdf(mini, tmp_path, tmp_path / "figures", draft=True)
    assert "figures.yaml is missing; every case needs it, even if it has nothing yet " \
           "(write 'figures: []'" in page_texts(pdf)[-1]


def test_an_event_in_another_time_zone_says_so_in_the_chronology(mini, tmp_path):
    edit(mini / "events.yaml", '    time: "16:30"\n', '    time: "16:30"\n    timezone: "UTC-3"\n')
    texts = page_texts(build_pdf(mini, tmp_path, tmp_path / "figures"))
    assert "12 March 2021, around 16:30, UTC-3" in " ".join(texts)


def test_no_number_in_the_summary_or_casualties_that_no_source_states(texts, dossier):
    """Every number in the summary and the casualty section stands in a quoted passage, or is a
    date or time of the case, or is the dossier counting its own records (sources, people
    described, numbered items)."""
    model, checked = dossier
    number = re.compile(r"\d+(?:[.,]\d+)*")
    quoted = " ".join(p.text for s in model.sources for p in s.passages)
    stated = set(number.findall(quoted))
    dates = {str(part) for d in checked.case.events for part in re.findall(r"\d+", f"{d.date} {d.time or ''}")}
    dates |= {str(part) for f in checked.case.figures for part in re.findall(r"\d+", str(f.as_of or ""))}
    dates |= set(re.findall(r"\d+", f"{model.meta.event_date} {model.meta.compiled} {model.meta.version}"))
    own_counts = {str(n) for n in (len(model.sources), model.independent_sources, model.established_min,
                                   len(model.victims), len([v for v in model.victims if v.name]))}
    pages = pages_of(texts, "Executive summary") + pages_of(texts, "Casualties")
    text = " ".join(texts[i] for i in pages)
    months = "|".join(load_terms(TEMPLATES, "en")["months"])
    # Furniture, markers, numbered items and headings, and the day and month of a written-out
    # date ("9 January 2023"): the year stays, to be matched with the case's dates.
    text = re.sub(rf"Page \d+ of \d+|on page \d+|version {re.escape(model.meta.version)}|\[[^\]]*\]|Figure \d+|"
                  rf"(?<![\w,])\d+\. |\b\d{{1,2}} (?={months})", " ", text)
    unexplained = sorted({n for n in number.findall(text)} - stated - dates - own_counts,
                         key=lambda n: float(n.replace(",", "")))
    assert unexplained == []


def test_a_members_role_is_a_description_followed_by_whose_it_is_never_doubled(texts, dossier):
    # "According to Peña Jumpa: The national police; Peña Jumpa places ..." said it twice, and
    # "According to X:" before a noun phrase does not read: the attribution follows the role.
    model, _ = dossier
    text = " ".join(texts[i] for i in pages_of(texts, "Accountability"))
    roles = [m.role for g in model.groups for m in g.members if m.role.status != "established"]
    assert roles
    for role in roles:
        start = text.index(" ".join(role.text.split()))
        assert "According to" not in text[start - 40:start], role.text
        said_by = " and ".join(model_source(model, s).cite_as for s in role.sources)
        if said_by not in role.text:
            assert f"As described by {said_by}." in text[start:start + len(role.text) + 80], role.text


def model_source(model, source_id):
    return next(s for s in model.sources if s.id == source_id)


def test_a_chart_draws_one_bar_per_source_and_never_a_range_within_one_source(texts, dossier):
    # "17" and "at least 17" (Wadhwa) are one bar; "100+" and "over 100" (the encyclopedia
    # article) are one figure, not a range from the one to the other, and nobody else's.
    model, _ = dossier
    by_source = next(c for c in model.charts if c.kind == "by-source")
    drawn = [(p.group, p.label, p.as_of) for p in by_source.points if p.value and p.value.least is not None]
    assert len(drawn) == len(set(drawn))
    compared = next(c for c in model.charts if c.kind == "compare-scopes")
    injured = next(p for p in compared.points if p.span and p.group == "people injured"
                   and p.label.startswith("Juliaca"))
    assert injured.value.kind != "range" and injured.sources == ("S2",)
    text = " ".join(texts)
    assert "“100+”; “over 100” (one figure, in two wordings) the encyclopedia article" in text
    assert "“hundreds”, in words: not drawn Peña Jumpa" in text
