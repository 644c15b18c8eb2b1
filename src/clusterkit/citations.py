"""The form of a citation, ``key`` or ``key section`` (``el-idrissi-2020 §3.1``), shared by models and views.

A light module: a view can link citations without loading the pydantic models.
"""

from __future__ import annotations


def citation_key(citation: str) -> str:
    """The reference key of a citation: ``"el-idrissi-2020 §3.1"`` -> ``"el-idrissi-2020"``."""
    return citation.split(" ", 1)[0]
