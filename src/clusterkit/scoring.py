"""Scoring: a framework and a cluster profile give indicator levels, dimension scores and an overall score.

An indicator's score is ``level / 4 * 100``. A dimension's score is the weighted mean of the
scores of its known indicators; its coverage is the share of its indicator weight that is known.
The overall score is the mean of the dimension scores weighted by the dimensions' weights (over
dimensions with at least one known indicator). Unknown indicators are left out by default
(``missing="ignore"``); ``missing="zero"`` counts them as level 0 instead. See docs/methodology.md.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import BaseModel

from clusterkit.dating import LaterFact, as_of, facts_date
from clusterkit.i18n import _
from clusterkit.method import DEFAULT_MIN_COVERAGE

# NOTE: the method's choices are written once, in clusterkit.method; re-exported for callers of scoring.
from clusterkit.method import Aggregation as Aggregation
from clusterkit.method import Missing as Missing
from clusterkit.method import Normalisation as Normalisation
from clusterkit.models import AssessedLevel, Assessment, Cluster, Dimension, Evidence, Fact, Framework, Indicator, Plan
from clusterkit.records import FrozenRecord

MAX_LEVEL = 4
Basis = Literal["direct", "indirect"]
# NOTE: a geometric mean is undefined at zero; scores are floored at this value first (as COINr
# asks for positive data before a geometric mean), so a level-0 indicator pulls hard but finitely.
GEOMETRIC_FLOOR = 1.0


@dataclass(frozen=True, kw_only=True)
class IndicatorScore(FrozenRecord):
    """One indicator of one cluster: where its level came from and what it adds to the score."""

    id: str
    name: str
    dimension: str
    weight: float
    method: Literal["measured", "assessed"]
    path: str | None = None
    value: Any = None
    level: int | None = None
    score: float | None = None
    contribution: float | None = None
    rubric: str | None = None
    evidence: list[Evidence] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    # How directly the evidence shows the level: a measured fact is direct; None when unknown.
    basis: Basis | None = None
    # A level left out because its evidence is indirect (``direct_only``).
    left_out_indirect: bool = False

    @property
    def known(self) -> bool:
        return self.score is not None


@dataclass(frozen=True, kw_only=True)
class DimensionScore(FrozenRecord):
    """A dimension's score (0-100, None when nothing is known) and the share of its weight known."""

    id: str
    name: str
    weight: float
    score: float | None
    coverage: float
    known: int
    total: int


@dataclass(frozen=True, kw_only=True)
class ClusterScore(FrozenRecord):
    """The full score of one cluster against one framework."""

    cluster: str
    name: str
    framework: str
    assessment: str | None
    # How the user named it: ``mnc``, ``mnc@2014`` or ``mnc@target``.
    ref: str = ""
    overall: float | None
    coverage: float
    missing: Missing
    aggregation: Aggregation
    normalisation: Normalisation
    dimensions: list[DimensionScore]
    indicators: list[IndicatorScore]
    # The date the facts were taken at (the assessment's; None: the latest facts), and the facts a
    # rule read that are dated only after it (see clusterkit.dating).
    facts_as_of: str | None = None
    later_facts: list[LaterFact] = field(default_factory=list)

    def dimension(self, dimension_id: str) -> DimensionScore:
        for dim in self.dimensions:
            if dim.id == dimension_id:
                return dim
        raise KeyError(dimension_id)

    def indicator(self, indicator_id: str) -> IndicatorScore:
        for ind in self.indicators:
            if ind.id == indicator_id:
                return ind
        raise KeyError(indicator_id)


# --- reading facts -----------------------------------------------------------------------


class RuleError(ValueError):
    """An indicator rule points at a field the cluster model does not have."""


