"""Assessments over time: a cluster's dated assessments and its target, named as ``ID@DATE`` and ``ID@target``.

The profiles folder written here holds ``demo``, assessed on the bundled default framework in 2019 and
2023 (listed latest first, so "latest" must come from the dates, not the order) with a target, and
``plain``, assessed once and without a target. Every assessed indicator of the framework gets a level
from the tables below, so the expected scores are weighted means worked out from the framework's
weights; ``demo`` has no facts, so its measured indicators stay unknown and out of the means.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

from clusterkit.loading import Catalog, bundled_profiles_dir
from clusterkit.models import Framework

Cli = Callable[..., Result]
WriteProfile = Callable[[Path, str, str | bytes], Path]

REFERENCES = """\
kind: references
schema_version: 1
id: references
references:
  - key: test-src
    title: A source the time-series tests cite
    year: 2024
"""


def default_framework() -> Framework:
    return Catalog([bundled_profiles_dir()]).framework()


FRAMEWORK = default_framework()
# The indicators a profile assesses (the others are measured from facts), in framework order.
ASSESSED = [i.id for i in FRAMEWORK.indicators if i.rule is None]

# 2019: levels 0, 1, 2 in turn; by 2023 every other indicator rose one level; the plan: 4 and 3 in turn.
LEVELS_2019 = {ind: n % 3 for n, ind in enumerate(ASSESSED)}
LEVELS_2023 = {ind: LEVELS_2019[ind] + (1 if n % 2 == 0 else 0) for n, ind in enumerate(ASSESSED)}
LEVELS_TARGET = {ind: 4 if n % 2 == 0 else 3 for n, ind in enumerate(ASSESSED)}
RAISED = [ind for ind in ASSESSED if LEVELS_2023[ind] > LEVELS_2019[ind]]


def assessment_yaml(levels: dict[str, int], date: str | None, indent: str) -> list[str]:
    lines = [f"{indent}framework: default"]
    if date is not None:
        lines.append(f'{indent}date: "{date}"')
    lines.append(f"{indent}levels:")
    for ind, level in levels.items():
        lines += [
            f"{indent}  {ind}:",
            f"{indent}    level: {level}",
            f"{indent}    evidence:",
            f"{indent}      - text: {json.dumps(f'{ind} judged at level {level}.')}",
            f"{indent}        source: test-src §{level}",
        ]
    return lines


def cluster_text(
    cluster_id: str, name: str, dated: list[tuple[str, dict[str, int]]], target: dict[str, int] | None
) -> str:
    lines = [
        "kind: cluster",
        "schema_version: 1",
        f"id: {cluster_id}",
        f"name: {name}",
        "location:",
        "  country: MA",
        "  city: Rabat",
        "  source: test-src §1",
        "assessments:",
    ]
    for date, levels in dated:
        first, *rest = assessment_yaml(levels, date, "    ")
        lines += ["  - " + first.lstrip(), *rest]
    if target is not None:
        lines.append("target:")
        lines += assessment_yaml(target, None, "  ")
    return "\n".join(lines) + "\n"


def expected_dimensions(levels: dict[str, int]) -> dict[str, float]:
    """Each dimension's weighted mean of the assessed indicators' scores (level / 4 * 100)."""
    result: dict[str, float] = {}
    for dim in FRAMEWORK.dimensions:
        members = [i for i in FRAMEWORK.indicators if i.dimension == dim.id and i.id in levels]
        total = sum(i.weight for i in members)
        result[dim.id] = sum(i.weight * levels[i.id] * 25 for i in members) / total
    return result


def expected_overall(levels: dict[str, int]) -> float:
    dims = expected_dimensions(levels)
    total = sum(d.weight for d in FRAMEWORK.dimensions)
    return sum(d.weight * dims[d.id] for d in FRAMEWORK.dimensions) / total


def effective_weight(indicator_id: str) -> float:
    """An indicator's share of the overall score when everything is known."""
    ind = next(i for i in FRAMEWORK.indicators if i.id == indicator_id)
    dims = {d.id: d.weight for d in FRAMEWORK.dimensions}
    in_dim = sum(i.weight for i in FRAMEWORK.indicators if i.dimension == ind.dimension)
    return dims[ind.dimension] / sum(dims.values()) * ind.weight / in_dim


@pytest.fixture
def profiles(tmp_path: Path, write_profile: WriteProfile) -> Path:
    folder = tmp_path / "profiles"
    write_profile(folder, "references.yaml", REFERENCES)
    demo = cluster_text("demo", "Demo Cluster", [("2023", LEVELS_2023), ("2019", LEVELS_2019)], LEVELS_TARGET)
    write_profile(folder, "clusters/demo.yaml", demo)
    write_profile(folder, "clusters/plain.yaml", cluster_text("plain", "Plain Cluster", [("2021", LEVELS_2019)], None))
    return folder


