"""The command line: parses options, calls the library, hands results to a renderer.

Exit codes: 0 ok; 1 findings (invalid documents in ``validate``, a score under ``--fail-under``);
2 usage errors and input that cannot be read or is invalid. Data goes to stdout, messages to
stderr; no traceback reaches the user unless ``--debug`` is given.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
import typer.core

from clusterkit import __version__
from clusterkit.errors import ClusterkitError, Notes

HELP = """Assess innovation cluster organisations with cited evidence.

Profiles (YAML) are read from --profiles-dir folders, then CLUSTERKIT_PATH, then the bundled set.
Exit codes: 0 ok, 1 findings (invalid documents, a score under --fail-under), 2 usage or input error.
"""

_NOTES = Notes()
_STATE: dict[str, bool] = {"no_cache": False}
_CATALOGS: list[Any] = []  # opened in this run; closed (cache written) when the command ends


def _is_click_control(exc: BaseException) -> bool:
    """Usage errors, --help exits and aborts, whether click is vendored by Typer or not."""
    return any(cls.__name__ in ("ClickException", "Exit", "Abort") for cls in type(exc).__mro__)


def _traceback() -> None:
    """--debug: the traceback on stderr, then the same messages and exit code as without it."""
    import traceback

    traceback.print_exc()


class ClusterkitGroup(typer.core.TyperGroup):
    """Decides exit codes in one place: findings exit 1, input errors 2, tracebacks only with --debug."""

    def main(self, args: Any = None, *pos: Any, **kwargs: Any) -> Any:
        argv = list(sys.argv[1:] if args is None else args)
        self.debug = "--debug" in argv or os.environ.get("CLUSTERKIT_DEBUG") == "1"
        _STATE["no_cache"] = "--no-cache" in argv or os.environ.get("CLUSTERKIT_NO_CACHE") == "1"
        # NOTE: --debug and --no-cache are accepted anywhere on the line, like ruff's global flags.
        argv = [a for a in argv if a not in ("--debug", "--no-cache")]
        return super().main(argv, *pos, **kwargs)

    def invoke(self, ctx: Any) -> Any:
        _NOTES.items.clear()
        loading = sys.modules.get("clusterkit.loading")
        if loading is not None:  # a previous run in this process (tests, scripts) read files
            loading.forget_files_read()
        debug = getattr(self, "debug", False)
        try:
            return super().invoke(ctx)
        except Findings:
            ctx.exit(1)
        except ClusterkitError as exc:
            if debug:
                _traceback()
            for line in exc.lines():
                message(line if exc.problems else f"error: {line}")
            ctx.exit(2)
        except KeyboardInterrupt:
            message("interrupted")
            ctx.exit(130)
        except BrokenPipeError:
            # NOTE: a reader such as `head` closed the pipe; nothing more to say.
            with contextlib.suppress(OSError):
                sys.stdout = open(os.devnull, "w")  # noqa: SIM115
            ctx.exit(0)
        except Exception as exc:
            if _is_click_control(exc):
                raise
            if debug:
                _traceback()
            message(f"internal error: {type(exc).__name__}: {exc} (run with --debug for a traceback)")
            ctx.exit(2)
        finally:
            while _CATALOGS:
                _CATALOGS.pop().close()
            for note in _NOTES.items:
                message(note)


app = typer.Typer(
    cls=ClusterkitGroup,
    help=HELP,
    no_args_is_help=True,
    add_completion=True,
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_enable=False,
)


class Findings(Exception):
    """The command ran and found something the user asked to fail on (exit 1)."""


@dataclass
class Session:
    """What a command needs from the environment: where profiles are and how to print."""

    profiles_dirs: list[Path] = field(default_factory=list)
    no_color: bool = False
    notes: Notes = field(default_factory=Notes)
    inputs: list[Path] = field(default_factory=list)

    def catalog(self) -> Any:
        from clusterkit.cache import Cache
        from clusterkit.loading import Catalog, search_dirs

        cache = None if _STATE["no_cache"] else Cache()
        catalog = Catalog(search_dirs(self.profiles_dirs), self.notes, cache)
        _CATALOGS.append(catalog)
        return catalog


# --- shared options (defined once) -----------------------------------------------------------


class Missing(str, Enum):
    ignore = "ignore"
    zero = "zero"


class Aggregation(str, Enum):
    arithmetic = "arithmetic"
    geometric = "geometric"


class Normalisation(str, Enum):
    thresholds = "thresholds"
    minmax = "minmax"


ProfilesDir = Annotated[
    list[Path] | None,
    typer.Option(
        "--profiles-dir",
        "-p",
        metavar="DIR",
        help="Folder of user profiles, searched before CLUSTERKIT_PATH and the bundled set (repeatable).",
        show_default=False,
    ),
]
Format = Annotated[
    str | None,
    typer.Option(
        "--format",
        "-f",
        metavar="FORMAT",
        help="Output format: table, json, csv, markdown, html, yaml. Default: from the --output suffix, else table.",
        show_default=False,
    ),
]


def _stdout_dash(value: str | None) -> str | None:
    return None if value == "-" else value  # the usual spelling of stdout


# NOTE: text, not Path: pathlib would drop the trailing '/' of `-o newdir/` and write a file "newdir".
Output = Annotated[
    str | None,
    typer.Option(
        "--output",
        "-o",
        metavar="FILE",
        help="Write to FILE (atomically) instead of stdout ('-' is stdout).",
        show_default=False,
        callback=_stdout_dash,
    ),
]
NoColor = Annotated[bool, typer.Option("--no-color", help="Plain text even on a terminal (NO_COLOR is honoured too).")]
FrameworkOpt = Annotated[
    str | None,
    typer.Option(
        "--framework",
        metavar="ID|FILE",
        help="Framework id on the search path, or a framework YAML file.",
        show_default=False,
    ),
]
MissingOpt = Annotated[
    Missing,
    typer.Option("--missing", help="Unknown indicators: 'ignore' (score what is known) or 'zero' (count as level 0)."),
]
AggregationOpt = Annotated[
    Aggregation,
    typer.Option("--aggregation", help="Weighted 'arithmetic' or 'geometric' mean within and across dimensions."),
]
NormalisationOpt = Annotated[
    Normalisation,
    typer.Option("--normalisation", help="Measured indicators: fixed 'thresholds' or 'minmax' across the collection."),
]


def _percent(value: float | None) -> float | None:
    """--fail-under: a finite number from 0 to 100 (nan would turn the gate off; inf, 150 always fail)."""
    if value is not None and not 0 <= value <= 100:  # also false for nan
        raise typer.BadParameter(f"must be a number from 0 to 100, got {value:g}")
    return value


FailUnder = Annotated[
    float | None,
    typer.Option("--fail-under", help="Exit 1 when a score is below N (0-100).", show_default=False, callback=_percent),
]


def _session(profiles_dir: list[Path] | None, no_color: bool) -> Session:
    return Session(profiles_dirs=list(profiles_dir or []), no_color=no_color, notes=_NOTES)


def fail(message: str) -> NoReturn:
    """The one fatal path: a usage or input error (exit 2)."""
    raise ClusterkitError(message)


def output_format(output: str | None, fmt: str | None, allowed: tuple[str, ...], default: str = "table") -> str:
    """``--format`` if given, else the output file's suffix (an unknown one is an error), else ``default``."""
    from clusterkit.render import FORMATS, SUFFIXES

    chosen = fmt or default
    if not fmt and output:
        suffix = Path(output).suffix.lower()
        # NOTE: `-o r.pdf` would otherwise get table text under a name that promises a PDF.
        chosen = SUFFIXES.get(suffix, suffix[1:]) if suffix else default
    if chosen not in FORMATS:
        fail(f"unknown format {chosen!r}; choose one of: {', '.join(allowed)}")
    if chosen not in allowed:
        fail(f"format {chosen!r} is not available here; choose one of: {', '.join(allowed)}")
    return chosen


