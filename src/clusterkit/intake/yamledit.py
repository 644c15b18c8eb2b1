"""YAML files written by clusterkit: a new file, fast; a user's file edited without making it ours.

A new file (:func:`new_document`) has no comments or layout to keep: PyYAML writes it with
libyaml's C emitter where present, in the bundled profiles' layout (ruamel.yaml's pure-Python
emitter took 13 ms a profile, most of the time of an import of 1,000 submissions).

A user's file keeps its comments, key order and layout: it is edited through ruamel.yaml's
round-trip tree. A change is a list of :class:`Edit` (set a key, append to a list, delete a key).
It is applied twice: to the round-trip tree that is written out, and to the plain data that
clusterkit's strict loader read from the same file, so that the caller can check that the text
written means exactly the old document plus the change (ruamel.yaml reads some scalars as YAML
1.2 does, where the strict loader does not; a silent change of meaning would be worse than none).

Layout: the file is dumped again with the indentation that reproduces it (tried in turn); when
none does (a file indented two ways at once), comments and key order are still kept and
:attr:`RoundTrip.exact` is false. A comment standing after the last line of a value belongs to
what follows it; when something is added after that value, the comment moves down with it, so the
text before is the text after minus what was added.

ruamel.yaml is imported inside the functions that need it: no command that only reads pays for it.
"""

from __future__ import annotations

import copy
import difflib
import io
import itertools
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import yaml

Key = str | int

# A new file's layout, the bundled profiles' own: mappings by 2, list items by 4 with the dash at 2.
NEW_LAYOUT = (2, 4, 2)
# Wide enough that ruamel.yaml never folds a long line of its own accord.
WIDTH = 4096
# The same for libyaml, which folds a quoted scalar past its width (it takes a C int).
NEW_WIDTH = 2**31 - 1


class Quoted(str):
    """Text written in double quotes (a date: ``"2024"`` must not read back as a number)."""

    __slots__ = ()


@dataclass(frozen=True)
class Edit:
    """One change at a path of mapping keys and list indexes.

    ``set`` gives a key its value (a new key goes after the last of ``order`` that comes before it,
    ``order`` being the keys in the order the schema lists them); ``append`` adds an item to the
    list at ``path`` (created when missing); ``delete`` removes a key.
    """

    op: Literal["set", "append", "delete"]
    path: tuple[Key, ...]
    value: Any = None
    order: tuple[str, ...] = ()


# --- a new file --------------------------------------------------------------------------------

# What libyaml reads as a line break besides "\n".
_OTHER_BREAKS = frozenset("\r\x85\u2028\u2029")


def _literal(value: str) -> bool:
    """Whether text is written as a literal block: several lines, each printable.

    NOTE: not when it starts with a space or a line break: the emitter then writes an indentation
    indicator (``|2``), which counts from the parent's indentation and would not survive
    :func:`_indent_lists`; such text is written in double quotes instead.
    """
    return "\n" in value and value[0] not in " \n" and value.replace("\n", "").isprintable()


class _Analysis(yaml.emitter.Emitter):
    """PyYAML's analysis of a scalar (what styles can write it), without a stream to write to."""

    def __init__(self) -> None:  # NOTE: analyze_scalar reads this attribute only
        self.allow_unicode = True


def _style(value: str) -> str | None:
    """The style of a text: a literal block, double quotes, or None for the emitter to choose (plain or '...').

    As ruamel.yaml writes them: text that cannot stand plain goes in double quotes when it holds an
    apostrophe (``"the cluster's plan: ..."`` rather than ``'the cluster''s plan: ...'``) or a line
    break; so does text with another line break, escaped (written as it is, the parser would count
    it as a line).
    """
    if "\n" in value:
        return "|" if _literal(value) else '"'
    if not value.isprintable() and any(ch in _OTHER_BREAKS for ch in value):
        return '"'
    if "'" in value and not _Analysis().analyze_scalar(value).allow_block_plain:
        return '"'
    return None


def _represent_str(dumper: Any, value: str) -> Any:
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=_style(value))


