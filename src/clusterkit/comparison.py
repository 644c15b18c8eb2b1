"""Comparison: a subject against one benchmark or several, with a gap analysis and recommendations.

A gap is the subject's score minus the benchmark's, in points (0-100 scale); its weighted size is
the gap times the indicator's effective weight in the overall score (dimension share times the
indicator's share of its dimension), so the weighted gaps of an indicator set add up to the points
of overall score at stake.

What the subject should act on is measured on a stated basis: against the benchmark where the
benchmark's level is known and at least the framework's good-practice level, else against the
good-practice level itself, so that what the benchmark left unknown (or does no better) never
hides a shortfall. Recommendations are practices (data): a benchmark's own practices weigh only
the gaps where that benchmark shows good practice; the actions asked of the subject (and practices
for any benchmark) weigh every shortfall, and keep a priority that reflects the subject's own
level. With several benchmarks, the subject is compared with their frontier: the best known level
per indicator. See docs/methodology.md.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from clusterkit.change import Change, dated_change
from clusterkit.i18n import _
from clusterkit.models import Framework, Practices
from clusterkit.records import FrozenRecord
from clusterkit.scoring import MAX_LEVEL, ClusterScore, IndicatorScore, score_indicators

Priority = Literal["high", "medium", "low"]
# What an indicator's shortfall is measured against: the benchmark (or frontier), or good practice.
Against = Literal["benchmark", "good_practice"]
# Why a recommendation has its priority: its weight among the others, or the subject's own level.
PriorityBasis = Literal["weight", "subject_level"]
FRONTIER = "frontier"
_PRIORITY_ORDER: dict[Priority, int] = {"low": 0, "medium": 1, "high": 2}


@dataclass(frozen=True, kw_only=True)
class DimensionGap(FrozenRecord):
    """A dimension's scores on both sides and their difference (None when either is unknown)."""

    id: str
    name: str
    a: float | None
    b: float | None
    gap: float | None
    a_coverage: float
    b_coverage: float


@dataclass(frozen=True, kw_only=True)
class IndicatorGap(FrozenRecord):
    """An indicator's levels on both sides, the gap in score points, and the shortfall on its basis.

    ``gap`` is always the subject minus the benchmark. ``against`` says what the shortfall is
    measured against: the benchmark's level where it is known and at least good practice, else
    the good-practice level (``against_level``); ``basis_gap`` is the subject's score minus that
    level's, and ``weighted_basis_gap`` its points of overall score. ``a_basis`` and ``b_basis``
    say how directly each side's evidence shows its level.
    """

    id: str
    name: str
    dimension: str
    weight: float
    effective_weight: float
    a_level: int | None
    b_level: int | None
    gap: float | None
    weighted_gap: float | None
    against: Against = "benchmark"
    against_level: int = MAX_LEVEL
    basis_gap: float | None = None
    weighted_basis_gap: float | None = None
    a_basis: str | None = None
    b_basis: str | None = None
    # With several benchmarks: those holding the frontier's level.
    b_from: list[str] = field(default_factory=list)


@dataclass(frozen=True, kw_only=True)
class AddressedGap(FrozenRecord):
    """A shortfall of the subject that a practice addresses (always known and negative).

    ``gap`` and ``weighted_gap`` are measured ``against`` the benchmark named in ``benchmark`` or
    against good practice (``level`` is the level measured against).
    """

    indicator: str
    name: str
    gap: float
    weighted_gap: float
    against: Against = "benchmark"
    level: int = MAX_LEVEL
    benchmark: str | None = None


@dataclass(frozen=True, kw_only=True)
class Recommendation(FrozenRecord):
    """A practice, ranked by the points of overall score in the shortfalls it addresses.

    ``benchmark`` names the cluster whose practice it is (None: actions the literature asks of the
    subject, or practices for any benchmark); ``priority_basis`` says whether the priority comes
    from the weight or was raised to reflect the subject's own low level.
    """

    id: str
    title: str
    summary: str
    rank: int
    priority: Priority
    weight: float
    addresses: list[AddressedGap]
    unknown: list[str]
    sources: list[str]
    steps: list[str]
    practices: str
    benchmark: str | None = None
    for_subject: bool = False
    priority_basis: PriorityBasis = "weight"


