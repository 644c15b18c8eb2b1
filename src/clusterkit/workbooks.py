"""Workbook files as clusterkit writes them: sheet titles Excel accepts, text a cell can hold, and
the same bytes for the same content.

Shared by the ``xlsx`` renderer and the questionnaire and XLSForm writers; it imports nothing of
clusterkit, so every layer may use it. openpyxl is imported only when a workbook is saved.
"""

from __future__ import annotations

import datetime
import io
import re
import zipfile
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from openpyxl import Workbook

# Excel's limits: a sheet title, a cell's text.
MAX_TITLE, MAX_CELL = 31, 32_767
# The earliest date a ZIP entry can hold (MS-DOS time): every part of the archive carries it, and
# the workbook gives it as its created and modified dates (openpyxl writes no workbook without them).
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
FIXED_DATE = datetime.datetime(*ZIP_EPOCH)

# Characters XML 1.0 cannot hold (openpyxl refuses them), and those a sheet title may not hold.
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_TITLE_FORBIDDEN = re.compile(r"[\[\]:*?/\\\x00-\x1f\x7f]")


def sheet_title(name: str, taken: set[str], default: str = "table") -> str:
    """A sheet title Excel accepts: its forbidden characters as ``-``, at most 31, unique (any case).

    ``taken`` holds the titles used so far, in lower case; the caller adds the one returned.
    """
    title = _TITLE_FORBIDDEN.sub("-", name).strip("'")[:MAX_TITLE].strip("'") or default
    if title.lower() == "history":  # NOTE: Excel keeps this name for its change tracking.
        title = "history-"
    base, number = title, 1
    while title.lower() in taken:
        number += 1
        suffix = f" ({number})"
        title = base[: MAX_TITLE - len(suffix)] + suffix
    return title


def _escape(match: re.Match[str]) -> str:
    return "\\x" + hex(ord(match.group()))[2:].rjust(2, "0")  # a control character's code, not a number for people


def safe_text(value: str) -> str:
    """Text an XLSX part can hold: control characters XML refuses as ``\\x1b``, lone surrogates
    (undecodable bytes of file names) as ``\\udcff``, at most Excel's 32,767 characters."""
    text = _ILLEGAL.sub(_escape, value)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = text.encode("utf-8", "backslashreplace").decode("utf-8")
    return text if len(text) <= MAX_CELL else text[: MAX_CELL - 1] + "\u2026"


def workbook_bytes(book: Workbook) -> bytes:
    """The bytes of ``book``, the same for the same content: fixed dates in the workbook and the archive."""
    from openpyxl.writer.excel import ExcelWriter

    book.properties.created = book.properties.modified = FIXED_DATE
    written = io.BytesIO()
    # NOTE: openpyxl's save() would stamp the modified date with now; its writer is what save() runs.
    ExcelWriter(book, zipfile.ZipFile(written, "w", zipfile.ZIP_DEFLATED)).save()
    # NOTE: each ZIP entry carries the time it was written (or its temporary file's); copied in the
    # same order with one fixed date, the archive depends on its contents alone.
    fixed = io.BytesIO()
    with zipfile.ZipFile(written) as source, zipfile.ZipFile(fixed, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            info = zipfile.ZipInfo(entry.filename, date_time=ZIP_EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            target.writestr(info, source.read(entry))
    return fixed.getvalue()
