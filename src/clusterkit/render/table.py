"""Terminal tables: rich with colour on a terminal, plain text (no escape codes) otherwise.

Scores are drawn as bars, gaps are coloured by sign (green: ahead, red: behind), and a legend
closes the output. At any width from 60 columns, a grid keeps its identifiers, ranks and numbers
whole and wraps its text columns at spaces; a table that cannot fit so is drawn as records (a block
per row). Titles and notes wrap too, and no word is ever cut: a URL longer than the terminal gets a
line of its own. Control characters from the profiles are shown as ``\\x1b`` escapes, never sent to
the terminal.
"""

from __future__ import annotations

import io
from typing import Any

from clusterkit import text as spell
from clusterkit.i18n import N_, _
from clusterkit.render import RenderOptions
from clusterkit.render.escape import visible
from clusterkit.render.layout import (
    Measure,
    fit,
    longest_word,
    measure,
    one_narrow_line_each,
    text_width,
    widest_of,
    wrap_cell,
    wrap_words,
)
from clusterkit.views import NUMERIC_KINDS, Column, Table, View

BAR_WIDTH = 10
NUMERIC = NUMERIC_KINDS
LEGEND = N_(
    "Legend: scores 0-100 drawn as bars (one block = 10 points); levels 0-4; "
    "gap = first minus second, negative = behind; 'unknown' = no evidence in the sources."
)
NONE = N_("(none)")
# Columns are two spaces apart in plain text (see grid); rich pads each column by one on both
# sides, with one space between columns and at each edge.
_GAP = 2


def bar(value: float | None) -> str:
    """A text bar for a 0-100 score, followed by the number."""
    if value is None:
        return _(spell.UNKNOWN)
    filled = max(0, min(BAR_WIDTH, round(value / 100 * BAR_WIDTH)))
    return "█" * filled + "░" * (BAR_WIDTH - filled) + f" {spell.score(value):>5}"


def cell_text(value: Any, column: Column) -> str:
    if column.kind == "score" and isinstance(value, int | float):
        return bar(float(value))
    return visible(spell.cell(value, column.kind))


def _has_scores(tables: list[Table]) -> bool:
    return any(c.kind in ("score", "gap", "points") for t in tables for c in t.columns)


def render(view: View, options: RenderOptions) -> str:
    tables = view.tables
    if options.color:
        return _render_rich(tables, options)
    return _render_plain(tables, options)


def whole(column: Column) -> bool:
    """Whether a column's cells are never wrapped: numbers, ranks and identifiers (a reader copies
    an id into the next command)."""
    return column.kind in NUMERIC or column.key in ("id", "rank")


# Text columns of keys and citations (``el-idrissi-2020``, ``eccp-esca-label``): never broken at a hyphen.
_KEYS = frozenset({"key", "source", "sources", "keys", "url", "where"})


def prose(column: Column) -> bool:
    """Whether a text column holds prose, whose compounds may break after a hyphen."""
    return not whole(column) and column.kind != "sources" and column.key not in _KEYS


def overhead(columns: int, roomy: bool) -> int:
    """Columns a grid of ``columns`` columns takes besides its cells: two between columns, and for a
    roomy rich table one of padding on each side of a cell and one between cells and at each edge."""
    return 3 * columns + 1 if roomy else _GAP * (columns - 1)


def layout(table: Table, width: int, roomy: bool = False) -> tuple[list[list[str]], list[str], list[int]] | None:
    """A grid's wrapped cells, headers and column widths within ``width``, or None when it cannot fit.

    Score bars give way to the numbers alone when the table would not fit unwrapped with them.
    """
    columns = table.shown_columns
    # NOTE: cells are spelled a column at a time, so that a long table's columns are measured at C speed.
    spelled = [[visible(spell.cell(r.get(c.key), c.kind)) for r in table.rows] for c in columns]
    headers = [visible(c.header) for c in columns]
    room = width - overhead(len(columns), roomy)
    if any(c.kind == "score" for c in columns):
        barred = [
            [cell_text(r.get(c.key), c) for r in table.rows] if c.kind == "score" else cells
            for c, cells in zip(columns, spelled)
        ]
        if sum(_unwrapped(headers, barred)) <= room:
            spelled = barred
    measures = [measure(h, cells, whole(c), prose(c)) for h, c, cells in zip(headers, columns, spelled)]
    widths = fit(measures, room)
    if widths is None:
        return None
    wrapped = [
        cells if w >= m.widest or m.whole else [wrap_cell(text, w, False, prose(c)) for text in cells]
        for cells, w, m, c in zip(spelled, widths, measures, columns)
    ]
    return [list(row) for row in zip(*wrapped)], [_header(m, w) for m, w in zip(measures, widths)], widths