def emit(
    session: Session,
    result: Any,
    fmt: str | None,
    output: str | None,
    allowed: tuple[str, ...],
    timestamp: str | None = None,
) -> None:
    """Render a result in the chosen format and write it to stdout or, atomically, to a file."""
    from clusterkit.render import RenderOptions, render

    chosen = output_format(output, fmt, allowed)
    to_terminal = output is None and sys.stdout.isatty()
    # NOTE: per no-color.org, only a non-empty NO_COLOR turns colour off.
    color = to_terminal and chosen == "table" and not session.no_color and not os.environ.get("NO_COLOR")
    width = shutil.get_terminal_size((100, 24)).columns if to_terminal else int(os.environ.get("COLUMNS", "100") or 100)
    text = _encodable(render(result, chosen, RenderOptions(color=color, width=max(60, width), timestamp=timestamp)))
    if output is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    from clusterkit.output import write_atomic

    write_atomic(output, text, session.inputs)
    message(f"wrote {output}")


def _encodable(text: str) -> str:
    """Lone surrogates (undecodable bytes of file names) as '\\udcff', the same on stdout and in a file.

    Written as is they make stdout invalid UTF-8 (or fail under a strict locale); in JSON the escape
    reads back as the same name.
    """
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", "backslashreplace").decode("utf-8")
    return text


