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
