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
from typing import Any, ClassVar, Literal

from clusterkit.models import Framework, Practices
from clusterkit.scoring import ClusterScore, Frozen, _round
from clusterkit.tabular import Column, Table

Priority = Literal["high", "medium", "low"]


@dataclass(frozen=True, kw_only=True)
class DimensionGap(Frozen):
    id: str
    name: str
    a: float | None
    b: float | None
    gap: float | None
    a_coverage: float
    b_coverage: float


@dataclass(frozen=True, kw_only=True)
class IndicatorGap(Frozen):
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
class AddressedGap(Frozen):
    indicator: str
    name: str
    gap: float
    weighted_gap: float


@dataclass(frozen=True, kw_only=True)
class Recommendation(Frozen):
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
class Comparison(Frozen):
    """The result of ``clusterkit compare A B``: A is the subject, B the benchmark."""

    payload_name: ClassVar[str] = "comparison"
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
        if self.a.overall is None or self.b.overall is None:
            return None
        return self.a.overall - self.b.overall

    def payload(self) -> Any:
        return {
            "framework": self.framework,
            "a": self.a.summary(),
            "b": self.b.summary(),
            "overall": {"a": _round(self.a.overall), "b": _round(self.b.overall), "gap": _round(self.overall_gap)},
            "dimensions": [
                {
                    "id": d.id,
                    "name": d.name,
                    "a": _round(d.a),
                    "b": _round(d.b),
                    "gap": _round(d.gap),
                    "a_coverage": _round(d.a_coverage, 4),
                    "b_coverage": _round(d.b_coverage, 4),
                }
                for d in self.dimensions
            ],
            "indicators": [
                {
                    "id": i.id,
                    "name": i.name,
                    "dimension": i.dimension,
                    "weight": i.weight,
                    "effective_weight": _round(i.effective_weight, 4),
                    "a": i.a_level,
                    "b": i.b_level,
                    "gap": _round(i.gap),
                    "weighted_gap": _round(i.weighted_gap, 3),
                }
                for i in self.indicators
            ],
            "strengths": self.strengths,
            "weaknesses": self.weaknesses,
            "recommendations": [
                {
                    "id": r.id,
                    "title": r.title,
                    "summary": r.summary,
                    "rank": r.rank,
                    "priority": r.priority,
                    "weight": _round(r.weight, 3),
                    "addresses": [
                        {"indicator": g.indicator, "gap": _round(g.gap), "weighted_gap": _round(g.weighted_gap, 3)}
                        for g in r.addresses
                    ],
                    "unknown": r.unknown,
                    "sources": r.sources,
                    "steps": r.steps,
                    "practices": r.practices,
                }
                for r in self.recommendations
            ],
        }

    def tables(self) -> list[Table]:
        a, b = self.a.ref or self.a.cluster, self.b.ref or self.b.cluster
        dim_rows: list[dict[str, Any]] = [
            {"dimension": "Overall", "a": self.a.overall, "b": self.b.overall, "gap": self.overall_gap}
        ]
        dim_rows += [{"dimension": d.name, "a": d.a, "b": d.b, "gap": d.gap} for d in self.dimensions]
        names = {i.id: i.name for i in self.indicators}
        return [
            Table(
                "dimensions",
                (
                    f"{self.a.name}: {a} against {b} (0-100)"
                    if self.a.cluster == self.b.cluster
                    else f"{self.a.name} against {self.b.name} (0-100)"
                ),
                [
                    Column("dimension", "dimension"),
                    Column("a", a, "score"),
                    Column("b", b, "score"),
                    Column("gap", "gap", "gap"),
                ],
                dim_rows,
                note=(
                    f"coverage: {a} {self.a.coverage:.0%}, {b} {self.b.coverage:.0%} of the framework's weight is known"
                ),
            ),
            Table(
                "indicators",
                "Indicator gaps (levels 0-4; gap and weighted gap in points)",
                [
                    Column("dimension", "dimension"),
                    Column("id", "indicator"),
                    Column("a", a, "level"),
                    Column("b", b, "level"),
                    Column("gap", "gap", "gap"),
                    Column("weighted_gap", "weighted", "gap"),
                ],
                [
                    {
                        "dimension": i.dimension,
                        "id": i.id,
                        "a": i.a_level,
                        "b": i.b_level,
                        "gap": i.gap,
                        "weighted_gap": i.weighted_gap,
                    }
                    for i in self.indicators
                ],
                primary=True,
            ),
            Table(
                "strengths",
                f"Strengths of {a} (matches or beats {b})",
                [Column("id", "indicator"), Column("name", "name")],
                [{"id": s, "name": names[s]} for s in self.strengths],
            ),
            Table(
                "weaknesses",
                f"Weaknesses of {a} (largest weighted gap first)",
                [Column("id", "indicator"), Column("name", "name")],
                [{"id": w, "name": names[w]} for w in self.weaknesses],
            ),
            Table(
                "recommendations",
                f"Recommendations for {a}, from {b}'s practices and the benchmark literature",
                [
                    Column("rank", "#", "number"),
                    Column("priority", "priority"),
                    Column("title", "practice"),
                    Column("closes", "closes gaps in"),
                    Column("weight", "points", "number"),
                    Column("steps", "first steps"),
                    Column("sources", "source"),
                ],
                [
                    {
                        "rank": r.rank,
                        "priority": r.priority,
                        "title": r.title,
                        "closes": ", ".join(g.indicator for g in r.addresses),
                        "weight": round(r.weight, 2),
                        "steps": r.steps,
                        "sources": "; ".join(r.sources),
                    }
                    for r in self.recommendations
                ],
                layout="records",
            ),
        ]


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
