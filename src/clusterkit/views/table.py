"""A view's tables: their columns, rows and how each column's values are shown.

A module of its own so that the blocks of a page (:mod:`clusterkit.views.blocks`), which hold
tables, and :class:`clusterkit.views.View`, which holds blocks, need not import each other.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

# How a column's values are shown: "score" (0-100, a bar on a terminal), "decimal" (a 0-100
# quantity spelled like a score, one decimal, without the bar: a median, a change of score),
# "gap" (signed score points), "points" (signed points of overall score, a weighted gap), "stake"
# (points of overall score an indicator adds or a practice may win, unsigned), "share" (a fraction
# 0-1 as a percentage), "level" (0-4), "number", "rank" (a place; "-" for a cluster not ranked), "sources"
# (citations: links in HTML), "text".
ColumnKind = Literal[
    "text", "number", "rank", "score", "decimal", "gap", "points", "stake", "share", "level", "sources"
]
NUMERIC_KINDS: frozenset[str] = frozenset(
    {"number", "rank", "score", "decimal", "gap", "points", "stake", "share", "level"}
)


@dataclass(frozen=True)
class Column:
    """One column: the row key it reads, its header, and how its values are shown.

    ``note_key`` names a row key whose text a page shows under the cell (a fact's note).
    """

    key: str
    header: str
    kind: ColumnKind = "text"
    note_key: str | None = None


@dataclass(frozen=True)
class Table:
    """A titled table of rows; ``name`` is a stable machine name (also the CSV section)."""

    name: str
    title: str
    columns: list[Column]
    rows: list[dict[str, Any]]
    note: str | None = None
    primary: bool = False
    # "records": text renderers show each row as a block (title line, then one line per field), for
    # rows with long texts; a grid that cannot fit the terminal's width is drawn so too (docs/output.md).
    layout: Literal["grid", "records"] = "grid"
    # Fewer, combined columns for a terminal and Markdown; CSV, workbooks and pages keep ``columns``.
    display_columns: list[Column] | None = None
    # A page shows the first column as row headers (a profile's field names).
    row_headers: bool = False
    # A style name a page may give the table (``profile``, ``indicators``).
    style: str | None = None

    @property
    def shown_columns(self) -> list[Column]:
        return self.display_columns or self.columns


def slug(text: str) -> str:
    """A name fit for an HTML id: lowercase, anything but letters, digits, ``-`` and ``_`` as ``-``."""
    return "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in text.lower())
