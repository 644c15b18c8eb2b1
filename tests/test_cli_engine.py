"""The engine commands as a user runs them: score, rank, compare and audit.

Most expectations are computed by hand from a small profiles folder written into ``tmp_path``
(framework ``tiny``, clusters ``aaa``, ``bbb`` and ``ccc``, a few practice sets and a strategy);
the others are the bundled data's figures that docs/methodology.md and docs/audit.md work out.
"""

from __future__ import annotations

import csv
import io
import json
import math
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

from clusterkit.loading import bundled_profiles_dir
from terminal import on_terminal

Cli = Callable[..., Result]
WriteProfile = Callable[[Path, str, str | bytes], Path]

BUNDLED_CLUSTERS = ["agrinnov", "ahp", "c2tm", "ce3m", "chtc", "cise", "emc", "le2c", "mdc", "menara", "mnc", "solar"]
DIMENSION_NAMES = ["Human and Material Resources", "Activities", "Processes and Strategies"]
ANSI = "\x1b["

# --- a small profiles folder whose scores are worked out by hand -------------------------------
#
# Framework tiny: dimension res (weight 1) holds smes (weight 1, measured from members.smes,
# thresholds 1/10/40/100) and staff (weight 3, measured from management.staff_fte, thresholds
# 0.5/1/2/4); dimension act (weight 1) holds projects and training (weight 1 each, assessed).
# Effective weights: smes 1/2 * 1/4 = 0.125, staff 0.375, projects 0.25, training 0.25.
# No bundled cluster has members.smes or management.staff_fte, so min-max ranges are these clusters'.
#
#   cluster  smes        staff          projects  training  res                      act    overall
#   aaa      50 -> L3    1.5 -> L2      L4        unknown   (75 + 3*50)/4 = 56.25    100    78.125
#   bbb      200 -> L4   6 -> L4        L2        L1        100                      37.5   68.75
#   ccc      5 -> L1     unknown        L0        L2        25                       25     25

REFERENCES = """\
kind: references
schema_version: 1
id: references
references:
  - key: test-src
    title: A source the engine tests cite
    year: 2024
"""

TINY = """\
kind: framework
schema_version: 1
id: tiny
name: Tiny framework
source: test-src
dimensions:
  - id: res
    name: Resources
  - id: act
    name: Activities
indicators:
  - id: smes
    name: SME members
    dimension: res
    weight: 1
    measures: SME members (members.smes).
    esca_area: Structure
    levels: ["No SME.", "1 to 9 SMEs.", "10 to 39 SMEs.", "40 to 99 SMEs.", "100 SMEs or more."]
    rule:
      path: members.smes
      thresholds: [1, 10, 40, 100]
  - id: staff
    name: Management staff
    dimension: res
    weight: 3
    measures: Management staff in full-time equivalents (management.staff_fte).
    esca_area: Management
    levels: ["Under 0.5 FTE.", "0.5 FTE.", "1 FTE.", "2 FTE.", "4 FTE or more."]
    rule:
      path: management.staff_fte
      thresholds: [0.5, 1, 2, 4]
  - id: projects
    name: Joint projects
    dimension: act
    weight: 1
    measures: Projects run together.
    esca_area: Services
    levels: ["None.", "Rare.", "Some.", "Regular.", "Many."]
  - id: training
    name: Training
    dimension: act
    weight: 1
    measures: Training offered to members.
    esca_area: Services
    levels: ["None.", "Rare.", "Some.", "Regular.", "Many."]
"""


def tiny_cluster(cluster_id: str, name: str, facts: str, levels: dict[str, int], evidence: str = "") -> str:
    """A cluster document with facts (YAML text) and one ``tiny`` assessment of the given levels."""
    lines = [
        "kind: cluster",
        "schema_version: 1",
        f"id: {cluster_id}",
        f"name: {json.dumps(name)}",
        "location:",
        "  country: MA",
        "  city: Rabat",
        "  source: test-src §1",
        facts.rstrip("\n"),
        "assessments:",
        "  - framework: tiny",
        '    date: "2020"',
        "    levels:",
    ]
    for indicator, level in levels.items():
        text = evidence if evidence and indicator == "projects" else f"{cluster_id} {indicator} at level {level}."
        lines += [
            f"      {indicator}:",
            f"        level: {level}",
            "        evidence:",
            f"          - text: {json.dumps(text)}",
            "            source: test-src §4",
        ]
    return "\n".join(lines) + "\n"


AAA = tiny_cluster(
    "aaa",
    "Alpha Cluster",
    "members:\n  smes: {value: 50, source: test-src §2}\nmanagement:\n  staff_fte: {value: 1.5, source: test-src §3}\n",
    {"projects": 4},
)
BBB = tiny_cluster(
    "bbb",
    "Beta Cluster",
    "members:\n  smes: {value: 200, source: test-src §2}\nmanagement:\n  staff_fte: {value: 6, source: test-src §3}\n",
    {"projects": 2, "training": 1},
)
CCC = tiny_cluster(
    "ccc", "Gamma Cluster", "members:\n  smes: {value: 5, source: test-src §2}\n", {"projects": 0, "training": 2}
)


def practices(practices_id: str, benchmark: str | None, items: dict[str, list[str]]) -> str:
    """A practice set for the tiny framework: practice id -> the indicators it addresses."""
    lines = ["kind: practices", "schema_version: 1", f"id: {practices_id}", f"title: Practices {practices_id}"]
    if benchmark:
        lines.append(f"benchmark: {benchmark}")
    lines += ["framework: tiny", "practices:"]
    for practice_id, addresses in items.items():
        lines += [
            f"  - id: {practice_id}",
            f"    title: Practice {practice_id}",
            f"    summary: What {practice_id} does.",
            f"    addresses: [{', '.join(addresses)}]",
            "    steps:",
            f"      - First step of {practice_id}.",
            "    sources:",
            "      - test-src §5",
        ]
    return "\n".join(lines) + "\n"


PLAN = """\
kind: strategy
schema_version: 1
id: plan
name: Plan 2020
country: MA
axes:
  - id: axis-1
    name: First axis
    planned: {value: 10, source: test-src §6}
    statuses:
      achieved: {count: 4, source: test-src §6}
      not_started: {count: 6, source: test-src §6}
    statuses_complete: true
targets:
  - id: known
    name: Companies supported
    axis: axis-1
    unit: companies
    target: {value: 100, source: test-src §6}
    actual: {value: 25, source: test-src §6}
  - id: lacking
    name: Profiles trained
    axis: axis-1
    unit: profiles
    target: {value: 1000, source: test-src §6}
    unknown_reason: {text: Information is lacking., source: test-src §6}
"""


@pytest.fixture
def tiny(tmp_path: Path, write_profile: WriteProfile) -> Path:
    """The hand-worked profiles folder (see the table above)."""
    root = tmp_path / "profiles"
    write_profile(root, "references.yaml", REFERENCES)
    write_profile(root, "frameworks/tiny.yaml", TINY)
    write_profile(root, "clusters/aaa.yaml", AAA)
    write_profile(root, "clusters/bbb.yaml", BBB)
    write_profile(root, "clusters/ccc.yaml", CCC)
    write_profile(
        root,
        "practices/bbb.yaml",
        practices(
            "bbb",
            "bbb",
            {
                "joint_projects": ["projects", "smes"],
                "grow_membership": ["smes", "staff"],
                "train_staff": ["training"],
                "hire_staff": ["staff"],
            },
        ),
    )
    write_profile(root, "practices/generic.yaml", practices("generic", None, {"project_office": ["projects"]}))
    write_profile(root, "practices/alpha.yaml", practices("alpha", "aaa", {"alpha_only": ["projects", "smes"]}))
    write_profile(root, "strategies/plan.yaml", PLAN)
    return root


