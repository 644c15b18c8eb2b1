"""Pydantic models of every document kind: the one source of clusterkit's schema.

A document is one YAML file with ``kind``, ``schema_version`` and ``id`` first. Facts carry the
citation they rest on (``source``: a reference key, optionally followed by a section or table,
e.g. ``el-idrissi-2020 §3.1``); facts the sources disagree on keep every value in
``alternatives``.
"""

from __future__ import annotations

import datetime
import itertools
import re
import typing
from collections.abc import Sequence
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    StringConstraints,
    Tag,
    field_validator,
    model_validator,
)

from clusterkit.citations import citation_key as citation_key  # re-exported: documents name their citations

SCHEMA_VERSION = 1

# An id: lowercase letters, digits, '-' and '_', starting with a letter or digit, at most 64.
SLUG_PATTERN = r"^[a-z0-9][a-z0-9_-]{0,63}$"
# A citation: a reference key, then optionally a locator ("§3.1", "Table 1").
CITATION_PATTERN = r"^[a-z0-9][a-z0-9._-]*( .+)?$"
SLUG_RE = re.compile(SLUG_PATTERN)
Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN)]
Citation = Annotated[str, StringConstraints(pattern=CITATION_PATTERN, max_length=300)]
Text = Annotated[str, StringConstraints(min_length=1, max_length=20_000)]
ShortText = Annotated[str, StringConstraints(min_length=1, max_length=500)]
Share = Annotated[float, Field(ge=0.0, le=1.0)]
# NOTE: bounded so that a count always converts to a float (a YAML integer may have 400 digits).
Count = Annotated[int, Field(ge=0, le=10**12)]
Level = Annotated[int, Field(ge=0, le=4)]
# Amounts and figures are bounded so that every ratio and rounding stays a finite float.
MAX_FIGURE = 1e15
Figure = Annotated[float, Field(ge=-MAX_FIGURE, le=MAX_FIGURE)]
Amount = Annotated[float, Field(ge=0, le=MAX_FIGURE)]
Year = Annotated[int, Field(ge=1800, le=2100)]
# ISO 3166-1 alpha-2.
CountryCode = Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]

# Weights are relative; bounding them keeps every weighted mean clear of float overflow and underflow.
MIN_WEIGHT = 0.001
MAX_WEIGHT = 1000.0

Qualifier = Literal["exact", "about", "more_than", "at_least", "almost", "less_than"]


class Strict(BaseModel):
    """Base of every model: unknown fields are errors, values are not coerced across types, numbers are finite."""

    # NOTE: defer_build: a validator is built on first use, so a command pays only for what it reads.
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, allow_inf_nan=False, defer_build=True)


class Alternative(Strict):
    """Another value a source gives for the same fact."""

    value: Any
    qualifier: Qualifier = "exact"
    source: Citation
    note: ShortText | None = None


class Fact(Strict):
    """A value with the citation it rests on; ``alternatives`` keep what other sources say.

    The typed subclasses below (``CountFact``, ``ShareFact``...) narrow ``value``.
    """

    value: Any
    qualifier: Qualifier = "exact"
    source: Citation
    note: ShortText | None = None
    alternatives: Sequence[Alternative] = Field(default_factory=list)

    def citations(self) -> list[str]:
        return [self.source, *(alt.source for alt in self.alternatives)]


class Money(Strict):
    """An amount of money in a currency, for a year when the source gives one."""

    amount: Amount
    currency: Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]
    year: Year | None = None


class Item(Strict):
    """A named thing (a network, pole, commitment, supporter...) with its source."""

    name: ShortText
    description: Text | None = None
    since: Year | None = None
    source: Citation


class Label(Strict):
    """A cluster-management quality label (ESCA/ECEI Bronze, Silver, Gold...)."""

    name: ShortText
    level: Literal["bronze", "silver", "gold", "other"]
    year: Annotated[int, Field(ge=1990, le=2100)] | None = None
    source: Citation
    note: ShortText | None = None


class Location(Strict):
    """Where a cluster is: country (ISO 3166-1 alpha-2), city and region, and a point to map."""

    country: CountryCode
    city: ShortText | None = None
    region: ShortText | None = None
    latitude: Annotated[float, Field(ge=-90, le=90)] | None = None
    longitude: Annotated[float, Field(ge=-180, le=180)] | None = None
    precision: Literal["city", "region", "country"] = "city"
    source: Citation
    coordinates_source: Citation | None = None

    @model_validator(mode="after")
    def _both_coordinates(self) -> Location:
        if (self.latitude is None) != (self.longitude is None):
            raise ValueError("latitude and longitude must be given together")
        return self


