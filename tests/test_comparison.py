"""Comparison as a library: gaps, weighted gaps, strengths, weaknesses, ranked recommendations."""

from __future__ import annotations

import pytest

from clusterkit.comparison import compare, effective_weights
from clusterkit.models import Practices
from clusterkit.scoring import score
from test_scoring import cluster, framework


def practices(benchmark: str | None = "bench") -> Practices:
    return Practices.model_validate(
        {
            "kind": "practices",
            "schema_version": 1,
            "id": "bench-practices",
            "title": "Bench practices",
            "benchmark": benchmark,
            "framework": "mini",
            "practices": [
                {
                    "id": "plan",
                    "title": "Write the strategy down",
                    "summary": "A documented strategy.",
                    "addresses": ["strategy"],
                    "steps": ["Draft it"],
                    "sources": ["test §5"],
                },
                {
                    "id": "monitor",
                    "title": "Monitor indicators",
                    "summary": "Track indicators.",
                    "addresses": ["monitoring", "strategy"],
                    "steps": ["Pick indicators"],
                    "sources": ["test §5"],
                },
                {
                    "id": "grow",
                    "title": "Recruit members",
                    "summary": "More members.",
                    "addresses": ["members"],
                    "steps": ["Call companies"],
                    "sources": ["test §4"],
                },
            ],
        }
    )


def pair() -> tuple[object, object]:
    fw = framework()
    subject = score(cluster({"strategy": 1, "monitoring": 1}, members=200, networks=1), fw)
    bench = score(cluster({"strategy": 4, "monitoring": 2}, members=20, networks=4), fw).model_copy(
        update={"cluster": "bench"}
    )
    return subject, bench


def test_effective_weights_sum_to_one() -> None:
    weights = effective_weights(framework())
    assert sum(weights.values()) == pytest.approx(1.0)
    # strategy: half of the overall (2 dimensions) times 2/3 of its dimension.
    assert weights["strategy"] == pytest.approx(1 / 3)


def test_gaps_and_weighted_gaps() -> None:
    subject, bench = pair()
    result = compare(subject, bench, framework(), [practices()])  # type: ignore[arg-type]
    gaps = {g.id: g for g in result.indicators}
    assert gaps["strategy"].gap == pytest.approx(25 - 100)
    assert gaps["strategy"].weighted_gap == pytest.approx(-75 / 3)
    assert gaps["members"].gap == pytest.approx(100 - 50)
    assert result.overall_gap == pytest.approx(sum(g.weighted_gap or 0 for g in result.indicators))
    assert result.strengths == ["members"]
    # networks -28.1 and strategy -25 against the benchmark; monitoring against good practice (level 3), as
    # the benchmark is only at level 2 there: (25 - 75) / 6 = -8.3.
    assert result.weaknesses == ["networks", "strategy", "monitoring"]
    assert (gaps["strategy"].against, gaps["strategy"].basis_gap) == ("benchmark", pytest.approx(-75))
    monitoring = gaps["monitoring"]
    assert (monitoring.against, monitoring.against_level) == ("good_practice", 3)
    assert monitoring.gap == pytest.approx(-25) and monitoring.basis_gap == pytest.approx(-50)
    assert monitoring.weighted_basis_gap == pytest.approx(-50 / 6)


def test_recommendations_rank_practices_by_the_weighted_gaps_they_address() -> None:
    subject, bench = pair()
    result = compare(subject, bench, framework(), [practices()])  # type: ignore[arg-type]
    recs = result.recommendations
    # The benchmark's own practices weigh only where it shows good practice: strategy (-25), not monitoring
    # (the benchmark is at level 2 there). monitor and plan tie; grow closes no gap.
    assert [r.id for r in recs] == ["monitor", "plan"]
    assert [r.weight for r in recs] == [pytest.approx(75 / 3), pytest.approx(75 / 3)]
    assert [r.rank for r in recs] == [1, 2] and recs[0].priority == "high"
    assert [g.indicator for g in recs[0].addresses] == ["strategy"]
    assert recs[0].benchmark == "bench"
    assert recs[0].sources == ["test §5"]