def read_path(cluster: Cluster, path: str) -> tuple[Any, list[str]]:
    """The value at a dotted path of a profile and the citations it rests on (None if absent)."""
    node: Any = cluster
    for part in path.split("."):
        if node is None:
            return None, []
        if not isinstance(node, BaseModel) or part not in type(node).model_fields:
            raise RuleError(
                _("rule path {path}: {part} is not a field of {kind}").format(
                    path=repr(path), part=repr(part), kind=type(node).__name__
                )
            )
        node = getattr(node, part)
    if isinstance(node, Fact):
        return node.value, [node.source]
    if isinstance(node, list):
        return node, [s for item in node if (s := getattr(item, "source", None))]
    return node, []


def measured_value(cluster: Cluster, indicator: Indicator) -> tuple[float | None, Any, list[str]]:
    """The number an indicator's rule reads (None: unknown), the raw value, and its citations."""
    rule = indicator.rule
    assert rule is not None
    raw, sources = read_path(cluster, rule.path)
    if rule.measure == "present":
        # The value shown is whether the fact is there, not the fact itself (which may be a record).
        return (None, None, sources) if raw is None else (1.0, True, sources)
    if rule.measure == "count":
        if raw is None:
            return None, None, sources
        if not isinstance(raw, list):
            raise RuleError(_("rule path {path} holds no list to count").format(path=repr(rule.path)))
        if not raw and not rule.empty_is_zero:
            return None, raw, sources
        return float(len(raw)), len(raw), sources
    if raw is None:
        return None, None, sources
    if isinstance(raw, bool) or not isinstance(raw, int | float):
        raise RuleError(_("rule path {path} holds no number").format(path=repr(rule.path)))
    return float(raw), raw, sources


def level_from_thresholds(value: float, thresholds: Sequence[float]) -> int:
    """How many thresholds a value reaches: 0 to 4."""
    return sum(1 for t in thresholds if value >= t)


# --- choosing an assessment --------------------------------------------------------------


def unused_levels(cluster: Cluster, framework: Framework) -> list[tuple[str, str]]:
    """``(field, reason)`` for each level an assessment against ``framework`` gives that scoring cannot use."""
    indicators = {i.id: i for i in framework.indicators}
    rated: list[tuple[str, Assessment | Plan]] = [(f"assessments.{n}", a) for n, a in enumerate(cluster.assessments)]
    if cluster.target is not None:
        rated.append(("target", cluster.target))
    unused: list[tuple[str, str]] = []
    for where, assessment in rated:
        if assessment.framework != framework.id:
            continue
        for ind_id in assessment.levels:
            indicator = indicators.get(ind_id)
            if indicator is None:
                unused.append(
                    (
                        f"{where}.levels.{ind_id}",
                        _("framework {framework} has no such indicator").format(framework=repr(framework.id)),
                    )
                )
            elif not indicator.assessed:
                unused.append((f"{where}.levels.{ind_id}", _("the indicator is measured from the profile's facts")))
    return unused


def split_ref(ref: str) -> tuple[str, str | None]:
    """``mnc@2014`` -> (``mnc``, ``2014``); ``mnc@target`` -> (``mnc``, ``target``); ``mnc`` -> (``mnc``, None).

    Raises ValueError for ``mnc@``, which would otherwise quietly mean the latest assessment.
    """
    cluster_id, at_sign, at = ref.partition("@")
    if at_sign and not at:
        raise ValueError(
            _("{ref} has nothing after '@'; write ID, ID@DATE (e.g. mnc@2014) or ID@target").format(ref=repr(ref))
        )
    return cluster_id, at or None


