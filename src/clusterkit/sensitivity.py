"""Uncertainty and sensitivity analysis of scores and ranks (in the spirit of the OECD/JRC Handbook).

Each Monte Carlo draw changes the method, not the data:

- every indicator weight is multiplied by a factor drawn uniformly from ``[1 - spread, 1 + spread]``
  (dimension weights likewise);
- the aggregation is arithmetic or geometric, with equal probability;
- one indicator, or none, is left out, chosen uniformly among "none" and every indicator.

Per cluster the analysis reports the nominal score and rank, and the median and 5th-95th
percentile interval of both over the draws; for each pair, the share of draws in which the first
scores at least as high as the second. Separately, each indicator is left out in turn at nominal
weights, and the indicators whose removal moves scores and ranks most are listed.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass

from clusterkit.models import Framework
from clusterkit.records import FrozenRecord
from clusterkit.scoring import GEOMETRIC_FLOOR, ClusterScore

DEFAULT_DRAWS = 1000
DEFAULT_SPREAD = 0.25


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
    clusters: list[ClusterInterval]
    pairs: list[PairProbability]
    influence: list[IndicatorInfluence]


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


def _ranks(values: Sequence[float | None]) -> list[int | None]:
    """Competition ranks (1 = best; ties share a rank); unknown scores get no rank."""
    known = sorted((v for v in values if v is not None), reverse=True)
    first: dict[float, int] = {}
    for position, v in enumerate(known, start=1):
        first.setdefault(v, position)
    return [None if v is None else first[v] for v in values]


def analyse(
    scores: Sequence[ClusterScore],
    framework: Framework,
    *,
    draws: int = DEFAULT_DRAWS,
    seed: int = 0,
    spread: float = DEFAULT_SPREAD,
    top: int = 8,
) -> SensitivityResult:
    """Monte Carlo scores and ranks of ``scores`` (nominal: arithmetic, nominal weights) under method changes."""
    if draws < 1:
        raise ValueError("draws must be at least 1")
    if not 0 <= spread < 1:
        raise ValueError("spread must be in [0, 1)")
    model = _Model(scores, framework)
    n_ind = len(model.indicators)
    rng = random.Random(seed)
    nominal = model.overall(model.ind_weights, model.dim_weights, False, -1)
    nominal_ranks = _ranks(nominal)

    samples: list[list[float]] = [[] for _ in scores]
    rank_samples: list[list[float]] = [[] for _ in scores]
    wins = [[0] * len(scores) for _ in scores]
    for _ in range(draws):
        w = [base * rng.uniform(1 - spread, 1 + spread) for base in model.ind_weights]
        dw = [base * rng.uniform(1 - spread, 1 + spread) for base in model.dim_weights]
        geometric = rng.random() < 0.5
        drop = rng.randrange(n_ind + 1) - 1  # -1: leave nothing out
        values = model.overall(w, dw, geometric, drop)
        ranks = _ranks(values)
        for c, (v, r) in enumerate(zip(values, ranks)):
            if v is not None and r is not None:
                samples[c].append(v)
                rank_samples[c].append(float(r))
        for i, vi in enumerate(values):
            if vi is None:
                continue
            row = wins[i]
            for j, vj in enumerate(values):
                if vj is not None and vi >= vj:
                    row[j] += 1

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
            )
        )
    pairs = [
        PairProbability(
            a=scores[i].ref or scores[i].cluster, b=scores[j].ref or scores[j].cluster, probability=wins[i][j] / draws
        )
        for i in range(len(scores))
        for j in range(len(scores))
        if i != j
    ]
    influence = []
    for k, ind in enumerate(framework.indicators):
        left_out = model.overall(model.ind_weights, model.dim_weights, False, k)
        changes = [abs(a - b) for a, b in zip(left_out, nominal) if a is not None and b is not None]
        rank_changes = [abs(a - b) for a, b in zip(_ranks(left_out), nominal_ranks) if a is not None and b is not None]
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
    return SensitivityResult(
        framework=framework.id,
        draws=draws,
        seed=seed,
        spread=spread,
        clusters=clusters,
        pairs=pairs,
        influence=influence[:top],
    )
