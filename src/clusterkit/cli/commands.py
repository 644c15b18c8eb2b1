"""The commands: each parses its options, asks the core for a result, and emits its view."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from clusterkit.cli.app import Findings, app, fail, message
from clusterkit.cli.completion import cluster_ids, cluster_refs, dimension_ids, strategy_ids
from clusterkit.cli.emit import emit, output_format, progress, table_format
from clusterkit.cli.options import (
    AggregationOpt,
    DirectOnlyOpt,
    FrameworkOpt,
    MinCoverageOpt,
    MissingOpt,
    NoColor,
    NormalisationOpt,
    Output,
    ProfilesDir,
    StrictOpt,
    TableOpt,
    chosen_framework,
    fail_under_option,
    format_option,
    run_context,
)
from clusterkit.errors import and_more
from clusterkit.i18n import N_, _, ngettext
from clusterkit.method import DEFAULT_MIN_COVERAGE, Aggregation, Missing, Normalisation
from clusterkit.run import Run

if TYPE_CHECKING:
    from clusterkit.loading import Catalog
    from clusterkit.models import Cluster, Framework
    from clusterkit.scoring import ClusterScore
    from clusterkit.views import View


# --- what several commands do ------------------------------------------------------------------


def scoring_run(
    ctx: typer.Context,
    profiles_dir: list[Path] | None,
    no_color: bool,
    framework: str | None,
    skip_invalid: bool = False,
) -> tuple[Run, Catalog, Framework]:
    """A scoring command's run, the catalog of its search path, and the framework ``--framework`` names.

    ``skip_invalid``: reading every document of a kind leaves invalid ones out (see :func:`left_out_findings`).
    """
    run = run_context(ctx, profiles_dir, no_color)
    catalog = run.catalog(skip_invalid=skip_invalid)
    return run, catalog, chosen_framework(run, catalog, framework)


def left_out_findings(run: Run) -> None:
    """After the output: each problem of every invalid document left out, then a line counting them; exit 1.

    A command that reads every document of a kind goes on without an invalid one (unless --strict)
    and says so here, as ``validate`` would: one located line per problem.
    """
    from clusterkit import text

    left = run.left_out()
    if not left:
        return
    for entry, error in left:
        for line in error.lines() if error.problems else [f"{entry.display()}: {error.message}"]:
            message(line)
    names = [entry.display() for entry, _error in left]
    line = ngettext(
        "error: {count} invalid document left out: {names}; see clusterkit validate",
        "error: {count} invalid documents left out: {names}; see clusterkit validate",
        len(left),
    )
    message(line.format(count=text.number(len(left)), names=and_more(names)))
    raise Findings()


def _note_unknown_addresses(run: Run, catalog: Catalog, framework: Framework) -> None:
    from clusterkit.comparison import unknown_addresses

    for set_id, practice_id, indicator in unknown_addresses(catalog.practices(), framework):
        where = catalog.entry("practices", set_id).display()
        run.notes.add(
            _(
                "note: {file}: practice {practice} names indicator {indicator}, which framework {framework} does not"
                " define; its recommendation ignores it (`clusterkit validate` shows where)"
            ).format(file=where, practice=repr(practice_id), indicator=repr(indicator), framework=repr(framework.id))
        )


def _split_ref(ref: str) -> tuple[str, str | None]:
    from clusterkit.scoring import split_ref

    try:
        return split_ref(ref)
    except ValueError as exc:
        fail(str(exc))


def score_one(run: Run, catalog: Catalog, ref: str, framework: Framework, **method: Any) -> ClusterScore:
    from clusterkit.scoring import RuleError, score

    cluster_id, at = _split_ref(ref)
    cluster = catalog.cluster(cluster_id)
    run.inputs.append(catalog.entry("cluster", cluster_id).path)
    _note_unused_levels(run, catalog, cluster, framework)
    try:
        return score(cluster, framework, at=at, **method)
    except (RuleError, LookupError) as exc:
        fail(str(exc))


def _note_unused_levels(run: Run, catalog: Catalog, cluster: Cluster, framework: Framework) -> None:
    from clusterkit.scoring import unused_levels

    where = catalog.entry("cluster", cluster.id).display()
    for place, why in unused_levels(cluster, framework):
        run.notes.add(
            _("note: {file}: {field}: level not used: {reason} (`clusterkit validate` shows where)").format(
                file=where, field=place, reason=why
            )
        )


def method_options(
    catalog: Catalog,
    framework: Framework,
    missing: Missing,
    aggregation: Aggregation,
    normalisation: Normalisation,
    direct_only: bool = False,
) -> dict[str, Any]:
    """The scoring method the options name, with the collection's ranges for min-max scoring."""
    method: dict[str, Any] = {"missing": missing, "aggregation": aggregation, "normalisation": normalisation}
    if direct_only:  # NOTE: only when asked, so the cached summaries of the usual method keep their key
        method["direct_only"] = True
    if normalisation == "minmax":
        from clusterkit.scoring import collection_ranges

        method["ranges"] = collection_ranges(catalog.clusters(), framework)
    return method


