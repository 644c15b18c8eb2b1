"""Markdown: a heading and a GitHub/pandoc pipe table per table of the view."""

from __future__ import annotations

from tabulate import tabulate

from clusterkit import text as spell
from clusterkit.i18n import _
from clusterkit.render import RenderOptions
from clusterkit.render.escape import visible
from clusterkit.views import NUMERIC_KINDS, Table, View


def escape(text: str) -> str:
    """Escape what would break a pipe table cell or start Markdown/HTML markup, and show control characters.

    Brackets are escaped, so a profile's ``![x](http://...)`` or ``[login](http://...)`` is text, not a live
    image or link; ``<`` is an entity, so neither an autolink ``<http://...>`` nor HTML can start.
    """
    text = text.replace("\\", "\\\\").replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;")
    text = text.replace("[", "\\[").replace("]", "\\]")
    # NOTE: Markdown goes to the terminal by default (`report ID`), where an ESC would be obeyed.
    return visible(" ".join(text.split()))


def table_markdown(table: Table, level: int = 2) -> str:
    headers = [escape(c.header) for c in table.shown_columns]
    rows = [[escape(spell.cell(row.get(c.key), c.kind)) for c in table.shown_columns] for row in table.rows]
    align = ["right" if c.kind in NUMERIC_KINDS else "left" for c in table.shown_columns]
    parts = [f"{'#' * level} {escape(table.title)}", ""]
    if rows:
        parts.append(tabulate(rows, headers=headers, tablefmt="github", colalign=align, disable_numparse=True))
    else:
        parts.append("_{none}_".format(none=_("None.")))
    if table.note:
        parts += ["", escape(table.note)]
    return "\n".join(parts) + "\n"


def render(view: View, options: RenderOptions) -> str:
    out = "\n".join(table_markdown(t) for t in view.tables)
    if view.document:
        # A document (a report) gets one title above its sections.
        out = f"# {escape(view.title)}\n\n{out}"
    if options.timestamp:
        out += "\n_{generated}_\n".format(generated=_("Generated {timestamp}.").format(timestamp=options.timestamp))
    return out
