"""The audit itself: axes by status, target attainment, budget, findings and the implementation index."""

from __future__ import annotations

import math

from clusterkit.audit.checks import find_inconsistencies
from clusterkit.audit.figures import status_lines
from clusterkit.audit.results import (
    SEVERITY_ORDER,
    AttainmentFormula,
    AuditResult,
    AxisAudit,
    BudgetAudit,
    BudgetLine,
    BudgetRole,
    FindingAudit,
    IndexAudit,
    StrategySummary,
    TargetAudit,
    UnknownReason,
)
from clusterkit.models import Axis, MoneyAlternative, MoneyFact, Strategy, Target
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
    )


def _summary(strategy: Strategy, axes: list[AxisAudit]) -> StrategySummary:
    in_actions = [a for a in strategy.axes if a.planned is not None and a.unit == "actions"]
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


def attainment(target: Target) -> tuple[float | None, AttainmentFormula | None]:
    """A target's attainment and the formula used; ``(None, None)`` when it cannot be known.

    With a baseline below the target: ``(actual - baseline) / (target - baseline)``, the share of
    the planned progress made (``from_baseline``). Otherwise: ``actual / target`` (``of_target``).
    The result is not clamped: it exceeds 1 when a target is surpassed and is negative when a
    figure fell below its baseline.
    """
    if target.actual is None or target.target is None:
        return None, None
    actual, goal = target.actual.value, target.target.value
    value: float | None = None
    formula: AttainmentFormula | None = None
    if target.baseline is not None and goal > target.baseline.value:
        base = target.baseline.value
        value, formula = (actual - base) / (goal - base), "from_baseline"
    elif goal > 0:
        value, formula = actual / goal, "of_target"
    if value is None or not math.isfinite(value):
        # NOTE: a target indistinguishable from its baseline (or from 0) gives no usable ratio.
        return None, None
    return value, formula


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
    )


def _total_line(role: BudgetRole, figure: MoneyFact | MoneyAlternative) -> BudgetLine:
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
    return IndexAudit(
        formula="mean_of_known_components",
        value=_mean(components),
        implementation=implementation,
        attainment=attainment_,
        axes_covered=[a.id for a in rated],
        axes_total=len(axes),
        targets_covered=[t.id for t in attained],
        targets_total=len(targets),
    )


def _mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None