def select_assessment(
    cluster: Cluster, framework_id: str, at: str | None = None
) -> tuple[Assessment | Plan | None, str | None]:
    """The assessment to score: the latest by date (``at=None``), one dated ``at``, or ``"target"``.

    Both kinds give each indicator's level with :meth:`~clusterkit.models.Assessment.level_of`: a
    target's plain levels come with no evidence.
    """
    if at == "target":
        if cluster.target is None:
            raise LookupError(_("cluster {id} has no target assessment").format(id=repr(cluster.id)))
        return cluster.target, "target"
    candidates = [a for a in cluster.assessments if a.framework == framework_id]
    if at is not None:
        chosen = [a for a in candidates if a.date == at]
        if not chosen:
            dates = ", ".join(a.date or "undated" for a in candidates) or "none"
            raise LookupError(
                _("cluster {id} has no assessment dated {date} (has: {dates})").format(
                    id=repr(cluster.id), date=repr(at), dates=dates
                )
            )
        return chosen[-1], at
    if not candidates:
        return None, None
    # Undated assessments sort first, so a dated one is preferred as "latest".
    latest = max(enumerate(candidates), key=lambda pair: (pair[1].date or "", pair[0]))[1]
    return latest, latest.date


# --- aggregation -------------------------------------------------------------------------


def aggregate(pairs: Iterable[tuple[float, float]], aggregation: Aggregation = "arithmetic") -> float | None:
    """The weighted mean of ``(weight, score)`` pairs with positive weight; None when there are none."""
    items = [(w, s) for w, s in pairs if w > 0]
    total = sum(w for w, _rest in items)
    if total <= 0:
        return None
    if aggregation == "geometric":
        return math.exp(sum(w * math.log(max(s, GEOMETRIC_FLOOR)) for w, s in items) / total)
    return sum(w * s for w, s in items) / total


@dataclass(slots=True)
class _Raw:
    """One indicator's outcome before it becomes an :class:`IndicatorScore`."""

    ind: Indicator
    method: Literal["measured", "assessed"]
    value: Any = None
    level: int | None = None
    score: float | None = None
    evidence: list[Evidence] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    basis: Basis | None = None
    left_out_indirect: bool = False


@dataclass(slots=True)
class Totals:
    """Dimension scores, overall score and coverage: the arithmetic shared by every command."""

    dimensions: list[tuple[Dimension, float | None, float, int, int]]
    overall: float | None
    coverage: float
    contributions: list[float | None]


def evaluate(
    cluster: Cluster,
    framework: Framework,
    *,
    missing: Missing = "ignore",
    aggregation: Aggregation = "arithmetic",
    normalisation: Normalisation = "thresholds",
    at: str | None = None,
    ranges: dict[str, tuple[float, float]] | None = None,
    direct_only: bool = False,
    later: list[LaterFact] | None = None,
) -> tuple[list[_Raw], Totals, str | None]:
    """Indicator outcomes and totals of one cluster, without building result objects.

    The facts are those as of the assessment's date (:func:`clusterkit.dating.as_of`); ``later``,
    when given, receives the facts a rule read that are dated only after it.
    """
    assessment, label = select_assessment(cluster, framework.id, at)
    facts, found = as_of(cluster, facts_date(assessment, at))
    if later is not None and found:
        paths = {ind.rule.path for ind in framework.indicators if ind.rule is not None}
        later.extend(f for f in found if f.path in paths)
    raws = [_indicator_raw(facts, ind, assessment, normalisation, ranges, direct_only) for ind in framework.indicators]
    return raws, totals(raws, framework, missing, aggregation), label