def test_practices_for_any_benchmark_weigh_the_gap_to_good_practice_where_the_benchmark_is_lower() -> None:
    subject, bench = pair()
    result = compare(subject, bench, framework(), [practices(benchmark=None)])  # type: ignore[arg-type]
    monitor = next(r for r in result.recommendations if r.id == "monitor")
    assert monitor.weight == pytest.approx(75 / 3 + 50 / 6)
    assert {g.indicator: g.against for g in monitor.addresses} == {
        "strategy": "benchmark",
        "monitoring": "good_practice",
    }
    assert monitor.benchmark is None


def test_actions_asked_of_the_subject_keep_a_priority_that_reflects_its_own_level() -> None:
    subject, bench = pair()
    actions = practices(benchmark=None).model_copy(update={"id": "asked", "subject": "demo"})
    heavy = practices(benchmark=None).model_copy(update={"id": "heavy"})
    heavy = heavy.model_copy(
        update={
            "practices": [heavy.practices[0].model_copy(update={"id": "big", "addresses": ["strategy", "networks"]})]
        }
    )
    light = actions.model_copy(
        update={"practices": [actions.practices[1].model_copy(update={"id": "watch", "addresses": ["monitoring"]})]}
    )
    result = compare(subject, bench, framework(), [heavy, light])  # type: ignore[arg-type]
    watch = next(r for r in result.recommendations if r.id == "watch")
    # By weight alone (8.3 of 53.1 points, under a fifth of the top) it would be low; the subject is at level 1.
    assert watch.weight < 0.2 * result.recommendations[0].weight
    assert (watch.priority, watch.priority_basis, watch.for_subject) == ("high", "subject_level", True)


def test_practices_of_another_benchmark_do_not_apply() -> None:
    subject, bench = pair()
    result = compare(subject, bench, framework(), [practices(benchmark="someone-else")])  # type: ignore[arg-type]
    assert result.recommendations == []
    general = compare(subject, bench, framework(), [practices(benchmark=None)])  # type: ignore[arg-type]
    assert [r.id for r in general.recommendations] == ["monitor", "plan"]
    assert general.recommendations[0].weight > general.recommendations[1].weight


def test_unknown_on_either_side_has_no_gap() -> None:
    fw = framework()
    subject = score(cluster({"strategy": 1}, members=None), fw)
    bench = score(cluster({"strategy": 4, "monitoring": 4}, members=20), fw)
    result = compare(subject, bench, fw, [practices(benchmark=None)])
    gaps = {g.id: g for g in result.indicators}
    assert gaps["members"].gap is None
    assert gaps["monitoring"].gap is None
    assert "monitoring" not in result.weaknesses
    monitor = next(r for r in result.recommendations if r.id == "monitor")
    assert monitor.unknown == ["monitoring"]


def test_the_view_carries_the_payload_and_the_tables_compare_shows() -> None:
    from clusterkit.views.comparison import comparison_view

    subject, bench = pair()
    bench = bench.model_copy(update={"ref": "bench"})  # type: ignore[attr-defined]
    view = comparison_view(compare(subject, bench, framework(), [practices()]))  # type: ignore[arg-type]
    assert view.kind == "comparison"
    assert [t.name for t in view.tables] == ["dimensions", "indicators", "strengths", "weaknesses", "recommendations"]
    assert view.primary_table().name == "indicators"
    payload = view.payload
    assert list(payload) == [
        "framework",
        "good_practice",
        "years_apart",
        "benchmarks",
        "change",
        "a",
        "b",
        "overall",
        "dimensions",
        "indicators",
        "strengths",
        "weaknesses",
        "recommendations",
    ]
    strategy = next(i for i in payload["indicators"] if i["id"] == "strategy")
    assert (strategy["gap"], strategy["weighted_gap"]) == (-75.0, -25.0)
    assert (strategy["against"], strategy["basis_gap"], strategy["weighted_basis_gap"]) == ("benchmark", -75.0, -25.0)
    assert payload["recommendations"][0]["weight"] == 25.0
    assert payload["benchmarks"] == [
        {
            **payload["b"],
            "gap": payload["overall"]["gap"],
            "years_apart": 0,
            "dimension_gaps": {d["id"]: d["gap"] for d in payload["dimensions"]},
        }
    ]
    dimensions = view.tables[0]
    assert dimensions.note == "coverage: demo 100 %, bench 100 % of the framework's weight is known."
    weighted = next(c for c in view.tables[1].columns if c.key == "weighted_basis_gap")
    assert weighted.kind == "points"
    monitoring = next(r for r in view.tables[1].rows if r["id"] == "monitoring")
    assert monitoring["against_text"] == "good"


