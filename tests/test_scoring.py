"""Scoring as a library: levels from rules and assessments, weights, coverage, unknowns."""

from __future__ import annotations

from typing import Any

import pytest

from clusterkit.models import Cluster, Framework
from clusterkit.scoring import RuleError, aggregate, level_from_thresholds, rank, score

RUBRIC = ["none", "weak", "some", "good", "excellent"]


def framework(**overrides: Any) -> Framework:
    data: dict[str, Any] = {
        "kind": "framework",
        "schema_version": 1,
        "id": "mini",
        "name": "Mini",
        "dimensions": [
            {"id": "resources", "name": "Resources", "weight": 1.0},
            {"id": "processes", "name": "Processes", "weight": 1.0},
        ],
        "indicators": [
            {
                "id": "members",
                "name": "Members",
                "dimension": "resources",
                "weight": 1.0,
                "measures": "Committed members.",
                "esca_area": "Structure of the cluster",
                "levels": RUBRIC,
                "rule": {"path": "members.total", "thresholds": [1, 15, 50, 100]},
            },
            {
                "id": "networks",
                "name": "Networks",
                "dimension": "resources",
                "weight": 3.0,
                "measures": "International networks.",
                "esca_area": "Achievements and recognition",
                "levels": RUBRIC,
                "rule": {"path": "networks", "measure": "count", "thresholds": [1, 2, 3, 4]},
            },
            {
                "id": "strategy",
                "name": "Strategy",
                "dimension": "processes",
                "weight": 2.0,
                "measures": "Documented strategy.",
                "esca_area": "Strategy, objectives and services",
                "levels": RUBRIC,
            },
            {
                "id": "monitoring",
                "name": "Monitoring",
                "dimension": "processes",
                "weight": 1.0,
                "measures": "Performance monitoring.",
                "esca_area": "Strategy, objectives and services",
                "levels": RUBRIC,
            },
        ],
    }
    data.update(overrides)
    return Framework.model_validate(data)


def cluster(levels: dict[str, int] | None = None, members: int | None = 60, networks: int = 0, **extra: Any) -> Cluster:
    data: dict[str, Any] = {
        "kind": "cluster",
        "schema_version": 1,
        "id": "demo",
        "name": "Demo Cluster",
        "location": {"country": "MA", "city": "Fez", "source": "test"},
        "networks": [{"name": f"net{i}", "source": "test"} for i in range(networks)],
        "assessments": [
            {
                "framework": "mini",
                "date": "2019",
                "levels": {
                    k: {"level": v, "evidence": [{"text": "seen", "source": "test"}]} for k, v in (levels or {}).items()
                },
            }
        ],
    }
    if members is not None:
        data["members"] = {"total": {"value": members, "source": "test §1"}}
    data.update(extra)
    return Cluster.model_validate(data)


def test_levels_from_thresholds_exactly() -> None:
    assert level_from_thresholds(0, [1, 15, 50, 100]) == 0
    assert level_from_thresholds(14, [1, 15, 50, 100]) == 1
    assert level_from_thresholds(15, [1, 15, 50, 100]) == 2
    assert level_from_thresholds(99, [1, 15, 50, 100]) == 3
    assert level_from_thresholds(100, [1, 15, 50, 100]) == 4


def test_dimension_is_the_weighted_mean_of_known_indicators() -> None:
    # members 60 -> level 3 (75); networks 2 -> level 2 (50); weights 1 and 3.
    result = score(cluster({"strategy": 4, "monitoring": 0}, members=60, networks=2), framework())
    resources = result.dimension("resources")
    assert resources.score == pytest.approx((1 * 75 + 3 * 50) / 4)
    processes = result.dimension("processes")
    assert processes.score == pytest.approx((2 * 100 + 1 * 0) / 3)
    assert result.overall == pytest.approx((resources.score + processes.score) / 2)
    assert result.coverage == pytest.approx(1.0)


def test_unknown_is_not_zero_and_coverage_says_how_much_is_known() -> None:
    result = score(cluster({"strategy": 3}, members=None, networks=0), framework())
    assert result.indicator("members").score is None
    assert result.indicator("networks").score is None  # an empty list is unknown by default
    assert result.dimension("resources").score is None
    assert result.dimension("resources").coverage == 0.0
    # Only the processes dimension is known, so the overall is that dimension's score.
    assert result.dimension("processes").score == pytest.approx(75.0)
    assert result.overall == pytest.approx(75.0)
    # strategy carries 2 of the 3 units of weight in processes, which is half of the framework.
    assert result.coverage == pytest.approx(0.5 * 2 / 3)


