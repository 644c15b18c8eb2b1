"""XLSX: every data command's view as a workbook that openpyxl and LibreOffice open as it was meant.

One sheet per table, a bold frozen header row, numbers as numbers with the number format of their
column (shares as percentages), unknown as an empty cell, text never a formula, the same bytes
for the same view, and never binary on a terminal.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
import os
import shutil
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.worksheet.worksheet import Worksheet
from typer.testing import Result

from clusterkit.render import FORMATS, RenderOptions, formats_for, render
from clusterkit.render.xlsx import MAX_WIDTH, MIN_WIDTH
from clusterkit.views import VIEW_KINDS, Column, Table, View
from clusterkit.workbooks import MAX_TITLE, sheet_title

Cli = Callable[..., Result]
WriteProfile = Callable[[Path, str, str | bytes], Path]

# Each command that offers xlsx, with arguments that make it succeed on the bundled data, and its view's kind.
COMMANDS: dict[str, tuple[list[str], str]] = {
    "list": (["list"], "clusters"),
    "validate": (["validate"], "validation"),
    "score": (["score", "mnc", "le2c"], "scores"),
    "score-explain": (["score", "mnc", "--explain"], "scores"),
    "rank": (["rank"], "ranking"),
    "compare": (["compare", "mnc", "le2c"], "comparison"),
    "history": (["history", "mnc"], "history"),
    "references": (["references", "--cited-by", "mnc"], "references"),
    "audit": (["audit", "mn2013"], "audit"),
    "sensitivity": (["sensitivity", "mnc", "le2c", "--draws", "20", "--seed", "1"], "sensitivity"),
    "label": (["label", "le2c"], "label"),
    "framework": (["framework"], "framework"),
    "framework-detail": (["framework", "strategy_documented", "exporting_members"], "framework"),
}
FORMULA_LIKE = ["=cmd|' /C calc'!A0", '=HYPERLINK("http://x.example","x")', "+1+2", "-3+4", "@SUM(A1)"]


def workbook(cli: Cli, path: Path, *args: str | os.PathLike[str]) -> Any:
    """Run a command with ``-o path`` (the suffix chooses xlsx) and open what it wrote."""
    result = cli(*args, "-o", path)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "" and result.stderr == f"wrote {path}\n"
    return load_workbook(path)


def records(sheet: Worksheet) -> dict[str, dict[str, Any]]:
    """A sheet's rows by their first cell, each as header -> cell."""
    headers = [c.value for c in sheet[1]]
    return {row[0].value: dict(zip(headers, row)) for row in sheet.iter_rows(min_row=2)}


def test_every_kind_that_offers_xlsx_is_run_here() -> None:
    assert FORMATS["xlsx"].binary
    offered = {kind for kind in VIEW_KINDS if "xlsx" in formats_for(kind)}
    # A report is a document; one cluster's facts are texts of every type, offered typed in JSON and YAML.
    assert offered == set(VIEW_KINDS) - {"report", "cluster"}
    assert {kind for _, kind in COMMANDS.values()} == offered


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_writes_a_workbook_with_a_sheet_per_table(cli: Cli, tmp_path: Path, command: str) -> None:
    args, _ = COMMANDS[command]
    book = workbook(cli, tmp_path / "x.xlsx", *args)
    assert book.properties.creator == "clusterkit" and book.properties.title
    assert book.sheetnames and len(set(name.lower() for name in book.sheetnames)) == len(book.sheetnames)
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2", sheet.title
        header = sheet[1]
        assert all(c.value for c in header) and all(c.font.b for c in header), sheet.title
        assert all(c.data_type == "s" for c in header)
        for column in sheet.column_dimensions.values():
            assert MIN_WIDTH + 2 <= column.width <= MAX_WIDTH + 2
        for row in sheet.iter_rows(min_row=2):
            assert not any(c.font.b for c in row)
            assert all(c.data_type in ("s", "n", "b") for c in row), [c.data_type for c in row]


def test_scores_are_numbers_with_one_decimal_and_coverage_a_percentage(cli: Cli, tmp_path: Path) -> None:
    book = workbook(cli, tmp_path / "s.xlsx", "score", "mnc")
    assert book.sheetnames == ["scores"]
    assert book.properties.title == "Scores (default framework, 0-100)"
    mnc = records(book["scores"])["mnc"]
    overall = mnc["overall"].value
    assert isinstance(overall, float) and round(overall, 1) == 34.9
    assert mnc["overall"].number_format == "0.0"
    coverage = mnc["coverage"]
    assert isinstance(coverage.value, float) and 0 < coverage.value <= 1
    assert coverage.number_format == "0.0%"


def test_counts_shares_and_unknown_in_an_audit(cli: Cli, tmp_path: Path) -> None:
    axes = records(workbook(cli, tmp_path / "a.xlsx", "audit", "mn2013")["axes"])
    # The paper gives axis 1's share achieved (11 %) but not its count of projects.
    first = axes["axis-1"]
    assert (first["achieved %"].value, first["achieved %"].number_format) == (0.11, "0.0%")
    assert first["planned"].value is None and first["planned"].data_type == "n"
    counted = [row["planned"] for row in axes.values() if row["planned"].value is not None]
    assert counted and all(isinstance(c.value, int) and c.number_format == "#,##0" for c in counted)


