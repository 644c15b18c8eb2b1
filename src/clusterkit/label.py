"""Label readiness in the spirit of ESCA's cluster-management labels (indicative only).

ESCA's per-indicator thresholds are not public, so this is no prediction of a label. It checks
the eligibility criteria ESCA has asked for since November 2019 (a management team of at least
0.5 FTE, at least 15 committed members, at least two types of members, an English website), and
the share of the framework's weight assessed at its good-practice level (``Framework.good_practice``,
3 of 4 by default) or more against the Gold label's 80 % total score. With draws, the same share
under the method draws of :mod:`clusterkit.sensitivity` says how close a call the verdict is.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from clusterkit.comparison import effective_weights
from clusterkit.dating import as_of
from clusterkit.models import Cluster, Fact, Framework
from clusterkit.records import FrozenRecord, unique
from clusterkit.scoring import ClusterScore
from clusterkit.sensitivity import DEFAULT_SPREAD, draw_effective_weights, method_draws, percentile, progress_step

GOLD_THRESHOLD = 0.80
ELIGIBILITY_SOURCE = "eccp-esca-eligibility"
GOLD_SOURCE = "gcenode-gold"
# ESCA's eligibility criteria since November 2019 (the criterion ids are the keys views explain).
MIN_MANAGEMENT_FTE = 0.5
MIN_COMMITTED_MEMBERS = 15
MIN_MEMBER_TYPES = 2
# The member counts whose being above zero shows a type of member (besides the types a source lists).
MEMBER_TYPE_COUNTS = (
    "companies",
    "smes",
    "large_companies",
    "universities",
    "research_centres",
    "public_bodies",
    "financial_institutions",
    "associations",
    "training_institutions",
)

Status = Literal["met", "not met", "unknown"]


@dataclass(frozen=True, kw_only=True)
class Criterion(FrozenRecord):
    """One eligibility criterion: its id, the minimum it asks for (None: a yes/no criterion), its status."""

    id: str
    threshold: float | None
    status: Status
    value: Any = None
    qualifier: str = "exact"
    sources: list[str] = field(default_factory=list)


@dataclass(frozen=True, kw_only=True)
class Holdback(FrozenRecord):
    """An indicator below good practice (or unknown) and its weight in the overall score."""

    id: str
    name: str
    level: int | None
    effective_weight: float


@dataclass(frozen=True, kw_only=True)
class ShareUncertainty(FrozenRecord):
    """The good-practice share over Monte Carlo draws of the method: how often it clears the threshold.

    ``probability`` counts unknown indicators as not met (the lower bound), ``probability_if_unknown_good``
    as met (the upper bound); the median and 5th-95th percentiles are of the lower bound.
    """

    draws: int
    seed: int
    spread: float
    probability: float
    probability_if_unknown_good: float
    median_share: float
    share_p5: float
    share_p95: float


@dataclass(frozen=True, kw_only=True)
class LabelReadiness(FrozenRecord):
    """The result of ``clusterkit label``; ``uncertainty`` is None unless draws were asked for."""

    cluster: str
    name: str
    framework: str
    assessment: str | None
    eligibility: list[Criterion]
    eligible: bool | None
    good_share: float
    good_share_if_unknown_good: float
    coverage: float
    good_practice: int
    threshold: float = GOLD_THRESHOLD
    verdict: Literal["ready", "not ready", "undetermined"]
    holding_back: list[Holdback]
    labels_held: list[dict[str, Any]]
    uncertainty: ShareUncertainty | None = None


def _fact(fact: Fact | None) -> tuple[Any, list[str]]:
    return (None, []) if fact is None else (fact.value, fact.citations())


def _qualifier(fact: Fact | None) -> str:
    return "exact" if fact is None else fact.qualifier


def _at_least(criterion: str, threshold: float, value: Any, sources: list[str], qualifier: str = "exact") -> Criterion:
    """A criterion met when the profile's value (None: unknown) reaches ``threshold``."""
    status: Status = "unknown" if value is None else "met" if value >= threshold else "not met"
    return Criterion(
        id=criterion, threshold=threshold, status=status, value=value, qualifier=qualifier, sources=sources
    )


