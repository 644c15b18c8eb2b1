"""CSV writes one table at a time: the main one by default, any other of the result's tables with --table NAME."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

Cli = Callable[..., Result]

COMPARE = ("compare", "mnc", "le2c")
AUDIT = ("audit", "mn2013")


def rows_of(text: str) -> list[dict[str, str]]:
    """A CSV document read back as a spreadsheet or a script would read it."""
    return list(csv.DictReader(io.StringIO(text, newline="")))


def header_of(text: str) -> list[str]:
    return next(csv.reader(io.StringIO(text, newline="")))


def payload(cli: Cli, *args: str) -> dict[str, object]:
    result = cli(*args, "--format", "json")
    assert result.exit_code == 0, result.stderr
    data: dict[str, object] = json.loads(result.stdout)
    return data


def test_compare_writes_its_recommendations_with_their_columns(cli: Cli) -> None:
    result = cli(*COMPARE, "--format", "csv", "--table", "recommendations")
    assert result.exit_code == 0, result.stderr
    assert header_of(result.stdout)[:3] == ["rank", "priority", "title"]
    rows = rows_of(result.stdout)
    expected = payload(cli, *COMPARE)["recommendations"]
    assert isinstance(expected, list) and expected
    assert [r["title"] for r in rows] == [r["title"] for r in expected]
    assert [int(r["rank"]) for r in rows] == [r["rank"] for r in expected]
    assert all(r["sources"] for r in rows)  # each recommendation keeps its sources


@pytest.mark.parametrize("name", ["dimensions", "strengths", "weaknesses"])
def test_compare_writes_each_of_its_other_tables(cli: Cli, name: str) -> None:
    result = cli(*COMPARE, "--format", "csv", "--table", name)
    assert result.exit_code == 0, result.stderr
    assert result.stdout != cli(*COMPARE, "--format", "csv").stdout


def test_audit_writes_its_targets(cli: Cli) -> None:
    result = cli(*AUDIT, "--format", "csv", "--table", "targets")
    assert result.exit_code == 0, result.stderr
    header = header_of(result.stdout)
    assert {"id", "name", "baseline", "target", "actual"} <= set(header)
    targets = payload(cli, *AUDIT)["targets"]
    assert isinstance(targets, list) and targets
    assert [r["id"] for r in rows_of(result.stdout)] == [t["id"] for t in targets]


def test_audit_writes_its_findings(cli: Cli) -> None:
    result = cli(*AUDIT, "--format", "csv", "--table", "findings")
    assert result.exit_code == 0, result.stderr
    findings = payload(cli, *AUDIT)["findings"]
    assert isinstance(findings, list) and findings
    assert len(rows_of(result.stdout)) == len(findings)


@pytest.mark.parametrize(
    ("args", "first_column", "key"),
    [(COMPARE, "dimension", "indicators"), (AUDIT, "id", "axes")],
)
def test_the_default_stays_the_main_table(cli: Cli, args: tuple[str, ...], first_column: str, key: str) -> None:
    default = cli(*args, "--format", "csv")
    assert default.exit_code == 0, default.stderr
    named = cli(*args, "--format", "csv", "--table", key)
    assert named.stdout == default.stdout
    assert header_of(default.stdout)[0] == first_column


def test_the_table_chosen_reaches_a_csv_file(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "recommendations.csv"
    result = cli(*COMPARE, "--table", "recommendations", "-o", out)
    assert result.exit_code == 0, result.stderr
    assert out.read_text(encoding="utf-8") == cli(*COMPARE, "-f", "csv", "--table", "recommendations").stdout


def test_a_wrong_name_lists_the_tables_and_writes_nothing(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    result = cli(*COMPARE, "--format", "csv", "--table", "recomendations", "-o", out)
    assert result.exit_code == 2
    assert "'recomendations'" in result.stderr
    for name in ("dimensions", "indicators", "strengths", "weaknesses", "recommendations"):
        assert name in result.stderr
    assert not out.exists()
    assert result.stdout == ""


def test_a_wrong_audit_name_lists_the_audit_tables(cli: Cli) -> None:
    result = cli(*AUDIT, "--format", "csv", "--table", "scores")
    assert result.exit_code == 2
    for name in ("strategy", "axes", "targets", "budget", "findings"):
        assert name in result.stderr


@pytest.mark.parametrize("fmt", ["json", "table", "markdown"])
def test_table_with_another_format_is_refused(cli: Cli, fmt: str, tmp_path: Path) -> None:
    out = tmp_path / "out.txt"
    result = cli(*COMPARE, "--format", fmt, "--table", "recommendations", "-o", out)
    assert result.exit_code == 2
    assert "--table chooses the table CSV writes" in result.stderr
    assert not out.exists()


def test_table_with_a_json_file_is_refused(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    result = cli(*AUDIT, "--table", "targets", "-o", out)
    assert result.exit_code == 2
    assert "--table chooses the table CSV writes" in result.stderr
    assert not out.exists()


def test_validate_refuses_table_on_the_terminal_format(cli: Cli) -> None:
    result = cli("validate", "--table", "problems")
    assert result.exit_code == 2
    assert "--table chooses the table CSV writes" in result.stderr


def test_validate_writes_its_problems_table(cli: Cli) -> None:
    result = cli("validate", "--format", "csv", "--table", "problems")
    assert result.exit_code == 0, result.stderr
    assert header_of(result.stdout) == ["problem"]


@pytest.mark.parametrize(
    ("args", "name"),
    [
        (("list",), "clusters"),
        (("score", "mnc", "--explain"), "indicators-mnc"),
        (("rank",), "ranking"),
        (("sensitivity", "mnc", "le2c", "--draws", "20"), "pairs"),
        (("label", "le2c"), "eligibility"),
        (("framework",), "dimensions"),
        (("history", "mnc"), "changes"),
        (("references",), "references"),
    ],
)
def test_every_command_with_csv_takes_table(cli: Cli, args: tuple[str, ...], name: str) -> None:
    result = cli(*args, "--format", "csv", "--table", name)
    assert result.exit_code == 0, result.stderr
    assert header_of(result.stdout)
    wrong = cli(*args, "--format", "csv", "--table", "no-such-table")
    assert wrong.exit_code == 2
    assert name in wrong.stderr


def test_the_library_renders_a_named_table_and_refuses_an_unknown_one() -> None:
    from clusterkit.render import RenderOptions, render
    from clusterkit.views import Column, Table, View

    main = Table("main", "Main", [Column("a", "a")], [{"a": "x"}], primary=True)
    other = Table("other", "Other", [Column("b", "b", "number")], [{"b": 2}])
    view = View(kind="scores", title="t", tables=[main, other], payload=[])
    assert render(view, "csv") == "a\r\nx\r\n"
    assert render(view, "csv", RenderOptions(table="other")) == "b\r\n2\r\n"
    with pytest.raises(ValueError, match="choose one of: main, other"):
        render(view, "csv", RenderOptions(table="nope"))


@pytest.mark.parametrize(
    "args",
    [
        ["audit", "mn2013"],
        ["score", "mnc", "le2c"],
        ["compare", "mnc", "le2c"],
        ["rank"],
        ["sensitivity", "--draws", "50"],
    ],
)
def test_csv_numbers_carry_no_float_noise(cli: Callable[..., Result], args: list[str]) -> None:
    result = cli(*args, "--format", "csv")
    assert result.exit_code in (0, 1), result.output
    rows = list(csv.reader(io.StringIO(result.stdout)))
    numbers = [cell for row in rows[1:] for cell in row if re.fullmatch(r"-?\d+\.\d+", cell)]
    assert numbers, "the table holds numbers"
    # Scores and points keep 2 decimals, shares 4, as JSON rounds them: never 1.0000000000000002.
    assert [n for n in numbers if len(n.split(".")[1]) > 4] == []