def json_out(result: Result) -> Any:
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_the_profiles_are_valid_and_assess_every_assessed_indicator(cli: Cli, profiles: Path) -> None:
    result = cli("validate", profiles, "-p", profiles)
    assert result.exit_code == 0, result.stderr
    assert len(ASSESSED) >= 10
    assert RAISED and len(RAISED) < len(ASSESSED)


def test_score_uses_the_latest_dated_assessment(cli: Cli, profiles: Path) -> None:
    (score,) = json_out(cli("score", "demo", "-p", profiles, "--format", "json"))["scores"]
    assert score["assessment"] == "2023"
    assert score["overall"] == pytest.approx(expected_overall(LEVELS_2023), abs=0.006)
    dims = {d["id"]: d["score"] for d in score["dimensions"]}
    for dim_id, value in expected_dimensions(LEVELS_2023).items():
        assert dims[dim_id] == pytest.approx(value, abs=0.006)


@pytest.mark.parametrize(
    ("ref", "assessment", "levels"),
    [("demo@2019", "2019", LEVELS_2019), ("demo@2023", "2023", LEVELS_2023), ("demo@target", "target", LEVELS_TARGET)],
)
def test_score_picks_the_named_assessment(
    cli: Cli, profiles: Path, ref: str, assessment: str, levels: dict[str, int]
) -> None:
    (score,) = json_out(cli("score", ref, "-p", profiles, "--format", "json", "--explain"))["scores"]
    assert score["assessment"] == assessment
    assert score["overall"] == pytest.approx(expected_overall(levels), abs=0.006)
    judged = {i["id"]: i["level"] for i in score["indicators"] if i["method"] == "assessed"}
    assert judged == levels


def test_score_of_several_assessments_at_once_keeps_them_apart(cli: Cli, profiles: Path) -> None:
    scores = json_out(cli("score", "demo@2019", "demo", "demo@target", "-p", profiles, "--format", "json"))["scores"]
    assert [s["assessment"] for s in scores] == ["2019", "2023", "target"]
    table = cli("score", "demo@2019", "demo", "demo@target", "-p", profiles)
    assert table.exit_code == 0, table.stderr
    rows = [line.split()[0] for line in table.stdout.splitlines() if line.strip()]
    assert {"demo@2019", "demo", "demo@target"} <= set(rows)


def test_compare_shows_the_progress_since_a_baseline(cli: Cli, profiles: Path) -> None:
    doc = json_out(cli("compare", "demo@2023", "demo@2019", "-p", profiles, "--format", "json"))
    assert (doc["a"]["ref"], doc["b"]["ref"]) == ("demo@2023", "demo@2019")
    assert (doc["a"]["assessment"], doc["b"]["assessment"]) == ("2023", "2019")
    gaps = {i["id"]: i for i in doc["indicators"] if i["id"] in ASSESSED}
    for ind in ASSESSED:
        assert (gaps[ind]["a"], gaps[ind]["b"]) == (LEVELS_2023[ind], LEVELS_2019[ind])
        assert gaps[ind]["gap"] == (25.0 if ind in RAISED else 0.0)
    assert all(gaps[ind]["weighted_gap"] > 0 for ind in RAISED)
    progress = expected_overall(LEVELS_2023) - expected_overall(LEVELS_2019)
    assert progress > 0
    assert doc["overall"]["gap"] == pytest.approx(progress, abs=0.011)
    dims_2019, dims_2023 = expected_dimensions(LEVELS_2019), expected_dimensions(LEVELS_2023)
    for dim in doc["dimensions"]:
        assert dim["gap"] == pytest.approx(dims_2023[dim["id"]] - dims_2019[dim["id"]], abs=0.011)
    # No assessed indicator went down: a weakness of 2023 is only where it is below good practice, and
    # 2019 no better (measured against good practice, not against 2019).
    by_id = {i["id"]: i for i in doc["indicators"]}
    for ind in set(doc["weaknesses"]) & set(ASSESSED):
        assert by_id[ind]["against"] == "good_practice" and LEVELS_2023[ind] < 3
    # One cluster at two dates: the change from 2019 to 2023 is explained, oldest first.
    change = doc["change"]
    assert (change["before"]["assessment"], change["after"]["assessment"]) == ("2019", "2023")
    moved = {c["id"]: c["kind"] for c in change["indicators"] if c["id"] in ASSESSED}
    assert {i for i, kind in moved.items() if kind == "changed"} == set(RAISED)


