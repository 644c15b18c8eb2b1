"""The blocks of a page that a view may hold: running text with citations, lists, numbered records,
references, charts with their figures, sections and key-figure cards.

Only what builds or draws a page imports this module: a table-only view (``list``, ``score``)
never needs it, and its two dozen record classes cost a few milliseconds to define.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from clusterkit.citations import citation_key
from clusterkit.records import unique
from clusterkit.views.table import Table, slug

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


def table_sections(tables: Sequence[Table]) -> tuple[Section, ...]:
    """One section per table, titled by the table."""
    return tuple(Section(slug(t.name), t.title, (t,)) for t in tables)
