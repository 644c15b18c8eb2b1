"""JSON: the result's document, indented, keys in a stable order, UTF-8 kept as is."""

from __future__ import annotations

import json
from typing import Any

from clusterkit.render import RenderOptions, document


def render(result: Any, options: RenderOptions) -> str:
    doc = document(result)
    if options.timestamp:
        doc["generated"] = options.timestamp
    return json.dumps(doc, indent=2, ensure_ascii=False, allow_nan=False) + "\n"
