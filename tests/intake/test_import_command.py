"""``questionnaire`` then ``import``, as a cluster manager and an analyst use them: the workbook written,
filled in, imported into a profile that validates, scores and compares with le2c, with the levels and
evidence typed in; and every bad input refused with its place, exit 2, and nothing written."""

from __future__ import annotations

import datetime
import io
import json
import os
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook
from questionnaire_filling import PROFILE, fill, indicator_rows, replace_part, set_answer, sheet_part
from typer.testing import Result

from clusterkit.loading import Catalog, load_document, search_dirs
from clusterkit.models import Cluster, Framework

Cli = Callable[..., Result]
NEGATIVE = Path(__file__).resolve().parents[1] / "negative" / "workbooks"


@pytest.fixture(scope="module")
def framework() -> Framework:
    return Catalog(search_dirs([], env="")).framework("default")


@pytest.fixture
def blank(cli: Cli, tmp_path: Path) -> Path:
    """A questionnaire as ``clusterkit questionnaire -o q.xlsx`` writes it."""
    path = tmp_path / "blank.xlsx"
    result = cli("questionnaire", "-o", path)
    assert result.exit_code == 0, result.output
    return path


def assessed(framework: Framework) -> list[str]:
    return [i.id for i in framework.indicators if i.assessed]


# --- the acceptance --------------------------------------------------------------------------------


def test_written_filled_imported_validates_scores_and_compares(
    cli: Cli, tmp_path: Path, blank: Path, framework: Framework
) -> None:
    typed = fill(blank, tmp_path / "q.xlsx")
    mine = tmp_path / "mine"
    result = cli("import", tmp_path / "q.xlsx", "--dir", mine)
    assert result.exit_code == 0, result.output
    assert f"wrote {mine / 'clusters' / 'demo.yaml'}" in result.stdout.splitlines()

    assert cli("validate", mine).exit_code == 0
    profile = load_document(mine / "clusters" / "demo.yaml", "cluster")
    assert isinstance(profile, Cluster)
    (assessment,) = profile.assessments
    assert assessment.date == "2024-05" and assessment.framework == "default"
    assert set(assessment.levels) == set(assessed(framework))
    for indicator, judged in assessment.levels.items():
        level, evidence, source = typed[indicator]
        assert judged.level == level
        assert [(e.text, e.source) for e in judged.evidence] == [(evidence, source)]
    assert profile.name == "Demo Cluster" and profile.location.country == "MA"
    assert profile.founded is not None and profile.founded.value == 2016

    scored = cli("score", "demo", "-p", mine, "--format", "json")
    assert scored.exit_code == 0, scored.output
    payload = json.loads(scored.stdout)
    assert "demo" in json.dumps(payload)
    compared = cli("compare", "demo", "le2c", "-p", mine)
    assert compared.exit_code == 0, compared.output
    assert "Lombardy Energy Cleantech Cluster" in compared.stdout


def test_a_reassessment_from_a_prefilled_questionnaire_adds_a_dated_assessment(
    cli: Cli, tmp_path: Path, blank: Path, framework: Framework
) -> None:
    mine = tmp_path / "mine"
    fill(blank, tmp_path / "q.xlsx")
    assert cli("import", tmp_path / "q.xlsx", "--dir", mine).exit_code == 0
    again = tmp_path / "again.xlsx"
    assert cli("questionnaire", "--cluster", "demo", "-p", mine, "-o", again).exit_code == 0
    first = assessed(framework)[0]

    def reassess(book: Workbook) -> None:
        set_answer(book, first, 4, "The 2025 report shows a structured programme.", "demo-site p. 9")

    fill(again, tmp_path / "r.xlsx", profile={"date": "2025-01"}, answers={}, new_reference=None, change=reassess)
    before = (mine / "clusters" / "demo.yaml").read_bytes()
    refused = cli("import", tmp_path / "r.xlsx", "--dir", mine)
    assert refused.exit_code == 2
    assert "refusing to overwrite" in refused.output
    assert (mine / "clusters" / "demo.yaml").read_bytes() == before

    result = cli("import", tmp_path / "r.xlsx", "--dir", mine, "--update")
    assert result.exit_code == 0, result.output
    profile = load_document(mine / "clusters" / "demo.yaml", "cluster")
    assert isinstance(profile, Cluster)
    assert [a.date for a in profile.assessments] == ["2024-05", "2025-01"]
    latest = profile.assessments[1].levels
    assert latest[first].level == 4 and latest[first].evidence[0].source == "demo-site p. 9"
    # every other level comes over from the pre-filled questionnaire unchanged
    for indicator, judged in profile.assessments[0].levels.items():
        if indicator != first:
            assert latest[indicator] == judged
    assert cli("validate", mine).exit_code == 0


