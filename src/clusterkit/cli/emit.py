"""Choosing the output format and writing a view: to stdout, or atomically to a file; progress on stderr."""

from __future__ import annotations

import contextlib
import os
import shutil
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from clusterkit.cli.app import fail, message
from clusterkit.render import FORMATS, default_format, format_of_suffix, formats_for
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
        fail(f"unknown format {chosen!r}; choose one of: {', '.join(allowed)}")
    if chosen not in allowed:
        fail(f"format {chosen!r} is not available here; choose one of: {', '.join(allowed)}")
    return chosen


def emit(run: Run, view: View, fmt: str | None, output: str | None, timestamp: str | None = None) -> None:
    """Draw a view in the chosen format and write it to stdout or, atomically, to a file."""
    from clusterkit.render import RenderOptions, render

    chosen = output_format(output, fmt, view.kind)
    to_terminal = output is None and sys.stdout.isatty()
    # NOTE: per no-color.org, only a non-empty NO_COLOR turns colour off.
    color = to_terminal and chosen == "table" and not run.no_color and not os.environ.get("NO_COLOR")
    width = shutil.get_terminal_size((100, 24)).columns if to_terminal else int(os.environ.get("COLUMNS", "100") or 100)
    text = _encodable(render(view, chosen, RenderOptions(color=color, width=max(60, width), timestamp=timestamp)))
    if output is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    from clusterkit.output import write_atomic

    write_atomic(output, text, run.files_read())
    message(f"wrote {output}")


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
def progress(label: str) -> Iterator[Callable[[int, int], None] | None]:
    """A progress bar on stderr for long loads, shown only on a terminal and after half a second."""
    if not sys.stderr.isatty():
        yield None
        return
    import time

    start = time.monotonic()
    state: dict[str, Any] = {}

    def update(done: int, total: int) -> None:
        if "bar" not in state:
            if time.monotonic() - start < 0.5:
                return
            from rich.progress import Progress

            bar = Progress(transient=True, console=None)
            bar.start()
            state["bar"], state["task"] = bar, bar.add_task(label, total=total)
        state["bar"].update(state["task"], completed=done, total=total)

    try:
        yield update
    finally:
        if "bar" in state:
            state["bar"].stop()
