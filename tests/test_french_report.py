"""Audits, reports and histories in French: with ``--lang fr`` their tables, pages and workbooks speak
French, while the JSON keeps the same keys, ids and numbers as in English (only text values differ)."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from clusterkit.audit import audit
from clusterkit.i18n import use_language
from clusterkit.loading import load_document
from clusterkit.models import Strategy
from clusterkit.views.audit import audit_view

Cli = Callable[..., Any]

HISTORY = Path(__file__).resolve().parent / "data" / "history"
MN2013 = Path(__file__).resolve().parents[1] / "profiles" / "strategies" / "mn2013.yaml"
AUDIT = ("audit", "mn2013")
REPORT = ("report", "mnc", "--benchmark", "le2c", "--audit", "mn2013")
COMMANDS = {
    "audit": AUDIT,
    "report": REPORT,
    "history": ("history", "demo", "-p", str(HISTORY)),
}
# Keys whose text is an id, a slug or a citation: the same in every language.
MACHINE_KEYS = frozenset(
    {"id", "kind", "key", "ref", "axis", "axes", "dimension", "field", "severity", "statuses", "status"}
    | {"source", "sources", "cluster", "framework", "schema_version", "path", "date", "as_of", "from", "to"}
    | {"qualifier", "unit", "measure", "role", "currency", "bounded_by", "targets", "method", "basis"}
)
# Excel refuses these in a sheet's name, and names longer than 31 characters.
SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def spaced(text: str) -> str:
    """Text with French typography's no-break spaces (before ``:``, ``;``, ``%``) as plain spaces."""
    return text.replace("\u00a0", " ").replace("\u202f", " ")


def json_of(cli: Cli, args: tuple[str, ...], lang: str) -> Any:
    result = cli(*args, "--format", "json", "--lang", lang)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def differences(en: Any, fr: Any, where: str = "$", key: str = "") -> list[str]:
    """Where the French document differs from the English one other than in a text value: keys, list
    lengths, types, numbers, booleans, nulls, and the text of ids and other machine keys."""
    if isinstance(en, dict):
        if not isinstance(fr, dict) or list(en) != list(fr):
            return [f"{where}: keys {list(en)} != {list(fr) if isinstance(fr, dict) else type(fr).__name__}"]
        return [d for k in en for d in differences(en[k], fr[k], f"{where}.{k}", k)]
    if isinstance(en, list):
        if not isinstance(fr, list) or len(en) != len(fr):
            return [f"{where}: a list of {len(en)} != {fr!r:.60}"]
        return [d for n, (a, b) in enumerate(zip(en, fr, strict=True)) for d in differences(a, b, f"{where}[{n}]", key)]
    if isinstance(en, str):
        if not isinstance(fr, str):
            return [f"{where}: text {en!r} != {fr!r}"]
        return [f"{where}: {en!r} != {fr!r}"] if key in MACHINE_KEYS and en != fr else []
    return [] if type(en) is type(fr) and en == fr else [f"{where}: {en!r} != {fr!r}"]


def texts(document: Any) -> list[str]:
    """Every text value of a JSON document."""
    if isinstance(document, dict):
        return [t for v in document.values() for t in texts(v)]
    if isinstance(document, list):
        return [t for v in document for t in texts(v)]
    return [document] if isinstance(document, str) else []


@pytest.mark.parametrize("command", list(COMMANDS))
def test_the_json_has_the_same_keys_ids_and_numbers_in_english_and_french(cli: Cli, command: str) -> None:
    en, fr = json_of(cli, COMMANDS[command], "en"), json_of(cli, COMMANDS[command], "fr")
    assert differences(en, fr) == []
    # Only text values for people differ, and some of them do.
    assert texts(en) != texts(fr)


def test_the_report_json_speaks_french_in_its_text_values(cli: Cli) -> None:
    fr = json_of(cli, REPORT, "fr")
    assert spaced(fr["title"]) == "Maroc Numeric Cluster : rapport de cluster"
    labels = {row["field"]: row["label"] for row in reversed(fr["cluster"]["summary"])}
    assert labels["founded"] == "Année de création"
    assert labels["members.types"] == "Types de membres"
    index = fr["audit"]["index"]
    assert index["formula"].startswith("indice = moyenne des composantes connues")
    assert index["value"] == json_of(cli, REPORT, "en")["audit"]["index"]["value"]


def test_the_audit_table_speaks_french_with_french_numbers(cli: Cli) -> None:
    result = cli(*AUDIT, "--lang", "fr")
    assert result.exit_code == 0, result.output
    out = spaced(result.stdout)
    assert "Maroc Numeric 2013 : mise en œuvre par axe" in out
    assert "non démarrée" in out and "en cours" in out  # statuses in words
    assert "Constats" in out and "Incohérences dans les données" in out
    assert "critique" in out  # a finding's severity
    assert "6 milliards MAD" in out and "0,76 milliard MAD (2008)" in out
    assert "moins de 30,6 %" in out
    # Ids, citations and check names stay as they are.
    assert "el-idrissi-2020 §3.1" in out and "counts_sum" in out
    assert "Findings" not in out and "implementation by axis" not in out


