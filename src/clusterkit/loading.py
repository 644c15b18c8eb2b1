"""Finding documents on the search path and loading them strictly.

YAML is parsed with libyaml's C parser where present. Only ``true``/``false`` are booleans and
dates stay text (so a Norwegian cluster's ``country: NO`` is Norway, not ``False``); duplicate
keys, several documents in one file, oversized or binary files are errors. Every error names the
file, line, column and dotted field path.
"""

from __future__ import annotations

import contextlib
import difflib
import errno
import os
import re
import stat
import types
import typing
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Union

import yaml
from pydantic import BaseModel, ValidationError

from clusterkit.cache import Cache, signature
from clusterkit.errors import LoadError, Notes, NotFoundError, Problem, short_repr
from clusterkit.models import (
    KINDS,
    SLUG_RE,
    Cluster,
    DocumentBase,
    Framework,
    Practices,
    References,
    Strategy,
    citation_key,
    iter_citations,
)

MAX_BYTES = 2 * 1024 * 1024
MAX_NODES = 200_000
MAX_DEPTH = 64
# NOTE: libyaml's composer recurses in C and was seen to crash between 20,000 and 50,000 levels;
# a text shorter than this cannot nest that deep (a level takes a character at least), so only
# longer texts, texts with aliases and texts with many flow brackets pay for the event pre-scan.
PRESCAN_ABOVE = 16_384

# Folder names that say which kind a file holds.
FOLDER_KINDS = {
    "clusters": "cluster",
    "strategies": "strategy",
    "frameworks": "framework",
    "practices": "practices",
}

BUNDLED_DIR = Path(__file__).resolve().parent / "profiles"


def bundled_profiles_dir() -> Path:
    """The profiles shipped with clusterkit (inside the wheel, or the checkout's ``profiles/``)."""
    if BUNDLED_DIR.is_dir():
        return BUNDLED_DIR
    # NOTE: an editable install or a plain checkout keeps the data at the repository's top.
    return Path(__file__).resolve().parents[2] / "profiles"


# --- strict YAML -------------------------------------------------------------------------

_Loader: type[Any] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _StrictResolver(_Loader):  # type: ignore[misc]
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
# are read as numbers where the model asks for one (see _retype_numbers).
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
        for first, resolvers in _Loader.yaml_implicit_resolvers.items()
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
            msg = f"cannot read {short_repr(text)} as !!int: write a whole number in plain decimal, such as 12"
            raise _BadScalar(msg)
        try:
            return int(text)
        except ValueError:  # more digits than Python converts (4,300 by default)
            raise _BadScalar(f"cannot read {short_repr(text)}: too many digits for a number") from None
    if tag == _FLOAT:
        if text in _FLOAT_WORDS:
            return _FLOAT_WORDS[text]
        if _FLOAT12_RE.match(text):
            return float(text)
        raise _BadScalar(f"cannot read {short_repr(text)} as !!float: write a number in plain decimal, such as 0.5")
    if tag == _NULL:
        if text in _NULL_WORDS:
            return None
        raise _BadScalar(f"cannot read {short_repr(text)} as !!null: write null or leave the value empty")
    if tag == _BOOL:
        if _BOOL_RE.match(text):
            return text.lower() == "true"
        raise _BadScalar(f"cannot read {short_repr(text)} as !!bool: write true or false")
    raise KeyError(tag)


Path_ = tuple[Any, ...]


@dataclass
class Parsed:
    """A parsed YAML mapping and where each of its values stands in the file."""

    data: dict[str, Any]
    marks: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    key_marks: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    # Unquoted values read as text that YAML 1.2 reads as numbers (1e5, -2E-3), by path: a field
    # that asks for a number takes them as numbers (recorded only when positions are).
    numbers: dict[Path_, float] = field(default_factory=dict)

    def locate(self, loc: Path_, key: bool = False) -> tuple[int | None, int | None]:
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


