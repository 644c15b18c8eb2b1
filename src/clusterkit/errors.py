"""Problems found in input, kept as data until the CLI decides what is fatal."""

from __future__ import annotations

from dataclasses import dataclass, field


def _one_line(text: str) -> str:
    """Escape line breaks and control characters, so a problem stays one line and cannot drive the terminal."""
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii") for ch in text)


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
        prefix = f"{_one_line(self.field)}: " if self.field else ""
        return f"{where}: {prefix}{_one_line(self.message)}"

    def to_dict(self) -> dict[str, object]:
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "field": self.field,
            "severity": self.severity,
            "message": self.message,
        }


class ClusterkitError(Exception):
    """An error a user can act on; ``problems`` says where, one per line."""

    def __init__(self, message: str, problems: list[Problem] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.problems: list[Problem] = list(problems or [])

    def lines(self) -> list[str]:
        return [str(p) for p in self.problems] or [self.message]


class LoadError(ClusterkitError):
    """A document could not be read, parsed or validated."""


class NotFoundError(ClusterkitError):
    """No document with the asked id is on the search path."""


@dataclass
class Notes:
    """Non-fatal remarks collected while loading (shadowed profiles, skipped files)."""

    items: list[str] = field(default_factory=list)

    def add(self, text: str) -> None:
        if text not in self.items:
            self.items.append(text)
