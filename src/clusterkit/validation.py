"""Validation of documents: every problem in every file, plus checks across documents.

The result is data: a :class:`Validation` with one :class:`FileCheck` per file; what a person
reads of it is built by :mod:`clusterkit.views.validation`.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from clusterkit.errors import ClusterkitError, LoadError, Notes, NotFoundError, Problem, did_you_mean
from clusterkit.i18n import _
from clusterkit.loading import (
    FOLDER_KINDS,
    Catalog,
    Parsed,
    display_path,
    document_from_data,
    kind_for,
    outside_link_note,
    parse_yaml,
    read_text,
    walk_documents,
)
from clusterkit.models import (
    CITATION_PATTERN,
    KINDS,
    Cluster,
    DocumentBase,
    Framework,
    Practices,
    References,
    citation_key,
)
from clusterkit.schema import iter_citations

# Strings of another form than a citation's are reported by the model, not as unknown citations.
_CITATION_RE = re.compile(CITATION_PATTERN)

# ``progress(done, total)``, for a progress bar: two steps per file, reading it, then checking it
# against the other documents.
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class FileCheck:
    """One file validated: its kind and id where they could be read, and its problems (none: valid)."""

    file: str
    kind: str | None
    id: str | None
    problems: tuple[Problem, ...]
    # The languages every text of the document is given in (a framework, practices); () for none.
    languages: tuple[str, ...] = ()


@dataclass(frozen=True)
class Validation:
    """The result of ``clusterkit validate``: one check per file, in the order the files were found."""

    files: tuple[FileCheck, ...]

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
        """Every problem of every file, file by file, each file's in the order of its lines."""
        return [p for f in self.files for p in f.problems]


@dataclass
class _Target:
    """A file to validate: the folder it was found under (None when named directly) and what was learnt."""

    path: Path
    root: Path | None
    outside: bool = False
    doc: DocumentBase | None = None
    parsed: Parsed | None = None
    problems: tuple[Problem, ...] = ()


def _expand(paths: Iterable[Path]) -> list[_Target]:
    """Files to validate; a path that does not exist is a usage error (exit 2), not a finding."""
    paths = list(paths)
    missing = [p for p in paths if not p.exists() and not p.is_symlink()]
    if missing:
        raise LoadError("missing", [Problem(display_path(p), _("no such file or folder")) for p in missing])
    found: list[_Target] = []
    for path in paths:
        if path.is_dir() and not path.name.lower().endswith((".yaml", ".yml")):
            found.extend(_walk_targets(path))
        else:
            found.append(_Target(path, None))
    return found


def _walk_targets(root: Path) -> Iterator[_Target]:
    skipped: list[Path] = []
    unread: list[tuple[Path, str]] = []
    for path in walk_documents(root, Notes(), skipped, unread=unread):
        yield _Target(path, root)
    # NOTE: a folder that cannot be read is a problem here, never a pass: its documents went unchecked.
    for folder, reason in unread:
        yield _Target(folder, root, problems=(Problem(display_path(folder), reason),))
    # NOTE: links out of the folder are skipped when profiles are loaded; validate reports them.
    for path in skipped:
        yield _Target(path, root, outside=True)


def _located(parsed: Parsed | None, field: str, key: bool = False) -> tuple[int | None, int | None]:
    if parsed is None:
        return None, None
    loc = tuple(int(p) if p.isascii() and p.isdigit() else p for p in field.split("."))
    return parsed.locate(loc, key=key)


def _load(target: _Target, catalog: Catalog) -> _Target:
    if target.problems:  # a folder that could not be read: nothing to load
        return target
    name = display_path(target.path)
    if target.outside:
        assert target.root is not None
        msg = _("symbolic link points outside {folder}; profiles are never read through such a link").format(
            folder=display_path(target.root)
        )
        return _Target(target.path, target.root, True, problems=(Problem(name, msg),))
    expected = kind_for(target.path, target.root) if target.root is not None else None
    # NOTE: a file named directly, or its kind folder, is held to that folder's kind as in a profiles
    # folder, and a references.yaml named directly holds references.
    expected = expected or FOLDER_KINDS.get(target.path.parent.name) or kind_for(target.path, target.path.parent)
    catalog.record_read(target.path)  # an input of the run: no output may overwrite it
    parsed: Parsed | None = None
    try:
        parsed = parse_yaml(read_text(target.path, name), name)
        doc = document_from_data(parsed, name, target.path.stem, expected)
    except LoadError as exc:
        return _Target(target.path, target.root, parsed=parsed, problems=tuple(exc.problems))
    return _Target(target.path, target.root, doc=doc, parsed=parsed)


