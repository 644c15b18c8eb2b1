"""Cells of a workbook a user filled in, read one at a time: levels, texts, numbers, dates, citations.

A cell is read with its place (``answers.xlsx:Activities!D7``) and what openpyxl says it holds
(``f`` a formula, ``e`` an error value), and a cell that is wrong adds a located problem to a
:class:`Reading` instead of stopping: every problem of a file is reported at once.
"""

from __future__ import annotations

import datetime
import difflib
import re
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from clusterkit import text as spell
from clusterkit.errors import Problem, short_repr
from clusterkit.i18n import LANGUAGES, _, ngettext, use_language
from clusterkit.models import CITATION_PATTERN

if TYPE_CHECKING:
    from clusterkit.models import Framework

# What a level cell may hold: a level of the rubric, or unknown.
LEVEL_CHOICES = ("0", "1", "2", "3", "4", "unknown")
UNKNOWN = "unknown"
MAX_CITATION = 300  # models.Citation
MAX_PROBLEMS = 200  # problems listed for one file


def level_choices() -> tuple[str, ...]:
    """The choices of a level drop-down in the current language: ``0``-``4`` and the word for unknown."""
    return (*LEVEL_CHOICES[:5], _(spell.UNKNOWN))


def unknown_words() -> frozenset[str]:
    """The word for unknown in every language, lower case: a level cell may hold any of them."""
    words = {UNKNOWN}
    for language in LANGUAGES:
        with use_language(language):
            words.add(_(spell.UNKNOWN).lower())
    return frozenset(words)


_CITATION_RE = re.compile(CITATION_PATTERN)
_DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_DATES = (datetime.datetime, datetime.date, datetime.time, datetime.timedelta)


@dataclass(frozen=True)
class Cell:
    """A cell read: its value as openpyxl gives it, its type (``f`` formula, ``e`` error) and its place."""

    value: Any
    data_type: str
    where: str

    @property
    def blank(self) -> bool:
        return self.value is None or (isinstance(self.value, str) and not self.value.strip())


@dataclass
class Reading:
    """The problems found in one file, each at its place, and what its cells are checked against."""

    shown: str
    framework: Framework
    references: Collection[str] | None
    problems: list[Problem] = field(default_factory=list)
    # Problems past MAX_PROBLEMS, counted: a sheet of 5,000 wrong rows must not flood the terminal.
    more: int = 0

    def problem(self, cell: Cell | str, what: str | None, message: str) -> None:
        if len(self.problems) >= MAX_PROBLEMS:
            self.more += 1
            return
        where = cell.where if isinstance(cell, Cell) else cell
        self.problems.append(Problem(where, message, field=what))

    def all_problems(self) -> list[Problem]:
        """The problems recorded, and a last one that counts those left out."""
        if not self.more:
            return list(self.problems)
        more = ngettext(
            "and {count} more problem, not shown; fix these first",
            "and {count} more problems, not shown; fix these first",
            self.more,
        )
        left_out = Problem(self.shown, more.format(count=spell.number(self.more)))
        return [*self.problems, left_out]


def text_of(reading: Reading, cell: Cell | None, what: str) -> str | None:
    """A cell's text, stripped (None when empty); a formula, an error value or a date is a problem."""
    if cell is None or cell.blank:
        return None
    if cell.data_type == "f":
        reading.problem(
            cell,
            what,
            _("a formula is not allowed here, got {formula}; type the value itself").format(
                formula=short_repr(str(cell.value))
            ),
        )
        return None
    if cell.data_type == "e":
        reading.problem(
            cell,
            what,
            _("the cell holds an error value {value}; type the value itself").format(value=short_repr(str(cell.value))),
        )
        return None
    value = cell.value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, _DATES):
        return date_text(value)
    return str(value).strip()


def date_text(value: Any) -> str:
    """A date cell as text: ``2024-01-05``, with its time only when it has one."""
    if isinstance(value, datetime.datetime) and value.time() == datetime.time():
        return value.date().isoformat()
    return str(value.isoformat()) if hasattr(value, "isoformat") else str(value)


def parse_level(cell: Cell) -> int | str | None:
    """A level cell: 0-4, None for ``unknown``, ``""`` when empty; a problem message (str) raised as ValueError."""
    value = cell.value
    if cell.blank:
        return ""
    got = _("must be 0-4 or unknown, got {value}")
    if cell.data_type == "f":
        raise ValueError(
            _("must be 0-4 or unknown, got a formula {formula}; choose the level itself from the drop-down").format(
                formula=short_repr(str(value))
            )
        )
    if cell.data_type == "e":
        raise ValueError(_("must be 0-4 or unknown, got an error value {value}").format(value=short_repr(str(value))))
    if isinstance(value, _DATES):
        raise ValueError(
            _("must be 0-4 or unknown, got a date ({date}); choose 0-4 or unknown from the drop-down").format(
                date=date_text(value)
            )
        )
    if isinstance(value, bool):
        raise ValueError(got.format(value="TRUE" if value else "FALSE"))
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        if 0 <= value <= 4:
            return value
        raise ValueError(got.format(value=short_repr(str(value))))
    if isinstance(value, str):
        text = value.strip()
        if text in LEVEL_CHOICES[:5]:
            return int(text)
        if text.lower() in unknown_words():
            return None
        raise ValueError(got.format(value=short_repr(text)))
    raise ValueError(got.format(value=short_repr(str(value))))


def check_citation(reading: Reading, cell: Cell | str, what: str, citation: str, known: Collection[str] | None) -> bool:
    if len(citation) > MAX_CITATION or not _CITATION_RE.fullmatch(citation):
        reading.problem(
            cell,
            what,
            _(
                "{citation} is not a citation: write a reference key (lowercase), optionally followed by"
                " where in the source (el-idrissi-2020 §3.1)"
            ).format(citation=short_repr(citation)),
        )
        return False
    key = citation.split(" ", 1)[0]
    if known is not None and key not in known:
        close = difflib.get_close_matches(key, list(known), n=1)
        hint = _(" (did you mean {key}?)").format(key=repr(close[0])) if close else ""
        reading.problem(
            cell,
            what,
            _(
                "no reference has the key {key}{hint}; cite a key listed on the Instructions sheet, or add the"
                " reference to the References sheet"
            ).format(key=repr(key), hint=hint),
        )
        return False
    return True


def whole_number(reading: Reading, key: str, cell: Cell) -> int | None:
    if cell.blank:
        return None
    value = cell.value
    if isinstance(value, str) and value.strip().isdecimal() and value.strip().isascii():
        value = int(value.strip())
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    ok = isinstance(value, int) and not isinstance(value, bool) and cell.data_type not in ("f", "e")
    low, high = (1800, 2100) if key == "founded" else (0, 10**12)
    if ok and low <= value <= high:
        return int(value)
    shown = _("a formula") if cell.data_type == "f" else short_repr(str(value))
    if key == "founded":
        reading.problem(cell, key, _("must be a year from 1800 to 2100, got {value}").format(value=shown))
    else:
        reading.problem(cell, key, _("must be a whole number of members, got {value}").format(value=shown))
    return None


def date_problem(text: str) -> str | None:
    """Why ``text`` is not an assessment date (YYYY, YYYY-MM or YYYY-MM-DD on the calendar), or None."""
    if not (text.isascii() and _DATE_RE.fullmatch(text)):
        return _("must be a date: YYYY, YYYY-MM or YYYY-MM-DD, got {text}").format(text=short_repr(text))
    parts = [int(p) for p in text.split("-")]
    try:
        datetime.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except ValueError:
        return _("{text} is not a date on the calendar").format(text=repr(text))
    return None
