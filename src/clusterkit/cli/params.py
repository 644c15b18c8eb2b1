"""The parameters of the commands: help that tells the truth, in the run's language, and values converted cheaply.

Typer converts every parameter's value through a pydantic adapter that it builds on first use, and
importing pydantic's adapter machinery costs more than a warm command does. A value that needs no
conversion (a parameter left to its default, a string option, a choice given as one of its values, a
path) is converted here as Typer would, with Typer's own helpers; any other value, and every value
that is not right, still goes through Typer, so its messages stay Typer's (``tests/test_params.py``
holds the two conversions to the same results).
"""

from __future__ import annotations

import contextlib
import re
import typing
from collections.abc import Iterator
from enum import Enum
from pathlib import Path
from typing import Any

import typer.core
from typer import _param_types as typer_values
from typer._click.exceptions import MissingParameter

from clusterkit.i18n import N_, _


class HelpText(str):
    """A help text with placeholders: as a ``str`` the English text filled in; :func:`shown_help` fills the
    run's translation of ``template`` with the same ``values``."""

    template: str
    values: dict[str, str]

    def __new__(cls, template: str, **values: str) -> HelpText:
        text = super().__new__(cls, template.format(**values))
        text.template = template
        text.values = values
        return text


# A line break that ends no sentence or clause, within a paragraph.
_SOURCE_WRAP = re.compile(r"(?<![.:;)\n])\n(?!\n)")


def shown_help(text: str | None) -> str | None:
    """A help text in the run's language, when it is shown (Typer fixes help texts when the app is built)."""
    if not text:
        return text
    shown = _(text.template).format(**text.values) if isinstance(text, HelpText) else _(text)
    # NOTE: a line break inside a sentence is only where the source was wrapped; the terminal wraps it anew.
    return _SOURCE_WRAP.sub(" ", shown)


def _get_help(self: Any) -> str | None:
    return shown_help(self.__dict__.get("help"))


def _set_help(self: Any, value: str | None) -> None:
    self.__dict__["help"] = value


# NOTE: a property wins over the instance's attribute, so the help Typer set when it built the app is
# read in the language of the run each time it is shown; the English text stays as it was set.
TRANSLATED_HELP = property(_get_help, _set_help)

# What plain_value returns when only Typer's own conversion can say what a value becomes.
NOT_PLAIN: Any = object()
# The sources of a value that the program itself gave (click's ParameterSource.DEFAULT).
_DEFAULT_SOURCES = ("DEFAULT",)


def _path(value: Any, param: Any, ctx: Any) -> Any:
    """A path as Typer makes it, checks and messages included (Typer needs pydantic only to turn a str into a Path)."""
    info = param.type_descriptor.parameter_info
    if not isinstance(value, str | Path) or info.path_type is not None or info.allow_dash:
        return NOT_PLAIN
    return typer_values.coerce_cli_path(Path(value), info, path_type=Path, param=param, ctx=ctx)


def _leaf(annotation: Any, value: Any, param: Any, ctx: Any) -> Any:
    """One value given on the command line or by the config file, converted as Typer would, or NOT_PLAIN."""
    descriptor = param.type_descriptor
    if annotation is str:
        return value if isinstance(value, str) else NOT_PLAIN
    if annotation is Path:
        return _path(value, param, ctx)
    choice = typer_values.choice_coercion_annotation(annotation, descriptor.parameter_info)
    if choice is not None and isinstance(value, str):
        choices, case_sensitive = choice
        try:
            return typer_values.coerce_cli_choice(value, choices=choices, case_sensitive=case_sensitive, ctx=ctx)
        except ValueError:
            return NOT_PLAIN  # NOTE: Typer words the error
    return NOT_PLAIN


def plain_value(param: Any, ctx: Any, value: Any) -> Any:
    """The value Typer's conversion gives ``value``, when it can be known without pydantic; else NOT_PLAIN."""
    descriptor = param.type_descriptor
    info = descriptor.parameter_info
    if info.parser is not None or descriptor.is_file:
        return NOT_PLAIN
    several = param.multiple or param.nargs == -1
    if value is None:
        return () if several else None
    annotation = descriptor.annotation
    source = ctx.get_parameter_source(param.name)
    if getattr(source, "name", None) in _DEFAULT_SOURCES and value is param.default and not several:
        # NOTE: the program's own default, already of its declared type, is what Typer's conversion returns.
        if type(value) is annotation:
            return value
        if annotation is Path:
            return _path(value, param, ctx)
        if isinstance(annotation, type) and issubclass(annotation, Enum):
            return value if isinstance(value, annotation) else NOT_PLAIN
        choice = typer_values.choice_coercion_annotation(annotation, info)
        return value if choice is not None and value in choice[0] else NOT_PLAIN
    if descriptor.is_tuple or descriptor.is_ranged:
        return NOT_PLAIN
    if descriptor.is_list:
        if several and isinstance(value, tuple | list):
            (item_type,) = typing.get_args(annotation)
            items = [_leaf(item_type, item, param, ctx) for item in value]
            return NOT_PLAIN if any(item is NOT_PLAIN for item in items) else items
        return NOT_PLAIN
    if several:
        return NOT_PLAIN
    return _leaf(annotation, value, param, ctx)


