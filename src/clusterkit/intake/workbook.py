"""The questionnaire workbook: written for a cluster manager to fill in, and read back once filled.

:func:`questionnaire_workbook` writes an XLSX with an Instructions sheet, a Profile sheet for the
facts a new profile needs, one sheet per dimension with a row per assessed indicator (its question,
the five levels of its rubric, a level cell with a drop-down of 0-4 and ``unknown``, evidence and
source), and a References sheet for sources not yet on the search path. Each row carries its
indicator id twice: shown, and in a hidden column, both locked.

:func:`read_workbook` reads a filled one into :class:`~clusterkit.intake.ClusterAnswers`. Sheets
are recognised by their header row and rows by their indicator id, never by position or name, so
a renamed sheet or sorted rows read the same. Every problem is collected, each at its cell
(``answers.xlsx:Activities!D7: level: must be 0-4 or unknown, got '7'``), and raised together.

The workbook is written in the language of the run (sheet names, headers, instructions, prompts);
it is read back in any language clusterkit speaks, since headers are matched in every language and
the hidden key columns hold the machine names.
"""

from __future__ import annotations

import datetime
import difflib
import os
import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from clusterkit import text as spell
from clusterkit.errors import LoadError, Problem, short_repr
from clusterkit.i18n import LANGUAGES, N_, _, localized, ngettext, use_language
from clusterkit.intake import Answer, ClusterAnswers, NewReference
from clusterkit.intake.cells import (
    Cell,
    Reading,
    check_citation,
    date_problem,
    level_choices,
    parse_level,
    text_of,
    whole_number,
)
from clusterkit.intake.instructions import instruction_lines
from clusterkit.intake.xlsxfile import damaged, open_workbook, place, rows
from clusterkit.models import SLUG_RE
from clusterkit.workbooks import safe_text, sheet_title, workbook_bytes

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

    from clusterkit.models import Cluster, Framework, Reference

# The columns of a dimension sheet, in order: (key, header). Rows are read by header, not letter.
# The headers are English here; a workbook shows them in the run's language (:func:`header_text`).
KEY_HEADER = N_("Key (do not edit)")
LEVEL_HEADER = N_("Level {number}")
INDICATOR_COLUMNS: tuple[tuple[str, str], ...] = (
    ("id", N_("Indicator")),
    ("name", N_("Name")),
    ("question", N_("Question")),
    ("level", N_("Level")),
    ("evidence", N_("Evidence")),
    ("source", N_("Source")),
    *((f"level_{n}", LEVEL_HEADER.format(number=n)) for n in range(5)),
    ("key", KEY_HEADER),
)
INDICATOR_WIDTHS: Mapping[str, int] = {"id": 26, "name": 30, "question": 60, "level": 10, "evidence": 60, "source": 28}
RUBRIC_WIDTH = 40

# The Profile sheet: (key, label, help). ``key`` is the fact's profile path (ClusterAnswers.facts).
PROFILE_COLUMNS: tuple[tuple[str, str], ...] = (
    ("field", N_("Field")),
    ("value", N_("Value")),
    ("help", N_("Help")),
    ("key", KEY_HEADER),
)
PROFILE_ROWS: tuple[tuple[str, str, str], ...] = (
    (
        "cluster_id",
        N_("Cluster id"),
        N_("Required. Lowercase letters, digits, '-', '_' (my-cluster): DIR/clusters/ID.yaml."),
    ),
    ("name", N_("Name"), N_("For a new cluster: its full name.")),
    ("location.country", N_("Country"), N_("For a new cluster: the two-letter ISO 3166-1 code (MA, IT, FR).")),
    ("location.city", N_("City"), N_("The city of the cluster's seat.")),
    ("founded", N_("Founded"), N_("The year the cluster organisation was founded (2011).")),
    ("members.total", N_("Members"), N_("The number of committed members.")),
    ("date", N_("Assessment date"), N_("YYYY, YYYY-MM or YYYY-MM-DD: the date the facts and levels stand at.")),
    ("source", N_("Source of the facts"), N_("The reference key the facts above rest on (see Instructions).")),
    ("framework", N_("Framework"), N_("The framework of this questionnaire; do not change it.")),
)
REFERENCE_COLUMNS: tuple[tuple[str, str], ...] = (
    ("key", N_("Key")),
    ("title", N_("Title")),
    ("url", N_("URL")),
    ("note", N_("Note")),
)
# The fixed sheets' titles (the dimension sheets take their dimension's name).
INSTRUCTIONS_SHEET, PROFILE_SHEET, REFERENCES_SHEET = N_("Instructions"), N_("Profile"), N_("References")
REFERENCE_ROWS = 30  # empty rows offered on the References sheet

