"""Property tests of the ways in: questionnaire workbooks and exports of submissions, filled at random.

What a user relies on, for any answers at all:

- a questionnaire written by ``questionnaire_workbook`` and filled in with openpyxl reads back with
  the levels, evidence, sources and facts typed, and becomes a profile that loads, validates and
  scores with those levels;
- an ODK Central or KoBoToolbox export (CSV) of one or more submissions does the same;
- junk in a level cell or a level column (any text, huge numbers, floats, dates, booleans,
  formulas, error values, undecodable bytes) is refused with a LoadError whose every problem names
  its cell (``q.xlsx:Activities!D7``) or line and column (``kobo.csv:3:resources/x``), or read as the
  level it is when it is one; never another exception, and ``import`` then writes nothing.

The project's Hypothesis profiles apply (``ci`` by default, ``campaign`` for a long run:
``HYPOTHESIS_PROFILE=campaign python -m pytest tests/intake/test_intake_properties.py``).
"""

from __future__ import annotations

import csv
import dataclasses
import datetime
import io
import math
import operator
import re
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hypothesis import event, example, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE
from questionnaire_filling import KEY_HEADER, columns, indicator_rows
from typer.testing import CliRunner

import strategies as gen
from clusterkit.cli import app
from clusterkit.errors import LoadError
from clusterkit.intake import Answer
from clusterkit.intake.profiles import write_profiles
from clusterkit.intake.submissions import read_submissions
from clusterkit.intake.workbook import questionnaire_workbook, read_workbook
from clusterkit.intake.xlsform import form_layout
from clusterkit.intake.xlsxfile import place
from clusterkit.loading import Catalog, search_dirs
from clusterkit.models import Cluster
from clusterkit.scoring import score
from clusterkit.validation import validate_files

FRAMEWORK = gen.FRAMEWORK
CATALOG = gen.CATALOG
REFERENCE_KEYS = frozenset(gen.REFERENCE_KEYS)
ASSESSED = gen.ASSESSED
LAYOUT = form_layout(FRAMEWORK)
QUESTIONS = list(LAYOUT.questions())
LEVEL_QUESTION = {q.indicator: q for q in LAYOUT.indicators}
# The blank questionnaire, as `clusterkit questionnaire -o q.xlsx` writes it (the same bytes each time).
BLANK = questionnaire_workbook(FRAMEWORK, None, CATALOG.references())

Path_ = tuple[str, ...]
Level = int | None  # None: unknown

# --- texts -----------------------------------------------------------------------------------------

# Characters a cell of an XLSX file can hold: every Unicode scalar value but the C0 controls XML 1.0
# refuses (openpyxl raises on them) and the noncharacters U+FFFE and U+FFFF, which openpyxl writes
# raw into the sheet's XML, so that no reader can parse it (a file no spreadsheet application writes).
_XML_ILLEGAL = "".join(chr(c) for c in [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20)])
CELL_CHARS = st.characters(codec="utf-8", exclude_characters=_XML_ILLEGAL + "\ufffe\uffff")
LINE_CHARS = st.characters(codec="utf-8", exclude_characters=_XML_ILLEGAL + "\ufffe\uffff\r\n")
# Starts that a careless writer or reader takes for a formula, an error value or a quoted text.
STARTS = ["=", "+", "-", "@", "'", '"', "=1+1", '=HYPERLINK("http://example.com","x")', "#N/A", "#REF!", "\n", "\t"]
CELL_HOSTILE = [t for t in gen.HOSTILE_TEXTS if not ILLEGAL_CHARACTERS_RE.search(t)]
# Line breaks inside a text: those of CSV and XML, and those YAML, JSON or a terminal treat as one.
BREAKS = ["\n", "\r\n", "\r", "\u2028", "\u2029", "\x85", "\t", '"\n"', ": ", " #"]


def cell_texts(max_size: int = 40) -> st.SearchStrategy[str]:
    """Text a user may type into a cell: any characters, formula-like starts, the hostile samples."""
    return st.one_of(
        st.text(CELL_CHARS, min_size=1, max_size=max_size),
        st.builds(operator.add, st.sampled_from(STARTS), st.text(CELL_CHARS, max_size=max_size)),
        st.builds(
            lambda a, b, c: a + b + c,
            st.text(CELL_CHARS, min_size=1, max_size=8),
            st.sampled_from(BREAKS),
            st.text(CELL_CHARS, min_size=1, max_size=8),
        ),
        st.sampled_from(CELL_HOSTILE),
        st.sampled_from(ERROR_CODES),
    )


def filled(text: str, limit: int) -> bool:
    """Text that holds something once stripped, and not more than ``limit`` characters then."""
    return 0 < len(text.strip()) <= limit


