"""Validation of documents: every problem in every file, plus checks across documents."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from clusterkit.errors import LoadError, Problem
from clusterkit.loading import Catalog, _display_path, document_from_data, parse_yaml, read_text
from clusterkit.models import DocumentBase, Framework, Practices, References, citation_key, iter_citations
from clusterkit.scoring import check_rule_paths
from clusterkit.tabular import Column, Table


class FileReport(BaseModel):
    file: str
    kind: str | None
    id: str | None
    problems: list[dict[str, Any]]


class ValidationReport(BaseModel):
    """The result of ``clusterkit validate``: one entry per file, with its problems."""

    payload_name: str = "validation"
    files: list[FileReport]

    @property
    def error_count(self) -> int:
        return sum(len(f.problems) for f in self.files)

    @property
    def invalid_files(self) -> int:
        return sum(1 for f in self.files if f.problems)

    @property
    def ok(self) -> bool:
        return self.error_count == 0

    def problems(self) -> list[Problem]:
        return [Problem(**p) for f in self.files for p in f.problems]

    def payload(self) -> Any:
        return {
            "valid": self.ok,
            "summary": {"files": len(self.files), "invalid_files": self.invalid_files, "errors": self.error_count},
            "files": [f.model_dump() for f in self.files],
        }

    def tables(self) -> list[Table]:
        rows = [
            {"file": f.file, "kind": f.kind, "id": f.id, "status": "ok" if not f.problems else f"{len(f.problems)} error(s)"}
            for f in self.files
        ]
        problem_rows = [{"problem": str(p)} for p in self.problems()]
        return [
            Table(
                "files",
                f"{len(self.files)} files, {self.invalid_files} invalid, {self.error_count} errors",
                [Column("file", "file"), Column("kind", "kind"), Column("id", "id"), Column("status", "status")],
                rows,
                primary=True,
            ),
            Table("problems", "Problems", [Column("problem", "problem")], problem_rows),
        ]


def _expand(paths: Iterable[Path]) -> list[tuple[Path, Path | None]]:
    """Files to validate, each with the folder it was found under (None for a file given directly)."""
    found: list[tuple[Path, Path | None]] = []
    for path in paths:
        if path.is_dir():
            for dirpath, dirnames, filenames in os.walk(path):
                dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
                found.extend((Path(dirpath) / f, path) for f in sorted(filenames) if f.endswith((".yaml", ".yml")))
        else:
            found.append((path, None))
    return found


def validate_files(paths: Iterable[Path], catalog: Catalog) -> ValidationReport:
    """Validate files and folders; citations are checked against every reference on the search path."""
    from clusterkit.loading import _kind_for

    results: list[tuple[Path, DocumentBase | None, list[Problem], Any]] = []
    for path, root in _expand(paths):
        name = _display_path(path)
        expected = _kind_for(path, root) if root is not None else None
        try:
            if not path.exists() and not path.is_symlink():
                raise LoadError("missing", [Problem(name, "no such file or folder")])
            parsed = parse_yaml(read_text(path, name), name)
            doc = document_from_data(parsed, name, path.stem, expected)
            results.append((path, doc, [], parsed))
        except LoadError as exc:
            results.append((path, None, exc.problems, None))
    return _cross_check(results, catalog)


def validate_catalog(catalog: Catalog) -> ValidationReport:
    """Validate every document on the search path."""
    return validate_files([e.path for e in catalog.entries], catalog)


def _cross_check(results: list[tuple[Path, DocumentBase | None, list[Problem], Any]], catalog: Catalog) -> ValidationReport:
    keys: set[str] = set()
    for _, doc, _, _ in results:
        if isinstance(doc, References):
            keys.update(r.key for r in doc.references)
    try:
        keys.update(catalog.references())
    except LoadError:
        pass
    frameworks: dict[str, Framework] = {d.id: d for _, d, _, _ in results if isinstance(d, Framework)}
    seen: dict[tuple[str, str, str], str] = {}
    files: list[FileReport] = []
    for path, doc, problems, parsed in results:
        name = _display_path(path)
        problems = list(problems)
        if doc is not None:
            folder = str(path.parent.resolve())
            key = (getattr(doc, "kind", ""), doc.id, folder)
            if key in seen:
                problems.append(Problem(name, f"id {doc.id!r} is also used by {seen[key]}", field="id"))
            seen.setdefault(key, name)
            for field, citation in iter_citations(doc):
                ck = citation_key(citation)
                if ck not in keys:
                    loc = tuple(int(p) if p.isdigit() else p for p in field.split("."))
                    line, col = parsed.locate(loc) if parsed is not None else (None, None)
                    problems.append(Problem(name, f"citation {ck!r} is not defined in any references document", line, col, field))
            if isinstance(doc, Framework):
                for ind_id, msg in check_rule_paths(doc):
                    idx = next(i for i, ind in enumerate(doc.indicators) if ind.id == ind_id)
                    line, col = parsed.locate(("indicators", idx, "rule", "path"))
                    problems.append(Problem(name, msg, line, col, f"indicators.{idx}.rule.path"))
            if isinstance(doc, Practices):
                fw = frameworks.get(doc.framework)
                if fw is None:
                    try:
                        fw = catalog.framework(doc.framework)
                    except Exception:
                        fw = None
                if fw is None:
                    line, col = parsed.locate(("framework",))
                    problems.append(Problem(name, f"framework {doc.framework!r} is not on the search path", line, col, "framework"))
                else:
                    ids = {i.id for i in fw.indicators}
                    for pi, practice in enumerate(doc.practices):
                        for ai, ind in enumerate(practice.addresses):
                            if ind not in ids:
                                line, col = parsed.locate(("practices", pi, "addresses", ai))
                                problems.append(
                                    Problem(name, f"unknown indicator {ind!r} in framework {fw.id!r}", line, col, f"practices.{pi}.addresses.{ai}")
                                )
        files.append(
            FileReport(
                file=name,
                kind=getattr(doc, "kind", None),
                id=doc.id if doc is not None else None,
                problems=[p.to_dict() for p in problems],
            )
        )
    return ValidationReport(files=files)

