"""`compare A B C`: A against each benchmark and their frontier, in every format the command offers."""

from __future__ import annotations

import csv
import io
import json

import pytest
import yaml
from openpyxl import load_workbook
from typer.testing import CliRunner

from clusterkit.cli import app
from clusterkit.render import formats_for


def run(*args: str) -> str:
    result = CliRunner().invoke(app, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_json_names_each_benchmark_the_frontier_and_whose_practice_each_recommendation_is() -> None:
    doc = json.loads(run("compare", "mnc", "le2c", "ce3m", "--format", "json"))
    assert doc["b"]["id"] == "frontier"
    assert [b["id"] for b in doc["benchmarks"]] == ["le2c", "ce3m"]
    single = {b: json.loads(run("compare", "mnc", b, "--format", "json")) for b in ("le2c", "ce3m")}
    for entry in doc["benchmarks"]:
        assert entry["gap"] == single[entry["id"]]["overall"]["gap"]
    for ind in doc["indicators"]:
        known = [single[b]["indicators"] for b in ("le2c", "ce3m")]
        levels = [next(i["b"] for i in k if i["id"] == ind["id"]) for k in known]
        best = max((lv for lv in levels if lv is not None), default=None)
        assert ind["b"] == best, ind["id"]
        assert set(ind["b_from"]) == {b for b, lv in zip(("le2c", "ce3m"), levels) if lv is not None and lv == best}
    benchmarks = {r["benchmark"] for r in doc["recommendations"]}
    assert "le2c" in benchmarks and None in benchmarks  # LE2C's practices and the actions asked of MNC
    assert doc["years_apart"] is None or doc["years_apart"] >= 0


@pytest.mark.parametrize("fmt", formats_for("comparison"))
def test_every_format_of_compare_takes_several_benchmarks(fmt: str, tmp_path: object) -> None:
    if fmt == "xlsx":
        out = tmp_path / "several.xlsx"  # type: ignore[operator]
        CliRunner().invoke(app, ["compare", "mnc", "le2c", "ce3m", "-o", str(out)], catch_exceptions=False)
        sheets = load_workbook(out).sheetnames
        assert any("benchmark" in s for s in sheets), sheets
        return
    text = run("compare", "mnc", "le2c", "ce3m", "--format", fmt)
    if fmt == "json":
        assert json.loads(text)["benchmarks"][1]["id"] == "ce3m"
    elif fmt == "yaml":
        assert yaml.safe_load(text)["b"]["id"] == "frontier"
    elif fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(text)))
        assert {"against_text", "basis_gap", "weighted_basis_gap", "a_basis", "b_basis"} <= set(rows[0])
        assert {r["against_text"] for r in rows} >= {"le2c", "good"}
    else:
        assert "ce3m" in text and "frontier" in text


def test_the_report_takes_several_benchmarks_and_compares_with_their_frontier(tmp_path: object) -> None:
    doc = json.loads(run("report", "mnc", "-b", "le2c", "-b", "ce3m", "--format", "json"))
    assert doc["comparison"]["b"]["id"] == "frontier"
    assert [b["id"] for b in doc["comparison"]["benchmarks"]] == ["le2c", "ce3m"]
    page = tmp_path / "report.html"  # type: ignore[operator]
    CliRunner().invoke(app, ["report", "mnc", "-b", "le2c", "-b", "ce3m", "-o", str(page)], catch_exceptions=False)
    html = page.read_text(encoding="utf-8")
    assert "compared through their frontier" in html and "mnc gap</th>" in html  # each benchmark, and the frontier
