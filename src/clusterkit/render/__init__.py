"""Renderers: one module per output format, each with ``render(view, options) -> str | bytes``.

:data:`FORMATS` is the registry: each format's name, the file suffixes that choose it, the
kinds of view it can draw, and whether it is binary (a renderer of a binary format returns bytes,
which the CLI writes to a file or a pipe, never to a terminal). The CLI builds its choices, help
texts and errors from it, so they always agree. A module is imported only when its format is
used, so a JSON run never pays for rich, the HTML page or openpyxl. To add a format: write
``render/NAME.py`` with ``render(view, options)`` and add one :class:`Format` line below.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass

from clusterkit.views import VIEW_KINDS, View

JSON_SCHEMA_VERSION = 1

_EVERY_KIND = frozenset(VIEW_KINDS)
# A report is a document for reading; the terminal grid and CSV's single table do not fit it.
_TABULAR = _EVERY_KIND - {"report"}
# Spreadsheets hold numbers as numbers; a profile's facts (texts, amounts, lists, each with its
# qualifier) are shown as text, so `show` offers them typed in JSON and YAML instead.
_SPREADSHEET = _TABULAR - {"cluster"}


class RenderError(Exception):
    """A format could not be drawn: a program its renderer needs is missing or failed; the message says what to do."""


@dataclass(frozen=True)
class Format:
    """An output format: its name, the suffixes of ``-o FILE`` that choose it, and the view kinds it draws.

    A ``binary`` format's renderer returns bytes (a workbook, a PDF), every other one text.
    """

    name: str
    suffixes: tuple[str, ...]
    accepts: frozenset[str]
    summary: str
    binary: bool = False


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("table", (".txt",), _TABULAR, "tables for a terminal"),
        Format("json", (".json",), _EVERY_KIND, "JSON with a schema_version"),
        Format("csv", (".csv",), _SPREADSHEET, "the main table as CSV"),
        Format("markdown", (".md", ".markdown"), _EVERY_KIND, "Markdown tables"),
        Format("yaml", (".yaml", ".yml"), _EVERY_KIND, "the JSON document as YAML"),
        Format("html", (".html", ".htm"), _EVERY_KIND, "one self-contained HTML page"),
        Format("xlsx", (".xlsx",), _SPREADSHEET, "a workbook, one sheet per table", binary=True),
        Format("geojson", (".geojson",), frozenset({"clusters"}), "clusters as GeoJSON points"),
        # NOTE: printed by headless Chromium, an external program; without one it is a RenderError.
        Format("pdf", (".pdf",), frozenset({"report"}), "the HTML page printed by Chromium", binary=True),
    )
}

# The format a command writes when neither --format nor an output suffix chooses one.
DEFAULT_FORMAT: dict[str, str] = {"report": "markdown"}


def formats_for(kind: str) -> tuple[str, ...]:
    """The formats that can draw a view of this kind, in registry order."""
    return tuple(name for name, fmt in FORMATS.items() if kind in fmt.accepts)


def default_format(kind: str) -> str:
    return DEFAULT_FORMAT.get(kind, "table")


def format_of_suffix(suffix: str) -> str | None:
    """The format a file suffix (``.json``, any case) chooses, if any."""
    suffix = suffix.lower()
    for name, fmt in FORMATS.items():
        if suffix in fmt.suffixes:
            return name
    return None


@dataclass(frozen=True)
class RenderOptions:
    """How to render: colour and terminal width (table), an optional generation stamp, and the
    name of the table CSV writes (None: the view's primary table)."""

    color: bool = False
    width: int = 100
    timestamp: str | None = None
    table: str | None = None


def render(view: View, fmt: str, options: RenderOptions | None = None) -> str | bytes:
    """Draw a view in a format: text, or bytes for a binary format (``FORMATS[fmt].binary``).

    Raises ValueError for a format unknown or unable to draw this kind, TypeError for anything but a View,
    RenderError when a program the format needs (Chromium for ``pdf``) is missing or fails.
    """
    if not isinstance(view, View):
        raise TypeError(
            f"render() takes a View, not {type(view).__name__}: make one with clusterkit.views.of.view_of(result)"
        )
    spec = FORMATS.get(fmt)
    if spec is None:
        raise ValueError(f"unknown format {fmt!r}; choose one of: {', '.join(FORMATS)}")
    if view.kind not in spec.accepts:
        raise ValueError(
            f"format {fmt!r} cannot show {view.kind!r}; choose one of: {', '.join(formats_for(view.kind))}"
        )
    module = importlib.import_module(f"clusterkit.render.{fmt}")
    drawn: str | bytes = module.render(view, options or RenderOptions())
    if isinstance(drawn, bytes) != spec.binary:
        raise TypeError(f"the {fmt} renderer returned {type(drawn).__name__}; its format says binary={spec.binary}")
    return drawn


def document(view: View) -> dict[str, object]:
    """The JSON/YAML document of a view: ``schema_version``, ``kind``, then the payload."""
    doc: dict[str, object] = {"schema_version": JSON_SCHEMA_VERSION, "kind": view.kind}
    if isinstance(view.payload, dict):
        doc.update(view.payload)
    else:
        doc[view.kind] = view.payload
    return doc
