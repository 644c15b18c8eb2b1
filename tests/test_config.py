"""Defaults for scripts: clusterkit.toml (or pyproject.toml's [tool.clusterkit]) in this folder or a parent.

Every case runs the real command line in a folder of its own (``monkeypatch.chdir``), so the file
found is the one the test wrote.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
import typer
from typer.testing import Result

from clusterkit.cli import app
from clusterkit.cli.app import COMMAND_KINDS
from clusterkit.render import formats_for

Cli = Callable[..., Result]


@pytest.fixture(name="here")
def here_fixture(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project folder, the current folder of the test, with one user cluster ``demo`` under ``mine/``."""
    project = tmp_path / "project"
    (project / "mine" / "clusters").mkdir(parents=True)
    (project / "mine" / "clusters" / "demo.yaml").write_text(
        "kind: cluster\nschema_version: 1\nid: demo\nname: Demo Cluster\n"
        "location:\n  country: MA\n  city: Rabat\n  source: el-idrissi-2020 Table 1\n",
        encoding="utf-8",
    )
    monkeypatch.chdir(project)
    return project


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def ids(result: Result) -> list[str]:
    assert result.exit_code == 0, result.stderr
    return [c["id"] for c in json.loads(result.stdout)["clusters"]]


def settings(cli: Cli) -> dict[str, dict[str, object]]:
    result = cli("config", "--format", "json")
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert (doc["schema_version"], doc["kind"]) == (1, "config")
    return {row["key"]: row for row in doc["settings"]}


# --- defaults apply, options override ------------------------------------------------------------


def test_the_config_file_sets_the_profiles_folder_and_the_coverage_threshold(cli: Cli, here: Path) -> None:
    write(here, "clusterkit.toml", 'profiles_dir = ["mine"]\nmin_coverage = 30\n')
    assert "demo" in ids(cli("list", "--format", "json"))
    ranking = json.loads(cli("rank", "--format", "json").stdout)
    assert ranking["min_coverage"] == 0.3


