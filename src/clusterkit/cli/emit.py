"""Choosing the output format and writing a view: to stdout, or atomically to a file; progress on stderr."""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from clusterkit.cli.app import fail, message
from clusterkit.i18n import _
from clusterkit.render import FORMATS, RenderError, default_format, format_of_suffix, formats_for
from clusterkit.run import Run

if TYPE_CHECKING:
    from clusterkit.views import View


def output_format(output: str | None, fmt: str | None, kind: str) -> str:
    """``--format`` if given, else the output file's suffix (an unknown one is an error), else the kind's default."""
    allowed = formats_for(kind)
    default = default_format(kind)
    chosen = fmt or default
    if not fmt and output:
        suffix = Path(output).suffix.lower()
        # NOTE: `-o r.pdf` would otherwise get table text under a name that promises a PDF.
        chosen = (format_of_suffix(suffix) or suffix[1:]) if suffix else default
    if chosen not in FORMATS:
        fail(_("unknown format {name}; choose one of: {choices}").format(name=repr(chosen), choices=", ".join(allowed)))
    if chosen not in allowed:
        fail(
            _("format {name} is not available here; choose one of: {choices}").format(
                name=repr(chosen), choices=", ".join(allowed)
            )
        )
    return chosen


def table_format(chosen: str, table: str | None) -> None:
    """Refuse ``--table`` with any format but CSV, which alone writes a single table."""
    if table is not None and chosen != "csv":
        fail(
            _(
                "--table chooses the table CSV writes; use it with --format csv (or -o FILE.csv), not with {name}"
            ).format(name=chosen)
        )


def table_name(view: View, table: str | None) -> None:
    """Refuse a ``--table`` name the view has no table of, listing the names it has."""
    names = [t.name for t in view.tables]
    if table is not None and table not in names:
        fail(
            _("unknown table {name} for --table; choose one of: {choices}").format(
                name=repr(table), choices=", ".join(names)
            )
        )


def emit(
    run: Run,
    view: View,
    fmt: str | None,
    output: str | None,
    timestamp: str | None = None,
    table: str | None = None,
) -> None:
    """Draw a view in the chosen format and write it to stdout or, atomically, to a file.

    ``table`` names the one table CSV writes (None: the primary one); a wrong name, or a name with
    another format, is a usage error before anything is written. A binary format (a workbook) goes
    to a file or a pipe as its bytes, and never to a terminal, where it would show as garbage and
    could drive the terminal.
    """
    from clusterkit.render import RenderOptions, render

    chosen = output_format(output, fmt, view.kind)
    table_format(chosen, table)
    table_name(view, table)
    if output is None and sys.stdout is None:
        fail(_("cannot write the output: standard output is closed; give -o FILE"))
    to_terminal = output is None and sys.stdout.isatty()
    spec = FORMATS[chosen]
    if spec.binary and (to_terminal or (output is not None and is_terminal(output))):
        fail(
            _("the {name} format is binary; write it to a file with -o {file}").format(
                name=chosen, file=f"FILE{spec.suffixes[0]}"
            )
        )
    # NOTE: per no-color.org, only a non-empty NO_COLOR turns colour off.
    color = to_terminal and chosen == "table" and not run.no_color and not os.environ.get("NO_COLOR")
    width = output_width(to_terminal)
    try:
        drawn = render(view, chosen, RenderOptions(color=color, width=max(60, width), timestamp=timestamp, table=table))
    except RenderError as exc:  # a renderer that needs a program the machine lacks (Chromium for a PDF)
        fail(str(exc))
    data = drawn if isinstance(drawn, bytes) else _encodable(drawn)
    if output is None:
        write_stdout(data)
        return
    from clusterkit.output import write_atomic

    write_atomic(output, data, run.files_read())
    message(_("wrote {file}").format(file=output))


# Characters of the terminal drawing and of typography, as plain ones for an output encoding that lacks them.
PLAIN_CHARACTERS: dict[int, str] = {
    ord(k): v
    for k, v in {
        "█": "#",
        "░": ".",
        "─": "-",
        "━": "-",
        "│": "|",
        "╭": "+",
        "╮": "+",
        "╰": "+",
        "╯": "+",
        "…": "...",
        "—": "-",
        "–": "-",
        "’": "'",
        "‘": "'",
        "“": '"',
        "”": '"',
        "±": "+/-",
        "→": "->",
        "≥": ">=",
        "≤": "<=",
        "\u00a0": " ",
        "\u202f": " ",
        "×": "x",
        "·": "-",
        "«": '"',
        "»": '"',
    }.items()
}


