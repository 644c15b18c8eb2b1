"""YAML: the same document as JSON, in block style."""

from __future__ import annotations

from typing import Any

import yaml

from clusterkit.render import RenderOptions, document


def render(result: Any, options: RenderOptions) -> str:
    doc = document(result)
    if options.timestamp:
        doc["generated"] = options.timestamp
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    text: str = yaml.dump(doc, Dumper=dumper, sort_keys=False, allow_unicode=True, width=100)
    return text