def test_gaps_and_levels_keep_their_sign_and_format(cli: Cli, tmp_path: Path) -> None:
    book = workbook(cli, tmp_path / "c.xlsx", "compare", "mnc", "le2c")
    overall = records(book["dimensions"])["Overall"]
    assert overall["gap"].value < 0 and overall["gap"].number_format == "+0.0;-0.0;0.0"
    indicators = list(book["indicators"].iter_rows(min_row=2, values_only=True))
    # dimension, id, name, then the two levels
    assert all(isinstance(level, int) for row in indicators for level in row[3:5] if level is not None)


def test_lists_are_joined_with_semicolons(cli: Cli, tmp_path: Path) -> None:
    listed = json.loads(cli("list", "--format", "json").stdout)["clusters"]
    sectors = {c["id"]: c["sectors"] for c in listed}
    assert len(sectors["le2c"]) > 1
    rows = records(workbook(cli, tmp_path / "l.xlsx", "list")["clusters"])
    assert rows["le2c"]["sectors"].value == "; ".join(sectors["le2c"])


# --- text that a spreadsheet would run ---------------------------------------------------------


def hostile_list(cli: Cli, tmp_path: Path, write_profile: WriteProfile, make: Callable[..., str]) -> Path:
    """``list`` of the bundled clusters and one per formula-like name (ids f0, f1...), as a workbook."""
    for number, name in enumerate(FORMULA_LIKE):
        text = make(f"f{number}").replace("name: Demo Cluster", f"name: {json.dumps(name)}")
        write_profile(tmp_path, f"mine/clusters/f{number}.yaml", text)
    out = tmp_path / "hostile.xlsx"
    result = cli("list", "-p", tmp_path / "mine", "-o", out)
    assert result.exit_code == 0, result.stderr
    return out


def test_a_formula_like_name_is_a_string_cell(
    cli: Cli, tmp_path: Path, write_profile: WriteProfile, cluster_yaml: Callable[..., str]
) -> None:
    out = hostile_list(cli, tmp_path, write_profile, cluster_yaml)
    rows = records(load_workbook(out)["clusters"])
    for number, name in enumerate(FORMULA_LIKE):
        cell = rows[f"f{number}"]["name"]
        assert (cell.value, cell.data_type) == (name, "s")
    assert rows["mnc"]["name"].value == "Maroc Numeric Cluster"
    # No formula in the file itself, whatever a reader makes of it.
    with zipfile.ZipFile(out) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in sheet and b"<f " not in sheet


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_shows_a_formula_like_name_as_text(
    cli: Cli, tmp_path: Path, write_profile: WriteProfile, cluster_yaml: Callable[..., str]
) -> None:
    out = hostile_list(cli, tmp_path, write_profile, cluster_yaml)
    # The control: a real formula, which LibreOffice does compute, so the check can tell the two apart.
    control = Workbook()
    control.active["A1"] = "=1+2"  # type: ignore[index]
    control.save(tmp_path / "control.xlsx")
    converted = tmp_path / "converted"
    command = [
        "soffice",
        f"-env:UserInstallation={(tmp_path / 'lo-profile').as_uri()}",
        "--headless",
        "--convert-to",
        "csv",
        "--outdir",
        str(converted),
        str(out),
        str(tmp_path / "control.xlsx"),
    ]
    subprocess.run(command, capture_output=True, timeout=240, check=True, stdin=subprocess.DEVNULL)
    assert (converted / "control.csv").read_text(encoding="utf-8").strip() == "3"
    with (converted / "hostile.csv").open(encoding="utf-8", newline="") as handle:
        shown = {row[0]: row[1] for row in csv.reader(handle)}
    # Computed, the first would be Err:509, the third 3 and the fourth 1.
    assert [shown[f"f{number}"] for number in range(len(FORMULA_LIKE))] == FORMULA_LIKE
    assert shown["mnc"] == "Maroc Numeric Cluster"


# --- sheets and texts a workbook cannot hold as they are ----------------------------------------


def test_sheet_titles_are_ones_excel_accepts() -> None:
    taken: set[str] = set()
    first = sheet_title("a/b:c*d?e[f]g\\h", taken)
    assert first == "a-b-c-d-e-f-g-h"
    long = "x" * 40
    titles = []
    for _ in range(3):
        titles.append(sheet_title(long, taken))
        taken.add(titles[-1].lower())
    assert titles == ["x" * MAX_TITLE, "x" * 27 + " (2)", "x" * 27 + " (3)"]
    assert sheet_title("'quoted'", set()) == "quoted"
    assert sheet_title("History", set()) == "history-"
    assert sheet_title("", set()) == "table"


