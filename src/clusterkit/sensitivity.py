"""Uncertainty and sensitivity analysis of scores and ranks (in the spirit of the OECD/JRC Handbook).

Each Monte Carlo draw changes the method, not the data:

- every indicator weight is multiplied by a factor drawn uniformly from ``[1 - spread, 1 + spread]``
  (dimension weights likewise);
- the aggregation is arithmetic or geometric, with equal probability;
- one indicator, or none, is left out, chosen uniformly among "none" and every indicator.

:func:`method_draws` yields these draws; the label's readiness (:mod:`clusterkit.label`) takes the
same ones, so one seed gives the same weights to both. Per cluster the analysis reports the
nominal score and rank, and the median and 5th-95th percentile interval of both over the draws;
for each pair, the share of draws in which the first scores at least as high as the second. A
cluster with less of the weight known than ``min_coverage`` (the data-availability threshold) is
scored in the draws but never ranked: no rank, no pair, and it is listed after the ranked ones
with the reason. Separately, each indicator is left out in turn at nominal weights, and the
indicators whose removal moves the ranked clusters' scores and ranks most are listed.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from clusterkit.method import DEFAULT_MIN_COVERAGE
from clusterkit.models import Framework
from clusterkit.records import FrozenRecord
from clusterkit.scoring import GEOMETRIC_FLOOR, ClusterScore, NotRankedReason

DEFAULT_DRAWS = 1000
DEFAULT_SPREAD = 0.25
# NOTE: scores and coverages are compared at 6 decimals, as ``scoring.rank`` does, so that float noise
# never splits a tie or leaves out a cluster shown at exactly the threshold.
DIGITS = 6
# NOTE: a progress callback is told of every PROGRESS_WORK cluster-draws at most (200 draws of 5 clusters),
# so that reporting costs nothing next to the draws, however many clusters there are.
PROGRESS_WORK = 1000


def progress_step(draws: int, clusters: int) -> int:
    """How many draws pass between two calls of a progress callback: about a hundredth of the run, at most
    ``PROGRESS_WORK`` cluster-draws, at least one draw."""
    return max(1, min(draws // 100, PROGRESS_WORK // max(1, clusters)))


@dataclass(frozen=True, kw_only=True)
class MethodDraw(FrozenRecord):
    """One draw of the method: indicator and dimension weights (in the framework's order), the
    aggregation, and the index of the indicator left out (None: nothing left out)."""

    indicator_weights: tuple[float, ...]
    dimension_weights: tuple[float, ...]
    geometric: bool
    left_out: int | None


def check_method(draws: int, spread: float) -> None:
    """Refuse a number of draws below 1 or a spread outside [0, 1) (ValueError)."""
    if draws < 1:
        raise ValueError("draws must be at least 1")
    if not 0 <= spread < 1:
        raise ValueError("spread must be in [0, 1)")


def nominal_draw(framework: Framework) -> MethodDraw:
    """The nominal method: the framework's weights, arithmetic means, nothing left out."""
    return MethodDraw(
        indicator_weights=tuple(i.weight for i in framework.indicators),
        dimension_weights=tuple(d.weight for d in framework.dimensions),
        geometric=False,
        left_out=None,
    )


def method_draws(
    framework: Framework, *, draws: int = DEFAULT_DRAWS, seed: int = 0, spread: float = DEFAULT_SPREAD
) -> Iterator[MethodDraw]:
    """``draws`` Monte Carlo draws of the method from ``seed``: the same seed gives the same draws.

    Raises ValueError at once (not at the first draw) for impossible settings.
    """
    check_method(draws, spread)
    nominal = nominal_draw(framework)
    return _draws(nominal, draws, random.Random(seed), spread)


def _draws(nominal: MethodDraw, draws: int, rng: random.Random, spread: float) -> Iterator[MethodDraw]:
    n_ind = len(nominal.indicator_weights)
    for _ in range(draws):
        # NOTE: the order of the calls on rng is the analysis's since its first version: a seed keeps its draws.
        w = tuple(base * rng.uniform(1 - spread, 1 + spread) for base in nominal.indicator_weights)
        dw = tuple(base * rng.uniform(1 - spread, 1 + spread) for base in nominal.dimension_weights)
        geometric = rng.random() < 0.5
        drop = rng.randrange(n_ind + 1) - 1  # -1: leave nothing out
        yield MethodDraw(
            indicator_weights=w, dimension_weights=dw, geometric=geometric, left_out=drop if drop >= 0 else None
        )


def draw_effective_weights(framework: Framework, draw: MethodDraw) -> list[float]:
    """Each indicator's share of the overall score under ``draw`` when everything is known (framework order).

    The indicator left out weighs 0; a dimension it leaves without weight drops out and the other
    dimensions share its weight. The aggregation does not enter: these are shares of weight.
    """
    dims = [d.id for d in framework.dimensions]
    ind_dim = [dims.index(i.dimension) for i in framework.indicators]
    w = [0.0 if k == draw.left_out else weight for k, weight in enumerate(draw.indicator_weights)]
    per_dim = [0.0] * len(dims)
    for k, d in enumerate(ind_dim):
        per_dim[d] += w[k]
    dim_total = sum(dw for d, dw in enumerate(draw.dimension_weights) if per_dim[d] > 0)
    if dim_total <= 0:
        return [0.0] * len(w)
    return [
        draw.dimension_weights[d] / dim_total * w[k] / per_dim[d] if per_dim[d] > 0 else 0.0
        for k, d in enumerate(ind_dim)
    ]


@dataclass(frozen=True, kw_only=True)
class ClusterInterval(FrozenRecord):
    """A cluster's nominal score and rank, and their median and 5th-95th percentiles over the draws."""

    id: str
    name: str
    nominal_score: float | None
    median_score: float | None
    score_p5: float | None
    score_p95: float | None
    nominal_rank: int | None
    median_rank: float | None
    rank_p5: float | None
    rank_p95: float | None
    coverage: float
    # Why the cluster is not ranked (None: ranked); a cluster not ranked has no rank and no pairs.
    reason: NotRankedReason | None = None


@dataclass(frozen=True, kw_only=True)
class PairProbability(FrozenRecord):
    """The share of draws in which cluster ``a`` scores at least as high as cluster ``b``."""

    a: str
    b: str
    probability: float


@dataclass(frozen=True, kw_only=True)
class IndicatorInfluence(FrozenRecord):
    """How much leaving one indicator out (at nominal weights) moves the scores and ranks."""

    id: str
    name: str
    mean_abs_score_change: float
    max_abs_score_change: float
    max_rank_change: int


@dataclass(frozen=True, kw_only=True)
class SensitivityResult(FrozenRecord):
    """The result of ``clusterkit sensitivity``."""

    framework: str
    draws: int
    seed: int
    spread: float
    # The ranked clusters first (in the order given), then those not ranked, each with its reason.
    clusters: list[ClusterInterval]
    pairs: list[PairProbability]
    influence: list[IndicatorInfluence]
    min_coverage: float = DEFAULT_MIN_COVERAGE

    @property
    def ranked(self) -> list[ClusterInterval]:
        return [c for c in self.clusters if c.reason is None]

    @property
    def not_ranked(self) -> list[ClusterInterval]:
        return [c for c in self.clusters if c.reason is not None]


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0-100) with linear interpolation between order statistics."""
    ordered = sorted(values)
    if not ordered:
        raise ValueError("no values")
    pos = (len(ordered) - 1) * q / 100
    low = math.floor(pos)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (pos - low)


class _Model:
    """Scores of every cluster as plain arrays, so a draw costs only arithmetic."""

    def __init__(self, scores: Sequence[ClusterScore], framework: Framework) -> None:
        self.indicators = [i.id for i in framework.indicators]
        self.dims = [d.id for d in framework.dimensions]
        self.dim_weights = [d.weight for d in framework.dimensions]
        self.ind_weights = [i.weight for i in framework.indicators]
        self.ind_dim = [self.dims.index(i.dimension) for i in framework.indicators]
        # Per cluster: (indicator index, dimension index, score, log score) of known indicators.
        self.known: list[list[tuple[int, int, float, float]]] = []
        for s in scores:
            by_id = {i.id: i.score for i in s.indicators}
            rows = []
            for k, ind_id in enumerate(self.indicators):
                value = by_id.get(ind_id)
                if value is not None:
                    rows.append((k, self.ind_dim[k], value, math.log(max(value, GEOMETRIC_FLOOR))))
            self.known.append(rows)

    def overall(self, w: Sequence[float], dw: Sequence[float], geometric: bool, drop: int) -> list[float | None]:
        out: list[float | None] = []
        n_dims = len(self.dims)
        for rows in self.known:
            num = [0.0] * n_dims
            den = [0.0] * n_dims
            for k, d, value, log_value in rows:
                if k == drop:
                    continue
                weight = w[k]
                num[d] += weight * (log_value if geometric else value)
                den[d] += weight
            top = 0.0
            bottom = 0.0
            for d in range(n_dims):
                if den[d] > 0:
                    dim_value = num[d] / den[d]
                    top += dw[d] * dim_value  # already in log space when geometric
                    bottom += dw[d]
            if bottom <= 0:
                out.append(None)
            else:
                mean = top / bottom
                out.append(math.exp(mean) if geometric else mean)
        return out


def _ranks(values: Sequence[float | None], ranked: Sequence[bool]) -> list[int | None]:
    """Competition ranks (1 = best; equal scores share a rank) of the clusters ``ranked`` marks; None elsewhere."""
    known = sorted((round(v, DIGITS) for v, r in zip(values, ranked) if r and v is not None), reverse=True)
    first: dict[float, int] = {}
    for position, v in enumerate(known, start=1):
        first.setdefault(v, position)
    return [None if v is None or not r else first[round(v, DIGITS)] for v, r in zip(values, ranked)]


def not_ranked_reason(score: ClusterScore, min_coverage: float) -> NotRankedReason | None:
    """Why a scored cluster is not ranked at this data-availability threshold (None: it is ranked)."""
    if score.overall is None:
        return "no_score"
    if round(score.coverage, DIGITS) < round(min_coverage, DIGITS):
        return "coverage_below_threshold"
    return None


def analyse(
    scores: Sequence[ClusterScore],
    framework: Framework,
    *,
    draws: int = DEFAULT_DRAWS,
    seed: int = 0,
    spread: float = DEFAULT_SPREAD,
    min_coverage: float = DEFAULT_MIN_COVERAGE,
    top: int = 8,
    progress: Callable[[int, int], None] | None = None,
) -> SensitivityResult:
    """Monte Carlo scores and ranks of ``scores`` (nominal: arithmetic, nominal weights) under method changes.

    Only clusters with at least ``min_coverage`` (0-1) of the weight known are ranked and paired.
    ``progress(done, draws)`` is called every few draws (:func:`progress_step`) and after the last.
    """
    draw_iter = method_draws(framework, draws=draws, seed=seed, spread=spread)
    model = _Model(scores, framework)
    reasons = [not_ranked_reason(s, min_coverage) for s in scores]
    ranked = [r is None for r in reasons]
    nominal = model.overall(model.ind_weights, model.dim_weights, False, -1)
    nominal_ranks = _ranks(nominal, ranked)

    samples: list[list[float]] = [[] for _ in scores]
    rank_samples: list[list[float]] = [[] for _ in scores]
    wins = [[0] * len(scores) for _ in scores]
    step = progress_step(draws, len(scores))
    for done, draw in enumerate(draw_iter, start=1):
        drop = -1 if draw.left_out is None else draw.left_out
        values = model.overall(draw.indicator_weights, draw.dimension_weights, draw.geometric, drop)
        ranks = _ranks(values, ranked)
        for c, (v, r) in enumerate(zip(values, ranks)):
            if v is not None:
                samples[c].append(v)
            if r is not None:
                rank_samples[c].append(float(r))
        rounded = [None if v is None or not ok else round(v, DIGITS) for v, ok in zip(values, ranked)]
        for i, vi in enumerate(rounded):
            if vi is None:
                continue
            row = wins[i]
            for j, vj in enumerate(rounded):
                if vj is not None and vi >= vj:
                    row[j] += 1
        if progress is not None and (done % step == 0 or done == draws):
            progress(done, draws)

    clusters = []
    for c, s in enumerate(scores):
        vals, rks = samples[c], rank_samples[c]
        clusters.append(
            ClusterInterval(
                id=s.ref or s.cluster,
                name=s.name,
                nominal_score=nominal[c],
                median_score=percentile(vals, 50) if vals else None,
                score_p5=percentile(vals, 5) if vals else None,
                score_p95=percentile(vals, 95) if vals else None,
                nominal_rank=nominal_ranks[c],
                median_rank=percentile(rks, 50) if rks else None,
                rank_p5=percentile(rks, 5) if rks else None,
                rank_p95=percentile(rks, 95) if rks else None,
                coverage=s.coverage,
                reason=reasons[c],
            )
        )
    chosen = [c for c in range(len(scores)) if ranked[c]]
    pairs = [
        PairProbability(
            a=scores[i].ref or scores[i].cluster, b=scores[j].ref or scores[j].cluster, probability=wins[i][j] / draws
        )
        for i in chosen
        for j in chosen
        if i != j
    ]
    influence = []
    for k, ind in enumerate(framework.indicators if chosen else []):
        left_out = model.overall(model.ind_weights, model.dim_weights, False, k)
        pairs_of_scores = [(left_out[c], nominal[c]) for c in chosen]
        changes = [abs(a - b) for a, b in pairs_of_scores if a is not None and b is not None]
        left_ranks = _ranks(left_out, ranked)
        rank_changes = [abs(a - b) for a, b in zip(left_ranks, nominal_ranks) if a is not None and b is not None]
        influence.append(
            IndicatorInfluence(
                id=ind.id,
                name=ind.name,
                mean_abs_score_change=sum(changes) / len(changes) if changes else 0.0,
                max_abs_score_change=max(changes, default=0.0),
                max_rank_change=max(rank_changes, default=0),
            )
        )
    influence.sort(key=lambda i: (-i.max_rank_change, -i.mean_abs_score_change, i.id))
    order = sorted(range(len(clusters)), key=lambda c: not ranked[c])  # stable: ranked first, each in given order
    return SensitivityResult(
        framework=framework.id,
        draws=draws,
        seed=seed,
        spread=spread,
        clusters=[clusters[c] for c in order],
        pairs=pairs,
        influence=influence[:top],
        min_coverage=min_coverage,
    )
