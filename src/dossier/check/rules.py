"""Judge a parsed `Case`: references, dates, statuses and source pins.

Input: a `Case` from `corpus`. Output: a list of diagnostics (empty when the case is sound).
Quotes are verified separately by `citations`; this module checks everything else a curator can
get wrong, and reports every problem rather than the first.
"""

from __future__ import annotations

import difflib
import hashlib
import re
from typing import Iterable, Protocol, Sequence

from dossier.edition import Edition
from dossier.errors import Diagnostic
from dossier.check.evidence import (citations_in, could_both_be_true, find_conflicts,
                                    independent_sources, origins)
from dossier.check.quotes import normalise
from dossier.case.model import (Case, CasualtyFigure, Claim, Event, Finding, Investigation, Loc,
                               NotReliedOn, Victim)


def validate_case(case: Case) -> list[Diagnostic]:
    """Every problem in the case other than quotes, in file order."""
    problems: list[Diagnostic] = []
    report = _Reporter(problems)
    _check_editions(case, report)
    _check_sources(case, report)
    _check_unique_ids(case, report)
    _check_references(case, report)
    _check_events(case, report)
    _check_figures(case, report)
    _check_victims(case, report)
    _check_statuses(case, report)
    _check_disputes(case, report)
    _check_established_numbers(case, report)
    _check_charts(case, report)
    return sorted(problems, key=lambda d: (str(d.path), d.line))


class _Reporter:
    def __init__(self, problems: list[Diagnostic]):
        self.problems = problems

    def __call__(self, loc: Loc, message: str, kind: str = "case") -> None:
        self.problems.append(Diagnostic(loc.path, loc.line, message, kind))

    def reference(self, loc: Loc, what: str, value: str, known: Iterable[str]) -> None:
        known = list(known)
        close = difflib.get_close_matches(value, known, n=1)
        hint = f"did you mean '{close[0]}'?" if close else f"known: {', '.join(known) or 'none'}"
        self(loc, f"unknown {what} '{value}'; {hint}", "reference")


def _check_editions(case: Case, report: _Reporter) -> None:
    """Without editions of its own, a case is built in its language: that must be one."""
    if not case.info.editions:
        try:
            Edition(language=case.info.language)
        except ValueError as exc:
            report(case.info.loc.at("language"), f"{exc} (the language of the case's default edition)",
                   "case")


def _check_sources(case: Case, report: _Reporter) -> None:
    for document in case.documents:
        source = document.source
        actual = hashlib.sha256(document.data).hexdigest()
        if not re.fullmatch(r"[0-9a-fA-F]{64}", source.sha256):
            report(source.loc.at("sha256"), f"source {source.id}: the pin '{source.sha256}' is not a "
                   "SHA-256 (64 hexadecimal characters); pin the file's whole hash, as "
                   f"`sha256sum {source.file}` prints it", "source")
        elif actual != source.sha256.lower():
            report(source.loc.at("sha256"), f"source {source.id}: {source.file} has SHA-256 {actual} "
                   f"but sources.yaml pins {source.sha256}; the file changed after its quotes were "
                   "verified: restore the original bytes, or re-verify and update the pin", "source-changed")
    ids = [s.id for s in case.sources]
    for source in case.sources:
        if source.derived_from is not None:
            if source.derived_from not in ids:
                report.reference(source.loc.at("derived_from"), "source in derived_from",
                                 source.derived_from, ids)
            elif source.derived_from == source.id:
                report(source.loc, f"source {source.id} cannot be derived from itself", "reference")
    _check_derivation_cycles(case, report)


def _check_derivation_cycles(case: Case, report: _Reporter) -> None:
    """A copy of a copy of itself would count as an independent source: refuse every cycle."""
    by_id = {s.id: s for s in case.sources}
    reported: set[str] = set()
    for source in case.sources:
        chain, current = [source.id], source.derived_from
        while current in by_id and current not in chain:
            chain.append(current)
            current = by_id[current].derived_from
        if current == source.id and len(chain) > 1 and not reported & set(chain):
            reported |= set(chain)
            cycle = " -> ".join([*chain, source.id])
            report(source.loc.at("derived_from"), f"sources derived from each other in a cycle ({cycle}) "
                   "would count copies of one text as independent sources; one of them is the original: "
                   f"remove its derived_from", "reference")