evidence_texts = cell_texts(60).filter(lambda t: filled(t, 20_000))
names = cell_texts(30).filter(lambda t: filled(t, 500))
new_keys = st.from_regex(r"[a-z0-9][a-z0-9._-]{0,20}", fullmatch=True).filter(lambda k: k not in REFERENCE_KEYS)


def citations(keys: Sequence[str]) -> st.SearchStrategy[str]:
    """A citation of one of ``keys``, optionally with a locator of any characters but line breaks."""
    return st.builds(
        lambda key, locator: key if locator is None else f"{key} {locator}",
        st.sampled_from(list(keys)),
        st.none() | st.text(LINE_CHARS, min_size=1, max_size=30),
    ).filter(lambda c: len(c.strip()) <= 300)


def as_stored(text: str) -> str:
    """A text as a reader gets it back from an XLSX cell, stripped.

    NOTE: openpyxl writes a carriage return raw into the XML, and XML parsers read every line end as
    ``\\n``; Excel itself writes it as ``_x000D_``. A script's ``\\r`` comes back as ``\\n``.
    """
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


# --- answers -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Typed:
    """One indicator's answer as typed: the level cell's value, the level it means, evidence and source."""

    cell: object
    level: Level
    evidence: str | None
    source: str | None


_PADS = st.sampled_from(["", " ", "  ", "\t", "\u00a0", "\u3000"])
_UNKNOWN_WORDS = st.sampled_from(["unknown", "Unknown", "UNKNOWN", "unKnown"])


