"""Auditing a strategy: implementation by axis, target attainment, budget, findings and the data's own inconsistencies.

``audit(strategy)`` reads a :class:`~clusterkit.models.Strategy` and returns an :class:`AuditResult`
without printing anything. Where the source gives a count and the planned total, the share is
derived (and the other way round); every derived figure is marked as such and the source's own
figures are kept. Rates and attainments are fractions; unknown stays ``None``. See docs/audit.md.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from clusterkit.models import STATUSES, Axis, Fact, Money, Strategy, Target
from clusterkit.tabular import Column, Table

# A stated share is read as rounded to whole percentage points (or to the decimals it is written
# with, when finer): 0.27 stands for anything in [0.265, 0.275].
SHARE_DECIMALS = 2
# How far from 100 % the stated shares of one axis may sum before the sum is reported.
SHARE_SUM_TOLERANCE = 0.01
_EPS = 1e-9

SEVERITY_ORDER = ("critical", "high", "medium", "low")

INDEX_FORMULA = (
    "index = mean of the known components; "
    "implementation = unweighted mean of the axes' achievement rates, over the axes where it is known; "
    "attainment = mean of the targets' attainments, each clamped to [0, 1], over the targets where it is known"
)
ATTAINMENT_FROM_BASELINE = "(actual - baseline) / (target - baseline)"
ATTAINMENT_OF_TARGET = "actual / target"

Basis = Literal["stated", "derived"]


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)


class StatusLine(Frozen):
    """The actions of an axis in one status (or in several statuses the source reports together).

    ``count`` and ``share`` are the source's figures (basis ``stated``) or follow from the other
    and the planned total (basis ``derived``); ``computed_share`` is a stated count divided by the
    planned total, kept to check a stated share against.
    """

    statuses: list[str]
    count: int | None = None
    count_basis: Basis | None = None
    share: float | None = None
    share_basis: Basis | None = None
    computed_share: float | None = None
    qualifier: str = "exact"
    source: str
    note: str | None = None

    @property
    def label(self) -> str:
        return " or ".join(s.replace("_", " ") for s in self.statuses)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if len(self.statuses) > 1:
            out["statuses"] = self.statuses
        out.update(
            {
                "count": self.count,
                "count_basis": self.count_basis,
                "share": _round(self.share),
                "share_basis": self.share_basis,
                "computed_share": _round(self.computed_share),
                "qualifier": self.qualifier,
                "source": self.source,
                "note": self.note,
            }
        )
        return out


class AxisAudit(Frozen):
    """One axis or accompanying measure: its actions by status and its achievement rate."""

    id: str
    name: str
    kind: str
    unit: str
    planned: int | None
    planned_projects: int | None
    statuses_complete: bool
    statuses: list[StatusLine]
    stated_share_sum: float | None
    achievement_rate: float | None
    achievement_basis: Basis | None
    budget_share: float | None
    sources: list[str]

    def status(self, name: str) -> StatusLine | None:
        """The line of a single status, if the source gives it alone."""
        for line in self.statuses:
            if line.statuses == [name]:
                return line
        return None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "kind": self.kind,
            "unit": self.unit,
            "planned": self.planned,
            "planned_projects": self.planned_projects,
            "statuses_complete": self.statuses_complete,
            "statuses": {line.statuses[0]: line.to_dict() for line in self.statuses if len(line.statuses) == 1},
            "combined": [line.to_dict() for line in self.statuses if len(line.statuses) > 1],
            "stated_share_sum": _round(self.stated_share_sum),
            "achievement_rate": _round(self.achievement_rate),
            "achievement_basis": self.achievement_basis,
            "budget_share": self.budget_share,
            "sources": self.sources,
        }


class TargetAudit(Frozen):
    """A quantified target: baseline, target, actual and the attainment that follows."""

    id: str
    name: str
    axis: str | None
    unit: str
    baseline: float | None
    baseline_year: int | None
    target: float | None
    target_year: int | None
    actual: float | None
    actual_year: int | None
    qualifiers: dict[str, str]
    attainment: float | None
    formula: str | None
    unknown_reason: str | None
    sources: list[str]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "axis": self.axis,
            "unit": self.unit,
            "baseline": self.baseline,
            "baseline_year": self.baseline_year,
            "target": self.target,
            "target_year": self.target_year,
            "actual": self.actual,
            "actual_year": self.actual_year,
            "qualifiers": self.qualifiers,
            # NOTE: the contract keeps attainment within [0, 1]; the raw ratio shows over- or under-shooting.
            "attainment": None if self.attainment is None else _round(min(1.0, max(0.0, self.attainment))),
            "attainment_unclamped": _round(self.attainment),
            "formula": self.formula,
            "unknown_reason": self.unknown_reason,
            "sources": self.sources,
        }


class BudgetLine(Frozen):
    """One budget figure: a total (or another source's total), or the share some axes take."""

    item: str
    amount: float | None = None
    currency: str | None = None
    share: float | None = None
    axes: list[str] = []
    qualifier: str = "exact"
    source: str
    note: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return self.model_dump()


class BudgetAudit(Frozen):
    """The budget: the total as each source gives it, and the shares of the axes."""

    totals: list[BudgetLine]
    shares: list[BudgetLine]

    def to_dict(self) -> dict[str, Any]:
        total = self.totals[0].to_dict() if self.totals else None
        return {
            "total": total,
            "alternatives": [line.to_dict() for line in self.totals[1:]],
            "shares": [line.to_dict() for line in self.shares],
        }


class FindingAudit(Frozen):
    """A finding of the evaluation, with its severity and citations."""

    id: str
    severity: str
    text: str
    sources: list[str]


class Inconsistency(Frozen):
    """A place where the data disagrees with itself, found by a named check (``kind``)."""

    kind: str
    axis: str | None
    field: str
    text: str
    sources: list[str]


class IndexAudit(Frozen):
    """The overall implementation index and its two components, with what each covers."""

    formula: str
    value: float | None
    implementation: float | None
    attainment: float | None
    axes_covered: list[str]
    axes_total: int
    targets_covered: list[str]
    targets_total: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "formula": self.formula,
            "value": _round(self.value),
            "components": {
                "implementation": {
                    "value": _round(self.implementation),
                    "axes_covered": len(self.axes_covered),
                    "axes_total": self.axes_total,
                    "axes": self.axes_covered,
                },
                "attainment": {
                    "value": _round(self.attainment),
                    "targets_covered": len(self.targets_covered),
                    "targets_total": self.targets_total,
                    "targets": self.targets_covered,
                },
            },
        }


