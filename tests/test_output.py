"""-o targets the atomic write must neither replace nor misname: devices, FIFOs, folders, long names, suffixes."""

from __future__ import annotations

import json
import os
import stat
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from typer.testing import Result

from clusterkit import output
from clusterkit.errors import ClusterkitError
from clusterkit.loading import Catalog
from clusterkit.output import write_atomic

Cli = Callable[..., Result]
WriteProfile = Callable[[Path, str, str | bytes], Path]

DATA_FORMATS = "table, json, csv, markdown, yaml, html, xlsx"


@pytest.fixture
def no_rename() -> Iterator[None]:
    """The system's device nodes are safe whatever the code does: no temporary file, no rename."""

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise PermissionError(1, "the test forbids temporary files and renames here")

    with (
        mock.patch.object(output, "create_temporary", refuse),
        mock.patch.object(os, "replace", refuse),
        mock.patch.object(os, "rename", refuse),
    ):
        yield


def char_device(path: str) -> os.stat_result:
    if not os.path.exists(path):
        pytest.skip(f"{path} does not exist here")
    before = os.stat(path)
    assert stat.S_ISCHR(before.st_mode)
    return before


def assert_same_device(path: str, before: os.stat_result) -> None:
    after = os.stat(path)
    assert stat.S_ISCHR(after.st_mode)
    assert (after.st_rdev, after.st_ino) == (before.st_rdev, before.st_ino)


# --- devices and named pipes are written into, never replaced -------------------------------------


@pytest.mark.usefixtures("no_rename")
def test_output_to_dev_null_writes_into_the_device(cli: Cli) -> None:
    before = char_device("/dev/null")
    result = cli("show", "mnc", "-o", "/dev/null")
    assert_same_device("/dev/null", before)
    assert result.exit_code == 0
    assert result.stderr == "wrote /dev/null\n"
    assert result.stdout == ""


@pytest.mark.usefixtures("no_rename")
def test_output_to_dev_full_is_a_write_error(cli: Cli) -> None:
    before = char_device("/dev/full")
    result = cli("report", "mnc", "-o", "/dev/full", "--format", "html")
    assert_same_device("/dev/full", before)
    assert result.exit_code == 2
    assert result.stderr == "/dev/full: cannot write: No space left on device\n"


def test_output_to_a_named_pipe_is_read_through_it(cli: Cli, tmp_path: Path) -> None:
    fifo = tmp_path / "scores.json"
    os.mkfifo(fifo)
    received: list[bytes] = []

    def read() -> None:
        with open(fifo, "rb") as handle:
            received.append(handle.read())

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    result = cli("score", "mnc", "le2c", "-o", fifo)
    reader.join(timeout=30)
    assert result.exit_code == 0
    assert result.stderr == f"wrote {fifo}\n"
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert [s["id"] for s in json.loads(received[0])["scores"]] == ["mnc", "le2c"]
    assert os.listdir(tmp_path) == ["scores.json"]


@pytest.mark.parametrize("name", ["profile.yaml", "link.yaml"])
def test_output_over_an_input_profile_is_still_refused(
    cli: Cli, tmp_path: Path, write_profile: WriteProfile, cluster_yaml: Callable[..., str], name: str
) -> None:
    profile = write_profile(tmp_path, "mine/clusters/demo.yaml", cluster_yaml())
    (tmp_path / "link.yaml").symlink_to(profile)
    target = profile if name == "profile.yaml" else tmp_path / name
    result = cli("show", "demo", "-p", tmp_path / "mine", "--format", "json", "-o", target)
    assert result.exit_code == 2
    assert result.stderr == f"{target}: is an input profile; refusing to write over it\n"
    assert profile.read_text(encoding="utf-8") == cluster_yaml()


def test_write_atomic_refuses_every_file_a_catalog_read(
    tmp_path: Path, write_profile: WriteProfile, cluster_yaml: Callable[..., str]
) -> None:
    profile = write_profile(tmp_path, "mine/clusters/demo.yaml", cluster_yaml())
    catalog = Catalog([tmp_path / "mine"])
    catalog.cluster("demo")
    with pytest.raises(ClusterkitError) as caught:
        write_atomic(profile, "{}", catalog.files_read)
    assert [str(p) for p in caught.value.problems] == [f"{profile}: is an input profile; refusing to write over it"]
    assert profile.read_text(encoding="utf-8") == cluster_yaml()
    # A file no catalog read is written, and only the inputs given are guarded.
    write_atomic(tmp_path / "out.json", "{}", catalog.files_read)
    write_atomic(profile, "{}", ())
    assert profile.read_text(encoding="utf-8") == "{}"


def test_write_atomic_writes_bytes_as_they_are(tmp_path: Path) -> None:
    # A workbook's bytes, not UTF-8 text: none is re-encoded, and they replace the old file whole.
    data = b"PK\x03\x04\xff\xfe\x00 not text"
    target = tmp_path / "out.xlsx"
    target.write_text("old", encoding="utf-8")
    write_atomic(target, data, ())
    assert target.read_bytes() == data
    assert [p.name for p in tmp_path.iterdir()] == ["out.xlsx"]


# --- the format follows from the suffix ------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "name", "message"),
    [
        (["score", "mnc"], "s.xyz", f"error: unknown format 'xyz'; choose one of: {DATA_FORMATS}"),
        (["report", "mnc"], "r.odt", "error: unknown format 'odt'; choose one of: json, markdown, yaml, html, pdf"),
        (["list"], "clusters.ODT", "error: unknown format 'odt'; choose one of: " + DATA_FORMATS + ", geojson"),
        (["validate"], "v.docx", f"error: unknown format 'docx'; choose one of: {DATA_FORMATS}"),
        (
            ["report", "mnc"],
            "r.csv",
            "error: format 'csv' is not available here; choose one of: json, markdown, yaml, html, pdf",
        ),
    ],
)
def test_output_with_an_unknown_suffix_is_a_usage_error(
    cli: Cli, tmp_path: Path, args: list[str], name: str, message: str
) -> None:
    result = cli(*args, "-o", tmp_path / name)
    assert result.exit_code == 2
    assert result.stderr == message + "\n"
    assert result.stdout == ""
    assert os.listdir(tmp_path) == []


