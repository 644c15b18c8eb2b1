"""Exports of the XLSForm's submissions (ODK Central, KoBoToolbox; CSV or XLSX) read into answers.

A user relies on: one :class:`ClusterAnswers` per submission with the levels, evidence and sources
typed on the tablet; the columns found by name whichever export wrote them (``resources-x`` or
``resources/x``, in any order, among the export's own columns); and, for a bad export, every
problem listed at its place (``kobo.csv:12:resources/x``) with nothing read.
"""

from __future__ import annotations

import csv
import datetime
import io
import os
import time
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from pathlib import Path

import pytest
from openpyxl import Workbook
from pyxform.xls2xform import convert
from typer.testing import Result

from clusterkit.errors import LoadError
from clusterkit.intake import Answer, ClusterAnswers, NewReference
from clusterkit.intake.submissions import MAX_PROBLEMS, MAX_SUBMISSIONS, read_submissions
from clusterkit.intake.xlsform import form_layout, xlsform
from clusterkit.loading import Catalog, load_document, search_dirs
from clusterkit.models import Cluster, Framework

Cli = Callable[..., Result]
TESTS = Path(__file__).resolve().parents[1]
NEGATIVE = TESTS / "negative" / "submissions"
POSITIVE = TESTS / "positive"
Path_ = tuple[str, ...]

# The columns ODK Central adds around a form's questions, and KoBoToolbox's.
CENTRAL_BEFORE = ("SubmissionDate",)
CENTRAL_AFTER = (
    "meta-instanceID",
    "KEY",
    "SubmitterID",
    "SubmitterName",
    "AttachmentsPresent",
    "AttachmentsExpected",
    "Status",
    "ReviewState",
    "DeviceID",
    "Edits",
    "FormVersion",
)
KOBO_BEFORE = ("start", "end", "today", "deviceid")
KOBO_AFTER = ("_id", "_uuid", "_submission_time", "_validation_status", "_notes", "_status", "_submitted_by", "_index")


@pytest.fixture(scope="module")
def framework() -> Framework:
    return Catalog(search_dirs([], env="")).framework("default")


@pytest.fixture(scope="module")
def mini() -> Framework:
    return Catalog(search_dirs([POSITIVE], env="")).framework("mini")


def submission(framework: Framework, cluster_id: str, shift: int = 0, **values: str) -> dict[Path_, str]:
    """A submission as a field interview gives it: every question's value, by its path in the form."""
    layout = form_layout(framework)
    answers: dict[Path_, str] = {
        ("cluster_id",): cluster_id,
        ("date",): "2024-05-03",
        ("profile", "name"): f"Cluster {cluster_id}",
        ("profile", "country"): "MA",
        ("profile", "city"): "Rabat",
        ("profile", "founded"): "2011",
        ("profile", "members"): str(40 + shift),
        ("source",): "self-2024",
        ("source_title",): "Self-assessment by the cluster manager, May 2024",
        ("source_url",): "",
    }
    for n, q in enumerate(layout.indicators):
        level = "unknown" if n % 5 == 4 else str((n + shift) % 5)
        answers[q.level] = level
        answers[q.evidence] = "" if level == "unknown" else f'{q.indicator}: evidence, with a comma; "quoted" ({shift})'
        answers[q.source] = "el-idrissi-2020 §2.2" if n % 3 == 0 else ""
    for key, value in values.items():
        group, _, name = key.rpartition("__")
        answers[(group, name) if group else (name,)] = value
    return answers


def header(framework: Framework, separator: str | None) -> list[str]:
    return [q[-1] if separator is None else separator.join(q) for q in form_layout(framework).questions()]


def central_csv(path: Path, framework: Framework, rows: Iterable[Mapping[Path_, str]]) -> Path:
    """An export as ODK Central writes it: ',' and group paths joined with '-', its own columns around."""
    questions = list(form_layout(framework).questions())
    with path.open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow([*CENTRAL_BEFORE, *header(framework, "-"), *CENTRAL_AFTER])
        for n, row in enumerate(rows):
            meta = [f"uuid:0000-{n}", f"uuid:0000-{n}", "5", "collector", "0", "0", "", "", "collect:x", "0", "v1"]
            out.writerow(["2024-05-03T09:12:44.123Z", *(row.get(q, "") for q in questions), *meta])
    return path