class StrategySummary(Frozen):
    """What the audit is about: the strategy, its period and evaluation, and how many actions it plans.

    ``planned_in_axes`` adds up the planned actions of the axes that state theirs in actions
    (``planned_in_axes_from``), to set against ``planned``, the total a source gives.
    """

    id: str
    name: str
    country: str
    adopted: int | None
    period: str | None
    evaluation: str | None
    evaluation_source: str | None
    planned: int | None
    planned_in_axes: int
    planned_in_axes_from: list[str]
    axes: int
    measures: int


class AuditResult(Frozen):
    """The result of ``clusterkit audit STRATEGY``."""

    payload_name: str = "audit"
    strategy: StrategySummary
    axes: list[AxisAudit]
    targets: list[TargetAudit]
    budget: BudgetAudit
    findings: list[FindingAudit]
    inconsistencies: list[Inconsistency]
    index: IndexAudit

    @property
    def index_value(self) -> float | None:
        """The implementation index as a fraction (0-1); None when nothing it rests on is known."""
        return self.index.value

    def axis(self, axis_id: str) -> AxisAudit:
        """The audit of one axis or measure by id; raises KeyError."""
        for axis in self.axes:
            if axis.id == axis_id:
                return axis
        raise KeyError(axis_id)

    def target(self, target_id: str) -> TargetAudit:
        """The audit of one target by id; raises KeyError."""
        for target in self.targets:
            if target.id == target_id:
                return target
        raise KeyError(target_id)

    def payload(self) -> Any:
        return {
            "strategy": self.strategy.model_dump(),
            "axes": [a.to_dict() for a in self.axes],
            "targets": [t.to_dict() for t in self.targets],
            "budget": self.budget.to_dict(),
            "findings": [f.model_dump() for f in self.findings],
            "inconsistencies": [i.model_dump() for i in self.inconsistencies],
            "index": self.index.to_dict(),
        }

    def tables(self) -> list[Table]:
        return [
            self._axes_table(),
            self._targets_table(),
            self._budget_table(),
            Table(
                "findings",
                "Findings",
                [
                    Column("severity", "severity"),
                    Column("id", "finding"),
                    Column("text", "text"),
                    Column("sources", "source"),
                ],
                [f.model_dump() for f in self.findings],
            ),
            Table(
                "inconsistencies",
                "Inconsistencies in the data",
                [
                    Column("kind", "check"),
                    Column("where", "where"),
                    Column("text", "text"),
                    Column("sources", "source"),
                ],
                [
                    {"kind": i.kind, "where": i.axis or i.field, "text": i.text, "sources": i.sources}
                    for i in self.inconsistencies
                ],
                note=(
                    f"shares are read as rounded to whole percentage points; the stated shares of an axis "
                    f"may sum to 100 % ± {_points(SHARE_SUM_TOLERANCE)}"
                ),
            ),
        ]

    def _axes_table(self) -> Table:
        present = [s for s in STATUSES if any(a.status(s) is not None for a in self.axes)]
        columns = [Column("id", "axis"), Column("name", "name"), Column("planned", "planned", "number")]
        for status in present:
            label = status.replace("_", " ")
            columns += [Column(status, label, "number"), Column(f"{status}_share", f"{label} %", "share")]
        columns += [
            Column("combined", "reported together"),
            Column("achievement_rate", "achievement rate", "share"),
            Column("derived", "derived"),
        ]
        rows = []
        for axis in self.axes:
            row: dict[str, Any] = {"id": axis.id, "name": axis.name, "planned": axis.planned}
            derived: list[str] = []
            for status in present:
                line = axis.status(status)
                row[status] = line.count if line else None
                row[f"{status}_share"] = line.share if line else None
                if line and line.count_basis == "derived":
                    derived.append(f"{line.label} count")
                if line and line.share_basis == "derived":
                    derived.append(f"{line.label} share")
            row["combined"] = "; ".join(
                f"{line.label}: {_describe(line)}" for line in axis.statuses if len(line.statuses) > 1
            )
            row["achievement_rate"] = axis.achievement_rate
            row["derived"] = ", ".join(derived)
            row["axis"] = axis.id
            for status in present:
                line = axis.status(status)
                row[f"{status}_text"] = _status_cell(line)
            rows.append(row)
        index = self.index
        note = (
            f"implementation index {_pct_text(index.value)} "
            f"(implementation {_pct_text(index.implementation)} over {len(index.axes_covered)} of "
            f"{index.axes_total} axes; attainment {_pct_text(index.attainment)} over "
            f"{len(index.targets_covered)} of {index.targets_total} targets). "
            "Derived: a count from share x planned, a share from count / planned."
        )
        display = [Column("axis", "axis"), Column("planned", "planned", "number")]
        display += [Column(f"{status}_text", status.replace("_", " ")) for status in present]
        combined = [f"{row['id']}: {row['combined']}" for row in rows if row.get("combined")]
        note += " In the status columns: count (share); * marks a derived figure."
        if combined:
            note += " Reported together: " + "; ".join(combined) + "."
        return Table(
            "axes",
            f"{self.strategy.name}: implementation by axis",
            columns,
            rows,
            note=note,
            primary=True,
            display_columns=display,
        )

    def _targets_table(self) -> Table:
        rows = [
            {
                "id": t.id,
                "axis": t.axis,
                "unit": t.unit,
                "baseline": _figure(t.baseline, t.qualifiers.get("baseline"), t.baseline_year),
                "target": _figure(t.target, t.qualifiers.get("target"), t.target_year),
                "actual": _figure(t.actual, t.qualifiers.get("actual"), t.actual_year),
                "attainment": t.attainment,
                "basis": t.formula or t.unknown_reason,
                "sources": t.sources,
            }
            for t in self.targets
        ]
        return Table(
            "targets",
            "Targets",
            [
                Column("id", "target"),
                Column("axis", "axis"),
                Column("unit", "unit"),
                Column("baseline", "baseline"),
                Column("target", "target"),
                Column("actual", "actual"),
                Column("attainment", "attainment", "share"),
                Column("basis", "formula or why unknown"),
                Column("sources", "source"),
            ],
            rows,
            display_columns=[
                Column("id", "target"),
                Column("baseline", "baseline"),
                Column("target", "target"),
                Column("actual", "actual"),
                Column("attainment", "attainment", "share"),
                Column("basis", "formula or why unknown"),
            ],
            note="attainment: "
            + ATTAINMENT_FROM_BASELINE
            + " when a baseline below the target is given, else "
            + ATTAINMENT_OF_TARGET,
        )

    def _budget_table(self) -> Table:
        rows = []
        for line in [*self.budget.totals, *self.budget.shares]:
            if line.amount is not None and line.currency is not None:
                value = _show(Money(amount=line.amount, currency=line.currency))
            else:
                value = _pct_text(line.share)
            prefix = _QUALIFIER_WORDS.get(line.qualifier, "")
            rows.append({"item": line.item, "value": prefix + value, "source": line.source, "note": line.note or ""})
        return Table(
            "budget",
            "Budget",
            [Column("item", "item"), Column("value", "value"), Column("source", "source"), Column("note", "note")],
            rows,
        )