def _load_all(targets: list[_Target], catalog: Catalog, progress: Progress | None) -> list[_Target]:
    """Read every target, telling ``progress`` of each (the first of the two steps per file)."""
    loaded: list[_Target] = []
    total = 2 * len(targets)
    for target in targets:
        loaded.append(_load(target, catalog))
        if progress is not None:
            progress(len(loaded), total)
    return loaded


def validate_files(paths: Iterable[Path], catalog: Catalog, *, progress: Progress | None = None) -> Validation:
    """Validate files and folders; citations are checked against every reference on the search path.

    Every file read is recorded in ``catalog.files_read``; ``progress(done, total)`` is called as
    each file is read and as it is checked (two steps per file). Raises :class:`LoadError` when a
    named path does not exist.
    """
    return _cross_check(_load_all(_expand(paths), catalog, progress), catalog, progress)


def validate_catalog(catalog: Catalog, *, progress: Progress | None = None) -> Validation:
    """Validate every document on the search path; shadowed ids are noted as they are when loading.

    ``progress(done, total)`` is called as each file is read and as it is checked (two steps per file).
    """
    for kind in KINDS:
        catalog.ids(kind)
    targets = [_Target(e.path, e.root) for e in catalog.entries]
    for root in catalog.dirs:
        if root.is_dir():
            for target in _walk_targets(root):
                if target.problems:
                    targets.append(target)
                elif target.outside:
                    targets.append(target)
                    note = outside_link_note(target.path, root)
                    if note in catalog.notes.items:
                        catalog.notes.items.remove(note)
    return _cross_check(_load_all(targets, catalog, progress), catalog, progress)


def _reference_keys(loaded: list[_Target], catalog: Catalog) -> set[str]:
    keys: set[str] = set()
    for target in loaded:
        if isinstance(target.doc, References):
            keys.update(r.key for r in target.doc.references)
    for entry in catalog.candidates("references"):
        try:
            doc = catalog.read(entry)
        except LoadError:
            continue  # reported where that file is validated
        if isinstance(doc, References):
            keys.update(r.key for r in doc.references)
    return keys


def _raw_citations(data: Any, path: str = "") -> Iterator[tuple[str, str]]:
    """``(field path, citation)`` in data that did not validate, so its citations are checked too."""
    if isinstance(data, dict):
        for key, value in data.items():
            sub = f"{path}.{key}" if path else str(key)
            if key in ("source", "coordinates_source") and isinstance(value, str):
                yield sub, value
            elif key == "sources" and isinstance(value, list):
                yield from ((f"{sub}.{i}", v) for i, v in enumerate(value) if isinstance(v, str))
            else:
                yield from _raw_citations(value, sub)
    elif isinstance(data, list):
        for i, item in enumerate(data):
            yield from _raw_citations(item, f"{path}.{i}" if path else str(i))


def _citation_problems(target: _Target, name: str, keys: set[str]) -> list[Problem]:
    if target.doc is not None:
        found: Iterable[tuple[str, str]] = iter_citations(target.doc)
    elif target.parsed is not None:
        found = [(f, c) for f, c in _raw_citations(target.parsed.data) if _CITATION_RE.fullmatch(c)]
    else:
        return []
    problems: list[Problem] = []
    for field, citation in found:
        key = citation_key(citation)
        if key not in keys:
            line, col = _located(target.parsed, field)
            close = difflib.get_close_matches(key, sorted(keys), n=1)
            hint = did_you_mean(close[0]) if close else ""
            msg = _("citation {key} is not defined in any references document").format(key=repr(key)) + hint
            problems.append(Problem(name, msg, line, col, field))
    return problems


def _practices_problems(
    doc: Practices, parsed: Parsed | None, name: str, frameworks: dict[str, Framework], catalog: Catalog
) -> list[Problem]:
    fw, why = _framework_named(doc.framework, frameworks, catalog)
    if fw is None:
        line, col = _located(parsed, "framework")
        return [Problem(name, str(why), line, col, "framework")]
    ids = {i.id for i in fw.indicators}
    problems: list[Problem] = []
    for pi, practice in enumerate(doc.practices):
        for ai, ind in enumerate(practice.addresses):
            if ind not in ids:
                field = f"practices.{pi}.addresses.{ai}"
                line, col = _located(parsed, field)
                msg = _("unknown indicator {indicator} in framework {framework}").format(
                    indicator=repr(ind), framework=repr(fw.id)
                )
                problems.append(Problem(name, msg, line, col, field))
    return problems


