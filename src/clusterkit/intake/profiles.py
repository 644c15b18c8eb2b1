"""Cluster profiles written from answers: a new profile, or a new dated assessment in the user's own file.

:func:`write_profiles` (``clusterkit import``) writes one profile per cluster answered, all or
nothing; :func:`save_facts`, :func:`save_answer` and :func:`save_reference` (``clusterkit assess``)
save one step of an interview at once. Every text is checked before anything is written: it is
read back with clusterkit's own strict loader, validated as a document, and its citations must
resolve against the references on the search path, those in ``DIR/references.yaml`` and the new
ones given with the answers. Every problem found is collected, named by the place the answer came
from (``answers.xlsx:Activities!D7``); then :class:`~clusterkit.errors.LoadError` is raised and
nothing is written. Files are written atomically (a reader sees the old file or the whole new one).

A file the user wrote keeps its comments, key order and layout (see :mod:`clusterkit.intake.yamledit`).

Choices made here:

- A same-dated assessment against the same framework is an error for :func:`write_profiles`, even
  with ``update``: the model allows one assessment per framework and date (``ID@DATE`` must name
  one), and importing the same questionnaire twice should not quietly replace a judgement. Give
  another ``--date``, or edit the file. The interview (:func:`save_answer`) instead fills the
  assessment of its date, one indicator at a time.
- With ``update``, the facts of the answers are added where the profile lacks them (a missing
  ``founded``, ``members.total``...); a fact the profile has is left as the user wrote it, with its
  source and notes, and the profile's name and location are never changed.
- An answer whose level is unknown is left out of the assessment (unknown stays unknown); one
  without a date is dated today.
"""

from __future__ import annotations

import datetime
import difflib
import typing
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from clusterkit.errors import LoadError, NotFoundError, Problem, short_repr
from clusterkit.i18n import N_, _, ngettext
from clusterkit.intake import Answer, ClusterAnswers, NewReference
from clusterkit.intake.facts import fact_edits, model_order, new_profile
from clusterkit.intake.yamledit import Edit, Quoted, apply_plain, apply_tree, load_round_trip, new_document
from clusterkit.loading import Catalog, display_path, document_from_data, parse_yaml, read_text, unresolved_citations
from clusterkit.models import (
    CITATION_PATTERN,
    SLUG_RE,
    Assessment,
    Cluster,
    Evidence,
    Framework,
    Reference,
    References,
    citation_key,
)
from clusterkit.output import write_atomic, write_batch

# The facts the interview asks for a new cluster, by profile path.
PROFILE_FACTS = ("name", "location.country", "location.city", "founded", "members.total")
REFERENCES_FILE = "references.yaml"

_DATE_FORM = N_("write YYYY, YYYY-MM or YYYY-MM-DD")


def profile_path(directory: Path, cluster_id: str) -> Path:
    """Where a cluster's profile goes: ``DIR/clusters/ID.yaml``."""
    return directory / "clusters" / f"{cluster_id}.yaml"


def today() -> str:
    """Today's date as an assessment is dated (YYYY-MM-DD)."""
    return datetime.date.today().isoformat()


def date_problem(date: str) -> str | None:
    """Why ``date`` cannot date an assessment, or None when it can."""
    try:
        Assessment(date=date)
    except ValueError as exc:
        errors = getattr(exc, "errors", None)
        detail = errors()[0]["msg"] if callable(errors) else str(exc)
        if "pattern" in detail:
            return _("{date} is not a date: {form}").format(date=short_repr(date), form=_(_DATE_FORM))
        return detail.removeprefix("Value error, ")
    return None


# --- reading what is there -------------------------------------------------------------------


def read_profile(directory: Path, cluster_id: str) -> Cluster | None:
    """The profile in ``DIR/clusters/ID.yaml`` (strictly loaded), or None when there is none.

    Raises :class:`LoadError` with located problems when the file is invalid.
    """
    path = profile_path(directory, cluster_id)
    if not path.exists():
        return None
    name = display_path(path)
    return typing.cast(Cluster, _load(read_text(path, name), name, path.stem, "cluster"))


