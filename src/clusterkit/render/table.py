"""Terminal tables: rich with colour on a terminal, plain text (no escape codes) otherwise.

Scores are drawn as bars, gaps are coloured by sign (green: ahead, red: behind), and a legend
closes the output. Long text columns wrap so the output stays readable at 80 columns. Control
characters from the profiles are shown as ``\\x1b`` escapes, never sent to the terminal.
"""

from __future__ import annotations

import io
from typing import Any

from clusterkit import text as spell
from clusterkit.render import RenderOptions
from clusterkit.render.escape import visible
from clusterkit.views import NUMERIC_KINDS, Column, Table, View

BAR_WIDTH = 10
NUMERIC = NUMERIC_KINDS
LEGEND = (
    "Legend: scores 0-100 drawn as bars (one block = 10 points); levels 0-4; "
    "gap = first minus second, negative = behind; 'unknown' = no evidence in the sources."
)


def bar(value: float | None) -> str:
    """A text bar for a 0-100 score, followed by the number."""
    if value is None:
        return "unknown"
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


# Columns are two spaces apart (see grid); a rich column takes three more than its text.
_GAP = 2
_RICH_PAD = 3
_HEADER_PAD = 0
_NO_BREAK = ("id", "source", "sources")


def _natural(table: Table, cells: list[list[str]], tight: bool = True) -> list[int]:
    widths = []
    for i, col in enumerate(table.shown_columns):
        widest = max((len(line) for row in cells for line in row[i].splitlines()), default=0)
        # Headers wrap at spaces (see _header), and tabulate pads each by two.
        header = max((len(line) for line in _header_lines(col.header, widest, tight)), default=0)
        widths.append(max(widest, header + _HEADER_PAD))
    return widths


