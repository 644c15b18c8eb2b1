"""Terminal tables: rich with colour on a terminal, plain text (no escape codes) otherwise.

Scores are drawn as bars, gaps are coloured by sign (green: ahead, red: behind), and a legend
closes the output. Long text columns wrap so the output stays readable at 80 columns.
"""

from __future__ import annotations

import io
from typing import Any

from clusterkit.render import RenderOptions
from clusterkit.tabular import Column, Table, format_cell

BAR_WIDTH = 10
NUMERIC = ("number", "score", "gap", "share", "level")
LEGEND = (
    "Legend: scores 0-100 drawn as bars (one block = 10 points); levels 0-4; "
    "gap = first minus second, negative = behind; 'unknown' = no evidence in the sources."
)


def bar(value: float | None) -> str:
    """A text bar for a 0-100 score, followed by the number."""
    if value is None:
        return "unknown"
    filled = max(0, min(BAR_WIDTH, round(value / 100 * BAR_WIDTH)))
    return "█" * filled + "░" * (BAR_WIDTH - filled) + f" {value:5.1f}"


def cell_text(value: Any, column: Column) -> str:
    if column.kind == "score" and isinstance(value, int | float):
        return bar(float(value))
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    return format_cell(value, column.kind)


def _has_scores(tables: list[Table]) -> bool:
    return any(c.kind in ("score", "gap") for t in tables for c in t.columns)


def render(result: Any, options: RenderOptions) -> str:
    tables: list[Table] = result.tables()
    if options.color:
        return _render_rich(tables, options)
    return _render_plain(tables, options)


def _text_widths(table: Table, width: int) -> list[int | None]:
    """Wrap widths for text columns: natural widths, the widest shrunk first until the table fits."""
    natural = [
        max(
            [len(col.header)] + [max(map(len, cell_text(r.get(col.key), col).splitlines() or [""])) for r in table.rows]
        )
        for col in table.shown_columns
    ]
    budget = width - 2 * (len(natural) - 1)
    widths = list(natural)
    # Identifiers are never wrapped: a reader copies them into the next command.
    shrinkable = [i for i, col in enumerate(table.shown_columns) if col.kind not in NUMERIC and col.key != "id"]
    while sum(widths) > budget:
        widest = max(shrinkable, key=lambda i: widths[i], default=None)
        if widest is None or widths[widest] <= 12:
            break
        widths[widest] -= 1
    return [widths[i] if i in shrinkable and widths[i] < natural[i] else None for i in range(len(widths))]


def _wrap(text: str, width: int | None) -> str:
    if width is None:
        return text
    import textwrap

    return "\n".join(
        line for para in text.splitlines() for line in (textwrap.wrap(para, width, break_on_hyphens=False) or [""])
    )


def records_text(table: Table, width: int) -> list[str]:
    """Each row as a block: the first columns on a title line, then the others, wrapped."""
    import textwrap

    lines: list[str] = []
    head = [c for c in table.shown_columns if c.kind in NUMERIC or c.key in ("priority", "title")]
    rest = [c for c in table.shown_columns if c not in head]
    for row in table.rows:
        numbers = [c for c in head if c.kind in NUMERIC]
        words = [cell_text(row.get(c.key), c) for c in head if c.kind not in NUMERIC]
        lead = f"{cell_text(row.get(numbers[0].key), numbers[0])}. " if numbers else ""
        extra = ", ".join(f"{c.header} {cell_text(row.get(c.key), c)}" for c in numbers[1:])
        lines.append(lead + "  ".join(reversed(words)) + (f"  ({extra})" if extra else ""))
        for col in rest:
            value = row.get(col.key)
            if isinstance(value, list):
                lines.append(f"    {col.header}:")
                for item in value:
                    lines.extend(
                        textwrap.wrap(str(item), width - 8, initial_indent="      - ", subsequent_indent="        ")
                    )
            else:
                text = f"{col.header}: {cell_text(value, col)}"
                lines.extend(textwrap.wrap(text, width - 4, initial_indent="    ", subsequent_indent="      "))
        lines.append("")
    return lines


def _render_plain(tables: list[Table], options: RenderOptions) -> str:
    from tabulate import tabulate

    parts: list[str] = []
    for table in tables:
        parts.append(table.title)
        if table.rows and table.layout == "records":
            parts.append("")
            parts.extend(records_text(table, options.width))
        elif table.rows:
            widths = _text_widths(table, options.width)
            rows = [
                [_wrap(cell_text(r.get(c.key), c), w) for c, w in zip(table.shown_columns, widths)] for r in table.rows
            ]
            align = ["right" if c.kind in NUMERIC and c.kind != "score" else "left" for c in table.shown_columns]
            parts.append(
                tabulate(
                    rows,
                    headers=[c.header for c in table.shown_columns],
                    tablefmt="simple",
                    colalign=align,
                    disable_numparse=True,
                )
            )
        else:
            parts.append("(none)")
        if table.note:
            parts.append(table.note)
        parts.append("")
    if _has_scores(tables):
        parts.append(LEGEND)
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
            console.print(Text(table.title, style="bold"))
            for line in records_text(table, options.width):
                console.print(Text(line, style="" if line.startswith(" ") else "bold"))
            continue
        rich_table = RichTable(title=table.title, title_justify="left", box=box.SIMPLE_HEAD, show_lines=False)
        for col in table.shown_columns:
            numeric = col.kind in NUMERIC and col.kind != "score"
            rich_table.add_column(
                col.header,
                justify="right" if numeric else "left",
                overflow="fold",
                no_wrap=col.kind in NUMERIC,
            )
        for row in table.rows:
            cells: list[Any] = []
            for col in table.shown_columns:
                value = row.get(col.key)
                text = cell_text(value, col)
                style = ""
                if value is None:
                    style = "dim"
                elif col.kind == "gap" and isinstance(value, int | float):
                    style = "green" if value > 0 else "red" if value < 0 else ""
                elif col.kind == "score":
                    style = "cyan"
                cells.append(Text(text, style=style))
            rich_table.add_row(*cells)
        if not table.rows:
            rich_table.add_row(*([Text("(none)", style="dim")] + [Text("")] * (len(table.shown_columns) - 1)))
        console.print(rich_table)
        if table.note:
            console.print(Text(table.note, style="dim"))
    if _has_scores(tables):
        console.print(Text(LEGEND, style="dim"))
    return console.export_text(styles=True)
