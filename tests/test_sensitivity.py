"""Sensitivity analysis: intervals, pair probabilities, influence, determinism."""

from __future__ import annotations

import pytest

from clusterkit.scoring import score
from clusterkit.sensitivity import analyse, percentile
from clusterkit.views.sensitivity import sensitivity_view
from test_scoring import cluster, framework


def scores() -> list:  # type: ignore[type-arg]
    fw = framework()
    strong = score(cluster({"strategy": 4, "monitoring": 4}, members=200, networks=4), fw).model_copy(
        update={"ref": "strong"}
    )
    weak = score(cluster({"strategy": 1, "monitoring": 0}, members=5, networks=1), fw).model_copy(
        update={"ref": "weak"}
    )
    return [strong, weak]


def test_percentile_interpolates() -> None:
    assert percentile([1, 2, 3, 4, 5], 50) == 3
    assert percentile([0, 10], 5) == pytest.approx(0.5)
    with pytest.raises(ValueError):
        percentile([], 50)


def test_same_seed_same_result_other_seed_other_draws() -> None:
    fw = framework()
    first = analyse(scores(), fw, draws=300, seed=7)
    again = analyse(scores(), fw, draws=300, seed=7)
    other = analyse(scores(), fw, draws=300, seed=8)
    assert sensitivity_view(first).payload == sensitivity_view(again).payload
    assert sensitivity_view(first).payload != sensitivity_view(other).payload


def test_intervals_bracket_the_median_and_a_clear_leader_wins() -> None:
    result = analyse(scores(), framework(), draws=500, seed=1)
    strong, weak = result.clusters
    assert strong.nominal_rank == 1 and weak.nominal_rank == 2
    for c in result.clusters:
        assert c.score_p5 is not None and c.score_p95 is not None and c.median_score is not None
        assert c.score_p5 <= c.median_score <= c.score_p95
    probability = {(p.a, p.b): p.probability for p in result.pairs}
    assert probability[("strong", "weak")] == 1.0
    assert probability[("weak", "strong")] == 0.0


def test_no_spread_and_arithmetic_only_reproduces_nominal_within_exclusion_effects() -> None:
    result = analyse(scores(), framework(), draws=50, seed=3, spread=0.0)
    strong = result.clusters[0]
    # With no weight spread the only variation comes from aggregation and exclusions.
    assert strong.nominal_score == pytest.approx(100.0)
    assert strong.score_p95 == pytest.approx(100.0)


def test_influence_lists_the_indicators_that_move_scores() -> None:
    result = analyse(scores(), framework(), draws=10, seed=0)
    assert {i.id for i in result.influence} <= {"members", "networks", "strategy", "monitoring"}
    top = result.influence[0]
    assert top.max_abs_score_change > 0


def test_invalid_arguments_are_refused() -> None:
    with pytest.raises(ValueError):
        analyse(scores(), framework(), draws=0)
    with pytest.raises(ValueError):
        analyse(scores(), framework(), spread=1.5)


def test_html_draws_one_interval_per_cluster() -> None:
    from clusterkit.render import RenderOptions, render

    page = render(sensitivity_view(analyse(scores(), framework(), draws=100, seed=2)), "html", RenderOptions())
    assert page.count('class="median"') == 2
    assert page.count('class="nominal"') == 2
    assert "<script" not in page
    assert "Line: 5th to 95th percentile" in page