def padded(text: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.builds(lambda a, t, b: a + t + b, _PADS, text, _PADS)


def level_cells(level: Level, workbook: bool) -> st.SearchStrategy[object]:
    """The ways a user types a level: 2, 2.0 or ' 2 ' in a workbook, '2' or 'unknown' in an export."""
    if level is None:
        return padded(_UNKNOWN_WORDS)
    text = padded(st.just(str(level)))
    return st.one_of(st.just(level), st.just(float(level)), text) if workbook else text


@st.composite
def typed_answers(draw: st.DrawFn, keys: Sequence[str], workbook: bool, most: int | None = None) -> dict[str, Typed]:
    """Answers for a random subset of the assessed indicators, in framework order.

    A level 0-4 has evidence and (in a workbook) its source; an unknown level may have either.
    In an export a source may be left out (the submission's source stands in).
    """
    chosen = set(draw(st.lists(st.sampled_from(ASSESSED), unique=True, max_size=most)))
    found: dict[str, Typed] = {}
    for indicator in (i for i in ASSESSED if i in chosen):
        level = draw(st.none() | st.integers(0, 4))
        evidence = draw(evidence_texts) if level is not None or draw(st.booleans()) else None
        needs_source = workbook and evidence is not None
        source = draw(citations(keys)) if needs_source or draw(st.booleans()) else None
        found[indicator] = Typed(draw(level_cells(level, workbook)), level, evidence, source)
    return found


@dataclass(frozen=True)
class Facts:
    cluster_id: str
    date: object  # a text (YYYY, YYYY-MM, YYYY-MM-DD) or, in a workbook, a date cell
    name: str
    country: str
    city: str | None
    founded: int | None
    members: int | None
    source: str

    @property
    def date_text(self) -> str:
        if isinstance(self.date, datetime.datetime):
            return self.date.date().isoformat()
        if isinstance(self.date, datetime.date):
            return self.date.isoformat()
        return str(self.date).strip()


# Dates a spreadsheet holds as dates: Excel's calendar runs from 1900 (its 1900-02-29 is its own) to
# 9999, and a time typed with a date has no microseconds (openpyxl stores a date as a float of days).
cell_dates = st.one_of(
    st.dates(datetime.date(1900, 3, 1)),
    st.datetimes(datetime.datetime(1900, 3, 1)).map(lambda d: d.replace(second=0, microsecond=0)),
)


@st.composite
def facts(draw: st.DrawFn, keys: Sequence[str], workbook: bool) -> Facts:
    country = draw(st.from_regex(r"[A-Z]{2}", fullmatch=True))
    return Facts(
        cluster_id=draw(gen.slugs),
        date=draw(st.one_of(padded(gen.dates), cell_dates) if workbook else gen.dates),
        name=draw(names),
        country=draw(st.sampled_from([country, country.lower()])) if workbook else country,
        city=draw(st.none() | names),
        founded=draw(st.none() | st.integers(1800, 2100)),
        members=draw(st.none() | st.integers(0, 10**12)),
        source=draw(citations(keys)),
    )


def expected_facts(typed: Facts, stored: Any = as_stored) -> dict[str, Any]:
    found: dict[str, Any] = {"name": stored(typed.name), "location.country": typed.country.upper()}
    if typed.city is not None:
        found["location.city"] = stored(typed.city)
    if typed.founded is not None:
        found["founded"] = typed.founded
    if typed.members is not None:
        found["members.total"] = typed.members
    return found


@dataclass(frozen=True)
class NewRef:
    key: str
    title: str
    url: str | None


new_refs = st.builds(NewRef, new_keys, names, st.none() | gen.short_slugs.map(lambda s: f"https://example.org/{s}"))


# --- writing a workbook and an export ------------------------------------------------------------


def put(sheet: Any, row: int, column: int, value: object) -> None:
    """Type a value into a cell as a user does into the questionnaire's text cells.

    NOTE: openpyxl takes a string starting with '=' for a formula and '#N/A' for an error value; a
    user's text typed into a text-formatted cell is neither, so a string is stored as a string.
    """
    cell = sheet.cell(row, column)
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"


def profile_rows(book: Workbook) -> dict[str, int]:
    sheet = book["Profile"]
    key = columns(sheet)[KEY_HEADER]
    return {str(sheet.cell(r, key).value): r for r in range(2, sheet.max_row + 1)}


def fill_workbook(
    path: Path, typed: Facts, answers: Mapping[str, Typed], new: NewRef | None, raw_levels: bool = False
) -> dict[str, str]:
    """Fill the blank questionnaire and save it; the place of each answered indicator's level cell.

    ``raw_levels``: level cells get their value as openpyxl takes it (a string '=...' a formula).
    """
    book = load_workbook(io.BytesIO(BLANK))
    profile = book["Profile"]
    value = columns(profile)["Value"]
    rows = profile_rows(book)
    given: dict[str, object] = {
        "cluster_id": typed.cluster_id,
        "date": typed.date,
        "name": typed.name,
        "location.country": typed.country,
        "location.city": typed.city,
        "founded": typed.founded,
        "members.total": typed.members,
        "source": typed.source,
    }
    for key, text in given.items():
        put(profile, rows[key], value, text)
    places: dict[str, str] = {}
    found = indicator_rows(book)
    for indicator, answer in answers.items():
        sheet, row = found[indicator]
        header = columns(sheet)
        if raw_levels:
            sheet.cell(row, header["Level"]).value = answer.cell
        else:
            put(sheet, row, header["Level"], answer.cell)
        put(sheet, row, header["Evidence"], answer.evidence)
        put(sheet, row, header["Source"], answer.source)
        places[indicator] = place(str(path), sheet.title, row, header["Level"])
    if new is not None:
        refs = book["References"]
        for column, text in enumerate((new.key, new.title, new.url), start=1):
            put(refs, 2, column, text)
    book.save(path)
    return places


# The columns the exporters add around the form's questions, and how each writes a CSV.
CENTRAL_BEFORE = ("SubmissionDate",)
CENTRAL_AFTER = ("meta-instanceID", "KEY", "SubmitterID", "ReviewState", "FormVersion")
KOBO_BEFORE = ("start", "end", "today", "deviceid")
KOBO_AFTER = ("_id", "_uuid", "_submission_time", "_validation_status", "_index")


@dataclass(frozen=True)
class Style:
    name: str
    delimiter: str
    separator: str | None  # None: the questions' names without their group
    bom: bool
    before: tuple[str, ...]
    after: tuple[str, ...]

    def column(self, path: Path_) -> str:
        return path[-1] if self.separator is None else self.separator.join(path)


STYLES = (
    Style("central", ",", "-", False, CENTRAL_BEFORE, CENTRAL_AFTER),
    Style("kobo", ";", "/", True, KOBO_BEFORE, KOBO_AFTER),
    Style("kobo-bare", ",", None, False, KOBO_BEFORE, KOBO_AFTER),
)
_LINE_END = re.compile(r"\r\n|\r|\n")


def export(style: Style, rows: Sequence[Mapping[Path_, object]]) -> tuple[bytes, list[int]]:
    """An export's bytes (lone surrogates \\udc80-\\udcff as the bytes they stand for) and each row's first line."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=style.delimiter)
    writer.writerow([*style.before, *(style.column(q) for q in QUESTIONS), *style.after])
    starts = []
    for n, row in enumerate(rows):
        # NOTE: as a text editor counts lines; a line break inside a quoted field starts a new line.
        starts.append(len(_LINE_END.findall(out.getvalue())) + 1)
        writer.writerow(
            ["x"] * len(style.before) + [row.get(q, "") for q in QUESTIONS] + [f"uuid:{n}"] * len(style.after)
        )
    data = out.getvalue().encode("utf-8", "surrogateescape")
    return (b"\xef\xbb\xbf" if style.bom else b"") + data, starts


def cluster_of(s: tuple[Facts, Any, NewRef | None, Any]) -> str:
    return s[0].cluster_id


def new_key_of(s: tuple[Facts, Any, NewRef | None, Any]) -> str:
    """A submission's new reference key (one of its own when it gives none)."""
    return s[2].key if s[2] is not None else f"none:{s[0].cluster_id}"


@st.composite
def submissions(
    draw: st.DrawFn, most: int | None = None
) -> tuple[Facts, dict[str, Typed], NewRef | None, dict[Path_, str]]:
    """One submission: its facts, its answers (at most ``most``), perhaps a new reference, and its row.

    A submission describes at most one new reference (source_title, source_url): the one its source names.
    """
    new = draw(st.none() | new_refs)
    keys = sorted(REFERENCE_KEYS) if new is None else [*sorted(REFERENCE_KEYS), new.key]
    typed = draw(facts(keys, workbook=False))
    if new is not None:
        typed = dataclasses.replace(typed, source=draw(citations([new.key])))
    answers = draw(typed_answers(keys, workbook=False, most=most))
    row: dict[Path_, str] = {
        ("cluster_id",): typed.cluster_id,
        ("date",): str(typed.date),
        ("profile", "name"): typed.name,
        ("profile", "country"): typed.country,
        ("profile", "city"): typed.city or "",
        ("profile", "founded"): "" if typed.founded is None else str(typed.founded),
        ("profile", "members"): "" if typed.members is None else str(typed.members),
        ("source",): typed.source,
        ("source_title",): new.title if new else "",
        ("source_url",): (new.url or "") if new else "",
    }
    for indicator, answer in answers.items():
        q = LEVEL_QUESTION[indicator]
        row[q.level] = str(answer.cell)
        row[q.evidence] = answer.evidence or ""
        row[q.source] = answer.source or ""
    return typed, answers, new, row


# --- checks --------------------------------------------------------------------------------------


@contextmanager
def folder() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as name:
        yield Path(name)


def files_under(directory: Path) -> list[Path]:
    return sorted(p for p in directory.rglob("*") if p.is_file()) if directory.exists() else []


def assert_located(exc: LoadError, places: set[str]) -> None:
    """Each problem is one short line at one of ``places`` (a cell, or a line and a column)."""
    assert exc.problems, exc
    for problem in exc.problems:
        assert problem.file in places, (problem, sorted(places))
        text = str(problem)
        assert text.strip() and "\n" not in text and "\r" not in text, text
        assert len(problem.message) <= 400, problem


Expected = dict[str, tuple[dict[str, Any], str, dict[str, tuple[Level, str | None, str | None]]]]


def check_profiles(directory: Path, expected: Expected) -> None:
    """The profiles written load, validate and score with the levels of the answers.

    ``expected``: cluster id -> (facts, date, {indicator: (level, evidence, source)}).
    """
    catalog = Catalog(search_dirs([directory], env=""))
    result = validate_files([directory], catalog)
    assert result.ok, [str(p) for p in result.problems()]
    for cluster_id, (facts_, date, levels) in expected.items():
        cluster = catalog.cluster(cluster_id)
        assert isinstance(cluster, Cluster)
        # NOTE: an id of a bundled profile (mnc) is shadowed by the one written.
        assert (
            catalog.entry("cluster", cluster_id).path.resolve()
            == (directory / "clusters" / f"{cluster_id}.yaml").resolve()
        )
        assert cluster.name == facts_["name"]
        assert cluster.location.country == facts_["location.country"]
        assert cluster.location.city == facts_.get("location.city")
        assert (cluster.founded.value if cluster.founded else None) == facts_.get("founded")
        assert (cluster.members.total.value if cluster.members.total else None) == facts_.get("members.total")
        (assessment,) = cluster.assessments
        assert (assessment.framework, assessment.date) == ("default", date)
        got = {i: (v.level, [(e.text, e.source) for e in v.evidence]) for i, v in assessment.levels.items()}
        assert got == {i: (lv, [(ev, src)]) for i, (lv, ev, src) in levels.items()}
        scored = score(cluster, FRAMEWORK)
        by_id = {i.id: i.level for i in scored.indicators}
        assert {i: by_id[i] for i in ASSESSED} == {i: levels[i][0] if i in levels else None for i in ASSESSED}


# --- 1. a questionnaire workbook, round trip ----------------------------------------------------------


@st.composite
def questionnaires(draw: st.DrawFn) -> tuple[Facts, dict[str, Typed], NewRef | None]:
    new = draw(st.none() | new_refs)
    keys = [*REFERENCE_KEYS, *([new.key] if new else [])]
    return draw(facts(keys, workbook=True)), draw(typed_answers(keys, workbook=True)), new


@settings(max_examples=gen.examples(1.0))
@given(case=questionnaires())
def test_a_filled_questionnaire_reads_back_and_scores_as_typed(
    case: tuple[Facts, dict[str, Typed], NewRef | None],
) -> None:
    typed, answers, new = case
    with folder() as tmp:
        path = tmp / "q.xlsx"
        places = fill_workbook(path, typed, answers, new)
        (read,) = read_workbook(path, FRAMEWORK, references=REFERENCE_KEYS)

        assert (read.cluster_id, read.framework, read.date) == (typed.cluster_id, "default", typed.date_text)
        assert read.facts == expected_facts(typed)
        assert read.source == as_stored(typed.source)
        assert [(r.key, r.title, r.url) for r in read.references] == (
            [(new.key, as_stored(new.title), new.url)] if new else []
        )
        want = [
            Answer(
                indicator,
                a.level,
                None if a.evidence is None else as_stored(a.evidence),
                None if a.source is None else as_stored(a.source),
                places[indicator],
            )
            for indicator, a in answers.items()
        ]
        assert list(read.answers) == want

        out = tmp / "mine"
        written = write_profiles([read], out, update=False, catalog=CATALOG)
        profile = out / "clusters" / f"{typed.cluster_id}.yaml"
        assert written == ([out / "references.yaml"] if new else []) + [profile]
        levels: dict[str, tuple[Level, str | None, str | None]] = {
            a.indicator: (a.level, a.evidence, a.source) for a in want if a.level is not None
        }
        check_profiles(out, {typed.cluster_id: (expected_facts(typed), typed.date_text, levels)})
        if new is not None:
            reference = Catalog(search_dirs([out], env="")).references()[new.key]
            assert (reference.title, reference.url) == (as_stored(new.title), new.url)


# --- 2. an export of submissions, round trip ----------------------------------------------------------


def expected_answers(answers: Mapping[str, Typed], fallback: str, path: Path, line: int, style: Style) -> list[Answer]:
    """What an export says of each indicator answered: evidence and source stripped, the submission's source
    standing in for a missing one when there is evidence."""
    found = []
    for indicator, a in answers.items():
        evidence = a.evidence.strip() if a.evidence is not None else None
        source = a.source.strip() if a.source else None
        where = f"{path}:{line}:{style.column(LEVEL_QUESTION[indicator].level)}"
        found.append(Answer(indicator, a.level, evidence, source or (fallback if evidence else None), where))
    return found


@settings(max_examples=gen.examples(1.0))
@given(
    # NOTE: two submissions may not give one new reference key two titles: that is refused, rightly.
    batch=st.lists(submissions(), min_size=1, max_size=4, unique_by=(cluster_of, new_key_of)),
    style=st.sampled_from(STYLES),
)
def test_an_export_of_submissions_reads_back_and_scores_as_typed(
    batch: list[tuple[Facts, dict[str, Typed], NewRef | None, dict[Path_, str]]], style: Style
) -> None:
    data, starts = export(style, [row for *_, row in batch])
    with folder() as tmp:
        path = tmp / f"{style.name}.csv"
        path.write_bytes(data)
        read = read_submissions(path, FRAMEWORK, references=REFERENCE_KEYS)

        assert len(read) == len(batch)
        expected: Expected = {}
        for got, (typed, answers, new, _), line in zip(read, batch, starts):
            assert (got.cluster_id, got.framework, got.date) == (typed.cluster_id, "default", typed.date_text)
            assert got.where == f"{path}:{line}"
            assert got.facts == expected_facts(typed, str.strip)
            assert got.source == typed.source.strip()
            assert [(r.key, r.title, r.url) for r in got.references] == (
                [(new.key, new.title.strip(), new.url)] if new else []
            )
            want = expected_answers(answers, got.source, path, line, style)
            assert list(got.answers) == want
            levels: dict[str, tuple[Level, str | None, str | None]] = {
                a.indicator: (a.level, a.evidence, a.source) for a in want if a.level is not None
            }
            expected[typed.cluster_id] = (expected_facts(typed, str.strip), typed.date_text, levels)

        out = tmp / "mine"
        written = write_profiles(read, out, update=False, catalog=CATALOG)
        assert {p.name for p in written} >= {f"{t.cluster_id}.yaml" for t, *_ in batch}
        check_profiles(out, expected)


# --- 3. junk in the level cells: a located LoadError, or the level it is ------------------------------------


def level_meant(value: object, workbook: bool) -> Level | str:
    """The level a typed value is (None: unknown), or ``"bad"``; what a user is told to type, stated apart
    from the reader. ``workbook``: the value as openpyxl stores it (a '=...' string a formula, '#N/A' an
    error value, a NaN or an infinity nothing); else the text of a CSV field."""
    if workbook:
        if isinstance(value, str) and ((len(value) > 1 and value.startswith("=")) or value in ERROR_CODES):
            return "bad"
        if isinstance(value, float) and math.isfinite(value) and value.is_integer() and 0 <= value <= 4:
            return int(value)
        if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 4:
            return value
    if not isinstance(value, str):
        return "bad"
    text = value.strip()
    if text in ("0", "1", "2", "3", "4"):
        return int(text)
    return None if text.lower() == "unknown" else "bad"


# Junk a user, a script or a spreadsheet application can put into a level cell.
_NUMBERS: st.SearchStrategy[object] = st.one_of(
    st.integers(-10, 10),
    st.floats(-1, 5),
    st.integers(),
    st.integers(2**53, 10**40),
    st.floats(),
    st.sampled_from([0.0, -0.0, 4.0, 4.000000000000001, 2.5, 1e308, float("nan"), float("inf")]),
)
_FORMULAS = st.one_of(
    st.sampled_from(["=1+1", "=2", "=D3", "=SUM(D2:D3)", '=HYPERLINK("http://example.com","3")', "=", "==", "=-"]),
    st.text(CELL_CHARS, min_size=1, max_size=20).map(lambda t: "=" + t),
)
# Any date: openpyxl writes one before 1900 or after 9999 as a number or an error value.
_WHEN: st.SearchStrategy[object] = st.one_of(
    st.dates(),
    st.datetimes(),
    st.times(),
    st.timedeltas(datetime.timedelta(0), datetime.timedelta(days=3)),
)
_VALID = st.integers(0, 4).flatmap(lambda n: level_cells(n, workbook=True)) | level_cells(None, workbook=True)
# What the issue names: 7, "three", 2.5, a formula, a date; and the near misses of a level.
NEAR_MISSES: list[object] = [7, "7", -1, "-1", 5, "5", 2.5, "2.5", "three", "=3", datetime.date(2024, 1, 5)]
cell_junk: st.SearchStrategy[object] = st.one_of(
    st.sampled_from(NEAR_MISSES),
    cell_texts(30),
    _NUMBERS,
    _WHEN,
    st.booleans(),
    _FORMULAS,
    st.sampled_from(ERROR_CODES),
    st.sampled_from([None, "", " ", "\n", "two", "2.0", "２", "²", "4 ", "0x2", "1e0", "unknown.", "un known"]),
    _VALID,
)
# The text of a CSV field: any characters (NUL, controls, lone surrogates standing for undecodable bytes).
_ESCAPED_BYTES = st.characters(min_codepoint=0xDC80, max_codepoint=0xDCFF)
field_junk: st.SearchStrategy[str] = st.one_of(
    st.sampled_from(NEAR_MISSES).map(str),
    st.text(st.characters(codec="utf-8") | _ESCAPED_BYTES, max_size=30),
    cell_texts(30),
    _NUMBERS.map(str),
    _WHEN.map(str),
    st.booleans().map(str),
    _FORMULAS,
    st.sampled_from(["", " ", "TRUE", "2.0", "3,0", "0: none", "２", "un known", "4\n"]),
    _VALID.map(str),
)


def junk_rows(answers: Mapping[str, Typed], draw: st.DrawFn, junk: st.SearchStrategy[Any]) -> dict[str, Typed]:
    """The answers with junk in the level cells of one to three indicators, each with evidence and source."""
    spoilt = draw(st.lists(st.sampled_from(ASSESSED), min_size=1, max_size=3, unique=True))
    changed = dict(answers)
    for indicator in spoilt:
        value = draw(junk)
        changed[indicator] = Typed(value, None, "Evidence typed for the level.", "el-idrissi-2020 §3.1")
    return {i: changed[i] for i in ASSESSED if i in changed}


@st.composite
def spoilt_questionnaires(draw: st.DrawFn) -> tuple[Facts, dict[str, Typed], set[str]]:
    keys = sorted(REFERENCE_KEYS)
    typed = draw(facts(keys, workbook=True))
    answers = draw(typed_answers(keys, workbook=True, most=8))
    changed = junk_rows(answers, draw, cell_junk)
    spoilt = {i for i, a in changed.items() if a is not answers.get(i)}
    return typed, changed, spoilt


DEMO = Facts("demo", "2024", "Demo", "MA", None, None, None, "el-idrissi-2020")


def import_refused(file: Path, out: Path, places: set[str]) -> None:
    """`clusterkit import FILE --dir OUT` exits 2, every line of stderr a problem at one of ``places``;
    nothing is written (``write_profiles`` is not reached, or writes nothing)."""
    result = CliRunner().invoke(app, ["import", str(file), "--dir", str(out)])
    assert result.exit_code == 2, (result.exit_code, result.output, result.exception)
    assert "Traceback" not in result.output and "internal error" not in result.output, result.output
    lines = result.stderr.splitlines()
    assert lines, result.output
    for line in lines:
        assert any(line.startswith(f"{where}: ") for where in places), (line, sorted(places))
    assert files_under(out) == [], files_under(out)


@settings(max_examples=gen.examples(1.0))
@given(case=spoilt_questionnaires())
@example(case=(DEMO, {"sme_participation": Typed("=2", None, "x", "el-idrissi-2020")}, {"sme_participation"}))
def test_junk_in_a_level_cell_is_refused_at_its_cell_or_read_as_the_level(
    case: tuple[Facts, dict[str, Typed], set[str]],
) -> None:
    typed, answers, spoilt = case
    with folder() as tmp:
        path = tmp / "q.xlsx"
        places = fill_workbook(path, typed, answers, None, raw_levels=True)
        meant = {i: level_meant(answers[i].cell, workbook=True) for i in spoilt}
        bad = {places[i] for i, level in meant.items() if level == "bad"}
        out = tmp / "mine"
        try:
            (read,) = read_workbook(path, FRAMEWORK, references=REFERENCE_KEYS)
        except LoadError as exc:
            assert bad, [str(p) for p in exc.problems]
            assert_located(exc, bad)
            assert {p.file for p in exc.problems} == bad
            assert all(p.field == "level" for p in exc.problems), exc.problems
            event("refused")
            import_refused(path, out, bad)
            return
        assert not bad, (meant, read.answers)
        event("read")
        levels = {a.indicator: a.level for a in read.answers}
        assert {i: levels[i] for i in spoilt} == meant
        assert write_profiles([read], out, update=False, catalog=CATALOG)


@st.composite
def spoilt_exports(
    draw: st.DrawFn, junk_values: st.SearchStrategy[Any] = field_junk
) -> tuple[list[dict[Path_, Any]], list[dict[str, object]]]:
    """Submissions with junk in some level columns; per submission, indicator -> the junk typed."""
    # NOTE: few valid answers beside the junk, so that an example stays within Hypothesis's size limit.
    batch = draw(st.lists(submissions(most=5), min_size=1, max_size=3, unique_by=(cluster_of, new_key_of)))
    rows: list[dict[Path_, Any]] = []
    junk: list[dict[str, object]] = []
    for n, (_, answers, _, original) in enumerate(batch):
        row: dict[Path_, Any] = dict(original)
        typed: dict[str, object] = {}
        if n == 0 or draw(st.booleans()):  # the first submission at least
            for indicator, answer in junk_rows(answers, draw, junk_values).items():
                if answers.get(indicator) is answer:
                    continue
                q = LEVEL_QUESTION[indicator]
                row[q.level], row[q.evidence], row[q.source] = answer.cell, answer.evidence, ""
                typed[indicator] = answer.cell
        rows.append(row)
        junk.append(typed)
    return rows, junk


def one_spoilt(level: str) -> tuple[list[dict[Path_, Any]], list[dict[str, object]]]:
    """One submission whose first indicator's level column holds ``level``."""
    q = LAYOUT.indicators[0]
    row = {
        ("cluster_id",): "demo",
        ("date",): "2024-05-03",
        ("profile", "name"): "Demo",
        ("profile", "country"): "MA",
        ("source",): "el-idrissi-2020",
        q.level: level,
        q.evidence: "Evidence typed for the level.",
    }
    return [row], [{q.indicator: level}]


@settings(max_examples=gen.examples(1.0))
@given(case=spoilt_exports(), style=st.sampled_from(STYLES))
# The bytes of an ideographic space (U+3000), then 2: stripped, the level 2.
@example(case=one_spoilt("\udce3\udc80\udc802"), style=STYLES[0])
# One undecodable byte: located, not a file-wide refusal.
@example(case=one_spoilt("\udcc3"), style=STYLES[1])
# A NUL byte early in the file: the whole file is refused as binary data.
@example(case=one_spoilt("2\x00"), style=STYLES[0])
# A level column left empty though evidence is typed: the indicator is skipped.
@example(case=one_spoilt(" "), style=STYLES[2])
def test_junk_in_a_level_column_is_refused_at_its_line_or_read_as_the_level(
    case: tuple[list[dict[Path_, Any]], list[dict[str, object]]], style: Style
) -> None:
    rows, junk = case
    data, starts = export(style, rows)
    with folder() as tmp:
        path = tmp / f"{style.name}.csv"
        path.write_bytes(data)
        meant: dict[str, Level | str] = {}
        for line, typed in zip(starts, junk):
            for indicator, value in typed.items():
                # What the reader gets: the bytes written, decoded with their undecodable bytes kept.
                text = str(value).encode("utf-8", "surrogateescape").decode("utf-8", "surrogateescape")
                decodes = not any("\udc80" <= c <= "\udcff" for c in text)
                level = level_meant(text, workbook=False) if decodes else "bad"
                column = style.column(LEVEL_QUESTION[indicator].level)
                meant[f"{path}:{line}:{column}"] = "skip" if not text.strip() else level
        bad = {where for where, level in meant.items() if level == "bad"}
        out = tmp / "mine"
        try:
            read = read_submissions(path, FRAMEWORK, references=REFERENCE_KEYS)
        except LoadError as exc:
            if b"\x00" in data[:4096]:
                # NOTE: a NUL byte early in the file: refused as binary data, not as CSV text.
                assert [p.file for p in exc.problems] == [str(path)], exc.problems
                bad = {str(path)}
                event("refused as binary")
            else:
                assert bad, [str(p) for p in exc.problems]
                assert_located(exc, bad)
                assert {p.file for p in exc.problems} == bad
                event("refused")
            import_refused(path, out, bad)
            return
        assert not bad, (sorted(bad), read)
        event("read")
        levels = {a.where: a.level for answers in read for a in answers.answers}
        assert {w: levels[w] for w, level in meant.items() if level != "skip"} == {
            w: level for w, level in meant.items() if level != "skip"
        }
        assert not {w for w, level in meant.items() if level == "skip"} & set(levels)
        assert write_profiles(read, out, update=False, catalog=CATALOG)


def kobo_xlsx(path: Path, rows: Sequence[Mapping[Path_, object]]) -> None:
    """An XLSX export as KoBoToolbox writes it: the submissions on the first sheet, group paths joined with '/'.

    Texts are stored as texts; a level's value is stored as openpyxl takes it (a number, a date, a
    formula for a string starting with '=').
    """
    style = STYLES[1]
    book = Workbook()
    sheet: Any = book.active
    sheet.append([*style.before, *(style.column(q) for q in QUESTIONS), *style.after])
    levels = {q.level for q in LAYOUT.indicators}
    for number, row in enumerate(rows, start=2):
        for column, q in enumerate(QUESTIONS, start=len(style.before) + 1):
            value = row.get(q)
            if q in levels:
                sheet.cell(number, column).value = value
            else:
                put(sheet, number, column, value or None)
    book.save(path)


@settings(max_examples=gen.examples(0.5))
@given(case=spoilt_exports(cell_junk))
def test_junk_in_a_level_column_of_an_xlsx_export_is_refused_at_its_row_or_read_as_the_level(
    case: tuple[list[dict[Path_, object]], list[dict[str, object]]],
) -> None:
    rows, junk = case
    with folder() as tmp:
        path = tmp / "kobo.xlsx"
        kobo_xlsx(path, rows)
        meant: dict[str, Level | str] = {}
        for number, typed in enumerate(junk, start=2):
            for indicator, value in typed.items():
                # NOTE: openpyxl writes a NaN or an infinity as an empty cell.
                empty = value is None or (isinstance(value, str) and not value.strip())
                empty = empty or (isinstance(value, float) and not math.isfinite(value))
                where = f"{path}:{number}:{STYLES[1].column(LEVEL_QUESTION[indicator].level)}"
                meant[where] = "skip" if empty else level_meant(value, workbook=True)
        bad = {where for where, level in meant.items() if level == "bad"}
        out = tmp / "mine"
        try:
            read = read_submissions(path, FRAMEWORK, references=REFERENCE_KEYS)
        except LoadError as exc:
            assert bad, [str(p) for p in exc.problems]
            assert_located(exc, bad)
            assert {p.file for p in exc.problems} == bad
            event("refused")
            import_refused(path, out, bad)
            return
        assert not bad, (sorted(bad), read)
        event("read")
        levels = {a.where: a.level for answers in read for a in answers.answers}
        kept = {w: level for w, level in meant.items() if level != "skip"}
        assert {w: levels[w] for w in kept} == kept
        assert not set(meant).difference(kept) & set(levels)
        assert write_profiles(read, out, update=False, catalog=CATALOG)