def test_date_option_dates_a_questionnaire_without_one(cli: Cli, tmp_path: Path, blank: Path) -> None:
    fill(blank, tmp_path / "q.xlsx", profile={**PROFILE, "date": None})
    result = cli("import", tmp_path / "q.xlsx", "--dir", tmp_path / "mine", "--date", "2023-11-02")
    assert result.exit_code == 0, result.output
    profile = load_document(tmp_path / "mine" / "clusters" / "demo.yaml", "cluster")
    assert isinstance(profile, Cluster) and profile.assessments[0].date == "2023-11-02"
    bad = cli("import", tmp_path / "q.xlsx", "--dir", tmp_path / "other", "--date", "2023-13")
    assert bad.exit_code == 2 and "--date" in bad.output
    assert not (tmp_path / "other").exists()


def test_an_assessment_date_typed_as_an_excel_date(cli: Cli, tmp_path: Path, blank: Path) -> None:
    fill(blank, tmp_path / "q.xlsx", profile={**PROFILE, "date": datetime.date(2024, 3, 9)})
    assert cli("import", tmp_path / "q.xlsx", "--dir", tmp_path / "mine").exit_code == 0
    profile = load_document(tmp_path / "mine" / "clusters" / "demo.yaml", "cluster")
    assert isinstance(profile, Cluster) and profile.assessments[0].date == "2024-03-09"


# --- the questionnaire command -----------------------------------------------------------------------


def test_questionnaire_goes_to_a_pipe_but_never_to_a_terminal(cli: Cli, tmp_path: Path) -> None:
    piped = cli("questionnaire")
    assert piped.exit_code == 0
    with zipfile.ZipFile(io.BytesIO(piped.stdout_bytes)) as archive:
        assert "xl/workbook.xml" in archive.namelist()
    pty = pytest.importorskip("pty")
    main_fd, child_fd = pty.openpty()
    try:
        refused = cli("questionnaire", "-o", os.ttyname(child_fd))
    finally:
        os.close(main_fd)
        os.close(child_fd)
    assert refused.exit_code == 2
    assert "binary workbook; write it to a file with -o FILE.xlsx" in refused.output


def test_questionnaire_refuses_another_suffix_and_an_unknown_cluster(cli: Cli, tmp_path: Path) -> None:
    result = cli("questionnaire", "-o", tmp_path / "q.csv")
    assert result.exit_code == 2 and "FILE.xlsx" in result.output
    result = cli("questionnaire", "--cluster", "nosuch", "-o", tmp_path / "q.xlsx")
    assert result.exit_code == 2 and "nosuch" in result.output
    assert not (tmp_path / "q.csv").exists() and not (tmp_path / "q.xlsx").exists()


def test_questionnaire_as_xlsform(cli: Cli, tmp_path: Path) -> None:
    pytest.importorskip("clusterkit.intake.xlsform")
    result = cli("questionnaire", "--format", "xlsform", "-o", tmp_path / "form.xlsx")
    assert result.exit_code == 0, result.output
    assert {"survey", "choices", "settings"} <= set(load_workbook(tmp_path / "form.xlsx").sheetnames)


def test_a_workbook_that_is_not_a_questionnaire_goes_to_the_submissions_reader(
    tmp_path: Path, framework: Framework, monkeypatch: pytest.MonkeyPatch
) -> None:
    import clusterkit.intake.submissions as submissions
    from clusterkit.intake.read import read_answers

    book = Workbook()
    book.active.append(["cluster_id", "resources-sme_participation"])  # type: ignore[union-attr]
    book.save(tmp_path / "export.xlsx")
    (tmp_path / "export.csv").write_text("cluster_id\ndemo\n", encoding="utf-8")
    calls: list[str] = []
    monkeypatch.setattr(submissions, "read_submissions", lambda path, fw: calls.append(Path(path).name) or [])
    assert read_answers([tmp_path / "export.xlsx", tmp_path / "export.csv"], framework) == []
    assert calls == ["export.xlsx", "export.csv"]