def test_an_inconsistency_reads_in_french_with_its_figures() -> None:
    strategy = load_document(MN2013, "strategy")
    assert isinstance(strategy, Strategy)
    with use_language("fr"):
        rows = audit_view(audit(strategy)).payload["inconsistencies"]
    said = {row["kind"] + ":" + (row["axis"] or row["field"]): spaced(row["text"]) for row in rows}
    assert said["sources_disagree:budget.total"].endswith(
        "5,19 milliards MAD concorde avec 5,2 milliards MAD à l'arrondi près; 5,9 milliards MAD ne concorde pas"
    )
    assert "la cible 'egov-services' prévoit 89 projets, l'axe en prévoit 69" in said.values()


def test_the_report_in_markdown_and_html_speaks_french(cli: Cli, tmp_path: Path) -> None:
    markdown = cli(*REPORT, "--lang", "fr", "--format", "markdown")
    assert markdown.exit_code == 0, markdown.output
    document = spaced(markdown.stdout)
    assert "# Maroc Numeric Cluster : rapport de cluster" in document
    assert "## Profil de Maroc Numeric Cluster (mnc)" in document
    assert "| Global " in document and "écart pondéré" in document
    page = tmp_path / "rapport.html"
    result = cli(*REPORT, "--lang", "fr", "-o", page)
    assert result.exit_code == 0, result.output
    html = spaced(page.read_text(encoding="utf-8"))
    assert '<html lang="fr">' in html
    for words in (
        'aria-label="Sommaire"',
        "<b>Figure 1.</b>",
        "Indice de mise en œuvre",
        "Points forts et points faibles",
        "Réalisation par axe",
        "niveaux et éléments de preuve",
        '<span class="tag critical">critique</span>',
        "Évaluation</b> 2014",
    ):
        assert words in html, words
    assert "Strengths and weaknesses" not in html and "levels and evidence" not in html


def test_an_english_page_says_it_is_english(cli: Cli) -> None:
    result = cli(*AUDIT, "--format", "html")
    assert result.exit_code == 0, result.output
    assert '<html lang="en">' in result.stdout
    assert "Implementation index" in result.stdout


def test_a_french_workbook_has_french_sheet_names_excel_accepts(cli: Cli, tmp_path: Path) -> None:
    book = tmp_path / "audit.xlsx"
    result = cli(*AUDIT, "--lang", "fr", "-o", book)
    assert result.exit_code == 0, result.output
    workbook = load_workbook(io.BytesIO(book.read_bytes()))
    names = workbook.sheetnames
    assert {"stratégie", "axes", "cibles", "constats", "incohérences", "budget"} <= set(names)
    assert all(len(name) <= 31 and not SHEET_FORBIDDEN.search(name) for name in names), names
    assert len({name.lower() for name in names}) == len(names)
    headers = [cell.value for cell in workbook["constats"][1]]
    assert headers == ["gravité", "constat", "texte", "source"]


def test_an_english_workbook_keeps_its_sheet_names(cli: Cli, tmp_path: Path) -> None:
    book = tmp_path / "audit.xlsx"
    assert cli(*AUDIT, "-o", book).exit_code == 0
    names = load_workbook(io.BytesIO(book.read_bytes())).sheetnames
    assert {"strategy", "axes", "targets", "findings", "inconsistencies", "budget"} <= set(names)


def test_a_history_names_its_dates_and_changes_in_french(cli: Cli) -> None:
    result = cli(*COMMANDS["history"], "--lang", "fr")
    assert result.exit_code == 0, result.output
    out = spaced(result.stdout)
    assert "Variations entre évaluations, ventilées par nature (points)" in out
    assert "Global : de 57,5 à 57,4, -0,1" in out
    assert "1 indicateur qui n'est plus connu" in out and "4 indicateurs nouvellement connus" in out


def test_without_chromium_the_pdf_error_is_in_french(cli: Cli, tmp_path: Path) -> None:
    missing = tmp_path / "no" / "chromium"
    result = cli(*REPORT, "--lang", "fr", "-o", tmp_path / "rapport.pdf", env={"CLUSTERKIT_CHROMIUM": str(missing)})
    assert result.exit_code == 2
    assert f"aucun Chromium trouvé à CLUSTERKIT_CHROMIUM={missing} : installez chromium" in spaced(result.stderr)
    assert not (tmp_path / "rapport.pdf").exists()
