"""Questions asked of the document models: every citation in a document, the fields a location can
hold, and whether a framework's rule paths exist in the cluster model.

Kept beside :mod:`clusterkit.models` (the documents themselves) for the loader's error messages,
validation and the report's references.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Sequence
from typing import Any, Union

from pydantic import BaseModel

from clusterkit.i18n import _
from clusterkit.models import Cluster, Fact, Framework


def iter_citations(obj: Any, path: str = "") -> list[tuple[str, str]]:
    """Every ``(field path, citation)`` in a document, for checking that citations resolve."""
    found: list[tuple[str, str]] = []
    if isinstance(obj, BaseModel):
        for name in type(obj).model_fields:
            value = getattr(obj, name)
            sub = f"{path}.{name}" if path else name
            if name in ("source", "coordinates_source") and isinstance(value, str):
                found.append((sub, value))
            elif name == "sources" and isinstance(value, list):
                found.extend((f"{sub}.{i}", v) for i, v in enumerate(value) if isinstance(v, str))
            else:
                found.extend(iter_citations(value, sub))
    elif isinstance(obj, list):
        for i, item in enumerate(obj):
            found.extend(iter_citations(item, f"{path}.{i}"))
    elif isinstance(obj, dict):
        for key, item in obj.items():
            found.extend(iter_citations(item, f"{path}.{key}"))
    return found


def model_classes(annotation: Any) -> list[type[BaseModel]]:
    """The model classes an annotation can hold (through Optional, unions, list, dict, Annotated)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return model_classes(typing.get_args(annotation)[0])
    found: list[type[BaseModel]] = []
    if origin in (Union, types.UnionType, list, dict, tuple):
        for arg in typing.get_args(annotation):
            found.extend(model_classes(arg))
    return found


def fields_at(model: type[BaseModel], loc: Sequence[Any]) -> list[str]:
    """The field names valid at a location in a document of this model (for a "did you mean")."""
    candidates: list[type[BaseModel]] = [model]
    for part in loc:
        if isinstance(part, int):
            continue
        nxt: list[type[BaseModel]] = []
        for cls in candidates:
            info = cls.model_fields.get(str(part))
            if info is not None:
                nxt.extend(model_classes(info.annotation))
        if nxt:
            candidates = nxt
        # else: a dict key (an indicator id, a status) stays at the same model level
    names: list[str] = []
    for cls in candidates:
        names.extend(n for n in cls.model_fields if n not in names)
    return names


def check_rule_paths(framework: Framework) -> list[tuple[str, str]]:
    """``(indicator id, message)`` for every measured indicator whose rule path the cluster model lacks."""
    problems: list[tuple[str, str]] = []
    for ind in framework.indicators:
        if ind.rule is None:
            continue
        model: Any = Cluster
        for part in ind.rule.path.split("."):
            fields = getattr(model, "model_fields", None)
            if not fields or part not in fields:
                msg = _("rule path {path}: {part} is not a field of {model}").format(
                    path=repr(ind.rule.path), part=repr(part), model=model.__name__
                )
                problems.append((ind.id, msg))
                break
            model = _rule_step(fields[part].annotation)
    return problems


def _rule_step(annotation: Any) -> Any:
    """The model a rule path steps into through a field; a fact's value is a leaf a rule cannot look inside."""
    for cls in model_classes(annotation):
        if not issubclass(cls, Fact):
            return cls
    return type("a fact's value", (), {})
