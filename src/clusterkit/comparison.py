"""Comparison: a subject against a benchmark, with a gap analysis and recommendations.

A gap is the subject's score minus the benchmark's, in points (0-100 scale); its weighted size is
the gap times the indicator's effective weight in the overall score (dimension share times the
indicator's share of its dimension), so the weighted gaps of an indicator set add up to the points
of overall score at stake. Recommendations are the benchmark's practices (data), ranked by the sum
of the weighted gaps they address. See docs/methodology.md.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

from clusterkit.models import Framework, Practices
from clusterkit.records import FrozenRecord
from clusterkit.scoring import ClusterScore

Priority = Literal["high", "medium", "low"]


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
    """An indicator's levels on both sides, the gap in score points and its weighted size."""

    id: str
    name: str
    dimension: str
    weight: float
    effective_weight: float
    a_level: int | None
    b_level: int | None
    gap: float | None
    weighted_gap: float | None


@dataclass(frozen=True, kw_only=True)
class AddressedGap(FrozenRecord):
    """A gap of the subject that a practice addresses (always a known, negative gap)."""

    indicator: str
    name: str
    gap: float
    weighted_gap: float


@dataclass(frozen=True, kw_only=True)
class Recommendation(FrozenRecord):
    """A benchmark practice, ranked by the points of overall score in the gaps it addresses."""

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


@dataclass(frozen=True, kw_only=True)
class Comparison(FrozenRecord):
    """The result of ``clusterkit compare A B``: A is the subject, B the benchmark."""

    framework: str
    a: ClusterScore
    b: ClusterScore
    dimensions: list[DimensionGap]
    indicators: list[IndicatorGap]
    strengths: list[str]
    weaknesses: list[str]
    recommendations: list[Recommendation]

    @property
    def overall_gap(self) -> float | None:
        """The subject's overall score minus the benchmark's (None when either is unknown)."""
        if self.a.overall is None or self.b.overall is None:
            return None
        return self.a.overall - self.b.overall

    def indicator(self, indicator_id: str) -> IndicatorGap:
        """The gap of one indicator, by id."""
        for gap in self.indicators:
            if gap.id == indicator_id:
                return gap
        raise KeyError(indicator_id)


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
    practice_sets: Iterable[Practices], subject: str, benchmark: str, framework: str
) -> list[Practices]:
    """Practice sets that apply: from this benchmark (or any), for this subject (or any), this framework."""
    return [
        p
        for p in practice_sets
        if p.framework == framework and p.benchmark in (None, benchmark) and p.subject in (None, subject)
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


def compare(
    a: ClusterScore, b: ClusterScore, framework: Framework, practice_sets: Iterable[Practices] = ()
) -> Comparison:
    """Compare subject ``a`` with benchmark ``b`` (both scored against ``framework``)."""
    if a.framework != framework.id or b.framework != framework.id:
        raise ValueError("both scores must come from the given framework")
    eff = effective_weights(framework)
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
            )
        )
    known = [g for g in gaps if g.weighted_gap is not None]
    strengths = [g.id for g in sorted(known, key=lambda g: (-(g.weighted_gap or 0.0), g.id)) if (g.gap or 0.0) >= 0]
    weaknesses = [g.id for g in sorted(known, key=lambda g: (g.weighted_gap or 0.0, g.id)) if (g.gap or 0.0) < 0]
    recommendations = _recommend(gaps, applicable_practices(practice_sets, a.cluster, b.cluster, framework.id))
    return Comparison(
        framework=framework.id,
        a=a,
        b=b,
        dimensions=dims,
        indicators=gaps,
        strengths=strengths,
        weaknesses=weaknesses,
        recommendations=recommendations,
    )


def _recommend(gaps: list[IndicatorGap], practice_sets: list[Practices]) -> list[Recommendation]:
    by_id = {g.id: g for g in gaps}
    drafts: list[tuple[float, str, dict[str, Any]]] = []
    for practice_set in practice_sets:
        for practice in practice_set.practices:
            addressed = [
                AddressedGap(indicator=g.id, name=g.name, gap=g.gap, weighted_gap=g.weighted_gap)
                for ind in practice.addresses
                if (g := by_id.get(ind)) is not None and g.gap is not None and g.weighted_gap is not None and g.gap < 0
            ]
            unknown = [ind for ind in practice.addresses if ind in by_id and by_id[ind].gap is None]
            weight = -sum(g.weighted_gap for g in addressed)
            if weight <= 0:
                continue
            drafts.append(
                (
                    weight,
                    practice.id,
                    {
                        "id": practice.id,
                        "title": practice.title,
                        "summary": practice.summary,
                        "addresses": sorted(addressed, key=lambda g: g.weighted_gap),
                        "unknown": unknown,
                        "sources": list(practice.sources),
                        "steps": list(practice.steps),
                        "practices": practice_set.id,
                    },
                )
            )
    drafts.sort(key=lambda d: (-d[0], d[1]))
    top = drafts[0][0] if drafts else 0.0
    recs: list[Recommendation] = []
    for position, (weight, _, fields) in enumerate(drafts, start=1):
        priority: Priority = "high" if weight >= 0.5 * top else "medium" if weight >= 0.2 * top else "low"
        recs.append(Recommendation(rank=position, priority=priority, weight=weight, **fields))
    return recs