def known_references(directory: Path, catalog: Catalog) -> dict[str, Reference]:
    """Every reference a citation may name: those on the search path and those in ``DIR/references.yaml``."""
    found = dict(catalog.references())
    path = directory / REFERENCES_FILE
    if path.exists():
        name = display_path(path)
        doc = typing.cast(References, _load(read_text(path, name), name, path.stem, "references"))
        for ref in doc.references:
            found.setdefault(ref.key, ref)
    return found


def answered(cluster: Cluster | None, framework_id: str, date: str) -> set[str]:
    """The indicators that have a level in the cluster's assessment against a framework on a date."""
    if cluster is None:
        return set()
    for assessment in cluster.assessments:
        if assessment.framework == framework_id and assessment.date == date:
            return set(assessment.levels)
    return set()


@dataclass(frozen=True)
class Current:
    """An indicator's current level: from the assessment of the date asked, else the latest before it."""

    level: int
    evidence: tuple[Evidence, ...]
    date: str | None


def current_levels(cluster: Cluster | None, framework_id: str, date: str) -> dict[str, Current]:
    """Each indicator's current level, for an interview dated ``date`` (later assessments are not used)."""
    if cluster is None:
        return {}
    same = [a for a in cluster.assessments if a.framework == framework_id]
    earlier = sorted((a for a in same if a.date is not None and a.date < date), key=lambda a: a.date or "")
    found: dict[str, Current] = {}
    for assessment in [*earlier, *(a for a in same if a.date == date)]:
        for ind_id, level in assessment.levels.items():
            found[ind_id] = Current(level.level, tuple(level.evidence), assessment.date)
    return found


# --- checks ------------------------------------------------------------------------------------


def _load(text: str, name: str, stem: str | None, kind: str) -> Any:
    try:
        return document_from_data(parse_yaml(text, name, locate=False), name, stem, kind)
    except LoadError:
        return document_from_data(parse_yaml(text, name), name, stem, kind)


def citation_problem(citation: str | None, keys: Iterable[str]) -> str | None:
    """Why a citation does not resolve (a key, optionally with a locator: ``el-idrissi-2020 §3``), or None."""
    import re

    if not citation:
        return _("a level's evidence needs its source: a reference key (or a new reference)")
    if not re.fullmatch(CITATION_PATTERN, citation) or len(citation) > 300:
        return _("source {citation} is not a citation: a reference key, optionally then a section").format(
            citation=short_repr(citation)
        )
    key = citation_key(citation)
    known = keys if isinstance(keys, set | frozenset | dict) else set(keys)
    if key not in known:
        close = difflib.get_close_matches(key, sorted(known), n=1)
        hint = _("; did you mean {id}?").format(id=repr(close[0])) if close else _("; give it as a new reference")
        return _("citation {key} is not defined in any references document{hint}").format(
            key=short_repr(key), hint=hint
        )
    return None


@dataclass
class _Target:
    """One file to write: its text, the problems found, and where each new part came from."""

    path: Path
    text: str = ""
    problems: list[Problem] = field(default_factory=list)
    # Field prefix of each new part -> the place of the answers it came from.
    origins: dict[str, str] = field(default_factory=dict)
    where: str = ""
    new: bool = True
    # How messages name the file (computed once: it asks the system for the working folder).
    name: str = field(init=False)

    def __post_init__(self) -> None:
        self.name = display_path(self.path)

    def origin(self, field_path: str | None) -> str | None:
        """The place of the answer a field comes from; None for a field of the user's own file."""
        if field_path is not None:
            for prefix in sorted(self.origins, key=len, reverse=True):
                if field_path == prefix or field_path.startswith(prefix + "."):
                    return self.origins[prefix]
        return (self.where or self.name) if self.new else None


def _located(problem: Problem, target: _Target) -> Problem:
    """A problem of the text to write, named by the place of the answers it comes from."""
    where = target.origin(problem.field)
    if where is None:
        return problem
    return Problem(where, problem.message, None, None, problem.field, problem.severity)


