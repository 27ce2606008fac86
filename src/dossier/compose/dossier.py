"""Turn a checked case into the dossier model (`compose.model.Dossier`), for one edition.

Everything the dossier computes happens in this package and nowhere else: which passages are
quoted and their anchors (`statements`), the chronology in order (`chronology`), the low / best
/ high of each quantity (`reconcile`, `figures`), the data of each chart (`chart_data`), the
groups of actors (`accountability`) and the source appendix (`appendix`). This module puts
them together in reading order.
"""

from __future__ import annotations

from dossier.case.model import Case, Citation, Victim
from dossier.check.evidence import origins
from dossier.check.quotes import Passage
from dossier.compose import model as doc
from dossier.compose.accountability import Accountability
from dossier.compose.appendix import exhibits, source_entries
from dossier.compose.chart_data import ChartData
from dossier.compose.chronology import phases
from dossier.compose.disputes import dispute_refs, disputed_points
from dossier.compose.figures import Figures
from dossier.compose.passages import QuotedPassages
from dossier.compose.statements import Statements
from dossier.edition import Edition


def compose_dossier(case: Case, passages: dict[Citation, Passage], edition: Edition,
                    warnings: tuple[str, ...] = (), sources_inside: bool = True,
                    with_exhibits: bool = False) -> doc.Dossier:
    """The dossier model of a case whose quotes were located, in one edition.

    warnings are the problems `check` found, listed in a draft; outside a draft there are none.
    sources_inside and with_exhibits say where the filing puts the sources: attached to the PDF,
    as exhibits of their own, or both.
    """
    info = case.info
    origin = origins(case.sources)
    quoted = QuotedPassages(passages.values(), case.documents)
    refs = dispute_refs(case.disputes)
    statements = Statements(passages, quoted, origin, info.rules.established_min_independent_sources, refs)
    figures = Figures(case, statements)
    accountability = Accountability(case, statements, refs)
    charts = ChartData(case, statements, figures)
    keys: list[tuple[str, str | None]] = [(k.quantity, k.scope) for k in info.key_figures] or list(figures.by_key)
    framework = case.actors.framework
    sources = source_entries(case, statements)
    return doc.Dossier(
        meta=doc.Meta(
            case_id=info.id, title=info.title, subtitle=info.subtitle, place=info.place,
            event_date=info.event_date, timezone=info.timezone, prepared_by=info.prepared_by,
            prepared_for=info.prepared_for, on_behalf_of=info.filing.on_behalf_of,
            recipient=info.filing.recipient, reference=info.filing.reference, annex=info.filing.annex,
            document_id=info.filing.document_id, compiled=info.compiled, version=info.version,
            confidentiality=info.confidentiality,
            keywords=(info.title, info.place, *(g.name for g in case.actors.groups))),
        edition=edition,
        key_figures=tuple(figures.by_key[k] for k in keys if k in figures.by_key),
        findings=tuple(statements.statement(f, f.text) for f in case.findings),
        disputes=disputed_points(case.disputes, statements),
        phases=phases(case, statements),
        charts=tuple(charts.chart(spec) for spec in case.charts),
        reconciliation=figures.reconciled,
        victims=tuple(victim(v, statements) for v in case.victims),
        framework_name=framework.name, framework_author=framework.author,
        framework_labels=framework.labels,
        framework_cites=statements.cites(framework.citations),
        groups=accountability.groups(),
        other_investigations=accountability.other_investigations(),
        other_actors=accountability.other_actors(),
        not_relied_on=tuple(doc.NotReliedOn(claim=n.claim, reason=n.reason,
                                            statement=statements.statement(n, n.claim))
                            for n in case.not_relied_on),
        sources=sources,
        independent_sources=len(set(origin.values())),
        established_min=info.rules.established_min_independent_sources,
        best_estimate=info.rules.best_estimate,
        not_covered=info.not_covered,
        warnings=warnings,
        exhibits=exhibits(case, sources) if with_exhibits else (),
        sources_inside=sources_inside,
    )


def victim(v: Victim, statements: Statements) -> doc.Victim:
    return doc.Victim(
        label=v.label, name=v.name, identity_withheld=v.identity_withheld, harm=v.harm, age=v.age,
        age_band=v.age_band, sex=v.sex, date=v.date, time=v.time, place=v.place,
        death_date=v.death_date, death_time=v.death_time, death_place=v.death_place, cause=v.cause,
        manner=v.manner, weapon=v.weapon, responsible=v.responsible,
        responsible_according_to=v.responsible_according_to, civilian_status=v.civilian_status,
        origin=v.origin, protected=v.protected, statement=statements.statement(v, v.label))
