"""The questionnaire workbook: what a cluster manager is given (sheets, rubric, drop-down, locked ids),
what a re-assessment starts from (pre-filled from mnc), that the bytes are the same each time, that
LibreOffice opens it, and that a filled one reads back as the answers typed, found by id."""

from __future__ import annotations

import datetime
import io
import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook
from questionnaire_filling import KEY_HEADER, columns, fill, indicator_rows, typed_answers

from clusterkit.errors import LoadError
from clusterkit.intake.cells import LEVEL_CHOICES, Cell, parse_level
from clusterkit.intake.workbook import INDICATOR_COLUMNS, questionnaire_workbook, read_workbook
from clusterkit.loading import Catalog, search_dirs
from clusterkit.models import Framework
from clusterkit.scoring import select_assessment


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return Catalog(search_dirs([], env=""))


@pytest.fixture(scope="module")
def framework(catalog: Catalog) -> Framework:
    return catalog.framework("default")


@pytest.fixture(scope="module")
def blank(catalog: Catalog, framework: Framework) -> bytes:
    return questionnaire_workbook(framework, None, catalog.references())


@pytest.fixture(scope="module")
def prefilled(catalog: Catalog, framework: Framework) -> bytes:
    return questionnaire_workbook(framework, catalog.cluster("mnc"), catalog.references())


def assessed_ids(framework: Framework, dimension: str | None = None) -> list[str]:
    return [i.id for i in framework.indicators if i.assessed and dimension in (None, i.dimension)]


# --- what the workbook holds -------------------------------------------------------------------


def test_one_sheet_per_dimension_between_instructions_profile_and_references(
    blank: bytes, framework: Framework
) -> None:
    book = load_workbook(io.BytesIO(blank))
    assert book.sheetnames == ["Instructions", "Profile", *(d.name for d in framework.dimensions), "References"]
    assert all(len(title) <= 31 for title in book.sheetnames)


def test_each_dimension_sheet_has_a_row_per_assessed_indicator_with_question_and_rubric(
    blank: bytes, framework: Framework
) -> None:
    book = load_workbook(io.BytesIO(blank))
    for dimension in framework.dimensions:
        sheet = book[dimension.name]
        assert [c.value for c in sheet[1]] == [header for _, header in INDICATOR_COLUMNS]
        header = columns(sheet)
        ids = [sheet.cell(r, header["Indicator"]).value for r in range(2, sheet.max_row + 1)]
        assert ids == assessed_ids(framework, dimension.id)
        for row, indicator_id in enumerate(ids, start=2):
            indicator = framework.indicator(str(indicator_id))
            assert sheet.cell(row, header["Name"]).value == indicator.name
            assert sheet.cell(row, header["Question"]).value == indicator.measures
            assert [sheet.cell(row, header[f"Level {n}"]).value for n in range(5)] == indicator.levels
            assert sheet.cell(row, header[KEY_HEADER]).value == indicator_id
            assert sheet.cell(row, header["Level"]).value is None


def test_the_level_cell_has_a_drop_down_of_the_levels_and_unknown(blank: bytes, framework: Framework) -> None:
    book = load_workbook(io.BytesIO(blank))
    for dimension in framework.dimensions:
        sheet = book[dimension.name]
        level = columns(sheet)["Level"]
        (validation,) = sheet.data_validations.dataValidation
        assert validation.type == "list"
        assert validation.formula1 == '"' + ",".join(LEVEL_CHOICES) + '"'
        assert LEVEL_CHOICES == ("0", "1", "2", "3", "4", "unknown")
        assert validation.showErrorMessage and validation.errorStyle == "stop"
        letter = sheet.cell(1, level).column_letter
        assert str(validation.sqref) == f"{letter}2:{letter}{sheet.max_row}"


def test_ids_are_locked_and_hidden_and_only_the_answers_are_open_to_edit(blank: bytes) -> None:
    sheet = load_workbook(io.BytesIO(blank))["Activities"]
    header = columns(sheet)
    assert sheet.protection.sheet
    assert sheet.column_dimensions[sheet.cell(1, header[KEY_HEADER]).column_letter].hidden
    for name, column in header.items():
        locked = sheet.cell(2, column).protection.locked
        assert locked is (name not in ("Level", "Evidence", "Source")), name


def test_the_instructions_say_how_to_fill_in_cite_and_list_the_reference_keys(blank: bytes, catalog: Catalog) -> None:
    sheet = load_workbook(io.BytesIO(blank))["Instructions"]
    text = "\n".join(str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None)
    for key in catalog.references():
        assert key in text
    assert "el-idrissi-2020 §3.1" in text
    assert "unknown" in text and "clusterkit import" in text and "References sheet" in text


