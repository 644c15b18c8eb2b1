"""Strategies whose implementation can be audited."""

from __future__ import annotations

import typing
from typing import Annotated, Literal

from pydantic import Field, model_validator

from clusterkit.i18n import _
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
    Year,
)
from clusterkit.models.facts import CountFact, MoneyFact, NameFact, NumberFact, ShareFact, TextFact, YearFact

Status = Literal["achieved", "in_progress", "late", "not_started", "cancelled", "blocked"]
STATUSES: tuple[str, ...] = typing.get_args(Status)
# What a target's or a stated figure's values are: counts of the unit, amounts of money (the unit
# names the currency and scale: "billion MAD"), or shares (fractions of the whole the unit names).
Measure = Literal["count", "amount", "share"]


class StatusFigure(Strict):
    """How many actions are in one status, as the source gives it: a count, a share, or both."""

    count: Count | None = None
    share: Share | None = None
    qualifier: Qualifier = "exact"
    source: Citation
    note: ShortText | None = None
    # The source's own words for the status, where they say more than its name ("late or problematic").
    wording: ShortText | None = None

    @model_validator(mode="after")
    def _count_or_share(self) -> StatusFigure:
        if self.count is None and self.share is None:
            raise ValueError(_("give a count, a share, or both"))
        return self


class CombinedStatus(Strict):
    """A share or count the source gives for several statuses at once."""

    statuses: Annotated[list[Status], Field(min_length=2)]
    count: Count | None = None
    share: Share | None = None
    source: Citation
    note: ShortText | None = None
    # The source's own words ("cancelled or have never started").
    wording: ShortText | None = None

    @model_validator(mode="after")
    def _count_or_share(self) -> CombinedStatus:
        if self.count is None and self.share is None:
            raise ValueError(_("give a count, a share, or both"))
        if len(set(self.statuses)) != len(self.statuses):
            raise ValueError(_("a status is listed twice"))
        return self


class WordedStatus(Strict):
    """A figure the source gives in words that match none of the statuses ("was not achieved")."""

    wording: ShortText
    count: Count | None = None
    share: Share | None = None
    qualifier: Qualifier = "exact"
    source: Citation
    note: ShortText | None = None

    @model_validator(mode="after")
    def _count_or_share(self) -> WordedStatus:
        if self.count is None and self.share is None:
            raise ValueError(_("give a count, a share, or both"))
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
    # Figures the source words as no status names them ("was not achieved"): kept in its words.
    other_statuses: list[WordedStatus] = Field(default_factory=list)
    budget_share: ShareFact | None = None
    # The source accounts for every planned action: the statuses should add up to the total.
    statuses_complete: bool = False
    notes: list[Evidence] = Field(default_factory=list)

    @model_validator(mode="after")
    def _counts_within_planned(self) -> Axis:
        for group in self.combined_statuses:
            twice = sorted(set(group.statuses) & set(self.statuses))
            if twice:
                raise ValueError(
                    _("status {status} is given both alone and in combined_statuses").format(status=repr(twice[0]))
                )
        if self.planned is None:
            return self
        limit = self.planned.value
        if self.planned_projects is not None:
            limit = max(limit, self.planned_projects.value)
        figures = [(f"statuses.{status}", figure.count) for status, figure in self.statuses.items()]
        figures += [(f"combined_statuses.{i}", group.count) for i, group in enumerate(self.combined_statuses)]
        figures += [(f"other_statuses.{i}", other.count) for i, other in enumerate(self.other_statuses)]
        for where, count in figures:
            if count is not None and count > limit:
                raise ValueError(
                    _("{field}.count ({count}) exceeds planned ({planned})").format(
                        field=where, count=count, planned=self.planned.value
                    )
                )
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
    # What the values are (counts, amounts, shares); unset, they are numbers of ``unit``.
    measure: Measure | None = None
    # The attainment as the source states it ("10 % of the objective"), to set beside the computed one.
    stated_attainment: ShareFact | None = None

    @model_validator(mode="after")
    def _shares_are_fractions(self) -> Target:
        if self.measure == "share":
            for name in ("baseline", "target", "actual"):
                fact = getattr(self, name)
                if fact is not None and not 0 <= fact.value <= 1:
                    raise ValueError(
                        _("{field}: a share is a fraction from 0 to 1, got {value}").format(
                            field=name, value=fact.value
                        )
                    )
        return self


