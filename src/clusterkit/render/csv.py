"""CSV: one of the view's tables (the primary one unless ``options.table`` names another), one row
per record, safe to open in a spreadsheet.

Numbers are written as numbers, rounded as JSON rounds them (scores and points to 2 decimals, shares as
fractions 0-1 to 4), unknown as an empty cell. A text cell
that a spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return) is prefixed with a single quote, as OWASP recommends.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from clusterkit.i18n import _
from clusterkit.render import RenderOptions
from clusterkit.views import Table, View, machine_number

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text: str) -> str:
    """A text cell made safe against formula injection."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def cell(value: Any, kind: str = "text") -> Any:
    """A cell as CSV writes it: numbers as numbers (rounded by the column's kind), unknown as empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return machine_number(value, kind)
    if isinstance(value, int):
        return value
    if isinstance(value, list):
        value = "; ".join(str(v) for v in value)
    return neutralise(str(value))


def chosen_table(view: View, name: str | None) -> Table:
    """The table named ``name`` (None: the primary one); ValueError, listing the names, for any other."""
    if name is None:
        return view.primary_table()
    for table in view.tables:
        if table.name == name:
            return table
    names = ", ".join(t.name for t in view.tables)
    raise ValueError(
        _("no table {name} in this {kind} view; choose one of: {names}").format(
            name=repr(name), kind=view.kind, names=names
        )
    )


def render(view: View, options: RenderOptions) -> str:
    table = chosen_table(view, options.table)
    buffer = io.StringIO()
    # NOTE: RFC 4180 line ends (CRLF), so a cell holding a carriage return is quoted too.
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([neutralise(c.key) for c in table.columns])
    for row in table.rows:
        writer.writerow([cell(row.get(c.key), c.kind) for c in table.columns])
    return buffer.getvalue()
