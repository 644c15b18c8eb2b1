"""Auditing a strategy: implementation by axis, target attainment, budget, findings and the data's own inconsistencies.

``audit(strategy)`` reads a :class:`~clusterkit.models.Strategy` and returns an :class:`AuditResult`
without printing anything. Where the source gives a count and the planned total, the share is
derived (and the other way round); every derived figure is marked as such and the source's own
figures are kept. Rates and attainments are fractions; unknown stays ``None``. The result is plain
data: ``clusterkit.views.audit`` turns it into tables, page blocks and the JSON payload. See docs/audit.md.

Modules: :mod:`~clusterkit.audit.results` (the frozen records), :mod:`~clusterkit.audit.figures`
(stated and derived figures by status), :mod:`~clusterkit.audit.compute` (the audit and its index)
and :mod:`~clusterkit.audit.checks` (the consistency checks).
"""

from __future__ import annotations

from clusterkit.audit.checks import agree, find_inconsistencies
from clusterkit.audit.compute import attainment, audit, implementation_index
from clusterkit.audit.figures import status_lines
from clusterkit.audit.results import (
    SEVERITY_ORDER,
    SHARE_DECIMALS,
    SHARE_SUM_TOLERANCE,
    AttainmentFormula,
    AuditRecord,
    AuditResult,
    AxisAudit,
    Basis,
    BudgetAudit,
    BudgetLine,
    BudgetRole,
    BudgetShares,
    CountsSum,
    FindingAudit,
    Inconsistency,
    InconsistencyRecord,
    IndexAudit,
    IndexFormula,
    PlannedUnits,
    ShareCount,
    SharesSum,
    SourcesDisagree,
    StatedValue,
    StatusCount,
    StatusLine,
    StrategySummary,
    TargetAchieved,
    TargetAudit,
    TargetPlanned,
    TotalPlanned,
    UnknownReason,
)

__all__ = [
    "SEVERITY_ORDER",
    "SHARE_DECIMALS",
    "SHARE_SUM_TOLERANCE",
    "AttainmentFormula",
    "AuditRecord",
    "AuditResult",
    "AxisAudit",
    "Basis",
    "BudgetAudit",
    "BudgetLine",
    "BudgetRole",
    "BudgetShares",
    "CountsSum",
    "FindingAudit",
    "Inconsistency",
    "InconsistencyRecord",
    "IndexAudit",
    "IndexFormula",
    "PlannedUnits",
    "ShareCount",
    "SharesSum",
    "SourcesDisagree",
    "StatedValue",
    "StatusCount",
    "StatusLine",
    "StrategySummary",
    "TargetAchieved",
    "TargetAudit",
    "TargetPlanned",
    "TotalPlanned",
    "UnknownReason",
    "agree",
    "attainment",
    "audit",
    "find_inconsistencies",
    "implementation_index",
    "status_lines",
]
