"""Every command in every format it offers, and the registry, the help, the errors and the README agree.

The formats a command accepts come from one place, the registry in ``clusterkit.render``: each
format names the kinds of view it can draw. A format added there reaches every command whose view
it draws; these tests run each such pair, so no format or command is forgotten.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from clusterkit.render import FORMATS, default_format, formats_for
from clusterkit.views import VIEW_KINDS

Cli = Callable[..., Result]
README = Path(__file__).resolve().parents[1] / "README.md"

# Each command, arguments that make it succeed on the bundled data, and the kind of view it shows.
COMMANDS: dict[str, tuple[list[str], str]] = {
    "list": (["list"], "clusters"),
    "show": (["show", "mnc"], "cluster"),
    "validate": (["validate"], "validation"),
    "score": (["score", "mnc", "le2c"], "scores"),
    "rank": (["rank"], "ranking"),
    "compare": (["compare", "mnc", "le2c"], "comparison"),
    "history": (["history", "mnc"], "history"),
    "references": (["references", "--cited-by", "mnc"], "references"),
    "audit": (["audit", "mn2013"], "audit"),
    "sensitivity": (["sensitivity", "mnc", "le2c", "--draws", "20", "--seed", "1"], "sensitivity"),
    "label": (["label", "le2c"], "label"),
    "report": (["report", "mnc", "--benchmark", "le2c", "--audit", "mn2013"], "report"),
    "framework": (["framework"], "framework"),
}
PAIRS = [(command, fmt) for command, (_, kind) in COMMANDS.items() for fmt in formats_for(kind)]
REFUSED = [(command, fmt) for command, (_, kind) in COMMANDS.items() for fmt in FORMATS if fmt not in formats_for(kind)]


def test_every_view_kind_has_a_command_and_formats() -> None:
    assert sorted(kind for _, kind in COMMANDS.values()) == sorted(VIEW_KINDS)
    for kind in VIEW_KINDS:
        assert {"json", "yaml", "html", "markdown"} <= set(formats_for(kind)), kind
        assert default_format(kind) in formats_for(kind)


@pytest.mark.parametrize(("command", "fmt"), PAIRS)
def test_every_command_writes_every_format_it_offers(cli: Cli, command: str, fmt: str) -> None:
    args, kind = COMMANDS[command]
    result = cli(*args, "--format", fmt)
    assert result.exit_code == 0, result.stderr
    if (command, fmt) == ("validate", "table"):
        # For a person at the terminal, validate lists problems and its summary on stderr.
        assert result.stdout == "" and result.stderr.endswith(" invalid, 0 errors\n")
        return
    if FORMATS[fmt].binary:
        # A workbook or a PDF piped out: its bytes as they are, not text.
        assert result.stdout_bytes.startswith({"xlsx": b"PK\x03\x04", "pdf": b"%PDF-"}[fmt])
        return
    assert result.stdout.strip(), "nothing written"
    if fmt == "json":
        doc = json.loads(result.stdout)
        assert (doc["schema_version"], doc["kind"]) == (1, kind)
    elif fmt == "html":
        assert result.stdout.startswith("<!DOCTYPE html>") and result.stdout.endswith("</html>\n")
    elif fmt == "geojson":
        assert json.loads(result.stdout)["type"] == "FeatureCollection"


@pytest.mark.parametrize(("command", "fmt"), REFUSED)
def test_a_format_a_command_cannot_show_is_refused_with_the_ones_it_can(cli: Cli, command: str, fmt: str) -> None:
    args, kind = COMMANDS[command]
    result = cli(*args, "--format", fmt)
    assert result.exit_code == 2
    assert result.stdout == ""
    choices = ", ".join(formats_for(kind))
    assert result.stderr == f"error: format {fmt!r} is not available here; choose one of: {choices}\n"


def _flat(text: str) -> str:
    """Help text without the panel's box drawing and line breaks."""
    return " ".join(re.sub("[│╭╮╰╯─]", " ", text).split())


@pytest.mark.parametrize("command", COMMANDS)
def test_help_lists_exactly_the_formats_the_command_offers(cli: Cli, command: str) -> None:
    _, kind = COMMANDS[command]
    shown = _flat(cli(command, "--help").stdout)
    choices = ", ".join(formats_for(kind))
    expected = f"Output format: {choices}. Default: from the --output suffix, else {default_format(kind)}."
    assert expected in shown


def readme_formats() -> dict[str, list[str]]:
    """The README's table of formats: command -> formats, as a user reads it."""
    table: dict[str, list[str]] = {}
    for line in README.read_text(encoding="utf-8").splitlines():
        match = re.fullmatch(r"\| (`[a-z]+`(?:, `[a-z]+`)*) \| ([a-z, ]+?)(?: \(.*\))? \|", line)
        if match:
            for command in re.findall(r"`([a-z]+)`", match.group(1)):
                table[command] = match.group(2).split(", ")
    return table


def test_the_readme_lists_the_formats_of_each_command_as_the_registry_does() -> None:
    documented = readme_formats()
    assert documented == {command: list(formats_for(kind)) for command, (_, kind) in COMMANDS.items()}
