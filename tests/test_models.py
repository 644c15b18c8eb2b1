"""The document models: what they accept, what they refuse, and the schema they publish."""

from __future__ import annotations

import json
from typing import Any

import pytest
from jsonschema import Draft202012Validator  # type: ignore[import-untyped]
from pydantic import ValidationError

from clusterkit.models import (
    KINDS,
    AssessedLevel,
    Cluster,
    Framework,
    Location,
    PlannedLevel,
    References,
    Strategy,
    citation_key,
)
from clusterkit.schema import iter_citations


def cluster_data(**extra: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "kind": "cluster",
        "schema_version": 1,
        "id": "demo",
        "name": "Demo Cluster",
        "location": {"country": "MA", "source": "el-idrissi-2020 Table 1"},
    }
    data.update(extra)
    return data


def errors(exc: pytest.ExceptionInfo[ValidationError]) -> list[tuple[str, str]]:
    return [(".".join(str(p) for p in e["loc"]), e["type"]) for e in exc.value.errors()]


def test_a_minimal_cluster_is_valid_and_unknown_stays_unknown() -> None:
    cluster = Cluster.model_validate(cluster_data())
    assert cluster.members.total is None
    assert cluster.economy.turnover is None
    assert cluster.assessments == []


def test_unknown_fields_are_refused() -> None:
    with pytest.raises(ValidationError) as caught:
        Cluster.model_validate(cluster_data(members={"smez": {"value": 3, "source": "x"}}))
    assert errors(caught) == [("members.smez", "extra_forbidden")]


@pytest.mark.parametrize(
    ("extra", "where", "kind"),
    [
        ({"founded": {"value": "2011", "source": "x"}}, "founded.value", "int_type"),
        ({"founded": {"value": 2011.0, "source": "x"}}, "founded.value", "int_type"),
        ({"name": 12}, "name", "string_type"),
        ({"name": True}, "name", "string_type"),
        (
            {"management": {"english_website": {"value": "yes", "source": "x"}}},
            "management.english_website.value",
            "bool_type",
        ),
        ({"sectors": {"value": "ICT", "source": "x"}}, "sectors.value", "list_type"),
    ],
)
def test_values_are_not_coerced_across_types(extra: dict[str, Any], where: str, kind: str) -> None:
    with pytest.raises(ValidationError) as caught:
        Cluster.model_validate(cluster_data(**extra))
    assert errors(caught) == [(where, kind)]


@pytest.mark.parametrize(
    ("extra", "where", "kind"),
    [
        ({"members": {"smes": {"value": -1, "source": "x"}}}, "members.smes.value", "greater_than_equal"),
        (
            {"economy": {"exporting_members_share": {"value": 1.2, "source": "x"}}},
            "economy.exporting_members_share.value",
            "less_than_equal",
        ),
        ({"economy": {"employees": {"value": -3, "source": "x"}}}, "economy.employees.value", "greater_than_equal"),
        ({"founded": {"value": 1500, "source": "x"}}, "founded.value", "greater_than_equal"),
        (
            {"management": {"staff_fte": {"value": float("inf"), "source": "x"}}},
            "management.staff_fte.value",
            "finite_number",
        ),
    ],
)
def test_out_of_range_values_are_refused(extra: dict[str, Any], where: str, kind: str) -> None:
    with pytest.raises(ValidationError) as caught:
        Cluster.model_validate(cluster_data(**extra))
    assert errors(caught) == [(where, kind)]


def test_an_assessed_level_is_0_to_4_and_needs_evidence() -> None:
    evidence = [{"text": "seen", "source": "x"}]
    assert AssessedLevel.model_validate({"level": 4, "evidence": evidence}).level == 4
    with pytest.raises(ValidationError) as caught:
        AssessedLevel.model_validate({"level": 7, "evidence": evidence})
    assert errors(caught) == [("level", "less_than_equal")]
    with pytest.raises(ValidationError) as caught:
        AssessedLevel.model_validate({"level": 2, "evidence": []})
    assert errors(caught) == [("evidence", "too_short")]


EVIDENCE = [{"text": "seen", "source": "x"}]


