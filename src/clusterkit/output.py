"""Writing reports: atomically (a temporary file in the same folder, then a rename), never over an input;
a batch of files all or nothing."""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from clusterkit.errors import ClusterkitError, Problem
from clusterkit.i18n import _

# NOTE: short and fixed, so that any legal output name (up to 255 bytes) leaves room for it.
TEMP_PREFIX = ".ck-"
TEMP_SUFFIX = ".tmp"
_SEPARATORS = tuple({"/", os.sep, os.altsep or "/"})


def write_atomic(path: str | os.PathLike[str], text: str | bytes, inputs: Iterable[Path]) -> None:
    """Write ``text`` (UTF-8) or bytes as they are to ``path`` so a reader sees the old file or the whole new one.

    Refuses to write over any of ``inputs``: every file the run read, which the caller gives (the
    files named by the command and each catalog's ``files_read``; ``()`` when nothing was read).
    An existing device or named pipe (``/dev/null``, a FIFO) is written into, never replaced.
    ``path`` keeps a trailing separator as given, so ``out/`` is known to name a folder.
    """
    given = os.fspath(path)
    path = Path(given)
    shown = given or str(path)
    try:
        _write_checked(path, given, shown, text, inputs)
    except OSError as exc:
        # NOTE: a name over 255 bytes, a folder that cannot be looked into: said, never a traceback.
        raise ClusterkitError(
            "cannot write", [Problem(shown, _("cannot write: {reason}").format(reason=exc.strerror or exc))]
        ) from None


def write_batch(
    files: Sequence[tuple[Path, str | bytes]], made: Sequence[Path] = (), wrote: Callable[[int], None] | None = None
) -> None:
    """Write each file atomically, all or nothing: when a write fails or a signal stops the batch, the files
    written before are put back as they were (removed when they were new), then the folders in ``made``
    (created for the batch, parents first) are removed if empty. ``wrote(n)`` is called after the n-th file.
    """
    before: list[tuple[Path, bytes | None]] = []
    try:
        for n, (path, text) in enumerate(files):
            before.append((path, path.read_bytes() if path.exists() else None))
            write_atomic(path, text, ())
            if wrote is not None:
                wrote(n)
    except BaseException:
        _put_back(before, made)
        raise


def _put_back(before: Sequence[tuple[Path, bytes | None]], made: Sequence[Path]) -> None:
    """Each file as it was before the batch (removed when it was new), then the folders the batch made."""
    for path, old in reversed(before):
        with contextlib.suppress(OSError, ClusterkitError):
            if old is None:
                path.unlink(missing_ok=True)
            else:
                write_atomic(path, old, ())
    for folder in reversed(made):
        with contextlib.suppress(OSError):
            folder.rmdir()


def _write_checked(path: Path, given: str, shown: str, text: str | bytes, inputs: Iterable[Path]) -> None:
    _refuse_inputs(path, shown, inputs)
    if path.is_dir():
        raise ClusterkitError("is a folder", [Problem(shown, _("is a folder; give a file name"))])
    if given.endswith(_SEPARATORS):
        # NOTE: pathlib drops the trailing '/', which would write a file named like the folder.
        raise ClusterkitError(
            "no folder",
            [Problem(shown, _("output folder {folder} does not exist").format(folder=repr(str(path.absolute()))))],
        )
    target = path.resolve() if path.exists() else path.absolute()
    folder = target.parent
    if not folder.is_dir():
        raise ClusterkitError(
            "no folder", [Problem(shown, _("output folder {folder} does not exist").format(folder=repr(str(folder))))]
        )
    # NOTE: undecodable bytes of file names arrive as lone surrogates; '\udcff' keeps the file UTF-8.
    data = text if isinstance(text, bytes) else text.encode("utf-8", "backslashreplace")
    if path.exists() and not path.is_file() and _write_into(path, shown, data):
        return
    # NOTE: the temporary file's name is chosen before the file is made, so that whenever a signal
    # lands (even between its creation and the line after), the cleanup below knows what to remove.
    tmp = ""
    try:
        fd = -1
        while fd < 0:
            tmp = os.path.join(folder, f"{TEMP_PREFIX}{secrets.token_hex(5)}{TEMP_SUFFIX}")
            try:
                fd = create_temporary(tmp)
            except FileExistsError:
                continue
    except OSError as exc:
        raise ClusterkitError(
            "cannot write",
            [
                Problem(
                    shown, _("cannot write in {folder}: {reason}").format(folder=repr(str(folder)), reason=exc.strerror)
                )
            ],
        ) from None
    except BaseException:
        with contextlib.suppress(OSError):
            if tmp:
                os.unlink(tmp)
        raise
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if path.exists():
            with contextlib.suppress(OSError):
                os.chmod(tmp, path.stat().st_mode & 0o777)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise ClusterkitError(
            "cannot write", [Problem(shown, _("cannot write: {reason}").format(reason=exc.strerror or exc))]
        ) from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def create_temporary(name: str) -> int:
    """Make the temporary file ``name``, readable by its owner only; FileExistsError when the name is taken."""
    return os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o600)


def _refuse_inputs(path: Path, shown: str, inputs: Iterable[Path]) -> None:
    if not path.exists():
        return
    target = path.resolve()
    # NOTE: only inputs with the output's name (or its link target's) can be the same file;
    # comparing names first spares a system call per input on large collections.
    names = {path.name, target.name}
    for source in inputs:
        if source.name not in names and not source.is_symlink():
            continue
        with contextlib.suppress(OSError):
            if source.exists() and os.path.samefile(source, path):
                raise ClusterkitError(
                    "refusing to overwrite an input",
                    [Problem(shown, _("is an input profile; refusing to write over it"))],
                )


def _write_into(path: Path, shown: str, data: bytes) -> bool:
    """Write into a device or named pipe as the shell's ``>`` does; False if it is a regular file after all.

    Renaming a file over ``/dev/null`` would replace the device node for every program on the system.
    """
    if stat.S_ISBLK(path.stat().st_mode):
        # NOTE: a report written onto a disk would destroy what is on it; no one means that.
        raise ClusterkitError("cannot write", [Problem(shown, _("is a block device (a disk); give a file name"))])
    try:
        # NOTE: no O_CREAT and no O_TRUNC: only the node that is there is opened, and left as it is.
        fd = os.open(path, os.O_WRONLY | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        raise ClusterkitError(
            "cannot write", [Problem(shown, _("cannot write: {reason}").format(reason=exc.strerror or exc))]
        ) from None
    try:
        if stat.S_ISREG(os.fstat(fd).st_mode):  # replaced by a file since it was looked at
            return False
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    except OSError as exc:
        raise ClusterkitError(
            "cannot write", [Problem(shown, _("cannot write: {reason}").format(reason=exc.strerror or exc))]
        ) from None
    finally:
        os.close(fd)
    return True