# --- helpers -----------------------------------------------------------------------------------


def near(actual: float | None, expected: float, tol: float = 0.0051) -> bool:
    """Equal within the JSON's rounding (two decimals unless told)."""
    return actual is not None and abs(actual - expected) <= tol


def run_json(cli: Cli, *args: Any) -> dict[str, Any]:
    result = cli(*args, "--format", "json")
    assert result.exit_code == 0, result.output
    doc: dict[str, Any] = json.loads(result.stdout)
    assert doc["schema_version"] == 1
    return doc


def scores_by_id(doc: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {s["id"]: s for s in doc["scores"]}


def dims(score: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {d["id"]: d for d in score["dimensions"]}


def line_starting(text: str, start: str) -> str:
    lines = [line for line in text.splitlines() if line.startswith(start)]
    assert lines, f"no line starts with {start!r} in:\n{text}"
    return lines[0]


# --- score ------------------------------------------------------------------------------------


def test_score_tiny_framework_matches_the_hand_computation(cli: Cli, tiny: Path) -> None:
    doc = run_json(cli, "score", "aaa", "bbb", "ccc", "--framework", "tiny", "-p", tiny)
    assert doc["kind"] == "scores"
    s = scores_by_id(doc)
    assert list(s) == ["aaa", "bbb", "ccc"]
    expected = {
        "aaa": ((75 + 3 * 50) / 4, 100.0, 78.125, 0.125 + 0.375 + 0.25),
        "bbb": (100.0, (50 + 25) / 2, 68.75, 1.0),
        "ccc": (25.0, (0 + 50) / 2, 25.0, 0.125 + 0.25 + 0.25),
    }
    for cluster_id, (res, act, overall, coverage) in expected.items():
        assert near(dims(s[cluster_id])["res"]["score"], res)
        assert near(dims(s[cluster_id])["act"]["score"], act)
        assert near(s[cluster_id]["overall"], overall)
        assert near(s[cluster_id]["coverage"], coverage, 0.00005)
    aaa = dims(s["aaa"])
    assert (aaa["act"]["known"], aaa["act"]["total"], aaa["act"]["coverage"]) == (1, 2, 0.5)
    assert s["aaa"]["method"] == {"missing": "ignore", "aggregation": "arithmetic", "normalisation": "thresholds"}
    assert s["aaa"]["assessment"] == "2020"
    assert s["aaa"]["framework"] == "tiny"


def test_score_json_follows_the_documented_contract(cli: Cli) -> None:
    plain = run_json(cli, "score", "mnc")
    assert plain["kind"] == "scores"
    (mnc,) = plain["scores"]
    assert set(mnc) == {
        "id",
        "name",
        "framework",
        "assessment",
        "overall",
        "coverage",
        "method",
        "dimensions",
        "below_min_coverage",
        "facts_as_of",
        "later_facts",
    }
    # MNC's 2014 assessment is scored on the facts as they stood then; a fact known only from later is said.
    assert mnc["facts_as_of"] == "2014"
    assert all(f["date"] > "2014" for f in mnc["later_facts"])
    assert set(mnc["method"]) == {"missing", "aggregation", "normalisation"}
    for dim in mnc["dimensions"]:
        assert set(dim) == {"id", "name", "weight", "score", "coverage", "known", "total"}
        assert 0 <= dim["score"] <= 100 and 0 <= dim["coverage"] <= 1
    assert [d["name"] for d in mnc["dimensions"]] == DIMENSION_NAMES

    explained = run_json(cli, "score", "mnc", "--explain")
    indicators = explained["scores"][0]["indicators"]
    assert len(indicators) == 30
    keys = {"id", "name", "dimension", "weight", "method", "path", "value", "level", "score", "contribution"}
    keys |= {"rubric", "evidence", "sources", "basis", "left_out_indirect"}
    for ind in indicators:
        assert set(ind) == keys
        assert ind["method"] in ("measured", "assessed")
        assert ind["basis"] == (None if ind["level"] is None else ind["basis"]) and ind["basis"] in (
            None,
            "direct",
            "indirect",
        )
        assert (ind["path"] is not None) == (ind["method"] == "measured")
        if ind["level"] is None:
            # Unknown is null, never 0.
            assert (ind["score"], ind["contribution"], ind["rubric"]) == (None, None, None)
        else:
            assert isinstance(ind["level"], int) and 0 <= ind["level"] <= 4
            assert ind["score"] == ind["level"] / 4 * 100
            assert ind["sources"], ind["id"]
        for evidence in ind["evidence"]:
            assert set(evidence) == {"text", "source"}


def test_score_mnc_figures_of_the_worked_example(cli: Cli) -> None:
    (mnc,) = run_json(cli, "score", "mnc")["scores"]
    d = dims(mnc)
    # Resources: committed members L2, member diversity L3 (five types), SME participation L2,
    # management team L1, financing L1 (weight 1 each) and human-capital budget L1 (weight 1.5).
    assert near(d["resources"]["score"], (50 + 75 + 50 + 25 + 25 + 1.5 * 25) / 6.5)
    # Activities: the thematic poles date from 2015, after the assessment, so working groups are unknown.
    assert near(d["activities"]["score"], (2 * 50 + 50 + 25 + 1.5 * 25 + 1.5 * 25 + 25 + 2 * 50) / 10)
    # Processes: eight indicators at L1 weighing 13.5, the quality label at L2 weighing 1.
    assert near(d["processes"]["score"], (13.5 * 25 + 1 * 50) / 14.5)
    assert near(d["processes"]["coverage"], 14.5 / 16, 0.00005)
    assert near(mnc["overall"], (d["resources"]["score"] + d["activities"]["score"] + d["processes"]["score"]) / 3)
    assert near(mnc["overall"], 34.9, 0.05)


def test_score_explain_contributions_add_up_to_the_overall_score(cli: Cli, tiny: Path) -> None:
    (aaa,) = run_json(cli, "score", "aaa", "--explain", "--framework", "tiny", "-p", tiny)["scores"]
    points = {i["id"]: i["contribution"] for i in aaa["indicators"]}
    # dimension share * w / known weight of the dimension * score
    assert points == {
        "smes": 1 / 2 * 1 / 4 * 75,
        "staff": 1 / 2 * 3 / 4 * 50,
        "projects": 1 / 2 * 1 / 1 * 100,
        "training": None,
    }
    assert near(sum(p for p in points.values() if p is not None), aaa["overall"])
    (mnc,) = run_json(cli, "score", "mnc", "--explain")["scores"]
    total = sum(i["contribution"] for i in mnc["indicators"] if i["contribution"] is not None)
    assert abs(total - mnc["overall"]) < 0.02


def test_score_explain_says_where_each_level_came_from(cli: Cli, tiny: Path) -> None:
    (aaa,) = run_json(cli, "score", "aaa", "--explain", "--framework", "tiny", "-p", tiny)["scores"]
    ind = {i["id"]: i for i in aaa["indicators"]}
    assert (ind["smes"]["method"], ind["smes"]["path"], ind["smes"]["value"], ind["smes"]["level"]) == (
        "measured",
        "members.smes",
        50,
        3,
    )
    assert ind["smes"]["sources"] == ["test-src §2"]
    assert ind["smes"]["rubric"] == "40 to 99 SMEs."
    assert (ind["staff"]["value"], ind["staff"]["level"], ind["staff"]["sources"]) == (1.5, 2, ["test-src §3"])
    assert ind["projects"]["method"] == "assessed"
    assert ind["projects"]["evidence"] == [{"text": "aaa projects at level 4.", "source": "test-src §4"}]
    assert ind["projects"]["sources"] == ["test-src §4"]
    assert (ind["training"]["level"], ind["training"]["evidence"], ind["training"]["sources"]) == (None, [], [])


def explain_blocks(text: str) -> dict[str, str]:
    """The --explain records on a terminal: ``indicator id -> its block`` (each titled by the indicator's
    name, its id on an ``id:`` line), wrapped lines joined."""
    blocks: list[list[str]] = []
    current: list[str] | None = None
    for line in text.splitlines():
        if line and not line.startswith(" ") and "(level " in line:
            current = []
            blocks.append(current)
        elif line.startswith("    ") and current is not None:
            current.append(line.strip())
        elif not line.strip():
            current = None
    ids = [next(line.removeprefix("id: ") for line in lines if line.startswith("id: ")) for lines in blocks]
    return {key: " ".join(lines) for key, lines in zip(ids, blocks)}


def test_score_explain_table_shows_method_evidence_and_source_of_every_indicator(cli: Cli) -> None:
    (mnc,) = run_json(cli, "score", "mnc", "--explain")["scores"]
    result = cli("score", "mnc", "--explain", env={"COLUMNS": "1000"})
    assert result.exit_code == 0
    rows = explain_blocks(result.stdout)
    assert set(rows) == {i["id"] for i in mnc["indicators"]}
    for ind in mnc["indicators"]:
        row = rows[ind["id"]]
        assert f"method: {ind['method']}" in row, row
        for source in ind["sources"]:
            assert source in row, (ind["id"], source)
        for evidence in ind["evidence"]:
            assert evidence["text"] in row, (ind["id"], evidence["text"])
    assert "el-idrissi-2020 Table 2" in rows["management_team"]
    assert "usinenouvelle-n202512" in rows["committed_members"]


def test_score_explain_table_keeps_citations_whole_at_120_columns(cli: Cli) -> None:
    (mnc,) = run_json(cli, "score", "mnc", "--explain")["scores"]
    result = cli("score", "mnc", "--explain", env={"COLUMNS": "120"})
    assert result.exit_code == 0
    cited: dict[str, int] = {}
    for ind in mnc["indicators"]:
        for source in dict.fromkeys(ind["sources"]):
            key = source.split(" ")[0]
            cited[key] = cited.get(key, 0) + 1
    assert set(cited) >= {"el-idrissi-2020", "usinenouvelle-n202512"}
    # Each citation of each indicator is printed once; a key cut by a line break is not found.
    broken = {key: (n, result.stdout.count(key)) for key, n in cited.items() if result.stdout.count(key) < n}
    assert broken == {}, f"citation keys broken across lines (cited, found whole): {broken}"


def test_score_explain_table_does_not_call_an_assessed_level_unknown(cli: Cli, tiny: Path) -> None:
    # The legend says 'unknown' = no evidence; an assessed level with its evidence is known.
    result = cli("score", "aaa", "--explain", "--framework", "tiny", "-p", tiny, env={"COLUMNS": "1000"})
    assert result.exit_code == 0
    block = explain_blocks(result.stdout)["projects"]
    assert "method: assessed" in block
    assert "unknown" not in block, block


@pytest.mark.parametrize(("threshold", "code"), [("78.125", 0), ("50", 0), ("0", 0), ("78.2", 1), ("100", 1)])
def test_score_fail_under(cli: Cli, tiny: Path, threshold: str, code: int) -> None:
    result = cli("score", "aaa", "--framework", "tiny", "-p", tiny, "--fail-under", threshold, "--format", "json")
    assert result.exit_code == code
    # The scores are written whatever the verdict.
    assert near(json.loads(result.stdout)["scores"][0]["overall"], 78.125)
    if code:
        assert f"aaa: overall score 78.1 is below {threshold}" in result.stderr
    else:
        assert "below" not in result.stderr


def test_score_fail_under_names_only_the_clusters_below(cli: Cli, tiny: Path) -> None:
    result = cli("score", "aaa", "bbb", "ccc", "--framework", "tiny", "-p", tiny, "--fail-under", "50")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == ["ccc: overall score 25.0 is below 50"]


def test_score_fail_under_mnc(cli: Cli) -> None:
    assert cli("score", "mnc", "--fail-under", "35").exit_code == 1
    assert cli("score", "mnc", "--fail-under", "34").exit_code == 0


def test_score_fail_under_treats_an_unknown_score_as_a_failure(cli: Cli, tiny: Path) -> None:
    # No bundled cluster has a fact or an assessment for the tiny framework.
    result = cli("score", "mnc", "--framework", "tiny", "-p", tiny, "--fail-under", "1", "--format", "json")
    assert result.exit_code == 1
    assert json.loads(result.stdout)["scores"][0]["overall"] is None
    assert "mnc: overall score unknown is below 1" in result.stderr


def test_framework_file_with_one_weight_changed_follows_the_formula(cli: Cli, tiny: Path, tmp_path: Path) -> None:
    changed = tmp_path / "elsewhere" / "tiny.yaml"
    changed.parent.mkdir()
    text = TINY.replace("dimension: res\n    weight: 3\n", "dimension: res\n    weight: 1\n")
    assert text != TINY
    changed.write_text(text, encoding="utf-8")
    s = scores_by_id(run_json(cli, "score", "aaa", "bbb", "ccc", "--framework", changed, "-p", tiny))
    # staff now weighs 1 like smes: aaa's resources are (75 + 50) / 2.
    assert near(dims(s["aaa"])["res"]["score"], 62.5)
    assert near(s["aaa"]["overall"], (62.5 + 100) / 2)
    assert near(s["bbb"]["overall"], 68.75)
    # ccc's unknown staff now carries 1/2 * 1/2 of the framework instead of 0.375.
    assert near(s["ccc"]["coverage"], 0.75, 0.00005)
    assert near(s["ccc"]["overall"], 25.0)


def test_bundled_framework_copy_with_the_quality_label_weight_tripled(cli: Cli, tmp_path: Path) -> None:
    original = (bundled_profiles_dir() / "frameworks" / "default.yaml").read_text(encoding="utf-8")
    block = (
        "  - id: quality_label\n    name:\n      en: Cluster-management quality label\n"
        '      fr: "Label de qualité de la gestion de cluster"\n    dimension: processes\n'
    )
    assert original.count(block + "    weight: 1.0\n") == 1
    copy = tmp_path / "copy" / "default.yaml"
    copy.parent.mkdir()
    copy.write_text(original.replace(block + "    weight: 1.0\n", block + "    weight: 3.0\n"), encoding="utf-8")

    (before,) = run_json(cli, "score", "mnc")["scores"]
    (after,) = run_json(cli, "score", "mnc", "--framework", copy)["scores"]
    b, a = dims(before), dims(after)
    assert a["resources"] == b["resources"] and a["activities"] == b["activities"]
    # MNC's processes: eight indicators at level 1 weighing 13.5, the label (level 2) now weighing 3.
    processes = (13.5 * 25 + 3 * 50) / (13.5 + 3)
    assert near(a["processes"]["score"], processes)
    assert near(a["processes"]["coverage"], 16.5 / 18, 0.00005)
    unrounded_others = (b["resources"]["score"] + b["activities"]["score"]) / 3
    assert near(after["overall"], unrounded_others + processes / 3, 0.01)
    assert near(
        after["coverage"],
        (b["resources"]["coverage"] + b["activities"]["coverage"] + 16.5 / 18) / 3,
        0.0002,
    )


def test_missing_zero_counts_unknown_as_level_0(cli: Cli, tiny: Path) -> None:
    s = scores_by_id(run_json(cli, "score", "aaa", "ccc", "--framework", "tiny", "-p", tiny, "--missing", "zero"))
    # aaa: training unknown -> 0, activities (100 + 0) / 2
    assert near(dims(s["aaa"])["act"]["score"], 50.0)
    assert near(s["aaa"]["overall"], (56.25 + 50) / 2)
    # ccc: staff unknown -> 0, resources (25 + 3 * 0) / 4
    assert near(dims(s["ccc"])["res"]["score"], 6.25)
    assert near(s["ccc"]["overall"], (6.25 + 25) / 2)
    # Coverage is unchanged; the method says what was done.
    assert near(s["aaa"]["coverage"], 0.75, 0.00005)
    assert s["aaa"]["method"]["missing"] == "zero"


def test_missing_zero_lowers_mnc(cli: Cli) -> None:
    (ignored,) = run_json(cli, "score", "mnc")["scores"]
    (zero,) = run_json(cli, "score", "mnc", "--missing", "zero")["scores"]
    assert zero["overall"] < ignored["overall"]
    assert zero["coverage"] == ignored["coverage"]
    # Processes: value-chain mapping (weight 1.5 of 16) is unknown and now counts as 0.
    assert near(dims(zero)["processes"]["score"], (13.5 * 25 + 1 * 50) / 16)


def test_geometric_aggregation(cli: Cli, tiny: Path) -> None:
    s = scores_by_id(
        run_json(cli, "score", "aaa", "ccc", "--framework", "tiny", "-p", tiny, "--aggregation", "geometric")
    )
    res = math.exp((math.log(75) + 3 * math.log(50)) / 4)
    assert near(dims(s["aaa"])["res"]["score"], res)
    assert near(s["aaa"]["overall"], math.sqrt(res * 100))
    # ccc's level-0 projects are floored at 1 point: activities sqrt(1 * 50).
    assert near(dims(s["ccc"])["act"]["score"], math.sqrt(50))
    assert near(s["ccc"]["overall"], math.sqrt(25 * math.sqrt(50)))
    assert s["aaa"]["method"]["aggregation"] == "geometric"


def test_minmax_normalisation(cli: Cli, tiny: Path) -> None:
    s = scores_by_id(
        run_json(cli, "score", "aaa", "bbb", "ccc", "--framework", "tiny", "-p", tiny, "--normalisation", "minmax")
    )
    # smes range over the search path: 5 (ccc) to 200 (bbb); staff_fte: 1.5 (aaa) to 6 (bbb).
    aaa_smes = (50 - 5) / (200 - 5) * 100
    assert near(dims(s["aaa"])["res"]["score"], (aaa_smes + 3 * 0) / 4)
    assert near(s["aaa"]["overall"], ((aaa_smes / 4) + 100) / 2)
    assert near(dims(s["bbb"])["res"]["score"], 100.0)
    # Assessed indicators keep their rubric levels.
    assert near(dims(s["bbb"])["act"]["score"], 37.5)
    assert near(s["ccc"]["overall"], (0 + 25) / 2)
    assert s["aaa"]["method"]["normalisation"] == "minmax"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["score", "mnx"], "no cluster with id 'mnx' on the search path; did you mean 'mnc'?"),
        (["score", "mnc", "le2x"], "did you mean 'le2c'?"),
        (["score", "mnc", "--framework", "defualt"], "did you mean 'default'?"),
        (["compare", "mnc", "lec2"], "did you mean 'le2c'?"),
        (["audit", "mn2031"], "did you mean 'mn2013'?"),
    ],
)
def test_unknown_ids_exit_2_with_a_suggestion(cli: Cli, args: list[str], message: str) -> None:
    result = cli(*args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert message in result.stderr


def test_score_an_assessment_date_that_does_not_exist(cli: Cli) -> None:
    result = cli("score", "mnc@2099")
    assert result.exit_code == 2
    assert "has no assessment dated '2099'" in result.stderr


@pytest.mark.parametrize("value", [["--missing", "some"], ["--aggregation", "median"], ["--normalisation", "zscore"]])
def test_score_refuses_an_unknown_method(cli: Cli, value: list[str]) -> None:
    result = cli("score", "mnc", *value)
    assert result.exit_code == 2
    assert result.stdout == ""


# --- rank ------------------------------------------------------------------------------------


def test_rank_lists_every_bundled_cluster_best_first_with_coverage(cli: Cli) -> None:
    doc = run_json(cli, "rank")
    assert doc["kind"] == "ranking"
    rows = doc["ranking"]
    assert (doc["ranked_on"], doc["min_coverage"]) == ("overall", 0.5)
    assert sorted(r["id"] for r in rows) == BUNDLED_CLUSTERS
    ranked = [r for r in rows if r["rank"] is not None]
    apart = rows[len(ranked) :]
    assert all(r["rank"] is None for r in apart)
    assert [r["score"] for r in ranked] == sorted((r["score"] for r in ranked), reverse=True)
    # No cluster under the threshold ranks above one with more evidence: it is not ranked at all.
    assert all(r["coverage"] >= 0.5 for r in ranked)
    assert all(r["coverage"] < 0.5 and r["reason"] in ("coverage_below_threshold", "no_score") for r in apart)
    for row in rows:
        assert set(row) == {"rank", "id", "name", "score", "coverage", "reason"}
        assert 0 <= row["coverage"] <= 1
    by_id = {r["id"]: r for r in rows}
    assert by_id["le2c"]["rank"] < by_id["mnc"]["rank"]
    scores = scores_by_id(run_json(cli, "score", "mnc", "le2c"))
    assert by_id["mnc"]["score"] == scores["mnc"]["overall"] and by_id["le2c"]["score"] == scores["le2c"]["overall"]
    assert rows[0]["rank"] == 1
    # With no threshold every cluster with a score is ranked again, best first.
    everyone = run_json(cli, "rank", "--min-coverage", "0")["ranking"]
    assert [r["id"] for r in everyone if r["rank"] is None] == [r["id"] for r in everyone if r["score"] is None]


def test_rank_table_is_plain_text_with_a_coverage_column(cli: Cli) -> None:
    result = cli("rank")
    assert result.exit_code == 0
    assert ANSI not in result.stdout
    header = result.stdout.splitlines()[1].split()
    assert header == ["rank", "id", "name", "score", "coverage"]
    for cluster_id in BUNDLED_CLUSTERS:
        assert re.search(rf"^\s*(\d+|-)\s+{cluster_id}\s", result.stdout, re.M), cluster_id
    assert re.search(r"^\s*-\s+mdc\s.*12.5 %$", result.stdout, re.M)
    assert "10 clusters not ranked (rank -): a cluster is ranked only with at least 50 %" in " ".join(
        result.stdout.split()
    )
    rows = list(csv.DictReader(io.StringIO(cli("rank", "--format", "csv").stdout)))
    assert {r["id"]: r["reason"] for r in rows}["mdc"] == "coverage under 50 %"


def test_rank_tiny_by_hand(cli: Cli, tiny: Path) -> None:
    rows = run_json(cli, "rank", "--framework", "tiny", "-p", tiny)["ranking"]
    assert [(r["rank"], r["id"]) for r in rows[:3]] == [(1, "aaa"), (2, "bbb"), (3, "ccc")]
    assert [r["score"] for r in rows[:3]] == [pytest.approx(78.125, abs=0.0051), 68.75, 25.0]
    assert [r["coverage"] for r in rows[:3]] == [0.75, 1.0, 0.625]
    # Bundled clusters on the search path have nothing for this framework: unknown, last.
    assert sorted(r["id"] for r in rows[3:]) == BUNDLED_CLUSTERS
    assert all(r["score"] is None for r in rows[3:])


def test_rank_on_one_dimension(cli: Cli, tiny: Path) -> None:
    rows = run_json(cli, "rank", "--framework", "tiny", "-p", tiny, "--dimension", "act")["ranking"]
    assert [(r["id"], r["score"], r["coverage"]) for r in rows[:3]] == [
        ("aaa", 100.0, 0.5),
        ("bbb", 37.5, 1.0),
        ("ccc", 25.0, 1.0),
    ]


def test_rank_bundled_on_processes(cli: Cli) -> None:
    doc = run_json(cli, "rank", "--dimension", "processes")
    rows = doc["ranking"]
    assert doc["ranked_on"] == "processes"
    assert sorted(r["id"] for r in rows) == BUNDLED_CLUSTERS
    ranked = [r["score"] for r in rows if r["rank"] is not None]
    assert ranked == sorted(ranked, reverse=True)
    by_id = {r["id"]: r for r in rows}
    # MDC knows 9 % of the weight of processes: listed apart, never above MNC.
    assert by_id["mdc"]["rank"] is None and by_id["mdc"]["reason"] == "coverage_below_threshold"
    assert near(by_id["mnc"]["score"], (13.5 * 25 + 1 * 50) / 14.5)
    assert near(by_id["mnc"]["coverage"], 14.5 / 16, 0.00005)
    # Ranked on processes, not overall: every row's score is its processes score.
    scores = scores_by_id(run_json(cli, "score", *BUNDLED_CLUSTERS))
    for row in rows:
        assert row["score"] == dims(scores[row["id"]])["processes"]["score"]
    table = cli("rank", "--dimension", "processes")
    assert table.stdout.splitlines()[0] == "Ranking on processes (default framework)"


def test_rank_unknown_dimension_exits_2(cli: Cli) -> None:
    result = cli("rank", "--dimension", "process")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == "error: unknown dimension 'process'; choose one of: resources, activities, processes\n"


# --- compare ---------------------------------------------------------------------------------


def test_compare_tiny_gaps_and_recommendations_by_hand(cli: Cli, tiny: Path) -> None:
    doc = run_json(cli, "compare", "ccc", "bbb", "--framework", "tiny", "-p", tiny)
    assert doc["kind"] == "comparison"
    assert doc["overall"] == {"a": 25.0, "b": 68.75, "gap": -43.75}
    assert [(d["id"], d["a"], d["b"], d["gap"]) for d in doc["dimensions"]] == [
        ("res", 25.0, 100.0, -75.0),
        ("act", 25.0, 37.5, -12.5),
    ]
    ind = {i["id"]: i for i in doc["indicators"]}
    assert {k: ind[k]["effective_weight"] for k in ind} == {
        "smes": 0.125,
        "staff": 0.375,
        "projects": 0.25,
        "training": 0.25,
    }
    assert (ind["smes"]["a"], ind["smes"]["b"], ind["smes"]["gap"], ind["smes"]["weighted_gap"]) == (
        1,
        4,
        -75.0,
        -9.375,
    )
    assert (ind["projects"]["gap"], ind["projects"]["weighted_gap"]) == (-50.0, -12.5)
    assert (ind["training"]["gap"], ind["training"]["weighted_gap"]) == (25.0, 6.25)
    assert (ind["staff"]["a"], ind["staff"]["gap"], ind["staff"]["weighted_gap"]) == (None, None, None)
    # bbb shows good practice (level 3+) on smes only: projects (bbb at 2) and training (bbb at 1) are
    # measured against good practice, 75 points: projects 0 - 75, training 50 - 75.
    basis = {
        k: (ind[k]["against"], ind[k]["against_level"], ind[k]["basis_gap"]) for k in ("smes", "projects", "training")
    }
    assert basis == {
        "smes": ("benchmark", 4, -75.0),
        "projects": ("good_practice", 3, -75.0),
        "training": ("good_practice", 3, -25.0),
    }
    # ccc is ahead of bbb on training, but below good practice: no strength, a weakness.
    assert doc["strengths"] == []
    assert doc["weaknesses"] == ["projects", "smes", "training"]  # -18.75, -9.375, -6.25
    recs = [(r["id"], r["rank"], r["priority"], r["weight"], r["practices"]) for r in doc["recommendations"]]
    # project_office (any benchmark) weighs projects against good practice: 18.75. bbb's own practices weigh
    # only smes, where bbb shows good practice: joint_projects and grow_membership 9.375 each (half the top:
    # high), in id order. train_staff addresses training, where bbb is at level 1; hire_staff only an unknown
    # gap; alpha_only is aaa's practice: none of them is recommended.
    assert recs == [
        ("project_office", 1, "high", 18.75, "generic"),
        ("grow_membership", 2, "high", 9.375, "bbb"),
        ("joint_projects", 3, "high", 9.375, "bbb"),
    ]
    joint = doc["recommendations"][2]
    assert joint["addresses"] == [
        {
            "indicator": "smes",
            "gap": -75.0,
            "weighted_gap": -9.375,
            "against": "benchmark",
            "level": 4,
            "benchmark": "bbb",
        },
    ]
    assert joint["benchmark"] == "bbb" and doc["recommendations"][0]["benchmark"] is None
    assert doc["recommendations"][1]["unknown"] == ["staff"]
    assert joint["steps"] == ["First step of joint_projects."]
    assert joint["sources"] == ["test-src §5"]


def test_compare_json_has_the_contract_keys(cli: Cli) -> None:
    doc = run_json(cli, "compare", "mnc", "le2c")
    assert doc["kind"] == "comparison"
    assert {
        "framework",
        "a",
        "b",
        "overall",
        "dimensions",
        "indicators",
        "strengths",
        "weaknesses",
        "recommendations",
    } <= set(doc)
    assert doc["a"]["id"] == "mnc" and doc["b"]["id"] == "le2c"
    assert set(doc["overall"]) == {"a", "b", "gap"}
    assert near(doc["overall"]["gap"], doc["overall"]["a"] - doc["overall"]["b"], 0.011)
    assert [d["name"] for d in doc["dimensions"]] == DIMENSION_NAMES
    for dim in doc["dimensions"]:
        assert {"id", "name", "a", "b", "gap"} <= set(dim)
        assert near(dim["gap"], dim["a"] - dim["b"], 0.011)
    assert len(doc["indicators"]) == 30
    for ind in doc["indicators"]:
        assert {"id", "name", "dimension", "weight", "effective_weight", "a", "b", "gap", "weighted_gap"} <= set(ind)
    assert near(sum(i["effective_weight"] for i in doc["indicators"]), 1.0, 0.002)
    for rec in doc["recommendations"]:
        assert {"id", "title", "priority", "addresses", "sources", "steps"} <= set(rec)
        assert rec["priority"] in ("high", "medium", "low")
        assert rec["steps"] and all(isinstance(s, str) and s for s in rec["steps"])
        for addressed in rec["addresses"]:
            assert set(addressed) >= {"indicator", "gap", "weighted_gap"}


def test_compare_mnc_le2c_recommendations_are_traceable_to_the_paper(cli: Cli) -> None:
    doc = run_json(cli, "compare", "mnc", "le2c")
    recs = doc["recommendations"]
    assert len(recs) >= 8
    references = (bundled_profiles_dir() / "references.yaml").read_text(encoding="utf-8")
    for rec in recs:
        assert any(s.startswith(("el-idrissi-2020 §4.1", "el-idrissi-2020 §5")) for s in rec["sources"]), rec["id"]
        for source in rec["sources"]:
            assert f"key: {source.split(' ')[0]}" in references, source
    # Worked example of docs/methodology.md: the paper's demand that MNC plan its resources comes first, on
    # gaps to good practice where LE2C is unknown or lower; prioritising the objectives is not "low" either.
    assert recs[0]["id"] == "plan_human_financial_resources"
    assert near(recs[0]["weight"], 6.47)
    assert {a["indicator"]: a["against"] for a in recs[0]["addresses"]} == {
        "human_capital_budget": "good_practice",
        "resource_planning": "good_practice",
        "financing_model": "good_practice",
    }
    by_id = {r["id"]: r for r in recs}
    assert by_id["prioritise_objectives"]["priority"] == "high"
    assert by_id["plan_human_financial_resources"]["priority"] == "high"
    # LE2C's own practice weighs only what LE2C shows: not resource planning, where LE2C is at level 2.
    systemic = by_id["systemic_action_local_area"]
    assert systemic["benchmark"] == "le2c"
    assert "resource_planning" not in {a["indicator"] for a in systemic["addresses"]}


def test_compare_mnc_le2c_ranking_and_priorities_follow_the_rule(cli: Cli) -> None:
    doc = run_json(cli, "compare", "mnc", "le2c")
    gaps = {i["id"]: i["weighted_gap"] for i in doc["indicators"]}
    weaknesses = set(doc["weaknesses"])
    recs = doc["recommendations"]
    assert [r["rank"] for r in recs] == list(range(1, len(recs) + 1))
    weights = [r["weight"] for r in recs]
    assert weights == sorted(weights, reverse=True)
    top = weights[0]
    by_id = {i["id"]: i for i in doc["indicators"]}
    order = {"low": 0, "medium": 1, "high": 2}
    for rec in recs:
        # A practice weighs the weighted shortfalls of the weaknesses it addresses, on their basis; LE2C's
        # own practices only where LE2C shows good practice, measured against LE2C.
        assert {a["indicator"] for a in rec["addresses"]} <= weaknesses
        assert near(rec["weight"], -sum(a["weighted_gap"] for a in rec["addresses"]), 0.003)
        for a in rec["addresses"]:
            ind = by_id[a["indicator"]]
            if rec["benchmark"] == "le2c":
                assert a["against"] == "benchmark" and ind["b"] >= 3 and near(a["weighted_gap"], gaps[ind["id"]], 0.001)
            else:
                assert near(a["weighted_gap"], ind["weighted_basis_gap"], 0.001)
        expected = "high" if rec["weight"] >= top / 2 else "medium" if rec["weight"] >= top / 5 else "low"
        if rec["priority_basis"] == "subject_level":
            assert rec["for_subject"] and order[rec["priority"]] > order[expected], rec["id"]
        else:
            assert rec["priority"] == expected, rec["id"]
    assert {r["priority"] for r in recs} == {"high", "medium", "low"}
    strategy = next(i for i in doc["indicators"] if i["id"] == "strategy_documented")
    assert (strategy["a"], strategy["b"], strategy["gap"]) == (1, 3, -50.0)
    assert near(strategy["effective_weight"], 1 / 3 * 2 / 16, 0.00005)
    assert near(strategy["weighted_gap"], -50 / 3 * 2 / 16, 0.0005)


def test_compare_table_shows_the_dimensions_side_by_side_in_plain_text(cli: Cli) -> None:
    doc = run_json(cli, "compare", "mnc", "le2c")
    result = cli("compare", "mnc", "le2c")
    assert result.exit_code == 0
    out = result.stdout
    assert ANSI not in out
    lines = out.splitlines()
    assert lines[0] == "Maroc Numeric Cluster against Lombardy Energy Cleantech Cluster (0-100)"
    assert lines[1].split() == ["dimension", "mnc", "le2c", "gap"]
    rows = [("Overall", doc["overall"]), *((d["name"], d) for d in doc["dimensions"])]
    for name, values in rows:
        cells = line_starting(out, name + " ").split()
        assert f"{values['a']:.1f}" in cells and f"{values['b']:.1f}" in cells, cells
        assert cells[-1] == f"{values['gap']:+.1f}"
    assert line_starting(out, "Human and Material Resources ").split()[-1] == "-56.0"
    for rec in doc["recommendations"]:
        assert f"{rec['rank']}. {rec['title']}" in out
    assert "source: el-idrissi-2020 §4.1" in out


@pytest.mark.parametrize("env", [{}, {"NO_COLOR": "1"}])
def test_compare_no_color_flag_and_variable_keep_plain_text(cli: Cli, env: dict[str, str]) -> None:
    result = cli("compare", "mnc", "le2c", "--no-color", env=env)
    assert result.exit_code == 0
    assert ANSI not in result.stdout
    assert line_starting(result.stdout, "Activities ").split()[-1] == "-42.0"


def test_compare_table_fits_80_columns(cli: Cli) -> None:
    result = cli("compare", "mnc", "le2c", env={"COLUMNS": "80"})
    assert result.exit_code == 0
    wide = [line for line in result.stdout.splitlines() if len(line) > 80]
    assert wide == []


@pytest.mark.skipif(not hasattr(os, "openpty") or sys.platform == "win32", reason="needs a POSIX pseudo-terminal")
@pytest.mark.parametrize(
    ("args", "env", "coloured"),
    [
        ([], {}, True),
        (["--no-color"], {}, False),
        ([], {"NO_COLOR": "1"}, False),
        # no-color.org: an empty NO_COLOR is the same as none.
        ([], {"NO_COLOR": ""}, True),
    ],
)
def test_compare_on_a_terminal_is_coloured_unless_asked_not_to(
    args: list[str], env: dict[str, str], coloured: bool
) -> None:
    code, out = on_terminal(["compare", "mnc", "le2c", *args], env)
    assert code == 0
    assert (ANSI in out) is coloured
    for name in DIMENSION_NAMES:
        assert name in out


EXTRA_PRACTICES = """\
kind: practices
schema_version: 1
id: extra
title: Extra practices
benchmark: le2c
practices:
  - id: more_events
    title: More events
    summary: Hold more networking events.
    addresses: [networking_event, networking_events]
    steps: [Plan a calendar.]
    sources: [el-idrissi-2020 §5]
"""


def test_compare_notes_a_practice_naming_an_unknown_indicator(
    cli: Cli, tmp_path: Path, write_profile: WriteProfile, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # paths in messages are shown relative to here
    write_profile(tmp_path, "mine/practices/extra.yaml", EXTRA_PRACTICES)
    note = (
        "note: mine/practices/extra.yaml: practice 'more_events' names indicator 'networking_event',"
        " which framework 'default' does not define; its recommendation ignores it (`clusterkit validate` shows where)"
    )
    result = cli("compare", "mnc", "le2c", "-p", tmp_path / "mine", "--format", "json")
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [note]
    recommendation = next(r for r in json.loads(result.stdout)["recommendations"] if r["id"] == "more_events")
    assert [g["indicator"] for g in recommendation["addresses"]] == ["networking_events"]
    report = cli("report", "mnc", "-b", "le2c", "-p", tmp_path / "mine", "-o", tmp_path / "r.html")
    assert report.exit_code == 0
    assert note in report.stderr.splitlines()


def test_compare_the_other_way_round(cli: Cli) -> None:
    forward = run_json(cli, "compare", "mnc", "le2c")
    backward = run_json(cli, "compare", "le2c", "mnc")
    assert backward["overall"] == {
        "a": forward["overall"]["b"],
        "b": forward["overall"]["a"],
        "gap": -forward["overall"]["gap"],
    }
    for f, b in zip(forward["dimensions"], backward["dimensions"]):
        assert (b["a"], b["b"], b["gap"]) == (f["b"], f["a"], -f["gap"])
    # LE2C trails MNC nowhere: its only shortfalls are against good practice, where MNC is no better.
    backward_ind = {i["id"]: i for i in backward["indicators"]}
    assert all(backward_ind[w]["against"] == "good_practice" for w in backward["weaknesses"])
    forward_ind = {i["id"]: i for i in forward["indicators"]}
    against_le2c = {w for w in forward["weaknesses"] if forward_ind[w]["against"] == "benchmark"}
    assert against_le2c and against_le2c <= set(backward["strengths"])
    # No practice on the search path is MNC's, or asked of LE2C: nothing to recommend.
    assert backward["recommendations"] == []
    table = cli("compare", "le2c", "mnc")
    assert table.exit_code == 0
    assert table.stdout.splitlines()[0] == "Lombardy Energy Cleantech Cluster against Maroc Numeric Cluster (0-100)"
    assert line_starting(table.stdout, "Overall ").split()[-1] == "+47.9"


def test_compare_ce3m_with_an_unknown_dimension(cli: Cli) -> None:
    doc = run_json(cli, "compare", "ce3m", "le2c")
    processes = next(d for d in doc["dimensions"] if d["id"] == "processes")
    # Nothing is known of CE3M's processes: the gap is unknown, not a number.
    assert (processes["a"], processes["gap"]) == (None, None)
    assert processes["b"] is not None
    assert doc["recommendations"]
    assert doc["a"]["coverage"] < doc["b"]["coverage"]
    table = cli("compare", "ce3m", "le2c")
    assert table.exit_code == 0
    row = line_starting(table.stdout, "Processes and Strategies ")
    cells = row.split()
    assert (cells[3], cells[-1]) == ("unknown", "unknown")


def test_compare_csv_numbers_parse_as_numbers(cli: Cli) -> None:
    result = cli("compare", "mnc", "le2c", "--format", "csv")
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == 30
    assert set(rows[0]) >= {"id", "a", "b", "gap", "weighted_gap"}
    for row in rows:
        for column in ("a", "b", "gap", "weighted_gap"):
            if row[column] != "":
                float(row[column])
                assert not row[column].startswith("'")
    strategy = next(r for r in rows if r["id"] == "strategy_documented")
    assert (int(strategy["a"]), int(strategy["b"]), float(strategy["gap"])) == (1, 3, -50.0)
    # NOTE: rounded to 2 decimals, as JSON rounds points.
    assert float(strategy["weighted_gap"]) == round(-50 / 24, 2)
    company = next(r for r in rows if r["id"] == "company_members")
    assert (company["a"], company["gap"]) == ("", "")


def test_compare_markdown_is_pipe_tables(cli: Cli) -> None:
    result = cli("compare", "mnc", "le2c", "--format", "markdown")
    assert result.exit_code == 0
    out = result.stdout
    assert out.startswith("## Maroc Numeric Cluster against Lombardy Energy Cleantech Cluster (0-100)\n")
    assert "| dimension" in out
    assert re.search(r"^\|[-:|]+\|$", out, re.M)
    assert re.search(r"^\| Human and Material Resources +\| +40\.4 \| +96\.4 \| +-56\.0 \|$", out, re.M)
    headings = [line for line in out.splitlines() if line.startswith("## ")]
    separators = [line for line in out.splitlines() if re.fullmatch(r"\|[-:|]+\|", line)]
    # Every section is a table but MNC's strengths: it has none, said in words.
    assert len(headings) == 5 and len(separators) == 4
    assert "## Strengths of mnc (at good practice, level with le2c or ahead)\n\n_None._\n" in out


@pytest.mark.skipif(shutil.which("pandoc") is None, reason="pandoc is not installed")
def test_compare_markdown_becomes_html_tables_with_pandoc(cli: Cli) -> None:
    result = cli("compare", "mnc", "le2c", "--format", "markdown")
    html = subprocess.run(
        ["pandoc", "-f", "markdown", "-t", "html"],
        input=result.stdout,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout
    assert html.count("<table") == 4
    assert "<td>Human and Material Resources</td>" in html


# --- CSV safety on free text --------------------------------------------------------------------


@pytest.mark.parametrize("name", ['=HYPERLINK("http://x.example","x")', "+1+2", "-3+4", "@SUM(A1)"])
def test_list_csv_neutralises_a_name_a_spreadsheet_would_run(
    cli: Cli, tmp_path: Path, write_profile: WriteProfile, cluster_yaml: Callable[..., str], name: str
) -> None:
    text = cluster_yaml("zzz").replace("name: Demo Cluster", f"name: {json.dumps(name)}")
    write_profile(tmp_path, "mine/clusters/zzz.yaml", text)
    result = cli("list", "-p", tmp_path / "mine", "--format", "csv")
    assert result.exit_code == 0
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(result.stdout))}
    assert rows["zzz"]["name"] == "'" + name
    assert rows["mnc"]["name"] == "Maroc Numeric Cluster"


def test_score_explain_csv_neutralises_evidence_text(cli: Cli, tmp_path: Path, write_profile: WriteProfile) -> None:
    root = tmp_path / "mine"
    write_profile(root, "references.yaml", REFERENCES)
    write_profile(root, "frameworks/tiny.yaml", TINY)
    text = tiny_cluster("eee", "Epsilon", "", {"projects": 2}, evidence="=cmd|' /C calc'!A0 joint projects")
    write_profile(root, "clusters/eee.yaml", text)
    result = cli("score", "eee", "--explain", "--framework", "tiny", "-p", root, "--format", "csv")
    assert result.exit_code == 0
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(result.stdout))}
    assert rows["projects"]["evidence"] == "'=cmd|' /C calc'!A0 joint projects"
    assert (rows["projects"]["level"], rows["projects"]["contribution"]) == ("2", "50.0")
    assert rows["training"]["level"] == ""


