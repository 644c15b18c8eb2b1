"""The layers of the code, checked from its imports: data flows one way.

    files -> loading -> models -> core -> results -> views -> render -> output

Every module under src/clusterkit is read with ``ast`` (imports inside functions count too, since
a lazy import is still a dependency), and the rules of docs/design.md are checked: which layer may
import which, no import cycle, no private name imported from another module, no module-level
mutable state, and no module grown past the size of one idea.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Mapping
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
    ("clusterkit.models", "base"),
    ("clusterkit.errors", "base"),
    ("clusterkit.text", "text"),
    ("clusterkit.method", "base"),
    ("clusterkit.records", "base"),
)
# What each layer may import (besides itself). The package root only re-exports lazily.
ALLOWED: dict[str, set[str]] = {
    "root": {"text", "base", "loading", "core", "views", "render", "app"},
    "text": set(),
    "base": {"text", "base"},
    "loading": {"text", "base", "loading"},
    "core": {"text", "base", "loading", "core"},
    "views": {"text", "base", "loading", "core", "views"},
    "render": {"text", "views", "render"},
    "app": {"text", "base", "loading", "core", "views", "render", "app"},
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
                    if a.name.startswith("_") and not a.name.endswith("__")
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
