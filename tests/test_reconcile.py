"""The reconciliation rule on small inputs: low, high and (under a rule) best, as the methodology states."""

from __future__ import annotations

from dossier.case.model import CasualtyFigure, Citation
from dossier.case.values import FigureValue, PartialDate
from dossier.compose.reconcile import estimate

ORIGIN = {"A": "A", "B": "B", "C": "C", "A-copy": "A"}
RULE = "most-independent-sources"


def figure(value: FigureValue | int, *sources: str, as_of: str | None = None, status: str = "reported",
           attributed_to: str | None = None, id: str = "F", words: str | None = None) -> CasualtyFigure:
    if isinstance(value, int):
        value = FigureValue(kind="exact", low=value, high=value)
    return CasualtyFigure(id=id, quantity="killed", scope="here", value=value, as_given=words or str(value),
                          as_of=PartialDate.parse(as_of) if as_of else None, status=status,
                          alleged_by="a party" if status == "alleged" else None,
                          attributed_to=attributed_to,
                          citations=tuple(Citation(source=s, quote=f"{s} says so") for s in sources))


def at_least(n: int) -> FigureValue:
    return FigureValue(kind="at_least", low=n)


def word(text: str) -> FigureValue:
    return FigureValue(kind="word", word=text)


def test_each_value_means_the_least_count_it_states_and_a_word_means_none():
    assert FigureValue(kind="exact", low=17, high=17).least == 17
    assert at_least(17).least == 17
    assert FigureValue(kind="more_than", low=100).least == 101
    assert FigureValue(kind="range", low=2, high=3).least == 2
    assert FigureValue(kind="range", low=2, high=3).most == 3
    assert word("dozens").least is None
    assert FigureValue(kind="percent", low=90).least is None


def test_low_and_high_are_the_figures_stating_the_least_and_the_most():
    low, high = figure(17, "A", id="F1"), figure(FigureValue(kind="more_than", low=20), "B", id="F2")
    result = estimate([low, high, figure(18, "C", id="F3")], "none", ORIGIN)
    assert (result.low, result.high) == (low, high)


def test_without_a_rule_there_is_no_best_estimate():
    result = estimate([figure(17, "A"), figure(17, "B"), figure(18, "C")], "none", ORIGIN)
    assert (result.best, result.no_best) == (None, "no-rule")


def test_under_the_rule_best_is_the_count_most_independent_sources_state():
    seventeen = figure(17, "A", id="F1")
    result = estimate([seventeen, figure(17, "B", id="F2"), figure(18, "C", id="F3")], RULE, ORIGIN)
    assert result.best == seventeen and result.no_best is None


def test_a_tie_gives_no_best_estimate_and_is_never_broken_by_date():
    result = estimate([figure(17, "A", as_of="2023-01-10"), figure(18, "B", as_of="2024-01-15")], RULE, ORIGIN)
    assert (result.best, result.no_best) == (None, "tie")


def test_a_copy_adds_no_support_to_its_original():
    result = estimate([figure(17, "A"), figure(17, "A-copy"), figure(18, "B")], RULE, ORIGIN)
    assert (result.best, result.no_best) == (None, "tie")  # A and its copy are one source


def test_a_source_supports_only_its_own_latest_figure():
    revised = figure(17, "A", as_of="2023-01-12", id="F2")
    result = estimate([figure(18, "A", as_of="2023-01-10", id="F1"), revised,
                       figure(18, "B", as_of="2023-01-13", id="F3"), figure(17, "C", as_of="2023-01-09", id="F4")],
                      RULE, ORIGIN)
    assert result.best is not None and result.best.value.least == 17  # 17: A and C; 18: only B


def test_a_party_figure_and_an_allegation_are_neither_low_nor_high():
    own = figure(17, "A")
    result = estimate([own, figure(28, "B", attributed_to="a politician"), figure(50, "C", status="alleged")],
                      "none", ORIGIN)
    assert (result.low, result.high) == (own, own)


def test_a_figure_in_words_is_never_low_or_high():
    bound = figure(at_least(68), "B", words="at least 68")
    result = estimate([figure(word("dozens"), "A", words="dozens"), bound], "none", ORIGIN)
    assert (result.low, result.high) == (bound, bound)
    result = estimate([figure(word("hundreds"), "A", words="hundreds")], RULE, ORIGIN)
    assert (result.low, result.high, result.best, result.no_best) == (None, None, None, "no-number")


def test_the_lowest_figure_is_the_plainest_of_those_stating_the_least():
    plain = figure(17, "B", id="F2")
    result = estimate([figure(at_least(17), "A", id="F1"), plain], "none", ORIGIN)
    assert result.low == plain


def test_a_sources_own_figure_that_another_disputes_is_still_its_own():
    # "At least four" by A, disputed by B's "five": both are figures the sources state as theirs.
    result = estimate([figure(at_least(4), "A", status="disputed", id="F1"), figure(5, "B", id="F2")],
                      "none", ORIGIN)
    assert (result.low.id, result.high.id) == ("F1", "F2")


def test_a_partys_figure_and_an_allegation_are_never_low_or_high():
    result = estimate([figure(28, "A", attributed_to="a politician", id="F1"),
                       figure(40, "A", status="alleged", id="F2"), figure(17, "B", id="F3")], "none", ORIGIN)
    assert (result.low.id, result.high.id) == ("F3", "F3")