def _check_text(target: _Target, expected: dict[str, Any], kind: str, keys: set[str]) -> None:
    """Read the text back strictly: the same data as meant, a valid document, citations that resolve.

    The text is read without positions (faster), and again with them only when it is not a valid
    document, so that a problem of the user's own file keeps its line.
    """
    try:
        parsed = parse_yaml(target.text, target.name, locate=False)
    except LoadError as exc:
        target.problems.extend(exc.problems)
        return
    if parsed.data != expected:
        # NOTE: ruamel.yaml read some value of the user's file otherwise than clusterkit does (a YAML 1.2
        # scalar); writing would change it. Rare; the user's file is left alone.
        changed = sorted(k for k in set(parsed.data) | set(expected) if parsed.data.get(k) != expected.get(k))
        target.problems.append(
            Problem(
                target.name,
                _(
                    "cannot be edited without changing values outside the new answers ({fields}); edit it by hand"
                ).format(fields=", ".join(changed[:5])),
            )
        )
        return
    try:
        doc = document_from_data(parsed, target.name, target.path.stem, kind)
    except LoadError:
        try:
            doc = document_from_data(parse_yaml(target.text, target.name), target.name, target.path.stem, kind)
        except LoadError as exc:
            target.problems.extend(_located(p, target) for p in exc.problems)
            return
    for problem in unresolved_citations(doc, keys, target.name):
        if target.origin(problem.field) is not None:
            target.problems.append(_located(problem, target))


# --- what answers become -------------------------------------------------------------------


def _level_entry(level: int, evidence: Sequence[tuple[str, str]]) -> dict[str, Any]:
    return {"level": level, "evidence": [{"text": text, "source": source} for text, source in evidence]}


def _answer_problems(
    answer: Answer, framework: Framework, default_source: str | None, keys: set[str], where: str
) -> list[Problem]:
    """What is wrong with one answer: its indicator, its level, its evidence and source."""
    at = answer.where or where
    try:
        indicator = framework.indicator(answer.indicator)
    except KeyError:
        assessed = [i.id for i in framework.indicators if i.assessed]
        close = difflib.get_close_matches(answer.indicator, assessed, n=1)
        hint = _("; did you mean {id}?").format(id=repr(close[0])) if close else ""
        unknown = _("unknown indicator {id} in framework {framework}{hint}")
        return [Problem(at, unknown.format(id=short_repr(answer.indicator), framework=repr(framework.id), hint=hint))]
    if not indicator.assessed:
        measured = _("indicator {id} is measured from the profile's facts; it takes no level")
        return [Problem(at, measured.format(id=repr(indicator.id)))]
    if answer.level is None:
        return []
    level = answer.level
    if isinstance(level, bool) or not isinstance(level, int) or not 0 <= level <= 4:
        wrong = _("must be 0-4 or unknown, got {value}").format(value=short_repr(level))
        return [Problem(at, wrong, field="level")]
    if not (answer.evidence or "").strip():
        bare = _("a level needs evidence: a short quote or paraphrase of what it rests on")
        return [Problem(at, bare, field="evidence")]
    why = citation_problem(answer.source or default_source, keys)
    return [Problem(at, why, field="source")] if why else []


def _good_answers(
    answers: ClusterAnswers, framework: Framework, keys: set[str], problems: list[Problem]
) -> list[Answer]:
    """The answers without problems; the problems of the others are added to ``problems``."""
    where = answers.where
    seen: dict[str, str] = {}
    good: list[Answer] = []
    for answer in answers.answers:
        at = answer.where or where
        if answer.indicator in seen:
            also = _(" (also at {where})").format(where=seen[answer.indicator]) if seen[answer.indicator] else ""
            why = _("indicator {id} is answered twice{also}").format(id=repr(answer.indicator), also=also)
            problems.append(Problem(at, why))
            continue
        seen[answer.indicator] = at
        found = _answer_problems(answer, framework, answers.source, keys, where)
        problems.extend(found)
        if not found:
            good.append(answer)
    return good


def _assessment_data(
    answers: ClusterAnswers, good: Sequence[Answer], framework: Framework, date: str
) -> tuple[dict[str, Any], dict[str, str]]:
    """The assessment the good answers give, and the place each level came from (by indicator)."""
    levels: dict[str, Any] = {}
    origins: dict[str, str] = {}
    order = {ind.id: i for i, ind in enumerate(framework.indicators)}
    for answer in sorted(good, key=lambda a: order.get(a.indicator, len(order))):
        if answer.level is None:
            continue
        source = answer.source or answers.source or ""
        levels[answer.indicator] = _level_entry(answer.level, [((answer.evidence or "").strip(), source)])
        origins[answer.indicator] = answer.where or answers.where
    return {"framework": framework.id, "date": Quoted(date), "levels": levels}, origins


