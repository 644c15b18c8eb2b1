"""An axis's figures by status, stated and derived, shared by the audit and its consistency checks.

Where the source gives a count and the planned total, the share is derived as ``count / planned``;
where it gives a share, the count is the nearest whole number to ``share x planned``. Every derived
figure is marked ``derived``; the source's own figures keep ``stated``.
"""

from __future__ import annotations

import math

from clusterkit.audit.results import AttainmentFormula, Basis, StatusLine
from clusterkit.models import STATUSES, Axis, Target


def status_lines(axis: Axis) -> list[StatusLine]:
    """The axis's statuses in the order of :data:`~clusterkit.models.STATUSES`, its combined figures, then
    the figures the source words as no status (``statuses == []``)."""
    planned = axis.planned.value if axis.planned is not None else None
    projects = axis.planned_projects.value if axis.planned_projects is not None else None
    Raw = tuple[list[str], int | None, float | None, str, str, str | None, str | None]
    raw: list[Raw] = [
        ([status], fig.count, fig.share, fig.qualifier, fig.source, fig.note, fig.wording)
        for status, fig in sorted(axis.statuses.items(), key=lambda item: STATUSES.index(item[0]))
    ]
    raw += [([*g.statuses], g.count, g.share, "exact", g.source, g.note, g.wording) for g in axis.combined_statuses]
    raw += [([], o.count, o.share, o.qualifier, o.source, o.note, o.wording) for o in axis.other_statuses]
    lines = []
    for statuses, count, share, qualifier, source, note, wording in raw:
        count_basis: Basis | None = "stated" if count is not None else None
        share_basis: Basis | None = "stated" if share is not None else None
        computed = count / planned if count is not None and planned else None
        if share is None and computed is not None:
            # NOTE: more actions counted than planned means the count is of projects (axis 4 of
            # MN2013: 14 actions in 15 projects); derive the share over the projects then.
            whole = max(planned or 0, projects or 0) if count is not None and planned and count > planned else planned
            share, share_basis = min(1.0, count / whole) if count is not None and whole else computed, "derived"
        if count is None and share is not None and planned is not None:
            count, count_basis = round_half_up(share * planned), "derived"
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
                wording=wording,
            )
        )
    return lines


def round_half_up(x: float) -> int:
    """The nearest whole number, halves rounded up (a share of 0.5 of 9 actions is 5, not 4)."""
    return math.floor(x + 0.5)


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
