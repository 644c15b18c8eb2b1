"""Every number a person reads, spelled one way: scores, gaps, shares, counts, money, figures.

Views and renderers turn numbers into text only through these functions, so a share is "27.5 %"
in every table, page and note (ISO 80000 style: a space before the sign, at most one decimal,
no trailing zero). Unknown is always the word ``unknown``, never zero or a blank. JSON and CSV keep
the numbers themselves and never pass through here.
"""

from __future__ import annotations

import functools
from typing import Any

from clusterkit.i18n import N_, SOURCE_LANGUAGE, _, current_language, ngettext

UNKNOWN = N_("unknown")
# The rank of a cluster listed apart from a ranking (too little evidence to rank).
NOT_RANKED = "-"

QUALIFIER_WORDS: dict[str, str] = {
    "exact": "",
    "about": N_("about "),
    "more_than": N_("more than "),
    "at_least": N_("at least "),
    "almost": N_("almost "),
    "less_than": N_("less than "),
}


@functools.cache
def _symbols(language: str) -> dict[str, str]:
    """The CLDR decimal sign, thousands separator and the space before a percent sign of a language."""
    import babel.numbers

    percent = babel.numbers.format_percent(0.5, locale=language)
    return {
        ".": babel.numbers.get_decimal_symbol(language),
        ",": babel.numbers.get_group_symbol(language),
        " %": percent.replace("50", "", 1) if percent.startswith("50") else " %",
    }


def localized(text: str) -> str:
    """A number spelled in English (``1,234.5``, ``27.5 %``) in the signs of the current language
    (``1 234,5``, ``27,5 %`` in French, after CLDR); English text is returned as it is."""
    language = current_language()
    if language == SOURCE_LANGUAGE:
        return text
    symbols = _symbols(language)
    marks = {".": "\0", ",": "\1"}
    text = text.replace(" %", "\2")
    for sign, mark in marks.items():
        text = text.replace(sign, mark)
    for sign, mark in marks.items():
        text = text.replace(mark, symbols[sign])
    return text.replace("\2", symbols[" %"])


def _trimmed(value: float, digits: int) -> str:
    """``value`` with at most ``digits`` decimals, thousands separated, trailing zeros dropped, never ``-0``."""
    text = f"{value:,.{digits}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def share(value: float | None) -> str:
    """A fraction (0-1) as a percentage: ``0.275`` -> ``27.5 %``, ``0.22`` -> ``22 %``."""
    if value is None:
        return _(UNKNOWN)
    return localized(f"{_trimmed(value * 100, 1)} %")


def score(value: float | None) -> str:
    """A score on the 0-100 scale, one decimal: ``37.3``."""
    if value is None:
        return _(UNKNOWN)
    text = f"{value:.1f}"
    return localized("0.0" if text == "-0.0" else text)


def gap(value: float | None) -> str:
    """A difference of scores in points, signed, one decimal: ``-12.5``, ``+0.0``."""
    if value is None:
        return _(UNKNOWN)
    text = f"{value:+.1f}"
    return localized("+0.0" if text == "-0.0" else text)


def points(value: float | None, *, signed: bool = True) -> str:
    """Points of overall score at stake (a weighted gap), two decimals: ``-1.67``, ``+0.83``."""
    if value is None:
        return _(UNKNOWN)
    text = f"{value:+.2f}" if signed else f"{value:.2f}"
    return localized(text.replace("-0.00", "+0.00" if signed else "0.00"))


def level(value: int | None) -> str:
    """A level of the 0-4 rubric."""
    return _(UNKNOWN) if value is None else str(value)


def number(value: Any) -> str:
    """A count or measured quantity: ``3,000``, ``0.5``, ``37.25``; booleans as yes or no."""
    if value is None:
        return _(UNKNOWN)
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, int):
        return localized(f"{value:,}")
    if isinstance(value, float):
        if value.is_integer():
            return localized(f"{int(value):,}")
        return localized(_trimmed(value, 2) if abs(value) >= 0.01 else f"{value:.2g}")
    return str(value)


# The units of an amount of money, smallest first: its size and its word.
MONEY_UNITS: tuple[tuple[float, str], ...] = ((1.0, ""), (1e6, "million"), (1e9, "billion"))


def money(amount: float | None, currency: str, year: int | None = None) -> str:
    """An amount of money: ``4.5 million EUR``, ``2 billion DH``, ``750,000 EUR (2012)``.

    The amount in its unit is spelled as :func:`number` (at most two decimals, thousands separated),
    and moves up a unit when rounding reaches the next one: 999,999,999.5 is ``1 billion EUR``.
    """
    if amount is None:
        return _(UNKNOWN)
    sizes = [least for least, _ in MONEY_UNITS]
    unit = max(i for i, least in enumerate(sizes) if i == 0 or abs(amount) >= least)
    # Rounded to two decimals, 999,999,999.5 is 1,000 million: the next unit says it.
    while unit + 1 < len(sizes) and round(abs(amount) / sizes[unit], 2) >= sizes[unit + 1] / sizes[unit]:
        unit += 1
    scale, word = MONEY_UNITS[unit]
    size = float(amount) / scale
    # NOTE: "5 million" in English; French says "5 millions", "1,5 million" (plural from 2).
    if word == "million":
        word = ngettext("million", "million", int(abs(size)))
    elif word == "billion":
        word = ngettext("billion", "billion", int(abs(size)))
    text = f"{number(size)} {word} {currency}" if word else f"{number(size)} {currency}"
    return f"{text} ({year})" if year is not None else text


def qualified(text: str, qualifier: str | None) -> str:
    """A value's text with its qualifier: ``more than 100``, ``about 2``."""
    return _(QUALIFIER_WORDS.get(qualifier or "exact", "")) + text