def message(text: str) -> None:
    sys.stderr.write(text + "\n")


@contextlib.contextmanager
def _progress(label: str) -> Iterator[Callable[[int, int], None] | None]:
    """A progress bar on stderr for long loads, shown only on a terminal and after half a second."""
    if not sys.stderr.isatty():
        yield None
        return
    import time

    start = time.monotonic()
    state: dict[str, Any] = {}

    def update(done: int, total: int) -> None:
        if "bar" not in state:
            if time.monotonic() - start < 0.5:
                return
            from rich.progress import Progress

            bar = Progress(transient=True, console=None)
            bar.start()
            state["bar"], state["task"] = bar, bar.add_task(label, total=total)
        state["bar"].update(state["task"], completed=done, total=total)

    try:
        yield update
    finally:
        if "bar" in state:
            state["bar"].stop()


# --- commands ----------------------------------------------------------------------------------

DATA_FORMATS = ("table", "json", "csv", "markdown", "yaml", "html")
VALIDATE_FORMATS = ("table", "json", "yaml", "csv", "markdown")
REPORT_FORMATS = ("html", "markdown", "json", "yaml")


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"clusterkit {__version__}\n")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Show Python tracebacks on errors (any position).")] = False,
    no_cache: Annotated[
        bool,
        typer.Option("--no-cache", help="Read every profile afresh; neither read nor write the cache (any position)."),
    ] = False,
) -> None:
    """Assess innovation cluster organisations with cited evidence."""


@app.command("list")
def list_command(
    country: Annotated[
        str | None, typer.Option("--country", help="Only clusters in this country (ISO code, e.g. MA).")
    ] = None,
    sector: Annotated[
        str | None, typer.Option("--sector", help="Only clusters whose sectors mention this text.")
    ] = None,
    profiles_dir: ProfilesDir = None,
    fmt: Format = None,
    output: Output = None,
    no_color: NoColor = False,
) -> None:
    """List the clusters on the search path (id, name, country, city, founded, sectors, status)."""
    from clusterkit.listing import ClusterList, filter_clusters

    session = _session(profiles_dir, no_color)
    catalog = session.catalog()
    clusters = filter_clusters(catalog.clusters(), country, sector)
    emit(
        session,
        ClusterList(clusters=clusters),
        fmt,
        output,
        ("table", "json", "csv", "markdown", "yaml", "html", "geojson"),
    )


@app.command("show")
def show_command(
    cluster_id: Annotated[str, typer.Argument(metavar="ID", help="Cluster id, e.g. mnc.")],
    profiles_dir: ProfilesDir = None,
    fmt: Format = None,
    output: Output = None,
    no_color: NoColor = False,
) -> None:
    """Show one cluster: every field with its citation."""
    from clusterkit.listing import ClusterView

    session = _session(profiles_dir, no_color)
    catalog = session.catalog()
    cluster = catalog.cluster(cluster_id)
    session.inputs.append(catalog.entry("cluster", cluster_id).path)
    emit(session, ClusterView(cluster=cluster), fmt, output, ("table", "json", "yaml", "markdown", "html"))