# Bounds on what is read: a questionnaire has one row per indicator.
MAX_ROWS = 5_000
MAX_COLUMNS = 40
MAX_SHEETS = 100
HEADER_ROWS = 5  # a header row is looked for in the first rows of a sheet
MAX_EVIDENCE = 20_000  # models.Text
MAX_SHORT = 500  # models.ShortText

_REFERENCE_KEY_RE = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
_COUNTRY_RE = re.compile(r"^[A-Z]{2}$")


class NotQuestionnaireError(LoadError):
    """A workbook that holds no questionnaire sheet (perhaps an export of submissions)."""


# --- writing -------------------------------------------------------------------------------------


def header_text(key: str, header: str) -> str:
    """A column's header in the current language (``header`` is the English one)."""
    if key.startswith("level_"):
        return _(LEVEL_HEADER).format(number=key.removeprefix("level_"))
    return _(header)


def questionnaire_workbook(
    framework: Framework, cluster: Cluster | None = None, references: Mapping[str, Reference] | None = None
) -> bytes:
    """The questionnaire of ``framework`` as XLSX bytes, the same bytes for the same input.

    With ``cluster``, its facts and the levels, evidence and sources of its latest assessment of
    ``framework`` are filled in, for a re-assessment. ``references`` (key -> reference) are listed
    on the Instructions sheet as the sources a row may cite. Its texts are in the run's language.
    """
    from openpyxl import Workbook

    from clusterkit.scoring import select_assessment

    assessment = select_assessment(cluster, framework.id)[0] if cluster is not None else None
    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    fixed = [_(INSTRUCTIONS_SHEET), _(PROFILE_SHEET), _(REFERENCES_SHEET)]
    taken = {title.lower() for title in fixed}
    dimension_titles = []
    for dimension in framework.dimensions:
        title = sheet_title(localized(dimension.name), taken)
        taken.add(title.lower())
        dimension_titles.append(title)
    _instructions(book.create_sheet(fixed[0]), framework, cluster, assessment, dimension_titles, references or {})
    _profile(book.create_sheet(fixed[1]), framework, cluster)
    for dimension, title in zip(framework.dimensions, dimension_titles, strict=True):
        indicators = [i for i in framework.indicators if i.assessed and i.dimension == dimension.id]
        levels = assessment.levels if assessment is not None else {}
        _indicator_sheet(book.create_sheet(title), indicators, levels)
    _references_sheet(book.create_sheet(fixed[2]))
    book.properties.title = safe_text(_("Questionnaire: {framework}").format(framework=localized(framework.name)))
    book.properties.subject = "clusterkit questionnaire"
    book.properties.creator = "clusterkit"
    return workbook_bytes(book)


def _text(sheet: Worksheet, row: int, column: int, value: str | None, *, bold: bool = False) -> Any:
    from openpyxl.styles import Alignment, Font

    cell = sheet.cell(row, column)
    if value:
        cell.value = safe_text(value)
        # NOTE: openpyxl takes a text starting with "=" for a formula; a string cell never is one.
        cell.data_type = "s"
    cell.alignment = Alignment(wrap_text=True, vertical="top")
    if bold:
        cell.font = Font(bold=True)
    return cell


def _header(sheet: Worksheet, headers: Iterable[str]) -> None:
    from openpyxl.styles import PatternFill

    grey = PatternFill("solid", fgColor="D9D9D9")
    for number, header in enumerate(headers, start=1):
        _text(sheet, 1, number, header, bold=True).fill = grey
    sheet.freeze_panes = "B2"


def _protect(sheet: Worksheet) -> None:
    """Lock the sheet (no password) except its unlocked cells; columns and rows may still be resized."""
    sheet.protection.sheet = True
    for option in ("formatCells", "formatColumns", "formatRows", "sort", "autoFilter"):
        setattr(sheet.protection, option, False)


