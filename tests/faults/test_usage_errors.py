"""Usage errors are plain lines, whole at any terminal width, that grep and a log can hold."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

CASES = [
    (["list", "--bogus"], "clusterkit list: error: No such option: --bogus (try 'clusterkit list --help')"),
    (["bogus"], "clusterkit: error: No such command 'bogus'. (try 'clusterkit --help')"),
    (["compare", "mnc"], "clusterkit compare: error: Missing argument 'B'. (try 'clusterkit compare --help')"),
    (["list", "--lang", "de"], "clusterkit: error: Invalid value for '--lang': 'de' is not one of 'en', 'fr'."),
]


@pytest.mark.parametrize("columns", ["20", "80"])
@pytest.mark.parametrize(("args", "line"), CASES)
def test_a_usage_error_is_the_usage_and_one_whole_line(args: list[str], line: str, columns: str) -> None:
    env = {**os.environ, "COLUMNS": columns}
    proc = subprocess.run(
        [sys.executable, "-m", "clusterkit", *args], capture_output=True, text=True, env=env, check=False
    )
    assert proc.returncode == 2
    assert proc.stdout == ""
    lines = proc.stderr.splitlines()
    assert lines[-1].startswith(line), proc.stderr
    assert len(lines) == 2 and lines[0].startswith("Usage: clusterkit"), proc.stderr
    assert "╭" not in proc.stderr and "│" not in proc.stderr