def totals(raws: Sequence[_Raw], framework: Framework, missing: Missing, aggregation: Aggregation) -> Totals:
    """Aggregate indicator scores into dimension scores, an overall score, coverage and contributions."""
    dims: list[tuple[Dimension, float | None, float, int, int]] = []
    dim_scores: dict[str, float | None] = {}
    dim_totals: dict[str, float] = {}
    dim_all: dict[str, float] = {}
    for dim in framework.dimensions:
        members = [r for r in raws if r.ind.dimension == dim.id]
        total_w = sum(r.ind.weight for r in members)
        known = [r for r in members if r.score is not None]
        known_w = sum(r.ind.weight for r in known)
        pairs = [(r.ind.weight, r.score) for r in known if r.score is not None]
        if missing == "zero":
            pairs += [(r.ind.weight, 0.0) for r in members if r.score is None]
        value = aggregate(pairs, aggregation)
        dim_scores[dim.id] = value
        dim_totals[dim.id] = sum(w for w, _rest in pairs if w > 0)
        dim_all[dim.id] = total_w
        dims.append((dim, value, known_w / total_w if total_w else 0.0, len(known), len(members)))

    scored = [(d.weight, dim_scores[d.id]) for d in framework.dimensions if dim_scores[d.id] is not None]
    overall = aggregate([(w, v) for w, v in scored if v is not None], aggregation)
    dim_weight_total = sum(w for w, _rest in scored)
    all_dims = sum(d.weight for d in framework.dimensions)
    weights = {d.id: d.weight for d in framework.dimensions}

    contributions: list[float | None] = []
    known_weight = 0.0
    for r in raws:
        dim_id = r.ind.dimension
        if r.score is not None and dim_all[dim_id]:
            known_weight += weights[dim_id] / all_dims * r.ind.weight / dim_all[dim_id]
        contribution = None
        in_mean = r.score is not None or missing == "zero"
        if aggregation == "arithmetic" and in_mean and dim_scores[dim_id] is not None and dim_weight_total:
            contribution = weights[dim_id] / dim_weight_total * r.ind.weight / dim_totals[dim_id] * (r.score or 0.0)
        contributions.append(contribution)
    return Totals(dims, overall, known_weight, contributions)


def _indicator_scores(raws: Sequence[_Raw], sums: Totals) -> list[IndicatorScore]:
    return [
        IndicatorScore(
            id=r.ind.id,
            name=r.ind.name,
            dimension=r.ind.dimension,
            weight=r.ind.weight,
            method=r.method,
            path=r.ind.rule.path if r.ind.rule is not None else None,
            value=r.value,
            level=r.level,
            score=r.score,
            contribution=contribution,
            rubric=None if r.level is None else r.ind.levels[r.level],
            evidence=r.evidence,
            sources=r.sources,
            basis=r.basis,
            left_out_indirect=r.left_out_indirect,
        )
        for r, contribution in zip(raws, sums.contributions)
    ]


def score(
    cluster: Cluster,
    framework: Framework,
    *,
    missing: Missing = "ignore",
    aggregation: Aggregation = "arithmetic",
    normalisation: Normalisation = "thresholds",
    at: str | None = None,
    ranges: dict[str, tuple[float, float]] | None = None,
    direct_only: bool = False,
) -> ClusterScore:
    """Score one cluster against a framework.

    ``at`` picks an assessment (a date or ``"target"``); ``normalisation="minmax"`` scores measured
    indicators by their place between the collection's ``ranges`` (indicator id -> (min, max)).
    ``direct_only`` leaves out (as unknown) every assessed level whose evidence is indirect.
    The facts scored are those as of the assessment's date (``later_facts`` lists those a rule read
    that are dated only after it). Raises :class:`RuleError` when a rule points at a field that does
    not exist, and :class:`LookupError` when ``at`` names no assessment.
    """
    later: list[LaterFact] = []
    raws, sums, label = evaluate(
        cluster,
        framework,
        missing=missing,
        aggregation=aggregation,
        normalisation=normalisation,
        at=at,
        ranges=ranges,
        direct_only=direct_only,
        later=later,
    )
    indicators = _indicator_scores(raws, sums)
    return ClusterScore(
        cluster=cluster.id,
        ref=cluster.id if at is None else f"{cluster.id}@{at}",
        name=cluster.name,
        framework=framework.id,
        assessment=label,
        overall=sums.overall,
        coverage=sums.coverage,
        missing=missing,
        aggregation=aggregation,
        normalisation=normalisation,
        dimensions=[
            DimensionScore(id=d.id, name=d.name, weight=d.weight, score=v, coverage=c, known=k, total=t)
            for d, v, c, k, t in sums.dimensions
        ],
        indicators=indicators,
        facts_as_of=facts_date(select_assessment(cluster, framework.id, at)[0], at),
        later_facts=later,
    )


