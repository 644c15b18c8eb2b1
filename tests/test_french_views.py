"""Tables, pages and payloads in French: with ``--lang fr`` the titles, headers, notes and names read French and
numbers are spelled the French way, while a JSON document keeps the same keys, ids and numbers as in English."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from clusterkit import text
from clusterkit.i18n import use_language

Cli = Callable[..., Any]

# The commands whose views this file covers, as a person runs them.
COMMANDS: dict[str, list[str]] = {
    "compare": ["compare", "mnc", "le2c"],
    "compare-several": ["compare", "mnc", "le2c", "ahp"],
    "score": ["score", "mnc", "--explain"],
    "rank": ["rank"],
    "label": ["label", "mnc"],
    "sensitivity": ["sensitivity", "mnc", "le2c", "--draws", "20"],
    "framework": ["framework"],
    "framework-indicator": ["framework", "committed_members"],
    "references": ["references"],
    "list": ["list"],
    "show": ["show", "mnc"],
    "validate": ["validate"],
    "audit": ["audit", "mn2013"],
}
# Keys whose values are ids or machine words: they never change with the language.
ID_KEYS = frozenset(
    {
        "id",
        "ref",
        "key",
        "cluster",
        "framework",
        "dimension",
        "indicator",
        "against",
        "benchmark",
        "priority",
        "priority_basis",
        "method",
        "basis",
        "a_basis",
        "b_basis",
        "status",
        "verdict",
        "reason",
        "kind",
        "file",
        "path",
        "ranked_on",
        "assessment",
        "sources",
        "practices",
        "b_from",
        "strengths",
        "weaknesses",
        "unknown",
        "a",
        "b",
        "country",
        "city",
        # the audit's: where a figure is, what it counts and how exact it is
        "axis",
        "axes",
        "statuses",
        "field",
        "severity",
        "unit",
        "measure",
        "qualifier",
        "currency",
        "role",
        "targets",
        "figures",
        "bounded_by",
        "programme",
        "wording",
    }
)


def run_json(cli: Cli, lang: str, args: list[str]) -> Any:
    result = cli("--lang", lang, *args, "--format", "json")
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)


def differences(en: Any, fr: Any, where: str = "$", key: str | None = None) -> list[str]:
    """Where two documents differ in anything but the text values a person reads: structure, keys,
    numbers, booleans, nulls, and the values of id keys."""
    if isinstance(en, dict):
        if not isinstance(fr, dict) or list(en) != list(fr):
            return [f"{where}: keys {list(en)} != {list(fr) if isinstance(fr, dict) else type(fr).__name__}"]
        return [d for k in en for d in differences(en[k], fr[k], f"{where}.{k}", k)]
    if isinstance(en, list):
        if not isinstance(fr, list) or len(en) != len(fr):
            return [f"{where}: a list of {len(en)} != {fr!r}"[:200]]
        return [d for i, (x, y) in enumerate(zip(en, fr)) for d in differences(x, y, f"{where}[{i}]", key)]
    if isinstance(en, str):
        if not isinstance(fr, str):
            return [f"{where}: text {en!r} != {fr!r}"]
        return [f"{where}: id {en!r} != {fr!r}"] if key in ID_KEYS and en != fr else []
    # NOTE: numbers, booleans and null are the same value of the same type.
    return [] if type(en) is type(fr) and en == fr else [f"{where}: {en!r} != {fr!r}"]


@pytest.mark.parametrize("name", [n for n in COMMANDS if n != "validate"])
def test_json_has_the_same_keys_ids_and_numbers_in_english_and_french(cli: Cli, name: str) -> None:
    english, french = run_json(cli, "en", COMMANDS[name]), run_json(cli, "fr", COMMANDS[name])
    assert differences(english, french) == []


def test_json_gives_names_titles_and_steps_in_french(cli: Cli) -> None:
    english, french = run_json(cli, "en", COMMANDS["compare"]), run_json(cli, "fr", COMMANDS["compare"])
    assert english != french
    names = {d["id"]: d["name"] for d in french["dimensions"]}
    assert names["activities"] == "Activités"
    assert {d["id"]: d["name"] for d in english["dimensions"]}["activities"] == "Activities"
    first = french["recommendations"][0]
    assert first["title"] == "Planifier les ressources humaines et financières"
    assert first["steps"][0].startswith("Identifier les ressources humaines et financières")
    # NOTE: what a program reads stays: the priority and the sources are the same words.
    assert first["priority"] == english["recommendations"][0]["priority"] == "high"


def test_audit_json_gives_the_strategy_s_texts_in_french_and_its_quotes_as_the_source_words_them(cli: Cli) -> None:
    english, french = run_json(cli, "en", COMMANDS["audit"]), run_json(cli, "fr", COMMANDS["audit"])
    axes = {a["id"]: a for a in french["axes"]}
    assert axes["axis-3"]["name"] == "Informatisation des PME"
    assert axes["human-capital"]["name"] == "Capital humain"
    assert {a["id"]: a["name"] for a in english["axes"]}["axis-3"] == "Computerisation of SMEs"
    targets = {t["id"]: t for t in french["targets"]}
    assert targets["household-internet"]["name"] == "Taux de pénétration d'Internet dans les ménages"
    findings = {f["id"]: f["text"] for f in french["findings"]}
    assert findings["cnti-not-established"].startswith("Le Conseil national des technologies de l'information")
    figures = {f["id"]: f for f in french["figures"]}
    assert figures["it-sector-gdp"]["note"] == "Le chiffre de la source, tel qu'il est imprimé."
    # NOTE: what a program reads stays: a unit (the scale of an amount) and the source's own words.
    assert targets["offshoring-turnover"]["unit"] == "billion MAD"
    assert figures["mnc-agreements"]["unit"] == "agreements"
    late = {a["id"]: a for a in english["axes"]}["axis-2"]["statuses"]["late"]
    assert axes["axis-2"]["statuses"]["late"]["wording"] == late["wording"] == "late or problematic"
    genie = {p["id"]: p for p in french["programmes"]}["genie-sup"]
    assert [n["name"] for n in genie["other_names"]] == ["GENI-SUP"]


def test_compare_reads_french(cli: Cli) -> None:
    result = cli("--lang", "fr", *COMMANDS["compare"], env={"COLUMNS": "120"})
    assert result.exit_code == 0
    # NOTE: notes wrap at spaces: read them as one line.
    out = result.stdout.replace("\n", " ")
    assert "Maroc Numeric Cluster face à Lombardy Energy Cleantech Cluster (0-100)" in out
    assert "Ressources humaines et matérielles" in out
    # French numbers: a decimal comma and a space before the percent sign.
    assert "34,9" in out and "-47,9" in out
    assert "couverture\u00a0: mnc 76,8\u00a0%, le2c 87,1\u00a0% du poids du référentiel est connu." in out
    assert "mnc est évalué en 2014, le2c en 2019 (5 ans d'écart)" in out
    assert "Écarts par indicateur" in out and "bonne pratique" in out
    assert "Points faibles de mnc (écart pondéré le plus grand d'abord)" in out
    assert "Recommandations pour mnc, tirées des pratiques de le2c" in out
    assert "(priorité haute, points 6,47)" in out
    assert "premières étapes\u00a0:" in out
    assert "Légende\u00a0: scores 0-100" in out
    for english in ("against", "Strengths of", "first steps", "Legend"):
        assert english not in out


def test_compare_in_english_is_unchanged(cli: Cli) -> None:
    out = cli(*COMMANDS["compare"], env={"COLUMNS": "120"}).stdout.replace("\n", " ")
    assert "Maroc Numeric Cluster against Lombardy Energy Cleantech Cluster (0-100)" in out
    assert "coverage: mnc 76.8 %, le2c 87.1 % of the framework's weight is known." in out
    assert "(priority high, points 6.47)" in out


def test_markdown_reads_french(cli: Cli) -> None:
    result = cli("--lang", "fr", *COMMANDS["compare"], "--format", "markdown")
    assert result.exit_code == 0
    assert "## Points forts de mnc" in result.stdout
    header = result.stdout.splitlines()[2]
    assert header.startswith("| dimension ") and " écart |" in header
    assert "Activités" in result.stdout and "-42,0" in result.stdout


def test_csv_keeps_its_header_keys_in_french(cli: Cli) -> None:
    english = cli(*COMMANDS["compare"], "--format", "csv").stdout
    french = cli("--lang", "fr", *COMMANDS["compare"], "--format", "csv").stdout
    assert english.splitlines()[0] == french.splitlines()[0]
    assert "Membres engagés" in french


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("score", ["Scores (référentiel default, 0-100)", "Maroc Numeric Cluster\u00a0: indicateurs", "niveau"]),
        ("rank", ["Classement sur le score global (référentiel default)", "couverture", "clusters non classés"]),
        ("label", ["éligibilité au label", "au moins 15 membres engagés", "atteint", "verdict\u00a0: pas prêt"]),
        ("sensitivity", ["Scores et rangs sous l'incertitude de la méthode (20 tirages", "médiane"]),
        ("framework", ["indicateurs\u00a0:", "mesurés à partir du profil", "comment le niveau est fixé"]),
        (
            "framework-indicator",
            ["1 indicateur du référentiel 'default', avec sa grille", "niveau 0", "Mesuré à partir du profil\u00a0:"],
        ),
        ("references", ["références", "auteur\u00a0:"]),
        ("list", ["12 clusters", "fondé", "secteurs"]),
        ("show", ["membres, total", "types de membres", "PME", "évaluation du", "indicateurs évalués"]),
        (
            "audit",
            [
                *("Transformation sociale", "Informatisation des PME", "Capital humain", "Confiance numérique"),
                *("cible\u00a0: 30\u202f000 profils (2013)", "valeur\u00a0: 5 conventions", "Aides aux PME versées"),
                *(
                    "0,76 milliard MAD (2008)",
                    "prévu\u00a0: 69 projets",
                    "Le chiffre de la source, tel qu'il est imprimé.",
                ),
            ],
        ),
    ],
)
def test_each_view_reads_french(cli: Cli, name: str, words: list[str]) -> None:
    result = cli("--lang", "fr", *COMMANDS[name], env={"COLUMNS": "200"})
    assert result.exit_code in (0, 1), result.output
    out = result.stdout.replace("\n", " ")
    missing = [w for w in words if w not in out]
    assert missing == []


def test_audit_in_english_keeps_the_strategy_s_english_texts(cli: Cli) -> None:
    result = cli(*COMMANDS["audit"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    out = result.stdout.replace("\n", " ")
    for words in ("Computerisation of SMEs", "target: 30,000 profiles (2013)", "value: 5 agreements"):
        assert words in out
    assert "Informatisation" not in out and "profils" not in out


def test_the_validate_summary_counts_in_french(cli: Cli, tmp_path: Path) -> None:
    result = cli("--lang", "fr", "validate")
    assert "17 fichiers vérifiés\u00a0: 0 invalide, 0 erreur" in result.stderr
    assert "17 files checked: 0 invalid, 0 errors" in cli("validate").stderr


def test_a_date_in_words_in_french_and_as_written_in_english() -> None:
    assert text.date("2026-12-02") == "2026-12-02"
    with use_language("fr"):
        assert text.date("2026-12-02") == "2 décembre 2026"
        assert text.date("2014-07") == "juillet 2014"
        assert text.date("2014") == "2014"
        assert text.date("early 2019") == "early 2019"
