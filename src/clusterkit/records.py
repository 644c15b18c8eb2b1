"""The base of the core's result records: frozen dataclasses, plain data, cheap to build.

Results of scoring, comparison, label readiness and sensitivity are built from already
validated documents, so they need no validation of their own; this base gives them the two
pydantic-like methods callers use (``model_dump``, ``model_copy``). :func:`unique` is the one
way the core and the views drop repeated items (citations, years, stated values), keeping order.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Hashable, Iterable
from typing import Any, TypeVar

H = TypeVar("H", bound=Hashable)


def unique(items: Iterable[H]) -> list[H]:
    """The items in order, each once (the first time it comes)."""
    return list(dict.fromkeys(items))


class FrozenRecord:
    """Base of result records (subclasses are frozen dataclasses)."""

    def model_dump(self) -> dict[str, Any]:
        """The record's fields as a dict (shallow: nested records stay records)."""
        # NOTE: mypy takes an eq dataclass's unhashable instances for its class, which hashes.
        return {name: getattr(self, name) for name in _field_names(type(self))}  # type: ignore[arg-type]

    def model_copy(self, update: dict[str, Any] | None = None) -> Any:
        """A copy with some fields replaced."""
        return dataclasses.replace(self, **(update or {}))  # type: ignore[type-var]


@functools.cache
def _field_names(record: type) -> tuple[str, ...]:
    # NOTE: found once a class: a ranking of ten thousand clusters dumps ten thousand rows.
    return tuple(f.name for f in dataclasses.fields(record))
