"""A profile as it stood on a date: each fact's value of that date, and the list items that existed then.

A fact's values are its own (``value`` with ``date``) and those of its ``history``, each dated. On a
date ``D`` a fact holds the latest value dated on or before ``D``; dates are compared on their
common prefix, so the year ``2014`` covers every ``2014-xx`` and ``2014-06`` is on or before
``2014``. An undated fact is timeless. When every value of a fact is dated after ``D``, the earliest
of them is used and recorded as a :class:`LaterFact`, so that a note can say the score rests on a
fact dated after its assessment. A list item (a network, a pole...) whose ``since`` is a year
after ``D``'s is left out, and nothing is recorded for it: it did not exist yet. See docs/change.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypeVar

from pydantic import BaseModel

from clusterkit.models import Alternative, Assessment, Cluster, Dated, Fact
from clusterkit.records import FrozenRecord

M = TypeVar("M", bound=BaseModel)
# Values that hold no fact: skipped at once (this walk runs for every cluster a ranking scores).
_PLAIN: frozenset[type] = frozenset({str, int, float, bool, type(None), dict})


@dataclass(frozen=True, kw_only=True)
class LaterFact(FrozenRecord):
    """A fact used at ``as_of`` although its only values are dated later: the earliest, dated ``date``."""

    path: str
    date: str
    as_of: str


def on_or_before(date: str, limit: str) -> bool:
    """Whether ``date`` is on or before ``limit``, compared on their common prefix (``2014`` covers ``2014-06``)."""
    n = min(len(date), len(limit))
    return date[:n] <= limit[:n]


def facts_date(assessment: Dated | None, at: str | None) -> str | None:
    """The date whose facts score an assessment chosen by ``at``.

    ``at`` itself for ``ID@DATE``, the assessment's own date for the latest one (``at=None``), and
    None (the latest facts) for a target or when there is no assessment.
    """
    if at == "target" or not isinstance(assessment, Assessment):
        return None
    return at or assessment.date


def as_of(cluster: Cluster, date: str | None) -> tuple[Cluster, list[LaterFact]]:
    """The cluster with every fact as it stood on ``date`` and the list items of that year, and the later facts used.

    Returns ``cluster`` itself when nothing in it is dated after ``date`` (or ``date`` is None), so
    a profile without dates costs one walk and no copy. Nothing is validated again.
    """
    if date is None:
        return cluster, []
    later: list[LaterFact] = []
    return _model_as_of(cluster, date, int(date[:4]), "", later), later


def _model_as_of(node: M, date: str, year: int, prefix: str, later: list[LaterFact]) -> M:
    # NOTE: generic over the models (Members, Economy, lists of items...), so a new field is dated too.
    update: dict[str, Any] = {}
    for name, value in node.__dict__.items():
        if type(value) in _PLAIN:
            continue
        if isinstance(value, Fact):
            new: Any = _fact_as_of(value, date, prefix + name, later)
        elif isinstance(value, BaseModel):
            new = _model_as_of(value, date, year, f"{prefix}{name}.", later)
        elif isinstance(value, list) and value:
            new = _list_as_of(value, date, year, f"{prefix}{name}.", later)
        else:
            continue
        if new is not value:
            update[name] = new
    return node.model_copy(update=update) if update else node


def _list_as_of(items: list[Any], date: str, year: int, prefix: str, later: list[LaterFact]) -> list[Any]:
    kept: list[Any] = []
    changed = False
    for n, item in enumerate(items):
        if not isinstance(item, BaseModel):
            kept.append(item)
            continue
        since = item.__dict__.get("since")  # NOTE: not getattr: pydantic's fallback is slow for a missing name
        if isinstance(since, int) and since > year:
            changed = True
            continue
        new = _model_as_of(item, date, year, f"{prefix}{n}.", later)
        changed = changed or new is not item
        kept.append(new)
    return kept if changed else items


def _fact_as_of(fact: Fact, date: str, path: str, later: list[LaterFact]) -> Fact:
    if fact.date is None:
        return fact  # timeless (a fact with a history is always dated)
    values: list[Fact | Alternative] = [fact, *fact.history]
    held = [v for v in values if v.date is not None and on_or_before(v.date, date)]
    if held:
        chosen = max(held, key=lambda v: v.date or "")
    else:
        chosen = min(values, key=lambda v: v.date or "")
        later.append(LaterFact(path=path, date=chosen.date or "", as_of=date))
    if chosen is fact:
        return fact
    # NOTE: the alternatives are other sources' values of the main date: they do not hold for this one.
    return fact.model_copy(
        update={
            "value": chosen.value,
            "qualifier": chosen.qualifier,
            "source": chosen.source,
            "note": chosen.note,
            "date": chosen.date,
            "alternatives": [],
            "history": [],
        }
    )
