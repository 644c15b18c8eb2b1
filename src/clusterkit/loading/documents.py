"""One document file to a validated model: read, parse strictly, validate, and check what the model cannot.

The checks beyond the model: the ``id`` matches the file's name, a file in a kind folder holds
that kind, and a framework's rules read fields the cluster model has.
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path
from typing import TYPE_CHECKING

from clusterkit.errors import LoadError, Problem, did_you_mean, short_repr
from clusterkit.i18n import _
from clusterkit.loading.files import read_text
from clusterkit.models import KINDS, SLUG_RE, DocumentBase, Framework, citation_key
from clusterkit.schema import check_rule_paths, iter_citations

if TYPE_CHECKING:
    from clusterkit.loading.strict_yaml import Parsed

# NOTE: the YAML reader and pydantic's error machinery are imported where a file is parsed, not here: a run
# whose documents all come from the cache needs neither.


def _rule_path_problems(framework: Framework, parsed: Parsed, name: str) -> list[Problem]:
    """A problem for every measured indicator whose rule reads a field the cluster model lacks."""
    problems: list[Problem] = []
    for ind_id, msg in check_rule_paths(framework):
        idx = next(i for i, ind in enumerate(framework.indicators) if ind.id == ind_id)
        line, col = parsed.locate(("indicators", idx, "rule", "path"))
        problems.append(Problem(name, msg, line, col, f"indicators.{idx}.rule.path"))
    return problems


def _id_problem(parsed: Parsed, name: str, stem: str | None) -> list[Problem]:
    """The id/file-name mismatch, read from the data so that it is reported with every other problem.

    An id that is no slug is the model's to report: what to write there is the file name, or a new id.
    """
    found = parsed.data.get("id")
    if stem is None or not isinstance(found, str) or found == stem or not SLUG_RE.fullmatch(found):
        return []
    line, col = parsed.locate(("id",))
    hint = (
        ""
        if SLUG_RE.fullmatch(stem)
        else _(" (and the file name {stem} is not a valid id: use lowercase letters, digits, '-' and '_')").format(
            stem=repr(stem)
        )
    )
    msg = _("id {id} does not match the file name {stem}").format(id=short_repr(found), stem=repr(stem))
    return [Problem(name, msg + hint, line, col, "id")]


def _all_of(summary: str, problems: list[Problem], more: list[Problem]) -> LoadError:
    """One error holding a file's problems in the order of its lines (a sort keeps equal places in order)."""
    return LoadError(summary, sorted([*problems, *more], key=lambda p: (p.line or 0, p.column or 0)))


def document_from_data(parsed: Parsed, name: str, stem: str | None, expected_kind: str | None = None) -> DocumentBase:
    """Validate parsed data against the model of its ``kind``.

    Raises :class:`LoadError` with every problem of the file at once: the kind, the model's errors,
    the id that does not match the file name, a framework's rule paths.
    """
    data = parsed.data
    kind = data.get("kind")
    id_problems = _id_problem(parsed, name, stem)
    if not isinstance(kind, str) or kind not in KINDS:
        line, col = parsed.locate(("kind",))
        if "kind" not in data:
            msg = _("required field is missing; expected one of: {choices}").format(choices=", ".join(KINDS))
        else:
            msg = _("unknown kind {kind}").format(kind=short_repr(kind))
            close = difflib.get_close_matches(kind, list(KINDS), n=1) if isinstance(kind, str) else []
            if close:
                msg += did_you_mean(close[0])
            else:
                msg += _("; expected one of: {choices}").format(choices=", ".join(KINDS))
        raise _all_of("kind", [Problem(name, msg, line, col, "kind")], id_problems)
    if expected_kind is not None and kind != expected_kind:
        line, col = parsed.locate(("kind",))
        msg = _("a {expected} document was expected here, found {kind}").format(
            expected=repr(expected_kind), kind=repr(kind)
        )
        raise _all_of("kind", [Problem(name, msg, line, col, "kind")], id_problems)
    from pydantic import ValidationError

    from clusterkit.loading.model_errors import retype_numbers, validation_problems

    model = KINDS[kind]
    try:
        doc = model.model_validate(data)
    except ValidationError as exc:
        if not retype_numbers(exc, parsed):
            raise _all_of("invalid", validation_problems(model, exc, parsed, name), id_problems) from None
        try:
            doc = model.model_validate(data)
        except ValidationError as again:
            raise _all_of("invalid", validation_problems(model, again, parsed, name), id_problems) from None
    problems = list(id_problems)
    if isinstance(doc, Framework):
        problems += _rule_path_problems(doc, parsed, name)
    if problems:
        raise _all_of("id" if id_problems else "rule paths", problems, [])
    return doc


def load_document(
    path: str | os.PathLike[str],
    expected_kind: str | None = None,
    display: str | None = None,
    stat_result: os.stat_result | None = None,
) -> DocumentBase:
    """Load and validate one document file; raises :class:`LoadError` with located problems.

    ``stat_result`` is the file's ``os.stat`` when the caller has it already (it saves a system call).
    Nothing is recorded: the caller counts the file among the run's inputs (a catalog does).
    """
    from clusterkit.loading.strict_yaml import parse_yaml

    p = Path(path)
    name = display or str(path)
    text = read_text(p, name, stat_result)
    try:
        return document_from_data(parse_yaml(text, name, locate=False), name, p.stem, expected_kind)
    except LoadError:
        # NOTE: invalid documents are rare; parse again, recording positions, to place each problem.
        return document_from_data(parse_yaml(text, name), name, p.stem, expected_kind)


def unresolved_citations(doc: DocumentBase, known_keys: set[str], name: str) -> list[Problem]:
    """A problem for every citation in a document whose key no reference defines."""
    problems: list[Problem] = []
    for path, citation in iter_citations(doc):
        key = citation_key(citation)
        if key not in known_keys:
            close = difflib.get_close_matches(key, sorted(known_keys), n=1)
            hint = did_you_mean(close[0]) if close else ""
            msg = _("citation {key} is not defined in any references document").format(key=short_repr(key))
            problems.append(Problem(name, msg + hint, field=path))
    return problems
