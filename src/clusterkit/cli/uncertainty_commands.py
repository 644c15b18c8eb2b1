"""The commands that weigh a result's uncertainty: ``sensitivity`` and ``label``."""

from __future__ import annotations

from typing import Annotated

import typer

from clusterkit.cli.app import Findings, app, fail, message
from clusterkit.cli.commands import left_out_findings, score_one, scoring_run
from clusterkit.cli.completion import cluster_refs
from clusterkit.cli.emit import emit, progress
from clusterkit.cli.options import (
    FrameworkOpt,
    MinCoverageOpt,
    NoColor,
    Output,
    ProfilesDir,
    StrictOpt,
    TableOpt,
    fail_under_option,
    format_option,
)
from clusterkit.i18n import N_, _
from clusterkit.method import DEFAULT_MIN_COVERAGE

# NOTE: the defaults are clusterkit.sensitivity's DEFAULT_DRAWS and DEFAULT_SPREAD, written out so that
# building the command line never imports the analysis (tests/test_imports.py).
SeedOpt = Annotated[
    int, typer.Option("--seed", metavar="SEED", help=N_("Random seed: the same seed gives the same output."))
]
SpreadOpt = Annotated[
    float,
    typer.Option(
        "--spread", min=0.0, max=0.95, metavar="FRACTION", help=N_("Weights vary uniformly within ±spread of nominal.")
    ),
]


@app.command(
    "sensitivity",
    help=N_(
        "Monte Carlo uncertainty of scores and ranks under other weights, aggregations and left-out indicators.\n"
        "\n"
        "A cluster with less of the weight known than --min-coverage is scored but not ranked: no rank,\n"
        "no pair probability; it is listed after the ranked ones with the reason."
    ),
)
def sensitivity_command(
    ctx: typer.Context,
    clusters: Annotated[
        list[str] | None,
        typer.Argument(metavar="ID", autocompletion=cluster_refs, help=N_("Clusters to analyse (default: all).")),
    ] = None,
    draws: Annotated[
        int, typer.Option("--draws", min=1, max=1_000_000, metavar="N", help=N_("Monte Carlo draws."))
    ] = 1000,
    seed: SeedOpt = 0,
    spread: SpreadOpt = 0.25,
    min_coverage: MinCoverageOpt = DEFAULT_MIN_COVERAGE * 100,
    framework: FrameworkOpt = None,
    profiles_dir: ProfilesDir = None,
    fmt: Annotated[str | None, format_option("sensitivity")] = None,
    output: Output = None,
    table: TableOpt = None,
    no_color: NoColor = False,
    strict: StrictOpt = False,
) -> None:
    """``clusterkit sensitivity`` (its help, above, says what it does)."""
    from clusterkit.scoring import score
    from clusterkit.sensitivity import analyse
    from clusterkit.views.sensitivity import sensitivity_view

    run, catalog, fw = scoring_run(ctx, profiles_dir, no_color, framework, skip_invalid=not strict)
    if clusters:
        scores = [score_one(run, catalog, ref, fw) for ref in clusters]
    else:
        scores = [score(c, fw) for c in catalog.clusters()]
    if not scores:
        fail(_("no clusters to analyse"))
    with progress(_("Monte Carlo"), run.quiet, unit=_("draws")) as update:
        result = analyse(
            scores, fw, draws=draws, seed=seed, spread=spread, min_coverage=min_coverage / 100, progress=update
        )
    emit(run, sensitivity_view(result), fmt, output, table=table)
    left_out_findings(run)


@app.command(
    "label",
    help=N_(
        "Indicative label readiness: ESCA eligibility criteria and the share of weight at good practice.\n"
        "\n"
        "With --draws, how close a call the verdict is: how often the share reaches 80 % when the\n"
        "weights vary within ±spread and one indicator or none is left out. --seed and --spread apply\n"
        "only with --draws."
    ),
)
def label_command(
    ctx: typer.Context,
    cluster_ref: Annotated[
        str,
        typer.Argument(metavar="ID", autocompletion=cluster_refs, help=N_("Cluster id (ID@DATE or ID@target too).")),
    ],
    fail_under: Annotated[
        float | None, fail_under_option(N_("Exit 1 when the weight at good-practice level is below N %."))
    ] = None,
    draws: Annotated[
        int | None,
        typer.Option(
            "--draws",
            min=1,
            max=1_000_000,
            metavar="N",
            help=N_(
                "Monte Carlo draws of the method (as in sensitivity): the probability that the share reaches "
                "the Gold 80 %, with its 5-95 % interval. With it, CSV writes that table."
            ),
            show_default=False,
        ),
    ] = None,
    seed: SeedOpt = 0,
    spread: SpreadOpt = 0.25,
    framework: FrameworkOpt = None,
    profiles_dir: ProfilesDir = None,
    fmt: Annotated[str | None, format_option("label")] = None,
    output: Output = None,
    table: TableOpt = None,
    no_color: NoColor = False,
) -> None:
    """``clusterkit label`` (its help, above, says what it does)."""
    from clusterkit import text
    from clusterkit.label import readiness
    from clusterkit.views.label import label_view

    run, catalog, fw = scoring_run(ctx, profiles_dir, no_color, framework)
    scored = score_one(run, catalog, cluster_ref, fw)
    with progress(_("Monte Carlo"), run.quiet or draws is None, unit=_("draws")) as update:
        result = readiness(
            catalog.cluster(scored.cluster), scored, fw, draws=draws, seed=seed, spread=spread, progress=update
        )
    emit(run, label_view(result), fmt, output, table=table)
    if fail_under is not None and result.good_share * 100 < fail_under:
        shown = text.share(result.good_share)
        message(
            _("{cluster}: {share} of the weight at good practice is below {limit} %").format(
                cluster=cluster_ref, share=shown, limit=text.number(fail_under)
            )
        )
        raise Findings()
