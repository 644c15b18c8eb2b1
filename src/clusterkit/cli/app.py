"""The program: its group of commands, where exit codes are decided, and how it is run.

Exit codes: 0 ok; 1 findings (invalid documents in ``validate``, a score under ``--fail-under``);
2 usage errors and input that cannot be read or is invalid. Data goes to stdout, messages to
stderr; no traceback reaches the user unless ``--debug`` is given.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import signal
import sys
import threading
from collections.abc import Iterator, Sequence
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
import typer.core
from typer._click.exceptions import UsageError

from clusterkit import __version__
from clusterkit.cli.params import TRANSLATED_HELP, Command, tidy_params, typer_words, write_usage
from clusterkit.config import Config, find_config
from clusterkit.errors import ClusterkitError, Terminated
from clusterkit.i18n import LANGUAGES, N_, _, language_from_environment, use_language
from clusterkit.run import Run

HELP = N_("""Assess innovation cluster organisations with cited evidence.

Profiles (YAML) are read from --profiles-dir folders, then CLUSTERKIT_PATH, then the bundled set;
-p/--profiles-dir, --no-color, -q/--quiet, --lang, --debug and --no-cache may stand before the command or after it.
Defaults may come from the nearest clusterkit.toml (or a tool.clusterkit table in pyproject.toml): `clusterkit config`.
Exit codes: 0 ok, 1 findings (invalid documents, a score under --fail-under), 2 usage or input error.""")
# NOTE: click's own help option says this (in English); marked so that it is shown translated.
HELP_OPTION_HELP = N_("Show this message and exit.")

# Options of the whole program that may stand anywhere on the line (like ruff's global flags).
GLOBAL_FLAGS = ("--debug", "--no-cache", "-q", "--quiet")
GLOBAL_OPTIONS_WITH_VALUE = ("--lang",)

# The variable the shell scripts set to ask for completions (click's protocol: _PROG_COMPLETE).
COMPLETE_VAR = "_CLUSTERKIT_COMPLETE"


class Findings(Exception):
    """The command ran and found something the user asked to fail on (exit 1)."""


def _is_click_control(exc: BaseException) -> bool:
    """Usage errors, --help exits and aborts, whether click is vendored by Typer or not."""
    return any(cls.__name__ in ("ClickException", "Exit", "Abort") for cls in type(exc).__mro__)


def _traceback() -> None:
    """--debug: the traceback on stderr, then the same messages and exit code as without it."""
    import traceback

    traceback.print_exc()


# Options of the commands that may also stand before the command (``clusterkit -p DIR rank``).
COMMAND_OPTIONS_WITH_VALUE = ("-p", "--profiles-dir")
COMMAND_FLAGS = ("--no-color",)


def lower_command_options(argv: list[str]) -> list[str]:
    """``-p DIR`` / ``--profiles-dir DIR`` and ``--no-color`` given before the command moved after it,
    where the command parses them: ``clusterkit -p mine rank`` means ``clusterkit rank -p mine``."""
    moved: list[str] = []
    before: list[str] = []
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg == "--":
            break
        if arg in COMMAND_OPTIONS_WITH_VALUE and i + 1 < len(argv):
            moved += argv[i : i + 2]
            i += 2
            continue
        if arg.startswith("--profiles-dir=") or arg in COMMAND_FLAGS:
            moved.append(arg)
            i += 1
            continue
        if not arg.startswith("-"):  # the command
            return [*before, arg, *moved, *argv[i + 1 :]] if moved else argv
        before.append(arg)
        i += 1
    return argv


def empty_folder_given(argv: list[str]) -> bool:
    """Whether ``-p ''`` (or ``--profiles-dir=``) stands before ``--``."""
    end = argv.index("--") if "--" in argv else len(argv)
    for i, arg in enumerate(argv[:end]):
        if arg in COMMAND_OPTIONS_WITH_VALUE and i + 1 < end and argv[i + 1] == "":
            return True
        if arg in ("--profiles-dir=", "-p="):
            return True
    return False


def hoist_global_flags(argv: list[str]) -> list[str]:
    """``--debug``, ``--no-cache``, ``-q/--quiet`` and ``--lang LANG`` moved before the command, where the program's
    options are parsed.

    So ``clusterkit score mnc --debug`` means what ``clusterkit --debug score mnc`` means; anything
    after ``--`` is left alone.
    """
    end = argv.index("--") if "--" in argv else len(argv)
    flags: list[str] = []
    rest: list[str] = []
    i = 0
    while i < end:
        arg = argv[i]
        if arg in GLOBAL_FLAGS or arg.startswith(tuple(f"{o}=" for o in GLOBAL_OPTIONS_WITH_VALUE)):
            flags.append(arg)
        elif arg in GLOBAL_OPTIONS_WITH_VALUE and i + 1 < end:
            flags += argv[i : i + 2]
            i += 1
        else:
            rest.append(arg)
        i += 1
    return [*flags, *rest, *argv[end:]]


# Every command, in the order help lists them, and the module that defines it: a run imports only the
# module of the command it runs, and builds only that command's parameters.
COMMAND_MODULES: dict[str, str] = {
    "assess": "clusterkit.cli.assess_command",
    **dict.fromkeys(
        ("list", "show", "validate", "schema", "score", "rank", "compare", "audit", "new", "report"),
        "clusterkit.cli.commands",
    ),
    "config": "clusterkit.cli.config_command",
    "framework": "clusterkit.cli.framework_command",
    "history": "clusterkit.cli.history_command",
    "questionnaire": "clusterkit.cli.intake_commands",
    "import": "clusterkit.cli.intake_commands",
    "references": "clusterkit.cli.references_command",
    "sensitivity": "clusterkit.cli.uncertainty_commands",
    "label": "clusterkit.cli.uncertainty_commands",
}

# The kind of view each command draws, so the config file's `format` is set only where it can be drawn.
COMMAND_KINDS: dict[str, str] = {
    "list": "clusters",
    "show": "cluster",
    "validate": "validation",
    "score": "scores",
    "rank": "ranking",
    "compare": "comparison",
    "audit": "audit",
    "sensitivity": "sensitivity",
    "label": "label",
    "report": "report",
    "framework": "framework",
    "history": "history",
    "references": "references",
}
# Config keys -> the parameter each sets, in every command that has it.
CONFIG_PARAMS: dict[str, str] = {
    "profiles_dir": "profiles_dir",
    "framework": "framework",
    "min_coverage": "min_coverage",
    "fail_under": "fail_under",
    "format": "fmt",
}
CONFIG_META = "clusterkit.config"
CONFIG_LANG = "clusterkit.config.lang"


def load_config(ctx: Any) -> Config:
    """The config file in force for this run (read once, kept in the context's meta)."""
    if CONFIG_META not in ctx.meta:
        from clusterkit.render import FORMATS

        try:
            here = Path.cwd()
        except OSError:  # NOTE: the working folder was deleted under the command: no config file to find
            here = None
        ctx.meta[CONFIG_META] = find_config(here, tuple(FORMATS)) if here is not None else Config()
    config: Config = ctx.meta[CONFIG_META]
    return config


def config_defaults(name: str, command: Any, ctx: Any, args: list[str]) -> dict[str, Any]:
    """The option defaults the config file gives ``command``: click's ``default_map`` for it.

    ``format`` is set only for a command that can draw it, and yields to the suffix of ``-o FILE``
    (``args``, the command's arguments) as the command's own default does.
    """
    config = load_config(ctx)
    params = {param.name for param in command.params}
    defaults: dict[str, Any] = {}
    for key, param in CONFIG_PARAMS.items():
        value = config.value(key)
        if value is None or param not in params:
            continue
        if key == "format":
            from clusterkit.render import formats_for

            kind = COMMAND_KINDS.get(name)
            if kind is None or value not in formats_for(kind):
                continue
            # NOTE: as without a config, the suffix of `-o r.html` chooses before any default.
            if not output_suffix(args):
                defaults[param] = value
        else:
            defaults[param] = value
    return defaults


def output_suffix(args: list[str]) -> str:
    """The suffix of the ``-o/--output FILE`` a command's arguments give ('' when none)."""
    end = args.index("--") if "--" in args else len(args)
    found = ""
    for i, arg in enumerate(args[:end]):
        if arg in ("-o", "--output") and i + 1 < end:
            found = args[i + 1]
        elif arg.startswith("--output="):
            found = arg.split("=", 1)[1]
        elif arg.startswith("-o") and not arg.startswith("--") and len(arg) > 2:
            found = arg[2:]
    return Path(found).suffix if found and found != "-" else ""


# The signals whose arrival ends a run: SIGINT as KeyboardInterrupt, the others as Terminated.
CATCHABLE_SIGNALS: tuple[str, ...] = ("SIGHUP", "SIGINT", "SIGQUIT", "SIGTERM", "SIGUSR1", "SIGUSR2", "SIGALRM")


@contextlib.contextmanager
def signals_end_the_run() -> Iterator[None]:
    """While a command runs, a catchable signal (SIGTERM, SIGHUP...) raises :class:`Terminated`, which unwinds
    the run as Ctrl-C does: a file being written is removed, and the program exits 128 + N.

    A signal the caller ignores (``nohup`` ignores SIGHUP) stays ignored; SIGINT keeps Python's
    KeyboardInterrupt. Signals can be handled only in the main thread; elsewhere nothing changes.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum: int, _frame: object) -> None:
        raise Terminated(signum)

    previous: dict[signal.Signals, Any] = {}
    for name in CATCHABLE_SIGNALS:
        number = getattr(signal, name, None)
        if number is None or name == "SIGINT" or signal.getsignal(number) is not signal.SIG_DFL:
            continue
        previous[number] = signal.signal(number, stop)
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


class ClusterkitGroup(typer.core.TyperGroup):
    """Decides exit codes in one place: findings exit 1, input errors 2, tracebacks only with --debug.

    Its help and its commands' help name values by what they mean (``ID``, ``FILE``), never by a
    Python type.
    """

    help = TRANSLATED_HELP

    def format_help(self, ctx: Any, formatter: Any) -> None:
        with typer_words():
            super().format_help(ctx, formatter)

    def format_usage(self, ctx: Any, formatter: Any) -> None:
        write_usage(self, ctx, formatter)

    def get_params(self, ctx: Any) -> list[Any]:
        return tidy_params(super().get_params(ctx))

    def list_commands(self, ctx: Any) -> list[str]:
        return list(COMMAND_MODULES)

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        command = super().get_command(ctx, cmd_name) or self._build(cmd_name)
        if command is not None:
            if type(command) is typer.core.TyperCommand:
                command.__class__ = Command
            tidy_params(command.get_params(ctx))  # NOTE: includes the help option, made on first use
        return command

    def _build(self, cmd_name: str) -> Any:
        """The command of this name, its module imported and only its parameters built (None: no such command)."""
        module = COMMAND_MODULES.get(cmd_name)
        if module is None:
            return None
        importlib.import_module(module)
        for info in app.registered_commands:
            named = info.name or (typer.main.get_command_name(info.callback.__name__) if info.callback else None)
            if named == cmd_name:
                command = typer.main.get_command_from_info(
                    info, pretty_exceptions_short=app.pretty_exceptions_short, rich_markup_mode=app.rich_markup_mode
                )
                self.add_command(command, cmd_name)
                return command
        return None

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        try:
            name, command, rest = super().resolve_command(ctx, args)
        except UsageError as exc:
            # NOTE: Typer suggests among the commands built so far; every command is a candidate.
            import difflib  # NOTE: only a mistake needs it

            close = difflib.get_close_matches(args[0], self.list_commands(ctx)) if args else []
            if close and "Did you mean" not in exc.message:
                exc.message = exc.message.rstrip(".") + ". Did you mean " + ", ".join(map(repr, close)) + "?"
            raise
        # NOTE: completion parses resiliently, and help shows each option's own default: neither
        # reads the config file, so neither fails on a broken one.
        asks_help = any(arg in ("-h", "--help") for arg in rest[: rest.index("--") if "--" in rest else len(rest)])
        if name is not None and command is not None and not ctx.resilient_parsing and not asks_help:
            ctx.default_map = {name: config_defaults(name, command, ctx, rest)}
            # NOTE: resolved before the program's options are handled, which read the language from here.
            ctx.meta[CONFIG_LANG] = load_config(ctx).value("lang")
        return name, command, rest

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **kwargs: Any,
    ) -> Any:
        argv = hoist_global_flags(lower_command_options(list(sys.argv[1:] if args is None else args)))
        if standalone_mode and empty_folder_given(argv):
            # NOTE: click turns '' into Path('.'), which would silently read the working folder.
            message(_("clusterkit: error: -p/--profiles-dir needs a folder name, not an empty one"))
            sys.exit(2)
        if os.environ.get(COMPLETE_VAR):
            from clusterkit.cli.completion import register_shells

            register_shells()
        # NOTE: help and errors met before the program's options are handled (``clusterkit --help``, a
        # broken config file) speak the language --lang or the locale asks for; the run then sets its own.
        with use_language(early_language(argv)):
            return self._main(argv, prog_name, complete_var, standalone_mode, windows_expand_args, **kwargs)

    def _main(
        self,
        argv: list[str],
        prog_name: str | None,
        complete_var: str | None,
        standalone_mode: bool,
        windows_expand_args: bool,
        **kwargs: Any,
    ) -> Any:
        if not standalone_mode:
            return super().main(argv, prog_name, complete_var, False, windows_expand_args, **kwargs)
        # NOTE: click's errors are caught here, not by Typer, which draws them in a box that a narrow
        # terminal breaks over many lines: a usage error is one plain line that grep and a log can hold.
        try:
            code = super().main(argv, prog_name, complete_var, False, windows_expand_args, **kwargs)
        except Exception as exc:
            kinds = {cls.__name__ for cls in type(exc).__mro__}
            if "ClickException" in kinds:
                message(usage_error(exc))
                sys.exit(exc.exit_code)  # type: ignore[attr-defined]
            if "Abort" in kinds:
                message(_("clusterkit: aborted"))
                sys.exit(1)
            raise
        except SystemExit as exc:
            if reader_left(exc):  # NOTE: `clusterkit --help | head`
                sys.exit(0)
            raise
        sys.exit(code if isinstance(code, int) else 0)

    def invoke(self, ctx: Any) -> Any:
        ctx.obj = Run()
        try:
            with signals_end_the_run():
                return super().invoke(ctx)
        except Terminated as exc:
            message(_("clusterkit: stopped by {signal}").format(signal=signal.Signals(exc.signum).name))
            ctx.exit(128 + exc.signum)
        except Findings:
            ctx.exit(1)
        except ClusterkitError as exc:
            if ctx.obj.debug:
                _traceback()
            for line in exc.lines():
                message(line if exc.problems else _("error: {message}").format(message=line))
            ctx.exit(2)
        except KeyboardInterrupt:
            message(_("interrupted"))
            ctx.exit(130)
        except BrokenPipeError:
            # NOTE: a reader such as `head` closed the pipe; nothing more to say.
            with contextlib.suppress(OSError):
                sys.stdout = open(os.devnull, "w")  # noqa: SIM115
            ctx.exit(0)
        except SystemExit as exc:
            if reader_left(exc):  # NOTE: `clusterkit score --help | head`
                ctx.exit(0)
            raise
        except Exception as exc:
            if _is_click_control(exc):
                raise
            if ctx.obj.debug:
                _traceback()
            for line in internal_error(exc, f"clusterkit {ctx.invoked_subcommand or ''}".strip()):
                message(line)
            ctx.exit(2)
        finally:
            ctx.obj.close()
            if not ctx.obj.quiet:
                for note in ctx.obj.notes.items:
                    message(note)


app = typer.Typer(
    cls=ClusterkitGroup,
    help=HELP,
    no_args_is_help=True,
    # NOTE: Typer's own completion flags ignore a shell named after them and guess the one they run in.
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_enable=False,
)


def early_language(argv: Sequence[str]) -> str:
    """The language ``--lang`` asks for on the command line, else the locale's: what is shown before the
    program's options are handled speaks it."""
    end = list(argv).index("--") if "--" in argv else len(argv)
    for i, arg in enumerate(argv[:end]):
        value = (
            arg.split("=", 1)[1]
            if arg.startswith("--lang=")
            else argv[i + 1]
            if arg == "--lang" and i + 1 < end
            else None
        )
        if value in LANGUAGES:
            return value
    return language_from_environment(os.environ)


def reader_left(exc: SystemExit) -> bool:
    """Whether rich ended the run because the reader closed the pipe while help was drawn (it exits 1 then,
    where a closed pipe is no error for clusterkit)."""
    return exc.code == 1 and isinstance(exc.__context__, BrokenPipeError)


def usage_error(exc: Any) -> str:
    """A usage error as plain lines: the usage, then ``clusterkit score: error: No such option: --x (try
    'clusterkit score --help')``; another click error as its one line."""
    ctx = getattr(exc, "ctx", None)
    where = ctx.command_path if ctx is not None else "clusterkit"
    # NOTE: Typer words a wrong choice "Value error, 'de' is not one of ..."; the first two words say nothing.
    text = " ".join(exc.format_message().split()).replace("Value error, ", "")
    usage = any(cls.__name__ == "UsageError" for cls in type(exc).__mro__) and ctx is not None
    hint = _(" (try '{command} --help')").format(command=where) if usage else ""
    line = _("{where}: error: {message}").format(where=where, message=text) + hint
    # NOTE: as argparse does, the usage line first, so the reader sees what the command expects.
    return f"{' '.join(ctx.get_usage().split())}\n{line}" if usage and ctx is not None else line


def internal_error(exc: BaseException, operation: str) -> list[str]:
    """What a bug says: the operation, the file and line of clusterkit's code where it failed, the error, and
    a request to report it (``--debug`` shows the traceback)."""
    import traceback

    package = Path(__file__).resolve().parent.parent
    where = ""
    for frame in traceback.extract_tb(exc.__traceback__):
        path = Path(frame.filename)
        if path.is_relative_to(package):
            where = f"{path.relative_to(package.parent).as_posix()}:{frame.lineno} ({frame.name})"
    first = _("internal error in {operation!r}, at {where}: {error}: {message}").format(
        operation=operation, where=where or "?", error=type(exc).__name__, message=exc
    )
    ask = _(
        "this is a bug in clusterkit {version}: please report it with the command line and the output of the"
        " same command run with --debug"
    ).format(version=__version__)
    return [first, ask]


def fail(text: str) -> NoReturn:
    """The one fatal path: a usage or input error (exit 2)."""
    raise ClusterkitError(text)


def message(text: str) -> None:
    """A line for the person at the terminal, on stderr (nothing when stderr is closed: ``2>&-``)."""
    if sys.stderr is None:
        return
    with contextlib.suppress(OSError):
        sys.stderr.write(text + "\n")


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"clusterkit {__version__}\n")
        raise typer.Exit()