def _yaml_problem(file: str, exc: yaml.YAMLError, text: str = "") -> Problem:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line = mark.line + 1 if mark is not None else None
    column = mark.column + 1 if mark is not None else None
    problem = getattr(exc, "problem", None) or str(exc)
    context = getattr(exc, "context", None)
    if "maximum nesting depth" in str(problem):
        # NOTE: newer libyaml stops at its own depth limit; say it the way clusterkit's limit does.
        return Problem(file, f"nesting deeper than {MAX_DEPTH} levels", line, column)
    if context and str(context).startswith("expected a single document"):
        return Problem(file, "file holds several YAML documents; put one document in each file", line, column)
    context_mark = getattr(exc, "context_mark", None)
    if context and context_mark is not None and mark is not None and context_mark.line != mark.line:
        context = f"{context} that starts on line {context_mark.line + 1}"
    message = f"{context}, {problem}" if context else str(problem)
    if "\\t" in message or (mark is not None and _tab_near(text, mark.line, mark.column)):
        message += " (indent with spaces, not tabs)"
    return Problem(file, f"YAML syntax error: {message}", line, column)


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
        self.marks: dict[Path_, tuple[int, int]] = {}
        self.key_marks: dict[Path_, tuple[int, int]] = {}
        self.numbers: dict[Path_, float] = {}

    def _where(self, node: yaml.Node) -> tuple[int, int]:
        return node.start_mark.line + 1, node.start_mark.column + 1

    def build(self, node: yaml.Node, path: Path_ = ()) -> Any:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            line, col = self._where(node)
            raise LoadError(
                "too many nodes",
                [Problem(self.file, f"document expands to more than {MAX_NODES:,} values (alias bomb?)", line, col)],
            )
        if len(path) > MAX_DEPTH:
            line, col = self._where(node)
            raise LoadError("too deep", [Problem(self.file, f"nesting deeper than {MAX_DEPTH} levels", line, col)])
        self.marks[path] = self._where(node)
        if isinstance(node, yaml.CollectionNode) and node.tag not in _COLLECTION_TAGS:
            line, col = self._where(node)
            msg = f"unsupported YAML tag {short_repr(node.tag)}"
            raise LoadError("tag", [Problem(self.file, msg, line, col, _dotted(path) or None)])
        if isinstance(node, yaml.MappingNode):
            result: dict[str, Any] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    line, col = self._where(key_node)
                    raise LoadError(
                        "bad key", [Problem(self.file, "mapping keys must be plain text", line, col, _dotted(path))]
                    )
                if key_node.tag == "tag:yaml.org,2002:merge":
                    line, col = self._where(key_node)
                    raise LoadError(
                        "merge key", [Problem(self.file, "merge keys (<<) are not supported", line, col, _dotted(path))]
                    )
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
                                f"duplicate key {short_repr(key)} (first defined on line {first})",
                                line,
                                col,
                                _dotted(sub),
                            )
                        ],
                    )
                self.key_marks[sub] = self._where(key_node)
                result[key] = self.build(value_node, sub)
            return result
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
        return self._scalar(typing.cast(yaml.ScalarNode, node), path)

    def _scalar(self, node: yaml.ScalarNode, path: Path_) -> Any:
        # NOTE: a plain scalar's style is None in PyYAML's parser and '' in libyaml's.
        if node.tag == _STR and not node.style and _FLOAT12_ONLY_RE.match(node.value):
            self.numbers[path] = float(node.value)
        try:
            return _scalar_value(node.tag, node.value)
        except _BadScalar as exc:
            line, col = self._where(node)
            raise LoadError("bad scalar", [Problem(self.file, str(exc), line, col, _dotted(path))]) from None
        except KeyError:
            line, col = self._where(node)
            msg = f"unsupported YAML tag {short_repr(node.tag)}"
            raise LoadError("tag", [Problem(self.file, msg, line, col, _dotted(path))]) from None


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


def _dotted(path: Iterable[Any]) -> str:
    return ".".join(str(p) for p in path)


_FILES_READ: set[Path] = set()


def files_read() -> frozenset[Path]:
    """Every file read as a document in this process: the inputs that no output may overwrite."""
    return frozenset(_FILES_READ)


def forget_files_read() -> None:
    """Start a new run: no file is an input yet (the CLI calls this before each command)."""
    _FILES_READ.clear()


def register_read(path: Path) -> None:
    """Remember a file as an input of this run, so that no output overwrites it."""
    # NOTE: absolute, not resolved: resolving costs system calls per file; the output guard compares
    # files by identity (os.path.samefile) when it writes.
    _FILES_READ.add(path.absolute())


