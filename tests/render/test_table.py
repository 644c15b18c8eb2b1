"""Terminal output (tables, and the Markdown `report` prints by default): no control character from a profile."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from clusterkit.loading import Catalog, search_dirs
from clusterkit.render import RenderOptions, render
from clusterkit.views.listing import cluster_list_view, cluster_view

Cli = Callable[..., Result]
WriteProfile = Callable[[Path, str, str | bytes], Path]

# ESC [ 31 m (red), an OSC that retitles the terminal ended by BEL, NUL, a C1 CSI, DEL, a tab.
RAW_NAME = "\x1b[31mX\x1b]0;pwned\x07 \x00\x9b2J\x7f\tend"
YAML_NAME = '"\\e[31mX\\e]0;pwned\\a \\0\\x9b2J\\x7f\\tend"'
SHOWN_NAME = "\\x1b[31mX\\x1b]0;pwned\\x07 \\x00\\x9b2J\\x7f end"
SGR = re.compile(r"\x1b\[[0-9;]*m")  # the colours rich adds on purpose


def controls(text: str) -> list[str]:
    """Control characters other than the newline: C0, DEL and C1."""
    return [ch for ch in text if (ord(ch) < 0x20 and ch != "\n") or 0x7F <= ord(ch) < 0xA0]


@pytest.fixture
def hostile_dir(tmp_path: Path, write_profile: WriteProfile, cluster_yaml: Callable[..., str]) -> Path:
    write_profile(tmp_path, "mine/clusters/evil.yaml", cluster_yaml("evil").replace("Demo Cluster", YAML_NAME))
    return tmp_path / "mine"


@pytest.mark.parametrize("command", [["show", "evil"], ["list"], ["compare", "evil", "mnc"], ["rank"]])
def test_a_table_shows_control_characters_as_escapes(cli: Cli, hostile_dir: Path, command: list[str]) -> None:
    result = cli(*command, "-p", hostile_dir)
    assert result.exit_code == 0
    assert controls(result.stdout) == []
    assert "pwned" in result.stdout
    if command[0] != "list":  # list wraps the name in a narrow column
        assert SHOWN_NAME in result.stdout


def test_a_table_in_a_file_is_escaped_too(cli: Cli, hostile_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "evil.txt"
    assert cli("show", "evil", "-p", hostile_dir, "-o", out).exit_code == 0
    text = out.read_text(encoding="utf-8")
    assert controls(text) == []
    assert [line.split(maxsplit=1) for line in text.splitlines() if line.startswith("name ")] == [["name", SHOWN_NAME]]


def test_a_coloured_table_keeps_only_its_own_escape_codes(hostile_dir: Path) -> None:
    catalog = Catalog(search_dirs([hostile_dir]))
    options = RenderOptions(color=True, width=120)
    for view in (cluster_view(catalog.cluster("evil")), cluster_list_view(catalog.clusters())):
        text = render(view, "table", options)
        assert "\x1b[" in text  # coloured
        assert controls(SGR.sub("", text)) == []


def test_other_formats_keep_the_data_as_is(cli: Cli, hostile_dir: Path) -> None:
    result = cli("show", "evil", "-p", hostile_dir, "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["cluster"]["name"] == RAW_NAME
    assert [ch for ch in controls(result.stdout) if ch < " "] == []  # JSON escapes C0 itself


def test_visible_keeps_newlines_and_printable_text() -> None:
    from clusterkit.render.escape import visible

    assert visible("Rabat & Salé — 拉巴特\nline 2") == "Rabat & Salé — 拉巴特\nline 2"
    assert visible("a\tb\r\n\x85") == "a b\\x0d\n\\x85"


@pytest.mark.parametrize("command", [["show", "evil", "--format", "markdown"], ["report", "evil"]])
def test_markdown_shows_control_characters_as_escapes(cli: Cli, hostile_dir: Path, command: list[str]) -> None:
    result = cli(*command, "-p", hostile_dir)
    assert result.exit_code == 0
    assert controls(result.stdout) == []
    # NOTE: brackets are escaped too, so that no text from a profile becomes a link (renders as "\\x1b[31m...").
    assert "\\x1b\\[31mX\\x1b\\]0;pwned\\x07" in result.stdout
