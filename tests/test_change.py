"""A change between two scores, explained as a library: the parts add up, and each kind is told apart.

The property tests draw a level (or unknown) for every assessed indicator of the bundled default
framework at two dates and check, under every method, that the parts of the three kinds of change
(levels that changed, newly known, no longer known) add up to the observed change of the overall
score and of every dimension, and that each indicator's part is where its kind says.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clusterkit.change import Change, dated_change, explain_change, history
from clusterkit.loading import Catalog, bundled_profiles_dir
from clusterkit.models import Cluster
from clusterkit.scoring import score
from clusterkit.views import Table
from clusterkit.views.blocks import Paragraph
from clusterkit.views.change import change_blocks, change_payload, change_sentences, change_table

FIXTURES = Path(__file__).resolve().parent / "data" / "history"
FRAMEWORK = Catalog([bundled_profiles_dir()]).framework()
ASSESSED = [i.id for i in FRAMEWORK.indicators if i.rule is None]
METHODS = [(m, a) for m in ("ignore", "zero") for a in ("arithmetic", "geometric")]
TOLERANCE = 1e-9


def demo() -> Cluster:
    return Catalog([FIXTURES, bundled_profiles_dir()]).cluster("demo")


def cluster_with(levels: dict[str, int | None], members: int | None = None) -> Cluster:
    """A cluster assessed once, in 2020, at these levels (None: not assessed), with ``members`` members."""
    evidence = [{"text": "Test data.", "source": "test-fixture"}]
    data: dict[str, Any] = {
        "kind": "cluster",
        "schema_version": 1,
        "id": "prop",
        "name": "Property Cluster",
        "location": {"country": "MA", "source": "test-fixture"},
        "assessments": [
            {
                "date": "2020",
                "levels": {i: {"level": lv, "evidence": evidence} for i, lv in levels.items() if lv is not None},
            }
        ],
    }
    if members is not None:
        data["members"] = {"total": {"value": members, "source": "test-fixture"}}
    return Cluster.model_validate(data)


def assert_adds_up(change: Change) -> None:
    for part in (change.overall, *change.dimensions):
        if part.change is None:
            assert (part.from_levels, part.from_known, part.from_unknown) == (None, None, None)
            continue
        assert part.from_levels is not None and part.from_known is not None and part.from_unknown is not None
        assert part.from_levels + part.from_known + part.from_unknown == pytest.approx(part.change, abs=TOLERANCE)
    if change.overall.change is not None:
        total = sum(i.overall_points or 0.0 for i in change.indicators)
        assert total == pytest.approx(change.overall.change, abs=TOLERANCE)
    for dim in change.dimensions:
        if dim.change is not None:
            total = sum(i.dimension_points or 0.0 for i in change.indicators if i.dimension == dim.id)
            assert total == pytest.approx(dim.change, abs=TOLERANCE)


LEVEL_OR_UNKNOWN = st.none() | st.integers(min_value=0, max_value=4)
LEVEL_PAIRS = st.fixed_dictionaries({i: st.tuples(LEVEL_OR_UNKNOWN, LEVEL_OR_UNKNOWN) for i in ASSESSED})
MEMBERS = st.none() | st.integers(min_value=0, max_value=200)


@settings(max_examples=120, deadline=None)
@given(pairs=LEVEL_PAIRS, members=st.tuples(MEMBERS, MEMBERS), method=st.sampled_from(METHODS))
def test_the_parts_add_up_to_the_observed_change(
    pairs: dict[str, tuple[int | None, int | None]],
    members: tuple[int | None, int | None],
    method: tuple[Any, Any],
) -> None:
    missing, aggregation = method
    before = score(
        cluster_with({i: p[0] for i, p in pairs.items()}, members[0]),
        FRAMEWORK,
        missing=missing,
        aggregation=aggregation,
    )
    after = score(
        cluster_with({i: p[1] for i, p in pairs.items()}, members[1]),
        FRAMEWORK,
        missing=missing,
        aggregation=aggregation,
    )
    change = explain_change(before, after, FRAMEWORK)
    # The observed change is the scores' own, not a recomputation.
    if before.overall is not None and after.overall is not None:
        assert change.overall.change == after.overall - before.overall
    assert_adds_up(change)
    for ind in change.indicators:
        b, a = pairs.get(ind.id, (None, None))
        if ind.id in pairs:
            expected = "same" if b == a else "known" if b is None else "unknown" if a is None else "changed"
            assert ind.kind == expected
            assert (ind.before_level, ind.after_level) == (b, a)
        if ind.kind == "same" and ind.dimension_points is not None:
            assert ind.dimension_points == 0.0
    for part in (change.overall, *change.dimensions):
        if part.change is None:
            continue
        if not part.levels_changed:
            assert part.from_levels == 0.0
        if not part.newly_known:
            assert part.from_known == 0.0
        if not part.no_longer_known:
            assert part.from_unknown == 0.0


@pytest.mark.parametrize(("missing", "aggregation"), METHODS)
def test_a_change_of_levels_only_is_all_levels(missing: Any, aggregation: Any) -> None:
    levels = dict.fromkeys(ASSESSED, 2)
    before = score(cluster_with(levels), FRAMEWORK, missing=missing, aggregation=aggregation)
    after = score(cluster_with({**levels, ASSESSED[0]: 4}), FRAMEWORK, missing=missing, aggregation=aggregation)
    change = explain_change(before, after, FRAMEWORK)
    assert change.overall.change is not None and change.overall.change > 0
    assert change.overall.from_levels == pytest.approx(change.overall.change, abs=TOLERANCE)
    assert (change.overall.from_known, change.overall.from_unknown) == (0.0, 0.0)
    assert change.indicator(ASSESSED[0]).kind == "changed"


def fixture_change() -> Change:
    cluster = demo()
    return explain_change(score(cluster, FRAMEWORK, at="2019"), score(cluster, FRAMEWORK, at="2023"), FRAMEWORK)


def test_a_fall_from_newly_known_low_levels_is_no_fall_of_any_level() -> None:
    change = fixture_change()
    activities = change.dimension("activities")
    assert activities.before == pytest.approx(65.0)
    assert activities.after == pytest.approx(425 / 7)
    assert activities.levels_changed == 0 and activities.newly_known == 2 and activities.no_longer_known == 0
    assert activities.from_levels == 0.0
    assert activities.from_known == pytest.approx(425 / 7 - 65.0)
    # Each joins at level 2 (50), below the earlier 65: weight 1 * (50 - 65) / 7.
    for ind in ("training_skills", "research_transfer"):
        assert change.indicator(ind).kind == "known"
        assert change.indicator(ind).dimension_points == pytest.approx(-15 / 7)
    sentence = next(s for s in change_sentences(change) if s.startswith("Activities:"))
    assert sentence == (
        "Activities: 65.0 to 60.7, -4.3: +0.0 from levels that changed, -4.3 from 2 indicators newly known"
        " (no level known at both dates changed)."
    )


def test_each_kind_of_change_is_told_apart() -> None:
    change = fixture_change()
    kinds = {i.id: i.kind for i in change.indicators if i.kind != "same"}
    assert kinds == {
        "committed_members": "changed",  # members.total: 40 in 2019 (level 2), 120 in 2023 (level 4)
        "sme_participation": "known",
        "financing_model": "unknown",
        "training_skills": "known",
        "research_transfer": "known",
        "strategy_documented": "changed",
        "performance_monitoring": "known",
    }
    resources = change.dimension("resources")
    assert (resources.levels_changed, resources.newly_known, resources.no_longer_known) == (1, 1, 1)
    assert resources.from_levels is not None and resources.from_levels > 0
    assert resources.from_known is not None and resources.from_known < 0
    assert_adds_up(change)


def test_a_dimension_unknown_on_one_side_has_an_undefined_change() -> None:
    processes = [i.id for i in FRAMEWORK.indicators if i.dimension == "processes"]
    levels: dict[str, int | None] = {i: (None if i in processes else 2) for i in ASSESSED}
    before = score(cluster_with(levels), FRAMEWORK)
    after = score(cluster_with({**levels, processes[0]: 3}), FRAMEWORK)
    change = explain_change(before, after, FRAMEWORK)
    dim = change.dimension("processes")
    assert (dim.before, dim.change, dim.from_known) == (None, None, None)
    assert dim.newly_known == 1
    assert change.indicator(processes[0]).kind == "known"
    assert change.indicator(processes[0]).dimension_points is None
    # The overall score is known on both sides: the dimension joining it is the newly known indicator's part.
    assert change.overall.change is not None
    assert change.indicator(processes[0]).overall_points == pytest.approx(change.overall.change, abs=TOLERANCE)
    assert "Processes and Strategies: unknown to 75.0; unknown before" in " ".join(change_sentences(change))


def test_scores_of_other_methods_are_refused() -> None:
    cluster = demo()
    with pytest.raises(ValueError, match="same method"):
        explain_change(score(cluster, FRAMEWORK, at="2019"), score(cluster, FRAMEWORK, missing="zero"), FRAMEWORK)


def test_the_blocks_and_payload_of_a_change() -> None:
    change = fixture_change()
    blocks = change_blocks(change, "demo-change")
    sentences = [b.text[0] for b in blocks if isinstance(b, Paragraph) and b.style == "plain"]
    assert sentences == change_sentences(change)
    (table,) = [b for b in blocks if isinstance(b, Table)]
    assert table.name == "demo-change" and table.note is None
    assert {r["id"] for r in table.rows} == {i.id for i in change.indicators if i.kind != "same"}
    assert change_table(change).note == " ".join(change_sentences(change))
    payload = change_payload(change)
    assert (payload["before"]["ref"], payload["after"]["ref"]) == ("demo@2019", "demo@2023")
    activities = next(d for d in payload["dimensions"] if d["id"] == "activities")
    assert (activities["from_levels"], activities["from_known"], activities["newly_known"]) == (0.0, -4.286, 2)
    assert len(payload["indicators"]) == len(FRAMEWORK.indicators)


def test_history_scores_each_dated_assessment_on_its_own_facts() -> None:
    found = history(demo(), FRAMEWORK)
    assert [s.assessment for s in found.scores] == ["2019", "2023"]  # the target is not part of it
    assert [s.ref for s in found.scores] == ["demo@2019", "demo@2023"]
    assert [s.indicator("committed_members").value for s in found.scores] == [40, 120]
    assert len(found.changes) == 1 and found.undated == 0
    assert found.changes[0].before is found.scores[0]


def test_a_cluster_without_dated_assessments_has_an_empty_history() -> None:
    found = history(cluster_with({ASSESSED[0]: 2}).model_copy(update={"assessments": []}), FRAMEWORK)
    assert (found.scores, found.changes) == ([], [])


def test_a_comparison_of_one_cluster_at_two_dates_is_a_change_oldest_first() -> None:
    cluster = demo()
    early, late = score(cluster, FRAMEWORK, at="2019"), score(cluster, FRAMEWORK, at="2023")
    for a, b in ((early, late), (late, early)):
        change = dated_change(a, b, FRAMEWORK)
        assert change is not None
        assert (change.before.assessment, change.after.assessment) == ("2019", "2023")
    assert dated_change(late, score(cluster, FRAMEWORK, at="target"), FRAMEWORK) is None
    assert dated_change(late, late, FRAMEWORK) is None
    other = score(cluster_with({ASSESSED[0]: 2}), FRAMEWORK)
    assert dated_change(late, other, FRAMEWORK) is None
