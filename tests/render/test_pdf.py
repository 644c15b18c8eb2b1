"""PDF: the report printed by headless Chromium, with page numbers, and a clear error without Chromium.

The printing tests need Chromium and poppler-utils (pdfinfo, pdftotext) to read the result; without
them they are skipped, saying what to install. The error paths run everywhere.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from clusterkit.render import RenderError, formats_for
from clusterkit.render.pdf import EPOCH, chromium, pin_dates

Cli = Callable[..., Result]
REPORT = ["report", "mnc", "--benchmark", "le2c", "--audit", "mn2013"]
INSTALL = "install chromium (Debian: apt install chromium) or set CLUSTERKIT_CHROMIUM to its path"


def _require_printing() -> None:
    try:
        chromium()
    except RenderError as exc:
        pytest.skip(f"printing to PDF needs Chromium: {exc}")
    missing = [tool for tool in ("pdfinfo", "pdftotext") if shutil.which(tool) is None]
    if missing:
        pytest.skip(f"reading the PDF needs {', '.join(missing)}: apt-get install poppler-utils")


def _pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    match = re.search(r"^Pages:\s+(\d+)$", info, re.MULTILINE)
    assert match, info
    return int(match.group(1))


def _text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


@pytest.fixture
def scratch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The folder Python's temporary files go to during the test, to see that none is left behind."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def test_the_bundled_report_prints_to_numbered_pages(cli: Cli, tmp_path: Path, scratch: Path) -> None:
    _require_printing()
    out = tmp_path / "report.pdf"
    result = cli(*REPORT, "-o", out)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == f"wrote {out}\n"
    data = out.read_bytes()
    assert data.startswith(b"%PDF-")
    pages = _pages(out)
    assert pages > 1
    text = _text(out)
    assert "Maroc Numeric Cluster" in text
    assert "Figure 1." in text and "Recommendations" in text
    # Each page carries its number, from the style sheet's @page margin box.
    for number in (1, pages):
        assert f"Page {number} of {pages}" in text
    assert list(scratch.iterdir()) == [], "the temporary folder was left behind"
    # Without --timestamp the same report gives the same bytes (Chromium's dates are pinned).
    again = tmp_path / "again.pdf"
    assert cli(*REPORT, "-o", again).exit_code == 0
    assert again.read_bytes() == data


def _filled(pdf: Path, folder: Path) -> list[float]:
    """Per page, the share of the page's text area (inside the A4 margins) down to its last inked row."""
    subprocess.run(["pdftoppm", "-r", "40", "-gray", str(pdf), str(folder / "page")], check=True)
    shares = []
    for image in sorted(folder.glob("page-*.pgm")):
        # NOTE: a binary PGM: "P5 width height maxval" and one byte per pixel.
        magic, width, height, _, pixels = image.read_bytes().split(maxsplit=4)
        assert magic == b"P5"
        w, h = int(width), int(height)
        top, bottom = round(h * 14 / 297), round(h * (297 - 16) / 297)  # the @page margins, in mm
        inked = [y for y in range(top, bottom) if min(pixels[y * w : (y + 1) * w]) < 200]
        shares.append((max(inked, default=top) - top) / (bottom - top))
    return shares


def test_no_printed_page_but_the_last_is_left_largely_empty(cli: Cli, tmp_path: Path) -> None:
    """A chart shrinks to the page, a recommendation or a table goes on over a break: no gap before them."""
    _require_printing()
    if shutil.which("pdftoppm") is None:
        pytest.skip("measuring the pages needs pdftoppm: apt-get install poppler-utils")
    out = tmp_path / "report.pdf"
    assert cli(*REPORT, "-o", out).exit_code == 0
    (tmp_path / "pages").mkdir()
    filled = _filled(out, tmp_path / "pages")
    assert len(filled) == _pages(out) > 2
    emptiest = min(filled[:-1])
    assert emptiest >= 0.8, [f"page {n}: {share:.0%}" for n, share in enumerate(filled, 1)]
    assert filled[-1] > 0


def test_the_pdf_goes_to_a_pipe_as_its_bytes(cli: Cli) -> None:
    _require_printing()
    result = cli(*REPORT, "--format", "pdf")
    assert result.exit_code == 0, result.stderr
    assert result.stdout_bytes.startswith(b"%PDF-")