def _input(cell: Any, text_format: bool) -> None:
    from openpyxl.styles import PatternFill, Protection

    cell.protection = Protection(locked=False)
    cell.fill = PatternFill("solid", fgColor="FFF2CC")
    if text_format:
        # NOTE: as text, a typed 2024-05 or -5 % stays what was typed instead of a date or a number.
        cell.number_format = "@"


def _letter(columns: tuple[tuple[str, str], ...], key: str) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter([k for k, _h in columns].index(key) + 1)


def _instructions(
    sheet: Worksheet,
    framework: Framework,
    cluster: Cluster | None,
    assessment: Any,
    dimension_titles: list[str],
    references: Mapping[str, Reference],
) -> None:
    col = {key: _letter(INDICATOR_COLUMNS, key) for key, _h in INDICATOR_COLUMNS}
    lines = instruction_lines(
        framework,
        cluster,
        assessment,
        dimension_titles,
        col,
        {"profile": _(PROFILE_SHEET), "references": _(REFERENCES_SHEET)},
    )
    for number, (line, bold) in enumerate(lines, start=1):
        _text(sheet, number, 1, line, bold=bold)
    row = len(lines) + 1
    _text(sheet, row, 1, _("Reference keys on the search path"), bold=True)
    _text(sheet, row, 2, _("Title"), bold=True)
    for offset, (key, reference) in enumerate(sorted(references.items()), start=1):
        _text(sheet, row + offset, 1, key)
        _text(sheet, row + offset, 2, reference.title)
    sheet.column_dimensions["A"].width = 110
    sheet.column_dimensions["B"].width = 80