def score_indicators(
    ref: str,
    name: str,
    framework: Framework,
    indicators: Sequence[IndicatorScore],
    *,
    missing: Missing = "ignore",
    aggregation: Aggregation = "arithmetic",
    normalisation: Normalisation = "thresholds",
) -> ClusterScore:
    """A score built from indicator outcomes already known (one per framework indicator, in its order).

    A comparison's frontier (the best known level of several benchmarks per indicator) is scored so.
    """
    by_id = {i.id: i for i in indicators}
    raws = []
    for ind in framework.indicators:
        found = by_id.get(ind.id)
        if found is None or found.score is None:
            raws.append(_Raw(ind, "measured" if ind.rule is not None else "assessed"))
            continue
        raws.append(
            _Raw(
                ind,
                found.method,
                found.value,
                found.level,
                found.score,
                list(found.evidence),
                list(found.sources),
                found.basis,
            )
        )
    sums = totals(raws, framework, missing, aggregation)
    return ClusterScore(
        cluster=ref,
        ref=ref,
        name=name,
        framework=framework.id,
        assessment=None,
        overall=sums.overall,
        coverage=sums.coverage,
        missing=missing,
        aggregation=aggregation,
        normalisation=normalisation,
        dimensions=[
            DimensionScore(id=d.id, name=d.name, weight=d.weight, score=v, coverage=c, known=k, total=total)
            for d, v, c, k, total in sums.dimensions
        ],
        indicators=_indicator_scores(raws, sums),
    )


def _indicator_raw(
    cluster: Cluster,
    ind: Indicator,
    assessment: Assessment | Plan | None,
    normalisation: Normalisation,
    ranges: dict[str, tuple[float, float]] | None,
    direct_only: bool = False,
) -> _Raw:
    if ind.rule is not None:
        number, raw, sources = measured_value(cluster, ind)
        level = None if number is None else level_from_thresholds(number, ind.rule.thresholds)
        value_score = None if level is None else level / MAX_LEVEL * 100
        if number is not None and normalisation == "minmax" and ranges and ind.id in ranges:
            low, high = ranges[ind.id]
            value_score = 100.0 if high <= low else (number - low) / (high - low) * 100
        # NOTE: a record (a founding date, an amount) is no number a score reads: its value is left out.
        value = None if isinstance(raw, BaseModel) else raw
        return _Raw(ind, "measured", value, level, value_score, [], sources, None if level is None else "direct")
    judged = assessment.level_of(ind.id) if assessment is not None else None
    if judged is None:
        return _Raw(ind, "assessed")
    # NOTE: a target's planned level is no evidence of anything, direct or not.
    basis: Basis | None = judged.basis if isinstance(judged, AssessedLevel) else None
    if direct_only and basis == "indirect":
        return _Raw(ind, "assessed", left_out_indirect=True)
    return _Raw(
        ind,
        "assessed",
        None,
        judged.level,
        judged.level / MAX_LEVEL * 100,
        list(judged.evidence),
        [e.source for e in judged.evidence],
        basis,
    )


def collection_ranges(clusters: Iterable[Cluster], framework: Framework) -> dict[str, tuple[float, float]]:
    """The minimum and maximum of each measured indicator over a collection (for min-max scoring)."""
    ranges: dict[str, tuple[float, float]] = {}
    for cluster in clusters:
        for ind in framework.indicators:
            if ind.rule is None:
                continue
            number, _path, _levels = measured_value(cluster, ind)
            if number is None:
                continue
            low, high = ranges.get(ind.id, (number, number))
            ranges[ind.id] = (min(low, number), max(high, number))
    return ranges


# --- ranking -------------------------------------------------------------------------------


# Why a cluster is not ranked: its known share of the weight is under the threshold, or nothing is known.
NotRankedReason = Literal["coverage_below_threshold", "no_score"]


