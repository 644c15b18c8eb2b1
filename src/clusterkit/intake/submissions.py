"""Submissions of the XLSForm, as ODK Central and KoBoToolbox export them, read into answers.

An export is a CSV file (ODK Central: ``,`` and group paths ``resources-sme_participation``;
KoBoToolbox: ``;`` or ``,`` and ``resources/sme_participation``, or names without their group) or
an XLSX workbook (its first sheet, as KoBoToolbox exports it). The columns are found by the names
of :func:`clusterkit.intake.xlsform.form_layout`, wherever they stand; columns the form does not
have (``SubmissionDate``, ``meta-instanceID``, ``KEY``, ``_uuid``...) are left alone.

All or nothing: every problem of every row is collected, each naming its place as
``kobo.csv:12:resources/sme_participation`` (file, row, column as the export names it), and a
:class:`~clusterkit.errors.LoadError` carries them all. The file is read as a stream, with a cap on
its size, its rows and the size of a field, so a huge or hostile file costs bounded time and memory.
"""

from __future__ import annotations

import csv
import datetime
import difflib
import io
import os
import re
import stat
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING

from clusterkit import text as spell
from clusterkit.citations import citation_key
from clusterkit.errors import LoadError, Problem, short_repr
from clusterkit.i18n import _, ngettext
from clusterkit.intake import Answer, ClusterAnswers, NewReference
from clusterkit.intake.xlsform import (
    CLUSTER_ID,
    DATE,
    SOURCE,
    SOURCE_TITLE,
    SOURCE_URL,
    UNKNOWN,
    FormLayout,
    IndicatorQuestions,
    form_layout,
)
from clusterkit.intake.xlsxfile import OLE_MAGIC, ZIP_MAGICS, damaged, open_workbook
from clusterkit.models import CITATION_PATTERN, SLUG_RE

if TYPE_CHECKING:
    from clusterkit.models import Framework

# An export holds at most this many submissions (1,000 are read in about half a second from CSV, 3 s from XLSX).
MAX_SUBMISSIONS = 10_000
# A CSV field holds at most this many characters (an evidence text holds at most 20,000).
MAX_FIELD = 131_072
# At most this many problems are listed; the rest are counted.
MAX_PROBLEMS = 200
# Group separators of the exports: ODK Central and Briefcase "-", KoBoToolbox "/" (or one chosen).
SEPARATORS = ("/", "-", ".", ":")
DELIMITERS = (",", ";", "\t")
MAX_SHORT_TEXT, MAX_TEXT = 500, 20_000

_CITATION = re.compile(CITATION_PATTERN)
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_COUNTRY = re.compile(r"^[A-Z]{2}$")
_LABEL = re.compile(r"^[0-4]: ")
_UTF16 = (b"\xff\xfe", b"\xfe\xff")
# A file as large is refused before it is read: 1,000 submissions with long evidence take a few MB.
MAX_FILE_BYTES = 64 * 1024 * 1024
# NOTE: O_NONBLOCK, so that a file swapped for a named pipe after the type check cannot block the open.
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)


@dataclass(frozen=True)
class Formula:
    """A spreadsheet cell holding a formula (its text), never taken for the value it would compute."""

    text: str


# A cell's value: text from a CSV; text, a number, a date, a Formula or None from a workbook.
Value = object
Row = tuple[int, Sequence[Value]]
Place = tuple[int, str]  # a column's position in the row and its name in the export


def read_submissions(
    path: str | os.PathLike[str], framework: Framework, *, references: Collection[str] | None = None
) -> list[ClusterAnswers]:
    """One :class:`ClusterAnswers` per submission of an export (CSV or XLSX) of ``framework``'s XLSForm.

    ``references`` are the reference keys on the search path: given, a source must cite one of them
    or the new reference its submission describes (None: not checked here). Raises
    :class:`LoadError` with every problem found, each naming its place.
    """
    display = os.fspath(path)
    try:
        layout = form_layout(framework)
    except ValueError as exc:
        raise LoadError(str(exc), [Problem(display, str(exc))]) from None
    suffix = Path(display).suffix.lower()
    if suffix == ".xls":
        msg = _("an old Excel 97-2003 file (.xls); open it and save it as an Excel Workbook (.xlsx), or export CSV")
        raise LoadError("old workbook", [Problem(display, msg)])
    reader = _Reader(layout, display, references)
    if suffix in (".xlsx", ".xlsm"):
        return reader.read(_xlsx_rows(path, display, reader))
    text, delimiter = _open_csv(path, display)
    with text:
        return reader.read(_csv_rows(text, delimiter, display, reader))