@app.command(
    "list",
    help=N_(
        "List the clusters on the search path (id, name, country, city, founded, sectors, status).\n"
        "\n"
        "An invalid cluster document is left out: its problems go to stderr and the exit code is 1."
    ),
)
def list_command(
    ctx: typer.Context,
    country: Annotated[
        str | None,
        typer.Option("--country", metavar="CODE", help=N_("Only clusters in this country (ISO code, e.g. MA).")),
    ] = None,
    sector: Annotated[
        str | None, typer.Option("--sector", metavar="TEXT", help=N_("Only clusters whose sectors mention this text."))
    ] = None,
    profiles_dir: ProfilesDir = None,
    fmt: Annotated[str | None, format_option("clusters")] = None,
    output: Output = None,
    table: TableOpt = None,
    strict: StrictOpt = False,
    no_color: NoColor = False,
) -> None:
    """``clusterkit list`` (its help, above, says what it does)."""
    from clusterkit.listing import ROWS_KEY, cluster_row, filter_rows
    from clusterkit.views.clusters import clusters_view

    run = run_context(ctx, profiles_dir, no_color)
    # NOTE: the rows of unchanged profiles come from the cache: a warm list reads no profile.
    rows = run.catalog(skip_invalid=not strict).derived("cluster", ROWS_KEY, cluster_row)
    emit(run, clusters_view(filter_rows(rows, country, sector)), fmt, output, table=table)
    left_out_findings(run)


@app.command(
    "show",
    help=N_(
        "Show one cluster: every field with its citation.\n"
        "\n"
        "An invalid references document is left out (its problems on stderr, exit 1); an invalid ID exits 2."
    ),
)
def show_command(
    ctx: typer.Context,
    cluster_id: Annotated[
        str, typer.Argument(metavar="ID", autocompletion=cluster_ids, help=N_("Cluster id, e.g. mnc."))
    ],
    profiles_dir: ProfilesDir = None,
    fmt: Annotated[str | None, format_option("cluster")] = None,
    output: Output = None,
    strict: StrictOpt = False,
    no_color: NoColor = False,
) -> None:
    """``clusterkit show`` (its help, above, says what it does)."""
    from clusterkit.bibliography import cited_by
    from clusterkit.views.listing import cluster_view

    run = run_context(ctx, profiles_dir, no_color)
    catalog = run.catalog(skip_invalid=not strict)
    cluster = catalog.cluster(cluster_id)
    run.inputs.append(catalog.entry("cluster", cluster_id).path)
    run.inputs.extend(entry.path for entry in catalog.candidates("references"))
    emit(run, cluster_view(cluster, cited_by(cluster, catalog.references(), "cluster", cluster_id)), fmt, output)
    left_out_findings(run)


