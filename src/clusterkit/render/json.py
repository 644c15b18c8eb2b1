"""JSON: the view's document, indented, keys in a stable order, UTF-8 kept as is."""

from __future__ import annotations

import json

from clusterkit.render import RenderOptions, document
from clusterkit.views import View


def render(view: View, options: RenderOptions) -> str:
    doc = document(view)
    if options.timestamp:
        doc["generated"] = options.timestamp
    return json.dumps(doc, indent=2, ensure_ascii=False, allow_nan=False) + "\n"
