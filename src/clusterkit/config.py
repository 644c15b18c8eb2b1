"""Defaults for scripts: ``clusterkit.toml`` (or ``[tool.clusterkit]`` in ``pyproject.toml``).

The nearest file in the current folder or a parent wins; in one folder ``clusterkit.toml`` comes
before ``pyproject.toml``. :func:`find_config` reads it into a :class:`Config` whose values each
know the file and line they came from. A malformed file is a :class:`ConfigError` naming the file,
the line and the key.
"""

from __future__ import annotations

import importlib
import math
import os
import re
import sys
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from clusterkit.errors import ClusterkitError, short_repr
from clusterkit.i18n import LANGUAGES, _

CONFIG_NAME = "clusterkit.toml"
PYPROJECT_NAME = "pyproject.toml"
# The keys a config file may set, in the order `clusterkit config` shows them.
KEYS: tuple[str, ...] = ("profiles_dir", "framework", "min_coverage", "fail_under", "format", "lang")
_TOML_POSITION = re.compile(r"\s*\((?:at line (\d+), column (\d+)|(at end of document))\)\s*$")


class ConfigError(ClusterkitError):
    """A config file that cannot be read, is not TOML, or sets a key it may not (exit 2)."""


@dataclass(frozen=True)
class Setting:
    """One value a config file sets, and where: the file and the 1-based line of its key (None if not found)."""

    key: str
    value: Any
    file: Path
    line: int | None

    @property
    def origin(self) -> str:
        """``FILE:LINE`` (or ``FILE`` when the key's line could not be found)."""
        return f"{self.file}:{self.line}" if self.line is not None else str(self.file)


@dataclass(frozen=True)
class Config:
    """The config file in force (None when there is none) and the settings it makes, by key."""

    file: Path | None = None
    settings: dict[str, Setting] = field(default_factory=dict)

    def value(self, key: str) -> Any:
        """The value the file sets for ``key``, or None when it sets none."""
        setting = self.settings.get(key)
        return None if setting is None else setting.value


def _toml() -> Any:
    # NOTE: tomllib is in the standard library from Python 3.11; tomli is the same parser for 3.10.
    return importlib.import_module("tomllib" if sys.version_info >= (3, 11) else "tomli")


def find_config(start: Path, formats: Collection[str]) -> Config:
    """The config of a run started in ``start``: the nearest ``clusterkit.toml``, or ``pyproject.toml`` with a
    ``[tool.clusterkit]`` table, in ``start`` or a parent. ``formats`` are the output formats ``format`` may name."""
    folder = start.resolve()
    for candidate in (folder, *folder.parents):
        own = candidate / CONFIG_NAME
        if _is_file(own):
            return read_config(own, formats)
        pyproject = candidate / PYPROJECT_NAME
        if _is_file(pyproject):
            found = _pyproject_config(pyproject, formats)
            if found is not None:
                return found
    return Config()


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except OSError:  # NOTE: a parent folder we may not look into holds no config of ours
        return False


def read_config(path: Path, formats: Collection[str]) -> Config:
    """Read one ``clusterkit.toml``: every key checked, paths made relative to its folder."""
    source = _read(path)
    return _settings(path, source, _parse(path, source), None, formats)


def _pyproject_config(path: Path, formats: Collection[str]) -> Config | None:
    source = _read(path)
    # NOTE: a project file that never names clusterkit is not parsed: its errors are not ours to report.
    if "clusterkit" not in source:
        return None
    tool = _parse(path, source).get("tool")
    table = tool.get("clusterkit") if isinstance(tool, dict) else None
    if table is None:
        return None
    if not isinstance(table, dict):
        raise _error(path, _key_line(source, "clusterkit", "tool"), "tool.clusterkit", _("must be a table"))
    return _settings(path, source, table, "tool.clusterkit", formats)


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        # NOTE: the file's line of the bad byte, as every other config error names one.
        line = exc.object[: exc.start].count(b"\n") + 1
        raise ConfigError(
            _("{file}: not UTF-8 text (byte {byte})").format(file=f"{path}:{line}", byte=exc.start + 1)
        ) from None
    except OSError as exc:
        raise ConfigError(_("{file}: cannot read: {reason}").format(file=path, reason=exc.strerror or exc)) from None


