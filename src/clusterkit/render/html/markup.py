"""The smallest pieces of the page: escaping, coordinates, and shortened labels."""

from __future__ import annotations

import html
from typing import Any

# Bar and axis labels longer than this are cut (the full text stays in a ``<title>`` tooltip).
LABEL_CHARS = 46


def esc(value: Any) -> str:
    """Text made safe for HTML and SVG content and attribute values."""
    return html.escape(str(value), quote=True)


def num(value: float, digits: int = 2) -> str:
    """A coordinate with a fixed number of decimals, never ``-0`` (not for people: see clusterkit.text)."""
    text = f"{value:.{digits}f}"
    return text[1:] if text.startswith("-") and float(text) == 0 else text


def short(text: str, limit: int = LABEL_CHARS) -> str:
    """``text`` cut to ``limit`` characters, an ellipsis marking the cut."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