# --- writing ---------------------------------------------------------------------------------


@dataclass
class _References:
    """``DIR/references.yaml``: what it holds, and the references to add to it."""

    path: Path
    text: str | None
    data: dict[str, Any] | None
    known: dict[str, Reference]
    added: dict[str, NewReference] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    @property
    def keys(self) -> set[str]:
        return set(self.known) | set(self.added)


def _read_references(directory: Path, catalog: Catalog) -> _References:
    path = directory / REFERENCES_FILE
    try:
        known = dict(catalog.references())
    except LoadError as exc:
        known = {}
        problems = list(exc.problems)
    else:
        problems = []
    text = data = None
    if path.exists():
        name = display_path(path)
        try:
            text = read_text(path, name)
            parsed = parse_yaml(text, name)
            doc = typing.cast(References, document_from_data(parsed, name, path.stem, "references"))
        except LoadError as exc:
            problems.extend(p for p in exc.problems if p not in problems)
        else:
            data = parsed.data
            for ref in doc.references:
                known.setdefault(ref.key, ref)
    return _References(path, text, data, known, problems=problems)


def _add_reference(refs: _References, new: NewReference, where: str) -> None:
    """Add a new reference, unless one with that key is there already (the same one: nothing to add)."""
    same = refs.known.get(new.key)
    if same is not None:
        if same.title != new.title or (new.url and same.url != new.url):
            refs.problems.append(
                Problem(
                    where,
                    _(
                        "reference key {key} is already defined (title {title}); cite it as it is,"
                        " or give the new reference another key"
                    ).format(key=repr(new.key), title=short_repr(same.title)),
                    field="references",
                )
            )
        return
    given = refs.added.get(new.key)
    if given is not None and given != new:
        refs.problems.append(
            Problem(
                where,
                _("reference key {key} is given twice, with different titles or addresses").format(key=repr(new.key)),
            )
        )
        return
    refs.added[new.key] = new


def _reference_data(new: NewReference) -> dict[str, Any]:
    data: dict[str, Any] = {"key": new.key, "title": new.title.strip()}
    if new.url:
        data["url"] = new.url.strip()
    if new.note:
        data["note"] = new.note.strip()
    return data


def _references_target(refs: _References, origins: dict[str, str]) -> _Target | None:
    """The text of ``DIR/references.yaml`` with the new references, checked; None when none is new."""
    if not refs.added:
        return None
    target = _Target(refs.path, new=refs.text is None)
    items = [_reference_data(new) for new in refs.added.values()]
    for key in refs.added:
        where = origins.get(key, "")
        if where:
            target.origins.setdefault("references", where)
    if refs.text is None or refs.data is None:
        expected: dict[str, Any] = {"kind": "references", "schema_version": 1, "id": "references", "references": items}
        target.text = new_document(expected)
    else:
        edits = [Edit("append", ("references",), item) for item in items]
        expected = apply_plain(refs.data, edits)
        tree = load_round_trip(refs.text)
        apply_tree(tree.tree, edits)
        target.text = tree.dump()
        count = len(refs.data.get("references") or [])
        target.origins = {
            f"references.{count + i}": origins.get(new.key, "") for i, new in enumerate(refs.added.values())
        }
    _check_text(target, expected, "references", refs.keys)
    return target


# A framework by id, or why there is none: looked up once in a batch, not once a cluster.
_Found = dict[str, Framework | NotFoundError | LoadError]


def _framework_for(
    framework_id: str, catalog: Catalog, found: _Found, where: str, problems: list[Problem]
) -> Framework | None:
    if framework_id not in found:
        try:
            found[framework_id] = catalog.framework(framework_id)
        except (NotFoundError, LoadError) as exc:
            found[framework_id] = exc
    framework = found[framework_id]
    if isinstance(framework, NotFoundError):
        problems.append(Problem(where, str(framework), field="framework"))
    elif isinstance(framework, LoadError):
        problems.extend(framework.problems)
    else:
        return framework
    return None


