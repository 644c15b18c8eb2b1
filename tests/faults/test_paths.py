"""Paths that fight back: folders too deep to walk by recursion, a working folder deleted under the
command, output names longer than the file system allows."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from clusterkit.errors import Notes
from clusterkit.loading.search_path import MAX_DEPTH, walk_documents


def run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "clusterkit", *args], cwd=cwd, capture_output=True, text=True, check=False, timeout=120
    )


def deep_tree(root: Path, levels: int) -> Path:
    folder = root
    for _ in range(levels):
        folder = folder / "d"
    # NOTE: made in steps relative to each folder, as a path of 1,000 levels is longer than PATH_MAX.
    here = os.open(root, os.O_RDONLY)
    try:
        for _ in range(levels):
            os.mkdir("d", dir_fd=here)
            below = os.open("d", os.O_RDONLY, dir_fd=here)
            os.close(here)
            here = below
    finally:
        os.close(here)
    return folder


def remove_deep(root: Path) -> None:
    """Remove a chain of ``d`` folders under ``root`` from the bottom up (shutil.rmtree recurses)."""
    chain = [os.open(root, os.O_RDONLY)]
    try:
        while True:
            try:
                chain.append(os.open("d", os.O_RDONLY, dir_fd=chain[-1]))
            except FileNotFoundError:
                break
        for parent in reversed(chain[:-1]):
            os.rmdir("d", dir_fd=parent)
    finally:
        for fd in chain:
            os.close(fd)


@pytest.fixture
def deep(tmp_path: Path) -> Iterator[Path]:
    """A folder holding 1,000 nested folders (removed afterwards: pytest's own cleanup would recurse)."""
    root = tmp_path / "mine"
    root.mkdir()
    deep_tree(root, 1000)
    yield root
    remove_deep(root)


def test_a_thousand_nested_folders_are_walked_to_the_limit_with_a_note(deep: Path) -> None:
    tmp_path = deep
    notes = Notes()
    assert list(walk_documents(tmp_path, notes)) == []
    assert [n for n in notes.items if f"more than {MAX_DEPTH} folders deep; not read" in n]


def test_every_command_reads_beside_a_deep_tree(deep: Path) -> None:
    tmp_path = deep.parent
    for args in (["list"], ["rank"], ["score", "mnc"]):
        proc = run([*args, "-p", "mine"], tmp_path)
        assert proc.returncode == 0, proc.stderr[-1000:]
        assert "RecursionError" not in proc.stderr and "Traceback" not in proc.stderr
        assert "folders deep; not read" in proc.stderr
    # validate cannot pass a folder it could not read whole.
    proc = run(["validate", "mine"], tmp_path)
    assert proc.returncode == 1 and "more than 32 folders deep; not read" in proc.stderr, proc.stderr[-500:]


def test_the_order_of_documents_is_depth_first_by_name(tmp_path: Path) -> None:
    for name in ("b/x.yaml", "a/c/y.yaml", "a/z.yaml", "top.yaml"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("", encoding="utf-8")
    found = [p.relative_to(tmp_path).as_posix() for p in walk_documents(tmp_path, Notes())]
    assert found == ["top.yaml", "a/z.yaml", "a/c/y.yaml", "b/x.yaml"]


@pytest.fixture
def gone(tmp_path: Path) -> Path:
    """A working folder deleted under the command."""
    folder = tmp_path / "gone"
    folder.mkdir()
    return folder


@pytest.mark.parametrize(
    "args",
    [["list"], ["list", "-p", "rel"], ["rank", "-p", "rel"], ["compare", "mnc", "le2c"], ["validate"], ["config"]],
)
def test_a_deleted_working_folder_is_no_internal_error(gone: Path, args: list[str]) -> None:
    probe = f"import os, sys; os.rmdir(os.getcwd()); from clusterkit.cli.app import run; sys.exit(run({args!r}))"
    proc = subprocess.run(
        [sys.executable, "-c", probe], cwd=gone, capture_output=True, text=True, check=False, timeout=120
    )
    assert proc.returncode == 0, proc.stderr[-1000:]
    assert "internal error" not in proc.stderr and "Traceback" not in proc.stderr
    assert proc.stdout or args == ["validate"]  # validate's summary goes to stderr


def test_an_output_name_over_255_bytes_is_a_located_error(tmp_path: Path) -> None:
    name = "r" * 300 + ".json"
    proc = run(["list", "-o", name], tmp_path)
    assert proc.returncode == 2
    assert proc.stderr.strip() == f"{name}: cannot write: File name too long"
    assert list(tmp_path.iterdir()) == []


def test_a_folder_name_that_is_not_utf8_is_read_and_cached(tmp_path: Path, minimal_cluster: str) -> None:
    folder = os.fsencode(tmp_path) + b"/pro\xff"
    os.makedirs(folder + b"/clusters")
    with open(folder + b"/clusters/demo.yaml", "w", encoding="utf-8") as handle:
        handle.write(minimal_cluster)
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    outputs = []
    for args in ([b"rank", b"--format", b"json"], [b"rank", b"--format", b"json"], [b"show", b"demo"]):
        proc = subprocess.run(
            [sys.executable.encode(), b"-m", b"clusterkit", *args, b"-p", folder],
            capture_output=True,
            env=env,
            check=False,
            timeout=120,
        )
        assert proc.returncode == 0, proc.stderr[-1000:]
        assert b"Traceback" not in proc.stderr and b"internal error" not in proc.stderr
        outputs.append(proc.stdout)
    # NOTE: the second run is served from the cache, which keys the file by its bytes.
    assert outputs[0] == outputs[1]
    assert (tmp_path / "cache" / "clusterkit" / "documents.sqlite").exists()
