"""Renderers: one module per output format, each with ``render(result, options) -> str``.

Formats are chosen by name from :data:`FORMATS`; a module is imported only when its format is
used, so a JSON run never pays for rich or the HTML templates.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any

FORMATS: tuple[str, ...] = ("table", "json", "csv", "markdown", "html", "yaml", "geojson")

SUFFIXES: dict[str, str] = {
    ".txt": "table",
    ".json": "json",
    ".csv": "csv",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".yaml": "yaml",
    ".yml": "yaml",
    ".geojson": "geojson",
}

JSON_SCHEMA_VERSION = 1


@dataclass(frozen=True)
class RenderOptions:
    """How to render: colour and terminal width (table), and an optional generation stamp."""

    color: bool = False
    width: int = 100
    timestamp: str | None = None


def render(result: Any, fmt: str, options: RenderOptions | None = None) -> str:
    """Render a result in a format; raises ValueError for a format the result does not support."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of: {', '.join(FORMATS)}")
    module = importlib.import_module(f"clusterkit.render.{fmt}")
    text: str = module.render(result, options or RenderOptions())
    return text


def document(result: Any) -> dict[str, Any]:
    """The JSON/YAML document of a result: ``schema_version``, ``kind``, then the payload."""
    payload = result.payload()
    doc: dict[str, Any] = {"schema_version": JSON_SCHEMA_VERSION, "kind": result.payload_name}
    if isinstance(payload, dict):
        doc.update(payload)
    else:
        doc[result.payload_name] = payload
    return doc