def test_missing_zero_counts_unknown_as_level_zero() -> None:
    result = score(cluster({"strategy": 3}, members=None), framework(), missing="zero")
    assert result.dimension("processes").score == pytest.approx(2 * 75 / 3)
    assert result.dimension("resources").score == pytest.approx(0.0)
    assert result.coverage == pytest.approx(1 / 3)


def test_changing_one_weight_changes_scores_as_the_formula_says() -> None:
    fw = framework()
    data = fw.model_dump()
    data["indicators"][2]["weight"] = 1.0  # strategy: 2 -> 1
    changed = Framework.model_validate(data)
    profile = cluster({"strategy": 4, "monitoring": 0})
    before = score(profile, fw).dimension("processes").score
    after = score(profile, changed).dimension("processes").score
    assert before == pytest.approx(200 / 3)
    assert after == pytest.approx(50.0)


def test_contributions_add_up_to_the_overall_score() -> None:
    result = score(cluster({"strategy": 4, "monitoring": 1}, members=20, networks=3), framework())
    total = sum(i.contribution or 0.0 for i in result.indicators)
    assert result.overall is not None
    assert total == pytest.approx(result.overall)


def test_evidence_and_sources_explain_each_level() -> None:
    result = score(cluster({"strategy": 2}), framework())
    strategy = result.indicator("strategy")
    assert strategy.method == "assessed"
    assert strategy.rubric == "some"
    assert [e.text for e in strategy.evidence] == ["seen"]
    members = result.indicator("members")
    assert (members.method, members.value, members.level, members.sources) == ("measured", 60, 3, ["test §1"])


def test_geometric_aggregation_penalises_imbalance() -> None:
    assert aggregate([(1, 100), (1, 25)], "arithmetic") == pytest.approx(62.5)
    assert aggregate([(1, 100), (1, 25)], "geometric") == pytest.approx(50.0)
    assert aggregate([], "arithmetic") is None


def test_rule_on_a_missing_field_is_an_error() -> None:
    data = framework().model_dump()
    data["indicators"][0]["rule"]["path"] = "members.nonexistent"
    with pytest.raises(RuleError, match="nonexistent"):
        score(cluster(), Framework.model_validate(data))


def test_assessment_selection_by_date_and_target() -> None:
    profile = cluster({"strategy": 1}).model_copy(
        update={
            "assessments": [
                *cluster({"strategy": 1}).assessments,
                *cluster({"strategy": 3}).model_copy().assessments,
            ]
        }
    )
    dated = [a.model_copy(update={"date": d}) for a, d in zip(profile.assessments, ["2014", "2019"])]
    profile = profile.model_copy(update={"assessments": dated, "target": dated[1].model_copy(update={"date": None})})
    assert score(profile, framework()).indicator("strategy").level == 3  # latest
    assert score(profile, framework(), at="2014").indicator("strategy").level == 1
    assert score(profile, framework(), at="target").assessment == "target"
    with pytest.raises(LookupError, match="2020"):
        score(profile, framework(), at="2020")


def test_rank_orders_best_first_and_lists_unknown_apart() -> None:
    fw = framework()
    strong = score(cluster({"strategy": 4, "monitoring": 4}, members=200, networks=4), fw).model_copy(
        update={"cluster": "a", "ref": "a"}
    )
    weak = score(cluster({"strategy": 1}, members=2), fw).model_copy(update={"cluster": "b", "ref": "b"})
    blank = score(cluster({}, members=None), fw).model_copy(update={"cluster": "c", "ref": "c"})
    ranking = rank([weak, blank, strong], framework="mini", min_coverage=0.0)
    assert [(r.rank, r.id, r.reason) for r in ranking.rows] == [(1, "a", None), (2, "b", None), (None, "c", "no_score")]
    assert ranking.rows[2].score is None


def test_a_cluster_under_the_coverage_threshold_is_listed_apart_never_above_more_evidence() -> None:
    fw = framework()
    # thin: only strategy known, at level 4 (coverage 1/3); broad: everything known, lower score.
    thin = score(cluster({"strategy": 4}, members=None), fw).model_copy(update={"cluster": "thin", "ref": "thin"})
    broad = score(cluster({"strategy": 2, "monitoring": 2}, members=20, networks=2), fw).model_copy(
        update={"cluster": "broad", "ref": "broad"}
    )
    assert (thin.overall or 0) > (broad.overall or 0)
    ranking = rank([thin, broad], framework="mini")  # the default threshold, 50 %
    assert ranking.min_coverage == 0.5
    assert [(r.rank, r.id) for r in ranking.rows] == [(1, "broad"), (None, "thin")]
    assert ranking.not_ranked[0].reason == "coverage_below_threshold"
    assert ranking.not_ranked[0].coverage == pytest.approx(1 / 3)
    # At the threshold itself a cluster is ranked; with no threshold the thin one wins.
    assert [r.rank for r in rank([thin, broad], framework="mini", min_coverage=1 / 3).rows] == [1, 2]
    # On one dimension, the dimension's own coverage decides: thin knows 2/3 of processes' weight.
    on_processes = rank([thin, broad], "processes", framework="mini", min_coverage=0.7)
    assert [(r.rank, r.id) for r in on_processes.rows] == [(1, "broad"), (None, "thin")]
    assert on_processes.not_ranked[0].coverage == pytest.approx(2 / 3)


