"""The program: its group of commands, where exit codes are decided, and how it is run.

Exit codes: 0 ok; 1 findings (invalid documents in ``validate``, a score under ``--fail-under``);
2 usage errors and input that cannot be read or is invalid. Data goes to stdout, messages to
stderr; no traceback reaches the user unless ``--debug`` is given.
"""

from __future__ import annotations

import contextlib
import os
import sys
from typing import Annotated, Any, NoReturn

import typer
import typer.core

from clusterkit import __version__
from clusterkit.errors import ClusterkitError
from clusterkit.run import Run

HELP = """Assess innovation cluster organisations with cited evidence.

Profiles (YAML) are read from --profiles-dir folders, then CLUSTERKIT_PATH, then the bundled set.
Exit codes: 0 ok, 1 findings (invalid documents, a score under --fail-under), 2 usage or input error.
"""

# Options of the whole program that may stand anywhere on the line (like ruff's global flags).
GLOBAL_FLAGS = ("--debug", "--no-cache")


class Findings(Exception):
    """The command ran and found something the user asked to fail on (exit 1)."""


def _is_click_control(exc: BaseException) -> bool:
    """Usage errors, --help exits and aborts, whether click is vendored by Typer or not."""
    return any(cls.__name__ in ("ClickException", "Exit", "Abort") for cls in type(exc).__mro__)


def _traceback() -> None:
    """--debug: the traceback on stderr, then the same messages and exit code as without it."""
    import traceback

    traceback.print_exc()


def hoist_global_flags(argv: list[str]) -> list[str]:
    """``--debug`` and ``--no-cache`` moved before the command, where the program's options are parsed.

    So ``clusterkit score mnc --debug`` means what ``clusterkit --debug score mnc`` means; anything
    after ``--`` is left alone.
    """
    end = argv.index("--") if "--" in argv else len(argv)
    flags = [a for a in argv[:end] if a in GLOBAL_FLAGS]
    rest = [a for a in argv[:end] if a not in GLOBAL_FLAGS]
    return [*flags, *rest, *argv[end:]]


class ClusterkitGroup(typer.core.TyperGroup):
    """Decides exit codes in one place: findings exit 1, input errors 2, tracebacks only with --debug."""

    def main(self, args: Any = None, *pos: Any, **kwargs: Any) -> Any:
        argv = list(sys.argv[1:] if args is None else args)
        return super().main(hoist_global_flags(argv), *pos, **kwargs)

    def invoke(self, ctx: Any) -> Any:
        ctx.obj = Run()
        try:
            return super().invoke(ctx)
        except Findings:
            ctx.exit(1)
        except ClusterkitError as exc:
            if ctx.obj.debug:
                _traceback()
            for line in exc.lines():
                message(line if exc.problems else f"error: {line}")
            ctx.exit(2)
        except KeyboardInterrupt:
            message("interrupted")
            ctx.exit(130)
        except BrokenPipeError:
            # NOTE: a reader such as `head` closed the pipe; nothing more to say.
            with contextlib.suppress(OSError):
                sys.stdout = open(os.devnull, "w")  # noqa: SIM115
            ctx.exit(0)
        except Exception as exc:
            if _is_click_control(exc):
                raise
            if ctx.obj.debug:
                _traceback()
            message(f"internal error: {type(exc).__name__}: {exc} (run with --debug for a traceback)")
            ctx.exit(2)
        finally:
            ctx.obj.close()
            for note in ctx.obj.notes.items:
                message(note)


app = typer.Typer(
    cls=ClusterkitGroup,
    help=HELP,
    no_args_is_help=True,
    add_completion=True,
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_enable=False,
)


def fail(text: str) -> NoReturn:
    """The one fatal path: a usage or input error (exit 2)."""
    raise ClusterkitError(text)


def message(text: str) -> None:
    """A line for the person at the terminal, on stderr."""
    sys.stderr.write(text + "\n")


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"clusterkit {__version__}\n")
        raise typer.Exit()


@app.callback()
def main(
    ctx: typer.Context,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
    debug: Annotated[
        bool,
        typer.Option("--debug", help="Show Python tracebacks on errors (any position; CLUSTERKIT_DEBUG=1 too)."),
    ] = False,
    no_cache: Annotated[
        bool,
        typer.Option(
            "--no-cache",
            help="Read every profile afresh; neither read nor write the cache (any position; CLUSTERKIT_NO_CACHE=1"
            " too).",
        ),
    ] = False,
) -> None:
    """Assess innovation cluster organisations with cited evidence."""
    run: Run = ctx.obj
    # NOTE: only "1" turns these on, as documented; another value is not an error that stops every command.
    run.debug = debug or os.environ.get("CLUSTERKIT_DEBUG") == "1"
    run.use_cache = not (no_cache or os.environ.get("CLUSTERKIT_NO_CACHE") == "1")


# --- running -------------------------------------------------------------------------------------


def run(argv: list[str] | None = None) -> int:
    """Run the CLI and return the exit code (0 ok, 1 findings, 2 usage or input error)."""
    command = typer.main.get_command(app)
    try:
        command.main(args=argv, prog_name="clusterkit", standalone_mode=True)
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
    return 0