# --- audit ------------------------------------------------------------------------------------


def test_audit_mn2013_json(cli: Cli) -> None:
    doc = run_json(cli, "audit", "mn2013")
    assert doc["kind"] == "audit"
    axes = {a["id"]: a for a in doc["axes"]}
    axis3 = axes["axis-3"]
    assert (axis3["planned"], axis3["statuses"]["achieved"]["count"]) == (9, 2)
    assert abs(axis3["achievement_rate"] - 2 / 9) <= 0.005
    targets = {t["id"]: t for t in doc["targets"]}
    assert abs(targets["moussanada-ti"]["attainment"] - 295 / 3000) < 0.0005
    assert abs(targets["infitah"]["attainment"] - 3040 / 10000) < 0.0005
    egov = targets["egov-services"]
    assert (egov["actual"], egov["target"]) == (42, 89)
    assert abs(egov["attainment"] - 42 / 89) < 0.0005
    it_profiles = targets["it-profiles"]
    assert (it_profiles["target"], it_profiles["actual"], it_profiles["attainment"]) == (30000, None, None)
    assert "information is lacking" in it_profiles["unknown_reason"]
    axis4 = [i for i in doc["inconsistencies"] if i["axis"] == "axis-4"]
    planned_units = [i for i in axis4 if i["kind"] == "planned_units"]
    assert len(planned_units) == 1
    assert "14 actions" in planned_units[0]["text"] and "15 projects" in planned_units[0]["text"]
    assert any(i["kind"] == "counts_sum" for i in axis4)
    for inconsistency in doc["inconsistencies"]:
        assert set(inconsistency) == {"kind", "axis", "field", "text", "sources"}
        assert inconsistency["sources"]


