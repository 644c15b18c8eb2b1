"""Views: what a result shows a person, as plain data that every renderer draws the same way.

A :class:`View` has a title, the tables the text formats show (terminal, Markdown, CSV), the
JSON/YAML payload, and optionally the sections of a page (HTML): tables, figures with chart data,
paragraphs with citations, cards, lists and records. Views are built from core results by the
modules of this package (one per result); renderers take a View and nothing else. Every number in
a view that a person reads was turned into text by :mod:`clusterkit.text`; the numbers in tables
stay numbers, and each column's ``kind`` says how renderers spell them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from clusterkit.citations import citation_key
from clusterkit.records import unique

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


# --- text with citations ---------------------------------------------------------------------


@dataclass(frozen=True)
class Cite:
    """Citations in running text: links to the page's references, or ``[key]`` in plain text.

    ``keys`` holds each citation's reference key (``el-idrissi-2020 §3`` cites ``el-idrissi-2020``).
    """

    citations: tuple[str, ...]
    keys: tuple[str, ...]


def cite(citations: Iterable[str]) -> Cite:
    """Citations in running text, each once, with the reference key each links to."""
    found = tuple(unique(citations))
    return Cite(found, tuple(citation_key(c) for c in found))


@dataclass(frozen=True)
class Strong:
    """A few words set in bold (a lead-in such as "First steps")."""

    text: str


Inline = str | Cite | Strong
Text = tuple[Inline, ...]


def plain(text: Text) -> str:
    """Running text without markup: citations in brackets."""
    parts: list[str] = []
    for part in text:
        if isinstance(part, Cite):
            parts.append(" ".join(f"[{c}]" for c in part.citations) or "[no source]")
        elif isinstance(part, Strong):
            parts.append(part.text)
        else:
            parts.append(part)
    return "".join(parts)


# --- blocks of a page ------------------------------------------------------------------------


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of running text; a ``note`` is set smaller, ``unknown`` says nothing is known."""

    text: Text
    style: Literal["plain", "note", "unknown"] = "plain"


@dataclass(frozen=True)
class Heading:
    """A heading inside a section."""

    text: str


@dataclass(frozen=True)
class Item:
    """One entry of a list, with an optional tag (a severity) shown before it.

    ``note`` is a remark set smaller after the text (``(level 2 vs 4; -2.38 points)``); ``tag_text``
    is the tag in words (the tag itself is a style name), the tag when None.
    """

    text: Text
    tag: str | None = None
    note: str | None = None
    tag_text: str | None = None


@dataclass(frozen=True)
class Items:
    """A list of short entries (findings, strengths)."""

    items: tuple[Item, ...]
    style: Literal["plain", "tagged"] = "plain"


@dataclass(frozen=True)
class Record:
    """A numbered record with a tag, a body, a list of steps and a footer (a recommendation)."""

    number: int
    title: str
    tag: str
    tag_text: str
    body: tuple[Paragraph, ...]
    steps_title: str
    steps: tuple[str, ...]
    footer: Text


@dataclass(frozen=True)
class Records:
    records: tuple[Record, ...]


@dataclass(frozen=True)
class Reference:
    """One entry of a reference list; ``defined`` is false for a key no references document defines."""

    key: str
    text: str
    note: str | None = None
    defined: bool = True


@dataclass(frozen=True)
class References:
    entries: tuple[Reference, ...]


@dataclass(frozen=True)
class Series:
    """One cluster's values on a radar's axes (None: unknown)."""

    id: str
    name: str
    values: tuple[float | None, ...]


@dataclass(frozen=True)
class RadarChart:
    """Scores (0-100) of one or more clusters on the dimensions."""

    title: str
    axes: tuple[str, ...]
    series: tuple[Series, ...]


@dataclass(frozen=True)
class GroupedBarChart:
    """Scores (0-100) of one or more clusters as horizontal bars, one group per dimension (None: unknown).

    Used instead of a radar when there are too few dimensions for a radar's shape to say anything.
    """

    title: str
    groups: tuple[str, ...]
    series: tuple[Series, ...]


@dataclass(frozen=True)
class Bar:
    """One bar: its label, value (None: unknown), the value as text, and a detail after it."""

    label: str
    value: float | None
    text: str
    detail: str = ""


@dataclass(frozen=True)
class BarChart:
    """Horizontal bars from 0 to at least ``scale_max``; ``reference`` draws a dashed line (100 %).

    A ``scale_min`` below 0 makes the bars signed: they start at a zero line, negative ones to the
    left in the bad tone, positive ones to the right in the good tone.
    """

    title: str
    description: str
    bars: tuple[Bar, ...]
    scale_max: float
    tone: Literal["accent", "bad", "good"] = "accent"
    reference: float | None = None
    reference_label: str = ""
    ticks: Literal["share", "points"] = "share"
    axis_title: str = ""
    scale_min: float = 0.0


@dataclass(frozen=True)
class Interval:
    """A cluster's score interval: 5th percentile, median, 95th percentile and nominal score."""

    label: str
    low: float | None
    median: float | None
    high: float | None
    nominal: float | None


@dataclass(frozen=True)
class IntervalChart:
    title: str
    description: str
    rows: tuple[Interval, ...]


@dataclass(frozen=True)
class TrendChart:
    """Scores (0-100) over time: one line per series (a dimension, the overall score); None: unknown.

    ``dates`` label the points and ``at`` places them on the time axis (a year as a number, 2019.5).
    """

    title: str
    description: str
    dates: tuple[str, ...]
    at: tuple[float, ...]
    series: tuple[Series, ...]


Chart = RadarChart | GroupedBarChart | BarChart | IntervalChart | TrendChart


@dataclass(frozen=True)
class Figure:
    """A chart with its caption and a table of the plotted values (its text alternative)."""

    id: str
    chart: Chart
    caption: Text
    values: Table


@dataclass(frozen=True)
class Columns:
    """Blocks side by side on a wide page, one under the other on a narrow one."""

    columns: tuple[tuple[Block, ...], ...]


Block = Table | Paragraph | Heading | Items | Records | References | Figure | Columns


@dataclass(frozen=True)
class Section:
    """A titled part of a page."""

    id: str
    title: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Card:
    """A key figure at the top of a page: ``Overall score 37.3, coverage 78.9 %``."""

    label: str
    value: str
    sub: str
    tone: Literal["plain", "neg", "unknown"] = "plain"


@dataclass(frozen=True)
class View:
    """What one result shows: its kind, title, tables, payload and, for a page, its sections.

    ``kind`` names the result (``scores``, ``report``) in the JSON envelope and in the format
    registry. ``sections`` are drawn by page formats (HTML); when empty, a page shows one section
    per table. A ``document`` (a report) is titled as a whole in Markdown too.
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

    def page_sections(self) -> tuple[Section, ...]:
        """The sections a page draws: the view's own, else one per table."""
        return self.sections or table_sections(self.tables)

    def reference_keys(self) -> frozenset[str]:
        """The keys of the references the page lists, which citations may link to."""
        keys: set[str] = set()
        for section in self.page_sections():
            for block in section.blocks:
                if isinstance(block, References):
                    keys.update(e.key for e in block.entries if e.defined)
        return frozenset(keys)


def table_sections(tables: Sequence[Table]) -> tuple[Section, ...]:
    """One section per table, titled by the table."""
    return tuple(Section(slug(t.name), t.title, (t,)) for t in tables)


def slug(text: str) -> str:
    """A name fit for an HTML id: lowercase, anything but letters, digits, ``-`` and ``_`` as ``-``."""
    return "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in text.lower())


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
