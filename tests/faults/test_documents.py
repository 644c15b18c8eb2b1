"""Documents and ids that fight back: an id with a trailing newline, a framework error about one
dimension, a folder validate cannot read."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any
from unittest import mock

import pytest

Cli = Callable[..., Any]

FRAMEWORK = """\
kind: framework
schema_version: 1
id: d0
name: Zero
dimensions:
  - id: d0
    name: D zero
  - id: d1
    name: D one
indicators:
  - id: a
    name: A
    dimension: d1
    measures: m
    esca_area: x
    levels: [a, b, c, d, e]
"""


@pytest.mark.parametrize("args", [["new", "demo\n"], ["show", "mnc\n"], ["score", "mnc\n"]])
def test_an_id_with_a_trailing_newline_is_not_a_valid_id(cli: Cli, tmp_path: Path, args: list[str]) -> None:
    result = cli(*args, *(["-d", tmp_path] if args[0] == "new" else []))
    assert result.exit_code == 2
    assert "is not a valid" in result.stderr and "id" in result.stderr
    assert not list(tmp_path.rglob("*.yaml"))


def test_a_dimension_without_weight_is_located_at_the_dimension(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "frameworks").mkdir()
    (tmp_path / "frameworks" / "d0.yaml").write_text(FRAMEWORK, encoding="utf-8")
    result = cli("validate", tmp_path)
    assert result.exit_code == 1
    assert "d0.yaml:6:9: dimensions.0.id: dimension 'd0' has no indicator with a positive weight" in result.stderr


def test_an_unknown_dimension_is_located_at_the_indicator(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "frameworks").mkdir()
    text = FRAMEWORK.replace("    dimension: d1", "    dimension: d9")
    (tmp_path / "frameworks" / "d0.yaml").write_text(text, encoding="utf-8")
    result = cli("validate", tmp_path)
    assert "d0.yaml:13:16: indicators.0.dimension: indicator 'a' names unknown dimension 'd9'" in result.stderr


def test_validate_of_a_folder_with_an_unreadable_subfolder_does_not_pass(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "clusters" / "locked").mkdir(parents=True)
    real = os.scandir

    def scandir(path: Any) -> Any:
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    with mock.patch("os.scandir", scandir):
        result = cli("validate", tmp_path)
    assert result.exit_code == 1
    assert "locked: cannot list folder: Permission denied" in result.stderr


@pytest.mark.parametrize("command", ["show", "score", "report"])
def test_a_broken_profile_outside_the_kind_folders_says_why_it_did_not_load(
    cli: Cli, tmp_path: Path, command: str
) -> None:
    (tmp_path / "flaty.yaml").write_text("kind: cluster\nschema_version: 1\nid: flaty\nname: [unclosed\n", "utf-8")
    result = cli(command, "flaty", "-p", tmp_path)
    assert result.exit_code == 2
    assert "flaty.yaml:5:1: YAML syntax error" in result.stderr
    assert "no cluster with id" not in result.stderr


def test_thousands_of_empty_files_outside_the_kind_folders_are_counted_in_one_note(cli: Cli, tmp_path: Path) -> None:
    for n in range(2000):
        (tmp_path / f"e{n}.yaml").write_text("", encoding="utf-8")
    result = cli("show", "mnc", "-p", tmp_path, "--format", "json")
    assert result.exit_code == 0
    notes = [line for line in result.stderr.splitlines() if "outside the kind folders" in line]
    assert len(notes) == 1 and notes[0].startswith("note: 2000 files outside the kind folders could not be read")


def test_a_kept_load_error_holds_no_traceback(tmp_path: Path) -> None:
    from clusterkit.errors import LoadError
    from clusterkit.loading import Catalog

    (tmp_path / "broken.yaml").write_text("kind: [\n", encoding="utf-8")
    catalog = Catalog([tmp_path])
    (entry,) = catalog.entries
    with pytest.raises(LoadError):
        catalog.read(entry)
    kept = catalog._errors[entry.path]  # what the catalog keeps is the point
    assert kept.__traceback__ is None and kept.__context__ is None
