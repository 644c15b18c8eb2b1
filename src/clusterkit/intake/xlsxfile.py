"""XLSX files a user gives or gets: opened safely for reading, written with the same bytes each time.

Reading a workbook a user hands over is bounded before openpyxl sees it: the file is recognised by
its first bytes (a CSV or text renamed ``.xlsx``, an old ``.xls``, an encrypted workbook, an
OpenDocument file, a damaged archive each get their own message), and the sizes its ZIP entries
declare are checked (a zip bomb is refused before a byte is inflated: :mod:`zipfile` never inflates
an entry past its declared size). Sheets are then streamed in openpyxl's read-only mode, a bounded
number of rows each. A place in a workbook is written ``answers.xlsx:Activities!D7``.

openpyxl is imported inside the functions that need it: no command pays for it at start-up.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from clusterkit import text as spell
from clusterkit.errors import LoadError, Problem
from clusterkit.i18n import _

if TYPE_CHECKING:
    from openpyxl import Workbook

# Bounds on a workbook read: a questionnaire is some tens of kilobytes; these leave a wide margin.
MAX_FILE_BYTES = 64_000_000  # the file on disk
MAX_ENTRIES = 2_000  # entries of its ZIP archive
MAX_TOTAL_BYTES = 256_000_000  # every entry inflated (the sheets are streamed, not held)
MAX_PART_BYTES = 16_000_000  # any entry but a sheet (openpyxl holds these whole: shared strings, styles)
# The most of a sheet's XML that openpyxl builds as one element (a row; what comes before or after
# the rows), and the most of a sheet scanned for them.
MAX_ROW_BYTES = 2_000_000
MAX_HEAD_BYTES = 4_000_000
MAX_SCAN_BYTES = 128_000_000
SCAN_CHUNK = 1 << 20
# How many bytes of an OLE file are searched for the streams of an encrypted workbook.
OLE_SCAN_BYTES = 8 * 1024 * 1024

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06")
_PLAIN_TITLE = re.compile(r"^[A-Za-z_][A-Za-z0-9_.]*$")
_SHEET_PART = re.compile(r"^xl/worksheets/[^/]+\.xml$")
# The tags a sheet is scanned for (with or without a namespace prefix): <row ...>, <sheetData>, </sheetData>.
_SHEET_TAGS = re.compile(
    rb"<(?:[A-Za-z_][\w.-]{0,20}:)?(?P<tag>row|sheetData)(?P<end>[\s>/])"
    rb"|(?P<close></(?:[A-Za-z_][\w.-]{0,20}:)?sheetData\s*>)"
)
_TAG_OVERLAP = 64  # longer than any match of _SHEET_TAGS


def _megabytes(size: int) -> str:
    return _("{size} MB").format(size=spell.number(round(size / 1_000_000, 1)))


def refuse(shown: str, text: str) -> LoadError:
    """The error for a file that cannot be read at all (one problem, the file as its place)."""
    return LoadError(f"{shown}: {text}", [Problem(shown, text)])


def check_file(path: Path, shown: str, max_rows: int = 5_000) -> None:
    """Raise a :class:`LoadError` unless ``path`` looks like an XLSX workbook that is safe to open.

    Each sheet is scanned as far as its first ``max_rows`` rows (the most a reader streams), so
    that no XML element openpyxl would build whole there (a row, the sheet's head or tail) is huge.
    """
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(OLE_SCAN_BYTES)
    except FileNotFoundError:
        raise refuse(shown, _("no such file")) from None
    except IsADirectoryError:
        raise refuse(shown, _("is a folder; give a workbook file")) from None
    except OSError as exc:
        raise refuse(shown, _("cannot read it: {reason}").format(reason=exc.strerror or exc)) from None
    if not path.is_file():
        raise refuse(shown, _("is not a regular file; give a workbook file"))
    if size > MAX_FILE_BYTES:
        raise refuse(
            shown,
            _("is too large for a workbook to import ({size}; at most {limit})").format(
                size=_megabytes(size), limit=_megabytes(MAX_FILE_BYTES)
            ),
        )
    if head.startswith(OLE_MAGIC):
        if "EncryptedPackage".encode("utf-16-le") in head:
            raise refuse(
                shown, _("is encrypted (protected by a password); open it, remove the password and save it as .xlsx")
            )
        raise refuse(
            shown, _("is an old Excel 97-2003 workbook (.xls) or another old Office file; open it and save it as .xlsx")
        )
    if not head.startswith(ZIP_MAGICS):
        raise refuse(shown, _not_a_workbook(head))
    _check_archive(path, shown, max_rows)


def _not_a_workbook(head: bytes) -> str:
    """What a file that is not a ZIP archive is, as far as its first bytes tell."""
    sample = head[:4096]
    if not sample:
        return _("is empty, not an XLSX workbook")
    text: str | None
    try:
        text = sample.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = None if b"\x00" in sample else sample.decode("latin-1")
    if text is not None:
        lowered = text.lstrip().lower()
        if lowered.startswith(("<!doctype html", "<html")):
            return _("is an HTML page, not an XLSX workbook; save the spreadsheet itself as .xlsx")
        if lowered.startswith("<?xml"):
            return _("is an XML file, not an XLSX workbook (an Excel 2003 XML spreadsheet?); save it as .xlsx")
        return _("is text, not an XLSX workbook (a CSV file renamed .xlsx?); name a CSV file .csv, or save it as .xlsx")
    return _("is not an XLSX workbook (it is not a ZIP archive: damaged, or another kind of file); save it as .xlsx")


def _check_archive(path: Path, shown: str, max_rows: int) -> None:
    """The archive opens, holds a workbook, and declares sizes within the bounds."""
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
            if len(entries) > MAX_ENTRIES:
                raise refuse(
                    shown,
                    _("holds {count} files; a workbook has far fewer (damaged?)").format(
                        count=spell.number(len(entries))
                    ),
                )
            names = {entry.filename for entry in entries}
            if "xl/workbook.xml" not in names:
                if "mimetype" in names and b"opendocument" in archive.read("mimetype")[:200]:
                    raise refuse(shown, _("is an OpenDocument file (.ods), not an XLSX workbook; save it as .xlsx"))
                raise refuse(shown, _("is a ZIP archive but not an XLSX workbook (it has no xl/workbook.xml)"))
            if "EncryptionInfo" in names or "EncryptedPackage" in names:
                raise refuse(shown, _("is encrypted; open it, remove the password and save it as .xlsx"))
            total = 0
            for entry in entries:
                total += entry.file_size
                if not _SHEET_PART.match(entry.filename) and entry.file_size > MAX_PART_BYTES:
                    raise refuse(
                        shown,
                        _(
                            "is too large to import once uncompressed: its part {part} holds {size}"
                            " (at most {limit}; a zip bomb?)"
                        ).format(
                            part=repr(entry.filename),
                            size=_megabytes(entry.file_size),
                            limit=_megabytes(MAX_PART_BYTES),
                        ),
                    )
            if total > MAX_TOTAL_BYTES:
                raise refuse(
                    shown,
                    _("is too large to import once uncompressed ({size}; at most {limit}; a zip bomb?)").format(
                        size=_megabytes(total), limit=_megabytes(MAX_TOTAL_BYTES)
                    ),
                )
            for entry in entries:
                if _SHEET_PART.match(entry.filename):
                    _scan_sheet(archive, entry, shown, max_rows)
    except zipfile.BadZipFile as exc:
        raise refuse(
            shown, _("is damaged: its ZIP archive cannot be read ({reason}); save it again as .xlsx").format(reason=exc)
        ) from None
    except OSError as exc:
        raise refuse(shown, _("cannot read it: {reason}").format(reason=exc.strerror or exc)) from None


def _scan_sheet(archive: zipfile.ZipFile, entry: zipfile.ZipInfo, shown: str, max_rows: int) -> None:
    """Refuse a sheet whose head, tail or any of its first rows is larger than openpyxl should build.

    The part is inflated in chunks and searched for the tags that open a row and open and close
    the sheet's data; nothing is kept but a few bytes across chunks.
    """
    state, mark, count, base, buffer = "head", 0, 0, 0, b""
    bound = {"head": MAX_HEAD_BYTES, "rows": MAX_ROW_BYTES, "tail": MAX_HEAD_BYTES}
    what = {"head": _("its start (before the rows)"), "rows": _("a row"), "tail": _("its end (after the rows)")}
    with archive.open(entry) as stream:
        while True:
            chunk = stream.read(SCAN_CHUNK)
            buffer += chunk
            limit = len(buffer) if not chunk else max(0, len(buffer) - _TAG_OVERLAP)
            for match in _SHEET_TAGS.finditer(buffer):
                if match.start() >= limit:
                    break
                at = base + match.start()
                if at - mark > bound[state]:
                    break  # reported below
                if match.group("close"):
                    state, mark = "tail", at
                elif match.group("tag") == b"sheetData":
                    state, mark = ("tail" if match.group("end") == b"/" else "rows"), at
                elif state == "rows":
                    count, mark = count + 1, at
                    if count > max_rows + 1:
                        return  # no reader builds a row past this one
            base += limit
            buffer = buffer[limit:]
            if base - mark > bound[state] or base > MAX_SCAN_BYTES:
                raise refuse(
                    shown,
                    _(
                        "is too large to import: in its part {part}, {what} holds more than {limit} once"
                        " uncompressed (damaged, or a zip bomb?)"
                    ).format(part=repr(entry.filename), what=what[state], limit=_megabytes(bound[state])),
                )
            if not chunk:
                return


@contextmanager
def open_workbook(path: Path, shown: str) -> Iterator[Workbook]:
    """The workbook at ``path``, checked (:func:`check_file`) and opened read-only, formulas as written.

    A workbook openpyxl cannot read is reported as damaged. Reading its sheets may still fail on a
    damaged part: :func:`damaged` says so.
    """
    check_file(path, shown)
    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=False, keep_links=False)
    except Exception as exc:  # openpyxl raises anything from a damaged part
        raise damaged(shown, exc) from None
    try:
        yield book
    finally:
        book.close()


def damaged(shown: str, exc: BaseException) -> LoadError:
    """The error for a workbook whose content openpyxl could not read."""
    detail = str(exc).strip() or type(exc).__name__
    return refuse(
        shown,
        _("is damaged: it cannot be read as a workbook ({reason}); open it and save it again as .xlsx").format(
            reason=detail
        ),
    )


def place(shown: str, sheet: str, row: int, column: int) -> str:
    """``answers.xlsx:Activities!D7``; a title with spaces is quoted as Excel quotes it (``'Human and ...'!D7``)."""
    from openpyxl.utils import get_column_letter

    title = sheet if _PLAIN_TITLE.match(sheet) else "'" + sheet.replace("'", "''") + "'"
    return f"{shown}:{title}!{get_column_letter(column)}{row}"


def rows(sheet: Any, max_rows: int, max_columns: int) -> Iterator[tuple[int, tuple[Any, ...]]]:
    """The rows of a read-only sheet, numbered from 1, each ``max_columns`` cells wide, at most ``max_rows + 1``.

    One row past the bound is yielded so that the caller can tell a sheet that goes on.
    """
    for number, cells in enumerate(sheet.iter_rows(min_row=1, max_row=max_rows + 1, max_col=max_columns), start=1):
        yield number, tuple(cells)


# --- writing -------------------------------------------------------------------------------------