@app.command("validate")
def validate_command(
    paths: Annotated[
        list[Path] | None, typer.Argument(help="Files or folders to validate (default: the whole search path).")
    ] = None,
    profiles_dir: ProfilesDir = None,
    fmt: Format = None,
    output: Output = None,
    no_color: NoColor = False,
) -> None:
    """Validate documents: report every error in every file; exit 1 when any is invalid."""
    from clusterkit.validation import validate_catalog, validate_files

    output_format(output, fmt, VALIDATE_FORMATS)
    session = _session(profiles_dir, no_color)
    catalog = session.catalog()
    report = validate_files(paths, catalog) if paths else validate_catalog(catalog)
    chosen = fmt or ("json" if output and output.endswith(".json") else None)
    if chosen in (None, "table"):
        for problem in report.problems():
            message(str(problem))
        message(report.summary if report.ok else f"error: {report.summary}")
        if output is not None:
            emit(session, report, fmt, output, VALIDATE_FORMATS)
    else:
        emit(session, report, chosen, output, VALIDATE_FORMATS)
    if not report.ok:
        raise Findings()


class Kind(str, Enum):
    cluster = "cluster"
    strategy = "strategy"
    framework = "framework"
    practices = "practices"
    references = "references"


@app.command("schema")
def schema_command(
    kind: Annotated[Kind, typer.Argument(help="Document kind.")],
    output: Output = None,
) -> None:
    """Print the JSON Schema of a document kind, for editors and other validators."""
    import json

    from clusterkit.models import KINDS

    schema = KINDS[kind.value].model_json_schema()
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": f"clusterkit:{kind.value}", **schema}
    text = json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
    if output is None:
        sys.stdout.write(text)
    else:
        from clusterkit.output import write_atomic

        write_atomic(output, text)
        message(f"wrote {output}")


def _framework(session: Session, catalog: Any, framework: str | None) -> Any:
    from clusterkit.loading import load_document
    from clusterkit.models import Framework

    if framework is None:
        return catalog.framework("default")
    if framework.lower().endswith((".yaml", ".yml")) or os.sep in framework:
        session.inputs.append(Path(framework))
        doc = load_document(framework, "framework")
        assert isinstance(doc, Framework)
        return doc
    return catalog.framework(framework)


def _note_unknown_addresses(session: Session, catalog: Any, framework: Any) -> None:
    from clusterkit.comparison import unknown_addresses

    for set_id, practice_id, indicator in unknown_addresses(catalog.practices(), framework):
        where = catalog.entry("practices", set_id).display()
        session.notes.add(
            f"note: {where}: practice {practice_id!r} names indicator {indicator!r}, which framework"
            f" {framework.id!r} does not define; its recommendation ignores it (`clusterkit validate` shows where)"
        )


def _split_ref(ref: str) -> tuple[str, str | None]:
    from clusterkit.scoring import split_ref

    try:
        return split_ref(ref)
    except ValueError as exc:
        fail(str(exc))


def _score_one(session: Session, catalog: Any, ref: str, framework: Any, **method: Any) -> Any:
    from clusterkit.scoring import RuleError, score

    cluster_id, at = _split_ref(ref)
    cluster = catalog.cluster(cluster_id)
    session.inputs.append(catalog.entry("cluster", cluster_id).path)
    _note_unused_levels(session, catalog, cluster, framework)
    try:
        return score(cluster, framework, at=at, **method)
    except (RuleError, LookupError) as exc:
        fail(str(exc))


def _note_unused_levels(session: Session, catalog: Any, cluster: Any, framework: Any) -> None:
    from clusterkit.scoring import unused_levels

    where = catalog.entry("cluster", cluster.id).display()
    for place, why in unused_levels(cluster, framework):
        session.notes.add(f"note: {where}: {place}: level not used: {why} (`clusterkit validate` shows where)")


