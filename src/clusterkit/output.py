"""Writing reports: atomically (a temporary file in the same folder, then a rename), never over an input."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from clusterkit.errors import ClusterkitError, Problem


def write_atomic(path: Path, text: str, inputs: Iterable[Path] = ()) -> None:
    """Write ``text`` to ``path`` so a reader sees the old file or the whole new one, never a part.

    Refuses to write over any of ``inputs`` (the documents the result was read from) and over any
    file this process has read as a document.
    """
    from clusterkit.loading import files_read

    target = path.resolve() if path.exists() else path.absolute()
    if path.exists():
        # NOTE: only inputs with the output's name (or its link target's) can be the same file;
        # comparing names first spares a system call per input on large collections.
        names = {path.name, target.name}
        for source in [*inputs, *files_read()]:
            if source.name not in names and not source.is_symlink():
                continue
            with contextlib.suppress(OSError):
                if source.exists() and os.path.samefile(source, path):
                    raise ClusterkitError(
                        "refusing to overwrite an input",
                        [Problem(str(path), "is an input profile; refusing to write over it")],
                    )
    folder = target.parent
    if not folder.is_dir():
        raise ClusterkitError("no folder", [Problem(str(path), f"output folder {str(folder)!r} does not exist")])
    if path.is_dir():
        raise ClusterkitError("is a folder", [Problem(str(path), "is a folder; give a file name")])
    data = text.encode("utf-8")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise ClusterkitError(
            "cannot write", [Problem(str(path), f"cannot write in {str(folder)!r}: {exc.strerror}")]
        ) from None
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
        raise ClusterkitError("cannot write", [Problem(str(path), f"cannot write: {exc.strerror or exc}")]) from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