def kobo_csv(
    path: Path, framework: Framework, rows: Iterable[Mapping[Path_, str]], separator: str | None = "/"
) -> Path:
    """An export as KoBoToolbox writes it by default: ';', a BOM, group paths joined with '/'."""
    questions = list(form_layout(framework).questions())
    text = io.StringIO()
    out = csv.writer(text, delimiter=";")
    out.writerow([*KOBO_BEFORE, *header(framework, separator), *KOBO_AFTER])
    for n, row in enumerate(rows):
        before = ["2024-05-03T09:00:00.000+01:00", "2024-05-03T09:40:00.000+01:00", "2024-05-03", "ee:abc"]
        out.writerow([*before, *(row.get(q, "") for q in questions), str(100 + n), f"u{n}", "", "", "", "", "", "1"])
    path.write_bytes(b"\xef\xbb\xbf" + text.getvalue().encode("utf-8"))
    return path


def typed(value: str, question: Path_) -> object:
    """A value as a KoBoToolbox XLSX holds it: numbers as numbers, the date as a date."""
    if question == ("date",) and value:
        return datetime.datetime.fromisoformat(value)
    return int(value) if value.isdigit() else (value or None)


def kobo_xlsx(path: Path, framework: Framework, rows: Iterable[Mapping[Path_, str]]) -> Path:
    """An XLSX export as KoBoToolbox writes it: the submissions on the first sheet, a repeat group's after."""
    questions = list(form_layout(framework).questions())
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Cluster assessment"
    sheet.append([*KOBO_BEFORE, *header(framework, "/"), *KOBO_AFTER])
    for n, row in enumerate(rows):
        sheet.append(["", "", "", "", *(typed(row.get(q, ""), q) for q in questions), 100 + n])
    book.create_sheet("members").append(["_index", "_parent_index"])
    book.save(path)
    return path


def without_places(batch: list[ClusterAnswers]) -> list[ClusterAnswers]:
    return [replace(a, where="", answers=tuple(replace(x, where="") for x in a.answers)) for a in batch]


def expected_answers(framework: Framework, row: Mapping[Path_, str]) -> tuple[Answer, ...]:
    """What a submission says of each assessed indicator: a typed level, its evidence, its source (or the default)."""
    found = []
    for q in form_layout(framework).indicators:
        level = row[q.level]
        evidence = row[q.evidence] or None
        source = row[q.source] or (row[("source",)] if evidence else None)
        found.append(Answer(q.indicator, None if level == "unknown" else int(level), evidence, source))
    return tuple(found)


def test_an_odk_central_export_gives_one_cluster_per_submission(tmp_path: Path, framework: Framework) -> None:
    several_lines = 'A first line;\na second, "quoted" line.'
    rows = [
        submission(framework, "demo-a", resources__value_chain_coverage_evidence=several_lines),
        submission(framework, "demo-b", shift=2, date="2024-06"),
    ]
    path = central_csv(tmp_path / "central.csv", framework, rows)
    batch = read_submissions(path, framework)
    assert [(a.cluster_id, a.date, a.framework) for a in batch] == [
        ("demo-a", "2024-05-03", "default"),
        ("demo-b", "2024-06", "default"),
    ]
    first, second = batch
    assert first.facts == {
        "name": "Cluster demo-a",
        "location.country": "MA",
        "location.city": "Rabat",
        "founded": 2011,
        "members.total": 40,
    }
    assert second.facts["members.total"] == 42
    assert first.source == "self-2024"
    assert first.references == (NewReference("self-2024", "Self-assessment by the cluster manager, May 2024"),)
    assert without_places(batch)[0].answers == expected_answers(framework, rows[0])
    assert without_places(batch)[1].answers == expected_answers(framework, rows[1])
    levels = [a.level for a in second.answers]
    assert levels[:4] == [2, 3, 4, 0] and levels[4] is None
    assert first.answers[1].evidence == several_lines
    assert first.answers[2].evidence == 'management_team: evidence, with a comma; "quoted" (0)'
    # Each answer names the line its submission starts on and the column as the export names it.
    assert first.where == f"{path}:2"
    assert first.answers[0].where == f"{path}:2:resources-sme_participation"
    assert second.where == f"{path}:4"
    assert second.answers[0].where == f"{path}:4:resources-sme_participation"


