"""An axis's figures by status, stated and derived, shared by the audit and its consistency checks.

Where the source gives a count and the planned total, the share is derived as ``count / planned``;
where it gives a share, the count is the nearest whole number to ``share x planned``. Every derived
figure is marked ``derived``; the source's own figures keep ``stated``.
"""

from __future__ import annotations

import math

from clusterkit.audit.results import Basis, StatusLine
from clusterkit.models import STATUSES, Axis


def status_lines(axis: Axis) -> list[StatusLine]:
    """The axis's statuses in the order of :data:`~clusterkit.models.STATUSES`, then its combined figures."""
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
            )
        )
    return lines


def round_half_up(x: float) -> int:
    """The nearest whole number, halves rounded up (a share of 0.5 of 9 actions is 5, not 4)."""
    return math.floor(x + 0.5)
