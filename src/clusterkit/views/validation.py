"""The view of a validation: a table of the files checked, a table of the problems, and the JSON payload."""

from __future__ import annotations

from typing import Any

from clusterkit import text
from clusterkit.validation import FileCheck, Validation
from clusterkit.views import Column, Table, View


def summary_text(v: Validation) -> str:
    """What a validation found, in one line: ``3 files checked: 2 invalid, 1 error``."""
    return f"{text.plural(len(v.files), 'file')} checked: {text.number(v.invalid_files)} invalid, " + text.plural(
        v.error_count, "error"
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
    return "ok" if not f.problems else f"{text.number(len(f.problems))} error(s)"


def validation_view(v: Validation) -> View:
    """The files checked (titled by the summary, the primary table) and every problem, one per row."""
    summary = summary_text(v)
    files = Table(
        "files",
        summary,
        [Column("file", "file"), Column("kind", "kind"), Column("id", "id"), Column("status", "status")],
        [{"file": f.file, "kind": f.kind, "id": f.id, "status": _status(f)} for f in v.files],
        primary=True,
    )
    problems = Table(
        "problems", "Problems", [Column("problem", "problem")], [{"problem": str(p)} for p in v.problems()]
    )
    return View("validation", summary, [files, problems], validation_payload(v))