def test_a_target_takes_plain_levels_and_levels_with_optional_evidence() -> None:
    levels = {
        "strategy_documented": 3,
        "prioritisation": {"level": 2},
        "quality_label": {"level": 4, "evidence": EVIDENCE},
    }
    target = Cluster.model_validate(cluster_data(target={"framework": "default", "levels": levels})).target
    assert target is not None
    assert target.level_of("strategy_documented") == PlannedLevel(level=3, evidence=[])
    assert target.level_of("prioritisation") == PlannedLevel(level=2, evidence=[])
    planned = target.level_of("quality_label")
    assert planned is not None and (planned.level, planned.evidence[0].text) == (4, "seen")
    assert target.level_of("committed_members") is None
    # Written back as given: a plain level stays a plain level.
    assert target.model_dump(mode="json")["levels"]["strategy_documented"] == 3


@pytest.mark.parametrize(
    ("value", "where", "kind"),
    [
        (7, "target.levels.x.level[plain]", "less_than_equal"),
        (-1, "target.levels.x.level[plain]", "greater_than_equal"),
        ("three", "target.levels.x", "target_level"),
        (2.5, "target.levels.x", "target_level"),
        (True, "target.levels.x", "target_level"),
        (None, "target.levels.x", "target_level"),
        ({"level": 5}, "target.levels.x.level[mapping].level", "less_than_equal"),
        ({"evidence": EVIDENCE}, "target.levels.x.level[mapping].level", "missing"),
        ({"level": 2, "evidence": [{"text": "seen"}]}, "target.levels.x.level[mapping].evidence.0.source", "missing"),
    ],
)
def test_a_target_level_is_0_to_4_plain_or_a_mapping(value: Any, where: str, kind: str) -> None:
    with pytest.raises(ValidationError) as caught:
        Cluster.model_validate(cluster_data(target={"levels": {"x": value}}))
    assert errors(caught) == [(where, kind)]


def test_an_assessment_keeps_requiring_evidence_and_takes_no_plain_level() -> None:
    with pytest.raises(ValidationError) as caught:
        Cluster.model_validate(cluster_data(assessments=[{"date": "2024", "levels": {"x": 3}}]))
    assert errors(caught) == [("assessments.0.levels.x", "model_type")]
    with pytest.raises(ValidationError) as caught:
        Cluster.model_validate(cluster_data(assessments=[{"date": "2024", "levels": {"x": {"level": 3}}}]))
    assert errors(caught) == [("assessments.0.levels.x.evidence", "missing")]
    assessed = Cluster.model_validate(
        cluster_data(assessments=[{"date": "2024", "levels": {"x": {"level": 3, "evidence": EVIDENCE}}}])
    ).assessments[0]
    assert assessed.level_of("x") == AssessedLevel(level=3, evidence=assessed.levels["x"].evidence)


def test_the_published_schema_takes_a_plain_target_level_but_not_a_plain_assessed_one() -> None:
    validator = Draft202012Validator(Cluster.model_json_schema())
    planned = cluster_data(target={"levels": {"strategy_documented": 3, "prioritisation": {"level": 2}}})
    assert list(validator.iter_errors(planned)) == []
    assert list(validator.iter_errors(cluster_data(target={"levels": {"x": 7}})))
    assert list(validator.iter_errors(cluster_data(assessments=[{"levels": {"x": 3}}])))


def test_latitude_and_longitude_come_together() -> None:
    with pytest.raises(ValidationError, match="latitude and longitude must be given together"):
        Location.model_validate({"country": "MA", "latitude": 33.5, "source": "x"})


@pytest.mark.parametrize("bad_id", ["../etc", "MNC", "mnc.yaml", "a/b", "", "-x", "x" * 65])
def test_ids_are_lowercase_slugs(bad_id: str) -> None:
    with pytest.raises(ValidationError) as caught:
        Cluster.model_validate(cluster_data(id=bad_id))
    assert errors(caught) == [("id", "string_pattern_mismatch")]


def test_a_norwegian_country_code_is_text() -> None:
    cluster = Cluster.model_validate(cluster_data(location={"country": "NO", "source": "x"}))
    assert cluster.location.country == "NO"


def test_citation_key_drops_the_locator() -> None:
    assert citation_key("el-idrissi-2020 §3.1") == "el-idrissi-2020"
    assert citation_key("geonames") == "geonames"


