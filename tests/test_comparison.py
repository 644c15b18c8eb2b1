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
    assert result.weaknesses == ["networks", "strategy", "monitoring"]  # -28.1, -25, -4.2


def test_recommendations_rank_practices_by_the_weighted_gaps_they_address() -> None:
    subject, bench = pair()
    result = compare(subject, bench, framework(), [practices()])  # type: ignore[arg-type]
    recs = result.recommendations
    # monitor addresses strategy (-25) and monitoring (-25/6); plan only strategy; grow closes no gap.
    assert [r.id for r in recs] == ["monitor", "plan"]
    assert recs[0].weight == pytest.approx(75 / 3 + 25 / 6)
    assert recs[0].priority == "high"
    assert [g.indicator for g in recs[0].addresses] == ["strategy", "monitoring"]
    assert recs[0].sources == ["test §5"]


def test_practices_of_another_benchmark_do_not_apply() -> None:
    subject, bench = pair()
    result = compare(subject, bench, framework(), [practices(benchmark="someone-else")])  # type: ignore[arg-type]
    assert result.recommendations == []
    general = compare(subject, bench, framework(), [practices(benchmark=None)])  # type: ignore[arg-type]
    assert [r.id for r in general.recommendations] == ["monitor", "plan"]


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
    assert payload["recommendations"][0]["weight"] == round(75 / 3 + 25 / 6, 3)
    dimensions = view.tables[0]
    assert dimensions.note == "coverage: demo 100 %, bench 100 % of the framework's weight is known"
    weighted = next(c for c in view.tables[1].columns if c.key == "weighted_gap")
    assert weighted.kind == "points"


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
        ("weighted_gap", "weighted gap", "points"),
    ]
    assert [r["id"] for r in by_name.rows] == ["networks", "strategy", "monitoring"]
    assert by_name.title == "Weaknesses of demo (largest weighted gap first)"
    compare_recs = recommendations_table(result)
    assert [c.key for c in compare_recs.columns] == [
        "rank",
        "priority",
        "title",
        "closes",
        "weight",
        "steps",
        "sources",
    ]
    assert compare_recs.rows[0]["closes"] == "strategy, monitoring"
    report_recs = recommendations_table(result, "name", points=False, title="Recommendations for demo")
    assert "weight" not in [c.key for c in report_recs.columns]
    assert report_recs.title == "Recommendations for demo"
    assert report_recs.rows[0]["closes"] == "Strategy, Monitoring"
    assert report_recs.rows[0]["closes_points"] == "Strategy (-25.00), Monitoring (-4.17)"