def test_kobotoolbox_exports_csv_and_xlsx_give_the_same_answers(tmp_path: Path, framework: Framework) -> None:
    rows = [submission(framework, "demo-a"), submission(framework, "demo-b", shift=3)]
    central = without_places(read_submissions(central_csv(tmp_path / "c.csv", framework, rows), framework))
    kobo = read_submissions(kobo_csv(tmp_path / "kobo.csv", framework, rows), framework)
    assert kobo[0].answers[0].where == f"{tmp_path / 'kobo.csv'}:2:resources/sme_participation"
    assert without_places(kobo) == central
    bare = read_submissions(kobo_csv(tmp_path / "bare.csv", framework, rows, separator=None), framework)
    assert without_places(bare) == central
    book = read_submissions(kobo_xlsx(tmp_path / "kobo.xlsx", framework, rows), framework)
    assert book[1].answers[0].where == f"{tmp_path / 'kobo.xlsx'}:3:resources/sme_participation"
    assert without_places(book) == central


def test_columns_are_found_by_name_in_any_order(tmp_path: Path, mini: Framework) -> None:
    path = tmp_path / "shuffled.csv"
    text = (NEGATIVE / "level-seven.csv").read_text(encoding="utf-8").replace(",7,", ",3,")
    head, row = csv.reader(text.splitlines())
    order = sorted(range(len(head)), key=lambda i: head[i][::-1])
    with path.open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow([head[i] for i in order])
        out.writerow([row[i] for i in order])
    (answers,) = read_submissions(path, mini)
    assert answers.answers == (
        Answer("strategy", 3, "A strategy adopted by the board in 2023.", "self-2024", f"{path}:2:processes-strategy"),
    )


def test_the_export_of_the_xforms_own_fields_is_read(tmp_path: Path, framework: Framework) -> None:
    """The columns ODK Central writes are the XForm's paths below its root, joined with '-'."""
    root = ET.fromstring(convert(xlsform(framework)).xform)
    xf = "{http://www.w3.org/2002/xforms}"
    data = root.find(f".//{xf}instance/{xf}data")
    assert data is not None

    def leaves(node: ET.Element, prefix: tuple[str, ...]) -> Iterable[tuple[str, ...]]:
        for child in node:
            name = (*prefix, child.tag.removeprefix(xf).split("}")[-1])
            yield from leaves(child, name) if len(child) else [name]

    paths = [p for p in leaves(data, ()) if p[0] != "meta"]
    assert paths == list(form_layout(framework).questions())
    row = submission(framework, "demo")
    path = tmp_path / "central.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(["SubmissionDate", *("-".join(p) for p in paths), "meta-instanceID", "KEY"])
        out.writerow(["2024-05-03T10:00:00Z", *(row[p] for p in paths), "uuid:1", "uuid:1"])
    (answers,) = read_submissions(path, framework)
    assert without_places([answers])[0].answers == expected_answers(framework, row)


def test_an_odd_framework_reads_back_its_own_names(tmp_path: Path) -> None:
    text = (POSITIVE / "frameworks" / "mini.yaml").read_text(encoding="utf-8")
    text = text.replace("id: processes", "id: profile").replace("dimension: processes", "dimension: profile")
    text = text.replace("id: strategy", "id: 2-strategy")
    (tmp_path / "mini.yaml").write_text(text, encoding="utf-8")
    odd = load_document(tmp_path / "mini.yaml", "framework")
    assert isinstance(odd, Framework)
    row = submission(odd, "demo")
    path = central_csv(tmp_path / "odd.csv", odd, [row])
    assert "dimension_profile-_2-strategy" in path.read_text(encoding="utf-8").splitlines()[0]
    (answers,) = read_submissions(path, odd)
    assert [(a.indicator, a.level) for a in answers.answers] == [("2-strategy", 0)]


