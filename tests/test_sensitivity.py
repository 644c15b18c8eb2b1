"""Sensitivity analysis: intervals, pair probabilities, influence, determinism."""

from __future__ import annotations

import pytest

from clusterkit.scoring import ClusterScore, score
from clusterkit.sensitivity import analyse, percentile
from clusterkit.views.sensitivity import sensitivity_view
from test_cli_extras import BUNDLED_CLUSTERS, Cli, row_of, run_json
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
    # NOTE: each figure is drawn twice, for a wide page and for a phone.
    assert page.count('class="median"') == 2 * 2
    assert page.count('class="nominal"') == 2 * 2
    assert "<script" not in page
    assert "Line: 5th to 95th percentile" in page


# --- the draws of the method --------------------------------------------------------------------


def test_method_draws_repeat_with_the_seed_and_refuse_impossible_settings_at_once() -> None:
    from clusterkit.sensitivity import method_draws

    fw = framework()
    first = list(method_draws(fw, draws=50, seed=9))
    assert list(method_draws(fw, draws=50, seed=9)) == first
    assert list(method_draws(fw, draws=50, seed=10)) != first
    assert len(first) == 50
    assert {d.left_out for d in first} <= {None, 0, 1, 2, 3}
    assert {d.geometric for d in first} == {True, False}
    for d in first:
        assert all(0.75 <= w / base <= 1.25 for w, base in zip(d.indicator_weights, [1, 3, 2, 1]))
    with pytest.raises(ValueError):
        method_draws(fw, draws=0)  # before any draw is taken
    with pytest.raises(ValueError):
        method_draws(fw, draws=5, spread=1.0)


# --- the data-availability threshold ---------------------------------------------------------------


def thin() -> ClusterScore:
    # Only strategy (a third of the weight) is known: under the 50 % threshold.
    return score(cluster({"strategy": 4}, members=None), framework()).model_copy(update={"ref": "thin"})


def test_a_cluster_under_the_threshold_is_scored_but_never_ranked() -> None:
    result = analyse([thin(), *scores()], framework(), draws=200, seed=1)
    assert result.min_coverage == 0.5
    assert [c.id for c in result.clusters] == ["strong", "weak", "thin"]  # the ranked ones first
    apart = result.clusters[-1]
    assert apart.reason == "coverage_below_threshold"
    assert (apart.nominal_rank, apart.median_rank, apart.rank_p5, apart.rank_p95) == (None, None, None, None)
    assert apart.nominal_score == 100.0 and apart.median_score is not None  # its score is still drawn
    # The ranks are those of the ranked clusters alone (thin's 100 would otherwise rank first).
    assert [c.nominal_rank for c in result.ranked] == [1, 2]
    assert all(c.rank_p95 is not None and c.rank_p95 <= 2 for c in result.ranked)
    assert {(p.a, p.b) for p in result.pairs} == {("strong", "weak"), ("weak", "strong")}
    assert [c.id for c in result.not_ranked] == ["thin"]


def test_no_threshold_ranks_every_cluster_with_a_score() -> None:
    result = analyse([thin(), *scores()], framework(), draws=100, seed=1, min_coverage=0.0)
    assert all(c.reason is None for c in result.clusters)
    assert {c.id: c.nominal_rank for c in result.clusters} == {"thin": 1, "strong": 1, "weak": 3}  # a tie shares


def test_equal_scores_share_a_rank_in_every_draw() -> None:
    strong = scores()[0]
    twin = strong.model_copy(update={"ref": "twin"})
    result = analyse([strong, twin], framework(), draws=100, seed=2)
    assert [(c.nominal_rank, c.rank_p5, c.rank_p95) for c in result.clusters] == [(1, 1, 1), (1, 1, 1)]
    assert {p.probability for p in result.pairs} == {1.0}


