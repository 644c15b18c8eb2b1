"""Change between two scores of the same framework, explained indicator by indicator; a cluster's history.

:func:`explain_change` splits the change of the overall score and of each dimension score into the
parts of three kinds of change: a level that changed (known at both dates), an indicator that
became known, and one that became unknown. The steps are taken in that order: first the levels
move on the indicators known before, then the newly known indicators join the means, then those
no longer known leave them. Within a step every indicator's part follows from one exact formula,
so the parts add up to the observed change (to rounding). The geometric mean is split the same way
on the logarithms of the scores and brought back to points with the logarithmic mean of the
step's two scores (LMDI). See docs/change.md for the formulas and a worked example.

:func:`history` scores every dated assessment of a cluster, oldest first, and explains the change
between each assessment and the next.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from clusterkit.method import Aggregation, Missing, Normalisation
from clusterkit.models import Cluster, Framework
from clusterkit.records import FrozenRecord
from clusterkit.scoring import GEOMETRIC_FLOOR, ClusterScore, aggregate, score

# "changed": known at both dates with another score; "known": unknown before, known after;
# "unknown": known before, unknown after; "same": the same score, or unknown at both dates.
ChangeKind = Literal["changed", "known", "unknown", "same"]
# The three steps, in the order they are taken.
STEPS: tuple[ChangeKind, ...] = ("changed", "known", "unknown")
# Below this, two logarithmic means are the same and the step's factor is its derivative.
_TINY = 1e-12


@dataclass(frozen=True, kw_only=True)
class IndicatorChange(FrozenRecord):
    """One indicator between two dates: its levels and scores, its kind of change, and the points it moved.

    ``dimension_points`` is its part of its dimension's change (score points); ``overall_points``
    its part of the overall change. Each is None when that change is undefined (a side unknown).
    """

    id: str
    name: str
    dimension: str
    weight: float
    kind: ChangeKind
    before_level: int | None
    after_level: int | None
    before_score: float | None
    after_score: float | None
    dimension_points: float | None
    overall_points: float | None


@dataclass(frozen=True, kw_only=True)
class ScoreChange(FrozenRecord):
    """The overall score or one dimension's between two dates, and its change split by kind.

    ``from_levels + from_known + from_unknown == change`` (to rounding); all four are None when
    either side is unknown. The counts say how many indicators had each kind of change.
    """

    id: str
    name: str
    before: float | None
    after: float | None
    change: float | None
    from_levels: float | None
    from_known: float | None
    from_unknown: float | None
    levels_changed: int
    newly_known: int
    no_longer_known: int
    before_coverage: float
    after_coverage: float


@dataclass(frozen=True, kw_only=True)
class Change(FrozenRecord):
    """The change from score ``before`` to score ``after`` (the same framework and method), explained."""

    framework: str
    before: ClusterScore
    after: ClusterScore
    overall: ScoreChange
    dimensions: list[ScoreChange]
    indicators: list[IndicatorChange]

    def dimension(self, dimension_id: str) -> ScoreChange:
        for dim in self.dimensions:
            if dim.id == dimension_id:
                return dim
        raise KeyError(dimension_id)

    def indicator(self, indicator_id: str) -> IndicatorChange:
        for ind in self.indicators:
            if ind.id == indicator_id:
                return ind
        raise KeyError(indicator_id)


@dataclass(frozen=True, kw_only=True)
class History(FrozenRecord):
    """A cluster's dated assessments scored oldest first, and the change from each to the next.

    The target is not part of it (a plan, not a state); ``undated`` counts the assessments against
    the framework left out for want of a date.
    """

    cluster: str
    name: str
    framework: str
    scores: list[ClusterScore]
    changes: list[Change]
    undated: int = 0
    missing: Missing = "ignore"
    aggregation: Aggregation = "arithmetic"
    normalisation: Normalisation = "thresholds"


# --- the arithmetic of one step --------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Mean:
    """A weighted mean at one state: its value (None: nothing in it), its transformed mean, its weight."""

    value: float | None
    g: float
    weight: float


def _transform(aggregation: Aggregation) -> Callable[[float], float]:
    # NOTE: the geometric mean is the exponential of the arithmetic mean of the logarithms (floored as scoring does).
    if aggregation == "geometric":
        return lambda s: math.log(max(s, GEOMETRIC_FLOOR))
    return lambda s: s


def _mean(items: Sequence[tuple[float, float]], aggregation: Aggregation, g: Callable[[float], float]) -> _Mean:
    pairs = [(w, s) for w, s in items if w > 0]
    weight = sum(w for w, _ in pairs)
    value = aggregate(pairs, aggregation)
    return _Mean(value, sum(w * g(s) for w, s in pairs) / weight if weight else 0.0, weight)


def _factor(a: _Mean, b: _Mean, aggregation: Aggregation) -> float:
    """Points per unit of the transformed mean over a step: 1, or the logarithmic mean of the two values."""
    if aggregation != "geometric" or a.value is None or b.value is None:
        return 1.0
    if abs(b.g - a.g) < _TINY:
        return a.value
    return (b.value - a.value) / (b.g - a.g)


def _parts(
    ids: Sequence[str],
    weights: Mapping[str, float],
    a: Mapping[str, float | None],
    b: Mapping[str, float | None],
    ref: float,
    total: float,
    g: Callable[[float], float],
) -> dict[str, float]:
    """Each indicator's part of a mean's move from state ``a`` to ``b`` (None: out of the mean), transformed.

    ``w * ((g(b) - ref) [in b] - (g(a) - ref) [in a]) / total`` with ``ref`` the transformed mean at
    ``a`` and ``total`` the weight in the mean at ``b``: these add up to the move exactly, and are zero
    for an indicator that did not move.
    """
    parts: dict[str, float] = {}
    for i in ids:
        w = weights[i]
        if w <= 0:
            parts[i] = 0.0
            continue
        after = 0.0 if b[i] is None else g(b[i] or 0.0) - ref
        before = 0.0 if a[i] is None else g(a[i] or 0.0) - ref
        parts[i] = w * (after - before) / total
    return parts


# --- explaining a change ---------------------------------------------------------------------


def _kind(before: float | None, after: float | None) -> ChangeKind:
    if before is None:
        return "same" if after is None else "known"
    if after is None:
        return "unknown"
    return "same" if before == after else "changed"


def _check(before: ClusterScore, after: ClusterScore, framework: Framework) -> None:
    if before.framework != framework.id or after.framework != framework.id:
        raise ValueError("both scores must come from the given framework")
    ids = [i.id for i in framework.indicators]
    if [i.id for i in before.indicators] != ids or [i.id for i in after.indicators] != ids:
        raise ValueError("both scores must score every indicator of the framework, in its order")
    method = (before.missing, before.aggregation, before.normalisation)
    if method != (after.missing, after.aggregation, after.normalisation):
        raise ValueError("both scores must use the same method (missing, aggregation, normalisation)")


def explain_change(before: ClusterScore, after: ClusterScore, framework: Framework) -> Change:
    """The change from ``before`` to ``after``, split: levels that changed, indicators newly known, no longer known.

    Both scores must come from ``framework`` with the same method; raises ValueError otherwise.
    """
    _check(before, after, framework)
    aggregation = before.aggregation
    g = _transform(aggregation)
    zero = before.missing == "zero"
    ids = [i.id for i in framework.indicators]
    weights = {i.id: i.weight for i in framework.indicators}
    dim_of = {i.id: i.dimension for i in framework.indicators}
    b_ind = {i.id: i for i in before.indicators}
    a_ind = {i.id: i for i in after.indicators}
    kinds = {i: _kind(b_ind[i].score, a_ind[i].score) for i in ids}

    def in_mean(value: float | None) -> float | None:
        return 0.0 if value is None and zero else value

    # The four states: before; levels moved; newly known joined; after (those no longer known left).
    first = {i: in_mean(b_ind[i].score) for i in ids}
    last = {i: in_mean(a_ind[i].score) for i in ids}
    states = [first]
    for step in STEPS:
        moved = states[-1].copy()
        moved.update({i: last[i] for i in ids if kinds[i] == step})
        states.append(moved)

    members = {d.id: [i for i in ids if dim_of[i] == d.id] for d in framework.dimensions}
    dim_weight = {d.id: d.weight for d in framework.dimensions}

    def dim_means(state: Mapping[str, float | None]) -> dict[str, _Mean]:
        return {
            d: _mean([(weights[i], v) for i in members[d] if (v := state[i]) is not None], aggregation, g)
            for d in members
        }

    def overall_mean(means: Mapping[str, _Mean]) -> _Mean:
        return _mean([(dim_weight[d], m.value) for d, m in means.items() if m.value is not None], aggregation, g)

    means = [dim_means(s) for s in states]
    overalls = [overall_mean(m) for m in means]
    dim_points: dict[str, float] = dict.fromkeys(ids, 0.0)
    all_points: dict[str, float] = dict.fromkeys(ids, 0.0)
    for k in range(len(STEPS)):
        a, b = states[k], states[k + 1]
        oa, ob = overalls[k], overalls[k + 1]
        o_factor = _factor(oa, ob, aggregation)
        for d, inds in members.items():
            ma, mb = means[k][d], means[k + 1][d]
            if ma.value is not None and mb.value is not None:
                parts = _parts(inds, weights, a, b, ma.g, mb.weight, g)
                factor = _factor(ma, mb, aggregation)
                for i, part in parts.items():
                    dim_points[i] += factor * part
            elif mb.value is not None:  # the dimension joins the overall mean
                parts = _parts(inds, weights, dict.fromkeys(inds), b, oa.g, mb.weight, g)
            elif ma.value is not None:  # the dimension leaves it
                parts = _parts(inds, weights, a, dict.fromkeys(inds), oa.g, ma.weight, g)
            else:
                continue
            if oa.value is None or ob.value is None:
                continue
            for i, part in parts.items():
                all_points[i] += o_factor * dim_weight[d] * part / ob.weight

    dims_defined = {d: means[0][d].value is not None and means[-1][d].value is not None for d in members}
    overall_defined = overalls[0].value is not None and overalls[-1].value is not None
    indicators = [
        IndicatorChange(
            id=i,
            name=b_ind[i].name,
            dimension=dim_of[i],
            weight=weights[i],
            kind=kinds[i],
            before_level=b_ind[i].level,
            after_level=a_ind[i].level,
            before_score=b_ind[i].score,
            after_score=a_ind[i].score,
            dimension_points=dim_points[i] if dims_defined[dim_of[i]] else None,
            overall_points=all_points[i] if overall_defined else None,
        )
        for i in ids
    ]
    dimensions = []
    for dim in framework.dimensions:
        bd, ad = before.dimension(dim.id), after.dimension(dim.id)
        inside = [c for c in indicators if c.dimension == dim.id]
        dimensions.append(
            _score_change(
                dim.id, dim.name, bd.score, ad.score, bd.coverage, ad.coverage, inside, lambda c: c.dimension_points
            )
        )
    overall = _score_change(
        "overall",
        "Overall",
        before.overall,
        after.overall,
        before.coverage,
        after.coverage,
        indicators,
        lambda c: c.overall_points,
    )
    return Change(
        framework=framework.id,
        before=before,
        after=after,
        overall=overall,
        dimensions=dimensions,
        indicators=indicators,
    )


def _score_change(
    score_id: str,
    name: str,
    before: float | None,
    after: float | None,
    before_coverage: float,
    after_coverage: float,
    indicators: Sequence[IndicatorChange],
    points: Callable[[IndicatorChange], float | None],
) -> ScoreChange:
    defined = before is not None and after is not None

    def part(kind: ChangeKind) -> float | None:
        return sum((points(c) or 0.0 for c in indicators if c.kind == kind), 0.0) if defined else None

    return ScoreChange(
        id=score_id,
        name=name,
        before=before,
        after=after,
        change=after - before if before is not None and after is not None else None,
        from_levels=part("changed"),
        from_known=part("known"),
        from_unknown=part("unknown"),
        levels_changed=sum(1 for c in indicators if c.kind == "changed"),
        newly_known=sum(1 for c in indicators if c.kind == "known"),
        no_longer_known=sum(1 for c in indicators if c.kind == "unknown"),
        before_coverage=before_coverage,
        after_coverage=after_coverage,
    )


def dated_change(a: ClusterScore, b: ClusterScore, framework: Framework) -> Change | None:
    """The change explained when ``a`` and ``b`` score one cluster at two dated assessments, oldest first.

    None when they are two clusters, the same assessment, or either is a target or undated (a
    comparison then shows gaps, not a change over time).
    """
    dated = a.assessment not in (None, "target") and b.assessment not in (None, "target")
    if a.cluster != b.cluster or not dated or a.assessment == b.assessment:
        return None
    before, after = sorted((a, b), key=lambda s: s.assessment or "")
    return explain_change(before, after, framework)


# --- a cluster's history ---------------------------------------------------------------------


def assessment_dates(cluster: Cluster, framework_id: str) -> list[str]:
    """The dates of a cluster's assessments against a framework, oldest first (undated ones left out)."""
    return sorted(a.date for a in cluster.assessments if a.framework == framework_id and a.date is not None)


def history(cluster: Cluster, framework: Framework, **method: Any) -> History:
    """Every dated assessment of ``cluster`` against ``framework`` scored (``ID@DATE``), oldest first, and
    each change to the next explained. ``method`` takes :func:`clusterkit.scoring.score`'s options.

    Raises :class:`clusterkit.scoring.RuleError` when a rule points at a field that does not exist.
    """
    dates = assessment_dates(cluster, framework.id)
    scores = [score(cluster, framework, at=date, **method) for date in dates]
    changes = [explain_change(a, b, framework) for a, b in itertools.pairwise(scores)]
    undated = sum(1 for a in cluster.assessments if a.framework == framework.id and a.date is None)
    return History(
        cluster=cluster.id,
        name=cluster.name,
        framework=framework.id,
        scores=scores,
        changes=changes,
        undated=undated,
        missing=method.get("missing", "ignore"),
        aggregation=method.get("aggregation", "arithmetic"),
        normalisation=method.get("normalisation", "thresholds"),
    )
