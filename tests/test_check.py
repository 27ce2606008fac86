"""`check` proves every claim of a case is backed by its sources, and says exactly what is not."""

from __future__ import annotations

import re
import subprocess

import pytest
import sys

from conftest import FIXTURES, edit, errors_of

from dossier.build import check_case
from dossier.check.evidence import origins, independent_sources
from dossier.case.model import Citation


def test_the_small_case_checks_clean_with_its_summary():
    checked = check_case(FIXTURES / "mini")
    assert checked.summary() == (
        "mini: 3 sources (2 independent), 2 events, 3 figures, 0 victims, 14 citations verified, "
        "1 conflict:\n  killed / bridge: \"at least 3\" (R), \"4\" (A)")


def test_citations_record_where_the_passage_stands():
    checked = check_case(FIXTURES / "mini")
    passage = next(p for c, p in checked.passages.items() if c.quote == "killing 4 people")
    assert (passage.source, passage.line) == ("A", 3)
    assert checked.case.documents[1].text[passage.start:passage.end] == "killing 4 people"


def test_a_quote_not_in_its_source_shows_the_closest_passage(mini):
    edit(mini / "figures.yaml", 'quote: "killing 4 people"', 'quote: "killing 5 people"')
    assert errors_of(mini) == [
        'figures.yaml:21: error: quote not found in A (article.txt): closest passage at line 3: '
        '"...killing 4 people. The regional go..."; after "killing " the quote has "5 people" where '
        'the source has "4 people. The regional go" [quote]']


def test_a_quote_cited_to_the_wrong_source_says_where_it_is(mini):
    edit(mini / "figures.yaml", '- source: A\n        quote: "killing 4 people"',
         '- source: R\n        quote: "killing 4 people"')
    assert errors_of(mini) == [
        "figures.yaml:21: error: quote not found in R (report.txt): it is in A at line 3; "
        "is the source id right? [quote]"]


def test_unknown_key_suggests_the_right_one(mini):
    edit(mini / "events.yaml", "    precision: day\n", "    precison: day\n")
    assert errors_of(mini) == [
        "events.yaml:2: error: event is missing 'precision' [case]",
        "events.yaml:4: error: unknown key 'precison' in event; did you mean 'precision'? [case]",
    ]


def test_unknown_source_id_is_reported_with_its_line(mini):
    edit(mini / "events.yaml", "      - source: A\n", "      - source: B\n")
    assert errors_of(mini) == [
        "events.yaml:13: error: unknown source 'B'; known: R, A, X [reference]"]


def test_duplicate_ids_name_the_first_occurrence(mini):
    edit(mini / "figures.yaml", "  - id: F2\n", "  - id: F1\n")
    assert errors_of(mini) == [
        "figures.yaml:12: error: duplicate figure id 'F1' (first at line 2); ids must be unique "
        "[duplicate-id]"]


def test_impossible_dates_are_errors(mini):
    edit(mini / "events.yaml", "    date: 2021-03-12\n    precision: day",
         "    date: 2021-02-30\n    precision: day")
    assert errors_of(mini) == [
        "events.yaml:3: error: 'date': '2021-02-30' is not a real date: February 2021 has 28 days [case]"]


def test_a_figure_must_say_what_it_counts_and_as_of_when(mini):
    edit(mini / "figures.yaml", "    quantity: killed\n    scope: bridge\n    value: {at_least: 3}\n"
         "    as_given: \"at least 3\"\n    as_of: 2021-03-12\n",
         "    scope: bridge\n    value: {at_least: 3}\n    as_given: \"at least 3\"\n")
    assert errors_of(mini) == [
        "figures.yaml:2: error: casualty figure is missing 'quantity' [case]",
        "figures.yaml:2: error: casualty figure is missing 'as_of' (write 'unknown' if the sources "
        "do not say) [case]"]


