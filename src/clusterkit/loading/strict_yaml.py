"""Strict YAML: one document, a mapping, YAML 1.2-like scalars, and where each value stands.

YAML is parsed with libyaml's C parser where present. Only ``true``/``false`` are booleans and
dates stay text (so a Norwegian cluster's ``country: NO`` is Norway, not ``False``); duplicate
keys, merge keys, unknown tags and several documents in one file are errors, and so are
documents nested too deep or expanding to too many values (alias bombs). Every error names the
file, line and column.
"""

from __future__ import annotations

import re
import typing
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import yaml

from clusterkit import text as spell
from clusterkit.errors import LoadError, Problem, short_repr
from clusterkit.i18n import N_, _

MAX_NODES = 200_000
MAX_DEPTH = 64
# NOTE: libyaml's composer recurses in C and was seen to crash between 20,000 and 50,000 levels;
# a text shorter than this cannot nest that deep (a level takes a character at least), so only
# longer texts, texts with aliases and texts with many flow brackets pay for the event pre-scan.
PRESCAN_ABOVE = 16_384

# The loader the strict one derives from: libyaml's C loader where present.
BASE_LOADER: type[Any] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _StrictResolver(BASE_LOADER):  # type: ignore[misc]
    """A resolver with YAML 1.2-like core rules: no yes/no/on/off booleans, no timestamps, numbers in
    plain decimal only (``010``, ``0x1F``, ``1_000``, ``1:30`` stay text)."""


_STR = "tag:yaml.org,2002:str"
_NULL = "tag:yaml.org,2002:null"
_BOOL = "tag:yaml.org,2002:bool"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"

_BOOL_RE = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
_NULL_WORDS = frozenset(("", "~", "null", "Null", "NULL"))
# NOTE: no leading zero: YAML 1.1 reads 010 as octal 8, YAML 1.2 as 10; as text, neither is guessed.
_INT_RE = re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$")
# NOTE: only forms that YAML 1.1 reads as floats too, so that text written by a YAML 1.1 dumper
# (PyYAML's, clusterkit's own YAML output) never turns into a number; 1e5 and other YAML 1.2 forms
# are read as numbers where the model asks for one (see model_errors.retype_numbers).
_FLOAT_RE = re.compile(r"^(?:[-+]?[0-9]+\.[0-9]*(?:[eE][-+][0-9]+)?|\.[0-9]+(?:[eE][-+][0-9]+)?)$")
_FLOAT12_RE = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")
# YAML 1.2 floats that the resolver above leaves as text: an exponent without a dot or a sign, a signed ".5".
_FLOAT12_ONLY_RE = re.compile(r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+|[-+]\.[0-9]+)$")
_FLOAT_WORDS = {
    **{f"{sign}.{word}": float(f"{sign}inf") for sign in ("", "+", "-") for word in ("inf", "Inf", "INF")},
    **{f".{word}": float("nan") for word in ("nan", "NaN", "NAN")},
}
_FLOAT_WORDS_RE = re.compile(r"^(?:[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$")


def _resolvers() -> dict[Any, list[tuple[str, re.Pattern[str]]]]:
    """PyYAML's implicit resolvers without its YAML 1.1 booleans, numbers, timestamps and ``=`` values."""
    dropped = (_BOOL, _INT, _FLOAT, "tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:value")
    table = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag not in dropped]
        for first, resolvers in BASE_LOADER.yaml_implicit_resolvers.items()
    }
    added = [
        (_BOOL, _BOOL_RE, "tTfF"),
        (_INT, _INT_RE, "-+0123456789"),
        (_FLOAT, _FLOAT_RE, "-+0123456789."),
        (_FLOAT, _FLOAT_WORDS_RE, "-+."),
    ]
    for tag, regexp, firsts in added:
        for first in firsts:
            table.setdefault(first, []).insert(0, (tag, regexp))
    return {first: resolvers for first, resolvers in table.items() if resolvers}


_StrictResolver.yaml_implicit_resolvers = _resolvers()


class _BadScalar(Exception):
    """A scalar that its tag cannot hold; the argument is the message."""