def test_audit_mn2013_index_follows_its_formula(cli: Cli) -> None:
    doc = run_json(cli, "audit", "mn2013")
    rates = [a["achievement_rate"] for a in doc["axes"] if a["achievement_rate"] is not None]
    attainments = [t["attainment"] for t in doc["targets"] if t["attainment"] is not None]
    assert (len(rates), len(doc["axes"])) == (4, 6)
    assert (len(attainments), len(doc["targets"])) == (10, 14)
    implementation = sum(rates) / len(rates)
    attainment = sum(attainments) / len(attainments)
    assert abs(doc["index"]["value"] - (implementation + attainment) / 2) < 0.0005
    assert abs(doc["index"]["value"] - 0.306) < 0.001


@pytest.mark.parametrize(("threshold", "code"), [("50", 1), ("31", 1), ("30", 0), ("10", 0)])
def test_audit_fail_under(cli: Cli, threshold: str, code: int) -> None:
    result = cli("audit", "mn2013", "--fail-under", threshold)
    assert result.exit_code == code
    # The audit is printed whatever the verdict.
    assert "Computerisation of SMEs" in result.stdout
    if code:
        assert f"mn2013: implementation index 30.6 is below {threshold}" in result.stderr


def test_audit_small_strategy_by_hand(cli: Cli, tiny: Path) -> None:
    doc = run_json(cli, "audit", "plan", "-p", tiny)
    (axis,) = doc["axes"]
    assert axis["achievement_rate"] == 0.4
    targets = {t["id"]: t for t in doc["targets"]}
    assert targets["known"]["attainment"] == 0.25
    assert (targets["lacking"]["attainment"], targets["lacking"]["unknown_reason"]) == (None, "Information is lacking.")
    assert doc["index"]["value"] == (0.4 + 0.25) / 2
    assert cli("audit", "plan", "-p", tiny, "--fail-under", "32").exit_code == 0
    assert cli("audit", "plan", "-p", tiny, "--fail-under", "33").exit_code == 1


