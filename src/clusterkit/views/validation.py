"""The view of a validation: a table of the files checked, a table of the problems, and the JSON payload."""

from __future__ import annotations

from typing import Any

from clusterkit import text
from clusterkit.i18n import _, ngettext
from clusterkit.validation import FileCheck, Validation
from clusterkit.views import Column, Table, View


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


def validation_payload(v: Validation) -> dict[str, Any]:
    """The JSON payload: whether every file is valid, the counts, and each file's problems."""
    return {
        "valid": v.ok,
        "summary": {"files": len(v.files), "invalid_files": v.invalid_files, "errors": v.error_count},
        "files": [_file_payload(f) for f in v.files],
    }


def _file_payload(f: FileCheck) -> dict[str, Any]:
    return {"file": f.file, "kind": f.kind, "id": f.id, "problems": [p.to_dict() for p in f.problems]}


def _status(f: FileCheck) -> str:
    if not f.problems:
        return _("ok")
    # NOTE: "error(s)", as the table always said; the summary above counts in words.
    return _("{count} error(s)").format(count=text.number(len(f.problems)))


def validation_view(v: Validation) -> View:
    """The files checked (titled by the summary, the primary table) and every problem, one per row."""
    summary = summary_text(v)
    files = Table(
        "files",
        summary,
        [Column("file", _("file")), Column("kind", _("kind")), Column("id", "id"), Column("status", _("status"))],
        [{"file": f.file, "kind": f.kind, "id": f.id, "status": _status(f)} for f in v.files],
        primary=True,
    )
    problems = Table(
        "problems", _("Problems"), [Column("problem", _("problem"))], [{"problem": str(p)} for p in v.problems()]
    )
    return View("validation", summary, [files, problems], validation_payload(v))
