"""The commands around the engine as a user runs them: sensitivity, label, new, list --format
geojson and report --timestamp.

Where a test needs its own data it writes a small profiles folder into ``tmp_path`` (framework
``tiny``: dimension res holds smes, weight 1, and staff, weight 3, both measured; dimension act
holds projects and training, weight 1 each, assessed; effective weights 0.125, 0.375, 0.25, 0.25).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

Cli = Callable[..., Result]
WriteProfile = Callable[[Path, str, str | bytes], Path]

BUNDLED_CLUSTERS = ["agrinnov", "ahp", "c2tm", "ce3m", "chtc", "cise", "emc", "le2c", "mdc", "menara", "mnc", "solar"]

REFERENCES = """\
kind: references
schema_version: 1
id: references
references:
  - key: test-src
    title: A source the tests cite
    year: 2024
"""

TINY = """\
kind: framework
schema_version: 1
id: tiny
name: Tiny framework
source: test-src
dimensions:
  - {id: res, name: Resources}
  - {id: act, name: Activities}
indicators:
  - id: smes
    name: SME members
    dimension: res
    weight: 1
    measures: SME members (members.smes).
    esca_area: Structure
    levels: ["No SME.", "1 to 9 SMEs.", "10 to 39 SMEs.", "40 to 99 SMEs.", "100 SMEs or more."]
    rule: {path: members.smes, thresholds: [1, 10, 40, 100]}
  - id: staff
    name: Management staff
    dimension: res
    weight: 3
    measures: Management staff in full-time equivalents (management.staff_fte).
    esca_area: Management
    levels: ["Under 0.5 FTE.", "0.5 FTE.", "1 FTE.", "2 FTE.", "4 FTE or more."]
    rule: {path: management.staff_fte, thresholds: [0.5, 1, 2, 4]}
  - id: projects
    name: Joint projects
    dimension: act
    measures: Projects run together.
    esca_area: Services
    levels: ["None.", "Rare.", "Some.", "Regular.", "Many."]
  - id: training
    name: Training
    dimension: act
    measures: Training offered to members.
    esca_area: Services
    levels: ["None.", "Rare.", "Some.", "Regular.", "Many."]