# --- the audit ---------------------------------------------------------------------------


def audit(strategy: Strategy) -> AuditResult:
    """Audit a strategy: axes by status, target attainment, budget, findings, inconsistencies and index."""
    axes = [_audit_axis(axis) for axis in strategy.axes]
    targets = [_audit_target(target) for target in strategy.targets]
    severity_rank = {s: i for i, s in enumerate(SEVERITY_ORDER)}
    findings = [
        FindingAudit(id=f.id, severity=f.severity, text=f.text, sources=[f.source])
        for f in sorted(strategy.findings, key=lambda f: severity_rank[f.severity])
    ]
    return AuditResult(
        strategy=_summary(strategy, axes),
        axes=axes,
        targets=targets,
        budget=_audit_budget(strategy),
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


def _lines(axis: Axis) -> list[StatusLine]:
    planned = axis.planned.value if axis.planned is not None else None
    projects = axis.planned_projects.value if axis.planned_projects is not None else None
    raw: list[tuple[list[str], int | None, float | None, str, str, str | None]] = [
        ([status], fig.count, fig.share, fig.qualifier, fig.source, fig.note)
        for status, fig in sorted(axis.statuses.items(), key=lambda item: STATUSES.index(item[0]))
    ]
    raw += [([*g.statuses], g.count, g.share, "exact", g.source, g.note) for g in axis.combined_statuses]
    lines = []
    for statuses, count, share, qualifier, source, note in raw:
        count_basis: Basis | None = "stated" if count is not None else None
        share_basis: Basis | None = "stated" if share is not None else None
        computed = count / planned if count is not None and planned else None
        if share is None and computed is not None:
            # NOTE: more actions counted than planned means the count is of projects (axis 4 of
            # MN2013: 14 actions in 15 projects); derive the share over the projects then.
            whole = max(planned or 0, projects or 0) if count is not None and planned and count > planned else planned
            share, share_basis = min(1.0, count / whole) if count is not None and whole else computed, "derived"
        if count is None and share is not None and planned is not None:
            count, count_basis = _round_half_up(share * planned), "derived"
        lines.append(
            StatusLine(
                statuses=statuses,
                count=count,
                count_basis=count_basis,
                share=share,
                share_basis=share_basis,
                computed_share=computed,
                qualifier=qualifier,
                source=source,
                note=note,
            )
        )
    return lines


def _audit_axis(axis: Axis) -> AxisAudit:
    lines = _lines(axis)
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
        sources=list(dict.fromkeys(sources)),
    )


