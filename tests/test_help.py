"""Help that tells the truth: values named by what they mean (ID, FILE, N), never by a Python type.

Typer would print ``<bool>`` after every flag, ``<list[str]>`` after arguments and usage lines such
as ``{A} {B}...``; each command's help is read here in-process and from the installed command.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
import typer
import typer.core
import yaml
from typer.testing import CliRunner, Result

from clusterkit.cli import app
from clusterkit.render import formats_for

Cli = Callable[..., Result]

# Each command's usage line, as the README and docs write the commands.
USAGE = {
    "assess": "clusterkit assess [OPTIONS] ID",
    "list": "clusterkit list [OPTIONS]",
    "show": "clusterkit show [OPTIONS] ID",
    "validate": "clusterkit validate [OPTIONS] [PATH]...",
    "schema": "clusterkit schema [OPTIONS] KIND",
    "score": "clusterkit score [OPTIONS] ID...",
    "rank": "clusterkit rank [OPTIONS]",
    "compare": "clusterkit compare [OPTIONS] A B...",
    "audit": "clusterkit audit [OPTIONS] STRATEGY",
    "new": "clusterkit new [OPTIONS] ID",
    "report": "clusterkit report [OPTIONS] ID",
    "framework": "clusterkit framework [OPTIONS] [INDICATOR]...",
    "history": "clusterkit history [OPTIONS] ID",
    "questionnaire": "clusterkit questionnaire [OPTIONS]",
    "import": "clusterkit import [OPTIONS] FILE...",
    "sensitivity": "clusterkit sensitivity [OPTIONS] [ID]...",
    "label": "clusterkit label [OPTIONS] ID",
}
PYTHON_TYPES = ("<bool>", "<str>", "<list[", "<int", "<float", "<path>", "<Path>")
DEFAULT_FRAMEWORK = Path(__file__).resolve().parents[1] / "profiles" / "frameworks" / "default.yaml"


@pytest.fixture(name="cli")
def cli_fixture() -> Cli:
    """``clusterkit ARGS...`` in-process, under the program's own name (CliRunner's default is "root")."""
    runner = CliRunner()

    def invoke(*args: str) -> Result:
        result = runner.invoke(app, list(args), prog_name="clusterkit")
        assert "Traceback" not in result.output, result.output
        return result

    return invoke


def _group() -> typer.core.TyperGroup:
    group = typer.main.get_command(app)
    assert isinstance(group, typer.core.TyperGroup)
    return group


def all_commands() -> list[str]:
    """Every command the program offers, including any added after this test was written."""
    group = _group()
    with group.make_context("clusterkit", [], resilient_parsing=True) as ctx:
        return group.list_commands(ctx)


def _usage(help_text: str) -> str:
    line = next(line for line in help_text.splitlines() if "Usage:" in line)
    return " ".join(line.split("Usage:", 1)[1].split())


def _flat(text: str) -> str:
    """Help text without the panel's box drawing and line breaks."""
    return " ".join(re.sub("[│╭╮╰╯─]", " ", text).split())


def _check(help_text: str, expected_usage: str | None) -> None:
    usage = _usage(help_text)
    assert "{" not in usage and "<" not in usage, usage
    if expected_usage is not None:
        assert usage == expected_usage
    for python_type in PYTHON_TYPES:
        assert python_type not in help_text, help_text


def test_every_documented_command_exists() -> None:
    assert set(USAGE) <= set(all_commands())


def test_the_program_help_shows_no_python_type(cli: Cli) -> None:
    result = cli("--help")
    assert result.exit_code == 0
    _check(result.stdout, "clusterkit [OPTIONS] COMMAND [ARGS]...")
    shown = _flat(result.stdout)
    # Flags take no value, so help shows none; the completion options name the shell they take.
    assert re.search(r"--debug Show Python tracebacks", shown)
    assert "--show-completion SHELL" in shown and "--install-completion SHELL" in shown


@pytest.mark.parametrize("command", all_commands())
def test_each_command_help_names_values_by_meaning(cli: Cli, command: str) -> None:
    result = cli(command, "--help")
    assert result.exit_code == 0, result.output
    _check(result.stdout, USAGE.get(command))
    assert re.search(r"--help -h Show this message", _flat(result.stdout))


@pytest.mark.parametrize("command", all_commands())
def test_each_option_that_takes_a_value_has_a_metavar_or_choices(command: str) -> None:
    sub = _group().commands[command]
    for param in sub.params:
        if isinstance(param, typer.core.TyperOption) and not param.is_flag:
            named = param.metavar is not None or param.type_descriptor.is_choice
            assert named, f"{command} {param.opts[0]} has no metavar"


def test_installed_command_help_in_a_real_process(tmp_path: Path) -> None:
    exe = shutil.which("clusterkit")
    if exe is None:
        pytest.skip("the clusterkit command is not installed")
    env = {**os.environ, "COLUMNS": "120", "TERM": "dumb"}
    for command in ["", *all_commands()]:
        args = [exe, command, "--help"] if command else [exe, "--help"]
        proc = subprocess.run(args, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60, check=False)
        assert proc.returncode == 0, proc.stderr
        _check(proc.stdout, USAGE.get(command, "clusterkit [OPTIONS] COMMAND [ARGS]..." if not command else None))


def test_help_without_rich_shows_no_python_type(tmp_path: Path) -> None:
    exe = shutil.which("clusterkit")
    if exe is None:
        pytest.skip("the clusterkit command is not installed")
    env = {**os.environ, "COLUMNS": "120", "TYPER_USE_RICH": "0"}
    for command in ("compare", "validate", "sensitivity", "schema"):
        proc = subprocess.run(
            [exe, command, "--help"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60, check=False
        )
        assert proc.returncode == 0, proc.stderr
        _check(proc.stdout, USAGE[command])


def test_rank_help_names_the_default_framework_dimensions(cli: Cli) -> None:
    framework = yaml.safe_load(DEFAULT_FRAMEWORK.read_text(encoding="utf-8"))
    ids = [d["id"] for d in framework["dimensions"]]
    listed = ", ".join(ids[:-1]) + " and " + ids[-1]
    assert f"the default framework's are {listed} " in _flat(cli("rank", "--help").stdout)


def test_list_help_offers_geojson(cli: Cli) -> None:
    shown = _flat(cli("list", "--help").stdout)
    assert "geojson" in formats_for("clusters")
    assert f"Output format: {', '.join(formats_for('clusters'))}." in shown
    assert "geojson" in shown


def test_errors_name_arguments_as_usage_does(cli: Cli) -> None:
    result = cli("compare", "mnc")
    assert result.exit_code == 2
    assert "Usage: clusterkit compare [OPTIONS] A B..." in result.output
    assert "Missing argument 'B'" in result.output


def test_every_command_is_listed_with_the_module_that_defines_it() -> None:
    # The program builds only the command it runs, found by name in COMMAND_MODULES: a command missing
    # there could not be run at all.
    import importlib

    from clusterkit.cli.app import COMMAND_MODULES, app

    for module in set(COMMAND_MODULES.values()):
        importlib.import_module(module)
    defined = {(info.name, info.callback.__module__) for info in app.registered_commands if info.callback}
    assert defined == set(COMMAND_MODULES.items())
