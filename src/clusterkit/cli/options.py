"""Options shared by many commands, defined once (Typer ``Annotated`` aliases), and the run they set."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from clusterkit import text
from clusterkit.cli.completion import formats_of, framework_ids
from clusterkit.cli.params import HelpText
from clusterkit.i18n import N_, _
from clusterkit.method import Aggregation, Missing, Normalisation
from clusterkit.render import default_format, formats_for
from clusterkit.run import Run

if TYPE_CHECKING:
    from clusterkit.loading import Catalog
    from clusterkit.models import Framework

ProfilesDir = Annotated[
    list[Path] | None,
    typer.Option(
        "--profiles-dir",
        "-p",
        metavar="DIR",
        help=N_("Folder of user profiles, searched before CLUSTERKIT_PATH and the bundled set (repeatable)."),
        show_default=False,
    ),
]


def format_option(kind: str) -> Any:
    """``--format`` for a command whose result is a view of ``kind``: its help lists what the registry accepts."""
    choices = ", ".join(formats_for(kind))
    default = default_format(kind)
    return typer.Option(
        "--format",
        "-f",
        metavar="FORMAT",
        autocompletion=formats_of(kind),
        help=HelpText(
            N_("Output format: {choices}. Default: from the --output suffix, else {default}."),
            choices=choices,
            default=default,
        ),
        show_default=False,
    )


def _stdout_dash(value: str | None) -> str | None:
    return None if value == "-" else value  # the usual spelling of stdout


# NOTE: text, not Path: pathlib would drop the trailing '/' of `-o newdir/` and write a file "newdir".
Output = Annotated[
    str | None,
    typer.Option(
        "--output",
        "-o",
        metavar="FILE",
        help=N_("Write to FILE (atomically) instead of stdout ('-' is stdout)."),
        show_default=False,
        callback=_stdout_dash,
    ),
]
TableOpt = Annotated[
    str | None,
    typer.Option(
        "--table",
        metavar="NAME",
        help=N_("With CSV: the table to write, by its name (default: the main table); a wrong name lists the names."),
        show_default=False,
    ),
]
StrictOpt = Annotated[
    bool,
    typer.Option(
        "--strict",
        help=N_(
            "Stop at an invalid document among those read (exit 2, nothing written) instead of leaving it out (exit 1)."
        ),
    ),
]
NoColor = Annotated[
    bool, typer.Option("--no-color", help=N_("Plain text even on a terminal (NO_COLOR is honoured too)."))
]
FrameworkOpt = Annotated[
    str | None,
    typer.Option(
        "--framework",
        metavar="ID|FILE",
        autocompletion=framework_ids,
        help=N_("Framework id on the search path, or a framework YAML file."),
        show_default=False,
    ),
]
MissingOpt = Annotated[
    Missing,
    typer.Option(
        "--missing", help=N_("Unknown indicators: 'ignore' (score what is known) or 'zero' (count as level 0).")
    ),
]
AggregationOpt = Annotated[
    Aggregation,
    typer.Option("--aggregation", help=N_("Weighted 'arithmetic' or 'geometric' mean within and across dimensions.")),
]
NormalisationOpt = Annotated[
    Normalisation,
    typer.Option(
        "--normalisation", help=N_("Measured indicators: fixed 'thresholds' or 'minmax' across the collection.")
    ),
]


def _percent(value: float | None) -> float | None:
    """--fail-under: a finite number from 0 to 100 (nan would turn the gate off; inf, 150 always fail)."""
    if value is not None and not 0 <= value <= 100:  # also false for nan
        raise typer.BadParameter(_("must be a number from 0 to 100, got {value}").format(value=text.number(value)))
    return value


def _coverage_percent(value: float) -> float:
    if not 0 <= value <= 100:  # also false for nan
        raise typer.BadParameter(_("must be a percentage from 0 to 100, got {value}").format(value=text.number(value)))
    return value


DirectOnlyOpt = Annotated[
    bool,
    typer.Option(
        "--direct-only",
        help=N_(
            "Score on direct evidence alone: a level inferred (from a label, a national strategy) counts as unknown."
        ),
    ),
]
MinCoverageOpt = Annotated[
    float,
    typer.Option(
        "--min-coverage",
        metavar="PERCENT",
        help=N_(
            "Data-availability threshold: a cluster with less of its weight known (%) is not ranked, and is flagged."
        ),
        callback=_coverage_percent,
    ),
]


def fail_under_option(help_text: str) -> Any:
    """``--fail-under N`` with its help (a text marked with ``N_``: "Exit 1 when ...")."""
    return typer.Option("--fail-under", metavar="N", help=help_text, show_default=False, callback=_percent)


def run_context(ctx: typer.Context, profiles_dir: list[Path] | None = None, no_color: bool = False) -> Run:
    """This run's context (made by the program for each run), with the options every data command shares."""
    run: Run = ctx.obj
    run.profiles_dirs = list(profiles_dir or [])
    run.no_color = no_color
    return run


def chosen_framework(run: Run, catalog: Catalog, framework: str | None) -> Framework:
    """The framework ``--framework`` names: an id on the search path, or a framework YAML file
    (default: ``default``); either is recorded as an input, which no output may overwrite."""
    from clusterkit.loading import load_document
    from clusterkit.models import Framework

    if framework is not None and (framework.lower().endswith((".yaml", ".yml")) or os.sep in framework):
        run.inputs.append(Path(framework))
        doc = load_document(framework, "framework")
        assert isinstance(doc, Framework)
        return doc
    found = catalog.framework(framework or "default")
    run.inputs.append(catalog.entry("framework", found.id).path)
    return found
