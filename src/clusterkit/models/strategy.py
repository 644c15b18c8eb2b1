"""Strategies whose implementation can be audited.

Their texts in our words or the sources' paraphrase (names of axes, targets, programmes and figures,
units, descriptions, notes, findings) may be written in several languages
(:data:`~clusterkit.models.base.LocalizedText`); a ``wording`` (a status in the source's words),
another name a source uses, ids, citations, dates and numbers are not.
"""

from __future__ import annotations

import typing
from typing import Annotated, Literal

from pydantic import Field, model_validator

from clusterkit.i18n import _
from clusterkit.models.base import (
    Alternative,
    Citation,
    Count,
    CountryCode,
    DocumentBase,
    Evidence,
    Fact,
    Figure,
    Item,
    LocalizedShortText,
    LocalizedText,
    Money,
    Qualifier,
    Share,
    ShortText,
    Slug,
    Strict,
    Year,
)

Status = Literal["achieved", "in_progress", "late", "not_started", "cancelled", "blocked"]
STATUSES: tuple[str, ...] = typing.get_args(Status)
# What a target's or a stated figure's values are: counts of the unit, amounts of money (the unit
# names the currency and scale: "billion MAD"), or shares (fractions of the whole the unit names).
Measure = Literal["count", "amount", "share"]


# NOTE: a strategy's facts are those of models/facts.py with a note that may be given in several
# languages (a cluster profile's notes stay as its sources give them); a text fact's value may be too.
class StrategyCountAlternative(Alternative):
    """What another source says: a count (0 or more)."""

    value: Count
    note: LocalizedShortText | None = None


class StrategyCountFact(Fact):
    """A cited count; its note may be given in several languages."""

    value: Count
    note: LocalizedShortText | None = None
    alternatives: list[StrategyCountAlternative] = Field(default_factory=list)
    history: list[StrategyCountAlternative] = Field(default_factory=list)


class StrategyYearAlternative(Alternative):
    """What another source says: a year."""

    value: Year
    note: LocalizedShortText | None = None


class StrategyYearFact(Fact):
    """A cited year; its note may be given in several languages."""

    value: Year
    note: LocalizedShortText | None = None
    alternatives: list[StrategyYearAlternative] = Field(default_factory=list)
    history: list[StrategyYearAlternative] = Field(default_factory=list)


class StrategyNumberAlternative(Alternative):
    """What another source says: a number."""

    value: Figure
    note: LocalizedShortText | None = None


class StrategyNumberFact(Fact):
    """A cited number; its note may be given in several languages."""

    value: Figure
    note: LocalizedShortText | None = None
    alternatives: list[StrategyNumberAlternative] = Field(default_factory=list)
    history: list[StrategyNumberAlternative] = Field(default_factory=list)


class StrategyShareAlternative(Alternative):
    """What another source says: a fraction between 0 and 1."""

    value: Share
    note: LocalizedShortText | None = None


class StrategyShareFact(Fact):
    """A cited share; its note may be given in several languages."""

    value: Share
    note: LocalizedShortText | None = None
    alternatives: list[StrategyShareAlternative] = Field(default_factory=list)
    history: list[StrategyShareAlternative] = Field(default_factory=list)


class StrategyNameAlternative(Alternative):
    """What another source says: a short text (a period, as the source writes it)."""

    value: ShortText
    note: LocalizedShortText | None = None


class StrategyNameFact(Fact):
    """A cited short text (a period, as the source writes it); its note may be given in several languages."""

    value: ShortText
    note: LocalizedShortText | None = None
    alternatives: list[StrategyNameAlternative] = Field(default_factory=list)
    history: list[StrategyNameAlternative] = Field(default_factory=list)


class StrategyMoneyAlternative(Alternative):
    """What another source says: an amount of money."""

    value: Money
    note: LocalizedShortText | None = None


class StrategyMoneyFact(Fact):
    """A cited amount of money; its note may be given in several languages."""

    value: Money
    note: LocalizedShortText | None = None
    alternatives: list[StrategyMoneyAlternative] = Field(default_factory=list)
    history: list[StrategyMoneyAlternative] = Field(default_factory=list)


class StrategyTextAlternative(Alternative):
    """What another source says: a text, in one language or several."""

    value: LocalizedText
    note: LocalizedShortText | None = None


class StrategyTextFact(Fact):
    """A cited text (our paraphrase of the source) whose value and note may be given in several languages."""

    value: LocalizedText
    note: LocalizedShortText | None = None
    alternatives: list[StrategyTextAlternative] = Field(default_factory=list)
    history: list[StrategyTextAlternative] = Field(default_factory=list)


class StrategyEvidence(Evidence):
    """A short quote or paraphrase, in one language or several, and the citation it comes from."""

    text: LocalizedText