def test_the_profile_sheet_asks_for_the_facts_a_new_profile_needs(blank: bytes) -> None:
    sheet = load_workbook(io.BytesIO(blank))["Profile"]
    labels = [sheet.cell(r, 1).value for r in range(2, sheet.max_row + 1)]
    assert labels == [
        "Cluster id",
        "Name",
        "Country",
        "City",
        "Founded",
        "Members",
        "Assessment date",
        "Source of the facts",
        "Framework",
    ]
    assert sheet.cell(sheet.max_row, 2).value == "default"


def test_prefilled_from_the_latest_assessment_of_mnc(prefilled: bytes, catalog: Catalog) -> None:
    mnc = catalog.cluster("mnc")
    latest, date = select_assessment(mnc, "default")
    assert latest is not None and date == "2014"
    book = load_workbook(io.BytesIO(prefilled))
    rows = indicator_rows(book)
    for indicator, judged in latest.levels.items():
        sheet, row = rows[indicator]
        header = columns(sheet)
        assert sheet.cell(row, header["Level"]).value == judged.level
        evidence = str(sheet.cell(row, header["Evidence"]).value)
        assert all(item.text in evidence for item in judged.evidence)
        if len({item.source for item in judged.evidence}) > 1:  # each text keeps its own citation
            assert all(f"{item.text} [{item.source}]" in evidence for item in judged.evidence)
        assert sheet.cell(row, header["Source"]).value == judged.evidence[0].source
    profile = {sheet_row[3].value: sheet_row[1].value for sheet_row in book["Profile"].iter_rows(min_row=2)}
    assert profile["cluster_id"] == "mnc" and profile["name"] == mnc.name and profile["location.country"] == "MA"
    assert profile["date"] is None  # a re-assessment gets a new date