def test_the_file_is_found_from_a_subfolder_and_its_paths_are_relative_to_it(
    cli: Cli, here: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(here, "clusterkit.toml", 'profiles_dir = ["mine"]\n')
    (here / "deep" / "er").mkdir(parents=True)
    monkeypatch.chdir(here / "deep" / "er")
    assert "demo" in ids(cli("list", "--format", "json"))


def test_options_on_the_command_line_override_the_file(cli: Cli, here: Path) -> None:
    write(here, "clusterkit.toml", 'profiles_dir = ["mine"]\nmin_coverage = 30\nformat = "json"\n')
    ranking = json.loads(cli("rank", "--min-coverage", "70").stdout)
    assert ranking["min_coverage"] == 0.7
    # -p replaces the folders of the file, as a second default would not add to them.
    (here / "other").mkdir()
    assert "demo" not in ids(cli("list", "-p", "other"))
    assert cli("list", "--format", "csv").stdout.startswith("id,")


def test_fail_under_from_the_file_gates_the_exit_code(cli: Cli, here: Path) -> None:
    write(here, "clusterkit.toml", "fail_under = 100\n")
    assert cli("score", "mnc").exit_code == 1
    assert cli("score", "mnc", "--fail-under", "0").exit_code == 0


def test_the_default_format_applies_where_the_command_can_draw_it(cli: Cli, here: Path) -> None:
    write(here, "clusterkit.toml", 'format = "geojson"\n')
    assert json.loads(cli("list").stdout)["type"] == "FeatureCollection"
    # framework cannot draw GeoJSON: it keeps its own default, the table.
    shown = cli("framework")
    assert shown.exit_code == 0 and not shown.stdout.startswith("{")


def test_an_output_suffix_chooses_the_format_before_the_file_does(cli: Cli, here: Path) -> None:
    write(here, "clusterkit.toml", 'format = "json"\n')
    assert cli("list", "-o", "clusters.md").exit_code == 0
    assert (here / "clusters.md").read_text(encoding="utf-8").lstrip().startswith(("#", "|"))
    assert cli("list", "-o", "clusters").exit_code == 0
    assert json.loads((here / "clusters").read_text(encoding="utf-8"))["kind"] == "clusters"


# --- clusterkit config: the values in force and where each came from ------------------------------


def test_config_shows_each_value_and_its_file_and_line(cli: Cli, here: Path) -> None:
    path = write(here, "clusterkit.toml", '# defaults for our scripts\nprofiles_dir = ["mine"]\n\nmin_coverage = 30\n')
    rows = settings(cli)
    assert rows["profiles_dir"]["value"] == [str(here.resolve() / "mine")]
    assert rows["profiles_dir"]["origin"] == f"{path.resolve()}:2"
    assert (rows["min_coverage"]["value"], rows["min_coverage"]["line"]) == (30.0, 4)
    assert rows["framework"] == {
        "key": "framework",
        "value": "default",
        "origin": "default",
        "file": None,
        "line": None,
    }
    assert rows["fail_under"]["origin"] == rows["format"]["origin"] == "default"
    # NOTE: wide enough for the long temporary paths in one line each.
    table = cli("config", env={"COLUMNS": "300"}).stdout.splitlines()
    assert table[0] == f"config file: {path.resolve()}"
    assert table[1].split() == ["key", "value", "from"]
    assert table[4].split() == ["min_coverage", "30", "%", f"{path.resolve()}:4"]
    assert table[3].split() == ["framework", "default", "default"]


def test_config_without_a_file_shows_the_defaults(cli: Cli, here: Path) -> None:
    result = cli("config")
    assert result.stdout.splitlines()[0] == "config file: none found here or in a parent folder"
    rows = settings(cli)
    # NOTE: the language, unset, comes from the locale (tests/test_i18n.py).
    assert {row["origin"] for key, row in rows.items() if key != "lang"} == {"default"}
    assert rows["min_coverage"]["value"] == 50.0


def test_a_framework_file_in_the_config_is_relative_to_its_folder(cli: Cli, here: Path) -> None:
    write(here, "clusterkit.toml", 'framework = "frameworks/ours.yaml"\n')
    (here / "sub").mkdir()
    assert settings(cli)["framework"]["value"] == str(here.resolve() / "frameworks" / "ours.yaml")


# --- pyproject.toml, and which file wins ----------------------------------------------------------


def test_a_tool_clusterkit_table_in_pyproject_works(cli: Cli, here: Path) -> None:
    path = write(
        here,
        "pyproject.toml",
        '[project]\nname = "ours"\n\n[tool.clusterkit]\nprofiles_dir = ["mine"]\nmin_coverage = 25\n',
    )
    assert "demo" in ids(cli("list", "--format", "json"))
    assert settings(cli)["min_coverage"]["origin"] == f"{path.resolve()}:6"


def test_the_nearest_file_wins(cli: Cli, here: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(here, "clusterkit.toml", "min_coverage = 10\n")
    child = write(here / "child", "pyproject.toml", "[tool.clusterkit]\nmin_coverage = 20\n")
    write(here / "child" / "plain", "pyproject.toml", '[project]\nname = "clusterkit-data"\n')
    monkeypatch.chdir(here / "child" / "plain")
    # A pyproject.toml without the table is passed by; the one above has it.
    assert settings(cli)["min_coverage"]["origin"] == f"{child.resolve()}:2"
    # In one folder, clusterkit.toml comes before pyproject.toml.
    own = write(here / "child", "clusterkit.toml", "min_coverage = 40\n")
    assert settings(cli)["min_coverage"] == {
        "key": "min_coverage",
        "value": 40.0,
        "origin": f"{own.resolve()}:1",
        "file": str(own.resolve()),
        "line": 1,
    }


# --- a malformed file is an error naming file, line and key, for every command --------------------

BAD = [
    ("min_coverage = 150\n", "min_coverage: must be a number from 0 to 100, got 150"),
    ('min_coverage = "thirty"\n', "min_coverage: must be a number from 0 to 100, got 'thirty'"),
    ("fail_under = -1\n", "fail_under: must be a number from 0 to 100, got -1"),
    ("profiles_dir = 3\n", "profiles_dir: must be a list of folder names, got 3"),
    ('format = "pdff"\n', "format: unknown format 'pdff'; choose one of: "),
    (
        "min_coverag = 30\n",
        "min_coverag: unknown key; did you mean 'min_coverage'? the keys are: profiles_dir, framework,"
        " min_coverage, fail_under, format",
    ),
    ("[score]\nmin_coverage = 30\n", "score: unknown key;"),
]


@pytest.mark.parametrize(("text", "expected"), BAD)
@pytest.mark.parametrize("command", [["config"], ["list"], ["schema", "cluster"]])
def test_a_malformed_file_is_an_error_naming_file_line_and_key(
    cli: Cli, here: Path, text: str, expected: str, command: list[str]
) -> None:
    path = write(here, "clusterkit.toml", f"# ours\n{text}")
    result = cli(*command)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith(f"error: {path.resolve()}:2: {expected}")
    assert len(result.stderr.splitlines()) == 1


def test_text_that_is_not_toml_names_the_line_column_and_key(cli: Cli, here: Path) -> None:
    path = write(here, "clusterkit.toml", "format = 'json'\nmin_coverage = = 3\n")
    result = cli("rank")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {path.resolve()}:2:16: min_coverage: not valid TOML: ")


def test_a_malformed_tool_table_in_pyproject_names_its_line(cli: Cli, here: Path) -> None:
    path = write(here, "pyproject.toml", '[project]\nname = "x"\n[tool.clusterkit]\nformat = 3\n')
    result = cli("list")
    assert result.exit_code == 2
    assert result.stderr == f"error: {path.resolve()}:4: format: must be the name of a format, got 3\n"


def test_help_still_works_beside_a_broken_file(cli: Cli, here: Path) -> None:
    write(here, "clusterkit.toml", "min_coverage = 150\n")
    result = cli("rank", "--help")
    assert result.exit_code == 0 and "--min-coverage" in result.stdout


# --- the table of command kinds stays true to the commands -----------------------------------------


def test_every_command_with_registry_formats_is_in_the_table_of_kinds() -> None:
    group = typer.main.get_command(app)
    assert isinstance(group, typer.core.TyperGroup)
    found = {}
    for name, command in group.commands.items():
        for param in command.params:
            help_text = getattr(param, "help", None) or ""
            if "--format" in getattr(param, "opts", []) and "Default: from the --output suffix" in help_text:
                found[name] = help_text.split("Output format: ", 1)[1].split(".", 1)[0]
    assert set(found) == set(COMMAND_KINDS)
    for name, kind in COMMAND_KINDS.items():
        assert found[name] == ", ".join(formats_for(kind)), name


def test_config_on_a_narrow_terminal_shows_one_block_per_key(cli: Cli, here: Path) -> None:
    path = write(here, "clusterkit.toml", "min_coverage = 30\n")
    lines = cli("config", env={"COLUMNS": "60"}).stdout.splitlines()
    # Every line fits, but for a long path, which is never cut.
    assert all(len(line) <= 60 for line in lines if "/" not in line)
    at = lines.index("min_coverage")
    assert lines[at + 1 : at + 3] == ["  value: 30 %", f"  from:  {path.resolve()}:1"]