def _scalar_value(tag: str, text: str) -> Any:
    """The value of a scalar node; raises :class:`_BadScalar`, or KeyError for a tag not supported."""
    if tag == _STR:
        return text
    if tag == _INT:
        if not _INT_RE.match(text):  # only an explicit !!int can hold another form
            msg = _("cannot read {value} as !!int: write a whole number in plain decimal, such as 12").format(
                value=short_repr(text)
            )
            raise _BadScalar(msg)
        try:
            return int(text)
        except ValueError:  # more digits than Python converts (4,300 by default)
            msg = _("cannot read {value}: too many digits for a number").format(value=short_repr(text))
            raise _BadScalar(msg) from None
    if tag == _FLOAT:
        if text in _FLOAT_WORDS:
            return _FLOAT_WORDS[text]
        if _FLOAT12_RE.match(text):
            return float(text)
        raise _BadScalar(
            _("cannot read {value} as !!float: write a number in plain decimal, such as 0.5").format(
                value=short_repr(text)
            )
        )
    if tag == _NULL:
        if text in _NULL_WORDS:
            return None
        raise _BadScalar(
            _("cannot read {value} as !!null: write null or leave the value empty").format(value=short_repr(text))
        )
    if tag == _BOOL:
        if _BOOL_RE.match(text):
            return text.lower() == "true"
        raise _BadScalar(_("cannot read {value} as !!bool: write true or false").format(value=short_repr(text)))
    raise KeyError(tag)


FieldPath = tuple[Any, ...]


@dataclass
class Parsed:
    """A parsed YAML mapping and where each of its values stands in the file."""

    data: dict[str, Any]
    marks: dict[FieldPath, tuple[int, int]] = field(default_factory=dict)
    key_marks: dict[FieldPath, tuple[int, int]] = field(default_factory=dict)
    # Unquoted values read as text that YAML 1.2 reads as numbers (1e5, -2E-3), by path: a field
    # that asks for a number takes them as numbers (recorded only when positions are).
    numbers: dict[FieldPath, float] = field(default_factory=dict)

    def locate(self, loc: FieldPath, key: bool = False) -> tuple[int | None, int | None]:
        """The 1-based line and column of a field path, or of its nearest located parent."""
        table = self.key_marks if key else self.marks
        probe = tuple(loc)
        while probe:
            if probe in table:
                return table[probe]
            if not key and probe in self.key_marks:
                return self.key_marks[probe]
            probe = probe[:-1]
        return self.marks.get((), (1, 1))


SEVERAL_DOCUMENTS = N_("file holds several YAML documents; put one document in each file")


def _too_deep() -> str:
    return _("nesting deeper than {count} levels").format(count=spell.number(MAX_DEPTH))


def _yaml_problem(file: str, exc: yaml.YAMLError, text: str = "") -> Problem:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line = mark.line + 1 if mark is not None else None
    column = mark.column + 1 if mark is not None else None
    problem = getattr(exc, "problem", None) or str(exc)
    context = getattr(exc, "context", None)
    if "maximum nesting depth" in str(problem):
        # NOTE: newer libyaml stops at its own depth limit; say it the way clusterkit's limit does.
        return Problem(file, _too_deep(), line, column)
    if context and str(context).startswith("expected a single document"):
        return Problem(file, _(SEVERAL_DOCUMENTS), line, column)
    context_mark = getattr(exc, "context_mark", None)
    if context and context_mark is not None and mark is not None and context_mark.line != mark.line:
        context = _("{context} that starts on line {line}").format(context=context, line=context_mark.line + 1)
    message = f"{context}, {problem}" if context else str(problem)
    if "\\t" in message or (mark is not None and _tab_near(text, mark.line, mark.column)):
        message += _(" (indent with spaces, not tabs)")
    return Problem(file, _("YAML syntax error: {message}").format(message=message), line, column)


def _tab_near(text: str, line: int, column: int) -> bool:
    """Whether a tab stands in the indentation of a line (0-based), or at the column an error points to."""
    lines = text.splitlines()
    if not 0 <= line < len(lines):
        return False
    current = lines[line]
    indent = current[: len(current) - len(current.lstrip(" \t"))]
    return "\t" in indent or current[column : column + 1] == "\t"


_COLLECTION_TAGS = ("tag:yaml.org,2002:map", "tag:yaml.org,2002:seq")


