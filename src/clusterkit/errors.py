"""Problems found in input, kept as data until the CLI decides what is fatal."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from clusterkit import text as spell
from clusterkit.i18n import _

# An input value echoed in a message is cut to this many characters: a 1 MB value must not flood stderr.
ECHO_LIMIT = 60
# A quoted value or a digit run longer than this in a message is cut (a model's message may quote its input).
_LONG = ECHO_LIMIT + 20
_QUOTE = re.compile("['\"]")
_LONG_DIGITS = re.compile(rf"\d{{{_LONG},}}")
# What one line of stderr shows at most of a field path and of a message, whatever they hold.
FIELD_LIMIT = 200
MESSAGE_LIMIT = 1000


def short_repr(value: object, limit: int = ECHO_LIMIT) -> str:
    """``repr(value)`` for a message, cut to about ``limit`` characters with an ellipsis and the full length."""
    if isinstance(value, str):
        if len(value) <= limit:
            return repr(value)
        head = repr(value[:limit])
        return _("{value} ({count} characters)").format(
            value=f"{head[:-1]}\u2026{head[-1]}", count=spell.number(len(value))
        )
    if isinstance(value, int) and not isinstance(value, bool) and not -(10**limit) < value < 10**limit:
        try:
            text = str(value)
        except ValueError:  # more digits than Python converts
            return _("a number of about {count} digits").format(count=spell.number(int(value.bit_length() * 0.30103)))
        return _("{value} ({count} digits)").format(
            value=f"{text[:limit]}\u2026", count=spell.number(len(text.lstrip("-")))
        )
    text = repr(value)
    return text if len(text) <= limit else f"{text[:limit]}\u2026"


def shorten(text: str) -> str:
    """Cut the long quoted values and digit runs of a message, as :func:`short_repr` does."""
    if len(text) <= _LONG:
        return text
    # NOTE: a scan with str.find, not one regular expression: an unclosed quote in a 1 MB message
    # would make a backtracking pattern quadratic.
    out: list[str] = []
    start = pos = 0
    unclosed: set[str] = set()
    while (match := _QUOTE.search(text, pos)) is not None:
        quote, opening = match.group(), match.start()
        pos = opening + 1
        if quote in unclosed:
            continue
        closing = text.find(quote, pos)
        while closing > 0 and _escaped(text, closing):
            closing = text.find(quote, closing + 1)
        if closing < 0:
            unclosed.add(quote)
            continue
        inner = text[pos:closing]
        if len(inner) > _LONG:
            out.append(_cut_digits(text[start:opening]))
            cut = f"{quote}{inner[:ECHO_LIMIT]}\u2026{quote}"
            out.append(_("{value} ({count} characters)").format(value=cut, count=spell.number(len(inner))))
            start = closing + 1
        pos = closing + 1
    out.append(_cut_digits(text[start:]))
    return "".join(out)


def _escaped(text: str, index: int) -> bool:
    """Whether the character at ``index`` follows an odd number of backslashes."""
    before = index
    while before > 0 and text[before - 1] == "\\":
        before -= 1
    return (index - before) % 2 == 1


def _cut_digits(text: str) -> str:
    return _LONG_DIGITS.sub(
        lambda m: _("{value} ({count} digits)").format(
            value=f"{m.group(0)[:ECHO_LIMIT]}\u2026", count=spell.number(len(m.group(0)))
        ),
        text,
    )


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else f"{text[:limit]}\u2026"


def _one_line(text: str) -> str:
    """Escape line breaks and control characters, so a problem stays one line and cannot drive the terminal."""
    if text.isprintable():
        return text
    # NOTE: French typography's no-break spaces (before ':', ';', '?', '!') are text, not controls to escape.
    return "".join(
        ch if ch.isprintable() or ch in "\u00a0\u202f" else ch.encode("unicode_escape").decode("ascii") for ch in text
    )


@dataclass(frozen=True)
class Problem:
    """One problem in one file: where it is (line and column are 1-based) and what is wrong."""

    file: str
    message: str
    line: int | None = None
    column: int | None = None
    field: str | None = None
    severity: str = "error"

    def __str__(self) -> str:
        where = _one_line(self.file)
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        prefix = f"{_cut(_one_line(self.field), FIELD_LIMIT)}: " if self.field else ""
        return f"{where}: {prefix}{_cut(_one_line(shorten(self.message)), MESSAGE_LIMIT)}"

    def to_dict(self) -> dict[str, object]:
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "field": self.field,
            "severity": self.severity,
            "message": shorten(self.message),
        }


class ClusterkitError(Exception):
    """An error a user can act on; ``problems`` says where, one per line."""

    def __init__(self, message: str, problems: list[Problem] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.problems: list[Problem] = list(problems or [])

    def lines(self) -> list[str]:
        return [str(p) for p in self.problems] or [self.message]


class Terminated(BaseException):
    """A catchable signal (SIGTERM, SIGHUP...) arrived: like KeyboardInterrupt, it unwinds the run so
    that nothing half-written stays behind; the program exits 128 + the signal's number."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


class LoadError(ClusterkitError):
    """A document could not be read, parsed or validated."""


class NotFoundError(ClusterkitError):
    """No document with the asked id is on the search path."""


def did_you_mean(name: str) -> str:
    """``; did you mean 'mnc'?``, to end a message about a name that is not known."""
    return _("; did you mean {name}?").format(name=repr(name))


def and_more(names: list[str], shown: int = 3) -> str:
    """The first names, then how many more: ``a, b, c and 2 more``."""
    head = ", ".join(names[:shown])
    if len(names) <= shown:
        return head
    return _("{names} and {count} more").format(names=head, count=spell.number(len(names) - shown))


@dataclass
class Notes:
    """Non-fatal remarks collected while loading (shadowed profiles, skipped files)."""

    items: list[str] = field(default_factory=list)
    # Shadowed documents by (folder that wins, folder shadowed): their names and the place of their note.
    _shadowed: dict[tuple[str, str], tuple[int, list[str]]] = field(default_factory=dict, repr=False)

    def add(self, text: str) -> None:
        if text not in self.items:
            self.items.append(text)

    def add_shadowed(self, text: str, folders: tuple[str, str], name: str, bundled: bool) -> None:
        """Note a document that shadows another: ``text`` for the first of a pair of folders, then one
        line that counts them all ("15 documents in DIR shadow ..."), so a copied folder says it once."""
        place, names = self._shadowed.get(folders, (len(self.items), []))
        if name in names:
            return
        names.append(name)
        if len(names) == 1:
            self.items.append(text)
        else:
            shown = and_more(names)
            if bundled:
                line = _("note: {count} documents in {folder} shadow the bundled ones of the same id ({names})")
            else:
                line = _("note: {count} documents in {folder} shadow those in {other} of the same id ({names})")
            self.items[place] = line.format(
                count=spell.number(len(names)), folder=folders[0], other=folders[1], names=shown
            )
        self._shadowed[folders] = (place, names)
