"""Pydantic's validation errors as clusterkit problems: one per error, located in the file, in words.

Each error gets the file's line and column, the dotted field path without the union member and
validator names pydantic adds, and a message that says what is expected (a pattern as words, a
"did you mean" for an unknown field, how to write a number that YAML 1.1 would misread).
"""

from __future__ import annotations

import difflib
import re
from typing import Any

from pydantic import BaseModel, ValidationError

from clusterkit.errors import Problem, short_repr
from clusterkit.loading.strict_yaml import FieldPath, Parsed, dotted
from clusterkit.models import CITATION_PATTERN, SLUG_PATTERN
from clusterkit.schema import fields_at


def _clean_loc(loc: FieldPath, data: Any) -> FieldPath:
    """The location of an error in the data, without the union member or validator names pydantic adds."""
    # NOTE: a step is kept when the data has it, so a user's key that looks like such a name stays.
    clean: list[Any] = []
    node = data
    for part in loc:
        in_dict = isinstance(node, dict) and part in node
        in_list = isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
        if in_dict or in_list:
            node = node[part]
        elif isinstance(part, str) and ("[" in part or part in ("function-after", "lax-or-strict")):
            continue
        else:
            node = None
        clean.append(part)
    return tuple(clean)


# What each text pattern of the models asks for, in words.
PATTERN_HINTS = {
    SLUG_PATTERN: (
        "is not a valid id: use up to 64 lowercase letters, digits, '-' and '_', starting with a letter or digit"
    ),
    CITATION_PATTERN: (
        "is not a valid citation: a reference key such as 'el-idrissi-2020', then optionally a space and a locator"
        " ('§3.1')"
    ),
    r"^[a-z0-9][a-z0-9._-]*$": "is not a valid reference key: lowercase letters, digits, '.', '-' and '_'",
    r"^[A-Z]{2}$": "is not a country code: two capital letters (ISO 3166-1 alpha-2, e.g. 'MA', 'IT', 'NO')",
    r"^[A-Z]{3}$": "is not a currency code: three capital letters (ISO 4217, e.g. 'MAD', 'EUR')",
    r"^\d{4}(-\d{2}(-\d{2})?)?$": "is not a date: write YYYY, YYYY-MM or YYYY-MM-DD",
    r"^[a-z_]+(\.[a-z_]+)*$": "is not a field path: lowercase field names joined by dots (e.g. 'members.total')",
}

_BOUNDS = ("greater_than", "greater_than_equal", "less_than", "less_than_equal")


def _message(err: Any, loc: FieldPath = ()) -> str:
    kind = err["type"]
    msg = str(err["msg"])
    value = err.get("input")
    ctx = err.get("ctx") or {}
    if kind == "missing":
        return "required field is missing"
    if kind in (
        "string_type",
        "int_type",
        "float_type",
        "bool_type",
        "list_type",
        "dict_type",
        "model_type",
    ) and not isinstance(value, dict | list):
        hint = _number_hint(kind, value)
        if (
            kind == "string_type"
            and loc
            and loc[-1] == "date"
            and isinstance(value, int)
            and not isinstance(value, bool)
        ):
            # NOTE: YAML reads a bare year as a number; the date field is text so that 2019-06 fits too.
            hint = f' (write the date in quotes: "{value}")'
        return f"{msg}, got {type(value).__name__} {short_repr(value)}{hint}"
    if kind == "literal_error":
        return f"{msg}, got {short_repr(value)}"
    if kind == "string_pattern_mismatch":
        pattern = str(ctx.get("pattern", ""))
        return f"{short_repr(value)} {PATTERN_HINTS.get(pattern, f'does not have the expected form ({pattern})')}"
    if kind == "finite_number":
        return f"{msg}, got {short_repr(value)}"
    if kind in _BOUNDS:
        text = f"{msg}, got {short_repr(value)}"
        if ctx.get("le") == 1 and any("share" in str(p) for p in loc):
            text += " (a share is a fraction: write 70 % as 0.7)"
        return text
    if kind.startswith("value_error") or kind == "assertion_error":
        return msg.removeprefix("Value error, ")
    return msg


# Numbers in YAML 1.1 forms that are text here: a leading zero, hexadecimal, octal, binary, '_' or base 60.
_YAML11_NUMBER_RE = re.compile(
    r"^[-+]?(?:0[0-9_]+|0[xob][0-9a-fA-F_]+|[0-9][0-9_]*_[0-9_]*(?:\.[0-9_]*)?"
    r"|[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?)$"
)


def _number_hint(kind: str, value: Any) -> str:
    """For a number field given a YAML 1.1 number form (read as text here), how to write the number."""
    if kind not in ("int_type", "float_type") or not isinstance(value, str) or not _YAML11_NUMBER_RE.match(value):
        return ""
    if ":" in value:
        return " (write numbers in plain decimal: base-60 forms such as 1:30 are text)"
    body = value.replace("_", "")
    sign = "-" if body.startswith("-") else ""
    digits = body.lstrip("+-")
    try:
        if digits[:2] in ("0x", "0o", "0b"):
            number: object = int(digits, 0)
        elif "." in digits:
            number = float(digits)
        else:
            number = int(digits, 10)
    except ValueError:
        return " (write numbers in plain decimal)"
    return f" (write numbers in plain decimal: {sign}{short_repr(number)})"


def retype_numbers(exc: ValidationError, parsed: Parsed) -> bool:
    """Give the fields that ask for a number the YAML 1.2 numbers (1e5) read as text; whether any changed.

    NOTE: YAML 1.1 dumpers (PyYAML's, clusterkit's YAML output) write the text '1e5' unquoted, so the
    resolver leaves it text; only where the model wants a number is it one.
    """
    changed = False
    for err in exc.errors():
        if err["type"] not in ("int_type", "float_type") or not isinstance(err.get("input"), str):
            continue
        loc = _clean_loc(tuple(err["loc"]), parsed.data)
        while loc and loc not in parsed.numbers:
            loc = loc[:-1]  # past the union member names that pydantic adds
        if not loc:
            continue
        node: Any = parsed.data
        for part in loc[:-1]:
            node = node[part]
        node[loc[-1]] = parsed.numbers.pop(loc)
        changed = True
    return changed


def validation_problems(model: type[BaseModel], exc: ValidationError, parsed: Parsed, name: str) -> list[Problem]:
    """Turn pydantic's errors into one problem per error, each located in the file."""
    problems: list[Problem] = []
    for err in exc.errors():
        loc = _clean_loc(tuple(err["loc"]), parsed.data)
        if err["type"] == "extra_forbidden":
            line, col = parsed.locate(loc, key=True)
            valid = fields_at(model, loc[:-1])
            msg = "unknown field"
            close = difflib.get_close_matches(str(loc[-1]), valid, n=1, cutoff=0.6)
            if close:
                msg += f"; did you mean {close[0]!r}?"
            elif valid:
                msg += f"; expected one of: {', '.join(valid)}"
            problems.append(Problem(name, msg, line, col, dotted(loc)))
            continue
        line, col = parsed.locate(loc, key=err["type"] == "missing")
        problems.append(Problem(name, _message(err, loc), line, col, dotted(loc) or None))
    return sorted(problems, key=lambda p: (p.line or 0, p.column or 0))