@dataclass(frozen=True, kw_only=True)
class Comparison(FrozenRecord):
    """The result of ``clusterkit compare A B [C ...]``: A is the subject, B the benchmark.

    With several benchmarks, ``b`` is their frontier (id ``frontier``: the best known level per
    indicator) and ``versus`` holds A against each benchmark (without recommendations).
    """

    framework: str
    a: ClusterScore
    b: ClusterScore
    dimensions: list[DimensionGap]
    indicators: list[IndicatorGap]
    strengths: list[str]
    weaknesses: list[str]
    recommendations: list[Recommendation]
    good_practice: int = 3
    benchmarks: list[ClusterScore] = field(default_factory=list)
    versus: list[Comparison] = field(default_factory=list)
    # One cluster at two dated assessments: the change between them, explained by indicator.
    change: Change | None = None

    @property
    def overall_gap(self) -> float | None:
        """The subject's overall score minus the benchmark's (None when either is unknown)."""
        if self.a.overall is None or self.b.overall is None:
            return None
        return self.a.overall - self.b.overall

    @property
    def years_apart(self) -> int | None:
        """How many years separate the two assessments (None when either is undated or a target)."""
        return years_between(self.a, self.b)

    def indicator(self, indicator_id: str) -> IndicatorGap:
        """The gap of one indicator, by id."""
        for gap in self.indicators:
            if gap.id == indicator_id:
                return gap
        raise KeyError(indicator_id)


def assessment_year(score: ClusterScore) -> int | None:
    """The year of the assessment a score used (None: undated, a target, or no assessment)."""
    when = score.assessment
    if when is None or not when[:4].isdigit():
        return None
    return int(when[:4])


def years_between(a: ClusterScore, b: ClusterScore) -> int | None:
    """The years between two scores' assessments, always positive or zero (None when either is undated)."""
    ya, yb = assessment_year(a), assessment_year(b)
    return None if ya is None or yb is None else abs(ya - yb)


def effective_weights(framework: Framework) -> dict[str, float]:
    """Each indicator's share of the overall score when everything is known (they sum to 1)."""
    dim_total = sum(d.weight for d in framework.dimensions)
    per_dim = {d.id: sum(i.weight for i in framework.indicators if i.dimension == d.id) for d in framework.dimensions}
    dim_weight = {d.id: d.weight for d in framework.dimensions}
    return {
        i.id: dim_weight[i.dimension] / dim_total * i.weight / per_dim[i.dimension] if per_dim[i.dimension] else 0.0
        for i in framework.indicators
    }


def applicable_practices(
    practice_sets: Iterable[Practices], subject: str, benchmarks: str | Sequence[str], framework: str
) -> list[Practices]:
    """Practice sets that apply: from one of the benchmarks (or any), for this subject (or any), this framework."""
    chosen = {benchmarks} if isinstance(benchmarks, str) else set(benchmarks)
    return [
        p
        for p in practice_sets
        if p.framework == framework and (p.benchmark is None or p.benchmark in chosen) and p.subject in (None, subject)
    ]


def unknown_addresses(practice_sets: Iterable[Practices], framework: Framework) -> list[tuple[str, str, str]]:
    """``(practice set, practice, indicator)`` for every indicator a practice of this framework names
    that the framework does not define: recommendations skip them, so the reader should hear of it."""
    ids = {i.id for i in framework.indicators}
    return [
        (practice_set.id, practice.id, indicator)
        for practice_set in practice_sets
        if practice_set.framework == framework.id
        for practice in practice_set.practices
        for indicator in practice.addresses
        if indicator not in ids
    ]


def frontier(benchmarks: Sequence[ClusterScore], framework: Framework) -> tuple[ClusterScore, dict[str, list[str]]]:
    """The best known indicator score of several benchmarks, scored as one, and who holds each.

    Ties name every benchmark at the frontier's level, in the order given.
    """
    best: list[IndicatorScore] = []
    holders: dict[str, list[str]] = {}
    for position, ind in enumerate(framework.indicators):
        known = [b.indicators[position] for b in benchmarks if b.indicators[position].score is not None]
        if not known:
            best.append(benchmarks[0].indicators[position])
            holders[ind.id] = []
            continue
        top = max(i.score or 0.0 for i in known)
        best.append(next(i for i in known if i.score == top))
        holders[ind.id] = [b.ref or b.cluster for b in benchmarks if b.indicators[position].score == top]
    first = benchmarks[0]
    names = ", ".join(b.ref or b.cluster for b in benchmarks)
    scored = score_indicators(
        FRONTIER,
        _("Frontier of {names}").format(names=names),
        framework,
        best,
        missing=first.missing,
        aggregation=first.aggregation,
        normalisation=first.normalisation,
    )
    return scored, holders