@app.command(
    "validate",
    help=N_(
        "Validate documents: report every error in every file; exit 1 when any is invalid.\n"
        "\n"
        "On a terminal a progress bar shows on stderr while many files are read (not with -q/--quiet)."
    ),
)
def validate_command(
    ctx: typer.Context,
    paths: Annotated[
        list[Path] | None,
        typer.Argument(metavar="PATH", help=N_("Files or folders to validate (default: the whole search path).")),
    ] = None,
    profiles_dir: ProfilesDir = None,
    fmt: Annotated[str | None, format_option("validation")] = None,
    output: Output = None,
    table: TableOpt = None,
    no_color: NoColor = False,
) -> None:
    """``clusterkit validate`` (its help, above, says what it does)."""
    from clusterkit.validation import validate_catalog, validate_files
    from clusterkit.views.validation import language_notes, summary_text, validation_view

    chosen = output_format(output, fmt, "validation")  # a usage error before any file is read
    table_format(chosen, table)
    run = run_context(ctx, profiles_dir, no_color)
    catalog = run.catalog()
    with progress(_("validating files"), run.quiet) as update:
        result = (
            validate_files(paths, catalog, progress=update) if paths else validate_catalog(catalog, progress=update)
        )
    # NOTE: a person reading the table wants every problem on stderr too, with its file and line.
    if chosen == "table":
        for problem in result.problems():
            message(str(problem))
        summary = summary_text(result)
        message(summary if result.ok else _("error: {message}").format(message=summary))
        for note in language_notes(result):
            run.notes.add(note)
    if chosen != "table" or output is not None:
        emit(run, validation_view(result), chosen, output, table=table)
    if not result.ok:
        raise Findings()


class Kind(str, Enum):
    cluster = "cluster"
    strategy = "strategy"
    framework = "framework"
    practices = "practices"
    references = "references"


@app.command(
    "schema",
    help=N_("Print the JSON Schema of a document kind, for editors and other validators."),
)
def schema_command(
    kind: Annotated[Kind, typer.Argument(help=N_("Document kind."))],
    output: Output = None,
) -> None:
    """``clusterkit schema`` (its help, above, says what it does)."""
    import json

    from clusterkit.models import KINDS

    schema = KINDS[kind.value].model_json_schema()
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": f"clusterkit:{kind.value}", **schema}
    text = json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
    if output is None:
        sys.stdout.write(text)
    else:
        from clusterkit.output import write_atomic

        write_atomic(output, text, ())
        message(_("wrote {file}").format(file=output))


@app.command(
    "score",
    help=N_(
        "Score clusters on the framework's dimensions (0-100), with the coverage of what is known.\n"
        "\n"
        "--normalisation minmax reads every cluster for its ranges: an invalid one is left out of them (its\n"
        "problems on stderr, exit 1); an invalid ID asked for exits 2."
    ),
)
def score_command(
    ctx: typer.Context,
    clusters: Annotated[
        list[str],
        typer.Argument(
            metavar="ID", autocompletion=cluster_refs, help=N_("Cluster ids; ID@DATE or ID@target picks an assessment.")
        ),
    ],
    explain: Annotated[
        bool, typer.Option("--explain", help=N_("Show each indicator: value, level, weight, points, evidence, source."))
    ] = False,
    framework: FrameworkOpt = None,
    missing: MissingOpt = "ignore",
    aggregation: AggregationOpt = "arithmetic",
    normalisation: NormalisationOpt = "thresholds",
    min_coverage: MinCoverageOpt = DEFAULT_MIN_COVERAGE * 100,
    direct_only: DirectOnlyOpt = False,
    fail_under: Annotated[float | None, fail_under_option(N_("Exit 1 when a score is below N (0-100)."))] = None,
    profiles_dir: ProfilesDir = None,
    fmt: Annotated[str | None, format_option("scores")] = None,
    output: Output = None,
    table: TableOpt = None,
    strict: StrictOpt = False,
    no_color: NoColor = False,
) -> None:
    """``clusterkit score`` (its help, above, says what it does)."""
    from clusterkit import text
    from clusterkit.cli.remember import remembered

    run = run_context(ctx, profiles_dir, no_color)
    catalog = run.catalog(skip_invalid=not strict)
    scores: list[ClusterScore] = []

    def make() -> View:
        from clusterkit.views.scoring import scores_view

        fw = chosen_framework(run, catalog, framework)
        method = method_options(catalog, fw, missing, aggregation, normalisation, direct_only)
        scores.extend(score_one(run, catalog, ref, fw, **method) for ref in clusters)
        return scores_view(scores, fw.id, explain=explain, min_coverage=min_coverage / 100)

    # NOTE: --fail-under needs the scores themselves, not only their view.
    view = make() if fail_under is not None else remembered(run, catalog, "score", ctx.params, make)
    emit(run, view, fmt, output, table=table)
    low: list[ClusterScore] = []
    if fail_under is not None:
        low = [s for s in scores if s.overall is None or s.overall < fail_under]
        for s in low:
            message(
                _("{cluster}: overall score {score} is below {limit}").format(
                    cluster=s.cluster, score=text.score(s.overall), limit=text.number(fail_under)
                )
            )
    left_out_findings(run)  # NOTE: after the scores under --fail-under, which must be said too
    if low:
        raise Findings()