def attainment(target: Target) -> tuple[float | None, str | None]:
    """A target's attainment and the formula used; ``(None, None)`` when it cannot be known.

    With a baseline below the target: ``(actual - baseline) / (target - baseline)``, the share of
    the planned progress made. Otherwise: ``actual / target``. The result is not clamped: it
    exceeds 1 when a target is surpassed and is negative when a figure fell below its baseline.
    """
    if target.actual is None or target.target is None:
        return None, None
    actual, goal = target.actual.value, target.target.value
    value: float | None = None
    formula: str | None = None
    if target.baseline is not None and goal > target.baseline.value:
        base = target.baseline.value
        value, formula = (actual - base) / (goal - base), ATTAINMENT_FROM_BASELINE
    elif goal > 0:
        value, formula = actual / goal, ATTAINMENT_OF_TARGET
    if value is None or not math.isfinite(value):
        # NOTE: a target indistinguishable from its baseline (or from 0) gives no usable ratio.
        return None, None
    return value, formula


def _audit_target(target: Target) -> TargetAudit:
    value, formula = attainment(target)
    reason: str | None = None
    if target.actual is None:
        reason = target.unknown_reason.text if target.unknown_reason else "no actual figure is given"
    elif target.target is None:
        reason = "no target is given"
    elif value is None:
        reason = "the target is zero"
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
        sources=list(dict.fromkeys(sources)),
    )


