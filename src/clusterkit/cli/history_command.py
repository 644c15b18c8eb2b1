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


@app.command("history")
def history_command(
    ctx: typer.Context,
    cluster_id: Annotated[str, typer.Argument(metavar="ID", autocompletion=cluster_ids, help="Cluster id, e.g. mnc.")],
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
    """Every dated assessment of a cluster, oldest first: overall and dimension scores, coverage, and each
    change to the next split into levels that changed, indicators newly known and no longer known.

    Each assessment is scored on the facts as they stood at its date. The target is left out (compare
    ID ID@target shows it). A cluster with no dated assessment has an empty history (exit 0, with a note).
    """
    from clusterkit.change import history
    from clusterkit.scoring import RuleError
    from clusterkit.views.change import history_view

    if "@" in cluster_id:
        fail(f"history takes a cluster id, not {cluster_id!r}: it shows every dated assessment")
    run, catalog, fw = scoring_run(ctx, profiles_dir, no_color, framework)
    cluster = catalog.cluster(cluster_id)
    run.inputs.append(catalog.entry("cluster", cluster_id).path)
    method = method_options(catalog, fw, missing, aggregation, normalisation, direct_only)
    try:
        result = history(cluster, fw, **method)
    except RuleError as exc:
        fail(str(exc))
    if not result.scores:
        run.notes.add(f"note: {cluster_id} has no dated assessment against framework {fw.id!r}; its history is empty")
    emit(run, history_view(result), fmt, output, table=table)