def test_a_changed_source_is_an_error_naming_the_file(mini):
    report = mini / "sources" / "report.txt"
    report.write_bytes(report.read_bytes().replace(b"at least 3", b"at least 4"))
    pin = [e for e in errors_of(mini) if e.startswith("sources.yaml")]
    assert len(pin) == 1
    assert pin[0].startswith("sources.yaml:4: error: source R: sources/report.txt has SHA-256 ")
    assert "but sources.yaml pins 1c9361ba1a71991da820ecf799eac65dbe80e1a95a5976c5fab6eb227c80a64d;" in pin[0]
    assert pin[0].endswith("the file changed after its quotes were verified: restore the original "
                              "bytes, or re-verify and update the pin [source-changed]")


def test_a_derived_copy_collapses_into_its_origin():
    checked = check_case(FIXTURES / "mini")
    origin = origins(checked.case.sources)
    assert origin == {"R": "R", "A": "A", "X": "A"}
    both = [Citation(source="A", quote="a"), Citation(source="X", quote="b")]
    assert independent_sources(both, origin) == {"A"}


def test_established_on_a_source_and_its_copy_is_an_error(mini):
    edit(mini / "events.yaml", '      - source: R\n        quote: "police dispersed a march at the river '
         'bridge in Villa Norte, killing"\n', '      - source: X\n        quote: "Police opened fire"\n')
    assert errors_of(mini) == [
        "events.yaml:9: error: E1: 'established' needs 2 independent sources, but its citations "
        "(A, X) come from 1 (A); mark it reported, or cite another independent source [status]"]


def test_an_established_figure_that_others_contradict_is_an_error(mini):
    edit(mini / "figures.yaml", "    as_of: unknown\n    status: reported",
         "    as_of: unknown\n    status: established")
    errors = errors_of(mini)
    assert "figures.yaml:18: error: figure F2 is 'established' but other figures for killed / bridge " \
           "differ: at least 3 (F1); record it as reported [status]" in errors


def test_an_allegation_must_say_who_makes_it(mini):
    edit(mini / "events.yaml", "    alleged_by: Witnesses\n", "")
    assert errors_of(mini) == [
        "events.yaml:23: error: E2: status 'alleged' needs alleged_by (who makes the allegation) [status]"]


def test_a_figure_keeps_the_source_s_own_words_which_must_stand_in_its_passage(mini):
    edit(mini / "figures.yaml", 'as_given: "dozens"', 'as_given: "scores"')
    assert errors_of(mini) == [
        'figures.yaml:26: error: figure F3: as_given "scores" is not in the passages it cites; write '
        "the source's own words for the figure, as they stand there [figure]"]


def test_every_problem_is_reported_in_one_run(mini):
    edit(mini / "events.yaml", "phase: the-day\n    actors", "phase: the-dya\n    actors")
    edit(mini / "figures.yaml", "scope: bridge\n    value: 4", "scope: brige\n    value: 4")
    assert errors_of(mini) == [
        "events.yaml:6: error: unknown phase 'the-dya'; did you mean 'the-day'? [reference]",
        "figures.yaml:14: error: unknown scope 'brige'; did you mean 'bridge'? [reference]"]


def test_yaml_syntax_errors_have_a_line(mini):
    (mini / "victims.yaml").write_text("victims:\n  - id: V1\n   name: x\n", encoding="utf-8")
    errors = errors_of(mini)
    assert errors[0].startswith("victims.yaml:3: error: YAML syntax: ")


def test_cli_prints_each_error_and_a_summary_and_exits_nonzero_without_traceback(mini):
    edit(mini / "figures.yaml", 'quote: "killing 4 people"', 'quote: "killing 5 people"')
    run = subprocess.run([sys.executable, "-m", "dossier", "check", str(mini)],
                         capture_output=True, text=True)
    assert run.returncode == 1
    lines = run.stderr.strip().splitlines()
    assert lines[0].startswith(f"{mini}/figures.yaml:21: error: quote not found in A")
    assert lines[-1] == f"{mini}: 1 error found"
    assert "Traceback" not in run.stderr and run.stdout == ""