# --- bad input: exit 2, the place, nothing written ------------------------------------------------------


def _level(value: Any) -> Callable[[Workbook], None]:
    def change(book: Workbook) -> None:
        book["Activities"]["D7"].value = value

    return change


def _formula(book: Workbook) -> None:
    book["Activities"]["D7"].value = "=1+2"


def _no_evidence(book: Workbook) -> None:
    book["Activities"]["E7"].value = None


def _unknown_indicator(book: Workbook) -> None:
    sheet = book["Activities"]
    sheet["A7"].value = sheet["L7"].value = "research_transfers"


def _not_a_slug(book: Workbook) -> None:
    sheet = book["Activities"]
    sheet["A7"].value = sheet["L7"].value = "Research Transfer"


def _cluster_not_a_slug(book: Workbook) -> None:
    book["Profile"]["B2"].value = "Demo Cluster"


def _measured_indicator(book: Workbook) -> None:
    book["Activities"].append(["committed_members", "", "", 3, "Forty members.", "demo-site"])


def _unknown_source(book: Workbook) -> None:
    book["Activities"]["F7"].value = "nosuch-report §2"


def _missing_row(book: Workbook) -> None:
    book["Activities"].delete_rows(3)


# Each bad workbook: how it is made from a filled questionnaire, and the lines stderr must hold.
CHANGED: dict[str, tuple[Callable[[Workbook], None], list[str]]] = {
    "level-seven": (_level(7), ["q.xlsx:Activities!D7: level: must be 0-4 or unknown, got '7'"]),
    "level-three": (_level("three"), ["q.xlsx:Activities!D7: level: must be 0-4 or unknown, got 'three'"]),
    "level-half": (_level(2.5), ["q.xlsx:Activities!D7: level: must be 0-4 or unknown, got '2.5'"]),
    "level-formula": (_formula, ["q.xlsx:Activities!D7: level: must be 0-4 or unknown, got a formula '=1+2'"]),
    "level-date": (
        _level(datetime.datetime(2024, 3, 1)),
        ["q.xlsx:Activities!D7: level: must be 0-4 or unknown, got a date (2024-03-01)"],
    ),
    "no-evidence": (_no_evidence, ["q.xlsx:Activities!E7: evidence: a level needs evidence"]),
    "unknown-indicator": (
        _unknown_indicator,
        [
            "q.xlsx:Activities!A7: id: framework 'default' has no indicator 'research_transfers'"
            " (did you mean 'research_transfer'?)",
            "q.xlsx: indicator 'research_transfer' (Research and technology transfer) is missing",
        ],
    ),
    "indicator-not-a-slug": (
        _not_a_slug,
        ["q.xlsx:Activities!A7: id: 'Research Transfer' is not an indicator id (lowercase letters, digits"],
    ),
    "cluster-not-a-slug": (
        _cluster_not_a_slug,
        ["q.xlsx:Profile!B2: cluster_id: must be an id: lowercase letters, digits, '-' and '_'"],
    ),
    "measured-indicator": (
        _measured_indicator,
        ["q.xlsx:Activities!A10: id: indicator 'committed_members' is measured from the profile's facts"],
    ),
    "unknown-source": (
        _unknown_source,
        ["q.xlsx:Activities!F7: source: no reference has the key 'nosuch-report'"],
    ),
    "missing-row": (_missing_row, ["q.xlsx: indicator 'networking_events' (Networking and events) is missing"]),
}


def assert_refused(result: Result, lines: list[str], out: Path) -> None:
    assert result.exit_code == 2, result.output
    shown = result.stderr.splitlines()
    for line in lines:
        assert any(s.endswith(line) or line in s for s in shown), (line, shown)
    assert "Traceback" not in result.output
    assert not out.exists(), "nothing may be written"


