"""The questionnaire in French, as a Moroccan cluster manager gets it with ``--lang fr``: the workbook's
sheets, headers, instructions and drop-down in French, read back into the same profile as the English
one; one XLSForm that serves both languages (pyxform's multilingual columns) and opens in the run's;
the problems of a broken workbook or submissions export in French, each still at its file, sheet and
cell (or line and field); and the ``assess`` interview in French through a pseudo-terminal."""

from __future__ import annotations

import io
import os
import sys
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from openpyxl import load_workbook
from pyxform.xls2xform import convert
from questionnaire_filling import fill, indicator_rows, typed_answers
from typer.testing import Result

from clusterkit.errors import LoadError
from clusterkit.i18n import localized, use_language
from clusterkit.intake.submissions import read_submissions
from clusterkit.intake.workbook import questionnaire_workbook, read_workbook
from clusterkit.intake.xlsform import xlsform, xlsform_sheets
from clusterkit.loading import Catalog, search_dirs
from clusterkit.models import Framework

Cli = Callable[..., Result]
TESTS = Path(__file__).resolve().parents[1]
XF = "{http://www.w3.org/2002/xforms}"
NBSP, NNBSP = "\u00a0", "\u202f"
EN, FR = "English (en)", "Français (fr)"


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return Catalog(search_dirs([], env=""))


@pytest.fixture(scope="module")
def framework(catalog: Catalog) -> Framework:
    return catalog.framework("default")


@pytest.fixture(scope="module")
def mini() -> Framework:
    return Catalog(search_dirs([TESTS / "positive"], env="")).framework("mini")


def written(cli: Cli, path: Path, *args: str) -> Path:
    result = cli("--lang", "fr", "questionnaire", "-o", path, *args)
    assert result.exit_code == 0, result.output
    return path


# --- the workbook --------------------------------------------------------------------------------


def test_the_french_workbook_has_french_sheets_headers_instructions_and_drop_down(
    cli: Cli, tmp_path: Path, framework: Framework
) -> None:
    book = load_workbook(written(cli, tmp_path / "q.xlsx"))
    dimensions = [localized(d.name, "fr")[:31] for d in framework.dimensions]
    assert book.sheetnames == ["Consignes", "Profil", *dimensions, "Références"]
    sheet = book[dimensions[1]]
    headers = [c.value for c in sheet[1]]
    assert headers[:6] == ["Indicateur", "Nom", "Question", "Niveau", "Éléments de preuve", "Source"]
    assert headers[6:] == [f"Niveau {n}" for n in range(5)] + ["Clé (ne pas modifier)"]
    first = next(i for i in framework.indicators if i.assessed and i.dimension == framework.dimensions[1].id)
    row = [c.value for c in sheet[2]]
    assert row[:3] == [first.id, localized(first.name, "fr"), localized(first.measures, "fr")]
    assert row[6:11] == [localized(level, "fr") for level in first.levels]
    (choice,) = sheet.data_validations.dataValidation
    assert choice.formula1 == '"0,1,2,3,4,inconnu"'
    assert choice.promptTitle == "Niveau" and "inconnu" in (choice.prompt or "")
    assert [c.value for c in book["Profil"][1]] == ["Champ", "Valeur", "Aide", "Clé (ne pas modifier)"]
    assert book["Profil"]["A2"].value == "Identifiant du cluster"
    lines = [c.value for c in book["Consignes"]["A"] if c.value]
    assert "Comment le remplir" in lines and "Comment citer une source" in lines
    assert lines[0] == "Questionnaire\u00a0: " + localized(framework.name, "fr")


def test_the_english_workbook_is_unchanged_by_the_french_one(framework: Framework) -> None:
    english = questionnaire_workbook(framework)
    with use_language("fr"):
        french = questionnaire_workbook(framework)
    assert english != french
    assert load_workbook(io.BytesIO(english)).sheetnames[:2] == ["Instructions", "Profile"]
    assert english == questionnaire_workbook(framework)