def _audit_budget(strategy: Strategy) -> BudgetAudit:
    totals: list[BudgetLine] = []
    total = strategy.budget.total
    if total is not None:
        totals.append(
            BudgetLine(
                item="total",
                amount=total.value.amount,
                currency=total.value.currency,
                qualifier=total.qualifier,
                source=total.source,
                note=total.note,
            )
        )
        totals += [
            BudgetLine(
                item="total (other source)",
                amount=alt.value.amount,
                currency=alt.value.currency,
                qualifier=alt.qualifier,
                source=alt.source,
                note=alt.note,
            )
            for alt in total.alternatives
        ]
    shares = [
        BudgetLine(
            item="share of " + " + ".join(s.axes),
            share=s.share,
            axes=list(s.axes),
            qualifier=s.qualifier,
            source=s.source,
        )
        for s in strategy.budget.shares
    ]
    shares += [
        BudgetLine(
            item=f"share of {a.id}",
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
    """The overall implementation index (see :data:`INDEX_FORMULA`)."""
    rated = [a for a in axes if a.achievement_rate is not None]
    attained = [t for t in targets if t.attainment is not None]
    implementation = _mean([a.achievement_rate for a in rated if a.achievement_rate is not None])
    attainment_ = _mean([min(1.0, max(0.0, t.attainment)) for t in attained if t.attainment is not None])
    components = [c for c in (implementation, attainment_) if c is not None]
    return IndexAudit(
        formula=INDEX_FORMULA,
        value=_mean(components),
        implementation=implementation,
        attainment=attainment_,
        axes_covered=[a.id for a in rated],
        axes_total=len(axes),
        targets_covered=[t.id for t in attained],
        targets_total=len(targets),
    )


# --- inconsistencies ---------------------------------------------------------------------


def find_inconsistencies(strategy: Strategy) -> list[Inconsistency]:
    """Every place where the strategy's figures disagree with one another, check by check."""
    found: list[Inconsistency] = []
    for i, axis in enumerate(strategy.axes):
        lines = _lines(axis)
        found += _check_planned_units(axis, i)
        found += _check_share_sum(axis, i, lines)
        found += _check_share_count(axis, i)
        found += _check_count_sum(axis, i, lines)
        found += _check_targets_against_axis(strategy, axis, lines)
    found += _check_total_planned(strategy)
    found += _check_budget_shares(strategy)
    found += _check_alternatives(strategy)
    return found


def _half_unit(share: float) -> float:
    """Half the last written unit of a share: 0.005 for 0.27 (whole percentage points), less if finer."""
    exponent = Decimal(repr(share)).normalize().as_tuple().exponent
    decimals = max(SHARE_DECIMALS, -exponent if isinstance(exponent, int) else SHARE_DECIMALS)
    return 0.5 * 10.0**-decimals


def _count_range(share: float, planned: int) -> tuple[int, int]:
    """The whole counts out of ``planned`` whose share rounds to ``share`` (empty when low > high)."""
    h = _half_unit(share)
    return math.ceil((share - h) * planned - _EPS), math.floor((share + h) * planned + _EPS)


def _check_planned_units(axis: Axis, i: int) -> list[Inconsistency]:
    if axis.planned is None or axis.planned_projects is None or axis.planned.value == axis.planned_projects.value:
        return []
    return [
        Inconsistency(
            kind="planned_units",
            axis=axis.id,
            field=f"axes.{i}.planned",
            text=(
                f"{axis.planned.value} {axis.unit} are planned and divided into "
                f"{axis.planned_projects.value} projects: counts and shares may refer to either total"
            ),
            sources=_unique([axis.planned.source, axis.planned_projects.source]),
        )
    ]


def _check_share_sum(axis: Axis, i: int, lines: list[StatusLine]) -> list[Inconsistency]:
    stated = [line for line in lines if line.share_basis == "stated" and line.share is not None]
    if not stated:
        return []
    total = sum(line.share for line in stated if line.share is not None)
    over = total > 1 + SHARE_SUM_TOLERANCE + _EPS
    under = axis.statuses_complete and len(stated) == len(lines) and total < 1 - SHARE_SUM_TOLERANCE - _EPS
    if not (over or under):
        return []
    parts = " + ".join(_pct(line.share) for line in stated if line.share is not None)
    return [
        Inconsistency(
            kind="shares_sum",
            axis=axis.id,
            field=f"axes.{i}.statuses",
            text=(
                f"the stated shares ({parts}) sum to {_pct(total)}, "
                f"{'more' if over else 'less'} than 100 % ± {_points(SHARE_SUM_TOLERANCE)}"
            ),
            sources=_unique(line.source for line in stated),
        )
    ]


def _check_share_count(axis: Axis, i: int) -> list[Inconsistency]:
    if axis.planned is None:
        return []
    planned = axis.planned.value
    projects = axis.planned_projects.value if axis.planned_projects is not None else None
    found = []
    figures = [(f"statuses.{s}", [s], f.count, f.share, f.source) for s, f in axis.statuses.items()]
    figures += [
        (f"combined_statuses.{j}", [*g.statuses], g.count, g.share, g.source)
        for j, g in enumerate(axis.combined_statuses)
    ]
    for where, statuses, count, share, source in figures:
        if share is None:
            continue
        label = " or ".join(s.replace("_", " ") for s in statuses)
        h = _half_unit(share)
        if count is not None:
            computed = count / planned if planned else None
            if computed is None or abs(share - computed) <= h + _EPS:
                continue
            text = f"{label}: the stated {_pct(share)} is not {count} of {planned} {axis.unit} ({_pct(computed)})"
            if projects and abs(share - count / projects) <= h + _EPS:
                text += f"; it is {count} of the {projects} projects ({_pct(count / projects)})"
        else:
            low, high = _count_range(share, planned)
            if low <= high:
                continue
            text = f"{label}: no whole number of the {planned} planned {axis.unit} makes {_pct(share)}"
        found.append(
            Inconsistency(
                kind="share_count",
                axis=axis.id,
                field=f"axes.{i}.{where}.share",
                text=text,
                sources=_unique([source, axis.planned.source]),
            )
        )
    return found


def _check_count_sum(axis: Axis, i: int, lines: list[StatusLine]) -> list[Inconsistency]:
    if axis.planned is None or not lines:
        return []
    planned = axis.planned.value
    low = high = 0
    for line in lines:
        if line.count_basis == "stated" and line.count is not None:
            low, high = low + line.count, high + line.count
        elif line.share is not None:
            lo, hi = _count_range(line.share, planned)
            if lo > hi:  # reported by the share_count check; use the nearest count here
                lo = hi = _round_half_up(line.share * planned)
            low, high = low + lo, high + hi
        else:
            return []
    over = low > planned
    short = axis.statuses_complete and high < planned
    if not (over or short):
        return []
    derived = any(line.count_basis == "derived" for line in lines)
    parts = " + ".join(f"{line.count} {line.label}" for line in lines)
    total = low if over else high
    if derived:
        shares = [line.share for line in lines if line.share is not None]
        stated = " + ".join(_pct(share) for share in shares)
        text = (
            f"the stated shares ({stated} = {_pct(sum(shares))}) of the {planned} planned {axis.unit} "
            f"correspond to {parts} = {total}"
        )
    else:
        text = f"the counts ({parts}) sum to {total}"
    if over:
        text += f", more than the {planned} planned {axis.unit}"
    else:
        missing = planned - total
        text += f", short of the {planned} planned {axis.unit}: {missing} {'has' if missing == 1 else 'have'} no status"
    if axis.planned_projects is not None and low <= axis.planned_projects.value <= high:
        text += f" (it matches the {axis.planned_projects.value} projects)"
    return [
        Inconsistency(
            kind="counts_sum",
            axis=axis.id,
            field=f"axes.{i}.statuses",
            text=text,
            sources=_unique([axis.planned.source, *(line.source for line in lines)]),
        )
    ]


def _check_targets_against_axis(strategy: Strategy, axis: Axis, lines: list[StatusLine]) -> list[Inconsistency]:
    """A target counted in its axis's own unit is a second statement of the axis's figures."""
    found = []
    achieved = next((line for line in lines if line.statuses == ["achieved"]), None)
    for j, target in enumerate(strategy.targets):
        if target.axis != axis.id or target.unit != axis.unit:
            continue
        if target.target is not None and axis.planned is not None:
            totals = {axis.planned.value} | ({axis.planned_projects.value} if axis.planned_projects else set())
            if target.target.value not in totals:
                found.append(
                    Inconsistency(
                        kind="target_planned",
                        axis=axis.id,
                        field=f"targets.{j}.target",
                        text=(
                            f"target {target.id!r} plans {_num(target.target.value)} {axis.unit}, "
                            f"the axis plans {axis.planned.value}"
                        ),
                        sources=_unique([target.target.source, axis.planned.source]),
                    )
                )
        if target.actual is not None and achieved is not None and achieved.count is not None:
            if achieved.count_basis == "derived" and achieved.share is not None and axis.planned is not None:
                low, high = _count_range(achieved.share, axis.planned.value)
                basis = f"{achieved.count} ({_pct(achieved.share)} of {axis.planned.value})"
            else:
                low = high = achieved.count
                basis = str(achieved.count)
            if not low <= target.actual.value <= high:
                found.append(
                    Inconsistency(
                        kind="target_achieved",
                        axis=axis.id,
                        field=f"targets.{j}.actual",
                        text=(
                            f"target {target.id!r} counts {_num(target.actual.value)} {axis.unit} carried out, "
                            f"the axis has {basis} achieved"
                        ),
                        sources=_unique([target.actual.source, achieved.source]),
                    )
                )
    return found


def _check_total_planned(strategy: Strategy) -> list[Inconsistency]:
    if strategy.planned is None:
        return []
    total = strategy.planned.value
    known = [a for a in strategy.axes if a.planned is not None and a.unit == "actions"]
    counted = sum(a.planned.value for a in known if a.planned is not None)
    every = len(known) == len(strategy.axes)
    if counted <= total and not (every and counted != total):
        return []
    return [
        Inconsistency(
            kind="total_planned",
            axis=None,
            field="planned",
            text=(f"the axes plan {counted} actions ({', '.join(a.id for a in known)}), the strategy {total} in all"),
            sources=_unique([strategy.planned.source, *(a.planned.source for a in known if a.planned is not None)]),
        )
    ]


def _check_budget_shares(strategy: Strategy) -> list[Inconsistency]:
    groups: list[tuple[set[str], float, str]] = [(set(s.axes), s.share, s.source) for s in strategy.budget.shares]
    groups += [({a.id}, a.budget_share.value, a.budget_share.source) for a in strategy.axes if a.budget_share]
    disjoint: list[tuple[set[str], float, str]] = []
    for group in groups:
        if all(not (group[0] & other[0]) for other in disjoint):
            disjoint.append(group)
    total = sum(share for _, share, _ in disjoint)
    if total <= 1 + SHARE_SUM_TOLERANCE + _EPS:
        return []
    return [
        Inconsistency(
            kind="budget_shares",
            axis=None,
            field="budget.shares",
            text=f"budget shares of separate axes sum to {_pct(total)}, more than 100 %",
            sources=_unique(source for _, _, source in disjoint),
        )
    ]


def _facts(obj: Any, path: str = "") -> Iterator[tuple[str, Fact]]:
    if isinstance(obj, Fact):
        yield path, obj
    elif isinstance(obj, BaseModel):
        for name in type(obj).model_fields:
            yield from _facts(getattr(obj, name), f"{path}.{name}" if path else name)
    elif isinstance(obj, list):
        for j, item in enumerate(obj):
            yield from _facts(item, f"{path}.{j}")
    elif isinstance(obj, dict):
        for key, item in obj.items():
            yield from _facts(item, f"{path}.{key}")


def _check_alternatives(strategy: Strategy) -> list[Inconsistency]:
    found = []
    for path, fact in _facts(strategy):
        if not fact.alternatives or all(alt.value == fact.value for alt in fact.alternatives):
            continue
        values = [
            (fact.value, fact.qualifier, fact.source),
            *((a.value, a.qualifier, a.source) for a in fact.alternatives),
        ]
        listed = "; ".join(
            f"{'' if q == 'exact' else q.replace('_', ' ') + ' '}{_show(v)} per {src}" for v, q, src in values
        )
        main = _show(fact.value)
        close = _unique(_show(v) for v, _, _ in values[1:] if v != fact.value and _agree(fact.value, v))
        apart = _unique(_show(v) for v, _, _ in values[1:] if not _agree(fact.value, v))
        verdicts = []
        if close:
            verdicts.append(
                f"{' and '.join(close)} {'agrees' if len(close) == 1 else 'agree'} with {main} within rounding"
            )
        if apart:
            verb = "does" if len(apart) == 1 else "do"
            verdicts.append(f"{' and '.join(apart)} {verb} not" + ("" if close else f" agree with {main}"))
        verdict = "; ".join(verdicts)
        axis = None
        if path.startswith("axes."):
            axis = strategy.axes[int(path.split(".")[1])].id
        found.append(
            Inconsistency(
                kind="sources_disagree",
                axis=axis,
                field=path,
                text=f"{path}: {listed}: {verdict}",
                sources=_unique(fact.citations()),
            )
        )
    return found


def _agree(a: Any, b: Any) -> bool:
    """Whether two values of one fact agree once the more precise is rounded like the other.

    Measured quantities (floats, amounts of money) are compared to the significant digits of the
    less precise one (5.19 agrees with 5.2); counts, years and texts must be equal.
    """
    if isinstance(a, Money) and isinstance(b, Money):
        return a.currency == b.currency and _agree(a.amount, b.amount)
    if isinstance(a, float) and isinstance(b, float):
        digits = min(_significant(a), _significant(b))
        return _to_significant(a, digits) == _to_significant(b, digits)
    return bool(a == b)


def _significant(x: float) -> int:
    digits = Decimal(repr(float(x))).normalize().as_tuple().digits
    return max(1, len(digits))


def _to_significant(x: float, digits: int) -> float:
    if x == 0:
        return 0.0
    return round(x, digits - 1 - math.floor(math.log10(abs(x))))


# --- small helpers -----------------------------------------------------------------------

_QUALIFIER_WORDS = {
    "about": "about ",
    "almost": "almost ",
    "less_than": "less than ",
    "more_than": "more than ",
    "at_least": "at least ",
}


def _round_half_up(x: float) -> int:
    return math.floor(x + 0.5)


def _round(x: float | None, digits: int = 4) -> float | None:
    return None if x is None else round(x, digits)


def _mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


def _unique(items: Any) -> list[str]:
    return list(dict.fromkeys(items))


def _pct(x: float) -> str:
    value = round(x * 100, 1)
    return f"{value:g} %"


def _points(x: float) -> str:
    value = round(x * 100, 1)
    return f"{value:g} point{'' if value == 1 else 's'}"


def _pct_text(x: float | None) -> str:
    return "unknown" if x is None else _pct(x)


def _num(x: float | None) -> str:
    if x is None:
        return "unknown"
    if float(x).is_integer():
        return f"{int(x):,}"
    return f"{x:,.10g}"


def _figure(x: float | None, qualifier: str | None, year: int | None) -> str | None:
    """A target's figure for people: ``almost 2 (2012)``; None (shown as unknown) when absent."""
    if x is None:
        return None
    text = _QUALIFIER_WORDS.get(qualifier or "", "") + _num(x)
    return f"{text} ({year})" if year is not None else text


def _show(value: Any) -> str:
    if isinstance(value, Money):
        amount = value.amount
        if amount >= 1e9:
            return f"{amount / 1e9:g} bn {value.currency}"
        if amount >= 1e6:
            return f"{amount / 1e6:g} million {value.currency}"
        return f"{amount:g} {value.currency}"
    return str(value)


def _status_cell(line: StatusLine | None) -> str | None:
    """``2 (22 %)`` for a status: count and share, a star on what is derived."""
    if line is None:
        return None
    count = None if line.count is None else f"{line.count}{'*' if line.count_basis == 'derived' else ''}"
    share = None if line.share is None else f"{line.share * 100:.0f}%{'*' if line.share_basis == 'derived' else ''}"
    if count is None or share is None:
        return count or share
    return f"{count} ({share})"


def _describe(line: StatusLine) -> str:
    parts = []
    if line.count is not None:
        parts.append(str(line.count))
    if line.share is not None:
        parts.append(_pct(line.share))
    return ", ".join(parts)