@app.command(
    "rank",
    help=N_(
        "Rank every cluster on the search path, overall or on one dimension, with coverage.\n"
        "\n"
        "A cluster with less of the weight known than --min-coverage is listed apart, not ranked. An\n"
        "invalid cluster document is left out: its problems go to stderr and the exit code is 1."
    ),
)
def rank_command(
    ctx: typer.Context,
    dimension: Annotated[
        str | None,
        typer.Option(
            "--dimension",
            "-d",
            metavar="ID",
            autocompletion=dimension_ids,
            # NOTE: written out so that --help reads no profile; tests/test_help.py keeps it equal to the bundled file.
            help=N_(
                "Rank on one dimension instead of overall: the default framework's are resources, activities and"
                " processes (`clusterkit framework --framework ID` lists another's)."
            ),
        ),
    ] = None,
    framework: FrameworkOpt = None,
    missing: MissingOpt = "ignore",
    aggregation: AggregationOpt = "arithmetic",
    normalisation: NormalisationOpt = "thresholds",
    min_coverage: MinCoverageOpt = DEFAULT_MIN_COVERAGE * 100,
    direct_only: DirectOnlyOpt = False,
    profiles_dir: ProfilesDir = None,
    fmt: Annotated[str | None, format_option("ranking")] = None,
    output: Output = None,
    table: TableOpt = None,
    strict: StrictOpt = False,
    no_color: NoColor = False,
) -> None:
    """``clusterkit rank`` (its help, above, says what it does)."""
    from clusterkit.cli.remember import remembered

    run = run_context(ctx, profiles_dir, no_color)
    catalog = run.catalog(skip_invalid=not strict)

    def make() -> View:
        from clusterkit.collection import summaries
        from clusterkit.scoring import rank, summarise
        from clusterkit.views.scoring import ranking_view

        fw = chosen_framework(run, catalog, framework)
        if dimension is not None and dimension not in {d.id for d in fw.dimensions}:
            fail(
                _("unknown dimension {dimension}; choose one of: {choices}").format(
                    dimension=repr(dimension), choices=", ".join(d.id for d in fw.dimensions)
                )
            )
        method = method_options(catalog, fw, missing, aggregation, normalisation, direct_only)
        if "ranges" in method:  # min-max needs the whole collection in hand first
            found = [summarise(c, fw, **method) for c in catalog.clusters()]
        else:
            with progress(_("scoring clusters"), run.quiet) as update:
                found = summaries(catalog, fw, method, progress=update)
        return ranking_view(rank(found, dimension, fw.id, min_coverage / 100))

    # NOTE: a warm rank of an unchanged collection is drawn from its remembered view: no summary is read.
    emit(run, remembered(run, catalog, "rank", ctx.params, make), fmt, output, table=table)
    left_out_findings(run)


@app.command(
    "compare",
    help=N_(
        "Compare A with benchmark B, or several: gaps by dimension and indicator, strengths, weaknesses,"
        " recommendations.\n"
        "\n"
        "With several benchmarks, A is compared with each and with their frontier (the best level per indicator).\n"
        "\n"
        "Each recommendation names the benchmark whose practice it is. An invalid practices document is\n"
        "left out of the recommendations (its problems on stderr, exit 1); an invalid A or B exits 2."
    ),
)
def compare_command(
    ctx: typer.Context,
    subject: Annotated[
        str,
        typer.Argument(
            metavar="A", autocompletion=cluster_refs, help=N_("The cluster assessed (ID, ID@DATE or ID@target).")
        ),
    ],
    benchmarks: Annotated[
        list[str],
        typer.Argument(
            metavar="B",
            autocompletion=cluster_refs,
            help=N_("One benchmark cluster, or several: A is compared with their frontier."),
        ),
    ],
    framework: FrameworkOpt = None,
    missing: MissingOpt = "ignore",
    aggregation: AggregationOpt = "arithmetic",
    normalisation: NormalisationOpt = "thresholds",
    min_coverage: MinCoverageOpt = DEFAULT_MIN_COVERAGE * 100,
    direct_only: DirectOnlyOpt = False,
    profiles_dir: ProfilesDir = None,
    fmt: Annotated[str | None, format_option("comparison")] = None,
    output: Output = None,
    table: TableOpt = None,
    strict: StrictOpt = False,
    no_color: NoColor = False,
) -> None:
    """``clusterkit compare`` (its help, above, says what it does)."""
    from clusterkit.cli.remember import remembered

    run = run_context(ctx, profiles_dir, no_color)
    catalog = run.catalog(skip_invalid=not strict)

    def make() -> View:
        from clusterkit.comparison import compare
        from clusterkit.views.comparison import comparison_view

        fw = chosen_framework(run, catalog, framework)
        method = method_options(catalog, fw, missing, aggregation, normalisation, direct_only)
        a = score_one(run, catalog, subject, fw, **method)
        others = [score_one(run, catalog, ref, fw, **method) for ref in benchmarks]
        result = compare(a, others, fw, catalog.practices())
        _note_unknown_addresses(run, catalog, fw)
        _note_thin_evidence(run, [a, *others], min_coverage / 100)
        return comparison_view(result)

    emit(run, remembered(run, catalog, "compare", ctx.params, make), fmt, output, table=table)
    left_out_findings(run)