def _profile(sheet: Worksheet, framework: Framework, cluster: Cluster | None) -> None:
    _header(sheet, (header_text(k, h) for k, h in PROFILE_COLUMNS))
    values = _facts_of(cluster) if cluster is not None else {}
    values["framework"] = framework.id
    for number, (key, label, help_text) in enumerate(PROFILE_ROWS, start=2):
        _text(sheet, number, 1, _(label), bold=True)
        value = values.get(key)
        cell = (
            _text(sheet, number, 2, value) if isinstance(value, str) or value is None else sheet.cell(number, 2, value)
        )
        if key != "framework":
            _input(cell, text_format=key not in ("founded", "members.total"))
        _text(sheet, number, 3, _(help_text))
        _text(sheet, number, 4, key)
    for letter, width in zip("ABCD", (22, 40, 90, 20), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.column_dimensions["D"].hidden = True
    _protect(sheet)


def _facts_of(cluster: Cluster) -> dict[str, Any]:
    facts: dict[str, Any] = {
        "cluster_id": cluster.id,
        "name": cluster.name,
        "location.country": cluster.location.country,
        "location.city": cluster.location.city,
        "source": cluster.location.source,
    }
    if cluster.founded is not None:
        facts["founded"] = cluster.founded.value
    if cluster.members.total is not None:
        facts["members.total"] = cluster.members.total.value
    return facts


def _indicator_sheet(sheet: Worksheet, indicators: list[Any], levels: Mapping[str, Any]) -> None:
    from openpyxl.worksheet.datavalidation import DataValidation

    _header(sheet, (header_text(k, h) for k, h in INDICATOR_COLUMNS))
    keys = [k for k, _h in INDICATOR_COLUMNS]
    for number, indicator in enumerate(indicators, start=2):
        judged = levels.get(indicator.id)
        evidence, source = _evidence_cells(judged.evidence) if judged is not None else (None, None)
        texts = {
            "id": indicator.id,
            "name": localized(indicator.name),
            "question": localized(indicator.measures),
            "evidence": evidence,
            "source": source,
            "key": indicator.id,
            **{f"level_{n}": localized(text) for n, text in enumerate(indicator.levels)},
        }
        for column, key in enumerate(keys, start=1):
            if key == "level":
                cell = sheet.cell(number, column, judged.level if judged is not None else None)
            else:
                cell = _text(sheet, number, column, texts[key], bold=key == "id")
            if key in ("level", "evidence", "source"):
                _input(cell, text_format=key != "level")
    last = len(indicators) + 1
    if indicators:
        level_title = header_text("level", "Level")
        unknown = _(spell.UNKNOWN)
        choice = DataValidation(
            type="list",
            formula1='"' + ",".join(level_choices()) + '"',
            allow_blank=True,
            showErrorMessage=True,
            errorStyle="stop",
            errorTitle=level_title,
            error=_("Choose 0, 1, 2, 3, 4 or {unknown}.").format(unknown=unknown),
            showInputMessage=True,
            promptTitle=level_title,
            prompt=_("0 to 4 from the rubric in the columns Level 0 to Level 4, or {unknown}.").format(unknown=unknown),
        )
        sheet.add_data_validation(choice)
        letter = _letter(INDICATOR_COLUMNS, "level")
        choice.add(f"{letter}2:{letter}{last}")
    for key, _h in INDICATOR_COLUMNS:
        sheet.column_dimensions[_letter(INDICATOR_COLUMNS, key)].width = INDICATOR_WIDTHS.get(key, RUBRIC_WIDTH)
    sheet.column_dimensions[_letter(INDICATOR_COLUMNS, "key")].hidden = True
    _protect(sheet)


def _evidence_cells(evidence: Iterable[Any]) -> tuple[str, str]:
    """One evidence cell and one source cell for a level's evidence items.

    One source for all: their texts, one a line, and that source. Several sources: each text with
    its citation in brackets, and the first source (an answer has one source; none is lost).
    """
    items = list(evidence)
    sources = {item.source for item in items}
    if len(sources) == 1:
        return "\n".join(item.text for item in items), items[0].source
    return "\n".join(f"{item.text} [{item.source}]" for item in items), items[0].source


def _references_sheet(sheet: Worksheet) -> None:
    _header(sheet, (header_text(k, h) for k, h in REFERENCE_COLUMNS))
    for number in range(2, REFERENCE_ROWS + 2):
        for column in range(1, len(REFERENCE_COLUMNS) + 1):
            _input(sheet.cell(number, column), text_format=True)
    for letter, width in zip("ABCD", (24, 60, 40, 60), strict=True):
        sheet.column_dimensions[letter].width = width


# --- reading -------------------------------------------------------------------------------------


@dataclass
class Sheet:
    """A sheet recognised by its header row: what it is, its title, and its rows as cells by column key."""

    kind: str  # "indicators", "profile" or "references"
    title: str
    rows: list[dict[str, Cell]]
    too_long: bool = False


def read_workbook(
    path: str | os.PathLike[str], framework: Framework, *, references: Collection[str] | None = None
) -> list[ClusterAnswers]:
    """The answers a filled questionnaire gives (one cluster), or a :class:`LoadError` with every problem.

    ``references`` are the reference keys on the search path: a source must cite one of them or a
    reference of the workbook's References sheet (None: keys are not checked here).
    A workbook without any questionnaire sheet raises :class:`NotQuestionnaireError`.
    """
    shown = os.fspath(path)
    sheets = load_sheets(Path(path), shown)
    if not any(s.kind == "indicators" for s in sheets):
        raise NotQuestionnaireError(
            f"{shown}: not a clusterkit questionnaire",
            [
                Problem(
                    shown,
                    _(
                        "is not a clusterkit questionnaire: no sheet has the columns Indicator, Level and Evidence"
                        " (write one with: clusterkit questionnaire -o FILE.xlsx)"
                    ),
                )
            ],
        )
    long = [
        Problem(
            f"{shown}:{sheet.title}",
            _(
                "more than {count} rows; a questionnaire sheet has one row per indicator (is this the right file?)"
            ).format(count=spell.number(MAX_ROWS)),
        )
        for sheet in sheets
        if sheet.too_long
    ]
    if long:
        raise LoadError(f"{shown}: too long", long)
    reading = Reading(shown, framework, references)
    new_refs = _new_references(reading, [s for s in sheets if s.kind == "references"])
    known = None if references is None else {*references, *(r.key for r in new_refs)}
    facts, meta = _profile_facts(reading, [s for s in sheets if s.kind == "profile"])
    answers = _answers(reading, [s for s in sheets if s.kind == "indicators"], known)
    if facts and "source" not in meta:
        reading.problem(
            meta.get("source_where", shown),
            "source",
            _("the facts need a source: a reference key (see the Instructions sheet)"),
        )
    if "source" in meta:
        check_citation(reading, meta["source_cell"], "source", meta["source"], known)
    if reading.problems:
        problems = reading.all_problems()
        found = ngettext("{count} problem", "{count} problems", len(problems)).format(count=spell.number(len(problems)))
        raise LoadError(f"{shown}: {found}", problems)
    return [
        ClusterAnswers(
            cluster_id=meta["cluster_id"],
            framework=framework.id,
            date=meta.get("date"),
            answers=tuple(answers),
            facts=facts,
            source=meta.get("source"),
            references=tuple(new_refs),
            where=shown,
        )
    ]


def load_sheets(path: Path, shown: str) -> list[Sheet]:
    """The sheets of a workbook that a questionnaire has, recognised by header; others are left out."""
    found: list[Sheet] = []
    with open_workbook(path, shown) as book:
        try:
            for number, worksheet in enumerate(book.worksheets):
                if number >= MAX_SHEETS:
                    break
                sheet = _read_sheet(worksheet, shown)
                if sheet is not None:
                    found.append(sheet)
        except LoadError:
            raise
        except Exception as exc:  # a damaged sheet part raises anything
            raise damaged(shown, exc) from None
    return found


_KINDS: tuple[tuple[str, tuple[tuple[str, str], ...], frozenset[str]], ...] = (
    ("indicators", INDICATOR_COLUMNS, frozenset({"level", "evidence"})),
    ("profile", PROFILE_COLUMNS, frozenset({"field", "value"})),
    ("references", REFERENCE_COLUMNS, frozenset({"key", "title"})),
)


def _read_sheet(worksheet: Any, shown: str) -> Sheet | None:
    title = str(worksheet.title)
    if not hasattr(worksheet, "iter_rows"):  # a chart sheet
        return None
    kind: str | None = None
    columns: dict[int, str] = {}
    body: list[dict[str, Cell]] = []
    for number, cells in rows(worksheet, MAX_ROWS, MAX_COLUMNS):
        if kind is None:
            if number > HEADER_ROWS:
                return None
            kind, columns = _kind_of(cells)
            continue
        if number > MAX_ROWS:
            # NOTE: a sheet this long is not a questionnaire; its rows are not read as answers.
            return Sheet(kind, title, [], too_long=True)
        row: dict[str, Cell] = {}
        for index, key in columns.items():
            cell = cells[index] if index < len(cells) else None
            value = getattr(cell, "value", None)
            data_type = getattr(cell, "data_type", "n") or "n"
            row[key] = Cell(value, data_type, place(shown, title, number, index + 1))
        row["_row"] = Cell(number, "n", place(shown, title, number, 1))
        body.append(row)
    if kind is None:
        return None
    return Sheet(kind, title, body)


def in_every_language(spec: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Column keys by header, lower case, in every language clusterkit speaks (``niveau`` -> ``level``)."""
    spec = list(spec)
    found: dict[str, str] = {}
    for language in LANGUAGES:
        with use_language(language):
            for key, header in spec:
                found.setdefault(header_text(key, header).lower(), key)
    return found


def _kind_of(cells: tuple[Any, ...]) -> tuple[str | None, dict[int, str]]:
    """What a header row names (and its columns by index), or (None, {}) for any other row.

    Headers are matched in every language: a workbook written in French reads as one in English."""
    headers = {
        index: str(cell.value).strip().lower()
        for index, cell in enumerate(cells)
        if isinstance(getattr(cell, "value", None), str)
    }
    names = set(headers.values())
    for kind, spec, needed in _KINDS:
        by_header = in_every_language(spec)
        keys = {by_header.get(name, "") for name in names}
        if needed <= keys:
            if kind == "indicators" and not {"id", "key"} & keys:
                continue
            return kind, {index: by_header[name] for index, name in headers.items() if name in by_header}
    return None, {}


def _answers(reading: Reading, sheets: list[Sheet], known: Collection[str] | None) -> list[Answer]:
    framework = reading.framework
    ids = [i.id for i in framework.indicators]
    assessed = {i.id for i in framework.indicators if i.assessed}
    seen: dict[str, str] = {}
    found: dict[str, Answer] = {}
    for sheet in sheets:
        for row in sheet.rows:
            inputs = [row.get(k) for k in ("level", "evidence", "source")]
            id_cell = row.get("id") if row.get("id") is not None and not row["id"].blank else row.get("key")
            indicator = text_of(reading, row.get("key"), "id") or text_of(reading, row.get("id"), "id")
            if indicator is None:
                if any(c is not None and not c.blank for c in inputs):
                    reading.problem(id_cell or row["_row"], "id", _("the row has answers but no indicator id"))
                continue
            where = id_cell or row["_row"]
            if not SLUG_RE.fullmatch(indicator):
                reading.problem(
                    where,
                    "id",
                    _("{id} is not an indicator id (lowercase letters, digits, '-' and '_')").format(
                        id=short_repr(indicator)
                    ),
                )
                continue
            if indicator not in ids:
                close = difflib.get_close_matches(indicator, ids, n=1)
                hint = _(" (did you mean {key}?)").format(key=repr(close[0])) if close else ""
                reading.problem(
                    where,
                    "id",
                    _("framework {framework} has no indicator {id}{hint}").format(
                        framework=repr(framework.id), id=repr(indicator), hint=hint
                    ),
                )
                continue
            if indicator not in assessed:
                reading.problem(
                    where,
                    "id",
                    _("indicator {id} is measured from the profile's facts, not assessed; remove its row").format(
                        id=repr(indicator)
                    ),
                )
                continue
            if indicator in seen:
                reading.problem(
                    where,
                    "id",
                    _("indicator {id} has two rows (the other at {where})").format(
                        id=repr(indicator), where=seen[indicator]
                    ),
                )
                continue
            seen[indicator] = where.where
            answer = _answer(reading, indicator, row, known)
            if answer is not None:
                found[indicator] = answer
    for ind in framework.indicators:
        if ind.assessed and ind.id not in seen:
            reading.problem(
                reading.shown,
                None,
                _(
                    "indicator {id} ({name}) is missing: no row has its id; put its row back (an empty level skips it)"
                ).format(id=repr(ind.id), name=localized(ind.name)),
            )
    return [found[i] for i in ids if i in found]


def _answer(reading: Reading, indicator: str, row: dict[str, Cell], known: Collection[str] | None) -> Answer | None:
    level_cell = row.get("level")
    evidence_cell, source_cell = row.get("evidence"), row.get("source")
    if level_cell is None:  # the sheet lost its Level column: said once per row is enough
        reading.problem(row["_row"], "level", _("the sheet has no Level column"))
        return None
    try:
        level = parse_level(level_cell)
    except ValueError as exc:
        reading.problem(level_cell, "level", str(exc))
        level = ""
        failed = True
    else:
        failed = False
    evidence = text_of(reading, evidence_cell, "evidence")
    source = text_of(reading, source_cell, "source")
    if failed:
        return None
    if level == "":
        if evidence or source:
            reading.problem(level_cell, "level", _("evidence is given but no level; choose 0-4 or unknown"))
        return None
    assert not isinstance(level, str)
    ok = True
    if level is not None and not evidence:
        reading.problem(
            evidence_cell or level_cell,
            "evidence",
            _("a level needs evidence: a short quote or paraphrase of what it rests on, and its source"),
        )
        ok = False
    if evidence is not None and len(evidence) > MAX_EVIDENCE:
        reading.problem(
            evidence_cell or level_cell,
            "evidence",
            _("at most {limit} characters").format(limit=spell.number(MAX_EVIDENCE)),
        )
        ok = False
    if evidence and not source:
        reading.problem(
            source_cell or level_cell,
            "source",
            _("evidence needs a source: a reference key (see the Instructions sheet)"),
        )
        ok = False
    if source is not None and not check_citation(reading, source_cell or level_cell, "source", source, known):
        ok = False
    if not ok:
        return None
    return Answer(indicator, level, evidence, source, level_cell.where)


def _profile_facts(reading: Reading, sheets: list[Sheet]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The facts of the Profile sheet by profile path, and the cluster id, date and source (``meta``)."""
    facts: dict[str, Any] = {}
    meta: dict[str, Any] = {"cluster_id": ""}
    if not sheets:
        reading.problem(
            reading.shown,
            None,
            _("has no Profile sheet (a sheet with the columns Field and Value) giving the cluster id"),
        )
        return facts, meta
    sheet = sheets[0]
    labels = in_every_language((key, label) for key, label, _h in PROFILE_ROWS)
    cells: dict[str, Cell] = {}
    for row in sheet.rows:
        key = text_of(reading, row.get("key"), "key") if "key" in row else None
        if key is None:
            label = text_of(reading, row.get("field"), "field")
            key = labels.get((label or "").lower())
        if key in dict.fromkeys(k for k, _l, _h in PROFILE_ROWS) and key not in cells and "value" in row:
            cells[key] = row["value"]
    header_place = f"{reading.shown}:{sheet.title}"
    if "cluster_id" not in cells:
        reading.problem(header_place, "cluster_id", _("the Profile sheet has no 'Cluster id' row"))
    for key, cell in cells.items():
        value = _profile_value(reading, key, cell)
        if value is None:
            continue
        if key in ("cluster_id", "date", "source"):
            meta[key] = value
            meta[f"{key}_cell"] = cell
        elif key == "framework":
            if value != reading.framework.id:
                reading.problem(
                    cell,
                    "framework",
                    _(
                        "this questionnaire is for framework {framework}, not {expected};"
                        " import it with --framework {id}"
                    ).format(framework=repr(value), expected=repr(reading.framework.id), id=value),
                )
        else:
            facts[key] = value
    meta["source_where"] = cells.get("source", header_place)
    if "cluster_id" in cells and cells["cluster_id"].blank:
        reading.problem(
            cells["cluster_id"],
            "cluster_id",
            _("required: the id of the cluster (lowercase letters, digits, '-' and '_')"),
        )
    return facts, meta


def _profile_value(reading: Reading, key: str, cell: Cell) -> Any:
    """One Profile value, checked; None when empty or wrong (and then a problem is recorded)."""
    if key == "date" and isinstance(cell.value, datetime.datetime | datetime.date) and cell.data_type != "f":
        value: Any = cell.value
        return (value.date() if isinstance(value, datetime.datetime) else value).isoformat()
    if key in ("founded", "members.total"):
        return whole_number(reading, key, cell)
    text = text_of(reading, cell, key)
    if text is None:
        return None
    if key == "cluster_id" and not SLUG_RE.fullmatch(text):
        reading.problem(
            cell,
            key,
            _("must be an id: lowercase letters, digits, '-' and '_', at most 64 (my-cluster), got {value}").format(
                value=short_repr(text)
            ),
        )
        return None
    if key == "location.country":
        if not _COUNTRY_RE.fullmatch(text.upper()):
            reading.problem(
                cell,
                key,
                _("must be a two-letter ISO 3166-1 country code (MA, IT), got {value}").format(value=short_repr(text)),
            )
            return None
        return text.upper()
    if key == "date":
        problem = date_problem(text)
        if problem:
            reading.problem(cell, key, problem)
            return None
    if key in ("name", "location.city") and len(text) > MAX_SHORT:
        reading.problem(cell, key, _("at most {limit} characters").format(limit=spell.number(MAX_SHORT)))
        return None
    return text


def _new_references(reading: Reading, sheets: list[Sheet]) -> list[NewReference]:
    found: dict[str, NewReference] = {}
    for sheet in sheets[:1]:
        for row in sheet.rows:
            values = {k: text_of(reading, row.get(k), k) for k, _h in REFERENCE_COLUMNS}
            if not any(values.values()):
                continue
            key, title = values["key"], values["title"]
            where = row.get("key") or row["_row"]
            if not key:
                reading.problem(
                    where, "key", _("a new reference needs a key (lowercase letters, digits, '.', '-', '_')")
                )
                continue
            if not _REFERENCE_KEY_RE.fullmatch(key):
                reading.problem(
                    where,
                    "key",
                    _("{key} is not a reference key (lowercase letters, digits, '.', '-', '_')").format(
                        key=short_repr(key)
                    ),
                )
                continue
            if key in found:
                reading.problem(where, "key", _("reference {key} is given twice").format(key=repr(key)))
                continue
            if reading.references is not None and key in reading.references:
                reading.problem(
                    where,
                    "key",
                    _("{key} is already a reference on the search path; cite it without adding it here").format(
                        key=repr(key)
                    ),
                )
                continue
            if not title:
                reading.problem(
                    row.get("title") or where, "title", _("reference {key} needs a title").format(key=repr(key))
                )
                continue
            found[key] = NewReference(key, title, values["url"], values["note"])
    return list(found.values())
