"""Finding documents on the search path and loading them strictly.

The modules of this package, from the bytes of a file up to the catalog of every document:

- :mod:`~clusterkit.loading.files`: reading a file safely (regular files only, a size limit, UTF-8);
- :mod:`~clusterkit.loading.strict_yaml`: strict YAML (one mapping, YAML 1.2-like scalars, no
  duplicate keys) and where each value stands in the file (:class:`Parsed`);
- :mod:`~clusterkit.loading.model_errors`: pydantic's errors as located problems, in words;
- :mod:`~clusterkit.loading.documents`: one file to a validated document (:func:`load_document`);
- :mod:`~clusterkit.loading.search_path`: the folders searched, the files in them and their kinds;
- :mod:`~clusterkit.loading.catalog`: every document on the search path, read on demand, with
  the files it read (:attr:`Catalog.files_read`).

Every error names the file, line, column and dotted field path.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from clusterkit.loading.catalog import Catalog, Entry, load_profile
from clusterkit.loading.files import MAX_BYTES, decode, read_text
from clusterkit.loading.search_path import (
    BUNDLED_DIR,
    FOLDER_KINDS,
    bundled_profiles_dir,
    display_path,
    kind_for,
    outside_link,
    outside_link_note,
    search_dirs,
    walk_documents,
)

if TYPE_CHECKING:
    from clusterkit.loading.documents import document_from_data, load_document, unresolved_citations
    from clusterkit.loading.model_errors import PATTERN_HINTS, validation_problems
    from clusterkit.loading.strict_yaml import (
        BASE_LOADER,
        MAX_DEPTH,
        MAX_NODES,
        PRESCAN_ABOVE,
        FieldPath,
        Parsed,
        parse_yaml,
    )

# Reading a document (the models, the YAML reader, the wording of pydantic's errors), imported on first
# use: a run served from the cache parses nothing, and a warm `list` loads no model.
_LAZY = {
    **dict.fromkeys(("document_from_data", "load_document", "unresolved_citations"), "clusterkit.loading.documents"),
    **dict.fromkeys(("PATTERN_HINTS", "validation_problems"), "clusterkit.loading.model_errors"),
    **dict.fromkeys(
        ("BASE_LOADER", "MAX_DEPTH", "MAX_NODES", "PRESCAN_ABOVE", "FieldPath", "Parsed", "parse_yaml"),
        "clusterkit.loading.strict_yaml",
    ),
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "BASE_LOADER",
    "BUNDLED_DIR",
    "FOLDER_KINDS",
    "MAX_BYTES",
    "MAX_DEPTH",
    "MAX_NODES",
    "PATTERN_HINTS",
    "PRESCAN_ABOVE",
    "Catalog",
    "Entry",
    "FieldPath",
    "Parsed",
    "bundled_profiles_dir",
    "decode",
    "display_path",
    "document_from_data",
    "kind_for",
    "load_document",
    "load_profile",
    "outside_link",
    "outside_link_note",
    "parse_yaml",
    "read_text",
    "search_dirs",
    "unresolved_citations",
    "validation_problems",
    "walk_documents",
]