def test_the_same_input_gives_the_same_bytes(
    blank: bytes, prefilled: bytes, catalog: Catalog, framework: Framework
) -> None:
    assert questionnaire_workbook(framework, None, catalog.references()) == blank
    assert questionnaire_workbook(framework, catalog.cluster("mnc"), catalog.references()) == prefilled
    with zipfile.ZipFile(io.BytesIO(blank)) as archive:
        assert {entry.date_time for entry in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_text_that_looks_like_a_formula_is_stored_as_text(framework: Framework) -> None:
    data = framework.model_dump()
    data["indicators"][3]["measures"] = '=HYPERLINK("http://evil.example")'
    data["indicators"][3]["levels"][0] = "-1 is not a number here"
    hostile = Framework.model_validate(data)
    book = load_workbook(io.BytesIO(questionnaire_workbook(hostile)))
    sheet, row = indicator_rows(book)[hostile.indicators[3].id]
    header = columns(sheet)
    for name in ("Question", "Level 0"):
        cell = sheet.cell(row, header[name])
        assert cell.data_type == "s", name
    assert sheet.cell(row, header["Question"]).value.startswith("=HYPERLINK")


# --- reading a filled one back -------------------------------------------------------------------


def test_a_filled_questionnaire_reads_back_as_typed(tmp_path: Path, blank: bytes, framework: Framework) -> None:
    typed = fill(blank, tmp_path / "q.xlsx")
    (answers,) = read_workbook(tmp_path / "q.xlsx", framework, references={"el-idrissi-2020"})
    assert answers.cluster_id == "demo" and answers.date == "2024-05" and answers.framework == "default"
    assert answers.facts == {
        "name": "Demo Cluster",
        "location.country": "MA",
        "location.city": "Rabat",
        "founded": 2016,
        "members.total": 48,
    }
    assert answers.source == "demo-site"
    assert [(r.key, r.title, r.url) for r in answers.references] == [
        ("demo-site", "Demo Cluster website", "https://demo.example")
    ]
    assert [a.indicator for a in answers.answers] == assessed_ids(framework)  # framework order
    for answer in answers.answers:
        level, evidence, source = typed[answer.indicator]
        assert (answer.level, answer.evidence, answer.source) == (level, evidence, source)
    first = answers.answers[0]
    assert first.where == f"{tmp_path / 'q.xlsx'}:'Human and Material Resources'!D2"


def test_unknown_and_empty_levels(tmp_path: Path, blank: bytes, framework: Framework) -> None:
    ids = assessed_ids(framework)
    fill(
        blank,
        tmp_path / "q.xlsx",
        answers={ids[0]: ("unknown", None, None), ids[1]: (" Unknown ", "Nothing published.", "demo-site")},
    )
    (answers,) = read_workbook(tmp_path / "q.xlsx", framework)
    assert [(a.indicator, a.level, a.evidence) for a in answers.answers] == [
        (ids[0], None, None),
        (ids[1], None, "Nothing published."),
    ]


def test_rows_sorted_and_sheets_renamed_read_the_same(tmp_path: Path, blank: bytes, framework: Framework) -> None:
    fill(blank, tmp_path / "q.xlsx")
    (before,) = read_workbook(tmp_path / "q.xlsx", framework)

    def shuffle(book: object) -> None:
        for sheet in book.worksheets[2:5]:  # type: ignore[attr-defined]
            rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
            for number, values in enumerate(reversed(rows), start=2):
                for column, value in enumerate(values, start=1):
                    sheet.cell(number, column).value = value
            sheet.title = f"Renamed {sheet.title}"[:31]
        book["Profile"].title = "Facts"  # type: ignore[index]

    fill(tmp_path / "q.xlsx", tmp_path / "moved.xlsx", change=shuffle)
    (after,) = read_workbook(tmp_path / "moved.xlsx", framework)
    assert [(a.indicator, a.level, a.evidence, a.source) for a in after.answers] == [
        (a.indicator, a.level, a.evidence, a.source) for a in before.answers
    ]
    assert after.cluster_id == before.cluster_id and after.facts == before.facts


def test_a_missing_indicator_row_is_named(tmp_path: Path, blank: bytes, framework: Framework) -> None:
    fill(blank, tmp_path / "q.xlsx", change=lambda book: book["Activities"].delete_rows(3))
    with pytest.raises(LoadError) as caught:
        read_workbook(tmp_path / "q.xlsx", framework)
    (problem,) = caught.value.problems
    assert problem.file == str(tmp_path / "q.xlsx")
    assert "indicator 'networking_events' (Networking and events) is missing" in problem.message


@pytest.mark.parametrize(
    ("value", "level"),
    [(0, 0), (4, 4), (3.0, 3), ("2", 2), (" 1 ", 1), ("unknown", None), ("UNKNOWN", None), (None, ""), ("  ", "")],
)
def test_a_level_cell_accepts_0_to_4_unknown_or_empty(value: object, level: object) -> None:
    assert parse_level(Cell(value, "s" if isinstance(value, str) else "n", "q.xlsx:A!D2")) == level


@pytest.mark.parametrize(
    ("value", "data_type", "shown"),
    [
        (7, "n", "got '7'"),
        (-1, "n", "got '-1'"),
        (2.5, "n", "got '2.5'"),
        ("three", "s", "got 'three'"),
        (True, "b", "got TRUE"),
        (datetime.datetime(2024, 1, 5), "d", "got a date (2024-01-05)"),
        ("=1+1", "f", "got a formula '=1+1'"),
        ("#N/A", "e", "got an error value '#N/A'"),
    ],
)
def test_a_level_cell_refuses_anything_else(value: object, data_type: str, shown: str) -> None:
    with pytest.raises(ValueError, match=r"^must be 0-4 or unknown, ") as caught:
        parse_level(Cell(value, data_type, "q.xlsx:A!D2"))
    assert shown in str(caught.value)


# --- LibreOffice ---------------------------------------------------------------------------------

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def soffice(tmp_path: Path, *args: str) -> None:
    """Run LibreOffice headless with its own profile (so that parallel runs do not share one)."""
    assert SOFFICE is not None
    profile = (tmp_path / "lo-profile").as_uri()
    env = {**os.environ, "HOME": str(tmp_path)}
    proc = subprocess.run(
        [SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--norestore", *args],
        capture_output=True,
        text=True,
        timeout=180,
        env=env,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_opens_the_questionnaire_every_sheet(tmp_path: Path, prefilled: bytes) -> None:
    (tmp_path / "q.xlsx").write_bytes(prefilled)
    # NOTE: the CSV filter's 12th token, -1, writes every sheet to its own file (q-SHEET.csv).
    csv_all_sheets = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"
    soffice(tmp_path, "--convert-to", csv_all_sheets, "--outdir", str(tmp_path / "csv"), str(tmp_path / "q.xlsx"))
    activities = (tmp_path / "csv" / "q-Activities.csv").read_text(encoding="utf-8")
    assert activities.startswith("Indicator,Name,Question,Level,Evidence,Source,Level 0,")
    assert "collaborative_projects,Collaborative and innovative projects," in activities
    profile = (tmp_path / "csv" / "q-Profile.csv").read_text(encoding="utf-8")
    assert "Cluster id,mnc," in profile


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_a_questionnaire_saved_again_by_libreoffice_reads_the_same(
    tmp_path: Path, blank: bytes, framework: Framework
) -> None:
    typed = fill(blank, tmp_path / "q.xlsx", answers=typed_answers(assessed_ids(framework)))
    soffice(tmp_path, "--convert-to", "xlsx", "--outdir", str(tmp_path / "lo"), str(tmp_path / "q.xlsx"))
    saved = tmp_path / "lo" / "q.xlsx"
    sheet = load_workbook(saved)["Activities"]
    assert sheet.data_validations.dataValidation[0].formula1 == '"0,1,2,3,4,unknown"'
    (answers,) = read_workbook(saved, framework)
    assert {a.indicator: (a.level, a.evidence, a.source) for a in answers.answers} == typed
    assert answers.date == "2024-05" and answers.facts["founded"] == 2016