# --- the rows of a file ----------------------------------------------------------------------


def _open_csv(path: str | os.PathLike[str], display: str) -> tuple[IO[str], str]:
    """The file as text, and its delimiter (``,`` from ODK Central, ``;`` by default from KoBoToolbox)."""
    handle = _open_input(path, display)
    try:
        head = handle.read(4096)
        if head.startswith(OLE_MAGIC):
            msg = _("an Excel 97-2003 workbook (.xls) or an encrypted one, not CSV text; save it as .xlsx or CSV")
            raise LoadError("not csv", [Problem(display, msg)])
        if head.startswith(ZIP_MAGICS):
            msg = _("a ZIP archive (an XLSX workbook?), not CSV text; give a workbook its .xlsx suffix")
            raise LoadError("not csv", [Problem(display, msg)])
        if head.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
            raise LoadError("utf-32", [Problem(display, _("file is UTF-32; export or save it as UTF-8 CSV"))])
        if head.startswith(_UTF16):
            raise LoadError("utf-16", [Problem(display, _("file is UTF-16; export or save it as UTF-8 CSV"))])
        if b"\x00" in head:
            raise LoadError("binary", [Problem(display, _("binary data (it holds NUL bytes), not CSV text"))])
        handle.seek(0)
    except BaseException:
        handle.close()
        raise
    first = head.split(b"\n", 1)[0].decode("utf-8", "replace")
    delimiter = max(DELIMITERS, key=first.count) if any(d in first for d in DELIMITERS) else ","
    # NOTE: an invalid byte becomes a lone surrogate, so that it is reported at its row and column.
    text = io.TextIOWrapper(handle, encoding="utf-8-sig", errors="surrogateescape", newline="")
    return text, delimiter


def _open_input(path: str | os.PathLike[str], display: str) -> IO[bytes]:
    """A regular file opened to read bytes: never a folder, a device or a pipe, nor one over the size limit."""
    try:
        st = os.stat(path)
        if stat.S_ISDIR(st.st_mode):
            raise LoadError("is a folder", [Problem(display, _("is a folder, not a file"))])
        if not stat.S_ISREG(st.st_mode):
            # NOTE: never opened: opening a named pipe blocks, and reading a device may never end.
            raise LoadError("not a file", [Problem(display, _("not a regular file (a device, pipe or socket)"))])
        if st.st_size > MAX_FILE_BYTES:
            msg = _("file is {size} bytes; the limit is {limit}").format(
                size=spell.number(st.st_size), limit=spell.number(MAX_FILE_BYTES)
            )
            raise LoadError("too large", [Problem(display, msg)])
        fd = os.open(path, _OPEN_FLAGS)
    except LoadError:
        raise
    except FileNotFoundError:
        raise LoadError("missing", [Problem(display, _("no such file"))]) from None
    except PermissionError:
        raise LoadError("unreadable", [Problem(display, _("permission denied: the file cannot be read"))]) from None
    except OSError as exc:
        why = _("cannot read: {reason}").format(reason=exc.strerror or exc)
        raise LoadError("unreadable", [Problem(display, why)]) from None
    return os.fdopen(fd, "rb")


def _csv_rows(text: IO[str], delimiter: str, display: str, reader: _Reader) -> Iterator[Row]:
    previous = csv.field_size_limit(MAX_FIELD)
    try:
        rows = csv.reader(text, delimiter=delimiter)
        while True:
            start = rows.line_num + 1
            try:
                row = next(rows)
            except StopIteration:
                return
            except csv.Error as exc:
                reader.problem(Problem(display, _("not readable as CSV: {reason}").format(reason=exc), start))
                return
            yield start, row
    finally:
        csv.field_size_limit(previous)