def test_a_french_workbook_filled_in_reads_as_the_english_one(tmp_path: Path, framework: Framework) -> None:
    english = questionnaire_workbook(framework)
    with use_language("fr"):
        french = questionnaire_workbook(framework)
    answers = typed_answers(list(indicator_rows(load_workbook(io.BytesIO(english)))))
    first, second = list(answers)[:2]
    answers[first] = ("unknown", None, None)
    typed_fr = dict(answers, **{first: ("inconnu", None, None)})
    fill(english, tmp_path / "en.xlsx", answers=answers)
    fill(french, tmp_path / "fr.xlsx", answers=typed_fr)
    keys: set[str] = set()  # NOTE: demo-site is the References sheet's own
    read_en = read_workbook(tmp_path / "en.xlsx", framework, references=keys)
    read_fr = read_workbook(tmp_path / "fr.xlsx", framework, references=keys)
    strip = [
        (
            a.cluster_id,
            a.date,
            a.facts,
            a.source,
            a.references,
            [(x.indicator, x.level, x.evidence, x.source) for x in a.answers],
        )
        for a in read_en
    ]
    assert strip == [
        (
            a.cluster_id,
            a.date,
            a.facts,
            a.source,
            a.references,
            [(x.indicator, x.level, x.evidence, x.source) for x in a.answers],
        )
        for a in read_fr
    ]
    levels = {x.indicator: x.level for x in read_fr[0].answers}
    assert levels[first] is None and levels[second] == answers[second][0]


def test_imported_in_french_or_english_the_profile_is_the_same(cli: Cli, tmp_path: Path) -> None:
    fill(written(cli, tmp_path / "fr-blank.xlsx"), tmp_path / "fr.xlsx")
    blank = tmp_path / "en-blank.xlsx"
    assert cli("questionnaire", "-o", blank).exit_code == 0
    fill(blank, tmp_path / "en.xlsx")
    profiles = {}
    for lang in ("en", "fr"):
        folder = tmp_path / lang
        result = cli("--lang", lang, "import", tmp_path / f"{lang}.xlsx", "--dir", folder)
        assert result.exit_code == 0, result.output
        profiles[lang] = yaml.safe_load((folder / "clusters" / "demo.yaml").read_text(encoding="utf-8"))
    assert profiles["fr"] == profiles["en"]
    assert profiles["fr"]["assessments"][0]["levels"]


# --- problems, in French at their place ------------------------------------------------------------


def refused(result: Result, out: Path) -> list[str]:
    """The problems a refused import lists on stderr (exit 2, nothing written, no traceback)."""
    assert result.exit_code == 2, result.output
    assert result.stdout == "" and "Traceback" not in result.output
    assert not out.exists()
    return result.stderr.splitlines()


def test_a_broken_workbook_imported_in_french_names_each_cell_in_french(cli: Cli, tmp_path: Path) -> None:
    def broken(book: Any) -> None:
        sheet = book["Activités"]
        sheet["D7"].value = 7
        sheet["D8"].value = "=1+2"
        sheet["E9"].value = None
        sheet["F6"].value = "nosuch-report §2"
        book["Profil"]["B4"].value = "Maroc"  # the country

    fill(written(cli, tmp_path / "blank.xlsx"), tmp_path / "q.xlsx", change=broken)
    out = tmp_path / "out"
    shown = refused(cli("--lang", "fr", "import", tmp_path / "q.xlsx", "--dir", out), out)
    q = f"{tmp_path / 'q.xlsx'}:'Activités'"  # NOTE: a title beyond ASCII is quoted, as Excel may quote it
    assert shown == [
        f"{tmp_path / 'q.xlsx'}:Profil!B4: location.country: doit être un code de pays ISO 3166-1 à deux lettres"
        " (MA, IT), reçu 'Maroc'",
        f"{q}!F6: source: aucune référence n'a la clé 'nosuch-report'{NNBSP}; citez une clé de la liste"
        " de la feuille Consignes, ou ajoutez la référence à la feuille Références",
        f"{q}!D7: level: doit être 0-4 ou inconnu, reçu '7'",
        f"{q}!D8: level: doit être 0-4 ou inconnu, reçu une formule '=1+2'{NNBSP}; choisissez le niveau"
        " lui-même dans la liste déroulante",
        f"{q}!E9: evidence: un niveau exige des éléments de preuve{NBSP}: une courte citation ou"
        " paraphrase de ce sur quoi il repose, et leur source",
    ]
    english = cli("import", tmp_path / "q.xlsx", "--dir", out)
    assert english.exit_code == 2
    assert f"{q}!D7: level: must be 0-4 or unknown, got '7'" in english.stderr.splitlines()


