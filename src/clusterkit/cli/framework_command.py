"""``clusterkit framework``: the framework on screen, its indicators, and each indicator's rubric."""

from __future__ import annotations

import difflib
from typing import TYPE_CHECKING, Annotated

import typer

from clusterkit.cli.app import app, fail, message
from clusterkit.cli.completion import indicator_ids
from clusterkit.cli.emit import emit, output_format, table_format
from clusterkit.cli.options import (
    FrameworkOpt,
    NoColor,
    Output,
    ProfilesDir,
    TableOpt,
    chosen_framework,
    format_option,
    run_context,
)
from clusterkit.errors import short_repr
from clusterkit.i18n import N_, _

if TYPE_CHECKING:
    from clusterkit.models import Framework


def unknown_indicators(framework: Framework, asked: list[str], listing: str) -> list[str]:
    """A line for each id the framework does not define: the closest id it does, or the command that lists them."""
    known = [i.id for i in framework.indicators]
    lines = []
    for ind_id in dict.fromkeys(asked):
        if ind_id in known:
            continue
        close = difflib.get_close_matches(ind_id.lower(), known, n=1, cutoff=0.5)
        if close:
            line = _("framework {framework} has no indicator {indicator}; did you mean {name}?")
        else:
            line = _("framework {framework} has no indicator {indicator}; `{command}` lists them")
        lines.append(
            line.format(
                framework=repr(framework.id),
                indicator=short_repr(ind_id),
                name=repr(close[0]) if close else "",
                command=listing,
            )
        )
    return lines


@app.command(
    "framework",
    help=N_(
        "Show the framework: every dimension and indicator, or each indicator named whole with its rubric.\n"
        "\n"
        "Without ids: measured or assessed, rule and thresholds, weight, share of the overall score and\n"
        "ESCA/ECEI area of every indicator. With ids: the question, the rubric of levels 0-4, the sources."
    ),
)
def framework_command(
    ctx: typer.Context,
    indicators: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="INDICATOR",
            autocompletion=indicator_ids,
            help=N_("Indicator ids to show whole: question, rubric of levels 0-4, sources (default: list every one)."),
            show_default=False,
        ),
    ] = None,
    framework: FrameworkOpt = None,
    profiles_dir: ProfilesDir = None,
    fmt: Annotated[str | None, format_option("framework")] = None,
    output: Output = None,
    table: TableOpt = None,
    no_color: NoColor = False,
) -> None:
    """``clusterkit framework`` (its help, above, says what it does)."""
    from clusterkit.views.framework import framework_view

    table_format(output_format(output, fmt, "framework"), table)  # a usage error before any file is read
    run = run_context(ctx, profiles_dir, no_color)
    fw = chosen_framework(run, run.catalog(), framework)
    asked = list(indicators or [])
    listing = "clusterkit framework" + ("" if framework is None else f" --framework {framework}")
    problems = unknown_indicators(fw, asked, listing)
    if problems:
        for line in problems[:-1]:
            message(_("error: {message}").format(message=line))
        fail(problems[-1])
    emit(run, framework_view(fw, asked), fmt, output, table=table)