def test_equal_scores_share_a_rank() -> None:
    fw = framework()
    one = score(cluster({"strategy": 2, "monitoring": 2}, members=20), fw).model_copy(
        update={"cluster": "x", "ref": "x"}
    )
    two = one.model_copy(update={"cluster": "y", "ref": "y"})
    three = score(cluster({"strategy": 1, "monitoring": 1}, members=20), fw).model_copy(
        update={"cluster": "z", "ref": "z"}
    )
    assert [(r.rank, r.id) for r in rank([three, two, one], framework="mini", min_coverage=0).rows] == [
        (1, "x"),
        (1, "y"),
        (3, "z"),
    ]


def test_direct_only_leaves_indirect_levels_out() -> None:
    fw = framework()
    profile = cluster({"strategy": 4, "monitoring": 1})
    data = profile.model_dump()
    data["assessments"][0]["levels"]["strategy"]["basis"] = "indirect"
    inferred = type(profile).model_validate(data)
    full = score(inferred, fw)
    direct = score(inferred, fw, direct_only=True)
    assert full.indicator("strategy").level == 4 and full.indicator("strategy").basis == "indirect"
    assert direct.indicator("strategy").level is None and direct.indicator("strategy").left_out_indirect
    assert direct.indicator("monitoring").basis == "direct"
    assert direct.coverage < full.coverage
    assert direct.dimension("processes").score == pytest.approx(25.0)


def test_scores_view_payload_and_tables() -> None:
    from clusterkit.views.scoring import score_payload, score_summary, scores_view

    result = score(cluster({"strategy": 4, "monitoring": 1}, members=20, networks=3), framework())
    view = scores_view([result], "mini", explain=True)
    assert view.kind == "scores"
    assert view.payload == [{**score_payload(result, explain=True), "below_min_coverage": False}]
    assert [t.name for t in view.tables] == ["scores", "indicators-demo"]
    # One cluster explained: CSV writes its indicators.
    assert view.primary_table().name == "indicators-demo"
    networks = next(r for r in view.tables[1].rows if r["id"] == "networks")
    assert networks["value"] == 3  # a counted list shows its length
    assert score_summary(result)["coverage"] == round(result.coverage, 4)
    assert "indicators" not in score_payload(result, explain=False)
    assert scores_view([result], "mini").primary_table().name == "scores"


def test_ranking_view_rounds_for_json_only() -> None:
    from clusterkit.views.scoring import ranking_view

    fw = framework()
    scored = score(cluster({"strategy": 1}, members=2), fw)
    view = ranking_view(rank([scored], framework="mini", min_coverage=0))
    assert view.kind == "ranking"
    assert view.tables[0].title == "Ranking on overall (mini framework)"
    assert view.payload["ranked_on"] == "overall" and view.payload["min_coverage"] == 0
    (row,) = view.payload["ranking"]
    assert row["score"] == round(scored.overall or 0.0, 2)
    assert row["rank"] == 1 and row["reason"] is None
    assert view.tables[0].rows[0]["score"] == scored.overall


def test_ranking_view_says_why_a_cluster_is_not_ranked() -> None:
    from clusterkit.views.scoring import ranking_view

    fw = framework()
    thin = score(cluster({"strategy": 4}, members=None), fw)
    view = ranking_view(rank([thin], "processes", framework="mini", min_coverage=0.9))
    (row,) = view.payload["ranking"]
    assert (row["rank"], row["reason"]) == (None, "coverage_below_threshold")
    assert view.payload["ranked_on"] == "processes" and view.payload["min_coverage"] == 0.9
    assert view.tables[0].rows[0]["reason"] == "coverage under 90 %"
    assert view.tables[0].note == (
        "1 cluster not ranked (rank -): a cluster is ranked only with at least 90 % of the weight of processes known"
        " (--min-coverage)."
    )
