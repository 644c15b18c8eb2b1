"""Frameworks and practices in English and French: a text is a plain string or a mapping of language to text."""

from __future__ import annotations

import json
import pickle
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator  # type: ignore[import-untyped]
from typer.testing import Result

from clusterkit.errors import LoadError
from clusterkit.i18n import LANGUAGES, LocalText, localized, use_language
from clusterkit.loading import bundled_profiles_dir, load_document
from clusterkit.models import Framework, Practices
from clusterkit.models.languages import coverage, local_texts

Cli = Callable[..., Result]
BUNDLED = bundled_profiles_dir()
PUBLISHED = Path(__file__).resolve().parents[1] / "docs" / "schema"

MINI = """\
kind: framework
schema_version: 1
id: mini
name: {name}
dimensions:
  - id: resources
    name: Resources
indicators:
  - id: members
    name: Committed members
    dimension: resources
    measures: How many members are committed.
    esca_area: Structure of the cluster
    levels: [none, few, some, many, all]
"""


def write_framework(tmp_path: Path, name: str, body: str = MINI) -> Path:
    path = tmp_path / "frameworks" / "mini.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(body.format(name=name), encoding="utf-8")
    return path


def problems_of(path: Path) -> list[str]:
    with pytest.raises(LoadError) as caught:
        load_document(path, display="mini.yaml")
    return [str(p) for p in caught.value.problems]


def bundled_framework() -> Framework:
    doc = load_document(BUNDLED / "frameworks" / "default.yaml")
    assert isinstance(doc, Framework)
    return doc


def bundled_practices() -> list[Practices]:
    docs = [load_document(path) for path in sorted((BUNDLED / "practices").glob("*.yaml"))]
    assert docs and all(isinstance(doc, Practices) for doc in docs)
    return docs  # type: ignore[return-value]


def test_a_text_given_in_both_languages_reads_in_each_and_is_english_as_a_string(tmp_path: Path) -> None:
    framework = load_document(write_framework(tmp_path, "{en: A, fr: B}"))
    assert isinstance(framework, Framework)
    assert framework.name == "A"
    assert localized(framework.name, "fr") == "B"
    assert localized(framework.name, "en") == "A"
    with use_language("fr"):
        assert localized(framework.name) == "B"


def test_a_dimension_name_in_two_languages_follows_the_run_s_language(tmp_path: Path) -> None:
    body = MINI.replace("    name: Resources", "    name: {{en: A, fr: B}}")
    framework = load_document(write_framework(tmp_path, "Mini", body))
    assert isinstance(framework, Framework)
    assert localized(framework.dimensions[0].name, "fr") == "B"
    assert str(framework.dimensions[0].name) == "A"


def test_a_plain_string_is_english_and_a_french_run_falls_back_to_it(tmp_path: Path) -> None:
    framework = load_document(write_framework(tmp_path, "Mini"))
    assert isinstance(framework, Framework)
    assert isinstance(framework.name, LocalText)
    assert framework.name.languages == ("en",)
    assert localized(framework.name, "fr") == "Mini"


def test_a_rubric_level_may_be_given_in_both_languages_as_a_block_mapping(tmp_path: Path) -> None:
    body = MINI.replace(
        "    levels: [none, few, some, many, all]",
        "    levels:\n      - en: none\n        fr: aucun\n      - few\n      - some\n      - many\n      - all",
    )
    framework = load_document(write_framework(tmp_path, "Mini", body))
    assert isinstance(framework, Framework)
    assert [localized(level, "fr") for level in framework.indicators[0].levels] == [
        "aucun",
        "few",
        "some",
        "many",
        "all",
    ]


def test_a_language_clusterkit_lacks_is_located_and_names_the_allowed_ones(tmp_path: Path) -> None:
    assert problems_of(write_framework(tmp_path, "{de: X}")) == [
        "mini.yaml:4:7: name: unknown language 'de': a text's languages are en, fr"
    ]


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("{}", "name: give the text in at least one language (en, fr)"),
        ('{en: A, fr: ""}', "name: the 'fr' text is empty: give the text, or leave the language out"),
        ("{en: A, fr: 3}", "name: the 'fr' text must be a string, got int 3"),
        ("3", "name: Input should be a valid string, got int 3"),
        ('""', "name: String should have at least 1 character"),
    ],
)
def test_a_wrong_text_is_a_located_error_saying_what_to_write(tmp_path: Path, name: str, message: str) -> None:
    assert problems_of(write_framework(tmp_path, name)) == [f"mini.yaml:4:7: {message}"]


def test_a_too_long_translation_is_an_error_like_a_too_long_string(tmp_path: Path) -> None:
    long = "x" * 501
    assert problems_of(write_framework(tmp_path, f"{{en: A, fr: {long}}}")) == [
        "mini.yaml:4:7: name: the 'fr' text should have at most 500 characters"
    ]
    assert problems_of(write_framework(tmp_path, long)) == [
        "mini.yaml:4:7: name: String should have at most 500 characters"
    ]


