"""Strategies whose implementation can be audited."""

from __future__ import annotations

import typing
from typing import Annotated, Literal

from pydantic import Field, model_validator

from clusterkit.models.base import (
    Citation,
    Count,
    CountryCode,
    DocumentBase,
    Evidence,
    Item,
    Qualifier,
    Share,
    ShortText,
    Slug,
    Strict,
    Text,
)
from clusterkit.models.facts import CountFact, MoneyFact, NameFact, NumberFact, ShareFact, TextFact, YearFact

Status = Literal["achieved", "in_progress", "late", "not_started", "cancelled", "blocked"]
STATUSES: tuple[str, ...] = typing.get_args(Status)


class StatusFigure(Strict):
    """How many actions are in one status, as the source gives it: a count, a share, or both."""

    count: Count | None = None
    share: Share | None = None
    qualifier: Qualifier = "exact"
    source: Citation
    note: ShortText | None = None

    @model_validator(mode="after")
    def _count_or_share(self) -> StatusFigure:
        if self.count is None and self.share is None:
            raise ValueError("give a count, a share, or both")
        return self


class CombinedStatus(Strict):
    """A share or count the source gives for several statuses at once."""

    statuses: Annotated[list[Status], Field(min_length=2)]
    count: Count | None = None
    share: Share | None = None
    source: Citation
    note: ShortText | None = None

    @model_validator(mode="after")
    def _count_or_share(self) -> CombinedStatus:
        if self.count is None and self.share is None:
            raise ValueError("give a count, a share, or both")
        if len(set(self.statuses)) != len(self.statuses):
            raise ValueError("a status is listed twice")
        return self


class Axis(Strict):
    """An axis or accompanying measure of a strategy and the progress of its actions."""

    id: Slug
    name: ShortText
    kind: Literal["axis", "measure"] = "axis"
    unit: ShortText = "actions"
    planned: CountFact | None = None
    planned_projects: CountFact | None = None
    statuses: dict[Status, StatusFigure] = Field(default_factory=dict)
    # Statuses the source reports only together ("cancelled or never started").
    combined_statuses: list[CombinedStatus] = Field(default_factory=list)
    budget_share: ShareFact | None = None
    # The source accounts for every planned action: the statuses should add up to the total.
    statuses_complete: bool = False
    notes: list[Evidence] = Field(default_factory=list)

    @model_validator(mode="after")
    def _counts_within_planned(self) -> Axis:
        for group in self.combined_statuses:
            twice = sorted(set(group.statuses) & set(self.statuses))
            if twice:
                raise ValueError(f"status {twice[0]!r} is given both alone and in combined_statuses")
        if self.planned is None:
            return self
        limit = self.planned.value
        if self.planned_projects is not None:
            limit = max(limit, self.planned_projects.value)
        figures = [(f"statuses.{status}", figure.count) for status, figure in self.statuses.items()]
        figures += [(f"combined_statuses.{i}", group.count) for i, group in enumerate(self.combined_statuses)]
        for where, count in figures:
            if count is not None and count > limit:
                raise ValueError(f"{where}.count ({count}) exceeds planned ({self.planned.value})")
        return self


class Target(Strict):
    """A quantified target: baseline, target and actual, each with its year where known."""

    id: Slug
    name: ShortText
    axis: Slug | None = None
    unit: ShortText
    baseline: NumberFact | None = None
    baseline_year: int | None = None
    target: NumberFact | None = None
    target_year: int | None = None
    actual: NumberFact | None = None
    actual_year: int | None = None
    # Why no actual figure is known (the source says information is lacking).
    unknown_reason: Evidence | None = None


class BudgetShare(Strict):
    """The share of the budget that some axes take together."""

    axes: Annotated[list[Slug], Field(min_length=1)]
    share: Share
    qualifier: Qualifier = "exact"
    source: Citation


class Budget(Strict):
    """A strategy's budget and how it is split."""

    total: MoneyFact | None = None
    shares: list[BudgetShare] = Field(default_factory=list)


class Finding(Strict):
    """A finding of an evaluation, with its severity."""

    id: Slug
    severity: Literal["low", "medium", "high", "critical"]
    text: Text
    source: Citation


class Strategy(DocumentBase):
    """A national or regional strategy whose implementation can be audited."""

    kind: Literal["strategy"]
    name: ShortText
    country: CountryCode
    adopted: YearFact | None = None
    period: NameFact | None = None
    evaluation: Item | None = None
    description: TextFact | None = None
    priorities: list[Item] = Field(default_factory=list)
    # Actions planned over all axes and measures, where a source gives the total.
    planned: CountFact | None = None
    budget: Budget = Field(default_factory=Budget)
    axes: list[Axis]
    targets: list[Target] = Field(default_factory=list)
    findings: list[Finding] = Field(default_factory=list)
    notes: list[Evidence] = Field(default_factory=list)

    @model_validator(mode="after")
    def _references_resolve(self) -> Strategy:
        axis_ids = [axis.id for axis in self.axes]
        if len(set(axis_ids)) != len(axis_ids):
            raise ValueError("axis ids must be unique")
        for target in self.targets:
            if target.axis is not None and target.axis not in axis_ids:
                raise ValueError(f"target {target.id!r} names unknown axis {target.axis!r}")
        for share in self.budget.shares:
            for axis in share.axes:
                if axis not in axis_ids:
                    raise ValueError(f"budget share names unknown axis {axis!r}")
        return self