def _xlsx_rows(path: str | os.PathLike[str], display: str, reader: _Reader) -> Iterator[Row]:
    with open_workbook(Path(path), display) as book:
        sheet = book.worksheets[0]
        declared = getattr(sheet, "max_row", None)
        if isinstance(declared, int) and declared > MAX_SUBMISSIONS + 1:
            # NOTE: refused from the sheet's dimension, before 10,000 rows are parsed (seconds in openpyxl).
            msg = _("its first sheet has {rows} rows; an export holds at most {limit} submissions (split it)").format(
                rows=spell.number(declared), limit=spell.number(MAX_SUBMISSIONS)
            )
            reader.problem(Problem(display, msg))
            return
        if hasattr(sheet, "reset_dimensions"):
            sheet.reset_dimensions()  # NOTE: a written dimension may be wrong; read the rows there are
        try:
            for number, cells in enumerate(sheet.iter_rows(), start=1):
                values = [Formula(str(c.value)) if getattr(c, "data_type", None) == "f" else c.value for c in cells]
                yield number, values
        except Exception as exc:  # openpyxl's parser raises many kinds on a damaged sheet
            reader.problem(damaged(display, exc).problems[0])


# --- reading the rows into answers -------------------------------------------------------------


class _Reader:
    """Reads the rows of one export: its header, then one submission per row, collecting problems."""

    def __init__(self, layout: FormLayout, display: str, references: Collection[str] | None = None) -> None:
        self.layout = layout
        self.display = display
        self.references = None if references is None else frozenset(references)
        self.questions = tuple(layout.questions())
        self.problems: list[Problem] = []
        self.hidden = 0

    def problem(self, problem: Problem) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(problem)
        else:
            self.hidden += 1

    def at(self, row: int, place: Place, message: str) -> None:
        self.problem(Problem(f"{self.display}:{row}:{place[1]}", message))

    def read(self, rows: Iterator[Row]) -> list[ClusterAnswers]:
        batch: list[ClusterAnswers] = []
        count = 0
        columns: dict[tuple[str, ...], Place] | None = None
        seen: dict[tuple[str, str | None], str] = {}
        for number, values in rows:
            if columns is None:
                columns = self.columns(number, values)
                if columns is None:
                    break
                continue
            if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
                continue  # a blank row
            count += 1
            if count > MAX_SUBMISSIONS:
                msg = _("more than {limit} submissions, the limit of one export (split it)").format(
                    limit=spell.number(MAX_SUBMISSIONS)
                )
                self.problem(Problem(self.display, msg, number))
                break
            answers = _Submission(self, columns, number, values).read()
            if answers is None:
                continue
            key = (answers.cluster_id, answers.date)
            if key in seen:
                if answers.date is None:
                    second = _("a second submission for {id} undated (the first is at {where}); keep one of them")
                else:
                    second = _("a second submission for {id} dated {date} (the first is at {where}); keep one of them")
                self.at(
                    number,
                    columns[CLUSTER_ID],
                    second.format(id=repr(answers.cluster_id), date=answers.date, where=seen[key]),
                )
            else:
                seen[key] = answers.where
            batch.append(answers)
        if columns is None and not self.problems:
            self.problem(Problem(self.display, _("empty: no header row and no submission")))
        elif columns is not None and not count and not self.problems:
            self.problem(Problem(self.display, _("holds no submission (only the header row)")))
        if self.problems:
            total = len(self.problems) + self.hidden
            found = ngettext("{count} problem", "{count} problems", total).format(count=spell.number(total))
            if self.hidden:
                more = ngettext(
                    "{count} more problem not shown (the first {limit} are above)",
                    "{count} more problems not shown (the first {limit} are above)",
                    self.hidden,
                ).format(count=spell.number(self.hidden), limit=MAX_PROBLEMS)
                self.problems.append(Problem(self.display, more))
            raise LoadError(f"{self.display}: {found}", self.problems)
        return batch

    def columns(self, number: int, values: Sequence[Value]) -> dict[tuple[str, ...], Place] | None:
        """Where each question of the form is in the header row; None (and problems) when some are not."""
        positions: dict[str, list[int]] = {}
        for index, value in enumerate(values):
            name = "" if value is None else str(value).strip()
            if name:
                positions.setdefault(name, []).append(index)
        found: dict[tuple[str, ...], Place] = {}
        missing: list[tuple[str, ...]] = []
        for path in self.questions:
            hits = [(index, name) for name in _candidates(path) for index in positions.get(name, ())]
            if not hits:
                missing.append(path)
            elif len({name for _, name in hits}) == 1 and len(hits) > 1:
                where = ", ".join(str(index + 1) for index, _name in hits)
                msg = _("column {name} appears {count} times (columns {where}); keep one").format(
                    name=repr(hits[0][1]), count=spell.number(len(hits)), where=where
                )
                self.problem(Problem(self.display, msg, number))
            elif len(hits) > 1:
                where = ", ".join(
                    _("{name} (column {number})").format(name=repr(name), number=index + 1) for index, name in hits
                )
                msg = _("the question {question} has several columns: {where}; keep one").format(
                    question=repr("/".join(path)), where=where
                )
                self.problem(Problem(self.display, msg, number))
            else:
                found[path] = hits[0]
        levels = {q.level for q in self.layout.indicators}
        if CLUSTER_ID in missing and levels <= set(missing):
            msg = _(
                "no column of the XLSForm of framework {framework} (cluster_id, the levels): is this"
                " an export of `clusterkit questionnaire --format xlsform`, with the questions' names (XML names)"
                " as headers, not their labels?"
            ).format(framework=repr(self.layout.framework))
            self.problem(Problem(self.display, msg, number))
            return None
        separator = _separator(found)
        for path in missing:
            msg = _("column {name} is missing: the export lacks a question of the form").format(
                name=repr(separator.join(path))
            )
            self.problem(Problem(self.display, msg, number))
        return found if not missing and len(found) == len(self.questions) else None