MemberType = Literal[
    "companies",
    "smes",
    "large_companies",
    "universities",
    "research_centres",
    "training_institutions",
    "public_bodies",
    "financial_institutions",
    "associations",
]
MEMBER_TYPES: tuple[str, ...] = typing.get_args(MemberType)


# --- typed facts: one class per kind of value, so schemas and errors name what is expected ---


# NOTE: written out, not built from a generic base: a parametrised pydantic generic costs a class
# per parameter at import, and every command imports these.
class CountAlternative(Alternative):
    """What another source says: a count (0 or more)."""

    value: Count


class CountFact(Fact):
    """A cited fact whose value is a count (0 or more)."""

    value: Count
    alternatives: list[CountAlternative] = Field(default_factory=list)


class YearAlternative(Alternative):
    """What another source says: a year."""

    value: Year


class YearFact(Fact):
    """A cited fact whose value is a year."""

    value: Year
    alternatives: list[YearAlternative] = Field(default_factory=list)


class NumberAlternative(Alternative):
    """What another source says: a number."""

    value: Figure


class NumberFact(Fact):
    """A cited fact whose value is a number."""

    value: Figure
    alternatives: list[NumberAlternative] = Field(default_factory=list)


class AmountAlternative(Alternative):
    """What another source says: a non-negative number."""

    value: Amount


class AmountFact(Fact):
    """A cited fact whose value is a non-negative number."""

    value: Amount
    alternatives: list[AmountAlternative] = Field(default_factory=list)


class ShareAlternative(Alternative):
    """What another source says: a fraction between 0 and 1."""

    value: Share


class ShareFact(Fact):
    """A cited fact whose value is a fraction between 0 and 1."""

    value: Share
    alternatives: list[ShareAlternative] = Field(default_factory=list)


class FlagAlternative(Alternative):
    """What another source says: true or false."""

    value: bool


class FlagFact(Fact):
    """A cited fact whose value is true or false."""

    value: bool
    alternatives: list[FlagAlternative] = Field(default_factory=list)


class NameAlternative(Alternative):
    """What another source says: a short text."""

    value: ShortText


class NameFact(Fact):
    """A cited fact whose value is a short text."""

    value: ShortText
    alternatives: list[NameAlternative] = Field(default_factory=list)


class TextAlternative(Alternative):
    """What another source says: a text."""

    value: Text


class TextFact(Fact):
    """A cited fact whose value is a text."""

    value: Text
    alternatives: list[TextAlternative] = Field(default_factory=list)


class NamesAlternative(Alternative):
    """What another source says: a list of short texts."""

    value: list[ShortText]


class NamesFact(Fact):
    """A cited fact whose value is a list of short texts."""

    value: list[ShortText]
    alternatives: list[NamesAlternative] = Field(default_factory=list)


class MemberTypesAlternative(Alternative):
    """What another source says: a list of member types."""

    value: list[MemberType]


class MemberTypesFact(Fact):
    """A cited fact whose value is a list of member types."""

    value: list[MemberType]
    alternatives: list[MemberTypesAlternative] = Field(default_factory=list)


class MoneyAlternative(Alternative):
    """What another source says: an amount of money."""

    value: Money


class MoneyFact(Fact):
    """A cited fact whose value is an amount of money."""

    value: Money
    alternatives: list[MoneyAlternative] = Field(default_factory=list)


class Members(Strict):
    """Member counts by type where known; ``types`` lists the types a source says are present."""

    total: CountFact | None = None
    companies: CountFact | None = None
    smes: CountFact | None = None
    large_companies: CountFact | None = None
    universities: CountFact | None = None
    research_centres: CountFact | None = None
    universities_and_research_centres: CountFact | None = None
    training_institutions: CountFact | None = None
    public_bodies: CountFact | None = None
    financial_institutions: CountFact | None = None
    associations: CountFact | None = None
    types: MemberTypesFact | None = None


class Economy(Strict):
    """Economic weight of the cluster's members."""

    turnover: MoneyFact | None = None
    employees: CountFact | None = None
    exporting_members_share: ShareFact | None = None
    countries_reached: CountFact | None = None
    national_production_share: ShareFact | None = None


class Management(Strict):
    """The cluster organisation's management team."""

    staff_fte: AmountFact | None = None
    english_website: FlagFact | None = None
    website: NameFact | None = None


class Review(Strict):
    """A topic of a strategic review: what was observed and what was asked next."""

    topic: ShortText
    findings: Text
    questions: Text | None = None
    period: ShortText | None = None
    source: Citation


class Evidence(Strict):
    """A short quote or paraphrase and the citation it comes from."""

    text: Text
    source: Citation


class AssessedLevel(Strict):
    """A judged level (0-4) of one indicator and the evidence it rests on."""

    level: Level
    evidence: Annotated[list[Evidence], Field(min_length=1)]