def _parse(path: Path, source: str) -> dict[str, Any]:
    toml = _toml()
    try:
        parsed: dict[str, Any] = toml.loads(source)
    except toml.TOMLDecodeError as exc:
        message = str(exc)
        match = _TOML_POSITION.search(message)
        if match is None:
            raise ConfigError(_("{file}: not valid TOML: {reason}").format(file=path, reason=message)) from None
        lines = source.splitlines()
        if match.group(3):
            # NOTE: "at end of document" (an unclosed list or string): the last line that holds anything.
            line = next((n for n in range(len(lines), 0, -1) if lines[n - 1].strip()), 1)
            column = len(lines[line - 1]) + 1 if lines else 1
        else:
            line, column = int(match.group(1)), int(match.group(2))
        text = lines[line - 1] if line <= len(lines) else ""
        key = re.match(r"\s*([A-Za-z0-9_.-]+)\s*=", text)
        where = f"{path}:{line}:{column}: " + (f"{key.group(1)}: " if key else "")
        raise ConfigError(where + _("not valid TOML: {reason}").format(reason=message[: match.start()])) from None
    return parsed


def _key_line(source: str, key: str, table: str | None) -> int | None:
    """The 1-based line where ``key`` is set in ``table`` (None: the top level), found in the text.

    tomllib gives no positions, so the lines are read: table headers switch the table, and the
    first ``key =`` (bare or quoted) inside the wanted one is the answer.
    """
    current: str | None = None
    pattern = re.compile(rf"""\s*(?:{re.escape(key)}|"{re.escape(key)}"|'{re.escape(key)}')\s*=""")
    header = re.compile(r"\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(?:#.*)?$")
    for number, text in enumerate(source.splitlines(), start=1):
        found = header.match(text)
        if found:
            current = re.sub(r"\s*\.\s*", ".", found.group(1)).replace('"', "")
            if current == (f"{table}.{key}" if table else key):
                return number  # a sub-table where a value was wanted
            continue
        if current == table and pattern.match(text):
            return number
    return None


def _error(path: Path, line: int | None, key: str, what: str) -> ConfigError:
    where = f"{path}:{line}" if line is not None else str(path)
    return ConfigError(f"{where}: {key}: {what}")


def _settings(path: Path, source: str, table: dict[str, Any], prefix: str | None, formats: Collection[str]) -> Config:
    settings: dict[str, Setting] = {}
    for key, raw in table.items():
        line = _key_line(source, key, prefix)
        if key not in KEYS:
            import difflib  # NOTE: only a mistake needs it

            close = difflib.get_close_matches(key, KEYS, n=1)
            if close:
                what = _("unknown key; did you mean {name}? the keys are: {keys}")
            else:
                what = _("unknown key; the keys are: {keys}")
            raise _error(path, line, key, what.format(name=repr(close[0]) if close else "", keys=", ".join(KEYS)))
        try:
            value = _checked(key, raw, path.parent, formats)
        except ValueError as exc:
            raise _error(path, line, key, str(exc)) from None
        settings[key] = Setting(key, value, path, line)
    return Config(path, settings)


def _checked(key: str, raw: Any, folder: Path, formats: Collection[str]) -> Any:
    """A value as the command line would take it; ValueError says what is wrong with it."""
    if key == "profiles_dir":
        items = [raw] if isinstance(raw, str) else raw
        if not isinstance(items, list) or not all(isinstance(item, str) and item for item in items):
            raise ValueError(_("must be a list of folder names, got {value}").format(value=short_repr(raw)))
        return [str(folder / os.path.expanduser(item)) for item in items]
    if key == "framework":
        if not isinstance(raw, str) or not raw.strip():
            raise ValueError(
                _("must be a framework id or a framework YAML file, got {value}").format(value=short_repr(raw))
            )
        is_file = raw.lower().endswith((".yaml", ".yml")) or "/" in raw or os.sep in raw
        return str(folder / os.path.expanduser(raw)) if is_file else raw
    if key in ("min_coverage", "fail_under"):
        if isinstance(raw, bool) or not isinstance(raw, int | float):
            raise ValueError(_("must be a number from 0 to 100, got {value}").format(value=short_repr(raw)))
        if not (math.isfinite(raw) and 0 <= raw <= 100):
            raise ValueError(_("must be a number from 0 to 100, got {value}").format(value=short_repr(raw)))
        return float(raw)
    if key == "lang":
        if raw not in LANGUAGES:
            raise ValueError(
                _("must be one of {choices}, got {value}").format(choices=", ".join(LANGUAGES), value=short_repr(raw))
            )
        return raw
    # key == "format"
    if not isinstance(raw, str):
        raise ValueError(_("must be the name of a format, got {value}").format(value=short_repr(raw)))
    if raw not in formats:
        raise ValueError(
            _("unknown format {name}; choose one of: {choices}").format(name=repr(raw), choices=", ".join(formats))
        )
    return raw
