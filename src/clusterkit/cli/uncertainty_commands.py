"""The commands that weigh a result's uncertainty: ``sensitivity`` and ``label``."""

from __future__ import annotations

from typing import Annotated

import typer

from clusterkit.cli.app import Findings, app, fail, message
from clusterkit.cli.commands import score_one, scoring_run
from clusterkit.cli.emit import emit
from clusterkit.cli.options import FrameworkOpt, NoColor, Output, ProfilesDir, fail_under_option, format_option


@app.command("sensitivity")
def sensitivity_command(
    ctx: typer.Context,
    clusters: Annotated[
        list[str] | None, typer.Argument(metavar="[ID...]", help="Clusters to analyse (default: all).")
    ] = None,
    draws: Annotated[int, typer.Option("--draws", min=1, max=1_000_000, help="Monte Carlo draws.")] = 1000,
    seed: Annotated[int, typer.Option("--seed", help="Random seed: the same seed gives the same output.")] = 0,
    spread: Annotated[
        float, typer.Option("--spread", min=0.0, max=0.95, help="Weights vary uniformly within ±spread of nominal.")
    ] = 0.25,
    framework: FrameworkOpt = None,
    profiles_dir: ProfilesDir = None,
    fmt: Annotated[str | None, format_option("sensitivity")] = None,
    output: Output = None,
    no_color: NoColor = False,
) -> None:
    """Monte Carlo uncertainty of scores and ranks under other weights, aggregations and left-out indicators."""
    from clusterkit.scoring import score
    from clusterkit.sensitivity import analyse
    from clusterkit.views.sensitivity import sensitivity_view

    run, catalog, fw = scoring_run(ctx, profiles_dir, no_color, framework)
    if clusters:
        scores = [score_one(run, catalog, ref, fw) for ref in clusters]
    else:
        scores = [score(c, fw) for c in catalog.clusters()]
    if not scores:
        fail("no clusters to analyse")
    emit(run, sensitivity_view(analyse(scores, fw, draws=draws, seed=seed, spread=spread)), fmt, output)


@app.command("label")
def label_command(
    ctx: typer.Context,
    cluster_ref: Annotated[str, typer.Argument(metavar="ID", help="Cluster id (ID@DATE or ID@target too).")],
    fail_under: Annotated[float | None, fail_under_option("the weight at good-practice level is below N %")] = None,
    framework: FrameworkOpt = None,
    profiles_dir: ProfilesDir = None,
    fmt: Annotated[str | None, format_option("label")] = None,
    output: Output = None,
    no_color: NoColor = False,
) -> None:
    """Indicative label readiness: ESCA eligibility criteria and the share of weight at good practice."""
    from clusterkit import text
    from clusterkit.label import readiness
    from clusterkit.views.label import label_view

    run, catalog, fw = scoring_run(ctx, profiles_dir, no_color, framework)
    scored = score_one(run, catalog, cluster_ref, fw)
    result = readiness(catalog.cluster(scored.cluster), scored, fw)
    emit(run, label_view(result), fmt, output)
    if fail_under is not None and result.good_share * 100 < fail_under:
        shown = text.share(result.good_share)
        message(f"{cluster_ref}: {shown} of the weight at good practice is below {text.number(fail_under)} %")
        raise Findings()
