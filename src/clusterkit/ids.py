"""The form of an id (a document's, a cluster's, an indicator's), shared by models, loading and the CLI.

A light module: the catalog checks an id without loading the pydantic models.
"""

from __future__ import annotations

import re

# An id: lowercase letters, digits, '-' and '_', starting with a letter or digit, at most 64.
SLUG_PATTERN = r"^[a-z0-9][a-z0-9_-]{0,63}$"
SLUG_RE = re.compile(SLUG_PATTERN)
