"""XLSX: a workbook with one sheet per table of the view, for a spreadsheet.

Each sheet has a bold header row, frozen, then one row per record with every column (the full
columns, as CSV writes them). Numbers stay numbers, each with a number format from its column's
kind (a share ``0.0%``, a score ``0.0``); unknown is an empty cell; a list is joined with ``; ``.
Every text is stored as a string cell, so one starting with ``=``, ``+``, ``-`` or ``@`` is never
a formula. The bytes depend on the view alone: the workbook's dates and the archive's are fixed.
"""

from __future__ import annotations

import math
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from clusterkit import text as spell
from clusterkit.i18n import N_, _
from clusterkit.render import RenderOptions
from clusterkit.views import Column, Table, View
from clusterkit.workbooks import safe_text, sheet_title, workbook_bytes

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
# The words of the tables' machine names (``audit-axes``, ``indicators-mnc``), for the sheet names a
# person reads; a word not listed stays as it is (an id, a date).
# fmt: off
SHEET_WORDS: dict[str, str] = {
    word: word
    for word in (
        N_("axes"), N_("targets"), N_("programmes"), N_("figures"), N_("budget"), N_("findings"),
        N_("inconsistencies"), N_("notes"), N_("strategy"), N_("profile"), N_("scores"), N_("indicators"),
        N_("gaps"), N_("strengths"), N_("weaknesses"), N_("recommendations"), N_("references"), N_("audit"),
        N_("benchmarks"), N_("clusters"), N_("cluster"), N_("ranking"), N_("dimensions"), N_("changes"),
        N_("change"), N_("facts"), N_("labels"), N_("eligibility"), N_("readiness"), N_("uncertainty"),
        N_("pairs"), N_("influence"), N_("intervals"), N_("files"), N_("problems"), N_("rubric"), N_("values"),
        N_("comparison"), N_("holding-back"), N_("radar"), N_("gap"), N_("table"),
    )
}
# fmt: on
# Column widths in characters: the longest text of the column, within these bounds.
MIN_WIDTH, MAX_WIDTH = 6, 60


def render(view: View, options: RenderOptions) -> bytes:
    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    taken: set[str] = set()
    for table in view.tables:
        title = sheet_title(sheet_name(table.name), taken)
        taken.add(title.lower())
        write_sheet(book.create_sheet(title), table)
    if not view.tables:
        book.create_sheet(sheet_title(_("empty"), taken))
    book.properties.title = safe_text(view.title)
    book.properties.creator = "clusterkit"
    # NOTE: openpyxl stamps both with the time of the run; a fixed date keeps the bytes the same.
    return workbook_bytes(book)


def sheet_name(name: str) -> str:
    """A table's machine name in the run's language, for its sheet: ``audit-axes`` -> ``audit-axes``,
    ``findings`` -> ``constats`` in French; ids and dates in it stay."""
    if name in SHEET_WORDS:
        return _(SHEET_WORDS[name])
    return "-".join(_(SHEET_WORDS[word]) if word in SHEET_WORDS else word for word in name.split("-"))


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
