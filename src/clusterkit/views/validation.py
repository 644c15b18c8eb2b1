"""The view of a validation: a table of the files checked, a table of the problems, and the JSON payload."""

from __future__ import annotations

from typing import Any

from clusterkit import text
from clusterkit.i18n import LANGUAGES, _, ngettext
from clusterkit.validation import FileCheck, Validation
from clusterkit.views import Column, Table, View

# What the languages column shows for a document that has no translatable text (language codes are no words).
NO_LANGUAGES = "-"


def summary_text(v: Validation) -> str:
    """What a validation found, in one line: ``3 files checked: 2 invalid, 1 error``."""
    files = ngettext("{count} file checked", "{count} files checked", len(v.files))
    invalid = ngettext("{count} invalid", "{count} invalid", v.invalid_files)
    errors = ngettext("{count} error", "{count} errors", v.error_count)
    return _("{files}: {invalid}, {errors}").format(
        files=files.format(count=text.number(len(v.files))),
        invalid=invalid.format(count=text.number(v.invalid_files)),
        errors=errors.format(count=text.number(v.error_count)),
    )


def language_notes(v: Validation) -> list[str]:
    """A note for each valid document whose texts are not all given in every language clusterkit speaks."""
    notes = []
    for f in v.files:
        missing = [language for language in LANGUAGES if f.languages and language not in f.languages]
        if not f.problems and missing:
            notes.append(
                _("note: {file}: its texts are given in {given}, not in {missing} (shown in English there)").format(
                    file=f.file, given=", ".join(f.languages), missing=", ".join(missing)
                )
            )
    return notes


def validation_payload(v: Validation) -> dict[str, Any]:
    """The JSON payload: whether every file is valid, the counts, and each file's languages and problems."""
    return {
        "valid": v.ok,
        "summary": {"files": len(v.files), "invalid_files": v.invalid_files, "errors": v.error_count},
        "files": [_file_payload(f) for f in v.files],
    }


def _file_payload(f: FileCheck) -> dict[str, Any]:
    return {
        "file": f.file,
        "kind": f.kind,
        "id": f.id,
        "languages": list(f.languages),
        "problems": [p.to_dict() for p in f.problems],
    }


def languages_text(f: FileCheck) -> str:
    """The languages every text of a document is given in, ``en, fr``; ``-`` for a document without such
    texts (a cluster profile, references) or a file that is not valid."""
    return ", ".join(f.languages) or NO_LANGUAGES


def _status(f: FileCheck) -> str:
    if not f.problems:
        return _("ok")
    # NOTE: "error(s)", as the table always said; the summary above counts in words.
    return _("{count} error(s)").format(count=text.number(len(f.problems)))


def validation_view(v: Validation) -> View:
    """The files checked (titled by the summary, the primary table), with the languages each covers, and
    every problem, one per row."""
    summary = summary_text(v)
    files = Table(
        "files",
        summary,
        [
            Column("file", _("file")),
            Column("kind", _("kind")),
            Column("id", "id"),
            Column("languages", _("languages")),
            Column("status", _("status")),
        ],
        [
            {"file": f.file, "kind": f.kind, "id": f.id, "languages": languages_text(f), "status": _status(f)}
            for f in v.files
        ],
        primary=True,
    )
    problems = Table(
        "problems", _("Problems"), [Column("problem", _("problem"))], [{"problem": str(p)} for p in v.problems()]
    )
    return View("validation", summary, [files, problems], validation_payload(v))
