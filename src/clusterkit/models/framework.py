"""Frameworks (dimensions, indicators, rubrics) and the practices recommendations come from.

Their texts for people (names, descriptions, questions, rubric levels, practice titles and steps) may
be written in several languages (:data:`~clusterkit.models.base.LocalizedText`); ids and citations
are not.
"""

from __future__ import annotations

import itertools
from typing import Annotated, Literal

from pydantic import Field, StringConstraints, field_validator, model_validator
from pydantic_core import PydanticCustomError

from clusterkit.i18n import _
from clusterkit.models.base import (
    MAX_WEIGHT,
    MIN_WEIGHT,
    Citation,
    DocumentBase,
    Level,
    LocalizedShortText,
    LocalizedText,
    Slug,
    Strict,
)


class Dimension(Strict):
    """One of a framework's dimensions; ``weight`` is its share in the overall score."""

    id: Slug
    name: LocalizedShortText
    weight: Annotated[float, Field(ge=MIN_WEIGHT, le=MAX_WEIGHT)] = 1.0
    description: LocalizedText | None = None


class Rule(Strict):
    """How a measured indicator's level follows from a profile fact.

    ``path`` is a dotted path into the cluster profile (``members.total``). ``measure`` says what
    is read: the fact's ``value``, the ``count`` of a list, or ``present`` (1 when the fact
    exists, else unknown). The level is the number of ``thresholds`` (four, ascending) that the
    measured value reaches.
    """

    path: Annotated[str, StringConstraints(pattern=r"^[a-z_]+(\.[a-z_]+)*$")]
    measure: Literal["value", "count", "present"] = "value"
    thresholds: Annotated[list[float], Field(min_length=4, max_length=4)]
    # An empty list read at `path` counts as unknown unless this is set.
    empty_is_zero: bool = False

    @field_validator("thresholds")
    @classmethod
    def _ascending(cls, thresholds: list[float]) -> list[float]:
        if any(b < a for a, b in itertools.pairwise(thresholds)):
            raise ValueError(_("thresholds must be in ascending order"))
        return thresholds


class Indicator(Strict):
    """One indicator: what it measures, its 0-4 rubric, and a rule or ``assessed``."""

    id: Slug
    name: LocalizedShortText
    dimension: Slug
    # 0 switches an indicator off; otherwise weights are relative, within [0.001, 1000].
    weight: Annotated[float, Field(ge=0, le=MAX_WEIGHT)] = 1.0
    measures: LocalizedText
    esca_area: LocalizedShortText
    levels: Annotated[list[LocalizedShortText], Field(min_length=5, max_length=5)]
    rule: Rule | None = None

    @field_validator("weight")
    @classmethod
    def _off_or_in_range(cls, weight: float) -> float:
        if 0 < weight < MIN_WEIGHT:
            raise ValueError(_("a weight is 0 (indicator off) or at least {minimum}").format(minimum=MIN_WEIGHT))
        return weight

    @property
    def assessed(self) -> bool:
        return self.rule is None


class Framework(DocumentBase):
    """An assessment framework: dimensions and indicators with weights and rubrics."""

    kind: Literal["framework"]
    name: LocalizedShortText
    description: LocalizedText | None = None
    source: Citation | None = None
    # The level (0-4) an indicator must reach to count as good practice: the label's readiness share and the
    # basis of a gap where the benchmark's own level is unknown or lower.
    good_practice: Level = 3
    dimensions: Annotated[list[Dimension], Field(min_length=1)]
    indicators: Annotated[list[Indicator], Field(min_length=1)]

    @model_validator(mode="after")
    def _consistent(self) -> Framework:
        # NOTE: each error names the field it is about ("at"), so that the loader locates it in the file.
        dim_ids = [d.id for d in self.dimensions]
        for i, dim_id in enumerate(dim_ids):
            if dim_id in dim_ids[:i]:
                raise _located(_("dimension ids must be unique"), "dimensions", i, "id")
        ind_ids = [i.id for i in self.indicators]
        dupes = sorted({i for i in ind_ids if ind_ids.count(i) > 1})
        if dupes:
            second = next(n for n, ind_id in enumerate(ind_ids) if ind_id in ind_ids[:n])
            message = _("indicator ids must be unique: {ids}").format(ids=", ".join(dupes))
            raise _located(message, "indicators", second, "id")
        for n, ind in enumerate(self.indicators):
            if ind.dimension not in dim_ids:
                message = _("indicator {indicator} names unknown dimension {dimension}").format(
                    indicator=repr(ind.id), dimension=repr(ind.dimension)
                )
                raise _located(message, "indicators", n, "dimension")
        for n, dim in enumerate(self.dimensions):
            if sum(i.weight for i in self.indicators if i.dimension == dim.id) <= 0:
                message = _("dimension {dimension} has no indicator with a positive weight").format(
                    dimension=repr(dim.id)
                )
                raise _located(message, "dimensions", n, "id")
        return self

    def indicator(self, indicator_id: str) -> Indicator:
        for ind in self.indicators:
            if ind.id == indicator_id:
                return ind
        raise KeyError(indicator_id)


class Practice(Strict):
    """A practice a subject can take from a benchmark, and the indicators it moves."""

    id: Slug
    title: LocalizedShortText
    summary: LocalizedText
    addresses: Annotated[list[Slug], Field(min_length=1)]
    steps: Annotated[list[LocalizedShortText], Field(min_length=1)]
    sources: Annotated[list[Citation], Field(min_length=1)]


class Practices(DocumentBase):
    """A set of practices; ``benchmark`` names the cluster they come from (none: any benchmark)."""

    kind: Literal["practices"]
    title: LocalizedShortText
    benchmark: Slug | None = None
    subject: Slug | None = None
    framework: Slug = "default"
    practices: Annotated[list[Practice], Field(min_length=1)]


def _located(message: str, *path: str | int) -> PydanticCustomError:
    """An error of a whole document about one of its fields: ``at`` names the field (``dimensions.2.id``)."""
    # NOTE: braces would be read as the template's placeholders.
    return PydanticCustomError(
        "located", message.replace("{", "{{").replace("}", "}}"), {"at": ".".join(map(str, path))}
    )
