"""The layers of the code, checked from its imports: data flows one way.

    files -> loading -> models -> core -> results -> views -> render -> output

Every module under src/clusterkit is read with ``ast`` (imports inside functions count too, since
a lazy import is still a dependency), and the rules of docs/design.md are checked: which layer may
import which, no import cycle, no private name imported from another module, no module-level
mutable state, no module grown past the size of one idea, and no number spelled outside text.py.
"""

from __future__ import annotations

import ast
import re
import string
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "clusterkit"

# Each module's layer, by its dotted name (the first rule that matches wins).
LAYERS: tuple[tuple[str, str], ...] = (
    ("clusterkit.cli", "app"),
    ("clusterkit.run", "app"),
    ("clusterkit.__main__", "app"),
    ("clusterkit.views", "views"),
    ("clusterkit.render", "render"),
    ("clusterkit.loading", "loading"),
    ("clusterkit.cache", "loading"),
    ("clusterkit.output", "loading"),
    ("clusterkit.skeleton", "loading"),
    ("clusterkit.config", "loading"),
    ("clusterkit.models", "base"),
    ("clusterkit.errors", "base"),
    ("clusterkit.text", "leaf"),
    ("clusterkit.i18n", "leaf"),
    ("clusterkit.workbooks", "leaf"),
    ("clusterkit.method", "base"),
    ("clusterkit.records", "base"),
    ("clusterkit.citations", "base"),
    ("clusterkit.ids", "base"),
    ("clusterkit.schema", "base"),
)
# What each layer may import (besides itself). The package root only re-exports lazily.
ALLOWED: dict[str, set[str]] = {
    "root": {"leaf", "base", "loading", "core", "views", "render", "app"},
    "leaf": set(),
    "base": {"leaf", "base"},
    "loading": {"leaf", "base", "loading"},
    "core": {"leaf", "base", "loading", "core"},
    "views": {"leaf", "base", "loading", "core", "views"},
    "render": {"leaf", "views", "render"},
    "app": {"leaf", "base", "loading", "core", "views", "render", "app"},
}
# Modules whose size is one idea, with the reason; every other module stays under MAX_LINES.
MAX_LINES = 800
LARGE: dict[str, str] = {}


def layer_of(module: str) -> str:
    if module == "clusterkit":
        return "root"  # the package re-exports the library's names lazily
    for prefix, layer in LAYERS:
        if module == prefix or module.startswith(prefix + "."):
            return layer
    return "core"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules() -> dict[str, ast.Module]:
    return {
        module_name(path): ast.parse(path.read_text(encoding="utf-8"), str(path))
        for path in sorted(PACKAGE.rglob("*.py"))
    }


def imports_of(name: str, tree: ast.Module, known: Iterable[str]) -> set[str]:
    """The clusterkit modules ``name`` imports (``from clusterkit.x import y`` is x, or x.y if y is a module)."""
    known = set(known)
    package = name if (PACKAGE.parent / Path(*name.split(".")) / "__init__.py").exists() else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("clusterkit"))
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            if not base.startswith("clusterkit"):
                continue
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                found.add(sub if sub in known else base)
    found.discard(name)
    return {m for m in found if m != "clusterkit"}


def graph() -> dict[str, set[str]]:
    trees = modules()
    return {name: imports_of(name, tree, trees) for name, tree in trees.items()}


def layer_violations(edges: Mapping[str, set[str]]) -> list[str]:
    """``a -> b`` for every import of a layer that the layer may not import."""
    found = []
    for source, targets in sorted(edges.items()):
        allowed = ALLOWED[layer_of(source)]
        for target in sorted(targets):
            target_layer = layer_of(target)
            if target_layer != layer_of(source) and target_layer not in allowed:
                found.append(f"{source} ({layer_of(source)}) -> {target} ({target_layer})")
    return found


