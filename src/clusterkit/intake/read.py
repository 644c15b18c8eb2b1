"""Answers from files, whatever their kind: questionnaire workbooks and exports of submissions.

:func:`read_answers` sends an XLSX that holds the questionnaire's sheets to
:func:`clusterkit.intake.workbook.read_workbook`, and a CSV or any other XLSX (an ODK Central or
KoBoToolbox export) to :func:`clusterkit.intake.submissions.read_submissions`. It reads every file
before it decides, so that every problem of every file is reported at once, and refuses two
answers for the same cluster and date.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from clusterkit import text as spell
from clusterkit.errors import LoadError, Problem
from clusterkit.i18n import _, ngettext
from clusterkit.intake import ClusterAnswers

if TYPE_CHECKING:
    from clusterkit.models import Framework

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")


def read_answers(
    paths: Iterable[str | os.PathLike[str]],
    framework: Framework,
    *,
    date: str | None = None,
    references: Collection[str] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> list[ClusterAnswers]:
    """Every file's answers, in the order given, or a :class:`LoadError` listing every problem of every file.

    ``date`` dates the answers that give no date of their own (``import --date``); every answer
    must end up dated. ``references`` are the reference keys on the search path, which a source
    must cite (None: not checked here). ``progress(done, total)`` is called as each file is read.
    """
    problems: list[Problem] = []
    batch: list[ClusterAnswers] = []
    files = list(paths)
    for done, path in enumerate(files, start=1):
        try:
            batch.extend(_read_one(Path(path), os.fspath(path), framework, references))
        except LoadError as exc:
            problems.extend(exc.problems or [Problem(os.fspath(path), exc.message)])
        if progress is not None:
            progress(done, len(files))
    dated: list[ClusterAnswers] = []
    seen: dict[tuple[str, str | None], ClusterAnswers] = {}
    for answers in batch:
        if answers.date is None and date is not None:
            answers = replace(answers, date=date)
        if answers.date is None:
            problems.append(
                Problem(
                    answers.where,
                    _("cluster {id} has no assessment date; give it in the file or with --date").format(
                        id=repr(answers.cluster_id)
                    ),
                    field="date",
                )
            )
        key = (answers.cluster_id, answers.date)
        if key in seen:
            problems.append(
                Problem(
                    answers.where,
                    _(
                        "cluster {id} is answered twice for the date {date} (also at {where});"
                        " import one, or give each its own date"
                    ).format(id=repr(answers.cluster_id), date=repr(answers.date), where=seen[key].where),
                )
            )
        else:
            seen[key] = answers
        dated.append(answers)
    if problems:
        found = ngettext("{count} problem in the answers", "{count} problems in the answers", len(problems))
        raise LoadError(found.format(count=spell.number(len(problems))), problems)
    return dated


def _read_one(
    path: Path, shown: str, framework: Framework, references: Collection[str] | None
) -> Sequence[ClusterAnswers]:
    from clusterkit.intake.workbook import NotQuestionnaireError, read_workbook

    if path.suffix.lower() != ".csv":
        try:
            return read_workbook(path, framework, references=references)
        except NotQuestionnaireError:
            pass  # another workbook: an export of submissions
    try:
        from clusterkit.intake.submissions import read_submissions
    except ImportError:
        raise LoadError(
            f"{shown}: cannot read submissions",
            [
                Problem(
                    shown, _("is not a questionnaire workbook, and this clusterkit cannot read exports of submissions")
                )
            ],
        ) from None
    return list(read_submissions(path, framework))