def _profile_target(
    group: list[ClusterAnswers],
    directory: Path,
    update: bool,
    keys: set[str],
    catalog: Catalog,
    frameworks: _Found,
) -> _Target:
    """One cluster's profile with the assessments of its answers, checked."""
    first = group[0]
    path = profile_path(directory, first.cluster_id)
    target = _Target(path, where=first.where or display_path(path))
    problems = target.problems
    existing: dict[str, Any] | None = None
    text: str | None = None
    taken: dict[tuple[str, str], str] = {}
    if path.exists():
        target.new = False
        if not update:
            problems.append(
                Problem(
                    target.name,
                    _(
                        "a profile with this id exists; refusing to overwrite it (--update adds a new dated"
                        " assessment to it){origin}"
                    ).format(origin=_from(first)),
                )
            )
            return target
        try:
            text = read_text(path, target.name)
            parsed = parse_yaml(text, target.name)
            doc = typing.cast(Cluster, document_from_data(parsed, target.name, path.stem, "cluster"))
        except LoadError as exc:
            problems.extend(exc.problems)
            return target
        existing = parsed.data
        for n, assessment in enumerate(doc.assessments):
            line, _column = parsed.locate(("assessments", n, "date"))
            taken[(assessment.framework, str(assessment.date))] = f"{target.name}:{line}"
    count = len(existing.get("assessments") or []) if existing else 0
    data = new_profile(first, problems) if existing is None else None
    edits: list[Edit] = [] if existing is None else fact_edits(first, existing, problems)
    assessments: list[dict[str, Any]] = []
    for answers in group:
        where = answers.where or target.name
        framework = _framework_for(answers.framework, catalog, frameworks, where, problems)
        if framework is None:
            continue
        date = answers.date or today()
        why = date_problem(date)
        clash = taken.get((framework.id, date))
        if why:
            problems.append(Problem(where, why, field="date"))
        elif clash:
            problems.append(
                Problem(
                    where,
                    _(
                        "cluster {id} already has an assessment against framework {framework} dated {date}"
                        " ({where}); give another date, or edit that file"
                    ).format(id=repr(first.cluster_id), framework=repr(framework.id), date=repr(date), where=clash),
                    field="date",
                )
            )
        taken.setdefault((framework.id, date), where)
        good = _good_answers(answers, framework, keys, problems)
        if why or clash:
            continue
        item, origins = _assessment_data(answers, good, framework, date)
        index = count + len(assessments)
        target.origins.update({f"assessments.{index}.levels.{k}": v for k, v in origins.items()})
        target.origins.setdefault(f"assessments.{index}", where)
        assessments.append(item)
    # NOTE: the text is checked even when some answers were wrong (those are left out of it), so that
    # every problem of the facts is reported at once too; nothing is written while any is found.
    if data is not None:
        data["assessments"] = assessments
        target.text = new_document(data)
        _check_text(target, data, "cluster", keys)
        return target
    assert existing is not None and text is not None
    order = model_order(())
    edits += [Edit("append", ("assessments",), item, order) for item in assessments]
    for parts, _value in ((e.path, e.value) for e in edits if e.op == "set"):
        target.origins[".".join(str(p) for p in parts)] = target.where
    _finish_edit(target, text, existing, edits, "cluster", keys)
    return target


def _from(answers: ClusterAnswers) -> str:
    return _(" (answers from {where})").format(where=answers.where) if answers.where else ""


def _finish_edit(
    target: _Target, text: str, existing: dict[str, Any], edits: list[Edit], kind: str, keys: set[str]
) -> None:
    tree = load_round_trip(text)
    apply_tree(tree.tree, edits)
    target.text = tree.dump()
    _check_text(target, apply_plain(existing, edits), kind, keys)


def _write(targets: Sequence[_Target], directory: Path, wrote: Callable[[_Target], None] | None = None) -> list[Path]:
    made = [folder for folder in (directory, directory / "clusters") if not folder.exists()]
    try:
        (directory / "clusters").mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        why = _("cannot create the folder: {reason}").format(reason=exc.strerror or exc)
        raise LoadError("cannot write", [Problem(display_path(directory), why)]) from None
    # NOTE: all or nothing, also when a signal or a failed write stops the batch (the references first).
    each = None if wrote is None else lambda n: wrote(targets[n])
    write_batch([(target.path, target.text) for target in targets], made, each)
    return [target.path for target in targets]