def _note_thin_evidence(run: Run, scores: list[ClusterScore], min_coverage: float) -> None:
    from clusterkit import text
    from clusterkit.views.scoring import below_min_coverage

    for s in scores:
        if below_min_coverage(s, min_coverage):
            run.notes.add(
                _(
                    "note: {cluster}: only {coverage} of the weight is known, under {minimum} (--min-coverage): its"
                    " gaps rest on little evidence"
                ).format(cluster=s.ref or s.cluster, coverage=text.share(s.coverage), minimum=text.share(min_coverage))
            )


@app.command(
    "audit",
    help=N_("Audit a strategy's implementation: actions by status, targets, budget, findings, inconsistencies."),
)
def audit_command(
    ctx: typer.Context,
    strategy_id: Annotated[
        str, typer.Argument(metavar="STRATEGY", autocompletion=strategy_ids, help=N_("Strategy id, e.g. mn2013."))
    ],
    fail_under: Annotated[
        float | None, fail_under_option(N_("Exit 1 when the implementation index (0-100) is below N."))
    ] = None,
    profiles_dir: ProfilesDir = None,
    fmt: Annotated[str | None, format_option("audit")] = None,
    output: Output = None,
    table: TableOpt = None,
    no_color: NoColor = False,
) -> None:
    """``clusterkit audit`` (its help, above, says what it does)."""
    from clusterkit import text
    from clusterkit.audit import audit
    from clusterkit.views.audit import audit_view

    run = run_context(ctx, profiles_dir, no_color)
    catalog = run.catalog()
    strategy = catalog.strategy(strategy_id)
    run.inputs.append(catalog.entry("strategy", strategy_id).path)
    result = audit(strategy)
    emit(run, audit_view(result), fmt, output, table=table)
    if fail_under is not None:
        value = result.index_value
        if value is None or value * 100 < fail_under:
            shown = text.score(None if value is None else value * 100)
            message(
                _("{strategy}: implementation index {index} is below {limit}").format(
                    strategy=strategy_id, index=shown, limit=text.number(fail_under)
                )
            )
            raise Findings()


@app.command(
    "new",
    help=N_(
        "Write a new cluster profile skeleton, every field documented; never overwrites.\n"
        "\n"
        "DIR and its clusters/ folder are made when missing."
    ),
)
def new_command(
    cluster_id: Annotated[str, typer.Argument(metavar="ID", help=N_("Id of the new cluster (lowercase slug)."))],
    directory: Annotated[
        Path,
        typer.Option(
            "--dir", "-d", metavar="DIR", help=N_("Profiles folder; the profile goes to DIR/clusters/ID.yaml.")
        ),
    ] = Path("."),
) -> None:
    """``clusterkit new`` (its help, above, says what it does)."""
    import json

    from clusterkit.models import Cluster
    from clusterkit.output import write_atomic
    from clusterkit.skeleton import SCHEMA_FILE, cluster_skeleton

    try:
        skeleton = cluster_skeleton(cluster_id)
    except ValueError as exc:
        fail(str(exc))
    target = directory / "clusters" / f"{cluster_id}.yaml"
    for folder in (directory, target.parent):
        if folder.exists() and not folder.is_dir():
            fail(_("{folder} is a file, not a folder; give --dir a folder for the profiles").format(folder=folder))
    if target.exists():
        fail(_("{file} already exists; refusing to overwrite it").format(file=target))
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        fail(_("cannot make the folder {folder}: {reason}").format(folder=target.parent, reason=exc.strerror or exc))
    write_atomic(target, skeleton, ())
    schema_path = directory / SCHEMA_FILE
    if not schema_path.exists():
        write_atomic(schema_path, json.dumps(Cluster.model_json_schema(), indent=2) + "\n", ())
    message(_("wrote {file}; fill the REQUIRED fields, then: clusterkit validate {file}").format(file=target))


