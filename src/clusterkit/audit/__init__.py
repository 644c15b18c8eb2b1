"""Auditing a strategy: implementation by axis, target attainment, budget, findings and the data's own inconsistencies.

``audit(strategy)`` reads a :class:`~clusterkit.models.Strategy` and returns an :class:`AuditResult`
without printing anything. Where the source gives a count and the planned total, the share is
derived (and the other way round); every derived figure is marked as such and the source's own
figures are kept. Rates and attainments are fractions; unknown stays ``None``. The result is plain
data: ``clusterkit.views.audit`` turns it into tables, page blocks and the JSON payload. See docs/audit.md.

Modules: :mod:`~clusterkit.audit.results` (the frozen records), :mod:`~clusterkit.audit.figures`
(stated and derived figures by status, a target's attainment), :mod:`~clusterkit.audit.compute`
(the audit, the programmes and figures the sources name, and the index) and
:mod:`~clusterkit.audit.checks` (the consistency checks).
"""

from __future__ import annotations

from clusterkit.audit.checks import agree, find_inconsistencies
from clusterkit.audit.compute import attainment_qualifier, audit, bound, implementation_index
from clusterkit.audit.figures import attainment, status_lines
from clusterkit.audit.results import (
    SEVERITY_ORDER,
    SHARE_DECIMALS,
    SHARE_SUM_TOLERANCE,
    AttainmentFormula,
    AttainmentStated,
    AuditRecord,
    AuditResult,
    AxisAudit,
    Basis,
    BudgetAudit,
    BudgetLine,
    BudgetRole,
    BudgetShares,
    CountsSum,
    FigureAudit,
    FindingAudit,
    Inconsistency,
    InconsistencyRecord,
    IndexAudit,
    IndexFormula,
    Named,
    NoteAudit,
    OutcomeLine,
    OutcomesDisagree,
    PlannedUnits,
    ProgrammeAudit,
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
    "AttainmentStated",
    "AuditRecord",
    "AuditResult",
    "AxisAudit",
    "Basis",
    "BudgetAudit",
    "BudgetLine",
    "BudgetRole",
    "BudgetShares",
    "CountsSum",
    "FigureAudit",
    "FindingAudit",
    "Inconsistency",
    "InconsistencyRecord",
    "IndexAudit",
    "IndexFormula",
    "Named",
    "NoteAudit",
    "OutcomeLine",
    "OutcomesDisagree",
    "PlannedUnits",
    "ProgrammeAudit",
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
    "attainment_qualifier",
    "audit",
    "bound",
    "find_inconsistencies",
    "implementation_index",
    "status_lines",
]