class _Identified(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def loc(self) -> Loc: ...


def _check_unique_ids(case: Case, report: _Reporter) -> None:
    actors = case.actors
    kinds: dict[str, Sequence[_Identified]] = {
        "source": case.sources, "event": case.events, "figure": case.figures,
        "victim": case.victims, "investigation": actors.investigations,
        "finding": case.findings, "claim not relied on": case.not_relied_on,
        "actor": actors.all_actors(),
        "chart": case.charts, "phase": case.info.phases, "scope": case.info.scopes,
        "quantity": case.info.quantities,
    }
    for kind, records in kinds.items():
        first: dict[str, Loc] = {}
        for record in records:
            if record.id in first:
                report(record.loc.at("id"), f"duplicate {kind} id '{record.id}' (first at line "
                       f"{first[record.id].line}); ids must be unique", "duplicate-id")
            else:
                first[record.id] = record.loc


def _check_references(case: Case, report: _Reporter) -> None:
    source_ids = [s.id for s in case.sources]
    for citation in citations_in(case):
        if citation.source not in source_ids:
            report.reference(citation.loc.at("source"), "source", citation.source, source_ids)
    actors = case.actors
    actor_ids = [a.id for a in actors.all_actors()]
    investigation_ids = [i.id for i in actors.investigations]
    phases = [p.id for p in case.info.phases]
    scopes = [s.id for s in case.info.scopes]
    quantities = [q.id for q in case.info.quantities]
    for event in case.events:
        if event.phase not in phases:
            report.reference(event.loc.at("phase"), "phase", event.phase, phases)
        for actor in event.actors:
            if actor not in actor_ids:
                report.reference(event.loc.at("actors"), "actor", actor, actor_ids)
        for other in event.other_times:
            if other.source not in source_ids:
                report.reference(other.loc.at("source"), "source", other.source, source_ids)
    for figure in case.figures:
        if figure.quantity not in quantities:
            report.reference(figure.loc.at("quantity"), "quantity", figure.quantity, quantities)
        if figure.scope is not None and figure.scope not in scopes:
            report.reference(figure.loc.at("scope"), "scope", figure.scope, scopes)
    for group in actors.groups:
        for listed in group.investigation_ids:
            if listed not in investigation_ids:
                report.reference(group.loc.at("investigations"), "investigation", listed,
                                 investigation_ids)
    for investigation in actors.investigations:
        for actor in investigation.concerns:
            if actor not in actor_ids:
                report.reference(investigation.loc.at("concerns"), "actor", actor, actor_ids)
    for chart in case.charts:
        for quantity in chart.quantities:
            if quantity not in quantities:
                report.reference(chart.loc.at("quantities"), "quantity", quantity, quantities)
        for scope in chart.scopes:
            if scope not in scopes:
                report.reference(chart.loc.at("scopes"), "scope", scope, scopes)


def _check_events(case: Case, report: _Reporter) -> None:
    for event in case.events:
        _check_event_date(event, report)


def _check_event_date(event: Event, report: _Reporter) -> None:
    precision, date = event.precision, event.date
    where = event.loc.at("precision")
    if precision == "time" and event.time is None:
        report(where, f"event {event.id}: precision is 'time' but no time is given; add "
               "time: \"HH:MM\" or use precision: day", "date")
    if event.time is not None and precision != "time":
        report(where, f"event {event.id}: a time is given but precision is '{precision}'; "
               "use precision: time", "date")
    needs = {"time": "day", "day": "day", "month": "month", "year": "year"}.get(precision)
    if needs and date.precision != needs:
        report(where, f"event {event.id}: precision '{precision}' needs a date written to the "
               f"{needs} (found {date})", "date")
    if precision == "range":
        if event.end is None:
            report(where, f"event {event.id}: precision 'range' needs an end date", "date")
        elif event.end <= date:
            report(where, f"event {event.id}: end {event.end} is not after {date}", "date")
    elif event.end is not None:
        report(where, f"event {event.id}: an end date needs precision: range", "date")


def _check_figures(case: Case, report: _Reporter) -> None:
    kinds = {q.id: q.kind for q in case.info.quantities}
    for figure in case.figures:
        proportion = figure.value.kind in ("percent", "ratio")
        if figure.quantity in kinds and proportion != (kinds[figure.quantity] == "proportion"):
            wanted = "{percent: N} or {ratio: [N, OF]}" if not proportion else "a count"
            report(figure.loc.at("value"), f"figure {figure.id}: {figure.quantity} is a "
                   f"{kinds[figure.quantity]} quantity, so its value is {wanted}", "figure")
    quantities = [q.id for q in case.info.quantities]
    for quantity in case.info.quantities:
        if quantity.counts_within is not None and quantity.counts_within not in quantities:
            report.reference(quantity.loc.at("counts_within"), "quantity in counts_within",
                             quantity.counts_within, quantities)
    for key in case.info.key_figures:
        if key.quantity not in quantities:
            report.reference(key.loc.at("quantity"), "quantity", key.quantity, quantities)
        if key.scope not in [s.id for s in case.info.scopes]:
            report.reference(key.loc.at("scope"), "scope", key.scope, [s.id for s in case.info.scopes])
    within = {q.id: q.counts_within for q in case.info.quantities}
    for conflict in find_conflicts(case.figures, within):
        for value, figures in conflict.values:
            for figure in figures:
                if figure.status == "established":
                    others = "; ".join(f"{v} ({', '.join(f.id for f in fs)})"
                                       for v, fs in conflict.values if v != value)
                    report(figure.loc.at("status"), f"figure {figure.id} is 'established' but other figures for "
                           f"{conflict.quantity} / {conflict.scope} differ: {others}; record it as "
                           "reported", "status")


def _check_victims(case: Case, report: _Reporter) -> None:
    for victim in case.victims:
        _check_victim(victim, report)


_AGES = {"child": range(0, 18), "teenager": range(13, 20), "adult": range(18, 200)}


def _check_victim(victim: Victim, report: _Reporter) -> None:
    if victim.age is not None and victim.age_band is not None and victim.age not in _AGES[victim.age_band]:
        report(victim.loc, f"victim {victim.id}: age {victim.age} does not match age band "
               f"'{victim.age_band}'; correct one of them, or leave age_band out", "victim")
    # A teenager may be 18 or 19: not known to be a minor, but protected as one.
    minor = victim.age_band in ("child", "teenager") or (victim.age is not None and victim.age < 18)
    if minor and "minor" not in victim.protected:
        what = "may be a minor (a teenager)" if victim.age_band == "teenager" else "is a minor"
        report(victim.loc, f"victim {victim.id} {what} but is not protected; add "
               "protected: [minor]", "protection")
    if victim.harm != "killed" and "living" not in victim.protected:
        report(victim.loc, f"victim {victim.id} may be alive ({victim.harm}) but is not protected; "
               "add 'living' to protected", "protection")


def _check_statuses(case: Case, report: _Reporter) -> None:
    origin = origins(case.sources)
    needed = case.info.rules.established_min_independent_sources
    for claim in _claims(case):
        label = getattr(claim, "id", None) or _short(claim)
        if claim.status == "alleged" and not claim.alleged_by:
            report(claim.loc.at("status"), f"{label}: status 'alleged' needs alleged_by (who makes the "
                   "allegation)", "status")
        if claim.status == "established":
            independent = independent_sources(claim.citations, origin)
            if len(independent) < needed:
                cited = ", ".join(sorted({c.source for c in claim.citations}))
                report(claim.loc.at("status"), f"{label}: 'established' needs {needed} independent sources, but "
                       f"its citations ({cited}) come from {len(independent)} "
                       f"({', '.join(sorted(independent))}); mark it reported, or cite another "
                       "independent source", "status")
        if not claim.citations:
            report(claim.loc, f"{label}: no citations; every claim needs at least one", "citation")


def _check_disputes(case: Case, report: _Reporter) -> None:
    """A disputed point has accounts to show, and what states one side of it is not established."""
    records: list[Event | Finding | CasualtyFigure | Victim | Investigation | NotReliedOn] = [
        *case.events, *case.findings, *case.figures, *case.victims, *case.actors.investigations,
        *case.not_relied_on]
    claims = {r.id: r for r in records}
    known = [*claims, *(a.id for a in case.actors.all_actors())]
    shown_sides = {c for dispute in case.disputes for c in dispute.concerns}
    for key, claim in _claims_by_record(case):
        if claim.status == "disputed" and key not in shown_sides:
            label = key if key == getattr(claim, "id", None) else f"{key}: {_short(claim)}"
            report(claim.loc.at("status"), f"{label} is 'disputed', but no disputed point in "
                   f"disputes.yaml concerns it; record the accounts there, each with its passages, "
                   f"and add {key} to its concerns, so that every side is shown with its source",
                   "status")
    for dispute in case.disputes:
        if len(dispute.accounts) < 2:
            report(dispute.loc.at("accounts"), f"dispute {dispute.id} gives {len(dispute.accounts)} "
                   "account; a disputed point needs at least two, each with the passages that give it",
                   "dispute")
        for related in dispute.related:
            if related not in known:
                report.reference(dispute.loc.at("related"), "record", related, known)
        for concerned in dispute.concerns:
            if concerned not in known:
                report.reference(dispute.loc.at("concerns"), "record", concerned, known)
            elif concerned in claims and claims[concerned].status == "established":
                claim = claims[concerned]
                report(claim.loc.at("status"), f"{concerned} is 'established', but dispute {dispute.id} "
                       f"records differing accounts of it ({dispute.question}); mark it reported, "
                       "alleged or disputed", "status")


def _check_established_numbers(case: Case, report: _Reporter) -> None:
    """An established statement may not state a figure that another source contradicts.

    A statement states a figure when it gives the figure's words and rests on one of the
    figure's passages (one quote holds the other). Another figure of the same quantity and
    scope contradicts it unless both can be true: "at least 17" stands beside 18, "more than
    100" does not stand beside "dozens", which gives no number.
    """
    quoted = [(figure, c.source, normalise(c.quote)) for figure in case.figures for c in figure.citations]
    statements: list[Event | Finding] = [*case.events, *case.findings]
    for claim in statements:
        if claim.status != "established":
            continue
        text = normalise(claim.description if isinstance(claim, Event) else claim.text).casefold()
        found = [f for citation in claim.citations for f, source, q in quoted
                 if source == citation.source and _gives(text, f)
                 and (q in normalise(citation.quote) or normalise(citation.quote) in q)]
        if not found:
            continue
        stated = max(found, key=lambda f: len(f.as_given))  # "at least 17" is stated, not "17"
        others = [f for f in case.figures if f.quantity == stated.quantity and f.scope == stated.scope
                  and f is not stated and not could_both_be_true(stated.value, f.value)]
        if others:
            listed = ", ".join(f'"{f.as_given}" ({f.citations[0].source})' for f in others)
            report(claim.loc.at("status"), f"{claim.id} is 'established' but states \"{stated.as_given}\" "
                   f"(figure {stated.id}), which other figures of {stated.quantity} contradict: {listed}; "
                   "mark it reported", "status")


def _gives(text: str, figure: CasualtyFigure) -> bool:
    """Whether a statement's (casefolded) text gives a figure: its words, or its number."""
    number = figure.value.low if figure.value.kind not in ("word", "percent", "ratio") else None
    return normalise(figure.as_given).casefold() in text or (
        number is not None and re.search(rf"(?<![\d.,]){number}(?![\d.,]\d)", text) is not None)


def _check_charts(case: Case, report: _Reporter) -> None:
    """Every chart must have something to draw: a chart of nothing is a mistake in charts.yaml."""
    counted = {(f.quantity, f.scope) for f in case.figures}
    for chart in case.charts:
        where = f"chart {chart.id} ({chart.kind})"
        if chart.kind == "timeline":
            day = chart.date or case.info.event_date
            if not any(e.date == day and e.time is not None for e in case.events):
                report(chart.loc, f"{where}: no event on {day} has a time; give events times or "
                       "remove the chart", "chart")
            continue
        if not chart.quantities or not chart.scopes:
            report(chart.loc, f"{where} needs quantities and scopes", "chart")
            continue
        if chart.kind == "compare-scopes" and len(chart.scopes) < 2:
            report(chart.loc, f"{where} compares scopes: give at least two", "chart")
        if chart.kind != "compare-scopes" and len(chart.scopes) != 1:
            report(chart.loc, f"{where} draws one scope: give exactly one", "chart")
        if chart.kind == "breakdown" and len(chart.quantities) < 2:
            report(chart.loc, f"{where} needs the total first, then at least one part", "chart")
        drawn = [(q, s) for q in chart.quantities for s in chart.scopes if (q, s) in counted]
        if not drawn:
            report(chart.loc, f"{where}: no figure in figures.yaml counts "
                   f"{' or '.join(chart.quantities)} in {' or '.join(chart.scopes)}; there is nothing "
                   "to draw", "chart")


def _claims(case: Case) -> Iterable[Claim]:
    yield from case.events
    yield from case.figures
    yield from case.victims
    for group in case.actors.groups:
        yield from group.conduct
        yield from group.responsibility
    yield from case.actors.investigations
    yield from case.findings
    yield from case.not_relied_on


def _claims_by_record(case: Case) -> Iterable[tuple[str, Claim]]:
    """Every claim with the id a dispute names it by: its own, or its actor group's."""
    for claim in _claims(case):
        if getattr(claim, "id", None):
            yield claim.id, claim  # type: ignore[attr-defined]
    for group in case.actors.groups:
        for claim in (*group.conduct, *group.responsibility):
            yield group.id, claim


def _short(claim: Claim) -> str:
    text = getattr(claim, "text", "") or ""
    return f"'{text[:40]}...'" if len(text) > 40 else f"'{text}'"