def _represent_quoted(dumper: Any, value: Quoted) -> Any:
    return dumper.represent_scalar("tag:yaml.org,2002:str", str(value), style='"')


def _represent_tuple(dumper: Any, value: tuple[Any, ...]) -> Any:
    return dumper.represent_list(list(value))


def _new_file(dumper: type[Any]) -> type[Any]:
    """A safe dumper made to write a new file (see :class:`NewFileDumper`)."""
    dumper.add_implicit_resolver(
        "tag:yaml.org,2002:float",
        re.compile(r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+|[-+]\.[0-9]+)$"),
        list("-+.0123456789"),
    )
    dumper.add_implicit_resolver("tag:yaml.org,2002:int", re.compile(r"^[-+]?0o[0-7]+$"), list("-+0"))
    dumper.add_representer(str, _represent_str)
    dumper.add_representer(Quoted, _represent_quoted)
    dumper.add_representer(tuple, _represent_tuple)
    return dumper


@_new_file
class NewFileDumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    """PyYAML's safe dumper (libyaml's C emitter where present) for a new file of plain data.

    Text that a YAML 1.2 reader takes for a number (``1e3``, ``0o17``: PyYAML follows YAML 1.1 and
    would write it bare) is quoted; :class:`Quoted` text goes in double quotes; text of several
    printable lines is a literal block; a tuple is a list.
    """


@_new_file
class _PythonDumper(yaml.SafeDumper):
    """The same with PyYAML's Python emitter, for text beyond the Basic Multilingual Plane.

    NOTE: libyaml takes a character of four UTF-8 bytes (😀, 𝑥) for unprintable and writes it as an
    escape (``"\\U0001F600"``); the Python emitter writes it as it is.
    """


def _emit(data: dict[str, Any], dumper: type[Any]) -> str:
    text: str = yaml.dump(
        data, Dumper=dumper, sort_keys=False, allow_unicode=True, default_flow_style=False, width=NEW_WIDTH
    )
    return text


def new_document(data: Mapping[str, Any]) -> str:
    """A new file's text: ``data`` in block style, in the bundled profiles' layout.

    Keys stay in the order given, letters as they are (no escapes), :class:`Quoted` text in double
    quotes, and a list under a key is indented by two, its dashes under the key's value (as in the
    bundled profiles, and as ruamel.yaml writes a list it adds on an update).
    """
    text = _emit(dict(data), NewFileDumper)
    if "\\U" in text:  # NOTE: rare: an escaped character beyond U+FFFF (or a backslash and a U)
        text = _emit(dict(data), _PythonDumper)
    return _indent_lists(text)