def figure(value: float | None, qualifier: str | None = None, year: int | None = None) -> str:
    """A figure as the source gives it: qualifier, value, year (``almost 2 (2012)``)."""
    if value is None:
        return _(UNKNOWN)
    text = qualified(number(value), qualifier)
    return f"{text} ({year})" if year is not None else text


def interval(low: float | None, high: float | None, *, ranks: bool = False) -> str:
    """A 5-95 % interval: scores ``12.3 - 45.6``, ranks ``1 - 3``."""
    if low is None or high is None:
        return _(UNKNOWN)
    if ranks:
        return f"{number(float(round(low)))} - {number(float(round(high)))}"
    return f"{score(low)} - {score(high)}"


def count_share(count: int | None, share_: float | None, *, count_derived: bool, share_derived: bool) -> str | None:
    """A status in an audit: ``2 (22 %)``, a star on each derived figure; None when neither is known."""
    count_text = None if count is None else f"{number(count)}{'*' if count_derived else ''}"
    share_text = None if share_ is None else f"{share(share_)}{'*' if share_derived else ''}"
    if count_text is None or share_text is None:
        return count_text or share_text
    return f"{count_text} ({share_text})"


def plural(count: int, word: str, many: str | None = None) -> str:
    """``1 file``, ``3 files``: the count and the word in the right number."""
    return f"{number(count)} {word if count == 1 else many or word + 's'}"


def percentage_points(value: float) -> str:
    """A tolerance on shares, in percentage points: ``1 point``, ``0.5 points``."""
    shown = _trimmed(value * 100, 1)
    if current_language() == SOURCE_LANGUAGE:
        return f"{shown} point{'' if shown == '1' else 's'}"
    # NOTE: a share of a point is singular in French ("0,5 point"), as gettext's plural rule of the count says.
    return ngettext("{count} point", "{count} points", int(float(shown))).format(count=localized(shown))


def words(slug: str) -> str:
    """A machine slug for people: ``large_companies`` -> ``large companies``."""
    return slug.replace("_", " ")


def stated(value: Any) -> str:
    """A fact's value exactly as a source states it, to set sources side by side.

    Money as :func:`money` (``5.19 billion MAD``); anything else as written, every digit kept and
    no thousands separator (a year ``2008``, a figure ``5.194``, a period ``2008-2013``).
    """
    amount, currency = getattr(value, "amount", None), getattr(value, "currency", None)
    if isinstance(amount, int | float) and isinstance(currency, str):
        return money(float(amount), currency)
    return str(value)


def cell(value: Any, kind: str) -> str:
    """A table cell as text, by its column's kind (see :data:`clusterkit.views.ColumnKind`)."""
    if value is None:
        return NOT_RANKED if kind == "rank" else _(UNKNOWN)
    if isinstance(value, bool):
        return number(value)
    if isinstance(value, int | float) and kind != "text":
        if kind == "share":
            return share(float(value))
        if kind == "gap":
            return gap(float(value))
        if kind == "points":
            return points(float(value))
        if kind == "stake":
            return points(float(value), signed=False)
        if kind in ("score", "decimal"):
            return score(float(value))
        if kind == "level" and isinstance(value, int):
            return level(value)
        return number(value)
    if isinstance(value, list | tuple):
        return "; ".join(str(v) for v in value)
    return str(value)  # a text column: a year stays 2015, not 2,015


def singular(unit: str) -> str:
    """The singular of a regular plural: in English the last word's (``priority projects`` -> ``priority
    project``), in French every word's, as adjectives agree (``projets prioritaires`` -> ``projet prioritaire``)."""
    if current_language() != SOURCE_LANGUAGE:
        # NOTE: short words (des, PME) and words whose "s" is no plural (accès, progrès, plus) stay.
        return " ".join(
            word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "ès", "us")) else word
            for word in unit.split(" ")
        )
    head, _, last = unit.rpartition(" ")
    if last.endswith("ies") and len(last) > 3:
        last = last[:-3] + "y"
    elif last.endswith(("sses", "xes", "ches", "shes")):
        last = last[:-2]
    elif last.endswith("s") and not last.endswith("ss"):
        last = last[:-1]
    return f"{head} {last}" if head else last


def quantity(
    value: float | None,
    unit: str | None = None,
    measure: str | None = None,
    qualifier: str | None = None,
    year: int | None = None,
) -> str:
    """A figure with its unit, as a source gives it: ``3,000 companies``, ``almost 2 billion MAD (2012)``,
    ``less than 71 %`` (a ``share`` is a percentage, its unit left to the figure's name), ``1 indicator``.
    """
    if value is None:
        return _(UNKNOWN)
    if measure == "share":
        shown = share(value)
    else:
        word = singular(unit) if unit and measure != "amount" and value == 1 else unit
        shown = f"{number(value)} {word}" if word else number(value)
    shown = qualified(shown, qualifier)
    return f"{shown} ({year})" if year is not None else shown


def date(value: str | None) -> str:
    """A calendar date a person reads: as written in English (``2026-12-02``, ``2026-12``, ``2026``); in
    words in other languages, after CLDR (``2 décembre 2026``, ``décembre 2026``). Other text stays as it is."""
    if value is None:
        return _(UNKNOWN)
    language = current_language()
    if language == SOURCE_LANGUAGE:
        return value
    import datetime
    import re

    import babel.dates

    parts = re.fullmatch(r"(\d{4})-(\d{2})(?:-(\d{2}))?", value)
    if parts is None:
        return value
    year, month, day = int(parts[1]), int(parts[2]), parts[3]
    try:
        if day is None:
            return babel.dates.format_date(datetime.date(year, month, 1), "MMMM y", locale=language)
        return babel.dates.format_date(datetime.date(year, month, int(day)), "long", locale=language)
    except ValueError:
        return value
