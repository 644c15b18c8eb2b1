"""PDF: the HTML page of a report, printed by headless Chromium, with page numbers.

The page is written to a temporary folder (removed afterwards, whatever happens) and printed with
Chromium's ``--print-to-pdf``; the page numbers come from the style sheet's ``@page`` margin boxes,
so Chromium's own header and footer (a date and a file path) are turned off. Chromium is
``CLUSTERKIT_CHROMIUM`` if set, else the first of :data:`CANDIDATES` on the ``PATH``. Without a
timestamp the dates Chromium stamps in the file are pinned, so the same view gives the same bytes.
"""

from __future__ import annotations

import contextlib
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING

from clusterkit import text as spell
from clusterkit.i18n import N_, _
from clusterkit.render import RenderError, RenderOptions
from clusterkit.views import View

if TYPE_CHECKING:
    import subprocess

ENV = "CLUSTERKIT_CHROMIUM"
CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
INSTALL = N_("install chromium (Debian: apt install chromium) or set {variable} to its path")
# Seconds Chromium may take to print a page that loads nothing and runs no script.
TIMEOUT = 120
FLAGS = (
    "--headless",
    "--disable-gpu",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-default-apps",
    "--disable-extensions",
    "--disable-sync",
    "--mute-audio",
    "--no-pdf-header-footer",
)
# The document dates of the PDF's info dictionary; replaced by one of the same length, so every
# offset in the file stays right.
DATE = re.compile(rb"/(CreationDate|ModDate) \(D:\d{14}[^)]{0,8}\)")
EPOCH = "D:19700101000000+00'00'"


def chromium() -> str:
    """The Chromium program to print with; RenderError, saying what to install, when there is none."""
    import shutil

    chosen = os.environ.get(ENV, "").strip()
    if chosen:
        found = shutil.which(chosen)
        if found is None:
            raise RenderError(
                _("no Chromium found at {variable}={path}: {install}").format(
                    variable=ENV, path=chosen, install=_install()
                )
            )
        return found
    for name in CANDIDATES:
        found = shutil.which(name)
        if found is not None:
            return found
    raise RenderError(_("no Chromium found: {install}").format(install=_install()))


def _install() -> str:
    return _(INSTALL).format(variable=ENV)


def render(view: View, options: RenderOptions) -> bytes:
    """The PDF of the view's HTML page."""
    import tempfile

    from clusterkit.render import html

    program = chromium()
    page = html.render(view, options)
    # NOTE: Chromium's own temporary files (the folder of its singleton socket, which it removes only
    # when it ends normally) go to a folder of their own beside where it would put them, removed after.
    with (
        tempfile.TemporaryDirectory(prefix="clusterkit-pdf-") as folder,
        tempfile.TemporaryDirectory(prefix="ck", dir=_chromium_temp(), ignore_cleanup_errors=True) as scratch,
    ):
        where = Path(folder)
        source, target = where / "report.html", where / "report.pdf"
        source.write_text(page, encoding="utf-8")
        # NOTE: headless Chromium now and then dies of a signal as it starts on a loaded machine (exit -6):
        # such a crash is tried once more, with a profile folder of its own; any other failure is said.
        for attempt in range(2):
            command = [
                program,
                *FLAGS,
                *_sandbox(),
                f"--user-data-dir={where / f'profile-{attempt}'}",
                f"--crash-dumps-dir={where / 'crashes'}",
                f"--print-to-pdf={target}",
                source.as_uri(),
            ]
            code, err = _print(program, command, where, Path(scratch))
            if code >= 0 or target.is_file():
                break
        data = target.read_bytes() if target.is_file() else b""
        if code != 0 or not data.startswith(b"%PDF"):
            raise RenderError(
                _("Chromium ({program}) printed no PDF (exit {code}){last}").format(
                    program=program, code=code, last=_last_line(err)
                )
            )
    return data if options.timestamp else pin_dates(data)


def _print(program: str, command: list[str], folder: Path, scratch: Path) -> tuple[int, bytes]:
    """Run Chromium to print the page; its exit code and what it said on stderr."""
    import subprocess

    try:
        # NOTE: in a session of its own, so that Chromium and every process it starts can be
        # stopped together when the run is (a signal, Ctrl-C) and nothing keeps writing in ``folder``.
        process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            cwd=folder,
            env=_environment(folder, scratch),
            start_new_session=hasattr(os, "killpg"),
        )
    except OSError as exc:
        raise RenderError(
            _("Chromium ({program}) could not be run: {reason}; {install}").format(
                program=program, reason=exc.strerror or exc, install=_install()
            )
        ) from None
    with process:
        try:
            _out, err = process.communicate(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            _stop(process)
            raise RenderError(
                _("Chromium ({program}) did not print the page within {seconds} seconds").format(
                    program=program, seconds=spell.number(TIMEOUT)
                )
            ) from None
        except BaseException:
            _stop(process)
            raise
    return process.returncode, err


def pin_dates(data: bytes) -> bytes:
    """The PDF with its creation and modification dates set to the Unix epoch (same length, same offsets)."""

    def fixed(match: re.Match[bytes]) -> bytes:
        date = EPOCH.encode("ascii")
        inner = match.group(0)[len(match.group(1)) + 3 : -1]
        if len(inner) != len(date):
            return match.group(0)  # NOTE: another date form; left as is rather than shift the offsets
        return b"/" + match.group(1) + b" (" + date + b")"

    return DATE.sub(fixed, data)


def _sandbox() -> tuple[str, ...]:
    # NOTE: Chromium refuses to start as root with its sandbox; the page loads nothing and runs no script.
    geteuid = getattr(os, "geteuid", None)
    return ("--no-sandbox",) if geteuid is not None and geteuid() == 0 else ()


def _environment(folder: Path, scratch: Path) -> dict[str, str]:
    """Chromium's environment: the caller's, with its config and cache in ``folder``, its TMPDIR ``scratch``."""
    env = dict(os.environ)
    env["XDG_CONFIG_HOME"] = str(folder / "config")
    env["XDG_CACHE_HOME"] = str(folder / "cache")
    env["TMPDIR"] = str(scratch)
    return env


def _chromium_temp() -> str:
    """Where Chromium puts its temporary files: TMPDIR, else /tmp.

    NOTE: not the deeper folder of the page: the path of the socket Chromium makes there may be at
    most 107 bytes long, and Chromium fails when it is longer.
    """
    import tempfile

    chosen = os.environ.get("TMPDIR", "")
    if chosen and os.path.isdir(chosen):
        return chosen
    return "/tmp" if os.path.isdir("/tmp") else tempfile.gettempdir()


def _stop(process: subprocess.Popen[bytes]) -> None:
    """End Chromium and the processes it started, and wait for it, whatever stopped the print."""
    import signal

    killpg = getattr(os, "killpg", None)
    if killpg is not None:
        with contextlib.suppress(OSError):
            killpg(process.pid, signal.SIGKILL)
    with contextlib.suppress(OSError):
        process.kill()
    process.wait()


def _last_line(stderr: bytes) -> str:
    lines = [line.strip() for line in stderr.decode("utf-8", "replace").splitlines() if line.strip()]
    return f": {lines[-1][:300]}" if lines else ""