def _indent_lists(text: str) -> str:
    """The emitter's block text with every list under a mapping key indented by two more.

    PyYAML (libyaml and the Python emitter alike) writes such a list with its dashes in the key's
    column. Each one's lines, found from the parser's events (from its first dash to the token
    after its last item), move right by two, a list in it by two more. Moving the whole of a
    list right keeps what it means; blank lines stay blank.
    """
    lines = text.split("\n")
    moves = [0] * (len(lines) + 1)
    # Whether each open collection is a mapping; the first line of each open list (None: it stays).
    mappings: list[bool] = []
    starts: list[int | None] = []
    for event in yaml.parse(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
        if isinstance(event, yaml.MappingStartEvent):
            mappings.append(True)
        elif isinstance(event, yaml.SequenceStartEvent):
            mark = event.start_mark
            moved = bool(mappings) and mappings[-1] and not event.flow_style
            mappings.append(False)
            starts.append(mark.line if moved and mark is not None and _starts_line(lines, mark) else None)
        elif isinstance(event, yaml.SequenceEndEvent):
            mappings.pop()
            start = starts.pop()
            end = event.start_mark.line if event.start_mark is not None else -1
            if start is not None and start < end <= len(lines):
                moves[start] += 2
                moves[end] -= 2
        elif isinstance(event, yaml.MappingEndEvent):
            mappings.pop()
    shift = 0
    for n, line in enumerate(lines):
        shift += moves[n]
        if shift and line:
            lines[n] = " " * shift + line
    return "\n".join(lines)


def _starts_line(lines: list[str], mark: Any) -> bool:
    """Whether a list's first dash is the first thing on its line.

    NOTE: one that is not (the value of a ``? key`` too long to stand as a plain key) stays as written.
    """
    line = lines[mark.line] if mark.line < len(lines) else ""
    return line[mark.column : mark.column + 1] == "-" and not line[: mark.column].strip(" ")


# --- plain data ------------------------------------------------------------------------------


def apply_plain(data: dict[str, Any], edits: Iterable[Edit]) -> dict[str, Any]:
    """The plain data with the edits applied (a copy; ``data`` is left as it is)."""
    result = copy.deepcopy(data)
    for edit in edits:
        parent = _plain_parent(result, edit.path[:-1])
        last = edit.path[-1]
        if edit.op == "set":
            parent[last] = copy.deepcopy(edit.value)
        elif edit.op == "append":
            parent.setdefault(last, []).append(copy.deepcopy(edit.value))
        else:
            del parent[last]
    return result


def _plain_parent(data: Any, path: Sequence[Key]) -> Any:
    node = data
    for key in path:
        if isinstance(node, dict) and key not in node:
            node[key] = {}
        node = node[key]
    return node


# --- the round-trip tree ---------------------------------------------------------------------


def _yaml(layout: tuple[int, int, int], explicit_start: bool = False) -> Any:
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = WIDTH
    mapping, sequence, offset = layout
    yaml.indent(mapping=mapping, sequence=sequence, offset=offset)
    yaml.explicit_start = explicit_start
    return yaml


def _dump(yaml: Any, tree: Any) -> str:
    out = io.StringIO()
    yaml.dump(tree, out)
    return out.getvalue()


def to_tree(value: Any) -> Any:
    """Plain data as ruamel.yaml nodes in block style: :class:`Quoted` text in double quotes, text of
    several lines as a literal block."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString, LiteralScalarString

    if isinstance(value, Mapping):
        node = CommentedMap()
        for key, item in value.items():
            node[key] = to_tree(item)
        return node
    if isinstance(value, list | tuple):
        seq = CommentedSeq()
        seq.extend(to_tree(item) for item in value)
        return seq
    if isinstance(value, Quoted):
        return DoubleQuotedScalarString(str(value))
    if isinstance(value, str) and "\n" in value and value.replace("\n", "").isprintable():
        return LiteralScalarString(value)
    return value


@dataclass
class RoundTrip:
    """A file read for editing: its tree, and how to write it back as it was laid out.

    ``original`` is the file's text and ``baseline`` the tree dumped before any edit: the same
    text when ``exact``. When not (a block scalar indented otherwise than ruamel.yaml would),
    :meth:`dump` applies to ``original`` only the lines the edits changed in ruamel.yaml's text.
    """

    tree: Any
    layout: tuple[int, int, int]
    explicit_start: bool
    crlf: bool
    final_newline: bool
    exact: bool
    original: str = ""
    baseline: str = ""

    def dump(self) -> str:
        """The tree as text, laid out as the file was (line endings and the last newline included)."""
        text = _dump(_yaml(self.layout, self.explicit_start), self.tree)
        if not self.final_newline:
            text = text.removesuffix("\n")
        if not self.exact:
            patched = _patch(self.original, self.baseline, text)
            if patched is not None and _same_meaning(patched, text):
                text = patched
        return text.replace("\n", "\r\n") if self.crlf else text


def _patch(original: str, baseline: str, edited: str) -> str | None:
    """The changes from ``baseline`` to ``edited`` made to ``original`` instead (None: its lines do not
    match ``baseline``'s one for one)."""
    ours, theirs, wanted = original.splitlines(True), baseline.splitlines(True), edited.splitlines(True)
    if len(ours) != len(theirs):
        return None
    out: list[str] = []
    matcher = difflib.SequenceMatcher(a=theirs, b=wanted, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        out.extend(ours[i1:i2] if op == "equal" else wanted[j1:j2])
    return "".join(out)


def _same_meaning(text: str, other: str) -> bool:
    """Whether clusterkit's strict loader reads both texts as the same data."""
    from clusterkit.errors import LoadError
    from clusterkit.loading import parse_yaml

    try:
        return parse_yaml(text, "patched", locate=False).data == parse_yaml(other, "edited", locate=False).data
    except LoadError:
        return False


def _mapping_indent(text: str) -> int:
    """The indentation of the first nested mapping key under a key with no value on its line."""
    lines = [line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    for above, below in itertools.pairwise(lines):
        stripped = above.strip()
        if stripped.endswith(":") and not stripped.startswith("- "):
            gap = (len(below) - len(below.lstrip(" "))) - (len(above) - len(above.lstrip(" ")))
            if gap > 0 and not below.lstrip().startswith("- "):
                return gap
    return 2


def _layouts(text: str) -> list[tuple[int, int, int]]:
    """Layouts to try, the likeliest first: the file's own indentation as guessed, then common ones.

    A file without a block list says nothing of how lists are indented: those added to it are
    indented as in a new file (the dash under the mapping's keys, by the mapping's step).
    """
    from ruamel.yaml.util import load_yaml_guess_indent

    guessed = _mapping_indent(text)
    try:
        _, sequence, offset = load_yaml_guess_indent(text)
    except Exception:  # a guess only; the file is read again below, errors and all
        sequence, offset = None, None
    if offset is None:
        sequence, offset = guessed + NEW_LAYOUT[1] - NEW_LAYOUT[0], guessed
    tried: list[tuple[int, int, int]] = []
    for mapping in (guessed, 2, 4):
        for seq, off in ((sequence, offset), (4, 2), (2, 0), (2, 2), (4, 0), (3, 1)):
            layout = (mapping, seq or 2, off)
            if layout not in tried and layout[2] < layout[1]:
                tried.append(layout)
    return tried


def load_round_trip(text: str) -> RoundTrip:
    """Read a file's text for editing, with the layout that writes it back unchanged where one does."""
    crlf = "\r\n" in text
    plain = text.replace("\r\n", "\n")
    final_newline = plain.endswith("\n")
    explicit_start = plain.startswith("---")
    tree = _yaml(NEW_LAYOUT, explicit_start).load(plain)
    best: tuple[int, tuple[int, int, int], str] | None = None
    for layout in _layouts(plain):
        again = _dump(_yaml(layout, explicit_start), tree)
        if not final_newline:
            again = again.removesuffix("\n")
        if again == plain:
            return RoundTrip(tree, layout, explicit_start, crlf, final_newline, True, plain, again)
        matcher = difflib.SequenceMatcher(a=plain.splitlines(), b=again.splitlines(), autojunk=False)
        changed = sum(max(i2 - i1, j2 - j1) for op, i1, i2, j1, j2 in matcher.get_opcodes() if op != "equal")
        if best is None or changed < best[0]:
            best = (changed, layout, again)
    assert best is not None
    return RoundTrip(tree, best[1], explicit_start, crlf, final_newline, False, plain, best[2])


def apply_tree(tree: Any, edits: Iterable[Edit]) -> None:
    """Apply the edits to a round-trip tree, keeping the comments around what changes in their places."""
    from ruamel.yaml.comments import CommentedMap

    for edit in edits:
        parent = tree
        for key in edit.path[:-1]:
            if isinstance(parent, CommentedMap) and key not in parent:
                _insert(parent, str(key), CommentedMap(), ())
            parent = parent[key]
        last = edit.path[-1]
        if edit.op == "set":
            if isinstance(parent, CommentedMap) and last not in parent:
                _insert(parent, str(last), to_tree(edit.value), edit.order)
            else:
                moved = _take_slot(*_end_slot(parent, last))
                parent[last] = to_tree(edit.value)
                if moved:
                    _put_slot(*_end_slot(parent, last), moved)
        elif edit.op == "append":
            if last not in parent:
                _insert(parent, str(last), to_tree([edit.value]), edit.order)
                continue
            seq = parent[last]
            if not seq:
                seq.fa.set_block_style()  # NOTE: `levels: []` would otherwise take the new items in flow style
                seq.append(to_tree(edit.value))
                continue
            moved = _take_slot(*_end_slot(seq, len(seq) - 1))
            seq.append(to_tree(edit.value))
            if moved:
                _put_slot(*_end_slot(seq, len(seq) - 1), moved)
        else:
            _delete(parent, last)


def _insert(mapping: Any, key: str, value: Any, order: Sequence[str]) -> None:
    """Insert a key after the last key of ``order`` that comes before it (at the end when none does)."""
    keys = list(mapping.keys())
    rank = {name: i for i, name in enumerate(order)}
    position = len(keys)
    if key in rank:
        before = [i for i, k in enumerate(keys) if k in rank and rank[k] < rank[key]]
        after = [i for i, k in enumerate(keys) if k in rank and rank[k] > rank[key]]
        if before:
            position = before[-1] + 1
        elif after:
            position = after[0]
    moved = _take_slot(*_end_slot(mapping, keys[position - 1])) if position > 0 else None
    if position == len(keys):
        mapping[key] = value
    else:
        mapping.insert(position, key, value)
    if moved:
        _put_slot(*_end_slot(mapping, key), moved)


def _delete(parent: Any, key: Key) -> None:
    """Remove a key or item; a comment after its value moves to what now stands before it."""
    keys = list(parent.keys()) if hasattr(parent, "keys") else list(range(len(parent)))
    index = keys.index(key)
    moved = _take_slot(*_end_slot(parent, key))
    del parent[key]
    if moved and index > 0:
        _put_slot(*_end_slot(parent, keys[index - 1]), moved)


# --- comments after a value ------------------------------------------------------------------


def _last_slot(node: Any) -> tuple[Any, Key, int] | None:
    """The container, key and comment slot where a comment after ``node``'s last line is kept."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if isinstance(node, CommentedMap) and node:
        key = list(node.keys())[-1]
        return _last_slot(node[key]) or (node, key, 2)
    if isinstance(node, CommentedSeq) and node:
        index = len(node) - 1
        return _last_slot(node[index]) or (node, index, 0)
    return None


def _end_slot(container: Any, key: Key) -> tuple[Any, Key, int]:
    """Where the comment after the last line of ``container[key]`` is kept."""
    from ruamel.yaml.comments import CommentedMap

    return _last_slot(container[key]) or (container, key, 2 if isinstance(container, CommentedMap) else 0)


def _take_slot(container: Any, key: Key, slot: int) -> str | None:
    """The lines of a comment slot after its line's end (taken out of it), starting with that line's end.

    An end-of-line comment (``level: 2  # after the review``) stays where it is.
    """
    entry = container.ca.items.get(key)
    if not entry or len(entry) <= slot or entry[slot] is None:
        return None
    token = entry[slot]
    value: str = token.value
    newline = value.find("\n")
    if newline < 0:
        return None
    rest = value[newline + 1 :]
    if value.startswith("#"):
        if not rest:
            return None
        kept = copy.copy(token)
        kept.value = value[: newline + 1]
        entry[slot] = kept
    else:
        entry[slot] = None
    return "\n" + rest


def _put_slot(container: Any, key: Key, slot: int, text: str) -> None:
    """Put comment lines (``text`` starts with the line's end) in a slot, after what is there."""
    from ruamel.yaml.error import CommentMark
    from ruamel.yaml.tokens import CommentToken

    entry = container.ca.items.setdefault(key, [None, None, None, None])
    while len(entry) <= slot:
        entry.append(None)
    current = entry[slot]
    if current is None:
        entry[slot] = CommentToken(text, CommentMark(0), None)
        return
    combined = copy.copy(current)
    # NOTE: the slot's own comment already ends its line.
    combined.value = current.value.rstrip("\n") + text if current.value.startswith("#") else current.value + text[1:]
    entry[slot] = combined
