"""YAML: the same document as JSON, in block style."""

from __future__ import annotations

import re
from typing import Any

import yaml

from clusterkit.render import RenderOptions, document
from clusterkit.views import View

_BaseDumper: type[Any] = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class Dumper(_BaseDumper):  # type: ignore[misc]
    """PyYAML's safe dumper, which also quotes text that a YAML 1.2 reader takes for a number.

    PyYAML follows YAML 1.1, so it writes the text ``1e3`` or ``0o17`` bare; clusterkit and other
    YAML 1.2 readers would read that back as a number.
    """


Dumper.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+|[-+]\.[0-9]+)$"),
    list("-+.0123456789"),
)
Dumper.add_implicit_resolver("tag:yaml.org,2002:int", re.compile(r"^[-+]?0o[0-7]+$"), list("-+0"))
# NOTE: a text that a document gives in several languages is a str subclass; it is written as the text it is.
Dumper.add_multi_representer(str, lambda dumper, text: dumper.represent_str(str(text)))


def render(view: View, options: RenderOptions) -> str:
    doc = document(view)
    if options.timestamp:
        doc["generated"] = options.timestamp
    text: str = yaml.dump(doc, Dumper=Dumper, sort_keys=False, allow_unicode=True, width=100)
    return text
