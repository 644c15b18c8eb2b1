"""``clusterkit history ID`` through the real command line, on the history fixture (tests/data/history).

The fixture's ``demo`` is assessed in 2019 and 2023 (and has a target, which a history leaves out): in
2023 one assessed level rises, members.total rises from 40 to 120, four indicators become known at low
levels and one is no longer assessed.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

from clusterkit.render import FORMATS, formats_for
from terminal import on_terminal

Cli = Callable[..., Result]
WriteProfile = Callable[[Path, str, str | bytes], Path]
FIXTURES = Path(__file__).resolve().parent / "data" / "history"


def history_json(cli: Cli, *args: str) -> Any:
    result = cli("history", "demo", "-p", FIXTURES, "--format", "json", *args)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


@pytest.mark.parametrize("fmt", formats_for("history"))
def test_history_writes_every_format_it_offers(cli: Cli, fmt: str) -> None:
    result = cli("history", "demo", "-p", FIXTURES, "--format", fmt)
    assert result.exit_code == 0, result.stderr
    if FORMATS[fmt].binary:
        assert result.stdout_bytes.startswith(b"PK\x03\x04")
    elif fmt == "json":
        assert json.loads(result.stdout)["kind"] == "history"
    elif fmt == "csv":
        lines = result.stdout.splitlines()
        assert lines[0] == "date,overall,resources,activities,processes,coverage"
        assert [line.split(",")[0] for line in lines[1:]] == ["2019", "2023"]
    elif fmt == "html":
        assert result.stdout.startswith("<!DOCTYPE html>") and result.stdout.endswith("</html>\n")
    else:
        assert "2019" in result.stdout and "2023" in result.stdout


def test_history_offers_the_formats_of_score() -> None:
    assert formats_for("history") == formats_for("scores")


def test_each_dated_assessment_is_scored_on_its_facts_oldest_first(cli: Cli) -> None:
    doc = history_json(cli)
    assert doc["cluster"]["id"] == "demo" and doc["undated"] == 0
    assessments = doc["assessments"]
    assert [a["date"] for a in assessments] == ["2019", "2023"]  # the target is not part of the history
    assert [a["facts_as_of"] for a in assessments] == ["2019", "2023"]
    assert assessments[0]["later_facts"] == [{"path": "economy.employees", "date": "2021", "as_of": "2019"}]
    assert assessments[1]["later_facts"] == []
    scored = json.loads(cli("score", "demo@2019", "demo@2023", "-p", FIXTURES, "--format", "json").stdout)["scores"]
    assert [a["overall"] for a in assessments] == [s["overall"] for s in scored]


def test_the_change_between_assessments_is_explained(cli: Cli) -> None:
    (change,) = history_json(cli)["changes"]
    assert (change["from"], change["to"]) == ("2019", "2023")
    for part in (change["overall"], *change["dimensions"]):
        total = part["from_levels"] + part["from_known"] + part["from_unknown"]
        assert total == pytest.approx(part["change"], abs=0.002)
    activities = next(d for d in change["dimensions"] if d["id"] == "activities")
    assert (activities["from_levels"], activities["newly_known"], activities["levels_changed"]) == (0.0, 2, 0)
    assert activities["change"] < 0
    kinds = {i["id"]: i["kind"] for i in change["indicators"]}
    assert kinds["committed_members"] == "changed" and kinds["financing_model"] == "unknown"
    assert kinds["performance_monitoring"] == "known" and kinds["networking_events"] == "same"


def test_the_table_says_in_words_where_a_fall_comes_from(cli: Cli) -> None:
    result = cli("history", "demo", "-p", FIXTURES)
    assert result.exit_code == 0, result.stderr
    shown = " ".join(result.stdout.split())
    assert (
        "Activities: 65.0 to 60.7, -4.3: +0.0 from levels that changed, -4.3 from 2 indicators newly known"
        " (no level known at both dates changed)."
    ) in shown
    assert "demo@2019: uses economy.employees dated 2021, after the assessment (2019)." in shown
    assert "From demo@2019 to demo@2023: what moved the scores" in shown


def test_the_page_draws_the_scores_over_time(cli: Cli) -> None:
    page = cli("history", "demo", "-p", FIXTURES, "--format", "html").stdout
    assert page.count('class="chart trend"') == 1
    # One line per series: the overall score and the three dimensions, each with a point per date.
    for n in range(1, 5):
        assert f'class="trend-series trend-series-{n}"' in page
    # NOTE: the page also holds a narrow drawing for phones; the wide chart is counted here.
    wide = page[page.index('class="chart trend"') :].split("</svg>", 1)[0]
    assert wide.count('class="trend-point"') == 4 * 2 + 4  # the points and the legend's markers
    assert page.count('class="narrow narrow-trend"') == 1
    assert "Activities, 2023: 60.7" in page
    assert "From 2019 to 2023" in page


@pytest.mark.parametrize(("option", "value"), [("--missing", "zero"), ("--aggregation", "geometric")])
def test_history_takes_the_scoring_method_of_score(cli: Cli, option: str, value: str) -> None:
    doc = history_json(cli, option, value)
    assert doc["method"][option.lstrip("-")] == value
    scored = json.loads(cli("score", "demo@2023", "-p", FIXTURES, "--format", "json", option, value).stdout)
    assert doc["assessments"][1]["overall"] == scored["scores"][0]["overall"]
    overall = doc["changes"][0]["overall"]
    assert overall["from_levels"] + overall["from_known"] + overall["from_unknown"] == pytest.approx(
        overall["change"], abs=0.002
    )


def test_a_cluster_with_one_assessment_has_no_change(cli: Cli) -> None:
    result = cli("history", "mnc", "--format", "json")
    doc = json.loads(result.stdout)
    assert [a["date"] for a in doc["assessments"]] == ["2014"]
    assert doc["changes"] == []


def test_a_cluster_without_a_dated_assessment_has_an_empty_history(
    cli: Cli, tmp_path: Path, write_profile: WriteProfile, cluster_yaml: Callable[..., str]
) -> None:
    write_profile(tmp_path, "clusters/bare.yaml", cluster_yaml("bare"))
    result = cli("history", "bare", "-p", tmp_path, "--format", "json")
    assert result.exit_code == 0
    doc = json.loads(result.stdout)
    assert (doc["assessments"], doc["changes"]) == ([], [])
    assert "note: bare has no dated assessment against framework 'default'; its history is empty" in result.stderr
    table = cli("history", "bare", "-p", tmp_path)
    assert table.exit_code == 0 and "the history is empty" in " ".join(table.stdout.split())


@pytest.mark.parametrize(
    ("ref", "message"), [("demo@2019", "history takes a cluster id, not 'demo@2019'"), ("nosuch", "nosuch")]
)
def test_a_date_or_an_unknown_cluster_exits_2(cli: Cli, ref: str, message: str) -> None:
    result = cli("history", ref, "-p", FIXTURES)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert message in result.stderr


def test_the_fixture_is_valid(cli: Cli) -> None:
    result = cli("validate", FIXTURES, "-p", FIXTURES)
    assert result.exit_code == 0, result.stderr


@pytest.mark.skipif(not hasattr(os, "openpty") or sys.platform == "win32", reason="needs a POSIX pseudo-terminal")
def test_history_on_an_80_column_terminal_keeps_every_date_and_number_whole() -> None:
    args = ["history", "demo", "-p", str(FIXTURES), "--no-color"]
    code, out = on_terminal(args, {"COLUMNS": "80", "LINES": "24"})
    assert code == 0
    lines = out.replace("\r\n", "\n").splitlines()
    assert all(len(line) <= 80 for line in lines), [line for line in lines if len(line) > 80]
    assert any(line.split()[:2] == ["2019", "57.5"] for line in lines if line.split())
    assert sum("2019→2023" in line for line in lines) == 4  # overall and three dimensions