def test_unknown_levels_keep_their_note_and_empty_levels_are_skipped(tmp_path: Path, mini: Framework) -> None:
    rows = [
        submission(
            mini,
            "a",
            processes__strategy="unknown",
            processes__strategy_evidence="No document found.",
            processes__strategy_source="",
        ),
        submission(mini, "b", processes__strategy="", processes__strategy_evidence=""),
        submission(mini, "c", processes__strategy="UNKNOWN", processes__strategy_evidence=""),
    ]
    a, b, c = read_submissions(central_csv(tmp_path / "s.csv", mini, rows), mini)
    assert [(x.level, x.evidence, x.source) for x in a.answers] == [(None, "No document found.", "self-2024")]
    assert b.answers == ()
    assert [(x.level, x.evidence, x.source) for x in c.answers] == [(None, None, "el-idrissi-2020 §2.2")]


def test_a_source_must_be_a_known_reference_when_the_references_are_given(tmp_path: Path, mini: Framework) -> None:
    rows = [
        submission(mini, "a", source="el-idrissi-2020 Table 1", source_title=""),
        submission(mini, "b", source="self-2024"),  # described as a new reference by its source_title
        submission(mini, "c", source="el-idrisi-2020", source_title=""),
        submission(mini, "d", processes__strategy_source="nowhere-2020 p. 3"),
    ]
    path = central_csv(tmp_path / "refs.csv", mini, rows)
    with pytest.raises(LoadError) as caught:
        read_submissions(path, mini, references={"el-idrissi-2020", "test-source-2024"})
    hint = (
        "; cite the key of a reference on the search path, or describe a new one in 'source_title' (and 'source_url')"
    )
    assert caught.value.lines() == [
        f"{path}:4:source: no reference has the key 'el-idrisi-2020' (did you mean 'el-idrissi-2020'?){hint}",
        f"{path}:5:processes-strategy_source: no reference has the key 'nowhere-2020'{hint}",
    ]
    assert len(read_submissions(path, mini)) == 4  # unchecked without the references


# --- bad input: each case its located message, nothing read ----------------------------------------

