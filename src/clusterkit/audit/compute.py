"""The audit itself: axes by status, target attainment, budget, findings and the implementation index."""

from __future__ import annotations

from collections.abc import Iterable

from clusterkit.audit.checks import find_inconsistencies
from clusterkit.audit.figures import attainment, status_lines
from clusterkit.audit.results import (
    SEVERITY_ORDER,
    AuditResult,
    AxisAudit,
    BudgetAudit,
    BudgetLine,
    BudgetRole,
    FigureAudit,
    FindingAudit,
    IndexAudit,
    Named,
    NoteAudit,
    OutcomeLine,
    ProgrammeAudit,
    StrategySummary,
    TargetAudit,
    UnknownReason,
)
from clusterkit.models import Axis, Strategy, Target
from clusterkit.models.strategy import Programme, StrategyMoneyAlternative, StrategyMoneyFact
from clusterkit.records import unique


def audit(strategy: Strategy) -> AuditResult:
    """Audit a strategy: axes by status, target attainment, budget, findings, inconsistencies and index."""
    axes = [audit_axis(axis) for axis in strategy.axes]
    targets = [audit_target(target) for target in strategy.targets]
    severity_rank = {s: i for i, s in enumerate(SEVERITY_ORDER)}
    findings = [
        FindingAudit(id=f.id, severity=f.severity, text=f.text, sources=[f.source])
        for f in sorted(strategy.findings, key=lambda f: severity_rank[f.severity])
    ]
    return AuditResult(
        strategy=_summary(strategy, axes),
        axes=axes,
        targets=targets,
        budget=audit_budget(strategy),
        findings=findings,
        inconsistencies=find_inconsistencies(strategy),
        index=implementation_index(axes, targets),
        programmes=[audit_programme(strategy, p) for p in strategy.programmes],
        figures=[
            FigureAudit(
                id=f.id,
                name=f.name,
                axis=f.axis,
                programme=f.programme,
                measure=f.measure,
                unit=f.unit,
                value=f.value.value,
                qualifier=f.value.qualifier,
                year=f.year,
                source=f.value.source,
                note=f.value.note,
            )
            for f in strategy.figures
        ],
        notes=[NoteAudit(axis=None, text=n.text, source=n.source) for n in strategy.notes]
        + [NoteAudit(axis=a.id, text=n.text, source=n.source) for a in strategy.axes for n in a.notes],
    )


def audit_programme(strategy: Strategy, programme: Programme) -> ProgrammeAudit:
    """A named programme: its other names, outcomes, the targets that measure it and its other figures."""
    outcomes = [
        OutcomeLine(wording=o.wording, statuses=list(o.statuses), source=o.source, note=o.note)
        for o in programme.outcomes
    ]
    others = [Named(name=n.name, source=n.source, note=n.note) for n in programme.other_names]
    return ProgrammeAudit(
        id=programme.id,
        name=programme.name,
        other_names=others,
        kind=programme.kind,
        axis=programme.axis,
        description=programme.description,
        outcomes=outcomes,
        targets=list(programme.targets),
        figures=[f.id for f in strategy.figures if f.programme == programme.id],
        sources=unique([programme.source, *(n.source for n in others), *(o.source for o in outcomes)]),
        note=programme.note,
    )


def _summary(strategy: Strategy, axes: list[AxisAudit]) -> StrategySummary:
    in_actions = [a for a in strategy.axes if a.planned is not None and a.unit == "actions"]
    evaluation = strategy.evaluation
    return StrategySummary(
        id=strategy.id,
        name=strategy.name,
        country=strategy.country,
        adopted=strategy.adopted.value if strategy.adopted else None,
        period=strategy.period.value if strategy.period else None,
        evaluation=strategy.evaluation.name if strategy.evaluation else None,
        evaluation_source=strategy.evaluation.source if strategy.evaluation else None,
        planned=strategy.planned.value if strategy.planned else None,
        planned_in_axes=sum(a.planned.value for a in in_actions if a.planned is not None),
        planned_in_axes_from=[a.id for a in in_actions],
        axes=sum(1 for a in axes if a.kind == "axis"),
        measures=sum(1 for a in axes if a.kind == "measure"),
        adopted_source=strategy.adopted.source if strategy.adopted else None,
        period_source=strategy.period.source if strategy.period else None,
        planned_source=strategy.planned.source if strategy.planned else None,
        planned_note=strategy.planned.note if strategy.planned else None,
        description=strategy.description.value if strategy.description else None,
        description_source=strategy.description.source if strategy.description else None,
        evaluation_description=evaluation.description if evaluation else None,
        evaluation_year=evaluation.since if evaluation else None,
        priorities=[Named(name=p.name, source=p.source) for p in strategy.priorities],
    )


def audit_axis(axis: Axis) -> AxisAudit:
    """One axis or measure: its status lines, the sum of its stated shares and its achievement rate."""
    lines = status_lines(axis)
    stated = [line.share for line in lines if line.share_basis == "stated" and line.share is not None]
    achieved = next((line for line in lines if line.statuses == ["achieved"]), None)
    rate = achieved.share if achieved is not None else None
    sources = [
        *(f.source for f in (axis.planned, axis.planned_projects) if f is not None),
        *(line.source for line in lines),
    ]
    return AxisAudit(
        id=axis.id,
        name=axis.name,
        kind=axis.kind,
        unit=axis.unit,
        planned=axis.planned.value if axis.planned else None,
        planned_projects=axis.planned_projects.value if axis.planned_projects else None,
        statuses_complete=axis.statuses_complete,
        statuses=lines,
        stated_share_sum=sum(stated) if stated else None,
        achievement_rate=rate,
        achievement_basis=achieved.share_basis if achieved is not None and rate is not None else None,
        budget_share=axis.budget_share.value if axis.budget_share else None,
        sources=unique(sources),
    )


