"""Turn a checked case into the dossier model (`document.Dossier`).

Everything the dossier computes happens here and nowhere else: which passages are quoted and
their anchors, the chronology in order, the low / best / high of each quantity, the data of each
chart. The reconciliation rule is the one the methodology section states:
- a stated value counts as the least it can mean ("at least 17" as 17, "more than 100" as 101,
  "about 40" as 40); a word counts as the case's vague_words value, or not at all when that is
  unknown;
- only figures a source reports count: an allegation (a politician's tally) is shown beside
  them but does not move low, best or high;
- low is the lowest count stated, high the highest;
- best is the count supported by the most independent sources, where a source supports only
  its own latest figure (a party's figure it quotes, or a figure it later revised, adds no
  support); a tie goes to the most recent figure.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from itertools import groupby
from typing import Iterable

from dossier import document as doc
from dossier.citations import Passage
from dossier.evidence import origins
from dossier.model import (Case, CasualtyFigure, ChartSpec, Citation, Claim, FigureValue,
                           PartialDate)


COUNTED = ("established", "reported")  # statuses whose figures enter low / best / high


def compile_dossier(case: Case, passages: dict[Citation, Passage], draft: bool = False,
                    warnings: Iterable[str] = ()) -> doc.Dossier:
    """Build the dossier model of a case whose quotes were located."""
    return _Compiler(case, passages).dossier(draft, tuple(warnings))


class _Compiler:
    def __init__(self, case: Case, passages: dict[Citation, Passage]):
        self.case = case
        self.info = case.info
        self.origin = origins(case.sources)
        self.words = case.info.rules.vague_words
        self.passages = passages
        self.anchors = self._anchor_passages()
        self.scope_label = {s.id: s.label for s in case.info.scopes}
        self.quantity_label = {q.id: q.label for q in case.info.quantities}
        self.cite_as = {s.id: s.cite_as or s.title for s in case.sources}
        actors = case.actors
        self.actor_name = {a.id: a.name for a in [*actors.groups, *actors.other_actors]}
        self.actor_name |= {m.id: m.name for g in actors.groups for m in g.members}

    def _anchor_passages(self) -> dict[tuple[str, int, int], str]:
        """Number each distinct quoted passage within its source, in source order."""
        spans = sorted({(p.source, p.start, p.end) for p in self.passages.values()},
                       key=lambda s: (s[0], s[1], s[2]))
        anchors, counters = {}, defaultdict(int)
        for span in spans:
            counters[span[0]] += 1
            anchors[span] = f"{span[0]}-{counters[span[0]]}"
        return anchors

    def cites(self, citations: Iterable[Citation]) -> tuple[doc.Cite, ...]:
        result: list[doc.Cite] = []
        for citation in citations:
            passage = self.passages.get(citation)
            if passage is None:  # only in a draft: the quote was not found
                continue
            cite = doc.Cite(citation.source, self.anchors[(passage.source, passage.start, passage.end)])
            if cite not in result:
                result.append(cite)
        return tuple(result)

    def statement(self, claim: Claim, text: str) -> doc.Statement:
        return doc.Statement(text, claim.status, claim.alleged_by, claim.note,
                             self.cites(claim.citations), self.sources_of(claim.citations))

    def derived_statement(self, text: str, citations) -> doc.Statement:
        """A statement whose status the evidence decides: established only when corroborated."""
        independent = {self.origin[c.source] for c in citations}
        status = "established" if len(independent) >= self.info.rules.established_min_independent_sources \
            else "reported"
        return doc.Statement(text, status, None, None, self.cites(citations), self.sources_of(citations))

    def sources_of(self, citations) -> tuple[str, ...]:
        """Cited source ids in order; a copy is left out when its original is cited too."""
        cited = list(dict.fromkeys(c.source for c in citations))
        return tuple(s for s in cited if self.origin[s] == s or self.origin[s] not in cited)

    def dossier(self, draft: bool, warnings: tuple[str, ...]) -> doc.Dossier:
        info, case = self.info, self.case
        meta = doc.Meta(
            case_id=info.id, title=info.title, subtitle=info.subtitle, language=info.language,
            place=info.place, event_date=info.event_date, timezone=info.timezone,
            prepared_by=info.prepared_by, prepared_for=info.prepared_for, compiled=info.compiled,
            version=info.version, confidentiality=info.confidentiality, draft=draft,
            keywords=(info.title, info.place, *(g.name for g in case.actors.groups)))
        reconciliation = self.reconciled
        keys = [(k.quantity, k.scope) for k in info.key_figures] or \
            [(r.quantity_id, r.scope_id) for r in reconciliation]
        by_key = {(r.quantity_id, r.scope_id): r for r in reconciliation}
        investigations = {i.id: self.investigation(i) for i in case.actors.investigations}
        framework = case.actors.framework
        return doc.Dossier(
            meta=meta,
            key_figures=tuple(by_key[k] for k in keys if k in by_key),
            findings=tuple(self.statement(f, f.text) for f in case.findings),
            phases=self.phases(),
            day=info.event_date,
            charts=tuple(self.chart(spec) for spec in case.charts),
            reconciliation=reconciliation,
            victims=tuple(self.victim(v) for v in case.victims),
            framework_name=framework.name, framework_author=framework.author,
            framework_cites=self.cites(framework.citations),
            groups=tuple(self.group(n, g, investigations) for n, g in enumerate(case.actors.groups, 1)),
            investigations=tuple(investigations.values()),
            other_investigations=tuple(entry for key, entry in investigations.items()
                                       if not any(key in g.investigations for g in case.actors.groups)),
            other_actors=tuple(self.member(m) for m in case.actors.other_actors),
            not_relied_on=tuple(doc.NotReliedOn(n.claim, n.reason, self.statement(n, n.claim))
                                for n in case.not_relied_on),
            sources=self.sources(),
            independent_sources=len(set(self.origin.values())),
            established_min=info.rules.established_min_independent_sources,
            vague_words=tuple(self.words.items()),
            not_covered=info.not_covered,
            warnings=warnings,
        )

    # -- chronology -------------------------------------------------------------------------

    def phases(self) -> tuple[doc.Phase, ...]:
        by_phase: dict[str, list] = defaultdict(list)
        for event in self.case.events:
            by_phase[event.phase].append(event)
        phases = []
        for phase in self.info.phases:
            events = _chronological(by_phase.get(phase.id, []))
            entries = tuple(doc.ChronologyEntry(
                id=e.id, date=e.date, time=e.time, end=e.end, precision=e.precision,
                approximate=e.approximate,
                timezone=e.timezone if e.timezone != self.info.timezone else None,
                other_times=tuple((o.time, o.source) for o in e.other_times),
                place=e.place, short=e.short, statement=self.statement(e, e.description))
                for e in events)
            if entries:
                phases.append(doc.Phase(phase.label, entries))
        return tuple(phases)

    # -- figures ----------------------------------------------------------------------------

    @functools.cached_property
    def reconciled(self) -> tuple[doc.Reconciled, ...]:
        """Every quantity and scope the figures count, reconciled, in the case's order."""
        groups: dict[tuple[str, str], list[CasualtyFigure]] = defaultdict(list)
        for figure in self.case.figures:
            groups[(figure.quantity, figure.scope)].append(figure)
        order = {s.id: i for i, s in enumerate(self.info.scopes)}
        qorder = {q.id: i for i, q in enumerate(self.info.quantities)}
        keys = sorted(groups, key=lambda k: (order[k[1]], qorder[k[0]]))
        return tuple(self.reconcile(q, s, groups[(q, s)]) for q, s in keys)

    def reconcile(self, quantity: str, scope: str, figures: list[CasualtyFigure]) -> doc.Reconciled:
        figures = sorted(figures, key=lambda f: (_date_key(f.as_of), f.id))
        values = tuple(doc.StatedValue(f.value, f.as_of, f.attributed_to, self.statement(f, str(f.value)))
                       for f in figures)
        counted = [f for f in figures if f.status in COUNTED]
        stated: dict[int, list[FigureValue]] = defaultdict(list)
        latest: dict[int, tuple] = {}
        for figure in counted:
            for count in self.counts(figure.value):
                stated[count].append(figure.value)
                latest[count] = max(latest.get(count, ()), _date_key(figure.as_of))
        support: dict[int, set[str]] = defaultdict(set)
        for figure in self.supporting(counted):
            for count in self.counts(figure.value):
                support[count] |= {self.origin[c.source] for c in figure.citations}
        counts = sorted(stated)
        best = max(counts, key=lambda c: (len(support[c]), latest[c]), default=None)
        low, high = (counts[0], counts[-1]) if counts else (None, None)
        return doc.Reconciled(self.quantity_label[quantity], self.scope_label[scope], quantity, scope,
                              low, best, high, values,
                              _plainest(stated[low]) if counts else None,
                              _plainest(stated[best]) if counts else None,
                              _plainest(stated[high]) if counts else None,
                              self.by_value(figures))

    def by_value(self, figures: list[CasualtyFigure]) -> tuple[doc.ValueGroup, ...]:
        """The stated values, each with all who state it; ordered by count, claims last."""
        # A source's own figure and a party's figure it quotes are never merged, even if equal.
        groups: dict[tuple, list[CasualtyFigure]] = defaultdict(list)
        for figure in figures:
            party = figure.attributed_to or (figure.alleged_by if figure.status not in COUNTED else None)
            groups[(figure.value, figure.status not in COUNTED, party)].append(figure)
        ordered = sorted(groups.items(), key=lambda item: (item[0][1], self.counts(item[0][0])[:1] or [0],
                                                           item[0][0].kind, item[0][2] or ""))
        return tuple(doc.ValueGroup(
            value=value,
            sources=self.sources_of([c for f in figs for c in f.citations]),
            attributed_to=(party,) if party else (),
            alleged=alleged,
            cites=self.cites([c for f in figs for c in f.citations]))
            for (value, alleged, party), figs in ordered)

    def supporting(self, figures: list[CasualtyFigure]) -> list[CasualtyFigure]:
        """The figures that count as support: each source's own, and only its latest."""
        own = [f for f in figures if not f.attributed_to]
        newest: dict[str, tuple] = {}
        for figure in own:
            for source in {self.origin[c.source] for c in figure.citations}:
                newest[source] = max(newest.get(source, ()), _date_key(figure.as_of))
        return [f for f in own if all(_date_key(f.as_of) == newest[self.origin[c.source]]
                                      for c in f.citations)]

    def counts(self, value: FigureValue) -> list[int]:
        """The counts a stated value stands for under the reconciliation rule."""
        if value.kind == "word":
            count = self.words.get(value.word)
            return [] if count is None else [count]
        if value.kind == "range":
            return [value.low, value.high]
        if value.kind == "more_than":
            return [value.low + 1]
        return [value.low]

    def low(self, value: FigureValue) -> int | None:
        counts = self.counts(value)
        return min(counts) if counts else None

    # -- charts -----------------------------------------------------------------------------

    def chart(self, spec: ChartSpec) -> doc.Chart:
        figures = self.case.figures
        points: list[doc.ChartPoint] = []
        reference = None
        citations: list[Citation] = []
        if spec.kind in ("by-source", "over-time", "breakdown"):
            scope = spec.scopes[0]
            for quantity in spec.quantities:
                chosen = sorted((f for f in figures if f.quantity == quantity and f.scope == scope),
                                key=lambda f: (_date_key(f.as_of), f.id))
                if spec.kind == "breakdown" and quantity == spec.quantities[0]:
                    exact = [f for f in chosen if f.value.kind == "exact"]
                    reference = exact[0].value.low if exact else None
                    citations += [c for f in exact[:1] for c in f.citations]
                    continue
                if spec.kind == "over-time":
                    chosen = [f for f in chosen if f.as_of is not None]
                for f in chosen:
                    citations += f.citations
                    points.append(doc.ChartPoint(
                        group=self.quantity_label[quantity], label=self._figure_label(f),
                        value=f.value, low=self.low(f.value), sources=self.sources_of(f.citations),
                        as_of=f.as_of, alleged=f.status not in COUNTED))
        elif spec.kind == "compare-scopes":
            by_key = {(r.quantity_id, r.scope_id): r for r in self.reconciled}
            for quantity in spec.quantities:
                for scope in spec.scopes:
                    r = by_key.get((quantity, scope))
                    if r is None or r.low is None:
                        continue
                    value = FigureValue("exact", r.low, r.low) if r.low == r.high else \
                        FigureValue("range", r.low, r.high)
                    sources = tuple(dict.fromkeys(s for v in r.values for s in v.statement.sources))
                    citations += [c for f in figures if (f.quantity, f.scope) == (quantity, scope)
                                  for c in f.citations]
                    open_high = r.high_stated is not None and r.high_stated.kind in ("at_least", "more_than")
                    points.append(doc.ChartPoint(self.quantity_label[quantity], self.scope_label[scope],
                                                 value, r.low, sources, open_high=open_high,
                                                 stated=(r.low_stated, r.high_stated)))
        elif spec.kind == "timeline":
            day = spec.date or self.info.event_date
            events = sorted((e for e in self.case.events if e.date == day and e.time is not None),
                            key=_event_order)
            for e in events:
                citations += e.citations
                points.append(doc.ChartPoint(group=str(e.time), label=e.short or e.description,
                                             value=None, low=None, sources=self.sources_of(e.citations),
                                             as_of=e.date, time=e.time, approximate=e.approximate))
        return doc.Chart(spec.id, spec.kind, spec.title, tuple(points), self.cites(citations),
                         self.sources_of(citations), reference)

    def _figure_label(self, figure: CasualtyFigure) -> str:
        """[S4] Wadhwa, or [S2] IACHR when the source quotes someone else's figure."""
        source = figure.citations[0].source
        return f"[{source}] {figure.attributed_to or self.cite_as[source]}"

    # -- people and accountability ----------------------------------------------------------

    def victim(self, v) -> doc.Victim:
        return doc.Victim(v.label, v.name, v.harm, v.age, v.age_band, v.sex, v.date, v.place,
                          v.cause, v.weapon, v.civilian_status, v.origin, v.protected,
                          self.statement(v, v.label))

    def member(self, m) -> doc.Member:
        return doc.Member(m.name, m.kind, self.derived_statement(m.role, m.citations))

    def investigation(self, i) -> doc.InvestigationEntry:
        return doc.InvestigationEntry(i.title, i.opened, i.by,
                                      tuple(self.actor_name[a] for a in i.concerns),
                                      self.statement(i, i.outcome))

    def group(self, number: int, g, investigations: dict) -> doc.GroupSection:
        description = self.derived_statement(g.description, g.citations)
        return doc.GroupSection(
            number=number, name=g.name, description=description,
            members=tuple(self.member(m) for m in g.members),
            conduct=tuple(self.statement(c, c.text) for c in g.conduct),
            responsibility=tuple(doc.Responsibility(r.characterisation, r.by, self.statement(r, r.text))
                                 for r in g.responsibility),
            provisions=tuple(doc.Provision(p.provision, p.text, self.cites(p.citations))
                             for p in g.legal_provisions),
            investigations=tuple(investigations[i] for i in g.investigations),
            open_questions=tuple(doc.Statement(q.text, "reported", None, None, self.cites(q.citations),
                                               self.sources_of(q.citations)) for q in g.open_questions),
        )

    # -- sources ----------------------------------------------------------------------------

    def sources(self) -> tuple[doc.SourceEntry, ...]:
        by_source: dict[str, dict[str, Passage]] = defaultdict(dict)
        for passage in self.passages.values():
            anchor = self.anchors[(passage.source, passage.start, passage.end)]
            by_source[passage.source][anchor] = passage
        entries = []
        for d in self.case.documents:
            s = d.source
            passages = sorted(by_source[s.id].items(), key=lambda item: (item[1].start, item[1].end))
            entries.append(doc.SourceEntry(
                id=s.id, title=s.title, cite_as=self.cite_as[s.id], author=s.author,
                publisher=s.publisher, published=s.published, kind=s.kind, language=s.language,
                url=s.url, obtained=s.obtained, derived_from=s.derived_from, origin=self.origin[s.id],
                grading=s.grading, sha256=s.sha256.lower(), file=s.file, size=len(d.data), notes=s.notes,
                passages=tuple(doc.PassageEntry(a, p.line, p.start, p.end, p.text) for a, p in passages)))
        return tuple(entries)


def _plainest(values: list[FigureValue]) -> FigureValue:
    """Of the stated values behind one count, the one that says it most plainly (exact first)."""
    order = ("exact", "about", "range", "at_least", "more_than", "word")
    return min(values, key=lambda v: order.index(v.kind))


def _date_key(date: PartialDate | None) -> tuple:
    if date is None:
        return (0, 0, 0)
    return (date.year, date.month or 0, date.day or 0)


def _chronological(events: list) -> list:
    """Events by date; on one date, timed events by time, untimed ones where the curator put them."""
    events = sorted(events, key=lambda e: _date_key(e.date))
    result = []
    for _, same_day in groupby(events, key=lambda e: _date_key(e.date)):
        same_day = list(same_day)
        timed = iter(sorted((e for e in same_day if e.time), key=_event_order))
        result += [next(timed) if e.time else e for e in same_day]
    return result


def _event_order(event) -> tuple:
    time = (event.time.hour, event.time.minute) if event.time else (-1, -1)
    return (_date_key(event.date), time, event.id)