def test_the_view_lists_the_clusters_not_ranked_with_the_reason() -> None:
    from clusterkit.render import RenderOptions, render

    view = sensitivity_view(analyse([thin(), *scores()], framework(), draws=50, seed=1))
    payload = view.payload
    assert payload["method"]["min_coverage"] == 0.5
    by_id = {c["id"]: c for c in payload["clusters"]}
    assert by_id["thin"]["reason"] == "coverage_below_threshold" and by_id["thin"]["nominal_rank"] is None
    assert by_id["strong"]["reason"] is None
    table = view.tables[0]
    assert table.note is not None and "thin" in table.note and "50 %" in table.note
    assert [c.key for c in table.columns][-1] == "note"  # CSV and pages say why in each row
    csv = render(view, "csv", RenderOptions()).splitlines()
    assert csv[-1].startswith("thin,") and csv[-1].endswith(",not ranked: coverage under 50 %")
    plain = render(view, "table", RenderOptions())
    thin_row = next(line for line in plain.splitlines() if line.startswith("thin "))
    assert " -  " in thin_row  # the rank


# --- through the command line -------------------------------------------------------------------------


def test_the_command_ranks_only_clusters_over_the_threshold(cli: Cli) -> None:
    doc = run_json(cli, "sensitivity", "--draws", "100", "--seed", "1")
    assert doc["method"]["min_coverage"] == 0.5
    coverage = {s["id"]: s["coverage"] for s in run_json(cli, "score", *BUNDLED_CLUSTERS)["scores"]}
    ranked = [c for c in doc["clusters"] if c["reason"] is None]
    apart = [c for c in doc["clusters"] if c["reason"] is not None]
    assert {c["id"] for c in ranked} == {k for k, v in coverage.items() if v >= 0.5}
    assert ranked and apart  # the bundled set has both
    assert doc["clusters"] == ranked + apart  # listed apart, after the ranked ones
    for c in apart:
        assert c["reason"] == "coverage_below_threshold" and coverage[c["id"]] < 0.5
        assert (c["nominal_rank"], c["median_rank"], c["rank_p5"], c["rank_p95"]) == (None, None, None, None)
    for c in ranked:
        assert 1 <= c["rank_p5"] <= c["rank_p95"] <= len(ranked)
    ids = [c["id"] for c in ranked]
    assert [(p["a"], p["b"]) for p in doc["pairs"]] == [(a, b) for a in ids for b in ids if a != b]


def test_min_coverage_zero_ranks_every_cluster_and_100_none(cli: Cli) -> None:
    every = run_json(cli, "sensitivity", "--draws", "50", "--min-coverage", "0")
    assert every["method"]["min_coverage"] == 0.0
    assert all(c["reason"] is None and c["nominal_rank"] is not None for c in every["clusters"])
    assert len(every["pairs"]) == len(BUNDLED_CLUSTERS) * (len(BUNDLED_CLUSTERS) - 1)
    none = run_json(cli, "sensitivity", "mnc", "le2c", "--draws", "50", "--min-coverage", "100")
    assert all(c["nominal_rank"] is None for c in none["clusters"])
    assert none["pairs"] == [] and none["influence"] == []


def test_the_table_lists_the_clusters_not_ranked_apart(cli: Cli) -> None:
    out = cli("sensitivity", "mnc", "menara", "--draws", "50").stdout
    # cluster, bar, nominal, median, 5-95 %, rank, rank 5-95 %, coverage
    assert row_of(out, "mnc")[5:7] == ["1", "1 - 1"]  # rank 1 of the one ranked cluster
    assert row_of(out, "menara")[5:7] == ["-", "-"]
    assert "Not ranked (rank -) with under 50 % of the weight known (--min-coverage): menara." in " ".join(out.split())


@pytest.mark.parametrize("value", ["-1", "101", "nan"])
def test_an_impossible_threshold_is_refused(cli: Cli, value: str) -> None:
    result = cli("sensitivity", "mnc", "--min-coverage", value)
    assert result.exit_code == 2 and result.stdout == ""