def audit_target(target: Target) -> TargetAudit:
    """A target's figures, its attainment and, when that is unknown, why (a reason code)."""
    value, formula = attainment(target)
    reason: UnknownReason | None = None
    stated: str | None = None
    if target.actual is None:
        if target.unknown_reason is not None:
            reason, stated = "stated", target.unknown_reason.text
        else:
            reason = "no_actual"
    elif target.target is None:
        reason = "no_target"
    elif value is None:
        reason = "zero_target"
    facts = {"baseline": target.baseline, "target": target.target, "actual": target.actual}
    sources = [f.source for f in facts.values() if f is not None]
    if target.unknown_reason is not None:
        sources.append(target.unknown_reason.source)
    stated_attainment = target.stated_attainment
    if stated_attainment is not None:
        sources.append(stated_attainment.source)
    return TargetAudit(
        id=target.id,
        name=target.name,
        axis=target.axis,
        unit=target.unit,
        baseline=target.baseline.value if target.baseline else None,
        baseline_year=target.baseline_year,
        target=target.target.value if target.target else None,
        target_year=target.target_year,
        actual=target.actual.value if target.actual else None,
        actual_year=target.actual_year,
        qualifiers={k: f.qualifier for k, f in facts.items() if f is not None and f.qualifier != "exact"},
        attainment=value,
        formula=formula,
        unknown_reason=reason,
        stated_reason=stated,
        sources=unique(sources),
        measure=target.measure,
        attainment_qualifier=attainment_qualifier(target) if value is not None else "exact",
        stated_attainment=stated_attainment.value if stated_attainment else None,
        stated_attainment_source=stated_attainment.source if stated_attainment else None,
    )


def attainment_qualifier(target: Target) -> str:
    """How exact a target's attainment is: the actual's qualifier ("less than 71 %" gives an attainment
    below 71 %), or ``about`` when the target or baseline is qualified too (the bound's direction is lost)."""
    others = [f.qualifier for f in (target.baseline, target.target) if f is not None]
    if any(q != "exact" for q in others):
        return "about"
    return target.actual.qualifier if target.actual is not None else "exact"


def bound(qualifiers: Iterable[str]) -> str:
    """The qualifier of a figure made from others (a mean): exact when they all are, their common bound
    (``less_than`` over ``almost``, ``more_than`` over ``at_least``) when they point one way, else ``about``."""
    found = {q for q in qualifiers if q != "exact"}
    if not found:
        return "exact"
    for weak, strong in (("almost", "less_than"), ("at_least", "more_than")):
        if found <= {weak, strong}:
            return strong if strong in found else weak
    return "about"


def _total_line(role: BudgetRole, figure: StrategyMoneyFact | StrategyMoneyAlternative) -> BudgetLine:
    """A budget total as one source gives it: the amount, its currency, qualifier, source and note."""
    return BudgetLine(
        role=role,
        amount=figure.value.amount,
        currency=figure.value.currency,
        qualifier=figure.qualifier,
        source=figure.source,
        note=figure.note,
    )


def audit_budget(strategy: Strategy) -> BudgetAudit:
    """The budget's totals (the main one first, then other sources') and the axes' shares."""
    totals: list[BudgetLine] = []
    total = strategy.budget.total
    if total is not None:
        totals.append(_total_line("total", total))
        totals += [_total_line("alternative_total", alt) for alt in total.alternatives]
    shares = [
        BudgetLine(
            role="share",
            share=s.share,
            axes=list(s.axes),
            qualifier=s.qualifier,
            source=s.source,
        )
        for s in strategy.budget.shares
    ]
    shares += [
        BudgetLine(
            role="share",
            share=a.budget_share.value,
            axes=[a.id],
            qualifier=a.budget_share.qualifier,
            source=a.budget_share.source,
            note=a.budget_share.note,
        )
        for a in strategy.axes
        if a.budget_share is not None
    ]
    return BudgetAudit(totals=totals, shares=shares)


def implementation_index(axes: list[AxisAudit], targets: list[TargetAudit]) -> IndexAudit:
    """The overall implementation index (see :data:`~clusterkit.audit.results.IndexFormula`)."""
    rated = [a for a in axes if a.achievement_rate is not None]
    attained = [t for t in targets if t.attainment is not None]
    implementation = _mean([a.achievement_rate for a in rated if a.achievement_rate is not None])
    attainment_ = _mean([min(1.0, max(0.0, t.attainment)) for t in attained if t.attainment is not None])
    components = [c for c in (implementation, attainment_) if c is not None]
    achieved = {
        a.id: next((line.qualifier for line in a.statuses if line.statuses == ["achieved"]), "exact") for a in rated
    }
    bounded = [a for a, q in achieved.items() if q != "exact"]
    bounded += [t.id for t in attained if t.attainment_qualifier != "exact"]
    qualifiers = [*achieved.values(), *(t.attainment_qualifier for t in attained)]
    return IndexAudit(
        formula="mean_of_known_components",
        value=_mean(components),
        implementation=implementation,
        attainment=attainment_,
        axes_covered=[a.id for a in rated],
        axes_total=len(axes),
        targets_covered=[t.id for t in attained],
        targets_total=len(targets),
        qualifier=bound(qualifiers),
        bounded_by=bounded,
    )


def _mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None
