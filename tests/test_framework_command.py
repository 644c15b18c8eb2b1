"""``clusterkit framework``: the indicators a user can assess, and each indicator's rubric, in every format."""

from __future__ import annotations

import csv
import io
import json
import re
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

from clusterkit.loading import Catalog, bundled_profiles_dir, search_dirs
from clusterkit.models import Framework
from clusterkit.render import FORMATS, RenderOptions, formats_for, render
from clusterkit.views.framework import framework_view

Cli = Callable[..., Result]
ANSI = re.compile(r"\x1b\[[0-9;]*m")
MINI = Path(__file__).resolve().parent / "positive" / "frameworks" / "mini.yaml"


@pytest.fixture(scope="module")
def default() -> Framework:
    return Catalog(search_dirs([], env="")).framework("default")


def run_json(cli: Cli, *args: Any) -> dict[str, Any]:
    result = cli("framework", *args, "--format", "json")
    assert result.exit_code == 0, result.output
    doc: dict[str, Any] = json.loads(result.stdout)
    assert (doc["schema_version"], doc["kind"]) == (1, "framework")
    return doc


@pytest.mark.parametrize("args", [[], ["strategy_documented", "committed_members"]], ids=["overview", "detail"])
@pytest.mark.parametrize("fmt", formats_for("framework"))
def test_every_format_runs(cli: Cli, fmt: str, args: list[str]) -> None:
    assert set(formats_for("framework")) == {"table", "json", "csv", "markdown", "yaml", "html", "xlsx"}
    result = cli("framework", *args, "--format", fmt)
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    if FORMATS[fmt].binary:
        assert result.stdout_bytes.startswith(b"PK\x03\x04")
    else:
        assert "Committed members" in result.stdout


def test_the_overview_lists_every_dimension_and_indicator(cli: Cli, default: Framework) -> None:
    doc = run_json(cli)
    assert doc["framework"]["id"] == "default" and doc["framework"]["source"] == "el-idrissi-2020"
    assert [d["id"] for d in doc["dimensions"]] == ["resources", "activities", "processes"]
    assert [i["id"] for i in doc["indicators"]] == [i.id for i in default.indicators]
    by_id = {i["id"]: i for i in doc["indicators"]}
    assert by_id["committed_members"]["method"] == "measured"
    assert by_id["committed_members"]["rule"] == {
        "path": "members.total",
        "measure": "value",
        "thresholds": [1, 15, 50, 100],
        "empty_is_zero": False,
    }
    assert by_id["strategy_documented"]["method"] == "assessed" and by_id["strategy_documented"]["rule"] is None
    assert by_id["strategy_documented"]["weight"] == 2
    assert by_id["committed_members"]["esca_area"].startswith("Structure of the cluster")
    counts = {d["id"]: (d["indicators"], d["measured"], d["assessed"]) for d in doc["dimensions"]}
    for dim in default.dimensions:
        members = [i for i in default.indicators if i.dimension == dim.id]
        assert counts[dim.id] == (len(members), sum(not i.assessed for i in members), sum(i.assessed for i in members))


def test_shares_of_the_overall_score_add_up_to_100_percent(cli: Cli) -> None:
    # CSV and JSON both round each share to 4 decimals.
    rows = list(csv.DictReader(io.StringIO(cli("framework", "--format", "csv").stdout)))
    assert len(rows) == 30
    assert sum(float(r["share"]) for r in rows) == pytest.approx(1.0, abs=30 * 0.00005)
    doc = run_json(cli)
    assert sum(i["share"] for i in doc["indicators"]) == pytest.approx(1.0, abs=30 * 0.00005)
    assert sum(d["share"] for d in doc["dimensions"]) == pytest.approx(1.0, abs=3 * 0.00005)
    # An indicator of weight 2 in a dimension of total weight 16 (a third of the score) holds 1/24 of it.
    strategy = next(i for i in doc["indicators"] if i["id"] == "strategy_documented")
    assert strategy["share"] == round(1 / 3 * 2 / 16, 4)
    # Each share a person reads is one of these, spelled as every table spells a share.
    table = cli("framework", env={"COLUMNS": "80"}).stdout
    assert re.search(r"^Documented strategy and\s+assessed 0-4\s+4\.2 %$", table, re.M)


def test_the_rubric_of_strategy_documented_shows_five_levels(cli: Cli, default: Framework) -> None:
    expected = default.indicator("strategy_documented")
    result = cli("framework", "strategy_documented", env={"COLUMNS": "80"})
    assert result.exit_code == 0
    shown = " ".join(result.stdout.split())  # texts wrap at 80 columns
    assert expected.name in shown
    for n, text in enumerate(expected.levels):
        assert f"level {n}: {text}" in shown
    assert "level 5" not in shown
    assert f"question: {' '.join(expected.measures.split())}" in shown
    assert "sources: el-idrissi-2020" in shown
    assert max(len(line) for line in result.stdout.splitlines()) <= 80
    doc = run_json(cli, "strategy_documented")
    [indicator] = doc["indicators"]
    assert indicator["levels"] == list(expected.levels) and len(indicator["levels"]) == 5
    assert indicator["question"] == expected.measures
    assert indicator["sources"] == ["el-idrissi-2020"]


