"""Messages, notes and help in French: with ``--lang fr`` or a French locale, errors, notes and help speak
French; file locations, field paths, ids and exit codes stay as they are, and English is unchanged."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from clusterkit.errors import LoadError
from clusterkit.i18n import use_language
from clusterkit.loading import load_document

FRENCH_LOCALE = {"LANG": "fr_FR.UTF-8"}
# The two ways of asking for French: the option, and the locale of the environment.
FRENCH = [pytest.param(("--lang", "fr"), {}, id="--lang fr"), pytest.param((), FRENCH_LOCALE, id="LANG=fr_FR")]

INVALID_CLUSTER = """\
kind: cluster
schema_version: 1
id: bad
name: ""
location:
  country: MA
  source: el-idrissi-2020 Table 1
"""


@pytest.fixture
def invalid_folder(tmp_path: Path, write_profile: Callable[..., Path]) -> Path:
    """A profiles folder whose one cluster has an empty name."""
    write_profile(tmp_path, "clusters/bad.yaml", INVALID_CLUSTER)
    return tmp_path


@pytest.mark.parametrize(("options", "env"), FRENCH)
def test_a_missing_cluster_id_is_an_error_in_french_with_the_same_exit_code(
    cli: Callable[..., Any], options: tuple[str, ...], env: dict[str, str]
) -> None:
    english = cli("show", "nope")
    french = cli(*options, "show", "nope", env=env)
    assert english.exit_code == french.exit_code == 2
    assert "error: no cluster with id 'nope' on the search path" in english.stderr
    # NOTE: French puts a no-break space before a colon, so that a line never starts with one.
    assert "erreur\u00a0: aucun document cluster d'identifiant 'nope' sur le chemin de recherche" in french.stderr
    assert "connus\u00a0: " in french.stderr and "mnc" in french.stderr


@pytest.mark.parametrize(("options", "env"), FRENCH)
def test_an_invalid_profile_is_reported_in_french_at_the_same_place(
    cli: Callable[..., Any], invalid_folder: Path, options: tuple[str, ...], env: dict[str, str]
) -> None:
    english = cli("validate", invalid_folder)
    french = cli(*options, "validate", invalid_folder, env=env)
    assert english.exit_code == french.exit_code == 1
    where = "bad.yaml:4:7: name: "
    # NOTE: pydantic's English is the source text; French comes from the catalogue, by error type.
    assert where + "String should have at least 1 character" in english.stderr
    assert where + "La chaîne doit comporter au moins 1 caractère" in french.stderr


@pytest.mark.parametrize(("options", "env"), FRENCH)
def test_the_validate_summary_is_in_french(
    cli: Callable[..., Any], invalid_folder: Path, options: tuple[str, ...], env: dict[str, str]
) -> None:
    english = cli("validate", invalid_folder)
    french = cli(*options, "validate", invalid_folder, env=env)
    assert "error: 1 file checked: 1 invalid, 1 error" in english.stderr
    assert "erreur\u00a0: 1 fichier vérifié\u00a0: 1 invalide, 1 erreur" in french.stderr


@pytest.mark.parametrize(("options", "env"), FRENCH)
def test_a_note_is_in_french(
    cli: Callable[..., Any], tmp_path: Path, options: tuple[str, ...], env: dict[str, str]
) -> None:
    missing = tmp_path / "nowhere"
    english = cli("list", "-p", missing, "--format", "json")
    french = cli(*options, "list", "-p", missing, "--format", "json", env=env)
    assert english.exit_code == french.exit_code == 0
    assert "nowhere: profiles folder does not exist; skipped" in english.stderr
    # A location keeps its colon (FILE: message), as editors and grep read it.
    assert "nowhere: le dossier de profils n'existe pas\u202f; ignoré" in french.stderr
    # NOTE: what a program reads does not change with the language.
    assert english.stdout == french.stdout


@pytest.mark.parametrize(("options", "env"), FRENCH)
def test_list_help_is_in_french(cli: Callable[..., Any], options: tuple[str, ...], env: dict[str, str]) -> None:
    english = cli("list", "--help")
    french = cli(*options, "list", "--help", env=env)
    assert english.exit_code == french.exit_code == 0
    assert "List the clusters on the search path" in english.stdout
    assert "Only clusters in this country" in english.stdout
    flat = " ".join(french.stdout.replace("│", " ").split())
    assert "Lister les clusters du chemin de recherche" in flat
    assert "Seulement les clusters de ce pays (code ISO, par exemple MA)." in flat
    assert "Afficher ce message et quitter." in flat
    # NOTE: option names and placeholders stay as they are.
    assert "--country" in flat and "CODE" in flat


@pytest.mark.parametrize(("options", "env"), FRENCH)
def test_the_program_help_is_in_french(cli: Callable[..., Any], options: tuple[str, ...], env: dict[str, str]) -> None:
    french = cli(*options, "--help", env=env)
    assert french.exit_code == 0
    flat = " ".join(french.stdout.replace("│", " ").split())
    assert "Évaluer des organisations de clusters d'innovation" in flat
    assert "Afficher la version et quitter." in flat


def test_an_unknown_field_of_a_document_read_as_a_library_is_in_the_language_asked(tmp_path: Path) -> None:
    path = tmp_path / "clusters" / "demo.yaml"
    path.parent.mkdir()
    path.write_text(INVALID_CLUSTER.replace("id: bad", "id: demo") + "colour: red\n", encoding="utf-8")
    messages: dict[str, list[str]] = {}
    for language in ("en", "fr"):
        with use_language(language), pytest.raises(LoadError) as caught:
            load_document(path, "cluster")
        messages[language] = [str(p) for p in caught.value.problems]
    assert any("colour: unknown field" in line for line in messages["en"])
    assert any("colour: champ inconnu" in line for line in messages["fr"])
    assert len(messages["en"]) == len(messages["fr"])