def _process(param: Any, ctx: Any, value: Any, typer_process: Any) -> Any:
    """Typer's ``process_value`` (convert, check it is given, call back), converting plainly where it can."""
    plain = plain_value(param, ctx, value)
    if plain is NOT_PLAIN:
        return typer_process(ctx, value)
    if param.required and param.value_is_missing(plain):
        raise MissingParameter(ctx=ctx, param=param)
    if param.callback is not None:
        plain = param.callback(ctx, param, plain)
    return plain


def _bare(label: str | None) -> str | None:
    """``<ignore|zero>`` -> ``ignore|zero``: choices read as the values they are, not as a Python type."""
    return label[1:-1] if label and label.startswith("<") and label.endswith(">") else label


class Option(typer.core.TyperOption):
    """An option as help shows it (a flag with no value placeholder, a value by its metavar or choices),
    its value converted plainly where it can be."""

    help = TRANSLATED_HELP

    def display_type_rich(self, ctx: Any) -> str | None:
        if self.is_flag or self.count:
            return None
        return _bare(super().display_type_rich(ctx))

    def process_value(self, ctx: Any, value: Any) -> Any:
        return _process(self, ctx, value, super().process_value)


class Argument(typer.core.TyperArgument):
    """An argument as usage lines write it: ``ID``, ``B...``, ``[PATH]...``; help shows choices, not types;
    its value converted plainly where it can be."""

    help = TRANSLATED_HELP

    @property
    def display_name_raw(self) -> str:
        if self.metavar is None:
            return self.name.upper()  # NOTE: Typer adds "..." itself when there is no metavar
        return self.metavar + "..." if self.nargs != 1 else self.metavar

    def display_type_rich(self, ctx: Any) -> str | None:
        return _bare(self.display_type(ctx)) if self.type_descriptor.is_choice else None

    def get_error_hint(self) -> str:
        return f"'{self.metavar or self.name}'"  # NOTE: as Typer words errors ("Missing argument 'B'")

    def get_usage_pieces(self, ctx: Any) -> list[str]:
        name = self.metavar or self.name.upper()
        name = name if self.required else f"[{name}]"
        return [name + "..." if self.nargs != 1 else name]

    def process_value(self, ctx: Any, value: Any) -> Any:
        return _process(self, ctx, value, super().process_value)


# Typer's own words in help, by the names typer.rich_utils reads them from when it draws help.
TYPER_WORDS: dict[str, str] = {
    "ARGUMENTS_PANEL_TITLE": N_("Arguments"),
    "OPTIONS_PANEL_TITLE": N_("Options"),
    "COMMANDS_PANEL_TITLE": N_("Commands"),
    "DEFAULT_STRING": N_("[default: {}]"),
    "REQUIRED_LONG_STRING": N_("[required]"),
    "DEPRECATED_STRING": N_("(deprecated) "),
    "ENVVAR_STRING": N_("[env var: {}]"),
}
USAGE_PREFIX = N_("Usage: ")


@contextlib.contextmanager
def typer_words() -> Iterator[None]:
    """While help is drawn, Typer's own words (panel titles, ``[default: ...]``) in the run's language."""
    from typer import rich_utils

    saved = {name: getattr(rich_utils, name) for name in TYPER_WORDS}
    for name, text in TYPER_WORDS.items():
        setattr(rich_utils, name, _(text))
    try:
        yield
    finally:
        for name, value in saved.items():
            setattr(rich_utils, name, value)


def write_usage(command: Any, ctx: Any, formatter: Any) -> None:
    """The usage line, its ``Usage:`` in the run's language."""
    formatter.write_usage(ctx.command_path, " ".join(command.collect_usage_pieces(ctx)), prefix=_(USAGE_PREFIX))


class Command(typer.core.TyperCommand):
    """A command whose help is shown in the run's language, Typer's own words included."""

    help = TRANSLATED_HELP

    def format_help(self, ctx: Any, formatter: Any) -> None:
        with typer_words():
            super().format_help(ctx, formatter)

    def format_usage(self, ctx: Any, formatter: Any) -> None:
        write_usage(self, ctx, formatter)


def tidy_params(params: list[Any]) -> list[Any]:
    """The parameters as :class:`Option` and :class:`Argument`: help that tells the truth (Typer would print
    ``<bool>``, ``<list[str]>``, ``{A}``), in the run's language, and plain conversion. Never a value changes."""
    for param in params:
        if type(param) is typer.core.TyperOption:
            param.__class__ = Option
        elif type(param) is typer.core.TyperArgument:
            param.__class__ = Argument
        declared = getattr(getattr(param, "type_descriptor", None), "parameter_info", None)
        if isinstance(getattr(declared, "help", None), HelpText):
            # NOTE: Typer cleans a help text into a plain str; the declared one keeps its template to translate.
            param.__dict__["help"] = declared.help  # type: ignore[union-attr]
    return params