# --- output files -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["score", "aaa", "--framework", "tiny"],
        ["compare", "ccc", "bbb", "--framework", "tiny"],
        ["audit", "plan"],
    ],
)
def test_output_file_holds_what_stdout_would(cli: Cli, tiny: Path, tmp_path: Path, args: list[str]) -> None:
    out = tmp_path / "out.json"
    result = cli(*args, "-p", tiny, "-o", out)
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr.splitlines()[-1] == f"wrote {out}"
    assert out.read_text(encoding="utf-8") == cli(*args, "-p", tiny, "--format", "json").stdout
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.json", "profiles"]


@pytest.mark.parametrize(
    "args",
    [
        ["score", "aaa", "zzz", "--framework", "tiny"],
        ["compare", "ccc", "zzz", "--framework", "tiny"],
        ["compare", "ccc", "bbb", "--framework", "nope"],
        ["audit", "nope"],
        ["score", "aaa", "--framework", "tiny", "--missing", "some"],
    ],
)
def test_a_failed_command_leaves_the_earlier_output_intact(
    cli: Cli, tiny: Path, tmp_path: Path, args: list[str]
) -> None:
    out = tmp_path / "out.json"
    out.write_text('{"earlier": true}\n', encoding="utf-8")
    result = cli(*args, "-p", tiny, "-o", out)
    assert result.exit_code == 2
    assert out.read_text(encoding="utf-8") == '{"earlier": true}\n'
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.json", "profiles"]


