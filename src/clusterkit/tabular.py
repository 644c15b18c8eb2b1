"""A neutral, typed view of results as tables, shared by the table, CSV, Markdown and HTML renderers.

Every result object offers ``tables() -> list[Table]`` (what a person reads, in order) and
``payload() -> dict`` (what JSON and YAML carry, under ``payload_name``). Renderers never reach
into a result's fields themselves, so each format shows the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal, Protocol, runtime_checkable

# How a column's values are shown: "score" (0-100, drawn as a bar on a terminal), "gap"
# (signed, coloured by sign), "share" (a fraction 0-1 shown as a percentage), "number", "text".
ColumnKind = Literal["text", "number", "score", "gap", "share", "level"]


# C0 and C1 control characters and DEL as visible escapes: a profile's "\x1b]0;...\x07" must not
# drive the reader's terminal. A tab becomes a space (the grid counts every character as one
# column); a newline stays a line break within its cell.
_CONTROLS = {c: f"\\x{c:02x}" for c in (*range(0x20), *range(0x7F, 0xA0)) if c != 0x0A}
_CONTROLS[0x09] = " "


def visible(text: str) -> str:
    """``text`` with every control character but the newline shown as an escape such as ``\\x1b``."""
    if text.isprintable():  # the common case: nothing to replace
        return text
    return text.translate(_CONTROLS)


@dataclass(frozen=True)
class Column:
    """One column: the row key it reads, its header, and how its values are shown."""

    key: str
    header: str
    kind: ColumnKind = "text"


@dataclass
class Table:
    """A titled table of rows; ``name`` is a stable machine name (also the CSV section)."""

    name: str
    title: str
    columns: list[Column]
    rows: list[dict[str, Any]]
    note: str | None = None
    primary: bool = False
    # "records": text renderers show each row as a block (title line, then one line per field),
    # for rows with long texts that a grid cannot show at 80 columns.
    layout: Literal["grid", "records"] = "grid"
    # Fewer, combined columns for people (terminal, Markdown, HTML); CSV keeps ``columns``.
    display_columns: list[Column] | None = None

    @property
    def shown_columns(self) -> list[Column]:
        return self.display_columns or self.columns


@dataclass
class Section:
    """Free text under a heading, for results that are not only tables (findings, notes)."""

    title: str
    lines: list[str] = field(default_factory=list)


@runtime_checkable
class Result(Protocol):
    """What every renderer can take."""

    payload_name: str

    def payload(self) -> Any: ...

    def tables(self) -> list[Table]: ...


def primary_table(result: Result) -> Table:
    """The table that CSV writes: the one marked primary, else the first."""
    tables = result.tables()
    for table in tables:
        if table.primary:
            return table
    return tables[0]


def format_share(value: float | None, digits: int = 0) -> str:
    """A fraction as a percentage text; unknown stays ``unknown``."""
    if value is None:
        return "unknown"
    return f"{value * 100:.{digits}f} %"


def format_number(value: Any, digits: int = 1) -> str:
    """A number for people: integers as they are, floats rounded, None as ``unknown``."""
    if value is None:
        return "unknown"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        if value.is_integer() and abs(value) >= 1000:
            return f"{int(value):,}"
        return f"{value:,.{digits}f}"
    return str(value)


def format_cell(value: Any, kind: ColumnKind) -> str:
    """The plain-text form of a cell, the same in every text format."""
    if value is None:
        return "unknown"
    if kind == "share":
        return format_share(float(value))
    if kind == "gap" and isinstance(value, int | float):
        return f"{value:+.1f}"
    if kind == "score" and isinstance(value, int | float):
        return f"{value:.1f}"
    if kind in ("number", "score", "gap", "level"):
        return format_number(value)
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    return str(value)
