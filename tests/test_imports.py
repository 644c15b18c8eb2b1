"""Commands import only what they use, so a script that calls clusterkit many times stays quick.

Each case runs the command in a fresh interpreter under ``python -X importtime``, which lists every
module imported on stderr (``import time: self | cumulative | name``), and checks that modules
unrelated to the command (the rich terminal library, the HTML renderer, the report, the
sensitivity analysis, the audit, the process pool...) were never imported.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from clusterkit.cli.app import COMMAND_KINDS, COMMAND_MODULES
from clusterkit.render import formats_for

# Needed by no command whose output is piped or written as JSON.
TERMINAL = {"rich"}
# Modules of other commands.
REPORTING = {"clusterkit.render.html", "clusterkit.report", "clusterkit.sensitivity"}


def imported(args: list[str], cache_home: Path, terminal: bool = False) -> set[str]:
    """The modules a ``python -m clusterkit ARGS`` run imports; the run must succeed.

    Standard output is a pipe, or with ``terminal`` a pseudo-terminal.
    """
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "TERM") and not k.startswith("CLUSTERKIT_")}
    env["XDG_CACHE_HOME"] = str(cache_home)
    command = [sys.executable, "-X", "importtime", "-m", "clusterkit", *args]
    if terminal:
        stderr, stdout = run_on_terminal(command, env, cache_home / "stderr.txt")
    else:
        proc = subprocess.run(
            command, capture_output=True, text=True, env=env, stdin=subprocess.DEVNULL, timeout=60, check=False
        )
        assert proc.returncode == 0, proc.stderr[-2000:]
        stderr, stdout = proc.stderr, proc.stdout
    assert stdout, "the command printed nothing"
    names = set()
    for line in stderr.splitlines():
        if line.startswith("import time:") and line.count("|") == 2:
            name = line.rsplit("|", 1)[1].strip()
            if name != "package":  # the header line
                names.add(name)
    assert "clusterkit" in names, proc.stderr[-2000:]
    return names


def run_on_terminal(command: list[str], env: dict[str, str], log: Path) -> tuple[str, str]:
    """Run with standard output on a pseudo-terminal; its stderr and what the terminal showed."""
    pty = pytest.importorskip("pty")
    main_fd, child_fd = pty.openpty()
    # NOTE: stderr goes to a file: a pipe nobody reads while the terminal is drained could fill and block.
    with log.open("wb") as err:
        proc = subprocess.Popen(
            command, stdout=child_fd, stderr=err, stdin=subprocess.DEVNULL, env={**env, "TERM": "xterm"}
        )
    os.close(child_fd)
    shown = b""
    while True:
        try:
            chunk = os.read(main_fd, 65536)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        shown += chunk
    os.close(main_fd)
    code = proc.wait(timeout=60)
    stderr = log.read_text(errors="replace")
    assert code == 0, stderr[-2000:]
    return stderr, shown.decode(errors="replace")


def top_level(names: set[str]) -> set[str]:
    return {name.split(".")[0] for name in names}


def test_version_imports_no_library(tmp_path: Path) -> None:
    names = imported(["--version"], tmp_path)
    assert not top_level(names) & {"typer", "click", "rich", "pydantic", "pydantic_core", "yaml", "tabulate"}
    assert not names & {"clusterkit.cli", "clusterkit.models", "clusterkit.loading", "sqlite3"}


@pytest.mark.parametrize("run", ["cold", "warm"])
def test_list_json_imports_neither_rich_nor_other_commands(tmp_path: Path, run: str) -> None:
    if run == "warm":
        imported(["list", "--format", "json"], tmp_path)  # fills the cache
        assert (tmp_path / "clusterkit" / "documents.sqlite").exists()
    names = imported(["list", "--format", "json"], tmp_path)
    assert not top_level(names) & (TERMINAL | {"tabulate", "openpyxl"})
    assert "clusterkit.render.xlsx" not in names
    unrelated = REPORTING | {"clusterkit.audit", "clusterkit.comparison", "clusterkit.collection", "clusterkit.label"}
    assert not names & unrelated
    assert "multiprocessing.pool" not in names
    # Listing clusters scores nothing.
    assert "clusterkit.scoring" not in names
    if run == "warm":
        # The rows of unchanged profiles come from the cache: no model, no pydantic, no YAML reader.
        assert not top_level(names) & {"pydantic", "pydantic_core", "yaml"}
        assert not {name for name in names if name.startswith("clusterkit.models")}


def test_compare_piped_imports_no_terminal_or_html_library(tmp_path: Path) -> None:
    names = imported(["compare", "mnc", "le2c"], tmp_path)
    assert not top_level(names) & (TERMINAL | {"tabulate"})
    assert not names & (REPORTING | {"clusterkit.audit", "clusterkit.collection", "clusterkit.label"})
    assert "multiprocessing.pool" not in names
    assert "clusterkit.comparison" in names  # the probe sees the command's own modules


def test_compare_on_a_terminal_draws_with_rich(tmp_path: Path) -> None:
    # The counterpart of the piped case: the probe does see rich when the command needs it.
    names = imported(["compare", "mnc", "le2c"], tmp_path, terminal=True)
    assert "rich" in top_level(names)
    assert not names & REPORTING


def test_audit_json_imports_nothing_of_scoring(tmp_path: Path) -> None:
    names = imported(["audit", "mn2013", "--format", "json"], tmp_path)
    assert not top_level(names) & (TERMINAL | {"tabulate"})
    scoring = {"clusterkit.scoring", "clusterkit.comparison", "clusterkit.collection", "clusterkit.label"}
    assert not names & (REPORTING | scoring)
    assert not {name for name in names if name.startswith("multiprocessing")}
    assert "clusterkit.audit" in names


def test_rank_of_a_small_collection_starts_no_process_pool(tmp_path: Path) -> None:
    names = imported(["rank", "--format", "json"], tmp_path)
    assert "multiprocessing.pool" not in names
    assert not top_level(names) & TERMINAL
    assert not names & (REPORTING | {"clusterkit.audit", "clusterkit.comparison", "clusterkit.label"})


def test_schema_reads_no_profiles(tmp_path: Path) -> None:
    names = imported(["schema", "cluster"], tmp_path)
    assert not top_level(names) & (TERMINAL | {"yaml", "tabulate"})
    assert not names & {"clusterkit.loading", "clusterkit.cache", "sqlite3"}
    # The format registry builds the help texts; no renderer is loaded.
    assert not {name for name in names if name.startswith("clusterkit.render.")}


# Libraries only the assessment commands (questionnaire, import, assess) and xlsx output need.
SPREADSHEETS = {"openpyxl", "ruamel", "pyxform"}


@pytest.mark.parametrize(
    "args",
    [["list", "--format", "json"], ["compare", "mnc", "le2c", "--format", "json"], ["framework", "--format", "json"]],
)
def test_data_commands_load_no_spreadsheet_or_round_trip_yaml_library(tmp_path: Path, args: list[str]) -> None:
    names = imported(args, tmp_path)
    assert not top_level(names) & SPREADSHEETS
    assert not {name for name in names if name.startswith("clusterkit.intake")}


def test_help_builds_no_model(tmp_path: Path) -> None:
    # NOTE: Typer itself imports pydantic to parse options; no clusterkit model is built for help.
    names = imported(["compare", "--help"], tmp_path)
    assert not top_level(names) & ({"yaml"} | SPREADSHEETS)
    assert not names & {"clusterkit.models", "clusterkit.loading", "clusterkit.cache"}


# Every command that draws a view, with arguments it accepts on the bundled data.
COMMAND_ARGS: dict[str, list[str]] = {
    "list": ["list"],
    "show": ["show", "mnc"],
    "validate": ["validate"],
    "score": ["score", "mnc"],
    "rank": ["rank"],
    "compare": ["compare", "mnc", "le2c"],
    "audit": ["audit", "mn2013"],
    "sensitivity": ["sensitivity", "--draws", "50"],
    "label": ["label", "mnc"],
    "report": ["report", "mnc", "--benchmark", "le2c"],
    "framework": ["framework"],
    "history": ["history", "mnc"],
    "references": ["references"],
}
MACHINE_CASES = [
    (name, fmt)
    for name, args in COMMAND_ARGS.items()
    for fmt in ("json", "csv")
    if fmt in formats_for(COMMAND_KINDS[name])
]


@pytest.mark.parametrize(("name", "fmt"), MACHINE_CASES, ids=[f"{n}-{f}" for n, f in MACHINE_CASES])
def test_machine_output_loads_neither_rich_nor_tabulate(tmp_path: Path, name: str, fmt: str) -> None:
    names = imported([*COMMAND_ARGS[name], "--format", fmt], tmp_path)
    assert not top_level(names) & (TERMINAL | {"tabulate"} | SPREADSHEETS)
    # Only the invoked command's module is imported (commands.py holds several, and some lean on it).
    modules = {module for command, module in COMMAND_MODULES.items() if command != name}
    own = COMMAND_MODULES[name]
    assert not names & (modules - {own, "clusterkit.cli.commands"})


@pytest.mark.parametrize("name", list(COMMAND_MODULES))
def test_help_of_every_command_loads_no_model(tmp_path: Path, name: str) -> None:
    names = imported([name, "--help"], tmp_path)
    assert not names & {"clusterkit.models", "clusterkit.loading", "clusterkit.cache", "sqlite3"}
    assert not top_level(names) & ({"yaml", "tabulate"} | SPREADSHEETS)
    # Only that command is built: the modules of the others are not imported.
    others = {module for command, module in COMMAND_MODULES.items() if module != COMMAND_MODULES[name]}
    assert not names & (others - {"clusterkit.cli.commands"})


def test_the_program_help_loads_no_model(tmp_path: Path) -> None:
    names = imported(["--help"], tmp_path)
    assert not names & {"clusterkit.models", "clusterkit.loading", "clusterkit.cache", "sqlite3"}
    assert not top_level(names) & ({"yaml", "tabulate"} | SPREADSHEETS)


@pytest.mark.parametrize(
    "args",
    [
        ["list", "--format", "json"],
        ["compare", "mnc", "le2c", "--format", "json"],
        ["score", "mnc", "--format", "json"],
        ["compare", "mnc", "le2c", "--format", "csv"],
    ],
)
def test_a_warm_run_reads_no_document_and_builds_no_parameter_adapter(tmp_path: Path, args: list[str]) -> None:
    imported(args, tmp_path)  # fills the cache
    names = imported(args, tmp_path)
    # list's rows and the remembered views of score and compare come from the cache: no YAML is parsed,
    # no model is built, pydantic is not even imported.
    assert not top_level(names) & {"yaml", "pydantic", "pydantic_core"}
    assert not {name for name in names if name.startswith(("clusterkit.models", "clusterkit.loading.strict_yaml"))}
    # Typer's pydantic adapters for option values are not needed: clusterkit converts them plainly.
    assert "typer._adapters" not in names