def _unwrapped(headers: list[str], columns: list[list[str]]) -> list[int]:
    """Each column's widest cell, or its header's longest word when that is wider."""
    return [max(widest_of(cells), longest_word(h)) for h, cells in zip(headers, columns)]


def _header(column: Measure, width: int) -> str:
    # NOTE: a long header (a dimension's name) wraps at spaces to its column, never cut.
    return "\n".join(wrap_words(column.header, width)) or column.header


def records_text(table: Table, width: int) -> list[str]:
    """Each row as a block: a title line (rank, name, figures), then one wrapped line per other field.

    The name is the id, title or name column, else the first shown column.
    """

    columns = table.shown_columns
    lead = [c for c in columns if c.key == "rank"]
    names = [c for c in columns if c.key in ("id", "title", "name")] or [c for c in columns if c not in lead][:1]
    figures = [c for c in columns if c not in lead and c not in names and (c.kind in NUMERIC or c.key == "priority")]
    rest = [c for c in columns if c not in lead and c not in names and c not in figures]
    lines: list[str] = []
    for row in table.rows:
        title = "  ".join(cell_text(row.get(c.key), c) for c in names)
        if lead:
            title = f"{cell_text(row.get(lead[0].key), lead[0])}. {title}"
        shown = ", ".join(f"{visible(c.header)} {_glued(cell_text(row.get(c.key), c))}" for c in figures)
        if shown:
            title += f"  ({shown})"
        lines.extend(_unglued(_wrap_words(title, width, "", "    ")))
        for col in rest:
            value = row.get(col.key)
            if value in (None, "", []):
                continue
            if isinstance(value, list):
                lines.append("    " + _("{field}:").format(field=visible(col.header)))
                for item in value:
                    lines.extend(_wrap_words(visible(str(item)), width, "      - ", "        "))
            else:
                shown = cell_text(value, col)
                shown = _glued(shown) if col.kind in NUMERIC else shown
                field = _("{field}: {value}").format(field=visible(col.header), value=shown)
                lines.extend(_unglued(_wrap_words(field, width, "    ", "      ")))
        lines.append("")
    return lines


# NOTE: a figure ("87.1 %", a bar and its score) stays on one line: its spaces are glued while
# wrapping. NUL never reaches here from a profile (visible() escapes control characters).
_GLUE = "\x00"


def _glued(text: str) -> str:
    return text.replace(" ", _GLUE)


def _unglued(lines: list[str]) -> list[str]:
    return [line.replace(_GLUE, " ") for line in lines]


def _wrap_words(text: str, width: int, first: str, later: str) -> list[str]:
    """Wrap at spaces only: identifiers, citations and URLs are never cut."""
    return wrap_words(text, max(20, width), first, later)


def grid(headers: list[str], rows: list[list[str]], align: list[str]) -> str:
    """Aligned columns: header lines, a rule of dashes, then the rows (cells may hold several lines)."""
    split_headers = [h.splitlines() or [""] for h in headers]
    columns = [[row[i] for row in rows] for i in range(len(headers))]
    # NOTE: a column of one-line, narrow cells is measured and padded by C-speed string methods.
    simple = [one_narrow_line_each(cells) for cells in columns]
    widths = [
        max(
            max(map(text_width, lines)),
            max(map(len, cells), default=0) if plain else widest_of(cells),
        )
        for lines, cells, plain in zip(split_headers, columns, simple)
    ]
    right = [a == "right" for a in align]

    def lines_of(cells: list[list[str]], bottom: bool) -> list[str]:
        height = max(len(c) for c in cells)
        out = []
        for n in range(height):
            parts = []
            for i, cell in enumerate(cells):
                # Headers sit on the line just above the rule; cell lines start at the top.
                k = n - (height - len(cell)) if bottom else n
                text = cell[k] if 0 <= k < len(cell) else ""
                pad = " " * (widths[i] - text_width(text))
                parts.append(pad + text if right[i] else text + pad)
            out.append("  ".join(parts).rstrip())
        return out

    out = lines_of(split_headers, bottom=True)
    out.append("  ".join("-" * w for w in widths))
    others = [i for i, plain in enumerate(simple) if not plain]
    for row in rows:
        if all(one_narrow_line_each([row[i]]) for i in others):
            out.append("  ".join(c.rjust(w) if r else c.ljust(w) for c, w, r in zip(row, widths, right)).rstrip())
        else:
            out.extend(lines_of([cell.splitlines() or [""] for cell in row], bottom=False))
    return "\n".join(out)