def eligibility(cluster: Cluster) -> list[Criterion]:
    """ESCA's eligibility criteria, each met, not met, or unknown from the profile."""
    criteria: list[Criterion] = []

    fte, fte_src = _fact(cluster.management.staff_fte)
    criteria.append(_at_least("management_fte", MIN_MANAGEMENT_FTE, fte, fte_src))

    members = cluster.members
    counted_by = members.total if members.total is not None else members.companies
    total, total_src = _fact(counted_by)
    criteria.append(_at_least("committed_members", MIN_COMMITTED_MEMBERS, total, total_src, _qualifier(counted_by)))

    types, types_src = _fact(members.types)
    counted = set(types or [])
    for name in MEMBER_TYPE_COUNTS:
        fact = getattr(members, name)
        if fact is not None and fact.value > 0:
            counted.add(name)
            types_src = [*types_src, fact.source]
    criteria.append(_at_least("member_types", MIN_MEMBER_TYPES, len(counted) or None, unique(types_src)))

    english, english_src = _fact(cluster.management.english_website)
    criteria.append(
        Criterion(
            id="english_website",
            threshold=None,
            status="unknown" if english is None else "met" if english else "not met",
            value=english,
            sources=english_src,
        )
    )
    return criteria


def share_uncertainty(
    scored: ClusterScore,
    framework: Framework,
    *,
    draws: int,
    seed: int = 0,
    spread: float = DEFAULT_SPREAD,
    threshold: float = GOLD_THRESHOLD,
    progress: Callable[[int, int], None] | None = None,
) -> ShareUncertainty:
    """The good-practice share of ``scored`` under ``draws`` draws of the method (as ``sensitivity`` draws them).

    Each draw's weights and left-out indicator give each indicator's share of the weight; the drawn
    aggregation does not change a share of weight. Raises ValueError for impossible settings.
    ``progress(done, draws)`` is called every few draws and after the last.
    """
    levels = [scored.indicator(i.id).level for i in framework.indicators]
    good = [level is not None and level >= framework.good_practice for level in levels]
    unknown = [level is None for level in levels]
    lows: list[float] = []
    highs: list[float] = []
    step = progress_step(draws, 1)
    for done, draw in enumerate(method_draws(framework, draws=draws, seed=seed, spread=spread), start=1):
        weights = draw_effective_weights(framework, draw)
        low = sum(w for w, g in zip(weights, good) if g)
        lows.append(low)
        highs.append(low + sum(w for w, u in zip(weights, unknown) if u))
        if progress is not None and (done % step == 0 or done == draws):
            progress(done, draws)
    return ShareUncertainty(
        draws=draws,
        seed=seed,
        spread=spread,
        probability=sum(low >= threshold for low in lows) / draws,
        probability_if_unknown_good=sum(high >= threshold for high in highs) / draws,
        median_share=percentile(lows, 50),
        share_p5=percentile(lows, 5),
        share_p95=percentile(lows, 95),
    )


def readiness(
    cluster: Cluster,
    scored: ClusterScore,
    framework: Framework,
    *,
    draws: int | None = None,
    seed: int = 0,
    spread: float = DEFAULT_SPREAD,
    progress: Callable[[int, int], None] | None = None,
) -> LabelReadiness:
    """Eligibility and indicative readiness of one scored cluster; with ``draws``, its uncertainty too.

    Eligibility reads the facts as they stood at the date the score took them (``scored.facts_as_of``).
    ``progress(done, draws)`` follows the draws (see :func:`share_uncertainty`).
    """
    criteria = eligibility(as_of(cluster, scored.facts_as_of)[0])
    statuses = {c.status for c in criteria}
    eligible = False if "not met" in statuses else None if "unknown" in statuses else True
    weights = effective_weights(framework)
    good_practice = framework.good_practice
    good = sum(weights[i.id] for i in scored.indicators if i.level is not None and i.level >= good_practice)
    unknown = sum(weights[i.id] for i in scored.indicators if i.level is None)
    upper = good + unknown
    verdict: Literal["ready", "not ready", "undetermined"] = (
        "ready" if good >= GOLD_THRESHOLD else "not ready" if upper < GOLD_THRESHOLD else "undetermined"
    )
    holding = sorted(
        (
            Holdback(id=i.id, name=i.name, level=i.level, effective_weight=weights[i.id])
            for i in scored.indicators
            if i.level is None or i.level < good_practice
        ),
        key=lambda h: (-h.effective_weight, h.id),
    )
    uncertainty = None
    if draws is not None:
        uncertainty = share_uncertainty(scored, framework, draws=draws, seed=seed, spread=spread, progress=progress)
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
        good_practice=good_practice,
        verdict=verdict,
        holding_back=holding,
        labels_held=[label.model_dump(exclude_none=True) for label in cluster.labels],
        uncertainty=uncertainty,
    )