@pytest.mark.parametrize(
    ("args", "target"),
    [
        (["score", "aaa", "--framework", "tiny"], "clusters/aaa.yaml"),
        (["score", "aaa", "bbb", "--framework", "tiny"], "clusters/bbb.yaml"),
        (["compare", "ccc", "bbb", "--framework", "tiny"], "clusters/ccc.yaml"),
        (["compare", "ccc", "bbb", "--framework", "tiny"], "clusters/bbb.yaml"),
        (["audit", "plan"], "strategies/plan.yaml"),
    ],
)
def test_output_never_overwrites_an_input_profile(cli: Cli, tiny: Path, args: list[str], target: str) -> None:
    path = tiny / target
    before = path.read_bytes()
    result = cli(*args, "-p", tiny, "--format", "json", "-o", path)
    assert result.exit_code == 2
    assert f"{path}: is an input profile; refusing to write over it" in result.stderr.splitlines()
    assert path.read_bytes() == before


def test_output_never_overwrites_the_framework_file_it_read(cli: Cli, tiny: Path, tmp_path: Path) -> None:
    framework = tmp_path / "elsewhere" / "tiny.yaml"
    framework.parent.mkdir()
    framework.write_text(TINY, encoding="utf-8")
    result = cli("score", "aaa", "--framework", framework, "-p", tiny, "--format", "json", "-o", framework)
    assert result.exit_code == 2
    assert "refusing to write over it" in result.stderr
    assert framework.read_text(encoding="utf-8") == TINY