def test_iter_citations_finds_every_source_with_its_field_path() -> None:
    cluster = Cluster.model_validate(
        cluster_data(
            location={"country": "MA", "source": "a §1", "latitude": 1.0, "longitude": 2.0, "coordinates_source": "b"},
            founded={"value": 2011, "source": "c", "alternatives": [{"value": 2010, "source": "d"}]},
            assessments=[{"levels": {"strategy": {"level": 2, "evidence": [{"text": "t", "source": "e"}]}}}],
        )
    )
    assert iter_citations(cluster) == [
        ("location.source", "a §1"),
        ("location.coordinates_source", "b"),
        ("founded.source", "c"),
        ("founded.alternatives.0.source", "d"),
        ("assessments.0.levels.strategy.evidence.0.source", "e"),
    ]


def test_a_reference_key_defined_twice_is_refused() -> None:
    data = {
        "kind": "references",
        "schema_version": 1,
        "id": "references",
        "references": [{"key": "a", "title": "A"}, {"key": "a", "title": "B"}],
    }
    with pytest.raises(ValidationError, match="reference key 'a' is defined twice"):
        References.model_validate(data)


def framework_data(weights: list[float]) -> dict[str, Any]:
    return {
        "kind": "framework",
        "schema_version": 1,
        "id": "f",
        "name": "F",
        "dimensions": [{"id": "d", "name": "D"}],
        "indicators": [
            {
                "id": f"i{n}",
                "name": "I",
                "dimension": "d",
                "weight": w,
                "measures": "m",
                "esca_area": "e",
                "levels": list("abcde"),
            }
            for n, w in enumerate(weights)
        ],
    }


def test_a_framework_needs_a_positive_weight_in_every_dimension() -> None:
    assert Framework.model_validate(framework_data([0, 1])).indicator("i1").weight == 1
    with pytest.raises(ValidationError, match="dimension 'd' has no indicator with a positive weight"):
        Framework.model_validate(framework_data([0, 0]))
    with pytest.raises(ValidationError) as caught:
        Framework.model_validate(framework_data([-1, 1]))
    assert errors(caught) == [("indicators.0.weight", "greater_than_equal")]


def test_a_strategy_axis_cannot_achieve_more_than_it_planned() -> None:
    data = {
        "kind": "strategy",
        "schema_version": 1,
        "id": "s",
        "name": "S",
        "country": "MA",
        "axes": [
            {
                "id": "a",
                "name": "A",
                "planned": {"value": 5, "source": "x"},
                "statuses": {"achieved": {"count": 7, "source": "x"}},
            }
        ],
    }
    with pytest.raises(ValidationError, match=r"statuses.achieved.count \(7\) exceeds planned \(5\)"):
        Strategy.model_validate(data)


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_kind_publishes_a_valid_json_schema_that_forbids_unknown_fields(kind: str) -> None:
    schema = KINDS[kind].model_json_schema()
    Draft202012Validator.check_schema(schema)
    assert schema["additionalProperties"] is False
    assert {"kind", "schema_version", "id"} <= set(schema["required"])
    json.dumps(schema)  # serialisable as it is printed by `clusterkit schema`


@pytest.mark.parametrize("date", ["2019-13", "2019-02-30", "2019-00-10", "0000", "٢٠١٩", "２０１９-０１"])
def test_an_assessment_date_must_be_on_the_calendar_in_ascii_digits(date: str) -> None:
    with pytest.raises(ValidationError) as caught:
        Cluster.model_validate(cluster_data(assessments=[{"date": date}]))
    assert errors(caught) == [("assessments.0.date", "value_error")]
    assert f"{date!r} is not a date on the calendar" in caught.value.errors()[0]["msg"]


@pytest.mark.parametrize("date", ["2019", "2019-02", "2020-02-29"])
def test_calendar_dates_are_accepted(date: str) -> None:
    assert Cluster.model_validate(cluster_data(assessments=[{"date": date}])).assessments[0].date == date


@pytest.mark.parametrize(
    ("assessments", "message"),
    [
        ([{"date": "2019"}, {"date": "2019"}], "two assessments against framework 'default' are dated '2019'"),
        ([{}, {"framework": "default"}], "two assessments against framework 'default' are undated"),
    ],
)
def test_two_assessments_of_one_framework_need_two_dates(assessments: list[dict[str, Any]], message: str) -> None:
    with pytest.raises(ValidationError) as caught:
        Cluster.model_validate(cluster_data(assessments=assessments))
    assert errors(caught) == [("assessments", "value_error")]
    assert message in caught.value.errors()[0]["msg"]
    # The same date against two frameworks is two different assessments.
    assert Cluster.model_validate(cluster_data(assessments=[{"date": "2019"}, {"date": "2019", "framework": "x"}]))