@dataclass(frozen=True, kw_only=True)
class RankRow(FrozenRecord):
    """One place in a ranking; ``rank`` is None for a cluster listed apart, with the ``reason``."""

    rank: int | None
    id: str
    name: str
    score: float | None
    coverage: float
    reason: NotRankedReason | None = None


@dataclass(frozen=True, kw_only=True)
class Ranking(FrozenRecord):
    """Clusters ranked overall or on one dimension (the result of ``clusterkit rank``), best first.

    ``rows`` holds the ranked clusters first, then those not ranked (coverage under ``min_coverage``,
    or no score), most coverage first.
    """

    framework: str
    dimension: str | None
    rows: list[RankRow]
    min_coverage: float = DEFAULT_MIN_COVERAGE

    @property
    def ranked(self) -> list[RankRow]:
        return [r for r in self.rows if r.rank is not None]

    @property
    def not_ranked(self) -> list[RankRow]:
        return [r for r in self.rows if r.rank is None]


@dataclass(frozen=True, slots=True)
class Summary:
    """What a ranking needs of a scored cluster: overall and per-dimension scores with coverage."""

    cluster: str
    name: str
    overall: float | None
    coverage: float
    dimensions: dict[str, tuple[float | None, float]]

    @classmethod
    def of(cls, scored: ClusterScore) -> Summary:
        dims = {d.id: (d.score, d.coverage) for d in scored.dimensions}
        return cls(scored.ref or scored.cluster, scored.name, scored.overall, scored.coverage, dims)


def summarise(cluster: Cluster, framework: Framework, **method: Any) -> Summary:
    """A cluster's :class:`Summary`, without the per-indicator detail (fast, for large collections)."""
    _score, sums, _details = evaluate(cluster, framework, **method)
    dims = {d.id: (value, cov) for d, value, cov, _known, _total in sums.dimensions}
    return Summary(cluster.id, cluster.name, sums.overall, sums.coverage, dims)


def rank(
    scores: Iterable[ClusterScore | Summary],
    dimension: str | None = None,
    framework: str = "default",
    min_coverage: float = DEFAULT_MIN_COVERAGE,
) -> Ranking:
    """Rank scored clusters, best first; ties share a rank.

    A cluster whose coverage (overall, or of ``dimension``) is under ``min_coverage`` (0-1), or
    whose score is unknown, is not ranked: it follows the ranked ones with ``rank=None`` and a reason,
    so that thin evidence never ranks above more evidence.
    """
    summaries = [s if isinstance(s, Summary) else Summary.of(s) for s in scores]

    def value(s: Summary) -> float | None:
        return s.overall if dimension is None else s.dimensions[dimension][0]

    def coverage(s: Summary) -> float:
        return s.coverage if dimension is None else s.dimensions[dimension][1]

    # NOTE: rounded like the coverage JSON shows, so that a cluster shown at exactly the threshold is ranked.
    eligible = [s for s in summaries if value(s) is not None and round(coverage(s), 6) >= round(min_coverage, 6)]
    chosen = {id(s) for s in eligible}
    ordered = sorted(eligible, key=lambda s: (-(value(s) or 0.0), s.cluster))
    rows: list[RankRow] = []
    previous: float | None = None
    place = 0
    for position, s in enumerate(ordered, start=1):
        v = value(s)
        if previous is None or v is None or round(v, 6) != round(previous, 6):
            place = position
        previous = v
        rows.append(RankRow(rank=place, id=s.cluster, name=s.name, score=v, coverage=coverage(s)))
    apart = sorted((s for s in summaries if id(s) not in chosen), key=lambda s: (-coverage(s), s.cluster))
    for s in apart:
        reason: NotRankedReason = "no_score" if value(s) is None else "coverage_below_threshold"
        rows.append(RankRow(rank=None, id=s.cluster, name=s.name, score=value(s), coverage=coverage(s), reason=reason))
    return Ranking(framework=framework, dimension=dimension, rows=rows, min_coverage=min_coverage)
