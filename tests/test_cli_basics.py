"""The list, show, validate and schema commands; output files; usage errors and exit codes."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
import yaml
from jsonschema import Draft202012Validator  # type: ignore[import-untyped]
from typer.testing import CliRunner, Result

from clusterkit import __version__, output
from clusterkit.cli import app
from clusterkit.loading import bundled_profiles_dir, parse_yaml

Cli = Callable[..., Result]
WriteProfile = Callable[[Path, str, str | bytes], Path]

BUNDLED_CLUSTERS = ["agrinnov", "ahp", "c2tm", "ce3m", "chtc", "cise", "emc", "le2c", "mdc", "menara", "mnc", "solar"]
KIND_FOLDERS = {"cluster": "clusters", "strategy": "strategies", "framework": "frameworks", "practices": "practices"}


@pytest.fixture
def user_dir(
    tmp_path: Path, write_profile: WriteProfile, cluster_yaml: Callable[..., str], monkeypatch: pytest.MonkeyPatch
) -> Path:
    """A user profiles folder holding one valid cluster, ``demo``; the working directory is tmp_path."""
    write_profile(tmp_path, "user/clusters/demo.yaml", cluster_yaml())
    monkeypatch.chdir(tmp_path)
    return tmp_path / "user"


def schema_of(cli: Cli, kind: str) -> dict[str, Any]:
    result = cli("schema", kind)
    assert result.exit_code == 0
    schema: dict[str, Any] = json.loads(result.stdout)
    return schema


# --- list -----------------------------------------------------------------------------------------


def test_list_json_holds_the_bundled_clusters(cli: Cli) -> None:
    result = cli("list", "--format", "json")
    assert result.exit_code == 0
    doc = json.loads(result.stdout)
    assert doc["schema_version"] == 1
    assert [c["id"] for c in doc["clusters"]] == BUNDLED_CLUSTERS
    mnc = next(c for c in doc["clusters"] if c["id"] == "mnc")
    assert (mnc["name"], mnc["country"], mnc["city"]) == ("Maroc Numeric Cluster", "MA", "Casablanca")


def test_list_table_when_piped_is_plain_text(cli: Cli) -> None:
    result = cli("list")
    assert result.exit_code == 0
    assert "\x1b[" not in result.stdout
    lines = result.stdout.splitlines()
    assert lines[0] == "12 clusters"
    # NOTE: city and country share one column on a terminal (CSV and JSON keep both).
    assert lines[1].split()[:3] == ["id", "name", "place"]


def test_list_filters_by_country_in_any_case(cli: Cli, positive_dir: Path) -> None:
    result = cli("list", "--country", "no", "--profiles-dir", positive_dir, "--format", "json")
    assert result.exit_code == 0
    assert [c["id"] for c in json.loads(result.stdout)["clusters"]] == ["norway"]


def test_list_includes_user_profiles_from_clusterkit_path(cli: Cli, user_dir: Path) -> None:
    result = cli("list", "--format", "json", env={"CLUSTERKIT_PATH": f"{user_dir}{os.pathsep}{user_dir / 'missing'}"})
    assert result.exit_code == 0
    assert [c["id"] for c in json.loads(result.stdout)["clusters"]] == sorted([*BUNDLED_CLUSTERS, "demo"])
    assert "user/missing: profiles folder does not exist; skipped" in result.stderr


def test_list_with_an_unknown_format_is_a_usage_error(cli: Cli) -> None:
    result = cli("list", "--format", "docx")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: unknown format 'docx'; choose one of: table, json")
    assert result.stdout == ""


# --- show -----------------------------------------------------------------------------------------


def test_show_json_keeps_every_value_and_its_citation(cli: Cli) -> None:
    result = cli("show", "mnc", "--format", "json")
    assert result.exit_code == 0
    doc = json.loads(result.stdout)
    assert doc["schema_version"] == 1
    assert doc["kind"] == "cluster"
    cluster = doc["cluster"]
    assert cluster["id"] == "mnc"
    assert cluster["founded"]["value"] == 2011
    assert [a["value"] for a in cluster["founded"]["alternatives"]] == [2010]
    assert cluster["founded"]["source"] == "el-idrissi-2020 Table 1"


def test_show_an_unknown_id_suggests_the_closest(cli: Cli) -> None:
    result = cli("show", "nmc")
    assert result.exit_code == 2
    assert result.stderr == "error: no cluster with id 'nmc' on the search path; did you mean 'mnc'?\n"
    assert result.stdout == ""


@pytest.mark.parametrize(
    "args",
    [
        ["-p", "{dir}", "show", "mnc", "--format", "json"],
        ["--profiles-dir", "{dir}", "--no-color", "show", "mnc", "--format", "json"],
        ["--profiles-dir={dir}", "-q", "show", "mnc", "--format", "json"],
    ],
)
def test_profiles_dir_and_no_color_may_come_before_the_command(
    cli: Cli, user_dir: Path, write_profile: WriteProfile, cluster_yaml: Callable[..., str], args: list[str]
) -> None:
    write_profile(user_dir, "clusters/mnc.yaml", cluster_yaml("mnc").replace("Demo Cluster", "My MNC"))
    after = cli("show", "mnc", "--format", "json", "-p", user_dir)
    before = cli(*(a.replace("{dir}", str(user_dir)) for a in args))
    assert before.exit_code == after.exit_code == 0, before.stderr
    assert '"name": "My MNC"' in before.stdout and before.stdout == after.stdout


@pytest.mark.parametrize("where", ["before", "after"])
def test_quiet_silences_notes_but_not_errors_anywhere_on_the_line(
    cli: Cli, user_dir: Path, write_profile: WriteProfile, cluster_yaml: Callable[..., str], where: str
) -> None:
    write_profile(user_dir, "clusters/mnc.yaml", cluster_yaml("mnc").replace("Demo Cluster", "My MNC"))
    args = ["show", "mnc", "--profiles-dir", str(user_dir), "--format", "json"]
    result = cli(*(["-q", *args] if where == "before" else [*args, "--quiet"]))
    assert result.exit_code == 0
    assert '"name": "My MNC"' in result.stdout
    assert result.stderr == ""
    failed = cli("-q", "show", "nosuch")
    assert failed.exit_code == 2
    assert failed.stderr.startswith("error: no cluster with id 'nosuch'")


def test_show_a_user_profile_that_shadows_a_bundled_one(
    cli: Cli, user_dir: Path, write_profile: WriteProfile, cluster_yaml: Callable[..., str]
) -> None:
    write_profile(user_dir, "clusters/mnc.yaml", cluster_yaml("mnc").replace("Demo Cluster", "My MNC"))
    result = cli("show", "mnc", "--profiles-dir", user_dir, "--format", "json")
    assert result.exit_code == 0
    assert '"name": "My MNC"' in result.stdout
    bundled = bundled_profiles_dir() / "clusters" / "mnc.yaml"
    assert result.stderr == f"note: user/clusters/mnc.yaml shadows cluster 'mnc' from {bundled}\n"


def test_show_with_debug_adds_the_traceback_to_the_message() -> None:
    result = CliRunner().invoke(app, ["--debug", "show", "nmc"])
    assert result.exit_code == 2
    assert result.stderr.startswith("Traceback (most recent call last):\n")
    assert result.stderr.endswith(
        "clusterkit.errors.NotFoundError: no cluster with id 'nmc' on the search path; did you mean 'mnc'?\n"
        "error: no cluster with id 'nmc' on the search path; did you mean 'mnc'?\n"
    )
    assert result.stdout == ""


@pytest.mark.parametrize(("args", "env"), [(["--debug"], {}), ([], {"CLUSTERKIT_DEBUG": "1"})])
def test_debug_keeps_the_located_message_and_exit_2_for_a_broken_profile(
    user_dir: Path, write_profile: WriteProfile, args: list[str], env: dict[str, str]
) -> None:
    write_profile(user_dir, "clusters/bad.yaml", "kind: cluster\nschema_version: 1\nid: bad\nname: [x\n")
    out = user_dir.parent / "bad.json"
    result = CliRunner().invoke(app, [*args, "show", "bad", "-p", str(user_dir), "-o", str(out)], env=env)
    assert result.exit_code == 2
    assert "Traceback (most recent call last):" in result.stderr
    assert result.stderr.splitlines()[-1] == (
        "user/clusters/bad.yaml:5:1: YAML syntax error: while parsing a flow sequence that starts on line 4,"
        " did not find expected ',' or ']'"
    )
    assert not out.exists()


@pytest.mark.parametrize("value", ["0", "2", "yes", ""])
def test_only_1_turns_the_debug_and_cache_variables_on(cli: Cli, value: str) -> None:
    result = cli("show", "nmc", env={"CLUSTERKIT_DEBUG": value, "CLUSTERKIT_NO_CACHE": value})
    assert result.exit_code == 2
    assert "Traceback" not in result.stderr
    assert result.stderr == "error: no cluster with id 'nmc' on the search path; did you mean 'mnc'?\n"


@pytest.mark.parametrize("columns", ["abc", "", "-5", "٣"])
def test_a_columns_variable_that_is_no_width_leaves_the_default(cli: Cli, columns: str) -> None:
    result = cli("score", "mnc", env={"COLUMNS": columns})
    assert result.exit_code == 0
    assert result.stdout.startswith("Scores (default framework, 0-100)")


def test_debug_keeps_exit_1_for_validate_findings(user_dir: Path, write_profile: WriteProfile) -> None:
    write_profile(user_dir, "clusters/bad.yaml", "kind: cluster\n")
    result = CliRunner().invoke(app, ["validate", "user", "--debug"])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == "error: 2 files checked: 1 invalid, 4 errors"
    assert "Traceback" not in result.stderr


def test_debug_shows_an_internal_error_with_its_message_and_exit_2() -> None:
    def boom(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("boom")

    with mock.patch("clusterkit.listing.filter_rows", boom):
        result = CliRunner().invoke(app, ["list", "--debug"])
    assert result.exit_code == 2
    assert result.stderr.startswith("Traceback (most recent call last):\n")
    assert "RuntimeError: boom\ninternal error in 'clusterkit list', at clusterkit/" in result.stderr
    # The message names the file, line and function where it failed, and asks for a report.
    first, ask = result.stderr.splitlines()[-2:]
    assert re.search(r"at clusterkit/[\w/]+\.py:\d+ \(\w+\): RuntimeError: boom$", first), first
    assert ask.startswith("this is a bug in clusterkit ") and "please report it" in ask and "--debug" in ask


def test_an_internal_error_without_debug_shows_no_traceback() -> None:
    def boom(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("boom")

    with mock.patch("clusterkit.listing.filter_rows", boom):
        result = CliRunner().invoke(app, ["list"])
    assert result.exit_code == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("internal error in 'clusterkit list', at clusterkit/cli/commands.py:")


# --- validate -------------------------------------------------------------------------------------


def test_validate_the_whole_search_path(cli: Cli) -> None:
    result = cli("validate")
    assert result.exit_code == 0
    assert result.stdout == ""
    count = len(list(bundled_profiles_dir().rglob("*.yaml")))
    assert result.stderr == f"{count} files checked: 0 invalid, 0 errors\n"


def test_validate_json_for_scripts(cli: Cli, positive_dir: Path) -> None:
    result = cli("validate", positive_dir, "--profiles-dir", positive_dir, "--format", "json")
    assert result.exit_code == 0
    doc = json.loads(result.stdout)
    assert (doc["schema_version"], doc["valid"]) == (1, True)
    assert doc["summary"] == {"files": 5, "invalid_files": 0, "errors": 0}


def test_validate_reports_every_error_and_exits_1(
    cli: Cli, user_dir: Path, write_profile: WriteProfile, cluster_yaml: Callable[..., str]
) -> None:
    write_profile(
        user_dir, "clusters/bad.yaml", cluster_yaml("bad", "acronym: [B]\nfounded: {value: 2011, source: nope}\n")
    )
    write_profile(user_dir, "clusters/worse.yaml", "kind: cluster\nid: [\n")
    result = cli("validate", "user")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "user/clusters/bad.yaml:9:10: acronym: Input should be a valid string",
        "user/clusters/bad.yaml:10:32: founded.source: citation 'nope' is not defined in any references document",
        "user/clusters/worse.yaml:3:1: YAML syntax error:"
        " while parsing a flow node, did not find expected node content",
        "error: 3 files checked: 2 invalid, 3 errors",
    ]


def test_validate_a_path_that_does_not_exist_is_a_usage_error(cli: Cli, user_dir: Path) -> None:
    result = cli("validate", "user", "nowhere.yaml")
    assert result.exit_code == 2
    assert result.stderr == "nowhere.yaml: no such file or folder\n"


def test_validate_writes_its_report_to_a_file(cli: Cli, user_dir: Path, write_profile: WriteProfile) -> None:
    write_profile(user_dir, "clusters/bad.yaml", "kind: cluster\n")
    result = cli("validate", "user", "-o", "report.json")
    assert result.exit_code == 1
    assert result.stdout == ""
    doc = json.loads(Path("report.json").read_text())
    assert doc["summary"] == {"files": 2, "invalid_files": 1, "errors": 4}
    assert result.stderr.splitlines()[-1] == "wrote report.json"


def test_validate_reports_the_id_that_does_not_match_its_file_with_the_other_errors(
    cli: Cli, user_dir: Path, write_profile: WriteProfile, cluster_yaml: Callable[..., str]
) -> None:
    write_profile(user_dir, "clusters/mine.yaml", cluster_yaml("demo2", "acronym: [B]\n"))
    result = cli("validate", "user/clusters/mine.yaml")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "user/clusters/mine.yaml:3:5: id: id 'demo2' does not match the file name 'mine'",
        "user/clusters/mine.yaml:9:10: acronym: Input should be a valid string",
        "error: 1 file checked: 1 invalid, 2 errors",
    ]


# --- new ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("folder", ["./mine", "mine/profiles/2024"])
def test_new_makes_its_folder_and_clusters_folder_when_missing(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, folder: str
) -> None:
    monkeypatch.chdir(tmp_path)
    result = cli("new", "demo", "--dir", folder)
    assert result.exit_code == 0, result.stderr
    profile = Path(folder) / "clusters" / "demo.yaml"
    assert result.stderr == f"wrote {profile}; fill the REQUIRED fields, then: clusterkit validate {profile}\n"
    assert profile.is_file()
    assert (Path(folder) / "cluster.schema.json").is_file()
    # A second run finds what the first made and refuses to overwrite it.
    assert cli("new", "demo", "--dir", folder).exit_code == 2


def test_new_refuses_a_file_where_its_folder_should_be(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "mine").write_text("not a folder\n")
    result = cli("new", "demo", "--dir", tmp_path / "mine")
    assert result.exit_code == 2
    assert (
        result.stderr == f"error: {tmp_path / 'mine'} is a file, not a folder; give --dir a folder for the profiles\n"
    )
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "clusters").write_text("")
    assert cli("new", "demo", "--dir", tmp_path / "other").exit_code == 2
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["clusters", "mine", "other"]


def _uncommented(text: str, first: str) -> list[str]:
    """The commented block of the skeleton that starts with ``first``, without its comment marks."""
    lines = text.splitlines()
    start = lines.index(first)
    end = start + 1
    while end < len(lines) and lines[end].startswith("#   "):
        end += 1
    return [line[2:] for line in lines[start:end]]


def test_the_skeleton_shows_how_to_add_a_reference_and_a_target_of_plain_levels(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert cli("new", "demo", "--dir", "mine").exit_code == 0
    profile = Path("mine/clusters/demo.yaml")
    text = profile.read_text(encoding="utf-8")
    # Done as the comments say: a references.yaml beside clusters/, then cite its key.
    references = [line[2:] for line in _uncommented(text, "#   kind: references")]
    Path("mine/references.yaml").write_text("\n".join(references) + "\n", encoding="utf-8")
    target = _uncommented(text, next(line for line in text.splitlines() if line.startswith("# target:")))
    text = text.replace('name: ""', 'name: "Demo Cluster"').replace('country: ""', "country: MA")
    text = text.replace('  source: ""', "  source: annual-report-2023 p. 4", 1)
    text += "\n".join(target).replace('source: ""', "source: annual-report-2023 p. 12") + "\n"
    profile.write_text(text, encoding="utf-8")
    result = cli("validate", "mine", "-p", "mine")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == "2 files checked: 0 invalid, 0 errors\n"  # the profile and its references
    result = cli("score", "demo@target", "--explain", "-p", "mine", "--format", "json")
    assert result.exit_code == 0, result.stderr
    levels = {i["id"]: (i["level"], i["evidence"]) for i in json.loads(result.stdout)["scores"][0]["indicators"]}
    assert levels["strategy_documented"] == (3, [])
    assert levels["performance_monitoring"] == (
        2,
        [{"text": "Board decision of 2024-03", "source": "annual-report-2023 p. 12"}],
    )


# --- schema ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["cluster", "strategy", "framework", "practices", "references"])
def test_schema_of_every_kind_accepts_the_bundled_documents(cli: Cli, kind: str) -> None:
    schema = schema_of(cli, kind)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)
    validator = Draft202012Validator(schema)
    root = bundled_profiles_dir()
    files = [root / "references.yaml"] if kind == "references" else sorted((root / KIND_FOLDERS[kind]).glob("*.yaml"))
    assert files
    for path in files:
        text = path.read_text(encoding="utf-8")
        for data in (parse_yaml(text, str(path)).data, yaml.safe_load(text)):
            assert [e.message for e in validator.iter_errors(data)] == [], path


def test_schema_rejects_an_unknown_field(cli: Cli) -> None:
    validator = Draft202012Validator(schema_of(cli, "cluster"))
    data = parse_yaml((bundled_profiles_dir() / "clusters" / "mnc.yaml").read_text(), "mnc.yaml").data
    data["members"]["smez"] = {"value": 3, "source": "el-idrissi-2020"}
    assert [e.message for e in validator.iter_errors(data)] == [
        "Additional properties are not allowed ('smez' was unexpected)"
    ]


def test_schema_of_an_unknown_kind_is_a_usage_error(cli: Cli) -> None:
    result = cli("schema", "clusters")
    assert result.exit_code == 2
    assert "Invalid value for 'kind'" in result.stderr
    assert result.stdout == ""


def test_schema_to_a_file(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "cluster.schema.json"
    result = cli("schema", "cluster", "-o", out)
    assert result.exit_code == 0
    assert json.loads(out.read_text())["$id"] == "clusterkit:cluster"


# --- output files ---------------------------------------------------------------------------------


def test_output_format_follows_the_suffix_and_leaves_no_temporary_file(cli: Cli, tmp_path: Path) -> None:
    result = cli("list", "-o", tmp_path / "clusters.json")
    assert result.exit_code == 0
    assert result.stdout == ""
    assert len(json.loads((tmp_path / "clusters.json").read_text())["clusters"]) == 12
    assert sorted(p.name for p in tmp_path.iterdir()) == ["clusters.json"]


def test_output_replaces_an_existing_report_whole(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "mnc.json"
    out.write_text("x" * 100_000)
    assert cli("show", "mnc", "-o", out).exit_code == 0
    assert json.loads(out.read_text())["schema_version"] == 1


@pytest.mark.parametrize("command", [["show", "demo"], ["list"], ["validate", "user"]])
def test_output_never_overwrites_an_input_profile(cli: Cli, user_dir: Path, command: list[str]) -> None:
    profile = user_dir / "clusters" / "demo.yaml"
    before = profile.read_bytes()
    result = cli(*command, "--profiles-dir", user_dir, "--format", "json", "-o", profile)
    assert result.exit_code == 2
    assert f"{profile}: is an input profile; refusing to write over it" in result.stderr.splitlines()
    assert profile.read_bytes() == before


def test_output_to_a_missing_folder(cli: Cli, tmp_path: Path) -> None:
    result = cli("show", "mnc", "-o", tmp_path / "no" / "mnc.json")
    assert result.exit_code == 2
    assert result.stderr == f"{tmp_path / 'no' / 'mnc.json'}: output folder {str(tmp_path / 'no')!r} does not exist\n"


def test_output_to_a_folder(cli: Cli, tmp_path: Path) -> None:
    result = cli("show", "mnc", "-o", tmp_path)
    assert result.exit_code == 2
    assert result.stderr == f"{tmp_path}: is a folder; give a file name\n"


def test_output_to_a_read_only_folder(cli: Cli, tmp_path: Path) -> None:
    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise PermissionError(13, "Permission denied")

    with mock.patch.object(output, "create_temporary", refuse):
        result = cli("show", "mnc", "-o", tmp_path / "mnc.json")
    assert result.exit_code == 2
    assert result.stderr == f"{tmp_path / 'mnc.json'}: cannot write in {str(tmp_path)!r}: Permission denied\n"
    assert not (tmp_path / "mnc.json").exists()


def test_output_to_a_read_only_folder_when_permissions_are_enforced(cli: Cli, tmp_path: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root writes in any folder; the mocked test covers this case")
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    try:
        result = cli("show", "mnc", "-o", locked / "mnc.json")
        assert result.exit_code == 2
        assert "cannot write in" in result.stderr
    finally:
        locked.chmod(0o755)


def test_a_failed_write_keeps_the_old_file_and_leaves_no_temporary_file(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "mnc.json"
    out.write_text("old report\n")

    def fail_replace(*args: Any, **kwargs: Any) -> None:
        raise OSError(28, "No space left on device")

    with mock.patch.object(os, "replace", fail_replace):
        result = cli("show", "mnc", "-o", out)
    assert result.exit_code == 2
    assert result.stderr == f"{out}: cannot write: No space left on device\n"
    assert out.read_text() == "old report\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mnc.json"]


# --- usage ----------------------------------------------------------------------------------------


def test_version(cli: Cli) -> None:
    result = cli("--version")
    assert result.exit_code == 0
    assert result.stdout == f"clusterkit {__version__}\n"


@pytest.mark.parametrize(
    ("args", "text"),
    [
        (["bogus"], "No such command 'bogus'."),
        (["list", "--bogus"], "No such option: --bogus"),
        (["show"], "Missing argument 'ID'."),
    ],
)
def test_usage_errors_exit_2_without_a_traceback(cli: Cli, args: list[str], text: str) -> None:
    result = cli(*args)
    assert result.exit_code == 2
    assert text in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize(
    "args",
    [
        ["score", "mnc@"],
        ["compare", "mnc", "le2c@"],
        ["label", "mnc@"],
        ["report", "mnc@"],
        ["report", "mnc", "-b", "le2c@"],
    ],
)
def test_an_empty_date_after_the_at_sign_is_a_usage_error(cli: Cli, tmp_path: Path, args: list[str]) -> None:
    ref = next(a for a in args if a.endswith("@"))
    result = cli(*args, "-o", tmp_path / "out.json")
    assert result.exit_code == 2
    assert result.stderr == f"error: {ref!r} has nothing after '@'; write ID, ID@DATE (e.g. mnc@2014) or ID@target\n"
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("command", [["score", "mnc"], ["audit", "mn2013"], ["label", "le2c"]])
@pytest.mark.parametrize(
    ("value", "shown"), [("nan", "nan"), ("inf", "inf"), ("-inf", "-inf"), ("150", "150"), ("-1", "-1")]
)
def test_fail_under_takes_only_a_number_from_0_to_100(cli: Cli, command: list[str], value: str, shown: str) -> None:
    result = cli(*command, "--fail-under", value)
    assert result.exit_code == 2
    assert f"Invalid value for '--fail-under': must be a number from 0 to 100, got {shown}" in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize("command", [["score", "mnc"], ["audit", "mn2013"], ["label", "le2c"]])
def test_fail_under_accepts_both_ends_of_the_range(cli: Cli, command: list[str]) -> None:
    assert cli(*command, "--fail-under", "0").exit_code == 0
    assert cli(*command, "--fail-under", "100").exit_code == 1


@pytest.mark.parametrize("kind", ["cluster", "strategy", "framework", "practices", "references"])
def test_the_schemas_in_docs_match_the_models(cli: Cli, kind: str) -> None:
    # Bundled profiles point editors at docs/schema/KIND.schema.json; it must say what the tool checks.
    published = Path(__file__).resolve().parents[1] / "docs" / "schema" / f"{kind}.schema.json"
    result = cli("schema", kind)
    assert result.exit_code == 0
    assert json.loads(published.read_text(encoding="utf-8")) == json.loads(result.stdout), (
        f"regenerate with: clusterkit schema {kind} -o docs/schema/{kind}.schema.json"
    )