def _text_widths(table: Table, cells: list[list[str]], width: int) -> list[int | None]:
    """Wrap widths for text columns: natural widths, the widest shrunk first until the table fits."""
    natural = _natural(table, cells)
    columns = table.shown_columns
    budget = width - _GAP * (len(columns) - 1)
    widths = list(natural)
    # Identifiers are never wrapped: a reader copies them into the next command.
    shrinkable = [i for i, col in enumerate(columns) if col.kind not in NUMERIC and col.key != "id"]
    fixed = sum(w for i, w in enumerate(widths) if i not in shrinkable)
    floor = max(6, min(12, (budget - fixed) // max(1, len(shrinkable))))
    while sum(widths) > budget:
        widest = max(shrinkable, key=lambda i: widths[i], default=None)
        if widest is None or widths[widest] <= floor:
            break
        widths[widest] -= 1
    return [widths[i] if i in shrinkable and widths[i] < natural[i] else None for i in range(len(widths))]


def _grid_cells(table: Table, width: int) -> list[list[str]]:
    """Cell texts, wrapped to fit ``width``; score bars give way to plain numbers when space is short."""
    columns = table.shown_columns
    cells = [[cell_text(r.get(c.key), c) for c in columns] for r in table.rows]
    if sum(_natural(table, cells)) + _GAP * len(columns) > width and any(c.kind == "score" for c in columns):
        cells = [[visible(spell.cell(r.get(c.key), c.kind)) for c in columns] for r in table.rows]
    widths = _text_widths(table, cells, width)
    return [
        [_wrap(text, w, break_words=c.key not in _NO_BREAK) for text, c, w in zip(row, columns, widths)]
        for row in cells
    ]


def _wrap(text: str, width: int | None, break_words: bool = False) -> str:
    if width is None or (len(text) <= width and "\n" not in text):
        return text
    import textwrap

    return "\n".join(
        line
        for para in text.splitlines()
        for line in (textwrap.wrap(para, width, break_on_hyphens=break_words, break_long_words=break_words) or [""])
    )


def records_text(table: Table, width: int) -> list[str]:
    """Each row as a block: a title line (rank, name, figures), then one wrapped line per other field."""

    columns = table.shown_columns
    lead = [c for c in columns if c.key == "rank"]
    names = [c for c in columns if c.key in ("id", "title")]
    figures = [c for c in columns if c not in lead and c not in names and (c.kind in NUMERIC or c.key == "priority")]
    rest = [c for c in columns if c not in lead and c not in names and c not in figures]
    lines: list[str] = []
    for row in table.rows:
        title = "  ".join(cell_text(row.get(c.key), c) for c in names)
        if lead:
            title = f"{cell_text(row.get(lead[0].key), lead[0])}. {title}"
        shown = ", ".join(f"{visible(c.header)} {cell_text(row.get(c.key), c)}" for c in figures)
        if shown:
            title += f"  ({shown})"
        lines.extend(_wrap_words(title, width, "", "    "))
        for col in rest:
            value = row.get(col.key)
            if value in (None, "", []):
                continue
            if isinstance(value, list):
                lines.append(f"    {visible(col.header)}:")
                for item in value:
                    lines.extend(_wrap_words(visible(str(item)), width, "      - ", "        "))
            else:
                lines.extend(_wrap_words(f"{visible(col.header)}: {cell_text(value, col)}", width, "    ", "      "))
        lines.append("")
    return lines


def _wrap_words(text: str, width: int, first: str, later: str) -> list[str]:
    """Wrap at spaces only: identifiers, citations and URLs are never cut."""
    import textwrap

    return textwrap.wrap(
        text,
        max(20, width),
        initial_indent=first,
        subsequent_indent=later,
        break_long_words=False,
        break_on_hyphens=False,
    ) or [first.rstrip()]


def _header(column: Column, rows: list[list[str]], index: int, tight: bool) -> str:
    """A header wrapped to its column's widest cell, so long dimension names do not widen a table."""

    widest = max((len(line) for row in rows for line in row[index].splitlines()), default=0)
    return "\n".join(_header_lines(column.header, widest, tight)) or visible(column.header)


def _header_lines(header: str, widest: int, tight: bool) -> list[str]:
    import textwrap

    header = visible(header)
    # NOTE: short headers stay on one line unless the table is too wide ("tight"); long ones
    # (dimension names) always wrap to the column's cells.
    return textwrap.wrap(header, max(widest, 1 if tight else min(len(header), 12)), break_long_words=False)


def text_width(text: str) -> int:
    """Columns a text takes on a terminal: East Asian wide and full-width characters take two."""
    if text.isascii():
        return len(text)
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def grid(headers: list[str], rows: list[list[str]], align: list[str]) -> str:
    """Aligned columns: header lines, a rule of dashes, then the rows (cells may hold several lines)."""
    split_headers = [h.splitlines() or [""] for h in headers]
    split_rows = [[cell.splitlines() or [""] for cell in row] for row in rows]
    widths = [
        max(
            [text_width(line) for line in split_headers[i]]
            + [text_width(line) for row in split_rows for line in row[i]]
        )
        for i in range(len(headers))
    ]

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
                parts.append(pad + text if align[i] == "right" else text + pad)
            out.append("  ".join(parts).rstrip())
        return out

    out = lines_of(split_headers, bottom=True)
    out.append("  ".join("-" * w for w in widths))
    for row in split_rows:
        out.extend(lines_of(row, bottom=False))
    return "\n".join(out)


def _render_plain(tables: list[Table], options: RenderOptions) -> str:
    parts: list[str] = []
    for table in tables:
        parts.append(visible(table.title))
        if table.rows and table.layout == "records":
            parts.append("")
            parts.extend(records_text(table, options.width))
        elif table.rows:
            rows = _grid_cells(table, options.width)
            loose = _natural(table, rows, tight=False)
            tight = sum(loose) + _GAP * (len(loose) - 1) > options.width
            align = ["right" if c.kind in NUMERIC and c.kind != "score" else "left" for c in table.shown_columns]
            parts.append(grid([_header(c, rows, i, tight) for i, c in enumerate(table.shown_columns)], rows, align))
        else:
            parts.append("(none)")
        if table.note:
            parts.extend(_wrap_words(visible(table.note), options.width, "", ""))
        parts.append("")
    if _has_scores(tables):
        parts.extend(_wrap_words(LEGEND, options.width, "", ""))
    return "\n".join(parts).rstrip("\n") + "\n"


def _render_rich(tables: list[Table], options: RenderOptions) -> str:
    from rich import box
    from rich.console import Console
    from rich.table import Table as RichTable
    from rich.text import Text

    console = Console(
        record=True, width=options.width, force_terminal=True, color_system="standard", file=io.StringIO()
    )
    for table in tables:
        if table.layout == "records" and table.rows:
            console.print(Text(visible(table.title), style="bold"))
            for line in records_text(table, options.width):
                console.print(Text(line, style="" if line.startswith(" ") else "bold"))
            continue
        rich_table = RichTable(
            title=Text(visible(table.title), style="table.title"),
            title_justify="left",
            box=box.SIMPLE_HEAD,
            show_lines=False,
        )
        texts = [[cell_text(r.get(c.key), c) for c in table.shown_columns] for r in table.rows]
        # NOTE: as in plain text, score bars give way to the numbers alone when the table would not fit
        # (a rich column takes its width plus two of padding and one of rule).
        if sum(_natural(table, texts)) + _RICH_PAD * len(table.shown_columns) > options.width:
            texts = [[visible(spell.cell(r.get(c.key), c.kind)) for c in table.shown_columns] for r in table.rows]
        widest = [max((text_width(row[i]) for row in texts), default=0) for i in range(len(table.shown_columns))]
        for i, col in enumerate(table.shown_columns):
            numeric = col.kind in NUMERIC and col.kind != "score"
            whole = col.kind in NUMERIC or col.key == "id"
            # NOTE: a long header (a dimension's name) wraps at spaces to its column's cells, never cut.
            header = "\n".join(_header_lines(col.header, widest[i], True)) if whole else visible(col.header)
            rich_table.add_column(
                Text(header),
                justify="right" if numeric else "left",
                overflow="fold",
                # NOTE: identifiers and numbers are never cut: a reader copies ids into the next command.
                no_wrap=whole,
                min_width=max([widest[i], *(len(word) for word in visible(col.header).split())]) if whole else None,
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
            rich_table.add_row(*([Text("(none)", style="dim")] + [Text("")] * (len(table.shown_columns) - 1)))
        console.print(rich_table)
        if table.note:
            console.print(Text(visible(table.note), style="dim"))
    if _has_scores(tables):
        console.print(Text(LEGEND, style="dim"))
    return console.export_text(styles=True)