@pytest.mark.parametrize("setting", ["missing path", "no chromium on PATH"])
def test_without_chromium_the_error_says_what_to_install_and_nothing_is_written(
    cli: Cli, tmp_path: Path, scratch: Path, setting: str
) -> None:
    out = tmp_path / "report.pdf"
    if setting == "missing path":
        env = {"CLUSTERKIT_CHROMIUM": str(tmp_path / "no" / "chromium")}
        expected = f"no Chromium found at CLUSTERKIT_CHROMIUM={tmp_path / 'no' / 'chromium'}: {INSTALL}"
    else:
        (tmp_path / "empty").mkdir()
        env = {"CLUSTERKIT_CHROMIUM": "", "PATH": str(tmp_path / "empty")}
        expected = f"no Chromium found: {INSTALL}"
    result = cli(*REPORT, "-o", out, env=env)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert expected in result.stderr
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["tmp", *(["empty"] if "PATH" in env else [])])
    assert list(scratch.iterdir()) == []


def test_a_chromium_that_fails_is_reported_and_its_folder_removed(cli: Cli, tmp_path: Path, scratch: Path) -> None:
    false = shutil.which("false")
    if false is None:
        pytest.skip("needs the false program")
    out = tmp_path / "report.pdf"
    result = cli(*REPORT, "-o", out, env={"CLUSTERKIT_CHROMIUM": false})
    assert result.exit_code == 2
    assert f"Chromium ({false}) printed no PDF (exit 1)" in result.stderr
    assert not out.exists()
    assert list(scratch.iterdir()) == []


def test_a_pdf_for_a_view_that_is_not_a_report_is_refused_with_the_formats_it_can_take(
    cli: Cli, tmp_path: Path
) -> None:
    out = tmp_path / "scores.pdf"
    result = cli("score", "mnc", "le2c", "-o", out)
    assert result.exit_code == 2
    choices = ", ".join(formats_for("scores"))
    assert result.stderr == f"error: format 'pdf' is not available here; choose one of: {choices}\n"
    assert "pdf" not in choices
    assert not out.exists()


def test_a_terminal_never_gets_the_pdf(cli: Cli) -> None:
    pty = pytest.importorskip("pty")
    main_fd, child_fd = pty.openpty()
    try:
        result = cli(*REPORT, "--format", "pdf", "-o", os.ttyname(child_fd))
        assert result.exit_code == 2
        assert result.stderr == "error: the pdf format is binary; write it to a file with -o FILE.pdf\n"
        os.set_blocking(main_fd, False)
        with pytest.raises(BlockingIOError):
            os.read(main_fd, 1024)
    finally:
        os.close(child_fd)
        os.close(main_fd)


def test_pinned_dates_keep_every_offset() -> None:
    data = b"%PDF-1.4\n<</CreationDate (D:20261202022459+00'00')\n/ModDate (D:20261202022459+00'00')>>\nxref"
    pinned = pin_dates(data)
    assert len(pinned) == len(data)
    assert pinned.count(EPOCH.encode()) == 2
    assert b"2026" not in pinned


def test_a_chromium_that_crashes_as_it_starts_is_tried_once_more(cli: Cli, tmp_path: Path, scratch: Path) -> None:
    # A stand-in for Chromium: dies of SIGABRT the first time, prints a PDF the second.
    tries = tmp_path / "tries"
    fake = tmp_path / "fake-chromium"
    fake.write_text(
        "#!/bin/sh\n"
        f'echo x >> "{tries}"\n'
        f'[ "$(wc -l < "{tries}")" -ge 2 ] || kill -ABRT $$\n'
        'for arg; do case "$arg" in --print-to-pdf=*)\n'
        '  printf "%%PDF-1.4\\n%%%%EOF\\n" > "${arg#--print-to-pdf=}";;\n'
        "esac; done\n"
    )
    fake.chmod(0o755)
    out = tmp_path / "report.pdf"
    result = cli(*REPORT, "-o", out, env={"CLUSTERKIT_CHROMIUM": str(fake)})
    assert result.exit_code == 0, result.stderr
    assert out.read_bytes().startswith(b"%PDF")
    assert tries.read_text().count("x") == 2
