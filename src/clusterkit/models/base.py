"""Base of every document model: the value types, facts with citations, evidence, dates and the three first keys."""

from __future__ import annotations

import datetime
import typing
from collections.abc import Sequence
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    GetCoreSchemaHandler,
    GetJsonSchemaHandler,
    StringConstraints,
    field_validator,
    model_validator,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import PydanticKnownError, core_schema

from clusterkit.citations import citation_key as citation_key  # re-exported: documents name their citations
from clusterkit.errors import short_repr
from clusterkit.i18n import LANGUAGES, SOURCE_LANGUAGE, LocalText, _
from clusterkit.ids import SLUG_PATTERN as SLUG_PATTERN  # re-exported: models name the form of an id
from clusterkit.ids import SLUG_RE as SLUG_RE

SCHEMA_VERSION = 1

# A citation: a reference key, then optionally a locator ("§3.1", "Table 1").
CITATION_PATTERN = r"^[a-z0-9][a-z0-9._-]*( .+)?$"
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


def _calendar_date(value: str) -> str:
    # NOTE: the pattern's \d also matches other scripts' digits, and 2019-13-45 has the right shape.
    parts = value.split("-")
    try:
        if not value.isascii():
            raise ValueError
        datetime.date(int(parts[0]), int(parts[1]) if len(parts) > 1 else 1, int(parts[2]) if len(parts) > 2 else 1)
    except ValueError:
        raise ValueError(
            _("{value} is not a date on the calendar: write YYYY, YYYY-MM or YYYY-MM-DD").format(value=repr(value))
        ) from None
    return value


class Localized:
    """Marks a text field that a document may write in several languages: a plain string (English) or a
    mapping of language to text (``{en: Activities, fr: Activités}``); it validates to a
    :class:`~clusterkit.i18n.LocalText`, whose ``str`` value is the English text.

    Each text is 1 to ``max_length`` characters; a language key must be one of :data:`clusterkit.i18n.LANGUAGES`.
    """

    def __init__(self, max_length: int) -> None:
        self.max_length = max_length

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        # NOTE: dumped (and so written as JSON or YAML) as the English text, the value every view shows.
        return core_schema.no_info_plain_validator_function(
            self.validate,
            serialization=core_schema.plain_serializer_function_ser_schema(str, return_schema=core_schema.str_schema()),
        )

    def __get_pydantic_json_schema__(
        self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        text = {"type": "string", "minLength": 1, "maxLength": self.max_length}
        return {
            "oneOf": [
                {**text, "description": "The text in English."},
                {
                    "type": "object",
                    "description": "The text in each language it is given in.",
                    "properties": {language: dict(text) for language in LANGUAGES},
                    "additionalProperties": False,
                    "minProperties": 1,
                },
            ]
        }

    def _text(self, value: Any, language: str | None = None) -> str:
        if not isinstance(value, str):
            if language is None:
                raise PydanticKnownError("string_type")
            raise ValueError(
                _("the {language} text must be a string, got {type} {value}").format(
                    language=repr(language), type=type(value).__name__, value=short_repr(value)
                )
            )
        if not value:
            if language is None:
                raise PydanticKnownError("string_too_short", {"min_length": 1})
            raise ValueError(
                _("the {language} text is empty: give the text, or leave the language out").format(
                    language=repr(language)
                )
            )
        if len(value) > self.max_length:
            if language is None:
                raise PydanticKnownError("string_too_long", {"max_length": self.max_length})
            raise ValueError(
                _("the {language} text should have at most {count} characters").format(
                    language=repr(language), count=self.max_length
                )
            )
        return value

    def validate(self, value: Any) -> LocalText:
        """A plain string (English) or a mapping of language to text, as a :class:`LocalText`."""
        if isinstance(value, LocalText):
            value = dict(value.translations)
        if not isinstance(value, dict):
            return LocalText({SOURCE_LANGUAGE: self._text(value)})
        allowed = ", ".join(LANGUAGES)
        if not value:
            raise ValueError(_("give the text in at least one language ({languages})").format(languages=allowed))
        unknown = [key for key in value if key not in LANGUAGES]
        if unknown:
            raise ValueError(
                _("unknown language {language}: a text's languages are {languages}").format(
                    language=short_repr(unknown[0]), languages=allowed
                )
            )
        return LocalText({language: self._text(text, language) for language, text in value.items()})


# Texts of the framework and the practices, in one language or several (see Localized).
LocalizedText = Annotated[str, Localized(20_000)]
LocalizedShortText = Annotated[str, Localized(500)]


# A date as precise as the source gives it: YYYY, YYYY-MM or YYYY-MM-DD.
CalendarDate = Annotated[str, StringConstraints(pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$"), AfterValidator(_calendar_date)]


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
    # When the value held (in ``history``: required).
    date: CalendarDate | None = None


class Fact(Strict):
    """A value with the citation it rests on; ``alternatives`` keep what other sources say.

    ``date`` says when the value held; ``history`` holds the values of other dates, each with its date
    and source, so that ``ID@DATE`` scores on the facts as they stood then. The typed subclasses
    (``CountFact``, ``ShareFact``...) narrow ``value``.
    """

    value: Any
    qualifier: Qualifier = "exact"
    source: Citation
    note: ShortText | None = None
    date: CalendarDate | None = None
    alternatives: Sequence[Alternative] = Field(default_factory=list)
    history: Sequence[Alternative] = Field(default_factory=list)

    @model_validator(mode="after")
    def _history_dated(self) -> Fact:
        if self.history and self.date is None:
            raise ValueError(_("a fact with a history needs its own date too"))
        seen = {self.date}
        for n, past in enumerate(self.history):
            if past.date is None:
                raise ValueError(_("history.{n}: give the date this value held").format(n=n))
            if past.date in seen:
                raise ValueError(_("history.{n}: two values are dated {date}").format(n=n, date=repr(past.date)))
            seen.add(past.date)
        return self

    def citations(self) -> list[str]:
        return [self.source, *(alt.source for alt in self.alternatives), *(past.source for past in self.history)]


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
            raise ValueError(_("latitude and longitude must be given together"))
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
    # NOTE: one category where a source names education and research operators together (MNC, §2.2),
    # so that a single category is not counted as two (universities, research_centres).
    "education_and_research",
]
MEMBER_TYPES: tuple[str, ...] = typing.get_args(MemberType)


class Evidence(Strict):
    """A short quote or paraphrase and the citation it comes from."""

    text: Text
    source: Citation


class Dated(Strict):
    """What an assessment and a target share: the framework, a date and who judged."""

    framework: Slug = "default"
    date: CalendarDate | None = None
    assessor: ShortText | None = None


class DocumentBase(Strict):
    """The three keys every document starts with."""

    schema_version: Literal[1]
    id: Slug

    @field_validator("schema_version", mode="before")
    @classmethod
    def _not_a_boolean(cls, value: Any) -> Any:
        # NOTE: True == 1 in Python, so a literal 1 would accept `schema_version: true`.
        if isinstance(value, bool):
            raise ValueError(_("schema_version must be the number 1, got {value}").format(value=repr(value)))
        return value