def _fail(problems: list[Problem]) -> typing.NoReturn:
    count = len(problems)
    found = ngettext("{count} problem; nothing written", "{count} problems; nothing written", count)
    raise LoadError(found.format(count=count), problems)


def write_profiles(
    batch: Sequence[ClusterAnswers],
    directory: Path,
    *,
    update: bool,
    catalog: Catalog,
    frameworks: Mapping[str, Framework] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> list[Path]:
    """Write each cluster's profile in ``DIR/clusters/ID.yaml``, all or nothing; return the files written.

    A new profile holds the facts of the answers and one dated assessment; with ``update``, an
    existing profile gets a new dated assessment (its comments, key order and layout kept), and a
    profile that exists without ``update`` is refused. New references go to ``DIR/references.yaml``
    (created when missing), which is written first, so that every citation resolves at every moment.
    ``frameworks`` adds frameworks that are not on the search path (a ``--framework FILE``), by id.
    Creates ``DIR`` and ``DIR/clusters`` when missing. Raises :class:`LoadError` with every
    problem, named by the place of the answers, and then writes nothing. ``progress(done, total)``
    is called as each profile is checked and again as it is written: ``total`` is twice the profiles.
    """
    refs = _read_references(directory, catalog)
    problems: list[Problem] = list(refs.problems)
    origins: dict[str, str] = {}
    for answers in batch:
        for new in answers.references:
            _add_reference(refs, new, answers.where)
            origins.setdefault(new.key, answers.where)
    problems.extend(p for p in refs.problems if p not in problems)
    groups: dict[str, list[ClusterAnswers]] = {}
    for answers in batch:
        if not SLUG_RE.fullmatch(answers.cluster_id):
            problems.append(
                Problem(
                    answers.where or "answers",
                    _(
                        "cluster id {id} is not a valid id: use lowercase letters, digits,"
                        " '-' and '_', starting with a letter or digit"
                    ).format(id=short_repr(answers.cluster_id)),
                    field="id",
                )
            )
            continue
        groups.setdefault(answers.cluster_id, []).append(answers)
    keys = refs.keys
    found: _Found = dict(frameworks or {})
    total, done = 2 * len(groups), 0

    def step() -> None:
        nonlocal done
        done += 1
        if progress is not None:
            progress(done, total)

    targets: list[_Target] = []
    for group in groups.values():
        targets.append(_profile_target(group, directory, update, keys, catalog, found))
        step()
    for target in targets:
        problems.extend(target.problems)
    ref_target = None
    if not problems:
        ref_target = _references_target(refs, origins)
        if ref_target is not None:
            problems.extend(ref_target.problems)
            targets.insert(0, ref_target)
    if problems:
        _fail(problems)
    # NOTE: the references file, written first, is no step: ``total`` was set before it was known.
    return _write(targets, directory, lambda target: None if target is ref_target else step())


# --- one step of an interview ------------------------------------------------------------------


def save_reference(directory: Path, reference: NewReference, *, catalog: Catalog) -> Path | None:
    """Add one reference to ``DIR/references.yaml`` at once (None: the same one is there already)."""
    refs = _read_references(directory, catalog)
    _add_reference(refs, reference, display_path(refs.path))
    if refs.problems:
        _fail(refs.problems)
    target = _references_target(refs, {reference.key: display_path(refs.path)})
    if target is None:
        return None
    if target.problems:
        _fail(target.problems)
    return _write([target], directory)[0]


def save_facts(
    directory: Path,
    cluster_id: str,
    facts: Mapping[str, Any],
    *,
    source: str,
    catalog: Catalog,
    where: str = "",
) -> Path:
    """Write a new profile from its facts alone (the interview's first step); refuses an existing one."""
    answers = ClusterAnswers(cluster_id, "default", None, (), dict(facts), source, where=where)
    refs = _read_references(directory, catalog)
    path = profile_path(directory, cluster_id)
    target = _Target(path, where=where or display_path(path))
    if not SLUG_RE.fullmatch(cluster_id):
        _fail(
            [
                Problem(
                    target.where, _("cluster id {id} is not a valid id").format(id=short_repr(cluster_id)), field="id"
                )
            ]
        )
    if path.exists():
        _fail([Problem(target.name, _("a profile with this id exists; refusing to overwrite it"))])
    data = new_profile(answers, target.problems)
    why = citation_problem(source, refs.keys)
    if why:
        target.problems.append(Problem(target.where, why, field="source"))
    if not target.problems:
        target.text = new_document(data)
        _check_text(target, data, "cluster", refs.keys)
    if refs.problems or target.problems:
        _fail([*refs.problems, *target.problems])
    return _write([target], directory)[0]


def save_answer(
    directory: Path,
    cluster_id: str,
    *,
    framework: Framework,
    date: str,
    answer: Answer,
    catalog: Catalog,
    evidence: Sequence[tuple[str, str]] | None = None,
) -> Path | None:
    """Save one answer at once into the profile's assessment of ``date`` (created on its first answer).

    The level is set with its evidence: ``answer.evidence`` and ``answer.source``, or ``evidence``,
    several ``(text, source)`` pairs (kept from an earlier assessment). An unknown level removes the
    indicator from that assessment. The profile must exist (:func:`save_facts` writes a new one).
    Returns the file written, or None when the answer changes nothing.
    """
    path = profile_path(directory, cluster_id)
    target = _Target(path, where=answer.where, new=False)
    if not path.exists():
        _fail([Problem(target.name, _("no such profile; its facts come first"))])
    text = read_text(path, target.name)
    parsed = parse_yaml(text, target.name)
    document_from_data(parsed, target.name, path.stem, "cluster")
    keys = set(known_references(directory, catalog))
    items = list(evidence) if evidence else [((answer.evidence or "").strip(), answer.source or "")]
    probe = (
        answer if evidence is None else Answer(answer.indicator, answer.level, items[0][0], items[0][1], answer.where)
    )
    problems = _answer_problems(probe, framework, None, keys, answer.where or target.name)
    for text_i, source_i in items[1:]:
        why = citation_problem(source_i, keys) if text_i.strip() else _("evidence text is empty")
        if why:
            problems.append(Problem(answer.where or target.name, why, field="evidence"))
    if problems:
        _fail(problems)
    edits = _answer_edits(parsed.data, framework, date, answer.indicator, answer.level, items)
    if not edits:
        return None
    for edit in edits:
        target.origins[".".join(str(p) for p in edit.path)] = answer.where or target.name
    _finish_edit(target, text, parsed.data, edits, "cluster", keys)
    if target.problems:
        _fail(target.problems)
    write_atomic(path, target.text, ())
    return path


def _answer_edits(
    data: dict[str, Any],
    framework: Framework,
    date: str,
    indicator: str,
    level: int | None,
    items: Sequence[tuple[str, str]],
) -> list[Edit]:
    """The edits that set (or, for an unknown level, remove) one level in the assessment of ``date``."""
    assessments = data.get("assessments") or []
    index = next(
        (
            n
            for n, a in enumerate(assessments)
            if isinstance(a, dict) and a.get("framework", "default") == framework.id and a.get("date") == date
        ),
        None,
    )
    entry = _level_entry(level, items) if level is not None else None
    if index is None:
        if entry is None:
            return []
        item = {"framework": framework.id, "date": Quoted(date), "levels": {indicator: entry}}
        return [Edit("append", ("assessments",), item, model_order(()))]
    levels = assessments[index].get("levels") or {}
    at: tuple[str | int, ...] = ("assessments", index, "levels", indicator)
    if entry is None:
        return [Edit("delete", at)] if indicator in levels else []
    if "levels" not in assessments[index]:
        return [
            Edit(
                "set", ("assessments", index, "levels"), {indicator: entry}, ("framework", "date", "assessor", "levels")
            )
        ]
    current = levels.get(indicator)
    if not isinstance(current, dict):
        return [Edit("set", at, entry, tuple(i.id for i in framework.indicators))]
    edits: list[Edit] = []
    if current.get("level") != entry["level"]:
        edits.append(Edit("set", (*at, "level"), entry["level"]))
    if current.get("evidence") != entry["evidence"]:
        edits.append(Edit("set", (*at, "evidence"), entry["evidence"]))
    return edits
