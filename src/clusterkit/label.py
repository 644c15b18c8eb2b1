"""Label readiness in the spirit of ESCA's cluster-management labels (indicative only).

ESCA's per-indicator thresholds are not public, so this is no prediction of a label. It checks
the eligibility criteria ESCA has asked for since November 2019 (a management team of at least
0.5 FTE, at least 15 committed members, at least two types of members, an English website), and
the share of the framework's weight assessed at a good-practice level (3 of 4 or more) against the
Gold label's 80 % total score.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal

from clusterkit.comparison import effective_weights
from clusterkit.models import Cluster, Fact, Framework
from clusterkit.scoring import ClusterScore, Frozen
from clusterkit.tabular import Column, Table

GOOD_PRACTICE_LEVEL = 3
GOLD_THRESHOLD = 0.80
ELIGIBILITY_SOURCE = "eccp-esca-eligibility"
GOLD_SOURCE = "gcenode-gold"

Status = Literal["met", "not met", "unknown"]


@dataclass(frozen=True, kw_only=True)
class Criterion(Frozen):
    id: str
    requirement: str
    status: Status
    value: Any = None
    qualifier: str = "exact"
    sources: list[str] = field(default_factory=list)


@dataclass(frozen=True, kw_only=True)
class Holdback(Frozen):
    id: str
    name: str
    level: int | None
    effective_weight: float


@dataclass(frozen=True, kw_only=True)
class LabelReadiness(Frozen):
    """The result of ``clusterkit label``."""

    payload_name: ClassVar[str] = "label"
    cluster: str
    name: str
    framework: str
    assessment: str | None
    eligibility: list[Criterion]
    eligible: bool | None
    good_share: float
    good_share_if_unknown_good: float
    coverage: float
    threshold: float = GOLD_THRESHOLD
    verdict: Literal["ready", "not ready", "undetermined"]
    holding_back: list[Holdback]
    labels_held: list[dict[str, Any]]
    note: str = (
        "Indicative only: ESCA's per-indicator thresholds are not public. Eligibility follows ESCA's "
        "criteria since November 2019; readiness compares the share of weight at level 3 or more with "
        "the Gold label's 80 % total score."
    )

    def payload(self) -> Any:
        return {
            "cluster": {"id": self.cluster, "name": self.name},
            "framework": self.framework,
            "assessment": self.assessment,
            "indicative": True,
            "note": self.note,
            "eligibility": [c.model_dump() for c in self.eligibility],
            "eligible": self.eligible,
            "readiness": {
                "good_practice_level": GOOD_PRACTICE_LEVEL,
                "share": round(self.good_share, 4),
                "share_if_unknown_good": round(self.good_share_if_unknown_good, 4),
                "coverage": round(self.coverage, 4),
                "threshold": self.threshold,
                "verdict": self.verdict,
                "sources": [GOLD_SOURCE],
            },
            "holding_back": [
                {"id": h.id, "name": h.name, "level": h.level, "effective_weight": round(h.effective_weight, 4)}
                for h in self.holding_back
            ],
            "labels_held": self.labels_held,
        }

    def tables(self) -> list[Table]:
        return [
            Table(
                "eligibility",
                f"{self.name}: label eligibility (ESCA criteria since 2019)",
                [
                    Column("requirement", "criterion"),
                    Column("status", "status"),
                    Column("value", "value"),
                    Column("sources", "source"),
                ],
                [
                    {**c.model_dump(), "value": _with_qualifier(c.value, c.qualifier), "sources": "; ".join(c.sources)}
                    for c in self.eligibility
                ],
                primary=True,
            ),
            Table(
                "readiness",
                "Readiness against the Gold label's 80 % (indicative"
                + (f"; assessment {self.assessment})" if self.assessment else ")"),
                [Column("measure", "measure"), Column("value", "value", "share")],
                [
                    {"measure": "weight at level 3+ (unknown counted as not met)", "value": self.good_share},
                    {
                        "measure": "weight at level 3+ if every unknown were met",
                        "value": self.good_share_if_unknown_good,
                    },
                    {"measure": "weight known (coverage)", "value": self.coverage},
                    {"measure": f"Gold threshold; verdict: {self.verdict}", "value": self.threshold},
                ],
                note=self.note,
            ),
            Table(
                "holding-back",
                "Indicators holding it back (largest weight first)",
                [
                    Column("id", "indicator"),
                    Column("level", "level", "level"),
                    Column("effective_weight", "weight", "share"),
                ],
                [h.model_dump() for h in self.holding_back],
            ),
            Table(
                "labels",
                "Labels held (from the profile)",
                [Column("name", "label"), Column("level", "level"), Column("year", "year"), Column("source", "source")],
                self.labels_held,
            ),
        ]


def _fact(fact: Fact | None) -> tuple[Any, list[str]]:
    return (None, []) if fact is None else (fact.value, fact.citations())


def _qualifier(fact: Fact | None) -> str:
    return "exact" if fact is None else fact.qualifier


def _with_qualifier(value: Any, qualifier: str) -> Any:
    from clusterkit.listing import QUALIFIER_WORDS

    if value is None or qualifier == "exact":
        return value
    return f"{QUALIFIER_WORDS.get(qualifier, '')}{value}"


def eligibility(cluster: Cluster) -> list[Criterion]:
    """ESCA's eligibility criteria, each met, not met, or unknown from the profile."""
    criteria: list[Criterion] = []

    fte, fte_src = _fact(cluster.management.staff_fte)
    criteria.append(
        Criterion(
            id="management_fte",
            requirement="management team of at least 0.5 FTE",
            status="unknown" if fte is None else "met" if fte >= 0.5 else "not met",
            value=fte,
            sources=fte_src,
        )
    )

    members = cluster.members
    counted_by = members.total if members.total is not None else members.companies
    total, total_src = _fact(counted_by)
    criteria.append(
        Criterion(
            id="committed_members",
            requirement="at least 15 committed members",
            status="unknown" if total is None else "met" if total >= 15 else "not met",
            value=total,
            qualifier=_qualifier(counted_by),
            sources=total_src,
        )
    )

    types, types_src = _fact(members.types)
    counted = set(types or [])
    for name in ("companies", "smes", "large_companies", "universities", "research_centres", "public_bodies"):
        fact = getattr(members, name)
        if fact is not None and fact.value > 0:
            counted.add(name)
            types_src = [*types_src, fact.source]
    for name in ("financial_institutions", "associations", "training_institutions"):
        fact = getattr(members, name)
        if fact is not None and fact.value > 0:
            counted.add(name)
            types_src = [*types_src, fact.source]
    criteria.append(
        Criterion(
            id="member_types",
            requirement="at least 2 types of members (triple helix)",
            status="unknown" if not counted else "met" if len(counted) >= 2 else "not met",
            value=len(counted) or None,
            sources=list(dict.fromkeys(types_src)),
        )
    )

    english, english_src = _fact(cluster.management.english_website)
    criteria.append(
        Criterion(
            id="english_website",
            requirement="an English website",
            status="unknown" if english is None else "met" if english else "not met",
            value=english,
            sources=english_src,
        )
    )
    return criteria


