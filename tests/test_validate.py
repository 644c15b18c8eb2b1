"""Validation as a library: every problem in every file, and the checks across documents."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from clusterkit.cli import app
from clusterkit.errors import LoadError
from clusterkit.loading import Catalog, bundled_profiles_dir, search_dirs
from clusterkit.render import render
from clusterkit.validation import validate_catalog, validate_files
from clusterkit.views.validation import summary_text, validation_view

WriteProfile = Callable[[Path, str, str | bytes], Path]

CITED = """\
founded:
  value: 2011
  source: el-idrissi-2020 Table 1
status:
  value: association
  source: nowhere-2019 p. 3
"""


def catalog(*dirs: Path) -> Catalog:
    return Catalog(search_dirs(list(dirs), env=""))


@pytest.fixture(autouse=True)
def _relative_paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def test_the_bundled_profiles_are_valid() -> None:
    report = validate_catalog(catalog())
    assert [str(p) for p in report.problems()] == []
    assert report.ok
    files = {Path(f.file).name for f in report.files}
    assert {"references.yaml", "mnc.yaml", "le2c.yaml"} <= files
    assert all(f.kind is not None and f.id is not None for f in report.files)


def test_the_positive_examples_are_valid(positive_dir: Path) -> None:
    report = validate_files([positive_dir], catalog(positive_dir))
    assert [str(p) for p in report.problems()] == []
    assert sorted((f.kind, f.id) for f in report.files) == [
        ("cluster", "norway"),
        ("framework", "mini"),
        ("practices", "mini-practices"),
        ("references", "references"),
        ("strategy", "mini-strategy"),
    ]


def test_every_error_in_every_file_is_reported(
    tmp_path: Path, write_profile: WriteProfile, cluster_yaml: Callable[..., str]
) -> None:
    write_profile(
        tmp_path,
        "clusters/a.yaml",
        cluster_yaml("a", "members:\n  smez: 1\n  total: {value: -2, source: el-idrissi-2020}\n"),
    )
    write_profile(tmp_path, "clusters/b.yaml", cluster_yaml("b", "name: again\n"))
    write_profile(tmp_path, "clusters/c.yaml", cluster_yaml("c"))
    report = validate_files([Path("clusters")], catalog())
    assert [str(p) for p in report.problems()] == [
        "clusters/a.yaml:10:3: members.smez: unknown field; did you mean 'smes'?",
        "clusters/a.yaml:11:18: members.total.value: Input should be greater than or equal to 0, got -2",
        "clusters/b.yaml:9:1: name: duplicate key 'name' (first defined on line 4)",
    ]
    assert (len(report.files), report.invalid_files, report.error_count, report.ok) == (3, 2, 3, False)
    assert summary_text(report) == "3 files checked: 2 invalid, 3 errors"
    view = validation_view(report)
    assert (view.kind, view.title) == ("validation", summary_text(report))
    files, problems = view.tables
    assert (files.name, files.title, files.primary, problems.name) == ("files", view.title, True, "problems")
    assert [r["status"] for r in files.rows] == ["2 error(s)", "1 error(s)", "ok"]
    assert [r["problem"] for r in problems.rows] == [str(p) for p in report.problems()]


def test_a_file_s_problems_come_in_one_pass_with_the_id_that_does_not_match_its_name(
    tmp_path: Path, write_profile: WriteProfile, cluster_yaml: Callable[..., str]
) -> None:
    write_profile(
        tmp_path,
        "clusters/demo.yaml",
        cluster_yaml("other", "loction: Rabat\nfounded: {value: x, source: el-idrissi-2020}\n"),
    )
    write_profile(tmp_path, "clusters/kind.yaml", "kind: clustr\nschema_version: 1\nid: other\n")
    write_profile(tmp_path, "clusters/strategy.yaml", "kind: strategy\nschema_version: 1\nid: other\n")
    write_profile(tmp_path, "clusters/fine.yaml", cluster_yaml("elsewhere"))
    report = validate_files([Path("clusters")], catalog())
    assert [str(p) for p in report.problems()] == [
        "clusters/demo.yaml:3:5: id: id 'other' does not match the file name 'demo'",
        "clusters/demo.yaml:9:1: loction: unknown field; did you mean 'location'?",
        "clusters/demo.yaml:10:18: founded.value: Input should be a valid integer, got str 'x'",
        "clusters/fine.yaml:3:5: id: id 'elsewhere' does not match the file name 'fine'",
        "clusters/kind.yaml:1:7: kind: unknown kind 'clustr'; did you mean 'cluster'?",
        "clusters/kind.yaml:3:5: id: id 'other' does not match the file name 'kind'",
        "clusters/strategy.yaml:1:7: kind: a 'cluster' document was expected here, found 'strategy'",
        "clusters/strategy.yaml:3:5: id: id 'other' does not match the file name 'strategy'",
    ]


def test_a_framework_s_id_and_rule_paths_are_reported_together(tmp_path: Path, positive_dir: Path) -> None:
    text = (positive_dir / "frameworks" / "mini.yaml").read_text(encoding="utf-8")
    (tmp_path / "frameworks").mkdir()
    (tmp_path / "frameworks" / "small.yaml").write_text(text.replace("path: members.total", "path: members.totl"))
    report = validate_files([Path("frameworks")], catalog())
    assert [str(p) for p in report.problems()] == [
        "frameworks/small.yaml:3:5: id: id 'mini' does not match the file name 'small'",
        "frameworks/small.yaml:19:13: indicators.0.rule.path: rule path 'members.totl': 'totl' is not a field of"
        " Members",
    ]


def test_a_target_with_plain_levels_validates_and_its_wrong_levels_are_located(
    tmp_path: Path, write_profile: WriteProfile, cluster_yaml: Callable[..., str]
) -> None:
    target = (
        "target:\n  framework: default\n  levels:\n    strategy_documented: 3\n"
        "    prioritisation: {level: 2}\n"
        "    quality_label: {level: 4, evidence: [{text: ESCA Gold, source: el-idrissi-2020}]}\n"
    )
    write_profile(tmp_path, "clusters/demo.yaml", cluster_yaml("demo", target))
    assert [str(p) for p in validate_files([Path("clusters")], catalog()).problems()] == []
    wrong = target.replace("strategy_documented: 3", "strategy_documented: 7").replace("{level: 2}", "three")
    wrong += "    committed_members: 2\n    strategy_documnted: 1\n"
    write_profile(tmp_path, "clusters/demo.yaml", cluster_yaml("demo", wrong))
    assert [str(p) for p in validate_files([Path("clusters")], catalog()).problems()] == [
        "clusters/demo.yaml:12:26: target.levels.strategy_documented: Input should be less than or equal to 4, got 7",
        "clusters/demo.yaml:13:21: target.levels.prioritisation: a target level is a number 0-4, or a mapping with"
        " level and optional evidence",
    ]
    write_profile(tmp_path, "clusters/demo.yaml", cluster_yaml("demo", target + "    committed_members: 2\n"))
    assert [str(p) for p in validate_files([Path("clusters")], catalog()).problems()] == [
        "clusters/demo.yaml:15:5: target.levels.committed_members: indicator 'committed_members' is measured"
        " from the profile's facts, so a level given here is not used",
    ]


def test_an_undefined_citation_is_located_and_a_defined_one_is_not(
    write_profile: WriteProfile, tmp_path: Path, cluster_yaml: Callable[..., str]
) -> None:
    write_profile(tmp_path, "clusters/demo.yaml", cluster_yaml("demo", CITED))
    report = validate_files([Path("clusters/demo.yaml")], catalog())
    assert [str(p) for p in report.problems()] == [
        "clusters/demo.yaml:14:11: status.source: citation 'nowhere-2019' is not defined in any references document"
    ]


def test_citations_of_a_document_that_does_not_validate_are_checked_too(
    write_profile: WriteProfile, tmp_path: Path, cluster_yaml: Callable[..., str]
) -> None:
    write_profile(tmp_path, "clusters/demo.yaml", cluster_yaml("demo", CITED + "loction: Rabat\n"))
    report = validate_files([Path("clusters/demo.yaml")], catalog())
    assert [str(p) for p in report.problems()] == [
        "clusters/demo.yaml:14:11: status.source: citation 'nowhere-2019' is not defined in any references document",
        "clusters/demo.yaml:15:1: loction: unknown field; did you mean 'location'?",
    ]
    assert (report.files[0].kind, report.files[0].id) == ("cluster", "demo")


def test_a_user_references_document_defines_citation_keys(
    write_profile: WriteProfile, tmp_path: Path, cluster_yaml: Callable[..., str]
) -> None:
    write_profile(tmp_path, "clusters/demo.yaml", cluster_yaml("demo", CITED))
    write_profile(
        tmp_path,
        "references.yaml",
        "kind: references\nschema_version: 1\nid: references\nreferences:\n  - {key: nowhere-2019, title: Nowhere}\n",
    )
    assert validate_files([Path("clusters/demo.yaml")], catalog(tmp_path)).ok
    assert validate_files([tmp_path], catalog()).ok


def test_a_broken_references_document_does_not_hide_the_others(
    write_profile: WriteProfile, tmp_path: Path, cluster_yaml: Callable[..., str]
) -> None:
    write_profile(
        tmp_path, "user/references.yaml", "kind: references\nschema_version: 1\nid: references\nreferences: 3\n"
    )
    write_profile(tmp_path, "clusters/demo.yaml", cluster_yaml())
    report = validate_files([Path("clusters/demo.yaml")], catalog(tmp_path / "user"))
    assert report.ok


def test_the_same_id_twice_in_a_folder_given_to_validate(
    write_profile: WriteProfile, tmp_path: Path, cluster_yaml: Callable[..., str]
) -> None:
    write_profile(tmp_path, "mine/clusters/demo.yaml", cluster_yaml())
    write_profile(tmp_path, "mine/clusters/old/demo.yml", cluster_yaml())
    report = validate_files([Path("mine")], catalog())
    assert [str(p) for p in report.problems()] == [
        "mine/clusters/old/demo.yml:3:5: id: cluster id 'demo' is also used by mine/clusters/demo.yaml"
    ]


def test_the_same_id_in_two_search_folders_is_shadowing_not_an_error(
    write_profile: WriteProfile, tmp_path: Path, cluster_yaml: Callable[..., str]
) -> None:
    write_profile(tmp_path, "clusters/mnc.yaml", cluster_yaml("mnc"))
    cat = catalog(tmp_path)
    report = validate_catalog(cat)
    assert report.ok
    assert cat.notes.items == [
        f"note: clusters/mnc.yaml shadows cluster 'mnc' from {bundled_profiles_dir() / 'clusters' / 'mnc.yaml'}"
    ]


def test_a_rule_on_a_missing_field_is_reported(negative_dir: Path) -> None:
    shutil.copytree(negative_dir / "frameworks", "frameworks")
    report = validate_files([Path("frameworks/bad-rule-path.yaml")], catalog())
    assert [str(p) for p in report.problems()] == [
        "frameworks/bad-rule-path.yaml:16:13: indicators.0.rule.path: rule path 'members.totl':"
        " 'totl' is not a field of Members"
    ]


def test_a_practice_for_an_unknown_indicator_is_reported(negative_dir: Path, positive_dir: Path) -> None:
    shutil.copytree(negative_dir / "practices", "practices")
    shutil.copytree(positive_dir / "frameworks", "frameworks")
    report = validate_files([Path("practices"), Path("frameworks")], catalog())
    assert [str(p) for p in report.problems()] == [
        "practices/unknown-indicator.yaml:10:27: practices.0.addresses.1:"
        " unknown indicator 'no_such_indicator' in framework 'mini'"
    ]


def test_practices_for_a_framework_that_is_not_on_the_search_path(negative_dir: Path) -> None:
    shutil.copytree(negative_dir / "practices", "practices")
    report = validate_files([Path("practices")], catalog())
    assert [str(p) for p in report.problems()] == [
        "practices/unknown-indicator.yaml:5:12: framework: framework 'mini' is not on the search path"
    ]


def test_practices_for_a_framework_that_cannot_be_loaded(
    negative_dir: Path, tmp_path: Path, write_profile: WriteProfile
) -> None:
    shutil.copytree(negative_dir / "practices", "practices")
    write_profile(tmp_path, "user/frameworks/mini.yaml", "kind: framework\n")
    report = validate_files([Path("practices")], catalog(tmp_path / "user"))
    assert [str(p) for p in report.problems()] == [
        "practices/unknown-indicator.yaml:5:12: framework: framework 'mini' cannot be loaded,"
        " so the indicators named here cannot be checked"
    ]


def test_a_path_that_does_not_exist_is_a_usage_error() -> None:
    with pytest.raises(LoadError) as caught:
        validate_files([Path("nowhere.yaml"), Path("gone")], catalog())
    assert [str(p) for p in caught.value.problems] == [
        "nowhere.yaml: no such file or folder",
        "gone: no such file or folder",
    ]


def test_only_yaml_files_and_no_hidden_folders_are_validated(
    write_profile: WriteProfile, tmp_path: Path, cluster_yaml: Callable[..., str]
) -> None:
    write_profile(tmp_path, "p/clusters/demo.yaml", cluster_yaml())
    write_profile(tmp_path, "p/README.md", "# not a profile")
    write_profile(tmp_path, "p/.git/clusters/x.yaml", "broken: [")
    report = validate_files([Path("p")], catalog())
    assert [f.file for f in report.files] == ["p/clusters/demo.yaml"]


def test_the_report_renders_as_json_with_a_summary(
    write_profile: WriteProfile, tmp_path: Path, cluster_yaml: Callable[..., str]
) -> None:
    write_profile(tmp_path, "clusters/demo.yaml", cluster_yaml("demo", "extra: 1\n"))
    report = validate_files([Path("clusters/demo.yaml")], catalog())
    import json

    doc = json.loads(render(validation_view(report), "json"))
    assert doc == {
        "schema_version": 1,
        "kind": "validation",
        "valid": False,
        "summary": {"files": 1, "invalid_files": 1, "errors": 1},
        "files": [
            {
                "file": "clusters/demo.yaml",
                "kind": "cluster",
                "id": "demo",
                "languages": [],
                "problems": [
                    {
                        "file": "clusters/demo.yaml",
                        "line": 9,
                        "column": 1,
                        "field": "extra",
                        "severity": "error",
                        "message": "unknown field; expected one of: schema_version, id, kind, name, acronym, location,"
                        " founded, sectors, status, financing, description, members, economy, management, labels,"
                        " networks, partnerships, supporters, specialisations, thematic_poles, work_axes, commitments,"
                        " milestones, reviews, assessments, target, notes",
                    }
                ],
            }
        ],
    }


def test_bundled_profiles_directory_is_validated_by_path() -> None:
    report = validate_files([bundled_profiles_dir()], catalog())
    assert report.ok
    assert len(report.files) == len(list(bundled_profiles_dir().rglob("*.yaml")))


def test_a_misspelt_citation_key_suggests_the_closest_reference(
    write_profile: WriteProfile, tmp_path: Path, cluster_yaml: Callable[..., str]
) -> None:
    write_profile(
        tmp_path, "clusters/demo.yaml", cluster_yaml().replace("el-idrissi-2020 Table 1", "el-idrisi-2020 Table 1")
    )
    report = validate_files([Path("clusters/demo.yaml")], catalog())
    assert [str(p) for p in report.problems()] == [
        "clusters/demo.yaml:8:11: location.source: citation 'el-idrisi-2020' is not defined in any references document;"
        " did you mean 'el-idrissi-2020'?"
    ]


ASSESSMENTS = """\
assessments:
  - date: "2019"
    levels:
      financing_modle:
        level: 2
        evidence: [{text: Membership fees and public grants., source: el-idrissi-2020 §3.1}]
      committed_members:
        level: 3
        evidence: [{text: About 100 members., source: el-idrissi-2020 §3.1}]
  - framework: nowhere
    levels: {}
