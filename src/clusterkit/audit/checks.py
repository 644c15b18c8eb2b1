"""The consistency checks: places where a strategy's figures disagree with one another.

Each check is code, run on every strategy; none of the inconsistencies is typed into the data.
Each returns records carrying the figures it found (:mod:`clusterkit.audit.results`); the text
people read is written from them by ``clusterkit.views.audit``. See docs/audit.md for the rules.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from pydantic import BaseModel

from clusterkit.audit.figures import attainment, round_half_up, status_lines
from clusterkit.audit.results import (
    SHARE_DECIMALS,
    SHARE_SUM_TOLERANCE,
    AttainmentStated,
    BudgetShares,
    CountsSum,
    Inconsistency,
    OutcomeLine,
    OutcomesDisagree,
    PlannedUnits,
    ShareCount,
    SharesSum,
    SourcesDisagree,
    StatedValue,
    StatusCount,
    StatusLine,
    TargetAchieved,
    TargetPlanned,
    TotalPlanned,
)
from clusterkit.models import Axis, Fact, Money, Strategy
from clusterkit.records import unique

_EPS = 1e-9


def find_inconsistencies(strategy: Strategy) -> list[Inconsistency]:
    """Every place where the strategy's figures disagree with one another, check by check."""
    found: list[Inconsistency] = []
    for i, axis in enumerate(strategy.axes):
        lines = status_lines(axis)
        found += _check_planned_units(axis, i)
        found += _check_share_sum(axis, i, lines)
        found += _check_share_count(axis, i)
        found += _check_count_sum(axis, i, lines)
        found += _check_targets_against_axis(strategy, axis, lines)
    found += _check_total_planned(strategy)
    found += _check_budget_shares(strategy)
    found += _check_stated_attainments(strategy)
    found += _check_outcomes(strategy)
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
        PlannedUnits(
            axis=axis.id,
            field=f"axes.{i}.planned",
            sources=unique([axis.planned.source, axis.planned_projects.source]),
            planned=axis.planned.value,
            unit=axis.unit,
            projects=axis.planned_projects.value,
        )
    ]


def _check_share_sum(axis: Axis, i: int, lines: list[StatusLine]) -> list[Inconsistency]:
    stated = [line for line in lines if line.share_basis == "stated" and line.share is not None]
    if not stated:
        return []
    shares = [line.share for line in stated if line.share is not None]
    total = sum(shares)
    over = total > 1 + SHARE_SUM_TOLERANCE + _EPS
    under = axis.statuses_complete and len(stated) == len(lines) and total < 1 - SHARE_SUM_TOLERANCE - _EPS
    if not (over or under):
        return []
    return [
        SharesSum(
            axis=axis.id,
            field=f"axes.{i}.statuses",
            sources=unique(line.source for line in stated),
            shares=shares,
            total=total,
            over=over,
            tolerance=SHARE_SUM_TOLERANCE,
        )
    ]


