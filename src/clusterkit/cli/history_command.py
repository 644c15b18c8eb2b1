"""``clusterkit history ID``: a cluster's dated assessments scored oldest first, and each change explained."""

from __future__ import annotations

from typing import Annotated

import typer

from clusterkit.cli.app import app, fail
from clusterkit.cli.commands import method_options, scoring_run
from clusterkit.cli.completion import cluster_ids
from clusterkit.cli.emit import emit
from clusterkit.cli.options import (
    AggregationOpt,
    DirectOnlyOpt,
    FrameworkOpt,
    MissingOpt,
    NoColor,
    NormalisationOpt,
    Output,
    ProfilesDir,
    TableOpt,
    format_option,
)
from clusterkit.i18n import N_, _


@app.command(
    "history",
    help=N_(
        "Every dated assessment of a cluster, oldest first: overall and dimension scores, coverage, and each\n"
        "change to the next split into levels that changed, indicators newly known and no longer known.\n"
        "\n"
        "Each assessment is scored on the facts as they stood at its date. The target is left out (compare\n"
        "ID ID@target shows it). A cluster with no dated assessment has an empty history (exit 0, with a note)."
    ),
)
def history_command(
    ctx: typer.Context,
    cluster_id: Annotated[
        str, typer.Argument(metavar="ID", autocompletion=cluster_ids, help=N_("Cluster id, e.g. mnc."))
    ],
    framework: FrameworkOpt = None,
    missing: MissingOpt = "ignore",
    aggregation: AggregationOpt = "arithmetic",
    normalisation: NormalisationOpt = "thresholds",
    direct_only: DirectOnlyOpt = False,
    profiles_dir: ProfilesDir = None,
    fmt: Annotated[str | None, format_option("history")] = None,
    output: Output = None,
    table: TableOpt = None,
    no_color: NoColor = False,
) -> None:
    """``clusterkit history`` (its help, above, says what it does)."""
    from clusterkit.change import history
    from clusterkit.scoring import RuleError
    from clusterkit.views.change import history_view

    if "@" in cluster_id:
        fail(_("history takes a cluster id, not {ref}: it shows every dated assessment").format(ref=repr(cluster_id)))
    run, catalog, fw = scoring_run(ctx, profiles_dir, no_color, framework)
    cluster = catalog.cluster(cluster_id)
    run.inputs.append(catalog.entry("cluster", cluster_id).path)
    method = method_options(catalog, fw, missing, aggregation, normalisation, direct_only)
    try:
        result = history(cluster, fw, **method)
    except RuleError as exc:
        fail(str(exc))
    if not result.scores:
        run.notes.add(
            _("note: {cluster} has no dated assessment against framework {framework}; its history is empty").format(
                cluster=cluster_id, framework=repr(fw.id)
            )
        )
    emit(run, history_view(result), fmt, output, table=table)