def _separator(found: dict[tuple[str, ...], Place]) -> str:
    """The group separator the export uses (ODK Central's ``-``, KoBoToolbox's ``/``...), from the columns found."""
    for path, (_index, name) in found.items():
        if len(path) == 2 and name != path[-1]:
            return name[len(path[0])]
    return "/"


def _candidates(path: tuple[str, ...]) -> list[str]:
    """The names an export may give a question's column: its group path with each separator, or its name alone."""
    if len(path) == 1:
        return [path[0]]
    return [*(sep.join(path) for sep in SEPARATORS), path[-1]]


class _Submission:
    """One row of an export: its values read and checked, each problem reported at its place."""

    def __init__(self, reader: _Reader, columns: dict[tuple[str, ...], Place], number: int, row: Sequence[Value]):
        self.reader = reader
        self.columns = columns
        self.number = number
        self.row = row
        self.failed: set[tuple[str, ...]] = set()
        self.new_keys: set[str] = set()

    def place(self, path: tuple[str, ...]) -> Place:
        return self.columns[path]

    def where(self, path: tuple[str, ...]) -> str:
        return f"{self.reader.display}:{self.number}:{self.place(path)[1]}"

    def bad(self, path: tuple[str, ...], message: str) -> None:
        self.failed.add(path)
        self.reader.at(self.number, self.place(path), message)

    def raw(self, path: tuple[str, ...]) -> Value:
        index = self.place(path)[0]
        value = self.row[index] if index < len(self.row) else None
        if isinstance(value, str):
            try:
                value.encode("utf-8")
            except UnicodeEncodeError as exc:
                byte = ord(value[exc.start]) - 0xDC00
                self.bad(path, _("invalid UTF-8 byte {byte}: export or save the file as UTF-8").format(byte=hex(byte)))
                return None
            value = value.strip()
            return value or None
        return value

    def text(self, path: tuple[str, ...], limit: int = MAX_SHORT_TEXT) -> str | None:
        value = self.raw(path)
        if value is None:
            return None
        if isinstance(value, Formula):
            self.bad(
                path, _("a formula {formula}, not text; type the text itself").format(formula=short_repr(value.text))
            )
            return None
        text = value.isoformat() if isinstance(value, datetime.date | datetime.time) else str(value)
        if len(text) > limit:
            self.bad(
                path,
                _("at most {limit} characters, got {count}").format(
                    limit=spell.number(limit), count=spell.number(len(text))
                ),
            )
            return None
        return text

    def whole(self, path: tuple[str, ...], low: int, high: int, expected: str) -> int | None:
        value = self.raw(path)
        if value is None:
            return None
        number: int | None = None
        if isinstance(value, int) and not isinstance(value, bool):
            number = value
        elif (isinstance(value, float) and value.is_integer()) or (
            isinstance(value, str) and value.isascii() and value.isdigit() and len(value) <= 13
        ):
            number = int(value)
        if number is None or not low <= number <= high:
            self.bad(path, expected.format(value=_shown(value)))
            return None
        return number

    def read(self) -> ClusterAnswers | None:
        cluster_id = self.cluster_id()
        date = self.date()
        facts = self.facts()
        source = self.citation(SOURCE)
        title = self.text(SOURCE_TITLE, MAX_TEXT)
        url = self.text(SOURCE_URL)
        references: tuple[NewReference, ...] = ()
        if title is not None:
            if source is None:
                self.bad(SOURCE, _("empty, but a new reference is described (source_title); give its key"))
            else:
                references = (NewReference(citation_key(source), title, url),)
        elif url is not None:
            self.bad(SOURCE_TITLE, _("empty, but a new reference needs a title (its URL is given)"))
        if facts and source is None and SOURCE not in self.failed:
            self.bad(SOURCE, _("empty; the facts of the cluster need the source they rest on"))
        self.new_keys = {new.key for new in references}
        if source is not None:
            self.check_key(SOURCE, source)
        answers = tuple(a for q in self.reader.layout.indicators if (a := self.answer(q, source)) is not None)
        if self.failed or cluster_id is None:
            return None
        return ClusterAnswers(
            cluster_id,
            self.reader.layout.framework,
            date,
            answers,
            facts,
            source,
            references,
            f"{self.reader.display}:{self.number}",
        )

    def cluster_id(self) -> str | None:
        value = self.text(CLUSTER_ID)
        if value is None:
            if CLUSTER_ID not in self.failed:
                self.bad(CLUSTER_ID, _("empty; every submission names the cluster it assesses"))
            return None
        if not SLUG_RE.fullmatch(value):
            self.bad(
                CLUSTER_ID,
                _(
                    "must be a slug (lowercase letters, digits, - and _, starting with a letter or digit,"
                    " at most 64 characters), got {value}"
                ).format(value=short_repr(value)),
            )
            return None
        return value

    def date(self) -> str | None:
        value = self.raw(DATE)
        if value is None:
            return None
        if isinstance(value, datetime.datetime):
            return value.date().isoformat()
        if isinstance(value, datetime.date):
            return value.isoformat()
        if isinstance(value, str) and _DATE.match(value) and _real_date(value):
            return value
        self.bad(DATE, _("must be a date YYYY-MM-DD (or YYYY-MM, YYYY), got {value}").format(value=_shown(value)))
        return None

    def facts(self) -> dict[str, object]:
        facts: dict[str, object] = {}
        paths = dict(self.reader.layout.facts)
        name = self.text(paths["name"])
        country = self.text(paths["location.country"])
        if country is not None and not _COUNTRY.match(country):
            self.bad(
                paths["location.country"],
                _("must be two capital letters (an ISO 3166 code such as MA), got {value}").format(
                    value=short_repr(country)
                ),
            )
            country = None
        city = self.text(paths["location.city"])
        founded = self.whole(paths["founded"], 1800, 2100, _("must be a year from 1800 to 2100, got {value}"))
        members = self.whole(paths["members.total"], 0, 10**12, _("must be a whole number, 0 or more, got {value}"))
        for key, value in (
            ("name", name),
            ("location.country", country),
            ("location.city", city),
            ("founded", founded),
            ("members.total", members),
        ):
            if value is not None:
                facts[key] = value
        return facts

    def citation(self, path: tuple[str, ...]) -> str | None:
        value = self.text(path, 300)
        if value is not None and not _CITATION.match(value):
            self.bad(
                path,
                _(
                    "must be a reference key (lowercase letters, digits, '.', '-', '_'), optionally followed by"
                    " a section (el-idrissi-2020 §3.1), got {value}"
                ).format(value=short_repr(value)),
            )
            return None
        return value

    def check_key(self, path: tuple[str, ...], citation: str) -> None:
        """A problem when the references are known and none (nor this submission's new one) has the key cited."""
        known = self.reader.references
        key = citation_key(citation)
        if known is None or key in known or key in self.new_keys:
            return
        close = difflib.get_close_matches(key, sorted(known), n=1)
        hint = _(" (did you mean {key}?)").format(key=repr(close[0])) if close else ""
        self.bad(
            path,
            _(
                "no reference has the key {key}{hint}; cite the key of a reference on the search path, or describe"
                " a new one in {title} (and {url})"
            ).format(key=repr(key), hint=hint, title=repr(SOURCE_TITLE[0]), url=repr(SOURCE_URL[0])),
        )

    def answer(self, q: IndicatorQuestions, fallback: str | None) -> Answer | None:
        raw = self.raw(q.level)
        evidence = self.text(q.evidence, MAX_TEXT)
        source = self.citation(q.source)
        if source is not None:
            self.check_key(q.source, source)
        if raw is None:
            return None  # not answered: the indicator is skipped
        level = self.level(q, raw)
        if level is False:
            return None
        source = source or (fallback if evidence is not None else None)
        if isinstance(level, int):
            if evidence is None and q.evidence not in self.failed:
                self.bad(
                    q.evidence,
                    _("empty, but level {level} needs its evidence (a short quote or paraphrase)").format(level=level),
                )
                return None
            if evidence is None:
                return None
            if source is None and not {q.source, SOURCE} & self.failed:
                self.bad(
                    q.source,
                    _("empty, and so is {field}; level {level} needs a source").format(
                        field=repr(SOURCE[0]), level=level
                    ),
                )
                return None
        return Answer(q.indicator, level, evidence, source, self.where(q.level))

    def level(self, q: IndicatorQuestions, value: Value) -> int | bool | None:
        """The level (None: unknown), or False after reporting a value that is not one."""
        if isinstance(value, str):
            if value.lower() == UNKNOWN:
                return None
            if value in ("0", "1", "2", "3", "4"):
                return int(value)
        elif isinstance(value, int | float) and not isinstance(value, bool) and value in (0, 1, 2, 3, 4):
            return int(value)
        hint = ""
        if isinstance(value, str) and _LABEL.match(value):
            hint = _(" (an export with labels: export the XML values, 0-4 and unknown)")
        self.bad(q.level, _("level: must be 0-4 or unknown, got {value}{hint}").format(value=_shown(value), hint=hint))
        return False


def _shown(value: Value) -> str:
    if isinstance(value, Formula):
        return _("a formula {formula}").format(formula=short_repr(value.text))
    if isinstance(value, datetime.datetime | datetime.date):
        return _("a date {date}").format(date=value.isoformat())
    if isinstance(value, datetime.time | datetime.timedelta):
        return _("a time {time}").format(time=value)
    return short_repr(value)


def _real_date(text: str) -> bool:
    try:
        if len(text) == 10:
            datetime.date.fromisoformat(text)
        elif len(text) == 7:
            datetime.date.fromisoformat(text + "-01")
    except ValueError:
        return False
    return True