def test_strengths_weaknesses_and_recommendations_tables_serve_compare_and_the_report() -> None:
    from clusterkit.views.comparison import recommendations_table, strengths_table, weaknesses_table

    subject, bench = pair()
    result = compare(subject, bench, framework(), [practices()])  # type: ignore[arg-type]
    by_id = strengths_table(result)
    assert [c.key for c in by_id.columns] == ["id", "name"]
    assert by_id.rows[0]["id"] == "members"
    by_name = weaknesses_table(result, "name", points=True, refs=False)
    assert [(c.key, c.header, c.kind) for c in by_name.columns] == [
        ("name", "indicator", "text"),
        ("weighted_basis_gap", "weighted gap", "points"),
        ("against_text", "vs", "text"),
    ]
    assert [r["id"] for r in by_name.rows] == ["networks", "strategy", "monitoring"]
    assert by_name.title == "Weaknesses of demo (largest weighted gap first)"
    compare_recs = recommendations_table(result)
    assert [c.key for c in compare_recs.columns] == [
        "rank",
        "priority",
        "title",
        "origin",
        "closes",
        "closes_names",
        "weight",
        "steps",
        "sources",
    ]
    assert compare_recs.rows[0]["closes"] == "strategy"
    assert compare_recs.rows[0]["origin"] == "bench's practice"
    report_recs = recommendations_table(result, "name", points=False, title="Recommendations for demo")
    assert "weight" not in [c.key for c in report_recs.columns]
    assert report_recs.title == "Recommendations for demo"
    assert report_recs.rows[0]["closes"] == "Strategy"
    assert report_recs.rows[0]["closes_points"] == "Strategy (-25.00)"


def test_several_benchmarks_give_a_frontier_and_each_recommendation_names_its_benchmark() -> None:
    fw = framework()
    subject = score(cluster({"strategy": 1, "monitoring": 1}, members=20), fw)
    first = score(cluster({"strategy": 4, "monitoring": 2}, members=20), fw).model_copy(
        update={"cluster": "bench", "ref": "bench"}
    )
    second = score(cluster({"strategy": 2, "monitoring": 4}, members=200), fw).model_copy(
        update={"cluster": "other", "ref": "other"}
    )
    other_practices = practices(benchmark="other").model_copy(update={"id": "other-practices"})
    result = compare(subject, [first, second], fw, [practices(), other_practices])
    assert result.b.cluster == "frontier"
    assert [v.b.cluster for v in result.versus] == ["bench", "other"]
    gaps = {g.id: g for g in result.indicators}
    assert (gaps["strategy"].b_level, gaps["strategy"].b_from) == (4, ["bench"])
    assert (gaps["monitoring"].b_level, gaps["monitoring"].b_from) == (4, ["other"])
    assert (gaps["members"].b_level, gaps["members"].b_from) == (4, ["other"])
    # The frontier is scored as a cluster at the best known level of each indicator.
    assert result.b.dimension("processes").score == pytest.approx(100.0)
    assert result.versus[0].overall_gap == pytest.approx((subject.overall or 0) - (first.overall or 0))
    by_origin = {(r.id, r.benchmark) for r in result.recommendations}
    # bench's monitor weighs strategy (where bench shows good practice); other's weighs monitoring.
    assert ("monitor", "bench") in by_origin and ("monitor", "other") in by_origin
    mon_other = next(r for r in result.recommendations if r.id == "monitor" and r.benchmark == "other")
    assert [g.indicator for g in mon_other.addresses] == ["monitoring"]
    assert mon_other.addresses[0].benchmark == "other"


def test_compare_says_how_many_years_separate_the_assessments() -> None:
    from clusterkit.views.comparison import comparison_view

    fw = framework()
    subject = score(cluster({"strategy": 1}), fw)
    later = cluster({"strategy": 4}).model_dump()
    later["id"] = "later"
    later["assessments"][0]["date"] = "2024-03"
    bench = score(type(cluster()).model_validate(later), fw)
    result = compare(subject, bench, fw)
    assert result.years_apart == 5
    note = comparison_view(result).tables[0].note or ""
    assert "demo is assessed in 2019, later in 2024-03 (5 years apart): a gap mixes the difference" in note