@pytest.mark.parametrize("case", CHANGED)
def test_a_wrong_cell_is_refused_with_its_place(cli: Cli, tmp_path: Path, blank: Path, case: str) -> None:
    change, lines = CHANGED[case]
    fill(blank, tmp_path / "q.xlsx", change=change)
    out = tmp_path / "out"
    result = cli("import", tmp_path / "q.xlsx", "--dir", out)
    assert_refused(result, [f"{tmp_path / line}" for line in lines], out)


def test_every_problem_of_every_file_is_listed_at_once(cli: Cli, tmp_path: Path, blank: Path) -> None:
    def many(book: Workbook) -> None:
        _level(7)(book)
        book["Activities"]["E8"].value = None
        book["Processes and Strategies"]["D2"].value = "three"

    fill(blank, tmp_path / "a.xlsx", change=many)
    fill(blank, tmp_path / "b.xlsx", profile={**PROFILE, "cluster_id": "other"}, change=_formula)
    out = tmp_path / "out"
    result = cli("import", tmp_path / "a.xlsx", tmp_path / "b.xlsx", "--dir", out)
    assert_refused(
        result,
        [
            f"{tmp_path / 'a.xlsx'}:Activities!D7: level:",
            f"{tmp_path / 'a.xlsx'}:Activities!E8: evidence:",
            f"{tmp_path / 'a.xlsx'}:'Processes and Strategies'!D2: level:",
            f"{tmp_path / 'b.xlsx'}:Activities!D7: level:",
        ],
        out,
    )


def test_two_answers_for_the_same_cluster_and_date_are_refused(cli: Cli, tmp_path: Path, blank: Path) -> None:
    fill(blank, tmp_path / "a.xlsx")
    fill(blank, tmp_path / "b.xlsx")
    out = tmp_path / "out"
    result = cli("import", tmp_path / "a.xlsx", tmp_path / "b.xlsx", "--dir", out)
    assert_refused(
        result,
        [
            f"{tmp_path / 'b.xlsx'}: cluster 'demo' is answered twice for the date '2024-05'"
            f" (also at {tmp_path / 'a.xlsx'})"
        ],
        out,
    )


# Files that are no questionnaire at all (tests/negative/workbooks; see its README for how they were made).
FILES: dict[str, str] = {
    "renamed-csv.xlsx": "is text, not an XLSX workbook (a CSV file renamed .xlsx?)",
    "old-excel.xls": "is an old Excel 97-2003 workbook (.xls) or another old Office file; open it and save it as .xlsx",
    "encrypted.xlsx": "is encrypted (protected by a password); open it, remove the password and save it as .xlsx",
    "damaged.xlsx": "is damaged: its ZIP archive cannot be read",
    "opendocument.xlsx": "is an OpenDocument file (.ods), not an XLSX workbook; save it as .xlsx",
    "empty.xlsx": "is empty, not an XLSX workbook",
}


@pytest.mark.parametrize("name", FILES)
def test_a_file_that_is_no_workbook_is_refused_with_what_it_is(cli: Cli, tmp_path: Path, name: str) -> None:
    out = tmp_path / "out"
    result = cli("import", NEGATIVE / name, "--dir", out)
    assert_refused(result, [f"{NEGATIVE / name}: {FILES[name]}"], out)


def test_a_damaged_sheet_inside_a_sound_archive(cli: Cli, tmp_path: Path, blank: Path) -> None:
    data = blank.read_bytes()
    broken = replace_part(data, sheet_part(data, "Activities"), b"<worksheet><sheetData><row r='1'>")
    (tmp_path / "q.xlsx").write_bytes(broken)
    result = cli("import", tmp_path / "q.xlsx", "--dir", tmp_path / "out")
    assert_refused(result, [f"{tmp_path / 'q.xlsx'}: is damaged: it cannot be read as a workbook"], tmp_path / "out")


# --- bounded time and memory ---------------------------------------------------------------------------