class OtherName(Strict):
    """Another spelling or name a source gives (the paper's "Nafida" is also "Nafid@")."""

    name: ShortText
    source: Citation
    note: ShortText | None = None


class Outcome(Strict):
    """What a source says became of a programme, in its words, and the statuses those words name (none: no status)."""

    wording: ShortText
    statuses: list[Status] = Field(default_factory=list)
    source: Citation
    note: ShortText | None = None


class Programme(Strict):
    """A programme, plan, project or action a source names, what became of it and the targets that measure it."""

    id: Slug
    name: ShortText
    other_names: list[OtherName] = Field(default_factory=list)
    kind: Literal["programme", "plan", "project", "action"] = "project"
    axis: Slug | None = None
    description: ShortText | None = None
    outcomes: list[Outcome] = Field(default_factory=list)
    # Ids of the targets that measure it.
    targets: list[Slug] = Field(default_factory=list)
    source: Citation
    note: ShortText | None = None


class StatedFigure(Strict):
    """A figure a source gives that is neither a target nor a count by status (the IT sector's share of GDP)."""

    id: Slug
    name: ShortText
    axis: Slug | None = None
    programme: Slug | None = None
    measure: Measure = "count"
    # What is counted ("pupils"), the currency and scale of an amount ("billion MAD"), the whole of a share.
    unit: ShortText | None = None
    value: NumberFact
    year: Year | None = None

    @model_validator(mode="after")
    def _share_is_a_fraction(self) -> StatedFigure:
        if self.measure == "share" and not 0 <= self.value.value <= 1:
            raise ValueError(
                _("{field}: a share is a fraction from 0 to 1, got {value}").format(
                    field="value", value=self.value.value
                )
            )
        return self


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
    # The programmes and projects the sources name, and the other figures they give.
    programmes: list[Programme] = Field(default_factory=list)
    figures: list[StatedFigure] = Field(default_factory=list)
    findings: list[Finding] = Field(default_factory=list)
    notes: list[Evidence] = Field(default_factory=list)

    @model_validator(mode="after")
    def _references_resolve(self) -> Strategy:
        axis_ids = [axis.id for axis in self.axes]
        if len(set(axis_ids)) != len(axis_ids):
            raise ValueError(_("axis ids must be unique"))
        for target in self.targets:
            if target.axis is not None and target.axis not in axis_ids:
                raise ValueError(
                    _("target {target} names unknown axis {axis}").format(
                        target=repr(target.id), axis=repr(target.axis)
                    )
                )
        for share in self.budget.shares:
            for axis in share.axes:
                if axis not in axis_ids:
                    raise ValueError(_("budget share names unknown axis {axis}").format(axis=repr(axis)))
        if len(set(ids := [p.id for p in self.programmes])) != len(ids):
            raise ValueError(_("programme ids must be unique"))
        if len(set(ids := [f.id for f in self.figures])) != len(ids):
            raise ValueError(_("figure ids must be unique"))
        target_ids = {t.id for t in self.targets}
        programme_ids = {p.id for p in self.programmes}
        for programme in self.programmes:
            if programme.axis is not None and programme.axis not in axis_ids:
                raise ValueError(
                    _("programme {programme} names unknown axis {axis}").format(
                        programme=repr(programme.id), axis=repr(programme.axis)
                    )
                )
            for measured in programme.targets:
                if measured not in target_ids:
                    raise ValueError(
                        _("programme {programme} names unknown target {target}").format(
                            programme=repr(programme.id), target=repr(measured)
                        )
                    )
        for figure in self.figures:
            if figure.axis is not None and figure.axis not in axis_ids:
                raise ValueError(
                    _("figure {figure} names unknown axis {axis}").format(
                        figure=repr(figure.id), axis=repr(figure.axis)
                    )
                )
            if figure.programme is not None and figure.programme not in programme_ids:
                raise ValueError(
                    _("figure {figure} names unknown programme {programme}").format(
                        figure=repr(figure.id), programme=repr(figure.programme)
                    )
                )
        return self