# NOTE: O_NONBLOCK, so that a file swapped for a named pipe after the type check cannot block the open.
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
_FILE_TYPES = (
    (stat.S_ISFIFO, "a named pipe"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def _file_type(mode: int) -> str:
    return next((what for test, what in _FILE_TYPES if test(mode)), "a special file")


def _read_at_most(path: Path, limit: int, size: int) -> bytes:
    """At most ``limit + 1`` bytes of a file, whatever its size claims (a file may grow, /proc files say 0)."""
    fd = os.open(path, _OPEN_FLAGS)
    try:
        chunks: list[bytes] = []
        total = 0
        want = min(size, limit) + 1  # one byte more than the size, to see the end in the common case
        while total <= limit:
            chunk = os.read(fd, want)
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            want = min(limit + 1 - total, 1 << 20)
        return b"".join(chunks)
    finally:
        os.close(fd)


def read_text(path: Path, display: str | None = None, stat_result: os.stat_result | None = None) -> str:
    """Read a document's text, refusing what cannot be a profile (too large, binary, not UTF-8, not a
    regular file); ``stat_result`` is the file's ``os.stat`` when the caller has it already."""
    name = display or str(path)
    register_read(path)
    try:
        st = stat_result if stat_result is not None else os.stat(path)
        if not stat.S_ISREG(st.st_mode):
            # NOTE: never opened: opening a named pipe blocks, and reading a device may never end.
            if stat.S_ISDIR(st.st_mode):
                raise LoadError("is a folder", [Problem(name, "is a folder, not a file")])
            raise LoadError("not a file", [Problem(name, f"not a regular file ({_file_type(st.st_mode)})")])
        if st.st_size > MAX_BYTES:
            raise LoadError("too large", [Problem(name, f"file is {st.st_size:,} bytes; the limit is {MAX_BYTES:,}")])
        raw = _read_at_most(path, MAX_BYTES, st.st_size)
        if len(raw) > MAX_BYTES:
            msg = f"file is more than {MAX_BYTES:,} bytes; the limit is {MAX_BYTES:,}"
            raise LoadError("too large", [Problem(name, msg)])
    except LoadError:
        raise
    except FileNotFoundError:
        if os.path.islink(path):
            msg = f"dangling symbolic link: {short_repr(os.readlink(path))} does not exist"
            raise LoadError("dangling link", [Problem(name, msg)]) from None
        raise LoadError("missing", [Problem(name, "no such file")]) from None
    except PermissionError:
        raise LoadError("unreadable", [Problem(name, "permission denied: the file cannot be read")]) from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise LoadError("link loop", [Problem(name, "symbolic link loop: the link leads back to itself")]) from None
        raise LoadError("unreadable", [Problem(name, f"cannot read: {exc.strerror or exc}")]) from None
    return decode(raw, name)


def decode(raw: bytes, name: str) -> str:
    """Decode UTF-8 (a UTF-8 byte-order mark is allowed); other encodings and binary data are errors."""
    if raw.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        raise LoadError("utf-32", [Problem(name, "file is UTF-32; save it as UTF-8")])
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise LoadError("utf-16", [Problem(name, "file is UTF-16; save it as UTF-8")])
    if b"\x00" in raw:
        if _looks_like_utf16(raw):
            raise LoadError("utf-16", [Problem(name, "file looks like UTF-16 text; save it as UTF-8")])
        raise LoadError("binary", [Problem(name, "binary file (contains NUL bytes), not YAML")])
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise LoadError(
            "not utf-8", [Problem(name, f"invalid UTF-8 byte 0x{raw[exc.start]:02x}", line, column)]
        ) from None


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
                    msg = "file holds several YAML documents; put one document in each file"
                    raise LoadError("several documents", [Problem(name, msg, *_at(event.start_mark))])
                continue
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    msg = f"nesting deeper than {MAX_DEPTH} levels"
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
                    f"expands to more than {MAX_NODES:,} values (alias bomb?)"
                    if aliases
                    else f"holds more than {MAX_NODES:,} values"
                )
                raise LoadError("too many nodes", [Problem(name, f"document {what}", *_at(event.start_mark))])
    finally:
        loader.dispose()


def _looks_like_utf16(raw: bytes) -> bool:
    # NOTE: UTF-16 without a byte-order mark puts a NUL in every other byte of ASCII text.
    head = raw[:64]
    even, odd = head[0::2], head[1::2]
    if len(head) < 4:
        return False
    return (even.count(0) == 0 and odd.count(0) * 2 >= len(odd)) or (
        odd.count(0) == 0 and even.count(0) * 2 >= len(even)
    )


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
        raise LoadError("too deep", [Problem(name, "nesting is too deep")]) from None
    finally:
        loader.dispose()
    if node is None or (isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:null" and not node.value):
        raise LoadError("empty", [Problem(name, "file is empty; expected a mapping starting with 'kind:'", 1, 1)])
    if not isinstance(node, yaml.MappingNode):
        what = "a list" if isinstance(node, yaml.SequenceNode) else "a single value"
        raise LoadError(
            "not a mapping",
            [
                Problem(
                    name,
                    f"top level is {what}; expected a mapping starting with 'kind:'",
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
            raise LoadError("too deep", [Problem(name, "nesting is too deep")]) from None
    builder = _Builder(name)
    try:
        data = builder.build(node)
    except RecursionError:
        raise LoadError("too deep", [Problem(name, "nesting is too deep")]) from None
    return Parsed(data, builder.marks, builder.key_marks, builder.numbers)


# --- validation --------------------------------------------------------------------------


def _unwrap_models(annotation: Any) -> list[type[BaseModel]]:
    """The model classes an annotation can hold (through Optional, list, dict, Annotated)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _unwrap_models(typing.get_args(annotation)[0])
    found: list[type[BaseModel]] = []
    if origin in (Union, types.UnionType, list, dict, tuple):
        for arg in typing.get_args(annotation):
            found.extend(_unwrap_models(arg))
    return found


def _fields_at(model: type[BaseModel], loc: Path_) -> list[str]:
    """The field names valid at a location, for a "did you mean" on an unknown field."""
    candidates: list[type[BaseModel]] = [model]
    for part in loc:
        if isinstance(part, int):
            continue
        nxt: list[type[BaseModel]] = []
        for cls in candidates:
            info = cls.model_fields.get(str(part))
            if info is not None:
                nxt.extend(_unwrap_models(info.annotation))
        if nxt:
            candidates = nxt
        # else: a dict key (an indicator id, a status) stays at the same model level
    names: list[str] = []
    for cls in candidates:
        names.extend(n for n in cls.model_fields if n not in names)
    return names


def _clean_loc(loc: Path_, data: Any) -> Path_:
    """The location of an error in the data, without the union member or validator names pydantic adds."""
    # NOTE: a step is kept when the data has it, so a user's key that looks like such a name stays.
    clean: list[Any] = []
    node = data
    for part in loc:
        in_dict = isinstance(node, dict) and part in node
        in_list = isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
        if in_dict or in_list:
            node = node[part]
        elif isinstance(part, str) and ("[" in part or part in ("function-after", "lax-or-strict")):
            continue
        else:
            node = None
        clean.append(part)
    return tuple(clean)


# What each text pattern of the models asks for, in words.
PATTERN_HINTS = {
    r"^[a-z0-9][a-z0-9_-]{0,63}$": (
        "is not a valid id: use up to 64 lowercase letters, digits, '-' and '_', starting with a letter or digit"
    ),
    r"^[a-z0-9][a-z0-9._-]*( .+)?$": (
        "is not a valid citation: a reference key such as 'el-idrissi-2020', then optionally a space and a locator"
        " ('§3.1')"
    ),
    r"^[a-z0-9][a-z0-9._-]*$": "is not a valid reference key: lowercase letters, digits, '.', '-' and '_'",
    r"^[A-Z]{2}$": "is not a country code: two capital letters (ISO 3166-1 alpha-2, e.g. 'MA', 'IT', 'NO')",
    r"^[A-Z]{3}$": "is not a currency code: three capital letters (ISO 4217, e.g. 'MAD', 'EUR')",
    r"^\d{4}(-\d{2}(-\d{2})?)?$": "is not a date: write YYYY, YYYY-MM or YYYY-MM-DD",
    r"^[a-z_]+(\.[a-z_]+)*$": "is not a field path: lowercase field names joined by dots (e.g. 'members.total')",
}

_BOUNDS = ("greater_than", "greater_than_equal", "less_than", "less_than_equal")


def _message(err: Any, loc: Path_ = ()) -> str:
    kind = err["type"]
    msg = str(err["msg"])
    value = err.get("input")
    ctx = err.get("ctx") or {}
    if kind == "missing":
        return "required field is missing"
    if kind in (
        "string_type",
        "int_type",
        "float_type",
        "bool_type",
        "list_type",
        "dict_type",
        "model_type",
    ) and not isinstance(value, dict | list):
        hint = _number_hint(kind, value)
        if (
            kind == "string_type"
            and loc
            and loc[-1] == "date"
            and isinstance(value, int)
            and not isinstance(value, bool)
        ):
            # NOTE: YAML reads a bare year as a number; the date field is text so that 2019-06 fits too.
            hint = f' (write the date in quotes: "{value}")'
        return f"{msg}, got {type(value).__name__} {short_repr(value)}{hint}"
    if kind == "literal_error":
        return f"{msg}, got {short_repr(value)}"
    if kind == "string_pattern_mismatch":
        pattern = str(ctx.get("pattern", ""))
        return f"{short_repr(value)} {PATTERN_HINTS.get(pattern, f'does not have the expected form ({pattern})')}"
    if kind == "finite_number":
        return f"{msg}, got {short_repr(value)}"
    if kind in _BOUNDS:
        text = f"{msg}, got {short_repr(value)}"
        if ctx.get("le") == 1 and any("share" in str(p) for p in loc):
            text += " (a share is a fraction: write 70 % as 0.7)"
        return text
    if kind.startswith("value_error") or kind == "assertion_error":
        return msg.removeprefix("Value error, ")
    return msg


# Numbers in YAML 1.1 forms that are text here: a leading zero, hexadecimal, octal, binary, '_' or base 60.
_YAML11_NUMBER_RE = re.compile(
    r"^[-+]?(?:0[0-9_]+|0[xob][0-9a-fA-F_]+|[0-9][0-9_]*_[0-9_]*(?:\.[0-9_]*)?"
    r"|[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?)$"
)


def _number_hint(kind: str, value: Any) -> str:
    """For a number field given a YAML 1.1 number form (read as text here), how to write the number."""
    if kind not in ("int_type", "float_type") or not isinstance(value, str) or not _YAML11_NUMBER_RE.match(value):
        return ""
    if ":" in value:
        return " (write numbers in plain decimal: base-60 forms such as 1:30 are text)"
    body = value.replace("_", "")
    sign = "-" if body.startswith("-") else ""
    digits = body.lstrip("+-")
    try:
        if digits[:2] in ("0x", "0o", "0b"):
            number: object = int(digits, 0)
        elif "." in digits:
            number = float(digits)
        else:
            number = int(digits, 10)
    except ValueError:
        return " (write numbers in plain decimal)"
    return f" (write numbers in plain decimal: {sign}{short_repr(number)})"


def _retype_numbers(exc: ValidationError, parsed: Parsed) -> bool:
    """Give the fields that ask for a number the YAML 1.2 numbers (1e5) read as text; whether any changed.

    NOTE: YAML 1.1 dumpers (PyYAML's, clusterkit's YAML output) write the text '1e5' unquoted, so the
    resolver leaves it text; only where the model wants a number is it one.
    """
    changed = False
    for err in exc.errors():
        if err["type"] not in ("int_type", "float_type") or not isinstance(err.get("input"), str):
            continue
        loc = _clean_loc(tuple(err["loc"]), parsed.data)
        while loc and loc not in parsed.numbers:
            loc = loc[:-1]  # past the union member names that pydantic adds
        if not loc:
            continue
        node: Any = parsed.data
        for part in loc[:-1]:
            node = node[part]
        node[loc[-1]] = parsed.numbers.pop(loc)
        changed = True
    return changed


def validation_problems(model: type[BaseModel], exc: ValidationError, parsed: Parsed, name: str) -> list[Problem]:
    """Turn pydantic's errors into one problem per error, each located in the file."""
    problems: list[Problem] = []
    for err in exc.errors():
        loc = _clean_loc(tuple(err["loc"]), parsed.data)
        if err["type"] == "extra_forbidden":
            line, col = parsed.locate(loc, key=True)
            valid = _fields_at(model, loc[:-1])
            msg = "unknown field"
            close = difflib.get_close_matches(str(loc[-1]), valid, n=1, cutoff=0.6)
            if close:
                msg += f"; did you mean {close[0]!r}?"
            elif valid:
                msg += f"; expected one of: {', '.join(valid)}"
            problems.append(Problem(name, msg, line, col, _dotted(loc)))
            continue
        line, col = parsed.locate(loc, key=err["type"] == "missing")
        problems.append(Problem(name, _message(err, loc), line, col, _dotted(loc) or None))
    return sorted(problems, key=lambda p: (p.line or 0, p.column or 0))


def _rule_path_problems(framework: Framework, parsed: Parsed, name: str) -> list[Problem]:
    """A problem for every measured indicator whose rule reads a field the cluster model lacks."""
    from clusterkit.scoring import check_rule_paths

    problems: list[Problem] = []
    for ind_id, msg in check_rule_paths(framework):
        idx = next(i for i, ind in enumerate(framework.indicators) if ind.id == ind_id)
        line, col = parsed.locate(("indicators", idx, "rule", "path"))
        problems.append(Problem(name, msg, line, col, f"indicators.{idx}.rule.path"))
    return problems


def document_from_data(parsed: Parsed, name: str, stem: str | None, expected_kind: str | None = None) -> DocumentBase:
    """Validate parsed data against the model of its ``kind``."""
    data = parsed.data
    kind = data.get("kind")
    if not isinstance(kind, str) or kind not in KINDS:
        line, col = parsed.locate(("kind",))
        if "kind" not in data:
            msg = f"required field is missing; expected one of: {', '.join(KINDS)}"
        else:
            msg = f"unknown kind {short_repr(kind)}; expected one of: {', '.join(KINDS)}"
            close = difflib.get_close_matches(kind, list(KINDS), n=1) if isinstance(kind, str) else []
            if close:
                msg = f"unknown kind {short_repr(kind)}; did you mean {close[0]!r}?"
        raise LoadError("kind", [Problem(name, msg, line, col, "kind")])
    if expected_kind is not None and kind != expected_kind:
        line, col = parsed.locate(("kind",))
        raise LoadError(
            "kind",
            [Problem(name, f"a {expected_kind!r} document was expected here, found {kind!r}", line, col, "kind")],
        )
    model = KINDS[kind]
    try:
        doc = model.model_validate(data)
    except ValidationError as exc:
        if not _retype_numbers(exc, parsed):
            raise LoadError("invalid", validation_problems(model, exc, parsed, name)) from None
        try:
            doc = model.model_validate(data)
        except ValidationError as again:
            raise LoadError("invalid", validation_problems(model, again, parsed, name)) from None
    if stem is not None and doc.id != stem:
        line, col = parsed.locate(("id",))
        hint = (
            ""
            if SLUG_RE.match(stem)
            else f" (and the file name {stem!r} is not a valid id: use lowercase letters, digits, '-' and '_')"
        )
        raise LoadError(
            "id", [Problem(name, f"id {doc.id!r} does not match the file name {stem!r}{hint}", line, col, "id")]
        )
    if isinstance(doc, Framework):
        rule_problems = _rule_path_problems(doc, parsed, name)
        if rule_problems:
            raise LoadError("rule paths", rule_problems)
    return doc


def load_document(
    path: str | os.PathLike[str],
    expected_kind: str | None = None,
    display: str | None = None,
    stat_result: os.stat_result | None = None,
) -> DocumentBase:
    """Load and validate one document file; raises :class:`LoadError` with located problems.

    ``stat_result`` is the file's ``os.stat`` when the caller has it already (it saves a system call).
    """
    p = Path(path)
    name = display or str(path)
    text = read_text(p, name, stat_result)
    try:
        return document_from_data(parse_yaml(text, name, locate=False), name, p.stem, expected_kind)
    except LoadError:
        # NOTE: invalid documents are rare; parse again, recording positions, to place each problem.
        return document_from_data(parse_yaml(text, name), name, p.stem, expected_kind)


# --- the search path ---------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    """A document file found on the search path."""

    path: Path
    root: Path
    kind: str | None  # from the folder name; None when the file must be read to know

    @property
    def stem(self) -> str:
        return self.path.stem

    @property
    def bundled(self) -> bool:
        return self.root == bundled_profiles_dir()

    def display(self) -> str:
        return _display_path(self.path)


def _display_path(path: Path) -> str:
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return str(path)
    return rel if not rel.startswith(".." + os.sep + "..") else str(path)


def search_dirs(profiles_dirs: Iterable[str | os.PathLike[str]] = (), env: str | None = None) -> list[Path]:
    """User folders first (``--profiles-dir``, then ``CLUSTERKIT_PATH``), the bundled ones last."""
    dirs: list[Path] = [Path(d) for d in profiles_dirs]
    env_value = os.environ.get("CLUSTERKIT_PATH", "") if env is None else env
    dirs.extend(Path(d) for d in env_value.split(os.pathsep) if d)
    dirs.append(bundled_profiles_dir())
    unique: list[Path] = []
    seen: set[Path] = set()
    for d in dirs:
        # NOTE: the same folder named twice (or the bundled one given again) must not shadow itself.
        key = d.resolve() if d.exists() else d.absolute()
        if key not in seen:
            seen.add(key)
            unique.append(d)
    return unique


def _kind_for(path: Path, root: Path) -> str | None:
    if path.stem == "references" and _is_document_name(path.name) and path.parent == root:
        return "references"
    try:
        parts = path.relative_to(root).parts[:-1]
    except ValueError:
        return None
    for part in reversed(parts):
        if part in FOLDER_KINDS:
            return FOLDER_KINDS[part]
    return None


def _is_document_name(name: str) -> bool:
    if name.startswith("."):
        return False
    # NOTE: the suffix in any case (x.YAML, x.Yml): such a file is read, not silently left out.
    return name.endswith((".yaml", ".yml")) or name[-5:].lower() == ".yaml" or name[-4:].lower() == ".yml"


def outside_link(path: Path, root: Path) -> bool:
    """Whether ``path`` is a symbolic link whose target lies outside the folder ``root``.

    A link loop is not "outside": it is left to the reader, which reports it as a loop.
    """
    if not path.is_symlink():
        return False
    try:
        return not path.resolve().is_relative_to(root.resolve())
    except (OSError, RuntimeError):  # a link loop (Python before 3.13)
        return False


def outside_link_note(path: Path, root: Path) -> str:
    return f"{_display_path(path)}: symbolic link points outside {_display_path(root)}; skipped"


def walk_documents(
    root: Path, notes: Notes, skipped: list[Path] | None = None, top: Path | None = None
) -> Iterator[Path]:
    """Document files under a folder, in a stable order.

    A folder named like a document is yielded too (reading it reports the mistake), and so are
    dangling links and link loops. Symbolic links to outside the folder, whether profiles or kind
    folders (``clusters/``...), are skipped, with a note, or listed in ``skipped`` when it is given.
    """
    # NOTE: os.scandir's entries know whether they are links or folders without a system call
    # each, which counts on collections of thousands of profiles.
    top = top or root
    try:
        with os.scandir(root) as listing:
            entries = sorted(listing, key=lambda e: e.name)
    except OSError as exc:
        notes.add(f"{exc.filename}: cannot list folder: {exc.strerror}")
        return
    folders: list[Path] = []
    files: list[os.DirEntry[str]] = []
    for entry in entries:
        if _is_document_name(entry.name):
            files.append(entry)
            continue
        try:
            is_folder = entry.is_dir(follow_symlinks=False)
        except OSError:
            is_folder = False
        if is_folder and not entry.name.startswith("."):
            folders.append(Path(entry.path))
        elif entry.name in FOLDER_KINDS and entry.is_symlink():
            # NOTE: a linked kind folder is not walked; one that leads outside is reported like a linked file.
            files.append(entry)
    for entry in files:
        path = Path(entry.path)
        if entry.is_symlink() and outside_link(path, top):
            if skipped is not None:
                skipped.append(path)
            else:
                notes.add(outside_link_note(path, top))
            continue
        if entry.name in FOLDER_KINDS:
            continue  # a linked kind folder inside the profiles folder
        yield path
    for folder in folders:
        yield from walk_documents(folder, notes, skipped, top)


def _walk(root: Path, notes: Notes) -> Iterator[Path]:
    if not root.exists():
        notes.add(f"{_display_path(root)}: profiles folder does not exist; skipped")
        return
    if not root.is_dir():
        notes.add(f"{_display_path(root)}: not a folder; skipped")
        return
    yield from walk_documents(root, notes)


class Catalog:
    """Every document on the search path, read on demand; later folders are shadowed by earlier ones."""

    def __init__(self, dirs: list[Path] | None = None, notes: Notes | None = None, cache: Cache | None = None) -> None:
        self.dirs = dirs if dirs is not None else search_dirs()
        self.notes = notes or Notes()
        self.cache = cache
        self.entries: list[Entry] = []
        for root in self.dirs:
            for path in _walk(root, self.notes):
                self.entries.append(Entry(path, root, _kind_for(path, root)))
        self._docs: dict[Path, DocumentBase] = {}
        self._errors: dict[Path, LoadError] = {}

    # reading -----------------------------------------------------------------------------

    def read(self, entry: Entry, remember: bool = True) -> DocumentBase:
        """Load one entry (memoised unless ``remember`` is false); raises :class:`LoadError`."""
        if entry.path in self._errors:
            raise self._errors[entry.path]
        doc = self._docs.get(entry.path)
        if doc is None:
            try:
                doc = self._load(entry)
            except LoadError as exc:
                self._errors[entry.path] = exc
                raise
            if remember:
                self._docs[entry.path] = doc
        return doc

    def _load(self, entry: Entry) -> DocumentBase:
        """Read a document from the cache when its file is unchanged, else parse and validate it."""
        sig = None
        st = None
        if self.cache is not None and self.cache.enabled:
            with contextlib.suppress(OSError):
                st = entry.path.stat()
                sig = signature(st)
            if sig is not None:
                cached = self.cache.document(str(entry.path.absolute()), sig)
                if isinstance(cached, DocumentBase) and (entry.kind is None or cached.kind == entry.kind):  # type: ignore[attr-defined]
                    register_read(entry.path)
                    return cached
        # NOTE: the stat taken for the cache tells the reader the file's type and size as well.
        doc = load_document(entry.path, entry.kind, entry.display(), st)
        if sig is not None and self.cache is not None:
            self.cache.put_document(str(entry.path.absolute()), sig, doc)
        return doc

    def close(self) -> None:
        """Write what the cache has queued."""
        if self.cache is not None:
            self.cache.close()

    def candidates(self, kind: str) -> list[Entry]:
        """Entries that are, or may be, of a kind (files outside the kind folders are read to tell)."""
        found: list[Entry] = []
        for entry in self.entries:
            if entry.kind == kind:
                found.append(entry)
            elif entry.kind is None:
                try:
                    doc = self.read(entry)
                except LoadError:
                    continue
                if getattr(doc, "kind", None) == kind:
                    found.append(entry)
        return found

    def _resolve(self, kind: str, entries: list[Entry]) -> dict[str, Entry]:
        chosen: dict[str, Entry] = {}
        for entry in entries:  # user folders come first, so the first entry of an id wins
            if entry.stem in chosen:
                first = chosen[entry.stem]
                if entry.root == first.root:
                    where = f"{first.display()} and {entry.display()}"
                    self.notes.add(f"note: {kind} {entry.stem!r} is defined twice, in {where}; using the first")
                    continue
                self.notes.add(f"note: {first.display()} shadows {kind} {entry.stem!r} from {entry.display()}")
                continue
            chosen[entry.stem] = entry
        return chosen

    def duplicates(self, kind: str, doc_id: str) -> list[Entry]:
        """The entries of an id in the folder that provides it, when that folder holds more than one."""
        same = [e for e in self.candidates(kind) if e.stem == doc_id]
        if not same:
            return []
        first_root = same[0].root
        in_root = [e for e in same if e.root == first_root]
        return in_root if len(in_root) > 1 else []

    def ids(self, kind: str) -> list[str]:
        return sorted(self._resolve(kind, self.candidates(kind)))

    def entry(self, kind: str, doc_id: str) -> Entry:
        """The file that provides a document; raises :class:`NotFoundError` or, for an id defined
        twice in one folder, :class:`LoadError`."""
        if not SLUG_RE.match(doc_id):
            msg = f"{short_repr(doc_id)} is not a valid {kind} id: use lowercase letters, digits, '-' and '_'"
            close = difflib.get_close_matches(doc_id.lower(), self.ids(kind), n=1, cutoff=0.5)
            if close:
                msg += f"; did you mean {close[0]!r}?"
            raise NotFoundError(msg)
        twice = self.duplicates(kind, doc_id)
        if twice:
            where = " and ".join(e.display() for e in twice)
            raise LoadError(
                "defined twice",
                [
                    Problem(e.display(), f"{kind} id {doc_id!r} is defined twice in one folder: {where}", field="id")
                    for e in twice[1:]
                ],
            )
        resolved = self._resolve(kind, [e for e in self.candidates(kind) if e.stem == doc_id])
        if doc_id not in resolved:
            known = self.ids(kind)
            msg = f"no {kind} with id {doc_id!r} on the search path"
            close = difflib.get_close_matches(doc_id.lower(), known, n=1, cutoff=0.5)
            if close:
                msg += f"; did you mean {close[0]!r}?"
            elif known:
                msg += f" (known: {', '.join(known)})"
            raise NotFoundError(msg)
        return resolved[doc_id]

    def get(self, kind: str, doc_id: str) -> DocumentBase:
        return self.read(self.entry(kind, doc_id))

    def all(self, kind: str) -> Iterator[DocumentBase]:
        """Every valid document of a kind, by id; invalid ones raise."""
        for _, entry in sorted(self._resolve(kind, self.candidates(kind)).items()):
            yield self.read(entry)

    # typed helpers ----------------------------------------------------------------------

    def cluster(self, cluster_id: str) -> Cluster:
        return typing.cast(Cluster, self.get("cluster", cluster_id))

    def clusters(self) -> list[Cluster]:
        return [typing.cast(Cluster, d) for d in self.all("cluster")]

    def strategy(self, strategy_id: str) -> Strategy:
        return typing.cast(Strategy, self.get("strategy", strategy_id))

    def framework(self, framework_id: str = "default") -> Framework:
        return typing.cast(Framework, self.get("framework", framework_id))

    def practices(self) -> list[Practices]:
        return [typing.cast(Practices, d) for d in self.all("practices")]

    def references(self) -> dict[str, Any]:
        """All reference entries by key, merged over every references document."""
        merged: dict[str, Any] = {}
        for entry in reversed(self.candidates("references")):  # earlier folders win
            doc = typing.cast(References, self.read(entry))
            for ref in doc.references:
                merged[ref.key] = ref
        return merged


def unresolved_citations(doc: DocumentBase, known_keys: set[str], name: str) -> list[Problem]:
    """A problem for every citation in a document whose key no reference defines."""
    problems: list[Problem] = []
    for path, citation in iter_citations(doc):
        key = citation_key(citation)
        if key not in known_keys:
            close = difflib.get_close_matches(key, sorted(known_keys), n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            problems.append(
                Problem(name, f"citation {short_repr(key)} is not defined in any references document{hint}", field=path)
            )
    return problems


def load_profile(cluster_id: str, profiles_dirs: Iterable[str | os.PathLike[str]] = ()) -> Cluster:
    """Load one cluster by id from the search path (user folders, ``CLUSTERKIT_PATH``, bundled)."""
    return Catalog(search_dirs(profiles_dirs)).cluster(cluster_id)
