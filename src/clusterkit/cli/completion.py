"""Shell completion of ids, dates and formats (bash, zsh, fish), from the file names on the search path.

Completing must stay quick: ids come from file names (``clusters/ID.yaml``), never from reading and
validating profiles; the dates of one cluster read that one file with the fast YAML loader. Nothing
here is imported to build the command line, only when the shell asks for completions.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import typer

PROG = "clusterkit"

# NOTE: the document suffixes the search path reads (any case is read, these are what people write).
_SUFFIXES = (".yaml", ".yml")


def _search_dirs(ctx: typer.Context) -> list[Path]:
    """The folders searched in this run: ``-p`` given so far on the line, ``CLUSTERKIT_PATH``, the bundled set."""
    from clusterkit.loading.search_path import search_dirs

    given = ctx.params.get("profiles_dir") or []
    return search_dirs([Path(os.path.expanduser(str(d))) for d in given])


def _documents(ctx: typer.Context, folder: str) -> dict[str, Path]:
    """Each document id in the kind folder ``folder`` (``clusters``...) and its file; the first on the path wins."""
    found: dict[str, Path] = {}
    for root in _search_dirs(ctx):
        try:
            with os.scandir(root / folder) as listing:
                names = sorted(entry.name for entry in listing)
        except OSError:
            continue
        for name in names:
            stem, suffix = os.path.splitext(name)
            if suffix.lower() in _SUFFIXES and not name.startswith("."):
                found.setdefault(stem, root / folder / name)
    return found


def _read(path: Path) -> dict[str, Any]:
    """One profile's top-level mapping, read with the fast loader; nothing for a file that does not parse."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=loader)
    except (OSError, UnicodeError, yaml.YAMLError):
        return {}
    return data if isinstance(data, dict) else {}


def _ids(data: dict[str, Any], key: str) -> list[str]:
    items = data.get(key)
    if not isinstance(items, list):
        return []
    return [str(item["id"]) for item in items if isinstance(item, dict) and "id" in item]


def cluster_ids(ctx: typer.Context, incomplete: str) -> list[str]:
    """Cluster ids on the search path."""
    return [i for i in _documents(ctx, "clusters") if i.startswith(incomplete)]


def cluster_refs(ctx: typer.Context, incomplete: str) -> list[str]:
    """Cluster ids, and after ``ID@`` that cluster's assessment dates and ``target`` when it has one."""
    if "@" not in incomplete:
        return cluster_ids(ctx, incomplete)
    cluster_id = incomplete.partition("@")[0]
    path = _documents(ctx, "clusters").get(cluster_id)
    if path is None:
        return []
    data = _read(path)
    dates = [str(a["date"]) for a in data.get("assessments") or [] if isinstance(a, dict) and "date" in a]
    if data.get("target") is not None:
        dates.append("target")
    refs = [f"{cluster_id}@{d}" for d in dict.fromkeys(dates)]
    return [r for r in refs if r.startswith(incomplete)]


def strategy_ids(ctx: typer.Context, incomplete: str) -> list[str]:
    """Strategy ids on the search path."""
    return [i for i in _documents(ctx, "strategies") if i.startswith(incomplete)]


def framework_ids(ctx: typer.Context, incomplete: str) -> list[str]:
    """Framework ids on the search path (``--framework`` takes a YAML file too, which the shell completes)."""
    return [i for i in _documents(ctx, "frameworks") if i.startswith(incomplete)]


def _framework_data(ctx: typer.Context) -> dict[str, Any]:
    """The framework ``--framework`` names so far on the line (an id or a file), else ``default``."""
    chosen = ctx.params.get("framework") or "default"
    if chosen.lower().endswith(_SUFFIXES) or os.sep in chosen:
        return _read(Path(chosen))
    path = _documents(ctx, "frameworks").get(chosen)
    return {} if path is None else _read(path)


def dimension_ids(ctx: typer.Context, incomplete: str) -> list[str]:
    """The dimension ids of the chosen framework."""
    return [i for i in _ids(_framework_data(ctx), "dimensions") if i.startswith(incomplete)]


def indicator_ids(ctx: typer.Context, incomplete: str) -> list[str]:
    """The indicator ids of the chosen framework."""
    return [i for i in _ids(_framework_data(ctx), "indicators") if i.startswith(incomplete)]


def formats_of(kind: str) -> Callable[[str], list[str]]:
    """Completion of ``--format`` for a command whose result is a view of ``kind``."""

    def formats(incomplete: str) -> list[str]:
        from clusterkit.render import formats_for

        return [f for f in formats_for(kind) if f.startswith(incomplete)]

    return formats


# --- the shell scripts (Typer's, which speak its protocol for bash, zsh, fish and PowerShell) -------


def register_shells() -> None:
    """Make click answer completion requests in the protocols Typer's scripts speak."""
    from typer.completion import completion_init  # type: ignore[attr-defined]  # NOTE: re-exported by Typer

    completion_init()


def completion_script(shell: str, complete_var: str) -> str:
    """The script that makes ``shell`` complete clusterkit's command line."""
    from typer.completion import get_completion_script  # type: ignore[attr-defined]

    script: str = get_completion_script(prog_name=PROG, complete_var=complete_var, shell=shell)
    return script


def install_script(shell: str, complete_var: str) -> Path:
    """Write the completion script where ``shell`` loads it from (its start-up file made to load it); the file."""
    from typer.completion import install  # type: ignore[attr-defined]

    path: Path = install(shell=shell, prog_name=PROG, complete_var=complete_var)[1]
    return path
