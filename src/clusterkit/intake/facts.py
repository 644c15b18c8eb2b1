"""What the facts of answers become in a cluster profile: cited facts, plain fields, in the schema's order.

A fact is named by its profile path (``members.total``, ``location.city``); the cluster model says
whether the field there is a cited fact (written ``{value, source}``) or a plain field (a name, a
city), and in which order a profile lists its fields.
"""

from __future__ import annotations

import typing
from collections.abc import Sequence
from typing import Any

from clusterkit.errors import Problem, short_repr
from clusterkit.i18n import _
from clusterkit.intake import ClusterAnswers
from clusterkit.intake.yamledit import Edit
from clusterkit.models import Cluster, Fact
from clusterkit.schema import model_classes


def fact_field(parts: Sequence[str]) -> str | None:
    """``"fact"`` for a path to a cited fact, ``"plain"`` for a plain field (name, location.city), else None."""
    cls: Any = Cluster
    for depth, part in enumerate(parts):
        info = cls.model_fields.get(part)
        if info is None:
            return None
        classes = model_classes(info.annotation)
        if depth == len(parts) - 1:
            if any(issubclass(c, Fact) for c in classes):
                return "fact"
            return None if classes else "plain"
        inner = [c for c in classes if not issubclass(c, Fact)]
        if not inner:
            return None
        cls = inner[0]
    return None


def fact_value(parts: Sequence[str], value: Any) -> Any:
    """Whole numbers given as text or as 2011.0 for a count or a year, as numbers."""
    cls: Any = Cluster
    for part in parts:
        info = cls.model_fields[part]
        cls = next(iter(model_classes(info.annotation)), None)
    annotation = cls.model_fields["value"].annotation if cls is not None else None
    base = typing.get_args(annotation)[0] if typing.get_origin(annotation) is typing.Annotated else annotation
    if base is int and not isinstance(value, bool):
        if isinstance(value, float) and value.is_integer():
            return int(value)
        if isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
            return int(value.strip())
    if base is float and isinstance(value, str):
        try:
            return float(value.strip())
        except ValueError:
            return value
    return value


def model_order(parts: Sequence[str]) -> tuple[str, ...]:
    """The field names of the model at a path of the cluster profile, in the schema's order."""
    cls: Any = Cluster
    for part in parts:
        info = cls.model_fields.get(part)
        classes = [c for c in model_classes(info.annotation) if not issubclass(c, Fact)] if info else []
        if not classes:
            return ()
        cls = classes[0]
    # NOTE: every document starts with kind, schema_version and id, whatever the model's field order.
    first = ("kind", "schema_version", "id") if not parts else ()
    return tuple(dict.fromkeys((*first, *cls.model_fields)))


def fact_entries(answers: ClusterAnswers, problems: list[Problem]) -> list[tuple[tuple[str, ...], Any]]:
    """``(path, value)`` for each fact given: cited facts as ``{value, source}``, plain fields as they are."""
    found: list[tuple[tuple[str, ...], Any]] = []
    where = answers.where
    for path, value in answers.facts.items():
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        parts = tuple(path.split("."))
        form = fact_field(parts)
        if form is None:
            why = _("{path} is not a fact of a cluster profile").format(path=short_repr(path))
            problems.append(Problem(where, why, field=path))
        elif form == "fact":
            if not answers.source:
                why = _("a fact needs its source: a reference key")
                problems.append(Problem(where, why, field=f"{path}.source"))
            found.append((parts, {"value": fact_value(parts, value), "source": answers.source}))
        else:
            found.append((parts, value.strip() if isinstance(value, str) else value))
    return found


def new_profile(answers: ClusterAnswers, problems: list[Problem]) -> dict[str, Any]:
    """A new profile's data from the facts, in the schema's order (assessments are added after)."""
    data: dict[str, Any] = {"kind": "cluster", "schema_version": 1, "id": answers.cluster_id}
    for parts, value in fact_entries(answers, problems):
        node = data
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        node[parts[-1]] = value
    if isinstance(data.get("location"), dict) and answers.source:
        data["location"]["source"] = answers.source
    return _ordered(data, ())


def _ordered(data: dict[str, Any], at: tuple[str, ...]) -> dict[str, Any]:
    order = model_order(at)
    rank = {name: i for i, name in enumerate(order)}
    keys = sorted(data, key=lambda k: rank.get(k, len(rank)))
    return {
        k: _ordered(data[k], (*at, k)) if isinstance(data[k], dict) and model_order((*at, k)) else data[k] for k in keys
    }


def fact_edits(answers: ClusterAnswers, existing: dict[str, Any], problems: list[Problem]) -> list[Edit]:
    """Edits that add the facts a profile lacks (cited facts only; name and location stay the user's)."""
    edits: list[Edit] = []
    for parts, value in fact_entries(answers, problems):
        if not isinstance(value, dict):
            continue
        node: Any = existing
        for part in parts[:-1]:
            node = node.get(part) if isinstance(node, dict) else None
        if isinstance(node, dict) and parts[-1] in node:
            continue
        edits.append(Edit("set", parts, value, model_order(parts[:-1])))
    return edits
