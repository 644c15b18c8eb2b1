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

from clusterkit import text as spell
from clusterkit.errors import Problem, did_you_mean, short_repr
from clusterkit.i18n import N_, SOURCE_LANGUAGE, _, current_language, ngettext
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


# What each text pattern of the models asks for, in words ({value}: the value given).
PATTERN_HINTS = {
    SLUG_PATTERN: N_(
        "{value} is not a valid id: use up to 64 lowercase letters, digits, '-' and '_', starting with a letter or"
        " digit"
    ),
    CITATION_PATTERN: N_(
        "{value} is not a valid citation: a reference key such as 'el-idrissi-2020', then optionally a space and a"
        " locator ('§3.1')"
    ),
    r"^[a-z0-9][a-z0-9._-]*$": N_("{value} is not a valid reference key: lowercase letters, digits, '.', '-' and '_'"),
    r"^[A-Z]{2}$": N_("{value} is not a country code: two capital letters (ISO 3166-1 alpha-2, e.g. 'MA', 'IT', 'NO')"),
    r"^[A-Z]{3}$": N_("{value} is not a currency code: three capital letters (ISO 4217, e.g. 'MAD', 'EUR')"),
    r"^\d{4}(-\d{2}(-\d{2})?)?$": N_("{value} is not a date: write YYYY, YYYY-MM or YYYY-MM-DD"),
    r"^[a-z_]+(\.[a-z_]+)*$": N_(
        "{value} is not a field path: lowercase field names joined by dots (e.g. 'members.total')"
    ),
}

# Pydantic's messages by error type, with the placeholders of its context: pydantic speaks English,
# which is the source text; another language takes the catalogue's text for the type.
PYDANTIC_MESSAGES: dict[str, str] = {
    "string_type": N_("Input should be a valid string"),
    "int_type": N_("Input should be a valid integer"),
    "float_type": N_("Input should be a valid number"),
    "bool_type": N_("Input should be a valid boolean"),
    "list_type": N_("Input should be a valid list"),
    "dict_type": N_("Input should be a valid dictionary"),
    "model_type": N_("Input should be a valid dictionary or instance of {class_name}"),
    "model_attributes_type": N_("Input should be a valid dictionary or object to extract fields from"),
    "literal_error": N_("Input should be {expected}"),
    "enum": N_("Input should be {expected}"),
    "greater_than": N_("Input should be greater than {gt}"),
    "greater_than_equal": N_("Input should be greater than or equal to {ge}"),
    "less_than": N_("Input should be less than {lt}"),
    "less_than_equal": N_("Input should be less than or equal to {le}"),
    "multiple_of": N_("Input should be a multiple of {multiple_of}"),
    "finite_number": N_("Input should be a finite number"),
    "int_parsing": N_("Input should be a valid integer, unable to parse string as an integer"),
    "int_from_float": N_("Input should be a valid integer, got a number with a fractional part"),
    "int_parsing_size": N_("Unable to parse input string as an integer, exceeded maximum size"),
    "float_parsing": N_("Input should be a valid number, unable to parse string as a number"),
    "bool_parsing": N_("Input should be a valid boolean, unable to interpret input"),
    "none_required": N_("Input should be None"),
    "url_type": N_("URL input should be a string or URL"),
    "url_parsing": N_("Input should be a valid URL, {error}"),
    "union_tag_not_found": N_("Unable to extract tag using discriminator {discriminator}"),
    "union_tag_invalid": N_(
        "Input tag '{tag}' found using {discriminator} does not match any of the expected tags: {expected_tags}"
    ),
}


