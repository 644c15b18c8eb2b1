"""Typed facts: one class per kind of value, so schemas and errors name what is expected."""

from __future__ import annotations

from pydantic import Field

from clusterkit.models.base import (
    Alternative,
    Amount,
    Count,
    Fact,
    Figure,
    MemberType,
    Money,
    Share,
    ShortText,
    Text,
    Year,
)


# NOTE: written out, not built from a generic base: a parametrised pydantic generic costs a class
# per parameter at import, and every command imports these.
class CountAlternative(Alternative):
    """What another source says: a count (0 or more)."""

    value: Count


class CountFact(Fact):
    """A cited fact whose value is a count (0 or more)."""

    value: Count
    alternatives: list[CountAlternative] = Field(default_factory=list)
    history: list[CountAlternative] = Field(default_factory=list)


class YearAlternative(Alternative):
    """What another source says: a year."""

    value: Year


class YearFact(Fact):
    """A cited fact whose value is a year."""

    value: Year
    alternatives: list[YearAlternative] = Field(default_factory=list)
    history: list[YearAlternative] = Field(default_factory=list)


class NumberAlternative(Alternative):
    """What another source says: a number."""

    value: Figure


class NumberFact(Fact):
    """A cited fact whose value is a number."""

    value: Figure
    alternatives: list[NumberAlternative] = Field(default_factory=list)
    history: list[NumberAlternative] = Field(default_factory=list)


class AmountAlternative(Alternative):
    """What another source says: a non-negative number."""

    value: Amount


class AmountFact(Fact):
    """A cited fact whose value is a non-negative number."""

    value: Amount
    alternatives: list[AmountAlternative] = Field(default_factory=list)
    history: list[AmountAlternative] = Field(default_factory=list)


class ShareAlternative(Alternative):
    """What another source says: a fraction between 0 and 1."""

    value: Share


class ShareFact(Fact):
    """A cited fact whose value is a fraction between 0 and 1."""

    value: Share
    alternatives: list[ShareAlternative] = Field(default_factory=list)
    history: list[ShareAlternative] = Field(default_factory=list)


class FlagAlternative(Alternative):
    """What another source says: true or false."""

    value: bool


class FlagFact(Fact):
    """A cited fact whose value is true or false."""

    value: bool
    alternatives: list[FlagAlternative] = Field(default_factory=list)
    history: list[FlagAlternative] = Field(default_factory=list)


class NameAlternative(Alternative):
    """What another source says: a short text."""

    value: ShortText


class NameFact(Fact):
    """A cited fact whose value is a short text."""

    value: ShortText
    alternatives: list[NameAlternative] = Field(default_factory=list)
    history: list[NameAlternative] = Field(default_factory=list)


class TextAlternative(Alternative):
    """What another source says: a text."""

    value: Text


class TextFact(Fact):
    """A cited fact whose value is a text."""

    value: Text
    alternatives: list[TextAlternative] = Field(default_factory=list)
    history: list[TextAlternative] = Field(default_factory=list)


class NamesAlternative(Alternative):
    """What another source says: a list of short texts."""

    value: list[ShortText]


class NamesFact(Fact):
    """A cited fact whose value is a list of short texts."""

    value: list[ShortText]
    alternatives: list[NamesAlternative] = Field(default_factory=list)
    history: list[NamesAlternative] = Field(default_factory=list)


class MemberTypesAlternative(Alternative):
    """What another source says: a list of member types."""

    value: list[MemberType]


class MemberTypesFact(Fact):
    """A cited fact whose value is a list of member types."""

    value: list[MemberType]
    alternatives: list[MemberTypesAlternative] = Field(default_factory=list)
    history: list[MemberTypesAlternative] = Field(default_factory=list)


class MoneyAlternative(Alternative):
    """What another source says: an amount of money."""

    value: Money


class MoneyFact(Fact):
    """A cited fact whose value is an amount of money."""

    value: Money
    alternatives: list[MoneyAlternative] = Field(default_factory=list)
    history: list[MoneyAlternative] = Field(default_factory=list)