class _Builder:
    """Turns a composed node tree into plain Python data, keeping each value's position."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.nodes = 0
        self.marks: dict[FieldPath, tuple[int, int]] = {}
        self.key_marks: dict[FieldPath, tuple[int, int]] = {}
        self.numbers: dict[FieldPath, float] = {}

    def _where(self, node: yaml.Node) -> tuple[int, int]:
        return node.start_mark.line + 1, node.start_mark.column + 1

    def build(self, node: yaml.Node, path: FieldPath = ()) -> Any:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            line, col = self._where(node)
            msg = _("document expands to more than {count} values (alias bomb?)").format(count=spell.number(MAX_NODES))
            raise LoadError("too many nodes", [Problem(self.file, msg, line, col)])
        if len(path) > MAX_DEPTH:
            line, col = self._where(node)
            msg = _too_deep()
            raise LoadError("too deep", [Problem(self.file, msg, line, col)])
        self.marks[path] = self._where(node)
        if isinstance(node, yaml.CollectionNode) and node.tag not in _COLLECTION_TAGS:
            line, col = self._where(node)
            msg = _("unsupported YAML tag {tag}").format(tag=short_repr(node.tag))
            raise LoadError("tag", [Problem(self.file, msg, line, col, dotted(path) or None)])
        if isinstance(node, yaml.MappingNode):
            result: dict[str, Any] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    line, col = self._where(key_node)
                    raise LoadError(
                        "bad key", [Problem(self.file, _("mapping keys must be plain text"), line, col, dotted(path))]
                    )
                if key_node.tag == "tag:yaml.org,2002:merge":
                    line, col = self._where(key_node)
                    msg = _("merge keys (<<) are not supported")
                    raise LoadError("merge key", [Problem(self.file, msg, line, col, dotted(path))])
                key = key_node.value
                sub = (*path, key)
                if key in result:
                    line, col = self._where(key_node)
                    first = self.key_marks.get(sub, (None, None))[0]
                    raise LoadError(
                        "duplicate key",
                        [
                            Problem(
                                self.file,
                                _("duplicate key {key} (first defined on line {line})").format(
                                    key=short_repr(key), line=first
                                ),
                                line,
                                col,
                                dotted(sub),
                            )
                        ],
                    )
                self.key_marks[sub] = self._where(key_node)
                result[key] = self.build(value_node, sub)
            return result
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
        return self._scalar(typing.cast(yaml.ScalarNode, node), path)

    def _scalar(self, node: yaml.ScalarNode, path: FieldPath) -> Any:
        # NOTE: a plain scalar's style is None in PyYAML's parser and '' in libyaml's.
        if node.tag == _STR and not node.style and _FLOAT12_ONLY_RE.match(node.value):
            self.numbers[path] = float(node.value)
        try:
            return _scalar_value(node.tag, node.value)
        except _BadScalar as exc:
            line, col = self._where(node)
            raise LoadError("bad scalar", [Problem(self.file, str(exc), line, col, dotted(path))]) from None
        except KeyError:
            line, col = self._where(node)
            msg = _("unsupported YAML tag {tag}").format(tag=short_repr(node.tag))
            raise LoadError("tag", [Problem(self.file, msg, line, col, dotted(path))]) from None


class _Anomaly(Exception):
    """The fast path met something that the locating builder must report with its position."""


def _plain(node: yaml.Node, depth: int, budget: list[int]) -> Any:
    """Build data without recording positions (the common, valid case); raise :class:`_Anomaly` otherwise."""
    budget[0] -= 1
    if budget[0] < 0 or depth > MAX_DEPTH:
        raise _Anomaly
    if isinstance(node, yaml.ScalarNode):
        if node.tag == _STR:
            return node.value
        try:
            return _scalar_value(node.tag, node.value)
        except (_BadScalar, KeyError):
            raise _Anomaly from None
    if node.tag not in _COLLECTION_TAGS:
        raise _Anomaly
    if isinstance(node, yaml.SequenceNode):
        return [_plain(item, depth + 1, budget) for item in node.value]
    result: dict[str, Any] = {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode) or key_node.tag != "tag:yaml.org,2002:str":
            raise _Anomaly
        key = key_node.value
        if key in result:
            raise _Anomaly
        result[key] = _plain(value_node, depth + 1, budget)
    return result


def dotted(path: Iterable[Any]) -> str:
    """A field path as people write it: ``("axes", 2, "planned")`` -> ``axes.2.planned``."""
    return ".".join(str(p) for p in path)


def _at(mark: Any) -> tuple[int | None, int | None]:
    """A parser mark as a 1-based line and column."""
    return (mark.line + 1, mark.column + 1) if mark is not None else (None, None)


def _prescan(text: str, name: str) -> None:
    """Walk the parser's events once to bound nesting, size and document count before composing.

    NOTE: libyaml's composer recurses in C, so a document nested 100,000 levels deep would crash
    the process; the event stream is flat, so it is safe to measure first. Values are counted as
    the document will expand them: an alias counts every value of the node it repeats, so an
    alias bomb is caught before anything is built.
    """
    loader = _StrictResolver(text)
    depth = 0
    nodes = 0
    aliases = False
    documents = 0
    sizes: dict[str, int] = {}  # anchor -> values in the anchored node
    open_nodes: list[tuple[str | None, int]] = []  # (anchor, values before it) of each open collection
    try:
        while loader.check_event():
            event = loader.get_event()
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    msg = _(SEVERAL_DOCUMENTS)
                    raise LoadError("several documents", [Problem(name, msg, *_at(event.start_mark))])
                continue
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    msg = _too_deep()
                    raise LoadError("too deep", [Problem(name, msg, *_at(event.start_mark))])
                open_nodes.append((event.anchor, nodes))
                nodes += 1
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
                anchor, before = open_nodes.pop()
                if anchor is not None:
                    sizes[anchor] = nodes - before
            elif isinstance(event, yaml.ScalarEvent):
                nodes += 1
                if event.anchor is not None:
                    sizes[event.anchor] = 1
            elif isinstance(event, yaml.AliasEvent):
                aliases = True
                nodes += sizes.get(event.anchor or "", 1)
            else:
                continue
            if nodes > MAX_NODES:
                what = (
                    _("document expands to more than {count} values (alias bomb?)")
                    if aliases
                    else _("document holds more than {count} values")
                )
                msg = what.format(count=spell.number(MAX_NODES))
                raise LoadError("too many nodes", [Problem(name, msg, *_at(event.start_mark))])
    finally:
        loader.dispose()


def parse_yaml(text: str, name: str, locate: bool = True) -> Parsed:
    """Parse one YAML document that must be a mapping.

    With ``locate=False`` positions are not recorded (faster); a problem found on the way is still
    reported with its position, but validation errors cannot be placed: parse again to place them.
    """
    loader = _StrictResolver(text)
    try:
        if len(text) > PRESCAN_ABOVE or "*" in text or text.count("[") + text.count("{") > MAX_DEPTH:
            _prescan(text, name)
        node = loader.get_single_node()
    except yaml.YAMLError as exc:
        raise LoadError("yaml", [_yaml_problem(name, exc, text)]) from None
    except RecursionError:
        raise LoadError("too deep", [Problem(name, _("nesting is too deep"))]) from None
    finally:
        loader.dispose()
    if node is None or (isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:null" and not node.value):
        raise LoadError("empty", [Problem(name, _("file is empty; expected a mapping starting with 'kind:'"), 1, 1)])
    if not isinstance(node, yaml.MappingNode):
        what = (
            _("top level is a list; expected a mapping starting with 'kind:'")
            if isinstance(node, yaml.SequenceNode)
            else _("top level is a single value; expected a mapping starting with 'kind:'")
        )
        raise LoadError(
            "not a mapping",
            [
                Problem(
                    name,
                    what,
                    node.start_mark.line + 1,
                    node.start_mark.column + 1,
                )
            ],
        )
    if not locate:
        try:
            return Parsed(_plain(node, 0, [MAX_NODES]))
        except _Anomaly:
            pass  # the locating builder below reports it
        except RecursionError:
            raise LoadError("too deep", [Problem(name, _("nesting is too deep"))]) from None
    builder = _Builder(name)
    try:
        data = builder.build(node)
    except RecursionError:
        raise LoadError("too deep", [Problem(name, _("nesting is too deep"))]) from None
    return Parsed(data, builder.marks, builder.key_marks, builder.numbers)