class StrategyItem(Item):
    """A named thing (a priority, an evaluation) in one language or several, with its source."""

    name: LocalizedShortText
    description: LocalizedText | None = None


class StatusFigure(Strict):
    """How many actions are in one status, as the source gives it: a count, a share, or both."""

    count: Count | None = None
    share: Share | None = None
    qualifier: Qualifier = "exact"
    source: Citation
    note: LocalizedShortText | None = None
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
    note: LocalizedShortText | None = None
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
    note: LocalizedShortText | None = None

    @model_validator(mode="after")
    def _count_or_share(self) -> WordedStatus:
        if self.count is None and self.share is None:
            raise ValueError(_("give a count, a share, or both"))
        return self


class Axis(Strict):
    """An axis or accompanying measure of a strategy and the progress of its actions."""

    id: Slug
    name: LocalizedShortText
    kind: Literal["axis", "measure"] = "axis"
    unit: LocalizedShortText = "actions"
    planned: StrategyCountFact | None = None
    planned_projects: StrategyCountFact | None = None
    statuses: dict[Status, StatusFigure] = Field(default_factory=dict)
    # Statuses the source reports only together ("cancelled or never started").
    combined_statuses: list[CombinedStatus] = Field(default_factory=list)
    # Figures the source words as no status names them ("was not achieved"): kept in its words.
    other_statuses: list[WordedStatus] = Field(default_factory=list)
    budget_share: StrategyShareFact | None = None
    # The source accounts for every planned action: the statuses should add up to the total.
    statuses_complete: bool = False
    notes: list[StrategyEvidence] = Field(default_factory=list)

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
    name: LocalizedShortText
    axis: Slug | None = None
    unit: LocalizedShortText
    baseline: StrategyNumberFact | None = None
    baseline_year: int | None = None
    target: StrategyNumberFact | None = None
    target_year: int | None = None
    actual: StrategyNumberFact | None = None
    actual_year: int | None = None
    # Why no actual figure is known (the source says information is lacking).
    unknown_reason: StrategyEvidence | None = None
    # What the values are (counts, amounts, shares); unset, they are numbers of ``unit``.
    measure: Measure | None = None
    # The attainment as the source states it ("10 % of the objective"), to set beside the computed one.
    stated_attainment: StrategyShareFact | None = None

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
    note: LocalizedShortText | None = None


class Outcome(Strict):
    """What a source says became of a programme, in its words, and the statuses those words name (none: no status)."""

    wording: ShortText
    statuses: list[Status] = Field(default_factory=list)
    source: Citation
    note: LocalizedShortText | None = None


class Programme(Strict):
    """A programme, plan, project or action a source names, what became of it and the targets that measure it."""

    id: Slug
    name: LocalizedShortText
    other_names: list[OtherName] = Field(default_factory=list)
    kind: Literal["programme", "plan", "project", "action"] = "project"
    axis: Slug | None = None
    description: LocalizedShortText | None = None
    outcomes: list[Outcome] = Field(default_factory=list)
    # Ids of the targets that measure it.
    targets: list[Slug] = Field(default_factory=list)
    source: Citation
    note: LocalizedShortText | None = None


class StatedFigure(Strict):
    """A figure a source gives that is neither a target nor a count by status (the IT sector's share of GDP)."""

    id: Slug
    name: LocalizedShortText
    axis: Slug | None = None
    programme: Slug | None = None
    measure: Measure = "count"
    # What is counted ("pupils"), the currency and scale of an amount ("billion MAD"), the whole of a share.
    unit: LocalizedShortText | None = None
    value: StrategyNumberFact
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

    total: StrategyMoneyFact | None = None
    shares: list[BudgetShare] = Field(default_factory=list)


class Finding(Strict):
    """A finding of an evaluation, with its severity."""

    id: Slug
    severity: Literal["low", "medium", "high", "critical"]
    text: LocalizedText
    source: Citation


class Strategy(DocumentBase):
    """A national or regional strategy whose implementation can be audited."""

    kind: Literal["strategy"]
    name: LocalizedShortText
    country: CountryCode
    adopted: StrategyYearFact | None = None
    period: StrategyNameFact | None = None
    evaluation: StrategyItem | None = None
    description: StrategyTextFact | None = None
    priorities: list[StrategyItem] = Field(default_factory=list)
    # Actions planned over all axes and measures, where a source gives the total.
    planned: StrategyCountFact | None = None
    budget: Budget = Field(default_factory=Budget)
    axes: list[Axis]
    targets: list[Target] = Field(default_factory=list)
    # The programmes and projects the sources name, and the other figures they give.
    programmes: list[Programme] = Field(default_factory=list)
    figures: list[StatedFigure] = Field(default_factory=list)
    findings: list[Finding] = Field(default_factory=list)
    notes: list[StrategyEvidence] = Field(default_factory=list)

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
