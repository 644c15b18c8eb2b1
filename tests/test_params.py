"""The plain conversion of parameter values gives what Typer's own conversion gives, for every parameter.

clusterkit converts the common values (defaults, strings, paths, choices) without Typer's pydantic
adapters, which cost more to build than a warm command takes; these tests hold the two to the same
values, the same types and the same errors, so that no command sees a difference.
"""

from __future__ import annotations

import typing
from enum import Enum
from pathlib import Path
from typing import Any

import pytest
import typer.main
from typer._click.core import Context, ParameterSource
from typer._click.exceptions import BadParameter

from clusterkit.cli import app
from clusterkit.cli.app import COMMAND_MODULES
from clusterkit.cli.params import NOT_PLAIN, Argument, Option, plain_value


def all_params() -> list[tuple[str, Any, Any]]:
    """``(command, its context, parameter)`` for every parameter of every command."""
    group = typer.main.get_command(app)
    found = []
    with Context(group, info_name="clusterkit") as root:
        for name in COMMAND_MODULES:
            command = group.get_command(root, name)
            assert command is not None, name
            ctx = Context(command, parent=root, info_name=name)
            for param in command.get_params(ctx):
                if isinstance(param, Option | Argument):
                    found.append((name, ctx, param))
    return found


PARAMS = all_params()


def samples(param: Any, folder: Path) -> list[Any]:
    """Values a user may give the parameter, right and wrong."""
    descriptor = param.type_descriptor
    annotation = descriptor.annotation
    item = typing.get_args(annotation)[0] if descriptor.is_list else annotation
    existing = folder / "there.yaml"
    existing.write_text("kind: cluster\n")
    if item is str:
        values: list[Any] = ["mnc", "", "é ü", "--x"]
    elif item is Path:
        values = [str(existing), str(folder), str(folder / "missing" / "file.html"), "-", "."]
    elif descriptor.is_choice:
        choices = [c.value if isinstance(c, Enum) else c for c in descriptor.choices or ()]
        values = [*choices, *(str(c).upper() for c in choices), "no-such-choice"]
    elif item in (int, float):
        values = ["3", "2.5", "-1", "abc", "1e3"]
    else:
        values = ["1", "yes"]
    if descriptor.is_list:
        return [tuple(values[:2]), tuple(values[:1]), ()]
    return values


def typer_value(param: Any, ctx: Context, value: Any) -> Any:
    """What Typer's own conversion makes of the value, or the message of the error it raises."""
    try:
        return param.get_runtime_param().coerce(value, param=param, ctx=ctx)
    except BadParameter as exc:
        return ("error", exc.format_message())


def same(a: Any, b: Any) -> bool:
    if isinstance(a, list | tuple):
        return type(a) is type(b) and len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    return type(a) is type(b) and a == b


@pytest.mark.parametrize(("command", "ctx", "param"), PARAMS, ids=[f"{c}-{p.name}" for c, _, p in PARAMS])
def test_a_value_given_converts_as_typer_converts_it(tmp_path: Path, command: str, ctx: Context, param: Any) -> None:
    ctx.set_parameter_source(param.name, ParameterSource.COMMANDLINE)
    for value in samples(param, tmp_path):
        expected = typer_value(param, ctx, value)
        try:
            plain = plain_value(param, ctx, value)
        except BadParameter as exc:
            plain = ("error", exc.format_message())
        if plain is not NOT_PLAIN:
            assert same(plain, expected), (command, param.name, value, plain, expected)


@pytest.mark.parametrize(("command", "ctx", "param"), PARAMS, ids=[f"{c}-{p.name}" for c, _, p in PARAMS])
def test_the_default_is_what_typer_makes_of_it(command: str, ctx: Context, param: Any) -> None:
    ctx.set_parameter_source(param.name, ParameterSource.DEFAULT)
    plain = plain_value(param, ctx, param.default)
    assert plain is not NOT_PLAIN, (command, param.name, param.default)
    assert same(plain, typer_value(param, ctx, param.default)), (command, param.name)


def test_the_common_values_need_no_adapter(tmp_path: Path) -> None:
    # What `compare mnc le2c --format json -o out.json -p mine` gives: every value converted plainly.
    converted = {}
    for command, ctx, param in PARAMS:
        if command != "compare" or param.name not in ("subject", "benchmarks", "fmt", "output", "profiles_dir"):
            continue
        ctx.set_parameter_source(param.name, ParameterSource.COMMANDLINE)
        value = {
            "subject": "mnc",
            "benchmarks": ("le2c",),
            "fmt": "json",
            "output": str(tmp_path / "out.json"),
            "profiles_dir": (str(tmp_path),),
        }[param.name]
        converted[param.name] = plain_value(param, ctx, value)
    assert converted == {
        "subject": "mnc",
        "benchmarks": ["le2c"],
        "fmt": "json",
        "output": str(tmp_path / "out.json"),
        "profiles_dir": [tmp_path],
    }
