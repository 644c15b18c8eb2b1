"""XLSX: a workbook with one sheet per table of the view, for a spreadsheet.

Each sheet has a bold header row, frozen, then one row per record with every column (the full
columns, as CSV writes them). Numbers stay numbers, each with a number format from its column's
kind (a share ``0.0%``, a score ``0.0``); unknown is an empty cell; a list is joined with ``; ``.
Every text is stored as a string cell, so one starting with ``=``, ``+``, ``-`` or ``@`` is never
a formula. The bytes depend on the view alone: the workbook's dates and the archive's are fixed.
"""

from __future__ import annotations

import datetime
import io
import math
import re
import zipfile
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from clusterkit import text as spell
from clusterkit.render import RenderOptions
from clusterkit.views import Column, Table, View

# How a column's numbers are shown, as text.py spells them; in a "number" (or "text") column an
# integer has a thousands separator and any other number Excel's General format.
NUMBER_FORMATS: dict[str, str] = {
    "share": "0.0%",
    "score": "0.0",
    "decimal": "0.0",
    "gap": "+0.0;-0.0;0.0",
    "points": "+0.00;-0.00;0.00",
    "stake": "0.00",
    "level": "0",
}
INTEGER_FORMAT = "#,##0"
# Column widths in characters: the longest text of the column, within these bounds.
MIN_WIDTH, MAX_WIDTH = 6, 60
# Excel's limits: a sheet title, a cell's text.
MAX_TITLE, MAX_CELL = 31, 32_767
# The earliest date a ZIP entry can hold (MS-DOS time): every part of the archive carries it, and
# the workbook gives it as its created and modified dates (openpyxl writes no workbook without them).
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
FIXED_DATE = datetime.datetime(*ZIP_EPOCH)

# Characters XML 1.0 cannot hold (openpyxl refuses them), and those a sheet title may not hold.
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_TITLE_FORBIDDEN = re.compile(r"[\[\]:*?/\\\x00-\x1f\x7f]")


def render(view: View, options: RenderOptions) -> bytes:
    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    taken: set[str] = set()
    for table in view.tables:
        title = sheet_title(table.name, taken)
        taken.add(title.lower())
        write_sheet(book.create_sheet(title), table)
    if not view.tables:
        book.create_sheet("empty")
    book.properties.title = safe_text(view.title)
    book.properties.creator = "clusterkit"
    # NOTE: openpyxl stamps both with the time of the run; a fixed date keeps the bytes the same.
    book.properties.created = book.properties.modified = FIXED_DATE
    return _save(book)


def write_sheet(sheet: Worksheet, table: Table) -> None:
    columns = table.columns
    widths = [len(c.header) for c in columns]
    bold = Font(bold=True)
    for number, column in enumerate(columns, start=1):
        _text_cell(sheet, 1, number, column.header).font = bold
    wrap = Alignment(wrap_text=True, vertical="top")
    for row_number, row in enumerate(table.rows, start=2):
        for number, column in enumerate(columns, start=1):
            cell, shown = _cell(sheet, row_number, number, row.get(column.key), column)
            widths[number - 1] = max(widths[number - 1], shown)
            if cell is not None and shown > MAX_WIDTH:
                cell.alignment = wrap
    sheet.freeze_panes = "A2"
    for number, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(number)].width = min(max(width, MIN_WIDTH), MAX_WIDTH) + 2


def sheet_title(name: str, taken: set[str]) -> str:
    """A sheet title Excel accepts: its forbidden characters as ``-``, at most 31, unique (any case)."""
    title = _TITLE_FORBIDDEN.sub("-", name).strip("'")[:MAX_TITLE].strip("'") or "table"
    if title.lower() == "history":  # NOTE: Excel keeps this name for its change tracking.
        title = "history-"
    base, number = title, 1
    while title.lower() in taken:
        number += 1
        suffix = f" ({number})"
        title = base[: MAX_TITLE - len(suffix)] + suffix
    return title


def safe_text(value: str) -> str:
    """Text an XLSX part can hold: control characters XML refuses as ``\\x1b``, lone surrogates
    (undecodable bytes of file names) as ``\\udcff``, at most Excel's 32,767 characters."""
    text = _ILLEGAL.sub(lambda m: f"\\x{ord(m.group()):02x}", value)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = text.encode("utf-8", "backslashreplace").decode("utf-8")
    return text if len(text) <= MAX_CELL else text[: MAX_CELL - 1] + "…"


def _cell(sheet: Worksheet, row: int, column: int, value: Any, spec: Column) -> tuple[Cell | None, int]:
    """Write one value of a record; its cell (none for unknown) and the width it takes, in characters."""
    if isinstance(value, list):
        value = "; ".join(str(v) for v in value)
    if value is None or value == "":  # unknown, an empty list or text: an empty cell
        return None, 0
    if isinstance(value, bool):
        return sheet.cell(row, column, value), 5
    if isinstance(value, int | float) and math.isfinite(value):
        cell = sheet.cell(row, column, value)
        if spec.kind in NUMBER_FORMATS:
            cell.number_format = NUMBER_FORMATS[spec.kind]
        elif isinstance(value, int):
            cell.number_format = INTEGER_FORMAT
        return cell, len(spell.cell(value, spec.kind))
    cell = _text_cell(sheet, row, column, str(value))
    text = cell.value if isinstance(cell.value, str) else ""
    return cell, max((len(line) for line in text.splitlines()), default=0)


def _text_cell(sheet: Worksheet, row: int, column: int, value: str) -> Cell:
    cell = sheet.cell(row, column, safe_text(value))
    # NOTE: openpyxl takes a text starting with "=" for a formula (and "#N/A" for an error);
    # a string cell is never evaluated, whatever it starts with.
    cell.data_type = "s"
    return cell


def _save(book: Workbook) -> bytes:
    written = io.BytesIO()
    # NOTE: openpyxl's save() would set the modified date to now; its writer is what save() runs.
    ExcelWriter(book, zipfile.ZipFile(written, "w", zipfile.ZIP_DEFLATED)).save()
    # NOTE: each ZIP entry carries the time it was written (or its temporary file's); copied in the
    # same order with one fixed date, the archive depends on its contents alone.
    fixed = io.BytesIO()
    with zipfile.ZipFile(written) as source, zipfile.ZipFile(fixed, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            info = zipfile.ZipInfo(entry.filename, date_time=ZIP_EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            target.writestr(info, source.read(entry))
    return fixed.getvalue()
