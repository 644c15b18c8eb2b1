"""The bibliography: the references on the search path, and which of them a document cites, and where.

Plain data for ``clusterkit references`` and for the references that ``clusterkit show`` ends
with; :mod:`clusterkit.views.references` turns it into tables and a payload.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from clusterkit.citations import citation_key
from clusterkit.errors import NotFoundError, short_repr
from clusterkit.i18n import _
from clusterkit.models import Reference
from clusterkit.records import FrozenRecord, unique
from clusterkit.schema import iter_citations

# The field that holds a citation (``founded.source``, ``evidence.sources.0``) names the fact it backs.
_CITING_FIELD = re.compile(r"\.(?:source|sources\.\d+)$")


@dataclass(frozen=True)
class Citation(FrozenRecord):
    """One place a document cites a reference: the path of what it backs and the locator after the key.

    ``founded.source: el-idrissi-2020 §3.1`` is ``Citation("founded", "§3.1")``; no locator is ``""``.
    """

    path: str
    locator: str


@dataclass(frozen=True)
class Entry(FrozenRecord):
    """A reference key, its reference (None: no references document defines it) and where it is cited."""

    key: str
    reference: Reference | None
    citations: tuple[Citation, ...] = ()


@dataclass(frozen=True)
class Bibliography(FrozenRecord):
    """References by key: every one, the ones asked for, or the ones a document cites.

    ``cited_by`` is ``(kind, id)`` of the citing document (``("cluster", "mnc")``), None otherwise;
    then each entry holds its citations in that document, and an entry whose key is undefined has
    no reference.
    """

    entries: tuple[Entry, ...]
    cited_by: tuple[str, str] | None = None

    @property
    def references(self) -> tuple[Reference, ...]:
        """The references defined, in order."""
        return tuple(e.reference for e in self.entries if e.reference is not None)

    @property
    def unresolved(self) -> tuple[str, ...]:
        """The cited keys that no references document defines."""
        return tuple(e.key for e in self.entries if e.reference is None)


def citations_by_key(document: Any) -> dict[str, list[Citation]]:
    """Every citation in a document by reference key, keys in order of first citation."""
    found: dict[str, list[Citation]] = {}
    for path, citation in iter_citations(document):
        key = citation_key(citation)
        locator = citation[len(key) :].strip()
        found.setdefault(key, []).append(Citation(_CITING_FIELD.sub("", path), locator))
    return found


def unknown_key_message(key: str, known: Iterable[str]) -> str:
    """The error for a key no references document defines, with the closest key defined if any."""
    msg = _("no reference with key {key} on the search path").format(key=short_repr(key))
    close = difflib.get_close_matches(key.lower(), sorted(known), n=1, cutoff=0.5)
    if close:
        msg += _("; did you mean {key}?").format(key=repr(close[0]))
    return msg


def bibliography(known: Mapping[str, Reference], keys: Iterable[str] = ()) -> Bibliography:
    """Every reference sorted by key, or the ones ``keys`` names in that order (each once).

    Raises :class:`~clusterkit.errors.NotFoundError` naming the first key no reference defines.
    """
    asked = unique(keys)
    for key in asked:
        if key not in known:
            raise NotFoundError(unknown_key_message(key, known))
    chosen = asked or sorted(known)
    return Bibliography(tuple(Entry(k, known[k]) for k in chosen))


def cited_by(document: Any, known: Mapping[str, Reference], kind: str, doc_id: str) -> Bibliography:
    """The references a document cites, sorted by key, each with its citations; undefined keys too."""
    found = citations_by_key(document)
    entries = tuple(Entry(k, known.get(k), tuple(found[k])) for k in sorted(found))
    return Bibliography(entries, (kind, doc_id))