# Each broken export under tests/negative/submissions/ (read with the 'mini' framework of tests/positive)
# and the lines it must produce, after "FILE".
EXPECTED: dict[str, list[str]] = {
    "bad-byte.csv": [":2:processes-strategy_evidence: invalid UTF-8 byte 0xe9: export or save the file as UTF-8"],
    "bad-cluster-id.csv": [
        ":2:cluster_id: must be a slug (lowercase letters, digits, - and _, starting with a letter or digit, at most"
        " 64 characters), got 'Demo Cluster'"
    ],
    "bad-country.csv": [":2:profile-country: must be two capital letters (an ISO 3166 code such as MA), got 'Morocco'"],
    "bad-date.csv": [":2:date: must be a date YYYY-MM-DD (or YYYY-MM, YYYY), got '03/05/2024'"],
    "bad-source.csv": [
        ":2:processes-strategy_source: must be a reference key (lowercase letters, digits, '.', '-', '_'), optionally"
        " followed by a section (el-idrissi-2020 §3.1), got 'Interview with the manager'"
    ],
    "csv-renamed.xlsx": [
        ": is text, not an XLSX workbook (a CSV file renamed .xlsx?); name a CSV file .csv, or save it as .xlsx"
    ],
    "duplicate-column.csv": [":1: column 'processes-strategy' appears 2 times (columns 12, 26); keep one"],
    "founded-out-of-range.csv": [":2:profile-founded: must be a year from 1800 to 2100, got '1700'"],
    "header-only.csv": [": holds no submission (only the header row)"],
    "kobo-misspelt-unknown.csv": [":2:processes/strategy: level: must be 0-4 or unknown, got 'unknow'"],
    "labels-as-headers.csv": [
        ":1: no column of the XLSForm of framework 'mini' (cluster_id, the levels): is this an export of"
        " `clusterkit questionnaire --format xlsform`, with the questions' names (XML names) as headers, not their"
        " labels?"
    ],
    "level-decimal.csv": [":2:processes-strategy: level: must be 0-4 or unknown, got '2.5'"],
    "level-in-words.csv": [":2:processes-strategy: level: must be 0-4 or unknown, got 'three'"],
    "level-label.csv": [
        ":2:processes-strategy: level: must be 0-4 or unknown, got '3: adopted' (an export with labels: export the"
        " XML values, 0-4 and unknown)"
    ],
    "level-seven.csv": [":2:processes-strategy: level: must be 0-4 or unknown, got '7'"],
    "level-without-evidence.csv": [
        ":2:processes-strategy_evidence: empty, but level 3 needs its evidence (a short quote or paraphrase)"
    ],
    "missing-column.csv": [
        ":1: column 'processes-strategy_evidence' is missing: the export lacks a question of the form"
    ],
    "negative-members.csv": [":2:profile-members: must be a whole number, 0 or more, got '-5'"],
    "old-workbook.xls": [
        ": an old Excel 97-2003 file (.xls); open it and save it as an Excel Workbook (.xlsx), or export CSV"
    ],
    "same-cluster-and-date.csv": [
        ":3:cluster_id: a second submission for 'demo' dated 2024-05-03 (the first is at"
        " same-cluster-and-date.csv:2); keep one of them"
    ],
    "several-problems.csv": [
        ":2:processes-strategy: level: must be 0-4 or unknown, got '5'",
        ":3:processes-strategy_evidence: empty, but level 3 needs its evidence (a short quote or paraphrase)",
        ":4:cluster_id: must be a slug (lowercase letters, digits, - and _, starting with a letter or digit, at most"
        " 64 characters), got 'Third'",
        ":4:date: must be a date YYYY-MM-DD (or YYYY-MM, YYYY), got '2024-13-01'",
    ],
    "utf16.csv": [": file is UTF-16; export or save it as UTF-8 CSV"],
}