class PlannedLevel(Strict):
    """A level (0-4) a target plans for one indicator; a plan may say what it rests on, or not."""

    level: Level
    evidence: list[Evidence] = Field(default_factory=list)


def _target_level_form(value: Any) -> str | None:
    if isinstance(value, int) and not isinstance(value, bool):  # NOTE: `true` is an int in Python, no level
        return "level[plain]"
    return "level[mapping]" if isinstance(value, dict | PlannedLevel) else None


# A target's level: a plain 0-4, or {level, evidence} with evidence optional. NOTE: discriminated, so a wrong
# value gets one message, not one per form; error locations drop tags holding '[' (pydantic's union names).
TargetLevel = Annotated[
    Annotated[Level, Tag("level[plain]")] | Annotated[PlannedLevel, Tag("level[mapping]")],
    Discriminator(
        _target_level_form,
        custom_error_type="target_level",
        custom_error_message="a target level is a number 0-4, or a mapping with level and optional evidence",
    ),
]


class Dated(Strict):
    """What an assessment and a target share: the framework, a date and who judged."""

    framework: Slug = "default"
    date: Annotated[str, StringConstraints(pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$")] | None = None
    assessor: ShortText | None = None

    @field_validator("date")
    @classmethod
    def _calendar_date(cls, value: str | None) -> str | None:
        # NOTE: the pattern's \d also matches other scripts' digits, and 2019-13-45 has the right shape.
        if value is None:
            return value
        parts = value.split("-")
        try:
            if not value.isascii():
                raise ValueError
            datetime.date(int(parts[0]), int(parts[1]) if len(parts) > 1 else 1, int(parts[2]) if len(parts) > 2 else 1)
        except ValueError:
            raise ValueError(f"{value!r} is not a date on the calendar: write YYYY, YYYY-MM or YYYY-MM-DD") from None
        return value


class Assessment(Dated):
    """Levels of a framework's assessed indicators as judged on a date, each with its evidence."""

    levels: dict[Slug, AssessedLevel] = Field(default_factory=dict)

    def level_of(self, indicator_id: str) -> AssessedLevel | None:
        """The level judged for an indicator, with its evidence; None when not assessed."""
        return self.levels.get(indicator_id)


class Plan(Dated):
    """A cluster's target: the levels it plans, each a plain 0-4 or a level with optional evidence."""

    levels: dict[Slug, TargetLevel] = Field(default_factory=dict)

    def level_of(self, indicator_id: str) -> PlannedLevel | None:
        """The level planned for an indicator (a plain level has no evidence); None when not planned."""
        value = self.levels.get(indicator_id)
        return PlannedLevel(level=value) if isinstance(value, int) else value


class DocumentBase(Strict):
    """The three keys every document starts with."""

    schema_version: Literal[1]
    id: Slug

    @field_validator("schema_version", mode="before")
    @classmethod
    def _not_a_boolean(cls, value: Any) -> Any:
        # NOTE: True == 1 in Python, so a literal 1 would accept `schema_version: true`.
        if isinstance(value, bool):
            raise ValueError(f"schema_version must be the number 1, got {value!r}")
        return value


class Cluster(DocumentBase):
    """A cluster organisation: identity, facts with citations, and its assessments."""

    kind: Literal["cluster"]
    name: ShortText
    acronym: ShortText | None = None
    location: Location
    founded: YearFact | None = None
    sectors: NamesFact | None = None
    status: NameFact | None = None
    financing: TextFact | None = None
    description: TextFact | None = None
    members: Members = Field(default_factory=Members)
    economy: Economy = Field(default_factory=Economy)
    management: Management = Field(default_factory=Management)
    labels: list[Label] = Field(default_factory=list)
    networks: list[Item] = Field(default_factory=list)
    partnerships: list[Item] = Field(default_factory=list)
    supporters: list[Item] = Field(default_factory=list)
    specialisations: list[Item] = Field(default_factory=list)
    thematic_poles: list[Item] = Field(default_factory=list)
    work_axes: list[Item] = Field(default_factory=list)
    commitments: list[Item] = Field(default_factory=list)
    milestones: list[Item] = Field(default_factory=list)
    reviews: list[Review] = Field(default_factory=list)
    assessments: list[Assessment] = Field(default_factory=list)
    target: Plan | None = None
    notes: list[Evidence] = Field(default_factory=list)

    @field_validator("assessments")
    @classmethod
    def _one_assessment_per_date(cls, assessments: list[Assessment]) -> list[Assessment]:
        # NOTE: `ID@DATE` picks an assessment by framework and date, so two alike could not be told apart.
        seen: set[tuple[str, str | None]] = set()
        for assessment in assessments:
            key = (assessment.framework, assessment.date)
            if key in seen:
                when = f"dated {assessment.date!r}" if assessment.date else "undated"
                raise ValueError(
                    f"two assessments against framework {assessment.framework!r} are {when}; give each its own date"
                )
            seen.add(key)
        return assessments


class Reference(Strict):
    """One bibliography entry that citations point to by key."""

    key: Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9._-]*$")]
    title: Text
    author: ShortText | None = None
    year: Year | None = None
    publisher: ShortText | None = None
    url: ShortText | None = None
    doi: ShortText | None = None
    accessed: ShortText | None = None
    note: Text | None = None


class References(DocumentBase):
    """The bibliography: every citation key used by any document must be defined here."""

    kind: Literal["references"]
    references: list[Reference]

    @field_validator("references")
    @classmethod
    def _unique_keys(cls, refs: list[Reference]) -> list[Reference]:
        seen: set[str] = set()
        for ref in refs:
            if ref.key in seen:
                raise ValueError(f"reference key {ref.key!r} is defined twice")
            seen.add(ref.key)
        return refs


# --- strategies ---------------------------------------------------------------------------

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


# --- frameworks and practices ---------------------------------------------------------------


class Dimension(Strict):
    """One of a framework's dimensions; ``weight`` is its share in the overall score."""

    id: Slug
    name: ShortText
    weight: Annotated[float, Field(ge=MIN_WEIGHT, le=MAX_WEIGHT)] = 1.0
    description: Text | None = None


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
            raise ValueError("thresholds must be in ascending order")
        return thresholds


class Indicator(Strict):
    """One indicator: what it measures, its 0-4 rubric, and a rule or ``assessed``."""

    id: Slug
    name: ShortText
    dimension: Slug
    # 0 switches an indicator off; otherwise weights are relative, within [0.001, 1000].
    weight: Annotated[float, Field(ge=0, le=MAX_WEIGHT)] = 1.0
    measures: Text
    esca_area: ShortText
    levels: Annotated[list[ShortText], Field(min_length=5, max_length=5)]
    rule: Rule | None = None

    @field_validator("weight")
    @classmethod
    def _off_or_in_range(cls, weight: float) -> float:
        if 0 < weight < MIN_WEIGHT:
            raise ValueError(f"a weight is 0 (indicator off) or at least {MIN_WEIGHT}")
        return weight

    @property
    def assessed(self) -> bool:
        return self.rule is None


class Framework(DocumentBase):
    """An assessment framework: dimensions and indicators with weights and rubrics."""

    kind: Literal["framework"]
    name: ShortText
    description: Text | None = None
    source: Citation | None = None
    dimensions: Annotated[list[Dimension], Field(min_length=1)]
    indicators: Annotated[list[Indicator], Field(min_length=1)]

    @model_validator(mode="after")
    def _consistent(self) -> Framework:
        dim_ids = [d.id for d in self.dimensions]
        if len(set(dim_ids)) != len(dim_ids):
            raise ValueError("dimension ids must be unique")
        ind_ids = [i.id for i in self.indicators]
        dupes = sorted({i for i in ind_ids if ind_ids.count(i) > 1})
        if dupes:
            raise ValueError(f"indicator ids must be unique: {', '.join(dupes)}")
        for ind in self.indicators:
            if ind.dimension not in dim_ids:
                raise ValueError(f"indicator {ind.id!r} names unknown dimension {ind.dimension!r}")
        for dim in self.dimensions:
            if sum(i.weight for i in self.indicators if i.dimension == dim.id) <= 0:
                raise ValueError(f"dimension {dim.id!r} has no indicator with a positive weight")
        return self

    def indicator(self, indicator_id: str) -> Indicator:
        for ind in self.indicators:
            if ind.id == indicator_id:
                return ind
        raise KeyError(indicator_id)


class Practice(Strict):
    """A practice a subject can take from a benchmark, and the indicators it moves."""

    id: Slug
    title: ShortText
    summary: Text
    addresses: Annotated[list[Slug], Field(min_length=1)]
    steps: Annotated[list[ShortText], Field(min_length=1)]
    sources: Annotated[list[Citation], Field(min_length=1)]


class Practices(DocumentBase):
    """A set of practices; ``benchmark`` names the cluster they come from (none: any benchmark)."""

    kind: Literal["practices"]
    title: ShortText
    benchmark: Slug | None = None
    subject: Slug | None = None
    framework: Slug = "default"
    practices: Annotated[list[Practice], Field(min_length=1)]


Document = Cluster | Strategy | References | Framework | Practices

KINDS: dict[str, type[DocumentBase]] = {
    "cluster": Cluster,
    "strategy": Strategy,
    "references": References,
    "framework": Framework,
    "practices": Practices,
}
