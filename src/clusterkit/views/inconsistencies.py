"""The texts of a strategy audit's inconsistencies: what each check found, with its figures.

:func:`inconsistency_text` is what the audit's table, page and JSON payload say of an inconsistency
(:mod:`clusterkit.views.audit`); every number is spelled by :mod:`clusterkit.text`.
"""

from __future__ import annotations

from collections.abc import Sequence

from clusterkit import text
from clusterkit.audit import (
    AttainmentStated,
    BudgetShares,
    CountsSum,
    Inconsistency,
    OutcomesDisagree,
    PlannedUnits,
    ShareCount,
    SharesSum,
    SourcesDisagree,
    TargetAchieved,
    TargetPlanned,
    TotalPlanned,
)
from clusterkit.records import unique

# The whole a share is set against (the 100 % a strategy planned).
WHOLE = 1.0


def statuses_text(statuses: Sequence[str]) -> str:
    """Statuses reported together, in words: ``cancelled or not started``."""
    return " or ".join(text.words(s) for s in statuses)


def line_label(statuses: Sequence[str], wording: str | None) -> str:
    """A figure by status in an inconsistency's text: the source's words where given, else its statuses."""
    return wording or statuses_text(statuses)


def inconsistency_text(issue: Inconsistency) -> str:
    """What an inconsistency says, with the figures its check found."""
    if isinstance(issue, PlannedUnits):
        return (
            f"{text.number(issue.planned)} {issue.unit} are planned and divided into "
            f"{text.number(issue.projects)} projects: counts and shares may refer to either total"
        )
    if isinstance(issue, SharesSum):
        parts = " + ".join(text.share(s) for s in issue.shares)
        return (
            f"the stated shares ({parts}) sum to {text.share(issue.total)}, "
            f"{'more' if issue.over else 'less'} than {text.share(WHOLE)} ± {text.percentage_points(issue.tolerance)}"
        )
    if isinstance(issue, ShareCount):
        return _share_count_text(issue)
    if isinstance(issue, CountsSum):
        return _counts_sum_text(issue)
    if isinstance(issue, TargetPlanned):
        return (
            f"target {issue.target!r} plans {text.number(issue.value)} {issue.unit}, "
            f"the axis plans {text.number(issue.planned)}"
        )
    if isinstance(issue, TargetAchieved):
        basis = text.number(issue.achieved)
        if issue.achieved_share is not None and issue.planned is not None:
            basis += f" ({text.share(issue.achieved_share)} of {text.number(issue.planned)})"
        return (
            f"target {issue.target!r} counts {text.number(issue.actual)} {issue.unit} carried out, "
            f"the axis has {basis} achieved"
        )
    if isinstance(issue, TotalPlanned):
        return (
            f"the axes plan {text.number(issue.counted)} actions ({', '.join(issue.axes)}), "
            f"the strategy {text.number(issue.total)} in all"
        )
    if isinstance(issue, BudgetShares):
        return f"budget shares of separate axes sum to {text.share(issue.total)}, more than {text.share(WHOLE)}"
    if isinstance(issue, AttainmentStated):
        return (
            f"target {issue.target!r}: the stated attainment {text.share(issue.stated)} is not the computed "
            f"{text.share(issue.attainment)}, beyond rounding"
        )
    if isinstance(issue, OutcomesDisagree):
        said = "; ".join(f'"{o.wording}" ({statuses_text(o.statuses)}) per {o.source}' for o in issue.outcomes)
        return f"{issue.name}: {said}: the statuses exclude each other"
    return _sources_disagree_text(issue)


def _share_count_text(issue: ShareCount) -> str:
    label, share, planned = (
        line_label(issue.statuses, issue.wording),
        text.share(issue.share),
        text.number(issue.planned),
    )
    if issue.count is None:
        return f"{label}: no whole number of the {planned} planned {issue.unit} makes {share}"
    count = text.number(issue.count)
    out = f"{label}: the stated {share} is not {count} of {planned} {issue.unit} ({text.share(issue.computed_share)})"
    if issue.projects is not None:
        out += f"; it is {count} of the {text.number(issue.projects)} projects ({text.share(issue.project_share)})"
    return out


def _counts_sum_text(issue: CountsSum) -> str:
    parts = " + ".join(f"{text.number(p.count)} {line_label(p.statuses, p.wording)}" for p in issue.parts)
    planned, total = text.number(issue.planned), text.number(issue.total)
    if issue.shares is not None:
        stated = " + ".join(text.share(s) for s in issue.shares)
        out = (
            f"the stated shares ({stated} = {text.share(issue.share_sum)}) of the {planned} planned {issue.unit} "
            f"correspond to {parts} = {total}"
        )
    else:
        out = f"the counts ({parts}) sum to {total}"
    if issue.over:
        out += f", more than the {planned} planned {issue.unit}"
    else:
        verb = "has" if issue.missing == 1 else "have"
        out += f", short of the {planned} planned {issue.unit}: {text.number(issue.missing)} {verb} no status"
    if issue.projects is not None:
        out += f" (it matches the {text.number(issue.projects)} projects)"
    return out


def _sources_disagree_text(issue: SourcesDisagree) -> str:
    listed = "; ".join(f"{text.qualified(text.stated(v.value), v.qualifier)} per {v.source}" for v in issue.values)
    main = text.stated(issue.values[0].value)
    close = unique(text.stated(v.value) for v in issue.values if v.verdict == "agrees")
    apart = unique(text.stated(v.value) for v in issue.values if v.verdict == "disagrees")
    verdicts = []
    if close:
        verdicts.append(f"{' and '.join(close)} {'agrees' if len(close) == 1 else 'agree'} with {main} within rounding")
    if apart:
        verb = "does" if len(apart) == 1 else "do"
        verdicts.append(f"{' and '.join(apart)} {verb} not" + ("" if close else f" agree with {main}"))
    return f"{issue.field}: {listed}: {'; '.join(verdicts)}"