def _framework_named(
    framework_id: str, frameworks: dict[str, Framework], catalog: Catalog
) -> tuple[Framework | None, str | None]:
    """The framework with this id, from the files validated or the search path, or why there is none."""
    if framework_id in frameworks:
        return frameworks[framework_id], None
    try:
        return catalog.framework(framework_id), None
    except NotFoundError:
        return None, _("framework {framework} is not on the search path").format(framework=repr(framework_id))
    except ClusterkitError:
        return None, _("framework {framework} cannot be loaded, so the indicators named here cannot be checked").format(
            framework=repr(framework_id)
        )


def _assessment_problems(
    doc: Cluster, parsed: Parsed | None, name: str, frameworks: dict[str, Framework], catalog: Catalog
) -> list[Problem]:
    """Levels that scoring would silently skip: an unknown framework or indicator, or a measured indicator."""
    from clusterkit.scoring import unused_levels

    problems: list[Problem] = []
    fields = {f"assessments.{i}.framework": a.framework for i, a in enumerate(doc.assessments)}
    if doc.target is not None:
        fields["target.framework"] = doc.target.framework
    named: dict[str, str] = {}  # framework id -> the first field that names it
    for field, framework_id in fields.items():
        named.setdefault(framework_id, field)
    for framework_id, field in named.items():
        fw, why = _framework_named(framework_id, frameworks, catalog)
        if fw is None:
            line, col = _located(parsed, field)
            problems.append(Problem(name, str(why), line, col, field))
            continue
        known = {i.id for i in fw.indicators}
        assessed = sorted(i.id for i in fw.indicators if i.assessed)
        for place, _why in unused_levels(doc, fw):
            ind_id = place.rsplit(".", 1)[1]
            if ind_id in known:
                msg = _(
                    "indicator {indicator} is measured from the profile's facts, so a level given here is not used"
                ).format(indicator=repr(ind_id))
            else:
                close = difflib.get_close_matches(ind_id, assessed, n=1)
                hint = did_you_mean(close[0]) if close else ""
                msg = _("unknown indicator {indicator} in framework {framework}").format(
                    indicator=repr(ind_id), framework=repr(fw.id)
                )
                msg += hint
            line, col = _located(parsed, place, key=True)
            problems.append(Problem(name, msg, line, col, place))
    return problems


def _raw_text(data: dict[str, Any] | None, key: str) -> str | None:
    value = (data or {}).get(key)
    return value if isinstance(value, str) else None


def _cross_check(loaded: list[_Target], catalog: Catalog, progress: Progress | None = None) -> Validation:
    keys = _reference_keys(loaded, catalog)
    frameworks: dict[str, Framework] = {t.doc.id: t.doc for t in loaded if isinstance(t.doc, Framework)}
    # The same id twice under one folder of the search path (or one folder given to validate).
    seen: dict[tuple[str, str, str], str] = {}
    files: list[FileCheck] = []
    for target in loaded:
        name = display_path(target.path)
        problems = list(target.problems)
        doc = target.doc
        if doc is not None:
            root = target.root if target.root is not None else target.path.parent
            key = (getattr(doc, "kind", ""), doc.id, str(root.resolve()))
            if key in seen:
                line, col = _located(target.parsed, "id")
                msg = _("{kind} id {id} is also used by {file}").format(kind=key[0], id=repr(doc.id), file=seen[key])
                problems.append(Problem(name, msg, line, col, "id"))
            seen.setdefault(key, name)
            if isinstance(doc, Practices):
                problems.extend(_practices_problems(doc, target.parsed, name, frameworks, catalog))
            elif isinstance(doc, Cluster):
                problems.extend(_assessment_problems(doc, target.parsed, name, frameworks, catalog))
        problems.extend(_citation_problems(target, name, keys))
        data = target.parsed.data if target.parsed is not None else None
        files.append(
            FileCheck(
                file=name,
                kind=getattr(doc, "kind", None) if doc is not None else _raw_text(data, "kind"),
                id=doc.id if doc is not None else _raw_text(data, "id"),
                problems=tuple(sorted(problems, key=lambda p: (p.line or 0, p.column or 0))),
                languages=_languages(doc),
            )
        )
        if progress is not None:
            progress(len(loaded) + len(files), 2 * len(loaded))
    return Validation(files=tuple(files))


def _languages(doc: Any) -> tuple[str, ...]:
    """The languages a valid document's texts are all given in; () for a document without such texts."""
    if doc is None:
        return ()
    from clusterkit.models.languages import coverage

    found = coverage(doc)
    return found.languages if found.texts else ()