def test_compare_labels_the_columns_with_the_refs(cli: Cli, profiles: Path) -> None:
    result = cli("compare", "demo@2023", "demo@2019", "-p", profiles)
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    headers = [line.split() for line in lines if line.startswith("dimension ")]
    assert headers[0] == ["dimension", "demo@2023", "demo@2019", "gap"]
    gap_header = next(line.split() for line in lines if line.startswith("indicator ") and " vs " in line)
    assert gap_header == ["indicator", "demo@2023", "demo@2019", "vs", "gap", "weighted"]
    assert any(line.startswith("coverage: demo@2023 ") and " demo@2019 " in line for line in lines)
    # The terminal names each indicator in words; JSON gives the name of each id.
    doc = json.loads(cli("compare", "demo@2023", "demo@2019", "-p", profiles, "--format", "json").stdout)
    name = next(i["name"] for i in doc["indicators"] if i["id"] == RAISED[0]).split()
    gaps = lines[next(n for n, line in enumerate(lines) if line.split() == gap_header) :]
    raised = next(line.split() for line in gaps if line.split()[: len(name)] == name)
    assert raised[len(name) : len(name) + 2] == [str(LEVELS_2023[RAISED[0]]), str(LEVELS_2019[RAISED[0]])]
    # The change over time is its own table, each raised indicator a level that changed.
    assert any(line.startswith("From demo@2019 to demo@2023: what moved the scores") for line in lines)


def test_compare_with_the_target_shows_the_distance_to_the_plan(cli: Cli, profiles: Path) -> None:
    doc = json_out(cli("compare", "demo", "demo@target", "-p", profiles, "--format", "json"))
    assert (doc["a"]["ref"], doc["b"]["ref"]) == ("demo", "demo@target")
    assert (doc["a"]["assessment"], doc["b"]["assessment"]) == ("2023", "target")
    gaps = {i["id"]: i for i in doc["indicators"] if i["id"] in ASSESSED}
    for ind in ASSESSED:
        assert gaps[ind]["gap"] == (LEVELS_2023[ind] - LEVELS_TARGET[ind]) * 25.0
    distance = expected_overall(LEVELS_2023) - expected_overall(LEVELS_TARGET)
    assert distance < 0
    assert doc["overall"]["gap"] == pytest.approx(distance, abs=0.011)
    # What still falls short of the plan is a weakness; what already meets it is a strength.
    short = {ind for ind in ASSESSED if LEVELS_2023[ind] < LEVELS_TARGET[ind]}
    assert short <= set(doc["weaknesses"])
    assert not short & set(doc["strengths"])


@pytest.mark.parametrize(
    "args",
    [
        ["score", "demo@2020"],
        ["compare", "demo@2020", "demo"],
        ["compare", "demo", "demo@2020"],
        ["label", "demo@2020"],
    ],
)
def test_an_unknown_date_exits_2_naming_the_dates_that_exist(cli: Cli, profiles: Path, args: list[str]) -> None:
    result = cli(*args, "-p", profiles)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "'2020'" in result.stderr
    assert "2019" in result.stderr and "2023" in result.stderr
    assert len(result.stderr.splitlines()) == 1


@pytest.mark.parametrize(
    "args", [["score", "plain@target"], ["compare", "plain@target", "demo"], ["label", "plain@target"]]
)
def test_target_of_a_cluster_without_one_exits_2(cli: Cli, profiles: Path, args: list[str]) -> None:
    result = cli(*args, "-p", profiles)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "has no target assessment" in result.stderr
    assert "plain" in result.stderr


def test_label_of_the_target(cli: Cli, profiles: Path) -> None:
    planned = json_out(cli("label", "demo@target", "-p", profiles, "--format", "json"))
    latest = json_out(cli("label", "demo", "-p", profiles, "--format", "json"))
    assert planned["cluster"]["id"] == "demo"
    # Every planned level is 3 or 4: the share at good practice is the weight of every assessed indicator.
    assert planned["readiness"]["share"] == pytest.approx(sum(effective_weight(i) for i in ASSESSED), abs=0.0001)
    good_2023 = [i for i in ASSESSED if LEVELS_2023[i] >= 3]
    assert latest["readiness"]["share"] == pytest.approx(sum(effective_weight(i) for i in good_2023), abs=0.0001)
    held_back = {h["id"] for h in planned["holding_back"]}
    assert not held_back & set(ASSESSED)


def test_bundled_clusters_hold_only_what_the_sources_support() -> None:
    clusters = Catalog([bundled_profiles_dir()]).clusters()
    assert len(clusters) >= 12
    for cluster in clusters:
        assert len(cluster.assessments) == 1, cluster.id
        assert cluster.target is None, cluster.id