"""


def tiny_cluster(cluster_id: str, facts: str, levels: dict[str, int]) -> str:
    """A cluster with facts (YAML text) and one ``tiny`` assessment of the given levels."""
    lines = [
        "kind: cluster",
        "schema_version: 1",
        f"id: {cluster_id}",
        f"name: Cluster {cluster_id.upper()}",
        "location: {country: MA, city: Rabat, source: test-src §1}",
        facts.rstrip("\n"),
        "assessments:",
        "  - framework: tiny",
        '    date: "2021"',
        "    levels:",
    ]
    for indicator, level in levels.items():
        lines.append(
            f"      {indicator}: {{level: {level}, evidence: [{{text: Level {level}., source: test-src §4}}]}}"
        )
    return "\n".join(lines) + "\n"


def tiny_folder(root: Path, write_profile: WriteProfile, clusters: dict[str, str]) -> Path:
    write_profile(root, "references.yaml", REFERENCES)
    write_profile(root, "frameworks/tiny.yaml", TINY)
    for cluster_id, text in clusters.items():
        write_profile(root, f"clusters/{cluster_id}.yaml", text)
    return root


def run_json(cli: Cli, *args: Any) -> dict[str, Any]:
    result = cli(*args, "--format", "json")
    assert result.exit_code == 0, result.output
    doc: dict[str, Any] = json.loads(result.stdout)
    assert doc["schema_version"] == 1
    return doc


def row_of(text: str, first: str) -> list[str]:
    """The cells (split on runs of two or more spaces) of the first line whose first cell is ``first``."""
    for line in text.splitlines():
        cells = re.split(r"\s{2,}", line.strip())
        if cells and cells[0] == first:
            return cells
    raise AssertionError(f"no row {first!r} in:\n{text}")


# --- sensitivity ------------------------------------------------------------------------------


def test_sensitivity_table_shows_intervals_and_the_pair_probability(cli: Cli) -> None:
    result = cli("sensitivity", "mnc", "le2c", "--seed", "1", "--draws", "300")
    assert result.exit_code == 0
    out = result.stdout
    assert out.splitlines()[0] == "Scores and ranks under method uncertainty (300 draws, seed 1)"
    header = re.split(r"\s{2,}", out.splitlines()[1].strip())
    assert header == ["cluster", "nominal", "median", "5-95 %", "rank", "rank 5-95 %", "coverage"]
    for cluster_id, nominal, rank in (("mnc", "34.9", "2"), ("le2c", "82.7", "1")):
        # id, nominal score (a bar and the number), median, 5-95 % interval, rank, rank interval, coverage
        match = re.search(
            rf"^{cluster_id} +[█░]+ +{re.escape(nominal)} +(\S+) +(\S+) - (\S+) +(\d+) +(\d+) - (\d+) +[\d.]+ %$",
            out,
            re.M,
        )
        assert match, out
        median, low, high = (float(match.group(i)) for i in (1, 2, 3))
        assert low <= median <= high
        assert match.group(4, 5, 6) == (rank, rank, rank)
    assert "Probability that the first scores at least as high as the second" in out
    assert any(re.split(r"\s{2,}", line.strip()) == ["le2c", "mnc", "100 %"] for line in out.splitlines())


def test_sensitivity_json(cli: Cli) -> None:
    doc = run_json(cli, "sensitivity", "mnc", "le2c", "--seed", "1", "--draws", "300")
    assert doc["kind"] == "sensitivity"
    assert {"framework", "method", "clusters", "pairs", "influence"} <= set(doc)
    assert (doc["method"]["draws"], doc["method"]["seed"]) == (300, 1)
    clusters = {c["id"]: c for c in doc["clusters"]}
    assert list(clusters) == ["mnc", "le2c"]
    keys = {"id", "name", "nominal_score", "median_score", "score_p5", "score_p95"}
    keys |= {"nominal_rank", "median_rank", "rank_p5", "rank_p95", "coverage", "reason"}
    for c in clusters.values():
        assert set(c) == keys
        assert c["score_p5"] <= c["median_score"] <= c["score_p95"]
        assert c["rank_p5"] <= c["median_rank"] <= c["rank_p95"]
    # The nominal scores are the scores.
    scores = {s["id"]: s for s in run_json(cli, "score", "mnc", "le2c")["scores"]}
    for cluster_id, c in clusters.items():
        assert c["nominal_score"] == scores[cluster_id]["overall"]
    assert (clusters["le2c"]["nominal_rank"], clusters["mnc"]["nominal_rank"]) == (1, 2)
    pairs = {(p["a"], p["b"]): p["probability"] for p in doc["pairs"]}
    assert pairs == {("mnc", "le2c"): 0.0, ("le2c", "mnc"): 1.0}
    assert doc["influence"]
    for item in doc["influence"]:
        assert set(item) == {"id", "name", "mean_abs_score_change", "max_abs_score_change", "max_rank_change"}


def test_sensitivity_coverage_is_the_score_coverage(cli: Cli) -> None:
    doc = run_json(cli, "sensitivity", "mnc", "le2c", "--seed", "1", "--draws", "50")
    scores = {s["id"]: s for s in run_json(cli, "score", "mnc", "le2c")["scores"]}
    for c in doc["clusters"]:
        assert c["coverage"] == scores[c["id"]]["coverage"], c["id"]


def test_sensitivity_same_seed_same_bytes(cli: Cli) -> None:
    args = ("sensitivity", "mnc", "le2c", "--seed", "1", "--draws", "300")
    first, second = cli(*args), cli(*args)
    assert first.exit_code == second.exit_code == 0
    assert first.stdout == second.stdout
    assert cli(*args, "--format", "json").stdout == cli(*args, "--format", "json").stdout


def test_sensitivity_another_seed_draws_other_weights(cli: Cli) -> None:
    one = run_json(cli, "sensitivity", "mnc", "le2c", "--seed", "1", "--draws", "300")
    two = run_json(cli, "sensitivity", "mnc", "le2c", "--seed", "2", "--draws", "300")
    assert two["method"]["seed"] == 2
    # Nominal figures do not depend on the seed; the draws do.
    assert [c["nominal_score"] for c in one["clusters"]] == [c["nominal_score"] for c in two["clusters"]]
    assert [c["median_score"] for c in one["clusters"]] != [c["median_score"] for c in two["clusters"]]


def test_sensitivity_of_clusters_that_no_method_change_can_move(
    cli: Cli, tmp_path: Path, write_profile: WriteProfile
) -> None:
    # Every indicator of a cluster at one level: any weights, either mean, any indicator left
    # out give that level's score. top is at level 4, mid and twin at level 2.
    top = (
        "members: {smes: {value: 200, source: test-src §2}}\nmanagement: {staff_fte: {value: 6, source: test-src §3}}\n"
    )
    mid = (
        "members: {smes: {value: 10, source: test-src §2}}\nmanagement: {staff_fte: {value: 1, source: test-src §3}}\n"
    )
    root = tiny_folder(
        tmp_path / "mine",
        write_profile,
        {
            "top": tiny_cluster("top", top, {"projects": 4, "training": 4}),
            "mid": tiny_cluster("mid", mid, {"projects": 2, "training": 2}),
            "twin": tiny_cluster("twin", mid, {"projects": 2, "training": 2}),
        },
    )
    doc = run_json(cli, "sensitivity", "top", "mid", "twin", "--framework", "tiny", "-p", root, "--draws", "200")
    clusters = {c["id"]: c for c in doc["clusters"]}
    assert [clusters["top"][k] for k in ("nominal_score", "median_score", "score_p5", "score_p95")] == [100.0] * 4
    assert [clusters["mid"][k] for k in ("nominal_score", "median_score", "score_p5", "score_p95")] == [50.0] * 4
    assert (clusters["top"]["nominal_rank"], clusters["mid"]["nominal_rank"], clusters["twin"]["nominal_rank"]) == (
        1,
        2,
        2,
    )
    pairs = {(p["a"], p["b"]): p["probability"] for p in doc["pairs"]}
    assert pairs[("top", "mid")] == 1.0 and pairs[("mid", "top")] == 0.0
    # "At least as high": a tie counts for both.
    assert pairs[("mid", "twin")] == pairs[("twin", "mid")] == 1.0
    assert all(i["max_abs_score_change"] == 0 and i["max_rank_change"] == 0 for i in doc["influence"])


@pytest.mark.parametrize("option", [["--draws", "0"], ["--spread", "1"], ["--spread", "-0.1"]])
def test_sensitivity_refuses_impossible_settings(cli: Cli, option: list[str]) -> None:
    result = cli("sensitivity", "mnc", "le2c", *option)
    assert result.exit_code == 2
    assert result.stdout == ""


# --- label -----------------------------------------------------------------------------------


def test_label_le2c(cli: Cli) -> None:
    doc = run_json(cli, "label", "le2c")
    assert doc["kind"] == "label" and doc["indicative"] is True
    criteria = {c["id"]: c for c in doc["eligibility"]}
    assert list(criteria) == ["management_fte", "committed_members", "member_types", "english_website"]
    assert (criteria["committed_members"]["status"], criteria["committed_members"]["value"]) == ("met", 140)
    assert criteria["committed_members"]["sources"] == ["enlit-world"]
    assert criteria["member_types"]["status"] == "met"
    assert (criteria["management_fte"]["status"], criteria["management_fte"]["value"]) == ("unknown", None)
    assert (criteria["english_website"]["status"], criteria["english_website"]["value"]) == ("unknown", None)
    # No criterion is failed, two are unknown: eligibility is unknown.
    assert doc["eligible"] is None
    assert [(label["level"], label["year"]) for label in doc["labels_held"]] == [("gold", 2015)]
    readiness = doc["readiness"]
    assert readiness["threshold"] == 0.8
    assert readiness["share"] <= readiness["share_if_unknown_good"]
    # Short of 80 % on what is known, over it if every unknown were good practice: undetermined.
    assert readiness["verdict"] == "undetermined" and readiness["share"] < 0.8 <= readiness["share_if_unknown_good"]


def test_label_le2c_table(cli: Cli) -> None:
    result = cli("label", "le2c")
    assert result.exit_code == 0
    out = result.stdout
    assert row_of(out, "management team of at least 0.5 FTE")[1:3] == ["unknown", "unknown"]
    assert row_of(out, "at least 15 committed members")[1] == "met"
    assert row_of(out, "an English website")[1] == "unknown"
    assert row_of(out, "Gold threshold; verdict: undetermined")[1] == "80 %"
    assert "ESCA Gold label (cluster management excellence)" in row_of(
        out, "ESCA Gold label (cluster management excellence)"
    )
    assert row_of(out, "ESCA Gold label (cluster management excellence)")[1:3] == ["gold", "2015"]
    assert "Indicative only" in out


def test_label_le2c_table_keeps_the_qualifier_of_the_member_count(cli: Cli) -> None:
    # The source gives "about 140" members; the table must not present it as an exact count.
    out = cli("label", "le2c").stdout
    assert row_of(out, "at least 15 committed members")[1:3] == ["met", "about 140"]


def test_label_mnc(cli: Cli) -> None:
    doc = run_json(cli, "label", "mnc")
    criteria = {c["id"]: (c["status"], c["value"]) for c in doc["eligibility"]}
    assert criteria == {
        "management_fte": ("unknown", None),
        "committed_members": ("met", 42),
        "member_types": ("met", 5),
        "english_website": ("unknown", None),
    }
    assert doc["eligible"] is None
    assert [(label["level"], label["year"], label["source"]) for label in doc["labels_held"]] == [
        ("bronze", 2012, "usinenouvelle-n202512")
    ]
    assert doc["readiness"]["verdict"] == "not ready"
    assert doc["readiness"]["share_if_unknown_good"] < 0.8
    out = cli("label", "mnc").stdout
    assert row_of(out, "European Cluster Excellence Initiative Bronze label")[1:3] == ["bronze", "2012"]
    assert row_of(out, "Gold threshold; verdict: not ready")


@pytest.mark.parametrize(("threshold", "code"), [("90", 1), ("75", 1), ("74", 0), ("0", 0)])
def test_label_fail_under(cli: Cli, threshold: str, code: int) -> None:
    result = cli("label", "le2c", "--fail-under", threshold)
    assert result.exit_code == code
    assert "label eligibility" in result.stdout
    if code:
        assert f"le2c: 74.9 % of the weight at good practice is below {threshold} %" in result.stderr


def test_label_by_hand(cli: Cli, tmp_path: Path, write_profile: WriteProfile) -> None:
    facts = (
        "members: {smes: {value: 50, source: test-src §2}}\n"
        "management:\n"
        "  staff_fte: {value: 1.5, source: test-src §3}\n"
        "  english_website: {value: false, source: test-src §3}\n"
    )
    root = tiny_folder(tmp_path / "mine", write_profile, {"aaa": tiny_cluster("aaa", facts, {"projects": 4})})
    doc = run_json(cli, "label", "aaa", "--framework", "tiny", "-p", root)
    criteria = {c["id"]: (c["status"], c["value"], c["sources"]) for c in doc["eligibility"]}
    assert criteria == {
        "management_fte": ("met", 1.5, ["test-src §3"]),
        "committed_members": ("unknown", None, []),
        "member_types": ("not met", 1, ["test-src §2"]),
        "english_website": ("not met", False, ["test-src §3"]),
    }
    assert doc["eligible"] is False
    # smes at level 3 (0.125) and projects at level 4 (0.25) reach good practice; training (0.25)
    # is unknown; staff is at level 2.
    readiness = doc["readiness"]
    assert (readiness["share"], readiness["share_if_unknown_good"], readiness["coverage"]) == (0.375, 0.625, 0.75)
    assert readiness["verdict"] == "not ready"
    assert [(h["id"], h["level"], h["effective_weight"]) for h in doc["holding_back"]] == [
        ("staff", 2, 0.375),
        ("training", None, 0.25),
    ]
    assert cli("label", "aaa", "--framework", "tiny", "-p", root, "--fail-under", "37.5").exit_code == 0
    assert cli("label", "aaa", "--framework", "tiny", "-p", root, "--fail-under", "38").exit_code == 1


def test_label_undetermined_when_unknowns_could_tip_it(cli: Cli, tmp_path: Path, write_profile: WriteProfile) -> None:
    facts = (
        "members: {smes: {value: 200, source: test-src §2}}\nmanagement: {staff_fte: {value: 6, source: test-src §3}}\n"
    )
    root = tiny_folder(tmp_path / "mine", write_profile, {"bbb": tiny_cluster("bbb", facts, {"projects": 4})})
    readiness = run_json(cli, "label", "bbb", "--framework", "tiny", "-p", root)["readiness"]
    # 0.125 + 0.375 + 0.25 at level 4; training (0.25) unknown.
    assert (readiness["share"], readiness["share_if_unknown_good"]) == (0.75, 1.0)
    assert readiness["verdict"] == "undetermined"


# --- new ------------------------------------------------------------------------------------


def test_new_writes_a_skeleton_that_validates_once_filled(cli: Cli, tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    result = cli("new", "demo", "-d", folder)
    assert result.exit_code == 0
    assert result.stdout == ""
    profile = folder / "clusters" / "demo.yaml"
    assert f"wrote {profile}" in result.stderr
    text = profile.read_text(encoding="utf-8")
    first = text.splitlines()[0]
    assert first.startswith("# yaml-language-server: $schema=")
    # The schema the comment names exists next to the profile and describes a cluster.
    schema = json.loads((profile.parent / first.split("$schema=", 1)[1]).read_text(encoding="utf-8"))
    assert {"name", "location", "members"} <= set(schema["properties"])
    assert "\nid: demo\n" in text

    steps = [
        ('name: ""', 'name: "Demo Cluster"', 1),
        ('country: ""', "country: MA", 1),
        ('  source: ""', "  source: el-idrissi-2020 Table 1", 0),
    ]
    validate = cli("validate", profile)
    assert validate.exit_code == 1
    # The file is named as the user would read it from here (relative or absolute).
    assert sum(1 for line in validate.stderr.splitlines() if line.split(":")[0].endswith("clusters/demo.yaml")) == 3
    for before, after, code in steps:
        assert text.count(before) == 1, before
        text = text.replace(before, after)
        profile.write_text(text, encoding="utf-8")
        validate = cli("validate", profile)
        assert validate.exit_code == code, validate.stderr
    assert validate.stderr.splitlines()[-1] == "1 file checked: 0 invalid, 0 errors"
    shown = run_json(cli, "show", "demo", "-p", folder)
    assert (shown["cluster"]["name"], shown["cluster"]["location"]["country"]) == ("Demo Cluster", "MA")


def test_new_never_overwrites(cli: Cli, tmp_path: Path) -> None:
    assert cli("new", "demo", "-d", tmp_path).exit_code == 0
    profile = tmp_path / "clusters" / "demo.yaml"
    profile.write_text(profile.read_text(encoding="utf-8").replace('name: ""', 'name: "Mine"'), encoding="utf-8")
    before = profile.read_bytes()
    result = cli("new", "demo", "-d", tmp_path)
    assert result.exit_code == 2
    assert result.stderr == f"error: {profile} already exists; refusing to overwrite it\n"
    assert profile.read_bytes() == before


@pytest.mark.parametrize("bad", ["../x", "Demo", "demo/x", "x y", ""])
def test_new_refuses_an_invalid_id(cli: Cli, tmp_path: Path, bad: str) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    result = cli("new", bad, "-d", folder)
    assert result.exit_code == 2
    assert "is not a valid id" in result.stderr
    assert list(tmp_path.rglob("*.yaml")) == []


def test_new_in_a_missing_folder_makes_it(cli: Cli, tmp_path: Path) -> None:
    # Issue 12: `new demo --dir ./mine` makes the folder and its clusters/ folder.
    result = cli("new", "demo", "-d", tmp_path / "nowhere")
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "nowhere" / "clusters" / "demo.yaml").is_file()


# --- list --format geojson ----------------------------------------------------------------------


def check_feature_collection(doc: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """RFC 7946 checks of a FeatureCollection of Point features; returns the features by id."""
    assert set(doc) == {"type", "features"}  # no "crs" (RFC 7946 §4)
    assert doc["type"] == "FeatureCollection"
    features: dict[str, dict[str, Any]] = {}
    for feature in doc["features"]:
        assert feature["type"] == "Feature"
        assert {"type", "geometry", "properties"} <= set(feature)
        geometry = feature["geometry"]
        if geometry is not None:
            assert set(geometry) == {"type", "coordinates"}
            assert geometry["type"] == "Point"
            lon, lat = geometry["coordinates"]
            assert all(isinstance(v, int | float) and not isinstance(v, bool) for v in (lon, lat))
            assert -180 <= lon <= 180 and -90 <= lat <= 90
        properties = feature["properties"]
        assert isinstance(properties["id"], str) and isinstance(properties["name"], str)
        if "id" in feature:
            assert feature["id"] == properties["id"]
        assert properties["id"] not in features
        features[properties["id"]] = feature
    return features


def test_list_geojson_is_an_rfc7946_feature_collection(cli: Cli) -> None:
    result = cli("list", "--format", "geojson")
    assert result.exit_code == 0
    features = check_feature_collection(json.loads(result.stdout))
    assert sorted(features) == BUNDLED_CLUSTERS
    listed = {c["id"]: c for c in json.loads(cli("list", "--format", "json").stdout)["clusters"]}
    for cluster_id, feature in features.items():
        assert feature["properties"]["name"] == listed[cluster_id]["name"]
        if listed[cluster_id]["latitude"] is None:
            assert feature["geometry"] is None  # RFC 7946 §3.2: an unlocated feature
        else:
            point = [listed[cluster_id]["longitude"], listed[cluster_id]["latitude"]]
            assert feature["geometry"]["coordinates"] == point
    # Longitude first: Casablanca (GeoNames 2553604).
    lon, lat = features["mnc"]["geometry"]["coordinates"]
    assert abs(lon - -7.61) < 0.05 and abs(lat - 33.59) < 0.05
    # No source names LE2C's city: it has a region and no point.
    assert features["le2c"]["geometry"] is None
    assert features["le2c"]["properties"]["region"] == "Lombardy"
    assert sum(feature["geometry"] is not None for feature in features.values()) == len(features) - 1


def test_list_geojson_of_user_profiles(
    cli: Cli, tmp_path: Path, write_profile: WriteProfile, cluster_yaml: Callable[..., str]
) -> None:
    oslo = cluster_yaml("oslo").replace(
        "  country: MA\n  city: Rabat\n", "  country: NO\n  city: Oslo\n  latitude: 59.91\n  longitude: 10.75\n"
    )
    write_profile(tmp_path, "mine/clusters/oslo.yaml", oslo)
    write_profile(tmp_path, "mine/clusters/nowhere.yaml", cluster_yaml("nowhere"))
    out = tmp_path / "map.geojson"
    result = cli("list", "-p", tmp_path / "mine", "--country", "no", "-o", out)
    assert result.exit_code == 0
    features = check_feature_collection(json.loads(out.read_text(encoding="utf-8")))
    assert list(features) == ["oslo"]
    assert features["oslo"]["geometry"] == {"type": "Point", "coordinates": [10.75, 59.91]}
    assert features["oslo"]["properties"]["country"] == "NO"
    # A cluster with no coordinates keeps its feature, with a null geometry.
    everything = check_feature_collection(json.loads(cli("list", "-p", tmp_path / "mine", "-f", "geojson").stdout))
    assert everything["nowhere"]["geometry"] is None
    assert everything["nowhere"]["properties"]["city"] == "Rabat"


def test_geojson_is_only_for_list(cli: Cli) -> None:
    result = cli("score", "mnc", "--format", "geojson")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "geojson" in result.stderr


# --- report --timestamp -------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["x.md", "x.html", "x.json"])
def test_report_is_byte_identical_without_timestamp(cli: Cli, tmp_path: Path, name: str) -> None:
    first, second = tmp_path / "1" / name, tmp_path / "2" / name
    for out in (first, second):
        out.parent.mkdir()
        assert cli("report", "mnc", "--benchmark", "le2c", "-o", out).exit_code == 0
    assert first.read_bytes() == second.read_bytes()
    assert "generated" not in first.read_text(encoding="utf-8").lower()


@pytest.mark.parametrize(
    ("name", "pattern"),
    [
        ("x.md", r"_Generated (\S+)\._"),
        ("x.html", r"generated (\S+)</footer>"),
        ("x.json", r'"generated": "([^"]+)"'),
    ],
)
def test_report_timestamp_stamps_the_time_of_generation(cli: Cli, tmp_path: Path, name: str, pattern: str) -> None:
    out = tmp_path / name
    before = datetime.now(timezone.utc).replace(microsecond=0)
    assert cli("report", "mnc", "--benchmark", "le2c", "--timestamp", "-o", out).exit_code == 0
    after = datetime.now(timezone.utc)
    match = re.search(pattern, out.read_text(encoding="utf-8"))
    assert match, out.read_text(encoding="utf-8")[-500:]
    stamp = datetime.fromisoformat(match.group(1))
    assert stamp.tzinfo is not None
    assert before - timedelta(seconds=1) <= stamp <= after


def test_report_markdown_on_stdout_with_timestamp(cli: Cli) -> None:
    result = cli("report", "mnc", "--benchmark", "le2c", "--timestamp")
    assert result.exit_code == 0
    assert result.stdout.startswith("# Maroc Numeric Cluster")
    assert re.search(r"^_Generated \d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+00:00\._$", result.stdout, re.M)