class Language(str, Enum):
    en = "en"
    fr = "fr"


class Shell(str, Enum):
    bash = "bash"
    zsh = "zsh"
    fish = "fish"
    powershell = "powershell"
    pwsh = "pwsh"


def _show_completion(value: Shell | None) -> None:
    if value is not None:
        from clusterkit.cli.completion import completion_script

        sys.stdout.write(completion_script(value.value, COMPLETE_VAR) + "\n")
        raise typer.Exit()


def _install_completion(value: Shell | None) -> None:
    if value is not None:
        from clusterkit.cli.completion import install_script

        path = install_script(value.value, COMPLETE_VAR)
        message(
            _("wrote {shell} completion to {file}; it takes effect in a new shell").format(shell=value.value, file=path)
        )
        raise typer.Exit()


@app.callback()
def main(
    ctx: typer.Context,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help=N_("Print the version and exit."))
    ] = False,
    debug: Annotated[
        bool,
        typer.Option("--debug", help=N_("Show Python tracebacks on errors (any position; CLUSTERKIT_DEBUG=1 too).")),
    ] = False,
    show_completion: Annotated[
        Shell | None,
        typer.Option(
            "--show-completion",
            metavar="SHELL",
            callback=_show_completion,
            is_eager=True,
            expose_value=False,
            help=N_("Print the completion script for SHELL (bash, zsh, fish, powershell, pwsh), to source or save."),
        ),
    ] = None,
    install_completion: Annotated[
        Shell | None,
        typer.Option(
            "--install-completion",
            metavar="SHELL",
            callback=_install_completion,
            is_eager=True,
            expose_value=False,
            help=N_("Install completion for SHELL in your home folder (its start-up file loads it)."),
        ),
    ] = None,
    quiet: Annotated[
        bool,
        typer.Option("-q", "--quiet", help=N_("No notes and no progress on stderr; errors still show (any position).")),
    ] = False,
    lang: Annotated[
        Language | None,
        typer.Option(
            "--lang",
            metavar="LANG",
            help=N_(
                "Language of what people read: en or fr (any position; default: the config file's lang, else"
                " LC_ALL, LC_MESSAGES or LANG, else English). JSON keys, ids and numbers do not change."
            ),
        ),
    ] = None,
    no_cache: Annotated[
        bool,
        typer.Option(
            "--no-cache",
            help=N_(
                "Read every profile afresh; neither read nor write the cache (any position; CLUSTERKIT_NO_CACHE=1 too)."
            ),
        ),
    ] = False,
) -> None:
    """Assess innovation cluster organisations with cited evidence."""
    run: Run = ctx.obj
    # NOTE: only "1" turns these on, as documented; another value is not an error that stops every command.
    run.debug = debug or os.environ.get("CLUSTERKIT_DEBUG") == "1"
    run.use_cache = not (no_cache or os.environ.get("CLUSTERKIT_NO_CACHE") == "1")
    run.quiet = quiet
    if lang is not None:
        run.language_origin = "--lang"
    configured = ctx.meta.get(CONFIG_LANG)
    run.language = lang.value if lang is not None else configured or language_from_environment(os.environ)
    run.enter(use_language(run.language))


# --- running -------------------------------------------------------------------------------------


def run(argv: list[str] | None = None) -> int:
    """Run the CLI and return the exit code (0 ok, 1 findings, 2 usage or input error)."""
    try:
        command = typer.main.get_command(app)
        command.main(args=argv, prog_name="clusterkit", standalone_mode=True)
    except KeyboardInterrupt:
        # NOTE: Ctrl-C before the command started (while its options are built): nothing to undo.
        return 130
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
    return 0
