"""Facts as of a date: each fact's value of that date, list items of that year, and the later facts used.

As a library (``dating.as_of``, ``scoring.score``) and through ``clusterkit score ID@DATE`` on the
history fixture (tests/data/history: ``members.total`` is 40 in 2019 and 120 in 2023, and
``economy.employees`` is dated 2021 only).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

from clusterkit.dating import LaterFact, as_of, facts_date, on_or_before
from clusterkit.loading import Catalog, bundled_profiles_dir
from clusterkit.models import Assessment, Cluster
from clusterkit.scoring import score

Cli = Callable[..., Result]
FIXTURES = Path(__file__).resolve().parent / "data" / "history"
FRAMEWORK = Catalog([bundled_profiles_dir()]).framework()


def cluster(**extra: Any) -> Cluster:
    data: dict[str, Any] = {
        "kind": "cluster",
        "schema_version": 1,
        "id": "dated",
        "name": "Dated Cluster",
        "location": {"country": "MA", "source": "test-fixture"},
    }
    data.update(extra)
    return Cluster.model_validate(data)


def members_total(value: int, date: str, history: list[tuple[int, str]]) -> dict[str, Any]:
    return {
        "total": {
            "value": value,
            "date": date,
            "source": f"test-fixture §{date}",
            "history": [{"value": v, "date": d, "source": f"test-fixture §{d}"} for v, d in history],
        }
    }


DATED = cluster(members=members_total(120, "2023", [(40, "2019"), (60, "2021-06")]))


@pytest.mark.parametrize(
    ("date", "value", "source"),
    [
        ("2019", 40, "test-fixture §2019"),
        ("2020-12-31", 40, "test-fixture §2019"),
        ("2021", 60, "test-fixture §2021-06"),  # the year 2021 covers 2021-06
        ("2021-06", 60, "test-fixture §2021-06"),
        ("2021-05", 40, "test-fixture §2019"),
        ("2023", 120, "test-fixture §2023"),
        ("2030", 120, "test-fixture §2023"),
    ],
)
def test_a_fact_takes_its_latest_value_on_or_before_the_date(date: str, value: int, source: str) -> None:
    dated, later = as_of(DATED, date)
    assert dated.members.total is not None
    assert (dated.members.total.value, dated.members.total.source) == (value, source)
    assert later == []
    # The profile itself is left as it was.
    assert DATED.members.total is not None and DATED.members.total.value == 120


def test_a_fact_dated_only_later_uses_its_earliest_value_and_says_so() -> None:
    dated, later = as_of(DATED, "2015")
    assert dated.members.total is not None and dated.members.total.value == 40
    assert later == [LaterFact(path="members.total", date="2019", as_of="2015")]


def test_every_part_of_a_profile_is_dated_not_only_members() -> None:
    found = cluster(
        founded={"value": 2012, "date": "2013", "source": "test-fixture"},
        economy={"employees": {"value": 900, "date": "2020", "source": "test-fixture"}},
        management={"staff_fte": {"value": 3.5, "date": "2018", "source": "test-fixture"}},
    )
    dated, later = as_of(found, "2019")
    assert dated.management.staff_fte is not None and dated.management.staff_fte.value == 3.5
    assert {f.path for f in later} == {"economy.employees"}
    assert dated.economy.employees is not None and dated.economy.employees.value == 900


def test_undated_facts_are_timeless_and_a_profile_without_dates_is_returned_as_it_is() -> None:
    plain = cluster(
        members={"total": {"value": 30, "source": "test-fixture"}},
        networks=[{"name": "A network", "source": "test-fixture"}],
    )
    dated, later = as_of(plain, "1990")
    assert dated is plain and later == []
    assert as_of(DATED, None) == (DATED, [])


def test_list_items_of_a_later_year_are_left_out() -> None:
    poled = cluster(
        thematic_poles=[
            {"name": "Old pole", "since": 2015, "source": "test-fixture"},
            {"name": "Opened in 2019", "since": 2019, "source": "test-fixture"},
            {"name": "Opened in 2021", "since": 2021, "source": "test-fixture"},
            {"name": "Undated", "source": "test-fixture"},
        ],
        networks=[{"name": "New network", "since": 2022, "source": "test-fixture"}],
    )
    dated, later = as_of(poled, "2019-03")
    assert [n.name for n in dated.thematic_poles] == ["Old pole", "Opened in 2019", "Undated"]
    assert dated.networks == []
    assert later == []  # an item that did not exist yet is no fact used
    # And a counting rule reads the list as it stood at the assessment's date.
    assessed = poled.model_copy(update={"assessments": [Assessment(date="2019")]})
    assert score(assessed, FRAMEWORK).indicator("thematic_working_groups").value == 3
    assert score(poled, FRAMEWORK).indicator("thematic_working_groups").value == 4


@pytest.mark.parametrize(
    ("date", "limit", "expected"),
    [("2014", "2014", True), ("2014-06", "2014", True), ("2014", "2014-03", True), ("2014-06", "2014-03", False)],
)
def test_dates_compare_on_their_common_prefix(date: str, limit: str, expected: bool) -> None:
    assert on_or_before(date, limit) is expected


def demo() -> Cluster:
    return Catalog([FIXTURES, bundled_profiles_dir()]).cluster("demo")


def test_score_uses_the_facts_of_the_assessments_date() -> None:
    found = demo()
    at_2019, latest, target = (
        score(found, FRAMEWORK, at="2019"),
        score(found, FRAMEWORK),
        score(found, FRAMEWORK, at="target"),
    )
    assert (at_2019.facts_as_of, latest.facts_as_of, target.facts_as_of) == ("2019", "2023", None)
    assert at_2019.indicator("committed_members").value == 40
    assert at_2019.indicator("committed_members").level == 2
    assert at_2019.indicator("committed_members").sources == ["test-fixture §2019"]
    assert latest.indicator("committed_members").value == 120
    assert target.indicator("committed_members").value == 120  # a plan is scored on the latest facts
    assert at_2019.later_facts == [LaterFact(path="economy.employees", date="2021", as_of="2019")]
    assert latest.later_facts == target.later_facts == []
    assert facts_date(found.target, "target") is None


def test_score_at_a_date_on_the_command_line_uses_that_dates_members(cli: Cli) -> None:
    result = cli("score", "demo@2019", "demo", "-p", FIXTURES, "--explain", "--format", "json")
    assert result.exit_code == 0, result.stderr
    early, late = json.loads(result.stdout)["scores"]
    values = [next(i["value"] for i in s["indicators"] if i["id"] == "committed_members") for s in (early, late)]
    assert values == [40, 120]
    table = cli("score", "demo@2019", "-p", FIXTURES)
    shown = " ".join(table.stdout.split())  # the note is wrapped to the terminal's width
    assert "demo@2019: uses economy.employees dated 2021, after the assessment (2019)." in shown
    assert "uses" not in cli("score", "demo", "-p", FIXTURES).stdout
