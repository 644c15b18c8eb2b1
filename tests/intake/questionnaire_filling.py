"""Helpers for the questionnaire tests: fill a questionnaire workbook as a user would, with openpyxl,
and change a workbook's parts at the ZIP level (a sheet's XML) to make inputs openpyxl would not write."""

from __future__ import annotations

import io
import posixpath
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook

KEY_HEADER = "Key (do not edit)"
# The headers a user sees, in English and in French: a questionnaire is filled in either language.
HEADERS = {
    "key": (KEY_HEADER, "Clé (ne pas modifier)"),
    "level": ("Level", "Niveau"),
    "evidence": ("Evidence", "Éléments de preuve"),
    "source": ("Source",),
    "value": ("Value", "Valeur"),
}
REFERENCES_SHEETS = ("References", "Références")
NS = {
    "m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
}


def columns(sheet: Any) -> dict[str, int]:
    """A sheet's header row: header text -> column number (1-based)."""
    return {str(c.value): c.column for c in sheet[1] if c.value is not None}


def column(header: Mapping[str, int], key: str) -> int | None:
    """The column of ``key`` (``level``, ``evidence``...) in a header row of either language."""
    return next((header[name] for name in HEADERS[key] if name in header), None)


def indicator_rows(book: Workbook) -> dict[str, tuple[Any, int]]:
    """Every indicator row of a questionnaire: id -> (sheet, row number), found by the key column."""
    found: dict[str, tuple[Any, int]] = {}
    for sheet in book.worksheets:
        header = columns(sheet)
        key_column = column(header, "key")
        if key_column is not None and column(header, "level") is not None:
            for row in range(2, sheet.max_row + 1):
                key = sheet.cell(row, key_column).value
                if key:
                    found[str(key)] = (sheet, row)
    return found


def set_answer(book: Workbook, indicator: str, level: Any, evidence: Any = None, source: Any = None) -> None:
    sheet, row = indicator_rows(book)[indicator]
    header = columns(sheet)
    for key, value in (("level", level), ("evidence", evidence), ("source", source)):
        sheet.cell(row, column(header, key) or 0).value = value


def set_profile(book: Workbook, values: Mapping[str, Any]) -> None:
    """Profile values by their key (``cluster_id``, ``location.country``, ``date``...)."""
    sheet = next(book[title] for title in ("Profile", "Profil") if title in book.sheetnames)
    header = columns(sheet)
    for row in range(2, sheet.max_row + 1):
        key = sheet.cell(row, column(header, "key") or 0).value
        if key in values:
            sheet.cell(row, column(header, "value") or 0).value = values[key]


PROFILE = {
    "cluster_id": "demo",
    "name": "Demo Cluster",
    "location.country": "MA",
    "location.city": "Rabat",
    "founded": 2016,
    "members.total": 48,
    "date": "2024-05",
    "source": "demo-site",
}


def typed_answers(indicators: list[str]) -> dict[str, tuple[int | str, str, str]]:
    """A level, an evidence text and a source for each indicator, different for each."""
    return {
        ind: (n % 5, f"Evidence typed for {ind}: the cluster's report, page {n + 1}.", f"demo-site p. {n + 1}")
        for n, ind in enumerate(indicators)
    }


def fill(
    source: Path | bytes,
    target: Path,
    *,
    profile: Mapping[str, Any] = PROFILE,
    answers: Mapping[str, tuple[Any, Any, Any]] | None = None,
    new_reference: tuple[str, str, str] | None = ("demo-site", "Demo Cluster website", "https://demo.example"),
    change: Callable[[Workbook], None] | None = None,
) -> dict[str, tuple[Any, Any, Any]]:
    """Fill the questionnaire ``source`` and save it as ``target``; the answers typed (all assessed by default)."""
    book = load_workbook(io.BytesIO(source) if isinstance(source, bytes) else source)
    set_profile(book, profile)
    if answers is None:
        answers = typed_answers(list(indicator_rows(book)))
    for indicator, (level, evidence, cited) in answers.items():
        set_answer(book, indicator, level, evidence, cited)
    if new_reference is not None:
        refs = next(book[title] for title in REFERENCES_SHEETS if title in book.sheetnames)
        for column, value in enumerate(new_reference, start=1):
            refs.cell(2, column).value = value
    if change is not None:
        change(book)
    book.save(target)
    return dict(answers)


def sheet_part(data: bytes, title: str) -> str:
    """The ZIP entry that holds the sheet titled ``title`` (read from workbook.xml and its relationships)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        book = ET.fromstring(archive.read("xl/workbook.xml"))
        rels = ET.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target") for r in rels.findall("rel:Relationship", NS)}
    for sheet in book.findall("m:sheets/m:sheet", NS):
        if sheet.get("name") == title:
            target = str(targets[sheet.get(f"{{{NS['r']}}}id")])
            return target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
    raise KeyError(title)


def replace_part(data: bytes, name: str, content: bytes | Callable[[Any], None]) -> bytes:
    """The workbook with the entry ``name`` replaced by ``content`` (bytes, or a writer given the open entry)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        assert name in source.namelist(), name
        for entry in source.infolist():
            info = zipfile.ZipInfo(entry.filename, date_time=entry.date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            if entry.filename != name:
                target.writestr(info, source.read(entry))
            elif isinstance(content, bytes):
                target.writestr(info, content)
            else:
                with target.open(info, "w", force_zip64=True) as stream:
                    content(stream)
    return out.getvalue()