def _method(
    catalog: Any, framework: Any, missing: Missing, aggregation: Aggregation, normalisation: Normalisation
) -> dict[str, Any]:
    method: dict[str, Any] = {
        "missing": missing.value,
        "aggregation": aggregation.value,
        "normalisation": normalisation.value,
    }
    if normalisation is Normalisation.minmax:
        from clusterkit.scoring import collection_ranges

        method["ranges"] = collection_ranges(catalog.clusters(), framework)
    return method


@app.command("score")
def score_command(
    clusters: Annotated[
        list[str], typer.Argument(metavar="ID...", help="Cluster ids; ID@DATE or ID@target picks an assessment.")
    ],
    explain: Annotated[
        bool, typer.Option("--explain", help="Show each indicator: value, level, weight, points, evidence, source.")
    ] = False,
    framework: FrameworkOpt = None,
    missing: MissingOpt = Missing.ignore,
    aggregation: AggregationOpt = Aggregation.arithmetic,
    normalisation: NormalisationOpt = Normalisation.thresholds,
    fail_under: FailUnder = None,
    profiles_dir: ProfilesDir = None,
    fmt: Format = None,
    output: Output = None,
    no_color: NoColor = False,
) -> None:
    """Score clusters on the framework's dimensions (0-100), with the coverage of what is known."""
    from clusterkit.scoring import ScoreReport

    session = _session(profiles_dir, no_color)
    catalog = session.catalog()
    fw = _framework(session, catalog, framework)
    method = _method(catalog, fw, missing, aggregation, normalisation)
    scores = [_score_one(session, catalog, ref, fw, **method) for ref in clusters]
    emit(session, ScoreReport(framework=fw.id, explain=explain, scores=scores), fmt, output, DATA_FORMATS)
    if fail_under is not None:
        low = [s for s in scores if s.overall is None or s.overall < fail_under]
        for s in low:
            shown = "unknown" if s.overall is None else f"{s.overall:.1f}"
            message(f"{s.cluster}: overall score {shown} is below {fail_under:g}")
        if low:
            raise Findings()


@app.command("rank")
def rank_command(
    dimension: Annotated[
        str | None, typer.Option("--dimension", "-d", help="Rank on one dimension id instead of overall.")
    ] = None,
    framework: FrameworkOpt = None,
    missing: MissingOpt = Missing.ignore,
    aggregation: AggregationOpt = Aggregation.arithmetic,
    normalisation: NormalisationOpt = Normalisation.thresholds,
    profiles_dir: ProfilesDir = None,
    fmt: Format = None,
    output: Output = None,
    no_color: NoColor = False,
) -> None:
    """Rank every cluster on the search path, overall or on one dimension, with coverage."""
    from clusterkit.collection import summaries
    from clusterkit.scoring import rank, summarise

    session = _session(profiles_dir, no_color)
    catalog = session.catalog()
    fw = _framework(session, catalog, framework)
    if dimension is not None and dimension not in {d.id for d in fw.dimensions}:
        fail(f"unknown dimension {dimension!r}; choose one of: {', '.join(d.id for d in fw.dimensions)}")
    method = _method(catalog, fw, missing, aggregation, normalisation)
    if "ranges" in method:  # min-max needs the whole collection in hand first
        found = [summarise(c, fw, **method) for c in catalog.clusters()]
    else:
        with _progress("scoring clusters") as progress:
            found = summaries(catalog, fw, method, progress=progress)
    emit(session, rank(found, dimension, fw.id), fmt, output, DATA_FORMATS)


@app.command("compare")
def compare_command(
    subject: Annotated[str, typer.Argument(metavar="A", help="The cluster assessed (ID, ID@DATE or ID@target).")],
    benchmark: Annotated[str, typer.Argument(metavar="B", help="The benchmark cluster.")],
    framework: FrameworkOpt = None,
    missing: MissingOpt = Missing.ignore,
    aggregation: AggregationOpt = Aggregation.arithmetic,
    normalisation: NormalisationOpt = Normalisation.thresholds,
    profiles_dir: ProfilesDir = None,
    fmt: Format = None,
    output: Output = None,
    no_color: NoColor = False,
) -> None:
    """Compare A with benchmark B: gaps per dimension and indicator, strengths, weaknesses, recommendations."""
    from clusterkit.comparison import compare

    session = _session(profiles_dir, no_color)
    catalog = session.catalog()
    fw = _framework(session, catalog, framework)
    method = _method(catalog, fw, missing, aggregation, normalisation)
    a = _score_one(session, catalog, subject, fw, **method)
    b = _score_one(session, catalog, benchmark, fw, **method)
    result = compare(a, b, fw, catalog.practices())
    _note_unknown_addresses(session, catalog, fw)
    emit(session, result, fmt, output, DATA_FORMATS)