def readiness(cluster: Cluster, scored: ClusterScore, framework: Framework) -> LabelReadiness:
    """Eligibility and indicative readiness of one scored cluster."""
    criteria = eligibility(cluster)
    statuses = {c.status for c in criteria}
    eligible = False if "not met" in statuses else None if "unknown" in statuses else True
    weights = effective_weights(framework)
    good = sum(weights[i.id] for i in scored.indicators if i.level is not None and i.level >= GOOD_PRACTICE_LEVEL)
    unknown = sum(weights[i.id] for i in scored.indicators if i.level is None)
    upper = good + unknown
    verdict: Literal["ready", "not ready", "undetermined"] = (
        "ready" if good >= GOLD_THRESHOLD else "not ready" if upper < GOLD_THRESHOLD else "undetermined"
    )
    holding = sorted(
        (
            Holdback(id=i.id, name=i.name, level=i.level, effective_weight=weights[i.id])
            for i in scored.indicators
            if i.level is None or i.level < GOOD_PRACTICE_LEVEL
        ),
        key=lambda h: (-h.effective_weight, h.id),
    )
    return LabelReadiness(
        cluster=cluster.id,
        name=cluster.name,
        framework=framework.id,
        assessment=scored.assessment,
        eligibility=criteria,
        eligible=eligible,
        good_share=good,
        good_share_if_unknown_good=upper,
        coverage=1 - unknown,
        verdict=verdict,
        holding_back=holding,
        labels_held=[label.model_dump(exclude_none=True) for label in cluster.labels],
    )