def run_bounded(args: list[str]) -> tuple[int, str, float, int]:
    """``clusterkit ARGS`` in a fresh interpreter: exit code, stderr, seconds, and its peak memory in MB."""
    code = (
        "import resource, sys\n"
        "from clusterkit.cli import run\n"
        "code = run(sys.argv[1:])\n"
        "sys.stderr.write(f'\\nPEAK {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}\\n')\n"
        "sys.exit(code)\n"
    )
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=120, check=False)
    elapsed = time.perf_counter() - start
    peak_kb = int(proc.stderr.rsplit("PEAK ", 1)[1].split()[0])
    return proc.returncode, proc.stderr, elapsed, peak_kb // 1024


def _rows_xml(count: int) -> bytes:
    head = b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    header = (
        b'<row r="1"><c r="A1" t="inlineStr"><is><t>Indicator</t></is></c>'
        b'<c r="D1" t="inlineStr"><is><t>Level</t></is></c><c r="E1" t="inlineStr"><is><t>Evidence</t></is></c></row>'
    )
    body = b"".join(
        b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>x</t></is></c><c r="D%d"><v>1</v></c></row>' % (n, n, n)
        for n in range(2, count + 2)
    )
    return head + header + body + b"</sheetData></worksheet>"


def test_a_sheet_of_100000_rows_is_refused_in_bounded_time_and_memory(tmp_path: Path, blank: Path) -> None:
    data = blank.read_bytes()
    (tmp_path / "q.xlsx").write_bytes(replace_part(data, sheet_part(data, "Activities"), _rows_xml(100_000)))
    code, stderr, seconds, megabytes = run_bounded(["import", str(tmp_path / "q.xlsx"), "--dir", str(tmp_path / "o")])
    assert code == 2, stderr
    assert f"{tmp_path / 'q.xlsx'}:Activities: more than 5,000 rows" in stderr
    assert len(stderr.splitlines()) <= 3  # one problem, not one per row
    assert seconds < 10 and megabytes < 300, (seconds, megabytes)
    assert not (tmp_path / "o").exists()


def _spaces(size: int) -> Callable[[Any], None]:
    def write(stream: Any) -> None:
        chunk = b" " * (1 << 20)
        for _ in range(size >> 20):
            stream.write(chunk)

    return write


def _one_huge_row(stream: Any) -> None:
    stream.write(b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1">')
    cell = b'<c r="A1" t="inlineStr"><is><t>x</t></is></c>' * 20_000
    for _ in range(60):  # about 50 MB in one row: openpyxl would build it whole
        stream.write(cell)
    stream.write(b"</row></sheetData></worksheet>")


BOMBS: dict[str, tuple[str, Callable[[Any], None], str]] = {
    # Declared sizes past the bound: refused before anything is inflated.
    "total": ("Activities", _spaces(300 << 20), "is too large to import once uncompressed (314.6 MB; at most 256 MB"),
    "styles": ("xl/styles.xml", _spaces(20 << 20), "its part 'xl/styles.xml' holds 21 MB (at most 16 MB"),
    # Within the declared bounds, but one element openpyxl would build whole: found by the scan.
    "sheet-head": ("Activities", _spaces(100 << 20), "its start (before the rows) holds more than 4 MB"),
    "one-row": ("Activities", _one_huge_row, "a row holds more than 2 MB once uncompressed"),
}


@pytest.mark.parametrize("case", BOMBS)
def test_a_zip_bomb_is_refused_in_bounded_time_and_memory(tmp_path: Path, blank: Path, case: str) -> None:
    part, write, expected = BOMBS[case]
    data = blank.read_bytes()
    name = part if "/" in part else sheet_part(data, part)
    bomb = replace_part(data, name, write)
    assert len(bomb) < 1_000_000  # small on disk, large inflated
    (tmp_path / "q.xlsx").write_bytes(bomb)
    code, stderr, seconds, megabytes = run_bounded(["import", str(tmp_path / "q.xlsx"), "--dir", str(tmp_path / "o")])
    assert code == 2, stderr
    assert expected in stderr
    assert seconds < 10 and megabytes < 300, (seconds, megabytes)
    assert not (tmp_path / "o").exists()


def test_indicator_rows_helper_finds_every_assessed_indicator(blank: Path, framework: Framework) -> None:
    # The tests above fill rows through this helper; it must see every row the command wrote.
    assert sorted(indicator_rows(load_workbook(blank))) == sorted(assessed(framework))