def test_an_explicit_format_wins_over_the_suffix(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "scores.xyz"
    result = cli("score", "mnc", "--format", "json", "-o", out)
    assert result.exit_code == 0
    assert json.loads(out.read_text(encoding="utf-8"))["scores"][0]["id"] == "mnc"


@pytest.mark.parametrize(
    ("args", "start"), [(["score", "mnc"], "Scores (default framework"), (["report", "mnc"], "# ")]
)
def test_an_output_without_a_suffix_gets_the_commands_default_format(
    cli: Cli, tmp_path: Path, args: list[str], start: str
) -> None:
    out = tmp_path / "out"
    result = cli(*args, "-o", out)
    assert result.exit_code == 0
    assert out.read_text(encoding="utf-8").startswith(start)


# --- folders ---------------------------------------------------------------------------------------


def test_output_to_a_missing_folder_with_a_trailing_slash(cli: Cli, tmp_path: Path) -> None:
    given = f"{tmp_path / 'newdir'}{os.sep}"
    result = cli("show", "mnc", "-o", given)
    assert result.exit_code == 2
    assert result.stderr == f"{given}: output folder {str(tmp_path / 'newdir')!r} does not exist\n"
    assert os.listdir(tmp_path) == []


@pytest.mark.parametrize("slash", ["", os.sep])
def test_output_to_an_existing_folder(cli: Cli, tmp_path: Path, slash: str) -> None:
    (tmp_path / "reports").mkdir()
    given = f"{tmp_path / 'reports'}{slash}"
    result = cli("score", "mnc", "-o", given)
    assert result.exit_code == 2
    assert result.stderr == f"{given}: is a folder; give a file name\n"
    assert os.listdir(tmp_path / "reports") == []


# --- names -----------------------------------------------------------------------------------------


def test_output_with_a_long_legal_name(cli: Cli, tmp_path: Path) -> None:
    if os.pathconf(tmp_path, "PC_NAME_MAX") < 250:
        pytest.skip("this file system has shorter names")
    out = tmp_path / ("r" * 245 + ".json")
    result = cli("score", "mnc", "-o", out)
    assert result.exit_code == 0, result.stderr
    assert json.loads(out.read_text(encoding="utf-8"))["scores"][0]["id"] == "mnc"
    assert os.listdir(tmp_path) == [out.name]


def test_a_failed_write_removes_its_short_temporary_file(cli: Cli, tmp_path: Path) -> None:
    made: list[str] = []
    create = output.create_temporary

    def record(name: str) -> int:
        made.append(os.path.basename(name))
        return create(name)

    def fail_replace(*args: Any, **kwargs: Any) -> None:
        raise OSError(28, "No space left on device")

    out = tmp_path / ("r" * 245 + ".json")
    with mock.patch.object(output, "create_temporary", record), mock.patch.object(os, "replace", fail_replace):
        result = cli("score", "mnc", "-o", out)
    assert result.exit_code == 2
    assert result.stderr == f"{out}: cannot write: No space left on device\n"
    assert len(made) == 1 and made[0].startswith(".ck-") and made[0].endswith(".tmp") and len(made[0]) < 20
    assert os.listdir(tmp_path) == []


def test_validate_to_a_file_with_an_undecodable_file_name(
    cli: Cli, tmp_path: Path, cluster_yaml: Callable[..., str]
) -> None:
    folder = tmp_path / "mine"
    (folder / "clusters").mkdir(parents=True)
    raw = os.path.join(os.fsencode(folder / "clusters"), b"bad\xff.yaml")
    try:
        with open(raw, "wb") as handle:
            handle.write(cluster_yaml("bad").encode("utf-8"))
    except OSError:
        pytest.skip("this file system refuses names that are not UTF-8")
    out = tmp_path / "v.json"
    result = cli("validate", folder, "-o", out)
    assert result.exit_code == 1
    assert result.stderr == f"wrote {out}\n"
    doc = json.loads(out.read_bytes().decode("utf-8"))  # valid UTF-8
    # The name is escaped as JSON escapes it, and reads back as the same bytes.
    assert [os.fsencode(os.path.abspath(f["file"])) for f in doc["files"]] == [raw]
    assert "\\udcff" in out.read_text(encoding="utf-8")
    piped = cli("validate", folder, "--format", "json")
    assert piped.exit_code == 1
    assert piped.stdout_bytes.decode("utf-8") == out.read_text(encoding="utf-8")


@pytest.mark.usefixtures("no_rename")
def test_output_to_a_block_device_is_refused_unopened(cli: Cli, tmp_path: Path) -> None:
    disk = tmp_path / "disk.html"
    try:
        os.mknod(disk, 0o600 | stat.S_IFBLK, os.makedev(7, 0))
    except PermissionError:
        pytest.skip("creating a device node needs root")
    result = cli("report", "mnc", "-o", disk, "--format", "html")
    assert result.exit_code == 2
    assert result.stderr == f"{disk}: is a block device (a disk); give a file name\n"
    assert stat.S_ISBLK(disk.stat().st_mode)


def test_output_dash_is_stdout(cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = cli("score", "mnc", "-o", "-", "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["scores"][0]["id"] == "mnc"
    assert result.stderr == ""
    assert list(tmp_path.iterdir()) == []