def test_cli_on_a_clean_case_prints_the_summary_and_exits_zero():
    run = subprocess.run([sys.executable, "-m", "dossier", "check", str(FIXTURES / "mini")],
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("mini: 3 sources (2 independent)")


def test_cli_on_a_folder_that_is_not_a_case_says_so(tmp_path):
    run = subprocess.run([sys.executable, "-m", "dossier", "check", str(tmp_path)],
                         capture_output=True, text=True)
    assert run.returncode == 1
    assert run.stderr == (f"error: {tmp_path} is not a case folder: it has no case.yaml "
                          "(see docs/corpus-format.md)\n")


def test_a_chart_with_nothing_to_draw_is_an_error(mini):
    (mini / "charts.yaml").write_text(
        "charts:\n  - id: empty\n    kind: by-source\n    title: Nothing\n"
        "    quantities: [injured]\n    scopes: [bridge]\n"
        "  - id: nothing\n    kind: by-source\n    title: Nothing at all\n"
        "    quantities: [killed, injured]\n    scopes: [bridge, bridge]\n", encoding="utf-8")
    edit(mini / "figures.yaml", "    quantity: injured\n", "    quantity: killed\n")
    assert errors_of(mini) == [
        "charts.yaml:2: error: chart empty (by-source): no figure in figures.yaml counts injured in "
        "bridge; there is nothing to draw [chart]",
        "charts.yaml:7: error: chart nothing (by-source) draws one scope: give exactly one [chart]"]


def test_a_bad_record_does_not_hide_the_problems_of_the_others(mini):
    edit(mini / "figures.yaml", "    as_of: 2021-03-12\n    status: reported\n    citations:\n"
         "      - source: R\n        quote: \"killing at least 3 people\"",
         "    as_off: 2021-03-12\n    status: reported\n    citations:\n"
         "      - source: R\n        quote: \"killing at least 3 people\"")
    edit(mini / "figures.yaml", "    quantity: injured\n", "    quantity: injurd\n")
    assert errors_of(mini) == [
        "figures.yaml:2: error: casualty figure is missing 'as_of' (write 'unknown' if the sources "
        "do not say) [case]",
        "figures.yaml:7: error: unknown key 'as_off' in casualty figure; did you mean 'as_of'? [case]",
        "figures.yaml:23: error: unknown quantity 'injurd'; did you mean 'injured'? [reference]"]


def test_a_folder_that_does_not_exist_says_so(tmp_path):
    run = subprocess.run([sys.executable, "-m", "dossier", "check", str(tmp_path / "nope")],
                         capture_output=True, text=True)
    assert run.returncode == 1
    assert run.stderr == (f"error: {tmp_path / 'nope'} does not exist; name a case folder such as "
                          "corpus/juliaca-2023\n")


def test_the_bundled_juliaca_case_checks_clean_with_the_conflicts_its_sources_contain():
    from conftest import JULIACA

    checked = check_case(JULIACA)
    case = checked.case
    assert checked.problems == []
    assert len(case.sources) == 5 and len(set(origins(case.sources).values())) == 4
    assert len(case.events) >= 35
    assert {e.date.year for e in case.events} >= {2021, 2022, 2023, 2024}
    assert sum(1 for e in case.events if str(e.date) == "2023-01-09" and e.time) >= 3
    conflicts = {(c.quantity, c.scope): {str(v) for v, _ in c.values} for c in checked.conflicts}
    assert {"17", "18"} <= conflicts[("killed", "juliaca")]
    assert {"at least 68", "more than 100", "hundreds"} <= conflicts[("injured", "juliaca")]
    assert conflicts[("teenagers-killed", "juliaca")] == {"at least 2", "3"}
    assert {"46", "more than 50", "more than 60"} <= conflicts[("killed", "nationwide")]
    assert conflicts[("injured", "ayacucho")] == {"61", "52"}
    examined = {f.quantity: str(f.value) for f in case.figures if f.scope == "juliaca-examined"}
    assert examined == {"bodies-examined": "9", "bodies-762mm": "6", "bodies-shotgun": "2",
                        "bodies-handgun": "1"}
    # the copy of the encyclopedia article is never an independent source
    assert origins(case.sources)["S1"] == "S2"


def test_sources_derived_from_each_other_are_refused(mini):
    # R copied from X and X from A, which copies R: three copies would count as no origin at all.
    edit(mini / "sources.yaml", "    obtained: Written for the test suite.\n    derived_from: unknown\n"
         "    grading: {reliability: B", "    obtained: Written for the test suite.\n    derived_from: X\n"
         "    grading: {reliability: B")
    edit(mini / "sources.yaml", "    obtained: Written for the test suite.\n    derived_from: unknown\n"
         "    grading: {reliability: C, credibility: 3, reason: An unsigned article.}",
         "    obtained: Written for the test suite.\n    derived_from: R\n"
         "    grading: {reliability: C, credibility: 3, reason: An unsigned article.}")
    errors = errors_of(mini)
    assert any("sources derived from each other in a cycle" in e and e.startswith("sources.yaml:")
               for e in errors), errors


DISPUTE_ACCOUNT = ("    accounts:\n"
                   "      - account: The police.\n"
                   "        citations: [{source: R, quote: \"police dispersed a march\"}]\n")
SECOND_ACCOUNT = ("      - account: Nobody says otherwise here, but two accounts are needed.\n"
                  "        citations: [{source: A, quote: \"Police opened fire on marchers\"}]\n")


def write_dispute(case, body: str) -> None:
    """disputes.yaml with one disputed point, D1, whose accounts and keys are body."""
    (case / "disputes.yaml").write_text(
        "disputes:\n  - id: D1\n    question: Who dispersed the march?\n" + body, encoding="utf-8")


def test_an_established_record_that_a_dispute_concerns_is_an_error(mini):
    write_dispute(mini, DISPUTE_ACCOUNT + SECOND_ACCOUNT + "    concerns: [E1]\n")
    errors = errors_of(mini)
    assert any(e.startswith("events.yaml:") and "E1" in e and "D1" in e for e in errors), errors


def test_a_disputed_record_needs_a_disputed_point_that_gives_each_side_with_its_source(mini):
    # "Disputed" alone would show one side; the other account and its passages live in
    # disputes.yaml, and the record links to them.
    edit(mini / "events.yaml", "    status: alleged\n    alleged_by: Witnesses\n", "    status: disputed\n")
    errors = errors_of(mini)
    assert any(e.startswith("events.yaml:23:") and "E2 is 'disputed'" in e and "concerns" in e
               for e in errors), errors
    write_dispute(mini, DISPUTE_ACCOUNT + SECOND_ACCOUNT + "    concerns: [E2]\n")
    check_case(mini)  # raises CaseInvalid on any error


def test_a_dispute_needs_two_accounts(mini):
    write_dispute(mini, DISPUTE_ACCOUNT)
    errors = errors_of(mini)
    assert any(e.startswith("disputes.yaml:4:") for e in errors), errors


def test_an_established_finding_whose_figure_another_source_contradicts_is_an_error(tmp_path):
    # S2 says "over 100" injured; the IACHR, as S2 quotes it, says "dozens": stating "over 100"
    # as fact would settle the disagreement silently.
    import shutil
    from conftest import JULIACA
    case = tmp_path / "case"
    shutil.copytree(JULIACA, case)
    edit(case / "findings.yaml", "findings:\n", "findings:\n"
         "  - id: FNX\n"
         "    text: Over 100 people were injured in Juliaca that day.\n"
         "    status: established\n"
         "    citations:\n"
         "      - {source: S2, quote: \"In total, 18 civilians were killed and over 100 others were injured.\"}\n"
         "      - {source: S3, quote: \"resulting in 18 deaths and hundreds of wounded\"}\n")
    errors = errors_of(case)
    assert any(e.startswith("findings.yaml:7:") and "FNX" in e and "dozens" in e for e in errors), errors


def test_a_misspelt_choice_of_a_field_that_may_be_unknown_is_a_located_error(mini):
    edit(mini / "events.yaml", "    approximate: true\n", "    approximate: true\n    bound: by\n")
    assert errors_of(mini) == [
        "events.yaml:20: error: 'bound': 'by' is not allowed; use one of: no-later-than, "
        "no-earlier-than [case]"]


def test_a_figure_recorded_as_exact_whose_words_follow_at_least_in_its_passage_is_an_error(mini):
    # "3" stands in "killing at least 3 people", but as a bound: recorded as exactly 3, the
    # dossier would print a number the source did not state.
    edit(mini / "figures.yaml", '    value: {at_least: 3}\n    as_given: "at least 3"\n',
         '    value: 3\n    as_given: "3"\n')
    errors = errors_of(mini)
    assert any(e.startswith("figures.yaml:6:") and 'as "at least 3"' in e for e in errors), errors


def test_a_figure_whose_words_stand_only_inside_longer_words_is_not_in_its_passage(mini):
    # "4 p" is in "killing 4 people" only as part of "people": not the source's words.
    edit(mini / "figures.yaml", '    as_given: "4"\n', '    as_given: "4 p"\n')
    assert errors_of(mini) == [
        'figures.yaml:16: error: figure F2: as_given "4 p" is not in the passages it cites; write '
        "the source's own words for the figure, as they stand there [figure]"]


def test_a_teenager_may_be_a_minor_and_is_protected_as_one(tmp_path):
    # "A teenage girl" may be 18 or 19: not recorded as a child, but protected as a minor.
    import shutil
    case = tmp_path / "case"
    shutil.copytree(FIXTURES / "every-field", case)
    edit(case / "victims.yaml", "    age: 34\n    age_band: adult\n", "    age: unknown\n    age_band: teenager\n")
    errors = errors_of(case)
    assert any("may be a minor (a teenager) but is not protected; add protected: [minor]" in e
               for e in errors), errors
    edit(case / "victims.yaml", "    age: unknown\n", "    age: 21\n")
    assert any("age 21 does not match age band 'teenager'" in e for e in errors_of(case))


@pytest.mark.parametrize("old, new, message", [
    ('    value: {at_least: 3}\n', '    value: {at_least: 7}\n',
     'figures.yaml:5: error: figure F1: value at least 7 says 7, but as_given "at least 3" says 3; '
     'correct the value or the words [figure]'),
    ('    value: {at_least: 3}\n', '    value: 3\n',
     'figures.yaml:5: error: figure F1: value 3 is exact, but as_given "at least 3" is qualified; '
     'write value: {at_least: 3}, {more_than: 3} or {about: 3} [figure]'),
    ('    value: {word: dozens}\n', '    value: 24\n',
     'figures.yaml:25: error: figure F3: as_given "dozens" gives no number, but value is 24; write '
     'value: {word: dozens}, so that no word becomes a number [figure]'),
])
def test_a_figures_value_must_say_what_its_words_say(mini, old, new, message):
    # Drawn and compared by its value, printed in its words: the two may not disagree.
    edit(mini / "figures.yaml", old, new)
    assert errors_of(mini) == [message]


def test_a_pin_that_is_not_a_whole_sha256_says_so_not_that_the_file_changed(mini):
    text = (mini / "sources.yaml").read_text(encoding="utf-8")
    pin = re.search(r"sha256: ([0-9a-f]{64})", text).group(1)
    (mini / "sources.yaml").write_text(text.replace(pin, pin[:8] + "...", 1), encoding="utf-8")
    [error] = [e for e in errors_of(mini) if "sha256" in e.lower()]
    assert "is not a SHA-256 (64 hexadecimal characters); pin the file's whole hash" in error
    assert "changed" not in error