"""


def test_levels_that_scoring_would_skip_are_reported(
    write_profile: WriteProfile, tmp_path: Path, cluster_yaml: Callable[..., str]
) -> None:
    write_profile(tmp_path, "clusters/demo.yaml", cluster_yaml("demo", ASSESSMENTS))
    report = validate_files([Path("clusters")], catalog())
    assert [str(p) for p in report.problems()] == [
        "clusters/demo.yaml:12:7: assessments.0.levels.financing_modle: unknown indicator 'financing_modle'"
        " in framework 'default'; did you mean 'financing_model'?",
        "clusters/demo.yaml:15:7: assessments.0.levels.committed_members: indicator 'committed_members' is measured"
        " from the profile's facts, so a level given here is not used",
        "clusters/demo.yaml:18:16: assessments.1.framework: framework 'nowhere' is not on the search path",
    ]


def test_a_file_named_directly_is_held_to_its_folders_kind(tmp_path: Path) -> None:
    strategy = (bundled_profiles_dir() / "strategies" / "mn2013.yaml").read_text(encoding="utf-8")
    (tmp_path / "clusters").mkdir()
    (tmp_path / "clusters" / "mn2013.yaml").write_text(strategy, encoding="utf-8")
    (tmp_path / "mn2013.yaml").write_text(strategy, encoding="utf-8")
    expected = ["clusters/mn2013.yaml:2:7: kind: a 'cluster' document was expected here, found 'strategy'"]
    assert [str(p) for p in validate_files([Path("clusters/mn2013.yaml")], catalog()).problems()] == expected
    assert [str(p) for p in validate_files([Path("clusters")], catalog()).problems()] == expected
    # Outside a kind folder, a file is checked as the kind it declares.
    assert validate_files([Path("mn2013.yaml")], catalog()).ok


def test_a_references_file_named_directly_must_hold_references(tmp_path: Path) -> None:
    strategy = (bundled_profiles_dir() / "strategies" / "mn2013.yaml").read_text(encoding="utf-8")
    (tmp_path / "references.yaml").write_text(strategy.replace("id: mn2013", "id: references"), encoding="utf-8")
    assert [str(p) for p in validate_files([Path("references.yaml")], catalog()).problems()] == [
        "references.yaml:2:7: kind: a 'references' document was expected here, found 'strategy'"
    ]


def test_each_file_says_which_languages_its_texts_are_given_in() -> None:
    """A translator checks a framework's coverage in the table, the CSV and the JSON; a profile has no such texts."""
    import csv
    import io
    import json

    report = validate_catalog(catalog())
    view = validation_view(report)
    files = view.tables[0]
    assert [c.key for c in files.columns] == ["file", "kind", "id", "languages", "status"]
    shown = {(r["kind"], r["id"]): r["languages"] for r in files.rows}
    assert shown[("framework", "default")] == "en, fr"
    assert shown[("cluster", "mnc")] == "-"
    doc = json.loads(render(view, "json"))
    languages = {(f["kind"], f["id"]): f["languages"] for f in doc["files"]}
    assert languages[("framework", "default")] == ["en", "fr"]
    assert languages[("cluster", "mnc")] == [] and languages[("references", "references")] == []
    rows = {(r["kind"], r["id"]): r["languages"] for r in csv.DictReader(io.StringIO(render(view, "csv")))}
    assert rows[("framework", "default")] == "en, fr"
    header = render(view, "markdown").splitlines()[2]
    assert [h.strip() for h in header.strip("|").split("|")] == ["file", "kind", "id", "languages", "status"]


def test_a_framework_given_only_in_english_covers_english(positive_dir: Path) -> None:
    report = validate_files([positive_dir / "frameworks"], catalog(positive_dir))
    (check,) = report.files
    assert (check.kind, check.languages) == ("framework", ("en",))
    assert validation_view(report).tables[0].rows[0]["languages"] == "en"


def test_validate_on_a_terminal_notes_a_document_without_french(positive_dir: Path) -> None:
    framework = positive_dir / "frameworks"
    result = CliRunner().invoke(app, ["validate", str(framework)])
    assert result.exit_code == 0, result.stderr
    (note,) = [line for line in result.stderr.splitlines() if line.startswith("note: ")]
    assert note.endswith(": its texts are given in en, not in fr (shown in English there)")
    assert "frameworks" in note
    # The bundled documents are given in both languages: no note; -q silences notes.
    assert "note:" not in CliRunner().invoke(app, ["validate"]).stderr
    assert "note:" not in CliRunner().invoke(app, ["validate", str(framework), "-q"]).stderr