def test_validate_rejects_a_wrong_language_with_its_file_line_and_field(tmp_path: Path, cli: Cli) -> None:
    path = write_framework(tmp_path, "{de: X}")
    result = cli("validate", path)
    assert result.exit_code != 0
    assert "mini.yaml:4:7" in result.output
    assert "name: unknown language 'de': a text's languages are en, fr" in result.output


def test_a_framework_keeps_its_translations_through_a_pickle_as_the_cache_stores_it() -> None:
    framework = bundled_framework()
    again = pickle.loads(pickle.dumps(framework))
    assert again == framework
    assert localized(again.dimensions[0].name, "fr") == "Ressources humaines et matérielles"
    assert localized(again.indicators[0].levels[0], "fr") == "Aucun membre engagé."
    assert isinstance(again.indicators[0].levels[0], LocalText)


def test_a_dump_of_a_bilingual_document_is_its_english_text() -> None:
    # JSON and YAML outputs and every English view show the English text, as before French existed.
    dumped = bundled_framework().model_dump(mode="json")
    assert dumped["dimensions"][0]["name"] == "Human and Material Resources"
    assert type(bundled_framework().model_dump()["name"]) is str


def test_every_text_of_the_bundled_framework_and_practices_is_in_english_and_french() -> None:
    for doc in [bundled_framework(), *bundled_practices()]:
        cover = coverage(doc)
        assert cover.texts > 0
        assert cover.languages == LANGUAGES, (doc.id, cover.missing)
        assert cover.lacks("fr") == ()


def test_the_bundled_french_texts_differ_from_the_english_ones() -> None:
    # NOTE: a text copied unchanged into `fr` would hide a missing translation.
    same = [
        path
        for doc in [bundled_framework(), *bundled_practices()]
        for path, text in local_texts(doc)
        if text.translations["fr"] == text.translations["en"]
    ]
    # Only proper names read the same in both languages.
    assert same == []


def test_an_esca_area_keeps_its_official_english_name_and_does_not_narrow_coverage() -> None:
    framework = bundled_framework()
    assert all(ind.esca_area.languages == ("en",) for ind in framework.indicators)  # type: ignore[attr-defined]
    assert "fr" in coverage(framework).languages


def test_coverage_lists_the_texts_a_language_lacks(tmp_path: Path) -> None:
    framework = load_document(write_framework(tmp_path, "{en: A, fr: B}"))
    cover = coverage(framework)
    assert cover.languages == ("en",)
    assert cover.lacks("fr") == (
        "dimensions.0.name",
        "indicators.0.name",
        "indicators.0.measures",
        "indicators.0.levels.0",
        "indicators.0.levels.1",
        "indicators.0.levels.2",
        "indicators.0.levels.3",
        "indicators.0.levels.4",
    )
    assert cover.lacks("en") == ()


def test_a_document_without_texts_covers_no_language() -> None:
    cluster = load_document(BUNDLED / "clusters" / "mnc.yaml")
    assert coverage(cluster).languages == ()
    assert coverage(cluster).texts == 0


@pytest.mark.parametrize("kind", ["framework", "practices"])
def test_the_schema_accepts_a_string_or_a_mapping_of_languages_and_rejects_another_language(kind: str) -> None:
    schema: dict[str, Any] = json.loads((PUBLISHED / f"{kind}.schema.json").read_text(encoding="utf-8"))
    validator = Draft202012Validator(schema)
    doc = load_document(BUNDLED / ("frameworks/default.yaml" if kind == "framework" else "practices/le2c.yaml"))
    field = "name" if kind == "framework" else "title"
    data: dict[str, Any] = {k: v for k, v in doc.model_dump(mode="json", exclude_none=True).items()}
    for value in ("Plain", {"en": "A", "fr": "B"}, {"fr": "B"}):
        assert list(validator.iter_errors({**data, field: value})) == []
    for value in ({"de": "X"}, {}, {"fr": ""}):
        assert list(validator.iter_errors({**data, field: value})) != []


def test_a_french_run_of_a_framework_without_french_says_so_once(tmp_path: Path, cli: Cli) -> None:
    write_framework(tmp_path, "Mini framework")
    french = cli("framework", "--framework", "mini", "-p", tmp_path, "--lang", "fr", "--format", "json")
    assert french.exit_code == 0, french.output
    notes = [line for line in french.stderr.splitlines() if "mini.yaml" in line]
    # name, dimension name, indicator name, measures and five levels: nine texts without French.
    assert len(notes) == 1 and "9 textes ne sont pas donnés en 'fr'" in notes[0], french.stderr
    english = cli("framework", "--framework", "mini", "-p", tmp_path, "--format", "json")
    assert english.exit_code == 0 and "mini.yaml" not in english.stderr


def test_validate_knows_the_languages_of_each_document() -> None:
    from clusterkit.loading import Catalog
    from clusterkit.validation import validate_catalog

    found = {check.file.rsplit("/", 1)[-1]: check.languages for check in validate_catalog(Catalog()).files}
    assert found["default.yaml"] == ("en", "fr")
    assert found["le2c.yaml"] in ((), ("en", "fr"))  # the cluster profile has no such texts; practices do
    assert found["mn2013.yaml"] == ("en", "fr")
