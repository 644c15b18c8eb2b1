"""Which languages a document's texts are given in: the texts of a framework, a set of practices or
a strategy that may be written in several languages (:class:`~clusterkit.i18n.LocalText`), walked
field by field.

``validate`` reports the languages a document covers; a run in a language a text lacks shows its
English (see :func:`clusterkit.i18n.localized`). :func:`in_language` gives a record that carries
such texts (an audit) with each one in the run's language.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Mapping
from typing import Any, TypeVar, cast

from pydantic import BaseModel

from clusterkit.i18n import LANGUAGES, LocalText, localized
from clusterkit.records import FrozenRecord

# Fields that hold an official name (an ESCA quality area): their English stands in every language,
# so a missing translation of them does not narrow what a document covers.
OFFICIAL_NAMES: frozenset[str] = frozenset({"esca_area"})

T = TypeVar("T")


@dataclasses.dataclass(frozen=True)
class Coverage(FrozenRecord):
    """The languages of a document's texts: those every text is given in, and the texts each other language lacks.

    ``texts`` counts the texts looked at; a document with none (a cluster profile) covers no language.
    """

    texts: int
    languages: tuple[str, ...]
    # language -> the dotted field paths of the texts not given in it, in document order
    missing: Mapping[str, tuple[str, ...]]

    def lacks(self, language: str) -> tuple[str, ...]:
        """The field paths of the texts not given in ``language`` (empty when the document covers it)."""
        return self.missing.get(language, ())


def local_texts(obj: Any, path: str = "") -> Iterator[tuple[str, LocalText]]:
    """Every ``(dotted field path, text)`` of a document whose text may be given in several languages.

    The fields in :data:`OFFICIAL_NAMES` are left out: they keep their official English name.
    """
    if isinstance(obj, LocalText):
        yield path, obj
    elif isinstance(obj, BaseModel):
        for name in type(obj).model_fields:
            if name not in OFFICIAL_NAMES:
                yield from local_texts(getattr(obj, name), f"{path}.{name}" if path else name)
    elif isinstance(obj, list | tuple):
        for n, item in enumerate(obj):
            yield from local_texts(item, f"{path}.{n}")
    elif isinstance(obj, dict):
        for key, item in obj.items():
            yield from local_texts(item, f"{path}.{key}")


def coverage(document: BaseModel) -> Coverage:
    """The languages every text of ``document`` is given in (in the order of ``LANGUAGES``), and for
    each other language the texts that lack it."""
    texts = list(local_texts(document))
    missing = {
        language: tuple(path for path, text in texts if not text.translations.get(language)) for language in LANGUAGES
    }
    covered = tuple(language for language in LANGUAGES if texts and not missing[language])
    return Coverage(
        texts=len(texts),
        languages=covered,
        missing={language: paths for language, paths in missing.items() if paths and texts},
    )


def in_language(obj: T, language: str | None = None) -> T:
    """``obj`` (a pydantic record, or lists and dicts of them) with every text given in several languages
    replaced by its text in ``language`` (default: the run's; see :func:`~clusterkit.i18n.localized`).

    Everything else is kept as it is, and a record with no such text is returned itself.
    """
    return cast(T, _shown(obj, language))


def _shown(value: Any, language: str | None) -> Any:
    if isinstance(value, LocalText):
        return localized(value, language)
    if isinstance(value, BaseModel):
        changed = {}
        for name in type(value).model_fields:
            item = getattr(value, name)
            shown = _shown(item, language)
            if shown is not item:
                changed[name] = shown
        return value.model_copy(update=changed) if changed else value
    if isinstance(value, list | tuple):
        items = [_shown(item, language) for item in value]
        return value if all(a is b for a, b in zip(items, value, strict=True)) else type(value)(items)
    if isinstance(value, dict):
        entries = {key: _shown(item, language) for key, item in value.items()}
        return value if all(entries[key] is item for key, item in value.items()) else type(value)(entries)
    return value