def _context_value(value: Any) -> str:
    """A value of pydantic's error context as the message shows it: numbers in the run's language."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return spell.number(value)
    return str(value)


def pydantic_text(err: Any) -> str:
    """Pydantic's message for an error, in the run's language (pydantic's own English in English)."""
    msg = str(err["msg"])
    if current_language() == SOURCE_LANGUAGE:
        return msg
    kind = err["type"]
    ctx = {key: _context_value(value) for key, value in (err.get("ctx") or {}).items()}
    if "expected" in ctx:
        # NOTE: pydantic joins the choices with an English "or": 'a', 'b' or 'c'.
        head, sep, tail = ctx["expected"].rpartition(" or ")
        ctx["expected"] = head + _(" or ") + tail if sep else tail
    raw = err.get("ctx") or {}
    try:
        if kind in ("string_too_short", "string_too_long"):
            bound = "min_length" if kind == "string_too_short" else "max_length"
            count = int(raw[bound])
            if kind == "string_too_short":
                text = ngettext(
                    "String should have at least {min_length} character",
                    "String should have at least {min_length} characters",
                    count,
                )
            else:
                text = ngettext(
                    "String should have at most {max_length} character",
                    "String should have at most {max_length} characters",
                    count,
                )
            return text.format(**ctx)
        if kind in ("too_short", "too_long"):
            count = int(raw["min_length" if kind == "too_short" else "max_length"])
            if kind == "too_short":
                text = ngettext(
                    "{field_type} should have at least {min_length} item after validation, not {actual_length}",
                    "{field_type} should have at least {min_length} items after validation, not {actual_length}",
                    count,
                )
            else:
                text = ngettext(
                    "{field_type} should have at most {max_length} item after validation, not {actual_length}",
                    "{field_type} should have at most {max_length} items after validation, not {actual_length}",
                    count,
                )
            return text.format(**ctx)
        template = PYDANTIC_MESSAGES.get(kind)
        return _(template).format(**ctx) if template is not None else msg
    except (KeyError, IndexError, ValueError):
        return msg  # NOTE: a context pydantic words otherwise in another version: its English, not an error


_BOUNDS = ("greater_than", "greater_than_equal", "less_than", "less_than_equal")


def _message(err: Any, loc: FieldPath = ()) -> str:
    kind = err["type"]
    msg = pydantic_text(err)
    value = err.get("input")
    ctx = err.get("ctx") or {}
    if kind == "missing":
        return _("required field is missing")
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
            hint = _(' (write the date in quotes: "{value}")').format(value=value)
        return (
            _("{message}, got {type} {value}").format(message=msg, type=type(value).__name__, value=short_repr(value))
            + hint
        )
    if kind in ("literal_error", "finite_number", *_BOUNDS):
        text = _("{message}, got {value}").format(message=msg, value=short_repr(value))
        if kind in _BOUNDS and ctx.get("le") == 1 and any("share" in str(p) for p in loc):
            text += _(" (a share is a fraction: write 70 % as 0.7)")
        return text
    if kind == "string_pattern_mismatch":
        pattern = str(ctx.get("pattern", ""))
        form = PATTERN_HINTS.get(pattern)
        if form is None:
            return _("{value} does not have the expected form ({pattern})").format(
                value=short_repr(value), pattern=pattern
            )
        return _(form).format(value=short_repr(value))
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
        return _(" (write numbers in plain decimal: base-60 forms such as 1:30 are text)")
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
        return _(" (write numbers in plain decimal)")
    return _(" (write numbers in plain decimal: {number})").format(number=f"{sign}{short_repr(number)}")


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
            msg = _("unknown field")
            close = difflib.get_close_matches(str(loc[-1]), valid, n=1, cutoff=0.6)
            if close:
                msg += did_you_mean(close[0])
            elif valid:
                msg += _("; expected one of: {choices}").format(choices=", ".join(valid))
            problems.append(Problem(name, msg, line, col, dotted(loc)))
            continue
        at = (err.get("ctx") or {}).get("at") if err["type"] == "located" else None
        if isinstance(at, str) and at:
            # A whole-document check that names its field (clusterkit.models.framework).
            loc = tuple(int(part) if part.isdigit() else part for part in at.split("."))
            problems.append(Problem(name, err["msg"], *parsed.locate(loc, key=False), dotted(loc)))
            continue
        line, col = parsed.locate(loc, key=err["type"] == "missing")
        problems.append(Problem(name, _message(err, loc), line, col, dotted(loc) or None))
    return sorted(problems, key=lambda p: (p.line or 0, p.column or 0))
