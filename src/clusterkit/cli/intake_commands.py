"""The commands that bring a user's own assessment in: ``questionnaire`` writes one, ``import`` reads it back.

``questionnaire`` writes a workbook for a cluster manager to fill in (or, with ``--format xlsform``,
an XLSForm for ODK Collect and KoBoToolbox); ``import`` reads filled questionnaires and exports of
submissions and writes one profile per cluster, all or nothing. The questionnaire is written in
the run's language (the XLSForm in every language, opening in the run's); import reads either.
"""

from __future__ import annotations

import errno
import os
import sys
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from clusterkit.cli.app import app, fail, message
from clusterkit.cli.completion import cluster_ids
from clusterkit.cli.emit import is_terminal, progress, write_stdout
from clusterkit.cli.options import FrameworkOpt, ProfilesDir, chosen_framework, run_context
from clusterkit.errors import ClusterkitError, Problem
from clusterkit.i18n import N_, _

if TYPE_CHECKING:
    pass


class QuestionnaireFormat(str, Enum):
    xlsx = "xlsx"
    xlsform = "xlsform"


@app.command(
    "questionnaire",
    help=N_(
        "Write a questionnaire to fill in: one row per assessed indicator, its question and rubric.\n"
        "\n"
        "Fill it in (a level 0-4 or unknown, the evidence and its source), then: clusterkit import FILE.xlsx --dir DIR."
    ),
)
def questionnaire_command(
    ctx: typer.Context,
    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE.xlsx",
            help=N_("The workbook to write (atomically); '-' or none writes it to a pipe, never to a terminal."),
            show_default=False,
        ),
    ] = None,
    cluster_id: Annotated[
        str | None,
        typer.Option(
            "--cluster",
            metavar="ID",
            autocompletion=cluster_ids,
            help=N_("Pre-fill from this cluster's facts and latest assessment, for a re-assessment."),
            show_default=False,
        ),
    ] = None,
    framework: FrameworkOpt = None,
    fmt: Annotated[
        QuestionnaireFormat,
        typer.Option(
            "--format",
            "-f",
            help=N_("xlsx: a workbook for a cluster manager; xlsform: an XLSForm for ODK Collect and KoBoToolbox."),
        ),
    ] = QuestionnaireFormat.xlsx,
    profiles_dir: ProfilesDir = None,
) -> None:
    """Write a questionnaire to fill in."""
    target = None if output in (None, "-") else output
    if target is not None and Path(target).suffix and Path(target).suffix.lower() != ".xlsx":
        fail(
            _("a questionnaire is an XLSX workbook; name the output FILE.xlsx, not {name}").format(
                name=repr(Path(target).name)
            )
        )
    if target is None and sys.stdout is None:
        fail(_("cannot write the output: standard output is closed; give -o FILE"))
    if (target is None and sys.stdout.isatty()) or (target is not None and is_terminal(target)):
        fail(_("a questionnaire is a binary workbook; write it to a file with -o FILE.xlsx"))
    run = run_context(ctx, profiles_dir)
    catalog = run.catalog()
    fw = chosen_framework(run, catalog, framework)
    cluster = None
    if cluster_id is not None:
        cluster = catalog.cluster(cluster_id)
        run.inputs.append(catalog.entry("cluster", cluster_id).path)
    if fmt is QuestionnaireFormat.xlsform:
        from clusterkit.intake.xlsform import xlsform

        data = xlsform(fw, cluster)
    else:
        from clusterkit.intake.workbook import questionnaire_workbook

        data = questionnaire_workbook(fw, cluster, catalog.references())
    if target is None:
        write_stdout(data)
        return
    from clusterkit.output import write_atomic

    write_atomic(target, data, run.files_read())
    if fmt is QuestionnaireFormat.xlsform:
        message(
            _(
                "wrote {path}; upload it to ODK Central or KoBoToolbox, then import the submissions export:"
                " clusterkit import EXPORT.csv --dir DIR"
            ).format(path=target)
        )
    else:
        message(_("wrote {path}; fill it in, then: clusterkit import {path} --dir DIR").format(path=target))


@app.command(
    "import",
    help=N_(
        "Import answers as cluster profiles: all or nothing, every problem listed with its cell or line.\n"
        "\n"
        "Refuses to overwrite a profile unless --update. Prints one line per profile written."
    ),
)
def import_command(
    ctx: typer.Context,
    files: Annotated[
        list[Path],
        typer.Argument(
            metavar="FILE",
            help=N_(
                "Filled questionnaires (.xlsx) and exports of ODK Central or KoBoToolbox submissions (.csv, .xlsx)."
            ),
            show_default=False,
        ),
    ],
    directory: Annotated[
        Path,
        typer.Option(
            "--dir", "-d", metavar="DIR", help=N_("Profiles folder: each profile goes to DIR/clusters/ID.yaml.")
        ),
    ],
    date: Annotated[
        str | None,
        typer.Option(
            "--date",
            metavar="DATE",
            help=N_("Date of the assessments that give none (YYYY, YYYY-MM or YYYY-MM-DD; default: today)."),
            show_default=False,
        ),
    ] = None,
    update: Annotated[
        bool, typer.Option("--update", help=N_("Add a new dated assessment to a profile DIR already holds."))
    ] = False,
    framework: FrameworkOpt = None,
    profiles_dir: ProfilesDir = None,
) -> None:
    """Import answers as cluster profiles."""
    from clusterkit.intake.cells import date_problem
    from clusterkit.intake.read import read_answers

    if date is not None and (why := date_problem(date)):
        fail(f"--date: {why}")
    if sys.stdout is None:
        # NOTE: the lines that name the profiles written could not be shown: nothing is written.
        fail(_("cannot write to standard output: {reason}").format(reason=os.strerror(errno.EBADF)))
    try:
        is_file = directory.exists() and not directory.is_dir()
    except OSError as exc:  # NOTE: a name over 255 bytes, a parent that cannot be looked into
        raise ClusterkitError(
            "cannot write", [Problem(str(directory), _("cannot write: {reason}").format(reason=exc.strerror or exc))]
        ) from None
    if is_file:
        fail(_("{path} is a file, not a folder; give --dir a folder for the profiles").format(path=directory))
    # NOTE: DIR's own references (and profiles) count: a workbook may cite what an earlier import added.
    dirs = [*(profiles_dir or []), *([directory] if directory.is_dir() else [])]
    run = run_context(ctx, dirs)
    catalog = run.catalog()
    fw = chosen_framework(run, catalog, framework)
    run.inputs.extend(files)
    from clusterkit.intake.profiles import known_references, write_profiles

    keys = set(known_references(directory, catalog))
    with progress(_("reading answers"), run.quiet, unit=_("files")) as update_bar:
        batch = read_answers(files, fw, date=date, references=keys, progress=update_bar)
    frameworks = {fw.id: fw} if framework is not None else None
    # NOTE: one step a profile checked and one a profile written: the bar shows a share, not a count.
    with progress(_("writing profiles"), run.quiet) as update_bar:
        written = write_profiles(
            batch, directory, update=update, catalog=catalog, frameworks=frameworks, progress=update_bar
        )
    # NOTE: as every command writes stdout: a full device is an error, a name not UTF-8 an escape.
    write_stdout("".join(_("wrote {path}").format(path=path) + "\n" for path in written))