TYPO_LEVEL = """\
assessments:
  - levels:
      financing_modle:
        level: 2
        evidence: [{text: Membership fees., source: el-idrissi-2020 §3.1}]
      committed_members:
        level: 3
        evidence: [{text: About 100 members., source: el-idrissi-2020 §3.1}]
"""


def test_score_notes_levels_it_cannot_use(
    cli: Cli,
    tmp_path: Path,
    write_profile: WriteProfile,
    cluster_yaml: Callable[..., str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)  # paths in messages are shown relative to here
    write_profile(tmp_path, "mine/clusters/demo.yaml", cluster_yaml("demo", TYPO_LEVEL))
    result = cli("score", "demo", "-p", tmp_path / "mine", "--explain", "--format", "json")
    assert result.exit_code == 0
    where = "note: mine/clusters/demo.yaml: assessments.0.levels"
    assert result.stderr.splitlines() == [
        f"{where}.financing_modle: level not used: framework 'default' has no such indicator"
        " (`clusterkit validate` shows where)",
        f"{where}.committed_members: level not used: the indicator is measured from the profile's facts"
        " (`clusterkit validate` shows where)",
    ]
    indicators = {i["id"]: i for i in json.loads(result.stdout)["scores"][0]["indicators"]}
    assert indicators["financing_model"]["level"] is None
