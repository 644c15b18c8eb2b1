"""``clusterkit config``: the defaults in force in this folder, and where each comes from."""

from __future__ import annotations

import json
import sys
from enum import Enum
from typing import Annotated, Any

import typer

from clusterkit import text
from clusterkit.cli.app import app, load_config
from clusterkit.config import KEYS, Config
from clusterkit.method import DEFAULT_MIN_COVERAGE

# What each key is when no config file sets it (the commands' own defaults).
DEFAULTS: dict[str, Any] = {
    "profiles_dir": [],
    "framework": "default",
    "min_coverage": DEFAULT_MIN_COVERAGE * 100,
    "fail_under": None,
    "format": None,
}


class ConfigFormat(str, Enum):
    table = "table"
    json = "json"


def settings(config: Config) -> list[dict[str, Any]]:
    """Each key's value in force, and its origin: ``FILE:LINE`` or ``default``."""
    rows = []
    for key in KEYS:
        setting = config.settings.get(key)
        if setting is None:
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
        return ", ".join(value) if value else "none (CLUSTERKIT_PATH, then the bundled set)"
    if key == "min_coverage":
        return text.share(value / 100)
    if key == "fail_under":
        return "none" if value is None else text.number(value)
    if key == "format":
        return "each command's own" if value is None else str(value)
    return str(value)


@app.command("config")
def config_command(
    ctx: typer.Context,
    fmt: Annotated[
        ConfigFormat,
        typer.Option("--format", "-f", help="Output format: table or json."),
    ] = ConfigFormat.table,
) -> None:
    """Show the defaults in force here, from clusterkit.toml or pyproject.toml's tool.clusterkit table, and where each
    comes from (FILE:LINE or default); options on the command line override them."""
    config = load_config(ctx.find_root())
    rows = settings(config)
    if fmt is ConfigFormat.json:
        from clusterkit.render import JSON_SCHEMA_VERSION

        doc = {
            "schema_version": JSON_SCHEMA_VERSION,
            "kind": "config",
            "file": None if config.file is None else str(config.file),
            "settings": rows,
        }
        sys.stdout.write(json.dumps(doc, indent=2, ensure_ascii=False) + "\n")
        return
    lines = [f"config file: {config.file if config.file is not None else 'none found here or in a parent folder'}"]
    cells = [(row["key"], shown(row["key"], row["value"]), row["origin"]) for row in rows]
    widths = [max(len(c[i]) for c in [("key", "value", "from"), *cells]) for i in range(2)]
    for key, value, origin in [("key", "value", "from"), *cells]:
        lines.append(f"{key:<{widths[0]}}  {value:<{widths[1]}}  {origin}")
    sys.stdout.write("\n".join(lines) + "\n")
