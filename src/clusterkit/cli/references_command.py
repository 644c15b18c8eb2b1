"""``clusterkit references [KEY ...]``: the bibliography, whole or by key, or what a cluster or strategy cites."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from clusterkit.cli.app import app, fail
from clusterkit.cli.commands import left_out_findings
from clusterkit.cli.emit import emit
from clusterkit.cli.options import NoColor, Output, ProfilesDir, StrictOpt, TableOpt, format_option, run_context
from clusterkit.i18n import N_, _

if TYPE_CHECKING:
    from clusterkit.loading import Catalog

CITING_KINDS = ("cluster", "strategy")


def citing_document(catalog: Catalog, ref: str) -> tuple[str, str, Any]:
    """The document ``--cited-by`` names: ``ID`` (a cluster or a strategy), ``cluster:ID`` or ``strategy:ID``."""
    kind, sep, doc_id = ref.partition(":")
    if sep:
        if kind not in CITING_KINDS:
            fail(_("--cited-by {ref}: write ID, cluster:ID or strategy:ID").format(ref=repr(ref)))
        kinds = [kind]
    else:
        doc_id = ref
        kinds = [k for k in CITING_KINDS if doc_id in catalog.ids(k)]
        if len(kinds) > 1:
            fail(
                _("{ref} is both a cluster and a strategy; write cluster:{id} or strategy:{id}").format(
                    ref=repr(doc_id), id=doc_id
                )
            )
        if not kinds:
            kinds = ["cluster"]  # NOTE: the catalog's error names the id and the closest cluster id
    found = catalog.get(kinds[0], doc_id)
    return kinds[0], doc_id, found


@app.command(
    "references",
    help=N_(
        "The references on the search path: key, author, year, title, publisher, url, doi, accessed, note.\n"
        "\n"
        "With KEY, only those (an unknown key is an error). With --cited-by, those a cluster or\n"
        "strategy cites, with the places it cites each, and the keys no references document defines."
    ),
)
def references_command(
    ctx: typer.Context,
    keys: Annotated[
        list[str] | None,
        typer.Argument(metavar="KEY", help=N_("Reference keys, e.g. el-idrissi-2020 (default: every reference).")),
    ] = None,
    cited_by: Annotated[
        str | None,
        typer.Option(
            "--cited-by",
            metavar="ID",
            help=N_(
                "Only the references a cluster or strategy cites, each with where (field and locator);"
                " cluster:ID or strategy:ID when an id names both."
            ),
            show_default=False,
        ),
    ] = None,
    profiles_dir: ProfilesDir = None,
    fmt: Annotated[str | None, format_option("references")] = None,
    output: Output = None,
    table: TableOpt = None,
    no_color: NoColor = False,
    strict: StrictOpt = False,
) -> None:
    """``clusterkit references`` (its help, above, says what it does)."""
    from clusterkit.bibliography import bibliography
    from clusterkit.bibliography import cited_by as cited_by_document
    from clusterkit.views.references import references_view

    if keys and cited_by is not None:
        fail(_("give reference keys or --cited-by, not both"))
    run = run_context(ctx, profiles_dir, no_color)
    catalog = run.catalog(skip_invalid=not strict)
    known = catalog.references()
    run.inputs.extend(entry.path for entry in catalog.candidates("references"))
    if cited_by is None:
        result = bibliography(known, keys or [])
    else:
        kind, doc_id, document = citing_document(catalog, cited_by)
        run.inputs.append(catalog.entry(kind, doc_id).path)
        result = cited_by_document(document, known, kind, doc_id)
        if result.unresolved:
            shown = ", ".join(repr(k) for k in result.unresolved)
            run.notes.add(
                _(
                    "note: {kind} {id} cites {keys}, which no references document defines; `clusterkit validate`"
                    " shows where"
                ).format(kind=kind, id=doc_id, keys=shown)
            )
    emit(run, references_view(result), fmt, output, table=table)
    left_out_findings(run)