def test_a_file_that_is_no_workbook_is_refused_in_french(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "out"
    text = TESTS / "negative" / "workbooks" / "renamed-csv.xlsx"
    assert refused(cli("--lang", "fr", "import", text, "--dir", out), out) == [
        f"{text}: est du texte, pas un classeur XLSX (un fichier CSV renommé en .xlsx{NNBSP}?){NNBSP}; nommez un"
        " fichier CSV en .csv, ou enregistrez-le en .xlsx"
    ]


def test_a_broken_submissions_export_imported_in_french_names_each_line_and_field(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(TESTS / "negative" / "submissions")
    out = tmp_path / "out"
    args = ("import", "several-problems.csv", "--dir", out, "--framework", "mini", "--profiles-dir", TESTS / "positive")
    shown = refused(cli("--lang", "fr", *args), out)
    assert shown[:4] == [
        "several-problems.csv:2:processes-strategy: niveau\u00a0: doit être 0-4 ou unknown, reçu '5'",
        "several-problems.csv:3:processes-strategy_evidence: vide, alors que le niveau 3 exige ses éléments de preuve"
        " (une courte citation ou paraphrase)",
        "several-problems.csv:4:cluster_id: doit être un identifiant (lettres minuscules, chiffres, - et _,"
        " commençant par une lettre ou un chiffre, au plus 64 caractères), reçu 'Third'",
        "several-problems.csv:4:date: doit être une date AAAA-MM-JJ (ou AAAA-MM, AAAA), reçu '2024-13-01'",
    ]
    assert (
        cli(*args).stderr.splitlines()[0]
        == "several-problems.csv:2:processes-strategy: level: must be 0-4 or unknown, got '5'"
    )


def test_the_problems_of_an_export_read_in_french_as_a_library(mini: Framework, tmp_path: Path) -> None:
    header = (TESTS / "negative" / "submissions" / "header-only.csv").read_bytes()
    (tmp_path / "a.csv").write_bytes(header)
    with use_language("fr"), pytest.raises(LoadError) as caught:
        read_submissions(tmp_path / "a.csv", mini)
    assert caught.value.lines() == [
        f"{tmp_path / 'a.csv'}: ne contient aucune soumission (seulement la ligne d'en-tête)"
    ]


# --- the XLSForm ---------------------------------------------------------------------------------


def itext(root: ET.Element, language: str) -> dict[str, str]:
    translation = next(t for t in root.iter(f"{XF}translation") if t.attrib["lang"] == language)
    return {t.attrib["id"]: t.findtext(f"{XF}value") or "" for t in translation.iter(f"{XF}text")}


def test_one_xlsform_serves_both_languages_and_opens_in_the_runs(
    cli: Cli, tmp_path: Path, catalog: Catalog, framework: Framework
) -> None:
    path = written(cli, tmp_path / "f.xlsx", "--format", "xlsform", "--cluster", "mnc")
    warnings: list[str] = []
    root = ET.fromstring(convert(str(path), warnings=warnings).xform)
    assert warnings == []
    languages = {t.attrib["lang"]: t.attrib.get("default") for t in root.iter(f"{XF}translation")}
    assert languages == {EN: None, FR: "true()"}
    ind = framework.indicator("strategy_documented")
    ref = "/data/processes/strategy_documented"
    for language, code in ((EN, "en"), (FR, "fr")):
        texts = itext(root, language)
        assert texts[f"{ref}:label"] == localized(ind.name, code)
        assert texts[f"{ref}:hint"] == localized(ind.measures, code)
        assert [texts[f"levels_strategy_documented-{n}"] for n in range(5)] == [
            f"{n}: {localized(text, code)}" for n, text in enumerate(ind.levels)
        ]
    assert itext(root, FR)["/data/cluster_id:label"] == "Identifiant du cluster"
    shown = itext(root, FR)["levels_strategy_documented-5"].replace("\u00a0", " ")
    assert shown == "Inconnu : les sources ne le disent pas"
    (settings,) = xlsform_sheets(framework)["settings"][1]
    assert settings["default_language"] == EN


def test_the_french_form_keeps_every_name_and_expression(framework: Framework) -> None:
    """Exports carry names, not labels: the French form must name its questions and choices as the English."""
    english = xlsform_sheets(framework)
    with use_language("fr"):
        french = xlsform_sheets(framework)
    machine = ("type", "name", "required", "constraint", "relevant", "default", "list_name")
    for sheet in ("survey", "choices"):
        assert french[sheet][0] == english[sheet][0]
        assert [{k: r.get(k) for k in machine} for r in french[sheet][1]] == [
            {k: r.get(k) for k in machine} for r in english[sheet][1]
        ]
    assert french["settings"][1][0]["default_language"] == FR
    with use_language("fr"):
        assert xlsform(framework) == xlsform(framework)


# --- assess ----------------------------------------------------------------------------------------

pexpect = pytest.importorskip("pexpect")


def spawn(tmp_path: Path, *args: str) -> Any:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLUSTERKIT_")}
    env.update({"NO_COLOR": "1", "TERM": "dumb", "PYTHONIOENCODING": "utf-8", "COLUMNS": "80", "LINES": "24"})
    return pexpect.spawn(
        sys.executable,
        ["-m", "clusterkit", "--lang", "fr", "assess", "demo", "--dir", "mine", *args],
        cwd=str(tmp_path),
        env=env,
        encoding="utf-8",
        timeout=30,
        dimensions=(24, 80),
    )


def answer(child: Any, prompt: str, text: str) -> None:
    child.expect_exact(prompt)
    child.sendline(text)


@pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")
def test_an_interview_in_french_saves_what_is_typed(tmp_path: Path, framework: Framework) -> None:
    child = spawn(tmp_path, "--date", "2024-05", "--only", "strategy_documented,prioritisation")
    answer(child, "Nom (par exemple Maroc Numeric Cluster)", "Cluster Démo")
    answer(child, "Pays", "Maroc")
    answer(child, "deux lettres", "ma")
    answer(child, "Ville", "Rabat")
    answer(child, "Année de création", "2012")
    answer(child, "Membres", "1 200")
    answer(child, "Source de ces faits", "nouvelle")
    answer(child, "Clé", "enquete-2024")
    answer(child, "Titre", "Auto-évaluation par le gestionnaire de cluster, mai 2024")
    answer(child, "URL", "")
    answer(child, "Note", "")
    child.expect_exact("mine/clusters/demo.yaml écrit")
    child.expect_exact("2 indicateurs.")
    ind = framework.indicator("strategy_documented")
    child.expect_exact("Processus et stratégies · strategy_documented")
    child.expect_exact(localized(ind.name, "fr")[:30])
    answer(child, "Niveau (0-4, i inconnu, p passer, q quitter)", "7")
    answer(child, "'7' n'est pas un niveau", "2")
    answer(child, "Éléments de preuve", "Un plan d'action pour 2024 liste 9 actions.")
    answer(child, "Source de ces éléments de preuve", "")
    child.expect_exact("enregistré\u00a0: niveau 2 dans l'évaluation datée du 2024-05")
    answer(child, "Niveau", "i")
    child.expect_exact("inconnu, laissé hors de l'évaluation datée du 2024-05")
    child.expect_exact("terminé\u00a0: 2 réponses dans cette séance")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    profile = yaml.safe_load((tmp_path / "mine" / "clusters" / "demo.yaml").read_text(encoding="utf-8"))
    assert profile["name"] == "Cluster Démo"
    assert profile["members"]["total"]["value"] == 1200
    (assessment,) = profile["assessments"]
    level = assessment["levels"]["strategy_documented"]
    assert level["level"] == 2
    assert level["evidence"][0] == {"text": "Un plan d'action pour 2024 liste 9 actions.", "source": "enquete-2024"}
