"""Streams that fight back: a closed stdout or stderr, a full device, an encoding without the bar
characters, a malformed terminal width. Each gives the documented exit code and one located message,
never an internal error, and the output where it can go."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

CK = [sys.executable, "-m", "clusterkit"]


def run(
    args: list[str], env: dict[str, str] | None = None, stdout: int | None = subprocess.PIPE, **kwargs: object
) -> subprocess.CompletedProcess[bytes]:
    full = {**os.environ, **(env or {})}
    return subprocess.run(
        [*CK, *args], env=full, stdout=stdout, stderr=subprocess.PIPE, timeout=120, check=False, **kwargs
    )  # type: ignore[call-overload,no-any-return]


def closed(fd: int) -> None:
    os.close(fd)


@pytest.mark.parametrize("args", [["rank"], ["validate"], ["list", "--format", "json"], ["compare", "mnc", "le2c"]])
def test_with_stderr_closed_the_output_is_whole_and_the_exit_code_is_that_of_a_clean_run(args: list[str]) -> None:
    clean = run(args)
    proc = subprocess.run([*CK, *args], stdout=subprocess.PIPE, preexec_fn=lambda: closed(2), timeout=120, check=False)
    assert (proc.returncode, proc.stdout) == (clean.returncode, clean.stdout)


def test_report_to_a_file_with_stderr_closed(tmp_path: Path) -> None:
    out = tmp_path / "r.md"
    proc = subprocess.run(
        [*CK, "report", "mnc", "-o", str(out)], preexec_fn=lambda: closed(2), timeout=120, check=False
    )
    assert proc.returncode == 0
    assert out.read_text(encoding="utf-8").startswith("# ")


def test_with_stdout_closed_the_command_says_so() -> None:
    proc = subprocess.run([*CK, "list"], stderr=subprocess.PIPE, preexec_fn=lambda: closed(1), timeout=120, check=False)
    assert proc.returncode == 2
    assert proc.stderr.decode() == "error: cannot write the output: standard output is closed; give -o FILE\n"


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_stdout_on_a_full_device_is_one_error_and_exit_2() -> None:
    with open("/dev/full", "wb") as full:
        proc = run(["list"], stdout=full.fileno())
    assert proc.returncode == 2
    assert proc.stderr.decode() == "error: cannot write to standard output: No space left on device\n"


@pytest.mark.parametrize("encoding", ["ascii", "latin-1"])
@pytest.mark.parametrize("args", [["score", "mnc", "--explain"], ["compare", "mnc", "le2c"], ["show", "mnc"]])
def test_an_encoding_without_the_bars_gets_plain_characters(encoding: str, args: list[str]) -> None:
    proc = run(args, env={"PYTHONIOENCODING": encoding})
    assert proc.returncode == 0, proc.stderr.decode()
    text = proc.stdout.decode(encoding)
    assert "internal error" not in proc.stderr.decode()
    assert "█" not in text
    if args[0] == "compare":
        assert "###......." in text  # mnc's overall score, 34.9, as a bar of plain characters


@pytest.mark.parametrize("columns", ["abc", "1e3", "-5", "", "99999999999999999999"])
def test_a_malformed_terminal_width_is_ignored(columns: str) -> None:
    proc = run(["list"], env={"COLUMNS": columns})
    assert proc.returncode == 0, proc.stderr.decode()
    assert proc.stdout.decode().startswith("12 clusters")


@pytest.mark.parametrize("args", [["list", "-p", ""], ["rank", "--profiles-dir="], ["-p", "", "list"]])
def test_an_empty_profiles_folder_is_a_usage_error(args: list[str]) -> None:
    proc = run(args)
    assert proc.returncode == 2
    assert proc.stdout == b""
    assert proc.stderr.decode() == "clusterkit: error: -p/--profiles-dir needs a folder name, not an empty one\n"


@pytest.mark.parametrize("args", [["--help"], ["score", "--help"], ["compare", "--help"]])
def test_a_reader_that_leaves_early_is_no_error(args: list[str]) -> None:
    # `clusterkit --help | head -1`: the reader closes the pipe after a line; exit 0, nothing said.
    proc = subprocess.Popen(
        [*CK, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env={**os.environ, "COLUMNS": "80"}
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.read(1)
    proc.stdout.close()
    stderr = proc.stderr.read()
    assert (proc.wait(timeout=120), stderr) == (0, b"")