def _check_share_count(axis: Axis, i: int) -> list[Inconsistency]:
    if axis.planned is None:
        return []
    planned = axis.planned.value
    projects = axis.planned_projects.value if axis.planned_projects is not None else None
    found: list[Inconsistency] = []
    figures = [(f"statuses.{s}", [s], f.count, f.share, f.source, f.wording) for s, f in axis.statuses.items()]
    figures += [
        (f"combined_statuses.{j}", [*g.statuses], g.count, g.share, g.source, g.wording)
        for j, g in enumerate(axis.combined_statuses)
    ]
    figures += [
        (f"other_statuses.{j}", [], o.count, o.share, o.source, o.wording) for j, o in enumerate(axis.other_statuses)
    ]
    for where, statuses, count, share, source, wording in figures:
        if share is None:
            continue
        h = _half_unit(share)
        computed: float | None = None
        over_projects: int | None = None
        if count is not None:
            computed = count / planned if planned else None
            if computed is None or abs(share - computed) <= h + _EPS:
                continue
            if projects and abs(share - count / projects) <= h + _EPS:
                over_projects = projects
        else:
            low, high = _count_range(share, planned)
            if low <= high:
                continue
        found.append(
            ShareCount(
                axis=axis.id,
                field=f"axes.{i}.{where}.share",
                sources=unique([source, axis.planned.source]),
                statuses=statuses,
                share=share,
                planned=planned,
                unit=axis.unit,
                count=count,
                computed_share=computed,
                projects=over_projects,
                project_share=None if over_projects is None or count is None else count / over_projects,
                wording=wording,
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
                lo = hi = round_half_up(line.share * planned)
            low, high = low + lo, high + hi
        else:
            return []
    over = low > planned
    short = axis.statuses_complete and high < planned
    if not (over or short):
        return []
    derived = any(line.count_basis == "derived" for line in lines)
    total = low if over else high
    # NOTE: with a planned total every line has a count here, stated or derived from its share.
    parts = [
        StatusCount(statuses=line.statuses, count=line.count, wording=line.wording)
        for line in lines
        if line.count is not None
    ]
    shares = [line.share for line in lines if line.share is not None] if derived else None
    projects = axis.planned_projects.value if axis.planned_projects is not None else None
    return [
        CountsSum(
            axis=axis.id,
            field=f"axes.{i}.statuses",
            sources=unique([axis.planned.source, *(line.source for line in lines)]),
            planned=planned,
            unit=axis.unit,
            parts=parts,
            total=total,
            over=over,
            missing=0 if over else planned - total,
            shares=shares,
            share_sum=None if shares is None else sum(shares),
            projects=projects if projects is not None and low <= projects <= high else None,
        )
    ]


def _check_targets_against_axis(strategy: Strategy, axis: Axis, lines: list[StatusLine]) -> list[Inconsistency]:
    """A target counted in its axis's own unit is a second statement of the axis's figures."""
    found: list[Inconsistency] = []
    achieved = next((line for line in lines if line.statuses == ["achieved"]), None)
    for j, target in enumerate(strategy.targets):
        if target.axis != axis.id or target.unit != axis.unit:
            continue
        if target.target is not None and axis.planned is not None:
            totals = {axis.planned.value} | ({axis.planned_projects.value} if axis.planned_projects else set())
            if target.target.value not in totals:
                found.append(
                    TargetPlanned(
                        axis=axis.id,
                        field=f"targets.{j}.target",
                        sources=unique([target.target.source, axis.planned.source]),
                        target=target.id,
                        value=target.target.value,
                        unit=axis.unit,
                        planned=axis.planned.value,
                    )
                )
        if target.actual is not None and achieved is not None and achieved.count is not None:
            derived_from: tuple[float, int] | None = None
            if achieved.count_basis == "derived" and achieved.share is not None and axis.planned is not None:
                low, high = _count_range(achieved.share, axis.planned.value)
                derived_from = (achieved.share, axis.planned.value)
            else:
                low = high = achieved.count
            if not low <= target.actual.value <= high:
                found.append(
                    TargetAchieved(
                        axis=axis.id,
                        field=f"targets.{j}.actual",
                        sources=unique([target.actual.source, achieved.source]),
                        target=target.id,
                        actual=target.actual.value,
                        unit=axis.unit,
                        achieved=achieved.count,
                        achieved_share=derived_from[0] if derived_from else None,
                        planned=derived_from[1] if derived_from else None,
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
        TotalPlanned(
            axis=None,
            field="planned",
            sources=unique([strategy.planned.source, *(a.planned.source for a in known if a.planned is not None)]),
            counted=counted,
            axes=[a.id for a in known],
            total=total,
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
        BudgetShares(
            axis=None,
            field="budget.shares",
            sources=unique(source for _, _, source in disjoint),
            total=total,
        )
    ]


def _check_stated_attainments(strategy: Strategy) -> list[Inconsistency]:
    """A target's attainment as the source states it ("10 % of the objective") against the computed one."""
    found: list[Inconsistency] = []
    for j, target in enumerate(strategy.targets):
        stated = target.stated_attainment
        value, _ = attainment(target)
        if stated is None or value is None or abs(value - stated.value) <= _half_unit(stated.value) + _EPS:
            continue
        found.append(
            AttainmentStated(
                axis=target.axis,
                field=f"targets.{j}.stated_attainment",
                sources=unique([stated.source, *(f.source for f in (target.target, target.actual) if f is not None)]),
                target=target.id,
                attainment=value,
                stated=stated.value,
            )
        )
    return found


def _check_outcomes(strategy: Strategy) -> list[Inconsistency]:
    """A programme the sources say two things of whose statuses exclude each other ("never started", "delayed")."""
    found: list[Inconsistency] = []
    for j, programme in enumerate(strategy.programmes):
        named = [o for o in programme.outcomes if o.statuses]
        if not any(set(a.statuses).isdisjoint(b.statuses) for a in named for b in named):
            continue
        found.append(
            OutcomesDisagree(
                axis=programme.axis,
                field=f"programmes.{j}.outcomes",
                sources=unique(o.source for o in named),
                programme=programme.id,
                name=programme.name,
                outcomes=[OutcomeLine(wording=o.wording, statuses=list(o.statuses), source=o.source) for o in named],
            )
        )
    return found


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
    found: list[Inconsistency] = []
    for path, fact in _facts(strategy):
        if not fact.alternatives or all(alt.value == fact.value for alt in fact.alternatives):
            continue
        values = [StatedValue(value=fact.value, qualifier=fact.qualifier, source=fact.source, verdict="main")]
        for alt in fact.alternatives:
            if not agree(fact.value, alt.value):
                verdict = "disagrees"
            elif alt.value == fact.value:
                verdict = "equal"
            else:
                verdict = "agrees"
            values.append(StatedValue(value=alt.value, qualifier=alt.qualifier, source=alt.source, verdict=verdict))
        axis = None
        if path.startswith("axes."):
            axis = strategy.axes[int(path.split(".")[1])].id
        found.append(SourcesDisagree(axis=axis, field=path, sources=unique(fact.citations()), values=values))
    return found


def agree(a: Any, b: Any) -> bool:
    """Whether two values of one fact agree once the more precise is rounded like the other.

    Measured quantities (floats, amounts of money) are compared to the significant digits of the
    less precise one (5.19 agrees with 5.2); counts, years and texts must be equal.
    """
    if isinstance(a, Money) and isinstance(b, Money):
        return a.currency == b.currency and agree(a.amount, b.amount)
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
