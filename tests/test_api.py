"""The library as a Python user meets it: the package's names, and the README's example."""

from __future__ import annotations

import importlib
import pkgutil
import re
import types
from pathlib import Path

import pytest

import clusterkit
from clusterkit.render import render

README = Path(__file__).resolve().parents[1] / "README.md"


def test_every_exported_name_is_what_it_says_whatever_was_imported_before() -> None:
    # A submodule imported first must not replace an exported function of the same name.
    for module in pkgutil.walk_packages(clusterkit.__path__, "clusterkit."):
        importlib.import_module(module.name)
    for name in clusterkit.__all__:
        value = getattr(clusterkit, name)
        assert not isinstance(value, types.ModuleType), name


def test_render_refuses_a_result_and_says_how_to_make_a_view() -> None:
    catalog = clusterkit.Catalog()
    scored = clusterkit.score(catalog.cluster("mnc"), catalog.framework("default"))
    with pytest.raises(TypeError, match="view_of"):
        render(scored, "json")  # type: ignore[arg-type]
    assert '"kind": "scores"' in str(render(clusterkit.view_of(scored), "json"))


def test_view_of_refuses_what_is_not_a_result() -> None:
    with pytest.raises(TypeError, match="no view for str"):
        clusterkit.view_of("mnc")  # type: ignore[arg-type]


def test_the_readme_library_example_runs(capsys: pytest.CaptureFixture[str]) -> None:
    text = README.read_text(encoding="utf-8")
    section = text[text.index("### As a library") :]
    code = re.search(r"```python\n(.*?)```", section, re.S)
    assert code is not None
    exec(compile(code.group(1), "README.md", "exec"), {})
    out = capsys.readouterr().out
    first, rest = out.split("\n", 1)
    assert float(first.split()[0]) == pytest.approx(34.87 - 82.74, abs=0.1)  # MNC's overall gap to LE2C
    assert "## Recommendations for mnc, from le2c's practices" in rest
    assert "| Promote systemic action with the local area |" in " ".join(rest.split())
