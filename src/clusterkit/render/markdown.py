"""Markdown: a heading and a GitHub/pandoc pipe table per table of the result."""

from __future__ import annotations

from typing import Any

from tabulate import tabulate

from clusterkit.render import RenderOptions
from clusterkit.tabular import Table, format_cell, visible


def escape(text: str) -> str:
    """Escape what would break a pipe table cell or start Markdown/HTML markup, and show control characters."""
    text = text.replace("\\", "\\\\").replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;")
    # NOTE: Markdown goes to the terminal by default (`report ID`), where an ESC would be obeyed.
    return visible(" ".join(text.split()))


def table_markdown(table: Table, level: int = 2) -> str:
    headers = [escape(c.header) for c in table.shown_columns]
    rows = [[escape(format_cell(row.get(c.key), c.kind)) for c in table.shown_columns] for row in table.rows]
    align = ["right" if c.kind in ("number", "score", "gap", "share", "level") else "left" for c in table.shown_columns]
    parts = [f"{'#' * level} {escape(table.title)}", ""]
    if rows:
        parts.append(tabulate(rows, headers=headers, tablefmt="github", colalign=align, disable_numparse=True))
    else:
        parts.append("_None._")
    if table.note:
        parts += ["", escape(table.note)]
    return "\n".join(parts) + "\n"


def render(result: Any, options: RenderOptions) -> str:
    out = "\n".join(table_markdown(t) for t in result.tables())
    title = getattr(result, "document_title", None)
    if title:
        # A document (a report) gets one title above its sections.
        out = f"# {escape(str(title))}\n\n{out}"
    if options.timestamp:
        out += f"\n_Generated {options.timestamp}._\n"
    return out
