"""The view of any result, for library users: ``render(view_of(result), "markdown")``.

The command line calls each view function directly; a script that holds a result and wants what
the command would show calls :func:`view_of`.
"""

from __future__ import annotations

from collections.abc import Sequence

from clusterkit.audit import AuditResult
from clusterkit.change import History
from clusterkit.comparison import Comparison
from clusterkit.label import LabelReadiness
from clusterkit.models import Cluster, Framework
from clusterkit.report import Report
from clusterkit.scoring import ClusterScore, Ranking
from clusterkit.sensitivity import SensitivityResult
from clusterkit.validation import Validation
from clusterkit.views import View
from clusterkit.views.audit import audit_view
from clusterkit.views.change import history_view
from clusterkit.views.comparison import comparison_view
from clusterkit.views.framework import framework_view
from clusterkit.views.label import label_view
from clusterkit.views.listing import cluster_list_view, cluster_view
from clusterkit.views.report import report_view
from clusterkit.views.scoring import ranking_view, scores_view
from clusterkit.views.sensitivity import sensitivity_view
from clusterkit.views.validation import validation_view

Result = (
    ClusterScore
    | Sequence[ClusterScore]
    | Ranking
    | Comparison
    | AuditResult
    | SensitivityResult
    | LabelReadiness
    | Report
    | Validation
    | Cluster
    | Sequence[Cluster]
    | Framework
    | History
)


def view_of(result: Result, *, explain: bool = False) -> View:
    """The view a command shows of ``result``: scores (one or a list, with ``explain`` per indicator),
    a ranking, comparison, audit, sensitivity analysis, label readiness, report, validation, one
    cluster or a list of clusters, a framework's indicators, or a cluster's history. Raises TypeError
    for anything else."""
    if isinstance(result, ClusterScore):
        return scores_view([result], result.framework, explain=explain)
    if isinstance(result, Cluster):
        return cluster_view(result)
    if isinstance(result, Ranking):
        return ranking_view(result)
    if isinstance(result, Comparison):
        return comparison_view(result)
    if isinstance(result, AuditResult):
        return audit_view(result)
    if isinstance(result, SensitivityResult):
        return sensitivity_view(result)
    if isinstance(result, LabelReadiness):
        return label_view(result)
    if isinstance(result, Report):
        return report_view(result)
    if isinstance(result, Validation):
        return validation_view(result)
    if isinstance(result, Framework):
        return framework_view(result)
    if isinstance(result, History):
        return history_view(result)
    items = list(result) if isinstance(result, Sequence) else None
    if items and all(isinstance(i, ClusterScore) for i in items):
        scores = [i for i in items if isinstance(i, ClusterScore)]
        return scores_view(scores, scores[0].framework, explain=explain)
    if items is not None and all(isinstance(i, Cluster) for i in items):
        return cluster_list_view([i for i in items if isinstance(i, Cluster)])
    raise TypeError(f"no view for {type(result).__name__}")