def compare(
    a: ClusterScore,
    b: ClusterScore | Sequence[ClusterScore],
    framework: Framework,
    practice_sets: Iterable[Practices] = (),
) -> Comparison:
    """Compare subject ``a`` with benchmark ``b``, or with several benchmarks and their frontier.

    Every score must come from ``framework``. Raises ValueError otherwise, or when no benchmark is given.
    """
    benchmarks = [b] if isinstance(b, ClusterScore) else list(b)
    if not benchmarks:
        raise ValueError("give at least one benchmark")
    if any(s.framework != framework.id for s in (a, *benchmarks)):
        raise ValueError("every score must come from the given framework")
    sets = list(practice_sets)
    if len(benchmarks) == 1:
        result = _compare_one(a, benchmarks[0], framework, sets, {}, benchmarks)
        return dataclasses.replace(result, change=dated_change(a, benchmarks[0], framework))
    versus = [_compare_one(a, one, framework, [], {}, [one]) for one in benchmarks]
    front, holders = frontier(benchmarks, framework)
    result = _compare_one(a, front, framework, sets, holders, benchmarks)
    return dataclasses.replace(result, versus=versus)


def _compare_one(
    a: ClusterScore,
    b: ClusterScore,
    framework: Framework,
    practice_sets: list[Practices],
    holders: dict[str, list[str]],
    benchmarks: list[ClusterScore],
) -> Comparison:
    eff = effective_weights(framework)
    good = framework.good_practice
    good_score = good / MAX_LEVEL * 100
    dims = [
        DimensionGap(
            id=da.id,
            name=da.name,
            a=da.score,
            b=db.score,
            gap=None if da.score is None or db.score is None else da.score - db.score,
            a_coverage=da.coverage,
            b_coverage=db.coverage,
        )
        for da, db in zip(a.dimensions, b.dimensions)
    ]
    gaps: list[IndicatorGap] = []
    for ia, ib in zip(a.indicators, b.indicators):
        gap = None if ia.score is None or ib.score is None else ia.score - ib.score
        shows_good = ib.level is not None and ib.level >= good and ib.score is not None
        against: Against = "benchmark" if shows_good else "good_practice"
        target = (ib.score or 0.0) if shows_good else good_score
        basis_gap = None if ia.score is None else ia.score - target
        gaps.append(
            IndicatorGap(
                id=ia.id,
                name=ia.name,
                dimension=ia.dimension,
                weight=ia.weight,
                effective_weight=eff[ia.id],
                a_level=ia.level,
                b_level=ib.level,
                gap=gap,
                weighted_gap=None if gap is None else gap * eff[ia.id],
                against=against,
                against_level=(ib.level or 0) if shows_good else good,
                basis_gap=basis_gap,
                weighted_basis_gap=None if basis_gap is None else basis_gap * eff[ia.id],
                a_basis=ia.basis,
                b_basis=ib.basis,
                b_from=holders.get(ia.id, []) if holders else ([b.ref or b.cluster] if ib.score is not None else []),
            )
        )
    # A strength: at good practice or above, and level with the benchmark or ahead; never also a weakness.
    strengths = [
        g.id
        for g in sorted(gaps, key=lambda g: (-(g.weighted_gap or 0.0), g.id))
        if g.gap is not None and g.gap >= 0 and (g.a_level or 0) >= good
    ]
    short = [g for g in gaps if g.weighted_basis_gap is not None and (g.basis_gap or 0.0) < 0]
    weaknesses = [g.id for g in sorted(short, key=lambda g: (g.weighted_basis_gap or 0.0, g.id))]
    applicable = applicable_practices(practice_sets, a.cluster, [s.cluster for s in benchmarks], framework.id)
    recommendations = _recommend(a, gaps, benchmarks, applicable, framework, eff) if applicable else []
    return Comparison(
        framework=framework.id,
        a=a,
        b=b,
        dimensions=dims,
        indicators=gaps,
        strengths=strengths,
        weaknesses=weaknesses,
        recommendations=recommendations,
        good_practice=good,
        benchmarks=benchmarks,
    )