def write_stdout(data: str | bytes) -> None:
    """Write the output to stdout: a failure to write (a full disk, a closed descriptor) is an error that
    says so (exit 2), and text the stream's encoding cannot hold is written in plain characters."""
    from clusterkit.errors import ClusterkitError

    try:
        if isinstance(data, bytes):
            sys.stdout.flush()
            sys.stdout.buffer.write(data)
            sys.stdout.buffer.flush()
        else:
            sys.stdout.write(_in_encoding(data, sys.stdout.encoding))
            sys.stdout.flush()
    except BrokenPipeError:
        raise
    except OSError as exc:
        _silence_stdout()
        raise ClusterkitError(
            _("cannot write to standard output: {reason}").format(reason=exc.strerror or exc)
        ) from None


def _in_encoding(text: str, encoding: str | None) -> str:
    """``text`` as the stream's encoding can hold it: drawing characters as plain ones, anything else as
    a ``\\xe9`` escape (never an error in the middle of the output)."""
    if not encoding:
        return text
    try:
        text.encode(encoding)
    except UnicodeEncodeError:
        plain = text.translate(PLAIN_CHARACTERS)
        return plain.encode(encoding, "backslashreplace").decode(encoding)
    except LookupError:
        return text
    return text


def _silence_stdout() -> None:
    """Point stdout at /dev/null, so that the interpreter's last flush of what is buffered cannot fail again."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)


def is_terminal(path: str) -> bool:
    """Whether ``path`` names a terminal (``-o /dev/tty``, ``-o /dev/stdout`` on a terminal)."""
    try:
        # NOTE: only a character device is opened to ask: opening a named pipe and closing it
        # again would end the reader at the other end before the real write.
        if not stat.S_ISCHR(os.stat(path).st_mode):
            return False
        fd = os.open(path, os.O_WRONLY | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return False  # not there (a new file), or not writable: write_atomic says why
    try:
        return os.isatty(fd)
    finally:
        os.close(fd)


def _encodable(text: str) -> str:
    """Lone surrogates (undecodable bytes of file names) as '\\udcff', the same on stdout and in a file.

    Written as is they make stdout invalid UTF-8 (or fail under a strict locale); in JSON the escape
    reads back as the same name.
    """
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", "backslashreplace").decode("utf-8")
    return text


@contextlib.contextmanager
def progress(label: str, quiet: bool = False, unit: str | None = None) -> Iterator[Callable[[int, int], None] | None]:
    """A progress bar on stderr for long work, shown only on a terminal, after half a second, unless ``quiet``.

    Yields ``update(done, total)``, or None when nothing is shown; with ``unit`` the bar also reads
    "9,000/20,000 draws". The bar is erased when the work ends.
    """
    if quiet or sys.stderr is None or not sys.stderr.isatty():
        yield None
        return
    import time

    start = time.monotonic()
    state: dict[str, Any] = {}

    def update(done: int, total: int) -> None:
        if "bar" not in state:
            # NOTE: none is started once the work is done: drawn at 100 % only to be erased, it would flicker.
            if done >= total or time.monotonic() - start < 0.5:
                return
            state["bar"], state["task"] = _bar(label, total, unit)
        state["bar"].update(state["task"], completed=done, total=total, counts=_counts(done, total, unit))

    try:
        yield update
    finally:
        if "bar" in state:
            state["bar"].stop()


def _counts(done: int, total: int, unit: str | None) -> str:
    """ "9,000/20,000 draws" ("" without a unit)."""
    from clusterkit import text

    return f"{text.number(done)}/{text.number(total)} {unit}" if unit else ""


def _bar(label: str, total: int, unit: str | None) -> tuple[Any, Any]:
    """A started rich progress bar on stderr fitted to the terminal's width, and its one task."""
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeRemainingColumn

    console = Console(stderr=True)
    # NOTE: beside the bar, one space apart: the label, "100%", the widest counts and "0:00:00";
    # on a terminal too narrow for a bar of 10, the counts go.
    beside = len(label) + 1 + 5 + 8
    counts_width = len(_counts(total, total, unit)) + 1 if unit else 0
    counts = [TextColumn("{task.fields[counts]}")] if unit and console.width - beside - counts_width > 10 else []
    width = max(10, min(40, console.width - beside - (counts_width if counts else 0) - 1))
    # NOTE: stdout is never redirected: the result written after the bar must reach stdout as it is.
    bar = Progress(
        TextColumn("{task.description}"),
        BarColumn(bar_width=width),
        TaskProgressColumn(),
        *counts,
        TimeRemainingColumn(),
        console=console,
        transient=True,
        redirect_stdout=False,
    )
    bar.start()
    return bar, bar.add_task(label, total=total, counts=_counts(0, total, unit))


def output_width(to_terminal: bool) -> int:
    """The width text output is laid out to: the terminal's, else COLUMNS when it is a whole number, else 100."""
    return shutil.get_terminal_size((100, 24)).columns if to_terminal else _columns()


def _columns(default: int = 100) -> int:
    """The width of a table written to a pipe or file: COLUMNS when it is a whole number, else 100."""
    value = os.environ.get("COLUMNS", "").strip()
    return int(value) if value.isascii() and value.isdigit() else default