@app.command(
    "report",
    help=N_(
        "One readable report: profile, scores and gap charts, recommendations, audit, references.\n"
        "\n"
        "HTML (a single self-contained file, no script) with -o FILE.html; Markdown on stdout by default.\n"
        "An invalid practices or references document is left out (its problems on stderr, exit 1); an\n"
        "invalid cluster, benchmark or strategy asked for exits 2."
    ),
)
def report_command(
    ctx: typer.Context,
    cluster_ref: Annotated[
        str,
        typer.Argument(
            metavar="ID", autocompletion=cluster_refs, help=N_("The cluster reported on (ID, ID@DATE or ID@target).")
        ),
    ],
    benchmark: Annotated[
        list[str] | None,
        typer.Option(
            "--benchmark",
            "-b",
            metavar="ID",
            autocompletion=cluster_refs,
            help=N_("Benchmark: gaps, strengths, recommendations; repeat it to compare with several (their frontier)."),
            show_default=False,
        ),
    ] = None,
    strategy: Annotated[
        str | None,
        typer.Option(
            "--audit",
            metavar="STRATEGY",
            autocompletion=strategy_ids,
            help=N_("Strategy id to audit in the report, e.g. mn2013."),
            show_default=False,
        ),
    ] = None,
    framework: FrameworkOpt = None,
    timestamp: Annotated[
        bool,
        typer.Option("--timestamp", help=N_("Stamp the report with the time it was made (off: byte-identical runs).")),
    ] = False,
    profiles_dir: ProfilesDir = None,
    fmt: Annotated[str | None, format_option("report")] = None,
    output: Output = None,
    strict: StrictOpt = False,
    no_color: NoColor = False,
) -> None:
    """``clusterkit report`` (its help, above, says what it does)."""
    from clusterkit.report import build_report
    from clusterkit.scoring import RuleError
    from clusterkit.views.report import report_view

    for ref in (cluster_ref, *(benchmark or [])):
        _split_ref(ref)  # a usage error before any profile is read
    output_format(output, fmt, "report")
    run, catalog, fw = scoring_run(ctx, profiles_dir, no_color, framework, skip_invalid=not strict)
    try:
        result = build_report(catalog, cluster_ref, benchmark=benchmark, audit=strategy, framework=fw)
    except (RuleError, LookupError) as exc:
        fail(str(exc))
    for scored in (result.cluster, *result.benchmarks):
        _note_unused_levels(run, catalog, scored, fw)
    if result.comparison is not None:
        _note_unknown_addresses(run, catalog, fw)
    if result.unresolved:
        keys = ", ".join(repr(k) for k in result.unresolved)
        run.notes.add(
            _(
                "note: the report cites {keys}, which no references document defines; `clusterkit validate` shows where"
            ).format(keys=keys)
        )
    run.inputs.append(catalog.entry("cluster", result.cluster.id).path)
    for other in result.benchmarks:
        run.inputs.append(catalog.entry("cluster", other.id).path)
    if result.strategy is not None:
        run.inputs.append(catalog.entry("strategy", result.strategy.id).path)
    if framework is None or framework == fw.id:
        run.inputs.append(catalog.entry("framework", fw.id).path)
    run.inputs.extend(entry.path for kind in ("practices", "references") for entry in catalog.candidates(kind))
    stamp = None
    if timestamp:
        from datetime import datetime, timezone

        stamp = datetime.now(timezone.utc).replace(microsecond=0).isoformat()
    emit(run, report_view(result), fmt, output, timestamp=stamp)
    left_out_findings(run)