def cycles(edges: Mapping[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for succ in sorted(edges.get(node, ())):
            if succ not in index:
                visit(succ)
                low[node] = min(low[node], low[succ])
            elif succ in on_stack:
                low[node] = min(low[node], index[succ])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def private_imports(trees: Mapping[str, ast.Module]) -> list[str]:
    """``module: from x import _name`` for every private name taken from another clusterkit module."""
    found = []
    for name, tree in sorted(trees.items()):
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("clusterkit"):
                found += [
                    f"{name}: from {node.module} import {a.name}"
                    for a in node.names
                    # NOTE: ``_`` is gettext's public name for "translate", not a private one.
                    if a.name.startswith("_") and not a.name.endswith("__") and a.name != "_"
                ]
    return found


def mutable_globals(trees: Mapping[str, ast.Module]) -> list[str]:
    """Module-level lists, sets, containers built by a call, lower-case dicts, and ``global`` statements.

    A constant table is a tuple, a frozenset or a dict written in capitals (``FORMATS``) and never
    changed; run state lives in :class:`clusterkit.run.Run`.
    """
    found = []
    always = (ast.List, ast.ListComp, ast.Set, ast.SetComp)
    containers = ("list", "dict", "set", "defaultdict", "Notes")
    for name, tree in sorted(trees.items()):
        for node in tree.body:
            targets: list[ast.expr] = []
            value: ast.expr | None = None
            if isinstance(node, ast.Assign):
                targets, value = node.targets, node.value
            elif isinstance(node, ast.AnnAssign) and node.value is not None:
                targets, value = [node.target], node.value
            built = isinstance(value, ast.Call) and isinstance(value.func, ast.Name) and value.func.id in containers
            for target in targets:
                if not isinstance(target, ast.Name) or target.id == "__all__":
                    continue
                lower_dict = isinstance(value, ast.Dict | ast.DictComp) and not target.id.isupper()
                if isinstance(value, always) or built or lower_dict:
                    found.append(f"{name}: {target.id}")
        found += [f"{name}: global {', '.join(n.names)}" for n in ast.walk(tree) if isinstance(n, ast.Global)]
    return found


# --- rule 2: every number a person reads is spelled by text.py -----------------------------------

# A format spec of Python's mini-language: [[fill]align][sign][z][#][0][width][grouping][.precision][type].
_SPEC = re.compile(
    r"(?:.?(?P<align>[<>=^]))?(?P<sign>[-+ ])?(?P<z>z)?(?P<alt>#)?(?P<zero>0)?\d*"
    r"(?P<grouping>[,_])?(?:\.(?P<precision>\d+))?(?P<type>[bcdeEfFgGnosxX%])?",
    re.DOTALL,
)
# A %-conversion that spells a number (``%d``, ``%.1f``, ``%5.2e``); ``%s`` and ``%r`` are text.
_PERCENT = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?([diouxXeEfFgG%])")
_DYNAMIC = "\0"  # stands for a nested replacement field of a spec (``{value:.{digits}f}``)

# Numbers spelled outside text.py on purpose, because no person reads them as a quantity. A key is
# exactly what the check reports, without the line number: it exempts that one spelling, not its
# module (charts.py and xlsx.py also write labels for people, and those must go through text.py).
NOT_FOR_PEOPLE: dict[str, str] = {
    "clusterkit.render.escape: {c:02x}": (
        "the escape of a control character a profile holds (\\x1b): a character code in the escape "
        "syntax, so no text drives the reader's terminal; not a quantity"
    ),
    "clusterkit.render.escape: {c:04x}": (
        "the escape of a bidirectional control a profile holds (\\u202e), so no text reorders what the "
        "reader sees; a character code, not a quantity"
    ),
    "clusterkit.loading.files: {raw[exc.start]:02x}": (
        "the invalid byte of a file that is not UTF-8 (0x9f) as a hex editor and Python show it: "
        "the name of a byte, not a quantity"
    ),
    "clusterkit.render.html.markup: {value:.{digits}f}": (
        "num(): SVG coordinates and CSS widths, geometry for the browser; the labels and tooltips "
        "of a chart are spelled by text.py"
    ),
    # NOTE: JSON keeps the numbers (rule 2), and this description is the payload's only record of
    # --spread: text.number would round it (--spread 0.333 would read U(0.67, 1.33), draws that were
    # not made). People read the spread in the figure's caption, as text.share spells it (±25 %).
    "clusterkit.views.sensitivity: {1 - r.spread:g}": "the lower factor of the weights, U(0.75, ...)",
    "clusterkit.views.sensitivity: {1 + r.spread:g}": "the upper factor of the weights, U(..., 1.25)",
}


def numeric_spec(spec: str) -> bool:
    """Whether a format spec spells a number: a sign, ``#``, ``0``, grouping, a precision or a numeric type.

    A width or an alignment alone (``{name:<10}``) pads text and passes; ``=`` aligns numbers only.
    A precision without a type counts: on a number it rounds (text is cut by slicing, not ``.10``).
    A spec that is wholly dynamic (``{x:{spec}}``) or not of the mini-language (a date's ``%Y``) counts.
    """
    if spec and not spec.replace(_DYNAMIC, ""):
        return True
    match = _SPEC.fullmatch(spec.replace(_DYNAMIC, "1"))
    if match is None:
        return True
    kind = match["type"]
    flags = (match["sign"], match["z"], match["alt"], match["zero"], match["grouping"], match["precision"])
    return match["align"] == "=" or any(flags) or (kind is not None and kind != "s")


def _spec_parts(spec: ast.expr) -> list[tuple[str, str]]:
    """An f-string field's spec as (source, shape) pieces: text kept, a nested field as its source and a marker."""
    assert isinstance(spec, ast.JoinedStr)
    return [
        (str(part.value), str(part.value))
        if isinstance(part, ast.Constant)
        else ("{" + ast.unparse(part.value) + "}" if isinstance(part, ast.FormattedValue) else "", _DYNAMIC)
        for part in spec.values
    ]


def _format_fields(template: str) -> Iterator[str]:
    """The numeric replacement fields of a ``str.format`` template, as ``{field:spec}``."""
    try:
        fields = [(name, spec) for _, name, spec, _ in string.Formatter().parse(template) if name is not None]
    except ValueError:
        return
    for name, spec in fields:
        if spec and numeric_spec(re.sub(r"\{[^{}]*\}", _DYNAMIC, spec)):
            yield "{" + name + ":" + spec + "}"


def _template(node: ast.expr, constants: Mapping[str, str]) -> str | None:
    """The text of a string literal, or of a module-level string constant named by ``node``."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return constants.get(node.id) if isinstance(node, ast.Name) else None


def _spellings(tree: ast.Module) -> Iterator[tuple[int, str]]:
    """(line, field) for each number one module spells with a format spec."""
    constants = {
        target.id: node.value.value
        for node in tree.body
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)
        for target in node.targets
        if isinstance(target, ast.Name)
    }
    for node in ast.walk(tree):
        if isinstance(node, ast.FormattedValue) and node.format_spec is not None:
            parts = _spec_parts(node.format_spec)
            if numeric_spec("".join(shape for _, shape in parts)):
                conversion = "" if node.conversion == -1 else "!" + chr(node.conversion)
                spec = "".join(source for source, _ in parts)
                yield node.value.lineno, "{" + ast.unparse(node.value) + conversion + ":" + spec + "}"
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "format":
            if len(node.args) > 1:
                spec = _template(node.args[1], constants)
                if spec is None or numeric_spec(spec):
                    yield node.lineno, ast.unparse(node)
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            text = _template(node.func.value, constants)
            if node.func.attr in ("format", "format_map") and text is not None:
                yield from ((node.lineno, field) for field in _format_fields(text))
        elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod):
            text = _template(node.left, constants)
            if text is not None:
                yield from ((node.lineno, m.group()) for m in _PERCENT.finditer(text) if m.group() != "%%")


def number_spellings(trees: Mapping[str, ast.Module]) -> list[str]:
    """``module:line: field`` for every number spelled by a format spec outside text.py.

    Looked for: f-string fields with a numeric spec (``{x:.1f}``, ``{n:,}``, ``{x:g}``, ``{s:.0%}``),
    ``format(x, spec)``, and ``"...".format(...)`` or ``"..." % ...`` with a numeric field, also when
    the template is a module-level string constant. ``{x!r}`` and widths on text (``{name:<10}``) pass.
    """
    return [
        f"{name}:{line}: {field}"
        for name, tree in sorted(trees.items())
        if name != "clusterkit.text"
        for line, field in sorted(_spellings(tree))
    ]


def unexempted(found: Iterable[str], allowed: Mapping[str, str]) -> list[str]:
    """The spellings found that the allow-list does not name (a key is a finding without its line)."""
    return [f for f in found if without_line(f) not in allowed]


def without_line(finding: str) -> str:
    return re.sub(r":\d+: ", ": ", finding, count=1)


# --- the rules, on the real code ----------------------------------------------------------------


def test_each_layer_imports_only_the_layers_below_it() -> None:
    assert layer_violations(graph()) == []


def test_the_core_never_imports_views_render_or_the_cli() -> None:
    edges = graph()
    core = [name for name in edges if layer_of(name) == "core"]
    assert {"clusterkit.scoring", "clusterkit.comparison", "clusterkit.report"} <= set(core)
    for name in core:
        assert not {t for t in edges[name] if layer_of(t) in ("views", "render", "app")}, name


def test_renderers_take_views_and_know_no_result() -> None:
    edges = graph()
    for name, targets in edges.items():
        if layer_of(name) == "render":
            assert not {t for t in targets if layer_of(t) in ("core", "loading", "app")}, name
            assert "clusterkit.models" not in targets, name


def test_no_import_cycle() -> None:
    assert cycles(graph()) == []


def test_no_private_name_is_imported_from_another_module() -> None:
    assert private_imports(modules()) == []


def test_no_module_level_mutable_state() -> None:
    assert mutable_globals(modules()) == []


def test_no_module_is_several_modules_in_one() -> None:
    sizes = {module_name(p): len(p.read_text(encoding="utf-8").splitlines()) for p in PACKAGE.rglob("*.py")}
    over = {name: lines for name, lines in sizes.items() if lines > MAX_LINES and name not in LARGE}
    assert over == {}


def test_every_number_a_person_reads_is_spelled_by_text() -> None:
    """Rule 2 of docs/design.md: one spelling per quantity, so no module but text.py formats a number."""
    assert unexempted(number_spellings(modules()), NOT_FOR_PEOPLE) == []


def test_each_exemption_from_rule_2_is_still_needed() -> None:
    found = {without_line(f) for f in number_spellings(modules())}
    assert sorted(set(NOT_FOR_PEOPLE) - found) == []


# --- the checks themselves catch what they are for -----------------------------------------------


def test_the_checks_catch_a_core_module_that_imports_a_view() -> None:
    edges = {"clusterkit.scoring": {"clusterkit.views.scoring"}, "clusterkit.views.scoring": {"clusterkit.scoring"}}
    assert layer_violations(edges) == ["clusterkit.scoring (core) -> clusterkit.views.scoring (views)"]
    assert cycles(edges) == [["clusterkit.scoring", "clusterkit.views.scoring"]]


def test_the_checks_catch_a_renderer_that_reads_a_result() -> None:
    edges = {"clusterkit.render.html": {"clusterkit.report", "clusterkit.views"}}
    assert layer_violations(edges) == ["clusterkit.render.html (render) -> clusterkit.report (core)"]


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("from clusterkit.scoring import _round\n", ["m: from clusterkit.scoring import _round"]),
        ("from clusterkit.scoring import score\n", []),
    ],
)
def test_the_checks_catch_a_private_import(source: str, expected: list[str]) -> None:
    assert private_imports({"m": ast.parse(source)}) == expected


def test_the_checks_catch_module_level_run_state() -> None:
    source = (
        "_NOTES = Notes()\n_CATALOGS: list[int] = []\n_seen: dict[str, int] = {}\n"
        "FORMATS = {'a': 1}\nKINDS = ('a', 'b')\ndef f():\n    global _seen\n"
    )
    assert mutable_globals({"m": ast.parse(source)}) == ["m: _NOTES", "m: _CATALOGS", "m: _seen", "m: global _seen"]


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ('s = f"{x:.1f}"\n', ["m:1: {x:.1f}"]),
        ('s = f"{n:,} bytes"\n', ["m:1: {n:,}"]),
        (
            's = f"{x:g} {y:.0%} {z:+.2f} {w:>5.1f} {v:.{d}f} {u:{spec}}"\n',
            [
                "m:1: {u:{spec}}",
                "m:1: {v:.{d}f}",
                "m:1: {w:>5.1f}",
                "m:1: {x:g}",
                "m:1: {y:.0%}",
                "m:1: {z:+.2f}",
            ],
        ),
        (
            's = format(x, ".2f")\nt = "{:,}".format(n)\nu = "%.1f %%" % x\n',
            [
                "m:1: format(x, '.2f')",
                "m:2: {:,}",
                "m:3: %.1f",
            ],
        ),
        ('T = "{n:d} files"\nu = T.format(n=1)\n', ["m:2: {n:d}"]),
        ('s = f"{x!r} {name:<10} {name:>{width}} {x!r:>12}" + "%s" % x + format(x)\n', []),
    ],
)
def test_the_checks_catch_a_number_spelled_outside_text(source: str, expected: list[str]) -> None:
    assert number_spellings({"m": ast.parse(source)}) == expected


def test_text_py_and_the_allow_list_are_exempt() -> None:
    source = 's = f"{x:.1f}"\nt = f"{c:02x}"\n'
    found = number_spellings({"clusterkit.text": ast.parse(source), "m": ast.parse(source)})
    assert found == ["m:1: {x:.1f}", "m:2: {c:02x}"]
    assert unexempted(found, {"m: {c:02x}": "an escape"}) == ["m:1: {x:.1f}"]
