"""``clusterkit config``: the defaults in force in this folder, and where each comes from."""

from __future__ import annotations

import errno
import json
import os
import sys
import textwrap
from enum import Enum
from typing import Annotated, Any

import typer

from clusterkit import text
from clusterkit.cli.app import app, load_config
from clusterkit.cli.emit import output_width, write_stdout
from clusterkit.config import KEYS, Config
from clusterkit.errors import ClusterkitError
from clusterkit.i18n import LANGUAGE_NAMES, LOCALE_VARIABLES, N_, _, language_from_environment
from clusterkit.method import DEFAULT_MIN_COVERAGE

# What each key is when no config file sets it (the commands' own defaults).
DEFAULTS: dict[str, Any] = {
    "profiles_dir": [],
    "framework": "default",
    "min_coverage": DEFAULT_MIN_COVERAGE * 100,
    "fail_under": None,
    "format": None,
    "lang": None,
}


class ConfigFormat(str, Enum):
    table = "table"
    json = "json"


def settings(config: Config, language_option: str | None = None) -> list[dict[str, Any]]:
    """Each key's value in force, and its origin: ``FILE:LINE``, ``default``, or what chose the language
    (``--lang``, given as ``language_option``, or a locale variable)."""
    rows: list[dict[str, Any]] = []
    for key in KEYS:
        setting = config.settings.get(key)
        if key == "lang" and language_option is not None:
            rows.append({"key": key, "value": language_option, "origin": "--lang", "file": None, "line": None})
        elif setting is None and key == "lang":
            # NOTE: without a setting the language comes from the locale, as every command takes it.
            variable = next((name for name in LOCALE_VARIABLES if os.environ.get(name)), None)
            language = language_from_environment(os.environ)
            origin = f"{variable}={os.environ[variable]}" if variable else "default"
            rows.append({"key": key, "value": language, "origin": origin, "file": None, "line": None})
        elif setting is None:
            rows.append({"key": key, "value": DEFAULTS[key], "origin": "default", "file": None, "line": None})
        else:
            rows.append(
                {
                    "key": key,
                    "value": setting.value,
                    "origin": setting.origin,
                    "file": str(setting.file),
                    "line": setting.line,
                }
            )
    return rows


def shown(key: str, value: Any) -> str:
    """A value as a person reads it."""
    if key == "profiles_dir":
        return ", ".join(value) if value else _("none (CLUSTERKIT_PATH, then the bundled set)")
    if key == "min_coverage":
        return text.share(value / 100)
    if key == "fail_under":
        return _("none") if value is None else text.number(value)
    if key == "format":
        return _("each command's own") if value is None else str(value)
    if key == "lang":
        return f"{value} ({LANGUAGE_NAMES.get(value, value)})"
    return str(value)


@app.command(
    "config",
    help=N_(
        "Show the defaults in force here, from clusterkit.toml or pyproject.toml's tool.clusterkit table, and where"
        " each\n"
        "comes from (FILE:LINE or default); options on the command line override them."
    ),
)
def config_command(
    ctx: typer.Context,
    fmt: Annotated[
        ConfigFormat,
        typer.Option("--format", "-f", help=N_("Output format: table or json.")),
    ] = ConfigFormat.table,
) -> None:
    """``clusterkit config`` (its help, above, says what it does)."""
    config = load_config(ctx.find_root())
    run = ctx.find_root().obj
    rows = settings(config, run.language if run.language_origin == "--lang" else None)
    if fmt is ConfigFormat.json:
        from clusterkit.render import JSON_SCHEMA_VERSION

        doc = {
            "schema_version": JSON_SCHEMA_VERSION,
            "kind": "config",
            "file": None if config.file is None else str(config.file),
            "settings": rows,
        }
        _write(json.dumps(doc, indent=2, ensure_ascii=False) + "\n")
        return
    found = str(config.file) if config.file is not None else _("none found here or in a parent folder")
    # NOTE: laid out as every command's table is: the terminal's width, else COLUMNS, else 100.
    columns = output_width(sys.stdout is not None and sys.stdout.isatty())
    # NOTE: wrapped at spaces only, so a path is never cut.
    lines = textwrap.wrap(
        _("config file: {file}").format(file=found), max(20, columns), break_long_words=False, break_on_hyphens=False
    )
    # NOTE: the keys are the config file's own names; "default" is said in the run's language.
    cells = [
        (row["key"], shown(row["key"], row["value"]), _("default") if row["origin"] == "default" else row["origin"])
        for row in rows
    ]
    header = (_("key"), _("value"), _("from"))
    widths = [max(len(c[i]) for c in [header, *cells]) for i in range(3)]
    if sum(widths) + 4 <= columns:
        for key, value, origin in [header, *cells]:
            lines.append(f"{key:<{widths[0]}}  {value:<{widths[1]}}  {origin}".rstrip())
    else:
        # NOTE: too narrow for three columns (long folder names): one block per key, nothing cut.
        for key, value, origin in cells:
            lines += ["", key, _("  value: {value}").format(value=value), _("  from:  {origin}").format(origin=origin)]
    _write("\n".join(lines) + "\n")


def _write(text: str) -> None:
    """The table or JSON on stdout; a closed or failing stdout is an error that says so (exit 2)."""
    if sys.stdout is None:
        # NOTE: `config >&-`: there is no -o FILE to suggest, so the reason is the one the system gives.
        raise ClusterkitError(_("cannot write to standard output: {reason}").format(reason=os.strerror(errno.EBADF)))
    write_stdout(text)