@app.command("audit")
def audit_command(
    strategy_id: Annotated[str, typer.Argument(metavar="STRATEGY", help="Strategy id, e.g. mn2013.")],
    fail_under: Annotated[
        float | None,
        typer.Option(
            "--fail-under",
            help="Exit 1 when the implementation index (0-100) is below N.",
            show_default=False,
            callback=_percent,
        ),
    ] = None,
    profiles_dir: ProfilesDir = None,
    fmt: Format = None,
    output: Output = None,
    no_color: NoColor = False,
) -> None:
    """Audit a strategy's implementation: actions by status, targets, budget, findings, inconsistencies."""
    from clusterkit.audit import audit

    session = _session(profiles_dir, no_color)
    catalog = session.catalog()
    strategy = catalog.strategy(strategy_id)
    session.inputs.append(catalog.entry("strategy", strategy_id).path)
    result = audit(strategy)
    emit(session, result, fmt, output, DATA_FORMATS)
    if fail_under is not None:
        value = result.index_value
        if value is None or value * 100 < fail_under:
            shown = "unknown" if value is None else f"{value * 100:.1f}"
            message(f"{strategy_id}: implementation index {shown} is below {fail_under:g}")
            raise Findings()


@app.command("sensitivity")
def sensitivity_command(
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
    fmt: Format = None,
    output: Output = None,
    no_color: NoColor = False,
) -> None:
    """Monte Carlo uncertainty of scores and ranks under other weights, aggregations and left-out indicators."""
    from clusterkit.scoring import score
    from clusterkit.sensitivity import analyse

    session = _session(profiles_dir, no_color)
    catalog = session.catalog()
    fw = _framework(session, catalog, framework)
    if clusters:
        scores = [_score_one(session, catalog, ref, fw) for ref in clusters]
    else:
        scores = [score(c, fw) for c in catalog.clusters()]
    if not scores:
        fail("no clusters to analyse")
    emit(session, analyse(scores, fw, draws=draws, seed=seed, spread=spread), fmt, output, DATA_FORMATS)


@app.command("label")
def label_command(
    cluster_ref: Annotated[str, typer.Argument(metavar="ID", help="Cluster id (ID@DATE or ID@target too).")],
    fail_under: Annotated[
        float | None,
        typer.Option(
            "--fail-under",
            help="Exit 1 when the weight at good-practice level is below N %.",
            show_default=False,
            callback=_percent,
        ),
    ] = None,
    framework: FrameworkOpt = None,
    profiles_dir: ProfilesDir = None,
    fmt: Format = None,
    output: Output = None,
    no_color: NoColor = False,
) -> None:
    """Indicative label readiness: ESCA eligibility criteria and the share of weight at good practice."""
    from clusterkit.label import readiness

    session = _session(profiles_dir, no_color)
    catalog = session.catalog()
    fw = _framework(session, catalog, framework)
    scored = _score_one(session, catalog, cluster_ref, fw)
    result = readiness(catalog.cluster(scored.cluster), scored, fw)
    emit(session, result, fmt, output, DATA_FORMATS)
    if fail_under is not None and result.good_share * 100 < fail_under:
        message(
            f"{cluster_ref}: {result.good_share * 100:.1f} % of the weight at good practice is below {fail_under:g} %"
        )
        raise Findings()


