"""Views: what a result shows a person, as plain data that every renderer draws the same way.

A :class:`View` has a title, the tables the text formats show (terminal, Markdown, CSV), the
JSON/YAML payload, and optionally the sections of a page (HTML): tables, figures with chart data,
paragraphs with citations, cards, lists and records (:mod:`clusterkit.views.blocks`, imported only
by what builds or draws a page). Views are built from core results by the modules of this package
(one per result); renderers take a View and nothing else. Every number in a view that a person
reads was turned into text by :mod:`clusterkit.text`; the numbers in tables stay numbers, and each
column's ``kind`` says how renderers spell them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from clusterkit.views.table import NUMERIC_KINDS, Column, ColumnKind, Table, slug

if TYPE_CHECKING:
    from clusterkit.views.blocks import Card, Section, Text

__all__ = [
    "MACHINE_DIGITS",
    "NUMERIC_KINDS",
    "VIEW_KINDS",
    "Column",
    "ColumnKind",
    "Table",
    "View",
    "machine_number",
    "rounded",
    "slug",
]

# The kinds of view, one per result; a format says which of them it can draw.
VIEW_KINDS: tuple[str, ...] = (
    "clusters",
    "cluster",
    "validation",
    "scores",
    "ranking",
    "comparison",
    "audit",
    "sensitivity",
    "label",
    "report",
    "framework",
    "history",
    "references",
)


@dataclass(frozen=True)
class View:
    """What one result shows: its kind, title, tables, payload and, for a page, its sections.

    ``kind`` names the result (``scores``, ``report``) in the JSON envelope and in the format
    registry. ``sections`` are drawn by page formats (HTML); when empty, a page shows one section
    per table (:func:`clusterkit.render.html.page.page_sections`). A ``document`` (a report) is titled
    as a whole in Markdown too.
    """

    kind: str
    title: str
    tables: list[Table]
    payload: Any
    sections: tuple[Section, ...] = ()
    meta: tuple[Text, ...] = ()
    cards: tuple[Card, ...] = ()
    document: bool = False
    contents: bool = False  # a page lists its sections at the top

    def primary_table(self) -> Table:
        """The table that CSV writes: the one marked primary, else the first."""
        for table in self.tables:
            if table.primary:
                return table
        return self.tables[0]


def rounded(value: float | None, digits: int = 2) -> float | None:
    """A number rounded for JSON (scores to 2 decimals, shares to 4); unknown stays None."""
    return None if value is None else round(value, digits)


# The decimals a number keeps in a machine format (JSON, CSV, a workbook), by its column's kind:
# scores and points to 2, shares (fractions 0-1) to 4, as the JSON payloads round them.
MACHINE_DIGITS: dict[str, int] = {"score": 2, "decimal": 2, "gap": 2, "points": 2, "stake": 2, "share": 4}


def machine_number(value: float, kind: str) -> float:
    """A number as machine formats write it: rounded by its kind, so no float noise (``1.0000000000000002``)
    is written, and a share never a hair outside 0-1."""
    digits = MACHINE_DIGITS.get(kind)
    if digits is None:
        return value
    value = round(value, digits)
    return min(1.0, max(0.0, value)) if kind == "share" and -1e-9 < value < 1 + 1e-9 else value