def test_a_measured_indicator_says_what_it_reads_and_its_thresholds(cli: Cli) -> None:
    shown = re.sub(r"[ \n]+", " ", cli("framework", "exporting_members", env={"COLUMNS": "80"}).stdout)
    assert "how: Measured from the profile: economy.exporting_members_share" in shown
    # A share read at a *_share path reads as a percentage, kept on one line.
    assert "level 1 from 10\u00a0%, level 2 from 25\u00a0%, level 3 from 50\u00a0%, level 4 from 70\u00a0%" in shown


def test_indicators_asked_twice_are_shown_once_in_the_order_given(cli: Cli) -> None:
    doc = run_json(cli, "quality_label", "committed_members", "quality_label")
    assert [i["id"] for i in doc["indicators"]] == ["quality_label", "committed_members"]
    assert len(doc["dimensions"]) == 3


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (
            ["strategy_documnted"],
            "error: framework 'default' has no indicator 'strategy_documnted'; did you mean 'strategy_documented'?\n",
        ),
        (["zzz"], "error: framework 'default' has no indicator 'zzz'; `clusterkit framework` lists them\n"),
        (
            ["committed_members", "Strategy_Documented", "zzz"],
            "error: framework 'default' has no indicator 'Strategy_Documented'; did you mean 'strategy_documented'?\n"
            "error: framework 'default' has no indicator 'zzz'; `clusterkit framework` lists them\n",
        ),
    ],
)
def test_an_unknown_indicator_id_exits_2_with_a_suggestion(cli: Cli, args: list[str], expected: str) -> None:
    result = cli("framework", *args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == expected


def test_an_unknown_framework_exits_2(cli: Cli) -> None:
    result = cli("framework", "--framework", "defualt")
    assert result.exit_code == 2
    assert "did you mean 'default'?" in result.stderr


def test_a_framework_file_and_a_user_folder(cli: Cli, tmp_path: Path) -> None:
    doc = run_json(cli, "--framework", MINI)
    assert [(i["id"], i["share"]) for i in doc["indicators"]] == [("members", 0.5), ("strategy", 0.5)]
    folder = tmp_path / "mine" / "frameworks"
    folder.mkdir(parents=True)
    (folder / "mini.yaml").write_text(MINI.read_text(encoding="utf-8"), encoding="utf-8")
    assert run_json(cli, "strategy", "--framework", "mini", "-p", tmp_path / "mine")["indicators"][0]["levels"] == [
        "none",
        "ideas",
        "draft",
        "adopted",
        "adopted and monitored",
    ]


def test_the_overview_fits_80_columns_with_names_whole_ids_and_rules(default: Framework) -> None:
    view = framework_view(default)
    for color in (False, True):
        drawn = render(view, "table", RenderOptions(color=color, width=80))
        assert isinstance(drawn, str)
        lines = [line.strip() for line in ANSI.sub("", drawn).splitlines()]
        assert max(len(line) for line in lines) <= 80, color
        text = "\n".join(lines)
        # Names for a person, each with its id whole below it (the next command takes it), and the rule.
        for indicator in default.indicators:
            first_line = textwrap.wrap(indicator.name, 32, break_on_hyphens=False)[0]
            assert re.search(rf"^{re.escape(first_line)}\s", text, re.M), (indicator.name, color)
            assert re.search(rf"^id: {indicator.id}\b", text, re.M), (indicator.id, color)
        assert re.search(r"^id: committed_members\s+at 1 / 15 / 50 / 100$", text, re.M)
        assert re.search(r"^Committed members\s+measured: members.total\s+3.5 %$", text, re.M)
        assert "economy.exporting_members_share" in text and "at 10\u00a0% / 25\u00a0% / 50\u00a0% / 70\u00a0%" in text


def test_a_workbook_keeps_ids_numbers_and_the_rubric(cli: Cli, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    out = tmp_path / "framework.xlsx"
    assert cli("framework", "-o", out).exit_code == 0
    book = load_workbook(out, read_only=True)
    assert book.sheetnames == ["dimensions", "indicators"]
    rows = list(book["indicators"].iter_rows(values_only=True))
    header = list(rows[0])
    first = dict(zip(header, rows[1]))
    assert first["id"] == "committed_members" and first["weight"] == 1
    assert isinstance(first["share of overall score"], float)
    assert first["level 4"] == "100 or more committed members."
    assert len(rows) == 31


def test_the_page_groups_indicators_by_dimension_and_shows_each_rubric(cli: Cli) -> None:
    page = cli("framework", "--format", "html").stdout
    for heading in ("Dimensions", "Human and Material Resources: 33.3 % of the overall score", "Activities: 33.3 %"):
        assert heading in page
    assert "<th" in page and "internationalisation_support" in page
    detail = cli("framework", "strategy_documented", "--format", "html").stdout
    assert "Documented strategy and implementation plan</h2>" in detail
    assert detail.count('<td class="num">') >= 5
    assert "No documented strategy." in detail and "validated by a specialised committee." in detail


def test_the_bundled_framework_file_is_what_is_shown(cli: Cli) -> None:
    # The rubric a user reads is the bundled framework's, not a copy.
    text = (bundled_profiles_dir() / "frameworks" / "default.yaml").read_text(encoding="utf-8")
    assert "No documented strategy." in text
    assert "No documented strategy." in cli("framework", "strategy_documented").stdout
