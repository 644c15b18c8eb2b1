"""Reading a document file safely: regular files only, a size limit, UTF-8 only, links reported clearly.

A named pipe, a device or a socket is never opened (opening a pipe blocks, reading a device may
never end); a file larger than :data:`MAX_BYTES` is refused before it is read, and one that grows
while it is read is cut at the limit. Binary data, UTF-16 and UTF-32 are errors that say so.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from clusterkit import text as spell
from clusterkit.errors import LoadError, Problem, short_repr
from clusterkit.i18n import N_, _

MAX_BYTES = 2 * 1024 * 1024

# NOTE: O_NONBLOCK, so that a file swapped for a named pipe after the type check cannot block the open.
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
_SPECIAL_FILE = N_("a special file")
_FILE_TYPES = (
    (stat.S_ISFIFO, N_("a named pipe")),
    (stat.S_ISCHR, N_("a character device")),
    (stat.S_ISBLK, N_("a block device")),
    (stat.S_ISSOCK, N_("a socket")),
)


def _file_type(mode: int) -> str:
    return _(next((what for test, what in _FILE_TYPES if test(mode)), _SPECIAL_FILE))


def _read_at_most(path: Path, limit: int, size: int) -> bytes:
    """At most ``limit + 1`` bytes of a file, whatever its size claims (a file may grow, /proc files say 0)."""
    fd = os.open(path, _OPEN_FLAGS)
    try:
        chunks: list[bytes] = []
        total = 0
        want = min(size, limit) + 1  # one byte more than the size, to see the end in the common case
        while total <= limit:
            chunk = os.read(fd, want)
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            want = min(limit + 1 - total, 1 << 20)
        return b"".join(chunks)
    finally:
        os.close(fd)


def read_text(path: Path, display: str | None = None, stat_result: os.stat_result | None = None) -> str:
    """Read a document's text, refusing what cannot be a profile (too large, binary, not UTF-8, not a
    regular file); ``stat_result`` is the file's ``os.stat`` when the caller has it already.

    Reading records nothing: a :class:`~clusterkit.loading.Catalog` remembers the files it read.
    """
    name = display or str(path)
    try:
        st = stat_result if stat_result is not None else os.stat(path)
        if not stat.S_ISREG(st.st_mode):
            # NOTE: never opened: opening a named pipe blocks, and reading a device may never end.
            if stat.S_ISDIR(st.st_mode):
                raise LoadError("is a folder", [Problem(name, _("is a folder, not a file"))])
            raise LoadError(
                "not a file", [Problem(name, _("not a regular file ({type})").format(type=_file_type(st.st_mode)))]
            )
        if st.st_size > MAX_BYTES:
            msg = _("file is {size} bytes; the limit is {limit}").format(
                size=spell.number(st.st_size), limit=spell.number(MAX_BYTES)
            )
            raise LoadError("too large", [Problem(name, msg)])
        raw = _read_at_most(path, MAX_BYTES, st.st_size)
        if len(raw) > MAX_BYTES:
            msg = _("file is more than {limit} bytes; the limit is {limit}").format(limit=spell.number(MAX_BYTES))
            raise LoadError("too large", [Problem(name, msg)])
    except LoadError:
        raise
    except FileNotFoundError:
        if os.path.islink(path):
            msg = _("dangling symbolic link: {target} does not exist").format(target=short_repr(os.readlink(path)))
            raise LoadError("dangling link", [Problem(name, msg)]) from None
        raise LoadError("missing", [Problem(name, _("no such file"))]) from None
    except PermissionError:
        raise LoadError("unreadable", [Problem(name, _("permission denied: the file cannot be read"))]) from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            msg = _("symbolic link loop: the link leads back to itself")
            raise LoadError("link loop", [Problem(name, msg)]) from None
        raise LoadError(
            "unreadable", [Problem(name, _("cannot read: {reason}").format(reason=exc.strerror or exc))]
        ) from None
    return decode(raw, name)


def decode(raw: bytes, name: str) -> str:
    """Decode UTF-8 (a UTF-8 byte-order mark is allowed); other encodings and binary data are errors."""
    if raw.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        raise LoadError("utf-32", [Problem(name, _("file is UTF-32; save it as UTF-8"))])
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise LoadError("utf-16", [Problem(name, _("file is UTF-16; save it as UTF-8"))])
    if b"\x00" in raw:
        if _looks_like_utf16(raw):
            raise LoadError("utf-16", [Problem(name, _("file looks like UTF-16 text; save it as UTF-8"))])
        raise LoadError("binary", [Problem(name, _("binary file (contains NUL bytes), not YAML"))])
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise LoadError(
            "not utf-8",
            [Problem(name, _("invalid UTF-8 byte {byte}").format(byte=f"0x{raw[exc.start]:02x}"), line, column)],
        ) from None


def _looks_like_utf16(raw: bytes) -> bool:
    # NOTE: UTF-16 without a byte-order mark puts a NUL in every other byte of ASCII text.
    head = raw[:64]
    even, odd = head[0::2], head[1::2]
    if len(head) < 4:
        return False
    return (even.count(0) == 0 and odd.count(0) * 2 >= len(odd)) or (
        odd.count(0) == 0 and even.count(0) * 2 >= len(even)
    )