def test_control_characters_and_undecodable_names_are_shown_as_escapes() -> None:
    columns = [Column("id", "id"), Column("name", "=name\x1b"), Column("share", "share", "share")]
    rows = [
        {"id": "a", "name": "bell\x07 and\ttab\nnewline", "share": 0.5},
        {"id": "b", "name": "file-\udcff.yaml", "share": None},
        {"id": "c", "name": "", "share": float("nan")},
    ]
    tables = [Table("t/1", "one", columns, rows), Table("T-1", "two", columns, [])]
    view = View("clusters", "Title \x1b[31m", tables, payload=[])
    data = render(view, "xlsx")
    assert isinstance(data, bytes)
    book = load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["t-1", "T-1 (2)"]
    assert book.properties.title == "Title \\x1b[31m"
    sheet = book["t-1"]
    assert [c.value for c in sheet[1]] == ["id", "=name\\x1b", "share"]
    assert sheet["B1"].data_type == "s"
    assert sheet["B2"].value == "bell\\x07 and\ttab\nnewline"
    assert sheet["B3"].value == "file-\\udcff.yaml"
    assert sheet["B4"].value is None  # an empty text is an empty cell
    assert sheet["C3"].value is None and sheet["C4"].value == "nan"


def test_a_long_text_wraps_in_a_column_of_bounded_width() -> None:
    text = "word " * 100
    view = View("clusters", "t", [Table("t", "t", [Column("id", "id"), Column("note", "note")], [{"note": text}])], [])
    data = render(view, "xlsx")
    assert isinstance(data, bytes)
    sheet = load_workbook(io.BytesIO(data))["t"]
    assert sheet.column_dimensions["B"].width == MAX_WIDTH + 2
    assert sheet.column_dimensions["A"].width == MIN_WIDTH + 2
    assert sheet["B2"].alignment.wrap_text


# --- the same bytes, and where they may go -------------------------------------------------------


def test_the_same_view_gives_the_same_bytes_whatever_the_time(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = tmp_path / "1.xlsx", tmp_path / "2.xlsx"
    workbook(cli, first, "compare", "mnc", "le2c")
    now = time.time()
    monkeypatch.setattr(time, "time", lambda: now + 400 * 86400)  # the ZIP entries' dates come from it
    workbook(cli, second, "compare", "mnc", "le2c")
    assert first.read_bytes() == second.read_bytes()
    with zipfile.ZipFile(first) as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    book = load_workbook(first)
    assert book.properties.created == book.properties.modified == datetime.datetime(1980, 1, 1)


def test_render_returns_bytes_for_xlsx_only() -> None:
    view = View("scores", "t", [Table("t", "t", [Column("id", "id")], [{"id": "a"}])], [])
    assert isinstance(render(view, "xlsx", RenderOptions()), bytes)
    assert isinstance(render(view, "csv"), str)


def test_piped_to_stdout_it_is_a_whole_workbook(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLUSTERKIT_")}
    for args in (["--format", "xlsx"], ["-o", "-", "--format", "xlsx"]):
        proc = subprocess.run(
            [sys.executable, "-m", "clusterkit", "score", "mnc", *args],
            capture_output=True,
            env=env,
            stdin=subprocess.DEVNULL,
            timeout=60,
            check=False,
        )
        assert proc.returncode == 0, proc.stderr
        assert proc.stderr == b""
        overall = records(load_workbook(io.BytesIO(proc.stdout))["scores"])["mnc"]["overall"].value
        assert round(overall, 1) == 34.9


def test_the_cli_runner_gets_the_bytes_on_stdout(cli: Cli) -> None:
    result = cli("rank", "--format", "xlsx")
    assert result.exit_code == 0
    assert load_workbook(io.BytesIO(result.stdout_bytes)).sheetnames == ["ranking"]


def test_a_terminal_never_gets_the_workbook(tmp_path: Path) -> None:
    pty = pytest.importorskip("pty")
    main_fd, child_fd = pty.openpty()
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLUSTERKIT_")}
    with (tmp_path / "stderr.txt").open("wb") as err:
        proc = subprocess.Popen(
            [sys.executable, "-m", "clusterkit", "score", "mnc", "--format", "xlsx"],
            stdout=child_fd,
            stderr=err,
            stdin=subprocess.DEVNULL,
            env={**env, "TERM": "xterm"},
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
    assert proc.wait(timeout=60) == 2
    assert shown == b""
    message = "error: the xlsx format is binary; write it to a file with -o FILE.xlsx\n"
    assert (tmp_path / "stderr.txt").read_text(encoding="utf-8") == message


def test_a_terminal_named_with_o_never_gets_the_workbook(cli: Cli) -> None:
    pty = pytest.importorskip("pty")
    main_fd, child_fd = pty.openpty()
    try:
        result = cli("score", "mnc", "--format", "xlsx", "-o", os.ttyname(child_fd))
        assert result.exit_code == 2
        assert result.stderr == "error: the xlsx format is binary; write it to a file with -o FILE.xlsx\n"
        os.set_blocking(main_fd, False)
        with pytest.raises(BlockingIOError):
            os.read(main_fd, 1024)
    finally:
        os.close(child_fd)
        os.close(main_fd)


def test_a_device_that_is_no_terminal_takes_the_bytes(cli: Cli) -> None:
    result = cli("score", "mnc", "--format", "xlsx", "-o", os.devnull)
    assert result.exit_code == 0 and result.stderr == f"wrote {os.devnull}\n"
