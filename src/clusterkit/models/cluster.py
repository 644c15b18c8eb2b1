"""Cluster profiles and the bibliography."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Discriminator, Field, StringConstraints, Tag, field_validator

from clusterkit.i18n import _
from clusterkit.models.base import (
    Citation,
    Dated,
    DocumentBase,
    Evidence,
    Item,
    Label,
    Level,
    Location,
    ShortText,
    Slug,
    Strict,
    Text,
    Year,
)
from clusterkit.models.facts import (
    AmountFact,
    CountFact,
    FlagFact,
    MemberTypesFact,
    MoneyFact,
    NameFact,
    NamesFact,
    ShareFact,
    TextFact,
    YearFact,
)


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


class AssessedLevel(Strict):
    """A judged level (0-4) of one indicator, the evidence it rests on, and how directly it shows the level.

    ``direct``: the sources describe this cluster doing it. ``indirect``: the level is inferred, from a label,
    from evidence about a national strategy, or from a stated aim the sources report no achievement of.
    """

    level: Level
    evidence: Annotated[list[Evidence], Field(min_length=1)]
    basis: Literal["direct", "indirect"] = "direct"


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
                if assessment.date:
                    msg = _("two assessments against framework {framework} are dated {date}; give each its own date")
                else:
                    msg = _("two assessments against framework {framework} are undated; give each its own date")
                raise ValueError(msg.format(framework=repr(assessment.framework), date=repr(assessment.date)))
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
                raise ValueError(_("reference key {key} is defined twice").format(key=repr(ref.key)))
            seen.add(ref.key)
        return refs