def _benchmark_shortfalls(
    a: ClusterScore, bench: ClusterScore, good: int, eff: dict[str, float]
) -> dict[str, AddressedGap]:
    """The subject's gaps to one benchmark where that benchmark shows good practice, by indicator."""
    found: dict[str, AddressedGap] = {}
    for ia, ib in zip(a.indicators, bench.indicators):
        if ia.score is None or ib.score is None or ib.level is None or ib.level < good:
            continue
        gap = ia.score - ib.score
        if gap < 0:
            found[ia.id] = AddressedGap(
                indicator=ia.id,
                name=ia.name,
                gap=gap,
                weighted_gap=gap * eff[ia.id],
                level=ib.level,
                benchmark=bench.cluster,
            )
    return found


def _recommend(
    a: ClusterScore,
    gaps: list[IndicatorGap],
    benchmarks: list[ClusterScore],
    practice_sets: list[Practices],
    framework: Framework,
    eff: dict[str, float],
) -> list[Recommendation]:
    by_id = {g.id: g for g in gaps}
    good = framework.good_practice
    by_benchmark = {b.cluster: b for b in benchmarks}
    shortfalls: dict[str, AddressedGap] = {
        g.id: AddressedGap(
            indicator=g.id,
            name=g.name,
            gap=g.basis_gap,
            weighted_gap=g.weighted_basis_gap,
            against=g.against,
            level=g.against_level,
            benchmark=", ".join(g.b_from) if g.against == "benchmark" else None,
        )
        for g in gaps
        if g.basis_gap is not None and g.weighted_basis_gap is not None and g.basis_gap < 0
    }
    levels = {i.id: i.level for i in a.indicators}
    # (weight, id, the subject's lowest known level on what it addresses, the recommendation's fields)
    drafts: list[tuple[float, str, int | None, dict[str, Any]]] = []
    for practice_set in practice_sets:
        bench = by_benchmark.get(practice_set.benchmark) if practice_set.benchmark is not None else None
        # NOTE: a benchmark's own practice weighs only where that benchmark shows good practice.
        pool = _benchmark_shortfalls(a, bench, good, eff) if bench is not None else shortfalls
        for practice in practice_set.practices:
            addressed = [pool[ind] for ind in practice.addresses if ind in pool]
            unknown = [ind for ind in practice.addresses if ind in by_id and by_id[ind].basis_gap is None]
            weight = -sum(g.weighted_gap for g in addressed)
            if weight <= 0:
                continue
            own = [lv for g in addressed if (lv := levels.get(g.indicator)) is not None]
            drafts.append(
                (
                    weight,
                    practice.id,
                    min(own) if own else None,
                    {
                        "id": practice.id,
                        "title": practice.title,
                        "summary": practice.summary,
                        "addresses": sorted(addressed, key=lambda g: (g.weighted_gap, g.indicator)),
                        "unknown": unknown,
                        "sources": list(practice.sources),
                        "steps": list(practice.steps),
                        "practices": practice_set.id,
                        "benchmark": None if bench is None else bench.cluster,
                        "for_subject": practice_set.subject == a.cluster,
                    },
                )
            )
    drafts.sort(key=lambda d: (-d[0], d[1]))
    top = drafts[0][0] if drafts else 0.0
    recs: list[Recommendation] = []
    for position, (weight, _level, lowest, fields) in enumerate(drafts, start=1):
        priority: Priority = "high" if weight >= 0.5 * top else "medium" if weight >= 0.2 * top else "low"
        basis: PriorityBasis = "weight"
        if fields["for_subject"] and lowest is not None:
            # The literature's explicit actions for the subject: as urgent as the subject's own level says.
            floor: Priority | None = "high" if lowest <= good - 2 else "medium" if lowest <= good - 1 else None
            if floor is not None and _PRIORITY_ORDER[floor] > _PRIORITY_ORDER[priority]:
                priority, basis = floor, "subject_level"
        recs.append(Recommendation(rank=position, priority=priority, weight=weight, priority_basis=basis, **fields))
    return recs