def _render_plain(tables: list[Table], options: RenderOptions) -> str:
    parts: list[str] = []
    for table in tables:
        parts.extend(_wrap_words(visible(table.title), options.width, "", ""))
        drawn = layout(table, options.width) if table.rows and table.layout == "grid" else None
        if drawn is not None:
            rows, headers, _widths = drawn
            align = ["right" if c.kind in NUMERIC and c.kind != "score" else "left" for c in table.shown_columns]
            parts.append(grid(headers, rows, align))
        elif table.rows:
            parts.append("")
            parts.extend(records_text(table, options.width))
        else:
            parts.append(_(NONE))
        if table.note:
            parts.extend(_wrap_words(visible(table.note), options.width, "", ""))
        parts.append("")
    if _has_scores(tables):
        parts.extend(_wrap_words(_(LEGEND), options.width, "", ""))
    return "\n".join(parts).rstrip("\n") + "\n"


def _render_rich(tables: list[Table], options: RenderOptions) -> str:
    from rich import box
    from rich.console import Console
    from rich.table import Table as RichTable
    from rich.text import Text

    console = Console(
        record=True, width=options.width, force_terminal=True, color_system="standard", file=io.StringIO()
    )

    def lines(text: str, style: str) -> None:
        # NOTE: wrapped here, at spaces, and printed as they are: rich would fold a long URL mid-word.
        for line in _wrap_words(text, options.width, "", ""):
            console.print(Text(line, style=style), soft_wrap=True)

    for table in tables:
        lines(visible(table.title), "table.title")
        grid_ = table.rows and table.layout == "grid"
        # NOTE: padded as rich pads when that fits, else spaced as plain text, else as records.
        drawn = layout(table, options.width, roomy=True) if grid_ else None
        roomy = drawn is not None
        drawn = drawn or (layout(table, options.width) if grid_ else None)
        if table.rows and drawn is None:
            for line in records_text(table, options.width):
                console.print(Text(line, style="" if line.startswith(" ") else "bold"), soft_wrap=True)
            continue
        rich_table = RichTable(
            box=box.SIMPLE_HEAD,
            show_lines=False,
            show_edge=roomy,
            pad_edge=roomy,
            padding=(0, 1) if roomy else (0, 1, 0, 0),
        )
        texts, headers, widths = drawn or ([], [visible(c.header) for c in table.shown_columns], None)
        for i, col in enumerate(table.shown_columns):
            numeric = col.kind in NUMERIC and col.kind != "score"
            rich_table.add_column(
                Text(headers[i]),
                justify="right" if numeric else "left",
                # NOTE: cells come wrapped to their widths (see layout): rich neither wraps nor cuts them.
                no_wrap=True,
                overflow="fold",
                width=None if widths is None else widths[i],
            )
        for row, shown_row in zip(table.rows, texts):
            cells: list[Any] = []
            for col, shown in zip(table.shown_columns, shown_row):
                value = row.get(col.key)
                style = ""
                if value is None:
                    style = "dim"
                elif col.kind in ("gap", "points") and isinstance(value, int | float):
                    style = "green" if value > 0 else "red" if value < 0 else ""
                elif col.kind == "score":
                    style = "cyan"
                cells.append(Text(shown, style=style))
            rich_table.add_row(*cells)
        if not table.rows:
            rich_table.add_row(*([Text(_(NONE), style="dim")] + [Text("")] * (len(table.shown_columns) - 1)))
        console.print(rich_table)
        if table.note:
            lines(visible(table.note), "dim")
    if _has_scores(tables):
        lines(_(LEGEND), "dim")
    return console.export_text(styles=True)