@app.command("new")
def new_command(
    cluster_id: Annotated[str, typer.Argument(metavar="ID", help="Id of the new cluster (lowercase slug).")],
    directory: Annotated[
        Path, typer.Option("--dir", "-d", help="Profiles folder; the profile goes to DIR/clusters/ID.yaml.")
    ] = Path("."),
) -> None:
    """Write a new cluster profile skeleton, every field documented; never overwrites."""
    import json

    from clusterkit.models import Cluster
    from clusterkit.output import write_atomic
    from clusterkit.skeleton import SCHEMA_FILE, cluster_skeleton

    try:
        text = cluster_skeleton(cluster_id)
    except ValueError as exc:
        fail(str(exc))
    if not directory.is_dir():
        fail(f"profiles folder {str(directory)!r} does not exist")
    target = directory / "clusters" / f"{cluster_id}.yaml"
    if target.exists():
        fail(f"{target} already exists; refusing to overwrite it")
    target.parent.mkdir(exist_ok=True)
    write_atomic(target, text)
    schema_path = directory / SCHEMA_FILE
    if not schema_path.exists():
        write_atomic(schema_path, json.dumps(Cluster.model_json_schema(), indent=2) + "\n")
    message(f"wrote {target}; fill the REQUIRED fields, then: clusterkit validate {target}")


@app.command("report")
def report_command(
    cluster_ref: Annotated[
        str, typer.Argument(metavar="ID", help="The cluster reported on (ID, ID@DATE or ID@target).")
    ],
    benchmark: Annotated[
        str | None,
        typer.Option("--benchmark", "-b", help="Benchmark: gaps, strengths, recommendations.", show_default=False),
    ] = None,
    strategy: Annotated[
        str | None, typer.Option("--audit", help="Strategy id to audit in the report, e.g. mn2013.", show_default=False)
    ] = None,
    framework: FrameworkOpt = None,
    timestamp: Annotated[
        bool, typer.Option("--timestamp", help="Stamp the report with the time it was made (off: byte-identical runs).")
    ] = False,
    profiles_dir: ProfilesDir = None,
    fmt: Format = None,
    output: Output = None,
    no_color: NoColor = False,
) -> None:
    """One readable report: profile, scores, radar and gap charts, recommendations, audit, references.

    HTML (a single self-contained file, no script) with -o FILE.html; Markdown on stdout by default.
    """
    from clusterkit.report import build_report
    from clusterkit.scoring import RuleError

    for ref in (cluster_ref, benchmark or ""):
        _split_ref(ref)  # a usage error before any profile is read
    session = _session(profiles_dir, no_color)
    catalog = session.catalog()
    fw = _framework(session, catalog, framework)
    try:
        result = build_report(catalog, cluster_ref, benchmark=benchmark, audit=strategy, framework=fw)
    except (RuleError, LookupError) as exc:
        fail(str(exc))
    for scored in (result.cluster, result.benchmark):
        if scored is not None:
            _note_unused_levels(session, catalog, scored, fw)
    if result.comparison is not None:
        _note_unknown_addresses(session, catalog, fw)
    if result.unresolved:
        keys = ", ".join(repr(k) for k in result.unresolved)
        session.notes.add(
            f"note: the report cites {keys}, which no references document defines; `clusterkit validate` shows where"
        )
    session.inputs.append(catalog.entry("cluster", result.cluster.id).path)
    if result.benchmark is not None:
        session.inputs.append(catalog.entry("cluster", result.benchmark.id).path)
    if result.strategy is not None:
        session.inputs.append(catalog.entry("strategy", result.strategy.id).path)
    if framework is None or framework == fw.id:
        session.inputs.append(catalog.entry("framework", fw.id).path)
    session.inputs.extend(entry.path for kind in ("practices", "references") for entry in catalog.candidates(kind))
    chosen = output_format(output, fmt, REPORT_FORMATS, default="markdown")
    stamp = None
    if timestamp:
        from datetime import datetime, timezone

        stamp = datetime.now(timezone.utc).replace(microsecond=0).isoformat()
    emit(session, result, chosen, output, REPORT_FORMATS, timestamp=stamp)


# --- running -------------------------------------------------------------------------------------


def run(argv: list[str] | None = None) -> int:
    """Run the CLI and return the exit code (0 ok, 1 findings, 2 usage or input error)."""
    command = typer.main.get_command(app)
    try:
        command.main(args=argv, prog_name="clusterkit", standalone_mode=True)
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
    return 0
