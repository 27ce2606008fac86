"""The reconciliation rule on small inputs: low, best and high, as the methodology states them."""

from __future__ import annotations

from dossier.case.model import CasualtyFigure, Citation
from dossier.case.values import FigureValue, PartialDate
from dossier.compose.reconcile import counts, estimate

WORDS = {"dozens": 24, "the remaining": None}
ORIGIN = {"A": "A", "B": "B", "C": "C", "A-copy": "A"}


def figure(value: FigureValue | int, *sources: str, as_of: str | None = None, status: str = "reported",
           attributed_to: str | None = None, id: str = "F") -> CasualtyFigure:
    if isinstance(value, int):
        value = FigureValue(kind="exact", low=value, high=value)
    return CasualtyFigure(id=id, quantity="killed", scope="here", value=value,
                          as_of=PartialDate.parse(as_of) if as_of else None, status=status,
                          alleged_by="a party" if status == "alleged" else None,
                          attributed_to=attributed_to,
                          citations=tuple(Citation(source=s, quote=f"{s} says so") for s in sources))


def at_least(n: int) -> FigureValue:
    return FigureValue(kind="at_least", low=n)


def test_each_stated_value_counts_as_the_least_it_can_mean():
    assert counts(FigureValue(kind="exact", low=17, high=17), WORDS) == [17]
    assert counts(at_least(17), WORDS) == [17]
    assert counts(FigureValue(kind="more_than", low=100), WORDS) == [101]
    assert counts(FigureValue(kind="about", low=40, high=40), WORDS) == [40]
    assert counts(FigureValue(kind="range", low=2, high=3), WORDS) == [2, 3]
    assert counts(FigureValue(kind="word", word="dozens"), WORDS) == [24]
    assert counts(FigureValue(kind="word", word="the remaining"), WORDS) == []


def test_low_and_high_are_the_lowest_and_highest_counts_stated_in_their_own_words():
    result = estimate([figure(17, "A"), figure(FigureValue(kind="more_than", low=20), "B")], WORDS, ORIGIN)
    assert (result.low, result.high) == (17, 21)
    assert result.high_stated == FigureValue(kind="more_than", low=20)


def test_best_is_the_count_most_independent_sources_support():
    result = estimate([figure(17, "A"), figure(17, "B"), figure(18, "C")], WORDS, ORIGIN)
    assert (result.low, result.best, result.high) == (17, 17, 18)


def test_a_copy_adds_no_support_to_its_original():
    result = estimate([figure(17, "A", "A-copy", as_of="2023-01-10"), figure(18, "B", as_of="2023-01-09")],
                      WORDS, ORIGIN)
    assert result.best == 17  # one source against one: the tie goes to the more recent figure
    result = estimate([figure(17, "A", as_of="2023-01-09"), figure(17, "A-copy", as_of="2023-01-09"),
                       figure(18, "B", as_of="2023-01-10")], WORDS, ORIGIN)
    assert result.best == 18  # A and its copy are one source, tied with B, and B is newer


def test_a_source_supports_only_its_own_latest_figure():
    result = estimate([figure(18, "A", as_of="2023-01-10"), figure(17, "A", as_of="2023-01-12"),
                       figure(18, "B", as_of="2023-01-13"), figure(17, "C", as_of="2023-01-09")],
                      WORDS, ORIGIN)
    assert result.best == 17  # A revised 18 to 17: 17 has A and C, 18 only B (else a tie, won by B's 18)
    result = estimate([figure(17, "A", as_of="2023-01-10"), figure(18, "A", as_of="2023-01-12")],
                      WORDS, ORIGIN)
    assert (result.low, result.best, result.high) == (17, 18, 18)


def test_a_figure_a_source_quotes_from_a_party_counts_but_supports_nothing():
    result = estimate([figure(17, "A"), figure(28, "B", attributed_to="a politician", as_of="2023-01-12")],
                      WORDS, ORIGIN)
    assert (result.low, result.best, result.high) == (17, 17, 28)


def test_an_allegation_does_not_move_low_best_or_high():
    result = estimate([figure(17, "A"), figure(50, "B", status="alleged")], WORDS, ORIGIN)
    assert (result.low, result.best, result.high) == (17, 17, 17)


def test_a_word_counts_as_the_case_says_and_a_word_without_a_count_not_at_all():
    result = estimate([figure(FigureValue(kind="word", word="dozens"), "A"), figure(at_least(68), "B")],
                      WORDS, ORIGIN)
    assert (result.low, result.high, result.low_stated) == (24, 68, FigureValue(kind="word", word="dozens"))
    result = estimate([figure(FigureValue(kind="word", word="the remaining"), "A")], WORDS, ORIGIN)
    assert (result.low, result.best, result.high) == (None, None, None)


def test_the_stated_value_behind_a_count_is_the_plainest_that_states_it():
    result = estimate([figure(at_least(17), "A"), figure(17, "B")], WORDS, ORIGIN)
    assert result.low_stated == FigureValue(kind="exact", low=17, high=17)