def test_every_negative_export_has_its_expected_message() -> None:
    assert sorted(p.name for p in NEGATIVE.iterdir()) == sorted(EXPECTED)


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_a_bad_export_lists_every_problem_at_its_place(
    case: str, mini: Framework, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(NEGATIVE)
    with pytest.raises(LoadError) as caught:
        read_submissions(case, mini)
    assert caught.value.lines() == [case + line for line in EXPECTED[case]]


@pytest.mark.parametrize("case", ["level-seven.csv", "kobo-misspelt-unknown.csv", "several-problems.csv"])
def test_import_of_a_bad_export_exits_2_and_writes_nothing(
    case: str, cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(NEGATIVE)
    mine = tmp_path / "mine"
    result = cli("import", case, "--dir", mine, "--framework", "mini", "--profiles-dir", POSITIVE)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.splitlines()[: len(EXPECTED[case])] == [case + line for line in EXPECTED[case]]
    assert not mine.exists()


def xlsx_export(path: Path, mini: Framework, level: object) -> Path:
    kobo_xlsx(path, mini, [submission(mini, "demo")])
    from openpyxl import load_workbook

    book = load_workbook(path)
    sheet = book.worksheets[0]
    column = [c.value for c in sheet[1]].index("processes/strategy") + 1
    sheet.cell(2, column).value = level
    book.save(path)
    return path


@pytest.mark.parametrize(
    ("level", "message"),
    [
        ("=1+2", "got a formula '=1+2'"),
        (datetime.datetime(2024, 3, 1), "got a date 2024-03-01T00:00:00"),
        (2.5, "got 2.5"),
        (7, "got 7"),
        (True, "got True"),
    ],
)
def test_a_workbook_level_cell_holding_a_formula_a_date_or_a_wrong_number(
    tmp_path: Path, mini: Framework, level: object, message: str
) -> None:
    path = xlsx_export(tmp_path / "kobo.xlsx", mini, level)
    with pytest.raises(LoadError) as caught:
        read_submissions(path, mini)
    assert caught.value.lines() == [f"{path}:2:processes/strategy: level: must be 0-4 or unknown, {message}"]


def test_a_workbook_level_of_3_0_is_level_3(tmp_path: Path, mini: Framework) -> None:
    (answers,) = read_submissions(xlsx_export(tmp_path / "kobo.xlsx", mini, 3.0), mini)
    assert answers.answers[0].level == 3


def test_a_damaged_workbook_and_a_zip_bomb_are_refused(tmp_path: Path, mini: Framework) -> None:
    good = kobo_xlsx(tmp_path / "good.xlsx", mini, [submission(mini, "demo")])
    damaged = tmp_path / "damaged.xlsx"
    damaged.write_bytes(good.read_bytes()[:-200])
    with pytest.raises(LoadError) as caught:
        read_submissions(damaged, mini)
    assert caught.value.lines()[0].startswith(f"{damaged}: is damaged: its ZIP archive cannot be read")
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            target.writestr(entry, source.read(entry))
        target.writestr("xl/sharedStrings2.xml", b"\0" * (300 * 1024 * 1024))
    assert bomb.stat().st_size < 2 * 1024 * 1024
    started = time.perf_counter()
    with pytest.raises(LoadError) as caught:
        read_submissions(bomb, mini)
    assert time.perf_counter() - started < 5
    assert "a zip bomb?" in caught.value.lines()[0]


def test_a_huge_export_is_refused_in_bounded_time(tmp_path: Path, mini: Framework) -> None:
    """100,000 rows: reading stops past the limit of one export, without reading the rest."""
    path = central_csv(tmp_path / "huge.csv", mini, [])
    row = path.read_text(encoding="utf-8").splitlines()[0].count(",")
    line = ",".join(["x", "demo", "2024-05-03", "Demo", "MA", "", "", "", "self-2024", "", "", "3", "Evidence."])
    with path.open("a", encoding="utf-8") as handle:
        for n in range(100_000):
            handle.write(line.replace("demo", f"demo-{n}") + "," * (row - 12) + "\n")
    started = time.perf_counter()
    with pytest.raises(LoadError) as caught:
        read_submissions(path, mini)
    assert time.perf_counter() - started < 10
    assert caught.value.lines() == [
        f"{path}:{MAX_SUBMISSIONS + 2}: more than 10,000 submissions, the limit of one export (split it)"
    ]


def test_a_huge_field_is_a_located_problem(tmp_path: Path, mini: Framework) -> None:
    path = central_csv(
        tmp_path / "field.csv", mini, [submission(mini, "demo", processes__strategy_evidence="x" * 200_000)]
    )
    with pytest.raises(LoadError) as caught:
        read_submissions(path, mini)
    assert caught.value.lines() == [f"{path}:2: not readable as CSV: field larger than field limit (131072)"]


def test_problems_are_listed_up_to_a_bound_and_counted(tmp_path: Path, mini: Framework) -> None:
    rows = [submission(mini, f"c{n}", processes__strategy="9") for n in range(MAX_PROBLEMS + 50)]
    with pytest.raises(LoadError) as caught:
        read_submissions(central_csv(tmp_path / "many.csv", mini, rows), mini)
    lines = caught.value.lines()
    assert len(lines) == MAX_PROBLEMS + 1
    assert lines[-1] == f"{tmp_path / 'many.csv'}: 50 more problems not shown (the first 200 are above)"
    assert caught.value.message == f"{tmp_path / 'many.csv'}: 250 problems"


def test_what_is_not_a_file_is_refused_without_being_opened(tmp_path: Path, mini: Framework) -> None:
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    with pytest.raises(LoadError) as caught:
        read_submissions(fifo, mini)
    assert caught.value.lines() == [f"{fifo}: not a regular file (a device, pipe or socket)"]
    with pytest.raises(LoadError) as caught:
        read_submissions(tmp_path, mini)
    assert caught.value.lines() == [f"{tmp_path}: is a folder, not a file"]
    with pytest.raises(LoadError) as caught:
        read_submissions(tmp_path / "none.csv", mini)
    assert caught.value.lines() == [f"{tmp_path / 'none.csv'}: no such file"]
    huge = tmp_path / "huge.csv"
    with huge.open("wb") as handle:
        handle.truncate(65 * 1024 * 1024)  # a sparse file: its size is refused before a byte is read
    with pytest.raises(LoadError) as caught:
        read_submissions(huge, mini)
    assert caught.value.lines() == [f"{huge}: file is 68,157,440 bytes; the limit is 67,108,864"]
    workbook = kobo_xlsx(tmp_path / "book.xlsx", mini, [submission(mini, "demo")])
    renamed = tmp_path / "book.csv"
    renamed.write_bytes(workbook.read_bytes())
    with pytest.raises(LoadError) as caught:
        read_submissions(renamed, mini)
    assert caught.value.lines() == [
        f"{renamed}: a ZIP archive (an XLSX workbook?), not CSV text; give a workbook its .xlsx suffix"
    ]


# --- the import command, end to end ----------------------------------------------------------------


def test_import_writes_one_profile_per_submission_that_validates(
    cli: Cli, tmp_path: Path, framework: Framework, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    rows = [submission(framework, "demo-a"), submission(framework, "demo-b", shift=1)]
    central_csv(tmp_path / "subs.csv", framework, rows)
    result = cli("import", "subs.csv", "--dir", "mine")
    assert result.exit_code == 0, result.stderr
    assert sorted(result.stdout.splitlines()) == [
        "wrote mine/clusters/demo-a.yaml",
        "wrote mine/clusters/demo-b.yaml",
        "wrote mine/references.yaml",
    ]
    result = cli("validate", "mine/clusters/demo-a.yaml", "mine/clusters/demo-b.yaml", "--profiles-dir", "mine")
    assert result.exit_code == 0, result.stderr
    for row, cluster_id in zip(rows, ["demo-a", "demo-b"]):
        cluster = load_document(tmp_path / "mine" / "clusters" / f"{cluster_id}.yaml", "cluster")
        assert isinstance(cluster, Cluster)
        assert cluster.name == f"Cluster {cluster_id}"
        assert cluster.members.total is not None and cluster.members.total.value == int(row[("profile", "members")])
        (assessment,) = cluster.assessments
        assert assessment.date == "2024-05-03"
        stored = {ind: (lv.level, lv.evidence[0].text, lv.evidence[0].source) for ind, lv in assessment.levels.items()}
        typed_in = {
            a.indicator: (a.level, a.evidence, a.source)
            for a in expected_answers(framework, row)
            if a.level is not None
        }
        assert stored == typed_in
    score = cli("score", "demo-a", "--profiles-dir", "mine", "--format", "json")
    assert score.exit_code == 0, score.stderr


def test_a_workbook_of_100000_rows_is_refused_in_bounded_time(tmp_path: Path, mini: Framework) -> None:
    """Its sheet is written by hand (openpyxl takes a minute to write as many rows), as Excel writes one."""
    small = kobo_xlsx(tmp_path / "small.xlsx", mini, [submission(mini, "demo")])
    cells = "".join(f'<c r="{c}1" t="inlineStr"><is><t>x</t></is></c>' for c in "ABCDE")
    rows = "".join(f'<row r="{n}">{cells.replace("1", str(n))}</row>' for n in range(1, 100_001))
    sheet = (
        '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
        f'spreadsheetml/2006/main"><dimension ref="A1:E100000"/><sheetData>{rows}</sheetData></worksheet>'
    )
    big = tmp_path / "big.xlsx"
    with zipfile.ZipFile(small) as source, zipfile.ZipFile(big, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            data = sheet.encode() if entry.filename == "xl/worksheets/sheet1.xml" else source.read(entry)
            target.writestr(entry.filename, data)
    started = time.perf_counter()
    with pytest.raises(LoadError) as caught:
        read_submissions(big, mini)
    assert time.perf_counter() - started < 5
    assert caught.value.lines() == [
        f"{big}: its first sheet has 100,000 rows; an export holds at most 10,000 submissions (split it)"
    ]
