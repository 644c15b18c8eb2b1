"""The one spelling of each quantity (src/clusterkit/text.py): every function, with its edges."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from clusterkit import text


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (0.275, "27.5 %"),
        (0.22, "22 %"),
        (0.2, "20 %"),
        (1.0, "100 %"),
        (0.0, "0 %"),
        (-0.0, "0 %"),
        (-0.0004, "0 %"),  # rounds to zero: never "-0 %"
        (0.79205, "79.2 %"),
        (0.12345, "12.3 %"),
        (0.9996, "100 %"),
        (12.5, "1,250 %"),
        (-0.125, "-12.5 %"),
        (None, "unknown"),
    ],
)
def test_share_has_at_most_one_decimal_and_a_space_before_the_sign(value: float | None, expected: str) -> None:
    assert text.share(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [(37.28, "37.3"), (100, "100.0"), (0, "0.0"), (-0.0, "0.0"), (-0.04, "0.0"), (-1.25, "-1.2"), (None, "unknown")],
)
def test_score_has_one_decimal(value: float | None, expected: str) -> None:
    assert text.score(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [(-12.5, "-12.5"), (1.24, "+1.2"), (0.0, "+0.0"), (-0.0, "+0.0"), (-0.04, "+0.0"), (None, "unknown")],
)
def test_gap_is_signed_with_one_decimal(value: float | None, expected: str) -> None:
    assert text.gap(value) == expected


@pytest.mark.parametrize(
    ("value", "signed", "expected"),
    [
        (-1.6667, True, "-1.67"),
        (0.833, True, "+0.83"),
        (0.0, True, "+0.00"),
        (-0.001, True, "+0.00"),
        (-10.004, True, "-10.00"),
        (1.6667, False, "1.67"),
        (-0.001, False, "0.00"),
        (-0.0, False, "0.00"),
        (None, True, "unknown"),
        (None, False, "unknown"),
    ],
)
def test_points_have_two_decimals_signed_or_not(value: float | None, signed: bool, expected: str) -> None:
    assert text.points(value, signed=signed) == expected


@pytest.mark.parametrize(("value", "expected"), [(0, "0"), (4, "4"), (None, "unknown")])
def test_level(value: int | None, expected: str) -> None:
    assert text.level(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (3000, "3,000"),
        (3000.0, "3,000"),
        (0.5, "0.5"),
        (37.25, "37.25"),
        (37.256, "37.26"),
        (1234567.891, "1,234,567.89"),
        (0.004, "0.004"),
        (-0.0, "0"),
        (-0.001, "-0.001"),
        (True, "yes"),
        (False, "no"),
        (None, "unknown"),
        ("n/a", "n/a"),
    ],
)
def test_number_separates_thousands_and_keeps_at_most_two_decimals(value: Any, expected: str) -> None:
    assert text.number(value) == expected


@pytest.mark.parametrize(
    ("amount", "currency", "year", "expected"),
    [
        (4.5e6, "EUR", None, "4.5 million EUR"),
        (2e9, "DH", None, "2 billion DH"),
        (750_000, "EUR", 2012, "750,000 EUR (2012)"),
        (5.194e9, "MAD", None, "5.19 billion MAD"),
        (1_234_567, "EUR", None, "1.23 million EUR"),
        (-2.5e6, "EUR", None, "-2.5 million EUR"),
        (1e6, "EUR", None, "1 million EUR"),
        (999_999.99, "EUR", None, "999,999.99 EUR"),
        # Rounding reaches the next unit: the next unit says it.
        (999_999.996, "EUR", None, "1 million EUR"),
        (999_999_999.5, "EUR", None, "1 billion EUR"),
        (999_994_999, "EUR", None, "999.99 million EUR"),
        # No unit above billion: the amount is spelled out, never "1.5e+06 billion".
        (1.5e15, "EUR", None, "1,500,000 billion EUR"),
        (1e15, "EUR", None, "1,000,000 billion EUR"),
        (0, "EUR", None, "0 EUR"),
        (-0.0, "EUR", None, "0 EUR"),
        (0.5, "EUR", None, "0.5 EUR"),
        (None, "EUR", 2012, "unknown"),
    ],
)
def test_money(amount: float | None, currency: str, year: int | None, expected: str) -> None:
    assert text.money(amount, currency, year) == expected


@pytest.mark.parametrize(
    ("qualifier", "expected"),
    [
        (None, "100"),
        ("exact", "100"),
        ("about", "about 100"),
        ("more_than", "more than 100"),
        ("at_least", "at least 100"),
        ("almost", "almost 100"),
        ("less_than", "less than 100"),
    ],
)
def test_qualified(qualifier: str | None, expected: str) -> None:
    assert text.qualified("100", qualifier) == expected


def test_every_qualifier_has_words() -> None:
    assert all(text.qualified("1", q) == words + "1" for q, words in text.QUALIFIER_WORDS.items())


@pytest.mark.parametrize(
    ("value", "qualifier", "year", "expected"),
    [
        (2, "almost", 2012, "almost 2 (2012)"),
        (3000.0, None, None, "3,000"),
        (0.5, "about", None, "about 0.5"),
        (-0.0, None, None, "0"),
        (None, "about", 2012, "unknown"),
    ],
)
def test_figure(value: float | None, qualifier: str | None, year: int | None, expected: str) -> None:
    assert text.figure(value, qualifier, year) == expected


@pytest.mark.parametrize(
    ("low", "high", "ranks", "expected"),
    [
        (12.34, 45.66, False, "12.3 - 45.7"),
        (-0.01, 0.0, False, "0.0 - 0.0"),
        (1.0, 3.0, True, "1 - 3"),
        (1.4, 2.6, True, "1 - 3"),
        (None, 3.0, False, "unknown"),
        (1.0, None, True, "unknown"),
    ],
)
def test_interval(low: float | None, high: float | None, ranks: bool, expected: str) -> None:
    assert text.interval(low, high, ranks=ranks) == expected


@pytest.mark.parametrize(
    ("count", "share", "count_derived", "share_derived", "expected"),
    [
        (2, 0.22, False, False, "2 (22 %)"),
        (2, 0.22, True, False, "2* (22 %)"),
        (2, 0.22, False, True, "2 (22 %*)"),
        (2000, 0.275, True, True, "2,000* (27.5 %*)"),
        (2, None, True, False, "2*"),
        (None, 0.22, False, True, "22 %*"),
        (None, None, True, True, None),
    ],
)
def test_count_share_stars_each_derived_figure(
    count: int | None, share: float | None, count_derived: bool, share_derived: bool, expected: str | None
) -> None:
    assert text.count_share(count, share, count_derived=count_derived, share_derived=share_derived) == expected


@pytest.mark.parametrize(
    ("count", "word", "many", "expected"),
    [
        (1, "file", None, "1 file"),
        (0, "file", None, "0 files"),
        (3, "file", None, "3 files"),
        (1200, "cluster", None, "1,200 clusters"),
        (2, "company", "companies", "2 companies"),
        (1, "company", "companies", "1 company"),
    ],
)
def test_plural(count: int, word: str, many: str | None, expected: str) -> None:
    assert text.plural(count, word, many) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [(0.01, "1 point"), (0.005, "0.5 points"), (0.02, "2 points"), (0.0, "0 points"), (-0.0, "0 points")],
)
def test_percentage_points(value: float, expected: str) -> None:
    assert text.percentage_points(value) == expected


def test_words() -> None:
    assert text.words("large_companies") == "large companies"
    assert text.words("plain") == "plain"


@dataclass(frozen=True)
class Amount:
    amount: float
    currency: str


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Amount(5.194e9, "MAD"), "5.19 billion MAD"),
        (Amount(750_000, "EUR"), "750,000 EUR"),
        (2008, "2008"),
        (5.194, "5.194"),
        ("2008-2013", "2008-2013"),
    ],
)
def test_stated_keeps_every_digit_but_of_money(value: Any, expected: str) -> None:
    assert text.stated(value) == expected


@pytest.mark.parametrize(
    ("value", "kind", "expected"),
    [
        (0.275, "share", "27.5 %"),
        (-12.5, "gap", "-12.5"),
        (-1.6667, "points", "-1.67"),
        (1.6667, "stake", "1.67"),
        (37.28, "score", "37.3"),
        (34.853, "decimal", "34.9"),
        (1.79, "decimal", "1.8"),
        (1.0, "decimal", "1.0"),
        (3, "level", "3"),
        (3.0, "level", "3"),  # a level that is not an int is a number
        (3000, "number", "3,000"),
        (2015, "text", "2015"),  # a year in a text column stays 2015, not 2,015
        (True, "share", "yes"),
        (None, "score", "unknown"),
        (["a", "b"], "sources", "a; b"),
        (("a",), "text", "a"),
        ("n/a", "score", "n/a"),
    ],
)
def test_cell_spells_a_value_by_its_column_kind(value: Any, kind: str, expected: str) -> None:
    assert text.cell(value, kind) == expected
